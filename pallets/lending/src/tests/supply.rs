//! Supplying, withdrawing and collateral switches.

use super::*;
use crate::{Amount, Error, Event, PauseFlags};
use frame_support::{assert_noop, assert_ok};
use pallet_lever_oracle::PriceError;

#[test]
fn first_supply_locks_minimum_shares_and_endows_the_pool_account() {
	ExtBuilder::default().build_and_execute(|| {
		let amount = tokens(&USDT, 1_000);
		let before = balance(&USDT, BOB);
		assert_ok!(Lending::supply(signed(BOB), USDT, amount));
		let state = market(&USDT).state;
		assert_eq!(state.cash, amount - MIN_BALANCE);
		assert_eq!(state.locked_shares, MINIMUM_SHARES);
		assert_eq!(state.total_shares, amount - MIN_BALANCE);
		assert_eq!(position(BOB, &USDT).shares, amount - MIN_BALANCE - MINIMUM_SHARES);
		assert_eq!(balance(&USDT, BOB), before - amount);
		assert_eq!(balance(&USDT, Lending::market_account(&USDT)), amount);
		assert_eq!(
			last_event(),
			Event::Supplied {
				who: BOB,
				asset: USDT,
				amount,
				shares: amount - MIN_BALANCE - MINIMUM_SHARES
			}
		);
	});
}

#[test]
fn first_supply_must_exceed_the_locked_minimum() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(
			Lending::supply(signed(BOB), USDT, MIN_BALANCE + MINIMUM_SHARES),
			Error::<Test>::FirstSupplyTooSmall
		);
		assert_ok!(Lending::supply(signed(BOB), USDT, MIN_BALANCE + MINIMUM_SHARES + 1));
		assert_eq!(position(BOB, &USDT).shares, 1);
	});
}

#[test]
fn supply_errors() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(Lending::supply(signed(BOB), USDT, 0), Error::<Test>::ZeroAmount);
		assert_noop!(
			Lending::supply(signed(BOB), NO_MARKET, 100_000),
			Error::<Test>::MarketNotFound
		);
		let mut config = market_config(&USDT);
		config.supply_cap = tokens(&USDT, 10);
		assert_ok!(Lending::update_market(RuntimeOrigin::root(), USDT, config));
		assert_noop!(
			Lending::supply(signed(BOB), USDT, tokens(&USDT, 10) + 1),
			Error::<Test>::SupplyCapExceeded
		);
		config.paused = PauseFlags { supply: true, ..Default::default() };
		assert_ok!(Lending::update_market(RuntimeOrigin::root(), USDT, config));
		assert_noop!(
			Lending::supply(signed(BOB), USDT, tokens(&USDT, 1)),
			Error::<Test>::SupplyPaused
		);
		// More than the account holds: the token's own error, nothing changes.
		assert_noop!(
			Lending::supply(signed(BOB), WBTC, tokens(&WBTC, 2_000_000)),
			sp_runtime::TokenError::FundsUnavailable
		);
	});
}

#[test]
fn an_account_is_in_at_most_max_markets_per_account() {
	ExtBuilder::default().build_and_execute(|| {
		for asset in [LEV, USDT, WETH, WBTC] {
			assert_ok!(Lending::supply(signed(BOB), asset.clone(), unit(&asset)));
		}
		assert_ok!(Assets::force_create(RuntimeOrigin::root(), 7, ALICE, true, 10));
		assert_ok!(Assets::mint(signed(ALICE), 7, BOB, 1_000_000));
		let seven = AssetKind::WithId(7);
		assert_ok!(Lending::create_market(
			RuntimeOrigin::root(),
			seven.clone(),
			market_config(&USDT)
		));
		assert_noop!(Lending::supply(signed(BOB), seven, 100_000), Error::<Test>::TooManyPositions);
	});
}

#[test]
fn withdraw_by_amount_or_all() {
	ExtBuilder::default().build_and_execute(|| {
		seed(&USDT, tokens(&USDT, 1_000));
		assert_ok!(Lending::supply(signed(BOB), USDT, tokens(&USDT, 500)));
		let shares = position(BOB, &USDT).shares;
		let before = balance(&USDT, BOB);
		assert_ok!(Lending::withdraw(signed(BOB), USDT, Amount::Exact(tokens(&USDT, 200))));
		assert_eq!(balance(&USDT, BOB), before + tokens(&USDT, 200));
		assert!(position(BOB, &USDT).shares < shares);
		assert_ok!(Lending::withdraw(signed(BOB), USDT, Amount::All));
		assert_eq!(balance(&USDT, BOB), before + tokens(&USDT, 500));
		assert!(Accounts::<Test>::get(BOB).is_empty(), "the empty position is dropped");
		assert!(
			matches!(last_event(), Event::Withdrawn { who: BOB, amount, .. } if amount == tokens(&USDT, 300))
		);
	});
}

#[test]
fn withdraw_errors() {
	ExtBuilder::default().build_and_execute(|| {
		seed(&USDT, tokens(&USDT, 1_000));
		assert_noop!(Lending::withdraw(signed(BOB), USDT, Amount::All), Error::<Test>::NoSupply);
		assert_ok!(Lending::supply(signed(BOB), USDT, tokens(&USDT, 500)));
		assert_noop!(
			Lending::withdraw(signed(BOB), USDT, Amount::Exact(0)),
			Error::<Test>::ZeroAmount
		);
		assert_noop!(
			Lending::withdraw(signed(BOB), USDT, Amount::Exact(tokens(&USDT, 501))),
			Error::<Test>::InsufficientSupply
		);
		// Lend most of the cash out: the rest of Bob's supply waits for repayments.
		assert_ok!(Lending::supply(signed(ALICE), WETH, tokens(&WETH, 10)));
		assert_ok!(Lending::enable_collateral(signed(ALICE), WETH));
		assert_ok!(Lending::borrow(signed(ALICE), USDT, tokens(&USDT, 1_400)));
		assert_noop!(
			Lending::withdraw(signed(BOB), USDT, Amount::All),
			Error::<Test>::InsufficientCash
		);
	});
}

#[test]
fn collateral_switches() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(Lending::enable_collateral(signed(ALICE), WETH), Error::<Test>::NoSupply);
		assert_noop!(
			Lending::enable_collateral(signed(ALICE), NO_MARKET),
			Error::<Test>::MarketNotFound
		);
		assert_ok!(Lending::supply(signed(ALICE), WETH, tokens(&WETH, 1)));
		assert_ok!(Lending::enable_collateral(signed(ALICE), WETH));
		assert!(position(ALICE, &WETH).collateral);
		assert_eq!(last_event(), Event::CollateralEnabled { who: ALICE, asset: WETH });
		// Without debt, disabling needs no price at all.
		refuse_price(WETH, PriceError::Stale);
		assert_ok!(Lending::disable_collateral(signed(ALICE), WETH));
		assert!(!position(ALICE, &WETH).collateral);
		assert_eq!(last_event(), Event::CollateralDisabled { who: ALICE, asset: WETH });
		// A market with a zero collateral factor cannot be collateral (the liquidation threshold
		// of existing positions can only come down in steps).
		let mut config = market_config(&WETH);
		config.collateral_factor = sp_runtime::Permill::zero();
		assert_ok!(Lending::update_market(RuntimeOrigin::root(), WETH, config));
		assert_noop!(
			Lending::enable_collateral(signed(ALICE), WETH),
			Error::<Test>::NotCollateralAsset
		);
	});
}

#[test]
fn withdrawing_or_disabling_collateral_that_backs_a_debt_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		alice_with_weth_collateral(10);
		// $30,000 of WETH at 75%: a $22,500 borrow limit.
		assert_ok!(Lending::borrow(signed(ALICE), USDT, tokens(&USDT, 20_000)));
		assert_noop!(
			Lending::disable_collateral(signed(ALICE), WETH),
			Error::<Test>::InsufficientCollateral
		);
		assert_noop!(
			Lending::withdraw(signed(ALICE), WETH, Amount::Exact(tokens(&WETH, 2))),
			Error::<Test>::InsufficientCollateral
		);
		// Within the limit: 0.5 WETH ($1,500) leaves $21,375 of limit for $20,000 of debt.
		assert_ok!(Lending::withdraw(signed(ALICE), WETH, Amount::Exact(tokens(&WETH, 1) / 2)));
		// With a stale price the pallet cannot tell: refused, not guessed.
		refuse_price(WETH, PriceError::Stale);
		assert_noop!(
			Lending::withdraw(signed(ALICE), WETH, Amount::Exact(1_000)),
			Error::<Test>::PriceStale
		);
	});
}

#[test]
fn supply_earns_interest_over_time() {
	ExtBuilder::default().build_and_execute(|| {
		alice_with_weth_collateral(10);
		assert_ok!(Lending::supply(signed(BOB), USDT, tokens(&USDT, 100_000)));
		let at_start = supplied_now(BOB, &USDT);
		assert_ok!(Lending::borrow(signed(ALICE), USDT, tokens(&USDT, 20_000)));
		advance(30 * 86_400_000);
		let later = supplied_now(BOB, &USDT);
		assert!(later > at_start, "{later} > {at_start}");
		// Withdrawing all pays the interest out.
		let before = balance(&USDT, BOB);
		assert_ok!(Lending::withdraw(signed(BOB), USDT, Amount::All));
		assert_eq!(balance(&USDT, BOB), before + later);
	});
}
