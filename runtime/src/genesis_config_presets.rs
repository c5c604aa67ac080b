//! Genesis presets of the Lever runtime: `development` (one validator, Alice) and
//! `local_testnet` (two validators, Alice and Bob). The node holds no genesis logic of its own.
//!
//! Both presets give the well-known dev accounts (//Alice … //Ferdie) LEV and the test assets
//! USDT, USDC, WETH and WBTC (with `pallet-assets` metadata), seed DEX pools at realistic prices
//! from Alice's extra liquidity, open money markets for LEV and every test asset, make Alice
//! sudo, endow the treasury account, and allow LEV and USDT as inference payment assets.

use crate::{
	configs::TreasuryAccount, AccountId, AssetConversionConfig, AssetId, AssetKind, AssetsConfig,
	AuraConfig, Balance, BalancesConfig, GrandpaConfig, InferenceConfig, LendingConfig,
	OracleConfig, RuntimeGenesisConfig, SudoConfig, UNIT,
};
use alloc::{vec, vec::Vec};
use frame_support::build_struct_json_patch;
use pallet_lever_lending::{MarketConfig, PauseFlags, RateModel};
use pallet_lever_oracle::{AssetConfig, Price};
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use sp_runtime::{FixedU128, Permill};

/// A test asset the presets create: id, name, symbol, decimals, min balance, and what each dev
/// account holds of it, in whole tokens.
pub struct TestAsset {
	/// `pallet-assets` id.
	pub id: AssetId,
	/// Metadata name.
	pub name: &'static str,
	/// Metadata symbol.
	pub symbol: &'static str,
	/// Metadata decimals.
	pub decimals: u8,
	/// Smallest balance an account may hold, in the asset's smallest unit.
	pub min_balance: Balance,
	/// What every dev account holds, in whole tokens.
	pub per_account: Balance,
}

impl TestAsset {
	/// One whole token in the asset's smallest unit.
	pub const fn unit(&self) -> Balance {
		10u128.pow(self.decimals as u32)
	}
}

/// Tether USD, 6 decimals.
pub const USDT: TestAsset = TestAsset {
	id: 1,
	name: "Tether USD",
	symbol: "USDT",
	decimals: 6,
	min_balance: 1_000,
	per_account: 1_000_000,
};
/// USD Coin, 6 decimals.
pub const USDC: TestAsset = TestAsset {
	id: 2,
	name: "USD Coin",
	symbol: "USDC",
	decimals: 6,
	min_balance: 1_000,
	per_account: 1_000_000,
};
/// Wrapped Ether, 18 decimals.
pub const WETH: TestAsset = TestAsset {
	id: 3,
	name: "Wrapped Ether",
	symbol: "WETH",
	decimals: 18,
	min_balance: 1_000_000_000,
	per_account: 100,
};
/// Wrapped Bitcoin, 8 decimals.
pub const WBTC: TestAsset = TestAsset {
	id: 4,
	name: "Wrapped BTC",
	symbol: "WBTC",
	decimals: 8,
	min_balance: 100,
	per_account: 10,
};
/// Every test asset, in id order.
pub const TEST_ASSETS: [TestAsset; 4] = [USDT, USDC, WETH, WBTC];

/// LEV every dev account holds, in whole LEV.
pub const LEV_PER_ACCOUNT: Balance = 1_000_000;
/// LEV the treasury account starts with (so that small fees never fall below the existential
/// deposit of a new account).
pub const TREASURY_ENDOWMENT: Balance = UNIT;

/// A DEX pool seeded at genesis: its two assets and the whole-token amounts Alice deposits.
pub struct GenesisPool {
	/// First asset: LEV or an asset id.
	pub asset1: Option<&'static TestAsset>,
	/// Second asset.
	pub asset2: &'static TestAsset,
	/// Whole tokens of the first asset.
	pub amount1: Balance,
	/// Whole tokens of the second asset.
	pub amount2: Balance,
}

/// The genesis pools, at realistic prices: LEV $2, WETH $3,000, WBTC $60,000, USDC $1 (in USDT).
pub const GENESIS_POOLS: [GenesisPool; 4] = [
	GenesisPool { asset1: None, asset2: &USDT, amount1: 1_000_000, amount2: 2_000_000 },
	GenesisPool { asset1: Some(&WETH), asset2: &USDT, amount1: 1_000, amount2: 3_000_000 },
	GenesisPool { asset1: Some(&WBTC), asset2: &USDT, amount1: 50, amount2: 3_000_000 },
	GenesisPool { asset1: Some(&USDC), asset2: &USDT, amount1: 5_000_000, amount2: 5_000_000 },
];

impl GenesisPool {
	/// The first asset as the DEX names it.
	pub fn kind1(&self) -> AssetKind {
		self.asset1.map_or(AssetKind::Native, |a| AssetKind::WithId(a.id))
	}
	/// The second asset as the DEX names it.
	pub fn kind2(&self) -> AssetKind {
		AssetKind::WithId(self.asset2.id)
	}
	/// The first amount in the smallest unit.
	pub fn raw_amount1(&self) -> Balance {
		self.amount1 * self.asset1.map_or(UNIT, |a| a.unit())
	}
	/// The second amount in the smallest unit.
	pub fn raw_amount2(&self) -> Balance {
		self.amount2 * self.asset2.unit()
	}
}

/// How long an oracle price stays fresh without new feeds: 10 minutes.
pub const ORACLE_MAX_AGE_MS: u64 = 10 * 60 * 1000;
/// The oracle's circuit breaker for volatile assets (LEV, WETH, WBTC): 20% per update.
pub const ORACLE_MAX_DEVIATION_VOLATILE: Permill = Permill::from_percent(20);
/// The oracle's circuit breaker for stablecoins (USDT, USDC): 5% per update.
pub const ORACLE_MAX_DEVIATION_STABLE: Permill = Permill::from_percent(5);

/// The oracle's genesis assets with their reference prices (USD per whole token), matching the
/// genesis DEX pools. Reference prices read as stale until feeders feed.
pub fn oracle_assets() -> Vec<(AssetKind, AssetConfig, Price)> {
	let volatile =
		AssetConfig { max_age: ORACLE_MAX_AGE_MS, max_deviation: ORACLE_MAX_DEVIATION_VOLATILE };
	let stable =
		AssetConfig { max_age: ORACLE_MAX_AGE_MS, max_deviation: ORACLE_MAX_DEVIATION_STABLE };
	vec![
		(AssetKind::Native, volatile, FixedU128::from_u32(2)),
		(AssetKind::WithId(USDT.id), stable, FixedU128::from_u32(1)),
		(AssetKind::WithId(USDC.id), stable, FixedU128::from_u32(1)),
		(AssetKind::WithId(WETH.id), volatile, FixedU128::from_u32(3_000)),
		(AssetKind::WithId(WBTC.id), volatile, FixedU128::from_u32(60_000)),
	]
}

/// A yearly rate of `percent`%, for rate models.
fn yearly(percent: u32) -> FixedU128 {
	FixedU128::from_rational(percent.into(), 100)
}

/// The money market's genesis markets. Stablecoins lend at up to 80% of their value, WETH 75%,
/// WBTC 70%, LEV 50%; rate models in the style of Aave v3's for each kind of asset.
pub fn lending_markets() -> Vec<(AssetKind, MarketConfig)> {
	let pct = Permill::from_percent;
	let market =
		|ltv, threshold, bonus, reserve, supply_cap, borrow_cap, min_borrow, model| MarketConfig {
			collateral_factor: pct(ltv),
			liquidation_threshold: pct(threshold),
			liquidation_bonus: Permill::from_parts(bonus),
			protocol_liquidation_share: pct(10),
			reserve_factor: pct(reserve),
			close_factor: pct(50),
			supply_cap,
			borrow_cap,
			flash_loan_fee: Permill::from_parts(900),
			min_borrow,
			rate_model: model,
			paused: PauseFlags::default(),
		};
	let model = |base, slope1, slope2, optimal| RateModel {
		base_rate: yearly(base),
		slope1: yearly(slope1),
		slope2: yearly(slope2),
		optimal_utilization: Permill::from_percent(optimal),
	};
	let stable = |asset: &TestAsset| {
		let unit = asset.unit();
		market(
			80,
			85,
			50_000,
			10,
			50_000_000 * unit,
			40_000_000 * unit,
			10 * unit,
			model(0, 4, 60, 90),
		)
	};
	vec![
		(
			AssetKind::Native,
			market(
				50,
				60,
				100_000,
				20,
				10_000_000 * UNIT,
				5_000_000 * UNIT,
				10 * UNIT,
				model(2, 7, 300, 45),
			),
		),
		(AssetKind::WithId(USDT.id), stable(&USDT)),
		(AssetKind::WithId(USDC.id), stable(&USDC)),
		(
			AssetKind::WithId(WETH.id),
			market(
				75,
				80,
				50_000,
				15,
				10_000 * WETH.unit(),
				8_000 * WETH.unit(),
				WETH.unit() / 200,
				model(0, 3, 80, 80),
			),
		),
		(
			AssetKind::WithId(WBTC.id),
			market(
				70,
				75,
				65_000,
				20,
				500 * WBTC.unit(),
				250 * WBTC.unit(),
				WBTC.unit() / 5_000,
				model(0, 4, 300, 45),
			),
		),
	]
}

/// The oracle's genesis feeders: //Alice, //Bob and //Charlie.
pub fn oracle_feeders() -> Vec<AccountId> {
	use Sr25519Keyring::*;
	[Alice, Bob, Charlie].into_iter().map(|k| k.to_account_id()).collect()
}

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

/// The assets inference models may be paid in from genesis: LEV and USDT. (Root allows others
/// with `Inference::set_payment_asset`.)
pub fn inference_payment_assets() -> Vec<AssetKind> {
	vec![AssetKind::Native, AssetKind::WithId(USDT.id)]
}

/// A genesis for the given validators, sudo key and endowed accounts.
fn lever_genesis(
	authorities: Vec<(AuraId, GrandpaId)>,
	endowed: Vec<AccountId>,
	root: AccountId,
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

	let assets = TEST_ASSETS.iter().map(|a| (a.id, lp.clone(), true, a.min_balance)).collect();
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

	let (oracle_configs, oracle_prices): (Vec<_>, Vec<_>) = oracle_assets()
		.into_iter()
		.map(|(asset, config, price)| ((asset.clone(), config), (asset, price)))
		.unzip();

	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig { balances },
		aura: AuraConfig {
			authorities: authorities.iter().map(|x| x.0.clone()).collect::<Vec<_>>()
		},
		grandpa: GrandpaConfig {
			authorities: authorities.iter().map(|x| (x.1.clone(), 1)).collect::<Vec<_>>()
		},
		sudo: SudoConfig { key: Some(root) },
		assets: AssetsConfig { assets, metadata, accounts, next_asset_id: Some(100) },
		asset_conversion: AssetConversionConfig { pools },
		oracle: OracleConfig {
			feeders: oracle_feeders(),
			assets: oracle_configs,
			prices: oracle_prices
		},
		lending: LendingConfig { markets: lending_markets() },
		inference: InferenceConfig { payment_assets: inference_payment_assets() },
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

/// The `development` preset: Alice alone validates and is sudo.
pub fn development_config_genesis() -> Value {
	lever_genesis(
		vec![authority(Sr25519Keyring::Alice)],
		dev_accounts(),
		Sr25519Keyring::Alice.to_account_id(),
	)
}

/// The `local_testnet` preset: Alice and Bob validate; Alice is sudo.
pub fn local_config_genesis() -> Value {
	lever_genesis(
		vec![authority(Sr25519Keyring::Alice), authority(Sr25519Keyring::Bob)],
		dev_accounts(),
		Sr25519Keyring::Alice.to_account_id(),
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
