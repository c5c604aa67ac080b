//! `feed_prices`: the quorum median over fresh feeds, and when a price is fresh.

use super::*;
use frame_support::{
	assert_noop,
	dispatch::{GetDispatchInfo, Pays},
};
use sp_runtime::{traits::Zero, DispatchError, FixedU128};

#[test]
fn median_of_an_odd_count() {
	ExtBuilder::default().build_and_execute(|| {
		feed_round(WETH, [3_000, 3_100, 2_900]);
		let price = Oracle::price(&WETH).expect("fresh");
		assert_eq!(price.price, usd(3_000));
		assert_eq!(combined(WETH).map(|c| c.feeders), Some(3));
	});
}

#[test]
fn median_of_an_even_count() {
	ExtBuilder::default().build_and_execute(|| {
		add_fourth_feeder();
		feed_round(WETH, [3_000, 3_100, 2_900]);
		assert_ok!(feed(4, vec![(WETH, usd(3_200))]));
		assert_eq!(Oracle::price(&WETH).map(|p| p.price), Ok(usd(3_050)));
		System::assert_last_event(
			Event::PriceUpdated {
				asset: WETH,
				price: usd(3_050),
				at: Timestamp::get(),
				feeders: 4,
			}
			.into(),
		);
	});
}

#[test]
fn below_the_quorum_forms_no_price() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(feed(1, vec![(WETH, usd(3_000))]));
		assert_ok!(feed(2, vec![(WETH, usd(3_000))]));
		assert_eq!(combined(WETH).map(|c| c.feeders), Some(0), "still the reference");
		assert_eq!(Oracle::price(&WETH), Err(PriceError::Stale));
		assert!(matches!(last_event(), RuntimeEvent::Oracle(Event::PricesFed { .. })));
		assert_ok!(feed(3, vec![(WETH, usd(3_000))]));
		assert_eq!(Oracle::price(&WETH).map(|p| p.price), Ok(usd(3_000)));
	});
}

#[test]
fn stale_feeds_are_excluded() {
	ExtBuilder::default().build_and_execute(|| {
		add_fourth_feeder();
		// Feeder 1's feed ages past max age; feeders 2, 3 and 4 feed fresh prices later.
		assert_ok!(feed(1, vec![(WETH, usd(2_500))]));
		next_block(MAX_AGE + 1);
		assert_ok!(feed(2, vec![(WETH, usd(3_000))]));
		assert_ok!(feed(3, vec![(WETH, usd(3_100))]));
		assert_eq!(combined(WETH).map(|c| c.feeders), Some(0), "two fresh feeds are not enough");
		assert_ok!(feed(4, vec![(WETH, usd(3_200))]));
		let combined = combined(WETH).expect("three fresh feeds");
		assert_eq!(combined.price, usd(3_100), "the stale 2,500 is not in the median");
		assert_eq!(combined.feeders, 3);
	});
}

#[test]
fn one_outlier_cannot_move_the_median() {
	ExtBuilder::default().build_and_execute(|| {
		feed_round(WBTC, [60_000, 60_100, 61]);
		assert_eq!(Oracle::price(&WBTC).map(|p| p.price), Ok(usd(60_000)));
		next_block(1_000);
		feed_round(WBTC, [60_000, 60_100, 10_000_000]);
		assert_eq!(Oracle::price(&WBTC).map(|p| p.price), Ok(usd(60_100)));
	});
}

#[test]
fn a_price_dates_from_the_oldest_feed_behind_it_and_goes_stale_with_it() {
	ExtBuilder::default().build_and_execute(|| {
		let t0 = Timestamp::get();
		assert_ok!(feed(1, vec![(USDT, usd(1))]));
		next_block(MINUTE);
		assert_ok!(feed(2, vec![(USDT, usd(1))]));
		next_block(MINUTE);
		assert_ok!(feed(3, vec![(USDT, usd(1))]));
		assert_eq!(Oracle::price(&USDT).map(|p| p.at), Ok(t0));
		// Exactly max age after the oldest feed: still fresh; one ms later: stale.
		next_block(MAX_AGE - 2 * MINUTE);
		assert!(Oracle::price(&USDT).is_ok());
		next_block(1);
		assert_eq!(Oracle::price(&USDT), Err(PriceError::Stale));
		assert_eq!(Oracle::price_info(&USDT).status, PriceStatus::Stale);
	});
}

#[test]
fn freshness_counts_only_feeds_that_were_fresh_together() {
	// Issue 9.11. Four feeds, the oldest five minutes older than the rest: the price is the
	// median of all four, so it is served only while all four are fresh. Dated from the
	// quorum-th newest feed, as before, it was served five more minutes after the oldest feed
	// behind it had gone stale.
	ExtBuilder::default().build_and_execute(|| {
		add_fourth_feeder();
		let t0 = Timestamp::get();
		assert_ok!(feed(4, vec![(WETH, usd(2_600))]));
		next_block(5 * MINUTE);
		feed_round(WETH, [3_000, 3_000, 3_000]);
		assert_eq!(Oracle::price(&WETH), Ok(ValidPrice { price: usd(3_000), at: t0 }));
		next_block(MAX_AGE - 5 * MINUTE + 1);
		assert_eq!(Oracle::price(&WETH), Err(PriceError::Stale));
		// The next feed forms a price from the three feeds fresh together now.
		assert_ok!(feed(1, vec![(WETH, usd(3_000))]));
		assert_eq!(Oracle::price(&WETH).map(|p| p.at), Ok(t0 + 5 * MINUTE));
	});
}

#[test]
fn a_move_within_the_bound_is_accepted() {
	ExtBuilder::default().build_and_execute(|| {
		feed_round(WETH, [3_000, 3_000, 3_000]);
		next_block(1_000);
		feed_round(WETH, [3_600, 3_600, 3_600]);
		assert_eq!(Oracle::price(&WETH).map(|p| p.price), Ok(usd(3_600)), "exactly 20%");
	});
}

#[test]
fn reference_prices_are_never_served_but_anchor_the_circuit_breaker() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(Oracle::price(&WETH), Err(PriceError::Stale));
		// Not even at chain time 0, when its age is zero.
		Timestamp::set_timestamp(0);
		assert_eq!(Oracle::price(&WETH), Err(PriceError::Stale));
		assert_eq!(Oracle::price_info(&WETH).status, PriceStatus::Stale);
		Timestamp::set_timestamp(24 * 60 * MINUTE);
		feed_round(WETH, [3_100, 3_100, 3_100]);
		assert_eq!(Oracle::price(&WETH).map(|p| p.price), Ok(usd(3_100)));
		next_block(1_000);
		feed_round(WBTC, [100, 100, 100]);
		assert_eq!(Oracle::price(&WBTC), Err(PriceError::Frozen));
	});
}

#[test]
fn a_feeder_feeds_for_free_and_a_non_feeder_pays() {
	ExtBuilder::default().build_and_execute(|| {
		let call = RuntimeCall::Oracle(Call::feed_prices {
			values: BoundedVec::truncate_from(vec![(WETH, usd(3_000))]),
		});
		assert_eq!(call.get_dispatch_info().pays_fee, Pays::Yes, "declared as paying");
		let ok = feed(1, vec![(WETH, usd(3_000))]).expect("a feeder feeds");
		assert_eq!(ok.pays_fee, Pays::No);
		let err = feed(7, vec![(WETH, usd(3_000))]).expect_err("not a feeder");
		assert_eq!(err.error, Error::<Test>::NotFeeder.into());
		assert_eq!(err.post_info.pays_fee, Pays::Yes, "a non-feeder's failed call pays");
	});
}

#[test]
fn one_feed_per_feeder_per_block() {
	ExtBuilder::default().build_and_execute(|| {
		assert_ok!(feed(1, vec![(WETH, usd(3_000))]));
		assert_noop!(feed(1, vec![(USDT, usd(1))]), Error::<Test>::AlreadyFedThisBlock);
		next_block(6_000);
		assert_ok!(feed(1, vec![(USDT, usd(1))]));
	});
}

#[test]
fn a_batch_feeds_several_assets() {
	ExtBuilder::default().build_and_execute(|| {
		for who in [1, 2, 3] {
			assert_ok!(feed(who, vec![(USDT, usd(1)), (WETH, usd(3_000)), (WBTC, usd(60_000))]));
		}
		assert_eq!(Oracle::price(&USDT).map(|p| p.price), Ok(usd(1)));
		assert_eq!(Oracle::price(&WETH).map(|p| p.price), Ok(usd(3_000)));
		assert_eq!(Oracle::price(&WBTC).map(|p| p.price), Ok(usd(60_000)));
	});
}

#[test]
fn bad_batches_fail_and_change_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(feed(9, vec![(WETH, usd(1))]), Error::<Test>::NotFeeder);
		assert_noop!(feed(1, vec![]), Error::<Test>::EmptyBatch);
		assert_noop!(feed(1, vec![(WETH, usd(1)), (WETH, usd(2))]), Error::<Test>::DuplicateAsset);
		assert_noop!(feed(1, vec![(WETH, FixedU128::zero())]), Error::<Test>::ZeroPrice);
		assert_noop!(
			feed(1, vec![(WETH, usd(1)), (UNCONFIGURED, usd(1))]),
			Error::<Test>::AssetNotConfigured
		);
		assert_noop!(
			Oracle::feed_prices(RuntimeOrigin::root(), BoundedVec::new()),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn an_impossible_full_feed_map_is_a_named_error_not_a_silent_skip() {
	// Only feeders feed, and feeders are at most MaxFeeders, so an asset's feed map is never
	// full for a feeder without a feed there. Forge that state: the call fails with
	// `Unexpected` and changes nothing (`defensive!` also panics in debug builds).
	ExtBuilder::default().build().execute_with(|| {
		Assets::<Test>::mutate(WETH, |s| {
			let state = s.as_mut().expect("configured");
			for who in 10..15 {
				state.feeds.try_insert(who, Feed { price: usd(3_000), at: 0 }).expect("room");
			}
		});
		if cfg!(debug_assertions) {
			return;
		}
		assert_noop!(feed(1, vec![(WETH, usd(3_000))]), Error::<Test>::Unexpected);
	});
}
