//! Runtime tests, no node: genesis presets, pallet integrity, and blocks of real extrinsics
//! applied through the runtime's own `Executive`, fees and transaction extensions.

mod block;
mod common;
mod genesis;
mod governance;
mod inference;
mod integrity;
mod lending;
mod oracle;
