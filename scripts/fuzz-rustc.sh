#!/usr/bin/env bash
# RUSTC_WORKSPACE_WRAPPER for scripts/fuzz.sh: compiles Lever's own crates (the runtime, the
# pallets, the fuzzer) with SanitizerCoverage for libFuzzer, overflow checks and debug
# assertions; their dependencies stay plain release code, 3× faster to run. Build scripts are
# host code and get nothing.
rustc="$1"
shift
case " $* " in
*" --crate-name build_script_build "*) exec "$rustc" "$@" ;;
esac
exec "$rustc" "$@" \
	-Cpasses=sancov-module \
	-Cllvm-args=-sanitizer-coverage-level=4 \
	-Cllvm-args=-sanitizer-coverage-inline-8bit-counters \
	-Cllvm-args=-sanitizer-coverage-pc-table \
	-Coverflow-checks -Cdebug-assertions
