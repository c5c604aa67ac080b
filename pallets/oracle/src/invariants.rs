//! The oracle's invariants, checked by the `try_state` hook and after every unit test:
//!
//! - every feed belongs to a current feeder, and no feed is zero;
//! - every asset has a price (fed, or a reference from its configuration), never zero; a fed
//!   price stands on at least `MinFeeders` feeds, does not date from the future, and lies
//!   within the asset's sanity bounds;
//! - every asset's configuration is valid (positive `max_age`, `max_deviation`,
//!   `recovery_period`; `0 < min_price <= max_price`);
//! - a freeze holds back a non-zero median within the bounds, and its window did not begin
//!   in the future;
//! - the asset counter is right and within `MaxAssets`; the feeders are within `MaxFeeders`.

use crate::pallet::*;
use frame_support::pallet_prelude::*;

impl<T: Config> Pallet<T> {
	/// Checks the invariants listed in [`crate::invariants`].
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let feeders = Feeders::<T>::get();
		ensure!(feeders.len() as u32 <= T::MaxFeeders::get(), "more than MaxFeeders feeders");
		let now = Self::now();
		let mut assets = 0u32;
		for (_, state) in Assets::<T>::iter() {
			assets = assets.saturating_add(1);
			let config = state.config;
			ensure!(config.is_valid(), "an invalid asset config");
			for (feeder, feed) in state.feeds.iter() {
				ensure!(feeders.contains_key(feeder), "a feed of a removed feeder");
				ensure!(!feed.price.is_zero(), "a zero feed");
			}
			let combined = state.price.ok_or("an asset with neither price nor reference")?;
			ensure!(!combined.price.is_zero(), "a zero price");
			if combined.is_fed() {
				ensure!(
					combined.feeders >= T::MinFeeders::get(),
					"a price on fewer than MinFeeders feeds"
				);
				ensure!(state.in_bounds(combined.price), "a fed price outside the sanity bounds");
				ensure!(combined.at <= now, "a fed price from the future");
			}
			if let Some(freeze) = state.frozen {
				ensure!(!freeze.held_back.is_zero(), "a zero held-back median");
				ensure!(state.in_bounds(freeze.held_back), "a held-back median out of bounds");
				ensure!(freeze.since <= now, "a freeze window from the future");
			}
		}
		ensure!(assets == Assets::<T>::count(), "asset counter out of sync");
		ensure!(assets <= T::MaxAssets::get(), "more than MaxAssets assets");
		Ok(())
	}
}
