#!/usr/bin/env python3
"""Generates the foreign-app export fixtures in this folder from one canonical set.

Independent of the Rust code on purpose: every format is written here from
the apps' own source code (cited per writer below), every cipher and KDF comes
from Python's `cryptography` package and `hashlib`, the Google protobuf is
encoded by hand, and the expected codes are computed with `hmac`. A mistake in
the Rust importers cannot hide behind the same mistake here.

    pip install cryptography segno argon2-cffi pynacl pyzipper   # segno: QR code PNGs; argon2-cffi: Authenticator Pro, steamguard-cli; pyzipper: WinZip AES
    python3 gen.py                      # rewrites everything next to itself

Outputs (all deterministic: a seeded generator supplies salts, nonces and ids):
  canonical.json          the accounts, with the code each makes at t = 1,700,000,000
  manifest.json           per fixture: format, password file, which canonical
                          accounts it holds (in file order), per-format overrides,
                          which metadata it carries, how many items are skipped
  aegis_plain.json        Aegis vault, plain, content version 3 (group UUIDs, icon, note, favourite)
  aegis_plain_v2.json     Aegis vault, plain, content version 2 (the old "group" name field)
  aegis_encrypted.json    Aegis vault, scrypt + AES-256-GCM; slots: a password slot for
                          another password, a biometric slot, then the right password slot
  twofas_plain.2fas       2FAS schema 4, plain
  twofas_encrypted.2fas   2FAS schema 4, PBKDF2-SHA256 + AES-256-GCM, with `reference`
  andotp_plain.json       andOTP, plain
  andotp_encrypted.json.aes      andOTP, PBKDF2-SHA1 (iterations + salt header) + AES-256-GCM
  andotp_encrypted_old.json.aes  andOTP before 0.6.3: SHA-256(password) + AES-256-GCM,
                                 entries in the old "Issuer - label" style
  bitwarden.json          Bitwarden unencrypted JSON export (URIs, steam://, bare secrets,
                          and two items without TOTP)
  bitwarden.csv           the same vault as Bitwarden's CSV export
  ente_auth.txt           Ente Auth plain-text export (URIs with `codeDisplay`), one trashed code
  freeotp_plus.json       FreeOTP+ JSON backup
  proton_authenticator.json   Proton Authenticator JSON export
  authenticator_pro.json  Authenticator Pro / Stratum plain JSON backup (categories)
  authenticator_pro.authpro   the same, encrypted: Argon2id + AES-256-GCM
  lastpass_authenticator.json LastPass Authenticator JSON export (folders, favourites)
  freeotp_backup.xml      FreeOTP 2 backup: a Java-serialized HashMap, PBKDF2-SHA512 + AES-GCM
  steam_guard.maFile      Steam Desktop Authenticator maFile (one Steam account)
  freeotp_tokens.xml      FreeOTP 1.x's internal tokens.xml (Android SharedPreferences), unencrypted
  google_export.txt       Google Authenticator export: two otpauth-migration URIs (2 QR codes)
  google_export_1.png, google_export_2.png   the same two QR codes as images
  otpauth_list.txt        plain list of otpauth:// URIs in the spellings sites use
  authy_*.xml, duo_accounts.json, battlenet_*.xml, freeotp_plus_tokens.xml, totp_authenticator*
                          files of apps from rooted phones, and TOTP Authenticator's backup: gen_rooted.py
  ente_auth_encrypted.json, bitwarden_encrypted_pbkdf2.json, bitwarden_encrypted_argon2.json,
  proton_authenticator_encrypted.json, authenticator_pro_legacy.authpro,
  authenticator_pro_earliest.authpro
                          the encrypted exports of issue 16, written by gen_encrypted.py from
                          the plain fixtures above (see there)
  google_authenticator.db, microsoft_authenticator.db, authenticator_plus.zip, winauth.zip,
  winauth_plain.zip, proton_pass.zip   written by gen_archives.py (SQLite databases and zips)
  pin_types_aegis.json, pin_types_authpro.json   mOTP and Yandex accounts with their PINs, in an
                          Aegis plain vault and an Authenticator Pro JSON (gen_pin_types.py; the
                          two accounts are appended to the canonical set after every other fixture)
  keepassxc.csv           KeePassXC's CSV export (Database → Export → CSV File)
  sda_encrypted/          Steam Desktop Authenticator's encrypted maFiles folder: manifest.json, the
                          .maFiles, the passkey and the expected accounts (gen_sda.py)
  steamguard_cli_encrypted/  steamguard-cli's own folder: manifest v1, one .maFile per scheme
                          (Argon2idAes256, LegacySdaCompatible) and one of a scheme unknown (gen_sda.py)
  *.password              the password of the encrypted fixture of the same name
"""

import base64
import hashlib
import hmac
import json
import os
import random
import struct
import urllib.parse
import uuid

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

HERE = os.path.dirname(os.path.abspath(__file__))
CODE_TIME = 1_700_000_000
RNG = random.Random(20231114)

# Milliseconds for every "updatedAt"/"last_used" style field.
STAMP_MS = 1_699_999_000_000

# --- the canonical accounts ----------------------------------------------------
#
# uri_style says how an otpauth URI carries the issuer: "both" (label prefix and
# parameter agree), "prefix" (only in the label), "param" (only in the
# parameter), "differ" (prefix `label_prefix`, parameter is the issuer: the
# parameter wins), "none" (no issuer). secret_style says how formats that keep
# the user's base32 text write it: "upper" (canonical), "lower", "lower_padded", and two that
# look mistyped but that the apps accept: "trailing_bits" (the last character's unused bits set)
# and "extra_char" (one character more than whole bytes need). A non-canonical spelling must come
# with a warning on the imported account.

ENTRIES = [
    dict(id="github", issuer="GitHub", label="octocat", type="totp", algorithm="SHA1", digits=6, period=30,
         secret_len=20, groups=["Work"], favourite=True, note="Main account; recovery codes in the safe"),
    dict(id="bank", issuer="Bank of Example", label="alice@example.com", type="totp", algorithm="SHA512",
         digits=8, period=60, secret_len=64, groups=["Finance"], note="Call 555-0100 if locked out"),
    dict(id="sha256_7", issuer="Example Cloud", label="ops", type="totp", algorithm="SHA256", digits=7,
         period=30, secret_len=32),
    dict(id="hotp_small", issuer="Yubico", label="hotp-small", type="hotp", algorithm="SHA1", digits=6,
         counter=7, secret_len=20),
    dict(id="hotp_large", issuer="Big Counter", label="hotp-large", type="hotp", algorithm="SHA256", digits=8,
         counter=10_000_000_000, secret_len=32),
    dict(id="steam", issuer="Steam", label="gaben", type="steam", algorithm="SHA1", digits=5, period=30,
         secret_len=20, groups=["Games"]),
    dict(id="unicode", issuer="Bücher.de ☕", label="jürgen@例え.jp", type="totp", algorithm="SHA1", digits=6,
         period=30, secret_len=20, groups=["Läden"]),
    dict(id="amp_plus", issuer="AT&T", label="alice+2fa@example.com", type="totp", algorithm="SHA1", digits=6,
         period=30, secret_len=20),
    dict(id="issuer_in_label", issuer="LabelOnly", label="bob", type="totp", algorithm="SHA1", digits=6,
         period=30, secret_len=20, uri_style="prefix"),
    dict(id="issuer_in_param", issuer="ParamOnly", label="carol", type="totp", algorithm="SHA1", digits=6,
         period=30, secret_len=20, uri_style="param"),
    dict(id="issuer_differs", issuer="NewName", label="dave", type="totp", algorithm="SHA1", digits=6,
         period=30, secret_len=20, uri_style="differ", label_prefix="OldName"),
    dict(id="lower_padded", issuer="Padded", label="erin", type="totp", algorithm="SHA1", digits=6, period=30,
         secret_len=16, secret_style="lower_padded"),
    dict(id="short80", issuer="Short", label="frank", type="totp", algorithm="SHA1", digits=6, period=30,
         secret_len=10, secret_style="lower"),
    dict(id="defaults", issuer="Defaults", label="grace", type="totp", algorithm="SHA1", digits=6, period=30,
         secret_len=20, defaults=True),
    dict(id="no_issuer", issuer=None, label="nobody@example.com", type="totp", algorithm="SHA1", digits=6,
         period=30, secret_len=20, uri_style="none"),
    # Secrets the apps accepted although no strict base32 decoder does (issue 16): the codes are
    # those of the bytes an accumulate-5-bits decoder reads (Guava, Apache Commons, Google).
    dict(id="mistyped_bits", issuer="Trailing Bits", label="heidi", type="totp", algorithm="SHA1", digits=6,
         period=30, secret_len=12, secret_style="trailing_bits"),
    dict(id="mistyped_length", issuer="Extra Char", label="ivan", type="totp", algorithm="SHA1", digits=6,
         period=30, secret_len=10, secret_style="extra_char"),
]

for _e in ENTRIES:
    _e["secret_bytes"] = hashlib.sha512(("twofold import fixture " + _e["id"]).encode()).digest()[: _e["secret_len"]] \
        if _e["secret_len"] <= 64 else None
    _e.setdefault("uri_style", "both")
    _e.setdefault("secret_style", "upper")
    _e.setdefault("groups", [])
    _e.setdefault("favourite", False)
    _e.setdefault("note", None)
    _e.setdefault("defaults", False)

BY_ID = {e["id"]: e for e in ENTRIES}

# A 1x1 transparent PNG, as an Aegis entry icon.
ICON_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")

# --- codes (RFC 4226 / 6238 and Steam), independent of the Rust side -----------

STEAM_ALPHABET = "23456789BCDFGHJKMNPQRTVWXY"


def truncated(secret, algorithm, counter):
    digest = hmac.new(secret, struct.pack(">Q", counter), getattr(hashlib, algorithm.lower())).digest()
    offset = digest[-1] & 0x0F
    return struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF


def code_of(e):
    if "code" in e:  # computed by the generator that added the account (gen_pin_types.py)
        return e["code"]
    if e["type"] == "hotp":
        value = truncated(e["secret_bytes"], e["algorithm"], e["counter"])
        return str(value % 10 ** e["digits"]).zfill(e["digits"])
    value = truncated(e["secret_bytes"], e["algorithm"], CODE_TIME // e["period"])
    if e["type"] == "steam":
        out = ""
        for _ in range(5):
            out += STEAM_ALPHABET[value % len(STEAM_ALPHABET)]
            value //= len(STEAM_ALPHABET)
        return out
    return str(value % 10 ** e["digits"]).zfill(e["digits"])


# --- small helpers -------------------------------------------------------------

B32_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def b32(data):
    """Canonical base32: upper case, no padding."""
    return base64.b32encode(data).decode().rstrip("=")


def b32_padded(data):
    return base64.b32encode(data).decode()


def written_secret(e):
    """The base32 text as a format that keeps the user's spelling holds it."""
    style = e["secret_style"]
    if style == "lower":
        return b32(e["secret_bytes"]).lower()
    if style == "lower_padded":
        return b32_padded(e["secret_bytes"]).lower()
    if style == "trailing_bits":
        # The unused low bits of the last character set: 20 characters carry 100 bits for 96.
        text = b32(e["secret_bytes"])
        assert (len(e["secret_bytes"]) * 8) % 5 != 0
        return text[:-1] + B32_ALPHABET[B32_ALPHABET.index(text[-1]) | 1]
    if style == "extra_char":
        # One character more than whole bytes need (17 for 10 bytes), as a mistyped copy has.
        return b32(e["secret_bytes"]) + "Q"
    return b32(e["secret_bytes"])


def warned_by_text(pairs):
    """The ids whose written secret (id, text) is neither canonical nor canonical with RFC 4648
    padding: those accounts must come with a warning."""
    return [i for i, text in pairs
            if text not in (b32(BY_ID[i]["secret_bytes"]), b32_padded(BY_ID[i]["secret_bytes"]))]


def warned_ids(ids):
    """The accounts of a format that keeps the written secret which come with a warning."""
    return [i for i in ids if BY_ID[i]["secret_style"] != "upper"]


def rand_bytes(n):
    return RNG.randbytes(n)


def rand_uuid():
    return str(uuid.UUID(bytes=rand_bytes(16), version=4))


def write(name, data, binary=False):
    path = os.path.join(HERE, name)
    with open(path, "wb" if binary else "w", encoding=None if binary else "utf-8", newline="" if not binary else None) as f:
        f.write(data)


def dumps(obj, indent=None):
    return json.dumps(obj, ensure_ascii=False, indent=indent, separators=None if indent else (",", ":"))


def pct(text, safe=""):
    """RFC 3986 percent-encoding of UTF-8 (what most QR code generators write)."""
    return urllib.parse.quote(text, safe=safe)


def generic_uri(e, steam_as="steam"):
    """An otpauth URI as a site's QR code would hold it, per the entry's uri_style."""
    kind = e["type"]
    if kind == "steam":
        kind = "steam" if steam_as == "steam" else "totp"
    issuer, label, style = e["issuer"], e["label"], e["uri_style"]
    label_enc = pct(label, safe="@+")
    if style == "both":
        path = pct(issuer) + ":" + label_enc
    elif style == "prefix":
        path = pct(issuer) + ":" + label_enc
    elif style == "differ":
        path = pct(e["label_prefix"]) + ":" + label_enc
    else:  # "param", "none"
        path = pct(label, safe="+")  # '@' encoded on purpose: %40 must decode
    params = [("secret", written_secret(e).replace("=", "%3D"))]
    if style in ("both", "param", "differ"):
        # Form-style '+' for spaces, as server-side encoders write it.
        params.append(("issuer", urllib.parse.quote_plus(issuer)))
    if not e["defaults"] and e["type"] != "steam":
        params.append(("algorithm", e["algorithm"]))
        params.append(("digits", str(e["digits"])))
        if e["type"] == "hotp":
            params.append(("counter", str(e["counter"])))
        else:
            params.append(("period", str(e["period"])))
    elif e["type"] == "hotp":
        params.append(("counter", str(e["counter"])))
    if e["type"] == "steam" and steam_as == "encoder":
        params.append(("encoder", "steam"))
    query = "&".join(f"{k}={v}" for k, v in params)
    return f"otpauth://{kind}/{path}?{query}"


def manifest_entry(file, fmt, ids, password=None, overrides=None, metadata=(), skipped=0, warned=()):
    """`warned`: the ids whose secret the file holds in a non-canonical spelling, so that the
    import must carry a warning for them (and for no other)."""
    return dict(file=file, format=fmt, password_file=(file + ".password") if password else None, ids=ids,
                overrides=overrides or {}, metadata=list(metadata), skipped=skipped, warned=list(warned))


def aes_gcm(key, nonce, plaintext, aad=None):
    """AES-256-GCM; returns (ciphertext, tag)."""
    sealed = AESGCM(key).encrypt(nonce, plaintext, aad)
    return sealed[:-16], sealed[-16:]


MANIFEST = []

# --- Aegis -----------------------------------------------------------------------
# docs/vault.md; vault/VaultEntry.java, VaultEntryIcon.java, VaultGroup.java, Vault.java (content
# version 3), slots/Slot.java and PasswordSlot.java (slot JSON), OtpInfo/TotpInfo/HotpInfo/SteamInfo.


def aegis_entry(e, group_uuids, old_groups=False):
    info = {"secret": b32(e["secret_bytes"]), "algo": e["algorithm"], "digits": e["digits"]}
    if e["type"] == "hotp":
        info["counter"] = e["counter"]
    else:
        info["period"] = e["period"]
    obj = {
        "type": e["type"],
        "uuid": rand_uuid(),
        "name": e["label"],
        "issuer": e["issuer"] or "",
        "note": e["note"] or "",
        "favorite": e["favourite"],
        "icon": None,
        "info": info,
    }
    if e["id"] == "github":
        mime = "image/png"
        obj["icon"] = base64.b64encode(ICON_PNG).decode()
        obj["icon_mime"] = mime
        obj["icon_hash"] = hashlib.sha256(mime.encode() + ICON_PNG).hexdigest()
    if old_groups:
        obj["group"] = e["groups"][0] if e["groups"] else None
    else:
        obj["groups"] = [group_uuids[g] for g in e["groups"]]
    return obj


def aegis_content(version):
    names = []
    for e in ENTRIES:
        for g in e["groups"]:
            if g not in names:
                names.append(g)
    group_uuids = {name: rand_uuid() for name in names}
    content = {"version": version, "entries": [aegis_entry(e, group_uuids, old_groups=version < 3) for e in ENTRIES]}
    if version >= 3:
        content["groups"] = [{"uuid": group_uuids[n], "name": n} for n in names]
        content["icons_optimized"] = True
    return content


def aegis_password_slot(password, master_key):
    salt = rand_bytes(32)
    n, r, p = 32768, 8, 1
    derived = Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(password.encode("utf-8"))
    nonce = rand_bytes(12)
    ct, tag = aes_gcm(derived, nonce, master_key)
    return {"type": 1, "uuid": rand_uuid(), "key": ct.hex(), "key_params": {"nonce": nonce.hex(), "tag": tag.hex()},
            "n": n, "r": r, "p": p, "salt": salt.hex(), "repaired": True, "is_backup": False}


def gen_aegis():
    ids = [e["id"] for e in ENTRIES]
    meta = ["groups", "note", "favourite", "icon"]
    plain = {"version": 1, "header": {"slots": None, "params": None}, "db": aegis_content(3)}
    write("aegis_plain.json", dumps(plain, indent=4))
    MANIFEST.append(manifest_entry("aegis_plain.json", "Aegis", ids, metadata=meta))

    old = {"version": 1, "header": {"slots": None, "params": None}, "db": aegis_content(2)}
    write("aegis_plain_v2.json", dumps(old, indent=4))
    MANIFEST.append(manifest_entry("aegis_plain_v2.json", "Aegis", ids, metadata=meta))

    password = "aegis ☃ passwörd"
    master = rand_bytes(32)
    other = aegis_password_slot("not the password", master)
    other["is_backup"] = True
    bio_nonce = rand_bytes(12)
    bio_ct, bio_tag = aes_gcm(rand_bytes(32), bio_nonce, master)
    biometric = {"type": 2, "uuid": rand_uuid(), "key": bio_ct.hex(),
                 "key_params": {"nonce": bio_nonce.hex(), "tag": bio_tag.hex()}}
    right = aegis_password_slot(password, master)
    nonce = rand_bytes(12)
    ct, tag = aes_gcm(master, nonce, dumps(aegis_content(3)).encode("utf-8"))
    vault = {"version": 1,
             "header": {"slots": [other, biometric, right], "params": {"nonce": nonce.hex(), "tag": tag.hex()}},
             "db": base64.b64encode(ct).decode()}
    write("aegis_encrypted.json", dumps(vault, indent=4))
    write("aegis_encrypted.json.password", password)
    MANIFEST.append(manifest_entry("aegis_encrypted.json", "Aegis", ids, password=True, metadata=meta))


# --- 2FAS ------------------------------------------------------------------------
# twofas/2fas-android: data/services/domain/BackupContent.kt (schema 4, Reference constant),
# BackupService.kt, BackupGroup.kt, mapper/ServiceMapper.kt (asBackup), otp/ServiceParser.kt
# ("Unknown" name, name == account => no account), core/cipher (PBKDF2WithHmacSHA256, 10,000
# iterations, 256-bit key, 256-byte salt, AES/GCM/NoPadding with a 12-byte IV, parts joined by ':').
# The JSON encoder leaves nulls out (explicitNulls = false), as real exports show.

TWOFAS_REFERENCE = ("tRViSsLKzd86Hprh4ceC2OP7xazn4rrt4xhfEUbOjxLX8Rc3mkISXE0lWbmnWfggogbBJhtYgpK6fMl1D6mtsy92R3HkdGfwuXbz"
                    "LebqVFJsR7IZ2w58t938iymwG4824igYy1wi6n2WDpO1Q1P69zwJGs2F5a1qP4MyIiDSD7NCV2OvidXQCBnDlGfmz0f1BQySRk"
                    "kt4ryiJeCjD2o4QsveJ9uDBUn8ELyOrESv5R5DMDkD4iAF8TXU7KyoJujd")

TWOFAS_IDS = [e["id"] for e in ENTRIES if e["id"] != "hotp_large"]  # counter is a 32-bit Int


def twofas_service(e, position, group_ids):
    name = e["issuer"] if e["issuer"] else "Unknown"
    otp = {"link": generic_uri(e), "label": e["label"], "account": e["label"]}
    if e["issuer"]:
        otp["issuer"] = e["issuer"]
    if not e["defaults"]:
        otp["digits"] = e["digits"]
        if e["type"] != "hotp":
            otp["period"] = e["period"]
        otp["algorithm"] = e["algorithm"]
    if e["type"] == "hotp":
        otp["counter"] = e["counter"]
    otp["tokenType"] = e["type"].upper()
    otp["source"] = "Manual" if e["defaults"] else "Link"
    service = {"name": name, "secret": written_secret(e), "updatedAt": STAMP_MS + position, "otp": otp,
               "order": {"position": position},
               "icon": {"selected": "Label", "label": {"text": name[:2].upper(), "backgroundColor": "LightBlue"},
                        "iconCollection": {"id": "a5b3fb65-4ec5-43e6-8ec1-49e24ca9e7ad"}}}
    if e["groups"]:
        service["groupId"] = group_ids[e["groups"][0]]
    return service


def twofas_encrypt(password, salt, plaintext):
    key = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, 10_000, 32)
    iv = rand_bytes(12)
    ct, tag = aes_gcm(key, iv, plaintext.encode("utf-8"))
    enc = lambda b: base64.b64encode(b).decode()
    return f"{enc(ct + tag)}:{enc(salt)}:{enc(iv)}"


def gen_twofas():
    entries = [BY_ID[i] for i in TWOFAS_IDS]
    names = []
    for e in entries:
        for g in e["groups"][:1]:
            if g not in names:
                names.append(g)
    group_ids = {n: rand_uuid() for n in names}
    groups = [{"id": group_ids[n], "name": n, "isExpanded": True, "updatedAt": STAMP_MS} for n in names]
    services = [twofas_service(e, i, group_ids) for i, e in enumerate(entries)]
    overrides = {}
    head = {"updatedAt": STAMP_MS + 999, "schemaVersion": 4, "appVersionCode": 5000012, "appVersionName": "5.4.1",
            "appOrigin": "android"}
    plain = {"services": services, "groups": groups, **head}
    write("twofas_plain.2fas", dumps(plain))
    MANIFEST.append(manifest_entry("twofas_plain.2fas", "TwoFas", TWOFAS_IDS, overrides=overrides, metadata=["groups"],
                                   warned=warned_ids(TWOFAS_IDS)))

    password = "2fas-test-password"
    salt = rand_bytes(256)
    encrypted = {"services": [], "groups": groups, **head,
                 "servicesEncrypted": twofas_encrypt(password, salt, dumps(services)),
                 "reference": twofas_encrypt(password, salt, TWOFAS_REFERENCE)}
    write("twofas_encrypted.2fas", dumps(encrypted))
    write("twofas_encrypted.2fas.password", password)
    MANIFEST.append(manifest_entry("twofas_encrypted.2fas", "TwoFas", TWOFAS_IDS, password=True, overrides=overrides,
                                   metadata=["groups"], warned=warned_ids(TWOFAS_IDS)))


# --- andOTP ----------------------------------------------------------------------
# andOTP/andOTP: Database/Entry.java (toJSON: period only for TOTP, counter only for HOTP; issuer
# key absent when null; secret from commons-codec Base32, upper case with '=' padding),
# Utilities/BackupHelper.java + EncryptionHelper.java + Constants.java (PBKDF2WithHmacSHA1,
# 140,000-160,000 iterations, 12-byte salt, 256-bit key, AES/GCM/NoPadding, 12-byte IV:
# iterations (4 bytes, big-endian) | salt | IV | ciphertext | tag). Before 0.6.3 the key was
# SHA-256(password) and the file IV | ciphertext | tag; labels then were "Issuer - account".


def andotp_entry(e, old_style=False):
    obj = {"secret": b32_padded(e["secret_bytes"])}
    if old_style:
        obj["label"] = f"{e['issuer']} - {e['label']}" if e["issuer"] else e["label"]
    else:
        if e["issuer"]:
            obj["issuer"] = e["issuer"]
        # Scanned QR codes keep the whole label, prefix included.
        obj["label"] = f"{e['issuer']}:{e['label']}" if e["id"] == "github" else e["label"]
    obj.update({"digits": e["digits"], "type": e["type"].upper(), "algorithm": e["algorithm"],
                "thumbnail": "Default", "last_used": STAMP_MS, "used_frequency": 3})
    if e["type"] == "totp":
        obj["period"] = e["period"]
    elif e["type"] == "hotp":
        obj["counter"] = e["counter"]
    obj["tags"] = list(e["groups"])
    return obj


def gen_andotp():
    ids = [e["id"] for e in ENTRIES]
    plain = dumps([andotp_entry(e) for e in ENTRIES])
    write("andotp_plain.json", plain)
    MANIFEST.append(manifest_entry("andotp_plain.json", "AndOtp", ids, metadata=["groups"]))

    password = "andotp-test-password"
    iterations = 150_000
    salt = rand_bytes(12)
    key = hashlib.pbkdf2_hmac("sha1", password.encode("utf-8"), salt, iterations, 32)
    iv = rand_bytes(12)
    ct, tag = aes_gcm(key, iv, plain.encode("utf-8"))
    write("andotp_encrypted.json.aes", struct.pack(">I", iterations) + salt + iv + ct + tag, binary=True)
    write("andotp_encrypted.json.aes.password", password)
    MANIFEST.append(manifest_entry("andotp_encrypted.json.aes", "AndOtpEncrypted", ids, password=True,
                                   metadata=["groups"]))

    # The old format predates tags and the issuer field.
    old_entries = []
    for e in ENTRIES:
        o = andotp_entry(e, old_style=True)
        o.pop("tags")
        o.pop("thumbnail")
        o.pop("last_used")
        o.pop("used_frequency")
        old_entries.append(o)
    old_password = "andotp-old-password"
    key = hashlib.sha256(old_password.encode("utf-8")).digest()
    iv = rand_bytes(12)
    ct, tag = aes_gcm(key, iv, dumps(old_entries).encode("utf-8"))
    write("andotp_encrypted_old.json.aes", iv + ct + tag, binary=True)
    write("andotp_encrypted_old.json.aes.password", old_password)
    MANIFEST.append(manifest_entry("andotp_encrypted_old.json.aes", "AndOtpEncrypted", ids, password=True))


# --- Bitwarden -------------------------------------------------------------------
# bitwarden/clients: the unencrypted individual JSON export (encrypted: false, folders, items;
# item type 1 = login with login.totp; type 2 = secure note without login). login.totp is what
# the user stored: an otpauth URI, steam://SECRET, or a bare base32 secret.


def gen_bitwarden():
    folder_names = []
    for e in ENTRIES:
        for g in e["groups"][:1]:
            if g not in folder_names:
                folder_names.append(g)
    folder_ids = {n: rand_uuid() for n in folder_names}
    bare = {"defaults", "short80"}
    items = []
    overrides = {}
    for e in ENTRIES:
        if e["type"] == "steam":
            totp = "steam://" + b32(e["secret_bytes"])
            name = e["issuer"]
        elif e["id"] in bare:
            totp = written_secret(e)
            name = e["issuer"]
        else:
            totp = generic_uri(e)
            name = e["issuer"] or "Example Mail"
            if not e["issuer"]:
                # A URI without an issuer takes the item's name.
                overrides[e["id"]] = {"issuer": name}
        items.append({
            "passwordHistory": None, "revisionDate": "2023-11-14T22:13:20.000Z",
            "creationDate": "2023-11-14T22:13:20.000Z", "deletedDate": None, "id": rand_uuid(),
            "organizationId": None, "folderId": folder_ids[e["groups"][0]] if e["groups"] else None,
            "type": 1, "reprompt": 0, "name": name, "notes": e["note"], "favorite": e["favourite"],
            "login": {"fido2Credentials": [], "uris": [{"match": None, "uri": "https://example.com/login"}],
                      "username": e["label"], "password": "hunter2", "totp": totp},
            "collectionIds": None,
        })
    # Two items without a code: a login without TOTP and a secure note.
    items.insert(3, {
        "passwordHistory": None, "revisionDate": "2023-11-14T22:13:20.000Z",
        "creationDate": "2023-11-14T22:13:20.000Z", "deletedDate": None, "id": rand_uuid(),
        "organizationId": None, "folderId": None, "type": 1, "reprompt": 0, "name": "Example Forum",
        "notes": None, "favorite": False,
        "login": {"fido2Credentials": [], "uris": [], "username": "forum-user", "password": "hunter3", "totp": None},
        "collectionIds": None})
    items.append({
        "passwordHistory": None, "revisionDate": "2023-11-14T22:13:20.000Z",
        "creationDate": "2023-11-14T22:13:20.000Z", "deletedDate": None, "id": rand_uuid(),
        "organizationId": None, "folderId": None, "type": 2, "reprompt": 0, "name": "Wi-Fi password",
        "notes": "correct horse battery staple", "favorite": False, "secureNote": {"type": 0},
        "collectionIds": None})
    export = {"encrypted": False, "folders": [{"id": folder_ids[n], "name": n} for n in folder_names],
              "items": items}
    write("bitwarden.json", dumps(export, indent=2))
    warned = warned_ids(e["id"] for e in ENTRIES if e["type"] != "steam")
    MANIFEST.append(manifest_entry("bitwarden.json", "Bitwarden", [e["id"] for e in ENTRIES], overrides=overrides,
                                   metadata=["groups", "note", "favourite"], skipped=2, warned=warned))

    # The same vault as Bitwarden's CSV export (bitwarden/clients BitwardenCsvIndividualExportType:
    # papaparse's unparse, so RFC 4180 quoting; favorite 1 or empty; type login / note).
    import csv
    import io

    out = io.StringIO()
    columns = ["folder", "favorite", "type", "name", "notes", "fields", "reprompt", "login_uri", "login_username",
               "login_password", "login_totp"]
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    folder_names_by_id = {v: k for k, v in folder_ids.items()}
    for item in items:
        login = item.get("login") or {}
        writer.writerow([folder_names_by_id.get(item["folderId"], ""), "1" if item["favorite"] else "",
                         "login" if item["type"] == 1 else "note", item["name"], item["notes"] or "", "",
                         item["reprompt"], ",".join(u["uri"] for u in login.get("uris", [])),
                         login.get("username") or "", login.get("password") or "", login.get("totp") or ""])
    write("bitwarden.csv", out.getvalue())
    MANIFEST.append(manifest_entry("bitwarden.csv", "Bitwarden", [e["id"] for e in ENTRIES], overrides=overrides,
                                   metadata=["groups", "note", "favourite"], skipped=2, warned=warned))


# --- Ente Auth ---------------------------------------------------------------------
# ente-io/ente auth/lib/models/code.dart (toOTPAuthUrlFormat: the stored URI with a
# `codeDisplay` query parameter holding code_display.dart's JSON), export_widget.dart
# (plain text: each code's raw data on its own line). Dart's Uri.replace(queryParameters:)
# re-encodes every query value form-style: unreserved -._~ kept, space as '+', the rest %XX;
# the path keeps ASCII punctuation and percent-encodes spaces and non-ASCII.


def dart_form(value):
    return urllib.parse.quote_plus(value, safe="-._~")


def dart_path(decoded):
    return urllib.parse.quote(decoded, safe="/:@&+$,;=!*'()-._~")


def ente_line(e, display):
    raw = generic_uri(e)
    scheme_rest = raw.split("://", 1)[1]
    kind, rest = scheme_rest.split("/", 1)
    path, query = rest.split("?", 1)
    params = []
    for pair in query.split("&"):
        k, v = pair.split("=", 1)
        params.append((k, urllib.parse.unquote_plus(v)))
    params.append(("codeDisplay", dumps(display)))
    new_query = "&".join(f"{k}={dart_form(v)}" for k, v in params)
    return f"otpauth://{kind}/{dart_path(urllib.parse.unquote(path))}?{new_query}"


def gen_ente():
    lines = []
    for i, e in enumerate(ENTRIES):
        display = {"pinned": e["favourite"], "trashed": False, "lastUsedAt": 0, "tapCount": 2, "tags": e["groups"],
                   "note": e["note"] or "", "position": i, "iconSrc": "", "iconID": ""}
        lines.append(ente_line(e, display))
    trashed = dict(BY_ID["defaults"], id="trashed", issuer="Old Service", label="old")
    lines.insert(5, ente_line(trashed, {"pinned": False, "trashed": True, "lastUsedAt": 0, "tapCount": 0, "tags": [],
                                        "note": "", "position": 99, "iconSrc": "", "iconID": ""}))
    write("ente_auth.txt", "".join(line + "\n" for line in lines))
    MANIFEST.append(manifest_entry("ente_auth.txt", "Ente", [e["id"] for e in ENTRIES],
                                   metadata=["groups", "note", "favourite"], skipped=1,
                                   warned=warned_ids(e["id"] for e in ENTRIES)))


# --- FreeOTP+ ---------------------------------------------------------------------
# helloworld1/FreeOTPPlus token-data: legacy/ImportExportUtil.kt (exportJsonFile: Gson of
# SavedTokens(tokens, tokenOrder)), MigrationUtil.kt (OtpToken -> OtpTokenFactory.toUri -> legacy
# Token), OtpTokenFactory.kt (toUri writes no issuer parameter; counter + 1), legacy/Token.java
# (issuerExt = label prefix, counter = URI counter - 1, secret as a byte array; Gson leaves nulls
# out). The two shifts cancel: the JSON holds the token's own counter, which FreeOTP+ makes its next
# code from (TokenCodeUtil.generateTokenCode, then incrementCounter). Steam is a TOTP whose issuer
# is exactly "Steam", with 5 digits.


def gen_freeotp_plus():
    tokens = []
    order = []
    for e in ENTRIES:
        counter = e["counter"] if e["type"] == "hotp" else 0
        tokens.append({
            "algo": e["algorithm"], "counter": counter, "digits": e["digits"],
            "issuerExt": e["issuer"] or "", "label": e["label"],
            "period": e.get("period") or 30,
            "secret": [b - 256 if b > 127 else b for b in e["secret_bytes"]],
            "type": "HOTP" if e["type"] == "hotp" else "TOTP",
        })
        order.append(f"{e['issuer']}:{e['label']}" if e["issuer"] else e["label"])
    write("freeotp_plus.json", dumps({"tokenOrder": order, "tokens": tokens}))
    MANIFEST.append(manifest_entry("freeotp_plus.json", "FreeOtpPlus", [e["id"] for e in ENTRIES]))


# --- Proton Authenticator -----------------------------------------------------------
# protonpass/proton-pass-common proton-authenticator/src/entry/exporter.rs (version 1; entries of
# id, content {uri, entry_type "Totp" | "Steam", name}, note), proton-pass-totp/src/totp.rs
# (to_uri: path = label via url's set_path, then secret, issuer, algorithm, digits, period as
# form-encoded query pairs), steam.rs (steam://BASE32). TOTP and Steam only: no HOTP.

PROTON_IDS = [e["id"] for e in ENTRIES if e["type"] != "hotp"]


def url_path(text):
    return urllib.parse.quote(text, safe="!$&'()*+,;=:@-._~")


def proton_uri(e):
    query = [("secret", written_secret(e))]
    if e["issuer"]:
        query.append(("issuer", e["issuer"]))
    query += [("algorithm", e["algorithm"]), ("digits", str(e["digits"])), ("period", str(e["period"]))]
    encoded = "&".join(f"{k}={urllib.parse.quote_plus(v, safe='*-._')}" for k, v in query)
    return f"otpauth://totp/{url_path(e['label'])}?{encoded}"


def gen_proton():
    entries = []
    for i in PROTON_IDS:
        e = BY_ID[i]
        if e["type"] == "steam":
            content = {"uri": "steam://" + b32(e["secret_bytes"]), "entry_type": "Steam", "name": e["label"]}
        else:
            content = {"uri": proton_uri(e), "entry_type": "Totp", "name": e["label"]}
        entries.append({"id": rand_uuid(), "content": content, "note": e["note"]})
    write("proton_authenticator.json", dumps({"version": 1, "entries": entries}))
    MANIFEST.append(manifest_entry("proton_authenticator.json", "Proton", PROTON_IDS, metadata=["note"],
                                   warned=warned_ids(i for i in PROTON_IDS if BY_ID[i]["type"] != "steam")))


# --- Authenticator Pro / Stratum ---------------------------------------------------
# stratumauth/app (jamie-mh/AuthenticatorPro) doc/BACKUP_FORMAT.md: Authenticators (Type 1 HOTP,
# 2 TOTP, 4 Steam; Algorithm 0/1/2; secret upper-case base32, '=' allowed), Categories (Id = first
# 8 hex digits of SHA-1 of the name), AuthenticatorCategories binding by secret. Counter is a C#
# int. Encrypted (Aegis StratumImporter, the app's BackupService): "AUTHENTICATORPRO" | salt 16 |
# IV 12 | AES-256-GCM(JSON) with the tag appended; key = Argon2id(3 passes, 64 MiB, 4 lanes).

AUTHPRO_IDS = [e["id"] for e in ENTRIES if e.get("counter", 0) < 2 ** 31]


def authpro_backup(entries):
    names = []
    for e in entries:
        for g in e["groups"]:
            if g not in names:
                names.append(g)
    cat_id = {n: hashlib.sha1(n.encode()).hexdigest()[:8] for n in names}
    auths, bindings = [], []
    for rank, e in enumerate(entries):
        secret = written_secret(e).upper()
        auths.append({
            "Type": {"hotp": 1, "totp": 2, "steam": 4}[e["type"]], "Icon": None,
            "Issuer": e["issuer"] or "", "Username": e["label"], "Secret": secret, "Pin": None,
            "Algorithm": {"SHA1": 0, "SHA256": 1, "SHA512": 2}[e["algorithm"]],
            "Digits": e["digits"], "Period": e.get("period") or 30, "Counter": e.get("counter", 0),
            "CopyCount": 0, "Ranking": rank})
        for r, g in enumerate(e["groups"]):
            bindings.append({"CategoryId": cat_id[g], "AuthenticatorSecret": secret, "Ranking": r})
    return {"Authenticators": auths,
            "Categories": [{"Id": cat_id[n], "Name": n, "Ranking": i} for i, n in enumerate(names)],
            "AuthenticatorCategories": bindings, "CustomIcons": []}


def gen_authpro():
    from argon2.low_level import Type, hash_secret_raw

    entries = [BY_ID[i] for i in AUTHPRO_IDS]
    # The app has no issuer-less accounts ("the issuer must not be null or blank"): Twofold reads
    # a blank one as none, which is what the canonical account says.
    plain = dumps(authpro_backup(entries), indent=2)
    warned = warned_by_text((e["id"], written_secret(e).upper()) for e in entries)
    write("authenticator_pro.json", plain)
    MANIFEST.append(manifest_entry("authenticator_pro.json", "AuthenticatorPro", AUTHPRO_IDS, metadata=["groups"],
                                   warned=warned))

    password = "stratum pässword"
    salt, iv = rand_bytes(16), rand_bytes(12)
    key = hash_secret_raw(password.encode("utf-8"), salt, time_cost=3, memory_cost=65536, parallelism=4,
                          hash_len=32, type=Type.ID)
    ct, tag = aes_gcm(key, iv, plain.encode("utf-8"))
    write("authenticator_pro.authpro", b"AUTHENTICATORPRO" + salt + iv + ct + tag, binary=True)
    write("authenticator_pro.authpro.password", password)
    MANIFEST.append(manifest_entry("authenticator_pro.authpro", "AuthenticatorPro", AUTHPRO_IDS, password=True,
                                   metadata=["groups"], warned=warned))


# --- LastPass Authenticator -----------------------------------------------------------
# The export as 2FAS (2fas-ios LastPassData.swift) and Bitwarden Authenticator
# (LastPassJsonExport.kt) read it: version 3, accounts with issuerName/originalIssuerName,
# userName/originalUserName, secret (upper-case base32), timeStep, digits, algorithm, isFavorite,
# folderData.folderId; folders with integer ids. TOTP only.

LASTPASS_IDS = [e["id"] for e in ENTRIES if e["type"] == "totp"]


def gen_lastpass():
    entries = [BY_ID[i] for i in LASTPASS_IDS]
    folders = []
    for e in entries:
        for g in e["groups"][:1]:
            if g not in folders:
                folders.append(g)
    accounts = []
    for e in entries:
        account = {
            "accountID": rand_uuid(), "lmiUserId": "", "issuerName": e["issuer"] or "",
            # A renamed account keeps what the QR code said beside it.
            "originalIssuerName": e.get("label_prefix") or e["issuer"] or "",
            "userName": e["label"], "originalUserName": e["label"], "pushNotification": False,
            "secret": written_secret(e).upper(), "timeStep": e["period"], "digits": e["digits"],
            "creationTimestamp": STAMP_MS, "isFavorite": e["favourite"], "algorithm": e["algorithm"],
        }
        if e["groups"]:
            account["folderData"] = {"folderId": folders.index(e["groups"][0]) + 1, "position": 0}
        accounts.append(account)
    export = {"deviceId": "", "deviceSecret": "", "localDeviceId": rand_uuid(), "deviceName": "Pixel 8",
              "version": 3, "accounts": accounts,
              "folders": [{"id": i + 1, "name": n, "isOpened": True} for i, n in enumerate(folders)]}
    write("lastpass_authenticator.json", dumps(export))
    MANIFEST.append(manifest_entry("lastpass_authenticator.json", "LastPass", LASTPASS_IDS,
                                   metadata=["groups", "favourite"],
                                   warned=warned_by_text((e["id"], written_secret(e).upper()) for e in entries)))


# --- FreeOTP 2 ---------------------------------------------------------------------------
# freeotp/freeotp-android: TokenPersistence.copyBackupToExternal (ObjectOutputStream.writeObject of
# the backup preferences, a HashMap<String, String>), save (uuid -> {"key": EncryptedKey JSON},
# uuid-token -> Token JSON), MasterKey.java (PBKDF2withHmacSHA512, 100,000 iterations, 32-byte salt,
# a random AES key sealed with token "AES"), EncryptedKey.java (AES/GCM/NoPadding, AAD = the key's
# algorithm name, parameters = DER GCMParameters), Token.java (Gson field names; counter is the next
# one, mCounter++). The Java serialization is written here from the Object Serialization spec.


def java_utf(text):
    """Java's modified UTF-8 (writeUTF without the length): CESU-8, U+0000 as C0 80."""
    out = bytearray()
    units = text.encode("utf-16-be")
    for i in range(0, len(units), 2):
        u = (units[i] << 8) | units[i + 1]
        if 0 < u < 0x80:
            out.append(u)
        elif u < 0x800:
            out += bytes([0xC0 | u >> 6, 0x80 | u & 0x3F])
        else:
            out += bytes([0xE0 | u >> 12, 0x80 | (u >> 6) & 0x3F, 0x80 | u & 0x3F])
    return bytes(out)


def java_hashmap(pairs):
    utf = lambda t: struct.pack(">H", len(java_utf(t))) + java_utf(t)
    out = b"\xac\xed\x00\x05" + b"\x73\x72" + utf("java.util.HashMap") + struct.pack(">q", 362498820763181265)
    out += b"\x03" + struct.pack(">H", 2) + b"F" + utf("loadFactor") + b"I" + utf("threshold") + b"\x78\x70"
    out += struct.pack(">fi", 0.75, 48) + b"\x77\x08" + struct.pack(">ii", 64, len(pairs))
    for k, v in pairs:
        for text in (k, v):
            out += b"\x74" + utf(text)
    return out + b"\x78"


def signed(data):
    return [b - 256 if b > 127 else b for b in data]


def freeotp_sealed(key, plaintext, token):
    nonce = rand_bytes(12)
    ct, tag = aes_gcm(key, nonce, plaintext, token.encode())
    params = b"\x30\x11\x04\x0c" + nonce + b"\x02\x01\x10"
    return {"mCipher": "AES/GCM/NoPadding", "mCipherText": signed(ct + tag), "mParameters": signed(params),
            "mToken": token}


def freeotp_token(e):
    """Gson of Token, fields in declaration order, nulls left out; as scanned from generic_uri(e)."""
    style = e["uri_style"]
    prefix = {"both": e["issuer"], "prefix": e["issuer"], "differ": e.get("label_prefix")}.get(style)
    param = e["issuer"] if style in ("both", "param", "differ") else None
    token = {"algo": e["algorithm"]}
    if prefix:
        token["issuerExt"] = prefix
    if param:
        token["issuerInt"] = param
    if style == "differ":
        # Renamed in FreeOTP to the issuer the parameter gives.
        token["issuerAlt"] = e["issuer"]
    token["label"] = e["label"]
    if e["type"] != "hotp":
        token["period"] = e["period"]
    token["digits"] = e["digits"]
    token["type"] = "HOTP" if e["type"] == "hotp" else "TOTP"
    if e["type"] == "hotp":
        token["counter"] = e["counter"]
    return token


def gen_freeotp():
    password = "freeotp-backup-pw"
    salt = rand_bytes(32)
    iterations = 100_000
    pw_key = hashlib.pbkdf2_hmac("sha512", password.encode("utf-8"), salt, iterations, 32)
    master = rand_bytes(32)
    master_json = {"mAlgorithm": "PBKDF2withHmacSHA512",
                   "mEncryptedKey": freeotp_sealed(pw_key, master, "AES"),
                   "mIterations": iterations, "mSalt": signed(salt)}
    pairs = []
    for i, e in enumerate(ENTRIES):
        uuid_ = rand_uuid()
        sealed = freeotp_sealed(master, e["secret_bytes"], "Hmac" + e["algorithm"])
        key_entry = (uuid_, dumps({"key": dumps(sealed)}))
        token_entry = (uuid_ + "-token", dumps(freeotp_token(e)))
        # Hash order is not insertion order: the token sometimes comes before its key.
        pairs += [token_entry, key_entry] if i % 3 == 1 else [key_entry, token_entry]
        if i == 4:
            pairs.append(("masterKey", dumps(master_json)))
    write("freeotp_backup.xml", java_hashmap(pairs), binary=True)
    write("freeotp_backup.xml.password", password)
    MANIFEST.append(manifest_entry("freeotp_backup.xml", "FreeOtp", [e["id"] for e in ENTRIES], password=True))


def gen_freeotp_v1():
    """FreeOTP 1.x's shared_prefs/tokens.xml (rooted phones; Aegis' FreeOtpImporter readV1): an
    Android SharedPreferences map (XmlUtils.writeMapXml: & < > " escaped, UTF-8 raw) of tokenOrder and
    one Gson Token per account, keyed "issuer:label", its secret a signed byte list."""
    from xml.sax.saxutils import escape

    esc = lambda t: escape(t, {'"': "&quot;"})
    keys, lines = [], []
    for e in ENTRIES:
        token = freeotp_token(e)
        token["secret"] = signed(e["secret_bytes"])
        key = (token.get("issuerExt") + ":" if token.get("issuerExt") else "") + e["label"]
        keys.append(key)
        lines.append(f'    <string name="{esc(key)}">{esc(dumps(token))}</string>')
    lines.insert(3, '    <boolean name="migrated" value="true" />')
    lines.insert(0, f'    <string name="tokenOrder">{esc(dumps(keys))}</string>')
    xml = "<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n" + "\n".join(lines) + "\n</map>\n"
    write("freeotp_tokens.xml", xml)
    MANIFEST.append(manifest_entry("freeotp_tokens.xml", "FreeOtp", [e["id"] for e in ENTRIES]))


# --- Steam Guard .maFile -------------------------------------------------------------
# Steam Desktop Authenticator's maFile (SteamAuth's SteamGuardAccount as JSON); Aegis'
# SteamImporter reads shared_secret (base64) and account_name, issuer "Steam".


def gen_steam():
    e = BY_ID["steam"]
    mafile = {"shared_secret": base64.b64encode(e["secret_bytes"]).decode(), "serial_number": "1234567890123456789",
              "revocation_code": "R12345", "uri": "otpauth://totp/Steam:" + e["label"] + "?secret="
              + b32(e["secret_bytes"]) + "&issuer=Steam", "server_time": 1699999000, "account_name": e["label"],
              "token_gid": "2c3f1e0d9b8a7f6e", "identity_secret": base64.b64encode(rand_bytes(20)).decode(),
              "secret_1": base64.b64encode(rand_bytes(20)).decode(), "status_code": 1,
              "device_id": "android:" + rand_uuid(), "fully_enrolled": True,
              "Session": {"SessionID": "0123456789abcdef", "SteamID": 76561197960287930}}
    write("steam_guard.maFile", dumps(mafile))
    MANIFEST.append(manifest_entry("steam_guard.maFile", "SteamGuard", ["steam"]))


# --- Google Authenticator -----------------------------------------------------------
# MigrationPayload protobuf (see ../migration/gen.py for the schema); 30-second TOTP only,
# six or eight digits, no Steam. Google writes `name` as the label it scanned.

GOOGLE_IDS = [e["id"] for e in ENTRIES
              if e["type"] != "steam" and e["digits"] in (6, 8) and e.get("period", 30) == 30]


def varint(n):
    if n < 0:
        n += 1 << 64
    out = bytearray()
    while True:
        low = n & 0x7F
        n >>= 7
        if n:
            out.append(low | 0x80)
        else:
            out.append(low)
            return bytes(out)


def f_varint(number, value):
    return b"" if value == 0 else varint(number << 3) + varint(value)


def f_bytes(number, data):
    return b"" if not data else varint(number << 3 | 2) + varint(len(data)) + data


def google_params(e):
    name = f"{e['issuer']}:{e['label']}" if e["issuer"] and e["uri_style"] != "param" else e["label"]
    alg = {"SHA1": 1, "SHA256": 2, "SHA512": 3}[e["algorithm"]]
    digits = {6: 1, 8: 2}[e["digits"]]
    kind = 1 if e["type"] == "hotp" else 2
    return (f_bytes(1, e["secret_bytes"]) + f_bytes(2, name.encode()) + f_bytes(3, (e["issuer"] or "").encode())
            + f_varint(4, alg) + f_varint(5, digits) + f_varint(6, kind) + f_varint(7, e.get("counter", 0)))


def gen_google():
    import segno

    batches = [GOOGLE_IDS[:6], GOOGLE_IDS[6:]]
    batch_id = 0x2F1E0D0C
    uris = []
    for index, ids in enumerate(batches):
        payload = b"".join(f_bytes(1, google_params(BY_ID[i])) for i in ids)
        payload += f_varint(2, 1) + f_varint(3, len(batches)) + f_varint(4, index) + f_varint(5, batch_id)
        data = urllib.parse.quote(base64.b64encode(payload).decode(), safe="")
        uris.append(f"otpauth-migration://offline?data={data}")
    write("google_export.txt", "".join(u + "\n" for u in uris))
    MANIFEST.append(manifest_entry("google_export.txt", "GoogleMigration", GOOGLE_IDS))
    for index, uri in enumerate(uris, start=1):
        qr = segno.make_qr(uri, error="m")
        qr.save(os.path.join(HERE, f"google_export_{index}.png"), scale=4, border=4)
        MANIFEST.append(manifest_entry(f"google_export_{index}.png", "GoogleMigration", batches[index - 1]))


# --- plain lists of otpauth URIs -------------------------------------------------------


def gen_otpauth_list():
    lines = ["# Exported for Twofold's tests: one account per line", ""]
    for e in ENTRIES:
        lines.append(generic_uri(e, steam_as="encoder"))
    write("otpauth_list.txt", "\r\n".join(lines) + "\r\n")
    MANIFEST.append(manifest_entry("otpauth_list.txt", "OtpauthList", [e["id"] for e in ENTRIES],
                                   warned=warned_ids(e["id"] for e in ENTRIES)))


# --- KeePassXC ---------------------------------------------------------------------------
# keepassxreboot/keepassxc: src/format/CsvExporter.cpp (every field quoted, "" for a quote, the
# header below, the group as its path from the root) and Totp::writeSettings(forceOtp = true)
# (otpauth://totp/<title or KeePassXC>:<username or none>?secret=&period=&digits=&issuer=<title>,
# then &encoder=steam, then &algorithm= unless SHA1; QUrl::toPercentEncoding). TOTP and Steam only.


def gen_keepassxc():
    q = lambda text: '"' + text.replace('"', '""') + '"'
    enc = lambda text: urllib.parse.quote(text, safe="-._~")
    rows = [["Group", "Title", "Username", "Password", "URL", "Notes", "TOTP", "Icon", "Last Modified", "Created"]]
    ids = []
    for e in ENTRIES:
        if e["type"] not in ("totp", "steam"):
            continue
        title, user = e["issuer"] or "", e["label"]
        link = (f"otpauth://totp/{enc(title) if title else 'KeePassXC'}:{enc(user) if user else 'none'}"
                f"?secret={b32(e['secret_bytes'])}&period={e.get('period') or 30}&digits={e['digits']}"
                f"&issuer={enc(title) if title else 'KeePassXC'}")
        if e["type"] == "steam":
            link += "&encoder=steam"
        if e["algorithm"] != "SHA1":
            link += "&algorithm=" + e["algorithm"]
        # Entries in the root group: no tag (the unit test in keepassxc.rs reads subgroups).
        rows.append(["Passwords", title, user, "pw, \"quoted\"", "https://example.com", "a note\nover two lines", link, "0",
                     "2024-05-01T10:00:00Z", "2024-05-01T10:00:00Z"])
        ids.append(e["id"])
    # An entry without a TOTP and one in the recycle bin: both left out, and counted.
    rows.insert(3, ["Passwords", "Mail", "me", "secret", "", "", "", "0", "", ""])
    rows.append(["Passwords/Recycle Bin", "Old", "x", "", "", "", "otpauth://totp/Old:x?secret=JBSWY3DPEHPK3PXP&period=30"
                 "&digits=6&issuer=Old", "0", "", ""])
    write("keepassxc.csv", "".join(",".join(q(c) for c in row) + "\n" for row in rows))
    MANIFEST.append(manifest_entry("keepassxc.csv", "KeePassXc", ids, skipped=2))


# --- canonical set and manifest ----------------------------------------------------------


def canonical():
    out = []
    for e in ENTRIES:
        out.append({
            "id": e["id"], "issuer": e["issuer"], "label": e["label"], "type": e["type"],
            "algorithm": e["algorithm"], "digits": e["digits"],
            "period": e.get("period") if e["type"] != "hotp" else None,
            "counter": e.get("counter") if e["type"] == "hotp" else None,
            "secret": b32(e["secret_bytes"]), "code": code_of(e),
            "groups": e["groups"], "note": e["note"], "favourite": e["favourite"],
            "icon": ("data:image/png;base64," + base64.b64encode(ICON_PNG).decode()) if e["id"] == "github" else None,
            "uri_style": e["uri_style"], "secret_style": e["secret_style"],
        })
        if "pin" in e:
            out[-1]["pin"] = e["pin"]
    return {"time": CODE_TIME, "entries": out}


def main():
    gen_aegis()
    gen_twofas()
    gen_andotp()
    gen_bitwarden()
    gen_ente()
    gen_freeotp_plus()
    gen_proton()
    gen_authpro()
    gen_lastpass()
    gen_freeotp()
    gen_freeotp_v1()
    gen_steam()
    gen_google()
    gen_otpauth_list()
    gen_keepassxc()
    __import__("gen_rooted").generate()
    __import__("gen_encrypted").generate(MANIFEST)
    __import__("gen_archives").main(MANIFEST)  # databases and zips: see gen_archives.py
    __import__("gen_pin_types").main(__import__("sys").modules[__name__])
    __import__("gen_sda").main(__import__("sys").modules[__name__])  # SDA's encrypted folder: see gen_sda.py
    write("canonical.json", dumps(canonical(), indent=2) + "\n")
    write("manifest.json", dumps({"fixtures": MANIFEST}, indent=2) + "\n")


if __name__ == "__main__":
    main()
