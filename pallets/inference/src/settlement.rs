//! Settlement: disputes, finalization, expiry, and `close` — the one place a job's escrow is
//! paid out (through `escrow_out`).

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::MutateHold,
		tokens::{Fortitude, Precision, Restriction},
		Get,
	},
};
use sp_runtime::ArithmeticError;

/// How a job ends for a provider leaving it, as its reputation records it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Outcome {
	/// Paid for it.
	Completed,
	/// Failed it (a result no majority shared).
	Failed,
	/// Neither (slashed separately, or the job ended through no fault of its own).
	Neutral,
}

impl<T: Config> Pallet<T> {
	/// Takes `job` off `provider`'s open jobs; a completed job counts in its reputation, a
	/// failed one as a failure.
	pub(crate) fn release_provider(
		job: JobId,
		provider: &T::AccountId,
		outcome: Outcome,
	) -> DispatchResult {
		Providers::<T>::try_mutate(provider, |record| {
			let Some(record) = record else {
				frame_support::defensive!("a provider on a job has a record until the job closes");
				return Err(Error::<T>::Unexpected.into());
			};
			record.jobs.retain(|id| *id != job);
			match outcome {
				Outcome::Completed => {
					record.reputation.completed = record.reputation.completed.saturating_add(1)
				},
				Outcome::Failed => {
					record.reputation.failed = record.reputation.failed.saturating_add(1)
				},
				Outcome::Neutral => {},
			}
			Ok(())
		})
	}

	/// Closes a job. `Completed` pays every remaining assignment its price, the model's owner
	/// the royalty and the treasury the protocol fee on what providers got (rounded up), and
	/// refunds the rest; any other reason refunds the whole escrow. `failed` providers (among
	/// the assigned) get a failure in their reputation. The job leaves storage; `JobClosed` says where every unit
	/// went.
	pub(crate) fn close(
		id: JobId,
		job: JobOf<T>,
		reason: CloseReason,
		failed: &[T::AccountId],
	) -> DispatchResult {
		let completed = reason == CloseReason::Completed;
		// The ledger: who gets what of the escrow.
		let mut settlement = Settlement::default();
		let mut payments: Vec<(T::AccountId, Balance)> = Vec::new();
		if completed {
			let Some(model) = Models::<T>::get(job.model) else {
				frame_support::defensive!("a model is never removed while it has open jobs");
				return Err(Error::<T>::Unexpected.into());
			};
			for assignment in job.assignments.iter() {
				settlement.providers = settlement
					.providers
					.checked_add(assignment.price)
					.ok_or(ArithmeticError::Overflow)?;
				payments.push((assignment.provider.clone(), assignment.price));
			}
			settlement.royalty = job.royalty;
			payments.push((model.owner, job.royalty));
			settlement.protocol_fee = T::ProtocolFee::get().mul_ceil(settlement.providers);
			payments.push((T::TreasuryAccount::get(), settlement.protocol_fee));
		}
		let spent = settlement.total().ok_or(ArithmeticError::Overflow)?;
		settlement.refund = job.escrow.checked_sub(spent).ok_or(ArithmeticError::Underflow)?;
		payments.push((job.user.clone(), settlement.refund));
		// The movement.
		Self::escrow_out(&job.asset, job.escrow, &payments)?;
		// The records.
		for assignment in job.assignments.iter() {
			let outcome = if completed {
				Outcome::Completed
			} else if failed.contains(&assignment.provider) {
				Outcome::Failed
			} else {
				Outcome::Neutral
			};
			Self::release_provider(id, &assignment.provider, outcome)?;
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
			Self::release_provider(id, provider, Outcome::Neutral)?;
		}
		job.assignments = Default::default();
		let room = job.excluded.len() + wrong.len() <= T::MaxRedundancy::get() as usize;
		if Self::now() < job.deadline && room {
			for provider in wrong {
				if job.excluded.try_push(provider).is_err() {
					frame_support::defensive!("room for the excluded was checked above");
					return Err(Error::<T>::Unexpected.into());
				}
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
