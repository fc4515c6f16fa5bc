#!/bin/sh
# Runs crates/core/tests/keystore_secret_service.rs (and the CLI's
# vault_keyring.rs) against a real Secret
# Service: gnome-keyring-daemon, unlocked with a known password, on a private
# D-Bus session with private data and runtime folders, so a person's own
# keyrings are never touched. Needs dbus-run-session (dbus) and
# gnome-keyring-daemon (gnome-keyring).
set -eu
cd "$(dirname "$0")/../../.."

# Build first, so compile time does not run inside the session. `--workspace`
# keeps the one feature set every build of the workspace uses, so nothing is
# compiled twice (a `-p twofold-core` build would rebuild core without `capture`).
tests="--workspace --test keystore_secret_service --test vault_keyring"
cargo test $tests --no-run

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -m 700 "$scratch/data" "$scratch/runtime"
export XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/runtime"
# No display: gnome-keyring's unlock prompt then ends dismissed at once, as the
# locked-keyring test expects, instead of waiting for a person.
unset DISPLAY WAYLAND_DISPLAY

dbus-run-session -- sh -c '
    # --unlock creates the "login" keyring with this password (its master password
    # for the lock test too) and unlocks it; the daemon forks into the background.
    printf %s pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    TWOFOLD_TEST_SECRET_SERVICE=1 cargo test '"$tests"' -- --include-ignored --test-threads=1
'
