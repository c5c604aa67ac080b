//! The seeded fuzzer on stable Rust, without coverage guidance: `lever-fuzz <seed> <sequences>`
//! runs that many random sequences from the seed and prints what they did and how fast;
//! `lever-fuzz replay <file>…` runs saved inputs (libFuzzer's corpus or crash artifacts).

use lever_fuzz::{input::SplitMix64, Report};
use std::time::Instant;

fn main() {
	let args: Vec<String> = std::env::args().skip(1).collect();
	let mut report = Report::default();
	let started = Instant::now();
	let mut broken = 0u32;
	if args.first().map(String::as_str) == Some("replay") {
		for path in &args[1..] {
			let data = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
			if let Err(e) = lever_fuzz::run(&data, &mut report) {
				eprintln!("{path}: {e}");
				broken += 1;
			}
		}
	} else {
		let seed: u64 = args.first().and_then(|s| s.parse().ok()).unwrap_or(1);
		let sequences: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1_000);
		let mut rng = SplitMix64::new(seed);
		for i in 0..sequences {
			let len = 16 + (rng.next_u64() % 2_048) as usize;
			let data = rng.input(len);
			if let Err(e) = lever_fuzz::run(&data, &mut report) {
				eprintln!("seed {seed} sequence {i}: {e}");
				broken += 1;
			}
		}
	}
	let secs = started.elapsed().as_secs_f64();
	print!("{report}");
	if std::env::var("LEVER_FUZZ_ERRORS").is_ok() {
		for (error, n) in report.top_errors(60) {
			println!("{n:>8} {error}");
		}
	}
	println!("{:.1} s, {:.1} sequences/s, {broken} broken", secs, report.sequences as f64 / secs);
	if broken > 0 {
		std::process::exit(1);
	}
}
