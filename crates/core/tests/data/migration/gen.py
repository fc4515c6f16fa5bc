#!/usr/bin/env python3
"""Generates the Google Authenticator export fixtures in this folder.

Independent of the Rust code on purpose: the protobuf is encoded by hand
(varints and length-delimited fields), using only the standard library, so a
mistake in the Rust decoder cannot hide behind the same mistake here.

Schema (Google Authenticator's MigrationPayload):
  MigrationPayload { repeated OtpParameters otp_parameters = 1; int32 version = 2;
                     int32 batch_size = 3; int32 batch_index = 4; int32 batch_id = 5; }
  OtpParameters    { bytes secret = 1; string name = 2; string issuer = 3;
                     Algorithm algorithm = 4; DigitCount digits = 5; OtpType type = 6;
                     int64 counter = 7; }
  Algorithm  { UNSPECIFIED = 0; SHA1 = 1; SHA256 = 2; SHA512 = 3; MD5 = 4; }
  DigitCount { UNSPECIFIED = 0; SIX = 1; EIGHT = 2; }
  OtpType    { UNSPECIFIED = 0; HOTP = 1; TOTP = 2; }

Run from anywhere: `python3 gen.py`. Writes next to itself:
  ten_accounts.{percent,raw,wrapped,urlsafe}.txt  one export, four spellings of the same payload
  ten_accounts.json                               what it decodes to
  two_batches.{1,2}.txt, two_batches.json         one export split over two QR codes
"""

import base64
import hashlib
import hmac
import json
import os
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))

# A fixed instant, to compare generated codes with the Rust side.
CODE_TIME = 1_700_000_000
PERIOD = 30

ALG = {"UNSPECIFIED": 0, "SHA1": 1, "SHA256": 2, "SHA512": 3, "MD5": 4}
DIGITS = {"UNSPECIFIED": 0, "SIX": 1, "EIGHT": 2}
TYPE = {"UNSPECIFIED": 0, "HOTP": 1, "TOTP": 2}


# --- protobuf wire format, by hand -------------------------------------------

def varint(n):
    """Base-128 varint; negative numbers as 64-bit two's complement (int32/int64)."""
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


def field_varint(number, value, always=False):
    """A varint field; proto3 leaves zero values out unless `always`."""
    if value == 0 and not always:
        return b""
    return varint(number << 3 | 0) + varint(value)


def field_bytes(number, data):
    if not data:
        return b""
    return varint(number << 3 | 2) + varint(len(data)) + data


def otp_parameters(e):
    explicit = e.get("explicit_zero", False)
    return (
        field_bytes(1, e["secret"])
        + field_bytes(2, e["name"].encode("utf-8"))
        + field_bytes(3, e["issuer"].encode("utf-8"))
        + field_varint(4, ALG[e["algorithm"]], explicit)
        + field_varint(5, DIGITS[e["digits"]], explicit)
        + field_varint(6, TYPE[e["type"]], explicit)
        + field_varint(7, e.get("counter", 0), explicit)
    )


def payload(entries, batch_size, batch_index, batch_id):
    body = b"".join(field_bytes(1, otp_parameters(e)) for e in entries)
    return (
        body
        + field_varint(2, 1)  # version
        + field_varint(3, batch_size)
        + field_varint(4, batch_index)
        + field_varint(5, batch_id)
    )


# --- expected values, computed independently -----------------------------------

def secret(tag, length):
    """Deterministic key bytes, different for every entry."""
    return hashlib.sha256(("twofold fixture " + tag).encode()).digest()[:length] if length <= 32 \
        else hashlib.sha512(("twofold fixture " + tag).encode()).digest()[:length]


def hotp(key, counter, algorithm, digits):
    mac = hmac.new(key, counter.to_bytes(8, "big"), getattr(hashlib, algorithm.lower())).digest()
    offset = mac[-1] & 0x0F
    value = int.from_bytes(mac[offset:offset + 4], "big") & 0x7FFFFFFF
    return str(value % 10 ** digits).zfill(digits)


def expected_account(e):
    algorithm = "SHA1" if e["algorithm"] in ("UNSPECIFIED", "SHA1") else e["algorithm"]
    digits = 8 if e["digits"] == "EIGHT" else 6
    kind = "hotp" if e["type"] == "HOTP" else "totp"
    counter = e.get("counter", 0) if kind == "hotp" else CODE_TIME // PERIOD
    out = {
        "issuer": e["expect_issuer"],
        "label": e["expect_label"],
        "secret": base64.b32encode(e["secret"]).decode().rstrip("="),
        "algorithm": algorithm,
        "digits": digits,
        "type": kind,
        "code_at_1700000000": hotp(e["secret"], counter, algorithm, digits),
    }
    if kind == "hotp":
        out["counter"] = e.get("counter", 0)
    else:
        out["period"] = PERIOD
    return out


def expected(entries, batch_size, batch_index, batch_id):
    accounts, errors = [], []
    for index, e in enumerate(entries):
        if "expect_error" in e:
            errors.append({"index": index, "name": e["expect_error_name"], "error": e["expect_error"]})
        else:
            accounts.append(expected_account(e))
    return {
        "batch": {"version": 1, "batch_size": batch_size, "batch_index": batch_index, "batch_id": batch_id},
        "accounts": accounts,
        "errors": errors,
    }


# --- the fixtures ------------------------------------------------------------

def entry(tag, name, issuer, algorithm="SHA1", digits="SIX", kind="TOTP", length=20, **extra):
    e = {"secret": secret(tag, length), "name": name, "issuer": issuer,
         "algorithm": algorithm, "digits": digits, "type": kind,
         "expect_issuer": issuer or None, "expect_label": name}
    e.update(extra)
    return e


TEN = [
    entry("github", "alice@example.com", "GitHub"),
    # Enums left at UNSPECIFIED: written out explicitly as zeros here...
    entry("example", "bob@example.com", "Example", "UNSPECIFIED", "UNSPECIFIED", "UNSPECIFIED",
          explicit_zero=True),
    entry("bank", "carol", "Bank", "SHA256", "EIGHT", length=32),
    entry("cloud", "dave", "Cloud", "SHA512", length=64),
    entry("vpn", "erin", "Legacy VPN", kind="HOTP", counter=42),
    entry("societe", "frank", "Société Générale 東京", length=10),
    # Name holds "Issuer:account" and the issuer field is empty: split it.
    entry("mastodon", "Mastodon:grace@mastodon.social", "",
          expect_issuer="Mastodon", expect_label="grace@mastodon.social"),
    # Name repeats the issuer as a prefix: strip it (and the space after the colon).
    entry("amazon", "Amazon: heidi@example.com", "Amazon", expect_label="heidi@example.com"),
    # MD5 is in the schema but no app makes such codes: a per-entry error.
    entry("oldcorp", "ivan", "Old Corp", "MD5",
          expect_error="unsupported_algorithm", expect_error_name="Old Corp: ivan"),
    # ...and omitted entirely here (what proto3 encoders do), on a HOTP at counter 0.
    entry("lab", "judy@lab", "Lab", "UNSPECIFIED", "EIGHT", "HOTP", counter=0),
]

TWO_BATCH_ID = -1_234_567_890  # Google's batch ids are random int32s, negative ones too
TWO_FIRST = [
    entry("b-one", "one@example.com", "Alpha"),
    entry("b-two", "two@example.com", "Beta", "SHA256"),
    entry("b-three", "three", "Gamma", digits="EIGHT"),
]
TWO_SECOND = [
    entry("b-four", "four", "Delta", kind="HOTP", counter=7),
    entry("b-five", "Epsilon:five", "", expect_issuer="Epsilon", expect_label="five"),
]


def write(name, text):
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def uri_percent(data):
    b64 = base64.b64encode(data).decode()
    return "otpauth-migration://offline?data=" + urllib.parse.quote(b64, safe="")


def main():
    data = payload(TEN, 1, 0, 987_654_321)
    b64 = base64.b64encode(data).decode()
    # The spellings are only worth testing if they really differ.
    assert "+" in b64 and "/" in b64 and b64.endswith("="), b64
    write("ten_accounts.percent.txt", uri_percent(data) + "\n")
    write("ten_accounts.raw.txt", "otpauth-migration://offline?data=" + b64 + "\n")
    # Pasted across lines, padding dropped, scheme in capitals.
    unpadded = b64.rstrip("=")
    wrapped = "OTPAUTH-MIGRATION://offline?data=" + unpadded
    write("ten_accounts.wrapped.txt", "\n".join(wrapped[i:i + 64] for i in range(0, len(wrapped), 64)) + "\n")
    urlsafe = base64.urlsafe_b64encode(data).decode().rstrip("=")
    write("ten_accounts.urlsafe.txt", "otpauth-migration://offline?data=" + urlsafe + "\n")
    write("ten_accounts.json", json.dumps(expected(TEN, 1, 0, 987_654_321), indent=2, ensure_ascii=False) + "\n")

    write("two_batches.1.txt", uri_percent(payload(TWO_FIRST, 2, 0, TWO_BATCH_ID)) + "\n")
    write("two_batches.2.txt", uri_percent(payload(TWO_SECOND, 2, 1, TWO_BATCH_ID)) + "\n")
    both = expected(TWO_FIRST + TWO_SECOND, 2, 0, TWO_BATCH_ID)
    del both["batch"]
    both["batch_id"] = TWO_BATCH_ID
    write("two_batches.json", json.dumps(both, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
