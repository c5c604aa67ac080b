//! Unit tests of the oracle, by topic; every test ends with the invariants checked.
//!
//! - `feeds`: feeding, the quorum median, freshness;
//! - `attacks`: the issue-9 attacks replayed (a feeder walking the price with one of three
//!   quiet, an unbounded first median, decimals changed by the asset owner, a removed feeder's
//!   price, a freeze that only root could lift);
//! - `admin`: feeders, asset configuration and removal, locks;
//! - `freeze`: the circuit breaker, its automatic recovery, sanity bounds, the admin's review;
//! - `consumers`: what `PriceProvider` and the runtime API give;
//! - `properties`: random rounds with feeders going quiet and one faulty feeder.

use crate::{mock::*, *};
use frame_support::{assert_ok, BoundedVec};

mod admin;
mod attacks;
mod consumers;
mod feeds;
mod freeze;
mod properties;

pub(crate) fn feed(
	who: u64,
	values: Vec<(u32, Price)>,
) -> frame_support::dispatch::DispatchResultWithPostInfo {
	Oracle::feed_prices(RuntimeOrigin::signed(who), BoundedVec::truncate_from(values))
}

/// Feeders 1, 2 and 3 each feed one price for `asset`, in this block.
pub(crate) fn feed_round(asset: u32, prices: [u32; 3]) {
	for (who, price) in [1u64, 2, 3].into_iter().zip(prices) {
		assert_ok!(feed(who, vec![(asset, usd(price))]));
	}
}

/// The accepted (or reference) price of `asset`.
pub(crate) fn combined(asset: u32) -> Option<CombinedPrice> {
	Assets::<Test>::get(asset).and_then(|s| s.price)
}

/// What `asset`'s circuit breaker holds back.
pub(crate) fn frozen(asset: u32) -> Option<Freeze> {
	Assets::<Test>::get(asset).and_then(|s| s.frozen)
}

/// `who`'s feed for `asset`.
pub(crate) fn feed_of(who: u64, asset: u32) -> Option<Feed> {
	Assets::<Test>::get(asset).and_then(|s| s.feeds.get(&who).copied())
}

pub(crate) fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event").event
}

/// The oracle's events so far.
pub(crate) fn oracle_events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Oracle(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// The prices accepted for `asset` so far (its `PriceUpdated` events).
pub(crate) fn accepted(asset: u32) -> Vec<Price> {
	oracle_events()
		.into_iter()
		.filter_map(|e| match e {
			Event::PriceUpdated { asset: a, price, .. } if a == asset => Some(price),
			_ => None,
		})
		.collect()
}

/// Adds feeder 4 (the dev chain's fourth feeder).
pub(crate) fn add_fourth_feeder() {
	assert_ok!(Oracle::add_feeder(RuntimeOrigin::root(), 4));
}
