#!/usr/bin/env python3
"""Steam Desktop Authenticator's encrypted maFiles folder (issue 16), called from gen.py's main().

Written from SDA's own code (Jessecar96/SteamDesktopAuthenticator: FileEncryptor.cs and
Manifest.cs), independently of the Rust reader:

  sda_encrypted/manifest.json   {"encrypted": true, "first_run": false, "entries": [{"encryption_iv": base64 (16 bytes),
                                 "encryption_salt": base64 (8 bytes), "filename": "<steamid>.maFile", "steamid": n}], …}
  sda_encrypted/<steamid>.maFile  base64 of AES-256-CBC (PKCS7) of the account's JSON, the key
                                 PBKDF2-HMAC-SHA1(passkey as UTF-8, salt, 50 000 iterations, 32 bytes)
  sda_encrypted/passkey          the encryption passkey
  sda_encrypted/expected.json    each account's name, secret (base32) and Steam code at gen.py's CODE_TIME

Three entries: two files given, one listed in the manifest whose file is missing (the reader
must name it). Its own random generator, so no other fixture changes.
"""

import base64
import json
import os
import random

from cryptography.hazmat.primitives import hashes, padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

RNG = random.Random(16_5_2026)
PASSKEY = "sda pässkey"
ITERATIONS = 50_000


def seal(passkey, salt, iv, text):
    key = PBKDF2HMAC(algorithm=hashes.SHA1(), length=32, salt=salt, iterations=ITERATIONS).derive(passkey.encode("utf-8"))
    padder = padding.PKCS7(128).padder()
    data = padder.update(text.encode("utf-8")) + padder.finalize()
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return base64.b64encode(encryptor.update(data) + encryptor.finalize()).decode()


def main(gen):
    folder = os.path.join(gen.HERE, "sda_encrypted")
    os.makedirs(folder, exist_ok=True)
    entries, expected = [], []
    for i, name in enumerate(["gaben", "robin_walker", "left_behind"]):
        steamid = 76561198000000000 + 1000 + i
        secret = RNG.randbytes(20)
        account = {"shared_secret": base64.b64encode(secret).decode(), "serial_number": str(RNG.getrandbits(60)),
                   "revocation_code": "R%05d" % RNG.randrange(100000), "account_name": name,
                   "identity_secret": base64.b64encode(RNG.randbytes(20)).decode(), "status": 1,
                   "device_id": "android:" + str(RNG.getrandbits(64)), "fully_enrolled": True,
                   "Session": {"SessionID": "%032x" % RNG.getrandbits(128), "SteamID": steamid}}
        salt, iv = RNG.randbytes(8), RNG.randbytes(16)
        filename = f"{steamid}.maFile"
        entries.append({"encryption_iv": base64.b64encode(iv).decode(), "encryption_salt": base64.b64encode(salt).decode(),
                        "filename": filename, "steamid": steamid})
        if name == "left_behind":
            continue  # listed, but its file is not in the folder
        with open(os.path.join(folder, filename), "w", encoding="utf-8") as f:
            f.write(seal(PASSKEY, salt, iv, json.dumps(account, separators=(",", ":"))))
        e = {"type": "steam", "secret_bytes": secret, "algorithm": "SHA1", "period": 30, "digits": 5}
        expected.append({"file": filename, "label": name, "secret": gen.b32(secret), "code": gen.code_of(e)})
    manifest = {"encrypted": True, "first_run": False, "entries": entries, "periodic_checking": False,
                "periodic_checking_interval": 5, "periodic_checking_checkall": False, "auto_confirm_market_transactions": False,
                "auto_confirm_trades": False}
    with open(os.path.join(folder, "manifest.json"), "w", encoding="utf-8") as f:
        f.write(json.dumps(manifest, indent=2) + "\n")
    with open(os.path.join(folder, "passkey"), "w", encoding="utf-8") as f:
        f.write(PASSKEY)
    with open(os.path.join(folder, "expected.json"), "w", encoding="utf-8") as f:
        f.write(json.dumps({"code_time": gen.CODE_TIME, "accounts": expected, "missing": ["76561198000001002.maFile"]},
                           indent=2) + "\n")
