//! The rate model's vectors and per-second compounding.

use crate::{interest::*, mock::*};
use sp_runtime::{
	traits::{One, Zero},
	FixedU128, Permill,
};

fn pct(numerator: u128, denominator: u128) -> FixedU128 {
	FixedU128::from_rational(numerator, denominator)
}

#[test]
fn kinked_model_matches_the_vectors() {
	let model = rate_model();
	let close = |a: FixedU128, b: FixedU128| a.into_inner().abs_diff(b.into_inner()) <= 10;
	assert!(close(model.borrow_rate(pct(50, 100)), pct(4 * 5, 9 * 100)), "U=0.5 → 2.2222…%");
	assert_eq!(model.borrow_rate(pct(90, 100)), pct(4, 100));
	assert_eq!(model.borrow_rate(pct(95, 100)), pct(34, 100));
	assert_eq!(model.borrow_rate(FixedU128::one()), pct(64, 100));
	assert_eq!(model.borrow_rate(FixedU128::zero()), FixedU128::zero());
	let supply =
		supply_rate(model.borrow_rate(pct(50, 100)), pct(50, 100), Permill::from_percent(10));
	assert!(close(supply, pct(1, 100)), "supply rate at U=0.5, reserve factor 10%: {supply:?}");
}

#[test]
fn ten_percent_compounded_per_second_for_a_year() {
	let factor = growth_factor(pct(10, 100), SECONDS_PER_YEAR).unwrap();
	let expected = 1.105_170_918_f64;
	let got = factor.into_inner() as f64 / 1e18;
	assert!((got - expected).abs() < 1e-8, "×{got}");
}
