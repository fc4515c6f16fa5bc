#!/usr/bin/env python3
"""An Aegis backup writer for Twofold's tests, independent of Twofold's reader.

Written from Aegis' own specification (docs/vault.md in beemdevelopment/Aegis):

    { "version": 1,
      "header": { "slots": [ { "type": 1, "uuid", "key": hex, "key_params": {"nonce": hex12, "tag": hex16},
                               "n", "r", "p", "salt": hex32, "repaired": true, "is_backup": bool } ],
                  "params": { "nonce": hex12, "tag": hex16 } },
      "db": base64(AES-256-GCM(master key, content)) }

    slot key  = scrypt(UTF-8 password, salt, N=n, r, p, dkLen=32)
    slot.key  = AES-256-GCM(slot key, master key) with key_params.nonce (tag kept apart)
    content   = { "version": 3, "entries": [ { "type", "uuid", "name", "issuer", "note", "favorite",
                  "icon": null, "info": { "secret": base32, "algo", "digits", "period" | "counter" },
                  "groups": [group uuid] } ], "groups": [ { "uuid", "name" } ] }

Crypto comes from the `cryptography` package (OpenSSL), not from anything Twofold uses.
scrypt N is 2^10 here (Aegis writes 2^15) to keep the tests fast.

Every nonce and salt is derived from the fixture's name, so the output is the
same on every run: `python3 write_backups.py [OUT_DIR]` rewrites the fixtures
(default: this script's folder), and a test checks the committed files are
exactly what this script writes.

Besides the backups it writes `expected.json`: the codes some of the accounts
make at a fixed time, computed here from RFC 4226/6238 with Python's hmac.
"""

import base64
import copy
import hashlib
import hmac
import json
import os
import struct
import sys

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

LOG_N = 10


def derived(label, n):
    return hashlib.sha256(("twofold-test/" + label).encode()).digest()[:n]


def seal(key, nonce, plaintext):
    """AES-256-GCM; returns (ciphertext, tag) as Aegis stores them (apart)."""
    sealed = AESGCM(key).encrypt(nonce, plaintext, None)
    return sealed[:-16], sealed[-16:]


def password_slot(name, master, password, is_backup=False):
    salt = derived(name + "/salt", 32)
    slot_key = Scrypt(salt=salt, length=32, n=1 << LOG_N, r=8, p=1).derive(password.encode("utf-8"))
    nonce = derived(name + "/key-nonce", 12)
    wrapped, tag = seal(slot_key, nonce, master)
    return {
        "type": 1,
        "uuid": derived(name + "/slot-uuid", 16).hex(),
        "key": wrapped.hex(),
        "key_params": {"nonce": nonce.hex(), "tag": tag.hex()},
        "n": 1 << LOG_N,
        "r": 8,
        "p": 1,
        "salt": salt.hex(),
        "repaired": True,
        "is_backup": is_backup,
    }


def biometric_slot(name):
    return {
        "type": 2,
        "uuid": derived(name + "/bio-uuid", 16).hex(),
        "key": derived(name + "/bio-key", 32).hex() + derived(name + "/bio-key2", 16).hex(),
        "key_params": {"nonce": derived(name + "/bio-nonce", 12).hex(), "tag": derived(name + "/bio-tag", 16).hex()},
    }


def backup(name, master, slots, content, file_version=1):
    db = json.dumps(content, ensure_ascii=False).encode("utf-8")
    nonce = derived(name + "/db-nonce", 12)
    ciphertext, tag = seal(master, nonce, db)
    return {
        "version": file_version,
        "header": {"slots": slots, "params": {"nonce": nonce.hex(), "tag": tag.hex()}},
        "db": base64.b64encode(ciphertext).decode("ascii"),
    }


def uuid(label):
    b = bytearray(derived("uuid/" + label, 16))
    b[6] = (b[6] & 0x0F) | 0x40
    b[8] = (b[8] & 0x3F) | 0x80
    h = b.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


GROUPS = {"Work": uuid("group/work"), "Dev": uuid("group/dev"), "Money": uuid("group/money")}


def entry(label, kind, name, issuer, secret, algo="SHA1", digits=6, period=30, counter=None,
          note="", favorite=False, groups=()):
    info = {"secret": secret, "algo": algo, "digits": digits}
    if kind == "hotp":
        info["counter"] = counter
    else:
        info["period"] = period
    if kind == "yandex":
        info["pin"] = "1234"
    return {
        "type": kind,
        "uuid": uuid(label),
        "name": name,
        "issuer": issuer,
        "note": note,
        "favorite": favorite,
        "icon": None,
        "info": info,
        "groups": [GROUPS[g] for g in groups],
    }


def content(entries):
    return {"version": 3, "entries": entries, "groups": [{"uuid": u, "name": n} for n, u in GROUPS.items()]}


GITHUB_SECRET = "JBSWY3DPEHPK3PXP"
GOOGLE_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
BANK_SECRET = "MFRGGZDFMZTWQ2LK"
STEAM_SECRET = "ONSWG4TFOQYTEMZU"
DROPBOX_SECRET = "KRUGS4ZANFZSAYJAONSWG4TFOQ"

# The phone's accounts, first backup.
V1 = [
    entry("github", "totp", "alice@example.com", "GitHub", GITHUB_SECRET, note="main account", favorite=True,
          groups=["Work"]),
    entry("google", "totp", "alice@gmail.com", "Google", GOOGLE_SECRET, algo="SHA256", digits=8, period=60),
    entry("bank", "hotp", "alice", "Bank", BANK_SECRET, counter=5, groups=["Money"]),
    entry("steam", "steam", "alice", "Steam", STEAM_SECRET, digits=5),
    entry("yandex", "yandex", "alice", "Yandex", GITHUB_SECRET, algo="SHA256", digits=8),
]


def v2_entries():
    """Dropbox added; GitHub renamed, its note and groups changed; the HOTP counter up; Steam removed."""
    e = copy.deepcopy(V1)
    github = e[0]
    github["name"] = "alice@work.example"
    github["note"] = "work account"
    github["groups"] = [GROUPS["Work"], GROUPS["Dev"]]
    e[2]["info"]["counter"] = 9
    del e[3]
    e.append(entry("dropbox", "totp", "alice", "Dropbox", DROPBOX_SECRET))
    return e


def v3_entries():
    """After the password change: Google's note set."""
    e = v2_entries()
    e[1]["note"] = "personal"
    return e


def reimported_entries():
    """The same accounts under new uuids (Aegis' vault imported again), and one more."""
    e = copy.deepcopy(v2_entries())
    for i, x in enumerate(e):
        x["uuid"] = uuid(f"reimported/{i}")
    e.append(entry("reimported/new", "totp", "bob", "GitLab", "GEZDGNBVGY3TQOJQ"))
    return e


K1 = derived("master-key/1", 32)
K2 = derived("master-key/2", 32)
K3 = derived("master-key/3", 32)
PHONE_PASSWORD = "phone-pass"
NEW_PASSWORD = "new phone pässword"


def fixtures():
    out = {}

    def enc(name, master, slots, entries, **kw):
        out[name] = json.dumps(backup(name, master, slots, content(entries), **kw), indent=4)

    enc("v1.json", K1, [password_slot("v1", K1, PHONE_PASSWORD)], V1)
    enc("v2.json", K1, [password_slot("v2", K1, PHONE_PASSWORD)], v2_entries())
    # The password changed on the phone: the same master key, wrapped anew.
    enc("v3-password-changed.json", K1, [password_slot("v3", K1, NEW_PASSWORD)], v3_entries())
    # Encryption turned off and on again: a new master key.
    enc("v4-new-key.json", K2, [password_slot("v4", K2, NEW_PASSWORD)], v3_entries())
    # Aegis reinstalled and the accounts restored: new key, new uuids.
    enc("reinstalled.json", K3, [password_slot("reinstalled", K3, PHONE_PASSWORD)], reimported_entries())
    # The vault imported again on the same phone: the same key, new uuids.
    enc("reimported.json", K1, [password_slot("reimported", K1, PHONE_PASSWORD)], reimported_entries())
    # A separate backup password beside the main one, and a fingerprint slot.
    enc("two-slots.json", K1,
        [biometric_slot("two"), password_slot("two-main", K1, "main password"),
         password_slot("two-backup", K1, "backup password", is_backup=True)], V1)
    # A newer file format, and newer contents.
    enc("newer-file-version.json", K1, [password_slot("newer", K1, PHONE_PASSWORD)], v2_entries(), file_version=2)
    c4 = content(v2_entries())
    c4["version"] = 4
    out["newer-content-version.json"] = json.dumps(
        backup("newer-content", K1, [password_slot("newer-content", K1, PHONE_PASSWORD)], c4), indent=4)
    # Half-written: the first part of the v3 backup, as a reader sees a file being written.
    full = out["v3-password-changed.json"]
    out["half-written.json"] = full[: len(full) * 3 // 5]
    # Not encrypted.
    out["plain.json"] = json.dumps({"version": 1, "header": {"slots": None, "params": None},
                                    "db": content(v2_entries())}, indent=4)
    out["expected.json"] = json.dumps(expected(), indent=4, sort_keys=True)
    return out


def b32(secret):
    return base64.b32decode(secret + "=" * (-len(secret) % 8))


def hotp(secret, counter, algo="sha1"):
    mac = hmac.new(b32(secret), struct.pack(">Q", counter), getattr(hashlib, algo)).digest()
    offset = mac[-1] & 0x0F
    return struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF


def steam(secret, t):
    value = hotp(secret, t // 30)
    alphabet = "23456789BCDFGHJKMNPQRTVWXY"
    code = ""
    for _ in range(5):
        code += alphabet[value % len(alphabet)]
        value //= len(alphabet)
    return code


T = 1_900_000_000


def expected():
    return {
        "time": T,
        "master_key_1": K1.hex(),
        "passwords": {"phone": PHONE_PASSWORD, "new": NEW_PASSWORD, "main": "main password",
                      "backup": "backup password"},
        "codes": {
            "GitHub": "%06d" % (hotp(GITHUB_SECRET, T // 30) % 10**6),
            "Google": "%08d" % (hotp(GOOGLE_SECRET, T // 60, "sha256") % 10**8),
            "Bank@5": "%06d" % (hotp(BANK_SECRET, 5) % 10**6),
            "Bank@9": "%06d" % (hotp(BANK_SECRET, 9) % 10**6),
            "Steam": steam(STEAM_SECRET, T),
            "Dropbox": "%06d" % (hotp(DROPBOX_SECRET, T // 30) % 10**6),
        },
        "uuids": {"github": uuid("github"), "steam": uuid("steam"), "dropbox": uuid("dropbox")},
    }


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    os.makedirs(out_dir, exist_ok=True)
    for name, text in fixtures().items():
        with open(os.path.join(out_dir, name), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            if name != "half-written.json":
                f.write("\n")


if __name__ == "__main__":
    main()
