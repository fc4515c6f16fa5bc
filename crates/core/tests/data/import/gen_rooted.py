#!/usr/bin/env python3
"""Fixtures of the files Aegis imports from rooted phones (issue 16), written from the apps' own
layouts as Aegis' importers (beemdevelopment/Aegis app/src/main/java/.../importers/) and their test
files read them, and Stratum's TotpAuthenticatorBackupConverter.cs. Called from gen.py's main();
uses gen.py's helpers and ENTRIES but its own random generator, so the other fixtures keep their bytes.

  authy_authenticator.xml            Authy, shared_prefs/com.authy.storage.tokens.authenticator.xml,
                                     secrets in plain base32 (decryptedSecret)
  authy_authenticator_encrypted.xml  the same with backups on: encryptedSecret + salt per token,
                                     PBKDF2-SHA1 (1000) + AES-256-CBC, zero IV
  authy_authy.xml                    Authy's own tokens, shared_prefs/com.authy.storage.tokens.authy.xml
                                     (secretSeed hex, 7 digits, 10 s): accounts of their own
  duo_accounts.json                  Duo Mobile, files/duokit/accounts.json (TOTP and HOTP)
  battlenet_authenticator.xml        Battle.net app, shared_prefs/com.blizzard.messenger.authenticator_preferences.xml
  battlenet_bma.xml                  Battle.net Mobile Authenticator, shared_prefs/com.blizzard.bma.AUTH_STORE.xml
  freeotp_plus_tokens.xml            FreeOTP+'s internal shared_prefs/tokens.xml (FreeOTP's legacy Token, as 1.x)
  totp_authenticator.encrypt         TOTP Authenticator backup with a password: base64(AES-256-CBC(SHA-256(pw)))
  totp_authenticator_default.encrypt the same made without a password (the app's fixed "TotpAuthenticator")
  totp_authenticator_prefs.xml       TOTP Authenticator's shared_prefs/TOTP_Authenticator_Preferences.xml

Accounts the canonical set cannot hold (Authy's 10-second tokens, Battle.net's 8-digit SHA-1) are
listed in full in their manifest entries ("accounts"), their codes computed here with hmac.
"""

import base64
import hashlib
import json
import random
import sys
from xml.sax.saxutils import escape

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

_main = sys.modules["__main__"]
g = _main if hasattr(_main, "MANIFEST") else __import__("gen")

RNG = random.Random(160016)
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def esc(text):
    return escape(text, {'"': "&quot;"})


def prefs(lines):
    """An Android SharedPreferences file as XmlUtils.writeMapXml writes it."""
    return "<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n" + "\n".join(
        "    " + line for line in lines) + "\n</map>\n"


def string_pref(name, value):
    return f'<string name="{esc(name)}">{esc(value)}</string>'


def aes_cbc(key, plaintext):
    padder = padding.PKCS7(128).padder()
    data = padder.update(plaintext) + padder.finalize()
    enc = Cipher(algorithms.AES(key), modes.CBC(bytes(16))).encryptor()
    return enc.update(data) + enc.finalize()


def own_account(id_, issuer, label, secret, digits, period):
    """A full expected account (canonical.json's shape) for an account outside the canonical set."""
    e = dict(id=id_, type="totp", algorithm="SHA1", digits=digits, period=period, secret_bytes=secret)
    return {"id": id_, "issuer": issuer, "label": label, "type": "totp", "algorithm": "SHA1", "digits": digits,
            "period": period, "counter": None, "secret": g.b32(secret), "code": g.code_of(e), "groups": [],
            "note": None, "favourite": False, "icon": None, "uri_style": "both", "secret_style": "upper"}


def entry(file, fmt, ids, accounts=None, **kw):
    m = g.manifest_entry(file, fmt, ids, **kw)
    if accounts:
        m["accounts"] = accounts
    g.MANIFEST.append(m)


# --- Authy ------------------------------------------------------------------------------
# AuthyImporter.java: the <string> named "<file>.key" holds a JSON array (Gson of Authy's token);
# authenticator tokens: decryptedSecret (base32) or encryptedSecret (base64) + salt, digits,
# originalIssuer / originalName / name / accountType; Authy tokens: secretSeed (hex), digits.
# Names as Authy writes them (authy_plain.xml): originalName "Issuer:label", name "Issuer: label".

AUTHY_IDS = ["github", "unicode", "amp_plus", "issuer_in_label", "issuer_in_param", "no_issuer", "lower_padded"]


def authy_token(e, index):
    issuer, label = e["issuer"], e["label"]
    token = {"accountType": "authenticator", "digits": e["digits"]}
    if e["id"] == "issuer_in_label":
        # Added from a link without an issuer parameter: only originalName carries it.
        token.update(originalName=f"{issuer}:{label}", name=f"{issuer}:{label}")
    elif e["id"] == "issuer_in_param":
        # Typed in by hand in Authy's old "Issuer - label" style.
        token.update(name=f"{issuer} - {label}")
    elif issuer is None:
        token.update(originalName=label, name=label)
    else:
        token.update(logo=issuer, originalIssuer=issuer, originalName=f"{issuer}:{label}", name=f"{issuer}: {label}")
    token.update(timestamp=1608374963 + index, upload_state="notUploaded", hidden=False, id=str(1608374963 + index),
                 isNew=False)
    return token


def gen_authy():
    plain, sealed = [], []
    password = "authy backup pässword"
    for i, id_ in enumerate(AUTHY_IDS):
        e = g.BY_ID[id_]
        token = authy_token(e, i)
        plain.append({"decryptedSecret": g.written_secret(e), **token})
        salt = "".join(RNG.choice(ALNUM) for _ in range(32))
        key = hashlib.pbkdf2_hmac("sha1", password.encode(), salt.encode(), 1000, 32)
        secret = base64.b64encode(aes_cbc(key, g.written_secret(e).encode())).decode()
        sealed.append({"encryptedSecret": secret, "salt": salt, **token, "upload_state": "uploaded"})
    overrides = {}
    key = "com.authy.storage.tokens.authenticator.key"
    head = ['<int name="key_version" value="121" />']
    g.write("authy_authenticator.xml", prefs(head + [string_pref(key, g.dumps(plain))]))
    entry("authy_authenticator.xml", "Authy", AUTHY_IDS, overrides=overrides, warned=g.warned_ids(AUTHY_IDS))
    g.write("authy_authenticator_encrypted.xml", prefs(head + [string_pref(key, g.dumps(sealed)),
                                                               '<boolean name="backups_enabled" value="true" />']))
    g.write("authy_authenticator_encrypted.xml.password", password)
    entry("authy_authenticator_encrypted.xml", "Authy", AUTHY_IDS, password=True, overrides=overrides,
          warned=g.warned_ids(AUTHY_IDS))

    # Authy's own tokens: 7 digits every 10 seconds from the secretSeed's bytes.
    accounts, tokens = [], []
    for i, name in enumerate(["Twilio", "Authy Sample Co"]):
        secret = hashlib.sha512(("twofold rooted authy " + name).encode()).digest()[:16]
        accounts.append(own_account(f"authy_{i}", name, "", secret, 7, 10))
        tokens.append({"accountType": "authy", "appId": f"5ad{i}", "assetsGroup": "", "digits": 7,
                       "name": name, "secretSeed": secret.hex(), "serialId": 1000 + i, "id": str(3000 + i),
                       "isNew": False, "hidden": False, "timestamp": 1608374000 + i})
    g.write("authy_authy.xml", prefs(['<int name="key_version" value="121" />',
                                      string_pref("com.authy.storage.tokens.authy.key", g.dumps(tokens))]))
    entry("authy_authy.xml", "Authy", [a["id"] for a in accounts], accounts=accounts)


# --- Duo Mobile ---------------------------------------------------------------------------
# DuoImporter.java and duo.json: a JSON array; otpGenerator.otpSecret (base32), counter for HOTP;
# name; no issuer. Duo keeps SHA-1, 6 digits, 30 s only.

DUO_IDS = ["github", "hotp_small", "unicode", "no_issuer", "lower_padded"]


def gen_duo():
    accounts = []
    for e in (g.BY_ID[i] for i in DUO_IDS):
        generator = {"otpSecret": g.written_secret(e)}
        if e["type"] == "hotp":
            generator["counter"] = e["counter"]
        pkey = g.rand_uuid()
        accounts.append({"version": 1.0, "accountType": "OtpAccount", "name": e["label"], "otpGenerator": generator,
                         "logoUri": f"file:///data/user/0/com.duosecurity.duomobile/files/duokit/logos/{pkey}.png",
                         "pkey": pkey, "serviceTypeLabelIsCustom": True})
    g.write("duo_accounts.json", json.dumps(accounts, indent=2, ensure_ascii=False) + "\n")
    entry("duo_accounts.json", "DuoMobile", DUO_IDS, overrides={i: {"issuer": None} for i in DUO_IDS},
          warned=g.warned_ids(DUO_IDS))


# --- Battle.net -----------------------------------------------------------------------------
# BattleNetImporter.java and battle_net_authenticator.xml (the Battle.net app): DEVICE_SECRET and
# SERIAL, each hex of (mask XOR text); the old Battle.net Mobile Authenticator (WinAuth's
# AuthenticatorData, bma decoders): AUTH_STORE.HASH = hex of (mask XOR (40 hex digits + serial)).
# TOTP SHA-1, 8 digits, 30 s; issuer Battle.net, label the serial.

BNET_MASK = bytes.fromhex("398e27fc50276a656065b0e525f4c06c04c61075286b8e7aeda59da9813b5dd6c80d2fb38068773fa59ba47c17ca6c6479015c1d5b8b8f6b9a")


def mask(text):
    return bytes(a ^ b for a, b in zip(text.encode(), BNET_MASK)).hex()


def gen_battlenet():
    secret = hashlib.sha512(b"twofold rooted battle.net").digest()[:20]
    serial = "EU-2211-2050-3346"
    g.write("battlenet_authenticator.xml", prefs([
        string_pref("com.blizzard.messenger.AUTHENTICATOR_CREDENTIALS_ENCRYPTION_TYPE", "MASK"),
        '<boolean name="com.blizzard.messenger.AUTHENTICATOR_SETUP_POSTPONE_LOGIN" value="false" />',
        string_pref("com.blizzard.messenger.AUTHENTICATOR_DEVICE_SECRET", mask(secret.hex())),
        string_pref("com.blizzard.messenger.PREF_AUTHENTICATION_PROVIDER_HOST_URL", "oauth.battle.net"),
        string_pref("com.blizzard.messenger.AUTHENTICATOR_BGS_REGION_CODE", "EU"),
        string_pref("com.blizzard.messenger.AUTHENTICATOR_SERIAL", mask(serial)),
        '<long name="com.blizzard.messenger.AUTHENTICATOR_SERVER_TIME_DIFF" value="15" />',
    ]))
    entry("battlenet_authenticator.xml", "BattleNet", ["bnet_app"],
          accounts=[own_account("bnet_app", "Battle.net", serial, secret, 8, 30)])
    old_secret = hashlib.sha512(b"twofold rooted bma").digest()[:20]
    old_serial = "US-1402-1234-5678"
    g.write("battlenet_bma.xml", prefs([
        '<long name="com.blizzard.bma.AUTH_STORE.CLOCK_OFFSET" value="-1234" />',
        string_pref("com.blizzard.bma.AUTH_STORE.HASH", mask(old_secret.hex() + old_serial)),
        '<long name="com.blizzard.bma.AUTH_STORE.LAST_MODIFIED" value="1387000000000" />',
    ]))
    entry("battlenet_bma.xml", "BattleNet", ["bnet_bma"],
          accounts=[own_account("bnet_bma", "Battle.net", old_serial, old_secret, 8, 30)])


# --- FreeOTP+ internal tokens.xml -----------------------------------------------------------
# Aegis' FreeOtpPlusImporter reads it with FreeOtpImporter's readV1, and freeotp_plus_internal.xml
# has FreeOTP 1.x's layout: FreeOTP+ kept FreeOTP's legacy Token (token-data legacy/Token.java:
# counter = link counter - 1, codes from counter++), so the stored counter is the next code's.
# Entries in hash order, tokenOrder last, no other preferences.


def gen_freeotp_plus_internal():
    lines, keys = [], []
    for e in g.ENTRIES:
        token = g.freeotp_token(e)
        token["secret"] = g.signed(e["secret_bytes"])
        key = (token["issuerExt"] + ":" if token.get("issuerExt") else "") + e["label"]
        keys.append(key)
        lines.append(string_pref(key, g.dumps(token)))
    lines.append(string_pref("tokenOrder", g.dumps(keys)))
    g.write("freeotp_plus_tokens.xml", prefs(lines))
    entry("freeotp_plus_tokens.xml", "FreeOtp", [e["id"] for e in g.ENTRIES])


# --- TOTP Authenticator -----------------------------------------------------------------------
# TotpAuthenticatorImporter.java (totp_authenticator.bin, totp_authenticator_internal.xml) and
# Stratum's TotpAuthenticatorBackupConverter.cs (totpauthenticator.encrypted.bin): the backup is
# base64 of AES-256-CBC(SHA-256(password), zero IV) of {"<account list as JSON text>": "<seconds>"};
# accounts: issuer ("Unknown" for none), name, key (hex, base 16), digits and period as strings
# ("" for the defaults), accountHeaderLabel (a group), isFavorite.

TOTPAUTH_IDS = ["github", "unicode", "amp_plus", "issuer_in_label", "no_issuer", "defaults", "short80"]


def totpauth_account(e):
    plain = e["defaults"]
    return {"accountHeaderLabel": (e["groups"] or [""])[0], "allowNotifications": False, "base": 16,
            "dateModified": "2023-11-14 22:13:20", "digits": "" if plain else str(e["digits"]), "fileName": "",
            "iconLabel": "", "iconPath": "", "isFavorite": e["favourite"], "isSelected": False,
            "isWidgetActive": False, "issuer": e["issuer"] or "Unknown", "key": e["secret_bytes"].hex().upper(),
            "name": e["label"], "period": "" if plain else str(e["period"]), "setIconFromDrawable": True,
            "source": 0, "timeRemaining": 0, "totpCode": "", "widgetId": 0}


def gen_totp_authenticator():
    listing = g.dumps([totpauth_account(g.BY_ID[i]) for i in TOTPAUTH_IDS])
    inner = g.dumps({listing: "1700000000"}).encode()
    password = "Testtest1 ✓"
    sealed = base64.b64encode(aes_cbc(hashlib.sha256(password.encode()).digest(), inner)).decode()
    # Android's Base64.DEFAULT: lines of 76 characters.
    g.write("totp_authenticator.encrypt", "".join(sealed[i:i + 76] + "\n" for i in range(0, len(sealed), 76)))
    g.write("totp_authenticator.encrypt.password", password)
    meta = ["groups", "favourite"]
    entry("totp_authenticator.encrypt", "TotpAuthenticator", TOTPAUTH_IDS, password=True, metadata=meta)
    fixed = base64.b64encode(aes_cbc(hashlib.sha256(b"TotpAuthenticator").digest(), inner)).decode()
    g.write("totp_authenticator_default.encrypt", fixed)
    entry("totp_authenticator_default.encrypt", "TotpAuthenticator", TOTPAUTH_IDS, metadata=meta)
    g.write("totp_authenticator_prefs.xml", prefs([
        '<int name="RATE_US_COUNTER" value="13" />',
        '<boolean name="SHOWCASE_FIREST_RUN" value="false" />',
        string_pref("STATIC_TOTP_CODES_LIST", listing),
        '<set name="SYNCED_DEVICES">', '    <string>pixel</string>', '</set>',
        string_pref("SORT_ACCOUNT_BY", "CUSTOM"),
        string_pref("DEFAULT_ENCRYPTION_KEY", password),
        '<int name="CHANGE_LOG_VERSION" value="55" />',
    ]))
    entry("totp_authenticator_prefs.xml", "TotpAuthenticator", TOTPAUTH_IDS, metadata=meta)


def generate():
    gen_authy()
    gen_duo()
    gen_battlenet()
    gen_freeotp_plus_internal()
    gen_totp_authenticator()
