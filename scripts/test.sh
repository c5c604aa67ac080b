#!/usr/bin/env bash
# Sets everything up and runs every test: the workspace's Rust tests (pallets with their
# benchmarks run as tests, the runtime with every pallet's try-state after each test, the seeded
# fuzz smoke, the provider agent, the node), then the end-to-end suite against the release node
# (and agents) over RPC with @polkadot/api.
# The node builds in release, as users run it; the tests build in release too. They compile the
# runtime side (FRAME, the pallets, the runtime: natively, opt-level 1, see Cargo.toml, no wasm)
# once more with the `runtime-benchmarks` and `try-runtime` features — and, since without the
# node in the same cargo command many shared crates below it resolve other features, those too
# (about 300 crates of the node's 1,300; measured, see README).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
./scripts/setup.sh

phase=$start
# Prints how long the phase that just ended took.
took() { local now; now=$(date +%s); echo "==> ($1: $((now - phase)) s)"; phase=$now; }
took setup

# The node and the provider agent build together: one build of the tree they share.
echo "==> cargo build --release -p lever-node -p lever-provider"
cargo build --release -p lever-node -p lever-provider
took "node and agent build"

# The agent is left to the next command: here, without the node, its dependencies (tokio, hyper,
# rustls …) resolve other features than in the node's build, and it would build again whole.
echo "==> cargo test --release (pallets, benchmarks, runtime with try-state, fuzz smoke; no wasm)"
SKIP_WASM_BUILD=1 cargo test --release --workspace --exclude lever-node \
	--exclude lever-provider --features runtime-benchmarks,try-runtime
took "Rust tests with features"
# The node's tests with the agent's: the same two packages as the first build, so cargo resolves
# the same features and reuses that build (the node alone would rebuild much of its tree).
echo "==> cargo test --release -p lever-node -p lever-provider"
cargo test --release -p lever-node -p lever-provider
took "node and agent tests"

# The end-to-end suite runs last, alone: beside the Rust tests' build the two competed for the
# two cores and the whole took longer than one after the other (10m51s against about 9 min).
echo "==> end-to-end tests (tests/)"
export LEVER_NODE="${LEVER_NODE:-$(realpath "${CARGO_TARGET_DIR:-target}")/release/lever-node}"
export LEVER_PROVIDER="${LEVER_PROVIDER:-$(dirname "$LEVER_NODE")/lever-provider}"
status=0
(cd tests && npm test) || status=$?
took "end-to-end tests"
[ "$status" -eq 0 ] || { echo "==> the end-to-end tests failed ($status)"; exit "$status"; }

echo "==> all tests passed in $(( $(date +%s) - start )) s"
