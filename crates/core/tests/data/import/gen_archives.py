#!/usr/bin/env python3
"""Fixtures of the formats that are SQLite databases or zip archives (issue 16), called from gen.py.

Independent of the Rust code: the databases are written by Python's `sqlite3` with the apps'
own schemas (copied from the apps' databases as Aegis' test files hold them), the zips are
written here byte by byte after PKWARE's APPNOTE (local headers, data descriptors, central
directory), deflated by `zlib`, and encrypted with ZipCrypto ("traditional PKWARE
encryption", APPNOTE 6.1) implemented below; Python's own `zipfile` then reads every archive
back with the password, a second implementation checking the first. (No PyPI package writes
ZipCrypto; the AES one is written by pyzipper, and read back by it.)

  google_authenticator.db        Google Authenticator's `databases` (WAL mode, as on a phone)
  microsoft_authenticator.db     Microsoft Authenticator's `PhoneFactor` (Room schema)
  authenticator_plus.zip         Authenticator Plus backup: ZipCrypto zip of Accounts.txt,
                                 deflated with a data descriptor (as zip4j writes it)
  authenticator_plus_aes.zip     its text and HTML export: Accounts.html and Accounts.txt,
                                 WinZip AES-256 (written by pyzipper)
  winauth.zip                    WinAuth zip export with a password (ZipCrypto, as SharpZipLib)
  winauth_plain.zip              the same without a password
  proton_pass.zip                Proton Pass export: Proton Pass/data.json (one vault, a
                                 trashed login and a note among the items)
"""

import base64
import json
import random
import sqlite3
import struct
import zipfile
import zlib
import io
import os
import urllib.parse

import gen as g

RNG = random.Random(20261204)
# 2024-01-02 03:04:06 as DOS time and date.
DOS_TIME = (3 << 11) | (4 << 5) | (6 // 2)
DOS_DATE = ((2024 - 1980) << 9) | (1 << 5) | 2


# --- ZipCrypto (APPNOTE 6.1.5) -------------------------------------------------------------

def _crc_table():
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (0xEDB88320 ^ (c >> 1)) if c & 1 else (c >> 1)
        table.append(c)
    return table


CRC_TABLE = _crc_table()


def crc_byte(crc, b):
    return CRC_TABLE[(crc ^ b) & 0xFF] ^ (crc >> 8)


class ZipCrypto:
    def __init__(self, password):
        self.k = [0x12345678, 0x23456789, 0x34567890]
        for b in password:
            self.update(b)

    def update(self, b):
        k0, k1, k2 = self.k
        k0 = crc_byte(k0, b)
        k1 = ((k1 + (k0 & 0xFF)) * 134775813 + 1) & 0xFFFFFFFF
        k2 = crc_byte(k2, k1 >> 24)
        self.k = [k0, k1, k2]

    def stream_byte(self):
        temp = (self.k[2] | 2) & 0xFFFF
        return ((temp * (temp ^ 1)) >> 8) & 0xFF

    def encrypt(self, data):
        out = bytearray()
        for b in data:
            out.append(b ^ self.stream_byte())
            self.update(b)
        return bytes(out)


# --- a zip writer after APPNOTE 4.3 ----------------------------------------------------------

def deflate(data):
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def make_zip(files, password=None, descriptor=False):
    """files: [(name, bytes or None for a folder)]. Deflated, ZipCrypto when `password`."""
    out = bytearray()
    central = bytearray()
    for name, data in files:
        name_b = name.encode()
        folder = data is None
        data = data or b""
        crc = zlib.crc32(data)
        method = 0 if folder else 8
        body = data if folder else deflate(data)
        flags = 0x800 if not name.isascii() else 0
        if password and not folder:
            flags |= 1
            # The check byte: the CRC's high byte, or the time's when a data descriptor follows.
            check = (DOS_TIME >> 8) if descriptor else (crc >> 24)
            header = RNG.randbytes(11) + bytes([check])
            body = ZipCrypto(password).encrypt(header + body)
        if descriptor and not folder:
            flags |= 8
        offset = len(out)
        sizes = (0, 0, 0) if descriptor and not folder else (crc, len(body), len(data))
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, method, DOS_TIME, DOS_DATE, *sizes,
                           len(name_b), 0) + name_b + body
        if descriptor and not folder:
            out += struct.pack("<IIII", 0x08074B50, crc, len(body), len(data))
        attrs = (0o40755 << 16) | 0x10 if folder else (0o100644 << 16)
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 0x031E, 20, flags, method, DOS_TIME, DOS_DATE,
                               crc, len(body), len(data), len(name_b), 0, 0, 0, 0, attrs, offset) + name_b
    cd_offset = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(files), len(files), len(central), cd_offset, 0)
    return bytes(out)


def check_zip(data, files, password=None):
    """Python's zipfile reads the archive back (with the password) to the same files."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name, content in files:
            if content is not None:
                assert z.read(name, pwd=password) == content, name


# --- Google Authenticator's and Microsoft Authenticator's databases ----------------------------
# Schemas as in Aegis' app/src/test/resources/.../importers/google_authenticator.sqlite and
# microsoft_authenticator.sqlite (the apps' own databases), fields as Aegis' GoogleAuthImporter
# and MicrosoftAuthImporter read them.

GOOGLE_SCHEMA = """
CREATE TABLE android_metadata (locale TEXT);
CREATE TABLE accounts (_id INTEGER PRIMARY KEY, email TEXT NOT NULL, secret TEXT NOT NULL,
  counter INTEGER DEFAULT 0, type INTEGER, provider INTEGER DEFAULT 0, issuer TEXT DEFAULT NULL,
  original_name TEXT DEFAULT NULL);
CREATE TABLE auditlog_timer (_id INTEGER NOT NULL PRIMARY KEY ON CONFLICT IGNORE CHECK (_id = 0),
  current_timer INTEGER NOT NULL,last_notified_id INTEGER NOT NULL,next_id INTEGER NOT NULL);
"""

MICROSOFT_SCHEMA = """
CREATE TABLE android_metadata (locale TEXT);
CREATE TABLE `accounts` (`_id` INTEGER PRIMARY KEY AUTOINCREMENT, `group_key` TEXT NOT NULL,
  `name` TEXT NOT NULL, `username` TEXT NOT NULL, `paws_url` TEXT NOT NULL,
  `oath_secret_key` TEXT NOT NULL, `oath_enabled` INTEGER NOT NULL, `cid` TEXT NOT NULL,
  `cached_pin` TEXT NOT NULL, `ngc_ski` TEXT NOT NULL, `aad_user_id` TEXT NOT NULL,
  `aad_tenant_id` TEXT NOT NULL, `account_type` INTEGER NOT NULL,
  `account_capability` INTEGER NOT NULL, `ux_position` INTEGER NOT NULL,
  `is_totp_code_shown` INTEGER NOT NULL, `encrypted_oath_secret_key` TEXT NOT NULL,
  `mfa_pin_encryption_key_alias` TEXT NOT NULL, `identity_provider` TEXT NOT NULL,
  `aad_ngc_totp_enabled` INTEGER NOT NULL, `aad_authority` TEXT NOT NULL,
  `restore_capability` INTEGER NOT NULL, `update_flags` INTEGER NOT NULL,
  `has_password` INTEGER NOT NULL, `aad_security_defaults_policy_enabled` INTEGER NOT NULL);
CREATE TABLE room_master_table (id INTEGER PRIMARY KEY,identity_hash TEXT);
"""

# Both apps make SHA-1, 6-digit, 30-second codes only (Google also HOTP).
PLAIN_SHA1 = [e["id"] for e in g.ENTRIES
              if e["algorithm"] == "SHA1" and e["digits"] == 6 and e.get("period", 30) == 30 and e["type"] != "steam"]
GOOGLE_DB_IDS = PLAIN_SHA1
MICROSOFT_IDS = [i for i in PLAIN_SHA1 if g.BY_ID[i]["type"] == "totp"]


def sqlite_bytes(name, schema, fill, wal=False):
    path = os.path.join(g.HERE, name)
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    db = sqlite3.connect(path)
    if wal:
        db.execute("PRAGMA journal_mode=WAL")
    db.executescript(schema)
    db.execute("INSERT INTO android_metadata VALUES ('en_US')")
    fill(db)
    db.commit()
    db.close()
    for suffix in ("-wal", "-shm"):
        assert not os.path.exists(path + suffix), "the database was not checkpointed"
    with open(path, "rb") as f:
        return f.read()


def google_email(e):
    # The app writes "Issuer:name" when the account had an issuer in its label.
    if e["uri_style"] == "differ":
        return f"{e['label_prefix']}:{e['label']}"
    if e["issuer"] and e["uri_style"] != "param":
        return f"{e['issuer']}:{e['label']}"
    return e["label"]


def gen_google_db():
    def fill(db):
        for i in GOOGLE_DB_IDS:
            e = g.BY_ID[i]
            issuer = e["issuer"] if e["uri_style"] not in ("prefix", "none") else None
            hotp = e["type"] == "hotp"
            db.execute("INSERT INTO accounts (email, secret, counter, type, provider, issuer, original_name) "
                       "VALUES (?, ?, ?, ?, 0, ?, ?)",
                       (google_email(e), g.written_secret(e), e.get("counter", 0) if hotp else 0, 1 if hotp else 0,
                        issuer, google_email(e)))
    data = sqlite_bytes("google_authenticator.db", GOOGLE_SCHEMA, fill, wal=True)
    assert data[18:20] == b"\x02\x02", "a WAL-mode database, as the phone keeps it"
    g.MANIFEST_REF.append(g.manifest_entry("google_authenticator.db", "GoogleAuthenticatorDb", GOOGLE_DB_IDS,
                                           warned=g.warned_ids(GOOGLE_DB_IDS)))


def gen_microsoft_db():
    def fill(db):
        for position, i in enumerate(MICROSOFT_IDS, start=1):
            e = g.BY_ID[i]
            db.execute("INSERT INTO accounts (group_key, name, username, paws_url, oath_secret_key, oath_enabled, "
                       "cid, cached_pin, ngc_ski, aad_user_id, aad_tenant_id, account_type, account_capability, "
                       "ux_position, is_totp_code_shown, encrypted_oath_secret_key, mfa_pin_encryption_key_alias, "
                       "identity_provider, aad_ngc_totp_enabled, aad_authority, restore_capability, update_flags, "
                       "has_password, aad_security_defaults_policy_enabled) "
                       "VALUES (?, ?, ?, '', ?, 0, '', '', '', '', '', 0, 1, ?, 1, '', '', ?, 0, '', 0, 0, 1, 0)",
                       ("0" * 32, e["issuer"] or "", e["label"], g.written_secret(e), position, e["issuer"] or ""))
    sqlite_bytes("microsoft_authenticator.db", MICROSOFT_SCHEMA, fill)
    g.MANIFEST_REF.append(g.manifest_entry("microsoft_authenticator.db", "MicrosoftAuthenticator", MICROSOFT_IDS,
                                           warned=g.warned_ids(MICROSOFT_IDS)))


# --- Authenticator Plus and WinAuth: zips of otpauth links -------------------------------------
# Aegis' AuthenticatorPlusImporter (zip4j, entry Accounts.txt, then its URI list reader); WinAuth's
# WinAuthHelper.ExportAuthenticators (SharpZipLib, Password set, one entry "<file>.txt") and
# WinAuthAuthenticator.ToUrl (extra `icon` parameter, ignored on reading; Steam as a `totp` link with
# digits=5, issuer Steam and WinAuth's `deviceid` and `data`, Steam's own JSON record).

LINK_IDS = [e["id"] for e in g.ENTRIES]
WINAUTH_IDS = LINK_IDS


def gen_authenticator_plus():
    password = "Plus pass ✓ 123"
    text = "".join(g.generic_uri(g.BY_ID[i], steam_as="encoder") + "\n" for i in LINK_IDS).encode()
    files = [("Accounts.txt", text)]
    data = make_zip(files, password=password.encode(), descriptor=True)
    check_zip(data, files, password.encode())
    g.write("authenticator_plus.zip", data, binary=True)
    g.write("authenticator_plus.zip.password", password)
    g.MANIFEST_REF.append(g.manifest_entry("authenticator_plus.zip", "AuthenticatorPlus", LINK_IDS, password=True,
                                           warned=g.warned_ids(LINK_IDS)))


def gen_authenticator_plus_aes():
    """Authenticator Plus' "Export as Text and HTML": Accounts.html and Accounts.txt in a zip sealed with
    WinZip AES-256 (as the one in OTPClient's tests is), written by PyPI's pyzipper (its salts drawn from
    RNG so the file is the same each run)."""
    import pyzipper
    import pyzipper.zipfile_aes as aes

    rng = random.Random(16_2017)  # its own, so the other fixtures stay as they are

    class Seeded:
        @staticmethod
        def new():
            return Seeded()

        def read(self, n):
            return rng.randbytes(n)

    aes.Random = Seeded
    password = "Plus AES pass"
    ids = LINK_IDS
    text = "".join(g.generic_uri(g.BY_ID[i], steam_as="encoder") + "\n" for i in ids).encode()
    html = b"<html><body><table><tr><td>(the same accounts)</td></tr></table></body></html>"
    out = io.BytesIO()
    with pyzipper.AESZipFile(out, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES) as z:
        z.setpassword(password.encode())
        for name, data in [("Accounts.html", html), ("Accounts.txt", text)]:
            info = z.zipinfo_cls(name, date_time=(2017, 9, 9, 12, 0, 0))
            info.compress_type = pyzipper.ZIP_DEFLATED
            z.writestr(info, data)
    data = out.getvalue()
    with pyzipper.AESZipFile(io.BytesIO(data)) as z:  # read back, the second implementation
        z.setpassword(password.encode())
        assert z.read("Accounts.txt") == text
    g.write("authenticator_plus_aes.zip", data, binary=True)
    g.write("authenticator_plus_aes.zip.password", password)
    g.MANIFEST_REF.append(g.manifest_entry("authenticator_plus_aes.zip", "AuthenticatorPlus", ids, password=True,
                                           warned=g.warned_ids(ids)))


def winauth_text():
    lines = []
    for n, i in enumerate(WINAUTH_IDS):
        e = g.BY_ID[i]
        if e["type"] == "steam":
            data = json.dumps({"shared_secret": base64.b64encode(e["secret_bytes"]).decode(), "account_name": e["label"],
                               "device_id": "android:3a1f"})
            lines.append("otpauth://totp/Steam:%s?secret=%s&digits=5&issuer=Steam&deviceid=%s&data=%s" % (
                e["label"], g.b32(e["secret_bytes"]), urllib.parse.quote_plus("android:3a1f"), urllib.parse.quote_plus(data)))
            continue
        uri = g.generic_uri(e)
        if n == 0:
            uri += "&icon=GitHub"
        lines.append(uri)
    return ("\r\n".join(lines) + "\r\n").encode()


def gen_winauth():
    password = "winauth-secret"
    files = [("winauth-2024-01-02.txt", winauth_text())]
    data = make_zip(files, password=password.encode())
    check_zip(data, files, password.encode())
    g.write("winauth.zip", data, binary=True)
    g.write("winauth.zip.password", password)
    g.MANIFEST_REF.append(g.manifest_entry("winauth.zip", "WinAuth", WINAUTH_IDS, password=True,
                                           warned=g.warned_ids(WINAUTH_IDS)))
    plain = make_zip(files)
    check_zip(plain, files)
    g.write("winauth_plain.zip", plain, binary=True)
    g.MANIFEST_REF.append(g.manifest_entry("winauth_plain.zip", "WinAuth", WINAUTH_IDS,
                                           warned=g.warned_ids(WINAUTH_IDS)))


# --- Proton Pass -----------------------------------------------------------------------------------
# protonpass/proton-pass-common proton-authenticator/src/parser/pass/mod.rs and its PassExport.zip:
# "Proton Pass/" folder entry, "Proton Pass/data.json" {version, userId, encrypted, vaults: {shareId:
# {name, description, display, items: [{itemId, shareId, data: {metadata, extraFields, type,
# content: {itemEmail, password, urls, totpUri, passkeys, itemUsername}}, state, pinned, ...}]}}}.
# Links Proton Pass made itself carry the label "Proton Pass" (the username is the item's).

PROTON_PASS_IDS = [e["id"] for e in g.ENTRIES if e["type"] == "totp"]


def pass_id():
    return base64.urlsafe_b64encode(RNG.randbytes(64)).decode()


def pass_item(share, name, kind, content, note="", pinned=False, state=1, extra=()):
    return {"itemId": pass_id(), "shareId": share,
            "data": {"metadata": {"name": name, "note": note, "itemUuid": str(g.uuid.UUID(bytes=RNG.randbytes(16)))},
                     "extraFields": list(extra), "platformSpecific": {"android": {"allowedApps": []}},
                     "type": kind, "content": content},
            "state": state, "aliasEmail": None, "contentFormatVersion": 6, "createTime": 1744359940,
            "modifyTime": 1744359940, "pinned": pinned, "shareCount": 0, "files": []}


def login(uri, username):
    return {"itemEmail": "", "password": "hunter2", "urls": [], "totpUri": uri, "passkeys": [],
            "itemUsername": username}


def gen_proton_pass():
    share = pass_id()
    items = []
    for n, i in enumerate(PROTON_PASS_IDS):
        e = g.BY_ID[i]
        if n % 2 == 0 and e["uri_style"] == "both":
            # Made in Proton Pass: issuer and the placeholder label, the username beside it.
            uri = (f"otpauth://totp/{g.url_path(e['issuer'])}:Proton%20Pass?issuer={g.pct(e['issuer'])}"
                   f"&secret={g.written_secret(e).replace('=', '%3D')}&algorithm={e['algorithm']}&digits={e['digits']}"
                   f"&period={e['period']}")
        else:
            uri = g.generic_uri(e)
        name = e["issuer"] or e["label"]
        items.append(pass_item(share, name, "login", login(uri, e["label"]), note=e["note"] or "",
                               pinned=e["favourite"]))
        if n == 2:
            items.append(pass_item(share, "Shopping list", "note", {}, note="eggs"))
    items.append(pass_item(share, "Old login", "login", login(g.b32(b"old secret bytes"), "old"), state=2))
    export = {"version": "1.21.2", "userId": pass_id(), "encrypted": False,
              "vaults": {share: {"name": "Personal", "description": "Personal vault",
                                 "display": {"color": 0, "icon": 0}, "items": items}}}
    files = [("Proton Pass/", None), ("Proton Pass/data.json", g.dumps(export, indent=2).encode())]
    data = make_zip(files)
    check_zip(data, files)
    g.write("proton_pass.zip", data, binary=True)
    g.MANIFEST_REF.append(g.manifest_entry("proton_pass.zip", "ProtonPass", PROTON_PASS_IDS,
                                           metadata=["note", "favourite"], skipped=2,
                                           warned=g.warned_ids(PROTON_PASS_IDS)))


def main(manifest):
    """Writes the fixtures and appends their entries to gen.py's `manifest`."""
    g.MANIFEST_REF = manifest
    gen_google_db()
    gen_microsoft_db()
    gen_authenticator_plus()
    gen_authenticator_plus_aes()
    gen_winauth()
    gen_proton_pass()
