//! Feeds and the rules that turn them into a price: the quorum median, the sanity bounds, the
//! circuit breaker and its automatic recovery.

use crate::{math, pallet::*, AssetStateOf, CombinedPrice, Feed, Freeze, Moment, Price};
use alloc::{collections::BTreeSet, vec::Vec};
use frame_support::{pallet_prelude::*, BoundedVec};

impl<T: Config> Pallet<T> {
	/// Records a feeder's batch and recomputes each asset's price. Verifies everything before
	/// it writes. Returns the batch size and the number of feeders, for the weight.
	pub(crate) fn do_feed_prices(
		feeder: T::AccountId,
		values: BoundedVec<(T::AssetKind, Price), T::MaxBatch>,
	) -> Result<(u32, u32), DispatchError> {
		let mut feeders = Feeders::<T>::get();
		let last_feed = feeders.get_mut(&feeder).ok_or(Error::<T>::NotFeeder)?;
		let now_block = frame_system::Pallet::<T>::block_number();
		ensure!(*last_feed != Some(now_block), Error::<T>::AlreadyFedThisBlock);
		ensure!(!values.is_empty(), Error::<T>::EmptyBatch);
		let now = Self::now();
		let mut states = Vec::with_capacity(values.len());
		let mut seen = BTreeSet::new();
		for (asset, price) in values.iter() {
			ensure!(seen.insert(asset), Error::<T>::DuplicateAsset);
			ensure!(!price.is_zero(), Error::<T>::ZeroPrice);
			let mut state = Assets::<T>::get(asset).ok_or(Error::<T>::AssetNotConfigured)?;
			// A feeder holds at most one feed per asset and feeders are at most MaxFeeders, so
			// the map cannot be full for a new feeder.
			if state.feeds.try_insert(feeder.clone(), Feed { price: *price, at: now }).is_err() {
				frame_support::defensive!("an asset holds more feeds than there are feeders");
				return Err(Error::<T>::Unexpected.into());
			}
			states.push(state);
		}
		let count = values.len() as u32;

		*last_feed = Some(now_block);
		let feeder_count = feeders.len() as u32;
		Feeders::<T>::put(&feeders);
		Self::emit(Event::PricesFed { feeder, count });
		for ((asset, _), mut state) in values.into_iter().zip(states) {
			Self::update_price(&asset, &mut state, now);
			Assets::<T>::insert(&asset, state);
		}
		Ok((count, feeder_count))
	}

	/// The median of an asset's fresh feeds at `now`, dated from the oldest of them; `None`
	/// short of a quorum (`MinFeeders` fresh feeds). At most `MaxFeeders` feeds.
	pub fn fresh_median(state: &AssetStateOf<T>, now: Moment) -> Option<CombinedPrice> {
		let fresh: Vec<Feed> = state.fresh_feeds(now).copied().collect();
		let count = fresh.len() as u32;
		if count == 0 || count < T::MinFeeders::get() {
			return None;
		}
		let at = fresh.iter().map(|feed| feed.at).min()?;
		let mut prices: Vec<Price> = fresh.iter().map(|feed| feed.price).collect();
		let price = math::median(&mut prices)?;
		Some(CombinedPrice { price, at, feeders: count })
	}

	/// Recomputes an asset's price from its fresh feeds at `now` (after a feed, or a feeder's
	/// removal). Nothing while locked. Otherwise, with a quorum median `m`:
	/// - `m` outside the sanity bounds is not accepted (`PriceOutOfBounds`);
	/// - not frozen: `m` is accepted within `max_deviation` of the last accepted (or
	///   reference) price, else the asset freezes holding `m` back;
	/// - frozen: `m` within `max_deviation` of the last accepted price lifts the freeze; `m`
	///   within `recovery_tolerance` of the window's anchor for `recovery_period` is accepted;
	///   `m` beyond the tolerance restarts the window from `m`.
	///
	/// Short of a quorum (or out of bounds) a frozen asset's window restarts: persistence
	/// counts only while a quorum keeps reporting the move.
	pub(crate) fn update_price(asset: &T::AssetKind, state: &mut AssetStateOf<T>, now: Moment) {
		if state.locked {
			return;
		}
		let Some(median) = Self::fresh_median(state, now) else {
			if let Some(freeze) = state.frozen.as_mut() {
				freeze.since = now;
			}
			return;
		};
		if !state.in_bounds(median.price) {
			if let Some(freeze) = state.frozen.as_mut() {
				freeze.since = now;
			}
			Self::emit(Event::PriceOutOfBounds { asset: asset.clone(), proposed: median.price });
			return;
		}
		let deviation = state.price.map(|last| math::deviation(last.price, median.price));
		let within_breaker = deviation.is_none_or(|d| d <= state.config.max_deviation);
		match state.frozen {
			None if within_breaker => Self::accept(asset, state, median),
			None => {
				state.frozen =
					Some(Freeze { held_back: median.price, anchor: median.price, since: now });
				Self::emit(Event::PriceFrozen {
					asset: asset.clone(),
					last: state.price.map(|last| last.price).unwrap_or_default(),
					proposed: median.price,
					deviation: deviation.unwrap_or_default(),
				});
			},
			Some(freeze) => {
				let same_move =
					math::deviation(freeze.anchor, median.price) <= state.config.recovery_tolerance;
				let persisted = now.saturating_sub(freeze.since) >= state.config.recovery_period;
				if within_breaker || (same_move && persisted) {
					state.frozen = None;
					Self::accept(asset, state, median);
					Self::emit(Event::PriceRecovered {
						asset: asset.clone(),
						price: median.price,
						held_since: freeze.since,
					});
				} else if same_move {
					state.frozen = Some(Freeze { held_back: median.price, ..freeze });
				} else {
					state.frozen =
						Some(Freeze { held_back: median.price, anchor: median.price, since: now });
				}
			},
		}
	}

	/// Makes `combined` the asset's accepted price.
	pub(crate) fn accept(
		asset: &T::AssetKind,
		state: &mut AssetStateOf<T>,
		combined: CombinedPrice,
	) {
		state.price = Some(combined);
		Self::emit(Event::PriceUpdated {
			asset: asset.clone(),
			price: combined.price,
			at: combined.at,
			feeders: combined.feeders,
		});
	}
}
