//! What consumers (`PriceProvider`) and clients (the runtime API) get, and the invariants'
//! own checks.

use super::*;
use frame_support::traits::Hooks;

#[test]
fn values_use_the_assets_decimals() {
	ExtBuilder::default().build_and_execute(|| {
		feed_round(WETH, [3_000, 3_000, 3_000]);
		next_block(1_000);
		feed_round(USDT, [1, 1, 1]);
		// 2 WETH (18 decimals) are worth $6,000; $6,000 buy 6,000 USDT (6 decimals).
		let value = Oracle::value_of(&WETH, 2 * 10u128.pow(18), Rounding::Down).expect("priced");
		assert_eq!(value, usd(6_000));
		assert_eq!(Oracle::amount_for_value(&USDT, value, Rounding::Down), Ok(6_000_000_000));
	});
}

#[test]
fn consumers_get_typed_errors_never_a_fallback() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(Oracle::value_of(&USDT, 1, Rounding::Down), Err(PriceError::Stale));
		assert_eq!(
			Oracle::amount_for_value(&UNCONFIGURED, usd(1), Rounding::Up),
			Err(PriceError::NoPrice)
		);
		assert!(!Oracle::is_listed(&UNCONFIGURED));
		feed_round(WBTC, [60_000, 60_000, 60_000]);
		assert_ok!(Oracle::lock_price(RuntimeOrigin::root(), WBTC));
		assert_eq!(Oracle::value_of(&WBTC, 1, Rounding::Down), Err(PriceError::Locked));
	});
}

#[test]
fn price_info_reports_age_status_and_feeders() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(Oracle::price_info(&UNCONFIGURED).status, PriceStatus::NotConfigured);
		assert_eq!(Oracle::price_info(&WETH).status, PriceStatus::Stale);
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
		assert_eq!(info.held_since, None);
		let all = Oracle::price_infos();
		assert_eq!(all.len(), 3);
		assert!(all.contains(&AssetPriceInfo { asset: WETH, info }));
	});
}

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
fn try_state_catches_a_fed_price_out_of_bounds_and_an_asset_without_reference() {
	ExtBuilder::default().build().execute_with(|| {
		Assets::<Test>::mutate(WETH, |s| {
			let state = s.as_mut().expect("configured");
			state.price = Some(CombinedPrice { price: usd(1), at: 0, feeders: 3 });
		});
		assert!(Oracle::do_try_state().is_err());
		Assets::<Test>::mutate(WETH, |s| {
			let state = s.as_mut().expect("configured");
			state.price = None;
		});
		assert!(Oracle::do_try_state().is_err());
	});
}

#[test]
fn a_quorum_of_one_prices_from_a_single_feed() {
	ExtBuilder::default().min_feeders(1).build_and_execute(|| {
		assert_ok!(feed(1, vec![(USDT, usd(1))]));
		assert_eq!(Oracle::price(&USDT).map(|p| p.price), Ok(usd(1)));
	});
}

#[test]
fn integrity_test_passes() {
	ExtBuilder::default().build_and_execute(|| {
		<Oracle as Hooks<u64>>::integrity_test();
	});
}
