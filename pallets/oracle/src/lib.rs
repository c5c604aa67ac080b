//! # Lever oracle pallet
//!
//! Prices the lending market can trust.
//!
//! ## Overview
//!
//! A bounded, permissioned set of **feeders** (managed by `FeederOrigin`) pushes prices with
//! [`Pallet::feed_prices`]: a batch of `(asset, price)` pairs, at most one batch per feeder per
//! block, fee-free for a feeder (a non-feeder's call fails and pays). Each asset's price is the
//! **median of the fresh feeds** — those younger than the asset's `max_age` — and forms only
//! from a **quorum** of at least `MinFeeders` fresh feeds.
//!
//! The oracle never serves a price it cannot vouch for. Consumers ([`PriceProvider`]) get a
//! typed error instead of a fallback when the price is missing ([`PriceError::NoPrice`]), older
//! than `max_age` ([`PriceError::Stale`]), held by the circuit breaker ([`PriceError::Frozen`])
//! or locked by governance ([`PriceError::Locked`]).
//!
//! ## Key concepts
//!
//! - **Quorum (2f + 1)**: to stand `f` faulty feeders, `MinFeeders` must be at least `2f + 1`
//!   (3 on the Lever runtime, for `f = 1`). Then a median needs `f + 1` honest feeds on each
//!   side of it, so it lies between honest feeds whatever the faulty ones report. Over two
//!   feeds any rule can be steered by either one: with `MinFeeders = 3` and one of three feeders
//!   quiet, no price forms (the last one goes stale) rather than one a single feeder moves. Run
//!   at least `MinFeeders + 1` feeders so that one quiet feeder keeps prices live.
//! - **Freshness**: a combined price dates from the **oldest** feed its median was taken over,
//!   so a served price is always the median of feeds that were fresh together and still are.
//!   A feeder's removal recomputes every price it fed ([`Pallet::remove_feeder`]).
//! - **Reference price**: configuring an asset takes one; it anchors the circuit breaker of
//!   the first median and is never served. A price whose feeder was removed, with too few fresh
//!   feeds left for a new one, becomes a reference price too.
//! - **Sanity bounds**: a median outside the asset's `[min_price, max_price]` is never
//!   accepted, by any path (event [`Event::PriceOutOfBounds`]).
//! - **Circuit breaker**: a median further than `max_deviation` from the last accepted (or
//!   reference) price is not accepted; the asset **freezes** (event [`Event::PriceFrozen`]).
//!   It leaves the freeze by itself when a quorum median comes back within `max_deviation`, or
//!   when the held-back median stays within `recovery_tolerance` of itself, from a quorum of
//!   fresh feeds, for `recovery_period` (event [`Event::PriceRecovered`]); or when
//!   `AdminOrigin` accepts the median it reviewed with [`Pallet::unfreeze_price`], which
//!   refuses if the median moved beyond `recovery_tolerance` since.
//! - **Decimals snapshot**: an asset's decimals are read when it is configured; converting
//!   values ([`math`]) uses that snapshot, so the asset owner's later metadata changes move no
//!   value. Re-configuring reads them again. Listing checks what the runtime can check of the
//!   asset's roles ([`AssetListing`]).
//! - **Lock**: `AdminOrigin` may stop an asset's price in an emergency ([`Pallet::lock_price`]);
//!   feeds are still recorded but no price is served or accepted until
//!   [`Pallet::unlock_price`].
//!
//! ## Storage economics
//!
//! [`Feeders`]: one bounded map of at most `MaxFeeders` feeders with the block of their last
//! feed. [`Assets`]: at most `MaxAssets` items, each holding the asset's configuration and
//! decimals, one feed per feeder, the accepted price and its freeze/lock state — so a feed of
//! one asset reads and writes two storage items in all. Feeds are overwritten by each new feed
//! and removed with their feeder or asset. Nothing grows with use.
//!
//! ## Invariants
//!
//! Listed in [`invariants`] and checked by `Pallet::do_try_state` (the `try_state` hook, and
//! after every unit test).
//!
//! ## Layout
//!
//! Calls in `lib.rs` hand their work to `do_*` functions: feeds and the price rules in
//! [`feeds`], feeder and asset administration in [`admin`], what consumers and clients read in
//! [`views`], the arithmetic in [`math`].

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod admin;
pub mod feeds;
pub mod invariants;
pub mod math;
pub mod runtime_api;
pub mod traits;
pub mod types;
pub mod views;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet::*;
pub use traits::{AssetListing, PriceProvider};
pub use types::*;
pub use weights::WeightInfo;

use sp_runtime::FixedU128;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{
		dispatch::{DispatchResultWithPostInfo, Pays},
		pallet_prelude::*,
		traits::Time,
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::Permill;

	/// The in-code storage version. Version 2 stores each asset's decimals, a reference price
	/// from its configuration and the freeze's persistence window; no chain holds version-1
	/// state (dev chains start from genesis), so there is no migration.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(2);

	/// An asset's state as stored.
	pub type AssetStateOf<T> =
		AssetState<<T as frame_system::Config>::AccountId, <T as Config>::MaxFeeders>;

	/// The feeders with the block of their latest feed.
	pub type FeederSet<T> = BoundedBTreeMap<
		<T as frame_system::Config>::AccountId,
		Option<BlockNumberFor<T>>,
		<T as Config>::MaxFeeders,
	>;

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// What an asset is: LEV or a `pallet-assets` asset.
		type AssetKind: Parameter + MaxEncodedLen + Ord + MaybeSerializeDeserialize;

		/// Chain time in milliseconds (`pallet-timestamp`).
		type Time: Time<Moment = Moment>;

		/// What listing an asset checks, and its decimals (snapshotted at configuration).
		type Listing: AssetListing<Self::AssetKind>;

		/// May add and remove feeders (governance; sudo on dev).
		type FeederOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// May configure and remove assets, unlock their prices and review frozen ones.
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// May lock a price at once in an emergency (`lock_price`): the one call that only
		/// ever stops prices, never loosens anything; unlocking is `AdminOrigin`'s.
		type EmergencyOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Assets something on chain still prices through the oracle (a lending market): they
		/// cannot be removed, or that consumer would lose its price at once.
		type PriceConsumers: frame_support::traits::Contains<Self::AssetKind>;

		/// The most feeders there may be.
		#[pallet::constant]
		type MaxFeeders: Get<u32>;

		/// Fresh feeds needed to form a price: `2f + 1` to stand `f` faulty feeders.
		#[pallet::constant]
		type MinFeeders: Get<u32>;

		/// The most `(asset, price)` pairs in one `feed_prices` call.
		#[pallet::constant]
		type MaxBatch: Get<u32>;

		/// The most assets the oracle prices.
		#[pallet::constant]
		type MaxAssets: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Makes assets for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: traits::BenchmarkHelper<Self::AssetKind>;
	}

	/// The feeders, each with the block of its latest feed (`None` before its first feed).
	#[pallet::storage]
	pub type Feeders<T: Config> = StorageValue<_, FeederSet<T>, ValueQuery>;

	/// Per configured asset: its configuration and decimals, feeds, accepted price, freeze and
	/// lock.
	#[pallet::storage]
	pub type Assets<T: Config> =
		CountedStorageMap<_, Blake2_128Concat, T::AssetKind, AssetStateOf<T>, OptionQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The initial feeders.
		pub feeders: Vec<T::AccountId>,
		/// The initial assets: configuration and reference price (never served; it anchors
		/// the circuit breaker of the first median).
		pub assets: Vec<GenesisAsset<T::AssetKind>>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let mut feeders = FeederSet::<T>::new();
			for who in &self.feeders {
				feeders
					.try_insert(who.clone(), None)
					.expect("genesis feeders must not exceed MaxFeeders");
			}
			Feeders::<T>::put(feeders);
			for GenesisAsset { asset, config, reference } in &self.assets {
				assert!(!Assets::<T>::contains_key(asset), "a genesis asset is listed twice");
				let decimals = Pallet::<T>::check_listing(asset, config)
					.expect("genesis assets must be listable with a valid config");
				let state = AssetStateOf::<T>::new(
					*config,
					decimals,
					CombinedPrice::reference(*reference, 0),
				);
				assert!(state.in_bounds(*reference), "genesis reference prices must be in bounds");
				Assets::<T>::insert(asset, state);
			}
			assert!(
				Assets::<T>::count() <= T::MaxAssets::get(),
				"genesis assets must not exceed MaxAssets"
			);
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An account became a feeder.
		FeederAdded { who: T::AccountId },
		/// A feeder was removed, with its feeds; the prices it fed were recomputed.
		FeederRemoved { who: T::AccountId },
		/// A feeder fed prices for `count` assets.
		PricesFed { feeder: T::AccountId, count: u32 },
		/// A new combined price was accepted.
		PriceUpdated { asset: T::AssetKind, price: Price, at: Moment, feeders: u32 },
		/// The circuit breaker held back a median too far from the last accepted price.
		PriceFrozen { asset: T::AssetKind, last: Price, proposed: Price, deviation: Permill },
		/// The freeze lifted by itself: the median came back within `max_deviation`, or the
		/// held-back move persisted from a quorum since `held_since` for `recovery_period`.
		PriceRecovered { asset: T::AssetKind, price: Price, held_since: Moment },
		/// The admin origin reviewed a frozen asset and accepted its current median.
		PriceUnfrozen { asset: T::AssetKind, price: Price },
		/// A median outside the asset's sanity bounds was not accepted.
		PriceOutOfBounds { asset: T::AssetKind, proposed: Price },
		/// The admin origin locked an asset's price.
		PriceLocked { asset: T::AssetKind },
		/// The admin origin unlocked an asset's price.
		PriceUnlocked { asset: T::AssetKind },
		/// An asset was configured, with its decimals read now and, if given, a new reference
		/// price.
		AssetConfigured {
			asset: T::AssetKind,
			config: AssetConfig,
			decimals: u8,
			reference: Option<Price>,
		},
		/// An asset was removed from the oracle, with its feeds and price.
		AssetRemoved { asset: T::AssetKind },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller is not a feeder (or the account to remove is not one).
		NotFeeder,
		/// The account is already a feeder.
		AlreadyFeeder,
		/// There are already `MaxFeeders` feeders.
		TooManyFeeders,
		/// The feeder already fed in this block; feed again in the next one.
		AlreadyFedThisBlock,
		/// The batch holds no prices.
		EmptyBatch,
		/// The batch names an asset twice.
		DuplicateAsset,
		/// A price of zero is never plausible.
		ZeroPrice,
		/// The asset is not configured in the oracle.
		AssetNotConfigured,
		/// `max_age`, `max_deviation` and `recovery_period` must be above zero, and
		/// `0 < min_price <= max_price`.
		InvalidConfig,
		/// The asset's decimals are unknown: create it and set its metadata first.
		UnknownDecimals,
		/// The asset is frozen or being destroyed: it cannot be listed.
		AssetNotLive,
		/// A role of the asset (owner, issuer, admin or freezer) is held by an account the
		/// runtime does not trust for a listed asset: hand the roles over first.
		UntrustedAssetRole,
		/// A new asset needs a reference price.
		MissingReference,
		/// The reference price (or, on re-configuring, the price or held-back median kept)
		/// lies outside the sanity bounds: give a reference within them.
		ReferenceOutOfBounds,
		/// There are already `MaxAssets` assets.
		TooManyAssets,
		/// The asset's price is already locked.
		AlreadyLocked,
		/// The asset's price is not locked.
		NotLocked,
		/// The asset is not frozen.
		NotFrozen,
		/// Fewer than `MinFeeders` fresh feeds: there is no median to accept.
		NotEnoughFreshFeeds,
		/// The current median lies outside the asset's sanity bounds.
		PriceOutOfBounds,
		/// The median moved beyond `recovery_tolerance` from the price the admin reviewed:
		/// review it again.
		MedianMoved,
		/// An internal invariant was broken (a bug); nothing was changed.
		Unexpected,
		/// Something on chain still prices the asset through the oracle (a lending market):
		/// it cannot be removed.
		AssetInUse,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MinFeeders::get() >= 1, "MinFeeders must be at least 1");
			assert!(
				T::MinFeeders::get() <= T::MaxFeeders::get(),
				"MinFeeders must not exceed MaxFeeders"
			);
			assert!(T::MaxBatch::get() >= 1, "MaxBatch must be at least 1");
			assert!(T::MaxAssets::get() >= 1, "MaxAssets must be at least 1");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Feed prices for a batch of assets.
		///
		/// - Origin: a feeder. Fee-free; a non-feeder's call fails with `NotFeeder` and pays.
		/// - `values`: `(asset, USD per whole token)` pairs, each asset configured, once, with a
		///   non-zero price.
		///
		/// Each asset's median is recomputed over the fresh feeds of all feeders and goes
		/// through the sanity bounds and the circuit breaker (see the crate docs).
		///
		/// Errors: `NotFeeder`, `AlreadyFedThisBlock`, `EmptyBatch`, `DuplicateAsset`,
		/// `ZeroPrice`, `AssetNotConfigured`.
		/// Events: `PricesFed`; per asset `PriceUpdated`, `PriceFrozen`, `PriceRecovered` or
		/// `PriceOutOfBounds` (or nothing while locked, short of a quorum, or still frozen).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::feed_prices(values.len() as u32, T::MaxFeeders::get()))]
		pub fn feed_prices(
			origin: OriginFor<T>,
			values: BoundedVec<(T::AssetKind, Price), T::MaxBatch>,
		) -> DispatchResultWithPostInfo {
			let feeder = ensure_signed(origin)?;
			let (count, feeders) = Self::do_feed_prices(feeder, values)?;
			Ok((Some(T::WeightInfo::feed_prices(count, feeders)), Pays::No).into())
		}

		/// Make `who` a feeder.
		///
		/// - Origin: `FeederOrigin`.
		///
		/// Errors: `AlreadyFeeder`, `TooManyFeeders`. Event: `FeederAdded`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::add_feeder())]
		pub fn add_feeder(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::FeederOrigin::ensure_origin(origin)?;
			Self::do_add_feeder(who)
		}

		/// Remove feeder `who` and its feeds, and recompute every price it fed: a price that
		/// may stand on its feed is no longer served, and the remaining fresh feeds form a new
		/// one at once if they are a quorum (through the bounds and the breaker).
		///
		/// - Origin: `FeederOrigin`.
		///
		/// Visits every configured asset (at most `MaxAssets`).
		///
		/// Errors: `NotFeeder`. Events: `FeederRemoved`, and per asset those of a feed.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::remove_feeder(T::MaxAssets::get()))]
		pub fn remove_feeder(
			origin: OriginFor<T>,
			who: T::AccountId,
		) -> DispatchResultWithPostInfo {
			T::FeederOrigin::ensure_origin(origin)?;
			let assets = Self::do_remove_feeder(who)?;
			Ok(Some(T::WeightInfo::remove_feeder(assets)).into())
		}

		/// Configure an asset: its staleness bound, sanity bounds, circuit breaker and
		/// recovery, with its decimals read now (and read again on every re-configuration).
		///
		/// - Origin: `AdminOrigin`.
		/// - `config`: `max_age`, `max_deviation` and `recovery_period` above zero,
		///   `0 < min_price <= max_price`.
		/// - `reference`: the circuit breaker's anchor (never served), within the bounds.
		///   Required for a new asset. For a configured one, `Some` replaces the last accepted
		///   price with it (lifting a freeze; the asset reads as stale until fed) and `None`
		///   keeps it (and any held-back median), which must then lie within the new bounds.
		///
		/// The runtime checks the asset is live and its roles are safely held
		/// ([`AssetListing`]).
		///
		/// Errors: `InvalidConfig`, `UnknownDecimals`, `AssetNotLive`, `UntrustedAssetRole`,
		/// `MissingReference`, `ReferenceOutOfBounds`, `TooManyAssets`.
		/// Event: `AssetConfigured`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_asset_config())]
		pub fn set_asset_config(
			origin: OriginFor<T>,
			asset: T::AssetKind,
			config: AssetConfig,
			reference: Option<Price>,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_set_asset_config(asset, config, reference)
		}

		/// Lock an asset's price: consumers get `Locked` and feeds form no price until unlocked.
		///
		/// - Origin: `EmergencyOrigin`.
		///
		/// Errors: `AssetNotConfigured`, `AlreadyLocked`. Event: `PriceLocked`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::lock_price())]
		pub fn lock_price(origin: OriginFor<T>, asset: T::AssetKind) -> DispatchResult {
			T::EmergencyOrigin::ensure_origin(origin)?;
			Self::do_set_locked(asset, true)
		}

		/// Unlock an asset's price. The next feed forms a price again (through the circuit
		/// breaker).
		///
		/// - Origin: `AdminOrigin`.
		///
		/// Errors: `AssetNotConfigured`, `NotLocked`. Event: `PriceUnlocked`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::unlock_price())]
		pub fn unlock_price(origin: OriginFor<T>, asset: T::AssetKind) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_set_locked(asset, false)
		}

		/// Review a frozen asset: accept the median of its current fresh feeds, whatever its
		/// distance from the last accepted price, and lift the freeze.
		///
		/// - Origin: `AdminOrigin`.
		/// - `reviewed`: the held-back median the admin reviewed (`PriceInfo::held_back`). The
		///   call refuses if the current median moved beyond the asset's `recovery_tolerance`
		///   from it.
		///
		/// Errors: `AssetNotConfigured`, `NotFrozen`, `NotEnoughFreshFeeds`,
		/// `PriceOutOfBounds`, `MedianMoved`. Events: `PriceUpdated`, `PriceUnfrozen`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::unfreeze_price(T::MaxFeeders::get()))]
		pub fn unfreeze_price(
			origin: OriginFor<T>,
			asset: T::AssetKind,
			reviewed: Price,
		) -> DispatchResultWithPostInfo {
			T::AdminOrigin::ensure_origin(origin)?;
			let feeds = Self::do_unfreeze_price(asset, reviewed)?;
			Ok(Some(T::WeightInfo::unfreeze_price(feeds)).into())
		}

		/// Remove an asset from the oracle, with its feeds and price: consumers get `NoPrice`
		/// and [`PriceProvider::is_listed`] turns false.
		///
		/// - Origin: `AdminOrigin`.
		///
		/// Errors: `AssetNotConfigured`, `AssetInUse` (a `PriceConsumers` asset, e.g. one with a
		/// lending market). Event: `AssetRemoved`.
		#[pallet::call_index(7)]
		#[pallet::weight(
			// The benchmark, and the consumers' check (one read).
			T::WeightInfo::remove_asset().saturating_add(T::DbWeight::get().reads(1))
		)]
		pub fn remove_asset(origin: OriginFor<T>, asset: T::AssetKind) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_remove_asset(asset)
		}
	}

	impl<T: Config> Pallet<T> {
		/// Deposits one of this pallet's events.
		pub(crate) fn emit(event: Event<T>) {
			Self::deposit_event(event);
		}

		/// Chain time now.
		pub(crate) fn now() -> Moment {
			T::Time::now()
		}
	}
}

impl<T: Config> PriceProvider<T::AssetKind> for Pallet<T> {
	fn is_listed(asset: &T::AssetKind) -> bool {
		Assets::<T>::contains_key(asset)
	}

	fn price(asset: &T::AssetKind) -> Result<ValidPrice, PriceError> {
		Self::valid_price(asset)
	}

	fn value_of(
		asset: &T::AssetKind,
		amount: u128,
		rounding: Rounding,
	) -> Result<FixedU128, PriceError> {
		let (price, decimals) = Self::valid_price_and_decimals(asset)?;
		math::value_of(price.price, decimals, amount, rounding).ok_or(PriceError::Overflow)
	}

	fn last_value_of(
		asset: &T::AssetKind,
		amount: u128,
		rounding: Rounding,
	) -> Result<FixedU128, PriceError> {
		let state = Assets::<T>::get(asset).ok_or(PriceError::NoPrice)?;
		let last = state.price.ok_or(PriceError::NoPrice)?.price;
		let price = state.frozen.map_or(last, |frozen| last.min(frozen.held_back));
		math::value_of(price, state.decimals, amount, rounding).ok_or(PriceError::Overflow)
	}

	fn amount_for_value(
		asset: &T::AssetKind,
		value: FixedU128,
		rounding: Rounding,
	) -> Result<u128, PriceError> {
		let (price, decimals) = Self::valid_price_and_decimals(asset)?;
		math::amount_for_value(price.price, decimals, value, rounding).ok_or(PriceError::Overflow)
	}
}
