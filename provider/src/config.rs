//! The agent's settings: flags, or a JSON file (`--config`) with the same names in snake case;
//! flags win over the file, the file over the defaults.

use crate::{agent::Options, chain::Follow};
use std::path::PathBuf;

/// The agent's settings: flags, or a JSON file (`--config`) with the same names in snake case;
/// flags win.
#[derive(clap::Args, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RunArgs {
	/// A JSON file with any of these settings.
	#[arg(long)]
	#[serde(skip)]
	pub config: Option<PathBuf>,
	/// The node's WebSocket RPC (default ws://127.0.0.1:9944).
	#[arg(long)]
	pub url: Option<String>,
	/// The provider's secret URI (or set LEVER_PROVIDER_SURI).
	#[arg(long)]
	pub suri: Option<String>,
	/// LEV to stake when registering, in planck (default 100 LEV).
	#[arg(long)]
	pub stake: Option<u128>,
	/// A model served and its price per job in the model's asset's smallest unit: MODEL:PRICE
	/// (repeat for several).
	#[arg(long = "offer", value_parser = parse_offer)]
	pub offers: Vec<(u32, u128)>,
	/// Jobs served at once (default 4).
	#[arg(long)]
	pub capacity: Option<u32>,
	/// The endpoint published on chain (default "lever-provider").
	#[arg(long)]
	pub endpoint: Option<String>,
	/// Where fetched models are cached (default ~/.cache/lever-provider).
	#[arg(long)]
	pub cache_dir: Option<PathBuf>,
	/// Act on finalized (default) or best blocks.
	#[arg(long, value_enum)]
	pub follow: Option<Follow>,
	/// Return wrong outputs (for tests: the provider gets slashed).
	#[arg(long)]
	pub faulty: bool,
	/// Read the chain and run the models, but send nothing.
	#[arg(long)]
	pub dry_run: bool,
	/// Fetch job inputs from private and local addresses too (a dev chain whose users serve
	/// inputs on localhost). Off by default: a user's input URI may name public hosts only.
	#[arg(long)]
	pub allow_private_inputs: bool,
}

/// The error when no secret URI is given anywhere.
pub const NO_SURI: &str = "no secret URI: give --suri or set LEVER_PROVIDER_SURI";

/// The secret URI from the environment (kept off the command line, where `ps` shows it).
pub fn suri_from_env() -> Option<String> {
	std::env::var("LEVER_PROVIDER_SURI").ok().filter(|s| !s.is_empty())
}

/// Parses `MODEL:PRICE`.
pub fn parse_offer(s: &str) -> Result<(u32, u128), String> {
	let (model, price) = s.split_once(':').ok_or("expected MODEL:PRICE")?;
	Ok((
		model.parse().map_err(|e| format!("model: {e}"))?,
		price.parse().map_err(|e| format!("price: {e}"))?,
	))
}

impl RunArgs {
	/// The settings in force: the flags, then the file, then the defaults.
	pub fn into_options(self) -> Result<Options, String> {
		let file: RunArgs = match &self.config {
			Some(path) => {
				let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
				serde_json::from_slice(&bytes).map_err(|e| format!("{}: {e}", path.display()))?
			},
			None => RunArgs::default(),
		};
		let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_else(std::env::temp_dir);
		let offers = if self.offers.is_empty() { file.offers } else { self.offers };
		if offers.is_empty() {
			return Err("nothing to serve: give --offer MODEL:PRICE".into());
		}
		Ok(Options {
			url: self.url.or(file.url).unwrap_or_else(|| "ws://127.0.0.1:9944".into()),
			suri: self.suri.or(file.suri).or_else(suri_from_env).ok_or(NO_SURI)?,
			stake: self.stake.or(file.stake).unwrap_or(100 * 1_000_000_000_000),
			offers,
			capacity: self.capacity.or(file.capacity).unwrap_or(4),
			endpoint: self.endpoint.or(file.endpoint).unwrap_or_else(|| "lever-provider".into()),
			cache_dir: self
				.cache_dir
				.or(file.cache_dir)
				.unwrap_or_else(|| home.join(".cache").join("lever-provider")),
			follow: self.follow.or(file.follow).unwrap_or(Follow::Finalized),
			faulty: self.faulty || file.faulty,
			dry_run: self.dry_run || file.dry_run,
			allow_private_inputs: self.allow_private_inputs || file.allow_private_inputs,
		})
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use clap::Parser;

	#[derive(Parser)]
	struct Cli {
		#[command(flatten)]
		run: RunArgs,
	}

	fn parse(args: &[&str]) -> Result<Options, String> {
		Cli::try_parse_from(std::iter::once("run").chain(args.iter().copied()))
			.map_err(|e| e.to_string())?
			.run
			.into_options()
	}

	#[test]
	fn flags_win_over_the_file_and_the_file_over_the_defaults() {
		let dir =
			std::env::temp_dir().join(format!("lever-provider-config-{}", std::process::id()));
		std::fs::create_dir_all(&dir).unwrap();
		let file = dir.join("agent.json");
		std::fs::write(
			&file,
			r#"{"url":"ws://127.0.0.1:9999","suri":"//Dave","offers":[[0,5]],"capacity":3,"follow":"best"}"#,
		)
		.unwrap();
		let config = file.display().to_string();
		let from_file = parse(&["--config", &config]).unwrap();
		assert_eq!(from_file.url, "ws://127.0.0.1:9999");
		assert_eq!(from_file.suri, "//Dave");
		assert_eq!(from_file.offers, vec![(0, 5)]);
		assert_eq!((from_file.capacity, from_file.follow), (3, Follow::Best));
		assert_eq!(from_file.stake, 100 * 1_000_000_000_000, "the default stake");
		assert!(!from_file.faulty && !from_file.dry_run);
		assert!(!from_file.allow_private_inputs, "inputs from public hosts only by default");
		let flags = parse(&[
			"--config",
			&config,
			"--offer",
			"1:7",
			"--offer",
			"2:8",
			"--capacity",
			"9",
			"--faulty",
		])
		.unwrap();
		assert_eq!(flags.offers, vec![(1, 7), (2, 8)]);
		assert_eq!(flags.capacity, 9);
		assert_eq!(flags.suri, "//Dave", "what flags do not give comes from the file");
		assert!(flags.faulty);
		std::fs::write(&file, r#"{"suri":"//Dave","offers":[[0,5]],"allow_private_inputs":true}"#)
			.unwrap();
		assert!(parse(&["--config", &config]).unwrap().allow_private_inputs);
		// A misspelt setting is an error, not a silent default.
		std::fs::write(&file, r#"{"suri":"//Dave","offers":[[0,5]],"capacty":3}"#).unwrap();
		assert!(parse(&["--config", &config]).unwrap_err().contains("capacty"));
		std::fs::remove_dir_all(&dir).unwrap();
	}

	#[test]
	fn bad_settings_are_refused() {
		assert!(parse(&["--suri", "//Bob"]).unwrap_err().contains("nothing to serve"));
		assert!(parse(&["--suri", "//Bob", "--offer", "0"]).unwrap_err().contains("MODEL:PRICE"));
		assert!(parse(&["--suri", "//Bob", "--offer", "x:1"]).unwrap_err().contains("model"));
		assert!(parse(&["--suri", "//Bob", "--offer", "0:-1"]).is_err());
		assert!(parse(&["--suri", "//Bob", "--follow", "sideways", "--offer", "0:1"]).is_err());
		assert!(parse(&["--config", "/nonexistent/agent.json", "--offer", "0:1"]).is_err());
	}
}
