//! Flash loans: a market's cash lent for the length of one call.

use crate::{pallet::*, types::*, WeightInfo};
use frame_support::{
	dispatch::{GetDispatchInfo, PostDispatchInfo},
	ensure,
	pallet_prelude::*,
};
use sp_runtime::{traits::Dispatchable, ArithmeticError};

impl<T: Config> Pallet<T> {
	/// Lends `amount`, dispatches `call` as `who`, pulls `amount + fee` back. The market's
	/// tracked cash is left as it was while the loan is out (so no other market's reading of
	/// it is distorted) and the market refuses every operation until the loan ends.
	pub(crate) fn do_flash_loan(
		who: T::AccountId,
		asset: T::AssetKind,
		amount: Balance,
		call: <T as Config>::RuntimeCall,
	) -> DispatchResultWithPostInfo {
		ensure!(amount > 0, Error::<T>::ZeroAmount);
		let mut market = Self::accrued_market(&asset)?;
		ensure!(!market.config.paused.flash_loan, Error::<T>::FlashLoanPaused);
		ensure!(amount <= market.state.cash, Error::<T>::InsufficientCash);
		// The fee rounds up: a loan of one unit still pays one unit at any non-zero fee.
		let fee = market.config.flash_loan_fee.mul_ceil(amount);
		let owed = amount.checked_add(fee).ok_or(ArithmeticError::Overflow)?;
		market.state.flash_loan_active = true;
		Markets::<T>::insert(&asset, market);
		Self::pay_out(&asset, &who, amount)?;

		let call_weight = call.get_dispatch_info().call_weight;
		let post = call
			.dispatch(frame_system::RawOrigin::Signed(who.clone()).into())
			.map_err(|failed| failed.error)?;

		Self::pay_in(&asset, &who, owed).map_err(|_| Error::<T>::FlashLoanNotRepaid)?;
		let mut market = Markets::<T>::get(&asset).ok_or(Error::<T>::MarketNotFound)?;
		market.state.flash_loan_active = false;
		market.state.collect_fee(fee)?;
		Markets::<T>::insert(&asset, market);
		Self::deposit_event(Event::FlashLoaned { who, asset, amount, fee });
		let used = post.actual_weight.unwrap_or(call_weight);
		Ok(PostDispatchInfo {
			actual_weight: Some(T::WeightInfo::flash_loan().saturating_add(used)),
			pays_fee: Pays::Yes,
		})
	}
}
