//! The money market at genesis: one market per dev asset, each written out with named fields.
//! Stablecoins lend at up to 80% of their value, WETH 75%, WBTC 70%, LEV 50%; rate models in the
//! style of Aave v3's for each kind of asset.

use super::assets::{TestAsset, USDC, USDT, WBTC, WETH};
use crate::{AssetKind, Balance, UNIT};
use alloc::{vec, vec::Vec};
use pallet_lever_lending::{MarketConfig, PauseFlags, RateModel};
use sp_runtime::{FixedU128, Permill};

/// A yearly rate of `percent`%, for rate models.
fn yearly(percent: u32) -> FixedU128 {
	FixedU128::from_rational(percent.into(), 100)
}

/// `percent`%.
const fn pct(percent: u32) -> Permill {
	Permill::from_percent(percent)
}

/// What every genesis market shares: 10% of the liquidation bonus to the protocol, a 50% close
/// factor, a 0.09% flash loan fee, nothing paused, DEX trades within 3% of the oracle. The fields each market sets are placeholders
/// here and overwritten by every market below.
fn shared() -> MarketConfig {
	MarketConfig {
		collateral_factor: Permill::zero(),
		liquidation_threshold: Permill::zero(),
		liquidation_bonus: Permill::zero(),
		protocol_liquidation_share: pct(10),
		reserve_factor: Permill::zero(),
		close_factor: pct(50),
		supply_cap: 0,
		borrow_cap: 0,
		flash_loan_fee: Permill::from_parts(900),
		min_borrow: 0,
		rate_model: RateModel {
			base_rate: FixedU128::from_inner(0),
			slope1: FixedU128::from_inner(0),
			slope2: FixedU128::from_inner(0),
			optimal_utilization: pct(50),
		},
		paused: PauseFlags::default(),
		max_slippage: pct(3),
	}
}

/// A stablecoin market: LTV 80%, threshold 85%, bonus 5%, reserve factor 10%, caps of 50M and
/// 40M tokens, 10 tokens' minimum borrow; 0 + 4% up to 90% use, + 60% above.
fn stablecoin(asset: &TestAsset) -> MarketConfig {
	let tokens = |n: Balance| n * asset.unit();
	MarketConfig {
		collateral_factor: pct(80),
		liquidation_threshold: pct(85),
		liquidation_bonus: pct(5),
		reserve_factor: pct(10),
		supply_cap: tokens(50_000_000),
		borrow_cap: tokens(40_000_000),
		min_borrow: tokens(10),
		rate_model: RateModel {
			base_rate: yearly(0),
			slope1: yearly(4),
			slope2: yearly(60),
			optimal_utilization: pct(90),
		},
		..shared()
	}
}

/// The money market's genesis markets.
pub fn lending_markets() -> Vec<(AssetKind, MarketConfig)> {
	let lev = MarketConfig {
		collateral_factor: pct(50),
		liquidation_threshold: pct(60),
		liquidation_bonus: pct(10),
		reserve_factor: pct(20),
		supply_cap: 10_000_000 * UNIT,
		borrow_cap: 5_000_000 * UNIT,
		min_borrow: 10 * UNIT,
		rate_model: RateModel {
			base_rate: yearly(2),
			slope1: yearly(7),
			slope2: yearly(300),
			optimal_utilization: pct(45),
		},
		..shared()
	};
	let weth = MarketConfig {
		collateral_factor: pct(75),
		liquidation_threshold: pct(80),
		liquidation_bonus: pct(5),
		reserve_factor: pct(15),
		supply_cap: 10_000 * WETH.unit(),
		borrow_cap: 8_000 * WETH.unit(),
		min_borrow: WETH.unit() / 200,
		rate_model: RateModel {
			base_rate: yearly(0),
			slope1: yearly(3),
			slope2: yearly(80),
			optimal_utilization: pct(80),
		},
		..shared()
	};
	let wbtc = MarketConfig {
		collateral_factor: pct(70),
		liquidation_threshold: pct(75),
		liquidation_bonus: Permill::from_parts(65_000),
		reserve_factor: pct(20),
		supply_cap: 500 * WBTC.unit(),
		borrow_cap: 250 * WBTC.unit(),
		min_borrow: WBTC.unit() / 5_000,
		rate_model: RateModel {
			base_rate: yearly(0),
			slope1: yearly(4),
			slope2: yearly(300),
			optimal_utilization: pct(45),
		},
		..shared()
	};
	vec![
		(AssetKind::Native, lev),
		(AssetKind::WithId(USDT.id), stablecoin(&USDT)),
		(AssetKind::WithId(USDC.id), stablecoin(&USDC)),
		(AssetKind::WithId(WETH.id), weth),
		(AssetKind::WithId(WBTC.id), wbtc),
	]
}
