//! Unit tests of the oracle, grouped by call; every test ends with the invariants checked.

use crate::{mock::*, *};
use frame_support::{
	assert_noop, assert_ok,
	dispatch::{GetDispatchInfo, Pays},
	BoundedVec,
};
use sp_runtime::{traits::Zero, DispatchError, FixedU128, Permill};

fn feed(
	who: u64,
	values: Vec<(u32, Price)>,
) -> frame_support::dispatch::DispatchResultWithPostInfo {
	Oracle::feed_prices(RuntimeOrigin::signed(who), BoundedVec::truncate_from(values))
}

/// Feeders 1, 2 and 3 each feed one price for `asset`, one block apart (a second of time each).
fn feed_round(asset: u32, prices: [u32; 3]) {
	for (who, price) in [1u64, 2, 3].into_iter().zip(prices) {
		assert_ok!(feed(who, vec![(asset, usd(price))]));
	}
}

/// The accepted price of `asset`.
fn combined(asset: u32) -> Option<CombinedPrice> {
	Assets::<Test>::get(asset).and_then(|s| s.price)
}

/// The median held back by `asset`'s circuit breaker.
fn frozen(asset: u32) -> Option<Price> {
	Assets::<Test>::get(asset).and_then(|s| s.frozen)
}

/// `who`'s feed for `asset`.
fn feed_of(who: u64, asset: u32) -> Option<Feed> {
	Assets::<Test>::get(asset).and_then(|s| s.feeds.get(&who).copied())
}

fn last_event() -> RuntimeEvent {
	System::events().pop().expect("an event").event
}

mod feed_prices {
	use super::*;

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
			assert_ok!(feed(1, vec![(WETH, usd(3_000))]));
			assert_ok!(feed(2, vec![(WETH, usd(3_100))]));
			assert_eq!(Oracle::price(&WETH).map(|p| p.price), Ok(usd(3_050)));
			System::assert_last_event(
				Event::PriceUpdated {
					asset: WETH,
					price: usd(3_050),
					at: Timestamp::get(),
					feeders: 2,
				}
				.into(),
			);
		});
	}

	#[test]
	fn below_min_feeders_forms_no_price() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(feed(1, vec![(WETH, usd(3_000))]));
			assert_eq!(combined(WETH), None);
			assert_eq!(Oracle::price(&WETH), Err(PriceError::NoPrice));
			assert!(matches!(last_event(), RuntimeEvent::Oracle(Event::PricesFed { .. })));
		});
	}

	#[test]
	fn stale_feeds_are_excluded() {
		ExtBuilder::default().build_and_execute(|| {
			// Feeder 1's feed ages past max age; feeders 2 and 3 feed fresh prices later.
			assert_ok!(feed(1, vec![(WETH, usd(1_000))]));
			next_block(MAX_AGE + 1);
			assert_ok!(feed(2, vec![(WETH, usd(3_000))]));
			assert_eq!(combined(WETH), None, "one fresh feed is not enough");
			assert_ok!(feed(3, vec![(WETH, usd(3_100))]));
			let combined = combined(WETH).expect("two fresh feeds");
			assert_eq!(combined.price, usd(3_050), "the stale 1,000 is not in the median");
			assert_eq!(combined.feeders, 2);
		});
	}

	#[test]
	fn one_outlier_cannot_move_the_median() {
		ExtBuilder::default().build_and_execute(|| {
			feed_round(WBTC, [60_000, 60_100, 1]);
			assert_eq!(Oracle::price(&WBTC).map(|p| p.price), Ok(usd(60_000)));
			next_block(1_000);
			feed_round(WBTC, [60_000, 60_100, 10_000_000]);
			assert_eq!(Oracle::price(&WBTC).map(|p| p.price), Ok(usd(60_100)));
		});
	}

	#[test]
	fn price_dates_from_the_min_feeders_th_newest_feed_and_goes_stale() {
		ExtBuilder::default().build_and_execute(|| {
			let t0 = Timestamp::get();
			assert_ok!(feed(1, vec![(USDT, usd(1))]));
			next_block(MINUTE);
			assert_ok!(feed(2, vec![(USDT, usd(1))]));
			next_block(MINUTE);
			assert_ok!(feed(3, vec![(USDT, usd(1))]));
			// Three feeds, MinFeeders = 2: the price lives as long as the second newest feed.
			assert_eq!(Oracle::price(&USDT).map(|p| p.at), Ok(t0 + MINUTE));
			// Exactly max age after that feed: still fresh; one ms later: stale.
			next_block(MAX_AGE - MINUTE);
			assert!(Oracle::price(&USDT).is_ok());
			next_block(1);
			assert_eq!(Oracle::price(&USDT), Err(PriceError::Stale));
			assert_eq!(Oracle::price_info(&USDT).status, PriceStatus::Stale);
		});
	}

	#[test]
	fn deviation_beyond_the_bound_freezes_the_asset() {
		ExtBuilder::default().build_and_execute(|| {
			feed_round(WETH, [3_000, 3_000, 3_000]);
			next_block(1_000);
			// Two feeders report a 50% crash: the median moves beyond 20%.
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
			assert_eq!(frozen(WETH), Some(usd(1_500)));
			// Further feeds do not lift the freeze.
			assert_ok!(feed(3, vec![(WETH, usd(3_000))]));
			assert_eq!(Oracle::price(&WETH), Err(PriceError::Frozen));
			assert_eq!(combined(WETH).map(|c| c.price), Some(usd(3_000)));
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
	fn genesis_prices_are_stale_but_anchor_the_circuit_breaker() {
		ExtBuilder::default()
			.genesis_prices(vec![(WETH, usd(3_000)), (WBTC, usd(60_000))])
			.build_and_execute(|| {
				assert_eq!(Oracle::price(&WETH), Err(PriceError::Stale));
				// Not even at chain time 0, when its age is zero.
				Timestamp::set_timestamp(0);
				assert_eq!(Oracle::price(&WETH), Err(PriceError::Stale));
				assert_eq!(Oracle::price_info(&WETH).status, PriceStatus::Stale);
				Timestamp::set_timestamp(24 * 60 * MINUTE);
				feed_round(WETH, [3_100, 3_100, 3_100]);
				assert_eq!(Oracle::price(&WETH).map(|p| p.price), Ok(usd(3_100)));
				next_block(1_000);
				feed_round(WBTC, [10, 10, 10]);
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
			for who in [1, 2] {
				assert_ok!(feed(
					who,
					vec![(USDT, usd(1)), (WETH, usd(3_000)), (WBTC, usd(60_000))]
				));
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
			assert_noop!(
				feed(1, vec![(WETH, usd(1)), (WETH, usd(2))]),
				Error::<Test>::DuplicateAsset
			);
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
}

mod feeders {
	use super::*;

	#[test]
	fn add_and_remove_feeders() {
		ExtBuilder::default().build_and_execute(|| {
			assert_ok!(Oracle::add_feeder(RuntimeOrigin::root(), 4));
			System::assert_last_event(Event::FeederAdded { who: 4 }.into());
			assert_ok!(feed(4, vec![(WETH, usd(3_000))]));
			assert_ok!(Oracle::remove_feeder(RuntimeOrigin::root(), 4));
			System::assert_last_event(Event::FeederRemoved { who: 4 }.into());
			assert_eq!(feed_of(4, WETH), None, "its feeds are gone");
			assert_eq!(Feeders::<Test>::get().get(&4).copied(), None);
			assert_noop!(feed(4, vec![(WETH, usd(3_000))]), Error::<Test>::NotFeeder);
		});
	}

	#[test]
	fn a_removed_feeder_leaves_the_median() {
		ExtBuilder::default().build_and_execute(|| {
			feed_round(WETH, [3_000, 3_000, 3_300]);
			assert_ok!(Oracle::remove_feeder(RuntimeOrigin::root(), 1));
			next_block(1_000);
			assert_ok!(feed(2, vec![(WETH, usd(3_000))]));
			assert_eq!(combined(WETH).map(|c| (c.price, c.feeders)), Some((usd(3_150), 2)));
		});
	}

	#[test]
	fn feeder_errors() {
		ExtBuilder::default().build_and_execute(|| {
			assert_noop!(
				Oracle::add_feeder(RuntimeOrigin::root(), 1),
				Error::<Test>::AlreadyFeeder
			);
			assert_noop!(Oracle::remove_feeder(RuntimeOrigin::root(), 9), Error::<Test>::NotFeeder);
			assert_noop!(Oracle::add_feeder(RuntimeOrigin::signed(1), 9), DispatchError::BadOrigin);
			assert_noop!(
				Oracle::remove_feeder(RuntimeOrigin::signed(1), 2),
				DispatchError::BadOrigin
			);
			assert_ok!(Oracle::add_feeder(RuntimeOrigin::root(), 4));
			assert_ok!(Oracle::add_feeder(RuntimeOrigin::root(), 5));
			assert_noop!(
				Oracle::add_feeder(RuntimeOrigin::root(), 6),
				Error::<Test>::TooManyFeeders
			);
		});
	}
}

mod asset_config {
	use super::*;

	#[test]
	fn configure_an_asset() {
		ExtBuilder::default().build_and_execute(|| {
			let config = AssetConfig { max_age: MINUTE, max_deviation: Permill::from_percent(5) };
			assert_ok!(Oracle::set_asset_config(RuntimeOrigin::root(), UNCONFIGURED, config));
			System::assert_last_event(
				Event::AssetConfigured { asset: UNCONFIGURED, config }.into(),
			);
			assert_eq!(Oracle::price_info(&UNCONFIGURED).status, PriceStatus::NoPrice);
			// Reconfiguring an existing asset does not count against MaxAssets.
			assert_ok!(Oracle::set_asset_config(RuntimeOrigin::root(), WETH, config));
		});
	}

	#[test]
	fn config_errors() {
		ExtBuilder::default().build_and_execute(|| {
			let good = AssetConfig { max_age: MINUTE, max_deviation: Permill::from_percent(5) };
			let zero_age = AssetConfig { max_age: 0, ..good };
			let zero_dev = AssetConfig { max_deviation: Permill::zero(), ..good };
			assert_noop!(
				Oracle::set_asset_config(RuntimeOrigin::root(), WETH, zero_age),
				Error::<Test>::InvalidConfig
			);
			assert_noop!(
				Oracle::set_asset_config(RuntimeOrigin::root(), WETH, zero_dev),
				Error::<Test>::InvalidConfig
			);
			assert_noop!(
				Oracle::set_asset_config(RuntimeOrigin::root(), NO_DECIMALS, good),
				Error::<Test>::UnknownDecimals
			);
			assert_noop!(
				Oracle::set_asset_config(RuntimeOrigin::signed(1), WETH, good),
				DispatchError::BadOrigin
			);
		});
	}

	#[test]
	fn too_many_assets() {
		ExtBuilder::default().build_and_execute(|| {
			let good = AssetConfig { max_age: MINUTE, max_deviation: Permill::from_percent(5) };
			// MaxAssets is 4 and three are configured: asset 4 fits, and then no new one.
			assert_ok!(Oracle::set_asset_config(RuntimeOrigin::root(), UNCONFIGURED, good));
			ExtraAssetExists::set(true);
			assert_noop!(
				Oracle::set_asset_config(RuntimeOrigin::root(), EXTRA, good),
				Error::<Test>::TooManyAssets
			);
		});
	}
}

mod lock_and_freeze {
	use super::*;

	#[test]
	fn lock_and_unlock() {
		ExtBuilder::default().build_and_execute(|| {
			feed_round(WETH, [3_000, 3_000, 3_000]);
			assert_ok!(Oracle::lock_price(RuntimeOrigin::root(), WETH));
			System::assert_last_event(Event::PriceLocked { asset: WETH }.into());
			assert_eq!(Oracle::price(&WETH), Err(PriceError::Locked));
			assert_eq!(Oracle::price_info(&WETH).status, PriceStatus::Locked);
			// Feeds are recorded while locked but form no price.
			next_block(1_000);
			feed_round(WETH, [3_100, 3_100, 3_100]);
			assert_eq!(feed_of(1, WETH).map(|f| f.price), Some(usd(3_100)));
			assert_eq!(combined(WETH).map(|c| c.price), Some(usd(3_000)));
			assert_ok!(Oracle::unlock_price(RuntimeOrigin::root(), WETH));
			System::assert_last_event(Event::PriceUnlocked { asset: WETH }.into());
			assert_eq!(Oracle::price(&WETH).map(|p| p.price), Ok(usd(3_000)));
			next_block(1_000);
			assert_ok!(feed(1, vec![(WETH, usd(3_100))]));
			assert_eq!(Oracle::price(&WETH).map(|p| p.price), Ok(usd(3_100)));
		});
	}

	#[test]
	fn lock_errors() {
		ExtBuilder::default().build_and_execute(|| {
			assert_noop!(
				Oracle::lock_price(RuntimeOrigin::root(), UNCONFIGURED),
				Error::<Test>::AssetNotConfigured
			);
			assert_noop!(
				Oracle::unlock_price(RuntimeOrigin::root(), WETH),
				Error::<Test>::NotLocked
			);
			assert_ok!(Oracle::lock_price(RuntimeOrigin::root(), WETH));
			assert_noop!(
				Oracle::lock_price(RuntimeOrigin::root(), WETH),
				Error::<Test>::AlreadyLocked
			);
			assert_noop!(
				Oracle::lock_price(RuntimeOrigin::signed(1), USDT),
				DispatchError::BadOrigin
			);
			assert_noop!(
				Oracle::unlock_price(RuntimeOrigin::signed(1), WETH),
				DispatchError::BadOrigin
			);
		});
	}

	#[test]
	fn unfreeze_accepts_the_current_median() {
		ExtBuilder::default().build_and_execute(|| {
			feed_round(WETH, [3_000, 3_000, 3_000]);
			next_block(1_000);
			feed_round(WETH, [1_500, 1_500, 1_400]);
			assert_eq!(Oracle::price(&WETH), Err(PriceError::Frozen));
			assert_eq!(Oracle::price_info(&WETH).held_back, Some(usd(1_500)));
			assert_ok!(Oracle::unfreeze_price(RuntimeOrigin::root(), WETH));
			System::assert_last_event(
				Event::PriceUnfrozen { asset: WETH, price: usd(1_500) }.into(),
			);
			assert_eq!(Oracle::price(&WETH).map(|p| p.price), Ok(usd(1_500)));
			assert_eq!(frozen(WETH), None);
		});
	}

	#[test]
	fn unfreeze_errors() {
		ExtBuilder::default().build_and_execute(|| {
			assert_noop!(
				Oracle::unfreeze_price(RuntimeOrigin::root(), WETH),
				Error::<Test>::NotFrozen
			);
			feed_round(WETH, [3_000, 3_000, 3_000]);
			next_block(1_000);
			feed_round(WETH, [1_000, 1_000, 1_000]);
			assert_noop!(
				Oracle::unfreeze_price(RuntimeOrigin::signed(1), WETH),
				DispatchError::BadOrigin
			);
			// Once every feed is stale there is no median to accept.
			next_block(MAX_AGE + 1);
			assert_noop!(
				Oracle::unfreeze_price(RuntimeOrigin::root(), WETH),
				Error::<Test>::NotEnoughFreshFeeds
			);
		});
	}
}

mod consumers {
	use super::*;

	#[test]
	fn values_use_the_assets_decimals() {
		ExtBuilder::default().build_and_execute(|| {
			feed_round(WETH, [3_000, 3_000, 3_000]);
			next_block(1_000);
			feed_round(USDT, [1, 1, 1]);
			// 2 WETH (18 decimals) are worth $6,000; $6,000 buy 6,000 USDT (6 decimals).
			let value =
				Oracle::value_of(&WETH, 2 * 10u128.pow(18), Rounding::Down).expect("priced");
			assert_eq!(value, usd(6_000));
			assert_eq!(Oracle::amount_for_value(&USDT, value, Rounding::Down), Ok(6_000_000_000));
		});
	}

	#[test]
	fn consumers_get_typed_errors_never_a_fallback() {
		ExtBuilder::default().genesis_prices(vec![(USDT, usd(1))]).build_and_execute(|| {
			assert_eq!(Oracle::value_of(&WETH, 1, Rounding::Down), Err(PriceError::NoPrice));
			assert_eq!(Oracle::value_of(&USDT, 1, Rounding::Down), Err(PriceError::Stale));
			assert_eq!(
				Oracle::amount_for_value(&UNCONFIGURED, usd(1), Rounding::Up),
				Err(PriceError::NoPrice)
			);
			feed_round(WBTC, [60_000, 60_000, 60_000]);
			assert_ok!(Oracle::lock_price(RuntimeOrigin::root(), WBTC));
			assert_eq!(Oracle::value_of(&WBTC, 1, Rounding::Down), Err(PriceError::Locked));
		});
	}

	#[test]
	fn price_info_reports_age_status_and_feeders() {
		ExtBuilder::default().build_and_execute(|| {
			assert_eq!(Oracle::price_info(&UNCONFIGURED).status, PriceStatus::NotConfigured);
			assert_eq!(Oracle::price_info(&WETH).status, PriceStatus::NoPrice);
			let t0 = Timestamp::get();
			feed_round(WETH, [3_000, 3_100, 2_900]);
			next_block(30_000);
			let info = Oracle::price_info(&WETH);
			assert_eq!(info.price, Some(usd(3_000)));
			assert_eq!(info.at, Some(t0));
			assert_eq!(info.age, Some(30_000));
			assert_eq!(info.status, PriceStatus::Fresh);
			assert_eq!(info.fresh_feeders, 3);
			assert_eq!(info.held_back, None);
			let all = Oracle::price_infos();
			assert_eq!(all.len(), 3);
			assert!(all.iter().any(|(a, i)| *a == WETH && *i == info));
		});
	}
}

mod invariants {
	use super::*;

	#[test]
	fn try_state_catches_a_feed_of_a_removed_feeder() {
		ExtBuilder::default().build().execute_with(|| {
			assert!(Oracle::do_try_state().is_ok());
			Assets::<Test>::mutate(WETH, |s| {
				let state = s.as_mut().expect("configured");
				state.feeds.try_insert(42, Feed { price: usd(1), at: 0 }).expect("room");
			});
			assert!(Oracle::do_try_state().is_err());
		});
	}

	#[test]
	fn min_feeders_of_one_prices_from_a_single_feed() {
		ExtBuilder::default().min_feeders(1).build_and_execute(|| {
			assert_ok!(feed(1, vec![(USDT, usd(1))]));
			assert_eq!(Oracle::price(&USDT).map(|p| p.price), Ok(usd(1)));
		});
	}

	#[test]
	fn integrity_test_passes() {
		ExtBuilder::default().build_and_execute(|| {
			use frame_support::traits::Hooks;
			<Oracle as Hooks<u64>>::integrity_test();
		});
	}
}
