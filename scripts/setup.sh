#!/usr/bin/env bash
# Installs what building and testing Lever needs on a fresh machine that has rustup, cargo, node
# and npm: the Debian packages (protoc for litep2p, OpenSSL's headers), the wasm targets and rust-src for the
# runtime, and the end-to-end suite's npm packages. Safe to run again: it skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

# protoc: litep2p's build script calls it. libssl-dev and pkg-config: the node links the system's
# OpenSSL rather than compiling one (see .cargo/config.toml).
missing=()
command -v protoc >/dev/null 2>&1 || missing+=(protobuf-compiler)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
dpkg-query -W -f='${Status}' libssl-dev 2>/dev/null | grep -q "ok installed" || missing+=(libssl-dev)
if [ "${#missing[@]}" -gt 0 ]; then
	echo "==> installing ${missing[*]}"
	SUDO=""
	[ "$(id -u)" -ne 0 ] && SUDO="sudo"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

installed_targets=$(rustup target list --installed)
for target in wasm32v1-none wasm32-unknown-unknown; do
	if ! grep -qx "$target" <<<"$installed_targets"; then
		echo "==> rustup target add $target"
		rustup target add "$target"
	fi
done
if ! rustup component list --installed | grep -q '^rust-src'; then
	echo "==> rustup component add rust-src"
	rustup component add rust-src
fi

if [ ! -d tests/node_modules ] || [ tests/package-lock.json -nt tests/node_modules ]; then
	echo "==> npm ci in tests/"
	(cd tests && npm ci --no-audit --no-fund)
fi
