//! What the pallet needs from the runtime beyond its `Config` types.

/// What the benchmarks need from the runtime: an asset jobs can be paid in.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AssetKind> {
	/// An existing asset accounts can be minted.
	fn payment_asset() -> AssetKind;
}
