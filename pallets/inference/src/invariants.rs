//! The job market's invariants (see the crate docs' `## Invariants`), checked by `try_state`
//! and after every test.

use crate::{pallet::*, types::*};
use alloc::collections::BTreeMap;
use frame_support::{
	ensure,
	traits::{fungible::InspectHold, fungibles::Inspect, Get},
};
use sp_runtime::TryRuntimeError;

impl<T: Config> Pallet<T> {
	/// Checks every invariant of the crate docs' `## Invariants`.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		for (who, ()) in Suspended::<T>::iter() {
			let record = Providers::<T>::get(&who).ok_or("a suspension of no provider")?;
			ensure!(record.paused, "a suspended provider is not paused");
		}
		let mut escrow: BTreeMap<T::AssetKind, Balance> = BTreeMap::new();
		let mut job_deposits: BTreeMap<T::AccountId, Balance> = BTreeMap::new();
		let mut model_jobs: BTreeMap<ModelId, u32> = BTreeMap::new();
		for (id, job) in Jobs::<T>::iter() {
			let mut held = job.escrow;
			for assignment in job.assignments.iter() {
				held = held.checked_add(assignment.collateral).ok_or("escrow overflow")?;
				let provider = Providers::<T>::get(&assignment.provider);
				ensure!(
					!assignment.slot.is_offer() || assignment.collateral == 0,
					"an unaccepted slot holds collateral"
				);
				if assignment.slot == Slot::Named {
					// A named offer takes no capacity (its provider may have left).
					ensure!(
						provider.is_none_or(|p| !p.jobs.contains(&id)),
						"a named offer takes capacity"
					);
				} else {
					// A matched offer or an accepted slot holds a unit of capacity.
					let provider = provider.ok_or("a slot holding capacity of no provider")?;
					ensure!(provider.jobs.contains(&id), "a job missing from its provider's list");
				}
			}
			let total = escrow.entry(job.asset.clone()).or_default();
			*total = total.checked_add(held).ok_or("escrow overflow")?;
			*job_deposits.entry(job.user.clone()).or_default() += job.deposit;
			*model_jobs.entry(job.model).or_default() += 1;
			ensure!(
				UserJobs::<T>::get(&job.user).contains(&id),
				"a job missing from its user's list"
			);
			ensure!(job.assignments.len() as u32 <= job.redundancy, "more assignments than k");
			let all_accepted = job.assignments.len() as u32 == job.redundancy
				&& job.assignments.iter().all(|a| !a.slot.is_offer());
			ensure!(
				(job.status == JobStatus::Open) != all_accepted,
				"a job is open exactly while a slot is free or unaccepted"
			);
		}
		let mut credits: BTreeMap<T::AssetKind, Balance> = BTreeMap::new();
		for (_, asset, credit) in Credits::<T>::iter() {
			ensure!(credit > 0, "an empty credit is stored");
			*credits.entry(asset).or_default() += credit;
		}
		for (asset, owed) in credits.iter() {
			ensure!(
				T::Assets::balance(asset.clone(), &Self::account_id())
					>= owed.saturating_add(Escrow::<T>::get(asset)),
				"the pallet account holds less than the credits and escrow"
			);
		}
		for (asset, tracked) in Escrow::<T>::iter() {
			ensure!(
				escrow.get(&asset).copied().unwrap_or_default() == tracked,
				"escrow != Σ open jobs' escrow and collateral"
			);
			ensure!(
				T::Assets::balance(asset, &Self::account_id()) >= tracked,
				"the pallet account holds less than the escrow"
			);
		}
		for (asset, total) in escrow.iter() {
			ensure!(
				*total == 0 || Escrow::<T>::contains_key(asset),
				"an open job's escrow is untracked"
			);
		}
		for (who, user_jobs) in UserJobs::<T>::iter() {
			for id in user_jobs.iter() {
				ensure!(
					Jobs::<T>::get(id).is_some_and(|j| j.user == who),
					"a user lists a closed job"
				);
			}
		}
		let job_reason = HoldReason::JobDeposit.into();
		for (who, total) in job_deposits {
			ensure!(
				T::Currency::balance_on_hold(&job_reason, &who) == total,
				"held job deposits != Σ the user's open jobs"
			);
		}
		let stake_reason = HoldReason::ProviderStake.into();
		let offer_reason = HoldReason::OfferDeposit.into();
		for (who, provider) in Providers::<T>::iter() {
			ensure!(provider.jobs.len() as u32 <= provider.capacity, "open jobs beyond capacity");
			let mut ids = provider.jobs.clone().into_inner();
			ids.sort();
			ids.dedup();
			ensure!(ids.len() == provider.jobs.len(), "a job counted twice in a provider's list");
			ensure!(
				T::Currency::balance_on_hold(&stake_reason, &who) == provider.stake,
				"held stake != recorded stake"
			);
			ensure!(
				T::Currency::balance_on_hold(&offer_reason, &who) == provider.offer_deposit,
				"held offer deposit != recorded"
			);
			ensure!(
				provider.offer_deposit
					== T::OfferDeposit::get().saturating_mul(provider.models.len() as Balance),
				"offer deposit != OfferDeposit × offers"
			);
			for id in provider.jobs.iter() {
				let job = Jobs::<T>::get(id).ok_or("a provider lists a closed job")?;
				ensure!(
					job.assignments.iter().any(|a| a.provider == who && a.slot != Slot::Named),
					"a provider lists a job it holds no capacity in"
				);
			}
		}
		let mut deposits: BTreeMap<T::AccountId, Balance> = BTreeMap::new();
		for (id, model) in Models::<T>::iter() {
			*deposits.entry(model.owner.clone()).or_default() += model.deposit;
			ensure!(
				model_jobs.get(&id).copied().unwrap_or_default() == model.open_jobs,
				"a model's open jobs != its jobs in storage"
			);
		}
		for model in model_jobs.keys() {
			ensure!(Models::<T>::contains_key(model), "an open job's model is gone");
		}
		let deposit_reason = HoldReason::ModelDeposit.into();
		for (owner, total) in deposits {
			ensure!(
				T::Currency::balance_on_hold(&deposit_reason, &owner) == total,
				"held deposit != Σ the owner's models"
			);
		}
		for (model, offers) in Offers::<T>::iter() {
			ensure!(offers.windows(2).all(|w| w[0].key() < w[1].key()), "offers not sorted");
			ensure!(
				Models::<T>::get(model).is_some_and(|m| !m.retired),
				"offers listed for a retired or removed model"
			);
			for offer in offers.iter() {
				let provider =
					Providers::<T>::get(&offer.provider).ok_or("a listed non-provider")?;
				ensure!(
					provider.models.get(&model) == Some(&offer.price)
						&& provider.stake == offer.stake,
					"a listed offer differs from its provider's"
				);
				ensure!(Self::can_serve(&provider), "a listed provider cannot serve now");
			}
		}
		Ok(())
	}
}
