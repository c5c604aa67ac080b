//! Settlement: disputes, finalization, expiry, slashing, and `close` — the one place a job's
//! escrow is paid out.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::MutateHold,
		fungibles::Mutate,
		tokens::{Fortitude, Precision, Preservation, Restriction},
		Get,
	},
};
use sp_runtime::ArithmeticError;

impl<T: Config> Pallet<T> {
	/// Slashes `SlashFraction` of `provider`'s stake (rounded up) for `job`: `SlashToUser` of
	/// it to the job's `user`, `ExpireReward` of it to `caller` when there is one, the rest to
	/// the treasury. Its reputation records the failure.
	pub(crate) fn slash(
		job: JobId,
		user: &T::AccountId,
		provider: &T::AccountId,
		caller: Option<&T::AccountId>,
	) -> DispatchResult {
		let Some(mut record) = Providers::<T>::get(provider) else { return Ok(()) };
		let amount = T::SlashFraction::get().mul_ceil(record.stake).min(record.stake);
		let to_user = T::SlashToUser::get().mul_floor(amount);
		let to_caller =
			caller.map_or(0, |_| T::ExpireReward::get().mul_floor(amount)).min(amount - to_user);
		let to_treasury = amount - to_user - to_caller;
		let reason = HoldReason::ProviderStake.into();
		let mut moved = 0;
		for (to, part) in [
			(Some(user.clone()), to_user),
			(caller.cloned(), to_caller),
			(Some(T::TreasuryAccount::get()), to_treasury),
		] {
			if let (Some(to), true) = (to, part > 0) {
				moved += T::Currency::transfer_on_hold(
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
		record.stake = record.stake.checked_sub(moved).ok_or(ArithmeticError::Underflow)?;
		record.reputation.slashed = record.reputation.slashed.saturating_add(1);
		record.reputation.failed = record.reputation.failed.saturating_add(1);
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

	/// Takes `job` off `provider`'s open jobs; a completed job counts in its reputation.
	pub(crate) fn release_provider(job: JobId, provider: &T::AccountId, completed: bool) {
		Providers::<T>::mutate(provider, |record| {
			if let Some(record) = record {
				record.jobs.retain(|id| *id != job);
				if completed {
					record.reputation.completed = record.reputation.completed.saturating_add(1);
				}
			}
		});
	}

	/// Pays `amount` of a closed job's escrow to `to`: a transfer when `to` can receive it,
	/// otherwise (an amount below the asset's minimum balance for an account that holds none
	/// of it, say) a credit `to` — or anyone for it — collects later with `claim_credit`. A
	/// settlement never fails for want of a recipient.
	fn pay(asset: &T::AssetKind, to: &T::AccountId, amount: Balance) -> DispatchResult {
		use frame_support::traits::{
			fungibles::Inspect,
			tokens::{DepositConsequence, Provenance},
		};
		if amount == 0 {
			return Ok(());
		}
		if T::Assets::can_deposit(asset.clone(), to, amount, Provenance::Extant)
			== DepositConsequence::Success
		{
			T::Assets::transfer(
				asset.clone(),
				&Self::account_id(),
				to,
				amount,
				Preservation::Preserve,
			)?;
		} else {
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

	/// Closes a job. `Completed` pays every remaining assignment its price, the model's owner
	/// the royalty and the treasury the protocol fee on what providers got (rounded up), and
	/// refunds the rest; any other reason refunds the whole escrow. `failed` providers get a
	/// failure in their reputation. The job leaves storage; `JobClosed` says where every unit
	/// went.
	pub(crate) fn close(
		id: JobId,
		job: JobOf<T>,
		reason: CloseReason,
		failed: &[T::AccountId],
	) -> DispatchResult {
		let completed = reason == CloseReason::Completed;
		let mut settlement = Settlement::default();
		if completed {
			let owner = Models::<T>::get(job.model).ok_or(Error::<T>::ModelNotFound)?.owner;
			for assignment in job.assignments.iter() {
				Self::pay(&job.asset, &assignment.provider, assignment.price)?;
				settlement.providers = settlement
					.providers
					.checked_add(assignment.price)
					.ok_or(ArithmeticError::Overflow)?;
			}
			Self::pay(&job.asset, &owner, job.royalty)?;
			settlement.royalty = job.royalty;
			settlement.protocol_fee = T::ProtocolFee::get().mul_ceil(settlement.providers);
			Self::pay(&job.asset, &T::TreasuryAccount::get(), settlement.protocol_fee)?;
		}
		let spent = settlement.total().ok_or(ArithmeticError::Overflow)?;
		settlement.refund = job.escrow.checked_sub(spent).ok_or(ArithmeticError::Underflow)?;
		Self::pay(&job.asset, &job.user, settlement.refund)?;
		Escrow::<T>::try_mutate(&job.asset, |held| -> DispatchResult {
			*held = held.checked_sub(job.escrow).ok_or(ArithmeticError::Underflow)?;
			Ok(())
		})?;
		for assignment in job.assignments.iter() {
			Self::release_provider(id, &assignment.provider, completed);
		}
		for provider in failed {
			Providers::<T>::mutate(provider, |record| {
				if let Some(record) = record {
					record.reputation.failed = record.reputation.failed.saturating_add(1);
				}
			});
		}
		UserJobs::<T>::mutate(&job.user, |jobs| jobs.retain(|j| *j != id));
		Jobs::<T>::remove(id);
		Self::deposit_event(Event::JobClosed { job: id, reason, settlement });
		Ok(())
	}

	pub(crate) fn do_dispute(who: T::AccountId, id: JobId) -> DispatchResult {
		let mut job = Jobs::<T>::get(id).ok_or(Error::<T>::JobNotFound)?;
		let JobStatus::Challenge { ends } = job.status else {
			return Err(Error::<T>::NotInChallenge.into());
		};
		ensure!(Self::now() <= ends, Error::<T>::ChallengeOver);
		let bond = if who == job.user { 0 } else { T::DisputeBond::get() };
		if bond > 0 {
			T::Currency::hold(&HoldReason::DisputeBond.into(), &who, bond)?;
		}
		job.status = JobStatus::Disputed { by: who.clone(), bond };
		Jobs::<T>::insert(id, job);
		Self::deposit_event(Event::JobDisputed { job: id, by: who, bond });
		Ok(())
	}

	pub(crate) fn do_resolve_dispute(id: JobId, upheld: bool) -> Result<u32, DispatchError> {
		let mut job = Jobs::<T>::get(id).ok_or(Error::<T>::JobNotFound)?;
		let k = job.redundancy;
		let JobStatus::Disputed { by, bond } = job.status.clone() else {
			return Err(Error::<T>::NotDisputed.into());
		};
		let reason = HoldReason::DisputeBond.into();
		Self::deposit_event(Event::DisputeResolved { job: id, upheld });
		if !upheld {
			if bond > 0 {
				T::Currency::transfer_on_hold(
					&reason,
					&by,
					&T::TreasuryAccount::get(),
					bond,
					Precision::Exact,
					Restriction::Free,
					Fortitude::Force,
				)?;
			}
			return Self::close(id, job, CloseReason::Completed, &[]).map(|()| k);
		}
		if bond > 0 {
			T::Currency::release(&reason, &by, bond, Precision::Exact)?;
		}
		// The agreed result was wrong: its providers are slashed and never get this job again.
		let wrong: Vec<T::AccountId> = job.assignments.iter().map(|a| a.provider.clone()).collect();
		for provider in &wrong {
			Self::slash(id, &job.user, provider, None)?;
			Self::release_provider(id, provider, false);
		}
		job.assignments = Default::default();
		let room = job.excluded.len() + wrong.len() <= T::MaxRedundancy::get() as usize;
		if Self::now() < job.deadline && room {
			for provider in wrong {
				job.excluded.try_push(provider).map_err(|_| Error::<T>::NotEligible)?;
			}
			job.status = JobStatus::Open;
			Self::deposit_event(Event::JobReopened { job: id });
			Self::match_providers(id, &mut job)?;
			Jobs::<T>::insert(id, job);
			return Ok(k);
		}
		Self::close(id, job, CloseReason::DisputeUpheld, &[]).map(|()| k)
	}

	pub(crate) fn do_finalize(id: JobId) -> Result<u32, DispatchError> {
		let job = Jobs::<T>::get(id).ok_or(Error::<T>::JobNotFound)?;
		let k = job.redundancy;
		let JobStatus::Challenge { ends } = job.status else {
			return Err(Error::<T>::NotInChallenge.into());
		};
		ensure!(Self::now() > ends, Error::<T>::ChallengeNotOver);
		Self::close(id, job, CloseReason::Completed, &[]).map(|()| k)
	}

	pub(crate) fn do_expire(caller: T::AccountId, id: JobId) -> Result<u32, DispatchError> {
		let job = Jobs::<T>::get(id).ok_or(Error::<T>::JobNotFound)?;
		let k = job.redundancy;
		ensure!(
			matches!(job.status, JobStatus::Open | JobStatus::Working),
			Error::<T>::NotExpirable
		);
		ensure!(Self::now() > job.deadline, Error::<T>::DeadlineNotReached);
		Self::judge(id, job, Some(&caller)).map(|()| k)
	}
}
