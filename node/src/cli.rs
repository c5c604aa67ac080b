//! Command-line interface of `lever-node`.

use std::{fmt, str::FromStr};

/// How the node produces blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sealing {
	/// A block as soon as a transaction enters the pool; each block is final at once.
	Instant,
	/// A block every this many milliseconds, with or without transactions; final at once.
	Interval(u64),
}

impl FromStr for Sealing {
	type Err = String;

	fn from_str(s: &str) -> Result<Self, Self::Err> {
		match s {
			"instant" => Ok(Sealing::Instant),
			ms => match ms.parse::<u64>() {
				Ok(0) => Err("the sealing interval must be at least 1 ms".into()),
				Ok(ms) => Ok(Sealing::Interval(ms)),
				Err(_) => Err(format!(
					"unknown sealing mode `{s}`: use `instant` or an interval in milliseconds"
				)),
			},
		}
	}
}

impl fmt::Display for Sealing {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			Sealing::Instant => write!(f, "instant"),
			Sealing::Interval(ms) => write!(f, "every {ms} ms"),
		}
	}
}

/// `lever-node`'s arguments: a subcommand, or the options of a running node.
#[derive(Debug, clap::Parser)]
pub struct Cli {
	/// What to do instead of running the node.
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	/// Seal blocks locally instead of running Aura + GRANDPA: `instant` (a block per incoming
	/// transaction) or an interval in milliseconds (e.g. `1000`). Blocks are final at once, and
	/// the `engine_createBlock` / `engine_finalizeBlock` RPCs are served. Meant for tests and
	/// local development; without it the node runs real consensus.
	#[arg(long, value_name = "instant|MILLIS", global = true)]
	pub sealing: Option<Sealing>,

	/// Options of a running node (`--dev`, `--chain`, `--base-path`, `--rpc-port`, ...).
	#[clap(flatten)]
	pub run: sc_cli::RunCmd,
}

/// `lever-node`'s subcommands.
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Key management: generate, inspect, insert keys.
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Build a chain specification (use `export-chain-spec` for new scripts).
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Export the chain specification.
	ExportChainSpec(sc_cli::ExportChainSpecCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a given block into a chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Remove the whole chain.
	PurgeChain(sc_cli::PurgeChainCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Database meta columns information.
	ChainInfo(sc_cli::ChainInfoCmd),

	/// Benchmark the runtime's pallets (only in a node built with `--features runtime-benchmarks`).
	#[cfg(feature = "runtime-benchmarks")]
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),
}

#[cfg(test)]
mod tests {
	use super::*;
	use clap::Parser;

	#[test]
	fn sealing_parses_instant_and_intervals() {
		assert_eq!("instant".parse::<Sealing>(), Ok(Sealing::Instant));
		assert_eq!("1500".parse::<Sealing>(), Ok(Sealing::Interval(1500)));
		assert!("0".parse::<Sealing>().is_err());
		assert!("fast".parse::<Sealing>().is_err());
		assert!("-5".parse::<Sealing>().is_err());
	}

	#[test]
	fn sealing_is_optional_and_global() {
		let cli = Cli::try_parse_from(["lever-node", "--dev"]).expect("parses");
		assert_eq!(cli.sealing, None);
		let cli =
			Cli::try_parse_from(["lever-node", "--dev", "--sealing", "instant"]).expect("parses");
		assert_eq!(cli.sealing, Some(Sealing::Instant));
		let cli = Cli::try_parse_from(["lever-node", "check-block", "--sealing", "250", "1"])
			.expect("parses");
		assert_eq!(cli.sealing, Some(Sealing::Interval(250)));
		assert!(Cli::try_parse_from(["lever-node", "--sealing", "soon"]).is_err());
	}
}
