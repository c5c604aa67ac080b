//! Escrow: every movement of a job's payment asset into or out of the pallet account — the
//! escrow a job brings in, the one-off endowment of the account, settlement payments, and the
//! credits of recipients who could not receive them yet.

use crate::{pallet::*, types::*};
use frame_support::{
	ensure,
	pallet_prelude::*,
	storage::with_storage_layer,
	traits::{
		fungibles::{Inspect, Mutate},
		tokens::Preservation,
		Get,
	},
};
use sp_runtime::ArithmeticError;

impl<T: Config> Pallet<T> {
	/// The account holding job escrow.
	pub fn account_id() -> T::AccountId {
		use sp_runtime::traits::AccountIdConversion;
		T::PalletId::get().into_account_truncating()
	}

	/// Moves `amount` of `asset` from `payer` into escrow. The first job paid in an asset also
	/// moves the asset's minimum balance into the pallet account, outside the escrow, so that
	/// paying out the last unit of escrow never reaps the account. Returns that endowment (zero
	/// when the account is already endowed).
	pub(crate) fn escrow_in(
		asset: &T::AssetKind,
		payer: &T::AccountId,
		amount: Balance,
	) -> Result<Balance, DispatchError> {
		let account = Self::account_id();
		let held = Escrow::<T>::get(asset);
		let minimum = T::Assets::minimum_balance(asset.clone());
		let endowment =
			if T::Assets::balance(asset.clone(), &account) >= minimum.saturating_add(held) {
				0
			} else {
				minimum
			};
		let held = held.checked_add(amount).ok_or(ArithmeticError::Overflow)?;
		if endowment > 0 {
			T::Assets::transfer(asset.clone(), payer, &account, endowment, Preservation::Preserve)?;
		}
		T::Assets::transfer(asset.clone(), payer, &account, amount, Preservation::Preserve)?;
		Escrow::<T>::insert(asset, held);
		Ok(endowment)
	}

	/// Pays out what a closed job held (`escrow`: the user's payment and the providers'
	/// collateral): every `(recipient, amount)` of `payments` (see `pay`), then takes it off the
	/// asset's books. The payments must add up to it exactly.
	pub(crate) fn escrow_out(
		asset: &T::AssetKind,
		escrow: Balance,
		payments: &[(T::AccountId, Balance)],
	) -> DispatchResult {
		let held = Escrow::<T>::get(asset).checked_sub(escrow).ok_or(ArithmeticError::Underflow)?;
		let mut paid: Balance = 0;
		for (_, amount) in payments {
			paid = paid.checked_add(*amount).ok_or(ArithmeticError::Overflow)?;
		}
		if paid != escrow {
			frame_support::defensive!("a settlement pays out exactly its job's escrow");
			return Err(Error::<T>::Unexpected.into());
		}
		for (to, amount) in payments {
			Self::pay(asset, to, *amount)?;
		}
		Escrow::<T>::insert(asset, held);
		Ok(())
	}

	/// Pays `amount` from the pallet account to `to`: a transfer if it succeeds, otherwise (an
	/// amount below the asset's minimum balance for an account that holds none of it, a frozen
	/// recipient, a frozen pallet account or asset, any other error of the transfer) a credit
	/// `to` — or anyone for it — collects later with `claim_credit`. The transfer is tried in
	/// its own storage layer, so a failed one leaves nothing behind. A settlement never fails
	/// for want of a transfer.
	fn pay(asset: &T::AssetKind, to: &T::AccountId, amount: Balance) -> DispatchResult {
		if amount == 0 {
			return Ok(());
		}
		let transferred = with_storage_layer(|| {
			T::Assets::transfer(
				asset.clone(),
				&Self::account_id(),
				to,
				amount,
				Preservation::Preserve,
			)
		});
		if transferred.is_err() {
			Credits::<T>::try_mutate(to, asset, |credit| -> DispatchResult {
				*credit = credit.checked_add(amount).ok_or(ArithmeticError::Overflow)?;
				Ok(())
			})?;
			Self::deposit_event(Event::Credited { who: to.clone(), asset: asset.clone(), amount });
		}
		Ok(())
	}

	/// Pays out `who`'s credit in `asset`.
	pub(crate) fn do_claim_credit(who: T::AccountId, asset: T::AssetKind) -> DispatchResult {
		let amount = Credits::<T>::take(&who, &asset);
		ensure!(amount > 0, Error::<T>::NoCredit);
		T::Assets::transfer(
			asset.clone(),
			&Self::account_id(),
			&who,
			amount,
			Preservation::Preserve,
		)?;
		Self::deposit_event(Event::CreditClaimed { who, asset, amount });
		Ok(())
	}
}
