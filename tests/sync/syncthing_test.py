"""Two computers sharing a real Syncthing folder.

Two instances of Debian's `syncthing` on 127.0.0.1 (run.sh puts us in a network namespace
with only loopback), configured before their first start with discovery, relays, NAT and
LAN broadcast off; devices and the folder added over the REST API. Two Twofold vaults, a
"desktop" and a "laptop", each in its own Syncthing folder, driven through the binary.

Checked: the laptop joins the desktop's set through Syncthing; a change saved on one
computer reaches the other; edits made on both while Syncthing is paused (a field each, and
the same field on both) all survive after resume, the later edit of the shared field winning
and the other kept as a conflict note; a HOTP counter takes the highest use; both end with
the same accounts and codes; no conflict copy is left in either folder.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
import xml.etree.ElementTree as ET

BIN = os.environ["TWOFOLD_BIN"]
PASSWORD = "syncthing-test-password"
TIMEOUT = 120  # seconds for anything Syncthing carries; it usually takes one or two
FOLDER_ID = "twofold-sync-test"

GITHUB = "otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub"
GITLAB = "otpauth://totp/GitLab:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=GitLab"
BANK = "otpauth://hotp/Bank:alice?secret=MFRGGZDFMZTWQ2LK&issuer=Bank&counter=0"
AWS = "otpauth://totp/AWS:root?secret=KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TF&issuer=AWS"


def log(*parts):
    print("sync-test:", *parts, flush=True)


class Syncthing:
    """One instance: its home, its ports, its REST API."""

    def __init__(self, root, name, n):
        self.name = name
        self.home = os.path.join(root, f"st-{name}")
        self.folder = os.path.join(root, f"folder-{name}")
        self.listen = f"tcp://127.0.0.1:{22100 + n}"
        self.gui = f"127.0.0.1:{18400 + n}"
        self.key = f"twofold-test-key-{name}"
        os.makedirs(self.folder)
        run(["syncthing", "generate", f"--home={self.home}", "--no-default-folder", "--skip-port-probing"])
        self.id = run(["syncthing", "serve", f"--home={self.home}", "--device-id"]).strip()
        self.patch_config()
        self.proc = None

    def patch_config(self):
        """Loopback only, nothing announced or relayed, before the first start."""
        path = os.path.join(self.home, "config.xml")
        tree = ET.parse(path)
        root = tree.getroot()
        options = root.find("options")
        for tag in list(options):
            if tag.tag in ("listenAddress", "stunServer", "globalAnnounceServer"):
                options.remove(tag)
        ET.SubElement(options, "listenAddress").text = self.listen
        for tag, value in {
            "globalAnnounceEnabled": "false", "localAnnounceEnabled": "false", "relaysEnabled": "false",
            "natEnabled": "false", "urAccepted": "-1", "crashReportingEnabled": "false",
            "autoUpgradeIntervalH": "0", "announceLANAddresses": "false", "startBrowser": "false",
            # Reconnect within a second of a resume (the default waits up to a minute).
            "reconnectionIntervalS": "1",
        }.items():
            el = options.find(tag)
            if el is None:
                el = ET.SubElement(options, tag)
            el.text = value
        gui = root.find("gui")
        gui.find("address").text = self.gui
        apikey = gui.find("apikey")
        if apikey is None:
            apikey = ET.SubElement(gui, "apikey")
        apikey.text = self.key
        tree.write(path)

    def start(self, logdir):
        env = dict(os.environ, STNODEFAULTFOLDER="1", STNOUPGRADE="1", STNORESTART="1")
        logfile = os.path.join(logdir, f"syncthing-{self.name}.log")
        self.proc = subprocess.Popen(
            ["syncthing", "serve", f"--home={self.home}", "--no-browser", f"--logfile={logfile}"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: self.rest("GET", "/rest/system/ping").get("ping") == "pong", f"{self.name}'s REST API", quiet=True)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    def rest(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(f"http://{self.gui}{path}", data=data, method=method,
                                     headers={"X-API-Key": self.key, "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=5) as r:
            text = r.read().decode()
            return json.loads(text) if text.strip().startswith(("{", "[")) else {}

    def share_with(self, other):
        self.rest("POST", "/rest/config/devices", {"deviceID": other.id, "name": other.name, "addresses": [other.listen]})
        self.rest("POST", "/rest/config/folders", {
            "id": FOLDER_ID, "label": "Twofold test", "path": self.folder, "type": "sendreceive",
            "rescanIntervalS": 3600, "fsWatcherEnabled": True, "fsWatcherDelayS": 1,
            "devices": [{"deviceID": self.id}, {"deviceID": other.id}],
        })

    def connected(self, other):
        conns = self.rest("GET", "/rest/system/connections").get("connections", {})
        return conns.get(other.id, {}).get("connected", False)

    def scan(self):
        self.rest("POST", f"/rest/db/scan?folder={FOLDER_ID}")


class Computer:
    """A Twofold vault on one 'computer', and the Syncthing folder it syncs through."""

    def __init__(self, root, name, syncthing):
        self.name = name
        self.syncthing = syncthing
        self.dir = os.path.join(root, f"home-{name}")
        os.makedirs(self.dir)
        self.env = dict(os.environ, TWOFOLD_VAULT=os.path.join(self.dir, "vault.twofold"), TWOFOLD_PASSWORD=PASSWORD)

    def twofold(self, *args, env=None, ok=True):
        p = subprocess.run([BIN, *args], env=dict(self.env, **(env or {})), capture_output=True, text=True,
                           stdin=subprocess.DEVNULL, timeout=60)
        if ok and p.returncode != 0:
            raise AssertionError(f"{self.name}: twofold {' '.join(args)} exited {p.returncode}: {p.stderr}")
        return p

    def accounts(self):
        listed = json.loads(self.twofold("list", "--json").stdout)["accounts"]
        return sorted((a.get("issuer"), a.get("label")) for a in listed)

    def sync(self):
        return json.loads(self.twofold("sync", "--json").stdout)


def run(cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def wait_for(check, what, quiet=False):
    start = time.monotonic()
    last_error = None
    while time.monotonic() - start < TIMEOUT:
        try:
            if check():
                if not quiet:
                    log(f"{what}: {time.monotonic() - start:.1f} s")
                return
        except Exception as e:  # the API not up yet, a file mid-rename
            last_error = e
        time.sleep(0.3)
    raise AssertionError(f"timed out after {TIMEOUT} s waiting for {what} (last error: {last_error})")


def conflict_copies(folder):
    found = []
    for dirpath, _, files in os.walk(folder):
        found += [os.path.join(dirpath, f) for f in files if ".sync-conflict-" in f]
    return found


def state_files(folder):
    sub = os.path.join(folder, "twofold")
    return sorted(f for f in os.listdir(sub) if f.endswith(".tfsync")) if os.path.isdir(sub) else []


def main():
    root = tempfile.mkdtemp(prefix="twofold-syncthing-")
    a = b = None
    try:
        a, b = Syncthing(root, "a", 1), Syncthing(root, "b", 2)
        a.start(root)
        b.start(root)
        a.share_with(b)
        b.share_with(a)
        wait_for(lambda: a.connected(b) and b.connected(a), "the two Syncthings connected")

        desktop, laptop = Computer(root, "desktop", a), Computer(root, "laptop", b)
        for c in (desktop, laptop):
            c.twofold("init", "--no-keyring")
        desktop.twofold("add", GITHUB, GITLAB, BANK)
        laptop.twofold("add", AWS)

        started = desktop.twofold("sync", "setup", a.folder, "--name", "desktop")
        assert "started a sync set" in started.stdout, started.stdout
        a.scan()
        wait_for(lambda: len(state_files(b.folder)) == 1, "the desktop's state file reached the laptop")

        joined = laptop.twofold("sync", "setup", b.folder, "--name", "laptop", env={"TWOFOLD_SYNC_PASSWORD": PASSWORD})
        assert "joined the sync set" in joined.stdout, joined.stdout
        assert "added GitHub (alice)" in joined.stdout, joined.stdout
        b.scan()
        wait_for(lambda: "added AWS (root)" in desktop.sync()["received"], "the laptop's account reached the desktop")

        # A change saved on one computer goes out with the save: the other sees it within seconds.
        laptop.twofold("rename", "GitHub", "--label", "alice@home")
        b.scan()
        wait_for(lambda: any("alice@home" in r for r in desktop.sync()["received"]), "a rename on the laptop reached the desktop")

        # Offline on both sides: Syncthing paused, edits on each computer.
        a.rest("POST", f"/rest/system/pause?device={b.id}")
        b.rest("POST", f"/rest/system/pause?device={a.id}")
        wait_for(lambda: not a.connected(b) and not b.connected(a), "both paused")
        desktop.twofold("rename", "GitLab", "--label", "alice@work")
        desktop.twofold("code", "Bank")  # HOTP: counter 1 here
        laptop.twofold("remove", "AWS")
        laptop.twofold("code", "Bank")
        laptop.twofold("code", "Bank")  # counter 2 there
        # The same field on both; the laptop's edit is the later one.
        desktop.twofold("rename", "GitHub", "--label", "desk-edit")
        time.sleep(1.1)
        laptop.twofold("rename", "GitHub", "--label", "laptop-edit")
        for c in (desktop, laptop):
            c.sync()

        a.rest("POST", f"/rest/system/resume?device={b.id}")
        b.rest("POST", f"/rest/system/resume?device={a.id}")
        wait_for(lambda: a.connected(b) and b.connected(a), "both resumed")
        a.scan()
        b.scan()
        expected = [("Bank", "alice"), ("GitHub", "laptop-edit"), ("GitLab", "alice@work")]
        conflicts = []

        def converged():
            for c in (desktop, laptop):
                conflicts.extend(c.sync()["conflicts"])
            return desktop.accounts() == laptop.accounts() == expected

        wait_for(converged, "both computers converged after resume")
        assert any("desk-edit" in n and "laptop-edit" in n for n in conflicts), f"no conflict note: {conflicts}"

        # The same codes on both, the HOTP counter at the highest use (2): the next code is the 3rd.
        for account in ("GitHub", "GitLab"):
            at = ["code", account, "--at", "1900000000"]
            assert desktop.twofold(*at).stdout == laptop.twofold(*at).stdout, account
        # The desktop uses counter 2 (its save syncs); once that reaches the laptop, its next is counter 3.
        d_next = desktop.twofold("code", "Bank").stdout.strip()
        a.scan()
        wait_for(lambda: any(r.startswith("changed Bank") for r in laptop.sync()["received"]), "a HOTP use reached the laptop")
        l_next = laptop.twofold("code", "Bank").stdout.strip()
        assert d_next != l_next, "both computers gave the same HOTP code"

        for c in (a, b):
            c.scan()
        time.sleep(3)
        for c in (a, b):
            copies = conflict_copies(c.folder)
            assert not copies, f"conflict copies left in {c.name}'s folder: {copies}"
            assert len(state_files(c.folder)) == 2, state_files(c.folder)
        log("passed: joined, changes carried both ways, offline edits merged, no conflict copy")
    finally:
        for c in (a, b):
            if c:
                c.stop()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        print(f"sync-test: FAILED: {e}", file=sys.stderr)
        sys.exit(1)
