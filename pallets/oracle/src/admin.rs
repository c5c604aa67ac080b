//! Administration: feeders (`FeederOrigin`) and assets, locks and reviews (`AdminOrigin`).

use crate::{
	math, pallet::*, AssetConfig, AssetListing, AssetStateOf, CombinedPrice, ListingRefusal, Price,
};
use alloc::vec::Vec;
use frame_support::{pallet_prelude::*, traits::Contains};

impl<T: Config> Pallet<T> {
	/// Makes `who` a feeder.
	pub(crate) fn do_add_feeder(who: T::AccountId) -> DispatchResult {
		Feeders::<T>::try_mutate(|feeders| -> DispatchResult {
			ensure!(!feeders.contains_key(&who), Error::<T>::AlreadyFeeder);
			feeders.try_insert(who.clone(), None).map_err(|_| Error::<T>::TooManyFeeders)?;
			Ok(())
		})?;
		Self::emit(Event::FeederAdded { who });
		Ok(())
	}

	/// Removes feeder `who` and its feeds. Each asset it fed stops serving its price (which
	/// may stand on the removed feed) and, unless locked, forms a new one from the remaining
	/// fresh feeds if they are a quorum. Returns the number of assets visited, for the weight.
	pub(crate) fn do_remove_feeder(who: T::AccountId) -> Result<u32, DispatchError> {
		Feeders::<T>::try_mutate(|feeders| -> DispatchResult {
			ensure!(feeders.remove(&who).is_some(), Error::<T>::NotFeeder);
			Ok(())
		})?;
		let now = Self::now();
		let assets: Vec<T::AssetKind> = Assets::<T>::iter_keys().collect();
		let visited = assets.len() as u32;
		for asset in assets {
			let Some(mut state) = Assets::<T>::get(&asset) else {
				frame_support::defensive!("a listed key has no value");
				return Err(Error::<T>::Unexpected.into());
			};
			if state.feeds.remove(&who).is_none() {
				continue;
			}
			state.demote_price();
			Self::update_price(&asset, &mut state, now);
			Assets::<T>::insert(&asset, state);
		}
		Self::emit(Event::FeederRemoved { who });
		Ok(visited)
	}

	/// Configures (or re-configures) an asset: see [`Pallet::set_asset_config`].
	pub(crate) fn do_set_asset_config(
		asset: T::AssetKind,
		config: AssetConfig,
		reference: Option<Price>,
	) -> DispatchResult {
		let decimals = Self::check_listing(&asset, &config)?;
		let now = Self::now();
		let state = match Assets::<T>::get(&asset) {
			Some(mut state) => {
				state.config = config;
				state.decimals = decimals;
				if let Some(reference) = reference {
					state.price = Some(CombinedPrice::reference(reference, now));
					state.frozen = None;
				}
				state
			},
			None => {
				let reference = reference.ok_or(Error::<T>::MissingReference)?;
				ensure!(Assets::<T>::count() < T::MaxAssets::get(), Error::<T>::TooManyAssets);
				AssetStateOf::<T>::new(config, decimals, CombinedPrice::reference(reference, now))
			},
		};
		// What the asset keeps (its anchor, and a held-back median) must lie within the new
		// bounds; a new reference replaces both.
		let anchor = state.price.map(|p| p.price);
		ensure!(anchor.is_some_and(|p| state.in_bounds(p)), Error::<T>::ReferenceOutOfBounds);
		if let Some(freeze) = state.frozen {
			ensure!(state.in_bounds(freeze.held_back), Error::<T>::ReferenceOutOfBounds);
		}
		Assets::<T>::insert(&asset, state);
		Self::emit(Event::AssetConfigured { asset, config, decimals, reference });
		Ok(())
	}

	/// Checks a configuration (positive bounds, `0 < min_price <= max_price`) and that the
	/// runtime lets the asset be listed; returns its decimals.
	pub(crate) fn check_listing(
		asset: &T::AssetKind,
		config: &AssetConfig,
	) -> Result<u8, DispatchError> {
		ensure!(config.is_valid(), Error::<T>::InvalidConfig);
		T::Listing::check_listing(asset).map_err(|refusal| {
			match refusal {
				ListingRefusal::UnknownDecimals => Error::<T>::UnknownDecimals,
				ListingRefusal::NotLive => Error::<T>::AssetNotLive,
				ListingRefusal::UntrustedRole => Error::<T>::UntrustedAssetRole,
			}
			.into()
		})
	}

	/// Removes an asset with its feeds and price.
	pub(crate) fn do_remove_asset(asset: T::AssetKind) -> DispatchResult {
		ensure!(Assets::<T>::contains_key(&asset), Error::<T>::AssetNotConfigured);
		ensure!(!T::PriceConsumers::contains(&asset), Error::<T>::AssetInUse);
		Assets::<T>::remove(&asset);
		Self::emit(Event::AssetRemoved { asset });
		Ok(())
	}

	/// Locks (`true`) or unlocks an asset's price; fails if it is not configured or already
	/// in that state.
	pub(crate) fn do_set_locked(asset: T::AssetKind, locked: bool) -> DispatchResult {
		Assets::<T>::try_mutate(&asset, |state| -> DispatchResult {
			let state = state.as_mut().ok_or(Error::<T>::AssetNotConfigured)?;
			match (state.locked, locked) {
				(true, true) => Err(Error::<T>::AlreadyLocked.into()),
				(false, false) => Err(Error::<T>::NotLocked.into()),
				_ => {
					state.locked = locked;
					if !locked {
						// The price from before the lock is not served again: the next quorum
						// median, through the breaker, is.
						state.demote_price();
					}
					Ok(())
				},
			}
		})?;
		Self::emit(if locked {
			Event::PriceLocked { asset }
		} else {
			Event::PriceUnlocked { asset }
		});
		Ok(())
	}

	/// Accepts a frozen asset's current median if it is within `recovery_tolerance` of the
	/// price the admin reviewed. Returns the asset's number of feeds, for the weight.
	pub(crate) fn do_unfreeze_price(
		asset: T::AssetKind,
		reviewed: Price,
	) -> Result<u32, DispatchError> {
		let mut state = Assets::<T>::get(&asset).ok_or(Error::<T>::AssetNotConfigured)?;
		ensure!(state.frozen.is_some(), Error::<T>::NotFrozen);
		let feeds = state.feeds.len() as u32;
		let median =
			Self::fresh_median(&state, Self::now()).ok_or(Error::<T>::NotEnoughFreshFeeds)?;
		ensure!(state.in_bounds(median.price), Error::<T>::PriceOutOfBounds);
		ensure!(
			math::deviation(reviewed, median.price) <= state.config.recovery_tolerance,
			Error::<T>::MedianMoved
		);
		state.frozen = None;
		Self::accept(&asset, &mut state, median);
		Assets::<T>::insert(&asset, state);
		Self::emit(Event::PriceUnfrozen { asset, price: median.price });
		Ok(feeds)
	}

	/// Makes `price` the fresh accepted price of `asset` (configuring it if needed), for other
	/// pallets' benchmarks. The asset must be listable.
	#[cfg(feature = "runtime-benchmarks")]
	pub fn set_price_for_benchmarks(asset: &T::AssetKind, price: Price) {
		let config = AssetConfig {
			max_age: 3_600_000,
			max_deviation: sp_runtime::Permill::one(),
			min_price: Price::from_inner(1),
			max_price: Price::from_inner(u128::MAX),
			recovery_period: 3_600_000,
			recovery_tolerance: sp_runtime::Permill::from_percent(1),
		};
		let decimals = Self::check_listing(asset, &config).expect("benchmark assets are listable");
		let now = Self::now();
		let fed = CombinedPrice { price, at: now, feeders: T::MinFeeders::get().max(1) };
		Assets::<T>::insert(asset, AssetStateOf::<T>::new(config, decimals, fed));
	}
}
