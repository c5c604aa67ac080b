//! The oracle's types: prices, feeds, per-asset configuration and state (stored, through
//! `#[frame_support::stored]`), and what consumers and clients read (plain derives).

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{traits::Get, BoundedBTreeMap};
use scale_info::TypeInfo;
use sp_runtime::{FixedU128, Permill};

/// A price: the USD value of one whole token (not of its smallest unit), as a fixed-point
/// number with 18 decimals. `FixedU128::from_rational(3_000, 1)` is $3,000 per token.
pub type Price = FixedU128;

pub use lever_primitives::{Moment, Rounding};

/// One feeder's latest price for one asset.
#[frame_support::stored]
#[derive(Copy)]
pub struct Feed {
	/// The price the feeder reported.
	pub price: Price,
	/// Chain time of the block the feed landed in.
	pub at: Moment,
}

/// A combined price: the median of a set of feeds that were all fresh together.
#[frame_support::stored]
#[derive(Copy)]
pub struct CombinedPrice {
	/// The median of the fresh feeds.
	pub price: Price,
	/// Chain time of the oldest feed behind the median: the price is fresh exactly while every
	/// feed it was taken over is. Age and staleness count from here.
	pub at: Moment,
	/// How many fresh feeds the median was taken over; 0 for a reference price (set at
	/// configuration, or a price whose feeder was removed), which anchors the circuit breaker
	/// but is never served.
	pub feeders: u32,
}

impl CombinedPrice {
	/// A reference price: it anchors the circuit breaker and is never served.
	pub fn reference(price: Price, at: Moment) -> Self {
		Self { price, at, feeders: 0 }
	}

	/// Whether feeds stand behind the price (it may be served while fresh).
	pub fn is_fed(&self) -> bool {
		self.feeders > 0
	}
}

/// Per-asset configuration, set by the admin origin.
#[frame_support::stored]
#[derive(Copy, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AssetConfig {
	/// A feed, and so a combined price, older than this many milliseconds is stale (> 0).
	pub max_age: Moment,
	/// The circuit breaker: a new median further than this from the last accepted price
	/// freezes the asset instead of being accepted (> 0).
	pub max_deviation: Permill,
	/// Sanity bounds (like Chainlink's min/max answer): a median outside
	/// `[min_price, max_price]` is never accepted, by any path (0 < min ≤ max).
	pub min_price: Price,
	/// See `min_price`.
	pub max_price: Price,
	/// The automatic way out of a freeze: a held-back median that a quorum of fresh feeds keeps
	/// within `recovery_tolerance` of itself for this many milliseconds is accepted (> 0).
	pub recovery_period: Moment,
	/// How far the held-back median may wander and still count as the same move, for the
	/// automatic recovery and for `unfreeze_price`'s reviewed price.
	pub recovery_tolerance: Permill,
}

impl AssetConfig {
	/// Whether every bound holds: a positive age, breaker and recovery period, and
	/// `0 < min_price <= max_price`.
	pub fn is_valid(&self) -> bool {
		use sp_runtime::traits::Zero;
		self.max_age > 0
			&& !self.max_deviation.is_zero()
			&& self.recovery_period > 0
			&& !self.min_price.is_zero()
			&& self.min_price <= self.max_price
	}
}

/// While the circuit breaker holds an asset: what it holds back and since when that move has
/// persisted.
#[frame_support::stored]
#[derive(Copy)]
pub struct Freeze {
	/// The latest median from a quorum of fresh feeds that the breaker held back.
	pub held_back: Price,
	/// The median the current persistence window compares with (the first of the window).
	pub anchor: Price,
	/// Chain time the current persistence window began. It restarts when a median leaves
	/// `recovery_tolerance` of the anchor or a feed finds too few fresh feeds.
	pub since: Moment,
}

/// Everything the oracle keeps about one asset, in one storage item so that a feed reads and
/// writes it once.
#[frame_support::stored]
pub struct AssetState<AccountId, MaxFeeders: Get<u32>> {
	/// The asset's configuration.
	pub config: AssetConfig,
	/// The asset's decimals, read when the admin configured it: values never follow later
	/// metadata changes by the asset's owner. Re-configuring reads them again.
	pub decimals: u8,
	/// Each feeder's latest feed for the asset.
	pub feeds: BoundedBTreeMap<AccountId, Feed, MaxFeeders>,
	/// The last accepted price, or a reference price (see [`CombinedPrice::feeders`]).
	pub price: Option<CombinedPrice>,
	/// While the circuit breaker is tripped: what it holds back.
	pub frozen: Option<Freeze>,
	/// Whether the admin origin locked the price.
	pub locked: bool,
}

impl<AccountId: Ord, MaxFeeders: Get<u32>> AssetState<AccountId, MaxFeeders> {
	/// A newly configured asset: no feeds, `reference` as the breaker's anchor.
	pub fn new(config: AssetConfig, decimals: u8, reference: CombinedPrice) -> Self {
		Self {
			config,
			decimals,
			feeds: BoundedBTreeMap::new(),
			price: Some(reference),
			frozen: None,
			locked: false,
		}
	}

	/// The feeds that are fresh at `now`.
	pub fn fresh_feeds(&self, now: Moment) -> impl Iterator<Item = &Feed> {
		let max_age = self.config.max_age;
		self.feeds.values().filter(move |feed| is_fresh(feed.at, now, max_age))
	}

	/// Whether `price` lies within the asset's sanity bounds.
	pub fn in_bounds(&self, price: Price) -> bool {
		self.config.min_price <= price && price <= self.config.max_price
	}

	/// Stops serving the accepted price (it stays as the breaker's anchor).
	pub fn demote_price(&mut self) {
		if let Some(price) = self.price.as_mut() {
			price.feeders = 0;
		}
	}
}

/// Whether something dated `at` is still fresh at `now` under `max_age` (a date in the future
/// counts as fresh: chain time only moves forward).
pub fn is_fresh(at: Moment, now: Moment, max_age: Moment) -> bool {
	now.saturating_sub(at) <= max_age
}

/// An asset as genesis configures it.
#[derive(Clone, PartialEq, Eq, Debug, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GenesisAsset<AssetKind> {
	/// The asset.
	pub asset: AssetKind,
	/// Its configuration.
	pub config: AssetConfig,
	/// Its reference price (USD per whole token): the circuit breaker's anchor for the first
	/// median. Never served.
	pub reference: Price,
}

/// Why an asset may not be listed: a privileged role of the asset is not held safely, or the
/// asset is not live. Answered by the runtime ([`crate::AssetListing`]).
#[derive(Clone, Copy, Encode, Decode, DecodeWithMemTracking, PartialEq, Eq, Debug, TypeInfo)]
pub enum ListingRefusal {
	/// The asset does not exist or has no decimals (no metadata).
	UnknownDecimals,
	/// The asset is frozen or being destroyed.
	NotLive,
	/// One of the asset's roles (owner, issuer, admin, freezer) is held by an account the
	/// runtime does not trust.
	UntrustedRole,
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
	/// Some feed behind the last accepted price is older than the asset's `max_age` (or the
	/// price is a reference price that no feeds stand behind).
	Stale,
	/// The circuit breaker tripped: a new median jumped beyond `max_deviation` and waits for
	/// its automatic recovery or the admin origin's review.
	Frozen,
	/// The admin origin locked the asset's price (emergency stop).
	Locked,
	/// The asset's decimals are unknown, so amounts cannot be valued. (This oracle snapshots
	/// decimals when an asset is configured, so it does not return this.)
	UnknownDecimals,
	/// A value computation overflowed.
	Overflow,
}

/// A price a consumer may use: fresh, not frozen, not locked.
#[derive(Clone, Copy, Encode, Decode, PartialEq, Eq, Debug, TypeInfo)]
pub struct ValidPrice {
	/// USD per whole token.
	pub price: Price,
	/// Chain time the price dates from (see [`CombinedPrice::at`]).
	pub at: Moment,
}

/// An asset's price as a client sees it: whatever state it is in.
#[derive(Clone, Copy, Encode, Decode, PartialEq, Eq, Debug, TypeInfo)]
pub enum PriceStatus {
	/// Fresh and usable.
	Fresh,
	/// No accepted price yet.
	NoPrice,
	/// Older than the asset's `max_age`, or a reference price.
	Stale,
	/// The circuit breaker tripped.
	Frozen,
	/// Locked by the admin origin.
	Locked,
	/// The asset is not configured in the oracle.
	NotConfigured,
}

/// An asset's oracle state for clients (runtime API `OracleApi`).
#[derive(Clone, Copy, Encode, Decode, PartialEq, Eq, Debug, TypeInfo)]
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
	/// The median the circuit breaker holds back, when frozen.
	pub held_back: Option<Price>,
	/// When frozen: chain time the held-back move began persisting (its automatic recovery
	/// is due `recovery_period` later).
	pub held_since: Option<Moment>,
}

/// An asset with its price information, as `OracleApi::price_infos` lists them.
#[derive(Clone, Encode, Decode, PartialEq, Eq, Debug, TypeInfo)]
pub struct AssetPriceInfo<AssetKind> {
	/// The asset.
	pub asset: AssetKind,
	/// Its price information.
	pub info: PriceInfo,
}
