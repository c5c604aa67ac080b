//! Attacks on the money market (issue 9, lending items 1 and 3–7), each replayed and refused.

use super::*;
use crate::{
	interest::{MAX_BORROW_INDEX, MAX_RATE},
	Amount, Error, Event, RateModel,
};
use frame_support::{assert_noop, assert_ok, traits::fungibles::Mutate};
use pallet_lever_oracle::PriceError;
use sp_runtime::{FixedU128, Permill};

/// ALICE: 10 WETH of collateral, 20,000 USDT of debt (HF 1.2 at $3,000).
fn alice_borrowed() {
	alice_with_weth_collateral(10);
	assert_ok!(Lending::borrow(signed(ALICE), USDT, tokens(&USDT, 20_000)));
}

/// Item 1: ALICE enables a little WBTC as collateral while it is priced, then its price is
/// locked (or goes stale, or its feeds stop) and WETH falls. The one unpriced entry made every
/// liquidation fail with `PriceHalted`; now unpriced collateral counts for nothing and the
/// liquidation on fresh WETH and USDT prices goes through.
#[test]
fn unpriced_collateral_does_not_shield_an_account_from_liquidation() {
	for refusal in [PriceError::Locked, PriceError::Frozen, PriceError::Stale, PriceError::NoPrice]
	{
		ExtBuilder::default().build_and_execute(|| {
			alice_borrowed();
			seed(&WBTC, tokens(&WBTC, 1));
			assert_ok!(Lending::supply(signed(ALICE), WBTC, 10_000)); // 0.0001 WBTC, $6
			assert_ok!(Lending::enable_collateral(signed(ALICE), WBTC));
			refuse_price(WBTC, refusal);
			set_price(WETH, usd(2_000));
			assert_ok!(liquidate(CHARLIE, ALICE, USDT, WETH, Amount::All));
			assert!(debt_now(ALICE, &USDT) < tokens(&USDT, 20_000));
		});
	}
}

/// Item 1, the debt side: a tiny LEV debt whose price then goes stale does not block the
/// liquidation of the USDT debt.
#[test]
fn an_unpriced_debt_does_not_shield_an_account_from_liquidation() {
	ExtBuilder::default().build_and_execute(|| {
		alice_borrowed();
		seed(&LEV, tokens(&LEV, 1_000));
		assert_ok!(Lending::borrow(signed(ALICE), LEV, unit(&LEV) / 1_000));
		refuse_price(LEV, PriceError::Stale);
		// HF 0.96: half the USDT debt is repaid and ALICE keeps collateral (and the LEV debt).
		set_price(WETH, usd(2_400));
		assert_ok!(liquidate(CHARLIE, ALICE, USDT, WETH, Amount::All));
		// The liquidation touching the unpriced asset itself still needs its price.
		set_price(WETH, usd(1_500));
		assert_noop!(liquidate(CHARLIE, ALICE, LEV, WETH, Amount::All), Error::<Test>::PriceStale);
	});
}

/// Item 1: an account cannot take on an unpriced asset in the first place — no collateral and
/// no borrow without a valid price, and no market for an asset the oracle does not list.
#[test]
fn unpriced_assets_cannot_be_enabled_borrowed_or_listed() {
	ExtBuilder::default().build_and_execute(|| {
		alice_with_weth_collateral(10);
		seed(&WBTC, tokens(&WBTC, 1));
		assert_ok!(Lending::supply(signed(ALICE), WBTC, 10_000));
		refuse_price(WBTC, PriceError::Locked);
		assert_noop!(Lending::enable_collateral(signed(ALICE), WBTC), Error::<Test>::PriceHalted);
		refuse_price(WBTC, PriceError::NoPrice);
		assert_noop!(
			Lending::enable_collateral(signed(ALICE), WBTC),
			Error::<Test>::PriceUnavailable
		);
		assert_noop!(
			Lending::borrow(signed(ALICE), WBTC, unit(&WBTC) / 100),
			Error::<Test>::PriceUnavailable
		);
	});
	ExtBuilder::default().markets(vec![USDT]).build_and_execute(|| {
		Unlisted::set(vec![WETH]);
		assert_noop!(
			Lending::create_market(RuntimeOrigin::root(), WETH, market_config(&WETH)),
			Error::<Test>::AssetNotPriced
		);
	});
}

/// Item 3: the last collateral is dust (worth one unit of USDT) and the borrow index is above
/// 1, so the repayment it covers cancels zero scaled debt. That liquidation failed
/// `LiquidationTooSmall` and the bad debt accrued forever; now it seizes the dust and writes
/// the debt off.
#[test]
fn dust_collateral_is_always_seized_and_the_bad_debt_written_off() {
	ExtBuilder::default().build_and_execute(|| {
		alice_borrowed();
		advance(365 * 86_400_000);
		assert!(Lending::market_view(&USDT).unwrap().borrow_index > FixedU128::from_u32(1));
		// 10 WETH worth 10⁻¹¹ dollars: the collateral covers one unit of USDT.
		set_price(WETH, FixedU128::from_inner(1_000_000));
		assert_ok!(liquidate(CHARLIE, ALICE, USDT, WETH, Amount::All));
		assert_eq!(position(ALICE, &WETH).shares, 0);
		assert_eq!(debt_now(ALICE, &USDT), 0);
		assert!(System::events().iter().any(|record| matches!(
			record.event,
			RuntimeEvent::Lending(Event::BadDebtWrittenOff { who: ALICE, .. })
		)));
		assert_eq!(market(&USDT).state.total_scaled_debt, 0);
	});
}

/// Item 3: a liquidation does not leave collateral worth less than `CollateralDust` ($1)
/// behind: the remainder is seized with the rest.
#[test]
fn a_liquidation_leaves_no_dust_collateral_behind() {
	ExtBuilder::default().build_and_execute(|| {
		seed(&USDT, tokens(&USDT, 100_000));
		seed(&WETH, tokens(&WETH, 1));
		// At $2,280, repaying all 20,000 USDT seizes $21,000 = 9.2105263… WETH; ALICE holds
		// 0.0001 WETH ($0.23) more than that.
		let seized = tokens(&WETH, 21_000) / 2_280;
		assert_ok!(Lending::supply(signed(ALICE), WETH, seized + unit(&WETH) / 10_000));
		assert_ok!(Lending::enable_collateral(signed(ALICE), WETH));
		assert_ok!(Lending::borrow(signed(ALICE), USDT, tokens(&USDT, 20_000)));
		set_price(WETH, usd(2_280)); // HF 0.84 < 0.95: the whole debt may be repaid
		assert_ok!(liquidate(CHARLIE, ALICE, USDT, WETH, Amount::All));
		assert_eq!(debt_now(ALICE, &USDT), 0);
		assert_eq!(position(ALICE, &WETH).shares, 0, "no WETH dust left with ALICE");
		assert!(Accounts::<Test>::get(ALICE).is_empty());
	});
}

/// Item 4: at the highest allowed rate, a fully used market idle for 30 years accrues without
/// overflow: the index stops at its ceiling, and users can still update, repay and withdraw.
#[test]
fn thirty_idle_years_at_the_maximum_rate_leave_the_market_usable() {
	ExtBuilder::default().build_and_execute(|| {
		let mut config = market_config(&USDT);
		config.rate_model = RateModel {
			base_rate: FixedU128::from_u32(1),
			slope1: FixedU128::from_u32(1),
			slope2: MAX_RATE - FixedU128::from_u32(2),
			optimal_utilization: Permill::from_percent(50),
		};
		assert_ok!(Lending::update_market(RuntimeOrigin::root(), USDT, config));
		alice_with_weth_collateral(100);
		// ALICE borrows nearly all the cash: utilization ≈ 100%.
		let cash = market(&USDT).state.cash;
		assert_ok!(Lending::borrow(signed(ALICE), USDT, cash - tokens(&USDT, 1)));
		advance(30 * 365 * 86_400_000);
		assert_ok!(Lending::update_market(RuntimeOrigin::root(), USDT, config));
		assert_eq!(market(&USDT).state.borrow_index, MAX_BORROW_INDEX);
		assert!(Lending::market_view(&USDT).is_some());
		// The debt grew a billion-fold; ALICE repays it all.
		let debt = debt_now(ALICE, &USDT);
		assert_ok!(<NativeAndAssets as Mutate<_>>::mint_into(USDT, &ALICE, debt));
		assert_ok!(Lending::repay(signed(ALICE), USDT, Amount::All));
		assert_eq!(debt_now(ALICE, &USDT), 0);
		// DAVE, the supplier, takes out his share of the interest.
		let before = balance(&USDT, DAVE);
		assert_ok!(Lending::withdraw(signed(DAVE), USDT, Amount::All));
		assert!(balance(&USDT, DAVE) > before + tokens(&USDT, 1_000_000));
		// Time passing at the ceiling accrues nothing more and fails nothing.
		advance(365 * 86_400_000);
		assert_ok!(Lending::update_market(RuntimeOrigin::root(), USDT, config));
	});
}

/// Item 5: one pool account held every market's cash, and an account holds at most a few
/// non-sufficient assets: the 16th market's first supply failed. Each market now has its own
/// account; 32 markets of non-sufficient assets all take supply.
#[test]
fn thirty_two_markets_of_non_sufficient_assets_all_take_supply() {
	ExtBuilder::default().build_and_execute(|| {
		for i in 0..28u32 {
			let id = 100 + i;
			let asset = AssetKind::WithId(id);
			assert_ok!(Assets::force_create(RuntimeOrigin::root(), id, ALICE, false, 1));
			set_price(asset.clone(), usd(1));
			assert_ok!(Lending::create_market(
				RuntimeOrigin::root(),
				asset.clone(),
				market_config(&asset)
			));
			let supplier = 1_000 + AccountId::from(i);
			assert_ok!(<NativeAndAssets as Mutate<_>>::mint_into(LEV, &supplier, tokens(&LEV, 1)));
			assert_ok!(<NativeAndAssets as Mutate<_>>::mint_into(
				asset.clone(),
				&supplier,
				tokens(&asset, 10)
			));
			assert_ok!(Lending::supply(signed(supplier), asset.clone(), tokens(&asset, 5)));
		}
		for asset in [LEV, USDT, WETH, WBTC] {
			seed(&asset, tokens(&asset, 1));
		}
		assert_eq!(Markets::<Test>::count(), 32);
		assert!(Markets::<Test>::iter_values().all(|market| market.state.cash > 0));
	});
}

/// ALICE borrows all the USDT market's cash against 10 WETH, WETH becomes worthless and
/// CHARLIE liquidates her: the bad debt written off wipes the USDT suppliers out.
fn alice_wipes_out_the_usdt_market() {
	assert_ok!(Lending::supply(signed(ALICE), WETH, tokens(&WETH, 10)));
	assert_ok!(Lending::enable_collateral(signed(ALICE), WETH));
	let cash = market(&USDT).state.cash;
	assert_ok!(Lending::borrow(signed(ALICE), USDT, cash));
	set_price(WETH, FixedU128::from_inner(1_000_000));
	assert_ok!(liquidate(CHARLIE, ALICE, USDT, WETH, Amount::All));
}

/// Item 6: bad debt wipes out a market's supply (DAVE's 10,000 USDT lent to ALICE, whose
/// collateral became worthless). A new supply voids the old shares and opens a new
/// generation; the new supplier gets back what it put in (less the locked shares).
#[test]
fn a_wiped_out_market_takes_supply_again() {
	ExtBuilder::default().build_and_execute(|| {
		seed(&USDT, tokens(&USDT, 10_000));
		seed(&WETH, tokens(&WETH, 1));
		alice_wipes_out_the_usdt_market();
		assert!(market(&USDT).state.is_wiped_out().unwrap());

		let bob_before = balance(&USDT, BOB);
		assert_ok!(Lending::supply(signed(BOB), USDT, tokens(&USDT, 100)));
		assert!(System::events().iter().any(|record| matches!(
			record.event,
			RuntimeEvent::Lending(Event::SharesVoided { generation: 1, .. })
		)));
		assert_eq!(supplied_now(DAVE, &USDT), 0, "the wiped-out shares are void");
		assert_ok!(Lending::withdraw(signed(BOB), USDT, Amount::All));
		let lost = bob_before - balance(&USDT, BOB);
		assert!(lost <= MINIMUM_SHARES + 1, "BOB lost {lost}");
		// DAVE's void shares redeem nothing and his position goes with his next call.
		assert_noop!(Lending::withdraw(signed(DAVE), USDT, Amount::All), Error::<Test>::NoSupply);
	});
}

/// Item 7: the liquidator bounds what it receives; a price move between signing and
/// inclusion that leaves it less is refused, and nothing changes.
#[test]
fn a_liquidation_below_the_liquidators_minimum_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		alice_borrowed();
		set_price(WETH, usd(2_400));
		// At $2,400, repaying 10,000 USDT seizes 4.375 WETH (4.354 to the liquidator, the
		// rest to the protocol); asking for 4.4 fails.
		assert_noop!(
			Lending::liquidate(
				signed(CHARLIE),
				ALICE,
				USDT,
				WETH,
				Amount::All,
				tokens(&WETH, 44) / 10,
				false
			),
			Error::<Test>::SeizedBelowMinimum
		);
		assert_ok!(Lending::liquidate(
			signed(CHARLIE),
			ALICE,
			USDT,
			WETH,
			Amount::All,
			tokens(&WETH, 43) / 10,
			false
		));
	});
}

/// Item 7: the liquidator may take the underlying instead of supply shares when the market has
/// the cash.
#[test]
fn a_liquidator_may_receive_the_underlying() {
	ExtBuilder::default().build_and_execute(|| {
		alice_borrowed();
		set_price(WETH, usd(2_400));
		let weth_before = balance(&WETH, CHARLIE);
		assert_ok!(Lending::liquidate(signed(CHARLIE), ALICE, USDT, WETH, Amount::All, 0, true));
		let Event::Liquidated { seized_amount, received_underlying: true, .. } = last_event()
		else {
			panic!("a liquidation paid in underlying")
		};
		assert!(seized_amount > tokens(&WETH, 43) / 10);
		assert_eq!(balance(&WETH, CHARLIE), weth_before + seized_amount);
		assert_eq!(position(CHARLIE, &WETH).shares, 0);
	});
}

/// Item 7: with the collateral market's cash lent out, the underlying cannot be paid; the
/// liquidator can still take shares.
#[test]
fn receiving_the_underlying_needs_the_markets_cash() {
	ExtBuilder::default().build_and_execute(|| {
		alice_borrowed();
		// BOB borrows all of the WETH market's cash against USDT.
		assert_ok!(Lending::supply(signed(BOB), USDT, tokens(&USDT, 500_000)));
		assert_ok!(Lending::enable_collateral(signed(BOB), USDT));
		let cash = market(&WETH).state.cash;
		assert_ok!(Lending::borrow(signed(BOB), WETH, cash));
		set_price(WETH, usd(2_400));
		assert_noop!(
			Lending::liquidate(signed(CHARLIE), ALICE, USDT, WETH, Amount::All, 0, true),
			Error::<Test>::InsufficientCash
		);
		assert_ok!(liquidate(CHARLIE, ALICE, USDT, WETH, Amount::All));
	});
}

/// Review finding: with unpriced collateral worth nothing, a healthy account whose main
/// collateral lost its price (locked in an emergency, frozen, stale) could be liquidated on
/// its small other collateral. Unpriced collateral now counts at the oracle's last price.
#[test]
fn a_healthy_account_is_not_liquidated_when_its_main_collateral_loses_its_price() {
	for refusal in [PriceError::Locked, PriceError::Frozen, PriceError::Stale] {
		ExtBuilder::default().build_and_execute(|| {
			alice_borrowed();
			seed(&WBTC, tokens(&WBTC, 1));
			assert_ok!(Lending::supply(signed(ALICE), WBTC, unit(&WBTC) / 100)); // $600
			assert_ok!(Lending::enable_collateral(signed(ALICE), WBTC));
			refuse_price(WETH, refusal);
			assert_noop!(
				liquidate(CHARLIE, ALICE, USDT, WBTC, Amount::All),
				Error::<Test>::HealthyAccount
			);
		});
	}
}

/// Review finding: debt backed only by shares that a new supply generation voided could never
/// be liquidated (`NoCollateral`) nor written off, and accrued forever. Anyone may now write
/// it off through `liquidate`.
#[test]
fn debt_backed_only_by_voided_shares_is_written_off() {
	ExtBuilder::default().build_and_execute(|| {
		seed(&USDT, tokens(&USDT, 10_000));
		seed(&WETH, tokens(&WETH, 1));
		// EVE supplies USDT as collateral and borrows a little WETH.
		assert_ok!(Lending::supply(signed(EVE), USDT, tokens(&USDT, 1_000)));
		assert_ok!(Lending::enable_collateral(signed(EVE), USDT));
		assert_ok!(Lending::borrow(signed(EVE), WETH, unit(&WETH) / 10));
		alice_wipes_out_the_usdt_market();
		// BOB's supply voids the old USDT shares, EVE's collateral with them.
		assert_ok!(Lending::supply(signed(BOB), USDT, tokens(&USDT, 100)));
		assert_eq!(supplied_now(EVE, &USDT), 0);
		assert!(debt_now(EVE, &WETH) > 0);
		// The debt market's liquidation pause holds the write-off too.
		let mut config = market(&WETH).config;
		config.paused.liquidation = true;
		assert_ok!(Lending::update_market(RuntimeOrigin::root(), WETH, config));
		assert_noop!(
			liquidate(CHARLIE, EVE, WETH, USDT, Amount::All),
			Error::<Test>::LiquidationPaused
		);
		config.paused.liquidation = false;
		assert_ok!(Lending::update_market(RuntimeOrigin::root(), WETH, config));
		assert_ok!(liquidate(CHARLIE, EVE, WETH, USDT, Amount::All));
		assert_eq!(debt_now(EVE, &WETH), 0);
		assert!(matches!(last_event(), Event::BadDebtWrittenOff { who: EVE, .. }));
	});
}
