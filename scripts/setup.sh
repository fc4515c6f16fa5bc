#!/usr/bin/env bash
# Installs what Twofold needs, on Debian 12 / Ubuntu 22.04+:
#   scripts/setup.sh          to build, run and test it
#   scripts/setup.sh --app    only to build and run it (what scripts/run-app uses)
#   scripts/setup.sh --tools  only the test tools built from crates.io (tauri-driver, geckodriver)
#   scripts/setup.sh --no-tools   everything but those (scripts/test-all builds them beside it)
# Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."
for_tests=1 packages=1 tools=1
case "${1:-}" in
  --app) for_tests=0 tools=0 ;;
  --tools) packages=0 ;;
  --no-tools) tools=0 ;;
esac

# The WebDriver bridge between the tests and the app, and Firefox's WebDriver (not packaged
# by Debian), built from crates.io at pinned versions. They need nothing from the packages
# below, so scripts/test-all builds them while the packages install and the workspace builds.
# `cargo install` skips a tool already installed at that version; its build folder is kept
# outside the clone, so a new version rebuilds only what changed. Run from $HOME so that the
# repository's .cargo/config.toml (mold) does not apply before mold is installed.
TOOLS=("tauri-driver@2.0.6" "geckodriver@0.37.1")
build_tools() {
  for t in "${TOOLS[@]}"; do
    (cd "$HOME" && CARGO_TARGET_DIR="$HOME/.cache/twofold/tools-target" cargo install --locked --quiet "$t")
  done
}
if [ "$packages" -eq 0 ]; then build_tools; exit 0; fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# System packages: the Tauri/WebKitGTK stack and the screen-capture crate's build dependencies.
APT_PACKAGES=(
  build-essential pkg-config curl file mold
  libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev libssl-dev libxdo-dev
  libpipewire-0.3-dev libclang-dev libgbm-dev
)
if [ "$for_tests" -eq 1 ]; then
  APT_PACKAGES+=(
    # X11: a virtual display, WebDriver, a real keyring, and tools that play the person.
    xvfb xauth webkit2gtk-driver gnome-keyring dbus-x11 dbus xdotool imagemagick libsecret-tools xclip
    # Wayland: a headless compositor, the real portals and PipeWire, tools that play the
    # person (wtype types, wl-paste reads, grim shoots), a stand-in logind, and GNOME's
    # shortcut schema for the gsettings test.
    sway swaybg grim wl-clipboard wtype pipewire xdg-desktop-portal xdg-desktop-portal-wlr xdg-desktop-portal-gtk
    python3-dbus python3-gi python3-dbusmock libglib2.0-bin gnome-settings-daemon-common
    # The browser suite: real Chromium and Firefox ESR (geckodriver comes from crates.io,
    # below), a certificate for the test sites, and a network namespace to serve them in.
    chromium chromium-driver firefox-esr openssl iproute2
    # The sync suite: two real Syncthing instances on loopback; the Aegis backups' test
    # writer (its output is checked against the committed fixtures).
    syncthing python3-cryptography
    # Sync through a git remote (the person's own git does the transport).
    git
  )
fi
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null; then
  echo "setup: Rust is missing; install it from https://rustup.rs and run this again" >&2
  exit 2
fi
if ! command -v node >/dev/null || ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; then
  echo "setup: Node.js 20.19 or newer is required (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 2
fi

# Cargo's target dir lives outside the clone so that reruns are incremental.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/twofold/target}"

# JavaScript dependencies, exactly as locked.
[ -d ui/node_modules ] || (cd ui && npm ci --no-audit --no-fund)
[ "$for_tests" -eq 0 ] && exit 0
[ -d browser/node_modules ] || (cd browser && npm ci --no-audit --no-fund)
[ -d tests/node_modules ] || (cd tests && npm ci --no-audit --no-fund)

[ "$tools" -eq 1 ] && build_tools
exit 0
