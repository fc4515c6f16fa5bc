#!/usr/bin/env python3
"""mOTP and Yandex Key fixtures (issue 16), called from gen.py's main().

Two canonical accounts that need a PIN, appended to gen.py's ENTRIES after every other
generator has run (so no other fixture changes), and two fixtures holding both:

  pin_types_aegis.json       Aegis vault, plain, content version 3: "motp" and "yandex" entries
                             as MotpInfo/YandexInfo.toJson write them (secret bytes in base32,
                             algo MD5 / SHA256, digits, period, pin)
  pin_types_authpro.json     Authenticator Pro plain JSON: Type 3 (mOTP, Secret the hex text the
                             app hashes as is) and Type 5 (Yandex, Secret the 26-byte form with its
                             checksum, as the Yandex app shows it; the app uses the first 16 bytes)

Codes are computed here from the apps' algorithms (Aegis MOTP.java / YAOTP.java, Authenticator
Pro MobileOtp.cs / YandexOtp.cs) with hashlib and hmac, independently of the Rust code:
  mOTP:   md5(str(t // 10) + hex(secret) + pin)[:6]
  Yandex: key = sha256(pin + secret16), less a leading zero byte; HMAC-SHA256(key, t // 30),
          dynamic truncation to 63 bits, mod 26^8, as eight letters a-z.
"""

import base64
import hashlib
import hmac
import random
import struct
import uuid

# gen.py's module, handed over by its main() (importing it here would make a second copy).
gen = None

RNG = random.Random(16_2026)


def motp_code(secret, pin, t):
    return hashlib.md5((str(t // 10) + secret.hex() + pin).encode("utf-8")).hexdigest()[:6]


def yandex_code(secret16, pin, t):
    key = hashlib.sha256(pin.encode("utf-8") + secret16).digest()
    if key[0] == 0:
        key = key[1:]
    digest = hmac.new(key, struct.pack(">Q", t // 30), hashlib.sha256).digest()
    offset = digest[-1] & 0x0F
    value = (struct.unpack(">Q", digest[offset:offset + 8])[0] & 0x7FFF_FFFF_FFFF_FFFF) % 26 ** 8
    out = ""
    for _ in range(8):
        out = chr(ord("a") + value % 26) + out
        value //= 26
    return out


def yandex_checksum(data_bits_bytes, bits):
    """KeeYaOtp's (and Aegis' validateSecret) 12-bit check over the first `bits` bits."""
    accum, accum_bits, pos = 0, 0, 0
    while pos < bits:
        take = min(13 - accum_bits, bits - pos)
        for _ in range(take):
            accum = (accum << 1) | ((data_bits_bytes[pos // 8] >> (7 - pos % 8)) & 1)
            pos += 1
        accum_bits += take
        if accum_bits == 13:
            accum ^= 0b1_1000_1111_0011
        accum_bits = accum.bit_length()
    return accum


def yandex_full_secret(secret16):
    """The 26 bytes the Yandex app shows: the key, 8 more bytes, 4 bits, a 12-bit checksum."""
    body = bytearray(secret16 + bytes(RNG.getrandbits(8) for _ in range(8)) + bytes([RNG.getrandbits(4) << 4, 0]))
    check = yandex_checksum(body, len(body) * 8 - 12)
    body[-2] |= check >> 8
    body[-1] = check & 0xFF
    return bytes(body)


# Aegis' own vector (YandexInfoTest: a good 26-byte secret) checks the checksum port.
_AEGIS_GOOD = base64.b32decode("LA2V6KMCGYMWWVEW64RNP3JA3IAAAAAAHTSG4HRZPI" + "=" * 6)
assert yandex_checksum(_AEGIS_GOOD, 26 * 8 - 12) == ((_AEGIS_GOOD[-2] & 0x0F) << 8 | _AEGIS_GOOD[-1])
# And the code ports, with the apps' vectors (MOTPTest, YAOTPTest).
assert motp_code(bytes.fromhex("e3152afee62599c8"), "1234", 165892298) == "e7d8b6"
assert yandex_code(_AEGIS_GOOD[:16], "7586", 1581064020) == "oactmacq"

PIN_ENTRIES = [
    dict(id="motp", issuer="Example VPN", label="alice", type="motp", algorithm="MD5", digits=6, period=10,
         secret_bytes=bytes(RNG.getrandbits(8) for _ in range(8)), pin="4711"),
    dict(id="yandex", issuer="Yandex", label="alice@yandex.ru", type="yandex", algorithm="SHA256", digits=8,
         period=30, secret_bytes=bytes(RNG.getrandbits(8) for _ in range(16)), pin="271828"),
]
for _e in PIN_ENTRIES:
    _e.update(secret_len=len(_e["secret_bytes"]), uri_style="both", secret_style="upper", groups=[],
              favourite=False, note=None, defaults=False)


def code_of(e):
    if e["type"] == "motp":
        return motp_code(e["secret_bytes"], e["pin"], gen.CODE_TIME)
    return yandex_code(e["secret_bytes"], e["pin"], gen.CODE_TIME)


def aegis_entry(e):
    return {"type": e["type"], "uuid": str(uuid.UUID(int=RNG.getrandbits(128), version=4)), "name": e["label"],
            "issuer": e["issuer"], "note": "", "favorite": False, "icon": None,
            "info": {"secret": gen.b32(e["secret_bytes"]), "algo": e["algorithm"], "digits": e["digits"],
                     "period": e["period"], "pin": e["pin"]},
            "groups": []}


def authpro_entry(e, rank):
    if e["type"] == "motp":
        kind, secret, algorithm = 3, e["secret_bytes"].hex(), 0
    else:
        kind, secret, algorithm = 5, gen.b32(yandex_full_secret(e["secret_bytes"])), 1
    return {"Type": kind, "Icon": None, "Issuer": e["issuer"], "Username": e["label"], "Secret": secret,
            "Pin": e["pin"], "Algorithm": algorithm, "Digits": e["digits"], "Period": e["period"], "Counter": 0,
            "CopyCount": 0, "Ranking": rank}


def main(module):
    global gen
    gen = module
    ids = [e["id"] for e in PIN_ENTRIES]
    content = {"version": 3, "entries": [aegis_entry(e) for e in PIN_ENTRIES], "groups": [], "icons_optimized": True}
    vault = {"version": 1, "header": {"slots": None, "params": None}, "db": content}
    gen.write("pin_types_aegis.json", gen.dumps(vault, indent=4))
    gen.MANIFEST.append(gen.manifest_entry("pin_types_aegis.json", "Aegis", ids))

    backup = {"Authenticators": [authpro_entry(e, i) for i, e in enumerate(PIN_ENTRIES)], "Categories": [],
              "AuthenticatorCategories": [], "CustomIcons": []}
    gen.write("pin_types_authpro.json", gen.dumps(backup, indent=2))
    gen.MANIFEST.append(gen.manifest_entry("pin_types_authpro.json", "AuthenticatorPro", ids))

    # The canonical set gains the two accounts (after every other generator has run).
    for e in PIN_ENTRIES:
        e["code"] = code_of(e)
        gen.ENTRIES.append(e)
        gen.BY_ID[e["id"]] = e
