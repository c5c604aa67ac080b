//! libFuzzer's entry point: one input, one sequence of blocks; a broken invariant or a panic
//! is a crash that libFuzzer saves as an artifact. Built with coverage instrumentation by
//! `scripts/fuzz.sh`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
	let mut report = lever_fuzz::Report::default();
	if let Err(broken) = lever_fuzz::run(data, &mut report) {
		panic!("invariant broken: {broken}");
	}
});
