//! The circuit breaker, its automatic ways out, the sanity bounds and the admin's review.

use super::*;
use frame_support::assert_noop;
use sp_runtime::{DispatchError, Permill};

/// WETH at 3,000, then a crash to `to` reported by all three feeders a minute later.
fn crash_to(to: u32) {
	feed_round(WETH, [3_000, 3_000, 3_000]);
	next_block(MINUTE);
	feed_round(WETH, [to, to, to]);
}

#[test]
fn deviation_beyond_the_bound_freezes_the_asset() {
	ExtBuilder::default().build_and_execute(|| {
		feed_round(WETH, [3_000, 3_000, 3_000]);
		next_block(1_000);
		assert_ok!(feed(1, vec![(WETH, usd(1_500))]));
		assert_eq!(
			Oracle::price(&WETH).map(|p| p.price),
			Ok(usd(3_000)),
			"one low feed among 1,500, 3,000, 3,000 cannot move the median"
		);
		assert_ok!(feed(2, vec![(WETH, usd(1_500))]));
		System::assert_last_event(
			Event::PriceFrozen {
				asset: WETH,
				last: usd(3_000),
				proposed: usd(1_500),
				deviation: Permill::from_percent(50),
			}
			.into(),
		);
		assert_eq!(Oracle::price(&WETH), Err(PriceError::Frozen));
		assert_eq!(frozen(WETH).map(|f| f.held_back), Some(usd(1_500)));
		assert_eq!(Oracle::price_info(&WETH).held_since, Some(Timestamp::get()));
		// Further feeds of the same move do not lift the freeze before the recovery period.
		assert_ok!(feed(3, vec![(WETH, usd(3_000))]));
		assert_eq!(Oracle::price(&WETH), Err(PriceError::Frozen));
		assert_eq!(combined(WETH).map(|c| c.price), Some(usd(3_000)));
	});
}

#[test]
fn a_median_back_within_the_breaker_lifts_the_freeze_at_once() {
	ExtBuilder::default().build_and_execute(|| {
		crash_to(2_000);
		assert_eq!(Oracle::price(&WETH), Err(PriceError::Frozen));
		let since = Timestamp::get();
		next_block(MINUTE);
		assert_ok!(feed(1, vec![(WETH, usd(2_950))]));
		assert_ok!(feed(2, vec![(WETH, usd(2_950))]));
		assert_eq!(Oracle::price(&WETH).map(|p| p.price), Ok(usd(2_950)));
		assert!(oracle_events().contains(&Event::PriceRecovered {
			asset: WETH,
			price: usd(2_950),
			held_since: since
		}));
	});
}

#[test]
fn a_move_that_wanders_beyond_the_tolerance_restarts_the_window() {
	ExtBuilder::default().build_and_execute(|| {
		crash_to(2_100);
		next_block(15 * MINUTE);
		// Ten minutes on, the quiet round's feeds are stale; a new quorum reports 1,900
		// (9.5% from 2,100): a new move, a new window.
		feed_round(WETH, [1_900, 1_900, 1_900]);
		let restarted = Timestamp::get();
		assert_eq!(frozen(WETH).map(|f| (f.anchor, f.since)), Some((usd(1_900), restarted)));
		for _ in 0..20 {
			next_block(MINUTE);
			feed_round(WETH, [1_900, 1_900, 1_900]);
		}
		assert_eq!(Oracle::price(&WETH), Err(PriceError::Frozen), "35 minutes, 20 of 1,900");
		for _ in 0..10 {
			next_block(MINUTE);
			feed_round(WETH, [1_900, 1_900, 1_900]);
		}
		assert_eq!(Oracle::price(&WETH).map(|p| p.price), Ok(usd(1_900)));
	});
}

#[test]
fn a_gap_in_the_quorum_restarts_the_window() {
	ExtBuilder::default().build_and_execute(|| {
		crash_to(2_100);
		// Half an hour without feeds: when they resume, the first finds no quorum and the
		// window restarts; the move has not been seen to persist.
		next_block(30 * MINUTE);
		assert_ok!(feed(1, vec![(WETH, usd(2_100))]));
		assert_eq!(frozen(WETH).map(|f| f.since), Some(Timestamp::get()));
		assert_ok!(feed(2, vec![(WETH, usd(2_100))]));
		assert_ok!(feed(3, vec![(WETH, usd(2_100))]));
		assert_eq!(Oracle::price(&WETH), Err(PriceError::Frozen));
	});
}

#[test]
fn sanity_bounds_refuse_a_median_by_every_path() {
	ExtBuilder::default().build_and_execute(|| {
		// WETH's bounds are [3, 3,000,000].
		feed_round(WETH, [2, 2, 2]);
		System::assert_last_event(Event::PriceOutOfBounds { asset: WETH, proposed: usd(2) }.into());
		assert_eq!(combined(WETH).map(|c| (c.price, c.feeders)), Some((usd(3_000), 0)));
		assert_eq!(frozen(WETH), None, "out of bounds is no freeze to recover from");
		// A frozen asset's out-of-bounds median is neither recovered to nor reviewable.
		next_block(MINUTE);
		crash_to(1_000);
		next_block(MINUTE);
		feed_round(WETH, [1, 1, 1]);
		for _ in 0..40 {
			next_block(MINUTE);
			feed_round(WETH, [1, 1, 1]);
		}
		assert_eq!(Oracle::price(&WETH), Err(PriceError::Frozen));
		assert_noop!(
			Oracle::unfreeze_price(RuntimeOrigin::root(), WETH, usd(1)),
			Error::<Test>::PriceOutOfBounds
		);
	});
}

#[test]
fn unfreeze_accepts_the_reviewed_median() {
	ExtBuilder::default().build_and_execute(|| {
		feed_round(WETH, [3_000, 3_000, 3_000]);
		next_block(1_000);
		feed_round(WETH, [1_500, 1_500, 1_400]);
		assert_eq!(Oracle::price(&WETH), Err(PriceError::Frozen));
		let reviewed = Oracle::price_info(&WETH).held_back.expect("held back");
		assert_eq!(reviewed, usd(1_500));
		assert_ok!(Oracle::unfreeze_price(RuntimeOrigin::root(), WETH, reviewed));
		System::assert_last_event(Event::PriceUnfrozen { asset: WETH, price: usd(1_500) }.into());
		assert_eq!(Oracle::price(&WETH).map(|p| p.price), Ok(usd(1_500)));
		assert_eq!(frozen(WETH), None);
	});
}

#[test]
fn unfreeze_refuses_when_the_median_moved_since_the_review() {
	// Issue 9.10: before, `unfreeze_price` accepted whatever the median was at inclusion.
	ExtBuilder::default().build_and_execute(|| {
		crash_to(1_500);
		let reviewed = Oracle::price_info(&WETH).held_back.expect("held back");
		next_block(1_000);
		feed_round(WETH, [1_400, 1_400, 1_400]);
		// 1,400 is 6.7% from the reviewed 1,500, beyond the 2% tolerance.
		assert_noop!(
			Oracle::unfreeze_price(RuntimeOrigin::root(), WETH, reviewed),
			Error::<Test>::MedianMoved
		);
		// Within the tolerance it accepts the current median.
		next_block(1_000);
		feed_round(WETH, [1_520, 1_520, 1_520]);
		assert_ok!(Oracle::unfreeze_price(RuntimeOrigin::root(), WETH, reviewed));
		assert_eq!(Oracle::price(&WETH).map(|p| p.price), Ok(usd(1_520)));
	});
}

#[test]
fn unfreeze_errors() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Oracle::unfreeze_price(RuntimeOrigin::root(), WETH, usd(3_000)),
			Error::<Test>::NotFrozen
		);
		assert_noop!(
			Oracle::unfreeze_price(RuntimeOrigin::root(), UNCONFIGURED, usd(3_000)),
			Error::<Test>::AssetNotConfigured
		);
		crash_to(1_000);
		assert_noop!(
			Oracle::unfreeze_price(RuntimeOrigin::signed(1), WETH, usd(1_000)),
			DispatchError::BadOrigin
		);
		// Once every feed is stale there is no median to accept.
		next_block(MAX_AGE + 1);
		assert_noop!(
			Oracle::unfreeze_price(RuntimeOrigin::root(), WETH, usd(1_000)),
			Error::<Test>::NotEnoughFreshFeeds
		);
	});
}
