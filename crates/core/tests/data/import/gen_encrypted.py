#!/usr/bin/env python3
"""The encrypted exports Twofold once refused (issue 16), each made from the plain fixture of the
same app that gen.py has just written, exactly as the app wraps its plain export.

Called from gen.py's main() (after the plain fixtures are written), with gen.py's manifest list;
it uses its own seeded generator, so gen.py's other fixtures keep their bytes. Every cipher and
KDF comes from Python's `cryptography` and `argon2-cffi`; libsodium's secretstream is written
out here from its specification and, where PyNaCl is installed, checked against libsodium
itself (pip install pynacl).

Outputs:
  ente_auth_encrypted.json          Ente Auth encrypted export: crypto_pwhash Argon2id (64 MiB,
                                    2 passes) + crypto_secretstream_xchacha20poly1305
  bitwarden_encrypted_pbkdf2.json   Bitwarden password-protected export, PBKDF2-SHA256
  bitwarden_encrypted_argon2.json   the same with Argon2id (64 MiB, 3 passes, 4 lanes)
  proton_authenticator_encrypted.json   Proton Authenticator password-protected export
  authenticator_pro_legacy.authpro  Authenticator Pro legacy encrypted backup (PBKDF2-SHA1 + AES-CBC)
  authenticator_pro_earliest.authpro   the same as the first releases wrote it (8-byte salt, 100,000 iterations)
  *.password                        the password of each
"""

import base64
import hashlib
import hmac
import os
import random
import struct
import uuid

from cryptography.hazmat.primitives import padding, poly1305
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

import gen

HERE = os.path.dirname(os.path.abspath(__file__))
RNG = random.Random(16_2026)


def rand_bytes(n):
    return RNG.randbytes(n)


def b64(data):
    return base64.b64encode(data).decode()


def read(name):
    with open(os.path.join(HERE, name), "rb") as f:
        return f.read()


def encrypted_entry(manifest, plain_file, file):
    """The plain fixture's manifest entry for its encrypted twin: same accounts, a password."""
    plain = next(m for m in manifest if m["file"] == plain_file)
    return dict(plain, file=file, password_file=file + ".password")


def write_with_password(name, data, password, binary=False):
    gen.write(name, data, binary=binary)
    gen.write(name + ".password", password)


def argon2id(password, salt, passes, memory_kib, lanes):
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(password, salt, time_cost=passes, memory_cost=memory_kib, parallelism=lanes,
                           hash_len=32, type=Type.ID)


def aes_cbc(key, iv, plaintext):
    padder = padding.PKCS7(128).padder()
    padded = padder.update(plaintext) + padder.finalize()
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return encryptor.update(padded) + encryptor.finalize()


# --- libsodium's crypto_secretstream_xchacha20poly1305, push side ---------------------------
# libsodium src/libsodium/crypto_secretstream/xchacha20poly1305/secretstream_xchacha20poly1305.c:
# init_push: k = HChaCha20(key, header[0..16]), nonce = counter 1 (LE32) ‖ header[16..24];
# push: block 0 of ChaCha20-IETF keys Poly1305; block 1 (counter 1) encrypts the tag byte in
# position 0 of a 64-byte block that is authenticated whole; the message is encrypted from
# counter 2; the MAC covers ad ‖ pad ‖ block ‖ c ‖ pad ‖ le64(adlen) ‖ le64(64 + mlen), where the
# second pad is (0x10 - 64 + mlen) & 0xf bytes as libsodium writes it: mlen mod 16, not the
# complement a reader would expect.

SIGMA = struct.unpack("<4I", b"expand 32-byte k")
TAG_FINAL = 3


def rotl(v, c):
    return ((v << c) & 0xFFFFFFFF) | (v >> (32 - c))


def quarter(s, a, b, c, d):
    s[a] = (s[a] + s[b]) & 0xFFFFFFFF; s[d] = rotl(s[d] ^ s[a], 16)
    s[c] = (s[c] + s[d]) & 0xFFFFFFFF; s[b] = rotl(s[b] ^ s[c], 12)
    s[a] = (s[a] + s[b]) & 0xFFFFFFFF; s[d] = rotl(s[d] ^ s[a], 8)
    s[c] = (s[c] + s[d]) & 0xFFFFFFFF; s[b] = rotl(s[b] ^ s[c], 7)


def hchacha20(key, inp):
    s = list(SIGMA) + list(struct.unpack("<8I", key)) + list(struct.unpack("<4I", inp))
    for _ in range(10):
        quarter(s, 0, 4, 8, 12); quarter(s, 1, 5, 9, 13); quarter(s, 2, 6, 10, 14); quarter(s, 3, 7, 11, 15)
        quarter(s, 0, 5, 10, 15); quarter(s, 1, 6, 11, 12); quarter(s, 2, 7, 8, 13); quarter(s, 3, 4, 9, 14)
    return struct.pack("<8I", *(s[0:4] + s[12:16]))


def chacha20_ietf(key, nonce, counter, data):
    # cryptography's ChaCha20 takes the 32-bit block counter and the 96-bit nonce as one 16-byte value.
    encryptor = Cipher(algorithms.ChaCha20(key, struct.pack("<I", counter) + nonce), mode=None).encryptor()
    return encryptor.update(data) + encryptor.finalize()


def secretstream_push_one(key, header, message, tag=TAG_FINAL):
    k = hchacha20(key, header[:16])
    nonce = struct.pack("<I", 1) + header[16:24]
    poly_key = chacha20_ietf(k, nonce, 0, bytes(64))[:32]
    block = chacha20_ietf(k, nonce, 1, bytes([tag]) + bytes(63))
    c = chacha20_ietf(k, nonce, 2, message)
    pad = (0x10 - 64 + len(c)) & 0xF
    mac = poly1305.Poly1305.generate_tag(poly_key, block + c + bytes(pad) + struct.pack("<QQ", 0, 64 + len(c)))
    return block[:1] + c + mac


def check_with_libsodium(key, header, sealed, message, password, salt, ops, mem):
    try:
        import nacl.bindings as sodium
    except ImportError:
        return
    assert sodium.crypto_pwhash_alg(32, password, salt, ops, mem, sodium.crypto_pwhash_ALG_ARGON2ID13) == key
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    sodium.crypto_secretstream_xchacha20poly1305_init_pull(state, header, key)
    opened, tag = sodium.crypto_secretstream_xchacha20poly1305_pull(state, sealed)
    assert (opened, tag) == (message, TAG_FINAL), "libsodium disagrees with the secretstream written here"


# --- Ente Auth ---------------------------------------------------------------------------------
# ente-io/ente auth/lib/ui/settings/data/export_widget.dart (_exportCodes, encrypted): the plain
# text export, key from CryptoUtil.deriveInteractiveKey (crypto_pwhash, libsodium's interactive
# limits: 64 MiB, 2 passes; Argon2id, one lane), CryptoUtil.encryptData (secretstream, one
# message, TAG_FINAL); models/export/ente.dart (EnteAuthExport, KDFParams: memLimit in bytes,
# opsLimit, salt; all base64). Dart's jsonEncode: no spaces.

def gen_ente(manifest):
    password = "ente pässword"
    plain = read("ente_auth.txt")
    salt, header = rand_bytes(16), rand_bytes(24)
    mem_limit, ops_limit = 64 * 1024 * 1024, 2
    key = argon2id(password.encode(), salt, ops_limit, mem_limit // 1024, 1)
    sealed = secretstream_push_one(key, header, plain)
    check_with_libsodium(key, header, sealed, plain, password.encode(), salt, ops_limit, mem_limit)
    export = {"version": 1, "kdfParams": {"memLimit": mem_limit, "opsLimit": ops_limit, "salt": b64(salt)},
              "encryptedData": b64(sealed), "encryptionNonce": b64(header)}
    write_with_password("ente_auth_encrypted.json", gen.dumps(export), password)
    manifest.append(encrypted_entry(manifest, "ente_auth.txt", "ente_auth_encrypted.json"))


# --- Bitwarden ---------------------------------------------------------------------------------
# bitwarden/clients libs/tools/export/vault-export/vault-export-core base-vault-export.service.ts
# (buildPasswordExport: salt = base64 of 16 random bytes, used as text; key = PinService.makePinKey
# = stretchKey(deriveKeyFromPassword(password, salt, kdfConfig)); encKeyValidation = a GUID
# encrypted with the key; data = the unencrypted JSON export encrypted; kdfMemory and
# kdfParallelism only for Argon2id; JSON.stringify(…, null, "  ")), key-generation.service.ts
# (PBKDF2-SHA256 over the salt text; Argon2id over SHA-256 of the salt text, memory in MiB;
# stretchKey: HKDF-Expand-SHA256 "enc" and "mac", 32 bytes each), EncString type 2
# (AesCbc256_HmacSha256_B64): "2." iv "|" ct "|" HMAC-SHA256(mac key, iv ‖ ct), all base64.

def hkdf_expand(prk, info):
    return hmac.new(prk, info + b"\x01", hashlib.sha256).digest()


def enc_string(enc_key, mac_key, plaintext):
    iv = rand_bytes(16)
    ct = aes_cbc(enc_key, iv, plaintext)
    mac = hmac.new(mac_key, iv + ct, hashlib.sha256).digest()
    return f"2.{b64(iv)}|{b64(ct)}|{b64(mac)}"


def bitwarden_export(password, kdf, plain):
    salt = b64(rand_bytes(16))
    if kdf["kdfType"] == 0:
        key = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), kdf["kdfIterations"], 32)
    else:
        key = argon2id(password.encode(), hashlib.sha256(salt.encode()).digest(), kdf["kdfIterations"],
                       kdf["kdfMemory"] * 1024, kdf["kdfParallelism"])
    enc_key, mac_key = hkdf_expand(key, b"enc"), hkdf_expand(key, b"mac")
    guid = str(uuid.UUID(bytes=rand_bytes(16), version=4))
    doc = {"encrypted": True, "passwordProtected": True, "salt": salt, "kdfType": kdf["kdfType"],
           "kdfIterations": kdf["kdfIterations"],
           "encKeyValidation_DO_NOT_EDIT": enc_string(enc_key, mac_key, guid.encode())}
    if kdf["kdfType"] == 1:
        doc["kdfMemory"], doc["kdfParallelism"] = kdf["kdfMemory"], kdf["kdfParallelism"]
    doc["data"] = enc_string(enc_key, mac_key, plain)
    return gen.json.dumps(doc, ensure_ascii=False, indent=2)


def gen_bitwarden(manifest):
    plain = read("bitwarden.json")
    # An account of before 2023 (100,000 PBKDF2 iterations), and one on Argon2id with Bitwarden's defaults.
    for file, password, kdf in [
        ("bitwarden_encrypted_pbkdf2.json", "bitwarden pässword", {"kdfType": 0, "kdfIterations": 100_000}),
        ("bitwarden_encrypted_argon2.json", "argon2 pässword",
         {"kdfType": 1, "kdfIterations": 3, "kdfMemory": 64, "kdfParallelism": 4}),
    ]:
        write_with_password(file, bitwarden_export(password, kdf, plain), password)
        manifest.append(encrypted_entry(manifest, "bitwarden.json", file))


# --- Proton Authenticator ------------------------------------------------------------------------
# protonpass/proton-pass-common proton-authenticator/src/entry/password_exporter.rs
# (export_entries_with_password: salt 16 random bytes; derive_password_key: Argon2id, 19 MiB,
# 2 passes, 1 lane, 32 bytes; EncryptedExport {version 1, salt, content} in base64, serde_json
# without spaces) and crypto.rs (encrypt: AES-256-GCM, random 12-byte nonce prepended, tag
# appended, associated data EncryptionTag::PasswordExport = "proton.authenticator.export.v1").

def gen_proton(manifest):
    password = "proton pässword"
    plain = read("proton_authenticator.json")
    salt, nonce = rand_bytes(16), rand_bytes(12)
    key = argon2id(password.encode(), salt, 2, 19 * 1024, 1)
    content = nonce + AESGCM(key).encrypt(nonce, plain, b"proton.authenticator.export.v1")
    export = {"version": 1, "salt": b64(salt), "content": b64(content)}
    write_with_password("proton_authenticator_encrypted.json", gen.dumps(export), password)
    manifest.append(encrypted_entry(manifest, "proton_authenticator.json", "proton_authenticator_encrypted.json"))


# --- Authenticator Pro, legacy encryption ------------------------------------------------------------
# stratumauth/app AuthenticatorPro.Core/Backup/Encryption/LegacyBackupEncryption.cs: "AuthenticatorPro"
# ‖ salt (20) ‖ IV (16) ‖ AES-256-CBC/PKCS7 of the backup's JSON (Newtonsoft, no indentation);
# key = PBKDF2 (BouncyCastle Pkcs5S2 with SHA-1) of the UTF-8 password, 64,000 iterations, 32 bytes.

# The first releases (AuthenticatorPro.Data.Backup, PCLCrypto): the same header and cipher, an
# 8-byte salt and 100,000 iterations.

def gen_authpro_legacy(manifest):
    plain = gen.dumps(gen.json.loads(read("authenticator_pro.json")))
    for file, password, salt_len, iterations in [
        ("authenticator_pro_legacy.authpro", "legacy pässword", 20, 64_000),
        ("authenticator_pro_earliest.authpro", "earliest pässword", 8, 100_000),
    ]:
        salt, iv = rand_bytes(salt_len), rand_bytes(16)
        key = hashlib.pbkdf2_hmac("sha1", password.encode(), salt, iterations, 32)
        data = b"AuthenticatorPro" + salt + iv + aes_cbc(key, iv, plain.encode())
        write_with_password(file, data, password, binary=True)
        manifest.append(encrypted_entry(manifest, "authenticator_pro.json", file))


def generate(manifest):
    gen_ente(manifest)
    gen_bitwarden(manifest)
    gen_proton(manifest)
    gen_authpro_legacy(manifest)
