//! What the money market needs from the runtime beyond its `Config` types.

/// What the benchmarks need from the runtime: markets' assets with decimals and prices.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AssetKind> {
	/// The `i`-th of `MaxMarkets` distinct assets, made to exist with 12 decimals.
	fn asset(i: u32) -> AssetKind;
	/// Gives `asset` a fresh oracle price of `price` USD per whole token.
	fn set_price(asset: &AssetKind, price: sp_runtime::FixedU128);
	/// Moves chain time forward by `millis`.
	fn advance_time(millis: u64);
	/// Opens a DEX pool of `asset` (a benchmark asset, 12 decimals) against the DEX hub with
	/// `asset_tokens` and `hub_tokens` whole tokens: a price of `hub_tokens / asset_tokens`
	/// hub tokens (dollars) per `asset` token.
	fn create_hub_pool(asset: &AssetKind, asset_tokens: u128, hub_tokens: u128);
	/// Opens a DEX pool of two benchmark assets (12 decimals each) with `a_tokens` and
	/// `b_tokens` whole tokens.
	fn create_pool(a: &AssetKind, b: &AssetKind, a_tokens: u128, b_tokens: u128);
}
