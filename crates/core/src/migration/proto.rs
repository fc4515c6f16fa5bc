//! The protobuf messages of Google Authenticator's export, declared by hand.
//!
//! Field numbers and enum values as documented by the `dim13/otpauth` and
//! `scito/extract_otp_secrets` projects (the app's schema is proto3, so zero
//! values are left out on the wire and read back as "unspecified").

use zeroize::Zeroize;

/// One QR code's worth of accounts.
#[derive(Clone, PartialEq, prost::Message)]
pub(super) struct MigrationPayload {
    /// The accounts.
    #[prost(message, repeated, tag = "1")]
    pub otp_parameters: Vec<OtpParameters>,
    /// Format version (1).
    #[prost(int32, tag = "2")]
    pub version: i32,
    /// QR codes in the export.
    #[prost(int32, tag = "3")]
    pub batch_size: i32,
    /// This QR code's position, from 0.
    #[prost(int32, tag = "4")]
    pub batch_index: i32,
    /// Shared by the QR codes of one export.
    #[prost(int32, tag = "5")]
    pub batch_id: i32,
}

/// One account. `skip_debug`: the derived `Debug` would print the secret.
///
/// `name` and `issuer` are `string` in the schema; reading them as bytes (the
/// same wire type) lets one entry with broken UTF-8 be tidied up alone
/// instead of failing the whole payload.
#[derive(Clone, PartialEq, prost::Message)]
#[prost(skip_debug)]
pub(super) struct OtpParameters {
    /// Raw key bytes.
    #[prost(bytes = "vec", tag = "1")]
    pub secret: Vec<u8>,
    /// The account name, often `Issuer:account`.
    #[prost(bytes = "vec", tag = "2")]
    pub name: Vec<u8>,
    /// The issuer, often empty.
    #[prost(bytes = "vec", tag = "3")]
    pub issuer: Vec<u8>,
    /// An [`Algorithm`]; kept as the raw value so unknown ones can be named.
    #[prost(enumeration = "Algorithm", tag = "4")]
    pub algorithm: i32,
    /// A [`DigitCount`].
    #[prost(enumeration = "DigitCount", tag = "5")]
    pub digits: i32,
    /// An [`OtpType`].
    #[prost(enumeration = "OtpType", tag = "6")]
    pub r#type: i32,
    /// HOTP counter.
    #[prost(int64, tag = "7")]
    pub counter: i64,
}

impl std::fmt::Debug for OtpParameters {
    /// Everything but the secret, of which only the length.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OtpParameters")
            .field("secret", &format_args!("<redacted {} bytes>", self.secret.len()))
            .field("name", &String::from_utf8_lossy(&self.name))
            .field("issuer", &String::from_utf8_lossy(&self.issuer))
            .field("algorithm", &self.algorithm)
            .field("digits", &self.digits)
            .field("type", &self.r#type)
            .field("counter", &self.counter)
            .finish()
    }
}

impl Drop for OtpParameters {
    /// Decoded and to-be-encoded entries hold the plain secret: wipe it.
    fn drop(&mut self) {
        self.secret.zeroize();
    }
}

/// The HMAC hash.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub(super) enum Algorithm {
    /// Not said: SHA-1.
    Unspecified = 0,
    /// HMAC-SHA1.
    Sha1 = 1,
    /// HMAC-SHA256.
    Sha256 = 2,
    /// HMAC-SHA512.
    Sha512 = 3,
    /// HMAC-MD5, which no app makes codes with.
    Md5 = 4,
}

/// Code length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub(super) enum DigitCount {
    /// Not said: six.
    Unspecified = 0,
    /// Six digits.
    Six = 1,
    /// Eight digits.
    Eight = 2,
}

/// Time- or counter-based.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub(super) enum OtpType {
    /// Not said: TOTP.
    Unspecified = 0,
    /// Counter-based.
    Hotp = 1,
    /// Time-based.
    Totp = 2,
}
