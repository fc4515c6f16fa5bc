#!/usr/bin/env bash
# Runs the screen and clipboard capture tests (core and CLI) under a virtual X server.
# Needs: xvfb (xvfb-run), imagemagick (`display`), xclip.
set -euo pipefail
cd "$(dirname "$0")/../../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/twofold/target}"
for tool in xvfb-run display xclip; do
  command -v "$tool" >/dev/null || { echo "run-capture-tests: $tool is missing (apt-get install xvfb imagemagick xclip)" >&2; exit 2; }
done
export TWOFOLD_TEST_DISPLAY=1
# -a: a free display number; a 1920x1080 screen like a laptop's; -noreset: the server
# stays up between clients (a reset between two of them made a window fail to open).
# --workspace: the one feature set of every build here (core with `capture`), so nothing is compiled again.
cargo test --workspace --test qr_capture --test qr_cli --no-run
xvfb-run -a -s "-screen 0 1920x1080x24 -noreset" \
  cargo test --workspace --test qr_capture -- --include-ignored
xvfb-run -a -s "-screen 0 1920x1080x24 -noreset" \
  cargo test --workspace --test qr_cli -- --include-ignored scan_screen
