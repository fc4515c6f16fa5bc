#!/usr/bin/env bash
# Runs the browser tests: real Chromium (chromedriver) and Firefox ESR (geckodriver) with the
# extension from browser/dist, the real host and the real app (tauri-driver under a virtual
# display), pages served under real site names on 127.0.0.1:443.
#
# It runs in a network namespace of its own (`unshare -n`; as a normal user `unshare -rn`):
# nothing reaches the network, port 443 is free to take, and the browsers' names for
# github.com and the look-alikes resolve to 127.0.0.1 only in here.
#   tests/browser/run.sh                        every browser test
#   tests/browser/run.sh browser/chromium.test.mjs   one file
set -euo pipefail
self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$self")/.."
case "${TWOFOLD_BROWSER_STAGE:-}" in
  "")
    [ -f ../browser/dist/chromium/manifest.json ] || { echo "browser/dist is missing: cd browser && npm run build" >&2; exit 2; }
    export TWOFOLD_BROWSER_STAGE=netns
    if [ "$(id -u)" -eq 0 ]; then exec unshare -n bash "$self" "$@"; else exec unshare -rn bash "$self" "$@"; fi
    ;;
  netns)
    ip link set lo up
    # The socket the app listens on and the host finds (owner-only, as in a real session).
    XDG_RUNTIME_DIR="$(mktemp -d /tmp/twofold-browser-run.XXXXXX)"
    chmod 700 "$XDG_RUNTIME_DIR"
    # A data folder of its own, for the keyring the session unlocks: never the person's own.
    XDG_DATA_HOME="$XDG_RUNTIME_DIR/data"
    mkdir "$XDG_DATA_HOME"
    export XDG_RUNTIME_DIR XDG_DATA_HOME TWOFOLD_BROWSER_STAGE=session
    # The document portal may have mounted itself in there: unmount it first. Where it could
    # not (no FUSE) there is nothing to unmount, and under `set -e` a failing command in this
    # trap would turn the tests' result into a failure: nothing here may fail.
    trap '{ fusermount3 -u "$XDG_RUNTIME_DIR/doc" || true; rm -rf "$XDG_RUNTIME_DIR" || true; } 2>/dev/null' EXIT
    dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" bash "$self" "$@"
    ;;
  session)
    echo -n browser-keyring-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    if [ $# -gt 0 ]; then
      node --test --test-concurrency=1 "$@"
    else
      # The files by name: given the folder, Node 20 exits 1 although every test passed.
      node --test --test-concurrency=1 browser/*.test.mjs
    fi
    ;;
esac
