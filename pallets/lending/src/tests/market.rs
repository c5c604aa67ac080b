//! Market creation, updates, validation and reserves.

use super::*;
use crate::{Amount, Error, Event, MarketConfig, ThresholdCutWindow, ThresholdCuts};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::{DispatchError, FixedU128, Permill};

fn config() -> MarketConfig {
	market_config(&WBTC)
}

#[test]
fn genesis_opens_the_markets() {
	ExtBuilder::default().build_and_execute(|| {
		for asset in [LEV, USDT, WETH, WBTC] {
			let market = market(&asset);
			assert_eq!(market.config, market_config(&asset));
			assert_eq!(market.state.borrow_index, FixedU128::from_u32(1));
			assert_eq!(market.state.cash, 0);
		}
	});
}

#[test]
fn create_market_needs_the_market_origin_and_a_new_asset() {
	ExtBuilder::default().markets(vec![USDT]).build_and_execute(|| {
		assert_noop!(
			Lending::create_market(signed(ALICE), WBTC, config()),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Lending::create_market(RuntimeOrigin::root(), NO_MARKET, config()),
			Error::<Test>::UnknownAsset
		);
		assert_ok!(Lending::create_market(RuntimeOrigin::root(), WBTC, config()));
		assert_eq!(last_event(), Event::MarketCreated { asset: WBTC, config: config() });
		assert_eq!(market(&WBTC).state.last_accrued, START);
		assert_noop!(
			Lending::create_market(RuntimeOrigin::root(), WBTC, config()),
			Error::<Test>::MarketExists
		);
	});
}

#[test]
fn at_most_max_markets() {
	ExtBuilder::default().build_and_execute(|| {
		// Four genesis markets and 28 more: MaxMarkets is 32.
		for id in 10..38 {
			assert_ok!(Assets::force_create(RuntimeOrigin::root(), id, ALICE, true, 10));
			assert_ok!(Lending::create_market(
				RuntimeOrigin::root(),
				AssetKind::WithId(id),
				config()
			));
		}
		assert_noop!(
			Lending::create_market(RuntimeOrigin::root(), LEV, config()),
			Error::<Test>::MarketExists
		);
		assert_ok!(Assets::force_create(RuntimeOrigin::root(), 40, ALICE, true, 10));
		assert_noop!(
			Lending::create_market(RuntimeOrigin::root(), AssetKind::WithId(40), config()),
			Error::<Test>::TooManyMarkets
		);
	});
}

#[test]
fn every_invalid_parameter_has_its_error() {
	ExtBuilder::default().markets(vec![]).build_and_execute(|| {
		let root = || RuntimeOrigin::root();
		let cases: Vec<(MarketConfig, Error<Test>)> = vec![
			(
				MarketConfig { collateral_factor: Permill::from_percent(80), ..config() },
				Error::<Test>::CollateralFactorNotBelowThreshold,
			),
			(
				MarketConfig {
					liquidation_threshold: Permill::from_percent(96),
					liquidation_bonus: Permill::from_percent(5),
					..config()
				},
				Error::<Test>::ThresholdWithBonusTooHigh,
			),
			(
				MarketConfig { reserve_factor: Permill::one(), ..config() },
				Error::<Test>::ReserveFactorTooHigh,
			),
			(
				MarketConfig { close_factor: Permill::zero(), ..config() },
				Error::<Test>::ZeroCloseFactor,
			),
			(
				MarketConfig {
					rate_model: crate::RateModel {
						optimal_utilization: Permill::one(),
						..rate_model()
					},
					..config()
				},
				Error::<Test>::InvalidOptimalUtilization,
			),
			(
				MarketConfig {
					rate_model: crate::RateModel {
						slope2: FixedU128::from_u32(10),
						..rate_model()
					},
					..config()
				},
				Error::<Test>::RateTooHigh,
			),
			(
				MarketConfig { flash_loan_fee: Permill::from_percent(11), ..config() },
				Error::<Test>::FlashLoanFeeTooHigh,
			),
		];
		for (bad, error) in cases {
			assert_noop!(Lending::create_market(root(), WBTC, bad), error);
		}
		// Exactly at the bounds is valid: threshold 95% × 1.05 < 100%, a non-collateral
		// market with both factors zero.
		let edge = MarketConfig {
			collateral_factor: Permill::zero(),
			liquidation_threshold: Permill::zero(),
			..config()
		};
		assert_ok!(Lending::create_market(root(), WBTC, edge));
	});
}

#[test]
fn update_market_accrues_first_then_replaces_the_config() {
	ExtBuilder::default().build_and_execute(|| {
		alice_with_weth_collateral(10);
		assert_ok!(Lending::borrow(signed(ALICE), USDT, tokens(&USDT, 10_000)));
		advance(86_400_000);
		let paused = MarketConfig {
			paused: crate::PauseFlags { borrow: true, ..Default::default() },
			..market_config(&USDT)
		};
		assert_noop!(Lending::update_market(signed(ALICE), USDT, paused), DispatchError::BadOrigin);
		assert_noop!(
			Lending::update_market(RuntimeOrigin::root(), NO_MARKET, paused),
			Error::<Test>::MarketNotFound
		);
		assert_ok!(Lending::update_market(RuntimeOrigin::root(), USDT, paused));
		let market = market(&USDT);
		assert_eq!(market.config, paused);
		assert_eq!(market.state.last_accrued, START + 86_400_000);
		assert!(market.state.borrow_index > FixedU128::from_u32(1));
	});
}

#[test]
fn reserves_go_to_the_treasury_by_the_reserve_origin() {
	ExtBuilder::default().build_and_execute(|| {
		alice_with_weth_collateral(100);
		assert_ok!(Lending::borrow(signed(ALICE), USDT, tokens(&USDT, 50_000)));
		assert_noop!(
			Lending::withdraw_reserves(RuntimeOrigin::root(), USDT, Amount::All),
			Error::<Test>::ZeroAmount
		);
		advance(365 * 86_400_000);
		let reserves = crate::Pallet::<Test>::market_view(&USDT).unwrap().reserves;
		assert!(reserves > 0);
		assert_noop!(
			Lending::withdraw_reserves(signed(ALICE), USDT, Amount::All),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Lending::withdraw_reserves(RuntimeOrigin::root(), USDT, Amount::Exact(reserves + 1)),
			Error::<Test>::InsufficientReserves
		);
		assert_noop!(
			Lending::withdraw_reserves(RuntimeOrigin::root(), USDT, Amount::Exact(0)),
			Error::<Test>::ZeroAmount
		);
		let before = balance(&USDT, TREASURY);
		assert_ok!(Lending::withdraw_reserves(RuntimeOrigin::root(), USDT, Amount::All));
		assert_eq!(balance(&USDT, TREASURY), before + reserves);
		assert_eq!(market(&USDT).state.reserves, 0);
		assert_eq!(
			last_event(),
			Event::ReservesWithdrawn { asset: USDT, amount: reserves, to: TREASURY }
		);
	});
}

#[test]
fn the_v2_migration_gives_stored_markets_a_dex_bound() {
	use codec::Encode;
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};
	ExtBuilder::default().build_and_execute(|| {
		// Every market as version 1 stored it: the configuration without `max_slippage`.
		let mut stored = market(&WETH);
		stored.config.max_slippage = Permill::from_percent(7);
		crate::Markets::<Test>::insert(WETH, stored);
		let before: Vec<_> = crate::Markets::<Test>::iter().collect();
		for (asset, market) in &before {
			let config = market.config.encode();
			let old = [&config[..config.len() - 4], &market.state.encode()[..]].concat();
			let key = crate::Markets::<Test>::hashed_key_for(asset);
			frame_support::storage::unhashed::put_raw(&key, &old);
		}
		StorageVersion::new(1).put::<Lending>();
		crate::migrations::v2::MigrateV1ToV2::<Test>::on_runtime_upgrade();
		let migrated = market(&WETH);
		assert_eq!(migrated.config.max_slippage, crate::migrations::v2::DEFAULT_MAX_SLIPPAGE);
		assert_eq!(
			MarketConfig { max_slippage: Permill::from_percent(7), ..migrated.config },
			stored.config
		);
		assert_eq!(migrated.state, stored.state);
		for (asset, market) in before {
			let upgraded = crate::Markets::<Test>::get(&asset).expect("still there");
			assert_eq!(upgraded.config.max_slippage, Permill::from_percent(3));
			assert_eq!(upgraded.state, market.state);
		}
		assert_eq!(Lending::on_chain_storage_version(), 2);
		// Run again, it changes nothing.
		crate::migrations::v2::MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(market(&WETH), migrated);
	});
}

#[test]
fn the_emergency_origin_can_only_add_pauses() {
	ExtBuilder::default().build_and_execute(|| {
		alice_with_weth_collateral(10);
		let borrow_only = crate::PauseFlags { borrow: true, ..Default::default() };
		// Nobody else may pause; the emergency origin may not update a market.
		assert_noop!(
			Lending::pause_market(signed(ALICE), USDT, borrow_only),
			DispatchError::BadOrigin
		);
		let looser =
			MarketConfig { collateral_factor: Permill::from_percent(90), ..market_config(&WETH) };
		assert_noop!(
			Lending::update_market(signed(EMERGENCY), WETH, looser),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Lending::pause_market(signed(EMERGENCY), NO_MARKET, borrow_only),
			Error::<Test>::MarketNotFound
		);

		assert_ok!(Lending::pause_market(signed(EMERGENCY), USDT, borrow_only));
		System::assert_last_event(Event::MarketPaused { asset: USDT, paused: borrow_only }.into());
		assert_noop!(
			Lending::borrow(signed(ALICE), USDT, tokens(&USDT, 100)),
			Error::<Test>::BorrowPaused
		);
		// Asking for nothing new is refused; adding a pause keeps the old one.
		assert_noop!(
			Lending::pause_market(signed(EMERGENCY), USDT, borrow_only),
			Error::<Test>::NothingToPause
		);
		let supply_only = crate::PauseFlags { supply: true, ..Default::default() };
		assert_ok!(Lending::pause_market(signed(EMERGENCY), USDT, supply_only));
		let paused = market(&USDT).config.paused;
		assert!(paused.borrow && paused.supply && !paused.liquidation && !paused.flash_loan);
		// Only a market update lifts a pause; every other parameter is untouched.
		let mut rest = market_config(&USDT);
		rest.paused = paused;
		assert_eq!(market(&USDT).config, rest);
		assert_ok!(Lending::update_market(RuntimeOrigin::root(), USDT, market_config(&USDT)));
		assert_ok!(Lending::borrow(signed(ALICE), USDT, tokens(&USDT, 100)));
	});
}

/// WETH's configuration with its liquidation threshold `points` from genesis' 80% (the
/// collateral factor follows, five points below).
fn weth_threshold(points: i32) -> MarketConfig {
	let base = market_config(&WETH);
	let threshold = (80 + points) as u32;
	MarketConfig {
		liquidation_threshold: Permill::from_percent(threshold),
		collateral_factor: Permill::from_percent(threshold - 5),
		..base
	}
}

#[test]
fn a_liquidation_threshold_falls_at_most_max_threshold_cut_per_period() {
	ExtBuilder::default().build_and_execute(|| {
		let update =
			|points| Lending::update_market(RuntimeOrigin::root(), WETH, weth_threshold(points));
		// Three points at once would make accounts near the threshold liquidatable at once.
		assert_noop!(update(-3), Error::<Test>::ThresholdCutTooLarge);
		// Two points open a period whose peak is genesis' 80%.
		assert_ok!(update(-2));
		let cut_at = Timestamp::get();
		assert_eq!(
			ThresholdCuts::<Test>::get(WETH),
			Some(ThresholdCutWindow { last_cut: cut_at, peak: Permill::from_percent(80) })
		);
		// One more point is refused until a full period has passed since that cut.
		advance(ThresholdCutPeriod::get() - 1);
		assert_noop!(update(-3), Error::<Test>::ThresholdCutTooLarge);
		// Raising is not limited, and lowering back within the period's budget is allowed.
		assert_ok!(update(0));
		assert_ok!(update(-1));
		// That cut extended the period: a period after the first cut is not enough.
		advance(1);
		assert_noop!(update(-3), Error::<Test>::ThresholdCutTooLarge);
		// A full period after the latest cut, the next two points are allowed from where it is.
		advance(ThresholdCutPeriod::get() - 1);
		assert_ok!(update(-3));
		assert_eq!(market(&WETH).config, weth_threshold(-3));
		assert_eq!(
			ThresholdCuts::<Test>::get(WETH),
			Some(ThresholdCutWindow {
				last_cut: Timestamp::get(),
				peak: Permill::from_percent(79)
			})
		);
	});
}

/// The attack: open a period with a tiny cut, raise the threshold so borrowers lean on it, then
/// cut back below the period's start in one update. The raise counts into the period's peak:
/// the deep cut is refused, two points below the raised threshold are allowed.
#[test]
fn a_raise_then_a_deep_cut_is_measured_from_the_raise() {
	ExtBuilder::default().build_and_execute(|| {
		let update =
			|points| Lending::update_market(RuntimeOrigin::root(), WETH, weth_threshold(points));
		assert_ok!(update(-1));
		assert_ok!(update(10));
		assert_noop!(update(-2), Error::<Test>::ThresholdCutTooLarge);
		assert_noop!(update(7), Error::<Test>::ThresholdCutTooLarge);
		assert_ok!(update(8));
		assert_eq!(
			ThresholdCuts::<Test>::get(WETH).map(|window| window.peak),
			Some(Permill::from_percent(90))
		);
		// A raise with no cut open is free, and the next cut is measured from it too.
		advance(ThresholdCutPeriod::get());
		assert_ok!(update(15));
		assert_noop!(update(12), Error::<Test>::ThresholdCutTooLarge);
		assert_ok!(update(13));
	});
}

/// The attack: two cuts on either side of a period's end — a tiny one, then two points just
/// before the period would end, then two more just after — four points in two blocks. Each cut
/// extends the period, so the third is refused.
#[test]
fn two_cuts_across_a_period_end_cannot_add_up() {
	ExtBuilder::default().build_and_execute(|| {
		let update =
			|points| Lending::update_market(RuntimeOrigin::root(), WETH, weth_threshold(points));
		let block = 6_000;
		assert_ok!(update(-1));
		advance(ThresholdCutPeriod::get() - block);
		assert_ok!(update(-2));
		advance(block);
		assert_noop!(update(-4), Error::<Test>::ThresholdCutTooLarge);
		assert_eq!(market(&WETH).config, weth_threshold(-2));
	});
}

#[test]
fn the_invariants_catch_a_cut_period_of_no_market_or_from_the_future() {
	ExtBuilder::default().markets(vec![LEV, USDT, WETH]).build().execute_with(|| {
		let window =
			ThresholdCutWindow { last_cut: Timestamp::get(), peak: Permill::from_percent(80) };
		ThresholdCuts::<Test>::insert(WETH, window);
		assert_ok!(Lending::do_try_state());
		ThresholdCuts::<Test>::insert(WBTC, window);
		assert!(Lending::do_try_state().is_err());
		ThresholdCuts::<Test>::remove(WBTC);
		ThresholdCuts::<Test>::insert(
			WETH,
			ThresholdCutWindow { last_cut: Timestamp::get() + 1, ..window },
		);
		assert!(Lending::do_try_state().is_err());
	});
}

/// The attack: governance (or a sudo key) enacts one batch of many 2-point updates, each
/// within `MaxThresholdCut` of the threshold the previous one left, to make positions
/// liquidatable at once. Every update after the first is measured from the period's start
/// and refused; the market keeps the first cut only.
#[test]
fn several_cuts_in_one_block_cannot_add_up_past_max_threshold_cut() {
	ExtBuilder::default().build_and_execute(|| {
		let base = market_config(&WETH);
		let cut = |points: u32| MarketConfig {
			liquidation_threshold: base.liquidation_threshold - Permill::from_percent(points),
			collateral_factor: base.collateral_factor - Permill::from_percent(points),
			..base
		};
		assert_ok!(Lending::update_market(RuntimeOrigin::root(), WETH, cut(1)));
		assert_ok!(Lending::update_market(RuntimeOrigin::root(), WETH, cut(2)));
		for points in (4..=20).step_by(2) {
			assert_noop!(
				Lending::update_market(RuntimeOrigin::root(), WETH, cut(points)),
				Error::<Test>::ThresholdCutTooLarge
			);
		}
		assert_eq!(market(&WETH).config, cut(2));
		// Each market has its own period: WBTC's threshold can still fall two points.
		let wbtc = market_config(&WBTC);
		let lower = MarketConfig {
			liquidation_threshold: wbtc.liquidation_threshold - Permill::from_percent(2),
			collateral_factor: wbtc.collateral_factor - Permill::from_percent(2),
			..wbtc
		};
		assert_ok!(Lending::update_market(RuntimeOrigin::root(), WBTC, lower));
	});
}
