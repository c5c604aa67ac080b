//! Benchmarks of the oracle's calls, each at its worst case (frame-benchmarking v2).

use super::*;
use crate::Pallet as Oracle;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{traits::EnsureOrigin, BoundedVec};
use frame_system::RawOrigin;
use sp_runtime::{traits::Get, FixedU128, Permill};
use traits::BenchmarkHelper;

/// The `i`-th benchmark asset.
fn asset<T: Config>(i: u32) -> T::AssetKind {
	T::BenchmarkHelper::asset(i)
}

/// A config that accepts any move (so benchmarks hit the accept path) with a long max age.
fn config() -> AssetConfig {
	AssetConfig { max_age: 3_600_000, max_deviation: Permill::from_percent(100) }
}

/// Installs `n` feeders (the last one is returned) and configures `assets` assets.
fn setup<T: Config>(n: u32, assets: u32) -> Vec<T::AccountId> {
	let feeders: Vec<T::AccountId> = (0..n).map(|i| account("feeder", i, 0)).collect();
	Feeders::<T>::put(
		BoundedBTreeSet::try_from(
			feeders.iter().cloned().collect::<alloc::collections::BTreeSet<_>>(),
		)
		.expect("n <= MaxFeeders"),
	);
	for i in 0..assets {
		AssetConfigs::<T>::insert(asset::<T>(i), config());
	}
	feeders
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// `b` assets in the batch, `f` feeders: every asset's median reads all `f` fresh feeds, and
	/// every asset has a previous price (so the circuit breaker is evaluated).
	#[benchmark]
	fn feed_prices(b: Linear<1, { T::MaxBatch::get() }>, f: Linear<1, { T::MaxFeeders::get() }>) {
		let feeders = setup::<T>(f, T::MaxBatch::get());
		let now = T::Time::now();
		for asset in 0..b {
			for feeder in &feeders {
				Feeds::<T>::insert(
					feeder,
					asset::<T>(asset),
					Feed { price: FixedU128::from_u32(100), at: now },
				);
			}
			Prices::<T>::insert(
				asset::<T>(asset),
				CombinedPrice { price: FixedU128::from_u32(100), at: now, feeders: f },
			);
		}
		let caller = feeders[0].clone();
		let values: BoundedVec<_, T::MaxBatch> = BoundedVec::truncate_from(
			(0..b).map(|asset| (asset::<T>(asset), FixedU128::from_u32(101))).collect(),
		);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), values);

		assert!(Feeds::<T>::get(&caller, asset::<T>(0)).is_some());
	}

	#[benchmark]
	fn add_feeder() -> Result<(), BenchmarkError> {
		setup::<T>(T::MaxFeeders::get() - 1, 0);
		let origin =
			T::FeederOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let who: T::AccountId = account("new", 0, 0);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(Feeders::<T>::get().contains(&who));
		Ok(())
	}

	/// `a`: feeds the removed feeder holds (one per asset).
	#[benchmark]
	fn remove_feeder(a: Linear<0, { T::MaxAssets::get() }>) -> Result<(), BenchmarkError> {
		let feeders = setup::<T>(T::MaxFeeders::get(), T::MaxAssets::get());
		let who = feeders[0].clone();
		for asset in 0..a {
			Feeds::<T>::insert(
				&who,
				asset::<T>(asset),
				Feed { price: FixedU128::from_u32(1), at: 0 },
			);
		}
		LastFeedBlock::<T>::insert(&who, frame_system::Pallet::<T>::block_number());
		let origin =
			T::FeederOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(!Feeders::<T>::get().contains(&who));
		Ok(())
	}

	#[benchmark]
	fn set_asset_config() -> Result<(), BenchmarkError> {
		setup::<T>(0, T::MaxAssets::get() - 1);
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let asset = asset::<T>(T::MaxAssets::get() - 1);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, asset.clone(), config());

		assert!(AssetConfigs::<T>::contains_key(asset));
		Ok(())
	}

	#[benchmark]
	fn lock_price() -> Result<(), BenchmarkError> {
		setup::<T>(0, 1);
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, asset::<T>(0));

		assert!(Locked::<T>::contains_key(asset::<T>(0)));
		Ok(())
	}

	#[benchmark]
	fn unlock_price() -> Result<(), BenchmarkError> {
		setup::<T>(0, 1);
		Locked::<T>::insert(asset::<T>(0), ());
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, asset::<T>(0));

		assert!(!Locked::<T>::contains_key(asset::<T>(0)));
		Ok(())
	}

	/// `f` feeders with fresh feeds for the frozen asset.
	#[benchmark]
	fn unfreeze_price(f: Linear<1, { T::MaxFeeders::get() }>) -> Result<(), BenchmarkError> {
		let feeders = setup::<T>(f, 1);
		let asset = asset::<T>(0);
		let now = T::Time::now();
		for feeder in &feeders {
			Feeds::<T>::insert(
				feeder,
				asset.clone(),
				Feed { price: FixedU128::from_u32(100), at: now },
			);
		}
		Frozen::<T>::insert(asset.clone(), FixedU128::from_u32(100));
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, asset.clone());

		assert!(!Frozen::<T>::contains_key(asset));
		Ok(())
	}

	impl_benchmark_test_suite!(
		Oracle,
		crate::mock::ExtBuilder::default().min_feeders(1).build(),
		crate::mock::Test
	);
}
