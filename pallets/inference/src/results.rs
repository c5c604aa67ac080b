//! Results: commitments by the deadline, reveals checked against them, and the judgement of
//! the revealed results (a majority goes to the challenge window, none to the arbiter).

use crate::{pallet::*, settlement::Verdict, types::*};
use alloc::collections::BTreeMap;
use frame_support::{ensure, pallet_prelude::*, traits::Get};
use sp_core::H256;
use sp_runtime::traits::Saturating;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_commit_result(
		provider: T::AccountId,
		id: JobId,
		commitment: H256,
	) -> DispatchResult {
		let mut job = Jobs::<T>::get(id).ok_or(Error::<T>::JobNotFound)?;
		ensure!(
			job.status == JobStatus::Committing && Self::now() <= job.deadline,
			Error::<T>::NotCommitting
		);
		let slot = job
			.assignments
			.iter_mut()
			.find(|a| a.provider == provider)
			.ok_or(Error::<T>::NotAssigned)?;
		ensure!(slot.slot == Slot::Accepted, Error::<T>::AlreadyCommitted);
		slot.slot = Slot::Committed(commitment);
		Self::deposit_event(Event::ResultCommitted { job: id, provider, commitment });
		if job.assignments.iter().all(|a| matches!(a.slot, Slot::Committed(_))) {
			Self::open_reveals(id, &mut job);
		}
		Jobs::<T>::insert(id, job);
		Ok(())
	}

	/// Opens the reveal window.
	pub(crate) fn open_reveals(id: JobId, job: &mut JobOf<T>) {
		let ends = Self::now().saturating_add(T::RevealWindow::get());
		job.status = JobStatus::Revealing { ends };
		Self::deposit_event(Event::RevealOpened { job: id, ends });
	}

	pub(crate) fn do_reveal_result(
		provider: T::AccountId,
		id: JobId,
		output: DataOf<T>,
		salt: H256,
	) -> Result<u32, DispatchError> {
		let mut job = Jobs::<T>::get(id).ok_or(Error::<T>::JobNotFound)?;
		let k = job.redundancy;
		let JobStatus::Revealing { ends } = job.status else {
			return Err(Error::<T>::NotRevealing.into());
		};
		ensure!(Self::now() <= ends, Error::<T>::NotRevealing);
		let slot = job
			.assignments
			.iter_mut()
			.find(|a| a.provider == provider)
			.ok_or(Error::<T>::NotAssigned)?;
		let Slot::Committed(committed) = slot.slot else {
			return Err(Error::<T>::NotAssigned.into());
		};
		let hash = output.content_hash();
		ensure!(
			commitment(id, &provider, &hash, &salt) == committed,
			Error::<T>::CommitmentMismatch
		);
		slot.slot = Slot::Revealed(hash);
		Self::deposit_event(Event::ResultRevealed { job: id, provider, hash, output });
		if job.assignments.iter().any(|a| matches!(a.slot, Slot::Committed(_))) {
			Jobs::<T>::insert(id, job);
			return Ok(k);
		}
		Self::judge(id, job).map(|()| k)
	}

	/// Marks every slot still owing what `owes` matches as missed.
	pub(crate) fn mark_missed(id: JobId, job: &mut JobOf<T>, owes: fn(&Slot) -> bool) {
		for assignment in job.assignments.iter_mut() {
			if owes(&assignment.slot) {
				assignment.slot = Slot::Missed;
				Self::deposit_event(Event::SlotMissed {
					job: id,
					provider: assignment.provider.clone(),
				});
			}
		}
	}

	/// The content hash more than half of the job's k revealed, if any.
	pub(crate) fn majority(job: &JobOf<T>) -> Option<H256> {
		let mut counts: BTreeMap<H256, u32> = BTreeMap::new();
		for assignment in job.assignments.iter() {
			if let Slot::Revealed(hash) = assignment.slot {
				*counts.entry(hash).or_default() += 1;
			}
		}
		counts.into_iter().find(|(_, n)| n.saturating_mul(2) > job.redundancy).map(|(h, _)| h)
	}

	/// Judges the revealed results once no reveal is due: a majority opens the challenge
	/// window; reveals without one go to the arbiter; no reveal at all closes the job with a
	/// refund (those who missed lose their collateral).
	pub(crate) fn judge(id: JobId, mut job: JobOf<T>) -> DispatchResult {
		let now = Self::now();
		if let Some(agreed) = Self::majority(&job) {
			let ends = now.saturating_add(T::ChallengeWindow::get());
			job.status = JobStatus::Challenge { ends, agreed };
			Jobs::<T>::insert(id, job);
			Self::deposit_event(Event::ResultsAgreed {
				job: id,
				hash: agreed,
				challenge_ends: ends,
			});
			return Ok(());
		}
		if !job.assignments.iter().any(|a| matches!(a.slot, Slot::Revealed(_))) {
			return Self::close(id, job, CloseReason::Expired, Verdict::Refund);
		}
		let ends = now.saturating_add(T::ArbiterWindow::get());
		job.status = JobStatus::Disputed { by: None, bond: 0, agreed: None, ends };
		Jobs::<T>::insert(id, job);
		Self::deposit_event(Event::JobDisputed { job: id, by: None, bond: 0 });
		Ok(())
	}
}
