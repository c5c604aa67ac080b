//! Benchmarks of the job market's calls, each at its worst case (frame-benchmarking v2): full
//! offer lists, `MaxMatchScan` providers read by matching, k = `MaxRedundancy` where a call
//! works per provider.

use crate::{pallet::*, traits::BenchmarkHelper, types::*};
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{fungible, fungibles, EnsureOrigin, Get},
	BoundedVec,
};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_core::H256;
use sp_runtime::traits::{One, Saturating};

/// Plenty of anything.
const FUNDS: Balance = 1_000_000_000_000_000_000;

fn funded<T: Config>(name: &'static str, i: u32) -> T::AccountId {
	let who: T::AccountId = account(name, i, 0);
	<T::Currency as fungible::Mutate<_>>::set_balance(&who, FUNDS);
	<T::Assets as fungibles::Mutate<_>>::mint_into(
		T::BenchmarkHelper::payment_asset(),
		&who,
		FUNDS,
	)
	.expect("the payment asset can be minted");
	who
}

fn text<T: Config>() -> TextOf<T> {
	BoundedVec::truncate_from(vec![b'x'; T::MaxTextLen::get() as usize])
}

fn uri<T: Config>() -> UriOf<T> {
	BoundedVec::truncate_from(vec![b'u'; T::MaxUriLen::get() as usize])
}

fn data<T: Config>(byte: u8) -> DataOf<T> {
	JobData::Inline(BoundedVec::truncate_from(vec![byte; T::MaxDataLen::get() as usize]))
}

/// A model description with the longest texts.
fn info<T: Config>() -> ModelInfoOf<T> {
	ModelInfo {
		name: text::<T>(),
		weights_hash: H256::repeat_byte(1),
		uri: uri::<T>(),
		input_format: text::<T>(),
		output_format: text::<T>(),
	}
}

/// A model with the longest texts.
fn model<T: Config>() -> ModelId {
	let owner = funded::<T>("owner", 0);
	let id = NextModelId::<T>::get();
	Pallet::<T>::do_register_model(owner, info::<T>(), 10, T::BenchmarkHelper::payment_asset())
		.expect("registers");
	id
}

/// Provider `i` serving `model` at `price` with full capacity.
fn provider<T: Config>(i: u32, model: ModelId, price: Balance) -> T::AccountId {
	let who = funded::<T>("provider", i);
	let offers = BoundedVec::truncate_from(vec![ModelOffer { model, price }]);
	Pallet::<T>::do_register_provider(
		who.clone(),
		T::MinProviderStake::get().saturating_mul(10),
		offers,
		T::MaxCapacity::get(),
		text::<T>(),
	)
	.expect("registers");
	who
}

/// `model`'s offer list filled: the `MaxMatchScan` cheapest are at full capacity (matching
/// reads and skips them) except the last `k`; the rest fill the list.
fn market<T: Config>(model: ModelId, k: u32) -> Vec<T::AccountId> {
	let scan = T::MaxMatchScan::get();
	let mut eligible = Vec::new();
	for i in 0..T::MaxProvidersPerModel::get() {
		let who = provider::<T>(i, model, 100 + Balance::from(i));
		if i < scan - k {
			// Busy: its job list is full (ids of jobs elsewhere; only matching reads them).
			Providers::<T>::mutate(&who, |record| {
				if let Some(record) = record {
					let busy = (0..record.capacity).map(|j| JobId::MAX - JobId::from(j)).collect();
					record.jobs = BoundedVec::truncate_from(busy);
				}
			});
		} else if i < scan {
			eligible.push(who);
		}
	}
	eligible
}

/// Offers at 75 for `o` new models, each model's list one short of full (cheaper and dearer
/// offers around), so every insertion and removal works on a long list.
fn crowded_offers<T: Config>(o: u32) -> Vec<ModelOffer> {
	(0..o)
		.map(|_| {
			let id = model::<T>();
			for i in 0..T::MaxProvidersPerModel::get() - 1 {
				provider::<T>(1_000 + id * 1_000 + i, id, 50 + Balance::from(i));
			}
			ModelOffer { model: id, price: 75 }
		})
		.collect()
}

fn deadline<T: Config>() -> BlockNumberFor<T> {
	frame_system::Pallet::<T>::block_number().saturating_add(1_000u32.into())
}

/// A user's job for `model` with redundancy `k`, matched; returns the user and the job.
fn job<T: Config>(model: ModelId, k: u32) -> (T::AccountId, JobId) {
	let user = funded::<T>("user", 0);
	let id = Pallet::<T>::do_post_job(user.clone(), model, data::<T>(0), 1_000, k, deadline::<T>())
		.expect("posts");
	(user, id)
}

/// The providers of `job` submit: all agree but the last when `dissent`.
fn submit_all<T: Config>(job: JobId, skip_last: bool, dissent: bool) {
	let assigned: Vec<T::AccountId> =
		Jobs::<T>::get(job).expect("open").assignments.iter().map(|a| a.provider.clone()).collect();
	let n = assigned.len();
	for (i, who) in assigned.into_iter().enumerate() {
		let last = i + 1 == n;
		if last && skip_last {
			break;
		}
		let byte = if last && dissent { 9 } else { 1 };
		Pallet::<T>::do_submit_result(who, job, data::<T>(byte)).expect("submits");
	}
}

fn past_challenge<T: Config>() {
	let now = frame_system::Pallet::<T>::block_number();
	frame_system::Pallet::<T>::set_block_number(
		now.saturating_add(T::ChallengeWindow::get()).saturating_add(One::one()),
	);
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_model() {
		let owner = funded::<T>("owner", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), info::<T>(), 10, T::BenchmarkHelper::payment_asset());
		assert!(Models::<T>::contains_key(0));
	}

	#[benchmark]
	fn update_model() {
		let id = model::<T>();
		let owner = Models::<T>::get(id).expect("exists").owner;
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, info::<T>(), 20);
	}

	#[benchmark]
	fn retire_model() {
		let id = model::<T>();
		let owner = Models::<T>::get(id).expect("exists").owner;
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);
	}

	/// `o` offers, each into a model's offer list one short of full.
	#[benchmark]
	fn register_provider(o: Linear<1, { T::MaxModelsPerProvider::get() }>) {
		let offers = crowded_offers::<T>(o);
		let who = funded::<T>("new", 0);
		#[extrinsic_call]
		_(
			RawOrigin::Signed(who),
			T::MinProviderStake::get(),
			BoundedVec::truncate_from(offers),
			T::MaxCapacity::get(),
			text::<T>(),
		);
	}

	/// Replaces `o` offers with `o` others, every list one short of full.
	#[benchmark]
	fn update_provider(o: Linear<1, { T::MaxModelsPerProvider::get() }>) {
		let who = funded::<T>("new", 0);
		let old = crowded_offers::<T>(o);
		let new = crowded_offers::<T>(o);
		Pallet::<T>::do_register_provider(
			who.clone(),
			T::MinProviderStake::get(),
			BoundedVec::truncate_from(old),
			1,
			text::<T>(),
		)
		.expect("registers");
		#[extrinsic_call]
		_(
			RawOrigin::Signed(who),
			BoundedVec::truncate_from(new),
			T::MaxCapacity::get(),
			text::<T>(),
		);
	}

	/// Resuming relists `o` offers, each into a list one short of full.
	#[benchmark]
	fn set_paused(o: Linear<1, { T::MaxModelsPerProvider::get() }>) {
		let offers = crowded_offers::<T>(o);
		let who = funded::<T>("new", 0);
		Pallet::<T>::do_register_provider(
			who.clone(),
			T::MinProviderStake::get(),
			BoundedVec::truncate_from(offers),
			1,
			text::<T>(),
		)
		.expect("registers");
		Pallet::<T>::do_set_paused(who.clone(), true).expect("pauses");
		#[extrinsic_call]
		_(RawOrigin::Signed(who), false);
	}

	/// Withdraws `o` offers from full lists.
	#[benchmark]
	fn unregister(o: Linear<1, { T::MaxModelsPerProvider::get() }>) {
		let offers = crowded_offers::<T>(o);
		let who = funded::<T>("new", 0);
		Pallet::<T>::do_register_provider(
			who.clone(),
			T::MinProviderStake::get(),
			BoundedVec::truncate_from(offers),
			1,
			text::<T>(),
		)
		.expect("registers");
		#[extrinsic_call]
		_(RawOrigin::Signed(who));
	}

	#[benchmark]
	fn withdraw_stake() {
		let who = provider::<T>(0, model::<T>(), 100);
		Pallet::<T>::do_unregister(who.clone()).expect("unregisters");
		let now = frame_system::Pallet::<T>::block_number();
		frame_system::Pallet::<T>::set_block_number(now.saturating_add(T::UnbondingPeriod::get()));
		#[extrinsic_call]
		_(RawOrigin::Signed(who));
	}

	/// Matching reads `MaxMatchScan` providers (all but `k` paused) and assigns `k`; the first
	/// job in the asset also endows the pallet account.
	#[benchmark]
	fn post_job(k: Linear<1, { T::MaxRedundancy::get() }>) {
		let id = model::<T>();
		market::<T>(id, k);
		let user = funded::<T>("user", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(user), id, data::<T>(0), 1_000, k, deadline::<T>());
		assert_eq!(Jobs::<T>::get(0).map(|j| j.assignments.len() as u32), Some(k));
	}

	#[benchmark]
	fn claim() {
		let id = model::<T>();
		let (_, job) = job::<T>(id, T::MaxRedundancy::get());
		let who = provider::<T>(0, id, 100);
		#[extrinsic_call]
		_(RawOrigin::Signed(who), job);
	}

	#[benchmark]
	fn cancel_job() {
		let id = model::<T>();
		let (user, job) = job::<T>(id, T::MaxRedundancy::get());
		#[extrinsic_call]
		_(RawOrigin::Signed(user), job);
	}

	/// The last of `k` results, one of them dissenting (slashed) when k ≥ 3.
	#[benchmark]
	fn submit_result(k: Linear<1, { T::MaxRedundancy::get() }>) {
		let id = model::<T>();
		let providers = market::<T>(id, k);
		let (_, job) = job::<T>(id, k);
		submit_all::<T>(job, true, false);
		let last =
			Jobs::<T>::get(job).expect("open").assignments.last().expect("k ≥ 1").provider.clone();
		let _ = providers;
		let byte = if k >= 3 { 9 } else { 1 };
		#[extrinsic_call]
		_(RawOrigin::Signed(last), job, data::<T>(byte));
		assert!(matches!(Jobs::<T>::get(job).map(|j| j.status), Some(JobStatus::Challenge { .. })));
	}

	#[benchmark]
	fn dispute() {
		let id = model::<T>();
		market::<T>(id, 1);
		let (_, job) = job::<T>(id, 1);
		submit_all::<T>(job, false, false);
		let disputer = funded::<T>("disputer", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(disputer), job);
	}

	/// Upheld: `k` winners slashed, the job reopened and matched again.
	#[benchmark]
	fn resolve_dispute(k: Linear<1, { T::MaxRedundancy::get() }>) -> Result<(), BenchmarkError> {
		let origin =
			T::ArbiterOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let id = model::<T>();
		// Nobody paused: the k cheapest take the job, and the re-match reads `MaxMatchScan`
		// offers and assigns the next ones.
		market::<T>(id, T::MaxMatchScan::get());
		let (_, job) = job::<T>(id, k);
		submit_all::<T>(job, false, false);
		Pallet::<T>::do_dispute(funded::<T>("disputer", 0), job).expect("disputes");
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, job, true);
		Ok(())
	}

	/// Pays `k` providers, the owner, the treasury and the refund.
	#[benchmark]
	fn finalize(k: Linear<1, { T::MaxRedundancy::get() }>) {
		let id = model::<T>();
		market::<T>(id, k);
		let (_, job) = job::<T>(id, k);
		submit_all::<T>(job, false, false);
		past_challenge::<T>();
		let caller = funded::<T>("caller", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), job);
		assert!(!Jobs::<T>::contains_key(job));
	}

	/// `k` no-shows slashed, the job refunded.
	#[benchmark]
	fn expire(k: Linear<1, { T::MaxRedundancy::get() }>) {
		let id = model::<T>();
		market::<T>(id, k);
		let (_, job) = job::<T>(id, k);
		let now = frame_system::Pallet::<T>::block_number();
		frame_system::Pallet::<T>::set_block_number(now.saturating_add(2_000u32.into()));
		let caller = funded::<T>("caller", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), job);
		assert!(!Jobs::<T>::contains_key(job));
	}

	#[benchmark]
	fn claim_credit() {
		let asset = T::BenchmarkHelper::payment_asset();
		let who = funded::<T>("owed", 0);
		<T::Assets as fungibles::Mutate<_>>::mint_into(
			asset.clone(),
			&Pallet::<T>::account_id(),
			FUNDS,
		)
		.expect("mints");
		Credits::<T>::insert(&who, &asset, 1_000_000);
		let caller = funded::<T>("caller", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), who.clone(), asset.clone());
		assert_eq!(Credits::<T>::get(&who, &asset), 0);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::build(), crate::mock::Test);
}
