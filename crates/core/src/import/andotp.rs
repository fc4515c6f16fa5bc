//! andOTP backups: plain JSON and encrypted `.json.aes`, both generations.
//!
//! Layout confirmed from andOTP's code (`andOTP/andOTP`):
//! `Database/Entry.java` (the JSON of an entry), `Utilities/BackupHelper.java`,
//! `EncryptionHelper.java` and `Constants.java` (the encrypted file); and
//! Aegis' `AndOtpImporter.java`, which reads both generations the same way.
//!
//! ```text
//! plain: [ { "secret": base32 (upper case, '=' padded), "issuer", "label", "digits",
//!            "type": "TOTP" | "HOTP" | "STEAM", "algorithm", "period" (TOTP only),
//!            "counter" (HOTP only), "tags": [..], "thumbnail", "last_used", … } ]
//! encrypted since 0.6.3: iterations (4 bytes, big-endian) | salt (12) | IV (12) | ciphertext | tag (16)
//!   key = PBKDF2-HMAC-SHA1(password, salt, iterations (140,000–160,000), 256 bits)
//! encrypted before:      IV (12) | ciphertext | tag (16), key = SHA-256(password)
//! ```
//!
//! Some descriptions of this format say PBKDF2-SHA256; andOTP's code and
//! Aegis' importer both use `PBKDF2WithHmacSHA1`, which is what is implemented.
//!
//! Neither generation marks itself, so both are tried: the old one first
//! (one hash), then the new one when its iteration count is plausible (at
//! most 10,000,000; a larger count can only be the random IV of an old file).
//! With no password check besides the GCM tag, a wrong password and a
//! damaged or cut file are the same error, [`ImportError::WrongPassword`]
//! (its message cannot tell them apart, and neither can andOTP).
//!
//! Entries without an `issuer` key come from andOTP before 0.6.3, which kept
//! `Issuer - account` in the label: that is split at the first ` - `. A
//! label scanned from a QR code may still start with `Issuer:`; that prefix
//! is dropped when it repeats the issuer. Steam entries carry no period (30 s).
//!
//! # What the format loses or Twofold cannot express
//! Nothing of the code. Tags become groups. Lost: thumbnails (names of
//! andOTP's icon pack), usage statistics, and andOTP's OpenPGP-encrypted
//! backups (`.json.gpg`), which need the person's PGP key and are not read.

use serde_json::{Map, Value};
use zeroize::Zeroizing;

use super::crypto;
use super::detect::{self, ANDOTP_MIN_LEN};
use super::entry::{self, Params};
use super::json::{self, int_field, str_field, text_field};
use super::{Encrypted, Format, ImportError, ImportResult, Imported, ImportedAccount};
use crate::otp::OtpKind;

/// Header of the current generation: iterations and salt.
const HEADER_LEN: usize = 4 + 12;

/// An encrypted backup waiting for its password.
pub(super) struct Locked {
    data: Vec<u8>,
}

pub(super) fn read(bytes: &[u8]) -> Result<Imported, ImportError> {
    if detect::is_text(bytes) {
        let json = json::parse(Format::AndOtp, bytes)?;
        return Ok(Imported::Ready(read_entries(Format::AndOtp, &json)?));
    }
    if bytes.len() < ANDOTP_MIN_LEN {
        return Err(ImportError::Truncated { format: Format::AndOtpEncrypted });
    }
    Ok(Imported::NeedsPassword(Encrypted::from(Locked { data: bytes.to_vec() })))
}

impl Locked {
    pub(super) fn decrypt(&self, password: &str) -> Result<ImportResult, ImportError> {
        // andOTP encodes the password as UTF-8 in both generations.
        let password = Zeroizing::new(password.as_bytes().to_vec());
        let plaintext =
            self.open_old(&password).or_else(|| self.open_new(&password)).ok_or(ImportError::WrongPassword)?;
        let json = json::parse(Format::AndOtpEncrypted, &plaintext)?;
        read_entries(Format::AndOtpEncrypted, &json)
    }

    fn open_old(&self, password: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        let (iv, sealed) = self.data.split_at_checked(crypto::NONCE_LEN)?;
        crypto::open(&crypto::sha256_key(password), iv, sealed)
    }

    fn open_new(&self, password: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
        let (header, rest) = self.data.split_at_checked(HEADER_LEN)?;
        let (iterations, salt) = header.split_at(4);
        let iterations = u32::from_be_bytes(iterations.try_into().ok()?);
        let iterations = crypto::pbkdf2_iterations(Format::AndOtpEncrypted, u64::from(iterations)).ok()?;
        let (iv, sealed) = rest.split_at_checked(crypto::NONCE_LEN)?;
        crypto::open(&crypto::pbkdf2_sha1(password, salt, iterations), iv, sealed)
    }
}

fn read_entries(format: Format, json: &json::Json) -> Result<ImportResult, ImportError> {
    let entries = json::entries(format, json.value(), "accounts")?;
    let mut result = ImportResult::new(format);
    for (index, value) in entries.iter().enumerate() {
        let Some(object) = value.as_object() else {
            entry::push(&mut result, index, "an unnamed account".into(), Err("the entry is not an object".into()));
            continue;
        };
        let (issuer, label) = names(object);
        let name = entry::display_name(issuer.as_deref(), &label);
        entry::push(&mut result, index, name, read_entry(object));
    }
    Ok(result)
}

/// Issuer and account name, for both generations (see the module docs).
fn names(object: &Map<String, Value>) -> (Option<String>, String) {
    let label = str_field(object, "label").unwrap_or("").trim();
    if object.contains_key("issuer") {
        let issuer = text_field(object, "issuer");
        let label =
            issuer.and_then(|i| label.strip_prefix(i)).and_then(|rest| rest.strip_prefix(':')).map_or(label, str::trim);
        return (issuer.map(str::to_owned), label.to_owned());
    }
    match label.split_once(" - ") {
        Some((issuer, account)) => (entry::non_blank(Some(issuer)), account.trim().to_owned()),
        None => (None, label.to_owned()),
    }
}

fn read_entry(object: &Map<String, Value>) -> Result<ImportedAccount, String> {
    let (secret, warning) = entry::base32_secret(str_field(object, "secret").ok_or("it has no secret")?)?;
    // andOTP reads an unknown or missing type as TOTP; an unsupported one here is an error.
    let kind = match str_field(object, "type") {
        None => OtpKind::Totp,
        Some(t) => entry::kind(t)?,
    };
    let mut params = Params::new(kind);
    if let Some(name) = str_field(object, "algorithm") {
        params.algorithm = Some(entry::algorithm(name)?);
    }
    params.digits = int_field(object, "digits")?;
    params.period = int_field(object, "period")?;
    params.counter = int_field(object, "counter")?;
    let otp = entry::make_otp(secret, &params)?;
    let (issuer, label) = names(object);
    let mut imported = ImportedAccount::new(entry::account(issuer.as_deref(), &label, otp)).warned(warning);
    imported.groups = json::string_list(object, "tags");
    Ok(imported)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_of_both_generations() {
        let text = br#"[
            {"secret":"JBSWY3DPEHPK3PXP","label":"GitHub - octo","type":"TOTP","algorithm":"SHA1","digits":6,"period":30},
            {"secret":"JBSWY3DPEHPK3PXP","issuer":"GitHub","label":"GitHub:octo","type":"TOTP","digits":6,"period":30},
            {"secret":"JBSWY3DPEHPK3PXP","issuer":"","label":"plain","type":"STEAM","digits":5},
            {"secret":"JBSWY3DPEHPK3PXP","issuer":"X","label":"y","type":"HOTP","digits":6}
        ]"#;
        let Imported::Ready(result) = read(text).unwrap() else { panic!("plain") };
        let names: Vec<_> =
            result.accounts.iter().map(|a| (a.account.issuer.as_deref(), a.account.label.as_str())).collect();
        assert_eq!(names, [(Some("GitHub"), "octo"), (Some("GitHub"), "octo"), (None, "plain")]);
        assert_eq!(result.accounts[2].account.otp.kind(), OtpKind::Steam);
        assert_eq!(result.errors.len(), 1);
        assert_eq!(result.errors[0].name, "X: y");
    }

    #[test]
    fn short_binary_is_truncated_and_noise_needs_a_password() {
        assert!(matches!(read(&[0xff; 20]), Err(ImportError::Truncated { .. })));
        let Imported::NeedsPassword(locked) = read(&[0xff; 64]).unwrap() else { panic!("binary") };
        assert!(matches!(locked.decrypt("anything"), Err(ImportError::WrongPassword)));
    }
}
