//! What a provider stands to lose, in one place: its LEV stake (held at registration, released
//! after unbonding — never slashed), its LEV offer deposit, and the collateral it puts in a
//! job's escrow when it accepts a slot (slashed or returned when the job closes).

use crate::{pallet::*, types::*};
use frame_support::{
	pallet_prelude::*,
	traits::{fungible::MutateHold, tokens::Precision, Get},
};
use sp_runtime::ArithmeticError;

impl<T: Config> Pallet<T> {
	/// Holds `stake` LEV from a registering provider.
	pub(crate) fn hold_stake(provider: &T::AccountId, stake: Balance) -> DispatchResult {
		T::Currency::hold(&HoldReason::ProviderStake.into(), provider, stake)
	}

	/// Releases all of a leaving provider's stake and offer deposit; returns what was
	/// released.
	pub(crate) fn release_stake(
		provider: &T::AccountId,
		record: &ProviderOf<T>,
	) -> Result<Balance, DispatchError> {
		let stake = T::Currency::release(
			&HoldReason::ProviderStake.into(),
			provider,
			record.stake,
			Precision::Exact,
		)?;
		let deposit = T::Currency::release(
			&HoldReason::OfferDeposit.into(),
			provider,
			record.offer_deposit,
			Precision::Exact,
		)?;
		stake.checked_add(deposit).ok_or(ArithmeticError::Overflow.into())
	}

	/// Holds or releases LEV so that `record`'s offer deposit is `OfferDeposit` per offer.
	pub(crate) fn adjust_offer_deposit(
		provider: &T::AccountId,
		record: &mut ProviderOf<T>,
	) -> DispatchResult {
		let wanted = T::OfferDeposit::get()
			.checked_mul(record.models.len() as Balance)
			.ok_or(ArithmeticError::Overflow)?;
		let reason = HoldReason::OfferDeposit.into();
		if wanted > record.offer_deposit {
			T::Currency::hold(&reason, provider, wanted.saturating_sub(record.offer_deposit))?;
		} else if wanted < record.offer_deposit {
			let back = record.offer_deposit.saturating_sub(wanted);
			T::Currency::release(&reason, provider, back, Precision::Exact)?;
		}
		record.offer_deposit = wanted;
		Ok(())
	}

	/// The collateral a provider accepting a slot of a job with `max_price` puts in escrow:
	/// `CollateralRatio` of the job's max price (rounded up), whatever the provider's own
	/// price, so that what a provider risks follows the job's value, not a price it chose.
	pub(crate) fn collateral_for(max_price: Balance) -> Balance {
		T::CollateralRatio::get().mul_ceil(max_price)
	}

	/// Moves `collateral` of the job's asset from an accepting provider into escrow.
	pub(crate) fn lock_collateral(
		asset: &T::AssetKind,
		provider: &T::AccountId,
		collateral: Balance,
	) -> DispatchResult {
		if collateral == 0 {
			return Ok(());
		}
		Self::escrow_in(asset, provider, collateral).map(|_| ())
	}

	/// How a slashed `collateral` splits: `SlashToUser` of it (rounded down) to the user, but
	/// never past `user_cap` (what is left of the user's escrow for its shares of this job's
	/// slashes); the rest to the treasury. Returns `(to_user, to_treasury)`.
	pub(crate) fn slash_split(collateral: Balance, user_cap: Balance) -> (Balance, Balance) {
		let to_user = T::SlashToUser::get().mul_floor(collateral).min(user_cap);
		(to_user, collateral.saturating_sub(to_user))
	}
}
