#!/usr/bin/env bash
# Runs the end-to-end tests under a virtual display and a private D-Bus session
# with an unlocked gnome-keyring (a real Secret Service), as CI does.
set -euo pipefail
self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$self")/.."
if [ -z "${TWOFOLD_E2E_INNER:-}" ]; then
  export TWOFOLD_E2E_INNER=1
  # A data folder of its own: the keyring the tests unlock (and any default vault) lives
  # there, never in the person's own ~/.local/share/keyrings, whose password is not ours.
  XDG_DATA_HOME="$(mktemp -d /tmp/twofold-e2e-data.XXXXXX)"
  export XDG_DATA_HOME
  trap 'rm -rf "$XDG_DATA_HOME"' EXIT
  dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" bash "$self" "$@"
  exit
fi
echo -n e2e-keyring-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null
if [ $# -gt 0 ]; then
  node --test --test-concurrency=1 "$@"   # some files only: tests/e2e/run.sh e2e/ipc.test.mjs
else
  npm run --silent e2e
fi
