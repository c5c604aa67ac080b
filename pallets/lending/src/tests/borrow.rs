//! Borrowing, repaying and interest accrual.

use super::*;
use crate::{interest::growth_factor, Amount, Error, Event, PauseFlags};
use frame_support::{assert_noop, assert_ok};
use pallet_lever_oracle::PriceError;
use sp_runtime::{FixedU128, Permill};

#[test]
fn borrow_within_the_limit() {
	ExtBuilder::default().build_and_execute(|| {
		alice_with_weth_collateral(10);
		let before = balance(&USDT, ALICE);
		assert_ok!(Lending::borrow(signed(ALICE), USDT, tokens(&USDT, 22_000)));
		assert_eq!(balance(&USDT, ALICE), before + tokens(&USDT, 22_000));
		assert_eq!(debt_now(ALICE, &USDT), tokens(&USDT, 22_000));
		assert_eq!(
			last_event(),
			Event::Borrowed {
				who: ALICE,
				asset: USDT,
				amount: tokens(&USDT, 22_000),
				debt: tokens(&USDT, 22_000)
			}
		);
		// $30,000 × 75% = $22,500: $501 more is beyond the limit.
		assert_noop!(
			Lending::borrow(signed(ALICE), USDT, tokens(&USDT, 501)),
			Error::<Test>::InsufficientCollateral
		);
		assert_ok!(Lending::borrow(signed(ALICE), USDT, tokens(&USDT, 500)));
		let view = Lending::account_view(&ALICE);
		let liquidity = view.liquidity.unwrap();
		assert_eq!(liquidity.borrow_limit, FixedU128::from_u32(22_500));
		assert_eq!(liquidity.debt_value, FixedU128::from_u32(22_500));
		// 24,000 / 22,500 = 1.0666…, rounded down.
		assert_eq!(view.health_factor, Some(FixedU128::from_inner(1_066_666_666_666_666_666)));
	});
}

#[test]
fn borrow_errors() {
	ExtBuilder::default().build_and_execute(|| {
		alice_with_weth_collateral(10);
		assert_noop!(Lending::borrow(signed(ALICE), USDT, 0), Error::<Test>::ZeroAmount);
		assert_noop!(Lending::borrow(signed(ALICE), NO_MARKET, 1), Error::<Test>::MarketNotFound);
		assert_noop!(Lending::borrow(signed(ALICE), USDT, 999), Error::<Test>::BelowMinimumBorrow);
		assert_noop!(
			Lending::borrow(signed(ALICE), WBTC, tokens(&WBTC, 1)),
			Error::<Test>::InsufficientCash
		);
		assert_noop!(
			Lending::borrow(signed(BOB), USDT, tokens(&USDT, 1)),
			Error::<Test>::InsufficientCollateral
		);
		let mut config = market_config(&USDT);
		config.borrow_cap = tokens(&USDT, 1_000);
		assert_ok!(Lending::update_market(RuntimeOrigin::root(), USDT, config));
		assert_noop!(
			Lending::borrow(signed(ALICE), USDT, tokens(&USDT, 1_001)),
			Error::<Test>::BorrowCapExceeded
		);
		config.paused = PauseFlags { borrow: true, ..Default::default() };
		assert_ok!(Lending::update_market(RuntimeOrigin::root(), USDT, config));
		assert_noop!(
			Lending::borrow(signed(ALICE), USDT, tokens(&USDT, 1)),
			Error::<Test>::BorrowPaused
		);
	});
}

#[test]
fn borrow_refuses_prices_it_cannot_trust() {
	ExtBuilder::default().build_and_execute(|| {
		alice_with_weth_collateral(10);
		for (error, expected) in [
			(PriceError::Stale, Error::<Test>::PriceStale),
			(PriceError::Frozen, Error::<Test>::PriceHalted),
			(PriceError::Locked, Error::<Test>::PriceHalted),
			(PriceError::NoPrice, Error::<Test>::PriceUnavailable),
		] {
			refuse_price(WETH, error);
			assert_noop!(Lending::borrow(signed(ALICE), USDT, tokens(&USDT, 1)), expected);
		}
		set_price(WETH, usd(3_000));
		refuse_price(USDT, PriceError::Stale);
		assert_noop!(
			Lending::borrow(signed(ALICE), USDT, tokens(&USDT, 1)),
			Error::<Test>::PriceStale
		);
	});
}

#[test]
fn borrowing_accrues_every_market_the_account_is_in() {
	ExtBuilder::default().build_and_execute(|| {
		alice_with_weth_collateral(10);
		seed(&WBTC, tokens(&WBTC, 10));
		assert_ok!(Lending::borrow(signed(ALICE), WBTC, tokens(&WBTC, 1) / 10));
		assert_ok!(Lending::borrow(signed(ALICE), USDT, tokens(&USDT, 15_000)));
		// A year at high WBTC utilization: Alice's WBTC debt grows and the next borrow
		// counts it.
		advance(365 * 86_400_000);
		let wbtc_debt = debt_now(ALICE, &WBTC);
		assert!(wbtc_debt > tokens(&WBTC, 1) / 10);
		let limit = FixedU128::from_u32(22_500);
		let owed = Lending::account_view(&ALICE).liquidity.unwrap().debt_value;
		let room = limit.into_inner().saturating_sub(owed.into_inner()) / 1_000_000_000_000;
		assert_noop!(
			Lending::borrow(signed(ALICE), USDT, room + 1_000),
			Error::<Test>::InsufficientCollateral
		);
	});
}

#[test]
fn repay_part_all_and_on_behalf() {
	ExtBuilder::default().build_and_execute(|| {
		alice_with_weth_collateral(10);
		assert_ok!(Lending::borrow(signed(ALICE), USDT, tokens(&USDT, 10_000)));
		advance(86_400_000);
		let debt = debt_now(ALICE, &USDT);
		assert!(debt > tokens(&USDT, 10_000));
		assert_ok!(Lending::repay(signed(ALICE), USDT, Amount::Exact(tokens(&USDT, 4_000))));
		let rest = debt_now(ALICE, &USDT);
		assert!(rest >= debt - tokens(&USDT, 4_000), "the debt falls by no more than was paid");
		let bob_before = balance(&USDT, BOB);
		assert_ok!(Lending::repay_on_behalf(signed(BOB), ALICE, USDT, Amount::All));
		assert_eq!(balance(&USDT, BOB), bob_before - rest);
		assert_eq!(debt_now(ALICE, &USDT), 0);
		assert_eq!(
			last_event(),
			Event::Repaid { payer: BOB, borrower: ALICE, asset: USDT, amount: rest, debt: 0 }
		);
		assert_eq!(position(ALICE, &USDT).scaled_debt, 0);
	});
}

#[test]
fn repay_errors_and_repay_never_needs_a_price() {
	ExtBuilder::default().build_and_execute(|| {
		alice_with_weth_collateral(10);
		assert_noop!(Lending::repay(signed(ALICE), USDT, Amount::All), Error::<Test>::NoDebt);
		assert_ok!(Lending::borrow(signed(ALICE), USDT, tokens(&USDT, 10_000)));
		assert_noop!(
			Lending::repay(signed(ALICE), USDT, Amount::Exact(0)),
			Error::<Test>::ZeroAmount
		);
		assert_noop!(
			Lending::repay(signed(ALICE), USDT, Amount::Exact(tokens(&USDT, 10_000) + 1)),
			Error::<Test>::RepayExceedsDebt
		);
		advance(365 * 86_400_000);
		// The index is above 1 now: one unit cancels no scaled debt.
		assert_noop!(
			Lending::repay(signed(ALICE), USDT, Amount::Exact(1)),
			Error::<Test>::RepayTooSmall
		);
		refuse_price(USDT, PriceError::Stale);
		refuse_price(WETH, PriceError::Locked);
		assert_ok!(Lending::repay(signed(ALICE), USDT, Amount::All));
	});
}

#[test]
fn accrual_over_a_second_a_day_and_a_year() {
	ExtBuilder::default().build_and_execute(|| {
		alice_with_weth_collateral(100);
		// 50% utilization of 100,000 USDT (+ the seed's rounding): ≈ 2.2222% a year.
		assert_ok!(Lending::borrow(signed(ALICE), USDT, tokens(&USDT, 50_000)));
		let state = market(&USDT).state;
		let rate = market_config(&USDT).rate_model.borrow_rate(state.utilization().unwrap());
		let index_after = |millis: u64| {
			let mut state = state;
			state.accrue(&market_config(&USDT), START + millis).unwrap();
			state.borrow_index
		};
		for seconds in [1u64, 86_400, 365 * 86_400] {
			let expected = growth_factor(rate, seconds).unwrap();
			let index = index_after(seconds * 1_000);
			assert!(index.into_inner().abs_diff(expected.into_inner()) <= 1, "{seconds}s");
		}
		// Fractions of a second wait for the next whole second.
		assert_eq!(index_after(999), FixedU128::from_u32(1));
		let year = index_after(365 * 86_400 * 1_000).into_inner() as f64 / 1e18;
		assert!((year - (0.022222_f64).exp()).abs() < 1e-6, "{year}");
		// Through the chain: a year later Alice owes ≈ 2.247% more.
		advance(365 * 86_400_000);
		let debt = debt_now(ALICE, &USDT) as f64 / 1e6;
		assert!((debt / 50_000.0 - year).abs() < 1e-6, "{debt}");
	});
}

#[test]
fn reserves_take_the_reserve_factor_of_interest() {
	ExtBuilder::default().build_and_execute(|| {
		alice_with_weth_collateral(100);
		assert_ok!(Lending::borrow(signed(ALICE), USDT, tokens(&USDT, 50_000)));
		advance(365 * 86_400_000);
		let view = Lending::market_view(&USDT).unwrap();
		let interest = view.total_borrows - tokens(&USDT, 50_000);
		let expected = Permill::from_percent(10).mul_floor(interest);
		assert!(view.reserves.abs_diff(expected) <= 1, "{} vs {expected}", view.reserves);
	});
}

#[test]
fn health_checked_calls_refund_to_the_account_s_market_count() {
	use crate::WeightInfo;
	use frame_support::dispatch::GetDispatchInfo;
	ExtBuilder::default().build_and_execute(|| {
		alice_with_weth_collateral(10);
		let call = crate::Call::<Test>::borrow { asset: USDT, amount: tokens(&USDT, 1_000) };
		let declared = call.get_dispatch_info().call_weight;
		assert_eq!(declared, <() as WeightInfo>::borrow(4), "charged for MaxMarketsPerAccount");
		// Alice is in WETH and borrows USDT: two markets.
		let post = Lending::borrow(signed(ALICE), USDT, tokens(&USDT, 1_000)).unwrap();
		assert_eq!(post.actual_weight, Some(<() as WeightInfo>::borrow(2)));
		assert!(post.actual_weight.unwrap().ref_time() < declared.ref_time());
	});
}
