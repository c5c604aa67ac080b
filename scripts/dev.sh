#!/usr/bin/env bash
# Sets everything up, builds the release node and runs a local dev chain: Alice alone authors
# with Aura (6 s blocks) and finalizes with GRANDPA; RPC on ws://127.0.0.1:9944.
# Extra arguments go to lever-node, e.g. `./scripts/dev.sh --sealing instant` or `--base-path DIR`
# (without --base-path the chain is thrown away on exit: --tmp).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
# The provider agent builds alongside, with the workspace hack: the same command as the test
# command's first build, so the two share one build of the dependency tree
# (`target/release/lever-provider`, see README).
cargo build --release -p lever-node -p lever-provider -p lever-workspace-hack
target_dir="${CARGO_TARGET_DIR:-target}"
args=("$@")
if ! printf '%s\n' "${args[@]}" | grep -q -- '--base-path\|^-d$'; then
	args+=(--tmp)
fi
exec "$target_dir/release/lever-node" --dev --rpc-cors all "${args[@]}"
