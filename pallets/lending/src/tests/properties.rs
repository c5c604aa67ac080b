//! Property tests: random sequences of supply, withdraw, borrow, repay, accrual (up to decades
//! idle), price moves (crashes to dust included), prices the oracle refuses, liquidations (by
//! keepers, through the DEX), one-call leverage, deleverage, closes and collateral swaps, and
//! pool moves (arbitrage back to the oracle, or a manipulator's push) never create value and
//! always keep the invariants.

use super::*;
use crate::{Amount, Markets};
use frame_support::traits::fungibles::Inspect;
use pallet_lever_oracle::{PriceProvider, Rounding};
use proptest::prelude::*;
use sp_core::U256;
use sp_runtime::{FixedPointNumber, FixedU128};

const ACCOUNTS: [AccountId; 3] = [ALICE, BOB, CHARLIE];
const ASSETS: [AssetKind; 2] = [USDT, WETH];

#[derive(Clone, Debug)]
enum Op {
	Supply {
		who: usize,
		asset: usize,
		permille: u32,
	},
	Withdraw {
		who: usize,
		asset: usize,
		permille: u32,
		all: bool,
	},
	Collateral {
		who: usize,
		asset: usize,
		enable: bool,
	},
	Borrow {
		who: usize,
		asset: usize,
		permille: u32,
	},
	Repay {
		who: usize,
		payer: usize,
		asset: usize,
		permille: u32,
		all: bool,
	},
	Liquidate {
		liquidator: usize,
		borrower: usize,
		debt: usize,
		collateral: usize,
	},
	Accrue {
		seconds: u64,
	},
	MoveWeth {
		percent: u32,
	},
	/// WETH becomes worth almost nothing: its collateral is dust.
	CrashWeth,
	/// The oracle refuses the asset's price (stale, frozen, locked or missing).
	Unprice {
		asset: usize,
		refusal: usize,
	},
	/// The asset is priced again (USDT $1, WETH $3,000).
	Reprice {
		asset: usize,
	},
	/// Years pass with nobody touching the markets.
	Idle {
		years: u64,
	},
	/// `who` levers up: `permille` of 1,000 tokens of equity in `collateral`, as much debt.
	Leverage {
		who: usize,
		collateral: usize,
		permille: u32,
	},
	/// `who` sells `permille` of its `collateral` supply (or all) to repay its other debt.
	Deleverage {
		who: usize,
		collateral: usize,
		permille: u32,
		all: bool,
	},
	/// `who` closes its debt in the other asset with its `collateral`.
	Close {
		who: usize,
		collateral: usize,
	},
	/// A keeper liquidates `borrower` through the DEX.
	LiquidateThroughDex {
		keeper: usize,
		borrower: usize,
		debt: usize,
	},
	/// EVE trades the pool to `percent` of the oracle's WETH price (100: arbitrage).
	Pool {
		percent: u32,
	},
}

fn op() -> impl Strategy<Value = Op> {
	let who = 0..3usize;
	let asset = 0..2usize;
	let permille = 1..1_000u32;
	prop_oneof![
		1 => (who.clone(), asset.clone(), permille.clone())
			.prop_map(|(who, asset, permille)| Op::Supply { who, asset, permille }),
		1 => (who.clone(), asset.clone(), permille.clone(), any::<bool>())
			.prop_map(|(who, asset, permille, all)| Op::Withdraw { who, asset, permille, all }),
		1 => (who.clone(), asset.clone(), any::<bool>())
			.prop_map(|(who, asset, enable)| Op::Collateral { who, asset, enable }),
		1 => (who.clone(), asset.clone(), permille.clone())
			.prop_map(|(who, asset, permille)| Op::Borrow { who, asset, permille }),
		1 => (who.clone(), who.clone(), asset.clone(), permille, any::<bool>()).prop_map(
			|(who, payer, asset, permille, all)| Op::Repay { who, payer, asset, permille, all }
		),
		1 => (who.clone(), 1..3usize, asset.clone(), asset).prop_map(
			|(liquidator, offset, debt, collateral)| Op::Liquidate {
				liquidator,
				borrower: (liquidator + offset) % 3,
				debt,
				collateral,
			}
		),
		1 => (1..(90 * 86_400u64)).prop_map(|seconds| Op::Accrue { seconds }),
		1 => (40..110u32).prop_map(|percent| Op::MoveWeth { percent }),
		1 => Just(Op::CrashWeth),
		1 => (0..2usize, 0..4usize).prop_map(|(asset, refusal)| Op::Unprice { asset, refusal }),
		1 => (0..2usize).prop_map(|asset| Op::Reprice { asset }),
		1 => (1..40u64).prop_map(|years| Op::Idle { years }),
		4 => (0..3usize, 0..2usize, 1..1_000u32)
			.prop_map(|(who, collateral, permille)| Op::Leverage { who, collateral, permille }),
		4 => (0..3usize, 0..2usize, 1..1_000u32, any::<bool>()).prop_map(
			|(who, collateral, permille, all)| Op::Deleverage { who, collateral, permille, all }
		),
		4 => (0..3usize, 0..2usize).prop_map(|(who, collateral)| Op::Close { who, collateral }),
		4 => (0..3usize, 1..3usize, 0..2usize).prop_map(|(keeper, offset, debt)| {
			Op::LiquidateThroughDex { keeper, borrower: (keeper + offset) % 3, debt }
		}),
		4 => prop_oneof![Just(100u32), 90..110u32].prop_map(|percent| Op::Pool { percent }),
	]
}

/// `a × b / c` as (whole part, fractional part): exact, for measuring holdings without the
/// protocol's own roundings.
fn exact_ratio(a: u128, b: u128, c: u128) -> (i128, f64) {
	if c == 0 {
		return (0, 0.0);
	}
	let product = U256::from(a) * U256::from(b);
	let (whole, rest) = (product / U256::from(c), product % U256::from(c));
	(whole.as_u128() as i128, rest.as_u128() as f64 / c as f64)
}

/// What a group of accounts holds of `asset` together, exactly: wallets + shares at the exact
/// exchange rate (borrows counted exactly, not rounded down) − scaled debts at the exact index,
/// as (units, fraction of a unit).
fn group_holdings(accounts: &[usize], asset: &AssetKind) -> (i128, f64) {
	let mut market = Markets::<Test>::get(asset).unwrap();
	market.state.accrue(&market.config, Timestamp::get()).unwrap();
	let state = market.state;
	let index = state.borrow_index.into_inner();
	let (borrows, borrows_fraction) = exact_ratio(state.total_scaled_debt, index, FixedU128::DIV);
	let supply = (state.cash as i128 + borrows - state.reserves as i128) as u128;
	let (mut whole, mut fraction) = (0i128, 0f64);
	for account in accounts {
		let who = ACCOUNTS[*account];
		let position = position(who, asset);
		let shares = state.live_shares(&position);
		let (supplied, supplied_fraction) = exact_ratio(shares, supply, state.total_shares);
		let unrecognised = if state.total_shares == 0 {
			0.0
		} else {
			shares as f64 / state.total_shares as f64 * borrows_fraction
		};
		let (debt, debt_fraction) = exact_ratio(position.scaled_debt, index, FixedU128::DIV);
		whole += balance(asset, who) as i128 + supplied - debt;
		fraction += supplied_fraction + unrecognised - debt_fraction;
	}
	(whole, fraction)
}

/// Per asset: the actors' holdings.
fn holdings(actors: &[usize]) -> Vec<(i128, f64)> {
	ASSETS.iter().map(|asset| group_holdings(actors, asset)).collect()
}

/// Every asset's units in wallets and in the pool account.
fn token_totals() -> Vec<u128> {
	ASSETS
		.iter()
		.map(|asset| {
			ACCOUNTS
				.iter()
				.chain([&DAVE, &EVE, &TREASURY])
				.map(|who| balance(asset, *who))
				.sum::<u128>()
				+ NativeAndAssets::balance(asset.clone(), &Lending::market_account(asset))
				+ NativeAndAssets::balance(asset.clone(), &crate::mock_dex::POOL)
		})
		.collect()
}

/// Suppliers' claims are backed: Σ supplied + reserves ≤ cash + Σ debts.
fn claims_backed() -> Result<(), String> {
	for asset in &ASSETS {
		let view = Lending::market_view(asset).unwrap();
		let supplied: u128 = ACCOUNTS.iter().map(|who| supplied_now(*who, asset)).sum();
		let debts: u128 = ACCOUNTS.iter().map(|who| debt_now(*who, asset)).sum();
		if supplied + view.reserves > view.cash + debts {
			return Err(format!(
				"{asset:?}: {supplied} + {} > {} + {debts}",
				view.reserves, view.cash
			));
		}
	}
	Ok(())
}

fn apply(op: &Op) -> bool {
	let unit_amount =
		|asset: &AssetKind, permille: u32| tokens(asset, 1_000) * u128::from(permille) / 1_000;
	let result: bool = match op.clone() {
		Op::Supply { who, asset, permille } => {
			let asset = &ASSETS[asset];
			Lending::supply(signed(ACCOUNTS[who]), asset.clone(), unit_amount(asset, permille) * 10)
				.is_ok()
		},
		Op::Withdraw { who, asset, permille, all } => {
			let asset = &ASSETS[asset];
			let amount =
				if all { Amount::All } else { Amount::Exact(unit_amount(asset, permille)) };
			Lending::withdraw(signed(ACCOUNTS[who]), asset.clone(), amount).is_ok()
		},
		Op::Collateral { who, asset, enable } => {
			let asset = ASSETS[asset].clone();
			if enable {
				Lending::enable_collateral(signed(ACCOUNTS[who]), asset).is_ok()
			} else {
				Lending::disable_collateral(signed(ACCOUNTS[who]), asset).is_ok()
			}
		},
		Op::Borrow { who, asset, permille } => {
			let asset = &ASSETS[asset];
			Lending::borrow(signed(ACCOUNTS[who]), asset.clone(), unit_amount(asset, permille))
				.is_ok()
		},
		Op::Repay { who, payer, asset, permille, all } => {
			let asset = &ASSETS[asset];
			let amount =
				if all { Amount::All } else { Amount::Exact(unit_amount(asset, permille) / 10) };
			Lending::repay_on_behalf(signed(ACCOUNTS[payer]), ACCOUNTS[who], asset.clone(), amount)
				.is_ok()
		},
		Op::Liquidate { liquidator, borrower, debt, collateral } => super::liquidate(
			ACCOUNTS[liquidator],
			ACCOUNTS[borrower],
			ASSETS[debt].clone(),
			ASSETS[collateral].clone(),
			Amount::All,
		)
		.is_ok(),
		Op::Accrue { seconds } => {
			advance(seconds * 1_000);
			return true;
		},
		Op::MoveWeth { percent } => {
			set_price(WETH, FixedU128::from_rational(3_000 * u128::from(percent), 100));
			// Arbitrage follows the oracle in the pool (a `Pool` op may push it off again).
			trade_pool_to(100);
			return true;
		},
		Op::CrashWeth => {
			set_price(WETH, FixedU128::from_inner(1_000_000));
			return true;
		},
		Op::Unprice { asset, refusal } => {
			use pallet_lever_oracle::PriceError::*;
			refuse_price(ASSETS[asset].clone(), [Stale, Frozen, Locked, NoPrice][refusal]);
			return true;
		},
		Op::Reprice { asset } => {
			set_price(ASSETS[asset].clone(), usd([1, 3_000][asset]));
			return true;
		},
		Op::Idle { years } => {
			advance(years * 365 * 86_400_000);
			return true;
		},
		Op::Leverage { who, collateral, permille } => {
			let (collateral, debt) = (&ASSETS[collateral], &ASSETS[1 - collateral]);
			let equity = unit_amount(collateral, permille);
			// Twice the equity's value in debt: a 3× position.
			let Some(borrow) = MockOracle::value_of(collateral, equity, Rounding::Down)
				.and_then(|value| MockOracle::amount_for_value(debt, value, Rounding::Down))
				.ok()
			else {
				return false;
			};
			let borrow = borrow.saturating_mul(2);
			Lending::leverage(
				signed(ACCOUNTS[who]),
				collateral.clone(),
				debt.clone(),
				equity,
				borrow,
				0,
			)
			.is_ok()
		},
		Op::Deleverage { who, collateral, permille, all } => {
			let (collateral, debt) = (&ASSETS[collateral], &ASSETS[1 - collateral]);
			let amount =
				if all { Amount::All } else { Amount::Exact(unit_amount(collateral, permille)) };
			Lending::deleverage(signed(ACCOUNTS[who]), collateral.clone(), debt.clone(), amount, 0)
				.is_ok()
		},
		Op::Close { who, collateral } => {
			let (collateral, debt) = (&ASSETS[collateral], &ASSETS[1 - collateral]);
			Lending::close_position(
				signed(ACCOUNTS[who]),
				collateral.clone(),
				debt.clone(),
				u128::MAX,
			)
			.is_ok()
		},
		Op::LiquidateThroughDex { keeper, borrower, debt } => Lending::liquidate_through_dex(
			signed(ACCOUNTS[keeper]),
			ACCOUNTS[borrower],
			ASSETS[debt].clone(),
			ASSETS[1 - debt].clone(),
			Amount::All,
		)
		.is_ok(),
		Op::Pool { percent } => {
			trade_pool_to(percent);
			return true;
		},
	};
	result
}

/// EVE trades the WETH/USDT pool until its price is `percent` of the oracle's (as far as her
/// wallet allows): real swaps, so every token stays counted.
fn trade_pool_to(percent: u32) {
	use pallet_asset_conversion::Swap;
	let Ok(oracle) = MockOracle::price(&WETH) else { return };
	// USDT units per WETH unit the pool should quote.
	let target = oracle.price.into_inner() as f64 / 1e18 * f64::from(percent) / 100.0 * 1e6 / 1e18;
	let (usdt, weth) = (
		NativeAndAssets::balance(USDT, &crate::mock_dex::POOL) as f64,
		NativeAndAssets::balance(WETH, &crate::mock_dex::POOL) as f64,
	);
	let k = usdt * weth;
	let (path, amount) = if usdt / weth < target {
		(vec![USDT, WETH], ((k * target).sqrt() - usdt) / 0.997)
	} else {
		(vec![WETH, USDT], ((k / target).sqrt() - weth) / 0.997)
	};
	let held = NativeAndAssets::balance(path[0].clone(), &EVE) as f64;
	let amount = amount.min(held / 2.0) as u128;
	if amount > 0 {
		let _ = crate::mock_dex::MockDex::swap_exact_tokens_for_tokens(
			EVE, path, amount, None, EVE, false,
		);
	}
}

fn run(ops: Vec<Op>) -> Result<(), TestCaseError> {
	let mut outcome = Ok(());
	ExtBuilder::default().markets(ASSETS.to_vec()).build_and_execute(|| outcome = check(&ops));
	outcome
}

fn check(ops: &[Op]) -> Result<(), TestCaseError> {
	{
		seed(&USDT, tokens(&USDT, 100_000));
		seed(&WETH, tokens(&WETH, 10));
		// The WETH/USDT pool at the oracle's $3,000, from DAVE's tokens (every token counted).
		for (asset, amount) in [(WETH, tokens(&WETH, 100)), (USDT, tokens(&USDT, 300_000))] {
			frame_support::assert_ok!(
				<NativeAndAssets as frame_support::traits::fungibles::Mutate<_>>::transfer(
					asset,
					&DAVE,
					&crate::mock_dex::POOL,
					amount,
					frame_support::traits::tokens::Preservation::Preserve
				)
			);
		}
		crate::mock_dex::set_reserves_as_held(WETH, USDT);
		// Alice and Charlie start with 5 WETH of collateral and 10,000 USDT of debt (health
		// 1.2 at $3,000): a WETH move below $2,500 makes them liquidatable.
		for who in [ALICE, CHARLIE] {
			frame_support::assert_ok!(Lending::supply(signed(who), WETH, tokens(&WETH, 5)));
			frame_support::assert_ok!(Lending::enable_collateral(signed(who), WETH));
			frame_support::assert_ok!(Lending::borrow(signed(who), USDT, tokens(&USDT, 10_000)));
		}
		let totals = token_totals();
		let mut index: Vec<FixedU128> =
			ASSETS.iter().map(|a| Markets::<Test>::get(a).unwrap().state.borrow_index).collect();
		for op in ops {
			// Moving tokens in and out of the market never gives the acting account(s) more of
			// an asset than they had (liquidations trade one asset for another, accrual moves
			// value from borrowers to suppliers, prices move nothing). Bystanders may gain dust —
			// the pool's rounding surplus belongs to every supplier — so across accounts the
			// property is the one `claims_backed` checks: suppliers' claims never exceed the
			// cash plus what borrowers owe, and no token is minted or burned.
			let actors: Vec<usize> = match op {
				Op::Supply { who, .. }
				| Op::Withdraw { who, .. }
				| Op::Collateral { who, .. }
				| Op::Borrow { who, .. } => vec![*who],
				Op::Repay { who, payer, .. } if who == payer => vec![*who],
				Op::Repay { who, payer, .. } => vec![*who, *payer],
				_ => vec![],
			};
			let before = holdings(&actors);
			let applied = apply(op);
			prop_assert!(Lending::do_try_state().is_ok(), "invariants after {op:?}");
			prop_assert_eq!(token_totals(), totals.clone(), "tokens are conserved");
			claims_backed().map_err(TestCaseError::fail)?;
			for (i, asset) in ASSETS.iter().enumerate() {
				let now = Markets::<Test>::get(asset).unwrap().state.borrow_index;
				prop_assert!(now >= index[i], "the borrow index never decreases");
				index[i] = now;
			}
			if applied && !actors.is_empty() {
				for (now, was) in holdings(&actors).into_iter().zip(before) {
					let gain = (now.0 - was.0) as f64 + (now.1 - was.1);
					prop_assert!(
						gain <= 1e-6,
						"{op:?} gave its actor {gain} units: {now:?} > {was:?}"
					);
				}
			}
		}
		Ok(())
	}
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]
	#[test]
	fn random_sequences_never_create_value(ops in proptest::collection::vec(op(), 1..40)) {
		run(ops)?;
	}
}
