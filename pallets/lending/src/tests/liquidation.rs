//! Liquidations, the close factor, dust and bad debt.

use super::*;
use crate::{Amount, Error, Event, PauseFlags};
use frame_support::{assert_noop, assert_ok};
use pallet_lever_oracle::PriceError;
use sp_runtime::FixedU128;

/// ALICE: 10 WETH of collateral, 20,000 USDT of debt (HF 1.2 at $3,000).
fn alice_borrowed() {
	alice_with_weth_collateral(10);
	assert_ok!(Lending::borrow(signed(ALICE), USDT, tokens(&USDT, 20_000)));
}

#[test]
fn a_healthy_account_cannot_be_liquidated() {
	ExtBuilder::default().build_and_execute(|| {
		alice_borrowed();
		assert_noop!(
			liquidate(CHARLIE, ALICE, USDT, WETH, Amount::All),
			Error::<Test>::HealthyAccount
		);
		// Exactly at health 1 ($2,500 × 10 × 80% = $20,000) is still not liquidatable.
		set_price(WETH, usd(2_500));
		assert_noop!(
			liquidate(CHARLIE, ALICE, USDT, WETH, Amount::All),
			Error::<Test>::HealthyAccount
		);
	});
}

#[test]
fn liquidation_repays_half_for_collateral_plus_bonus() {
	ExtBuilder::default().build_and_execute(|| {
		alice_borrowed();
		// $2,400: HF = 24,000 × 0.8 / 20,000 = 0.96, above the deep threshold 0.95.
		set_price(WETH, usd(2_400));
		let hf = Lending::account_view(&ALICE).health_factor.unwrap();
		assert_eq!(hf, FixedU128::from_rational(96, 100));
		assert_noop!(
			liquidate(CHARLIE, ALICE, USDT, WETH, Amount::Exact(tokens(&USDT, 10_001))),
			Error::<Test>::LiquidationTooLarge
		);
		let charlie_usdt = balance(&USDT, CHARLIE);
		let reserves_before = market(&WETH).state.reserves;
		assert_ok!(liquidate(CHARLIE, ALICE, USDT, WETH, Amount::All));
		assert_eq!(balance(&USDT, CHARLIE), charlie_usdt - tokens(&USDT, 10_000));
		assert_eq!(debt_now(ALICE, &USDT), tokens(&USDT, 10_000));
		// $10,000 × 1.05 = $10,500 = 4.375 WETH seized; 10% of the 0.2083 WETH bonus to reserves.
		let seized = tokens(&WETH, 4_375) / 1_000;
		let protocol = market(&WETH).state.reserves - reserves_before;
		let to_charlie = supplied_now(CHARLIE, &WETH);
		assert!(to_charlie + protocol <= seized && to_charlie + protocol + 2 >= seized);
		let bonus = seized - seized * 100 / 105;
		assert!(protocol.abs_diff(bonus / 10) <= 2, "{protocol} vs {}", bonus / 10);
		assert!(matches!(
			last_event(),
			Event::Liquidated { liquidator: CHARLIE, borrower: ALICE, repaid, .. } if repaid == tokens(&USDT, 10_000)
		));
		// Healthier now, and Charlie can take his WETH out.
		assert!(Lending::account_view(&ALICE).health_factor.unwrap() > hf);
		assert_ok!(Lending::withdraw(signed(CHARLIE), WETH, Amount::All));
	});
}

#[test]
fn a_deeply_unhealthy_account_can_be_closed_entirely() {
	ExtBuilder::default().build_and_execute(|| {
		alice_borrowed();
		// $2,350: HF = 0.94 < 0.95: the whole debt may be repaid.
		set_price(WETH, usd(2_350));
		assert_ok!(liquidate(CHARLIE, ALICE, USDT, WETH, Amount::All));
		assert_eq!(debt_now(ALICE, &USDT), 0);
		assert!(
			position(ALICE, &WETH).shares > 0,
			"the collateral beyond debt + bonus stays Alice's"
		);
	});
}

#[test]
fn collateral_short_of_the_debt_is_seized_whole_and_the_rest_written_off() {
	ExtBuilder::default().build_and_execute(|| {
		alice_borrowed();
		// $1,800: $18,000 of collateral for $20,000 of debt.
		set_price(WETH, usd(1_800));
		let supplied_before = Lending::market_view(&USDT).unwrap().total_supply;
		assert_ok!(liquidate(CHARLIE, ALICE, USDT, WETH, Amount::All));
		assert_eq!(position(ALICE, &WETH).shares, 0);
		assert_eq!(position(ALICE, &USDT).scaled_debt, 0);
		// Repaid what $18,000 / 1.05 covers: 17,142.86 USDT; 2,857.14 written off.
		let written_off = System::events().into_iter().find_map(|r| match r.event {
			RuntimeEvent::Lending(Event::BadDebtWrittenOff {
				who, amount, from_reserves, ..
			}) => {
				assert_eq!(who, ALICE);
				Some((amount, from_reserves))
			},
			_ => None,
		});
		let (amount, from_reserves) = written_off.expect("bad debt event");
		assert!(amount.abs_diff(2_857_142_858) <= 2, "{amount}");
		assert_eq!(from_reserves, 0, "no interest has accrued into reserves yet");
		let supplied_after = Lending::market_view(&USDT).unwrap().total_supply;
		assert!(supplied_before - supplied_after <= amount + 1, "suppliers absorb the loss");
		assert!(Accounts::<Test>::get(ALICE).is_empty());
	});
}

#[test]
fn liquidation_must_not_leave_dust() {
	ExtBuilder::default().build_and_execute(|| {
		alice_with_weth_collateral(10);
		assert_ok!(Lending::borrow(signed(ALICE), USDT, tokens(&USDT, 20_000)));
		let mut config = market_config(&USDT);
		config.min_borrow = tokens(&USDT, 10_001);
		assert_ok!(Lending::update_market(RuntimeOrigin::root(), USDT, config));
		set_price(WETH, usd(2_400));
		// Half would leave 10,000 < the minimum: the whole debt may go, but a part that
		// leaves dust may not.
		assert_noop!(
			liquidate(CHARLIE, ALICE, USDT, WETH, Amount::Exact(tokens(&USDT, 15_000))),
			Error::<Test>::LiquidationLeavesDust
		);
		assert_ok!(liquidate(CHARLIE, ALICE, USDT, WETH, Amount::All));
		assert_eq!(debt_now(ALICE, &USDT), 0);
	});
}

#[test]
fn liquidation_errors() {
	ExtBuilder::default().build_and_execute(|| {
		alice_borrowed();
		assert_ok!(Lending::supply(signed(ALICE), WBTC, tokens(&WBTC, 1) / 10));
		assert_ok!(Lending::enable_collateral(signed(ALICE), WBTC));
		// $15,000 × 0.8 + $6,000 × 0.8 = $16,800 for $20,000 of debt.
		set_price(WETH, usd(1_500));
		assert_noop!(
			liquidate(ALICE, ALICE, USDT, WETH, Amount::All),
			Error::<Test>::SelfLiquidation
		);
		assert_noop!(
			liquidate(CHARLIE, ALICE, USDT, WETH, Amount::Exact(0)),
			Error::<Test>::ZeroAmount
		);
		assert_noop!(liquidate(CHARLIE, ALICE, WBTC, WETH, Amount::All), Error::<Test>::NoDebt);
		assert_noop!(
			liquidate(CHARLIE, ALICE, USDT, LEV, Amount::All),
			Error::<Test>::NoCollateral
		);
		// One USDT unit ($0.000001) is worth less than one WBTC unit ($0.0006).
		assert_noop!(
			liquidate(CHARLIE, ALICE, USDT, WBTC, Amount::Exact(1)),
			Error::<Test>::LiquidationTooSmall
		);
		refuse_price(WETH, PriceError::Stale);
		assert_noop!(liquidate(CHARLIE, ALICE, USDT, WETH, Amount::All), Error::<Test>::PriceStale);
		set_price(WETH, usd(1_500));
		let mut config = market_config(&WETH);
		config.paused = PauseFlags { liquidation: true, ..Default::default() };
		assert_ok!(Lending::update_market(RuntimeOrigin::root(), WETH, config));
		assert_noop!(
			liquidate(CHARLIE, ALICE, USDT, WETH, Amount::All),
			Error::<Test>::LiquidationPaused
		);
		// Another collateral of the same account is still liquidatable.
		assert_ok!(liquidate(CHARLIE, ALICE, USDT, WBTC, Amount::All));
	});
}

#[test]
fn a_liquidator_with_no_room_for_the_collateral_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		alice_borrowed();
		for asset in [LEV, USDT, WBTC] {
			assert_ok!(Lending::supply(signed(CHARLIE), asset.clone(), unit(&asset)));
		}
		assert_ok!(Assets::force_create(RuntimeOrigin::root(), 7, ALICE, true, 10));
		assert_ok!(Assets::mint(signed(ALICE), 7, CHARLIE, 1_000_000));
		let seven = AssetKind::WithId(7);
		assert_ok!(Lending::create_market(
			RuntimeOrigin::root(),
			seven.clone(),
			market_config(&USDT)
		));
		assert_ok!(Lending::supply(signed(CHARLIE), seven, 100_000));
		set_price(WETH, usd(2_400));
		assert_noop!(
			liquidate(CHARLIE, ALICE, USDT, WETH, Amount::All),
			Error::<Test>::TooManyPositions
		);
	});
}
