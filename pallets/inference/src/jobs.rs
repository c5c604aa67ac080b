//! Jobs: posting with escrow and a deposit, offers to named and matched providers, acceptance
//! and claims, and cancellation while a job is filling.

use crate::{pallet::*, providers::Listing, settlement::Verdict, types::*};
use alloc::vec::Vec;
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{fungible::MutateHold, Get},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{traits::Saturating, ArithmeticError};

impl<T: Config> Pallet<T> {
	pub(crate) fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// The price at which `provider` (its record `record`) may take a slot of `job`, if it
	/// may: it serves the model at or below the max price, can serve now and is not on the
	/// job yet.
	pub(crate) fn eligible(
		provider: &T::AccountId,
		record: &ProviderOf<T>,
		job: &JobOf<T>,
	) -> Option<Balance> {
		let price = *record.models.get(&job.model)?;
		let on_job = job.assignments.iter().any(|a| &a.provider == provider);
		(price <= job.max_price && Self::can_serve(record) && !on_job).then_some(price)
	}

	/// Offers `job`'s free slots to the best of the model's first `MaxMatchScan` listed
	/// offers within the max price: cheapest, then most staked, then best reputation; the
	/// account only breaks a tie of all three.
	pub(crate) fn match_providers(id: JobId, job: &mut JobOf<T>) -> DispatchResult {
		let open = (job.redundancy as usize).saturating_sub(job.assignments.len());
		if open == 0 {
			return Ok(());
		}
		let mut candidates = Vec::new();
		for Offer { provider, .. } in Offers::<T>::get(job.model)
			.into_iter()
			.filter(|offer| offer.price <= job.max_price)
			.take(T::MaxMatchScan::get() as usize)
		{
			let Some(record) = Providers::<T>::get(&provider) else { continue };
			if let Some(price) = Self::eligible(&provider, &record, job) {
				let rank = (
					price,
					core::cmp::Reverse(record.stake),
					core::cmp::Reverse(record.reputation.score()),
				);
				candidates.push((rank, provider, record));
			}
		}
		candidates.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
		for ((price, ..), provider, record) in candidates.into_iter().take(open) {
			Self::assign(id, job, provider, record, price, Slot::Offered)?;
		}
		Ok(())
	}

	/// Puts `provider` on `job` at `price` in `slot`: matched (`Offered`), which reserves a unit
	/// of the provider's capacity until it accepts or declines; named (`Named`), which takes
	/// nothing from it; or accepted by a claim, which locks its collateral and takes a unit of
	/// its capacity. The caller stores the job.
	fn assign(
		id: JobId,
		job: &mut JobOf<T>,
		provider: T::AccountId,
		record: ProviderOf<T>,
		price: Balance,
		slot: Slot,
	) -> DispatchResult {
		let collateral = match slot {
			Slot::Accepted => Self::collateral_for(job.max_price),
			_ => 0,
		};
		let assignment = Assignment { provider: provider.clone(), price, collateral, slot };
		if (job.assignments.len() as u32) >= job.redundancy
			|| job.assignments.try_push(assignment).is_err()
		{
			frame_support::defensive!("a job takes providers only while it has free slots");
			return Err(Error::<T>::Unexpected.into());
		}
		if slot != Slot::Named {
			Self::take_capacity(id, &provider, record)?;
		}
		match slot {
			Slot::Accepted => {
				Self::lock_collateral(&job.asset, &provider, collateral)?;
				Self::deposit_event(Event::JobAccepted { job: id, provider, price, collateral });
				Self::start_if_full(job);
			},
			_ => Self::deposit_event(Event::JobOffered {
				job: id,
				provider,
				price,
				named: slot == Slot::Named,
			}),
		}
		Ok(())
	}

	/// Records job `id` in `provider`'s open jobs (`record`), taking a unit of its capacity,
	/// delists the provider if that filled it, and stores the record. A matched offer or an
	/// accepted slot takes capacity; a named offer does not, so nobody can fill a provider by
	/// naming it.
	fn take_capacity(
		id: JobId,
		provider: &T::AccountId,
		mut record: ProviderOf<T>,
	) -> DispatchResult {
		if (record.jobs.len() as u32) >= record.capacity || record.jobs.try_push(id).is_err() {
			frame_support::defensive!("eligibility checked the provider's free capacity");
			return Err(Error::<T>::Unexpected.into());
		}
		if !Self::can_serve(&record) {
			Self::refresh_offers(provider, &record, Listing::BestEffort)?;
		}
		Providers::<T>::insert(provider, record);
		Ok(())
	}

	/// Starts the commit phase once every slot is accepted.
	fn start_if_full(job: &mut JobOf<T>) {
		if job.assignments.len() as u32 == job.redundancy
			&& job.assignments.iter().all(|a| a.slot == Slot::Accepted)
		{
			job.status = JobStatus::Committing;
		}
	}

	pub(crate) fn do_post_job(
		user: T::AccountId,
		terms: JobTermsOf<T>,
		input: DataOf<T>,
		named: NamedOf<T>,
	) -> Result<JobId, DispatchError> {
		let JobTerms { model: model_id, max_price, redundancy, deadline, max_total } = terms;
		let mut model = Models::<T>::get(model_id).ok_or(Error::<T>::ModelNotFound)?;
		ensure!(!model.retired, Error::<T>::ModelRetired);
		ensure!(PaymentAssets::<T>::contains_key(&model.asset), Error::<T>::AssetNotAllowed);
		ensure!(
			redundancy >= 1 && redundancy <= T::MaxRedundancy::get(),
			Error::<T>::InvalidRedundancy
		);
		ensure!(max_price > 0, Error::<T>::ZeroMaxPrice);
		let now = Self::now();
		let accept_by = now.saturating_add(T::AcceptWindow::get());
		ensure!(
			deadline >= accept_by.saturating_add(T::MinExecutionWindow::get()),
			Error::<T>::DeadlineTooSoon
		);
		ensure!(
			deadline <= now.saturating_add(T::MaxDeadlineHorizon::get()),
			Error::<T>::DeadlineTooFar
		);
		ensure!(named.len() as u32 <= redundancy, Error::<T>::InvalidRedundancy);
		// k × max price for the providers, the royalty in force, and the fee on the most
		// providers can be paid (rounded up): the most this job can cost.
		let royalty = model.royalty_at(now);
		let prices = max_price.checked_mul(redundancy.into()).ok_or(ArithmeticError::Overflow)?;
		let escrow = prices
			.checked_add(royalty)
			.and_then(|e| e.checked_add(T::ProtocolFee::get().mul_ceil(prices)))
			.ok_or(ArithmeticError::Overflow)?;
		ensure!(escrow <= max_total, Error::<T>::CostAboveMax);
		let id = NextJobId::<T>::get();
		let next = id.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		let mut user_jobs = UserJobs::<T>::get(&user);
		user_jobs.try_push(id).map_err(|_| Error::<T>::TooManyJobs)?;
		model.open_jobs = model.open_jobs.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		let mut job = JobOf::<T> {
			user: user.clone(),
			model: model_id,
			asset: model.asset.clone(),
			input,
			max_price,
			redundancy,
			accept_by,
			deadline,
			escrow,
			royalty,
			deposit: T::JobDeposit::get(),
			status: JobStatus::Open,
			assignments: Default::default(),
		};
		// Named providers first (each must be eligible), then matching fills the rest.
		for provider in named {
			ensure!(
				!job.assignments.iter().any(|a| a.provider == provider),
				Error::<T>::DuplicateProvider
			);
			let record = Providers::<T>::get(&provider).ok_or(Error::<T>::NotProvider)?;
			let price = Self::eligible(&provider, &record, &job).ok_or(Error::<T>::NotEligible)?;
			Self::assign(id, &mut job, provider, record, price, Slot::Named)?;
		}
		Self::match_providers(id, &mut job)?;
		let endowment = Self::escrow_in(&model.asset, &user, escrow)?;
		T::Currency::hold(&HoldReason::JobDeposit.into(), &user, job.deposit)?;
		NextJobId::<T>::put(next);
		UserJobs::<T>::insert(&user, user_jobs);
		model.royalty = royalty;
		if model.pending_royalty.as_ref().is_some_and(|p| now >= p.from) {
			model.pending_royalty = None;
		}
		Models::<T>::insert(model_id, model);
		Jobs::<T>::insert(id, job);
		Self::deposit_event(Event::JobPosted {
			job: id,
			user,
			model: model_id,
			escrow,
			endowment,
			accept_by,
		});
		Ok(id)
	}

	/// The open job `id`, still in its accept window.
	fn open_job(id: JobId) -> Result<JobOf<T>, DispatchError> {
		let job = Jobs::<T>::get(id).ok_or(Error::<T>::JobNotFound)?;
		ensure!(job.status == JobStatus::Open && Self::now() <= job.accept_by, Error::<T>::NotOpen);
		Ok(job)
	}

	pub(crate) fn do_accept_job(provider: T::AccountId, id: JobId) -> DispatchResult {
		let mut job = Self::open_job(id)?;
		let record = Providers::<T>::get(&provider).ok_or(Error::<T>::NotProvider)?;
		let slot = job
			.assignments
			.iter_mut()
			.find(|a| a.provider == provider && a.slot.is_offer())
			.ok_or(Error::<T>::NotOffered)?;
		// Paused, unbonding or no longer serving the model since the offer: it must decline
		// (or let it lapse). A matched offer holds its unit of capacity already; a named one
		// needs a free one now.
		let named = slot.slot == Slot::Named;
		let able = if named { Self::can_serve(&record) } else { Self::is_active(&record) };
		ensure!(able && record.models.contains_key(&job.model), Error::<T>::NotEligible);
		let (price, collateral) = (slot.price, Self::collateral_for(job.max_price));
		slot.slot = Slot::Accepted;
		slot.collateral = collateral;
		Self::lock_collateral(&job.asset, &provider, collateral)?;
		if named {
			Self::take_capacity(id, &provider, record)?;
		}
		Self::start_if_full(&mut job);
		Jobs::<T>::insert(id, job);
		Self::deposit_event(Event::JobAccepted { job: id, provider, price, collateral });
		Ok(())
	}

	pub(crate) fn do_decline_job(provider: T::AccountId, id: JobId) -> DispatchResult {
		let mut job = Self::open_job(id)?;
		let at = job
			.assignments
			.iter()
			.position(|a| a.provider == provider && a.slot.is_offer())
			.ok_or(Error::<T>::NotOffered)?;
		let declined = job.assignments.remove(at);
		if declined.slot == Slot::Offered {
			// A matched offer gives its unit of capacity back, and counts against the
			// provider's reputation like a lapse (it was listed as able to serve).
			let Some(mut record) = Providers::<T>::get(&provider) else {
				frame_support::defensive!("a provider holding a matched offer has a record");
				return Err(Error::<T>::Unexpected.into());
			};
			record.jobs.retain(|j| *j != id);
			record.reputation.lapsed = record.reputation.lapsed.saturating_add(1);
			Self::refresh_offers(&provider, &record, Listing::BestEffort)?;
			Providers::<T>::insert(&provider, record);
		}
		Jobs::<T>::insert(id, job);
		Self::deposit_event(Event::JobDeclined { job: id, provider });
		Ok(())
	}

	pub(crate) fn do_claim(provider: T::AccountId, id: JobId) -> DispatchResult {
		let mut job = Self::open_job(id)?;
		ensure!((job.assignments.len() as u32) < job.redundancy, Error::<T>::NoFreeSlot);
		let record = Providers::<T>::get(&provider).ok_or(Error::<T>::NotProvider)?;
		let price = Self::eligible(&provider, &record, &job).ok_or(Error::<T>::NotEligible)?;
		Self::assign(id, &mut job, provider, record, price, Slot::Accepted)?;
		Jobs::<T>::insert(id, job);
		Ok(())
	}

	pub(crate) fn do_cancel_job(user: T::AccountId, id: JobId) -> DispatchResult {
		let job = Jobs::<T>::get(id).ok_or(Error::<T>::JobNotFound)?;
		ensure!(job.user == user, Error::<T>::NotJobUser);
		ensure!(job.status == JobStatus::Open, Error::<T>::NotOpen);
		Self::close(id, job, CloseReason::Cancelled, Verdict::Refund)
	}
}
