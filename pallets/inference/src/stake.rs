//! Provider stake: every movement of the LEV a provider holds — held at registration,
//! slashed for failed jobs, released after unbonding.

use crate::{pallet::*, types::*};
use frame_support::{
	pallet_prelude::*,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Restriction},
		Get,
	},
};
use sp_runtime::ArithmeticError;

impl<T: Config> Pallet<T> {
	/// Holds `stake` LEV from a registering provider.
	pub(crate) fn hold_stake(provider: &T::AccountId, stake: Balance) -> DispatchResult {
		T::Currency::hold(&HoldReason::ProviderStake.into(), provider, stake)
	}

	/// Slashes `SlashFraction` of `provider`'s stake (rounded up) for `job`: `SlashToUser` of
	/// it to the job's `user`, `ExpireReward` of it to `caller` when there is one, the rest to
	/// the treasury. Its reputation records the failure.
	pub(crate) fn slash(
		job: JobId,
		user: &T::AccountId,
		provider: &T::AccountId,
		caller: Option<&T::AccountId>,
	) -> DispatchResult {
		let Some(mut record) = Providers::<T>::get(provider) else {
			frame_support::defensive!("an assigned provider has a record until its jobs close");
			return Err(Error::<T>::Unexpected.into());
		};
		// The ledger: what is taken and where it goes.
		let amount = T::SlashFraction::get().mul_ceil(record.stake).min(record.stake);
		let to_user = T::SlashToUser::get().mul_floor(amount);
		let to_caller = caller
			.map_or(0, |_| T::ExpireReward::get().mul_floor(amount))
			.min(amount.saturating_sub(to_user));
		let to_treasury = amount.saturating_sub(to_user).saturating_sub(to_caller);
		record.stake = record.stake.checked_sub(amount).ok_or(ArithmeticError::Underflow)?;
		record.reputation.slashed = record.reputation.slashed.saturating_add(1);
		record.reputation.failed = record.reputation.failed.saturating_add(1);
		// The movement, exactly as the ledger says.
		let reason = HoldReason::ProviderStake.into();
		for (to, part) in [
			(Some(user.clone()), to_user),
			(caller.cloned(), to_caller),
			(Some(T::TreasuryAccount::get()), to_treasury),
		] {
			if let (Some(to), true) = (to, part > 0) {
				T::Currency::transfer_on_hold(
					&reason,
					provider,
					&to,
					part,
					Precision::Exact,
					Restriction::Free,
					Fortitude::Force,
				)?;
			}
		}
		Providers::<T>::insert(provider, record);
		Self::deposit_event(Event::ProviderSlashed {
			provider: provider.clone(),
			job,
			amount,
			to_user,
			to_treasury,
			to_caller,
		});
		Ok(())
	}

	/// Releases all of a leaving provider's held stake; returns what was released.
	pub(crate) fn release_stake(
		provider: &T::AccountId,
		stake: Balance,
	) -> Result<Balance, DispatchError> {
		T::Currency::release(
			&HoldReason::ProviderStake.into(),
			provider,
			stake,
			Precision::BestEffort,
		)
	}
}
