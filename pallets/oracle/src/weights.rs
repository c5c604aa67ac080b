//! Weights of the oracle's calls. Replaced by `benchmark pallet` output (see README).

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::RocksDbWeight, Weight},
};

/// Weight functions needed by the oracle.
pub trait WeightInfo {
	fn feed_prices(b: u32, f: u32) -> Weight;
	fn add_feeder() -> Weight;
	fn remove_feeder(a: u32) -> Weight;
	fn set_asset_config() -> Weight;
	fn lock_price() -> Weight;
	fn unlock_price() -> Weight;
	fn unfreeze_price(f: u32) -> Weight;
}

// PROVISIONAL: replaced by `benchmark pallet` output before this pallet lands.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn feed_prices(b: u32, f: u32) -> Weight {
		<() as WeightInfo>::feed_prices(b, f)
	}
	fn add_feeder() -> Weight {
		<() as WeightInfo>::add_feeder()
	}
	fn remove_feeder(a: u32) -> Weight {
		<() as WeightInfo>::remove_feeder(a)
	}
	fn set_asset_config() -> Weight {
		<() as WeightInfo>::set_asset_config()
	}
	fn lock_price() -> Weight {
		<() as WeightInfo>::lock_price()
	}
	fn unlock_price() -> Weight {
		<() as WeightInfo>::unlock_price()
	}
	fn unfreeze_price(f: u32) -> Weight {
		<() as WeightInfo>::unfreeze_price(f)
	}
}
impl WeightInfo for () {
	fn feed_prices(b: u32, f: u32) -> Weight {
		Weight::from_parts(20_000_000, 3_500)
			.saturating_add(Weight::from_parts(5_000_000, 0).saturating_mul(b.into()))
			.saturating_add(Weight::from_parts(2_000_000, 0).saturating_mul((b * f).into()))
			.saturating_add(RocksDbWeight::get().reads(2 + (b * f) as u64))
			.saturating_add(RocksDbWeight::get().writes(1 + 2 * b as u64))
	}
	fn add_feeder() -> Weight {
		Weight::from_parts(15_000_000, 1_000)
			.saturating_add(RocksDbWeight::get().reads_writes(1, 1))
	}
	fn remove_feeder(a: u32) -> Weight {
		Weight::from_parts(15_000_000, 1_000)
			.saturating_add(RocksDbWeight::get().reads_writes(1, 2 + a as u64))
	}
	fn set_asset_config() -> Weight {
		Weight::from_parts(15_000_000, 1_000)
			.saturating_add(RocksDbWeight::get().reads_writes(2, 2))
	}
	fn lock_price() -> Weight {
		Weight::from_parts(15_000_000, 1_000)
			.saturating_add(RocksDbWeight::get().reads_writes(2, 1))
	}
	fn unlock_price() -> Weight {
		Weight::from_parts(15_000_000, 1_000)
			.saturating_add(RocksDbWeight::get().reads_writes(1, 1))
	}
	fn unfreeze_price(f: u32) -> Weight {
		Weight::from_parts(20_000_000, 1_000)
			.saturating_add(RocksDbWeight::get().reads_writes(3 + f as u64, 2))
	}
}
