//! The money market in the real runtime: genesis markets, and a supply → collateral → borrow
//! round through `Executive` priced by the real oracle.

use crate::{
	block::start_block,
	common::{new_test_ext, sign},
};
use frame_support::{assert_ok, BoundedVec};
use lever_runtime::{
	genesis_config_presets::lending_markets, AssetKind, Executive, Lending, Runtime, RuntimeCall,
	RuntimeEvent,
};
use pallet_lever_lending::{Amount, Call as LendingCall, Markets};
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie};
use sp_runtime::{DispatchError, FixedU128, Permill};

const USDT: AssetKind = AssetKind::WithId(1);
const WETH: AssetKind = AssetKind::WithId(3);

fn apply(who: sp_keyring::Sr25519Keyring, nonce: u32, call: RuntimeCall) {
	let outcome = Executive::apply_extrinsic(sign(who, nonce, call)).expect("valid");
	assert_ok!(outcome);
}

fn lending(call: LendingCall<Runtime>) -> RuntimeCall {
	RuntimeCall::Lending(call)
}

#[test]
fn every_preset_opens_the_markets() {
	for preset in ["development", "local_testnet"] {
		new_test_ext(preset).execute_with(|| {
			for (asset, config) in lending_markets() {
				let market = Markets::<Runtime>::get(&asset).expect("a genesis market");
				assert_eq!(market.config, config, "{preset} {asset:?}");
				assert_eq!(market.state.cash, 0);
			}
			assert_eq!(Markets::<Runtime>::count(), 5);
			pallet_lever_lending::Pallet::<Runtime>::do_try_state().expect("invariants");
		});
	}
}

#[test]
fn supply_collateral_and_borrow_through_executive() {
	new_test_ext("development").execute_with(|| {
		start_block();
		// A quorum of three feeders gives fresh prices (genesis reference prices are stale by
		// design).
		let prices = vec![(USDT, FixedU128::from_u32(1)), (WETH, FixedU128::from_u32(3_000))];
		for who in [Alice, Bob, Charlie] {
			apply(
				who,
				0,
				RuntimeCall::Oracle(pallet_lever_oracle::Call::feed_prices {
					values: BoundedVec::truncate_from(prices.clone()),
				}),
			);
		}
		let usdt = 10u128.pow(6);
		let weth = 10u128.pow(18);
		apply(Charlie, 1, lending(LendingCall::supply { asset: USDT, amount: 100_000 * usdt }));
		apply(Alice, 1, lending(LendingCall::supply { asset: WETH, amount: 10 * weth }));
		apply(Alice, 2, lending(LendingCall::enable_collateral { asset: WETH }));
		apply(Alice, 3, lending(LendingCall::borrow { asset: USDT, amount: 20_000 * usdt }));

		let view = Lending::account_view(&Alice.to_account_id());
		assert_eq!(view.positions.len(), 2);
		let liquidity = view.liquidity.expect("fresh prices");
		assert_eq!(liquidity.debt_value, FixedU128::from_u32(20_000));
		// 10 WETH less the first supply's endowment and locked shares, at $3,000 × 80%.
		assert!(view.health_factor.unwrap() > FixedU128::from_rational(119, 100));
		let market = Lending::market_view(&USDT).expect("USDT market");
		assert_eq!(market.total_borrows, 20_000 * usdt);
		assert!(market.borrow_rate > FixedU128::from_u32(0));

		// Too much more is refused with the pallet's error, and nothing changes.
		let outcome = Executive::apply_extrinsic(sign(
			Alice,
			4,
			lending(LendingCall::borrow { asset: USDT, amount: 10_000 * usdt }),
		))
		.expect("valid");
		assert!(outcome.is_err());
		apply(Alice, 5, lending(LendingCall::repay { asset: USDT, amount: Amount::All }));
		pallet_lever_lending::Pallet::<Runtime>::do_try_state().expect("invariants");
	});
}

/// The attack on `MaxThresholdCut`: one sudo call (or one referendum) enacting a batch of
/// 2-point updates, each within the cap of the threshold the previous one left, to lower a
/// liquidation threshold by ten points in one block. The first cut opens a period measured
/// from the threshold before it; the second goes past it, so the whole batch fails and the
/// market keeps its parameters.
#[test]
fn a_batch_of_threshold_cuts_cannot_add_up_in_one_block() {
	new_test_ext("development").execute_with(|| {
		start_block();
		let before = Markets::<Runtime>::get(&WETH).expect("a genesis market").config;
		let cut = |points: u32| pallet_lever_lending::MarketConfig {
			liquidation_threshold: before.liquidation_threshold - Permill::from_percent(points),
			collateral_factor: before.collateral_factor - Permill::from_percent(points),
			..before
		};
		let calls = (1..=5)
			.map(|i| lending(LendingCall::update_market { asset: WETH, config: cut(2 * i) }))
			.collect();
		let batch = RuntimeCall::Utility(pallet_utility::Call::batch_all { calls });
		let sudo = RuntimeCall::Sudo(pallet_sudo::Call::sudo { call: Box::new(batch) });
		apply(Alice, 0, sudo);
		let refused: DispatchError =
			pallet_lever_lending::Error::<Runtime>::ThresholdCutTooLarge.into();
		assert!(frame_system::Pallet::<Runtime>::events().iter().any(|record| matches!(
			&record.event,
			RuntimeEvent::Sudo(pallet_sudo::Event::Sudid { sudo_result: Err(error) }) if *error == refused
		)));
		assert_eq!(Markets::<Runtime>::get(&WETH).expect("still there").config, before);
		assert!(!pallet_lever_lending::ThresholdCuts::<Runtime>::contains_key(&WETH));
		// One 2-point cut alone is what the period allows.
		apply(
			Alice,
			1,
			RuntimeCall::Sudo(pallet_sudo::Call::sudo {
				call: Box::new(lending(LendingCall::update_market { asset: WETH, config: cut(2) })),
			}),
		);
		assert_eq!(Markets::<Runtime>::get(&WETH).expect("still there").config, cut(2));
	});
}
