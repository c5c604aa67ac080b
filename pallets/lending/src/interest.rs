//! Interest: the kinked rate model, per-second compounding through the borrow index, and the
//! conversions between amounts, shares and scaled debt — each rounded in the pool's favour.
//!
//! Pure arithmetic over [`MarketState`]: no storage, so the same code accrues a market that is
//! written back and one that is only read.

use crate::types::{Balance, MarketConfig, MarketState, Moment, RateModel};
use lever_primitives::Rounding;
use sp_runtime::{
	traits::{Bounded, CheckedAdd, CheckedDiv, One, Saturating, Zero},
	ArithmeticError, FixedPointNumber, FixedU128,
};

/// Seconds in a (365-day) year: rates are yearly, interest compounds every second.
pub const SECONDS_PER_YEAR: u64 = 365 * 24 * 60 * 60;

/// The largest yearly rate a model may reach (base + slope1 + slope2): 1000%.
pub const MAX_RATE: FixedU128 = FixedU128::from_u32(10);

/// The largest borrow index: debts may grow a billion-fold over a market's life. At 1000% a
/// year a fully used market reaches it in about two years; from then on its interest stops
/// compounding (the index stays), and everything else works on. Accrual is total: it never
/// fails, whatever the time elapsed.
pub const MAX_BORROW_INDEX: FixedU128 = FixedU128::from_u32(1_000_000_000);

/// The most a market's borrows may grow to through interest: a quarter of `u128`, so that cash,
/// borrows and reserves always add up without overflow.
pub const MAX_TOTAL_BORROWS: Balance = u128::MAX / 4;

/// A supply generation whose shares are backed by less than one unit per this many shares
/// (bad debt ate the market) is void: the next supply opens a new generation
/// ([`MarketState::void_shares`]). No holder of such shares loses more than a billionth of a
/// unit per share.
pub const WIPED_OUT_SHARES_PER_UNIT: Balance = 1_000_000_000;

pub use lever_primitives::mul_div;

/// `amount × fixed`, rounded as asked.
pub fn mul_fixed(amount: u128, fixed: FixedU128, rounding: Rounding) -> Option<u128> {
	mul_div(amount, fixed.into_inner(), FixedU128::DIV, rounding)
}

/// `amount / fixed`, rounded as asked.
pub fn div_fixed(amount: u128, fixed: FixedU128, rounding: Rounding) -> Option<u128> {
	mul_div(amount, FixedU128::DIV, fixed.into_inner(), rounding)
}

/// Fixed-point product, rounded as asked.
pub fn fixed_mul(a: FixedU128, b: FixedU128, rounding: Rounding) -> Option<FixedU128> {
	mul_fixed(a.into_inner(), b, rounding).map(FixedU128::from_inner)
}

/// `borrows / (cash + borrows − reserves)`, at most 1; zero for an empty market.
pub fn utilization(cash: Balance, borrows: Balance, reserves: Balance) -> FixedU128 {
	let supplied = cash.saturating_add(borrows).saturating_sub(reserves);
	if borrows == 0 || supplied == 0 {
		return FixedU128::zero();
	}
	FixedU128::checked_from_rational(borrows, supplied)
		.unwrap_or(FixedU128::one())
		.min(FixedU128::one())
}

impl RateModel {
	/// The yearly borrow rate at `utilization` (0..=1).
	pub fn borrow_rate(&self, utilization: FixedU128) -> FixedU128 {
		let optimal = FixedU128::from(self.optimal_utilization);
		if utilization <= optimal {
			let ramp = utilization.checked_div(&optimal).unwrap_or_default();
			self.base_rate.saturating_add(self.slope1.saturating_mul(ramp))
		} else {
			let above = utilization.saturating_sub(optimal);
			let span = FixedU128::one().saturating_sub(optimal);
			let ramp = above.checked_div(&span).unwrap_or(FixedU128::one());
			self.base_rate
				.saturating_add(self.slope1)
				.saturating_add(self.slope2.saturating_mul(ramp))
		}
	}

	/// The highest rate the model can reach (at full utilization).
	pub fn max_rate(&self) -> FixedU128 {
		self.base_rate.saturating_add(self.slope1).saturating_add(self.slope2)
	}
}

/// The yearly supply rate: `borrow_rate × U × (1 − reserve_factor)`.
pub fn supply_rate(
	borrow_rate: FixedU128,
	utilization: FixedU128,
	reserve_factor: sp_runtime::Permill,
) -> FixedU128 {
	let kept = FixedU128::one().saturating_sub(FixedU128::from(reserve_factor));
	borrow_rate.saturating_mul(utilization).saturating_mul(kept)
}

/// `(1 + rate / SECONDS_PER_YEAR) ^ seconds`: a yearly rate compounded every second. The
/// per-second rate is rounded up (debt grows no slower than the rate says).
pub fn growth_factor(yearly_rate: FixedU128, seconds: u64) -> Option<FixedU128> {
	let per_second = yearly_rate.into_inner().div_ceil(u128::from(SECONDS_PER_YEAR));
	let mut base = FixedU128::one().checked_add(&FixedU128::from_inner(per_second))?;
	let mut result = FixedU128::one();
	let mut exponent = seconds;
	while exponent > 0 {
		if exponent & 1 == 1 {
			result = fixed_mul(result, base, Rounding::Up)?;
		}
		exponent >>= 1;
		if exponent > 0 {
			base = fixed_mul(base, base, Rounding::Up)?;
		}
	}
	Some(result)
}

impl MarketState {
	/// A new, empty market's state at chain time `now`.
	pub fn new(now: Moment) -> Self {
		Self {
			cash: 0,
			total_shares: 0,
			locked_shares: 0,
			total_scaled_debt: 0,
			reserves: 0,
			borrow_index: FixedU128::one(),
			last_accrued: now,
			flash_loan_active: false,
			generation: 0,
		}
	}

	/// Σ debt at the current index, rounded down (what suppliers count on).
	pub fn total_borrows(&self) -> Result<Balance, ArithmeticError> {
		mul_fixed(self.total_scaled_debt, self.borrow_index, Rounding::Down)
			.ok_or(ArithmeticError::Overflow)
	}

	/// Underlying owed to suppliers: cash + borrows − reserves (zero if reserves exceed it),
	/// borrows rounded down.
	pub fn total_supply(&self) -> Result<Balance, ArithmeticError> {
		self.total_supply_rounded(Rounding::Down)
	}

	/// Underlying owed to suppliers with borrows rounded as asked: down to value shares being
	/// redeemed, up to price shares being minted, so that neither side can take the fraction of
	/// a unit that the rounded-down total leaves unrecognised.
	fn total_supply_rounded(&self, rounding: Rounding) -> Result<Balance, ArithmeticError> {
		let borrows = mul_fixed(self.total_scaled_debt, self.borrow_index, rounding)
			.ok_or(ArithmeticError::Overflow)?;
		Ok(self
			.cash
			.checked_add(borrows)
			.ok_or(ArithmeticError::Overflow)?
			.saturating_sub(self.reserves))
	}

	/// Borrows / (cash + borrows − reserves).
	pub fn utilization(&self) -> Result<FixedU128, ArithmeticError> {
		Ok(utilization(self.cash, self.total_borrows()?, self.reserves))
	}

	/// The debt of `scaled_debt`, rounded up.
	pub fn debt_of(&self, scaled_debt: Balance) -> Result<Balance, ArithmeticError> {
		mul_fixed(scaled_debt, self.borrow_index, Rounding::Up).ok_or(ArithmeticError::Overflow)
	}

	/// The scaled debt that `amount` of debt is, rounded as asked (up when borrowing, down when
	/// repaying).
	pub fn scaled_of(
		&self,
		amount: Balance,
		rounding: Rounding,
	) -> Result<Balance, ArithmeticError> {
		div_fixed(amount, self.borrow_index, rounding).ok_or(ArithmeticError::Overflow)
	}

	/// The underlying `shares` redeem for, rounded down.
	pub fn underlying_of(&self, shares: Balance) -> Result<Balance, ArithmeticError> {
		if self.total_shares == 0 {
			return Ok(0);
		}
		mul_div(shares, self.total_supply()?, self.total_shares, Rounding::Down)
			.ok_or(ArithmeticError::Overflow)
	}

	/// The shares `amount` of underlying is worth, rounded as asked: down when minting (priced
	/// with borrows rounded up), up when burning (priced with borrows rounded down). With no
	/// shares yet, one share per unit.
	pub fn shares_of(
		&self,
		amount: Balance,
		rounding: Rounding,
	) -> Result<Balance, ArithmeticError> {
		if self.total_shares == 0 {
			return Ok(amount);
		}
		let supply = self.total_supply_rounded(match rounding {
			Rounding::Down => Rounding::Up,
			_ => Rounding::Down,
		})?;
		if supply == 0 {
			// Shares exist but back nothing (bad debt ate the market): no price for new shares.
			return Err(ArithmeticError::DivisionByZero);
		}
		mul_div(amount, self.total_shares, supply, rounding).ok_or(ArithmeticError::Overflow)
	}

	/// Whether bad debt left the shares backed by less than one unit per
	/// [`WIPED_OUT_SHARES_PER_UNIT`] shares, so that they must be voided before new supply can
	/// be priced.
	pub fn is_wiped_out(&self) -> Result<bool, ArithmeticError> {
		if self.total_shares == 0 {
			return Ok(false);
		}
		let supply = self.total_supply()?;
		Ok(supply.saturating_mul(WIPED_OUT_SHARES_PER_UNIT) < self.total_shares)
	}

	/// Underlying per share, for clients.
	pub fn exchange_rate(&self) -> FixedU128 {
		if self.total_shares == 0 {
			return FixedU128::one();
		}
		self.total_supply()
			.ok()
			.and_then(|supply| FixedU128::checked_from_rational(supply, self.total_shares))
			.unwrap_or_default()
	}

	/// The highest the borrow index may go with the market's current debt: at most
	/// [`MAX_BORROW_INDEX`], and low enough that the total borrows stay within
	/// [`MAX_TOTAL_BORROWS`].
	pub fn index_ceiling(&self) -> FixedU128 {
		if self.total_scaled_debt == 0 {
			return MAX_BORROW_INDEX;
		}
		FixedU128::checked_from_rational(MAX_TOTAL_BORROWS, self.total_scaled_debt)
			.unwrap_or(MAX_BORROW_INDEX)
			.min(MAX_BORROW_INDEX)
	}

	/// Accrues interest to `now`, in whole seconds: grows the borrow index by the rate at the
	/// current utilization compounded per second, and moves `reserve_factor` of the interest to
	/// reserves (rounded down). O(1): borrowers' debts follow the index.
	///
	/// Total: the growth saturates at [`MarketState::index_ceiling`] (the index never
	/// decreases), so a market idle for any time at any allowed rate accrues without error.
	pub fn accrue(&mut self, config: &MarketConfig, now: Moment) -> Result<(), ArithmeticError> {
		let seconds = now.saturating_sub(self.last_accrued) / 1_000;
		if seconds == 0 {
			return Ok(());
		}
		self.last_accrued = self.last_accrued.saturating_add(seconds.saturating_mul(1_000));
		if self.total_scaled_debt == 0 {
			return Ok(());
		}
		let borrows_before = self.total_borrows()?;
		let rate = config.rate_model.borrow_rate(self.utilization()?);
		// Growth beyond what 128 bits hold is beyond the ceiling too: saturate.
		let grown = growth_factor(rate, seconds)
			.and_then(|factor| fixed_mul(self.borrow_index, factor, Rounding::Up))
			.unwrap_or(FixedU128::max_value());
		self.borrow_index = grown.min(self.index_ceiling()).max(self.borrow_index);
		let interest = self.total_borrows()?.saturating_sub(borrows_before);
		self.reserves = self
			.reserves
			.checked_add(config.reserve_factor.mul_floor(interest))
			.ok_or(ArithmeticError::Overflow)?;
		Ok(())
	}
}
