#!/usr/bin/env bash
# The desktop app's launch time, scrolling, idle CPU and memory against a blank
# Tauri window (tests/perf/app-bench.mjs), under Xvfb with a private D-Bus
# session and gnome-keyring, as the e2e tests run. Builds what it measures.
# Results: one JSON line on stdout, a summary on stderr; see BENCHMARKS.md.
# PROFILE=release (the default) measures what people install; PROFILE=debug the test build.
set -euo pipefail
self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$self")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/twofold/target}"
export PROFILE="${PROFILE:-release}"
if [ -z "${TWOFOLD_BENCH_INNER:-}" ]; then
  (cd ui && npm run --silent build)
  flag=(); [ "$PROFILE" = release ] && flag=(--release)
  cargo build "${flag[@]}" -p twofold-desktop -p twofold-cli --bins --example blank_window
  export TWOFOLD_BENCH_INNER=1
  exec dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" bash "$self" "$@"
fi
# A keyring of its own (a login keyring left by other runs would want their password).
export XDG_DATA_HOME="$(mktemp -d)"
echo -n bench-keyring-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null
export TWOFOLD_E2E_APP="$CARGO_TARGET_DIR/$PROFILE/twofold-desktop" TWOFOLD_E2E_CLI="$CARGO_TARGET_DIR/$PROFILE/twofold"
export TWOFOLD_BENCH_BLANK="$CARGO_TARGET_DIR/$PROFILE/examples/blank_window"
node tests/perf/app-bench.mjs "$@"
