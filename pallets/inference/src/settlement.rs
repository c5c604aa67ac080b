//! Settlement: disputes, finalization, moving on stalled jobs, and `close` — the one place a
//! job's escrow and its providers' collateral are paid out (through `escrow_out`).

use crate::{pallet::*, providers::Listing, types::*};
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
use sp_core::H256;
use sp_runtime::{traits::Saturating, ArithmeticError};

/// How a closing job's slots are judged.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Verdict {
	/// Nobody is paid: collateral comes back, except from providers that missed.
	Refund,
	/// Providers that revealed this content hash are paid; every other accepted slot is
	/// slashed.
	Correct(H256),
	/// The arbiter did not decide in time: providers that revealed the agreed hash (or, with
	/// no majority, `None`, every revealed result) are paid; every other revealed result gets
	/// its collateral back (nobody ruled it wrong); providers that missed are slashed.
	Undecided(Option<H256>),
	/// No revealed result is correct: every accepted slot is slashed.
	NoneCorrect,
}

/// What happens to one slot at close.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Fate {
	/// Paid its price; collateral back.
	Paid,
	/// Collateral back.
	Returned,
	/// Collateral slashed.
	Slashed,
	/// Never accepted: nothing held, nothing owed.
	Unaccepted,
}

fn fate(slot: Slot, verdict: Verdict) -> Fate {
	match (slot, verdict) {
		(Slot::Offered | Slot::Named, _) => Fate::Unaccepted,
		(Slot::Missed, _) => Fate::Slashed,
		(_, Verdict::Refund) => Fate::Returned,
		(Slot::Revealed(hash), Verdict::Correct(correct)) if hash == correct => Fate::Paid,
		(Slot::Revealed(hash), Verdict::Undecided(agreed)) => {
			if agreed.is_none_or(|agreed| agreed == hash) {
				Fate::Paid
			} else {
				Fate::Returned
			}
		},
		_ => Fate::Slashed,
	}
}

impl<T: Config> Pallet<T> {
	/// Closes a job, the one settlement path. Each slot's fate follows `verdict`: paid
	/// providers get their price and collateral, returned ones their collateral, slashed ones
	/// lose it (`SlashToUser` to the user, capped at the job's escrow over the job; the rest to
	/// the treasury). If anyone is paid the job is `Completed`: the owner gets the royalty and
	/// the treasury the fee on what providers got (rounded up); otherwise `reason` stands. The
	/// user gets the rest of the escrow and its job deposit back; when a job closes
	/// `Unfilled`, providers that let a matched offer lapse are paused (a named offer costs
	/// nothing). `JobClosed` says where
	/// every unit went.
	pub(crate) fn close(
		id: JobId,
		job: JobOf<T>,
		reason: CloseReason,
		verdict: Verdict,
	) -> DispatchResult {
		let Some(mut model) = Models::<T>::get(job.model) else {
			frame_support::defensive!("a model is never removed while it has open jobs");
			return Err(Error::<T>::Unexpected.into());
		};
		// The ledger.
		let mut settlement = Settlement::default();
		let mut payments: Vec<(T::AccountId, Balance)> = Vec::new();
		let mut fates: Vec<Fate> = Vec::new();
		let mut slashes: Vec<(T::AccountId, Balance, Balance, Balance)> = Vec::new();
		let mut held = job.escrow;
		let mut user_cap = job.escrow;
		let add = |a: Balance, b: Balance| a.checked_add(b).ok_or(ArithmeticError::Overflow);
		for assignment in job.assignments.iter() {
			let fate = fate(assignment.slot, verdict);
			let collateral = assignment.collateral;
			held = add(held, collateral)?;
			match fate {
				Fate::Paid => {
					settlement.providers = add(settlement.providers, assignment.price)?;
					settlement.collateral_returned =
						add(settlement.collateral_returned, collateral)?;
					payments
						.push((assignment.provider.clone(), add(assignment.price, collateral)?));
				},
				Fate::Returned => {
					settlement.collateral_returned =
						add(settlement.collateral_returned, collateral)?;
					payments.push((assignment.provider.clone(), collateral));
				},
				Fate::Slashed => {
					let (to_user, to_treasury) = Self::slash_split(collateral, user_cap);
					user_cap = user_cap.saturating_sub(to_user);
					settlement.slashed_to_user = add(settlement.slashed_to_user, to_user)?;
					settlement.slashed_to_treasury =
						add(settlement.slashed_to_treasury, to_treasury)?;
					slashes.push((assignment.provider.clone(), collateral, to_user, to_treasury));
				},
				Fate::Unaccepted => {},
			}
			fates.push(fate);
		}
		let completed = fates.contains(&Fate::Paid);
		let reason = match (completed, verdict) {
			(true, _) => CloseReason::Completed,
			(false, Verdict::Refund) => reason,
			(false, _) => CloseReason::NoCorrectResult,
		};
		if completed {
			settlement.royalty = job.royalty;
			settlement.protocol_fee = T::ProtocolFee::get().mul_ceil(settlement.providers);
		}
		let spent = add(add(settlement.providers, settlement.royalty)?, settlement.protocol_fee)?;
		settlement.refund = job.escrow.checked_sub(spent).ok_or(ArithmeticError::Underflow)?;
		payments.push((model.owner.clone(), settlement.royalty));
		payments.push((
			T::TreasuryAccount::get(),
			add(settlement.protocol_fee, settlement.slashed_to_treasury)?,
		));
		payments.push((job.user.clone(), add(settlement.refund, settlement.slashed_to_user)?));
		// The movements.
		Self::escrow_out(&job.asset, held, &payments)?;
		T::Currency::release(
			&HoldReason::JobDeposit.into(),
			&job.user,
			job.deposit,
			Precision::Exact,
		)?;
		// The records.
		for (assignment, fate) in job.assignments.iter().zip(fates) {
			if assignment.slot == Slot::Named {
				// A named offer took nothing from its provider (which may have left since).
				continue;
			}
			let lapsed = assignment.slot == Slot::Offered && reason == CloseReason::Unfilled;
			Self::release_provider(id, &assignment.provider, fate, lapsed)?;
		}
		model.open_jobs = model.open_jobs.saturating_sub(1);
		Models::<T>::insert(job.model, model);
		UserJobs::<T>::mutate(&job.user, |jobs| jobs.retain(|j| *j != id));
		Jobs::<T>::remove(id);
		for (provider, amount, to_user, to_treasury) in slashes {
			Self::deposit_event(Event::ProviderSlashed {
				provider,
				job: id,
				amount,
				to_user,
				to_treasury,
			});
		}
		Self::deposit_event(Event::JobClosed { job: id, reason, settlement });
		Ok(())
	}

	/// Takes `job` off `provider`'s open jobs (an accepted slot or a matched offer), records how
	/// it ended in its reputation (a lapsed matched offer also pauses it: it looks offline),
	/// and relists it if it can serve again.
	fn release_provider(
		job: JobId,
		provider: &T::AccountId,
		fate: Fate,
		lapsed: bool,
	) -> DispatchResult {
		let Some(mut record) = Providers::<T>::get(provider) else {
			frame_support::defensive!("a provider on a job has a record until the job closes");
			return Err(Error::<T>::Unexpected.into());
		};
		record.jobs.retain(|id| *id != job);
		let reputation = &mut record.reputation;
		match fate {
			Fate::Paid => reputation.completed = reputation.completed.saturating_add(1),
			Fate::Slashed => {
				reputation.failed = reputation.failed.saturating_add(1);
				reputation.slashed = reputation.slashed.saturating_add(1);
			},
			Fate::Returned | Fate::Unaccepted => {},
		}
		if lapsed {
			reputation.lapsed = reputation.lapsed.saturating_add(1);
			if record.unbonding_until.is_none() && !record.paused {
				record.paused = true;
				Self::deposit_event(Event::ProviderPaused {
					provider: provider.clone(),
					paused: true,
				});
			}
		}
		Self::refresh_offers(provider, &record, Listing::BestEffort)?;
		Providers::<T>::insert(provider, record);
		Ok(())
	}

	pub(crate) fn do_dispute(who: T::AccountId, id: JobId) -> DispatchResult {
		let mut job = Jobs::<T>::get(id).ok_or(Error::<T>::JobNotFound)?;
		let JobStatus::Challenge { ends, agreed } = job.status else {
			return Err(Error::<T>::NotInChallenge.into());
		};
		let now = Self::now();
		ensure!(now <= ends, Error::<T>::ChallengeOver);
		let bond = T::DisputeBond::get();
		T::Currency::hold(&HoldReason::DisputeBond.into(), &who, bond)?;
		job.status = JobStatus::Disputed {
			by: Some(who.clone()),
			bond,
			agreed: Some(agreed),
			ends: now.saturating_add(T::ArbiterWindow::get()),
		};
		Jobs::<T>::insert(id, job);
		Self::deposit_event(Event::JobDisputed { job: id, by: Some(who), bond });
		Ok(())
	}

	/// Returns a disputer's bond, or (`forfeit`) moves it to the treasury.
	fn settle_bond(by: &Option<T::AccountId>, bond: Balance, forfeit: bool) -> DispatchResult {
		let (Some(by), true) = (by, bond > 0) else { return Ok(()) };
		let reason = HoldReason::DisputeBond.into();
		if forfeit {
			T::Currency::transfer_on_hold(
				&reason,
				by,
				&T::TreasuryAccount::get(),
				bond,
				Precision::Exact,
				Restriction::Free,
				Fortitude::Force,
			)?;
		} else {
			T::Currency::release(&reason, by, bond, Precision::Exact)?;
		}
		Ok(())
	}

	pub(crate) fn do_resolve_dispute(
		id: JobId,
		correct: Option<H256>,
	) -> Result<u32, DispatchError> {
		let job = Jobs::<T>::get(id).ok_or(Error::<T>::JobNotFound)?;
		let k = job.redundancy;
		let JobStatus::Disputed { by, bond, agreed, .. } = job.status.clone() else {
			return Err(Error::<T>::NotDisputed.into());
		};
		// The disputer was wrong only if the arbiter confirms the agreed result.
		Self::settle_bond(&by, bond, agreed.is_some() && agreed == correct)?;
		Self::deposit_event(Event::DisputeResolved { job: id, correct });
		let verdict = correct.map_or(Verdict::NoneCorrect, Verdict::Correct);
		Self::close(id, job, CloseReason::NoCorrectResult, verdict).map(|()| k)
	}

	pub(crate) fn do_finalize(id: JobId) -> Result<u32, DispatchError> {
		let job = Jobs::<T>::get(id).ok_or(Error::<T>::JobNotFound)?;
		let k = job.redundancy;
		let JobStatus::Challenge { ends, agreed } = job.status else {
			return Err(Error::<T>::NotInChallenge.into());
		};
		ensure!(Self::now() > ends, Error::<T>::ChallengeNotOver);
		Self::close(id, job, CloseReason::Completed, Verdict::Correct(agreed)).map(|()| k)
	}

	pub(crate) fn do_expire(id: JobId) -> Result<u32, DispatchError> {
		let mut job = Jobs::<T>::get(id).ok_or(Error::<T>::JobNotFound)?;
		let k = job.redundancy;
		let now = Self::now();
		match job.status.clone() {
			JobStatus::Open => {
				ensure!(now > job.accept_by, Error::<T>::DeadlineNotReached);
				Self::close(id, job, CloseReason::Unfilled, Verdict::Refund)?;
			},
			JobStatus::Committing => {
				ensure!(now > job.deadline, Error::<T>::DeadlineNotReached);
				Self::mark_missed(id, &mut job, |slot| *slot == Slot::Accepted);
				if job.assignments.iter().any(|a| matches!(a.slot, Slot::Committed(_))) {
					Self::open_reveals(id, &mut job);
					Jobs::<T>::insert(id, job);
				} else {
					Self::close(id, job, CloseReason::Expired, Verdict::Refund)?;
				}
			},
			JobStatus::Revealing { ends } => {
				ensure!(now > ends, Error::<T>::DeadlineNotReached);
				Self::mark_missed(id, &mut job, |slot| matches!(slot, Slot::Committed(_)));
				Self::judge(id, job)?;
			},
			JobStatus::Disputed { by, bond, agreed, ends } => {
				ensure!(now > ends, Error::<T>::DeadlineNotReached);
				// The arbiter did not decide: nobody was ruled wrong. The agreed result (or,
				// with no majority, every revealed result) is paid, every other revealed result
				// gets its collateral back, and a disputer's bond comes back.
				Self::settle_bond(&by, bond, false)?;
				Self::close(id, job, CloseReason::Completed, Verdict::Undecided(agreed))?;
			},
			JobStatus::Challenge { .. } => return Err(Error::<T>::NotExpirable.into()),
		}
		Ok(k)
	}
}
