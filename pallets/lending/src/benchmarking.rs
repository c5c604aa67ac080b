//! Benchmarks of the money market's calls, each at its worst case (frame-benchmarking v2).

use sp_runtime::FixedU128;

/// What the benchmarks need from the runtime: markets' assets with decimals and prices.
pub trait BenchmarkHelper<AssetKind> {
	/// The `i`-th of `MaxMarkets` distinct assets, made to exist with known decimals.
	fn asset(i: u32) -> AssetKind;
	/// Gives `asset` a fresh oracle price of `price` USD per whole token.
	fn set_price(asset: &AssetKind, price: FixedU128);
}
