//! Every genesis preset builds and holds what it promises: LEV and test assets (with metadata)
//! on every dev account, DEX pools at their seeded prices, validators and the sudo key.

use crate::common::{new_test_ext, treasury};
use frame_support::traits::fungibles::{metadata::Inspect as _, Inspect as _};
use lever_runtime::{
	genesis_config_presets::{
		dev_accounts, preset_names, GENESIS_POOLS, LEV_PER_ACCOUNT, TEST_ASSETS,
		TREASURY_ENDOWMENT, USDT, WETH,
	},
	AssetConversion, AssetKind, Assets, Aura, Balances, Grandpa, UNIT,
};
use sp_keyring::Sr25519Keyring;

const PRESETS: [&str; 2] = ["development", "local_testnet"];

#[test]
fn runtime_offers_exactly_the_two_presets() {
	let names: Vec<String> =
		preset_names().into_iter().map(|id| String::from_utf8(id.into()).unwrap()).collect();
	assert_eq!(names, PRESETS);
	assert!(lever_runtime::genesis_config_presets::get_preset(&"no_such_preset".into()).is_none());
}

#[test]
fn dev_accounts_hold_lev() {
	for preset in PRESETS {
		new_test_ext(preset).execute_with(|| {
			let accounts = dev_accounts();
			assert_eq!(accounts.len(), 6, "//Alice … //Ferdie");
			for who in &accounts {
				assert_eq!(Balances::free_balance(who), LEV_PER_ACCOUNT * UNIT, "{preset}: {who}");
			}
			assert_eq!(Balances::free_balance(treasury()), TREASURY_ENDOWMENT);
		});
	}
}

#[test]
fn dev_accounts_hold_test_assets_with_metadata() {
	for preset in PRESETS {
		new_test_ext(preset).execute_with(|| {
			for asset in TEST_ASSETS.iter() {
				assert!(Assets::asset_exists(asset.id), "{preset}: asset {}", asset.symbol);
				assert_eq!(Assets::name(asset.id), asset.name.as_bytes());
				assert_eq!(Assets::symbol(asset.id), asset.symbol.as_bytes());
				assert_eq!(Assets::decimals(asset.id), asset.decimals);
				for who in dev_accounts() {
					assert_eq!(
						Assets::balance(asset.id, &who),
						asset.per_account * asset.unit(),
						"{preset}: {} of {who}",
						asset.symbol
					);
				}
			}
		});
	}
}

#[test]
fn dex_pools_are_seeded_at_their_prices() {
	for preset in PRESETS {
		new_test_ext(preset).execute_with(|| {
			for pool in GENESIS_POOLS.iter() {
				let reserves = AssetConversion::get_reserves(pool.kind1(), pool.kind2())
					.unwrap_or_else(|e| panic!("{preset}: pool {:?} missing: {e:?}", pool.kind1()));
				assert_eq!(reserves, (pool.raw_amount1(), pool.raw_amount2()));
			}
			// 1 WETH buys a little under 3,000 USDT (0.3% fee plus slippage on a 1,000 WETH pool).
			let out = AssetConversion::quote_price_exact_tokens_for_tokens(
				AssetKind::WithId(WETH.id),
				AssetKind::WithId(USDT.id),
				WETH.unit(),
				true,
			)
			.expect("the pool quotes");
			assert!(out < 3_000 * USDT.unit() && out > 2_985 * USDT.unit(), "got {out}");
			// 1 LEV buys a little under 2 USDT.
			let out = AssetConversion::quote_price_exact_tokens_for_tokens(
				AssetKind::Native,
				AssetKind::WithId(USDT.id),
				UNIT,
				true,
			)
			.expect("the pool quotes");
			assert!(out < 2 * USDT.unit() && out > 199 * USDT.unit() / 100, "got {out}");
		});
	}
}

#[test]
fn validators_and_sudo_match_the_preset() {
	let alice = Some(Sr25519Keyring::Alice.to_account_id());
	for (preset, validators, sudo) in [("development", 1, alice), ("local_testnet", 2, None)] {
		new_test_ext(preset).execute_with(|| {
			assert_eq!(pallet_aura::Authorities::<lever_runtime::Runtime>::get().len(), validators);
			assert_eq!(Grandpa::grandpa_authorities().len(), validators);
			assert_eq!(pallet_sudo::Key::<lever_runtime::Runtime>::get(), sudo);
			assert_eq!(Aura::slot_duration(), lever_runtime::SLOT_DURATION);
		});
	}
}

#[test]
fn total_issuance_is_what_genesis_handed_out() {
	new_test_ext("development").execute_with(|| {
		let pooled_lev: u128 =
			GENESIS_POOLS.iter().filter(|p| p.asset1.is_none()).map(|p| p.raw_amount1()).sum();
		let expected = 6 * LEV_PER_ACCOUNT * UNIT + TREASURY_ENDOWMENT + pooled_lev;
		assert_eq!(Balances::total_issuance(), expected);
	});
}
