//! Benchmarks of the job market's calls (frame-benchmarking v2).

/// What the benchmarks need from the runtime: a payment asset accounts can be funded in.
pub trait BenchmarkHelper<AssetKind> {
	/// An asset jobs can be paid in.
	fn payment_asset() -> AssetKind;
}
