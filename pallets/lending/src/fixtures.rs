//! The one market fixture the mock runtime and the benchmarks share: Aave-v3-like parameters
//! for a volatile asset, with caps and minimum borrow chosen by the caller.

use crate::types::{Balance, MarketConfig, PauseFlags, RateModel};
use sp_runtime::{FixedU128, Permill};

/// The kinked model of the vectors: base 0, slope1 4%, slope2 60%, U* 90%.
pub fn rate_model() -> RateModel {
	RateModel {
		base_rate: FixedU128::from_inner(0),
		slope1: FixedU128::from_rational(4, 100),
		slope2: FixedU128::from_rational(60, 100),
		optimal_utilization: Permill::from_percent(90),
	}
}

/// A market with LTV 75%, liquidation threshold 80%, bonus 5% (10% of it to the protocol),
/// reserve factor 10%, close factor 50%, flash loan fee 0.09%, DEX trades within 3% of the
/// oracle and [`rate_model`], with `cap` as both supply and borrow cap.
pub fn market_config(cap: Balance, min_borrow: Balance) -> MarketConfig {
	MarketConfig {
		collateral_factor: Permill::from_percent(75),
		liquidation_threshold: Permill::from_percent(80),
		liquidation_bonus: Permill::from_percent(5),
		protocol_liquidation_share: Permill::from_percent(10),
		reserve_factor: Permill::from_percent(10),
		close_factor: Permill::from_percent(50),
		supply_cap: cap,
		borrow_cap: cap,
		flash_loan_fee: Permill::from_parts(900),
		min_borrow,
		rate_model: rate_model(),
		paused: PauseFlags::default(),
		max_slippage: Permill::from_percent(3),
	}
}
