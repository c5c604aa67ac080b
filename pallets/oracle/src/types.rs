//! The oracle's types: prices, feeds, per-asset configuration, and what consumers and clients
//! read.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::fmt::Debug;
use frame_support::{
	traits::Get, BoundedBTreeMap, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound,
};
use scale_info::TypeInfo;
use sp_runtime::{FixedU128, Permill};

/// A price: the USD value of one whole token (not of its smallest unit), as a fixed-point
/// number with 18 decimals. `FixedU128::from_rational(3_000, 1)` is $3,000 per token.
pub type Price = FixedU128;

pub use lever_primitives::{Moment, Rounding};

/// One feeder's latest price for one asset.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct Feed {
	/// The price the feeder reported.
	pub price: Price,
	/// Chain time of the block the feed landed in.
	pub at: Moment,
}

/// The last combined price the oracle accepted for an asset.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct CombinedPrice {
	/// The median of the fresh feeds.
	pub price: Price,
	/// Chain time of the `MinFeeders`-th newest feed behind the median: the price is fresh
	/// exactly while `MinFeeders` of its feeds are. Age and staleness count from here.
	pub at: Moment,
	/// How many fresh feeds the median was taken over.
	pub feeders: u32,
}

/// Per-asset configuration, set by the admin origin.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
	serde::Serialize,
	serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct AssetConfig {
	/// A feed, and the combined price, older than this many milliseconds is stale.
	pub max_age: Moment,
	/// The circuit breaker: a new median further than this from the last accepted price
	/// freezes the asset instead of being accepted.
	pub max_deviation: Permill,
}

/// Everything the oracle keeps about one asset, in one storage item so that a feed reads and
/// writes it once.
#[derive(
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxFeeders))]
#[codec(mel_bound(AccountId: MaxEncodedLen))]
pub struct AssetState<AccountId: Ord + Clone + PartialEq + Eq + Debug, MaxFeeders: Get<u32>> {
	/// The asset's configuration.
	pub config: AssetConfig,
	/// Each feeder's latest feed for the asset.
	pub feeds: BoundedBTreeMap<AccountId, Feed, MaxFeeders>,
	/// The last combined price the oracle accepted (or the genesis reference price).
	pub price: Option<CombinedPrice>,
	/// While the circuit breaker is tripped: the median it held back.
	pub frozen: Option<Price>,
	/// Whether the admin origin locked the price.
	pub locked: bool,
}

impl<AccountId: Ord + Clone + PartialEq + Eq + Debug, MaxFeeders: Get<u32>>
	AssetState<AccountId, MaxFeeders>
{
	/// A newly configured asset: no feeds, no price.
	pub fn new(config: AssetConfig) -> Self {
		Self { config, feeds: BoundedBTreeMap::new(), price: None, frozen: None, locked: false }
	}
}

/// Why the oracle will not give a price. Consumers get this instead of a stale fallback.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum PriceError {
	/// The asset has no accepted price (never fed enough, or not configured).
	NoPrice,
	/// The last accepted price is older than the asset's `max_age`.
	Stale,
	/// The circuit breaker tripped: a new median jumped beyond `max_deviation` and waits for
	/// the admin origin to review it.
	Frozen,
	/// The admin origin locked the asset's price (emergency stop).
	Locked,
	/// The asset's decimals are unknown (no metadata), so amounts cannot be valued.
	UnknownDecimals,
	/// A value computation overflowed.
	Overflow,
}

/// A price a consumer may use: fresh, not frozen, not locked.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct ValidPrice {
	/// USD per whole token.
	pub price: Price,
	/// Chain time the price dates from (see [`CombinedPrice::at`]).
	pub at: Moment,
}

/// An asset's price as a client sees it: whatever state it is in.
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub enum PriceStatus {
	/// Fresh and usable.
	Fresh,
	/// No accepted price yet.
	NoPrice,
	/// Older than the asset's `max_age`.
	Stale,
	/// The circuit breaker tripped.
	Frozen,
	/// Locked by the admin origin.
	Locked,
	/// The asset is not configured in the oracle.
	NotConfigured,
}

/// An asset's oracle state for clients (runtime API `OracleApi`).
#[derive(
	Clone,
	Copy,
	Encode,
	Decode,
	DecodeWithMemTracking,
	PartialEq,
	Eq,
	Debug,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct PriceInfo {
	/// The last accepted price, if any (whatever its status).
	pub price: Option<Price>,
	/// Chain time the last accepted price dates from.
	pub at: Option<Moment>,
	/// Milliseconds since `at`, at the current block's time.
	pub age: Option<Moment>,
	/// Whether consumers get the price, and if not, why.
	pub status: PriceStatus,
	/// Feeders whose feed for this asset is fresh now.
	pub fresh_feeders: u32,
	/// The median the circuit breaker held back, when frozen.
	pub held_back: Option<Price>,
}
