//! The oracle at genesis: its feeders, and each asset's configuration and reference price.

use super::assets::{USDC, USDT, WBTC, WETH};
use crate::{AccountId, AssetKind};
use alloc::{vec, vec::Vec};
use pallet_lever_oracle::{AssetConfig, Price};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{FixedU128, Permill};

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

/// The oracle's genesis feeders: //Alice, //Bob and //Charlie.
pub fn oracle_feeders() -> Vec<AccountId> {
	use Sr25519Keyring::*;
	[Alice, Bob, Charlie].into_iter().map(|k| k.to_account_id()).collect()
}
