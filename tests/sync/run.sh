#!/usr/bin/env bash
# The real-Syncthing test: two Syncthing instances (Debian's) on 127.0.0.1 share a folder
# between two Twofold vaults, a "desktop" and a "laptop", driven through the `twofold` binary.
#
# It runs in a network namespace of its own (`unshare -n`; as a normal user `unshare -rn`):
# only loopback exists, so Syncthing can reach nothing but itself, whatever its config says.
#   tests/sync/run.sh            (the binary: $CARGO_TARGET_DIR/debug/twofold)
set -euo pipefail
self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
command -v syncthing >/dev/null || { echo "syncthing is missing: scripts/setup.sh installs it" >&2; exit 2; }
export TWOFOLD_BIN="${TWOFOLD_BIN:-${CARGO_TARGET_DIR:-$HOME/.cache/twofold/target}/debug/twofold}"
[ -x "$TWOFOLD_BIN" ] || { echo "$TWOFOLD_BIN is missing: cargo build -p twofold-cli" >&2; exit 2; }
if [ "${TWOFOLD_SYNC_STAGE:-}" != netns ]; then
  export TWOFOLD_SYNC_STAGE=netns
  if [ "$(id -u)" -eq 0 ]; then exec unshare -n bash "$self" "$@"; else exec unshare -rn bash "$self" "$@"; fi
fi
ip link set lo up
exec python3 "$(dirname "$self")/syncthing_test.py" "$@"
