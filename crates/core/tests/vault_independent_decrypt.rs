//! An independent decryptor, written from `src/vault/FORMAT.md` with only the
//! primitives (no code of the vault module), opening a vault that Twofold wrote:
//! proof that the format page says enough.

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::AeadInOut;
use chacha20poly1305::{Key, KeyInit, Tag, XChaCha20Poly1305, XNonce};
use data_encoding::{BASE32_NOPAD, HEXLOWER_PERMISSIVE};
use hkdf::Hkdf;
use serde_json::Value;
use sha2::Sha256;
use twofold_core::keystore::KeyringStore;
use twofold_core::otp::{Algorithm as OtpAlgorithm, Otp};
use twofold_core::vault::{Contents, KdfParams, NewSlot, RecoveryKey, VaultStore};
use twofold_core::{Account, Secret};
use x25519_dalek::{PublicKey, StaticSecret};

const PASSWORD: &str = "independent";

fn hex<const N: usize>(v: &Value) -> [u8; N] {
    HEXLOWER_PERMISSIVE
        .decode(v.as_str().unwrap().as_bytes())
        .unwrap()
        .try_into()
        .unwrap()
}

/// XChaCha20-Poly1305 decryption of `ciphertext || tag`.
fn open(key: &[u8; 32], nonce: &[u8; 24], aad: &[u8], sealed: &[u8]) -> Option<Vec<u8>> {
    let (ciphertext, tag) = sealed.split_at(sealed.len() - 16);
    let mut buffer = ciphertext.to_vec();
    let tag: [u8; 16] = tag.try_into().unwrap();
    XChaCha20Poly1305::new(&Key::from(*key))
        .decrypt_inout_detached(
            &XNonce::from(*nonce),
            aad,
            buffer.as_mut_slice().into(),
            &Tag::from(tag),
        )
        .ok()?;
    Some(buffer)
}

fn unwrap_slot(vault_id: &str, slot: &Value, wrapping: &[u8; 32]) -> Option<[u8; 32]> {
    let aad = format!("{vault_id}:{}:{}", slot["id"].as_str()?, slot["type"].as_str()?);
    let key = open(
        wrapping,
        &hex(&slot["nonce"]),
        aad.as_bytes(),
        &hex::<48>(&slot["wrapped_key"]),
    )?;
    key.try_into().ok()
}

enum Secretly<'a> {
    Password(&'a str),
    RecoveryText(&'a str),
}

/// FORMAT.md, step by step.
fn decrypt(file: &[u8], with: Secretly<'_>) -> Value {
    assert_eq!(&file[..8], b"TWOFOLD\0");
    assert_eq!(u16::from_le_bytes([file[8], file[9]]), 1);
    let h = u32::from_le_bytes(file[10..14].try_into().unwrap()) as usize;
    let header: Value = serde_json::from_slice(&file[14..14 + h]).unwrap();
    let payload = &file[14 + h..];
    assert_eq!(payload.len() as u64, header["payload_length"].as_u64().unwrap());
    let vault_id = header["vault_id"].as_str().unwrap();
    let slots = header["slots"].as_array().unwrap();
    let vault_key = match with {
        Secretly::Password(password) => {
            let slot = slots.iter().find(|s| s["type"] == "password").unwrap();
            let kdf = &slot["kdf"];
            assert_eq!(
                (kdf["algorithm"].as_str(), kdf["version"].as_u64()),
                (Some("argon2id"), Some(19))
            );
            let params = Params::new(
                kdf["memory_kib"].as_u64().unwrap() as u32,
                kdf["iterations"].as_u64().unwrap() as u32,
                kdf["parallelism"].as_u64().unwrap() as u32,
                Some(32),
            )
            .unwrap();
            let salt = HEXLOWER_PERMISSIVE
                .decode(kdf["salt"].as_str().unwrap().as_bytes())
                .unwrap();
            let mut wrapping = [0u8; 32];
            Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
                .hash_password_into(password.as_bytes(), &salt, &mut wrapping)
                .unwrap();
            unwrap_slot(vault_id, slot, &wrapping).expect("the password slot opens")
        }
        Secretly::RecoveryText(text) => {
            let clean: String = text.chars().filter(|c| *c != '-').collect();
            let raw = BASE32_NOPAD.decode(clean.as_bytes()).unwrap();
            let r: [u8; 32] = raw[..32].try_into().unwrap();
            let secret = StaticSecret::from(r);
            let public = PublicKey::from(&secret).to_bytes();
            let slot = slots.iter().find(|s| s["type"] == "recovery").unwrap();
            assert_eq!(hex::<32>(&slot["public_key"]), public);
            let ephemeral: [u8; 32] = hex(&slot["ephemeral_public_key"]);
            let shared = secret.diffie_hellman(&PublicKey::from(ephemeral));
            let mut salt = ephemeral.to_vec();
            salt.extend_from_slice(&public);
            let mut wrapping = [0u8; 32];
            Hkdf::<Sha256>::new(Some(&salt), shared.as_bytes())
                .expand(b"twofold recovery slot v1", &mut wrapping)
                .unwrap();
            unwrap_slot(vault_id, slot, &wrapping).expect("the recovery slot opens")
        }
    };
    let plaintext =
        open(&vault_key, &hex(&header["nonce"]), &file[..14 + h], payload).expect("the payload authenticates");
    serde_json::from_slice(&plaintext).unwrap()
}

#[test]
fn format_md_is_enough_to_decrypt_a_vault() {
    let dir = std::env::temp_dir().join(format!("twofold-independent-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let store = VaultStore::<Contents>::new(dir.join("vault.twofold"));
    let keyring = KeyringStore::mock();
    let recovery = RecoveryKey::generate().unwrap();
    let mut contents = Contents::default();
    let secret = Secret::from_base32_lenient("JBSWY3DPEHPK3PXP").unwrap();
    let otp = Otp::hotp(secret, OtpAlgorithm::Sha256, 8, 42).unwrap();
    contents
        .add(
            Account {
                issuer: Some("Example".into()),
                label: "me".into(),
                otp,
            },
            1_700_000_000,
        )
        .unwrap();
    let params = KdfParams {
        memory_kib: 1024,
        iterations: 2,
        parallelism: 2,
    };
    store
        .create(
            &contents,
            &[
                NewSlot::Keyring(&keyring),
                NewSlot::Password {
                    password: PASSWORD,
                    params,
                },
                NewSlot::Recovery(recovery.public_key()),
            ],
        )
        .unwrap();
    let file = std::fs::read(store.path()).unwrap();
    for payload in [
        decrypt(&file, Secretly::Password(PASSWORD)),
        decrypt(&file, Secretly::RecoveryText(&recovery.to_text())),
    ] {
        let account = &payload["accounts"][0];
        assert_eq!(account["secret"], "JBSWY3DPEHPK3PXP");
        assert_eq!(account["kind"], "hotp");
        assert_eq!(account["algorithm"], "SHA256");
        assert_eq!(account["digits"], 8);
        assert_eq!(account["counter"], 42);
        assert_eq!(account["issuer"], "Example");
        assert_eq!(payload["settings"]["clipboard_clear_seconds"], 30);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
