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

steamguard-cli's own folder (dyc3/steamguard-cli: accountmanager/manifest.rs, encryption.rs,
encryption/argon2id_aes.rs, encryption/legacy.rs), the key derivation checked against the
known answer of steamguard-cli's test_encryption_key:

  steamguard_cli_encrypted/manifest.json  {"version": 1, "entries": [{"filename", "steam_id", "account_name",
                                           "encryption": {"scheme": "Argon2idAes256" | "LegacySdaCompatible",
                                           "iv": base64 (16 bytes), "salt": base64 (16 or 8 bytes)}}]}
  steamguard_cli_encrypted/<name>.maFile  base64 of AES-256-CBC (PKCS7); Argon2idAes256's key is
                                           Argon2id v1.3 (passkey, salt, 12 MiB, 3 passes, 12 lanes, 32 bytes)
  steamguard_cli_encrypted/passkey, expected.json   as above

One file per scheme, and a third whose scheme is one Twofold does not know (the reader must
name it and read the others).
"""

import base64
import json
import os
import random

from cryptography.hazmat.primitives import hashes, padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from argon2.low_level import Type, hash_secret_raw  # PyPI argon2-cffi

RNG = random.Random(16_5_2026)
PASSKEY = "sda pässkey"
ITERATIONS = 50_000


def sda_key(passkey, salt):
    return PBKDF2HMAC(algorithm=hashes.SHA1(), length=32, salt=salt, iterations=ITERATIONS).derive(passkey.encode("utf-8"))


def argon2_key(passkey, salt):
    return hash_secret_raw(passkey.encode("utf-8"), salt, time_cost=3, memory_cost=12 * 1024, parallelism=12,
                           hash_len=32, type=Type.ID, version=19)


# steamguard-cli's test_encryption_key: the key of "password" with salt GMhL0N2hqXg=.
assert base64.b64encode(argon2_key("password", base64.b64decode("GMhL0N2hqXg="))) == b"DTm3hc95aKyAGmyVMZdLUPfcPjcXN1i1zYObYJg2GzY="


def seal(passkey, salt, iv, text, kdf=sda_key):
    key = kdf(passkey, salt)
    padder = padding.PKCS7(128).padder()
    data = padder.update(text.encode("utf-8")) + padder.finalize()
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return base64.b64encode(encryptor.update(data) + encryptor.finalize()).decode()


def steam_account(rng, name, steamid):
    """An account's maFile JSON and its shared secret."""
    secret = rng.randbytes(20)
    account = {"shared_secret": base64.b64encode(secret).decode(), "serial_number": str(rng.getrandbits(60)),
               "revocation_code": "R%05d" % rng.randrange(100000), "account_name": name,
               "identity_secret": base64.b64encode(rng.randbytes(20)).decode(), "status": 1,
               "device_id": "android:" + str(rng.getrandbits(64)), "fully_enrolled": True, "steam_id": steamid}
    return account, secret


def gen_steamguard_cli(gen):
    rng = random.Random(16_12_2026)
    passkey = "steamguard pässkey"
    folder = os.path.join(gen.HERE, "steamguard_cli_encrypted")
    os.makedirs(folder, exist_ok=True)
    entries, expected = [], []
    for i, (name, scheme) in enumerate([("alyx", "Argon2idAes256"), ("eli", "LegacySdaCompatible"),
                                        ("kleiner", "QuantumProof9000")]):
        steamid = 76561198000002000 + i
        account, secret = steam_account(rng, name, steamid)
        salt, iv = rng.randbytes(16 if scheme == "Argon2idAes256" else 8), rng.randbytes(16)
        kdf = argon2_key if scheme == "Argon2idAes256" else sda_key
        filename = f"{name}.maFile"
        entries.append({"filename": filename, "steam_id": steamid, "account_name": name,
                        "encryption": {"iv": base64.b64encode(iv).decode(), "salt": base64.b64encode(salt).decode(),
                                       "scheme": scheme}})
        with open(os.path.join(folder, filename), "w", encoding="utf-8") as f:
            f.write(seal(passkey, salt, iv, json.dumps(account, separators=(",", ":")), kdf))
        if scheme == "QuantumProof9000":
            continue  # its file is there, sealed some way Twofold cannot know
        e = {"type": "steam", "secret_bytes": secret, "algorithm": "SHA1", "period": 30, "digits": 5}
        expected.append({"file": filename, "label": name, "secret": gen.b32(secret), "code": gen.code_of(e)})
    with open(os.path.join(folder, "manifest.json"), "w", encoding="utf-8") as f:
        f.write(json.dumps({"version": 1, "entries": entries}, separators=(",", ":")))
    with open(os.path.join(folder, "passkey"), "w", encoding="utf-8") as f:
        f.write(passkey)
    with open(os.path.join(folder, "expected.json"), "w", encoding="utf-8") as f:
        f.write(json.dumps({"code_time": gen.CODE_TIME, "accounts": expected, "unknown_scheme": ["kleiner.maFile"]},
                           indent=2) + "\n")


def main(gen):
    gen_steamguard_cli(gen)
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
