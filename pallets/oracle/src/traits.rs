//! What the oracle offers other pallets, and what it needs from the runtime.

use crate::types::{ListingRefusal, PriceError, Rounding, ValidPrice};
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

	/// The USD value of `amount` of `asset` at the last price the oracle holds for it (the last
	/// accepted median, or the admin's reference), whatever its state now; for a frozen asset
	/// the lower of that and the held-back median. A conservative valuation of collateral for
	/// when [`PriceProvider::value_of`] is refused; `NoPrice` for an asset the oracle does not
	/// list.
	fn last_value_of(
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

/// What the oracle asks the runtime when the admin lists (configures) an asset.
///
/// A listed asset is safe only if nobody outside governance can change what the oracle values:
/// the asset's **owner** can change its metadata (decimals, which the oracle snapshots), its
/// **issuer** can mint without limit, its **admin** can burn or force-transfer anyone's balance
/// (a market's pool included) and its **freezer** can freeze the pool's balance. The runtime
/// refuses assets whose roles it does not trust, and assets that are not live.
pub trait AssetListing<AssetKind> {
	/// The asset's decimals (how many smallest units make one whole token), if it may be
	/// listed; otherwise why not.
	fn check_listing(asset: &AssetKind) -> Result<u8, ListingRefusal>;
}

/// What the benchmarks need from the runtime: assets the oracle can price.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AssetKind> {
	/// The `i`-th of `MaxAssets` distinct assets, made to exist with known decimals and to
	/// pass [`AssetListing::check_listing`].
	fn asset(i: u32) -> AssetKind;
}
