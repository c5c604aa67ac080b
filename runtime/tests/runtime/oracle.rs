//! The oracle in the real runtime: genesis feeders and assets, the quorum of three of the four
//! dev feeders, free feeds for feeders through the real fee logic and a paid failure for anyone
//! else, decimals that the asset owner's metadata changes do not move, and listing that refuses
//! assets whose roles governance does not hold.

use crate::{
	block::{fees_paid_by, start_block},
	common::{new_test_ext, sign},
};
use frame_support::{assert_noop, assert_ok, BoundedVec};
use lever_runtime::{
	genesis_config_presets::{oracle_assets, oracle_feeders},
	AccountId, AssetKind, Executive, Oracle, Runtime, RuntimeCall, RuntimeOrigin,
};
use pallet_lever_oracle::{PriceError, PriceProvider, PriceStatus, Rounding};
use sp_keyring::Sr25519Keyring::{self, Alice, Bob, Charlie, Eve};
use sp_runtime::{DispatchError, FixedU128};

const USDT: AssetKind = AssetKind::WithId(1);
const WETH: AssetKind = AssetKind::WithId(3);

fn feed(values: Vec<(AssetKind, FixedU128)>) -> RuntimeCall {
	RuntimeCall::Oracle(pallet_lever_oracle::Call::feed_prices {
		values: BoundedVec::truncate_from(values),
	})
}

/// Applies `call` signed by `who` and expects it to succeed.
fn apply(who: Sr25519Keyring, nonce: u32, call: RuntimeCall) {
	assert_ok!(Executive::apply_extrinsic(sign(who, nonce, call)).expect("valid"));
}

#[cfg(feature = "try-runtime")]
fn check_invariants() {
	pallet_lever_oracle::Pallet::<Runtime>::do_try_state().expect("oracle invariants");
}
#[cfg(not(feature = "try-runtime"))]
fn check_invariants() {}

#[test]
fn genesis_configures_four_feeders_and_assets_with_reference_prices() {
	new_test_ext("development").execute_with(|| {
		let feeders = pallet_lever_oracle::Feeders::<Runtime>::get();
		assert_eq!(feeders.len(), 4, "one more than the quorum of three");
		assert_eq!(feeders.keys().cloned().collect::<Vec<_>>(), {
			let mut expected = oracle_feeders();
			expected.sort();
			expected
		});
		for asset in oracle_assets() {
			let info = Oracle::price_info(&asset.asset);
			assert_eq!(info.price, Some(FixedU128::from_u32(asset.reference)));
			assert_eq!(
				info.status,
				PriceStatus::Stale,
				"{:?}: references are never served",
				asset.asset
			);
			assert_eq!(Oracle::price(&asset.asset), Err(PriceError::Stale));
			let state = pallet_lever_oracle::Assets::<Runtime>::get(&asset.asset).expect("listed");
			assert_eq!(state.config, asset.config());
		}
		check_invariants();
	});
}

#[test]
fn three_of_the_four_feeders_form_a_price_for_free_and_others_pay() {
	new_test_ext("development").execute_with(|| {
		start_block();
		let price = FixedU128::from_u32(3_100);
		for who in [Alice, Bob] {
			apply(who, 0, feed(vec![(WETH, price)]));
			assert_eq!(fees_paid_by(&who.to_account_id()), 0, "a feeder's feed is free");
		}
		assert_eq!(Oracle::price(&WETH), Err(PriceError::Stale), "two feeds are no quorum");
		apply(Charlie, 0, feed(vec![(WETH, price)]));
		assert_eq!(Oracle::price(&WETH).map(|p| p.price), Ok(price));
		// 2 WETH at $3,100, through the decimals (18) snapshotted at genesis.
		assert_eq!(
			Oracle::value_of(&WETH, 2 * 10u128.pow(18), Rounding::Down),
			Ok(FixedU128::from_u32(6_200))
		);

		let outcome =
			Executive::apply_extrinsic(sign(Eve, 0, feed(vec![(WETH, price)]))).expect("valid");
		assert!(matches!(outcome, Err(DispatchError::Module(_))), "got {outcome:?}");
		assert!(fees_paid_by(&Eve.to_account_id()) > 0, "a non-feeder pays");
		check_invariants();
	});
}

#[test]
fn the_asset_owner_setting_decimals_to_zero_moves_no_value() {
	// Issue 9.2 as reproduced on the dev chain: USDT's owner set its decimals from 6 to 0 and
	// borrowed 5 WETH against 1 USDT. The oracle values USDT with the decimals it read at
	// listing, whatever the metadata says later.
	new_test_ext("development").execute_with(|| {
		start_block();
		let one = FixedU128::from_u32(1);
		for who in [Alice, Bob, Charlie] {
			apply(who, 0, feed(vec![(USDT, one)]));
		}
		assert_eq!(
			Oracle::value_of(&USDT, 1, Rounding::Down),
			Ok(FixedU128::from_rational(1, 1_000_000))
		);
		// Alice owns the test assets on dev.
		apply(
			Alice,
			1,
			RuntimeCall::Assets(pallet_assets::Call::set_metadata {
				id: 1.into(),
				name: b"Tether USD".to_vec(),
				symbol: b"USDT".to_vec(),
				decimals: 0,
			}),
		);
		assert_eq!(
			pallet_assets::Metadata::<Runtime, pallet_assets::Instance1>::get(1).decimals,
			0
		);
		assert_eq!(
			Oracle::value_of(&USDT, 1, Rounding::Down),
			Ok(FixedU128::from_rational(1, 1_000_000))
		);
		assert_eq!(Oracle::amount_for_value(&USDT, one, Rounding::Up), Ok(1_000_000));
		check_invariants();
	});
}

#[test]
fn listing_refuses_an_asset_whose_roles_governance_does_not_hold() {
	new_test_ext("development").execute_with(|| {
		use frame_support::traits::fungibles::{metadata::Mutate as _, Create};
		let bob: AccountId = Bob.to_account_id();
		<lever_runtime::Assets as Create<_>>::create(500, bob.clone(), true, 1).expect("created");
		lever_runtime::Assets::set(500, &bob, b"Bob".to_vec(), b"BOB".to_vec(), 10).expect("meta");
		let config = oracle_assets()[3].config();
		let reference = Some(FixedU128::from_u32(3_000));
		assert_noop!(
			Oracle::set_asset_config(
				RuntimeOrigin::root(),
				AssetKind::WithId(500),
				config,
				reference
			),
			pallet_lever_oracle::Error::<Runtime>::UntrustedAssetRole
		);
		// An asset that does not exist has no decimals.
		assert_noop!(
			Oracle::set_asset_config(
				RuntimeOrigin::root(),
				AssetKind::WithId(501),
				config,
				reference
			),
			pallet_lever_oracle::Error::<Runtime>::UnknownDecimals
		);
		// Governance's own asset lists; it cannot be removed while a lending market prices it
		// (its collateral would be worth nothing at once).
		assert_ok!(Oracle::set_asset_config(RuntimeOrigin::root(), WETH, config, reference));
		assert!(Oracle::is_listed(&WETH));
		assert_noop!(
			Oracle::remove_asset(RuntimeOrigin::root(), WETH),
			pallet_lever_oracle::Error::<Runtime>::AssetInUse
		);
		check_invariants();
	});
}
