//! Benchmarks of the job market's calls, each at its worst case (frame-benchmarking v2): full
//! offer lists, `MaxMatchScan` providers read by matching, k = `MaxRedundancy` where a call
//! works per provider, and every provider a job takes or releases serving
//! `MaxModelsPerProvider` models (so delisting and relisting touch the most lists). `expire`
//! has one benchmark per branch; the call is charged the heaviest.

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

/// The benchmarks' payment asset, allowed.
fn allowed<T: Config>() -> T::AssetKind {
	let asset = T::BenchmarkHelper::payment_asset();
	PaymentAssets::<T>::insert(&asset, ());
	asset
}

/// A model with the longest texts.
fn model<T: Config>() -> ModelId {
	allowed::<T>();
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

/// `model`'s offer list filled with providers of capacity 1 (so that taking a job delists
/// them and closing it relists them) that each also serve `MaxModelsPerProvider - 1` other
/// models, whose lists they fill too: every delisting and relisting works on the most lists,
/// each full. Matching reads the first `MaxMatchScan`. Returns the providers, best first.
fn market<T: Config>(model: ModelId) -> Vec<T::AccountId> {
	let mut served = vec![model];
	served.extend((1..T::MaxModelsPerProvider::get()).map(|_| self::model::<T>()));
	(0..T::MaxProvidersPerModel::get())
		.map(|i| {
			let who = funded::<T>("provider", i);
			let offers = served.iter().map(|&model| ModelOffer { model, price: 100 }).collect();
			Pallet::<T>::do_register_provider(
				who.clone(),
				T::MinProviderStake::get().saturating_mul(Balance::from(100 - i)),
				BoundedVec::truncate_from(offers),
				1,
				text::<T>(),
			)
			.expect("registers");
			who
		})
		.collect()
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

/// A new provider serving `o` models, each offer in a list one short of full (see
/// [`crowded_offers`]).
fn crowded_provider<T: Config>(o: u32) -> T::AccountId {
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
	who
}

fn blocks<T: Config>(n: BlockNumberFor<T>) {
	let now = frame_system::Pallet::<T>::block_number();
	frame_system::Pallet::<T>::set_block_number(now.saturating_add(n));
}

fn terms<T: Config>(model: ModelId, k: u32) -> JobTermsOf<T> {
	let now = frame_system::Pallet::<T>::block_number();
	JobTerms {
		model,
		max_price: 1_000,
		redundancy: k,
		// The shortest deadline allowed, from the next block on (the benchmark may run one
		// block later than its setup).
		deadline: now
			.saturating_add(T::AcceptWindow::get())
			.saturating_add(T::MinExecutionWindow::get())
			.saturating_add(One::one()),
		max_total: Balance::MAX,
	}
}

/// A user's job for `model` with redundancy `k`, offered to the market's best `k`.
fn job<T: Config>(model: ModelId, k: u32) -> (T::AccountId, JobId) {
	let user = funded::<T>("user", 0);
	let id = Pallet::<T>::do_post_job(
		user.clone(),
		terms::<T>(model, k),
		data::<T>(0),
		BoundedVec::new(),
	)
	.expect("posts");
	(user, id)
}

/// A user's job for `model` with redundancy `k`, naming the market's best `k` (`providers`):
/// their offers take no capacity until accepted.
fn named_job<T: Config>(model: ModelId, k: u32, providers: &[T::AccountId]) -> JobId {
	let user = funded::<T>("user", 0);
	let named = BoundedVec::truncate_from(providers[..k as usize].to_vec());
	Pallet::<T>::do_post_job(user, terms::<T>(model, k), data::<T>(0), named).expect("posts")
}

fn providers_of<T: Config>(job: JobId) -> Vec<T::AccountId> {
	Jobs::<T>::get(job).expect("open").assignments.iter().map(|a| a.provider.clone()).collect()
}

/// The job's first `n` offered providers accept.
fn accept<T: Config>(job: JobId, n: usize) {
	for who in providers_of::<T>(job).into_iter().take(n) {
		Pallet::<T>::do_accept_job(who, job).expect("accepts");
	}
}

fn salt() -> H256 {
	H256::repeat_byte(5)
}

/// Provider `i` of a job outputs byte `answers[i]`.
fn commit_all<T: Config>(job: JobId, answers: &[u8], n: usize) {
	for (who, byte) in providers_of::<T>(job).into_iter().zip(answers).take(n) {
		let hash = data::<T>(*byte).content_hash();
		let commitment = crate::commitment(job, &who, &hash, &salt());
		Pallet::<T>::do_commit_result(who, job, commitment).expect("commits");
	}
}

fn reveal_all<T: Config>(job: JobId, answers: &[u8], n: usize) {
	for (who, byte) in providers_of::<T>(job).into_iter().zip(answers).take(n) {
		Pallet::<T>::do_reveal_result(who, job, data::<T>(*byte), salt()).expect("reveals");
	}
}

/// Answers for k providers: a bare majority agrees, every other provider dissents with its
/// own answer (k = 5: three agree, two dissent).
fn dissenting(k: u32) -> Vec<u8> {
	(0..k).map(|i| if i <= k / 2 { 1 } else { 10 + i as u8 }).collect()
}

/// Answers that all differ: no majority.
fn all_differ(k: u32) -> Vec<u8> {
	(0..k).map(|i| 10 + i as u8).collect()
}

/// A job of `k` accepted, committed and revealed as `answers`.
fn revealed<T: Config>(k: u32, answers: &[u8]) -> JobId {
	let id = model::<T>();
	market::<T>(id);
	let (_, job) = job::<T>(id, k);
	accept::<T>(job, k as usize);
	commit_all::<T>(job, answers, k as usize);
	reveal_all::<T>(job, answers, k as usize);
	job
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_model() {
		let owner = funded::<T>("owner", 0);
		let asset = allowed::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), info::<T>(), 10, asset);
		assert!(Models::<T>::contains_key(0));
	}

	#[benchmark]
	fn update_model() {
		let id = model::<T>();
		let owner = Models::<T>::get(id).expect("exists").owner;
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id, info::<T>(), 20);
		assert!(Models::<T>::get(id).is_some_and(|m| m.pending_royalty.is_some()));
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
		let who = crowded_provider::<T>(o);
		Pallet::<T>::do_set_paused(who.clone(), true).expect("pauses");
		#[extrinsic_call]
		_(RawOrigin::Signed(who), false);
	}

	/// Withdraws `o` offers from full lists.
	#[benchmark]
	fn unregister(o: Linear<1, { T::MaxModelsPerProvider::get() }>) {
		let who = crowded_provider::<T>(o);
		#[extrinsic_call]
		_(RawOrigin::Signed(who));
	}

	/// Suspends a serving provider: its `o` offers leave full lists.
	#[benchmark]
	fn suspend_provider(
		o: Linear<1, { T::MaxModelsPerProvider::get() }>,
	) -> Result<(), BenchmarkError> {
		let origin =
			T::EmergencyOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let who = crowded_provider::<T>(o);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());
		assert!(Suspended::<T>::contains_key(&who));
		Ok(())
	}

	#[benchmark]
	fn lift_suspension() -> Result<(), BenchmarkError> {
		let origin =
			T::ArbiterOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let who = provider::<T>(0, model::<T>(), 100);
		Pallet::<T>::do_suspend(who.clone()).expect("suspends");
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());
		assert!(!Suspended::<T>::contains_key(&who));
		Ok(())
	}

	#[benchmark]
	fn withdraw_stake() {
		let who = provider::<T>(0, model::<T>(), 100);
		Pallet::<T>::do_unregister(who.clone()).expect("unregisters");
		blocks::<T>(T::UnbondingPeriod::get());
		#[extrinsic_call]
		_(RawOrigin::Signed(who));
	}

	/// Matching reads `MaxMatchScan` listed offers and offers `k` slots, each delisting a
	/// provider it fills; the first job in the asset also endows the pallet account.
	#[benchmark]
	fn post_job(k: Linear<1, { T::MaxRedundancy::get() }>) {
		let id = model::<T>();
		market::<T>(id);
		let user = funded::<T>("user", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(user), terms::<T>(id, k), data::<T>(0), BoundedVec::new());
		assert_eq!(Jobs::<T>::get(0).map(|j| j.assignments.len() as u32), Some(k));
	}

	/// The last acceptance of a named offer, by a provider serving the most models at
	/// capacity 1: collateral into escrow, a unit of capacity taken, the provider delisted from
	/// every list, the commit phase starts.
	#[benchmark]
	fn accept_job() {
		let k = T::MaxRedundancy::get();
		let id = model::<T>();
		let providers = market::<T>(id);
		let job = named_job::<T>(id, k, &providers);
		accept::<T>(job, k as usize - 1);
		let last = providers_of::<T>(job).pop().expect("k ≥ 1");
		#[extrinsic_call]
		_(RawOrigin::Signed(last), job);
		assert_eq!(Jobs::<T>::get(job).map(|j| j.status), Some(JobStatus::Committing));
	}

	/// A claim of the last slot by a provider serving the most models at capacity 1 (it
	/// declined the offer first): collateral into escrow, the claimer delisted from every
	/// list, the commit phase starts.
	#[benchmark]
	fn claim() {
		let k = T::MaxRedundancy::get();
		let id = model::<T>();
		market::<T>(id);
		let (_, job) = job::<T>(id, k);
		accept::<T>(job, k as usize - 1);
		let claimer = providers_of::<T>(job).pop().expect("k ≥ 1");
		Pallet::<T>::do_decline_job(claimer.clone(), job).expect("declines");
		#[extrinsic_call]
		_(RawOrigin::Signed(claimer), job);
		assert_eq!(Jobs::<T>::get(job).map(|j| j.status), Some(JobStatus::Committing));
	}

	/// The last matched provider of a k = `MaxRedundancy` job declines: its unit of capacity
	/// comes back and it is relisted in every list it serves.
	#[benchmark]
	fn decline_job() {
		let k = T::MaxRedundancy::get();
		let id = model::<T>();
		market::<T>(id);
		let (_, job) = job::<T>(id, k);
		accept::<T>(job, k as usize - 1);
		let last = providers_of::<T>(job).pop().expect("k ≥ 1");
		#[extrinsic_call]
		_(RawOrigin::Signed(last), job);
		assert_eq!(Jobs::<T>::get(job).map(|j| j.assignments.len() as u32), Some(k - 1));
	}

	/// `k - 1` accepted (collateral back, each relisted in every list it serves) and one
	/// offered.
	#[benchmark]
	fn cancel_job() {
		let k = T::MaxRedundancy::get();
		let id = model::<T>();
		market::<T>(id);
		let (user, job) = job::<T>(id, k);
		accept::<T>(job, k as usize - 1);
		#[extrinsic_call]
		_(RawOrigin::Signed(user), job);
		assert!(!Jobs::<T>::contains_key(job));
	}

	/// The last commitment opens the reveals.
	#[benchmark]
	fn commit_result() {
		let k = T::MaxRedundancy::get();
		let id = model::<T>();
		market::<T>(id);
		let (_, job) = job::<T>(id, k);
		accept::<T>(job, k as usize);
		let answers = dissenting(k);
		commit_all::<T>(job, &answers, k as usize - 1);
		let last = providers_of::<T>(job).pop().expect("k ≥ 1");
		let hash = data::<T>(answers[k as usize - 1]).content_hash();
		let commitment = crate::commitment(job, &last, &hash, &salt());
		#[extrinsic_call]
		_(RawOrigin::Signed(last), job, commitment);
		assert!(matches!(Jobs::<T>::get(job).map(|j| j.status), Some(JobStatus::Revealing { .. })));
	}

	/// The last of `k` reveals, with a bare majority and every other provider dissenting (k = 5:
	/// two dissenters): the results are judged and the challenge window opens.
	#[benchmark]
	fn reveal_result(k: Linear<1, { T::MaxRedundancy::get() }>) {
		let id = model::<T>();
		market::<T>(id);
		let (_, job) = job::<T>(id, k);
		accept::<T>(job, k as usize);
		let answers = dissenting(k);
		commit_all::<T>(job, &answers, k as usize);
		reveal_all::<T>(job, &answers, k as usize - 1);
		let last = providers_of::<T>(job).pop().expect("k ≥ 1");
		#[extrinsic_call]
		reveal_result(RawOrigin::Signed(last), job, data::<T>(answers[k as usize - 1]), salt());
		assert!(matches!(Jobs::<T>::get(job).map(|j| j.status), Some(JobStatus::Challenge { .. })));
	}

	/// The last of `k` reveals, all different: no agreement, the job goes to the arbiter.
	#[benchmark]
	fn reveal_result_no_agreement(k: Linear<2, { T::MaxRedundancy::get() }>) {
		let id = model::<T>();
		market::<T>(id);
		let (_, job) = job::<T>(id, k);
		accept::<T>(job, k as usize);
		let answers = all_differ(k);
		commit_all::<T>(job, &answers, k as usize);
		reveal_all::<T>(job, &answers, k as usize - 1);
		let last = providers_of::<T>(job).pop().expect("k ≥ 1");
		#[extrinsic_call]
		reveal_result(RawOrigin::Signed(last), job, data::<T>(answers[k as usize - 1]), salt());
		assert!(matches!(Jobs::<T>::get(job).map(|j| j.status), Some(JobStatus::Disputed { .. })));
	}

	#[benchmark]
	fn dispute() {
		let job = revealed::<T>(1, &[1]);
		let disputer = funded::<T>("disputer", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(disputer), job);
	}

	/// The arbiter names a dissenter's result: one paid, `k - 1` slashed, all released and
	/// relisted, the bond returned.
	#[benchmark]
	fn resolve_dispute(k: Linear<1, { T::MaxRedundancy::get() }>) -> Result<(), BenchmarkError> {
		let origin =
			T::ArbiterOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let answers = dissenting(k);
		let job = revealed::<T>(k, &answers);
		Pallet::<T>::do_dispute(funded::<T>("disputer", 0), job).expect("disputes");
		let correct = data::<T>(answers[k as usize - 1]).content_hash();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, job, Some(correct));
		assert!(!Jobs::<T>::contains_key(job));
		Ok(())
	}

	/// Pays the majority of `k`, slashes the dissenters, pays the owner, the treasury and the
	/// refund.
	#[benchmark]
	fn finalize(k: Linear<1, { T::MaxRedundancy::get() }>) {
		let job = revealed::<T>(k, &dissenting(k));
		blocks::<T>(T::ChallengeWindow::get().saturating_add(One::one()));
		let caller = funded::<T>("caller", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), job);
		assert!(!Jobs::<T>::contains_key(job));
	}

	/// `k` committed providers miss their reveals: all slashed, released and relisted, the
	/// job refunded.
	#[benchmark]
	fn expire(k: Linear<1, { T::MaxRedundancy::get() }>) {
		let id = model::<T>();
		market::<T>(id);
		let (_, job) = job::<T>(id, k);
		accept::<T>(job, k as usize);
		commit_all::<T>(job, &dissenting(k), k as usize);
		blocks::<T>(T::RevealWindow::get().saturating_add(One::one()));
		let caller = funded::<T>("caller", 0);
		#[extrinsic_call]
		expire(RawOrigin::Signed(caller), job);
		assert!(!Jobs::<T>::contains_key(job));
	}

	/// An unfilled job past its accept window: `k - 1` accepted (collateral back, each
	/// relisted) and one matched offer lapsed (its provider paused and delisted everywhere).
	#[benchmark]
	fn expire_unfilled(k: Linear<1, { T::MaxRedundancy::get() }>) {
		let id = model::<T>();
		market::<T>(id);
		let (_, job) = job::<T>(id, k);
		accept::<T>(job, k as usize - 1);
		blocks::<T>(T::AcceptWindow::get().saturating_add(One::one()));
		let caller = funded::<T>("caller", 0);
		#[extrinsic_call]
		expire(RawOrigin::Signed(caller), job);
		assert!(!Jobs::<T>::contains_key(job));
	}

	/// A disputed job whose arbiter stayed silent past `ArbiterWindow`: the majority of `k`
	/// paid, the dissenters' collateral returned, the disputer's bond released, every provider
	/// relisted.
	#[benchmark]
	fn expire_arbiter_silent(k: Linear<1, { T::MaxRedundancy::get() }>) {
		let job = revealed::<T>(k, &dissenting(k));
		Pallet::<T>::do_dispute(funded::<T>("disputer", 0), job).expect("disputes");
		blocks::<T>(T::ArbiterWindow::get().saturating_add(One::one()));
		let caller = funded::<T>("caller", 0);
		#[extrinsic_call]
		expire(RawOrigin::Signed(caller), job);
		assert!(!Jobs::<T>::contains_key(job));
	}

	#[benchmark]
	fn set_payment_asset() -> Result<(), BenchmarkError> {
		let origin =
			T::AssetOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let asset = T::BenchmarkHelper::payment_asset();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, asset, false);
		Ok(())
	}

	#[benchmark]
	fn remove_model() {
		let id = model::<T>();
		let owner = Models::<T>::get(id).expect("exists").owner;
		Pallet::<T>::do_retire_model(owner.clone(), id).expect("retires");
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);
		assert!(!Models::<T>::contains_key(id));
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
