//! The otpauth Key URI format, both ways: [`parse`] reads what real QR codes
//! carry, [`to_uri`] writes the canonical form the major apps read back.
//!
//! ```text
//! otpauth://TYPE/LABEL?secret=…&issuer=…&algorithm=…&digits=…&period=…&counter=…
//! LABEL = [ISSUER (":" | "%3A") *SPACE] ACCOUNT
//! ```
//!
//! The format is Google's "Key Uri Format" wiki page, which is loose; what
//! follows is how Twofold reads it, and why.
//!
//! # Reading: lenient where real QR codes need it, no further
//! - The input is refused before any other work when it is longer than
//!   [`MAX_URI_LEN`] (64 KiB; real URIs are a few hundred bytes).
//! - Surrounding whitespace is trimmed (copied text often ends with a newline).
//!   The scheme `otpauth://` and the type (`totp`, `hotp`, `steam`) are read in
//!   any case. An `otpauth-migration://` URI gets its own error: it is a Google
//!   Authenticator export, read by [`crate::migration`].
//! - The label is percent-decoded as UTF-8 (invalid escapes or invalid UTF-8
//!   are an error, not a guess). In the path `+` is a literal plus: path
//!   segments are not form-encoded, and `alice+2fa@example.com` is a common
//!   account name. `:` and `%3A`/`%3a` both separate the issuer prefix from
//!   the account name (the spec allows both), and spaces after that
//!   separator are dropped (the spec allows `%20`s there).
//! - Query values are percent-decoded too, and there `+` means a space. Most
//!   generators write spaces as `%20`, but server-side form encoders (PHP's
//!   `urlencode`, Java's `URLEncoder`, Python's `urlencode`) write `+`, and the
//!   readers that matter decode `+` as a space in the query: Android's
//!   `Uri.getQueryParameter` (so Google Authenticator and Aegis) and the `url`
//!   crate's form decoding (GNOME Authenticator). Reading it the same way
//!   shows the same issuer the phone shows. A literal plus is written `%2B` by
//!   every encoder we know of, including [`to_uri`].
//! - Parameter names are matched in any case. Unknown parameters (`image`,
//!   `color`, …) are ignored. An empty value counts as absent. When a
//!   parameter is repeated, the first non-empty one wins, as with Android's
//!   `getQueryParameter` that Google Authenticator and Aegis use; later ones
//!   are not even decoded.
//! - A fragment (`#…`) is dropped, as by every URI parser.
//! - The secret is base32 in any case, with spaces (`%20`, `+`) or hyphens
//!   between groups, with or without `=` (`%3D`) padding; see
//!   [`Secret::from_base32_lenient`]. The algorithm name is read in any case
//!   (`sha256`, `SHA-256`). `digits`, `period` and `counter` are plain ASCII
//!   decimal: no sign, no spaces. Defaults: SHA1, 6 digits, 30 seconds.
//!   A HOTP URI must carry its counter: guessing 0 would make codes that a
//!   server further along never accepts.
//!
//! # Issuer: the parameter wins over the label prefix
//! When both are given and differ, the `issuer` parameter is the issuer and
//! the label prefix is dropped from the account name. Google's page calls the
//! parameter the one newer implementations use to tell accounts apart, and
//! Google Authenticator and GNOME Authenticator let it win. Aegis lets the
//! prefix win instead; we do not, because the parameter is the field a
//! machine fills in on purpose, while the prefix is often a display name.
//! When only one of them is given, that one is the issuer; when neither is,
//! the issuer is `None`. An empty issuer counts as none.
//!
//! When the parameter is given and the label starts with it followed by `:`,
//! exactly that prefix is removed, so an issuer that itself contains `:`
//! survives. A label that starts with `:` has an empty prefix: the rest is the
//! account name, taken verbatim (this is how [`to_uri`] writes account names
//! that contain `:` or start with a space, so that they survive a round trip).
//!
//! # Steam
//! Steam Guard is read in both spellings in use: `otpauth://steam/…` (Aegis,
//! GNOME Authenticator) and `otpauth://totp/…?encoder=steam` (KeePassXC and
//! others). Steam codes are always SHA-1, 30 s and five characters, so a
//! Steam URI's `algorithm`, `digits` and `period` are ignored (apps write 5,
//! 6 or nothing). `encoder` is only looked at on `totp` URIs. A `totp` URI
//! that asks for five digits is Steam too when its issuer is Steam or it has
//! WinAuth's Steam-only `deviceid`: WinAuth (`WinAuthAuthenticator.ToUrl`)
//! and 2FAuth write Steam so. Any other five-digit TOTP is refused.
//!
//! # mOTP and Yandex
//! Both need a PIN besides the secret, and both are written as Aegis writes
//! them. Yandex Key is `otpauth://yaotp/…` (`yandex` is read too) with its
//! base32 secret (16 bytes, or 26 with the checksum the Yandex app shows) and
//! `pin=`: the PIN's UTF-8 bytes in base32, as Aegis' `GoogleAuthInfo` writes
//! and reads it. mOTP has its own scheme, `motp:`, with the secret in hex:
//! Aegis writes `motp:/Issuer%3Aaccount?secret=<hex>&issuer=…`, Authenticator
//! Pro `motp://Issuer:account?secret=<hex>`; both are read (whatever follows
//! `motp:` and its slashes up to `?` is the label). Neither app puts the mOTP
//! PIN in the link; Twofold adds `pin=` as for Yandex (apps ignore what they
//! do not know) so its own exports read back whole. A link without the PIN
//! is refused with [`UriError::MissingPin`]: no code could be made from it.
//!
//! # Writing
//! [`to_uri`] always writes `secret` (base32, upper case, no padding), the
//! `issuer` parameter when there is an issuer, `algorithm`, `digits`, and
//! `period` (TOTP, Steam) or `counter` (HOTP). Label parts and the issuer are
//! percent-encoded with UTF-8: everything but ASCII letters, digits, `-._~`
//! and `@` is escaped, so `:` `/` `?` `#` `&` `=` `+` `%` and space (`%20`)
//! never reach a reader raw.
//!
//! Steam is written `otpauth://steam/…&digits=5&period=30&encoder=steam`:
//! the `steam` type is what Aegis and GNOME Authenticator read (and Aegis
//! writes), and the extra `encoder=steam` is what KeePassXC-style readers
//! look at; both ignore what they do not know. An app that knows neither
//! (Google Authenticator) refuses the unknown type instead of showing wrong
//! six-digit codes, which `otpauth://totp/…?encoder=steam` would make it do.
//!
//! The label is written `Issuer:account` when that reads back unchanged
//! (nearly always). Otherwise the writer falls back to `account` alone with
//! the issuer in its parameter, or to `:account` (empty prefix), whichever
//! is first to read back exactly. An issuer of `Some("")` is written as no
//! issuer.
//!
//! # Errors
//! [`UriError`] names what is wrong in words a person can act on. No message
//! ever contains the secret or any part of it: values from the URI are only
//! echoed when they are short tokens (`xotp`, `MD5`) in fields that are not
//! the secret.
//!
//! ```
//! use twofold_core::uri;
//!
//! let account = uri::parse("otpauth://totp/ACME%20Co:john@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co")?;
//! assert_eq!(account.issuer.as_deref(), Some("ACME Co"));
//! assert_eq!(account.label, "john@example.com");
//! assert_eq!(
//!     uri::to_uri(&account).as_str(),
//!     "otpauth://totp/ACME%20Co:john@example.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30",
//! );
//! # Ok::<(), uri::UriError>(())
//! ```

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use zeroize::Zeroizing;

use crate::account::Account;
use crate::otp::{Algorithm, Otp, OtpError, OtpKind, Pin, MAX_PERIOD};
use crate::secret::{Secret, SecretError, Tolerated};

/// Longest input [`parse`] looks at, in bytes (64 KiB).
///
/// Real otpauth URIs are a few hundred bytes; anything this long is not one,
/// and refusing it up front bounds the work done on hostile input.
pub const MAX_URI_LEN: usize = 64 * 1024;

/// Default number of digits when the URI names none.
const DEFAULT_DIGITS: u64 = 6;
/// Default TOTP period in seconds when the URI names none.
const DEFAULT_PERIOD: u64 = 30;
/// Longest value from the URI that an error message may quote.
const MAX_ECHO_LEN: usize = 10;

/// Why a text is not a usable otpauth URI.
///
/// Messages never contain the secret, not even a part of it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UriError {
    /// The input is longer than [`MAX_URI_LEN`]; nothing else was looked at.
    #[error("this text is {len} bytes long, too long for an otpauth URI (at most {MAX_URI_LEN} bytes)")]
    TooLong {
        /// Length of the input in bytes.
        len: usize,
    },
    /// The names are so long that the URI Twofold would write for the account
    /// (names percent-encoded) would be over [`MAX_URI_LEN`], so it could not be
    /// read back (found by fuzzing).
    #[error("the names in this URI are too long: written out it would be {len} bytes (at most {MAX_URI_LEN})")]
    NamesTooLong {
        /// Length of the URI as Twofold would write it.
        len: usize,
    },
    /// The text does not start with `otpauth://` (a web link, plain text, …).
    #[error("this is not an otpauth:// URI (the QR code of an authenticator account starts with otpauth://)")]
    NotOtpauth,
    /// An `otpauth-migration://` URI, where a single account was expected.
    #[error("this is a Google Authenticator export (otpauth-migration://), which can hold many accounts: import it as an export, not as a single account")]
    MigrationUri,
    /// The type after `otpauth://` is not `totp`, `hotp`, `steam` or `yaotp`.
    #[error("unknown OTP type{}: Twofold reads totp, hotp, steam, yaotp (Yandex) and motp: links", quoted(.found))]
    UnknownType {
        /// The type as written, when it is a short token worth showing.
        found: Option<String>,
    },
    /// No `secret` parameter (or an empty one).
    #[error("the URI has no secret parameter, so no codes can be made from it")]
    MissingSecret,
    /// The `secret` parameter is not base32.
    #[error("the secret parameter is invalid: {0}")]
    InvalidSecret(#[source] SecretError),
    /// The `secret` of a `motp:` link is not hex.
    #[error("the secret parameter is invalid: an mOTP secret is hexadecimal (0-9, a-f), an even number of digits")]
    InvalidHexSecret,
    /// A Yandex secret of the wrong length, or whose checksum fails.
    #[error("the secret parameter is invalid: {0}")]
    InvalidYandexSecret(String),
    /// An mOTP or Yandex link without its `pin` parameter.
    #[error("this {kind} link carries no PIN (pin parameter), and its codes cannot be made without one: import the account from an Aegis or Authenticator Pro export instead")]
    MissingPin {
        /// "mOTP" or "Yandex".
        kind: &'static str,
    },
    /// The `pin` parameter is not base32 of UTF-8 text, or of a length the kind refuses.
    #[error("the pin parameter is invalid: {0}")]
    InvalidPin(&'static str),
    /// `digits` is a number outside 6–10.
    #[error("{digits} digits is not supported: codes have 6 to 10 digits")]
    DigitsOutOfRange {
        /// The number of digits asked for.
        digits: u64,
    },
    /// `digits` is not a whole number (or too large to read as one).
    #[error("the digits parameter is not a whole number (codes have 6 to 10 digits)")]
    InvalidDigits,
    /// `period` is 0.
    #[error("the period is 0 seconds; it must be at least 1 second")]
    ZeroPeriod,
    /// `period` is longer than a day.
    #[error("a period of {period} seconds is too long (at most {MAX_PERIOD}, a day)")]
    PeriodTooLong {
        /// The period asked for, in seconds.
        period: u64,
    },
    /// `period` is not a whole number (or too large to read as one).
    #[error("the period parameter is not a whole number of seconds (1 to {MAX_PERIOD})")]
    InvalidPeriod,
    /// A HOTP URI without its `counter`.
    #[error("this is a counter-based (HOTP) account, but the URI has no counter parameter")]
    MissingCounter,
    /// `counter` is not a whole number that fits 64 bits.
    #[error("the counter parameter is not a whole number from 0 to {}", u64::MAX)]
    InvalidCounter,
    /// `algorithm` names a hash other than SHA1, SHA256 and SHA512.
    #[error("unsupported algorithm{}: Twofold supports SHA1, SHA256 and SHA512", quoted(.name))]
    UnsupportedAlgorithm {
        /// The name as written, when it is a short token worth showing.
        name: Option<String>,
    },
    /// The label has a bad `%` escape or is not UTF-8 once decoded.
    #[error("the account name in the URI is not valid percent-encoded UTF-8 text")]
    InvalidLabelEncoding,
    /// A parameter value has a bad `%` escape or is not UTF-8 once decoded.
    #[error("the {name} parameter is not valid percent-encoded UTF-8 text")]
    InvalidParameterEncoding {
        /// The parameter's name (`secret`, `issuer`, …).
        name: &'static str,
    },
}

impl From<OtpError> for UriError {
    // No wildcard arm on purpose: a new `OtpError` must get its own URI error.
    fn from(e: OtpError) -> Self {
        match e {
            OtpError::EmptySecret => UriError::InvalidSecret(SecretError::Empty),
            OtpError::DigitsOutOfRange { digits } => UriError::DigitsOutOfRange { digits: u64::from(digits) },
            OtpError::ZeroPeriod => UriError::ZeroPeriod,
            OtpError::PeriodTooLong { period } => UriError::PeriodTooLong { period },
            OtpError::Pin(why) => UriError::InvalidPin(why),
            OtpError::YandexSecret(why) => UriError::InvalidYandexSecret(why),
        }
    }
}

/// ` `xotp`` for a value worth quoting, nothing otherwise.
fn quoted(value: &Option<String>) -> String {
    value.as_ref().map(|v| format!(" `{v}`")).unwrap_or_default()
}

/// A value from the URI that may appear in an error message: a short ASCII
/// token (`xotp`, `MD5`). Anything longer or stranger is not echoed, so a
/// message can never carry a pasted secret or a wall of text.
fn echo(value: &str) -> Option<String> {
    let short_token = !value.is_empty()
        && value.len() <= MAX_ECHO_LEN
        && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    short_token.then(|| value.to_owned())
}

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

/// Reads one account from an `otpauth://` URI.
///
/// See the [module docs](self) for what is accepted and why.
pub fn parse(uri: &str) -> Result<Account, UriError> {
    parse_with(uri, false).map(|(account, _)| account)
}

/// Reads one account from an `otpauth://` URI that a machine wrote (a QR
/// code, another app's export), with its secret read the way authenticator
/// apps read it ([`Secret::from_base32_tolerant`]): a secret with unused
/// bits set or one character too many is read as those apps read it, so the
/// codes are theirs, and [`Tolerated`] says what was let pass, for a warning.
/// Everything else is as strict as [`parse`].
pub fn parse_tolerant(uri: &str) -> Result<(Account, Tolerated), UriError> {
    parse_with(uri, true)
}

fn parse_with(uri: &str, tolerant: bool) -> Result<(Account, Tolerated), UriError> {
    if uri.len() > MAX_URI_LEN {
        return Err(UriError::TooLong { len: uri.len() });
    }
    let raw = RawUri::split(uri.trim())?;
    let declared = match raw.kind {
        None => OtpKind::Motp,
        Some(kind) => read_type(kind)?,
    };
    let path = percent_decode(raw.path, false).ok_or(UriError::InvalidLabelEncoding)?;
    let params = Params::read(raw.query)?;
    let (secret, tolerated) = if declared == OtpKind::Motp {
        (read_hex_secret(&params)?, Tolerated::default())
    } else {
        read_secret(&params, tolerant)?
    };
    let (issuer, label) = split_label(&path, params.issuer.as_deref().map(|s| s.as_str()));
    let otp = build_otp(steam_or_declared(declared, &params, issuer), &params, secret)?;
    let account = Account { issuer: issuer.map(str::to_owned), label: label.to_owned(), otp };
    // What is read must survive being written and read again (exports, QR codes).
    let written = to_uri(&account).len();
    if written > MAX_URI_LEN {
        return Err(UriError::NamesTooLong { len: written });
    }
    Ok((account, tolerated))
}

/// The undecoded parts of an otpauth URI.
struct RawUri<'a> {
    /// `totp`, `hotp`, … as written; `None` for a `motp:` link.
    kind: Option<&'a str>,
    /// The label, still percent-encoded, without its leading `/`.
    path: &'a str,
    /// Everything after `?`, fragment removed.
    query: &'a str,
}

impl<'a> RawUri<'a> {
    fn split(uri: &'a str) -> Result<Self, UriError> {
        if let Some(rest) = strip_prefix_ignore_case(uri, "motp:") {
            let rest = rest.split_once('#').map_or(rest, |(before, _fragment)| before);
            let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
            return Ok(RawUri { kind: None, path: path.trim_start_matches('/'), query });
        }
        let rest = strip_prefix_ignore_case(uri, "otpauth://").ok_or_else(|| not_otpauth(uri))?;
        let rest = rest.split_once('#').map_or(rest, |(before, _fragment)| before);
        let (before_query, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (kind, path) = before_query.split_once('/').unwrap_or((before_query, ""));
        Ok(RawUri { kind: Some(kind), path, query })
    }
}

/// The error for a text without the `otpauth://` scheme: an export URI gets
/// its own, because the person holds something useful, just in the wrong place.
fn not_otpauth(text: &str) -> UriError {
    if strip_prefix_ignore_case(text, "otpauth-migration:").is_some() {
        UriError::MigrationUri
    } else {
        UriError::NotOtpauth
    }
}

/// `text` without `prefix`, compared in any ASCII case; never panics on
/// multi-byte characters (`get` refuses non-boundaries).
fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        text.get(prefix.len()..)
    } else {
        None
    }
}

/// The kind named after `otpauth://`, before any `encoder` parameter is seen.
fn read_type(kind: &str) -> Result<OtpKind, UriError> {
    if kind.eq_ignore_ascii_case(YANDEX_TYPE) {
        return Ok(OtpKind::Yandex);
    }
    [OtpKind::Totp, OtpKind::Hotp, OtpKind::Steam, OtpKind::Yandex]
        .into_iter()
        .find(|k| kind.eq_ignore_ascii_case(k.as_str()))
        .ok_or_else(|| UriError::UnknownType { found: echo(kind) })
}

/// The type Aegis writes (and reads) for Yandex Key: `otpauth://yaotp/…`.
const YANDEX_TYPE: &str = "yaotp";

/// A `totp` link is Steam when it says `encoder=steam`, or when it asks for
/// five digits and its issuer is Steam or it has WinAuth's Steam `deviceid`
/// (as WinAuth and 2FAuth write Steam: Steam's codes are five characters, and
/// a TOTP of five digits, which Twofold does not make, is refused rather than
/// guessed to be Steam without such a sign). Other encoders and other types
/// are left as declared.
fn steam_or_declared(declared: OtpKind, params: &Params, issuer: Option<&str>) -> OtpKind {
    let says_steam = params.encoder.as_deref().is_some_and(|e| e.eq_ignore_ascii_case("steam"));
    let looks_steam = issuer.is_some_and(|i| i.trim().eq_ignore_ascii_case("steam")) || params.deviceid.is_some();
    let steam_digits = looks_steam && params.digits.as_deref().is_some_and(|d| d.trim() == "5");
    if declared == OtpKind::Totp && (says_steam || steam_digits) {
        OtpKind::Steam
    } else {
        declared
    }
}

/// The parameters Twofold reads, decoded; each holds its first non-empty value.
///
/// Every value is zeroized on drop: only `secret` needs it, but treating all
/// alike keeps the reading code to one path.
#[derive(Default)]
struct Params {
    secret: Option<Zeroizing<String>>,
    issuer: Option<Zeroizing<String>>,
    algorithm: Option<Zeroizing<String>>,
    digits: Option<Zeroizing<String>>,
    period: Option<Zeroizing<String>>,
    counter: Option<Zeroizing<String>>,
    encoder: Option<Zeroizing<String>>,
    pin: Option<Zeroizing<String>>,
    /// WinAuth's, on Steam links only (beside `data`, Steam's own record, not read).
    deviceid: Option<Zeroizing<String>>,
}

impl Params {
    fn read(query: &str) -> Result<Self, UriError> {
        let mut params = Params::default();
        for pair in query.split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            if let Some((name, slot)) = params.slot(key) {
                fill_first(slot, name, value)?;
            }
        }
        Ok(params)
    }

    /// The slot for a parameter name (any case) and its canonical spelling;
    /// `None` for parameters Twofold ignores.
    fn slot(&mut self, key: &str) -> Option<(&'static str, &mut Option<Zeroizing<String>>)> {
        let slots = [
            ("secret", &mut self.secret),
            ("issuer", &mut self.issuer),
            ("algorithm", &mut self.algorithm),
            ("digits", &mut self.digits),
            ("period", &mut self.period),
            ("counter", &mut self.counter),
            ("encoder", &mut self.encoder),
            ("pin", &mut self.pin),
            ("deviceid", &mut self.deviceid),
        ];
        slots.into_iter().find(|(name, _)| key.eq_ignore_ascii_case(name))
    }
}

/// Stores a decoded value unless an earlier one is there (first wins);
/// an empty value counts as absent.
fn fill_first(slot: &mut Option<Zeroizing<String>>, name: &'static str, raw: &str) -> Result<(), UriError> {
    if slot.is_some() || raw.is_empty() {
        return Ok(());
    }
    let value = percent_decode(raw, true).ok_or(UriError::InvalidParameterEncoding { name })?;
    if !value.is_empty() {
        *slot = Some(value);
    }
    Ok(())
}

/// Strict percent-decoding to UTF-8: `None` on a `%` not followed by two hex
/// digits, or on bytes that are not UTF-8. `plus_is_space` is for query
/// values (form encoding); in the path `+` stays a plus.
fn percent_decode(raw: &str, plus_is_space: bool) -> Option<Zeroizing<String>> {
    let mut out = Zeroizing::new(Vec::with_capacity(raw.len()));
    let mut bytes = raw.bytes();
    while let Some(b) = bytes.next() {
        let decoded = match b {
            b'%' => {
                let high = hex_value(bytes.next()?)?;
                let low = hex_value(bytes.next()?)?;
                high << 4 | low
            }
            b'+' if plus_is_space => b' ',
            other => other,
        };
        out.push(decoded);
    }
    // Move the bytes out without copying; if they are not UTF-8, the error
    // hands them back and they are wiped like everything else.
    match String::from_utf8(std::mem::take(&mut *out)) {
        Ok(text) => Some(Zeroizing::new(text)),
        Err(e) => {
            drop(Zeroizing::new(e.into_bytes()));
            None
        }
    }
}

fn hex_value(digit: u8) -> Option<u8> {
    char::from(digit).to_digit(16).and_then(|v| u8::try_from(v).ok())
}

/// Plain ASCII decimal: no sign, no spaces, fits in 64 bits.
fn parse_decimal(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn build_otp(kind: OtpKind, params: &Params, secret: Secret) -> Result<Otp, UriError> {
    let otp = match kind {
        // Steam's algorithm, digits and period are fixed; what the URI says is ignored.
        OtpKind::Steam => Otp::steam(secret)?,
        OtpKind::Totp => Otp::totp(secret, read_algorithm(params)?, read_digits(params)?, read_period(params)?)?,
        OtpKind::Hotp => Otp::hotp(secret, read_algorithm(params)?, read_digits(params)?, read_counter(params)?)?,
        // Like Steam, both have fixed parameters: the link's are ignored.
        OtpKind::Motp => Otp::motp(secret, read_pin(params, "mOTP")?)?,
        OtpKind::Yandex => Otp::yandex(secret, read_pin(params, "Yandex")?)?,
    };
    Ok(otp)
}

/// The `pin` parameter: base32 of the PIN's UTF-8 bytes, as Aegis writes it.
fn read_pin(params: &Params, kind: &'static str) -> Result<Pin, UriError> {
    let text = params.pin.as_ref().ok_or(UriError::MissingPin { kind })?;
    let bytes = Secret::from_base32_lenient(text).map_err(|_| UriError::InvalidPin("it is not base32"))?;
    let pin = std::str::from_utf8(bytes.as_bytes()).map_err(|_| UriError::InvalidPin("it is not base32 of UTF-8 text"))?;
    Ok(Pin::new(pin))
}

/// The hex secret of a `motp:` link, in any case.
fn read_hex_secret(params: &Params) -> Result<Secret, UriError> {
    let text = params.secret.as_ref().ok_or(UriError::MissingSecret)?;
    let text = text.trim();
    if text.len() % 2 != 0 {
        return Err(UriError::InvalidHexSecret);
    }
    let mut bytes = Zeroizing::new(Vec::with_capacity(text.len() / 2));
    for pair in text.as_bytes().chunks(2) {
        let value = hex_value(pair[0]).zip(hex_value(pair[1])).ok_or(UriError::InvalidHexSecret)?;
        bytes.push(value.0 << 4 | value.1);
    }
    Ok(Secret::from_bytes(std::mem::take(&mut *bytes)))
}

fn read_secret(params: &Params, tolerant: bool) -> Result<(Secret, Tolerated), UriError> {
    let text = params.secret.as_ref().ok_or(UriError::MissingSecret)?;
    if tolerant {
        Secret::from_base32_tolerant(text).map_err(UriError::InvalidSecret)
    } else {
        Secret::from_base32_lenient(text).map(|s| (s, Tolerated::default())).map_err(UriError::InvalidSecret)
    }
}

fn read_algorithm(params: &Params) -> Result<Algorithm, UriError> {
    match &params.algorithm {
        None => Ok(Algorithm::default()),
        Some(name) => Algorithm::parse(name).ok_or_else(|| UriError::UnsupportedAlgorithm { name: echo(name) }),
    }
}

fn read_digits(params: &Params) -> Result<u32, UriError> {
    let digits = match &params.digits {
        None => DEFAULT_DIGITS,
        Some(text) => parse_decimal(text).ok_or(UriError::InvalidDigits)?,
    };
    // The range itself is checked by `Otp`; here only what cannot reach it.
    u32::try_from(digits).map_err(|_| UriError::DigitsOutOfRange { digits })
}

fn read_period(params: &Params) -> Result<u64, UriError> {
    match &params.period {
        None => Ok(DEFAULT_PERIOD),
        Some(text) => parse_decimal(text).ok_or(UriError::InvalidPeriod),
    }
}

fn read_counter(params: &Params) -> Result<u64, UriError> {
    let text = params.counter.as_ref().ok_or(UriError::MissingCounter)?;
    parse_decimal(text).ok_or(UriError::InvalidCounter)
}

/// Splits a decoded label into issuer and account name, given the decoded
/// `issuer` parameter. The writer uses the same function to check that what
/// it writes reads back unchanged.
///
/// 1. A label starting with `:` has an empty prefix: the rest, verbatim.
/// 2. A label starting with the issuer parameter and `:` loses exactly that
///    prefix (so issuers containing `:` work).
/// 3. Otherwise the first `:` separates prefix and account name.
///
/// The parameter, when given, is the issuer; spaces after a non-empty
/// prefix are dropped.
fn split_label<'a>(label: &'a str, param: Option<&'a str>) -> (Option<&'a str>, &'a str) {
    let param = param.filter(|p| !p.is_empty());
    if let Some(account) = label.strip_prefix(':') {
        return (param, account);
    }
    let after_param = param.and_then(|p| label.strip_prefix(p)).and_then(|rest| rest.strip_prefix(':'));
    if let Some(account) = after_param {
        return (param, drop_leading_spaces(account));
    }
    match label.split_once(':') {
        Some((prefix, account)) => (param.or(Some(prefix)), drop_leading_spaces(account)),
        None => (param, label),
    }
}

fn drop_leading_spaces(account: &str) -> &str {
    account.trim_start_matches(' ')
}

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

/// What [`to_uri`] percent-encodes in label parts and the issuer: everything
/// but RFC 3986's unreserved characters and `@` (kept so e-mail addresses stay
/// readable, as in Google's examples). Non-ASCII is always encoded as UTF-8.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~').remove(b'@');

/// How the label is laid out in a written URI, in order of preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PathForm {
    /// `Issuer:account`, what Google's page recommends and every app reads.
    Prefixed,
    /// `account`, the issuer only in its parameter: for account names with
    /// leading spaces, which the prefixed form would lose.
    Plain,
    /// `:account`, an empty prefix: always reads back exactly, used for
    /// account names containing `:` that the other forms would split.
    EmptyPrefix,
}

impl PathForm {
    /// The first form that [`split_label`] reads back as `(issuer, label)`.
    fn choose(issuer: Option<&str>, label: &str) -> PathForm {
        let candidates: &[PathForm] = match issuer {
            Some(_) => &[PathForm::Prefixed, PathForm::Plain, PathForm::EmptyPrefix],
            None => &[PathForm::Plain, PathForm::EmptyPrefix],
        };
        candidates
            .iter()
            .copied()
            .find(|form| split_label(&form.decoded(issuer, label), issuer) == (issuer, label))
            // Unreachable: the empty-prefix form always reads back (rule 1 of `split_label`).
            .unwrap_or(PathForm::EmptyPrefix)
    }

    /// The label as a reader sees it once decoded.
    fn decoded(self, issuer: Option<&str>, label: &str) -> String {
        match (self, issuer) {
            (PathForm::Prefixed, Some(issuer)) => format!("{issuer}:{label}"),
            (PathForm::EmptyPrefix, _) => format!(":{label}"),
            (PathForm::Prefixed | PathForm::Plain, _) => label.to_owned(),
        }
    }

    fn write(self, out: &mut String, issuer: Option<&str>, label: &str) {
        match (self, issuer) {
            (PathForm::Prefixed, Some(issuer)) => {
                push_encoded(out, issuer);
                out.push(':');
            }
            (PathForm::EmptyPrefix, _) => out.push(':'),
            (PathForm::Prefixed | PathForm::Plain, _) => {}
        }
        push_encoded(out, label);
    }
}

/// The canonical otpauth URI of an account.
///
/// `otpauth://totp/Issuer:label?secret=…&issuer=Issuer&algorithm=SHA1&digits=6&period=30`;
/// HOTP writes `counter` instead of `period`; Steam is written
/// `otpauth://steam/…&digits=5&period=30&encoder=steam`. [`parse`] reads the
/// result back to an equal account (an issuer of `Some("")` comes back as
/// `None`). The URI carries the secret, hence the zeroizing string.
pub fn to_uri(account: &Account) -> Zeroizing<String> {
    let otp = &account.otp;
    let issuer = account.issuer.as_deref().filter(|i| !i.is_empty());
    let label = account.label.as_str();
    let secret = match otp.kind() {
        OtpKind::Motp => hex_text(otp.secret().as_bytes()),
        _ => otp.secret().to_base32(),
    };
    let pin = otp.pin().map(|pin| Secret::from_bytes(pin.as_str().as_bytes().to_vec()).to_base32());
    let pin_len = pin.as_ref().map_or(0, |p| p.len());

    // Sized up front so the string never reallocates: a reallocation would
    // leave a copy of the secret behind in freed memory.
    let mut uri = Zeroizing::new(String::with_capacity(capacity_for(issuer, label, secret.len() + pin_len)));
    match otp.kind() {
        OtpKind::Motp => uri.push_str("motp:/"),
        OtpKind::Yandex => uri.push_str("otpauth://yaotp/"),
        kind => {
            uri.push_str("otpauth://");
            uri.push_str(kind.as_str());
            uri.push('/');
        }
    }
    PathForm::choose(issuer, label).write(&mut uri, issuer, label);
    uri.push_str("?secret=");
    uri.push_str(&secret);
    if let Some(issuer) = issuer {
        uri.push_str("&issuer=");
        push_encoded(&mut uri, issuer);
    }
    if otp.kind() != OtpKind::Motp {
        push_code_params(&mut uri, otp);
    }
    if let Some(pin) = &pin {
        uri.push_str("&pin=");
        uri.push_str(pin);
    }
    uri
}

/// Lower-case hex, as mOTP secrets are written.
fn hex_text(bytes: &[u8]) -> Zeroizing<String> {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = Zeroizing::new(String::with_capacity(bytes.len() * 2));
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// `algorithm`, `digits`, then `period` or `counter` (and Steam's `encoder`).
fn push_code_params(uri: &mut String, otp: &Otp) {
    uri.push_str("&algorithm=");
    uri.push_str(otp.algorithm().as_str());
    uri.push_str("&digits=");
    uri.push_str(&otp.digits().to_string());
    if let Some(counter) = otp.counter() {
        uri.push_str("&counter=");
        uri.push_str(&counter.to_string());
    }
    if let Some(period) = otp.period() {
        uri.push_str("&period=");
        uri.push_str(&period.to_string());
    }
    if otp.kind() == OtpKind::Steam {
        uri.push_str("&encoder=steam");
    }
}

fn push_encoded(out: &mut String, text: &str) {
    for piece in utf8_percent_encode(text, COMPONENT) {
        out.push_str(piece);
    }
}

/// An upper bound on the length of [`to_uri`]'s output: each byte of the
/// issuer (written twice) and label becomes at most three (`%XX`), and the
/// fixed text and numbers fit in 128 bytes
/// (`otpauth://steam/:?secret=&issuer=&algorithm=SHA512&digits=10&counter=18446744073709551615&encoder=steam`
/// is about 100).
fn capacity_for(issuer: Option<&str>, label: &str, secret_len: usize) -> usize {
    let issuer_len = issuer.map_or(0, str::len);
    3 * (2 * issuer_len + label.len()) + secret_len + 128
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const B32: &str = "JBSWY3DPEHPK3PXP"; // 80 bits, "Hello!\xde\xad\xbe\xef"
    const B32_160: &str = "HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ";
    const HELLO: &str = "JBSWY3DPEE"; // "Hello!", canonical form of padded spellings

    /// What a good URI must parse to.
    struct Good {
        uri: &'static str,
        issuer: Option<&'static str>,
        label: &'static str,
        kind: OtpKind,
        algorithm: Algorithm,
        digits: u8,
        /// Period for TOTP/Steam, counter for HOTP.
        step: u64,
        secret: &'static str,
    }

    /// A SHA1 / 6 digits / 30 s TOTP row, the common case.
    const fn totp(uri: &'static str, issuer: Option<&'static str>, label: &'static str) -> Good {
        Good { uri, issuer, label, kind: OtpKind::Totp, algorithm: Algorithm::Sha1, digits: 6, step: 30, secret: B32 }
    }

    const fn with_secret(mut g: Good, secret: &'static str) -> Good {
        g.secret = secret;
        g
    }

    const fn with(mut g: Good, kind: OtpKind, algorithm: Algorithm, digits: u8, step: u64) -> Good {
        g.kind = kind;
        g.algorithm = algorithm;
        g.digits = digits;
        g.step = step;
        g
    }

    use Algorithm::{Sha1, Sha256, Sha512};
    use OtpKind::{Hotp, Steam, Totp};

    const GOOD: &[Good] = &[
        // Google's Key Uri Format page, both examples.
        totp("otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example", Some("Example"), "alice@google.com"),
        with_secret(
            totp("otpauth://totp/ACME%20Co:john.doe@email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30", Some("ACME Co"), "john.doe@email.com"),
            B32_160,
        ),
        // GitHub style.
        totp("otpauth://totp/GitHub:octocat?secret=JBSWY3DPEHPK3PXP&issuer=GitHub", Some("GitHub"), "octocat"),
        // Google style: %3A separator, encoded @, lower-case secret.
        totp("otpauth://totp/Google%3Aalice%40gmail.com?secret=jbswy3dpehpk3pxp&issuer=Google", Some("Google"), "alice@gmail.com"),
        // Microsoft style.
        totp("otpauth://totp/Microsoft:alice%40outlook.com?secret=JBSWY3DPEHPK3PXP&issuer=Microsoft", Some("Microsoft"), "alice@outlook.com"),
        // AWS style: spaces in the issuer, long secret.
        with_secret(
            totp("otpauth://totp/Amazon%20Web%20Services:root-account-mfa-device@123456789012?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=Amazon%20Web%20Services", Some("Amazon Web Services"), "root-account-mfa-device@123456789012"),
            B32_160,
        ),
        // Lower-case %3a.
        totp("otpauth://totp/Dropbox%3aalice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Dropbox", Some("Dropbox"), "alice@example.com"),
        // Spaces after the colon, encoded and raw.
        totp("otpauth://totp/Example:%20%20alice@example.com?secret=JBSWY3DPEHPK3PXP", Some("Example"), "alice@example.com"),
        totp("otpauth://totp/Example: alice?secret=JBSWY3DPEHPK3PXP&issuer=Example", Some("Example"), "alice"),
        // `+` in the path is a plus, raw or encoded.
        totp("otpauth://totp/Example:alice+2fa@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example", Some("Example"), "alice+2fa@example.com"),
        totp("otpauth://totp/Example:alice%2B2fa%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example", Some("Example"), "alice+2fa@example.com"),
        // `+` in the query is a space (form encoding).
        totp("otpauth://totp/ACME%20Co:john?secret=JBSWY3DPEHPK3PXP&issuer=ACME+Co", Some("ACME Co"), "john"),
        // Non-ASCII, encoded and raw.
        totp("otpauth://totp/B%C3%BCcher.de:alice?secret=JBSWY3DPEHPK3PXP&issuer=B%C3%BCcher.de", Some("Bücher.de"), "alice"),
        totp("otpauth://totp/%E6%97%A5%E6%9C%AC:%E5%A4%AA%E9%83%8E?secret=JBSWY3DPEHPK3PXP&issuer=%E6%97%A5%E6%9C%AC", Some("日本"), "太郎"),
        totp("otpauth://totp/日本:太郎?secret=JBSWY3DPEHPK3PXP", Some("日本"), "太郎"),
        // Secrets as people and generators spell them.
        with_secret(totp("otpauth://totp/Example:alice?secret=JBSWY3DPEE======", Some("Example"), "alice"), HELLO),
        with_secret(totp("otpauth://totp/Example:alice?secret=jbswy3dpee%3D%3D%3D%3D%3D%3D", Some("Example"), "alice"), HELLO),
        totp("otpauth://totp/Example:alice?secret=jbsw%20y3dp%20ehpk%203pxp", Some("Example"), "alice"),
        totp("otpauth://totp/Example:alice?secret=JBSW+Y3DP+EHPK+3PXP", Some("Example"), "alice"),
        totp("otpauth://totp/Example:alice?secret=JBSW-Y3DP-EHPK-3PXP", Some("Example"), "alice"),
        // Algorithms in any case, more digits, longer periods.
        with(totp("otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&algorithm=sha256&digits=8", Some("Example"), "alice"), Totp, Sha256, 8, 30),
        with(totp("otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&algorithm=sha512&period=60", Some("Example"), "alice"), Totp, Sha512, 6, 60),
        with(totp("otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&algorithm=SHA-256&digits=10&period=86400", Some("Example"), "alice"), Totp, Sha256, 10, 86400),
        // HOTP, with the largest counter and with 0; type and scheme in upper case.
        with(totp("otpauth://hotp/Example:alice?secret=JBSWY3DPEHPK3PXP&counter=18446744073709551615", Some("Example"), "alice"), Hotp, Sha1, 6, u64::MAX),
        with(totp("OTPAUTH://HOTP/Example:alice?secret=JBSWY3DPEHPK3PXP&counter=0&period=60", Some("Example"), "alice"), Hotp, Sha1, 6, 0),
        // Steam, as Aegis writes it and as KeePassXC writes it.
        with(totp("otpauth://steam/Steam:gaben?secret=JBSWY3DPEHPK3PXP&issuer=Steam&algorithm=SHA1&digits=5&period=30", Some("Steam"), "gaben"), Steam, Sha1, 5, 30),
        with(totp("otpauth://totp/Steam:gaben?secret=JBSWY3DPEHPK3PXP&issuer=Steam&encoder=steam&digits=5", Some("Steam"), "gaben"), Steam, Sha1, 5, 30),
        with(totp("otpauth://Steam/gaben?secret=JBSWY3DPEHPK3PXP", None, "gaben"), Steam, Sha1, 5, 30),
        // Steam as WinAuth and 2FAuth write it: issuer Steam and five digits (the label's prefix counts too).
        with(totp("otpauth://totp/Steam:gaben?secret=JBSWY3DPEHPK3PXP&digits=5&issuer=Steam&deviceid=android%3A1&data=%7B%7D", Some("Steam"), "gaben"), Steam, Sha1, 5, 30),
        with(totp("otpauth://totp/steam:gaben?secret=JBSWY3DPEHPK3PXP&digits=5", Some("steam"), "gaben"), Steam, Sha1, 5, 30),
        // WinAuth's Steam named without "Steam": its deviceid tells.
        with(totp("otpauth://totp/My%20games?secret=JBSWY3DPEHPK3PXP&digits=5&deviceid=android%3A1", None, "My games"), Steam, Sha1, 5, 30),
        // Issuer Steam with six digits stays TOTP, as written.
        with(totp("otpauth://totp/Steam:gaben?secret=JBSWY3DPEHPK3PXP&issuer=Steam", Some("Steam"), "gaben"), Totp, Sha1, 6, 30),
        // encoder only matters on totp.
        with(totp("otpauth://hotp/x?secret=JBSWY3DPEHPK3PXP&counter=3&encoder=steam", None, "x"), Hotp, Sha1, 6, 3),
        // Issuer: parameter and prefix equal, different, only one, neither.
        totp("otpauth://totp/Acme:alice?secret=JBSWY3DPEHPK3PXP&issuer=AcmeCorp", Some("AcmeCorp"), "alice"),
        totp("otpauth://totp/alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example", Some("Example"), "alice@example.com"),
        totp("otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP", Some("Example"), "alice"),
        totp("otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP", None, "alice"),
        totp("otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=", Some("Example"), "alice"),
        // An issuer containing ':' is taken whole when the parameter names it.
        totp("otpauth://totp/a%3Ab:alice?secret=JBSWY3DPEHPK3PXP&issuer=a%3Ab", Some("a:b"), "alice"),
        // Only the first ':' separates; an empty prefix keeps the rest verbatim.
        totp("otpauth://totp/Example:alice:work?secret=JBSWY3DPEHPK3PXP", Some("Example"), "alice:work"),
        totp("otpauth://totp/:%20a:b?secret=JBSWY3DPEHPK3PXP", None, " a:b"),
        // Empty or missing label.
        totp("otpauth://totp/?secret=JBSWY3DPEHPK3PXP&issuer=Example", Some("Example"), ""),
        totp("otpauth://totp?secret=JBSWY3DPEHPK3PXP", None, ""),
        // Slashes stay in the label.
        totp("otpauth://totp/ACME/Dev:alice?secret=JBSWY3DPEHPK3PXP", Some("ACME/Dev"), "alice"),
        // Whitespace around, fragments, unknown and upper-case parameters.
        totp("  otpauth://totp/X:@alice?secret=JBSWY3DPEHPK3PXP&issuer=X\r\n", Some("X"), "@alice"),
        totp("otpauth://totp/X:y?secret=JBSWY3DPEHPK3PXP#issuer=Z", Some("X"), "y"),
        totp("otpauth://totp/X:y?image=https%3A%2F%2Fexample.com%2Flogo.png&SECRET=JBSWY3DPEHPK3PXP&color=ff0000&foo", Some("X"), "y"),
        // Repeated parameters: the first non-empty one wins.
        with(
            totp("otpauth://totp/X:y?secret=JBSWY3DPEHPK3PXP&secret=JBSWY3DPEE&issuer=First&issuer=Second&digits=8&digits=6&secret=!!", Some("First"), "y"),
            Totp, Sha1, 8, 30,
        ),
        with_secret(totp("otpauth://totp/X:y?secret=&secret=JBSWY3DPEE", Some("X"), "y"), HELLO),
    ];

    #[test]
    fn real_world_uris_parse() {
        assert!(GOOD.len() >= 25);
        for g in GOOD {
            let a = parse(g.uri).unwrap_or_else(|e| panic!("{}: {e}", g.uri));
            assert_eq!(a.issuer.as_deref(), g.issuer, "{}", g.uri);
            assert_eq!(a.label, g.label, "{}", g.uri);
            assert_eq!(a.otp.kind(), g.kind, "{}", g.uri);
            assert_eq!(a.otp.algorithm(), g.algorithm, "{}", g.uri);
            assert_eq!(a.otp.digits(), g.digits, "{}", g.uri);
            let step = a.otp.counter().or(a.otp.period().map(u64::from));
            assert_eq!(step, Some(g.step), "{}", g.uri);
            assert_eq!(a.otp.secret().to_base32().as_str(), g.secret, "{}", g.uri);
        }
    }

    #[test]
    fn parsed_accounts_make_the_right_codes() {
        // RFC 6238 appendix B, SHA1 at 59 s, through a URI.
        let a = parse("otpauth://totp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&digits=8").unwrap();
        assert_eq!(a.otp.code_at(59), "94287082");
        // RFC 4226 appendix D, counter 1.
        let a = parse("otpauth://hotp/x?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&counter=1").unwrap();
        assert_eq!(a.otp.code_at(0), "287082");
    }

    fn bad_cases() -> Vec<(String, UriError)> {
        use UriError::*;
        let s = |q: &str| format!("otpauth://totp/Example:alice?secret={B32}&{q}");
        let h = |q: &str| format!("otpauth://hotp/Example:alice?secret={B32}&{q}");
        vec![
            ("https://github.com/settings/two_factor_authentication".into(), NotOtpauth),
            (B32.into(), NotOtpauth),
            ("".into(), NotOtpauth),
            ("otpauth:totp/x?secret=JBSWY3DPEHPK3PXP".into(), NotOtpauth),
            ("Ötpauth://totp/x".into(), NotOtpauth),
            ("otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGGFsaWNlQGV4YW1wbGUuY29tGgdFeGFtcGxlIAEoATACEAEYASAA".into(), MigrationUri),
            ("OTPAUTH-MIGRATION://offline?data=x".into(), MigrationUri),
            (format!("otpauth://xotp/Example:alice?secret={B32}"), UnknownType { found: Some("xotp".into()) }),
            (format!("otpauth:///alice?secret={B32}"), UnknownType { found: None }),
            (format!("otpauth://{B32}/alice?secret={B32}"), UnknownType { found: None }),
            ("otpauth://totp/Example:alice?issuer=Example".into(), MissingSecret),
            ("otpauth://totp/Example:alice?secret=&issuer=Example".into(), MissingSecret),
            ("otpauth://totp/Example:alice?secret=JBSW!Y3DP".into(), InvalidSecret(SecretError::InvalidCharacter { position: 5 })),
            ("otpauth://totp/Example:alice?secret=JBSWY3D1".into(), InvalidSecret(SecretError::InvalidCharacter { position: 8 })),
            ("otpauth://totp/Example:alice?secret=%20-%3D".into(), InvalidSecret(SecretError::Empty)),
            ("otpauth://totp/Example:alice?secret=JBSW%ZZY3DP".into(), InvalidParameterEncoding { name: "secret" }),
            (s("digits=5"), DigitsOutOfRange { digits: 5 }),
            (s("digits=11"), DigitsOutOfRange { digits: 11 }),
            (s("digits=99999999999"), DigitsOutOfRange { digits: 99_999_999_999 }),
            (h("counter=1&digits=4"), DigitsOutOfRange { digits: 4 }),
            (s("digits=six"), InvalidDigits),
            (s("digits=-6"), InvalidDigits),
            (s("digits=%2B6"), InvalidDigits),
            (s("digits=6.0"), InvalidDigits),
            (s("period=0"), ZeroPeriod),
            (s("period=86401"), PeriodTooLong { period: 86_401 }),
            (s("period=thirty"), InvalidPeriod),
            (s("period=99999999999999999999999"), InvalidPeriod),
            (format!("otpauth://hotp/Example:alice?secret={B32}"), MissingCounter),
            (h("counter="), MissingCounter),
            (h("counter=-1"), InvalidCounter),
            (h("counter=18446744073709551616"), InvalidCounter),
            (h("counter=0x10"), InvalidCounter),
            (s("algorithm=MD5"), UnsupportedAlgorithm { name: Some("MD5".into()) }),
            (s("algorithm=HmacSHA1-with-a-long-name"), UnsupportedAlgorithm { name: None }),
            (format!("otpauth://totp/Example:%FFalice?secret={B32}"), InvalidLabelEncoding),
            (format!("otpauth://totp/%E6%97:alice?secret={B32}"), InvalidLabelEncoding),
            (format!("otpauth://totp/100%:alice?secret={B32}"), InvalidLabelEncoding),
            (format!("otpauth://totp/alice%4?secret={B32}"), InvalidLabelEncoding),
            (s("issuer=%FF"), InvalidParameterEncoding { name: "issuer" }),
            (s("Algorithm=%G1"), InvalidParameterEncoding { name: "algorithm" }),
            (
                format!("otpauth://totp/{}?secret={B32}", "a".repeat(MAX_URI_LEN)),
                TooLong { len: MAX_URI_LEN + "otpauth://totp/?secret=".len() + B32.len() },
            ),
        ]
    }

    #[test]
    fn bad_uris_get_their_specific_error() {
        for (uri, expected) in bad_cases() {
            let shown: String = uri.chars().take(80).collect();
            assert_eq!(parse(&uri).err(), Some(expected), "{shown}");
        }
    }

    /// Regression (fuzz target `uri`, fuzz/regressions/uri/crash-4056…): a
    /// 41 KB URI whose label held raw control characters parsed, but the URI
    /// written for it (each one percent-encoded, three bytes) was over the
    /// limit, so an export of it could not be read back.
    #[test]
    fn what_parses_can_be_written_and_read_back() {
        let long = format!("otpauth://totp/{}?secret={B32}", "\u{1}".repeat(30_000));
        assert!(long.len() < MAX_URI_LEN);
        // 30,000 characters become 90,000 bytes, plus the scheme and the parameters.
        assert!(matches!(parse(&long), Err(UriError::NamesTooLong { len }) if len > 90_000 && len < 90_200), "{:?}", parse(&long).err());
        let fits = format!("otpauth://totp/{}?secret={B32}", "\u{1}".repeat(20_000));
        let account = parse(&fits).unwrap();
        assert_eq!(parse(&to_uri(&account)).unwrap(), account);
    }

    #[test]
    fn tolerant_parsing_reads_secrets_apps_accept_and_says_so() {
        let uri = "otpauth://totp/ACME:alice?secret=SECRETO&issuer=ACME";
        assert_eq!(parse(uri).unwrap_err(), UriError::InvalidSecret(SecretError::TrailingBits));
        let (account, tolerated) = parse_tolerant(uri).unwrap();
        assert!(tolerated.trailing_bits && tolerated.looks_mistyped());
        assert_eq!(account.otp.secret().to_base32().as_str(), "SECRETI");
        assert_eq!(account.issuer.as_deref(), Some("ACME"));
        let (_, tolerated) = parse_tolerant("otpauth://totp/a?secret=jbsw+y3dp+ehpk+3pxp").unwrap();
        assert!(tolerated.lower_case && tolerated.separators && !tolerated.looks_mistyped());
        let (_, tolerated) = parse_tolerant("otpauth://totp/a?secret=JBSWY3DPEHPK3PXP").unwrap();
        assert!(tolerated.is_nothing());
        // Only the secret is read more loosely.
        assert_eq!(parse_tolerant("otpauth://totp/a?secret=SECRET0").unwrap_err(), parse("otpauth://totp/a?secret=SECRET0").unwrap_err());
        assert_eq!(parse_tolerant("otpauth://totp/a?secret=SECRETO&digits=5").unwrap_err(), UriError::DigitsOutOfRange { digits: 5 });
    }

    #[test]
    fn the_size_limit_is_inclusive() {
        let head = format!("otpauth://totp/?secret={B32}&x=");
        let uri = format!("{head}{}", "a".repeat(MAX_URI_LEN - head.len()));
        assert_eq!(uri.len(), MAX_URI_LEN);
        assert!(parse(&uri).is_ok());
    }

    /// No 4-character piece of the secret, in any case, appears in `text`.
    fn assert_no_part_of(secret: &str, text: &str) {
        let text = text.to_ascii_uppercase();
        let secret = secret.to_ascii_uppercase();
        for start in 0..=secret.len().saturating_sub(4) {
            let piece = &secret[start..start + 4];
            assert!(!text.contains(piece), "{piece:?} of the secret shown in {text:?}");
        }
    }

    #[test]
    fn error_messages_never_show_the_secret() {
        // A secret with no 4-letter run that an English message could contain.
        let secret = "QZ7XK2VW5JQ6ZR3T";
        let uris = [
            format!("otpauth://totp/x?secret={secret}!"),
            format!("otpauth://totp/x?secret={secret}1"),
            format!("otpauth://totp/x?secret={secret}%ZZ"),
            format!("otpauth://totp/x?secret={secret}%FF"),
            format!("otpauth://{secret}/x?secret={secret}"),
            format!("otpauth://totp/x?secret={secret}&digits=5"),
            format!("otpauth://totp/x?secret={secret}&digits={secret}"),
            format!("otpauth://totp/x?secret={secret}&period={secret}"),
            format!("otpauth://totp/x?secret={secret}&algorithm={secret}"),
            format!("otpauth://hotp/x?secret={secret}&counter={secret}"),
            format!("otpauth://totp/{secret}%FF?secret={secret}"),
            format!("otpauth://totp/x?issuer=%FF{secret}&secret={secret}"),
            format!("http://example.com/?secret={secret}"),
            format!("otpauth-migration://offline?data={secret}"),
            secret.to_string(),
            format!("otpauth://totp/x?secret={}{}", secret, "A".repeat(MAX_URI_LEN)),
        ];
        for uri in &uris {
            let err = parse(uri).expect_err("each of these URIs is bad");
            assert_no_part_of(secret, &err.to_string());
            assert_no_part_of(secret, &format!("{err:?}"));
            if let Some(source) = std::error::Error::source(&err) {
                assert_no_part_of(secret, &source.to_string());
            }
        }
    }

    fn account(issuer: Option<&str>, label: &str, otp: Otp) -> Account {
        Account { issuer: issuer.map(str::to_owned), label: label.to_owned(), otp }
    }

    fn secret() -> Secret {
        Secret::from_base32_lenient(B32).unwrap()
    }

    #[test]
    fn writer_is_canonical() {
        let totp = Otp::totp(secret(), Sha1, 6, 30).unwrap();
        let cases = [
            (
                account(Some("GitHub"), "octocat", totp.clone()),
                "otpauth://totp/GitHub:octocat?secret=JBSWY3DPEHPK3PXP&issuer=GitHub&algorithm=SHA1&digits=6&period=30",
            ),
            (
                account(None, "alice@example.com", totp.clone()),
                "otpauth://totp/alice@example.com?secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30",
            ),
            (
                account(Some(""), "alice", totp.clone()),
                "otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30",
            ),
            (
                account(Some("Bücher.de"), "", totp.clone()),
                "otpauth://totp/B%C3%BCcher.de:?secret=JBSWY3DPEHPK3PXP&issuer=B%C3%BCcher.de&algorithm=SHA1&digits=6&period=30",
            ),
            (
                account(Some("AT&T Co"), "a+b:c/d?e#f=g%h", totp.clone()),
                "otpauth://totp/AT%26T%20Co:a%2Bb%3Ac%2Fd%3Fe%23f%3Dg%25h?secret=JBSWY3DPEHPK3PXP&issuer=AT%26T%20Co&algorithm=SHA1&digits=6&period=30",
            ),
            // A leading space would be dropped after a prefix: issuer only in the parameter.
            (
                account(Some("X"), " alice", totp.clone()),
                "otpauth://totp/%20alice?secret=JBSWY3DPEHPK3PXP&issuer=X&algorithm=SHA1&digits=6&period=30",
            ),
            // A ':' in a label without issuer would be split: empty prefix.
            (
                account(None, "alice:work", totp.clone()),
                "otpauth://totp/:alice%3Awork?secret=JBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30",
            ),
            (
                account(Some("Example"), "alice", Otp::hotp(secret(), Sha512, 8, u64::MAX).unwrap()),
                "otpauth://hotp/Example:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example&algorithm=SHA512&digits=8&counter=18446744073709551615",
            ),
            (
                account(Some("Steam"), "gaben", Otp::steam(secret()).unwrap()),
                "otpauth://steam/Steam:gaben?secret=JBSWY3DPEHPK3PXP&issuer=Steam&algorithm=SHA1&digits=5&period=30&encoder=steam",
            ),
        ];
        for (a, expected) in cases {
            assert_eq!(to_uri(&a).as_str(), expected);
            let back = parse(expected).unwrap();
            assert_eq!(back.issuer, a.issuer.filter(|i| !i.is_empty()));
            assert_eq!(back.label, a.label);
            assert_eq!(back.otp, a.otp);
        }
    }

    #[test]
    fn every_good_uri_survives_writing_and_reading() {
        for g in GOOD {
            let a = parse(g.uri).unwrap();
            assert_eq!(parse(&to_uri(&a)).unwrap(), a, "{}", g.uri);
        }
    }

    /// Text with every character that matters to the format, plus unicode.
    fn text() -> impl Strategy<Value = String> {
        let special = prop::sample::select(vec![
            ":", "%3A", "&", "+", "%", "/", "?", "#", "=", " ", "  ", "@", ";", "\t", "\n", "ü", "日本", "😀", "\u{0}",
        ]);
        let piece = prop_oneof![
            special.prop_map(str::to_owned),
            "[a-zA-Z0-9._-]{1,6}",
            any::<char>().prop_map(String::from),
        ];
        prop::collection::vec(piece, 0..8).prop_map(|pieces| pieces.concat())
    }

    fn any_otp() -> impl Strategy<Value = Otp> {
        let secret = prop::collection::vec(any::<u8>(), 1..40).prop_map(Secret::from_bytes);
        let algorithm = prop::sample::select(vec![Sha1, Sha256, Sha512]);
        prop_oneof![
            (secret.clone(), algorithm.clone(), 6u32..=10, 1u64..=u64::from(MAX_PERIOD))
                .prop_map(|(s, a, d, p)| Otp::totp(s, a, d, p).expect("valid by construction")),
            (secret.clone(), algorithm, 6u32..=10, any::<u64>())
                .prop_map(|(s, a, d, c)| Otp::hotp(s, a, d, c).expect("valid by construction")),
            secret.prop_map(|s| Otp::steam(s).expect("valid by construction")),
        ]
    }

    fn any_account() -> impl Strategy<Value = Account> {
        // `Some("")` is written as no issuer, so it is not generated.
        let issuer = prop::option::of(text().prop_filter("non-empty issuer", |i| !i.is_empty()));
        (issuer, text(), any_otp()).prop_map(|(issuer, label, otp)| Account { issuer, label, otp })
    }

    proptest! {
        #[test]
        fn round_trip(a in any_account()) {
            let uri = to_uri(&a);
            prop_assert!(uri.len() <= capacity_for(a.issuer.as_deref(), &a.label, a.otp.secret().to_base32().len()));
            prop_assert_eq!(parse(&uri), Ok(a));
        }

        #[test]
        fn parse_never_panics(s in any::<String>()) {
            let _ = parse(&s);
        }

        #[test]
        fn parse_never_panics_on_otpauth_text(s in any::<String>(), t in text()) {
            let _ = parse(&format!("otpauth://totp/{s}"));
            let _ = parse(&format!("otpauth://totp/{t}?secret={B32}&{s}"));
            let _ = parse(&format!("otpauth://hotp/{t}?{t}={s}&secret={s}&counter={s}&digits={t}"));
        }
    }

    /// Links as Aegis writes them (`GoogleAuthInfo.getUri`): mOTP as `motp:/` with a hex secret,
    /// Yandex as `otpauth://yaotp/` with `pin=` in base32; Authenticator Pro's `motp://Issuer:name`
    /// too. Twofold writes the mOTP PIN the same way, and both read back whole.
    #[test]
    fn motp_and_yandex_links_read_and_write_with_their_pin() {
        let yandex = parse("otpauth://yaotp/Yandex:alice?period=30&digits=8&algorithm=SHA256&secret=LA2V6KMCGYMWWVEW64RNP3JA3IAAAAAAHTSG4HRZPI&pin=G42TQNQ&issuer=Yandex").unwrap();
        assert_eq!((yandex.issuer.as_deref(), yandex.label.as_str()), (Some("Yandex"), "alice"));
        assert_eq!(yandex.otp.code_at(1_581_064_020), "oactmacq");
        let written = to_uri(&yandex);
        assert_eq!(written.as_str(), "otpauth://yaotp/Yandex:alice?secret=LA2V6KMCGYMWWVEW64RNP3JA3I&issuer=Yandex&algorithm=SHA256&digits=8&period=30&pin=G42TQNQ");
        assert_eq!(parse(&written).unwrap(), yandex);

        let aegis = parse("motp:/Bank%3Aalice?secret=e3152afee62599c8&issuer=Bank&pin=GEZDGNA").unwrap();
        assert_eq!((aegis.issuer.as_deref(), aegis.label.as_str()), (Some("Bank"), "alice"));
        assert_eq!(aegis.otp.code_at(165_892_298), "e7d8b6");
        let written = to_uri(&aegis);
        assert_eq!(written.as_str(), "motp:/Bank:alice?secret=e3152afee62599c8&issuer=Bank&pin=GEZDGNA");
        assert_eq!(parse(&written).unwrap(), aegis);
        let stratum = parse("motp://Bank:alice?secret=E3152AFEE62599C8&pin=GEZDGNA").unwrap();
        assert_eq!(stratum, aegis);

        assert_eq!(parse("motp://Bank:alice?secret=e3152afee62599c8"), Err(UriError::MissingPin { kind: "mOTP" }));
        assert_eq!(parse("otpauth://yaotp/Y:a?secret=LA2V6KMCGYMWWVEW64RNP3JA3I&pin_length=4"), Err(UriError::MissingPin { kind: "Yandex" }));
        assert_eq!(parse("motp://Bank:alice?secret=e3152afee62599c&pin=GEZDGNA"), Err(UriError::InvalidHexSecret));
        assert!(matches!(parse("otpauth://yaotp/Y:a?secret=JBSWY3DPEHPK3PXP&pin=GEZDGNA"), Err(UriError::InvalidYandexSecret(_))));
        let err = parse("otpauth://yaotp/Y:a?secret=LA2V6KMCGYMWWVEW64RNP3JA3I").unwrap_err().to_string();
        assert!(!err.contains("LA2V"), "{err}");
    }
}
