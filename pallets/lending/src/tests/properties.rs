//! Property tests: random sequences of supply, withdraw, borrow, repay, accrual, price moves
//! and liquidations never create value and always keep the invariants.

use super::*;
use crate::{Amount, Markets};
use frame_support::traits::fungibles::Inspect;
use proptest::prelude::*;
use sp_runtime::FixedU128;

const ACCOUNTS: [AccountId; 3] = [ALICE, BOB, CHARLIE];
const ASSETS: [AssetKind; 2] = [USDT, WETH];

#[derive(Clone, Debug)]
enum Op {
	Supply { who: usize, asset: usize, permille: u32 },
	Withdraw { who: usize, asset: usize, permille: u32, all: bool },
	Collateral { who: usize, asset: usize, enable: bool },
	Borrow { who: usize, asset: usize, permille: u32 },
	Repay { who: usize, payer: usize, asset: usize, permille: u32, all: bool },
	Liquidate { liquidator: usize, borrower: usize, debt: usize, collateral: usize },
	Accrue { seconds: u64 },
	MoveWeth { percent: u32 },
}

fn op() -> impl Strategy<Value = Op> {
	let who = 0..3usize;
	let asset = 0..2usize;
	let permille = 1..1_000u32;
	prop_oneof![
		(who.clone(), asset.clone(), permille.clone())
			.prop_map(|(who, asset, permille)| Op::Supply { who, asset, permille }),
		(who.clone(), asset.clone(), permille.clone(), any::<bool>())
			.prop_map(|(who, asset, permille, all)| Op::Withdraw { who, asset, permille, all }),
		(who.clone(), asset.clone(), any::<bool>())
			.prop_map(|(who, asset, enable)| Op::Collateral { who, asset, enable }),
		(who.clone(), asset.clone(), permille.clone())
			.prop_map(|(who, asset, permille)| Op::Borrow { who, asset, permille }),
		(who.clone(), who.clone(), asset.clone(), permille, any::<bool>()).prop_map(
			|(who, payer, asset, permille, all)| Op::Repay { who, payer, asset, permille, all }
		),
		(who.clone(), who, asset.clone(), asset).prop_map(
			|(liquidator, borrower, debt, collateral)| {
				Op::Liquidate { liquidator, borrower, debt, collateral }
			}
		),
		(1..(90 * 86_400u64)).prop_map(|seconds| Op::Accrue { seconds }),
		(50..150u32).prop_map(|percent| Op::MoveWeth { percent }),
	]
}

/// Each account's holdings of each asset: wallet + supply − debt, in units.
fn holdings() -> Vec<i128> {
	let mut out = Vec::new();
	for who in ACCOUNTS {
		for asset in &ASSETS {
			out.push(
				balance(asset, who) as i128 + supplied_now(who, asset) as i128
					- debt_now(who, asset) as i128,
			);
		}
	}
	out
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
				+ NativeAndAssets::balance(asset.clone(), &Lending::account_id())
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
	let result = match op.clone() {
		Op::Supply { who, asset, permille } => {
			let asset = &ASSETS[asset];
			Lending::supply(signed(ACCOUNTS[who]), asset.clone(), unit_amount(asset, permille) * 10)
		},
		Op::Withdraw { who, asset, permille, all } => {
			let asset = &ASSETS[asset];
			let amount =
				if all { Amount::All } else { Amount::Exact(unit_amount(asset, permille)) };
			Lending::withdraw(signed(ACCOUNTS[who]), asset.clone(), amount)
		},
		Op::Collateral { who, asset, enable } => {
			let asset = ASSETS[asset].clone();
			if enable {
				Lending::enable_collateral(signed(ACCOUNTS[who]), asset)
			} else {
				Lending::disable_collateral(signed(ACCOUNTS[who]), asset)
			}
		},
		Op::Borrow { who, asset, permille } => {
			let asset = &ASSETS[asset];
			Lending::borrow(signed(ACCOUNTS[who]), asset.clone(), unit_amount(asset, permille))
		},
		Op::Repay { who, payer, asset, permille, all } => {
			let asset = &ASSETS[asset];
			let amount =
				if all { Amount::All } else { Amount::Exact(unit_amount(asset, permille) / 10) };
			Lending::repay_on_behalf(signed(ACCOUNTS[payer]), ACCOUNTS[who], asset.clone(), amount)
		},
		Op::Liquidate { liquidator, borrower, debt, collateral } => Lending::liquidate(
			signed(ACCOUNTS[liquidator]),
			ACCOUNTS[borrower],
			ASSETS[debt].clone(),
			ASSETS[collateral].clone(),
			Amount::All,
		),
		Op::Accrue { seconds } => {
			advance(seconds * 1_000);
			return true;
		},
		Op::MoveWeth { percent } => {
			set_price(WETH, FixedU128::from_rational(3_000 * u128::from(percent), 100));
			return true;
		},
	};
	result.is_ok()
}

fn run(ops: Vec<Op>) -> Result<(), TestCaseError> {
	let mut outcome = Ok(());
	ExtBuilder::default().markets(ASSETS.to_vec()).build_and_execute(|| outcome = check(&ops));
	outcome
}

fn check(ops: &[Op]) -> Result<(), TestCaseError> {
	{
		seed(&USDT, tokens(&USDT, 10_000));
		seed(&WETH, tokens(&WETH, 10));
		let totals = token_totals();
		let mut index: Vec<FixedU128> =
			ASSETS.iter().map(|a| Markets::<Test>::get(a).unwrap().state.borrow_index).collect();
		for op in ops {
			let before = holdings();
			let applied = apply(op);
			prop_assert!(Lending::do_try_state().is_ok(), "invariants after {op:?}");
			prop_assert_eq!(token_totals(), totals.clone(), "tokens are conserved");
			claims_backed().map_err(TestCaseError::fail)?;
			for (i, asset) in ASSETS.iter().enumerate() {
				let now = Markets::<Test>::get(asset).unwrap().state.borrow_index;
				prop_assert!(now >= index[i], "the borrow index never decreases");
				index[i] = now;
			}
			// Moving tokens in and out of the market never gives an account more of an asset
			// than it had (liquidations trade one asset for another, accrual moves value from
			// borrowers to suppliers, prices move nothing).
			let trade =
				matches!(op, Op::Liquidate { .. } | Op::Accrue { .. } | Op::MoveWeth { .. });
			if applied && !trade {
				let after = holdings();
				// Repaying for another account moves value from the payer to the borrower:
				// compare the pair.
				let pair = match op {
					Op::Repay { who, payer, .. } if who != payer => Some((*who, *payer)),
					_ => None,
				};
				for (i, (now, was)) in after.iter().zip(&before).enumerate() {
					let account = i / ASSETS.len();
					match pair {
						Some((a, b)) if account == a || account == b => {
							let other = if account == a { b } else { a };
							let j = other * ASSETS.len() + i % ASSETS.len();
							prop_assert!(now + after[j] <= was + before[j], "{op:?} created value");
						},
						_ => prop_assert!(now <= was, "{op:?} created value: {now} > {was}"),
					}
				}
			}
		}
		Ok(())
	}
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]
	#[test]
	fn random_sequences_never_create_value(ops in proptest::collection::vec(op(), 1..40)) {
		run(ops)?;
	}
}
