//! The money market's types: a market's configuration and state, an account's positions, and
//! what clients read.

use codec::{Decode, DecodeWithMemTracking, Encode};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};
use sp_runtime::{FixedU128, Permill};

pub use lever_primitives::{Balance, Moment};

/// A USD value with 18 decimals (the oracle's unit).
pub type Value = FixedU128;

/// An amount in a call that can also mean "everything": withdraw all, repay all, liquidate the
/// most allowed.
#[derive(Clone, Copy, Encode, Decode, DecodeWithMemTracking, PartialEq, Eq, Debug, TypeInfo)]
pub enum Amount {
	/// All of it: the whole supply, the whole debt, or the most a liquidation may repay.
	All,
	/// Exactly this many smallest units.
	Exact(Balance),
}

/// The kinked interest rate model. Rates are yearly (`FixedU128`, 0.04 = 4% a year).
///
/// Below the optimal utilization `U*` the borrow rate is `base + slope1 · U / U*`; above it,
/// `base + slope1 + slope2 · (U − U*) / (1 − U*)`.
#[frame_support::stored]
#[derive(Copy, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RateModel {
	/// Borrow rate at zero utilization.
	pub base_rate: FixedU128,
	/// What the rate gains from zero to optimal utilization.
	pub slope1: FixedU128,
	/// What the rate gains from optimal to full utilization.
	pub slope2: FixedU128,
	/// The kink `U*`: strictly between 0% and 100%.
	pub optimal_utilization: Permill,
}

/// Which of a market's operations are paused. Repaying and supplying collateral top-ups are
/// never paused by `borrow`/`liquidation`; each switch stops only what it names.
#[frame_support::stored]
#[derive(Copy, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PauseFlags {
	/// `supply` is refused.
	pub supply: bool,
	/// `borrow` is refused.
	pub borrow: bool,
	/// `liquidate` is refused when this market is the debt or the collateral.
	pub liquidation: bool,
	/// `flash_loan` is refused.
	pub flash_loan: bool,
}

/// A market's risk parameters, set by the market origin.
#[frame_support::stored]
#[derive(Copy, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MarketConfig {
	/// Loan-to-value: the share of the collateral's value that may be borrowed against. Zero
	/// means the asset cannot be collateral.
	pub collateral_factor: Permill,
	/// The share of the collateral's value at which the account becomes liquidatable; above
	/// `collateral_factor`.
	pub liquidation_threshold: Permill,
	/// What a liquidator receives on top of the value repaid, as a share of it.
	pub liquidation_bonus: Permill,
	/// The protocol's share of the liquidation bonus (added to this market's reserves).
	pub protocol_liquidation_share: Permill,
	/// The share of borrowers' interest kept as reserves; below 100%.
	pub reserve_factor: Permill,
	/// The largest share of a debt one liquidation may repay (when the account is not deeply
	/// unhealthy and the rest would not be dust).
	pub close_factor: Permill,
	/// Most underlying the market may hold for suppliers (cash + borrows − reserves).
	pub supply_cap: Balance,
	/// Most the market may lend out in total.
	pub borrow_cap: Balance,
	/// Fee of a flash loan, as a share of the amount (rounded up), added to reserves.
	pub flash_loan_fee: Permill,
	/// The smallest borrow, and the smallest debt a liquidation may leave behind.
	pub min_borrow: Balance,
	/// How the borrow rate follows utilization.
	pub rate_model: RateModel,
	/// Paused operations.
	pub paused: PauseFlags,
	/// The most a DEX trade the pallet makes with this asset (one-call leverage, deleverage,
	/// collateral swaps, liquidations through the DEX) may be off the oracle's price, either
	/// way: a pool pushed further than that is refused. At most 50%.
	pub max_slippage: Permill,
}

/// A market's balances. Cash is tracked here, never read from the pallet account's balance,
/// so donations to that account cannot move the exchange rate.
#[frame_support::stored]
#[derive(Copy)]
pub struct MarketState {
	/// Underlying held by the pool (supplied, repaid, not lent out).
	pub cash: Balance,
	/// Supply shares in existence, including the locked ones.
	pub total_shares: Balance,
	/// Shares minted at the first supply that belong to no account and can never be redeemed.
	pub locked_shares: Balance,
	/// Σ of accounts' scaled debts: debt divided by the borrow index when it was taken.
	pub total_scaled_debt: Balance,
	/// Underlying that belongs to the protocol, not to suppliers.
	pub reserves: Balance,
	/// How much one unit borrowed at creation is owed now; starts at 1 and never decreases.
	pub borrow_index: FixedU128,
	/// Chain time interest has been accrued to (whole seconds after creation).
	pub last_accrued: Moment,
	/// A flash loan of this market's asset is under way (only ever true inside an extrinsic).
	pub flash_loan_active: bool,
	/// The supply generation: starts at 0 and moves on when bad debt leaves the shares backing
	/// (almost) nothing, which voids them (see [`MarketState::void_shares`]).
	pub generation: u32,
}

/// A market: its parameters and its balances.
#[frame_support::stored]
#[derive(Copy)]
pub struct Market {
	/// Risk parameters.
	pub config: MarketConfig,
	/// Balances.
	pub state: MarketState,
}

/// A period of liquidation-threshold cuts of one market (see `Config::ThresholdCutPeriod`): it
/// lasts until a full period has passed without a cut.
#[frame_support::stored]
#[derive(Copy)]
pub struct ThresholdCutWindow {
	/// When the latest cut was made; the period ends `ThresholdCutPeriod` after it.
	pub last_cut: Moment,
	/// The highest liquidation threshold the market had in the period before its latest cut
	/// (raises included); while the period lasts no update goes more than `MaxThresholdCut`
	/// below it, nor below the threshold in force if that is higher.
	pub peak: Permill,
}

/// An account's position in one market.
#[frame_support::stored]
#[derive(Copy, Default)]
pub struct Position {
	/// Supply shares held.
	pub shares: Balance,
	/// Debt divided by the borrow index (the debt is this times the current index, rounded up).
	pub scaled_debt: Balance,
	/// Whether the supply counts as collateral.
	pub collateral: bool,
	/// The market's supply generation the shares belong to; shares of an older one are void.
	pub generation: u32,
}

impl Position {
	/// Neither supply nor debt: the position can be dropped.
	pub fn is_empty(&self) -> bool {
		self.shares == 0 && self.scaled_debt == 0
	}
}

/// An account's values across its markets, at fresh prices.
#[derive(Clone, Copy, Default, Encode, Decode, PartialEq, Eq, Debug, TypeInfo)]
pub struct Liquidity {
	/// Σ value of collateral-enabled supplies.
	pub collateral_value: Value,
	/// Σ collateral value × collateral factor: the most the account may owe after a borrow or
	/// a withdrawal.
	pub borrow_limit: Value,
	/// Σ collateral value × liquidation threshold: below this the account is liquidatable.
	pub liquidation_limit: Value,
	/// Σ value of debts (rounded up).
	pub debt_value: Value,
}

impl Liquidity {
	/// `liquidation_limit / debt_value`; `None` without debt (infinitely healthy).
	pub fn health_factor(&self) -> Option<FixedU128> {
		use sp_runtime::traits::{Bounded, Zero};
		use sp_runtime::FixedPointNumber;
		if self.debt_value.is_zero() {
			return None;
		}
		Some(
			FixedU128::checked_from_rational(
				self.liquidation_limit.into_inner(),
				self.debt_value.into_inner(),
			)
			.unwrap_or(FixedU128::max_value()),
		)
	}
}

/// One of an account's positions as a client sees it, accrued to now.
#[derive(Clone, Encode, Decode, PartialEq, Eq, Debug, TypeInfo)]
pub struct PositionView<AssetKind> {
	/// The market.
	pub asset: AssetKind,
	/// Supply shares held.
	pub shares: Balance,
	/// What those shares redeem for now.
	pub supplied: Balance,
	/// Debt now, interest included.
	pub debt: Balance,
	/// Whether the supply counts as collateral.
	pub collateral: bool,
}

/// An account across the money market, accrued to now (runtime API `LendingApi::account`).
#[derive(Clone, Encode, Decode, PartialEq, Eq, Debug, TypeInfo)]
pub struct AccountView<AssetKind> {
	/// Every market the account is in.
	pub positions: alloc::vec::Vec<PositionView<AssetKind>>,
	/// Values at fresh prices; `None` when a price the account needs is unavailable (stale,
	/// frozen, locked or missing).
	pub liquidity: Option<Liquidity>,
	/// `liquidation_limit / debt_value`; `None` without debt or without prices.
	pub health_factor: Option<FixedU128>,
}

/// A market as a client sees it, accrued to now (runtime API `LendingApi::market`).
#[derive(Clone, Encode, Decode, PartialEq, Eq, Debug, TypeInfo)]
pub struct MarketView {
	/// Risk parameters (caps, pauses and the rate model included).
	pub config: MarketConfig,
	/// Underlying held by the pool.
	pub cash: Balance,
	/// Underlying lent out, interest included.
	pub total_borrows: Balance,
	/// The protocol's share.
	pub reserves: Balance,
	/// Underlying owed to suppliers: cash + borrows − reserves.
	pub total_supply: Balance,
	/// Supply shares in existence.
	pub total_shares: Balance,
	/// Borrows / (cash + borrows − reserves).
	pub utilization: FixedU128,
	/// Yearly borrow rate now.
	pub borrow_rate: FixedU128,
	/// Yearly supply rate now.
	pub supply_rate: FixedU128,
	/// Borrow rate compounded per second over a year.
	pub borrow_apy: FixedU128,
	/// Supply rate compounded per second over a year.
	pub supply_apy: FixedU128,
	/// Underlying one share redeems for.
	pub exchange_rate: FixedU128,
	/// The global borrow index.
	pub borrow_index: FixedU128,
}
