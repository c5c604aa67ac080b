//! Weights of `pallet_lever_inference`. Provisional until `scripts/benchmark.sh` regenerates
//! this file from the benchmarks.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::{constants::ParityDbWeight, Weight}};

/// Weight functions of `pallet_lever_inference`.
pub trait WeightInfo {
	fn register_model() -> Weight;
	fn update_model() -> Weight;
	fn retire_model() -> Weight;
	fn register_provider(o: u32, ) -> Weight;
	fn update_provider(o: u32, ) -> Weight;
	fn set_paused() -> Weight;
	fn unregister(o: u32, ) -> Weight;
	fn withdraw_stake() -> Weight;
	fn post_job(k: u32, ) -> Weight;
	fn claim() -> Weight;
	fn cancel_job() -> Weight;
	fn submit_result(k: u32, ) -> Weight;
	fn dispute() -> Weight;
	fn resolve_dispute(k: u32, ) -> Weight;
	fn finalize(k: u32, ) -> Weight;
	fn expire(k: u32, ) -> Weight;
	fn claim_credit() -> Weight;
}

/// Weights measured on the Lever runtime, with the runtime's own database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn register_model() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(2))
			.saturating_add(T::DbWeight::get().writes(3))
	}
	fn update_model() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	fn retire_model() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	fn register_provider(_o: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(4))
			.saturating_add(T::DbWeight::get().writes(4))
	}
	fn update_provider(_o: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(4))
			.saturating_add(T::DbWeight::get().writes(4))
	}
	fn set_paused() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(1))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	fn unregister(_o: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(2))
			.saturating_add(T::DbWeight::get().writes(2))
	}
	fn withdraw_stake() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(2))
			.saturating_add(T::DbWeight::get().writes(2))
	}
	fn post_job(_k: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(12))
			.saturating_add(T::DbWeight::get().writes(10))
	}
	fn claim() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().writes(2))
	}
	fn cancel_job() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(5))
			.saturating_add(T::DbWeight::get().writes(5))
	}
	fn submit_result(_k: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(8))
			.saturating_add(T::DbWeight::get().writes(8))
	}
	fn dispute() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(2))
			.saturating_add(T::DbWeight::get().writes(2))
	}
	fn resolve_dispute(_k: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(14))
			.saturating_add(T::DbWeight::get().writes(14))
	}
	fn finalize(_k: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(10))
			.saturating_add(T::DbWeight::get().writes(10))
	}
	fn expire(_k: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(14))
			.saturating_add(T::DbWeight::get().writes(14))
	}
	fn claim_credit() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(4))
			.saturating_add(T::DbWeight::get().writes(4))
	}
}

// For tests: the same shape with ParityDB weights.
impl WeightInfo for () {
	fn register_model() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(ParityDbWeight::get().reads(2))
			.saturating_add(ParityDbWeight::get().writes(3))
	}
	fn update_model() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(ParityDbWeight::get().reads(1))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn retire_model() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(ParityDbWeight::get().reads(1))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn register_provider(_o: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(ParityDbWeight::get().reads(4))
			.saturating_add(ParityDbWeight::get().writes(4))
	}
	fn update_provider(_o: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(ParityDbWeight::get().reads(4))
			.saturating_add(ParityDbWeight::get().writes(4))
	}
	fn set_paused() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(ParityDbWeight::get().reads(1))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn unregister(_o: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(ParityDbWeight::get().reads(2))
			.saturating_add(ParityDbWeight::get().writes(2))
	}
	fn withdraw_stake() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(ParityDbWeight::get().reads(2))
			.saturating_add(ParityDbWeight::get().writes(2))
	}
	fn post_job(_k: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(ParityDbWeight::get().reads(12))
			.saturating_add(ParityDbWeight::get().writes(10))
	}
	fn claim() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(ParityDbWeight::get().reads(3))
			.saturating_add(ParityDbWeight::get().writes(2))
	}
	fn cancel_job() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(ParityDbWeight::get().reads(5))
			.saturating_add(ParityDbWeight::get().writes(5))
	}
	fn submit_result(_k: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(ParityDbWeight::get().reads(8))
			.saturating_add(ParityDbWeight::get().writes(8))
	}
	fn dispute() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(ParityDbWeight::get().reads(2))
			.saturating_add(ParityDbWeight::get().writes(2))
	}
	fn resolve_dispute(_k: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(ParityDbWeight::get().reads(14))
			.saturating_add(ParityDbWeight::get().writes(14))
	}
	fn finalize(_k: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(ParityDbWeight::get().reads(10))
			.saturating_add(ParityDbWeight::get().writes(10))
	}
	fn expire(_k: u32, ) -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(ParityDbWeight::get().reads(14))
			.saturating_add(ParityDbWeight::get().writes(14))
	}
	fn claim_credit() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(ParityDbWeight::get().reads(4))
			.saturating_add(ParityDbWeight::get().writes(4))
	}
}
