//! The fuzzer's seeded mode, run by the README test command on stable Rust: a fixed number of
//! random sequences from a fixed seed (the same on every machine), then every input of the
//! committed corpus. Nothing may panic and no invariant may break; and the sequences must
//! reach the deep paths (borrows, liquidations, settled jobs), or the fuzzer would be blind.

use lever_fuzz::{input::SplitMix64, Report};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Sequences the seeded smoke runs (override with `LEVER_FUZZ_SEQUENCES`).
const SEQUENCES: u64 = 400;
/// The smoke's seed (override with `LEVER_FUZZ_SEED`).
const SEED: u64 = 0x1e7e5;

fn env_or(name: &str, default: u64) -> u64 {
	std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Runs one input; a broken invariant or a panic fails the test naming how to replay it.
fn run(data: &[u8], what: &str, report: &mut Report) {
	match catch_unwind(AssertUnwindSafe(|| lever_fuzz::run(data, report))) {
		Ok(Ok(())) => {},
		Ok(Err(broken)) => panic!("{what}: {broken}"),
		Err(panic) => {
			lever_fuzz::reset();
			std::panic::resume_unwind(panic)
		},
	}
}

#[test]
fn seeded_sequences_break_nothing_and_reach_deep_paths() {
	let (seed, sequences) =
		(env_or("LEVER_FUZZ_SEED", SEED), env_or("LEVER_FUZZ_SEQUENCES", SEQUENCES));
	let mut rng = SplitMix64::new(seed);
	let mut report = Report::default();
	for i in 0..sequences {
		let len = 16 + (rng.next_u64() % 2_048) as usize;
		run(&rng.input(len), &format!("seed {seed} sequence {i}"), &mut report);
	}
	println!("{report}");
	for (pallet, function) in [
		("Oracle", "feed_prices"),
		("Lending", "supply"),
		("Lending", "borrow"),
		("Lending", "repay"),
		("Lending", "liquidate"),
		("Inference", "post_job"),
		("Inference", "accept_job"),
		("Inference", "commit_result"),
		("AssetConversion", "swap_exact_tokens_for_tokens"),
		("Utility", "batch"),
		("Sudo", "sudo"),
		("Referenda", "submit"),
		("ConvictionVoting", "vote"),
		("RiskCouncil", "propose"),
	] {
		assert!(
			report.ok(pallet, function) > 0,
			"no {pallet}.{function} succeeded in {sequences} sequences: the generator is blind"
		);
	}
}

#[test]
fn the_committed_corpus_replays() {
	// Found at run time (`cargo test` sets it): a path compiled in would name the checkout the
	// test binary was first built in, which a shared target directory may reuse from another clone.
	let dir = std::path::Path::new(
		&std::env::var("CARGO_MANIFEST_DIR").expect("cargo test sets CARGO_MANIFEST_DIR"),
	)
	.join("corpus/runtime");
	let mut report = Report::default();
	let mut files: Vec<_> = std::fs::read_dir(&dir)
		.expect("the corpus is committed")
		.map(|e| e.expect("readable entry").path())
		.collect();
	files.sort();
	assert!(!files.is_empty(), "the corpus holds inputs");
	for path in &files {
		let data = std::fs::read(path).expect("readable input");
		run(&data, &path.display().to_string(), &mut report);
	}
	println!("{} corpus inputs: {report}", files.len());
}
