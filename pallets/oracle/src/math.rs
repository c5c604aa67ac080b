//! The oracle's arithmetic: the median, the deviation of a new median, and the conversion
//! between prices of whole tokens and amounts in an asset's smallest unit. This is the one
//! place in the codebase where an asset's decimals are applied to a price.

use crate::types::{Price, Rounding};
use lever_primitives::mul_div;
use sp_runtime::{FixedU128, Permill};

/// The median of `prices` (sorted in place): the middle one for an odd count, the mean of the
/// two middle ones (rounded down) for an even count. `None` for no prices.
pub fn median(prices: &mut [Price]) -> Option<Price> {
	if prices.is_empty() {
		return None;
	}
	prices.sort_unstable();
	let mid = prices.len() / 2;
	if prices.len() % 2 == 1 {
		prices.get(mid).copied()
	} else {
		let (low, high) = (*prices.get(mid - 1)?, *prices.get(mid)?);
		// low + (high - low) / 2 cannot overflow, since low <= high.
		let half = (high.into_inner() - low.into_inner()) / 2;
		Some(FixedU128::from_inner(low.into_inner() + half))
	}
}

/// How far `new` is from `old`, relative to `old`: |new − old| / old, saturating at 100%
/// (and 100% when `old` is zero).
pub fn deviation(old: Price, new: Price) -> Permill {
	let (old, new) = (old.into_inner(), new.into_inner());
	if old == 0 {
		return Permill::one();
	}
	let diff = old.abs_diff(new);
	if diff >= old {
		Permill::one()
	} else {
		Permill::from_rational(diff, old)
	}
}

/// 10^decimals, or `None` when it does not fit 128 bits.
fn one_token(decimals: u8) -> Option<u128> {
	10u128.checked_pow(decimals.into())
}

/// The USD value of `amount` smallest units of a token with `decimals`, priced at `price` per
/// whole token.
pub fn value_of(price: Price, decimals: u8, amount: u128, rounding: Rounding) -> Option<FixedU128> {
	mul_div(price.into_inner(), amount, one_token(decimals)?, rounding).map(FixedU128::from_inner)
}

/// How many smallest units of a token with `decimals`, priced at `price` per whole token, are
/// worth `value` USD. `None` for a zero price.
pub fn amount_for_value(
	price: Price,
	decimals: u8,
	value: FixedU128,
	rounding: Rounding,
) -> Option<u128> {
	mul_div(value.into_inner(), one_token(decimals)?, price.into_inner(), rounding)
}

#[cfg(test)]
mod tests {
	use super::*;

	fn p(n: u128) -> Price {
		FixedU128::from_u32(n as u32)
	}

	#[test]
	fn median_of_odd_and_even_counts() {
		assert_eq!(median(&mut []), None);
		assert_eq!(median(&mut [p(7)]), Some(p(7)));
		assert_eq!(median(&mut [p(3), p(1), p(2)]), Some(p(2)));
		assert_eq!(median(&mut [p(4), p(1), p(3), p(2)]), Some(FixedU128::from_rational(5, 2)));
		// One outlier cannot move the median of three.
		assert_eq!(median(&mut [p(100), p(101), p(1_000_000)]), Some(p(101)));
		assert_eq!(median(&mut [p(100), p(101), p(0)]), Some(p(100)));
	}

	#[test]
	fn even_median_rounds_down_without_overflow() {
		let max = FixedU128::from_inner(u128::MAX);
		let below = FixedU128::from_inner(u128::MAX - 1);
		assert_eq!(median(&mut [max, below]), Some(below));
		let odd = [FixedU128::from_inner(1), FixedU128::from_inner(2)];
		assert_eq!(median(&mut odd.clone()), Some(FixedU128::from_inner(1)));
	}

	#[test]
	fn deviation_is_relative_to_the_old_price() {
		assert_eq!(deviation(p(100), p(110)), Permill::from_percent(10));
		assert_eq!(deviation(p(100), p(90)), Permill::from_percent(10));
		assert_eq!(deviation(p(100), p(100)), Permill::zero());
		assert_eq!(deviation(p(100), p(250)), Permill::one());
		assert_eq!(deviation(FixedU128::from_inner(0), p(1)), Permill::one());
	}

	#[test]
	fn values_use_decimals_and_round_for_the_protocol() {
		// 1.5 WETH (18 decimals) at $3,000 = $4,500.
		let weth = 1_500_000_000_000_000_000u128;
		assert_eq!(value_of(p(3_000), 18, weth, Rounding::Down), Some(p(4_500)));
		// 1 smallest unit of WBTC (8 decimals) at $60,000 = $0.0006 exactly.
		assert_eq!(
			value_of(p(60_000), 8, 1, Rounding::Down),
			Some(FixedU128::from_rational(6, 10_000))
		);
		// 1 wei at $3,000 is 3e-15 USD: representable; a third of a unit rounds.
		let third = FixedU128::from_rational(1, 3);
		assert_eq!(value_of(third, 0, 1, Rounding::Down), Some(third));
		assert_eq!(
			value_of(FixedU128::from_inner(1), 1, 1, Rounding::Down),
			Some(FixedU128::from_inner(0))
		);
		assert_eq!(
			value_of(FixedU128::from_inner(1), 1, 1, Rounding::Up),
			Some(FixedU128::from_inner(1))
		);
		// $4,500 buys 1.5 WETH; $1 of a $3 token rounds down for a payout, up for a charge.
		assert_eq!(amount_for_value(p(3_000), 18, p(4_500), Rounding::Down), Some(weth));
		assert_eq!(amount_for_value(p(3), 0, p(1), Rounding::Down), Some(0));
		assert_eq!(amount_for_value(p(3), 0, p(1), Rounding::Up), Some(1));
		assert_eq!(amount_for_value(FixedU128::from_inner(0), 6, p(1), Rounding::Down), None);
		assert_eq!(value_of(p(1), 39, 1, Rounding::Down), None, "10^39 does not fit");
		assert_eq!(value_of(FixedU128::from_inner(u128::MAX), 0, 2, Rounding::Down), None);
	}

	mod properties {
		use super::*;
		use proptest::prelude::*;

		fn price(inner: u128) -> Price {
			FixedU128::from_inner(inner)
		}

		proptest! {
			/// With at least two honest feeds in [lo, hi], one outlier anywhere leaves the
			/// median in [lo, hi].
			#[test]
			fn one_outlier_cannot_move_the_median(
				honest in proptest::collection::vec(1_000u128..2_000, 2..15),
				outlier in any::<u128>(),
			) {
				let (lo, hi) = (*honest.iter().min().expect("non-empty"), *honest.iter().max().expect("non-empty"));
				let mut feeds: Vec<Price> = honest.iter().map(|p| price(*p)).collect();
				feeds.push(price(outlier));
				let m = median(&mut feeds).expect("non-empty").into_inner();
				prop_assert!(lo <= m && m <= hi, "median {} outside [{}, {}]", m, lo, hi);
			}

			/// The median lies between the smallest and the largest feed, and does not depend on
			/// the order of the feeds.
			#[test]
			fn median_is_bounded_and_order_free(mut feeds in proptest::collection::vec(any::<u128>(), 1..17)) {
				let (lo, hi) = (*feeds.iter().min().expect("non-empty"), *feeds.iter().max().expect("non-empty"));
				let mut a: Vec<Price> = feeds.iter().map(|p| price(*p)).collect();
				feeds.reverse();
				let mut b: Vec<Price> = feeds.iter().map(|p| price(*p)).collect();
				let (ma, mb) = (median(&mut a).expect("non-empty"), median(&mut b).expect("non-empty"));
				prop_assert_eq!(ma, mb);
				prop_assert!(lo <= ma.into_inner() && ma.into_inner() <= hi);
			}

			/// Valuing an amount and converting the value back never gives out more than was
			/// valued (down) and never asks less (up): rounding favours the protocol.
			#[test]
			fn value_round_trips_favour_the_protocol(
				price_inner in 1u128..1_000_000_000_000_000_000_000_000,
				decimals in 0u8..19,
				amount in 0u128..1_000_000_000_000_000_000_000,
			) {
				let p = price(price_inner);
				if let Some(value) = value_of(p, decimals, amount, Rounding::Down) {
					if let Some(back) = amount_for_value(p, decimals, value, Rounding::Down) {
						prop_assert!(back <= amount);
					}
				}
				if let Some(value) = value_of(p, decimals, amount, Rounding::Up) {
					if let Some(back) = amount_for_value(p, decimals, value, Rounding::Up) {
						prop_assert!(back >= amount);
					}
				}
			}
		}
	}
}
