//! The market the fuzzer imagines: a USD price per asset that market moves change, which the
//! feeders then report and the DEX pools are pushed towards.

use lever_runtime::AssetKind;
use sp_runtime::{
	traits::{One, Saturating},
	FixedPointNumber, FixedU128,
};

/// The dev chain's reference prices (USD per whole token), as its genesis and pools set them.
const REFERENCE: [(AssetKind, u128, u128); 5] = [
	(AssetKind::Native, 2, 1),
	(AssetKind::WithId(1), 1, 1),
	(AssetKind::WithId(2), 1, 1),
	(AssetKind::WithId(3), 3_000, 1),
	(AssetKind::WithId(4), 60_000, 1),
];

/// USD per whole token of each asset the chain prices.
#[derive(Clone, Debug)]
pub struct Prices(Vec<(AssetKind, FixedU128)>);

impl Default for Prices {
	fn default() -> Self {
		Self(
			REFERENCE
				.iter()
				.map(|(a, n, d)| (a.clone(), FixedU128::saturating_from_rational(*n, *d)))
				.collect(),
		)
	}
}

impl Prices {
	/// The price of `asset` (one dollar for an asset the chain does not price).
	pub fn get(&self, asset: &AssetKind) -> FixedU128 {
		self.0.iter().find(|(a, _)| a == asset).map(|(_, p)| *p).unwrap_or_else(FixedU128::one)
	}

	/// The price of `asset` moved by `ppm` parts per million (negative: down), never below one
	/// millionth of a dollar.
	pub fn moved(&self, asset: &AssetKind, ppm: i32) -> FixedU128 {
		let factor = FixedU128::saturating_from_rational(
			(1_000_000i64 + i64::from(ppm)).max(1) as u128,
			1_000_000u128,
		);
		self.get(asset)
			.saturating_mul(factor)
			.max(FixedU128::saturating_from_rational(1, 1_000_000))
	}

	/// Moves `asset` by `ppm` parts per million.
	pub fn apply(&mut self, asset: &AssetKind, ppm: i32) {
		let new = self.moved(asset, ppm);
		if let Some((_, p)) = self.0.iter_mut().find(|(a, _)| a == asset) {
			*p = new;
		}
	}

	/// The assets priced.
	pub fn assets(&self) -> impl Iterator<Item = &AssetKind> {
		self.0.iter().map(|(a, _)| a)
	}
}
