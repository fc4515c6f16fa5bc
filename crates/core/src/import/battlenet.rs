//! The Battle.net Authenticator's secret, copied off a rooted phone.
//!
//! Two generations of Blizzard's apps keep it in an Android preference file,
//! masked (XOR) with one fixed 57-byte key and written as hexadecimal:
//!
//! ```text
//! Battle.net app (com.blizzard.messenger), as Aegis' BattleNetImporter.java reads it:
//!   shared_prefs/com.blizzard.messenger.authenticator_preferences.xml
//!   <string name="com.blizzard.messenger.AUTHENTICATOR_DEVICE_SECRET">hex(mask ⊕ secret as 40 hex digits)</string>
//!   <string name="com.blizzard.messenger.AUTHENTICATOR_SERIAL">hex(mask ⊕ "US-1234-5678-9012")</string>
//!   <string name="com.blizzard.messenger.AUTHENTICATOR_CREDENTIALS_ENCRYPTION_TYPE">MASK</string>
//! Battle.net Mobile Authenticator (com.blizzard.bma), as WinAuth and other tools read it:
//!   shared_prefs/com.blizzard.bma.AUTH_STORE.xml
//!   <string name="com.blizzard.bma.AUTH_STORE.HASH">hex(mask ⊕ (secret as 40 hex digits + serial))</string>
//! ```
//!
//! The code is TOTP, SHA-1, 8 digits, 30 seconds; the issuer is
//! `Battle.net` and the label the serial, as Aegis names it. The mask is
//! public (Aegis, WinAuth and others carry it): it hides nothing.
//!
//! # What the format loses or Twofold cannot express
//! Nothing of the code. The region and the clock offset the app keeps are not needed.

use zeroize::Zeroizing;

use super::entry::{self, Params};
use super::{crypto, shared_prefs, Format, ImportError, ImportResult, ImportedAccount};
use crate::otp::OtpKind;
use crate::secret::Secret;

const FORMAT: Format = Format::BattleNet;
const ISSUER: &str = "Battle.net";
pub(super) const DEVICE_SECRET: &str = "com.blizzard.messenger.AUTHENTICATOR_DEVICE_SECRET";
const SERIAL: &str = "com.blizzard.messenger.AUTHENTICATOR_SERIAL";
const ENCRYPTION_TYPE: &str = "com.blizzard.messenger.AUTHENTICATOR_CREDENTIALS_ENCRYPTION_TYPE";
pub(super) const OLD_HASH: &str = "com.blizzard.bma.AUTH_STORE.HASH";
/// Hexadecimal digits of the 20-byte secret in the unmasked text.
const SECRET_HEX_LEN: usize = 40;

/// Blizzard's mask.
const MASK: [u8; 57] = [
    0x39, 0x8e, 0x27, 0xfc, 0x50, 0x27, 0x6a, 0x65, 0x60, 0x65, 0xb0, 0xe5, 0x25, 0xf4, 0xc0, 0x6c, 0x04, 0xc6, 0x10,
    0x75, 0x28, 0x6b, 0x8e, 0x7a, 0xed, 0xa5, 0x9d, 0xa9, 0x81, 0x3b, 0x5d, 0xd6, 0xc8, 0x0d, 0x2f, 0xb3, 0x80, 0x68,
    0x77, 0x3f, 0xa5, 0x9b, 0xa4, 0x7c, 0x17, 0xca, 0x6c, 0x64, 0x79, 0x01, 0x5c, 0x1d, 0x5b, 0x8b, 0x8f, 0x6b, 0x9a,
];

pub(super) fn read(bytes: &[u8]) -> Result<ImportResult, ImportError> {
    let entries = shared_prefs::read_file(FORMAT, bytes)?;
    let get = |name: &str| entries.iter().find(|(key, _)| key == name).map(|(_, value)| value.trim());
    if get(ENCRYPTION_TYPE).is_some_and(|kind| !kind.is_empty() && !kind.eq_ignore_ascii_case("MASK")) {
        return Err(ImportError::Unsupported {
            format: FORMAT,
            what: "this Battle.net Authenticator file keeps its secret sealed by the phone's keystore, which \
                   cannot be opened anywhere else: Twofold reads only the masked kind; set up the \
                   authenticator again and scan its QR code",
        });
    }
    let (secret_hex, serial) = if let Some(masked) = get(DEVICE_SECRET) {
        let secret = unmask(masked).map_err(|what| ImportError::corrupt(FORMAT, format!("its secret {what}")))?;
        let serial = match get(SERIAL).filter(|s| !s.is_empty()) {
            Some(masked) => unmask(masked).map_err(|what| ImportError::corrupt(FORMAT, format!("its serial {what}")))?,
            None => Zeroizing::new(String::new()),
        };
        (secret, serial.trim().to_owned())
    } else if let Some(masked) = get(OLD_HASH) {
        let text = unmask(masked).map_err(|what| ImportError::corrupt(FORMAT, format!("its secret {what}")))?;
        if text.len() < SECRET_HEX_LEN {
            return Err(ImportError::corrupt(FORMAT, "its secret is too short"));
        }
        let serial = text[SECRET_HEX_LEN..].trim().to_owned();
        (Zeroizing::new(text[..SECRET_HEX_LEN].to_owned()), serial)
    } else {
        return Err(ImportError::corrupt(FORMAT, "it holds no authenticator secret"));
    };
    let mut result = ImportResult::new(FORMAT);
    let name = entry::display_name(Some(ISSUER), &serial);
    let account = (|| {
        let bytes = crypto::hex(&secret_hex).ok_or("its secret is not hexadecimal once unmasked")?;
        if bytes.is_empty() {
            return Err("its secret is empty".to_owned());
        }
        let mut params = Params::new(OtpKind::Totp);
        params.digits = Some(8);
        let otp = entry::make_otp(Secret::from_bytes(bytes), &params)?;
        Ok(ImportedAccount::new(entry::account(Some(ISSUER), &serial, otp)))
    })();
    entry::push(&mut result, 0, name, account);
    Ok(result)
}

/// The masked hexadecimal text unmasked, or what is wrong with it (after "its secret").
fn unmask(masked: &str) -> Result<Zeroizing<String>, &'static str> {
    let bytes = Zeroizing::new(crypto::hex(masked).ok_or("is not hexadecimal")?);
    if bytes.len() > MASK.len() {
        return Err("is longer than the app ever writes");
    }
    let plain: Zeroizing<Vec<u8>> = Zeroizing::new(bytes.iter().zip(MASK).map(|(b, m)| b ^ m).collect());
    let text = std::str::from_utf8(&plain).ok().filter(|t| t.bytes().all(|b| b.is_ascii_graphic() || b == b' '));
    text.map(|t| Zeroizing::new(t.to_owned())).ok_or("does not unmask into text (the file is damaged)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aegis_test_values_unmask() {
        // Aegis' battle_net_authenticator.xml.
        let secret = unmask("09ec179861450806035080d113c5f05e62f67316110eec1bd495a9cdb65a3cb3f93b1f80b80b4507").unwrap();
        assert_eq!(secret.as_str(), "0b0d1bbcc5046102f0cc9eba904d7aae16038c28");
        assert_eq!(unmask("6cdd0ace62165b48525585d508c7f35832").unwrap().as_str(), "US-2211-2050-3346");
        assert!(unmask(&"00".repeat(58)).is_err());
        assert!(unmask("zz").is_err());
    }
}
