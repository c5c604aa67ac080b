//! The oracle in the real runtime: genesis feeders and assets, free feeds for feeders through
//! the real fee logic, and a paid failure for anyone else.

use crate::{
	block::{fees_paid_by, start_block},
	common::{new_test_ext, sign},
};
use frame_support::{assert_ok, BoundedVec};
use lever_runtime::{
	genesis_config_presets::{oracle_assets, oracle_feeders},
	AssetKind, Executive, Oracle, RuntimeCall,
};
use pallet_lever_oracle::{PriceError, PriceProvider, PriceStatus, Rounding};
use sp_keyring::Sr25519Keyring::{Alice, Bob, Dave};
use sp_runtime::{DispatchError, FixedU128};

fn feed(values: Vec<(AssetKind, FixedU128)>) -> RuntimeCall {
	RuntimeCall::Oracle(pallet_lever_oracle::Call::feed_prices {
		values: BoundedVec::truncate_from(values),
	})
}

#[test]
fn genesis_configures_feeders_and_assets_with_stale_reference_prices() {
	new_test_ext("development").execute_with(|| {
		let feeders = pallet_lever_oracle::Feeders::<lever_runtime::Runtime>::get();
		assert_eq!(feeders.keys().cloned().collect::<Vec<_>>(), {
			let mut expected = oracle_feeders();
			expected.sort();
			expected
		});
		for (asset, _, price) in oracle_assets() {
			let info = Oracle::price_info(&asset);
			assert_eq!(info.price, Some(price));
			assert_eq!(info.status, PriceStatus::Stale, "{asset:?}: genesis prices date from 0");
			assert_eq!(Oracle::price(&asset), Err(PriceError::Stale));
		}
	});
}

#[test]
fn feeders_feed_for_free_and_others_pay() {
	new_test_ext("development").execute_with(|| {
		start_block();
		let weth = AssetKind::WithId(3);
		let price = FixedU128::from_u32(3_100);
		for who in [Alice, Bob] {
			assert_ok!(Executive::apply_extrinsic(sign(who, 0, feed(vec![(weth.clone(), price)])))
				.expect("valid"));
			assert_eq!(fees_paid_by(&who.to_account_id()), 0, "a feeder's first feed is free");
		}
		assert_eq!(Oracle::price(&weth).map(|p| p.price), Ok(price));
		// 2 WETH at $3,100, through the asset's pallet-assets decimals (18).
		assert_eq!(
			Oracle::value_of(&weth, 2 * 10u128.pow(18), Rounding::Down),
			Ok(FixedU128::from_u32(6_200))
		);

		let outcome = Executive::apply_extrinsic(sign(Dave, 0, feed(vec![(weth.clone(), price)])))
			.expect("valid");
		assert!(matches!(outcome, Err(DispatchError::Module(_))), "got {outcome:?}");
		assert!(fees_paid_by(&Dave.to_account_id()) > 0, "a non-feeder pays");
	});
}
