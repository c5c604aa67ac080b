//! A test runtime for the oracle: System, Timestamp and the oracle, with accounts as `u64`,
//! assets as `u32` (asset 99 has no decimals), feeders 1, 2, 3, a quorum of 3 (`2f + 1` for
//! `f = 1`, as on the Lever runtime) and admin/root origins.

use crate as pallet_lever_oracle;
use crate::{AssetConfig, AssetListing, GenesisAsset, ListingRefusal, Price};
use frame_support::{derive_impl, parameter_types, traits::ConstU32};
use frame_system::EnsureRoot;
use sp_runtime::{traits::Saturating, BuildStorage, FixedU128, Permill};

type Block = frame_system::mocking::MockBlock<Test>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Test;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(2)]
	pub type Oracle = pallet_lever_oracle;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

#[derive_impl(pallet_timestamp::config_preludes::TestDefaultConfig)]
impl pallet_timestamp::Config for Test {}

/// Asset 99 exists nowhere: it has no decimals.
pub const NO_DECIMALS: u32 = 99;
/// Assets 1 (6 decimals), 2 (18 decimals) and 3 (8 decimals) are configured at genesis.
pub const USDT: u32 = 1;
pub const WETH: u32 = 2;
pub const WBTC: u32 = 3;
/// Asset 4 (12 decimals) exists but is not configured.
pub const UNCONFIGURED: u32 = 4;
/// Asset 5 exists (12 decimals) only once a test sets [`ExtraAssetExists`].
pub const EXTRA: u32 = 5;
/// Asset 6 (12 decimals) has a role held by an account the runtime does not trust.
pub const UNTRUSTED: u32 = 6;
/// Asset 7 (12 decimals) is frozen in its asset pallet.
pub const NOT_LIVE: u32 = 7;

/// The mock's asset registry: decimals (USDT's follow [`UsdtDecimals`], as its owner's
/// metadata would), roles and status.
pub struct MockListing;
impl AssetListing<u32> for MockListing {
	fn check_listing(asset: &u32) -> Result<u8, ListingRefusal> {
		match asset {
			1 => Ok(UsdtDecimals::get()),
			2 => Ok(18),
			3 => Ok(8),
			4 => Ok(12),
			5 if ExtraAssetExists::get() => Ok(12),
			6 => Err(ListingRefusal::UntrustedRole),
			7 => Err(ListingRefusal::NotLive),
			_ => Err(ListingRefusal::UnknownDecimals),
		}
	}
}

parameter_types! {
	pub static MinFeeders: u32 = 3;
	/// Assets a (mock) consumer prices through the oracle.
	pub static InUse: Vec<u32> = Vec::new();
	/// Whether asset [`EXTRA`] exists (has decimals).
	pub static ExtraAssetExists: bool = false;
	/// USDT's decimals in its (owner-controlled) metadata.
	pub static UsdtDecimals: u8 = 6;
}

/// Consumers of the oracle's prices in the tests: the assets in [`InUse`].
pub struct MockConsumers;
impl frame_support::traits::Contains<u32> for MockConsumers {
	fn contains(asset: &u32) -> bool {
		InUse::get().contains(asset)
	}
}

impl crate::Config for Test {
	type AssetKind = u32;
	type Time = Timestamp;
	type Listing = MockListing;
	type FeederOrigin = EnsureRoot<u64>;
	type AdminOrigin = EnsureRoot<u64>;
	type EmergencyOrigin = EnsureRoot<u64>;
	type PriceConsumers = MockConsumers;
	type MaxFeeders = ConstU32<5>;
	type MinFeeders = MinFeeders;
	type MaxBatch = ConstU32<4>;
	type MaxAssets = ConstU32<4>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

/// Benchmark assets 0..4 are the mock's assets 1..=4, which have decimals.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::traits::BenchmarkHelper<u32> for MockBenchmarkHelper {
	fn asset(i: u32) -> u32 {
		i + 1
	}
}

/// A minute of chain time, in milliseconds.
pub const MINUTE: u64 = 60_000;
/// Genesis assets' max age.
pub const MAX_AGE: u64 = 10 * MINUTE;
/// Genesis assets' circuit breaker.
pub const MAX_DEVIATION: Permill = Permill::from_percent(20);
/// Genesis assets' automatic recovery: a held-back move persisting this long is accepted.
pub const RECOVERY: u64 = 30 * MINUTE;
/// Genesis assets' recovery tolerance.
pub const TOLERANCE: Permill = Permill::from_percent(2);

/// A whole-dollar price.
pub fn usd(n: u32) -> Price {
	FixedU128::from_u32(n)
}

/// The genesis assets' configuration: sanity bounds of three orders of magnitude around
/// `reference`.
pub fn config_around(reference: u32) -> AssetConfig {
	AssetConfig {
		max_age: MAX_AGE,
		max_deviation: MAX_DEVIATION,
		min_price: FixedU128::from_rational(reference.into(), 1_000),
		max_price: FixedU128::from_u32(reference).saturating_mul(usd(1_000)),
		recovery_period: RECOVERY,
		recovery_tolerance: TOLERANCE,
	}
}

/// Genesis reference prices: USDT $1, WETH $3,000, WBTC $60,000.
pub const REFERENCES: [(u32, u32); 3] = [(USDT, 1), (WETH, 3_000), (WBTC, 60_000)];

/// Builds test externalities: feeders 1, 2, 3; USDT, WETH, WBTC configured with reference
/// prices; a chain time of one day at block 1.
pub struct ExtBuilder {
	min_feeders: u32,
	references: Vec<(u32, u32)>,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		Self { min_feeders: 3, references: REFERENCES.to_vec() }
	}
}

impl ExtBuilder {
	/// How many fresh feeds make a price.
	pub fn min_feeders(mut self, n: u32) -> Self {
		self.min_feeders = n;
		self
	}

	/// Other genesis reference prices (whole dollars) for the genesis assets.
	pub fn references(mut self, references: Vec<(u32, u32)>) -> Self {
		self.references = references;
		self
	}

	pub fn build(self) -> sp_io::TestExternalities {
		MinFeeders::set(self.min_feeders);
		ExtraAssetExists::set(false);
		UsdtDecimals::set(6);
		let assets = self
			.references
			.iter()
			.map(|&(asset, reference)| GenesisAsset {
				asset,
				config: config_around(reference),
				reference: usd(reference),
			})
			.collect();
		let storage = RuntimeGenesisConfig {
			oracle: crate::GenesisConfig { feeders: vec![1, 2, 3], assets },
			..Default::default()
		}
		.build_storage()
		.expect("genesis builds");
		let mut ext = sp_io::TestExternalities::new(storage);
		ext.execute_with(|| {
			System::set_block_number(1);
			Timestamp::set_timestamp(24 * 60 * MINUTE);
		});
		ext
	}

	/// Builds, runs `test`, then checks the oracle's invariants.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(|| {
			test();
			Oracle::do_try_state().expect("oracle invariants hold");
		});
	}
}

/// Moves to the next block, `millis` of chain time later.
pub fn next_block(millis: u64) {
	System::set_block_number(System::block_number() + 1);
	Timestamp::set_timestamp(Timestamp::get() + millis);
}
