//! Benchmarks of the oracle's calls, each at its worst case (frame-benchmarking v2).

use super::*;
use alloc::vec::Vec;
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{EnsureOrigin, Time},
	BoundedVec,
};
use frame_system::RawOrigin;
use sp_runtime::{traits::Get, FixedU128, Permill};
use traits::BenchmarkHelper;

/// The `i`-th benchmark asset.
fn asset<T: Config>(i: u32) -> T::AssetKind {
	T::BenchmarkHelper::asset(i)
}

/// A config that accepts any move (so feeds reach the accept path) with a long max age and
/// wide sanity bounds.
fn config() -> AssetConfig {
	AssetConfig {
		max_age: 3_600_000,
		max_deviation: Permill::from_percent(100),
		min_price: FixedU128::from_rational(1, 1_000),
		max_price: FixedU128::from_u32(1_000_000),
		recovery_period: 3_600_000,
		recovery_tolerance: Permill::from_percent(1),
	}
}

/// The price every setup feed reports.
fn price() -> Price {
	FixedU128::from_u32(100)
}

/// A new asset's state, with its decimals from the runtime.
fn new_state<T: Config>(asset: &T::AssetKind, reference: CombinedPrice) -> AssetStateOf<T> {
	let decimals = Pallet::<T>::check_listing(asset, &config()).expect("benchmark assets list");
	AssetStateOf::<T>::new(config(), decimals, reference)
}

/// Replaces the feeders with `n` new ones and the assets with `assets` new ones, each with a
/// fresh feed from every feeder and an accepted price: the state a busy oracle is in.
fn setup<T: Config>(n: u32, assets: u32) -> Vec<T::AccountId> {
	// Start from no assets, whatever the genesis configured.
	let _ = Assets::<T>::clear(u32::MAX, None);
	let feeders: Vec<T::AccountId> = (0..n).map(|i| account("feeder", i, 0)).collect();
	let mut set = FeederSet::<T>::new();
	for who in &feeders {
		set.try_insert(who.clone(), None).expect("n <= MaxFeeders");
	}
	Feeders::<T>::put(set);
	let now = T::Time::now();
	for i in 0..assets {
		let asset = asset::<T>(i);
		let reference = if n >= T::MinFeeders::get() && n > 0 {
			CombinedPrice { price: price(), at: now, feeders: n }
		} else {
			CombinedPrice::reference(price(), now)
		};
		let mut state = new_state::<T>(&asset, reference);
		for who in &feeders {
			state
				.feeds
				.try_insert(who.clone(), Feed { price: price(), at: now })
				.expect("n <= MaxFeeders");
		}
		Assets::<T>::insert(asset, state);
	}
	feeders
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// `b` assets in the batch, `f` (at least `MinFeeders`) feeders with fresh feeds for each: every asset's median is
	/// taken over `f` feeds and checked against the circuit breaker.
	#[benchmark]
	fn feed_prices(
		b: Linear<1, { T::MaxBatch::get() }>,
		f: Linear<{ T::MinFeeders::get() }, { T::MaxFeeders::get() }>,
	) {
		let feeders = setup::<T>(f, T::MaxBatch::get());
		let caller = feeders[0].clone();
		let values: BoundedVec<_, T::MaxBatch> = BoundedVec::truncate_from(
			(0..b).map(|i| (asset::<T>(i), FixedU128::from_u32(101))).collect(),
		);

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), values);

		let state = Assets::<T>::get(asset::<T>(0)).expect("configured");
		assert_eq!(state.feeds.get(&caller).map(|f| f.price), Some(FixedU128::from_u32(101)));
	}

	#[benchmark]
	fn add_feeder() -> Result<(), BenchmarkError> {
		setup::<T>(T::MaxFeeders::get() - 1, 0);
		let origin =
			T::FeederOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let who: T::AccountId = account("new", 0, 0);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(Feeders::<T>::get().contains_key(&who));
		Ok(())
	}

	/// `a` configured assets, each holding a feed of the removed feeder among `MaxFeeders`: each
	/// price is recomputed over the remaining feeds.
	#[benchmark]
	fn remove_feeder(a: Linear<0, { T::MaxAssets::get() }>) -> Result<(), BenchmarkError> {
		let feeders = setup::<T>(T::MaxFeeders::get(), a);
		let who = feeders[0].clone();
		let origin =
			T::FeederOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(!Feeders::<T>::get().contains_key(&who));
		Ok(())
	}

	/// A new asset when `MaxAssets - 1` exist.
	#[benchmark]
	fn set_asset_config() -> Result<(), BenchmarkError> {
		setup::<T>(T::MaxFeeders::get(), T::MaxAssets::get() - 1);
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let new = asset::<T>(T::MaxAssets::get() - 1);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, new.clone(), config(), Some(price()));

		assert!(Assets::<T>::contains_key(new));
		Ok(())
	}

	#[benchmark]
	fn lock_price() -> Result<(), BenchmarkError> {
		setup::<T>(T::MaxFeeders::get(), 1);
		let origin =
			T::EmergencyOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, asset::<T>(0));

		assert!(Assets::<T>::get(asset::<T>(0)).is_some_and(|s| s.locked));
		Ok(())
	}

	#[benchmark]
	fn unlock_price() -> Result<(), BenchmarkError> {
		setup::<T>(T::MaxFeeders::get(), 1);
		Assets::<T>::mutate(asset::<T>(0), |s| {
			if let Some(state) = s {
				state.locked = true;
			}
		});
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, asset::<T>(0));

		assert!(Assets::<T>::get(asset::<T>(0)).is_some_and(|s| !s.locked));
		Ok(())
	}

	/// `f` fresh feeds for the frozen asset.
	#[benchmark]
	fn unfreeze_price(
		f: Linear<{ T::MinFeeders::get() }, { T::MaxFeeders::get() }>,
	) -> Result<(), BenchmarkError> {
		setup::<T>(f, 1);
		let now = T::Time::now();
		Assets::<T>::mutate(asset::<T>(0), |s| {
			if let Some(state) = s {
				state.frozen = Some(Freeze { held_back: price(), anchor: price(), since: now });
			}
		});
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, asset::<T>(0), price());

		assert!(Assets::<T>::get(asset::<T>(0)).is_some_and(|s| s.frozen.is_none()));
		Ok(())
	}

	/// An asset holding a feed of each of `MaxFeeders` feeders (its largest state).
	#[benchmark]
	fn remove_asset() -> Result<(), BenchmarkError> {
		setup::<T>(T::MaxFeeders::get(), T::MaxAssets::get());
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, asset::<T>(0));

		assert!(!Assets::<T>::contains_key(asset::<T>(0)));
		Ok(())
	}

	impl_benchmark_test_suite!(
		Pallet,
		crate::mock::ExtBuilder::default().build(),
		crate::mock::Test
	);
}
