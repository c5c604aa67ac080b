//! # Lever oracle pallet
//!
//! Prices the lending market can trust.
//!
//! ## Overview
//!
//! A bounded, permissioned set of **feeders** (managed by `FeederOrigin`) pushes prices with
//! [`Pallet::feed_prices`]: a batch of `(asset, price)` pairs, at most one batch per feeder per
//! block, fee-free for a feeder (a non-feeder's call fails and pays). Each asset's price is the
//! **median of the fresh feeds** — those younger than the asset's `max_age` — and exists only
//! when at least `MinFeeders` fresh feeds agree to form it. One outlying feeder cannot move a
//! median of three or more.
//!
//! The oracle never serves a price it cannot vouch for. Consumers ([`PriceProvider`]) get a
//! typed error instead of a fallback when the price is missing ([`PriceError::NoPrice`]), older
//! than `max_age` ([`PriceError::Stale`]), held by the circuit breaker ([`PriceError::Frozen`])
//! or locked by governance ([`PriceError::Locked`]).
//!
//! ## Key concepts
//!
//! - **Price unit**: the USD value of one whole token, as a [`FixedU128`]. Converting to an
//!   asset's smallest unit uses its decimals ([`AssetDecimals`], from `pallet-assets` metadata in
//!   the runtime), only in [`math`].
//! - **Age**: a combined price dates from the `MinFeeders`-th newest feed behind its median, so
//!   it stays fresh exactly while at least `MinFeeders` of its feeds are fresh, and is stale once
//!   that feed is older than the asset's `max_age`.
//! - **Circuit breaker**: a new median further than the asset's `max_deviation` from the last
//!   accepted price is not accepted. The asset **freezes** (event [`Event::PriceFrozen`]) and
//!   consumers get `Frozen` until `AdminOrigin` reviews it with [`Pallet::unfreeze_price`],
//!   which accepts the current fresh median.
//! - **Lock**: `AdminOrigin` may stop an asset's price in an emergency ([`Pallet::lock_price`]);
//!   feeds are still recorded but no price is served or accepted until
//!   [`Pallet::unlock_price`].
//!
//! ## Storage economics
//!
//! [`Feeders`]: one bounded map of at most `MaxFeeders` feeders with the block of their last
//! feed. [`Assets`]: at most `MaxAssets` items, each holding the asset's configuration, one feed
//! per feeder, the accepted price and its freeze/lock state — so a feed of one asset reads and
//! writes two storage items in all. Feeds are overwritten by each new feed and removed with
//! their feeder. Nothing grows with use.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod math;
pub mod runtime_api;
pub mod traits;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet::*;
pub use traits::{AssetDecimals, PriceProvider};
pub use types::*;
pub use weights::WeightInfo;

use sp_runtime::FixedU128;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::{collections::BTreeSet, vec::Vec};
	use frame_support::{
		dispatch::{DispatchResultWithPostInfo, Pays},
		pallet_prelude::*,
		traits::Time,
	};
	use frame_system::pallet_prelude::*;
	use sp_runtime::Permill;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

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

		/// Decimals of each asset, for converting prices to amounts.
		type Decimals: AssetDecimals<Self::AssetKind>;

		/// May add and remove feeders (governance; sudo on dev).
		type FeederOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// May configure assets, lock and unlock their prices and review frozen ones.
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The most feeders there may be.
		#[pallet::constant]
		type MaxFeeders: Get<u32>;

		/// Fresh feeds needed to form a price.
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

	/// Per configured asset: its configuration, feeds, accepted price, freeze and lock.
	#[pallet::storage]
	pub type Assets<T: Config> =
		CountedStorageMap<_, Blake2_128Concat, T::AssetKind, AssetStateOf<T>, OptionQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The initial feeders.
		pub feeders: Vec<T::AccountId>,
		/// The initial assets and their configuration.
		pub assets: Vec<(T::AssetKind, AssetConfig)>,
		/// Initial reference prices (USD per whole token). No feeder stands behind them, so they
		/// are never served (they read as stale); they anchor the circuit breaker of the first
		/// median.
		pub prices: Vec<(T::AssetKind, Price)>,
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
			for (asset, config) in &self.assets {
				Pallet::<T>::ensure_valid_config(asset, config)
					.expect("genesis asset configs must be valid");
				Assets::<T>::insert(asset, AssetStateOf::<T>::new(*config));
			}
			assert!(
				Assets::<T>::count() <= T::MaxAssets::get(),
				"genesis assets must not exceed MaxAssets"
			);
			for (asset, price) in &self.prices {
				assert!(!price.is_zero(), "genesis prices must not be zero");
				Assets::<T>::mutate(asset, |state| {
					let state = state.as_mut().expect("genesis price of an unconfigured asset");
					state.price = Some(CombinedPrice { price: *price, at: 0, feeders: 0 });
				});
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An account became a feeder.
		FeederAdded { who: T::AccountId },
		/// A feeder was removed, with its feeds.
		FeederRemoved { who: T::AccountId },
		/// A feeder fed prices for `count` assets.
		PricesFed { feeder: T::AccountId, count: u32 },
		/// A new combined price was accepted.
		PriceUpdated { asset: T::AssetKind, price: Price, at: Moment, feeders: u32 },
		/// The circuit breaker held back a median too far from the last accepted price.
		PriceFrozen { asset: T::AssetKind, last: Price, proposed: Price, deviation: Permill },
		/// The admin origin reviewed a frozen asset and accepted its current median.
		PriceUnfrozen { asset: T::AssetKind, price: Price },
		/// The admin origin locked an asset's price.
		PriceLocked { asset: T::AssetKind },
		/// The admin origin unlocked an asset's price.
		PriceUnlocked { asset: T::AssetKind },
		/// An asset's configuration was set.
		AssetConfigured { asset: T::AssetKind, config: AssetConfig },
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
		/// `max_age` and `max_deviation` must both be above zero.
		InvalidConfig,
		/// The asset's decimals are unknown: create it and set its metadata first.
		UnknownDecimals,
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
		/// Each asset's median is recomputed over the fresh feeds of all feeders.
		///
		/// Errors: `NotFeeder`, `AlreadyFedThisBlock`, `EmptyBatch`, `DuplicateAsset`,
		/// `ZeroPrice`, `AssetNotConfigured`.
		/// Events: `PricesFed`; per asset `PriceUpdated` or `PriceFrozen` (or nothing while
		/// locked, frozen, or short of `MinFeeders` fresh feeds).
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::feed_prices(values.len() as u32, T::MaxFeeders::get()))]
		pub fn feed_prices(
			origin: OriginFor<T>,
			values: BoundedVec<(T::AssetKind, Price), T::MaxBatch>,
		) -> DispatchResultWithPostInfo {
			let feeder = ensure_signed(origin)?;
			let mut feeders = Feeders::<T>::get();
			let last_feed = feeders.get_mut(&feeder).ok_or(Error::<T>::NotFeeder)?;
			let now_block = frame_system::Pallet::<T>::block_number();
			ensure!(*last_feed != Some(now_block), Error::<T>::AlreadyFedThisBlock);
			ensure!(!values.is_empty(), Error::<T>::EmptyBatch);
			let mut states = Vec::with_capacity(values.len());
			{
				let mut seen = BTreeSet::new();
				for (asset, price) in values.iter() {
					ensure!(seen.insert(asset), Error::<T>::DuplicateAsset);
					ensure!(!price.is_zero(), Error::<T>::ZeroPrice);
					let state = Assets::<T>::get(asset).ok_or(Error::<T>::AssetNotConfigured)?;
					states.push(state);
				}
			}
			let count = values.len() as u32;

			*last_feed = Some(now_block);
			let feeder_count = feeders.len() as u32;
			Feeders::<T>::put(&feeders);
			let now = T::Time::now();
			Self::deposit_event(Event::PricesFed { feeder: feeder.clone(), count });
			for ((asset, price), mut state) in values.into_iter().zip(states) {
				// A feeder holds at most one feed per asset and feeders are at most MaxFeeders,
				// so the map cannot be full for a new feeder.
				if state.feeds.try_insert(feeder.clone(), Feed { price, at: now }).is_err() {
					frame_support::defensive!("an asset holds more feeds than there are feeders");
					continue;
				}
				Self::update_price(&asset, &mut state, now);
				Assets::<T>::insert(&asset, state);
			}

			let actual = T::WeightInfo::feed_prices(count, feeder_count);
			Ok((Some(actual), Pays::No).into())
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
			Feeders::<T>::try_mutate(|feeders| -> DispatchResult {
				ensure!(!feeders.contains_key(&who), Error::<T>::AlreadyFeeder);
				feeders.try_insert(who.clone(), None).map_err(|_| Error::<T>::TooManyFeeders)?;
				Ok(())
			})?;
			Self::deposit_event(Event::FeederAdded { who });
			Ok(())
		}

		/// Remove feeder `who` and its feeds. Accepted prices stay until the next feed.
		///
		/// - Origin: `FeederOrigin`.
		///
		/// Visits every configured asset (at most `MaxAssets`).
		///
		/// Errors: `NotFeeder`. Event: `FeederRemoved`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::remove_feeder(T::MaxAssets::get()))]
		pub fn remove_feeder(
			origin: OriginFor<T>,
			who: T::AccountId,
		) -> DispatchResultWithPostInfo {
			T::FeederOrigin::ensure_origin(origin)?;
			Feeders::<T>::try_mutate(|feeders| -> DispatchResult {
				ensure!(feeders.remove(&who).is_some(), Error::<T>::NotFeeder);
				Ok(())
			})?;
			let mut assets = 0u32;
			for asset in Assets::<T>::iter_keys().collect::<Vec<_>>() {
				assets = assets.saturating_add(1);
				if let Some(mut state) = Assets::<T>::get(&asset) {
					if state.feeds.remove(&who).is_some() {
						Assets::<T>::insert(&asset, state);
					}
				}
			}
			Self::deposit_event(Event::FeederRemoved { who });
			Ok(Some(T::WeightInfo::remove_feeder(assets)).into())
		}

		/// Configure an asset: its staleness bound and its circuit breaker.
		///
		/// - Origin: `AdminOrigin`.
		/// - `config.max_age`: milliseconds after which feeds and the price are stale (> 0).
		/// - `config.max_deviation`: the largest accepted move of the median (> 0).
		///
		/// Errors: `InvalidConfig`, `UnknownDecimals`, `TooManyAssets`.
		/// Event: `AssetConfigured`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_asset_config())]
		pub fn set_asset_config(
			origin: OriginFor<T>,
			asset: T::AssetKind,
			config: AssetConfig,
		) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::ensure_valid_config(&asset, &config)?;
			let state = match Assets::<T>::get(&asset) {
				Some(mut state) => {
					state.config = config;
					state
				},
				None => {
					ensure!(Assets::<T>::count() < T::MaxAssets::get(), Error::<T>::TooManyAssets);
					AssetStateOf::<T>::new(config)
				},
			};
			Assets::<T>::insert(&asset, state);
			Self::deposit_event(Event::AssetConfigured { asset, config });
			Ok(())
		}

		/// Lock an asset's price: consumers get `Locked` and feeds form no price until unlocked.
		///
		/// - Origin: `AdminOrigin`.
		///
		/// Errors: `AssetNotConfigured`, `AlreadyLocked`. Event: `PriceLocked`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::lock_price())]
		pub fn lock_price(origin: OriginFor<T>, asset: T::AssetKind) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::set_locked(&asset, true)?;
			Self::deposit_event(Event::PriceLocked { asset });
			Ok(())
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
			Self::set_locked(&asset, false)?;
			Self::deposit_event(Event::PriceUnlocked { asset });
			Ok(())
		}

		/// Review a frozen asset: accept the median of its current fresh feeds, whatever its
		/// distance from the last accepted price, and lift the freeze.
		///
		/// - Origin: `AdminOrigin`.
		///
		/// Errors: `AssetNotConfigured`, `NotFrozen`, `NotEnoughFreshFeeds`.
		/// Events: `PriceUpdated`, `PriceUnfrozen`.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::unfreeze_price(T::MaxFeeders::get()))]
		pub fn unfreeze_price(
			origin: OriginFor<T>,
			asset: T::AssetKind,
		) -> DispatchResultWithPostInfo {
			T::AdminOrigin::ensure_origin(origin)?;
			let mut state = Assets::<T>::get(&asset).ok_or(Error::<T>::AssetNotConfigured)?;
			ensure!(state.frozen.is_some(), Error::<T>::NotFrozen);
			let feeds = state.feeds.len() as u32;
			let combined = Self::fresh_median(&state, T::Time::now())
				.ok_or(Error::<T>::NotEnoughFreshFeeds)?;
			state.frozen = None;
			Self::accept(&asset, &mut state, combined);
			Assets::<T>::insert(&asset, state);
			Self::deposit_event(Event::PriceUnfrozen { asset, price: combined.price });
			Ok(Some(T::WeightInfo::unfreeze_price(feeds)).into())
		}
	}

	impl<T: Config> Pallet<T> {
		/// Locks (`true`) or unlocks an asset's price; fails if it is not configured or already
		/// in that state.
		fn set_locked(asset: &T::AssetKind, locked: bool) -> DispatchResult {
			Assets::<T>::try_mutate(asset, |state| -> DispatchResult {
				let state = state.as_mut().ok_or(Error::<T>::AssetNotConfigured)?;
				match (state.locked, locked) {
					(true, true) => Err(Error::<T>::AlreadyLocked.into()),
					(false, false) => Err(Error::<T>::NotLocked.into()),
					_ => {
						state.locked = locked;
						Ok(())
					},
				}
			})
		}

		/// Checks an asset configuration: positive bounds and known decimals.
		pub(crate) fn ensure_valid_config(
			asset: &T::AssetKind,
			config: &AssetConfig,
		) -> DispatchResult {
			ensure!(
				config.max_age > 0 && !config.max_deviation.is_zero(),
				Error::<T>::InvalidConfig
			);
			ensure!(T::Decimals::decimals(asset).is_some(), Error::<T>::UnknownDecimals);
			Ok(())
		}

		/// The median of an asset's fresh feeds at time `now`, dated from the `MinFeeders`-th
		/// newest feed used; `None` with fewer than `MinFeeders` fresh feeds. At most
		/// `MaxFeeders` feeds.
		pub(crate) fn fresh_median(state: &AssetStateOf<T>, now: Moment) -> Option<CombinedPrice> {
			let (mut prices, mut times): (Vec<Price>, Vec<Moment>) =
				fresh_feeds::<T>(state, now).map(|feed| (feed.price, feed.at)).unzip();
			let count = prices.len() as u32;
			let min_feeders = T::MinFeeders::get();
			if count < min_feeders || min_feeders == 0 {
				return None;
			}
			// Newest first: the price stays fresh while `MinFeeders` of its feeds do.
			times.sort_unstable_by(|a, b| b.cmp(a));
			let at = *times.get(min_feeders as usize - 1)?;
			let price = math::median(&mut prices)?;
			Some(CombinedPrice { price, at, feeders: count })
		}

		/// Recomputes an asset's price after a feed: accepts the fresh median unless the asset
		/// is locked or frozen, there are too few fresh feeds, or the median trips the circuit
		/// breaker (which freezes the asset).
		fn update_price(asset: &T::AssetKind, state: &mut AssetStateOf<T>, now: Moment) {
			if state.locked || state.frozen.is_some() {
				return;
			}
			let Some(combined) = Self::fresh_median(state, now) else { return };
			if let Some(last) = state.price {
				let deviation = math::deviation(last.price, combined.price);
				if deviation > state.config.max_deviation {
					state.frozen = Some(combined.price);
					Self::deposit_event(Event::PriceFrozen {
						asset: asset.clone(),
						last: last.price,
						proposed: combined.price,
						deviation,
					});
					return;
				}
			}
			Self::accept(asset, state, combined);
		}

		/// Makes `combined` the asset's accepted price.
		fn accept(asset: &T::AssetKind, state: &mut AssetStateOf<T>, combined: CombinedPrice) {
			state.price = Some(combined);
			Self::deposit_event(Event::PriceUpdated {
				asset: asset.clone(),
				price: combined.price,
				at: combined.at,
				feeders: combined.feeders,
			});
		}

		/// The price consumers may use, or why not.
		pub fn valid_price(asset: &T::AssetKind) -> Result<ValidPrice, PriceError> {
			let state = Assets::<T>::get(asset).ok_or(PriceError::NoPrice)?;
			Self::valid_price_of(&state, T::Time::now())
		}

		/// The price consumers may use from an asset's state at `now`, or why not.
		fn valid_price_of(state: &AssetStateOf<T>, now: Moment) -> Result<ValidPrice, PriceError> {
			if state.locked {
				return Err(PriceError::Locked);
			}
			if state.frozen.is_some() {
				return Err(PriceError::Frozen);
			}
			let combined = state.price.ok_or(PriceError::NoPrice)?;
			// A genesis reference price (no feeders behind it) only anchors the circuit breaker.
			if combined.feeders == 0 || !is_fresh(combined.at, now, state.config.max_age) {
				return Err(PriceError::Stale);
			}
			Ok(ValidPrice { price: combined.price, at: combined.at })
		}

		/// Everything a client wants to know of an asset's price (runtime API).
		pub fn price_info(asset: &T::AssetKind) -> PriceInfo {
			let Some(state) = Assets::<T>::get(asset) else {
				return PriceInfo {
					price: None,
					at: None,
					age: None,
					status: PriceStatus::NotConfigured,
					fresh_feeders: 0,
					held_back: None,
				};
			};
			let now = T::Time::now();
			let status = match Self::valid_price_of(&state, now) {
				Ok(_) => PriceStatus::Fresh,
				Err(PriceError::Locked) => PriceStatus::Locked,
				Err(PriceError::Frozen) => PriceStatus::Frozen,
				Err(PriceError::Stale) => PriceStatus::Stale,
				Err(_) => PriceStatus::NoPrice,
			};
			PriceInfo {
				price: state.price.map(|c| c.price),
				at: state.price.map(|c| c.at),
				age: state.price.map(|c| now.saturating_sub(c.at)),
				status,
				fresh_feeders: fresh_feeds::<T>(&state, now).count() as u32,
				held_back: state.frozen,
			}
		}

		/// Every configured asset with its [`PriceInfo`] (bounded by `MaxAssets`).
		pub fn price_infos() -> Vec<(T::AssetKind, PriceInfo)> {
			Assets::<T>::iter_keys()
				.map(|asset| {
					let info = Self::price_info(&asset);
					(asset, info)
				})
				.collect()
		}

		/// The oracle's invariants:
		/// - every feed belongs to a current feeder;
		/// - feeds and accepted prices are never zero, and a fed price stands on at least
		///   `MinFeeders` feeds (a genesis reference price on none);
		/// - a frozen asset has a last accepted price to compare with;
		/// - the asset counter is right and within `MaxAssets`.
		#[cfg(any(feature = "try-runtime", test))]
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			let feeders = Feeders::<T>::get();
			let mut assets = 0u32;
			for (_, state) in Assets::<T>::iter() {
				assets += 1;
				for (feeder, feed) in state.feeds.iter() {
					ensure!(feeders.contains_key(feeder), "a feed of a removed feeder");
					ensure!(!feed.price.is_zero(), "a zero feed");
				}
				if let Some(combined) = state.price {
					ensure!(!combined.price.is_zero(), "a zero price");
					ensure!(
						combined.feeders == 0 || combined.feeders >= T::MinFeeders::get(),
						"a price on fewer than MinFeeders feeds"
					);
				}
				ensure!(state.frozen.is_none() || state.price.is_some(), "frozen with no price");
			}
			ensure!(assets == Assets::<T>::count(), "asset counter out of sync");
			ensure!(assets <= T::MaxAssets::get(), "more than MaxAssets assets");
			Ok(())
		}
	}

	/// The feeds of an asset that are fresh at `now`.
	fn fresh_feeds<T: Config>(state: &AssetStateOf<T>, now: Moment) -> impl Iterator<Item = &Feed> {
		let max_age = state.config.max_age;
		state.feeds.values().filter(move |feed| is_fresh(feed.at, now, max_age))
	}

	/// Whether something dated `at` is still fresh at `now` under `max_age` (a date in the
	/// future counts as fresh: chain time only moves forward).
	fn is_fresh(at: Moment, now: Moment, max_age: Moment) -> bool {
		now.saturating_sub(at) <= max_age
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
		let price = Self::valid_price(asset)?;
		let decimals = T::Decimals::decimals(asset).ok_or(PriceError::UnknownDecimals)?;
		math::value_of(price.price, decimals, amount, rounding).ok_or(PriceError::Overflow)
	}

	fn amount_for_value(
		asset: &T::AssetKind,
		value: FixedU128,
		rounding: Rounding,
	) -> Result<u128, PriceError> {
		let price = Self::valid_price(asset)?;
		let decimals = T::Decimals::decimals(asset).ok_or(PriceError::UnknownDecimals)?;
		math::amount_for_value(price.price, decimals, value, rounding).ok_or(PriceError::Overflow)
	}
}
