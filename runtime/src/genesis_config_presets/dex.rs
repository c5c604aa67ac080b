//! The DEX pools seeded at genesis (`pallet-asset-conversion`), at realistic prices.

use super::assets::{TestAsset, USDC, USDT, WBTC, WETH};
use crate::{AssetKind, Balance, UNIT};

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
