//! Duo Mobile's own account list, copied off a rooted phone (Duo has no export).
//!
//! Layout confirmed from Aegis' `DuoImporter.java` and its test file
//! `duo.json` (Duo Mobile itself is not open source), which reads
//! `/data/data/com.duosecurity.duomobile/files/duokit/accounts.json`:
//!
//! ```text
//! [ { "version": 1.0, "accountType": "OtpAccount", "name": "Mason",
//!     "otpGenerator": { "otpSecret": base32, "counter": 3 (HOTP only) },
//!     "logoUri": "file:///…", "pkey": uuid, "serviceTypeLabelIsCustom": true }, … ]
//! ```
//!
//! An account with a `counter` is HOTP from that counter (taken as the next
//! one, as Aegis takes it), one without is TOTP; both SHA-1, 6 digits and,
//! for TOTP, 30 seconds: Duo keeps nothing else. The label is `name`; Duo
//! keeps no issuer. An account without `otpGenerator` (a push-only Duo
//! account) has no code and is skipped, said so.
//!
//! # What the format loses or Twofold cannot express
//! Nothing of the code. Logos are paths on the phone and are not kept.

use serde_json::Value;

use super::entry::{self, Params};
use super::error::{SkipReason, Skipped};
use super::json::{self, int_field, str_field};
use super::{Format, ImportError, ImportResult, ImportedAccount};
use crate::otp::OtpKind;

const FORMAT: Format = Format::DuoMobile;

/// Whether a JSON item looks like one of Duo's accounts (for detection).
pub(super) fn is_account(item: &Value) -> bool {
    item.get("otpGenerator").is_some() || (item.get("pkey").is_some() && item.get("accountType").is_some())
}

pub(super) fn read(bytes: &[u8]) -> Result<ImportResult, ImportError> {
    let json = json::parse(FORMAT, bytes)?;
    let items = json::entries(FORMAT, json.value(), "accounts")?;
    let mut result = ImportResult::new(FORMAT);
    for (index, item) in items.iter().enumerate() {
        let Some(account) = item.as_object() else {
            entry::push(&mut result, index, "an unnamed account".into(), Err("the account is not an object".into()));
            continue;
        };
        let label = str_field(account, "name").unwrap_or("");
        let name = entry::display_name(None, label);
        let Some(generator) = account.get("otpGenerator") else {
            result.skipped.push(Skipped { index, name, reason: SkipReason::NoCode });
            continue;
        };
        let read = (|| {
            let generator = generator.as_object().ok_or("its otpGenerator is not an object")?;
            let text = str_field(generator, "otpSecret").ok_or("it has no otpSecret")?;
            let (secret, warning) = entry::base32_secret(text)?;
            let counter = int_field(generator, "counter")?;
            let mut params = Params::new(if counter.is_some() { OtpKind::Hotp } else { OtpKind::Totp });
            params.counter = counter;
            let otp = entry::make_otp(secret, &params)?;
            Ok(ImportedAccount::new(entry::account(None, label, otp)).warned(warning))
        })();
        entry::push(&mut result, index, name, read);
    }
    Ok(result)
}
