//! `lever-provider`: serve Lever's inference market with a real model (`run`), register a model
//! (`register-model`), and the model tools (`hash`, `classify`, `eval`).

use clap::{Parser, Subcommand};
use lever_provider::{
	agent::{log, Agent, Options},
	chain::{self, lever, AssetKind, Connection, Follow, H256},
	encoding::{parse_input, INPUT_ERROR},
	model::{self, blake2_256, Digits},
};
use std::{path::PathBuf, process::ExitCode};

#[derive(Parser)]
#[command(
	version,
	about = "Lever's compute-provider agent: takes inference jobs, runs the model, gets paid"
)]
struct Cli {
	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand)]
enum Command {
	/// Serve jobs: register (or update) the provider, then follow the chain until Ctrl-C.
	Run(RunArgs),
	/// Register a model (for model developers): its weights hash is computed from the file.
	RegisterModel(RegisterArgs),
	/// Print a file's blake2-256 (a model's weights hash, a job input's hash).
	Hash {
		/// The file.
		file: PathBuf,
	},
	/// Run a model on an input file and print the canonical output a provider would reveal.
	Classify {
		/// The ONNX model.
		#[arg(long, default_value_os_t = model::bundled_model_path().to_path_buf())]
		model: PathBuf,
		/// The input (a JSON array of 64 integers 0..=16).
		input: PathBuf,
	},
	/// Measure a model's accuracy on a labelled set (JSON `[{"pixels":[…],"label":d}, …]`).
	Eval {
		/// The ONNX model.
		#[arg(long, default_value_os_t = model::bundled_model_path().to_path_buf())]
		model: PathBuf,
		/// The labelled images.
		#[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/model/digits-holdout.json"))]
		set: PathBuf,
	},
}

/// The agent's settings: flags, or a JSON file (`--config`) with the same names in snake case;
/// flags win.
#[derive(clap::Args, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RunArgs {
	/// A JSON file with any of these settings.
	#[arg(long)]
	#[serde(skip)]
	config: Option<PathBuf>,
	/// The node's WebSocket RPC (default ws://127.0.0.1:9944).
	#[arg(long)]
	url: Option<String>,
	/// The provider's secret URI (or set LEVER_PROVIDER_SURI).
	#[arg(long)]
	suri: Option<String>,
	/// LEV to stake when registering, in planck (default 100 LEV).
	#[arg(long)]
	stake: Option<u128>,
	/// A model served and its price per job in the model's asset's smallest unit: MODEL:PRICE
	/// (repeat for several).
	#[arg(long = "offer", value_parser = parse_offer)]
	offers: Vec<(u32, u128)>,
	/// Jobs served at once (default 4).
	#[arg(long)]
	capacity: Option<u32>,
	/// The endpoint published on chain (default "lever-provider").
	#[arg(long)]
	endpoint: Option<String>,
	/// Where fetched models are cached (default ~/.cache/lever-provider).
	#[arg(long)]
	cache_dir: Option<PathBuf>,
	/// Act on finalized (default) or best blocks.
	#[arg(long, value_enum)]
	follow: Option<Follow>,
	/// Return wrong outputs (for tests: the provider gets slashed).
	#[arg(long)]
	faulty: bool,
	/// Read the chain and run the models, but send nothing.
	#[arg(long)]
	dry_run: bool,
}

const NO_SURI: &str = "no secret URI: give --suri or set LEVER_PROVIDER_SURI";

/// The secret URI from the environment (kept off the command line, where `ps` shows it).
fn suri_from_env() -> Option<String> {
	std::env::var("LEVER_PROVIDER_SURI").ok().filter(|s| !s.is_empty())
}

fn parse_offer(s: &str) -> Result<(u32, u128), String> {
	let (model, price) = s.split_once(':').ok_or("expected MODEL:PRICE")?;
	Ok((
		model.parse().map_err(|e| format!("model: {e}"))?,
		price.parse().map_err(|e| format!("price: {e}"))?,
	))
}

impl RunArgs {
	fn into_options(self) -> Result<Options, String> {
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
		})
	}
}

#[derive(clap::Args)]
struct RegisterArgs {
	/// The node's WebSocket RPC.
	#[arg(long, default_value = "ws://127.0.0.1:9944")]
	url: String,
	/// The model owner's secret URI (or set LEVER_PROVIDER_SURI).
	#[arg(long)]
	suri: Option<String>,
	/// The ONNX file (its blake2-256 is the weights hash registered).
	#[arg(long, default_value_os_t = model::bundled_model_path().to_path_buf())]
	file: PathBuf,
	/// Where providers fetch it: a path or an http(s) URL (default: the file's absolute path).
	#[arg(long)]
	uri: Option<String>,
	/// The model's name.
	#[arg(long, default_value = "digits-mlp")]
	name: String,
	/// Royalty per job, in the asset's smallest unit.
	#[arg(long)]
	royalty: u128,
	/// The asset jobs are paid in: `native` or a pallet-assets id.
	#[arg(long)]
	asset: String,
	/// The input format published with the model.
	#[arg(long, default_value = "json:int[64] 0..16")]
	input_format: String,
	/// The output format published with the model.
	#[arg(long, default_value = "json:{class,scores/1e4}")]
	output_format: String,
}

async fn register_model(args: RegisterArgs) -> Result<(), String> {
	let bytes = std::fs::read(&args.file).map_err(|e| format!("{}: {e}", args.file.display()))?;
	Digits::load(&bytes)?;
	let hash = blake2_256(&bytes);
	let uri = match args.uri {
		Some(uri) => uri,
		None => std::fs::canonicalize(&args.file).map_err(|e| e.to_string())?.display().to_string(),
	};
	let asset = match args.asset.as_str() {
		"native" => AssetKind::Native,
		id => AssetKind::WithId(id.parse().map_err(|e| format!("asset: {e}"))?),
	};
	let bounded = |s: String| chain::bounded(s.into_bytes());
	let info = chain::inference::ModelInfo {
		name: bounded(args.name),
		weights_hash: H256(hash),
		uri: bounded(uri.clone()),
		input_format: bounded(args.input_format),
		output_format: bounded(args.output_format),
	};
	let signer = chain::keypair(&args.suri.or_else(suri_from_env).ok_or(NO_SURI)?)?;
	let conn = Connection::open(&args.url).await?;
	let call = lever::transactions().inference().register_model(info, args.royalty, asset);
	let progress = conn.send(&call, &signer).await?;
	let events = chain::outcome_events(progress).await?;
	let registered = events
		.find_first::<lever::inference::events::ModelRegistered>()
		.ok_or("no ModelRegistered event")?
		.map_err(|e| e.to_string())?;
	println!(
		"model {} registered: weights hash 0x{}, uri {uri}",
		registered.model,
		hex::encode(hash)
	);
	Ok(())
}

fn classify(model: PathBuf, input: PathBuf) -> Result<(), String> {
	let digits =
		Digits::load(&std::fs::read(&model).map_err(|e| format!("{}: {e}", model.display()))?)?;
	let bytes = std::fs::read(&input).map_err(|e| format!("{}: {e}", input.display()))?;
	match parse_input(&bytes) {
		Some(pixels) => println!("{}", digits.classify(&pixels)?.to_canonical_json()),
		None => println!("{INPUT_ERROR}"),
	}
	Ok(())
}

fn eval(model: PathBuf, set: PathBuf) -> Result<(), String> {
	let digits =
		Digits::load(&std::fs::read(&model).map_err(|e| format!("{}: {e}", model.display()))?)?;
	let images = model::load_labelled(&set)?;
	let start = std::time::Instant::now();
	let mut right = 0;
	for image in &images {
		let pixels: [f32; 64] = image
			.pixels
			.iter()
			.map(|p| f32::from(*p))
			.collect::<Vec<_>>()
			.try_into()
			.map_err(|_| "an image is not 64 pixels")?;
		right += usize::from(digits.classify(&pixels)?.class == image.label);
	}
	let elapsed = start.elapsed();
	println!(
		"{right}/{} correct ({:.2}%), {:.1} µs per image",
		images.len(),
		100.0 * right as f64 / images.len().max(1) as f64,
		elapsed.as_secs_f64() * 1e6 / images.len().max(1) as f64
	);
	Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
	let result = match Cli::parse().command {
		Command::Run(args) => match args.into_options().and_then(Agent::new) {
			Ok(agent) => agent.run().await,
			Err(e) => Err(e),
		},
		Command::RegisterModel(args) => register_model(args).await,
		Command::Hash { file } => std::fs::read(&file)
			.map(|bytes| println!("0x{}", hex::encode(blake2_256(&bytes))))
			.map_err(|e| format!("{}: {e}", file.display())),
		Command::Classify { model, input } => classify(model, input),
		Command::Eval { model, set } => eval(model, set),
	};
	match result {
		Ok(()) => ExitCode::SUCCESS,
		Err(e) => {
			log(format!("error: {e}"));
			ExitCode::FAILURE
		},
	}
}
