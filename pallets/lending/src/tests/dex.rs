//! One-call leverage, deleverage, closes and collateral swaps through the DEX, liquidations
//! through the DEX, and the off-chain worker's unsigned liquidations — with every bound: the
//! caller's `min_out`/`max_in`, the oracle's slippage bound (a manipulated pool is refused),
//! health at the end.
#![allow(deprecated)] // `ValidateUnsigned`, see the pallet.

use super::*;
use crate::{mock_dex::set_pool, Amount, Call, Error, Event};
use frame_support::{assert_noop, assert_ok, pallet_prelude::*};
use sp_runtime::traits::ValidateUnsigned;

/// Whole tokens of `asset` in the pools against USDT.
fn depth(asset: &AssetKind) -> u128 {
	match asset {
		a if *a == WETH => tokens(a, 1_000),
		a if *a == WBTC => tokens(a, 50),
		a => tokens(a, 1_000_000),
	}
}

/// Puts `asset`'s oracle price and its USDT pool at `usd` (the pool as deep as at genesis).
fn price(asset: AssetKind, usd_price: u32) {
	set_price(asset.clone(), usd(usd_price));
	let amount = depth(&asset);
	let usdt = amount * u128::from(usd_price) * unit(&USDT) / unit(&asset);
	set_pool(asset, USDT, amount, usdt);
}

/// Markets with cash (DAVE supplies 100,000 USDT and 100 WETH) and pools at the oracle's
/// prices: WETH $3,000, WBTC $60,000, LEV $2, each against USDT.
fn setup() {
	seed(&USDT, tokens(&USDT, 100_000));
	seed(&WETH, tokens(&WETH, 100));
	price(WETH, 3_000);
	price(WBTC, 60_000);
	price(LEV, 2);
}

/// ALICE goes 3× long WETH from 1 WETH of equity: borrows 6,000 USDT and buys WETH with it.
fn alice_long() {
	assert_ok!(Lending::leverage(
		signed(ALICE),
		WETH,
		USDT,
		tokens(&WETH, 1),
		tokens(&USDT, 6_000),
		tokens(&WETH, 19) / 10
	));
}

/// ALICE's equity in USD at the oracle's prices.
fn equity(who: AccountId) -> FixedU128 {
	let liquidity = Lending::account_view(&who).liquidity.expect("priced");
	liquidity.collateral_value - liquidity.debt_value
}

fn events() -> Vec<crate::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::Lending(event) => Some(event),
			_ => None,
		})
		.collect()
}

#[test]
fn a_3x_long_opens_in_one_call_that_a_plain_borrow_refuses() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		// 1 WETH ($3,000) allows only $2,250 of debt before the purchase.
		assert_ok!(Lending::supply(signed(BOB), WETH, tokens(&WETH, 1)));
		assert_ok!(Lending::enable_collateral(signed(BOB), WETH));
		assert_noop!(
			Lending::borrow(signed(BOB), USDT, tokens(&USDT, 6_000)),
			Error::<Test>::InsufficientCollateral
		);
		let (weth, usdt) = (balance(&WETH, ALICE), balance(&USDT, ALICE));
		// 6,000 USDT into a 3,000,000 USDT pool: 1.991 WETH after the 0.3% fee.
		let bought = crate::mock_dex::MockDex::quote(&USDT, &WETH, tokens(&USDT, 6_000));
		alice_long();
		assert!(bought > tokens(&WETH, 1_990) / 1_000 && bought < tokens(&WETH, 1_992) / 1_000);
		assert_eq!(balance(&WETH, ALICE), weth - tokens(&WETH, 1));
		assert_eq!(balance(&USDT, ALICE), usdt, "the borrowed USDT never leaves the markets");
		assert_eq!(debt_now(ALICE, &USDT), tokens(&USDT, 6_000));
		assert!(supplied_now(ALICE, &WETH).abs_diff(tokens(&WETH, 1) + bought) <= 1);
		assert!(position(ALICE, &WETH).collateral);
		assert!(events().contains(&Event::Leveraged {
			who: ALICE,
			collateral_asset: WETH,
			debt_asset: USDT,
			borrowed: tokens(&USDT, 6_000),
			bought,
		}));
		// Exposure ≈ 3 WETH for ≈ $2,970 of equity (the pool's fee and impact).
		let e = equity(ALICE);
		assert!(e > usd(2_960) && e < usd(3_000), "{e:?}");
	});
}

#[test]
fn leverage_keeps_every_bound() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		let weth = tokens(&WETH, 1);
		// The caller's own bound.
		assert_noop!(
			Lending::leverage(signed(ALICE), WETH, USDT, weth, tokens(&USDT, 6_000), weth * 2),
			Error::<Test>::TradeBelowMinimum
		);
		// Health at the end: 1 WETH of equity cannot carry 20,000 USDT of debt.
		assert_noop!(
			Lending::leverage(signed(ALICE), WETH, USDT, weth, tokens(&USDT, 20_000), 0),
			Error::<Test>::InsufficientCollateral
		);
		assert_noop!(
			Lending::leverage(signed(ALICE), WETH, WETH, weth, weth, 0),
			Error::<Test>::SameAsset
		);
		assert_noop!(
			Lending::leverage(signed(ALICE), WETH, USDT, weth, 0, 0),
			Error::<Test>::ZeroAmount
		);
		// No pool at all for this pair (and none through the hub).
		assert_noop!(
			Lending::leverage(signed(ALICE), WETH, NO_MARKET, weth, 1, 0),
			Error::<Test>::MarketNotFound
		);
		// A stale price refuses the trade rather than guessing the bound.
		refuse_price(USDT, pallet_lever_oracle::PriceError::Stale);
		assert_noop!(
			Lending::leverage(signed(ALICE), WETH, USDT, weth, tokens(&USDT, 1_000), 0),
			Error::<Test>::PriceStale
		);
	});
}

#[test]
fn a_manipulated_pool_is_refused_and_liquidate_still_works() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		alice_long();
		// Someone dumps 150 WETH into the pool: its price falls to ≈ $2,280, 24% below the
		// oracle's.
		assert_ok!(<crate::mock_dex::MockDex as pallet_asset_conversion::Swap<_>>::swap_exact_tokens_for_tokens(
			EVE,
			vec![WETH, USDT],
			tokens(&WETH, 150),
			None,
			EVE,
			false,
		));
		assert_noop!(
			Lending::leverage(signed(BOB), WETH, USDT, 0, tokens(&USDT, 100), 0),
			Error::<Test>::DexPriceOffOracle
		);
		assert_noop!(
			Lending::close_position(signed(ALICE), WETH, USDT, u128::MAX),
			Error::<Test>::DexPriceOffOracle
		);
		// The oracle drops WETH to $2,500 (ALICE's health < 1) but the pool is 9% below that.
		set_price(WETH, usd(2_500));
		assert!(Lending::account_view(&ALICE).health_factor.unwrap() < FixedU128::one());
		assert_noop!(
			Lending::liquidate_through_dex(signed(CHARLIE), ALICE, USDT, WETH, Amount::All),
			Error::<Test>::DexPriceOffOracle
		);
		let call = Call::<Test>::liquidate_unsigned {
			borrower: ALICE,
			debt_asset: USDT,
			collateral_asset: WETH,
		};
		assert!(Lending::validate_unsigned(TransactionSource::Local, &call).is_err());
		// The ordinary liquidation needs no pool.
		assert_ok!(liquidate(CHARLIE, ALICE, USDT, WETH, Amount::All));
	});
}

#[test]
fn a_long_gains_about_3x_the_move_and_closes_to_the_wallet() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		let start = balance(&WETH, ALICE);
		alice_long();
		let before = equity(ALICE);
		price(WETH, 3_300);
		let after = equity(ALICE);
		// +10% on ≈ 2.99 WETH of exposure: ≈ +$897 on ≈ $2,970 of equity, ≈ +30%.
		let gain = (after - before) / before;
		assert!(
			gain > FixedU128::from_rational(29, 100) && gain < FixedU128::from_rational(31, 100)
		);
		// The caller's bound on what the close may sell.
		assert_noop!(
			Lending::close_position(signed(ALICE), WETH, USDT, tokens(&WETH, 1)),
			Error::<Test>::TradeAboveMaximum
		);
		assert_ok!(Lending::close_position(signed(ALICE), WETH, USDT, tokens(&WETH, 3)));
		assert_eq!(debt_now(ALICE, &USDT), 0);
		assert_eq!(position(ALICE, &WETH).shares, 0);
		assert!(Accounts::<Test>::get(ALICE).is_empty());
		// Back in the wallet: the equity, grown by the move (≈ $3,850 ≈ 1.167 WETH at $3,300).
		let back = balance(&WETH, ALICE) - (start - tokens(&WETH, 1));
		assert!(back > tokens(&WETH, 116) / 100 && back < tokens(&WETH, 118) / 100, "{back}");
		assert!(matches!(
			events().last(),
			Some(Event::Deleveraged { who: ALICE, debt: 0, returned, .. }) if *returned == back
		));
	});
}

#[test]
fn a_short_gains_when_the_price_falls() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		let start = balance(&USDT, ALICE);
		// Short 2 WETH on 3,000 USDT of equity: borrow WETH, sell it for USDT collateral.
		assert_ok!(Lending::leverage(
			signed(ALICE),
			USDT,
			WETH,
			tokens(&USDT, 3_000),
			tokens(&WETH, 2),
			tokens(&USDT, 5_900)
		));
		assert_eq!(debt_now(ALICE, &WETH), tokens(&WETH, 2));
		price(WETH, 2_700);
		assert_ok!(Lending::close_position(signed(ALICE), USDT, WETH, u128::MAX));
		let back = balance(&USDT, ALICE) - (start - tokens(&USDT, 3_000));
		// ≈ $3,000 + 2 × $300, less two trades' fees and impact (≈ $57).
		assert!(back > tokens(&USDT, 3_530) && back < tokens(&USDT, 3_560), "{back}");
	});
}

#[test]
fn deleverage_repays_from_collateral_and_returns_the_excess() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		alice_long();
		let usdt = balance(&USDT, ALICE);
		assert_noop!(
			Lending::deleverage(
				signed(ALICE),
				WETH,
				USDT,
				Amount::Exact(tokens(&WETH, 1)),
				tokens(&USDT, 3_000)
			),
			Error::<Test>::TradeBelowMinimum
		);
		assert_noop!(
			Lending::deleverage(signed(BOB), WETH, USDT, Amount::All, 0),
			Error::<Test>::NoDebt
		);
		assert_ok!(Lending::deleverage(
			signed(ALICE),
			WETH,
			USDT,
			Amount::Exact(tokens(&WETH, 1)),
			tokens(&USDT, 2_900)
		));
		let debt = debt_now(ALICE, &USDT);
		assert!(debt > tokens(&USDT, 3_000) && debt < tokens(&USDT, 3_020), "{debt}");
		assert_eq!(balance(&USDT, ALICE), usdt);
		// Selling everything left brings more than the debt: the excess comes to the wallet.
		assert_ok!(Lending::deleverage(signed(ALICE), WETH, USDT, Amount::All, 0));
		assert_eq!(debt_now(ALICE, &USDT), 0);
		assert!(balance(&USDT, ALICE) > usdt + tokens(&USDT, 2_900));
	});
}

#[test]
fn swap_collateral_goes_through_the_hub_with_health_at_the_end() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		seed(&WBTC, tokens(&WBTC, 1));
		alice_with_weth_collateral(10);
		assert_ok!(Lending::borrow(signed(ALICE), USDT, tokens(&USDT, 20_000)));
		// WETH → WBTC has no direct pool: it goes WETH → USDT → WBTC.
		assert_ok!(Lending::swap_collateral(
			signed(ALICE),
			WETH,
			WBTC,
			Amount::Exact(tokens(&WETH, 2)),
			tokens(&WBTC, 9) / 100
		));
		let wbtc = supplied_now(ALICE, &WBTC);
		assert!(wbtc > tokens(&WBTC, 99) / 1_000 && wbtc < tokens(&WBTC, 1) / 10, "{wbtc}");
		assert!(position(ALICE, &WBTC).collateral);
		assert!(events().iter().any(|e| matches!(
			e,
			Event::DexTraded { route, .. } if *route == vec![WETH, USDT, WBTC]
		)));
		// Swapping into what cannot carry the debt is refused at the end: LEV has 75% here
		// too, but all the WETH for LEV at a manipulated price is not.
		set_pool(LEV, USDT, tokens(&LEV, 1_000_000), tokens(&USDT, 1_000_000));
		assert_noop!(
			Lending::swap_collateral(signed(ALICE), WETH, LEV, Amount::All, 0),
			Error::<Test>::DexPriceOffOracle
		);
		assert_noop!(
			Lending::swap_collateral(signed(ALICE), WETH, WETH, Amount::All, 0),
			Error::<Test>::SameAsset
		);
	});
}

/// ALICE: 10 WETH of collateral, 20,000 USDT of debt; WETH falls to $2,400 on the oracle and
/// in the pool (health 0.96).
fn alice_unhealthy() {
	setup();
	alice_with_weth_collateral(10);
	assert_ok!(Lending::borrow(signed(ALICE), USDT, tokens(&USDT, 20_000)));
	price(WETH, 2_400);
}

#[test]
fn liquidation_through_the_dex_repays_from_the_sale_and_leaves_the_excess() {
	ExtBuilder::default().build_and_execute(|| {
		alice_unhealthy();
		let (keeper_weth, keeper_usdt) = (balance(&WETH, CHARLIE), balance(&USDT, CHARLIE));
		let supplied = supplied_now(ALICE, &WETH);
		let reserves = market(&WETH).state.reserves;
		assert_noop!(
			Lending::liquidate_through_dex(signed(ALICE), ALICE, USDT, WETH, Amount::All),
			Error::<Test>::SelfLiquidation
		);
		assert_ok!(Lending::liquidate_through_dex(signed(CHARLIE), ALICE, USDT, WETH, Amount::All));
		// Half the debt repaid, from the sale: the keeper paid nothing.
		assert_eq!(debt_now(ALICE, &USDT), tokens(&USDT, 10_000));
		assert_eq!(balance(&USDT, CHARLIE), keeper_usdt);
		let Some(Event::LiquidatedThroughDex {
			repaid, sold, keeper_reward, protocol_amount, ..
		}) = events().into_iter().rev().find(|e| matches!(e, Event::LiquidatedThroughDex { .. }))
		else {
			panic!("a DEX liquidation event");
		};
		assert_eq!(repaid, tokens(&USDT, 10_000));
		// 10,000 USDT at $2,400 with the pool's fee and impact: ≈ 4.18 WETH.
		assert!(
			sold > tokens(&WETH, 4_175) / 1_000 && sold < tokens(&WETH, 4_200) / 1_000,
			"{sold}"
		);
		// The bonus on 4.1667 WETH is 0.2083 WETH: 10% to reserves, half the rest to the keeper.
		assert!(
			protocol_amount.abs_diff(tokens(&WETH, 2_083) / 100_000) <= tokens(&WETH, 1) / 100_000
		);
		assert!(
			keeper_reward.abs_diff(tokens(&WETH, 9_375) / 100_000) <= tokens(&WETH, 1) / 100_000
		);
		assert_eq!(balance(&WETH, CHARLIE), keeper_weth + keeper_reward);
		assert_eq!(market(&WETH).state.reserves - reserves, protocol_amount);
		// Everything else stays ALICE's: the excess of the sale included.
		let left = supplied_now(ALICE, &WETH);
		assert!(left.abs_diff(supplied - sold - keeper_reward - protocol_amount) <= 2);
		assert!(Lending::account_view(&ALICE).health_factor.unwrap() > FixedU128::one());
	});
}

#[test]
fn the_unsigned_liquidation_is_validated_against_the_state_now() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		alice_with_weth_collateral(10);
		assert_ok!(Lending::borrow(signed(ALICE), USDT, tokens(&USDT, 20_000)));
		let call = Call::<Test>::liquidate_unsigned {
			borrower: ALICE,
			debt_asset: USDT,
			collateral_asset: WETH,
		};
		// Healthy: the pool refuses it, and the call too.
		assert_eq!(
			Lending::validate_unsigned(TransactionSource::Local, &call),
			Err(InvalidTransaction::Custom(crate::UNSIGNED_LIQUIDATION_FAILS).into())
		);
		assert_noop!(
			Lending::liquidate_unsigned(RuntimeOrigin::none(), ALICE, USDT, WETH),
			Error::<Test>::HealthyAccount
		);
		price(WETH, 2_400);
		// Only this node's own worker (or a block) may bring it: nobody outside can make the
		// pool dry-run liquidations for free.
		assert_eq!(
			Lending::validate_unsigned(TransactionSource::External, &call),
			Err(InvalidTransaction::Call.into())
		);
		let valid = Lending::validate_unsigned(TransactionSource::Local, &call).expect("valid");
		assert!(!valid.propagate);
		assert_eq!(valid.provides, vec![("LeverLiquidation", ALICE).encode()]);
		assert_eq!(valid.longevity, crate::UNSIGNED_LONGEVITY);
		// Nothing changed by validating.
		assert_eq!(debt_now(ALICE, &USDT), tokens(&USDT, 20_000));
		assert_noop!(
			Lending::liquidate_unsigned(signed(CHARLIE), ALICE, USDT, WETH),
			DispatchError::BadOrigin
		);
		assert_ok!(Lending::liquidate_unsigned(RuntimeOrigin::none(), ALICE, USDT, WETH));
		assert_eq!(debt_now(ALICE, &USDT), tokens(&USDT, 10_000));
		assert!(events().iter().any(|e| matches!(
			e,
			Event::LiquidatedThroughDex { keeper: None, keeper_reward: 0, .. }
		)));
	});
}

#[test]
fn the_offchain_worker_submits_only_unhealthy_accounts() {
	use sp_core::offchain::{testing, OffchainDbExt, OffchainWorkerExt, TransactionPoolExt};
	let (offchain, _) = testing::TestOffchainExt::new();
	let (pool, pool_state) = testing::TestTransactionPoolExt::new();
	let mut ext = ExtBuilder::default().build();
	ext.register_extension(OffchainWorkerExt::new(offchain.clone()));
	ext.register_extension(OffchainDbExt::new(offchain));
	ext.register_extension(TransactionPoolExt::new(pool));
	ext.execute_with(|| {
		setup();
		alice_with_weth_collateral(10);
		assert_ok!(Lending::borrow(signed(ALICE), USDT, tokens(&USDT, 20_000)));
		// BOB is healthy throughout.
		assert_ok!(Lending::supply(signed(BOB), WETH, tokens(&WETH, 10)));
		assert_ok!(Lending::enable_collateral(signed(BOB), WETH));
		assert_ok!(Lending::borrow(signed(BOB), USDT, tokens(&USDT, 1_000)));
		Lending::offchain_worker(System::block_number());
		assert!(pool_state.read().transactions.is_empty(), "everyone is healthy");
		price(WETH, 2_400);
		Lending::offchain_worker(System::block_number());
		let txs = core::mem::take(&mut pool_state.write().transactions);
		assert_eq!(txs.len(), 1);
		let xt = sp_runtime::testing::TestXt::<RuntimeCall, ()>::decode(&mut &txs[0][..])
			.expect("decodes");
		assert_eq!(
			xt.function,
			RuntimeCall::Lending(Call::liquidate_unsigned {
				borrower: ALICE,
				debt_asset: USDT,
				collateral_asset: WETH,
			})
		);
		Lending::do_try_state().expect("invariants");
	});
}

#[test]
fn a_dex_liquidation_that_sweeps_leaves_the_unsold_rest_unless_it_is_dust() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		alice_with_weth_collateral(10);
		assert_ok!(Lending::borrow(signed(ALICE), USDT, tokens(&USDT, 20_000)));
		// $2,000: the collateral ($20,000) no longer covers the debt with its bonus.
		price(WETH, 2_000);
		let reserves = market(&WETH).state.reserves;
		assert_ok!(Lending::liquidate_through_dex(signed(CHARLIE), ALICE, USDT, WETH, Amount::All));
		let Some(Event::LiquidatedThroughDex {
			repaid, sold, keeper_reward, protocol_amount, ..
		}) = events().into_iter().rev().find(|e| matches!(e, Event::LiquidatedThroughDex { .. }))
		else {
			panic!("a DEX liquidation event");
		};
		// The repayment shrinks to what the collateral covers: $20,000 / 1.05.
		assert!(repaid.abs_diff(tokens(&USDT, 19_047)) < tokens(&USDT, 1), "{repaid}");
		assert_eq!(market(&WETH).state.reserves - reserves, protocol_amount);
		// What the sale did not need (≈ 0.09 WETH, ≈ $190) is not dust: it stays ALICE's, as
		// does the rest of her debt.
		let rest = supplied_now(ALICE, &WETH);
		assert!((sold + keeper_reward + protocol_amount + rest).abs_diff(tokens(&WETH, 10)) <= 2);
		assert!(rest > tokens(&WETH, 8) / 100 && rest < tokens(&WETH, 1) / 10, "{rest}");
		assert!(debt_now(ALICE, &USDT) > tokens(&USDT, 950));
		assert!(!events().iter().any(|e| matches!(e, Event::BadDebtWrittenOff { .. })));
		// A second liquidation sweeps the rest and writes off what it cannot cover.
		assert_ok!(liquidate(CHARLIE, ALICE, USDT, WETH, Amount::All));
		assert!(Accounts::<Test>::get(ALICE).is_empty());
		assert!(events().iter().any(|e| matches!(
			e,
			Event::BadDebtWrittenOff { who: ALICE, asset, .. } if *asset == USDT
		)));
	});
}

#[test]
fn a_deleverage_that_lowers_the_risk_needs_no_room_under_the_borrow_limit() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		alice_with_weth_collateral(10);
		assert_ok!(Lending::borrow(signed(ALICE), USDT, tokens(&USDT, 22_000)));
		// $2,900: over the borrow limit ($21,750) but not liquidatable (health 1.05).
		price(WETH, 2_900);
		let before = Lending::account_view(&ALICE).health_factor.unwrap();
		assert_noop!(
			Lending::withdraw(signed(ALICE), WETH, Amount::Exact(tokens(&WETH, 1) / 10)),
			Error::<Test>::InsufficientCollateral
		);
		// Selling 0.1 WETH to repay leaves it over the limit, but owing less and healthier.
		assert_ok!(Lending::deleverage(
			signed(ALICE),
			WETH,
			USDT,
			Amount::Exact(tokens(&WETH, 1) / 10),
			0
		));
		assert!(Lending::account_view(&ALICE).health_factor.unwrap() > before);
		assert!(debt_now(ALICE, &USDT) < tokens(&USDT, 21_800));
	});
}

#[test]
fn the_worker_never_pairs_an_asset_with_itself() {
	ExtBuilder::default().build_and_execute(|| {
		setup();
		seed(&WETH, tokens(&WETH, 10));
		// ALICE: 20 WETH and 10,000 USDT of collateral; 8 WETH and 20,000 USDT of debt.
		assert_ok!(Lending::supply(signed(ALICE), WETH, tokens(&WETH, 20)));
		assert_ok!(Lending::enable_collateral(signed(ALICE), WETH));
		assert_ok!(Lending::supply(signed(ALICE), USDT, tokens(&USDT, 10_000)));
		assert_ok!(Lending::enable_collateral(signed(ALICE), USDT));
		assert_ok!(Lending::borrow(signed(ALICE), WETH, tokens(&WETH, 8)));
		assert_ok!(Lending::borrow(signed(ALICE), USDT, tokens(&USDT, 20_000)));
		assert!(Lending::liquidations_for(&ALICE).is_empty(), "healthy");
		price(WETH, 1_400);
		// Largest debt (USDT, $20,000) against the largest other collateral (WETH), then the
		// WETH debt against USDT: never an asset against itself.
		assert_eq!(Lending::liquidations_for(&ALICE), vec![(USDT, WETH), (WETH, USDT)]);
	});
}

#[test]
fn without_a_pool_or_within_no_budget_nothing_trades() {
	ExtBuilder::default().build_and_execute(|| {
		// Markets with cash but no pool at all.
		seed(&USDT, tokens(&USDT, 100_000));
		seed(&WETH, tokens(&WETH, 100));
		assert_noop!(
			Lending::leverage(signed(ALICE), WETH, USDT, tokens(&WETH, 1), tokens(&USDT, 1_000), 0),
			Error::<Test>::NoDexRoute
		);
		// A DEX bound above 50% is refused.
		let mut config = market(&WETH).config;
		config.max_slippage = sp_runtime::Permill::from_percent(51);
		assert_noop!(
			Lending::update_market(RuntimeOrigin::root(), WETH, config),
			Error::<Test>::SlippageBoundTooHigh
		);
	});
}

#[test]
fn a_sale_dearer_than_the_seized_budget_is_refused() {
	ExtBuilder::default().build_and_execute(|| {
		// WETH's bonus at 1%: the keeper's budget covers the debt at the oracle + 0.45%, less
		// than the pool's fee and impact on a 10,000 USDT sale (≈ 0.7%).
		let mut config = market(&WETH).config;
		config.liquidation_bonus = sp_runtime::Permill::from_percent(1);
		assert_ok!(Lending::update_market(RuntimeOrigin::root(), WETH, config));
		alice_unhealthy();
		assert_noop!(
			Lending::liquidate_through_dex(signed(CHARLIE), ALICE, USDT, WETH, Amount::All),
			Error::<Test>::SaleExceedsSeizure
		);
		// Without a keeper to pay, the budget (debt + 0.9%) covers the sale.
		assert_ok!(Lending::liquidate_unsigned(RuntimeOrigin::none(), ALICE, USDT, WETH));
		assert_eq!(debt_now(ALICE, &USDT), tokens(&USDT, 10_000));
	});
}
