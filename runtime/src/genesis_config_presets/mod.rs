//! Genesis presets of the Lever runtime: `development` (one validator, Alice) and
//! `local_testnet` (two validators, Alice and Bob). The node holds no genesis logic of its own.
//!
//! Both presets give the well-known dev accounts (//Alice … //Ferdie) LEV and the test assets
//! USDT, USDC, WETH and WBTC (with `pallet-assets` metadata), seed DEX pools at realistic prices
//! from Alice's extra liquidity, open money markets for LEV and every test asset, seat Alice,
//! Bob and Charlie on the risk council, make Alice sudo (dev only), endow the treasury account, and allow LEV and USDT as inference payment assets.
//!
//! One file per concern: [`assets`] (tokens and holdings), [`dex`] (pools), [`oracle`]
//! (feeders, asset configurations, reference prices), [`lending`] (markets) and [`inference`]
//! (payment assets); this file puts them together into the presets.

pub mod assets;
pub mod dex;
pub mod inference;
pub mod lending;
pub mod oracle;

pub use assets::*;
pub use dex::*;
pub use inference::*;
pub use lending::*;
pub use oracle::*;

use crate::{
	configs::{GovernanceAccount, TreasuryAccount},
	governance::pallet_custom_origins::Periods,
	AccountId, AssetConversionConfig, AssetKind, AssetsConfig, AuraConfig, Balance, BalancesConfig,
	GrandpaConfig, InferenceConfig, LendingConfig, OracleConfig, OriginsConfig,
	RiskCouncilMembershipConfig, RuntimeGenesisConfig, SudoConfig, UNIT,
};
use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

/// The well-known dev accounts, //Alice … //Ferdie.
pub fn dev_accounts() -> Vec<AccountId> {
	use Sr25519Keyring::*;
	[Alice, Bob, Charlie, Dave, Eve, Ferdie].into_iter().map(|k| k.to_account_id()).collect()
}

/// The account that provides the genesis pools' liquidity: Alice.
pub fn liquidity_provider() -> AccountId {
	Sr25519Keyring::Alice.to_account_id()
}

/// What the liquidity provider deposits into genesis pools of `kind`, in the smallest unit.
fn pooled(kind: &AssetKind) -> Balance {
	GENESIS_POOLS
		.iter()
		.map(|p| {
			let mut sum = 0;
			if &p.kind1() == kind {
				sum += p.raw_amount1();
			}
			if &p.kind2() == kind {
				sum += p.raw_amount2();
			}
			sum
		})
		.sum()
}

/// The risk council at genesis: Alice, Bob and Charlie.
pub fn risk_council() -> Vec<AccountId> {
	use Sr25519Keyring::*;
	[Alice, Bob, Charlie].into_iter().map(|k| k.to_account_id()).collect()
}

/// A genesis for the given validators, sudo key (none: no sudo), governance periods and
/// endowed accounts.
fn lever_genesis(
	authorities: Vec<(AuraId, GrandpaId)>,
	endowed: Vec<AccountId>,
	root: Option<AccountId>,
	periods: Periods,
) -> Value {
	let lp = liquidity_provider();
	let mut balances: Vec<(AccountId, Balance)> = endowed
		.iter()
		.map(|a| {
			let extra = if *a == lp { pooled(&AssetKind::Native) } else { 0 };
			(a.clone(), LEV_PER_ACCOUNT * UNIT + extra)
		})
		.collect();
	balances.push((TreasuryAccount::get(), TREASURY_ENDOWMENT));

	// The test assets' roles: the sudo key on dev, else the keyless governance account.
	let owner = root.clone().unwrap_or_else(GovernanceAccount::get);
	let assets = TEST_ASSETS.iter().map(|a| (a.id, owner.clone(), true, a.min_balance)).collect();
	let metadata = TEST_ASSETS
		.iter()
		.map(|a| (a.id, a.name.as_bytes().to_vec(), a.symbol.as_bytes().to_vec(), a.decimals))
		.collect();
	let accounts = TEST_ASSETS
		.iter()
		.flat_map(|asset| {
			let lp = lp.clone();
			endowed.iter().map(move |who| {
				let extra = if *who == lp { pooled(&AssetKind::WithId(asset.id)) } else { 0 };
				(asset.id, who.clone(), asset.per_account * asset.unit() + extra)
			})
		})
		.collect();
	let pools = GENESIS_POOLS
		.iter()
		.map(|p| (p.kind1(), p.kind2(), lp.clone(), p.raw_amount1(), p.raw_amount2()))
		.collect();

	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig { balances },
		aura: AuraConfig {
			authorities: authorities.iter().map(|x| x.0.clone()).collect::<Vec<_>>()
		},
		grandpa: GrandpaConfig {
			authorities: authorities.iter().map(|x| (x.1.clone(), 1)).collect::<Vec<_>>()
		},
		sudo: SudoConfig { key: root },
		assets: AssetsConfig { assets, metadata, accounts, next_asset_id: Some(100) },
		asset_conversion: AssetConversionConfig { pools },
		oracle: OracleConfig {
			feeders: oracle_feeders(),
			assets: oracle_assets().iter().map(OracleAsset::genesis).collect::<Vec<_>>()
		},
		lending: LendingConfig { markets: lending_markets() },
		inference: InferenceConfig { payment_assets: inference_payment_assets() },
		origins: OriginsConfig { periods },
		risk_council_membership: RiskCouncilMembershipConfig {
			members: risk_council().try_into().expect("the council fits MaxMembers")
		},
	})
}

/// Aura and GRANDPA keys of a well-known dev validator.
fn authority(who: Sr25519Keyring) -> (AuraId, GrandpaId) {
	let grandpa = match who {
		Sr25519Keyring::Alice => Ed25519Keyring::Alice,
		Sr25519Keyring::Bob => Ed25519Keyring::Bob,
		Sr25519Keyring::Charlie => Ed25519Keyring::Charlie,
		Sr25519Keyring::Dave => Ed25519Keyring::Dave,
		Sr25519Keyring::Eve => Ed25519Keyring::Eve,
		_ => Ed25519Keyring::Ferdie,
	};
	(who.public().into(), grandpa.public().into())
}

/// The `development` preset: Alice alone validates and is sudo; governance runs the dev
/// chain's short periods (a referendum passes in about a minute).
pub fn development_config_genesis() -> Value {
	lever_genesis(
		vec![authority(Sr25519Keyring::Alice)],
		dev_accounts(),
		Some(Sr25519Keyring::Alice.to_account_id()),
		Periods::Dev,
	)
}

/// The `local_testnet` preset: Alice and Bob validate; no sudo — root is the root track of
/// governance, with production periods.
pub fn local_config_genesis() -> Value {
	lever_genesis(
		vec![authority(Sr25519Keyring::Alice), authority(Sr25519Keyring::Bob)],
		dev_accounts(),
		None,
		Periods::Production,
	)
}

/// The JSON of the preset named `id`, or `None` for an unknown name.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		_ => return None,
	};
	Some(
		serde_json::to_string(&patch)
			.expect("serialization to json is expected to work. qed.")
			.into_bytes(),
	)
}

/// The names of the presets this runtime offers.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
	]
}

/// Merges a JSON patch into `base`: objects key by key, anything else replaces.
#[cfg(feature = "std")]
fn merge(base: &mut Value, patch: Value) {
	match (base, patch) {
		(Value::Object(base), Value::Object(patch)) => {
			for (key, value) in patch {
				merge(base.entry(key).or_insert(Value::Null), value);
			}
		},
		(base, patch) => *base = patch,
	}
}

/// The full genesis config of the preset named `name`: the runtime's default config with the
/// preset's patch applied, as the node's chain-spec builder does. For native tools (tests, the
/// fuzzer) that build genesis state without a node; `None` for an unknown name.
#[cfg(feature = "std")]
pub fn preset_genesis_config(name: &str) -> Option<RuntimeGenesisConfig> {
	let patch = get_preset(&name.into())?;
	let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).ok()?;
	merge(&mut config, serde_json::from_slice(&patch).ok()?);
	serde_json::from_value(config).ok()
}
