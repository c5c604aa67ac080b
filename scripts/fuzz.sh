#!/usr/bin/env bash
# Coverage-guided fuzzing of the whole Lever runtime with libFuzzer, on stable Rust.
#
#   ./scripts/fuzz.sh                      # fuzz until stopped (Ctrl-C), 2 workers
#   ./scripts/fuzz.sh -runs=500000         # libFuzzer flags pass through
#   FUZZ_WORKERS=1 ./scripts/fuzz.sh -max_total_time=600
#
# `libfuzzer-sys` builds libFuzzer from source with the C++ compiler. Lever's own crates are
# compiled with SanitizerCoverage (8-bit counters and the PC table; compare tracing cost a third of
# the run time and the generator builds structured values anyway), overflow checks
# and debug assertions (so `defensive!` failures count as crashes); the polkadot-sdk crates are
# plain release code (coverage guidance is on Lever's code). Its own target directory: the
# first build compiles the runtime's dependency tree once more (about 9 minutes on 2 cores).
# The corpus grows in fuzz/corpus/runtime (committed: the test command replays it); crashes
# land in fuzz/artifacts/ and replay with `cargo run -p lever-fuzz --bin lever-fuzz -- replay F`.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh

target_dir="${FUZZ_TARGET_DIR:-${CARGO_TARGET_DIR:-$PWD/target}/libfuzzer}"
# Only Lever's crates are instrumented (see fuzz-rustc.sh); an explicit --target keeps build
# scripts and proc macros apart as host code.
host="$(rustc -vV | sed -n 's/^host: //p')"
# The release profile compiles the runtime side natively at opt-level 1 (Cargo.toml: the node
# executes the wasm runtime, never that code); the fuzzer executes it, so it gets opt-level 3.
overrides=()
for package in $(sed -n 's/^\[profile\.release\.package\.\([A-Za-z0-9_-]*\)\]$/\1/p' Cargo.toml); do
	overrides+=(--config "profile.release.package.$package.opt-level=3")
done
RUSTC_WORKSPACE_WRAPPER="$PWD/scripts/fuzz-rustc.sh" SKIP_WASM_BUILD=1 \
	cargo build --release "${overrides[@]}" --target "$host" --target-dir "$target_dir" \
	-p lever-fuzz --features libfuzzer --bin runtime-fuzz

mkdir -p fuzz/corpus/runtime fuzz/artifacts
workers="${FUZZ_WORKERS:-2}"
exec "$target_dir/$host/release/runtime-fuzz" fuzz/corpus/runtime \
	-artifact_prefix=fuzz/artifacts/ -max_len=320 -fork="$workers" -print_final_stats=1 "$@"
