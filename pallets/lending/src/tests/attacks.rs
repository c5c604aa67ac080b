//! Known attacks on money markets, replayed and refused.

use super::*;
use crate::{Amount, Error};
use frame_support::{
	assert_noop, assert_ok, traits::fungibles::Mutate, traits::tokens::Preservation,
};

#[test]
fn first_depositor_inflation_by_donation_does_not_move_the_share_price() {
	ExtBuilder::default().build_and_execute(|| {
		// Eve makes the first, smallest supply (one share of her own) and donates a fortune
		// straight to the pool account, hoping Bob's supply rounds to nothing.
		assert_ok!(Lending::supply(signed(EVE), USDT, MIN_BALANCE + MINIMUM_SHARES + 1));
		assert_eq!(position(EVE, &USDT).shares, 1);
		assert_ok!(<NativeAndAssets as Mutate<_>>::transfer(
			USDT,
			&EVE,
			&Lending::market_account(&USDT),
			tokens(&USDT, 500_000),
			Preservation::Preserve
		));
		let rate_before = Lending::market_view(&USDT).unwrap().exchange_rate;
		assert_ok!(Lending::supply(signed(BOB), USDT, tokens(&USDT, 1_000)));
		assert_eq!(Lending::market_view(&USDT).unwrap().exchange_rate, rate_before);
		assert_eq!(position(BOB, &USDT).shares, tokens(&USDT, 1_000));
		let before = balance(&USDT, BOB);
		assert_ok!(Lending::withdraw(signed(BOB), USDT, Amount::All));
		assert_eq!(balance(&USDT, BOB), before + tokens(&USDT, 1_000));
		// Eve's one share still redeems for one unit: the donation bought her nothing.
		assert_eq!(supplied_now(EVE, &USDT), 1);
	});
}

#[test]
fn a_supply_worth_less_than_a_share_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		alice_with_weth_collateral(100);
		assert_ok!(Lending::borrow(signed(ALICE), USDT, tokens(&USDT, 90_000)));
		advance(365 * 86_400_000);
		// A share is worth more than one unit now.
		assert!(
			Lending::market_view(&USDT).unwrap().exchange_rate > sp_runtime::FixedU128::from_u32(1)
		);
		assert_noop!(Lending::supply(signed(BOB), USDT, 1), Error::<Test>::ZeroShares);
	});
}

#[test]
fn collateral_backing_a_borrow_cannot_be_switched_off() {
	ExtBuilder::default().build_and_execute(|| {
		alice_with_weth_collateral(10);
		assert_ok!(Lending::borrow(signed(ALICE), USDT, tokens(&USDT, 1_000)));
		assert_noop!(
			Lending::disable_collateral(signed(ALICE), WETH),
			Error::<Test>::InsufficientCollateral
		);
		assert_noop!(
			Lending::withdraw(signed(ALICE), WETH, Amount::All),
			Error::<Test>::InsufficientCollateral
		);
	});
}

#[test]
fn repeated_tiny_borrows_never_round_debt_to_zero() {
	ExtBuilder::default().build_and_execute(|| {
		let mut config = market_config(&USDT);
		config.min_borrow = 1;
		assert_ok!(Lending::update_market(RuntimeOrigin::root(), USDT, config));
		alice_with_weth_collateral(100);
		assert_ok!(Lending::borrow(signed(ALICE), USDT, tokens(&USDT, 50_000)));
		advance(365 * 86_400_000);
		let before = debt_now(ALICE, &USDT);
		let wallet = balance(&USDT, ALICE);
		for _ in 0..100 {
			assert_ok!(Lending::borrow(signed(ALICE), USDT, 1));
		}
		assert_eq!(balance(&USDT, ALICE), wallet + 100);
		assert!(debt_now(ALICE, &USDT) >= before + 100, "each unit borrowed is owed");
	});
}

#[test]
fn a_healthy_account_is_never_liquidated() {
	ExtBuilder::default().build_and_execute(|| {
		alice_with_weth_collateral(10);
		assert_ok!(Lending::borrow(signed(ALICE), USDT, tokens(&USDT, 22_500)));
		assert_noop!(
			liquidate(CHARLIE, ALICE, USDT, WETH, Amount::Exact(tokens(&USDT, 1))),
			Error::<Test>::HealthyAccount
		);
	});
}

/// USD net worth of `accounts` together: wallets plus supplies minus debts, at current prices.
fn net_worth(accounts: &[AccountId]) -> i128 {
	let mut total = 0i128;
	for who in accounts {
		for asset in [USDT, WETH] {
			let price = Prices::get().get(&asset).copied().unwrap().unwrap();
			let units = balance(&asset, *who) as i128 + supplied_now(*who, &asset) as i128
				- debt_now(*who, &asset) as i128;
			// Micro-dollars.
			total +=
				units * (price.into_inner() / 1_000_000_000_000) as i128 / unit(&asset) as i128;
		}
	}
	total
}

#[test]
fn self_liquidation_through_a_second_account_earns_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		alice_with_weth_collateral(10);
		assert_ok!(Lending::borrow(signed(ALICE), USDT, tokens(&USDT, 20_000)));
		set_price(WETH, usd(2_400));
		assert_noop!(
			liquidate(ALICE, ALICE, USDT, WETH, Amount::All),
			Error::<Test>::SelfLiquidation
		);
		// Eve is Alice's other account: the bonus she receives is what Alice loses, and the
		// protocol keeps its share — the pair ends poorer.
		let before = net_worth(&[ALICE, EVE]);
		assert_ok!(liquidate(EVE, ALICE, USDT, WETH, Amount::All));
		let after = net_worth(&[ALICE, EVE]);
		assert!(after < before, "{after} < {before}");
	});
}
