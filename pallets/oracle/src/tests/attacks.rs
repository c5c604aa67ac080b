//! Issue 9's oracle attacks, replayed. Each was possible before its fix; the tests that show
//! the attack itself (with the old rule) are named `..._before_...`.

use super::*;
use frame_support::assert_noop;
use sp_runtime::{traits::Saturating, FixedU128};

/// One block of the walk: feeder 1 (faulty) reports the price that puts the mean of its feed
/// and the honest one right at the circuit breaker's bound (the last accepted price moved by
/// `factor`), while feeder 2 keeps reporting `honest`. Feeder 3 is quiet. Six seconds a block.
fn walk_round(asset: u32, honest: u32, factor: FixedU128) {
	next_block(6_000);
	let last = combined(asset).expect("a price or reference").price;
	let target = last.saturating_mul(factor);
	let walker = target.saturating_add(target).saturating_sub(usd(honest)).max(usd(1));
	assert_ok!(feed(1, vec![(asset, walker)]));
	assert_ok!(feed(2, vec![(asset, usd(honest))]));
}

/// Replays issue 9.8's walk on `asset` from `honest` for 20 minutes of blocks (the quiet
/// feeder's last feed goes stale after 10): every feeder reports `honest` once, then feeder 3
/// goes quiet and feeder 1 walks by `factor` each block.
fn replay_walk(asset: u32, honest: u32, factor: FixedU128) {
	feed_round(asset, [honest, honest, honest]);
	assert_eq!(Oracle::price(&asset).map(|p| p.price), Ok(usd(honest)));
	for _ in 0..200 {
		walk_round(asset, honest, factor);
	}
}

fn up() -> FixedU128 {
	FixedU128::from_rational(120, 100)
}

fn down() -> FixedU128 {
	FixedU128::from_rational(80, 100)
}

#[test]
fn one_feeder_cannot_walk_the_price_up_with_one_of_three_quiet() {
	ExtBuilder::default().references(vec![(WETH, 1_800)]).build_and_execute(|| {
		replay_walk(WETH, 1_800, up());
		assert!(accepted(WETH).iter().all(|p| *p == usd(1_800)), "{:?}", accepted(WETH));
		// With two fresh feeds there is no quorum: the honest price goes stale instead.
		assert_eq!(Oracle::price(&WETH), Err(PriceError::Stale));
		assert_eq!(combined(WETH).map(|c| c.price), Some(usd(1_800)));
		assert_eq!(frozen(WETH), None);
	});
}

#[test]
fn one_feeder_cannot_walk_the_price_down_with_one_of_three_quiet() {
	ExtBuilder::default().references(vec![(WBTC, 60_000)]).build_and_execute(|| {
		replay_walk(WBTC, 60_000, down());
		assert!(accepted(WBTC).iter().all(|p| *p == usd(60_000)), "{:?}", accepted(WBTC));
		assert_eq!(Oracle::price(&WBTC), Err(PriceError::Stale));
		assert_eq!(combined(WBTC).map(|c| c.price), Some(usd(60_000)));
	});
}

#[test]
fn the_walk_before_the_fix_with_a_quorum_of_two() {
	// The attack as measured on the dev chain: with two fresh feeds the median is their mean,
	// and one feeder walks it to wherever it likes, up or down.
	ExtBuilder::default()
		.min_feeders(2)
		.references(vec![(WETH, 1_800), (WBTC, 60_000)])
		.build_and_execute(|| {
			replay_walk(WETH, 1_800, up());
			assert!(Oracle::price(&WETH).expect("served").price > usd(3_000));
		});
	ExtBuilder::default().min_feeders(2).references(vec![(WBTC, 60_000)]).build_and_execute(|| {
		replay_walk(WBTC, 60_000, down());
		assert!(Oracle::price(&WBTC).expect("served").price < usd(35_000));
	});
}

#[test]
fn with_four_feeders_one_quiet_and_one_walking_the_price_stays_live_and_honest() {
	ExtBuilder::default().references(vec![(WETH, 1_800)]).build_and_execute(|| {
		add_fourth_feeder();
		feed_round(WETH, [1_800, 1_800, 1_800]);
		assert_ok!(feed(4, vec![(WETH, usd(1_800))]));
		// Feeder 3 is quiet, feeder 1 walks, feeders 2 and 4 report honestly: two honest feeds
		// and the walker's always form a quorum, whose median is honest.
		for _ in 0..200 {
			walk_round(WETH, 1_800, up());
			assert_ok!(feed(4, vec![(WETH, usd(1_800))]));
			assert_eq!(Oracle::price(&WETH).map(|p| p.price), Ok(usd(1_800)));
		}
		let walker = feed_of(1, WETH).expect("fed").price;
		assert!(walker > usd(2_000), "the walker kept feeding {walker:?}");
	});
}

#[test]
fn the_first_median_of_a_new_asset_is_bounded_by_its_reference() {
	// Issue 9.9: before, a newly configured asset had no reference and no breaker, so its first
	// median was accepted whatever it was.
	ExtBuilder::default().build_and_execute(|| {
		let config = config_around(10);
		assert_noop!(
			Oracle::set_asset_config(RuntimeOrigin::root(), UNCONFIGURED, config, None),
			Error::<Test>::MissingReference
		);
		assert_ok!(Oracle::set_asset_config(
			RuntimeOrigin::root(),
			UNCONFIGURED,
			config,
			Some(usd(10))
		));
		// Colluding or mistaken feeds of ten times the reference: held back, not served.
		feed_round(UNCONFIGURED, [100, 100, 100]);
		assert_eq!(Oracle::price(&UNCONFIGURED), Err(PriceError::Frozen));
		assert!(accepted(UNCONFIGURED).is_empty());
	});
}

#[test]
fn decimals_changed_by_the_asset_owner_move_no_value() {
	// Issue 9.2: USDT's owner sets its decimals from 6 to 0. Before, each smallest unit became
	// worth a whole dollar (10^6 times more) at once.
	ExtBuilder::default().build_and_execute(|| {
		feed_round(USDT, [1, 1, 1]);
		assert_eq!(Oracle::value_of(&USDT, 1_000_000, Rounding::Down), Ok(usd(1)));
		UsdtDecimals::set(0);
		assert_eq!(Oracle::value_of(&USDT, 1_000_000, Rounding::Down), Ok(usd(1)));
		assert_eq!(Oracle::amount_for_value(&USDT, usd(1), Rounding::Up), Ok(1_000_000));
		// Re-configuring is the admin's decision, and reads the decimals again.
		let config = Assets::<Test>::get(USDT).expect("listed").config;
		assert_ok!(Oracle::set_asset_config(RuntimeOrigin::root(), USDT, config, None));
		System::assert_last_event(
			Event::AssetConfigured { asset: USDT, config, decimals: 0, reference: None }.into(),
		);
		assert_eq!(Oracle::value_of(&USDT, 1, Rounding::Down), Ok(usd(1)));
	});
}

#[test]
fn a_removed_feeder_no_longer_stands_behind_a_price() {
	// Issue 9.11: before, a removed feeder's feed stayed in the accepted price until the next
	// feed. Feeder 1 pushed the median of four up; removing it recomputes at once.
	ExtBuilder::default().build_and_execute(|| {
		add_fourth_feeder();
		feed_round(WETH, [3_300, 3_000, 3_000]);
		assert_ok!(feed(4, vec![(WETH, usd(3_300))]));
		assert_eq!(Oracle::price(&WETH).map(|p| p.price), Ok(usd(3_150)));
		assert_ok!(Oracle::remove_feeder(RuntimeOrigin::root(), 1));
		assert_eq!(Oracle::price(&WETH).map(|p| p.price), Ok(usd(3_000)));
		assert_eq!(combined(WETH).map(|c| c.feeders), Some(3));
		// Removing another leaves two fresh feeds, no quorum: the price is no longer served.
		assert_ok!(Oracle::remove_feeder(RuntimeOrigin::root(), 4));
		assert_eq!(Oracle::price(&WETH), Err(PriceError::Stale));
		assert_eq!(combined(WETH).map(|c| (c.price, c.feeders)), Some((usd(3_000), 0)));
		System::assert_last_event(Event::FeederRemoved { who: 4 }.into());
		// Assets it never fed are untouched.
		assert_eq!(combined(WBTC).map(|c| c.price), Some(usd(60_000)));
	});
}

#[test]
fn a_real_move_after_an_outage_recovers_without_root() {
	// Issue 9.10: before, a real 30% move froze the asset until root acted, and every account
	// holding it was unliquidatable meanwhile. Now a move a quorum keeps reporting for the
	// recovery period is accepted by itself.
	ExtBuilder::default().build_and_execute(|| {
		feed_round(WETH, [3_000, 3_000, 3_000]);
		next_block(MINUTE);
		feed_round(WETH, [2_100, 2_100, 2_100]);
		assert_eq!(Oracle::price(&WETH), Err(PriceError::Frozen));
		let since = Timestamp::get();
		for minute in 1..=30u64 {
			next_block(MINUTE);
			// Feeder 1 wanders within the tolerance; the median holds at 2,100.
			let p = if minute % 2 == 0 { 2_090 } else { 2_110 };
			feed_round(WETH, [p, 2_100, 2_100]);
			if minute < 30 {
				assert_eq!(Oracle::price(&WETH), Err(PriceError::Frozen), "minute {minute}");
			}
		}
		assert_eq!(Oracle::price(&WETH).map(|p| p.price), Ok(usd(2_100)));
		assert!(oracle_events().contains(&Event::PriceRecovered {
			asset: WETH,
			price: usd(2_100),
			held_since: since,
		}));
		assert_eq!(frozen(WETH), None);
	});
}
