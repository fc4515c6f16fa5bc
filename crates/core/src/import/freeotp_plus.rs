//! FreeOTP+ JSON backups.
//!
//! Layout confirmed from FreeOTP+'s code (`helloworld1/FreeOTPPlus`,
//! `token-data`): `legacy/ImportExportUtil.kt` (the export is Gson's JSON of
//! `SavedTokens(tokens, tokenOrder)`), `legacy/Token.java` (the fields),
//! `MigrationUtil.kt` and `OtpTokenFactory.kt` (how tokens become that JSON),
//! and Aegis' `FreeOtpPlusImporter.java` / `FreeOtpImporter.java`.
//!
//! ```text
//! { "tokenOrder": ["Issuer:label", …],
//!   "tokens": [{ "type": "TOTP" | "HOTP", "algo": "SHA1", "digits", "period", "counter",
//!                "issuerExt", "issuerInt", "issuerAlt", "label", "labelAlt",
//!                "secret": [signed bytes], "image" }] }
//! ```
//!
//! - The issuer is `issuerAlt` (renamed by the person), else `issuerExt` (the
//!   label's prefix), else `issuerInt` (the link's `issuer`), as
//!   `Token.getIssuer()` picks it; the label is `labelAlt`, else `label`.
//! - `counter` is the counter FreeOTP+ makes its next code from
//!   (`TokenCodeUtil.generateTokenCode` uses it, then `incrementCounter`), so
//!   Twofold keeps it as is, as Aegis and Stratum do and as FreeOTP's
//!   `tokens.xml` is read. (FreeOTP+ stores a link's counter minus one and
//!   writes `counter + 1` into the links it shows, so its first code is one
//!   behind the link's; the code here is the one FreeOTP+ would show.)
//! - Steam is a TOTP whose issuer is exactly `Steam`, as FreeOTP+ decides.
//! - Tokens are read in the order of `tokens`, all of them; FreeOTP+'s own
//!   import keeps only those named in `tokenOrder`.
//!
//! # What the format loses or Twofold cannot express
//! Nothing of the code for TOTP, HOTP and Steam. FreeOTP+ has no groups,
//! notes or favourites; its images are paths on the phone and are not kept.
//! An issuer containing `:` was split by FreeOTP+ itself when it wrote the
//! backup (its label prefix ends at the first `:`).

use serde_json::{Map, Value};
use zeroize::Zeroizing;

use super::entry::{self, Params};
use super::json::{self, as_int, int_field, str_field, text_field};
use super::{Format, ImportError, ImportResult, ImportedAccount};
use crate::otp::{Otp, OtpKind};
use crate::secret::Secret;

const FORMAT: Format = Format::FreeOtpPlus;
/// Steam's issuer, compared exactly as FreeOTP+ compares it.
const STEAM: &str = "Steam";

pub(super) fn read(bytes: &[u8]) -> Result<ImportResult, ImportError> {
    let json = json::parse(FORMAT, bytes)?;
    let root = json::root_object(FORMAT, &json)?;
    let tokens = json::entries(FORMAT, root.get("tokens").unwrap_or(&Value::Null), "tokens")?;
    let mut result = ImportResult::new(FORMAT);
    for (index, value) in tokens.iter().enumerate() {
        let Some(token) = value.as_object() else {
            entry::push(&mut result, index, "an unnamed account".into(), Err("the token is not an object".into()));
            continue;
        };
        let (issuer, label) = names(token);
        let name = entry::display_name(issuer, label);
        let read = token
            .get("secret")
            .ok_or_else(|| "it has no secret".to_owned())
            .and_then(byte_secret)
            .and_then(|secret| read_token(token, secret));
        entry::push(&mut result, index, name, read);
    }
    Ok(result)
}

/// Issuer and label as `Token.getIssuer()` and the renames pick them (FreeOTP 2's `Token` is the same class).
pub(super) fn names(token: &Map<String, Value>) -> (Option<&str>, &str) {
    let issuer = text_field(token, "issuerAlt")
        .or_else(|| text_field(token, "issuerExt"))
        .or_else(|| text_field(token, "issuerInt"));
    let label = str_field(token, "labelAlt").or_else(|| str_field(token, "label")).unwrap_or("");
    (issuer, label)
}

/// One FreeOTP token (FreeOTP+'s and FreeOTP 2's JSON, the same Gson of `Token`) with its secret.
pub(super) fn read_token(token: &Map<String, Value>, secret: Secret) -> Result<ImportedAccount, String> {
    let (issuer, label) = names(token);
    let kind = match str_field(token, "type").map(|t| t.trim().to_ascii_uppercase()) {
        None => OtpKind::Totp,
        Some(t) if t == "TOTP" => OtpKind::Totp,
        Some(t) if t == "HOTP" => OtpKind::Hotp,
        Some(t) => {
            return Err(format!("the {}token type is not supported (FreeOTP+ has TOTP and HOTP)", entry::quoted(&t)))
        }
    };
    let otp = if kind == OtpKind::Totp && issuer == Some(STEAM) {
        Otp::steam(secret).map_err(|e| e.to_string())?
    } else {
        let mut params = Params::new(kind);
        if let Some(name) = str_field(token, "algo") {
            params.algorithm = Some(entry::algorithm(name)?);
        }
        params.digits = int_field(token, "digits")?;
        params.period = int_field(token, "period")?;
        // -1 is a token added from a link with counter 0 and never used: FreeOTP's first code
        // would be made from 2^64 - 1, which no server expects; the link's 0 is what they do.
        params.counter = int_field(token, "counter")?.map(|c| if c == -1 { 0 } else { c }).or((kind == OtpKind::Hotp).then_some(0));
        entry::make_otp(secret, &params)?
    };
    Ok(ImportedAccount::new(entry::account(issuer, label, otp)))
}

/// Java's `byte[]` as Gson writes it: numbers from -128 to 127 (0 to 255 accepted too).
pub(super) fn byte_secret(value: &Value) -> Result<Secret, String> {
    let items = value.as_array().ok_or("its secret is not a list of bytes")?;
    let mut bytes = Zeroizing::new(Vec::with_capacity(items.len()));
    for item in items {
        let byte = as_int(item).filter(|b| (-128..=255).contains(b)).ok_or("its secret is not a list of bytes")?;
        // Two's complement: -1 is 0xFF.
        bytes.push((byte & 0xFF) as u8);
    }
    if bytes.is_empty() {
        return Err("its secret is empty".into());
    }
    Ok(Secret::from_bytes(bytes.to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_steam_and_bad_tokens() {
        let text = br#"{"tokens":[
            {"type":"HOTP","algo":"SHA1","digits":6,"counter":-1,"issuerExt":"A","label":"a","secret":[-1,0,127,-128]},
            {"type":"HOTP","algo":"SHA1","digits":6,"counter":10299,"issuerExt":"W","label":"w","secret":[1,2,3]},
            {"type":"TOTP","algo":"SHA1","digits":5,"period":30,"issuerExt":"Steam","label":"g","secret":[1,2,3]},
            {"type":"TOTP","algo":"MD5","digits":6,"period":30,"issuerExt":"M","label":"m","secret":[1]},
            {"type":"TOTP","digits":6,"period":30,"issuerExt":"S","label":"s","secret":[300]},
            {"type":"TOTP","digits":6,"period":30,"issuerExt":"","issuerInt":"Int","label":"i","labelAlt":"renamed","secret":[9]}
        ]}"#;
        let result = read(text).unwrap();
        assert_eq!(result.accounts.len(), 4);
        assert_eq!(result.accounts[0].account.otp.counter(), Some(0));
        assert_eq!(result.accounts[0].account.otp.secret().as_bytes(), [0xff, 0, 0x7f, 0x80]);
        // The counter FreeOTP+ makes its next code from, as Aegis' own test of this file reads it.
        assert_eq!(result.accounts[1].account.otp.counter(), Some(10299));
        assert_eq!(result.accounts[2].account.otp.kind(), OtpKind::Steam);
        assert_eq!(result.accounts[3].account.issuer.as_deref(), Some("Int"));
        assert_eq!(result.accounts[3].account.label, "renamed");
        assert_eq!(result.errors.iter().map(|e| e.index).collect::<Vec<_>>(), [3, 4]);
    }
}
