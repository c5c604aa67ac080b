//! `lever-provider`: serve Lever's inference market with a real model (`run`), register a model
//! (`register-model`), and the model tools (`hash`, `classify`, `eval`).

use clap::{Parser, Subcommand};
use lever_provider::{
	agent::{log, Agent},
	chain::{self, lever, AssetKind, Connection, H256},
	config::{suri_from_env, RunArgs, NO_SURI},
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
		/// The ONNX model (`provider/model/digits.onnx` in the repository).
		#[arg(long)]
		model: PathBuf,
		/// The input (a JSON array of 64 integers 0..=16).
		input: PathBuf,
	},
	/// Measure a model's accuracy on a labelled set (JSON `[{"pixels":[…],"label":d}, …]`).
	Eval {
		/// The ONNX model (`provider/model/digits.onnx` in the repository).
		#[arg(long)]
		model: PathBuf,
		/// The labelled images (`provider/model/digits-holdout.json` in the repository).
		#[arg(long)]
		set: PathBuf,
	},
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
	#[arg(long)]
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
