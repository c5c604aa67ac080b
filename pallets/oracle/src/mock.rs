//! A test runtime for the oracle: System, Timestamp and the oracle, with accounts as `u64`,
//! assets as `u32` (asset 99 has no decimals), feeders 1, 2, 3 and admin/root origins.

use crate as pallet_lever_oracle;
use crate::{AssetConfig, AssetDecimals, Price};
use frame_support::{derive_impl, parameter_types, traits::ConstU32};
use frame_system::EnsureRoot;
use sp_runtime::{BuildStorage, FixedU128, Permill};

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

/// Decimals of the mock's assets.
pub struct MockDecimals;
impl AssetDecimals<u32> for MockDecimals {
	fn decimals(asset: &u32) -> Option<u8> {
		match asset {
			1 => Some(6),
			2 => Some(18),
			3 => Some(8),
			4 => Some(12),
			5 if ExtraAssetExists::get() => Some(12),
			_ => None,
		}
	}
}

parameter_types! {
	pub static MinFeeders: u32 = 2;
	/// Whether asset [`EXTRA`] exists (has decimals).
	pub static ExtraAssetExists: bool = false;
}

impl crate::Config for Test {
	type AssetKind = u32;
	type Time = Timestamp;
	type Decimals = MockDecimals;
	type FeederOrigin = EnsureRoot<u64>;
	type AdminOrigin = EnsureRoot<u64>;
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

/// A whole-dollar price.
pub fn usd(n: u32) -> Price {
	FixedU128::from_u32(n)
}

/// Builds test externalities: feeders 1, 2, 3; USDT, WETH, WBTC configured; a chain time of
/// one day at block 1.
pub struct ExtBuilder {
	genesis_prices: Vec<(u32, Price)>,
	min_feeders: u32,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		Self { genesis_prices: vec![], min_feeders: 2 }
	}
}

impl ExtBuilder {
	/// Reference prices at genesis (dated time 0).
	pub fn genesis_prices(mut self, prices: Vec<(u32, Price)>) -> Self {
		self.genesis_prices = prices;
		self
	}

	/// How many fresh feeds make a price.
	pub fn min_feeders(mut self, n: u32) -> Self {
		self.min_feeders = n;
		self
	}

	pub fn build(self) -> sp_io::TestExternalities {
		MinFeeders::set(self.min_feeders);
		ExtraAssetExists::set(false);
		let config = AssetConfig { max_age: MAX_AGE, max_deviation: MAX_DEVIATION };
		let storage = RuntimeGenesisConfig {
			oracle: crate::GenesisConfig {
				feeders: vec![1, 2, 3],
				assets: vec![(USDT, config), (WETH, config), (WBTC, config)],
				prices: self.genesis_prices,
			},
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
