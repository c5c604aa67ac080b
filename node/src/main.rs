//! `lever-node`: the Lever dev node.
//!
//! By default it authors with Aura and finalizes with GRANDPA. With `--sealing instant` or
//! `--sealing <ms>` it seals blocks itself (on each transaction, or on a timer) and finalizes them
//! at once, and serves `engine_createBlock` / `engine_finalizeBlock`; tests use those modes.

// `sc_cli::Error` and `sc_service::Error` are large upstream types that the CLI and service
// functions must return as they are.
#![allow(clippy::result_large_err)]

mod chain_spec;
mod cli;
mod command;
mod rpc;
mod service;

fn main() -> sc_cli::Result<()> {
	command::run()
}
