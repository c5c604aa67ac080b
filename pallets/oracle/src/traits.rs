//! What the oracle offers other pallets, and what it needs from the runtime.

use crate::types::{PriceError, Rounding, ValidPrice};
use sp_runtime::FixedU128;

/// Prices for other pallets (the lending market depends on the oracle only through this).
///
/// Every method fails with a typed [`PriceError`] when the oracle cannot vouch for the price:
/// there is never a stale or frozen fallback.
pub trait PriceProvider<AssetKind> {
	/// Whether the oracle prices `asset` at all (it is configured), whatever the state of its
	/// price now. A market for an asset the oracle does not list could never be valued.
	fn is_listed(asset: &AssetKind) -> bool;

	/// The fresh price of one whole token of `asset`, with the time it dates from.
	fn price(asset: &AssetKind) -> Result<ValidPrice, PriceError>;

	/// The USD value of `amount` of `asset` in its smallest unit, rounded as asked.
	fn value_of(
		asset: &AssetKind,
		amount: u128,
		rounding: Rounding,
	) -> Result<FixedU128, PriceError>;

	/// How much of `asset`, in its smallest unit, is worth `value` USD, rounded as asked.
	fn amount_for_value(
		asset: &AssetKind,
		value: FixedU128,
		rounding: Rounding,
	) -> Result<u128, PriceError>;
}

/// The number of decimals of an asset: how many smallest units make one whole token. The
/// runtime answers from `pallet-assets` metadata (and 12 for LEV).
pub trait AssetDecimals<AssetKind> {
	/// The asset's decimals, or `None` when the asset (or its metadata) does not exist.
	fn decimals(asset: &AssetKind) -> Option<u8>;
}

/// What the benchmarks need from the runtime: assets the oracle can price.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AssetKind> {
	/// The `i`-th of `MaxAssets` distinct assets, made to exist with known decimals.
	fn asset(i: u32) -> AssetKind;
}
