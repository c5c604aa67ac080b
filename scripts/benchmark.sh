#!/usr/bin/env bash
# Generates the weights of Lever's pallets with frame-benchmarking: builds lever-node with the
# `runtime-benchmarks` feature (in its own target directory, so the normal build stays as it
# is), runs `benchmark pallet` for each pallet into its `src/weights.rs`, and prints the
# reference weight of `Balances::transfer_keep_alive` measured on the same runtime.
#
#   ./scripts/benchmark.sh [pallet_lever_oracle ...]      (default: every Lever pallet)
#   STEPS=50 REPEAT=20 ./scripts/benchmark.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh

target="${BENCH_TARGET_DIR:-${CARGO_TARGET_DIR:-target}-bench}"
# frame-benchmarking-cli's storage-access test runtime serves only `benchmark storage`, which
# lever-node does not offer; its wasm build would look for it in Lever's workspace and fail.
export SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1
CARGO_TARGET_DIR="$target" cargo build --release -p lever-node --features runtime-benchmarks
node="$target/release/lever-node"
steps="${STEPS:-50}"
repeat="${REPEAT:-20}"

pallets=("$@")
[ ${#pallets[@]} -eq 0 ] && pallets=(pallet_lever_oracle pallet_lever_lending pallet_lever_inference)
for pallet in "${pallets[@]}"; do
	dir="pallets/${pallet#pallet_lever_}"
	echo "==> $pallet -> $dir/src/weights.rs"
	"$node" benchmark pallet --chain dev --pallet "$pallet" --extrinsic '*' \
		--steps "$steps" --repeat "$repeat" --wasm-execution compiled \
		--template scripts/pallet-weight-template.hbs --output "$dir/src/weights.rs"
done

echo "==> reference: pallet_balances::transfer_keep_alive on the same runtime"
"$node" benchmark pallet --chain dev --pallet pallet_balances --extrinsic transfer_keep_alive \
	--steps 2 --repeat "$repeat" --wasm-execution compiled 2>&1 | grep -E "Extrinsic|Time ~|Reads|Writes" || true
