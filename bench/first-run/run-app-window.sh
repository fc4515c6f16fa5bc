#!/usr/bin/env bash
# Times scripts/run-app on a brand-new machine until its window is on the screen (issue 17):
#   ../shared/tools/fresh-machine -- bash < bench/first-run/run-app-window.sh
# Not timed: a virtual display (a desktop has one) and xdotool to see the window.
set -e
apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends xvfb xauth xdotool x11-apps >/dev/null
Xvfb :7 -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
export DISPLAY=:7
sleep 1
# Timed: the README's command, until its window is on the screen.
t0=$(date +%s)
scripts/run-app > /root/run-app.log 2>&1 &
pid=$!
while :; do
  if xdotool search --onlyvisible --name '^Twofold$' >/dev/null 2>&1; then
    echo "run-app: the Twofold window is on the screen after $(( $(date +%s) - t0 )) s"; break
  fi
  if ! kill -0 "$pid" 2>/dev/null; then echo "run-app exited first"; tail -40 /root/run-app.log; exit 1; fi
  if [ $(( $(date +%s) - t0 )) -gt 1800 ]; then echo "no window after 30 minutes"; tail -20 /root/run-app.log; exit 1; fi
  sleep 1
done
sleep 5
xwd -root -silent > /root/window.xwd
grep -n "Finished\|setup:\|added" /root/run-app.log | head
kill "$pid" 2>/dev/null || true
