#!/usr/bin/env bash
# Sets everything up and runs every test: the workspace's Rust tests (pallets with their
# benchmarks run as tests, the runtime with every pallet's try-state after each test, the seeded
# fuzz smoke, the provider agent, the node) and, alongside them, the end-to-end suite against the
# release node (and agents) over RPC with @polkadot/api.
# The node builds in release, as users run it; the tests build in release too, so that every
# crate below the runtime (sp-core, sp-io, the crypto and codec crates …) is the node's build
# reused; the runtime side (FRAME, the pallets, the runtime: compiled natively with opt-level 1,
# see Cargo.toml) builds once more with the `runtime-benchmarks` and `try-runtime` features,
# natively (no wasm).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
./scripts/setup.sh

# The node and the provider agent build together: one build of the tree they share.
echo "==> cargo build --release -p lever-node -p lever-provider"
cargo build --release -p lever-node -p lever-provider

# The end-to-end suite needs only the node and the agent, and spends most of its time waiting for blocks: it
# runs while the Rust tests build, which run at a lower priority so the suite's nodes keep time.
echo "==> end-to-end tests (tests/) start in the background; their report follows the Rust tests"
export LEVER_NODE="${LEVER_NODE:-$(realpath "${CARGO_TARGET_DIR:-target}")/release/lever-node}"
export LEVER_PROVIDER="${LEVER_PROVIDER:-$(dirname "$LEVER_NODE")/lever-provider}"
e2e_log="$(mktemp)"
# Its own process group, so that a failure of the Rust tests stops it and its nodes too.
setsid bash -c 'cd tests && exec npm test' >"$e2e_log" 2>&1 &
e2e=$!
trap 'kill -- -"$e2e" 2>/dev/null || true' EXIT

# The agent is left to the next command: here, without the node, its dependencies (tokio, hyper,
# rustls …) resolve other features than in the node's build, and it would build again whole.
echo "==> cargo test --release (pallets, benchmarks, runtime with try-state, fuzz smoke; no wasm)"
SKIP_WASM_BUILD=1 nice -n 10 cargo test --release --workspace --exclude lever-node \
	--exclude lever-provider --features runtime-benchmarks,try-runtime
# The node's tests with the agent's: the same two packages as the first build, so cargo resolves
# the same features and reuses that build (the node alone would rebuild much of its tree).
echo "==> cargo test --release -p lever-node -p lever-provider"
nice -n 10 cargo test --release -p lever-node -p lever-provider

echo "==> end-to-end tests (tests/)"
status=0
wait "$e2e" || status=$?
trap - EXIT
cat "$e2e_log"
rm -f "$e2e_log"
[ "$status" -eq 0 ] || { echo "==> the end-to-end tests failed ($status)"; exit "$status"; }

echo "==> all tests passed in $(( $(date +%s) - start )) s"
