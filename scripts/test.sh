#!/usr/bin/env bash
# Sets everything up and runs every test: the workspace's Rust tests (pallets with their
# benchmarks run as tests, the runtime with every pallet's try-state after each test, the seeded
# fuzz smoke, the provider agent, the node) and, alongside them, the end-to-end suite against the
# release node (and agents) over RPC with @polkadot/api.
# The node builds in release, as users run it; the tests build in release too. They compile the
# runtime side (FRAME, the pallets, the runtime: natively, opt-level 1, see Cargo.toml, no wasm)
# once more with the `runtime-benchmarks` and `try-runtime` features. Everything else they share
# with the node's build: both commands build `lever-workspace-hack`, which makes them enable the
# same features of the crates below (see scripts/workspace-hack.mjs; without it the tests' build
# compiled about 260 crates again, with it about 70).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
./scripts/setup.sh

phase=$start
# Prints how long the phase that just ended took.
took() { local now; now=$(date +%s); echo "==> ($1: $((now - phase)) s)"; phase=$now; }
took setup

# The node and the provider agent build together: one build of the tree they share (and the
# workspace hack, so that the tests' build below shares it too).
echo "==> cargo build --release -p lever-node -p lever-provider -p lever-workspace-hack"
cargo build --release -p lever-node -p lever-provider -p lever-workspace-hack
took "node and agent build"

# The end-to-end suite needs only the node and the agent, and spends most of its time waiting for
# blocks: it runs while the Rust tests build, which run at a lower priority so the suite's nodes
# keep time (one after the other took longer in a fresh run: 8m56s + 2m59s, against 10m51s side
# by side).
echo "==> end-to-end tests (tests/) start in the background; their report follows the Rust tests"
export LEVER_NODE="${LEVER_NODE:-$(realpath "${CARGO_TARGET_DIR:-target}")/release/lever-node}"
export LEVER_PROVIDER="${LEVER_PROVIDER:-$(dirname "$LEVER_NODE")/lever-provider}"
e2e_log="$(mktemp)"
# Its own process group, so that a failure of the Rust tests stops it and its nodes too.
setsid bash -c 'cd tests && exec npm test' >"$e2e_log" 2>&1 &
e2e=$!
trap 'kill -- -"$e2e" 2>/dev/null || true' EXIT

echo "==> cargo test --release (pallets, benchmarks, runtime with try-state, fuzz smoke; no wasm)"
SKIP_WASM_BUILD=1 nice -n 10 cargo test --release --workspace --exclude lever-node --exclude lever-provider \
	--features runtime-benchmarks,try-runtime
took "Rust tests with features"
# The node's tests and the agent's: the same packages as the first build, so cargo resolves the
# same features and reuses that build (in the features run above, the agent's crates would be
# compiled again).
echo "==> cargo test --release -p lever-node -p lever-provider -p lever-workspace-hack"
nice -n 10 cargo test --release -p lever-node -p lever-provider -p lever-workspace-hack
took "node and agent tests"

echo "==> end-to-end tests (tests/)"
status=0
wait "$e2e" || status=$?
trap - EXIT
cat "$e2e_log"
rm -f "$e2e_log"
took "end-to-end tests (the rest of them)"
[ "$status" -eq 0 ] || { echo "==> the end-to-end tests failed ($status)"; exit "$status"; }

echo "==> all tests passed in $(( $(date +%s) - start )) s"
