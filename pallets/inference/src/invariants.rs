//! The job market's invariants, checked by `try_state` and after every test.

use crate::{pallet::*, types::*};
use alloc::collections::BTreeMap;
use frame_support::{
	ensure,
	traits::{fungible::InspectHold, fungibles::Inspect},
};
use sp_runtime::TryRuntimeError;

impl<T: Config> Pallet<T> {
	/// The escrow tracked per asset equals the sum over open jobs and, with unclaimed credits,
	/// is held by the pallet account; every open job is in its user's list and its assigned providers' lists (and
	/// no provider lists a job it is not on); each provider's open jobs fit its capacity and
	/// its held stake equals its recorded stake; each model owner's held deposit covers its
	/// models; each model's offers are sorted and match the providers' offers.
	pub fn do_try_state() -> Result<(), TryRuntimeError> {
		let mut escrow: BTreeMap<T::AssetKind, Balance> = BTreeMap::new();
		for (id, job) in Jobs::<T>::iter() {
			let total = escrow.entry(job.asset.clone()).or_default();
			*total = total.checked_add(job.escrow).ok_or("escrow overflow")?;
			ensure!(
				UserJobs::<T>::get(&job.user).contains(&id),
				"a job missing from its user's list"
			);
			ensure!(job.assignments.len() as u32 <= job.redundancy, "more assignments than k");
			for assignment in job.assignments.iter() {
				let provider =
					Providers::<T>::get(&assignment.provider).ok_or("assigned to no provider")?;
				ensure!(provider.jobs.contains(&id), "a job missing from its provider's list");
			}
			ensure!(
				(job.status == JobStatus::Working)
					== (job.assignments.len() as u32 == job.redundancy
						&& matches!(job.status, JobStatus::Open | JobStatus::Working)),
				"a full job must be working and a working job full"
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
				"escrow != Σ open jobs"
			);
			ensure!(
				T::Assets::balance(asset, &Self::account_id()) >= tracked,
				"the pallet account holds less than the escrow"
			);
		}
		for asset in escrow.keys() {
			ensure!(Escrow::<T>::contains_key(asset), "an open job's escrow is untracked");
		}
		for (who, user_jobs) in UserJobs::<T>::iter() {
			for id in user_jobs.iter() {
				ensure!(
					Jobs::<T>::get(id).is_some_and(|j| j.user == who),
					"a user lists a closed job"
				);
			}
		}
		let stake_reason = HoldReason::ProviderStake.into();
		for (who, provider) in Providers::<T>::iter() {
			ensure!(provider.jobs.len() as u32 <= provider.capacity, "open jobs beyond capacity");
			ensure!(
				T::Currency::balance_on_hold(&stake_reason, &who) == provider.stake,
				"held stake != recorded stake"
			);
			for id in provider.jobs.iter() {
				let job = Jobs::<T>::get(id).ok_or("a provider lists a closed job")?;
				ensure!(
					job.assignments.iter().any(|a| a.provider == who),
					"a provider lists a job it is not on"
				);
			}
			let listed = provider.unbonding_until.is_none() && !provider.paused;
			for (model, price) in provider.models.iter() {
				ensure!(
					Offers::<T>::get(model)
						.contains(&Offer { provider: who.clone(), price: *price })
						== listed,
					"offers out of step with the provider"
				);
			}
		}
		let mut deposits: BTreeMap<T::AccountId, Balance> = BTreeMap::new();
		for (_, model) in Models::<T>::iter() {
			*deposits.entry(model.owner.clone()).or_default() += model.deposit;
		}
		let deposit_reason = HoldReason::ModelDeposit.into();
		for (owner, total) in deposits {
			ensure!(
				T::Currency::balance_on_hold(&deposit_reason, &owner) == total,
				"held deposit != Σ the owner's models"
			);
		}
		for (_, offers) in Offers::<T>::iter() {
			ensure!(
				offers
					.windows(2)
					.all(|w| (w[0].price, &w[0].provider) < (w[1].price, &w[1].provider)),
				"offers not sorted"
			);
		}
		Ok(())
	}
}
