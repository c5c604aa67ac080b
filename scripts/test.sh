#!/usr/bin/env bash
# Sets everything up and runs every test: the workspace's Rust tests (pallets with their
# benchmarks run as tests, the runtime with every pallet's try-state after each test, the node),
# then the end-to-end suite against the release node over RPC with @polkadot/api.
# The node builds in release, as users run it; the tests build in release too, so that every
# crate below the runtime (sp-core, sp-io, the crypto and codec crates …) is the node's build
# reused; the runtime side (FRAME, the pallets, the runtime: compiled natively with opt-level 1,
# see Cargo.toml) builds once more with the `runtime-benchmarks` and `try-runtime` features,
# natively (no wasm).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
./scripts/setup.sh

echo "==> cargo build --release -p lever-node"
cargo build --release -p lever-node
echo "==> cargo test --release (pallets, benchmarks, runtime with try-state, fuzz smoke; no wasm)"
SKIP_WASM_BUILD=1 cargo test --release --workspace --exclude lever-node \
	--features runtime-benchmarks,try-runtime
echo "==> cargo test --release -p lever-node"
cargo test --release -p lever-node
echo "==> end-to-end tests (tests/)"
export LEVER_NODE="${LEVER_NODE:-$(realpath "${CARGO_TARGET_DIR:-target}")/release/lever-node}"
(cd tests && npm test)

echo "==> all tests passed in $(( $(date +%s) - start )) s"
