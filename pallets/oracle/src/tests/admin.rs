//! Feeders, asset configuration and removal, locks.

use super::*;
use frame_support::assert_noop;
use sp_runtime::{DispatchError, FixedU128, Permill};

mod feeders {
	use super::*;

	#[test]
	fn add_and_remove_feeders() {
		ExtBuilder::default().build_and_execute(|| {
			add_fourth_feeder();
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
	fn removing_a_feeder_recomputes_only_what_it_fed() {
		ExtBuilder::default().build_and_execute(|| {
			add_fourth_feeder();
			feed_round(WETH, [3_000, 3_000, 3_000]);
			next_block(1_000);
			feed_round(WBTC, [60_000, 60_000, 60_000]);
			assert_ok!(feed(4, vec![(WETH, usd(3_300))]));
			System::reset_events();
			// Feeder 4 fed WETH only: WETH is recomputed over 1, 2, 3; WBTC is untouched.
			assert_ok!(Oracle::remove_feeder(RuntimeOrigin::root(), 4));
			assert_eq!(accepted(WETH), vec![usd(3_000)]);
			assert!(accepted(WBTC).is_empty());
			assert_eq!(Oracle::price(&WBTC).map(|p| p.price), Ok(usd(60_000)));
		});
	}

	#[test]
	fn removing_a_feeder_of_a_locked_asset_leaves_it_unserved_after_unlock() {
		ExtBuilder::default().build_and_execute(|| {
			feed_round(WETH, [3_000, 3_000, 3_000]);
			assert_ok!(Oracle::lock_price(RuntimeOrigin::root(), WETH));
			assert_ok!(Oracle::remove_feeder(RuntimeOrigin::root(), 3));
			assert_ok!(Oracle::unlock_price(RuntimeOrigin::root(), WETH));
			assert_eq!(Oracle::price(&WETH), Err(PriceError::Stale));
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
			let config = config_around(10);
			assert_ok!(Oracle::set_asset_config(
				RuntimeOrigin::root(),
				UNCONFIGURED,
				config,
				Some(usd(10))
			));
			System::assert_last_event(
				Event::AssetConfigured {
					asset: UNCONFIGURED,
					config,
					decimals: 12,
					reference: Some(usd(10)),
				}
				.into(),
			);
			assert_eq!(Oracle::price_info(&UNCONFIGURED).status, PriceStatus::Stale);
			assert!(Oracle::is_listed(&UNCONFIGURED));
			// Reconfiguring an existing asset does not count against MaxAssets.
			assert_ok!(Oracle::set_asset_config(
				RuntimeOrigin::root(),
				WETH,
				config_around(3_000),
				None
			));
		});
	}

	#[test]
	fn reconfiguring_keeps_the_price_or_takes_a_new_reference() {
		ExtBuilder::default().build_and_execute(|| {
			feed_round(WETH, [3_000, 3_000, 3_000]);
			let tighter =
				AssetConfig { max_deviation: Permill::from_percent(10), ..config_around(3_000) };
			assert_ok!(Oracle::set_asset_config(RuntimeOrigin::root(), WETH, tighter, None));
			assert_eq!(Oracle::price(&WETH).map(|p| p.price), Ok(usd(3_000)), "kept and served");
			// Bounds that exclude the kept price need a reference within them.
			let moved = AssetConfig { min_price: usd(4_000), ..tighter };
			assert_noop!(
				Oracle::set_asset_config(RuntimeOrigin::root(), WETH, moved, None),
				Error::<Test>::ReferenceOutOfBounds
			);
			// A new reference replaces the price (not served) and lifts a freeze.
			next_block(1_000);
			feed_round(WETH, [5_000, 5_000, 5_000]);
			assert_eq!(Oracle::price(&WETH), Err(PriceError::Frozen));
			assert_ok!(Oracle::set_asset_config(
				RuntimeOrigin::root(),
				WETH,
				moved,
				Some(usd(5_000))
			));
			assert_eq!(frozen(WETH), None);
			assert_eq!(Oracle::price(&WETH), Err(PriceError::Stale));
			next_block(1_000);
			feed_round(WETH, [5_100, 5_100, 5_100]);
			assert_eq!(Oracle::price(&WETH).map(|p| p.price), Ok(usd(5_100)));
		});
	}

	#[test]
	fn reconfiguring_a_frozen_asset_keeps_its_held_back_median_within_the_bounds() {
		ExtBuilder::default().build_and_execute(|| {
			feed_round(WETH, [3_000, 3_000, 3_000]);
			next_block(1_000);
			feed_round(WETH, [1_500, 1_500, 1_500]);
			assert_eq!(Oracle::price(&WETH), Err(PriceError::Frozen));
			let narrow = AssetConfig { min_price: usd(2_000), ..config_around(3_000) };
			assert_noop!(
				Oracle::set_asset_config(RuntimeOrigin::root(), WETH, narrow, None),
				Error::<Test>::ReferenceOutOfBounds
			);
			assert_ok!(Oracle::set_asset_config(
				RuntimeOrigin::root(),
				WETH,
				narrow,
				Some(usd(3_000))
			));
			assert_eq!(frozen(WETH), None);
		});
	}

	#[test]
	fn config_errors() {
		ExtBuilder::default().build_and_execute(|| {
			let good = config_around(3_000);
			let reference = Some(usd(3_000));
			for bad in [
				AssetConfig { max_age: 0, ..good },
				AssetConfig { max_deviation: Permill::zero(), ..good },
				AssetConfig { recovery_period: 0, ..good },
				AssetConfig { min_price: FixedU128::from_inner(0), ..good },
				AssetConfig { min_price: usd(5), max_price: usd(4), ..good },
			] {
				assert_noop!(
					Oracle::set_asset_config(RuntimeOrigin::root(), WETH, bad, reference),
					Error::<Test>::InvalidConfig
				);
			}
			assert_noop!(
				Oracle::set_asset_config(RuntimeOrigin::root(), WETH, good, Some(usd(1))),
				Error::<Test>::ReferenceOutOfBounds
			);
			assert_noop!(
				Oracle::set_asset_config(RuntimeOrigin::root(), NO_DECIMALS, good, reference),
				Error::<Test>::UnknownDecimals
			);
			assert_noop!(
				Oracle::set_asset_config(RuntimeOrigin::signed(1), WETH, good, reference),
				DispatchError::BadOrigin
			);
		});
	}

	#[test]
	fn listing_refuses_untrusted_roles_and_assets_that_are_not_live() {
		ExtBuilder::default().build_and_execute(|| {
			let good = config_around(10);
			assert_noop!(
				Oracle::set_asset_config(RuntimeOrigin::root(), UNTRUSTED, good, Some(usd(10))),
				Error::<Test>::UntrustedAssetRole
			);
			assert_noop!(
				Oracle::set_asset_config(RuntimeOrigin::root(), NOT_LIVE, good, Some(usd(10))),
				Error::<Test>::AssetNotLive
			);
		});
	}

	#[test]
	fn too_many_assets() {
		ExtBuilder::default().build_and_execute(|| {
			let good = config_around(10);
			// MaxAssets is 4 and three are configured: asset 4 fits, and then no new one.
			assert_ok!(Oracle::set_asset_config(
				RuntimeOrigin::root(),
				UNCONFIGURED,
				good,
				Some(usd(10))
			));
			ExtraAssetExists::set(true);
			assert_noop!(
				Oracle::set_asset_config(RuntimeOrigin::root(), EXTRA, good, Some(usd(10))),
				Error::<Test>::TooManyAssets
			);
		});
	}
}

mod remove_asset {
	use super::*;

	#[test]
	fn remove_an_asset() {
		ExtBuilder::default().build_and_execute(|| {
			feed_round(WETH, [3_000, 3_000, 3_000]);
			assert_ok!(Oracle::remove_asset(RuntimeOrigin::root(), WETH));
			System::assert_last_event(Event::AssetRemoved { asset: WETH }.into());
			assert!(!Oracle::is_listed(&WETH));
			assert_eq!(Oracle::price(&WETH), Err(PriceError::NoPrice));
			assert_eq!(Oracle::price_info(&WETH).status, PriceStatus::NotConfigured);
			next_block(1_000);
			assert_noop!(feed(1, vec![(WETH, usd(3_000))]), Error::<Test>::AssetNotConfigured);
			assert_eq!(Assets::<Test>::count(), 2);
			// Listing it again starts from a reference, without the old feeds.
			assert_noop!(
				Oracle::set_asset_config(RuntimeOrigin::root(), WETH, config_around(3_000), None),
				Error::<Test>::MissingReference
			);
			assert_ok!(Oracle::set_asset_config(
				RuntimeOrigin::root(),
				WETH,
				config_around(3_000),
				Some(usd(3_000))
			));
			assert_eq!(feed_of(1, WETH), None);
		});
	}

	#[test]
	fn remove_asset_errors() {
		ExtBuilder::default().build_and_execute(|| {
			assert_noop!(
				Oracle::remove_asset(RuntimeOrigin::root(), UNCONFIGURED),
				Error::<Test>::AssetNotConfigured
			);
			assert_noop!(
				Oracle::remove_asset(RuntimeOrigin::signed(1), WETH),
				DispatchError::BadOrigin
			);
		});
	}

	/// An asset a consumer (a lending market) prices cannot be removed: its collateral would
	/// be worth nothing at once.
	#[test]
	fn an_asset_in_use_is_not_removed() {
		ExtBuilder::default().build_and_execute(|| {
			InUse::set(vec![WETH]);
			assert_noop!(
				Oracle::remove_asset(RuntimeOrigin::root(), WETH),
				Error::<Test>::AssetInUse
			);
			InUse::set(Vec::new());
			assert_ok!(Oracle::remove_asset(RuntimeOrigin::root(), WETH));
		});
	}
}

mod lock {
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
			// The price from before the lock is not served again; the next quorum median is.
			assert_eq!(Oracle::price(&WETH), Err(PriceError::Stale));
			next_block(1_000);
			assert_ok!(feed(1, vec![(WETH, usd(3_100))]));
			assert_eq!(Oracle::price(&WETH).map(|p| p.price), Ok(usd(3_100)));
		});
	}

	/// A lock shorter than the max age used to serve the pre-lock price again at unlock, so a
	/// borrow or liquidation in the unlock's block used the price from before the move that
	/// caused the lock. Now the move goes through the breaker first.
	#[test]
	fn unlocking_does_not_serve_the_price_from_before_the_lock() {
		ExtBuilder::default().build_and_execute(|| {
			feed_round(WETH, [3_000, 3_000, 3_000]);
			assert_ok!(Oracle::lock_price(RuntimeOrigin::root(), WETH));
			next_block(1_000);
			feed_round(WETH, [2_100, 2_100, 2_100]);
			assert_ok!(Oracle::unlock_price(RuntimeOrigin::root(), WETH));
			assert_eq!(Oracle::price(&WETH), Err(PriceError::Stale));
			next_block(1_000);
			assert_ok!(feed(1, vec![(WETH, usd(2_100))]));
			assert_eq!(
				Oracle::price(&WETH),
				Err(PriceError::Frozen),
				"a 30% move trips the breaker"
			);
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
}
