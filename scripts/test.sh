#!/usr/bin/env bash
# Sets everything up and runs every test: the workspace's Rust tests (pallets, runtime, node),
# then the end-to-end suite against the release node over RPC with @polkadot/api.
# The node and the tests share one release build, so the dependency tree compiles once.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
./scripts/setup.sh

echo "==> cargo build --release -p lever-node"
cargo build --release -p lever-node
echo "==> cargo test --release --workspace"
cargo test --release --workspace
echo "==> end-to-end tests (tests/)"
export LEVER_NODE="${LEVER_NODE:-$(realpath "${CARGO_TARGET_DIR:-target}")/release/lever-node}"
(cd tests && npm test)

echo "==> all tests passed in $(( $(date +%s) - start )) s"
