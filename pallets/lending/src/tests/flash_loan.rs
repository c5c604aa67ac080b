//! Flash loans: repaid within the call or nothing happens.

use super::*;
use crate::{Amount, Error, Event, PauseFlags};
use frame_support::{assert_noop, assert_ok};

fn lending_call(call: crate::Call<Test>) -> Box<RuntimeCall> {
	Box::new(RuntimeCall::Lending(call))
}

fn remark() -> Box<RuntimeCall> {
	Box::new(RuntimeCall::System(frame_system::Call::remark { remark: vec![] }))
}

#[test]
fn a_repaid_flash_loan_pays_its_fee_to_reserves() {
	ExtBuilder::default().build_and_execute(|| {
		seed(&USDT, tokens(&USDT, 100_000));
		let amount = tokens(&USDT, 50_000);
		let fee = 45_000_000; // 0.09%
		let before = balance(&USDT, BOB);
		let cash = market(&USDT).state.cash;
		assert_ok!(Lending::flash_loan(signed(BOB), USDT, amount, remark()));
		assert_eq!(balance(&USDT, BOB), before - fee);
		let state = market(&USDT).state;
		assert_eq!(state.cash, cash + fee);
		assert_eq!(state.reserves, fee);
		assert!(!state.flash_loan_active);
		assert_eq!(last_event(), Event::FlashLoaned { who: BOB, asset: USDT, amount, fee });
	});
}

#[test]
fn the_fee_rounds_up() {
	ExtBuilder::default().build_and_execute(|| {
		seed(&USDT, tokens(&USDT, 1_000));
		assert_ok!(Lending::flash_loan(signed(BOB), USDT, 1, remark()));
		assert_eq!(market(&USDT).state.reserves, 1);
	});
}

#[test]
fn an_unpaid_flash_loan_fails_and_changes_nothing() {
	ExtBuilder::default().build_and_execute(|| {
		seed(&USDT, tokens(&USDT, 100_000));
		// Bob moves the borrowed USDT away inside the call and cannot pay it back.
		let amount = tokens(&USDT, 50_000);
		let give_away = Box::new(RuntimeCall::Assets(pallet_assets::Call::transfer {
			id: 1,
			target: EVE,
			amount: balance(&USDT, BOB) + amount - 1_000,
		}));
		assert_noop!(
			Lending::flash_loan(signed(BOB), USDT, amount, give_away),
			Error::<Test>::FlashLoanNotRepaid
		);
		// The call's own failure fails the loan with that error.
		let too_much = Box::new(RuntimeCall::Assets(pallet_assets::Call::transfer {
			id: 1,
			target: EVE,
			amount: balance(&USDT, BOB) + amount + 1,
		}));
		assert_noop!(
			Lending::flash_loan(signed(BOB), USDT, amount, too_much),
			pallet_assets::Error::<Test>::BalanceLow
		);
	});
}

#[test]
fn flash_loan_errors() {
	ExtBuilder::default().build_and_execute(|| {
		seed(&USDT, tokens(&USDT, 1_000));
		assert_noop!(
			Lending::flash_loan(signed(BOB), USDT, 0, remark()),
			Error::<Test>::ZeroAmount
		);
		assert_noop!(
			Lending::flash_loan(signed(BOB), NO_MARKET, 1, remark()),
			Error::<Test>::MarketNotFound
		);
		assert_noop!(
			Lending::flash_loan(signed(BOB), USDT, tokens(&USDT, 1_000), remark()),
			Error::<Test>::InsufficientCash
		);
		let mut config = market_config(&USDT);
		config.paused = PauseFlags { flash_loan: true, ..Default::default() };
		assert_ok!(Lending::update_market(RuntimeOrigin::root(), USDT, config));
		assert_noop!(
			Lending::flash_loan(signed(BOB), USDT, 1, remark()),
			Error::<Test>::FlashLoanPaused
		);
	});
}

#[test]
fn the_lent_market_is_closed_during_the_loan_other_markets_are_not() {
	ExtBuilder::default().build_and_execute(|| {
		seed(&USDT, tokens(&USDT, 100_000));
		seed(&WETH, tokens(&WETH, 100));
		let amount = tokens(&USDT, 10_000);
		for inner in [
			crate::Call::supply { asset: USDT, amount: tokens(&USDT, 10_000) },
			crate::Call::withdraw { asset: USDT, amount: Amount::All },
			crate::Call::borrow { asset: USDT, amount: tokens(&USDT, 1) },
			crate::Call::flash_loan { asset: USDT, amount: 1, call: remark() },
		] {
			assert_noop!(
				Lending::flash_loan(signed(BOB), USDT, amount, lending_call(inner)),
				Error::<Test>::MarketInFlashLoan
			);
		}
		// Supplying the borrowed USDT's worth of WETH elsewhere, and a nested loan of WETH,
		// work.
		let batch = Box::new(RuntimeCall::Utility(pallet_utility::Call::batch_all {
			calls: vec![
				RuntimeCall::Lending(crate::Call::supply { asset: WETH, amount: tokens(&WETH, 1) }),
				RuntimeCall::Lending(crate::Call::flash_loan {
					asset: WETH,
					amount: tokens(&WETH, 1),
					call: remark(),
				}),
			],
		}));
		assert_ok!(Lending::flash_loan(signed(BOB), USDT, amount, batch));
		assert!(position(BOB, &WETH).shares > 0);
	});
}
