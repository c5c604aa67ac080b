//! The oracle at genesis: its feeders, and each asset's configuration and reference price.

use super::assets::{USDC, USDT, WBTC, WETH};
use crate::{AccountId, AssetKind};
use alloc::{vec, vec::Vec};
use pallet_lever_oracle::{AssetConfig, GenesisAsset, Price};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{traits::Saturating, FixedU128, Permill};

/// How long an oracle price stays fresh without new feeds: 10 minutes.
pub const ORACLE_MAX_AGE_MS: u64 = 10 * 60 * 1000;
/// The oracle's circuit breaker for volatile assets (LEV, WETH, WBTC): 20% per update.
pub const ORACLE_MAX_DEVIATION_VOLATILE: Permill = Permill::from_percent(20);
/// The oracle's circuit breaker for stablecoins (USDT, USDC): 5% per update.
pub const ORACLE_MAX_DEVIATION_STABLE: Permill = Permill::from_percent(5);
/// How long a held-back move must persist, from a quorum of fresh feeds, before the oracle
/// accepts it by itself: 30 minutes.
pub const ORACLE_RECOVERY_MS: u64 = 30 * 60 * 1000;
/// How far a held-back volatile median may wander and still be the same move: 2%.
pub const ORACLE_RECOVERY_TOLERANCE_VOLATILE: Permill = Permill::from_percent(2);
/// How far a held-back stablecoin median may wander and still be the same move: 0.5%.
pub const ORACLE_RECOVERY_TOLERANCE_STABLE: Permill = Permill::from_parts(5_000);

/// An oracle asset of the presets: its reference price and whether it is a stablecoin.
pub struct OracleAsset {
	/// The asset.
	pub asset: AssetKind,
	/// The reference price in whole dollars, matching the genesis DEX pools.
	pub reference: u32,
	/// Whether it is a stablecoin (tighter breaker and recovery tolerance).
	pub stable: bool,
}

impl OracleAsset {
	/// The asset's oracle configuration: sanity bounds three orders of magnitude either side
	/// of the reference price.
	pub fn config(&self) -> AssetConfig {
		let reference = FixedU128::from_u32(self.reference);
		AssetConfig {
			max_age: ORACLE_MAX_AGE_MS,
			max_deviation: if self.stable {
				ORACLE_MAX_DEVIATION_STABLE
			} else {
				ORACLE_MAX_DEVIATION_VOLATILE
			},
			min_price: FixedU128::from_rational(self.reference.into(), 1_000),
			max_price: reference.saturating_mul(FixedU128::from_u32(1_000)),
			recovery_period: ORACLE_RECOVERY_MS,
			recovery_tolerance: if self.stable {
				ORACLE_RECOVERY_TOLERANCE_STABLE
			} else {
				ORACLE_RECOVERY_TOLERANCE_VOLATILE
			},
		}
	}

	/// The asset as the oracle's genesis takes it.
	pub fn genesis(&self) -> GenesisAsset<AssetKind> {
		GenesisAsset {
			asset: self.asset.clone(),
			config: self.config(),
			reference: Price::from_u32(self.reference),
		}
	}
}

/// The oracle's genesis assets, with reference prices matching the genesis DEX pools.
/// Reference prices read as stale until feeders feed.
pub fn oracle_assets() -> Vec<OracleAsset> {
	vec![
		OracleAsset { asset: AssetKind::Native, reference: 2, stable: false },
		OracleAsset { asset: AssetKind::WithId(USDT.id), reference: 1, stable: true },
		OracleAsset { asset: AssetKind::WithId(USDC.id), reference: 1, stable: true },
		OracleAsset { asset: AssetKind::WithId(WETH.id), reference: 3_000, stable: false },
		OracleAsset { asset: AssetKind::WithId(WBTC.id), reference: 60_000, stable: false },
	]
}

/// The oracle's genesis feeders: //Alice, //Bob, //Charlie and //Dave. Four, one more than the
/// quorum of three, so that one quiet feeder keeps prices live.
pub fn oracle_feeders() -> Vec<AccountId> {
	use Sr25519Keyring::*;
	[Alice, Bob, Charlie, Dave].into_iter().map(|k| k.to_account_id()).collect()
}
