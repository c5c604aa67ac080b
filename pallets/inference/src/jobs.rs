//! Jobs: posting with escrow, bounded matching, claims, results and their comparison.

use crate::{pallet::*, types::*};
use alloc::{collections::BTreeMap, vec::Vec};
use frame_support::{ensure, pallet_prelude::*, traits::Get};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_core::H256;
use sp_runtime::{traits::Saturating, ArithmeticError};

impl<T: Config> Pallet<T> {
	pub(crate) fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// Whether `provider` (its record `record`) may take a slot of `job` at `price`.
	pub(crate) fn eligible(
		provider: &T::AccountId,
		record: &ProviderOf<T>,
		job: &JobOf<T>,
	) -> Option<Balance> {
		let price = *record.models.get(&job.model)?;
		let free = (record.jobs.len() as u32) < record.capacity;
		let taken = job.assignments.iter().any(|a| &a.provider == provider)
			|| job.excluded.contains(provider);
		(price <= job.max_price
			&& free && !record.paused
			&& record.unbonding_until.is_none()
			&& record.stake >= T::MinProviderStake::get()
			&& !taken)
			.then_some(price)
	}

	/// Fills `job`'s open slots from the model's cheapest `MaxMatchScan` offers: eligible
	/// providers by price, then reputation, then account. Writes the chosen providers.
	pub(crate) fn match_providers(id: JobId, job: &mut JobOf<T>) -> DispatchResult {
		let open = (job.redundancy as usize).saturating_sub(job.assignments.len());
		if open == 0 {
			return Ok(());
		}
		let mut candidates: Vec<(Balance, i64, T::AccountId, ProviderOf<T>)> = Vec::new();
		for Offer { provider, .. } in Offers::<T>::get(job.model)
			.into_iter()
			.filter(|offer| offer.price <= job.max_price)
			.take(T::MaxMatchScan::get() as usize)
		{
			let Some(record) = Providers::<T>::get(&provider) else { continue };
			if let Some(price) = Self::eligible(&provider, &record, job) {
				candidates.push((price, -record.reputation.score(), provider, record));
			}
		}
		candidates.sort_by(|a, b| (a.0, a.1, &a.2).cmp(&(b.0, b.1, &b.2)));
		for (price, _, provider, record) in candidates.into_iter().take(open) {
			Self::assign(id, job, provider, record, price)?;
		}
		Ok(())
	}

	/// Puts `provider` on `job` at `price` and records the job in its open jobs.
	fn assign(
		id: JobId,
		job: &mut JobOf<T>,
		provider: T::AccountId,
		mut record: ProviderOf<T>,
		price: Balance,
	) -> DispatchResult {
		if record.jobs.try_push(id).is_err() {
			frame_support::defensive!("eligibility checked the provider's free capacity");
			return Err(Error::<T>::Unexpected.into());
		}
		let assignment = Assignment { provider: provider.clone(), price, result: None };
		if job.assignments.try_push(assignment).is_err() {
			frame_support::defensive!("a job is matched only while it has open slots");
			return Err(Error::<T>::Unexpected.into());
		}
		if job.assignments.len() as u32 == job.redundancy {
			job.status = JobStatus::Working;
		}
		Providers::<T>::insert(&provider, record);
		Self::deposit_event(Event::JobAssigned { job: id, provider, price });
		Ok(())
	}

	pub(crate) fn do_post_job(
		user: T::AccountId,
		model_id: ModelId,
		input: DataOf<T>,
		max_price: Balance,
		redundancy: u32,
		deadline: BlockNumberFor<T>,
	) -> Result<JobId, DispatchError> {
		let model = Models::<T>::get(model_id).ok_or(Error::<T>::ModelNotFound)?;
		ensure!(!model.retired, Error::<T>::ModelRetired);
		ensure!(
			redundancy >= 1 && redundancy <= T::MaxRedundancy::get(),
			Error::<T>::InvalidRedundancy
		);
		ensure!(max_price > 0, Error::<T>::ZeroMaxPrice);
		ensure!(deadline > Self::now(), Error::<T>::DeadlinePassed);
		// k × max price for the providers, the royalty, and the fee on the most providers
		// can be paid (rounded up): the most this job can cost.
		let prices = max_price.checked_mul(redundancy.into()).ok_or(ArithmeticError::Overflow)?;
		let escrow = prices
			.checked_add(model.royalty)
			.and_then(|e| e.checked_add(T::ProtocolFee::get().mul_ceil(prices)))
			.ok_or(ArithmeticError::Overflow)?;
		let id = NextJobId::<T>::get();
		let next = id.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		let mut user_jobs = UserJobs::<T>::get(&user);
		user_jobs.try_push(id).map_err(|_| Error::<T>::TooManyJobs)?;
		let endowment = Self::escrow_in(&model.asset, &user, escrow)?;
		NextJobId::<T>::put(next);
		UserJobs::<T>::insert(&user, user_jobs);
		let mut job = JobOf::<T> {
			user: user.clone(),
			model: model_id,
			asset: model.asset,
			input,
			max_price,
			redundancy,
			deadline,
			escrow,
			royalty: model.royalty,
			status: JobStatus::Open,
			assignments: Default::default(),
			excluded: Default::default(),
		};
		Self::deposit_event(Event::JobPosted { job: id, user, model: model_id, escrow, endowment });
		Self::match_providers(id, &mut job)?;
		Jobs::<T>::insert(id, job);
		Ok(id)
	}

	pub(crate) fn do_claim(provider: T::AccountId, id: JobId) -> DispatchResult {
		let mut job = Jobs::<T>::get(id).ok_or(Error::<T>::JobNotFound)?;
		ensure!(job.status == JobStatus::Open, Error::<T>::NotOpen);
		ensure!(Self::now() <= job.deadline, Error::<T>::DeadlinePassed);
		let record = Providers::<T>::get(&provider).ok_or(Error::<T>::NotProvider)?;
		let price = Self::eligible(&provider, &record, &job).ok_or(Error::<T>::NotEligible)?;
		Self::assign(id, &mut job, provider, record, price)?;
		Jobs::<T>::insert(id, job);
		Ok(())
	}

	pub(crate) fn do_cancel_job(user: T::AccountId, id: JobId) -> DispatchResult {
		let job = Jobs::<T>::get(id).ok_or(Error::<T>::JobNotFound)?;
		ensure!(job.user == user, Error::<T>::NotJobUser);
		ensure!(job.assignments.is_empty(), Error::<T>::AlreadyAssigned);
		Self::close(id, job, CloseReason::Cancelled, &[])
	}

	pub(crate) fn do_submit_result(
		provider: T::AccountId,
		id: JobId,
		output: DataOf<T>,
	) -> Result<u32, DispatchError> {
		let mut job = Jobs::<T>::get(id).ok_or(Error::<T>::JobNotFound)?;
		ensure!(
			matches!(job.status, JobStatus::Open | JobStatus::Working),
			Error::<T>::NotAssigned
		);
		ensure!(Self::now() <= job.deadline, Error::<T>::DeadlinePassed);
		let slot = job
			.assignments
			.iter_mut()
			.find(|a| a.provider == provider)
			.ok_or(Error::<T>::NotAssigned)?;
		ensure!(slot.result.is_none(), Error::<T>::AlreadySubmitted);
		let hash = output.content_hash();
		slot.result = Some(output);
		Self::deposit_event(Event::ResultSubmitted { job: id, provider, hash });
		let all_in = job.assignments.len() as u32 == job.redundancy
			&& job.assignments.iter().all(|a| a.result.is_some());
		if all_in {
			let k = job.redundancy;
			return Self::judge(id, job, None).map(|()| k);
		}
		let k = job.redundancy;
		Jobs::<T>::insert(id, job);
		Ok(k)
	}

	/// The content hash more than half of the job's `redundancy` submitted, if any.
	pub(crate) fn majority(job: &JobOf<T>) -> Option<H256> {
		let mut counts: BTreeMap<H256, u32> = BTreeMap::new();
		for result in job.assignments.iter().filter_map(|a| a.result.as_ref()) {
			*counts.entry(result.content_hash()).or_default() += 1;
		}
		counts.into_iter().find(|(_, n)| n.saturating_mul(2) > job.redundancy).map(|(h, _)| h)
	}

	/// Compares the submitted results: with a majority, everyone else assigned is slashed
	/// (`caller` earns the expiry reward when set) and the challenge window opens; without
	/// one the job closes with a refund (`Expired` past the deadline, else `NoAgreement`).
	pub(crate) fn judge(
		id: JobId,
		mut job: JobOf<T>,
		caller: Option<&T::AccountId>,
	) -> DispatchResult {
		let Some(winner) = Self::majority(&job) else {
			let failed: Vec<T::AccountId> = job
				.assignments
				.iter()
				.filter(|a| a.result.is_some())
				.map(|a| a.provider.clone())
				.collect();
			let reason =
				if caller.is_some() { CloseReason::Expired } else { CloseReason::NoAgreement };
			// No majority: a no-show is slashed; differing results only count as failures.
			for assignment in job.assignments.iter() {
				if assignment.result.is_none() {
					Self::slash(id, &job.user, &assignment.provider, caller)?;
				}
			}
			return Self::close(id, job, reason, &failed);
		};
		let (winners, losers): (Vec<_>, Vec<_>) = job
			.assignments
			.clone()
			.into_iter()
			.partition(|a| a.result.as_ref().map(|r| r.content_hash()) == Some(winner));
		for loser in &losers {
			Self::slash(id, &job.user, &loser.provider, caller)?;
			Self::release_provider(id, &loser.provider, crate::settlement::Outcome::Neutral)?;
		}
		job.assignments = BoundedVec::truncate_from(winners);
		let ends = Self::now().saturating_add(T::ChallengeWindow::get());
		job.status = JobStatus::Challenge { ends };
		Jobs::<T>::insert(id, job);
		Self::deposit_event(Event::ResultsAgreed { job: id, hash: winner, challenge_ends: ends });
		Ok(())
	}
}
