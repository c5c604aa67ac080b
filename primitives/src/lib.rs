//! # Lever primitives
//!
//! The units every Lever crate shares, defined once: the runtime, the oracle, the money market
//! and the inference market all speak of token amounts as [`Balance`] and of chain time as
//! [`Moment`], and round their conversions with one [`Rounding`] through one 256-bit
//! [`mul_div`] (`sp-arithmetic`'s).

#![cfg_attr(not(feature = "std"), no_std)]

/// Token amounts, of LEV or of any asset, in the asset's smallest unit.
pub type Balance = u128;

/// Milliseconds of chain time (`pallet-timestamp`'s `Now`).
pub type Moment = u64;

/// Rounding direction of a conversion. Lever rounds down what an account owns or receives and
/// up what it owes or pays, so that rounding always favours the protocol.
pub use sp_arithmetic::Rounding;

/// `a * b / c` through 256 bits, rounded as asked; `None` on division by zero or when the
/// result does not fit 128 bits.
pub use sp_arithmetic::helpers_128bit::multiply_by_rational_with_rounding as mul_div;

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn mul_div_rounds_as_asked_and_refuses_overflow() {
		assert_eq!(mul_div(7, 2, 3, Rounding::Down), Some(4));
		assert_eq!(mul_div(7, 2, 3, Rounding::Up), Some(5));
		assert_eq!(mul_div(6, 2, 3, Rounding::Up), Some(4));
		assert_eq!(mul_div(u128::MAX, u128::MAX, u128::MAX, Rounding::Down), Some(u128::MAX));
		assert_eq!(mul_div(u128::MAX, 2, 1, Rounding::Down), None);
		assert_eq!(mul_div(1, 1, 0, Rounding::Down), None);
	}
}
