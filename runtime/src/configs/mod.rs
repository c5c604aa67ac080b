//! Configuration of every pallet in the Lever runtime, one section per pallet.
//!
//! Upstream pallets use their own reference weights (`()` / `SubstrateWeight`), which come from
//! frame-benchmarking runs of those pallets; Lever's own pallets use weights generated from their
//! benchmarks against this runtime.

mod assets;
mod governance;
mod inference;
mod lending;
mod oracle;
mod system;

pub use assets::*;
pub use governance::*;
pub use inference::*;
pub use lending::*;
pub use oracle::*;
pub use system::*;
