#!/usr/bin/env bash
# The end-to-end tests on a real Wayland desktop: the app running natively on
# headless sway (no X server), with a private session bus carrying the real
# xdg-desktop-portal (+ -wlr for screenshots, + -gtk for the Access backend
# that xdg-desktop-portal 1.16 needs before it offers Screenshot), PipeWire
# (which -wlr needs), an unlocked gnome-keyring, and a private system bus with
# a stand-in logind (python-dbusmock's template: the real logind needs systemd).
# Debian 12's portal has no GlobalShortcuts backend for sway, so
# fake-shortcuts-portal.py plays one behind the real frontend.
#
# sway refuses to run as root, so the desktop runs as an unprivileged user
# (twofold-wl, made here when missing); the tests (node, as the caller) drive
# it through tauri-driver and run wtype, wl-paste, grim and the CLI as that user.
#
#   tests/wayland/run.sh                 every test file
#   tests/wayland/run.sh clipboard       the files whose names contain "clipboard"
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$HOME/.cache/twofold/target}"
for tool in sway grim wl-paste wtype pipewire /usr/libexec/xdg-desktop-portal /usr/libexec/xdg-desktop-portal-wlr \
  /usr/libexec/xdg-desktop-portal-gtk gnome-keyring-daemon dbus-daemon setpriv tauri-driver WebKitWebDriver; do
  command -v "$tool" >/dev/null || { echo "wayland: $tool is missing (scripts/setup.sh installs it)" >&2; exit 2; }
done
/usr/bin/python3 -c 'import dbusmock, dbus' 2>/dev/null || { echo "wayland: python3-dbusmock is missing" >&2; exit 2; }
for bin in twofold-desktop twofold; do
  [ -x "$target/debug/$bin" ] || { echo "wayland: build first: no $target/debug/$bin" >&2; exit 2; }
done

user=twofold-wl
if [ "$(id -u)" -eq 0 ]; then
  id "$user" >/dev/null 2>&1 || useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$user"
  uid=$(id -u "$user") gid=$(id -g "$user")
  as_user=(setpriv --reuid="$uid" --regid="$gid" --clear-groups --)
else
  # Not root: the desktop runs as this user.
  uid=$(id -u) gid=$(id -g)
  as_user=()
fi

run=$(mktemp -d /tmp/twofold-wayland.XXXXXX)
chmod 755 "$run"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  sleep 0.5
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  # The user's own processes started by activation (portals, keyring): end them too.
  [ "$uid" -ne "$(id -u)" ] && pkill -u "$uid" 2>/dev/null || true
  rm -rf "$run" 2>/dev/null || true
}
trap cleanup EXIT

mkdir -p "$run/bin" "$run/home" "$run/runtime" "$run/out" "$run/services" "$run/portals"
# The binaries, where the unprivileged user can run them (the build folder may be in root's home).
cp "$target/debug/twofold-desktop" "$target/debug/twofold" "$(command -v tauri-driver)" "$run/bin/"
# slurp is the person choosing an area in xdg-desktop-portal-wlr's interactive
# screenshot: here they choose the whole 1280x800 screen.
printf '#!/bin/sh\necho "0,0 1280x800"\n' >"$run/bin/slurp"
cp "$here/fake-shortcuts-portal.py" "$run/bin/"
chmod 755 "$run/bin/"*
chown -R "$uid:$gid" "$run/home" "$run/runtime" "$run/out"
chmod 700 "$run/home" "$run/runtime"

# Portals: the installed ones, and the stand-in GlobalShortcuts backend, all used in sway.
sed 's/^UseIn=.*/UseIn=sway/' /usr/share/xdg-desktop-portal/portals/gtk.portal >"$run/portals/gtk.portal"
cp /usr/share/xdg-desktop-portal/portals/wlr.portal "$run/portals/"
printf '[portal]\nDBusName=org.freedesktop.impl.portal.desktop.twofoldtest\nInterfaces=org.freedesktop.impl.portal.GlobalShortcuts;\nUseIn=sway\n' >"$run/portals/twofoldtest.portal"
printf '[D-BUS Service]\nName=org.freedesktop.impl.portal.desktop.twofoldtest\nExec=/usr/bin/python3 %s/bin/fake-shortcuts-portal.py\n' "$run" \
  >"$run/services/org.freedesktop.impl.portal.desktop.twofoldtest.service"
cat >"$run/session.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=$run/runtime/bus</listen>
  <servicedir>$run/services</servicedir>
  <standard_session_servicedirs/>
  <auth>EXTERNAL</auth>
  <policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>
</busconfig>
EOF
sed -e 's/<type>session<\/type>/<type>system<\/type>/' -e "s#$run/runtime/bus#$run/runtime/system_bus#" \
  -e '/servicedir/d' "$run/session.conf" >"$run/system.conf"
cat >"$run/sway.conf" <<EOF
output HEADLESS-1 resolution 1280x800 bg #3a4350 solid_color
xwayland disable
default_border normal
# What a person does on sway: quick search on a key (sway has no shortcuts portal),
# as a small floating window.
bindsym Ctrl+Shift+k exec $run/bin/twofold-desktop --quick
for_window [title="^Twofold quick search$"] floating enable
# Twofold's window as its own size (440x620), at the left, so a setup page's QR code shows beside it.
for_window [title="^Twofold$"] floating enable, move position 0 0
EOF
# The portal's screenshot file from an earlier run would hide a failure to delete it.
rm -f /tmp/out.png

env_common=(
  HOME="$run/home" USER="$user" XDG_RUNTIME_DIR="$run/runtime" XDG_CONFIG_HOME="$run/home/.config"
  XDG_DATA_HOME="$run/home/.local/share" XDG_CACHE_HOME="$run/home/.cache" PATH="$run/bin:/usr/local/bin:/usr/bin:/bin"
  LANG=C.UTF-8 XDG_CURRENT_DESKTOP=sway XDG_SESSION_TYPE=wayland XDG_SESSION_ID=c1 XDG_DESKTOP_PORTAL_DIR="$run/portals"
)
# The user's programs start in / : the clone may be a folder only root can enter
# (mktemp -d), and some look up relative paths at start (dbusmock's template name).
start() { # start NAME COMMAND...: in the background as the user, output in $run/out/NAME.log
  local name=$1; shift
  "${as_user[@]}" env -i -C / "${env_common[@]}" "$@" >"$run/out/$name.log" 2>&1 &
  pids+=($!)
}

start sway env WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 sway -c "$run/sway.conf"
for _ in $(seq 100); do
  socket=$(cd "$run/runtime" && ls wayland-[0-9] 2>/dev/null | head -n 1 || true)
  [ -n "$socket" ] && break
  sleep 0.1
done
[ -n "${socket:-}" ] || { echo "wayland: sway did not start:" >&2; cat "$run/out/sway.log" >&2; exit 1; }
env_common+=(WAYLAND_DISPLAY="$socket" SWAYSOCK="$(ls "$run"/runtime/sway-ipc.*.sock)")
# The buses carry the display in their environment, so the services they start find it.
start session-bus dbus-daemon --nofork --config-file="$run/session.conf"
start system-bus dbus-daemon --nofork --config-file="$run/system.conf"
for _ in $(seq 300); do [ -S "$run/runtime/bus" ] && [ -S "$run/runtime/system_bus" ] && break; sleep 0.1; done
env_common+=(DBUS_SESSION_BUS_ADDRESS="unix:path=$run/runtime/bus" DBUS_SYSTEM_BUS_ADDRESS="unix:path=$run/runtime/system_bus")
# PipeWire after the compositor, before anything touches the portal (-wlr needs it at start).
start pipewire pipewire
start logind /usr/bin/python3 -m dbusmock --system --template logind
"${as_user[@]}" env -i -C / "${env_common[@]}" sh -c 'printf %s wl-keyring-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null'
logind_up=0
for _ in $(seq 300); do # python-dbusmock takes a few seconds on a busy machine
  if "${as_user[@]}" env -i -C / "${env_common[@]}" gdbus introspect --system --dest org.freedesktop.login1 --object-path /org/freedesktop/login1 >/dev/null 2>&1; then
    logind_up=1
    break
  fi
  sleep 0.1
done
[ "$logind_up" -eq 1 ] || { echo "wayland: the stand-in logind did not start:" >&2; cat "$run/out/logind.log" >&2; exit 1; }
"${as_user[@]}" env -i -C / "${env_common[@]}" gdbus call --system --dest org.freedesktop.login1 --object-path /org/freedesktop/login1 \
  --method org.freedesktop.DBus.Mock.AddSession c1 seat0 "$uid" "$user" true >/dev/null

# What the tests need to know to act as the desktop's user.
export TWOFOLD_WL_RUN="$run" TWOFOLD_WL_UID="$uid" TWOFOLD_WL_GID="$gid"
export TWOFOLD_WL_ENV="$(printf '%s\n' "${env_common[@]}")"
cd "$root/tests"
files=()
if [ $# -gt 0 ]; then
  for name in "$@"; do files+=(wayland/*"$name"*.test.mjs); done
else
  files=(wayland/*.test.mjs)
fi
status=0
node --test --test-concurrency=1 "${files[@]}" || status=$?
mkdir -p "$root/tests/artifacts/wayland"
cp "$run"/out/*.png "$root/tests/artifacts/wayland/" 2>/dev/null || true
if [ "$status" -ne 0 ]; then
  for log in "$run"/out/*.log; do echo "--- $(basename "$log")"; tail -n 40 "$log"; done >&2
fi
exit "$status"
