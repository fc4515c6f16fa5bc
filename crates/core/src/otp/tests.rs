use super::*;
use crate::secret::Secret;

/// Rows of a tab-separated vector file, comments and blank lines skipped.
fn rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
}

fn secret(b32: &str) -> Secret {
    Secret::from_base32_lenient(b32).unwrap()
}

#[test]
fn rfc6238_appendix_b() {
    let mut n = 0;
    for r in rows(include_str!("../../tests/data/rfc6238.tsv")) {
        let alg = Algorithm::parse(r[1]).unwrap();
        let otp = Otp::totp(secret(r[0]), alg, 8, 30).unwrap();
        assert_eq!(otp.code_at(r[2].parse().unwrap()), r[3], "{} at {}", r[1], r[2]);
        n += 1;
    }
    assert_eq!(n, 18, "RFC 6238 lists 18 vectors");
}

#[test]
fn rfc4226_appendix_d() {
    let mut n = 0;
    for r in rows(include_str!("../../tests/data/rfc4226.tsv")) {
        let otp = Otp::hotp(secret(r[0]), Algorithm::Sha1, 6, r[1].parse().unwrap()).unwrap();
        assert_eq!(otp.code_at(0), r[2], "counter {}", r[1]);
        n += 1;
    }
    assert_eq!(n, 10);
}

#[test]
fn steam_vectors_computed_independently() {
    let mut n = 0;
    for r in rows(include_str!("../../tests/data/steam.tsv")) {
        let otp = Otp::steam(secret(r[0])).unwrap();
        assert_eq!(otp.code_at(r[1].parse().unwrap()), r[2], "at {}", r[1]);
        n += 1;
    }
    assert!(n >= 10);
}

#[test]
fn nine_and_ten_digit_codes() {
    for r in rows(include_str!("../../tests/data/long_digits.tsv")) {
        let alg = Algorithm::parse(r[1]).unwrap();
        let otp = Otp::totp(secret(r[0]), alg, r[2].parse().unwrap(), r[3].parse().unwrap()).unwrap();
        assert_eq!(otp.code_at(r[4].parse().unwrap()), r[5], "{r:?}");
    }
}

#[test]
fn seconds_left_and_next_code() {
    let otp = Otp::totp(secret("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), Algorithm::Sha1, 8, 30).unwrap();
    assert_eq!(otp.seconds_left(59), Some(1));
    assert_eq!(otp.seconds_left(60), Some(30));
    assert_eq!(otp.next_code_at(59), otp.code_at(60));
    assert_ne!(otp.next_code_at(59), otp.code_at(59));

    let hotp = Otp::hotp(secret("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), Algorithm::Sha1, 6, 3).unwrap();
    assert_eq!(hotp.seconds_left(59), None);
    assert_eq!(hotp.code_at(0), "969429");
    assert_eq!(hotp.next_code_at(0), "338314");
}

#[test]
fn period_of_one_second_and_odd_periods() {
    let s = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    let one = Otp::totp(secret(s), Algorithm::Sha1, 6, 1).unwrap();
    assert_ne!(one.code_at(100), one.code_at(101));
    assert_eq!(one.seconds_left(100), Some(1));
    let odd = Otp::totp(secret(s), Algorithm::Sha1, 6, 45).unwrap();
    assert_eq!(odd.code_at(44), odd.code_at(0));
    assert_ne!(odd.code_at(45), odd.code_at(44));
}

#[test]
fn invalid_configurations_are_refused() {
    let s = || secret("JBSWY3DPEHPK3PXP");
    assert_eq!(Otp::totp(s(), Algorithm::Sha1, 5, 30), Err(OtpError::DigitsOutOfRange { digits: 5 }));
    assert_eq!(Otp::totp(s(), Algorithm::Sha1, 11, 30), Err(OtpError::DigitsOutOfRange { digits: 11 }));
    assert_eq!(Otp::totp(s(), Algorithm::Sha1, 300, 30), Err(OtpError::DigitsOutOfRange { digits: 300 }));
    assert_eq!(Otp::totp(s(), Algorithm::Sha1, 6, 0), Err(OtpError::ZeroPeriod));
    assert!(matches!(Otp::totp(s(), Algorithm::Sha1, 6, 86_401), Err(OtpError::PeriodTooLong { .. })));
    assert_eq!(Otp::totp(Secret::from_bytes(vec![]), Algorithm::Sha1, 6, 30), Err(OtpError::EmptySecret));
}

#[test]
fn short_secrets_that_totp_rs_would_refuse_still_work() {
    // 80-bit secrets (16 base32 characters) are common; RFC 4226 only recommends 128+.
    let otp = Otp::totp(secret("JBSWY3DPEHPK3PXP"), Algorithm::Sha1, 6, 30).unwrap();
    let expected = hotp_value(Algorithm::Sha1, otp.secret().as_bytes(), 1_700_000_000 / 30) % 1_000_000;
    assert_eq!(otp.code_at(1_700_000_000), format!("{expected:06}"));
}

proptest::proptest! {
    /// totp-rs (6–8 digits) and our own RFC 4226 truncation agree everywhere.
    #[test]
    fn totp_rs_and_own_truncation_agree(key in proptest::collection::vec(proptest::num::u8::ANY, 1..80),
                                        t in 0u64..40_000_000_000, digits in 6u32..=8, alg in 0..3usize, period in 1u64..120) {
        let alg = [Algorithm::Sha1, Algorithm::Sha256, Algorithm::Sha512][alg];
        let otp = Otp::totp(Secret::from_bytes(key.clone()), alg, digits, period).unwrap();
        let v = hotp_value(alg, &key, t / period) % 10u32.pow(digits);
        proptest::prop_assert_eq!(otp.code_at(t), format!("{v:0w$}", w = digits as usize));
    }
}

/// Regression (fuzz target `uri`): the next code at the last representable
/// second overflowed the step counter and panicked. It wraps to step 0, as
/// HOTP's counter does.
#[test]
fn the_next_code_at_the_end_of_time_does_not_panic() {
    let totp = Otp::totp(secret("JBSWY3DPEHPK3PXP"), Algorithm::Sha1, 6, 1).unwrap();
    assert_eq!(totp.next_code_at(u64::MAX), totp.code_for_counter(0));
    let hotp = Otp::hotp(secret("JBSWY3DPEHPK3PXP"), Algorithm::Sha1, 6, u64::MAX).unwrap();
    assert_eq!(hotp.next_code_at(0), hotp.code_for_counter(0));
    let steam = Otp::steam(secret("JBSWY3DPEHPK3PXP")).unwrap();
    assert_eq!(steam.next_code_at(u64::MAX), steam.code_for_counter(u64::MAX / 30 + 1));
}

fn hex(text: &str) -> Secret {
    Secret::from_bytes((0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap()).collect())
}

/// mOTP vectors of Aegis (app/src/test/java/com/beemdevelopment/aegis/crypto/otp/MOTPTest.java:
/// time, code, PIN, hex secret) and of Authenticator Pro
/// (Stratum.Test/src/Generator/MobileOtpTest.cs: secret 7ac61d4736f51a2b, PIN 5555). The
/// algorithm is Mobile-OTP's (motp.sourceforge.net): md5(epoch/10 . secret . pin), first 6 hex digits.
#[test]
fn motp_vectors_of_aegis_and_authenticator_pro() {
    let vectors = [
        (165_892_298, "e7d8b6", "1234", "e3152afee62599c8"),
        (123_456_789, "4ebfb2", "1234", "e3152afee62599c8"),
        (1_659_540_020, "ced7b1", "9999", "bbb1912bb5c515be"),
        (1_659_540_022, "ced7b1", "9999", "bbb1912bb5c515be"),
        (1_659_539_870, "1a14f8", "9999", "bbb1912bb5c515be"),
        (1_659_539_878, "1a14f8", "9999", "bbb1912bb5c515be"),
        (0, "c42a26", "5555", "7ac61d4736f51a2b"),
        (1_000_000_000, "4af383", "5555", "7ac61d4736f51a2b"),
    ];
    for (time, code, pin, secret) in vectors {
        let otp = Otp::motp(hex(secret), Pin::new(pin)).unwrap();
        assert_eq!(otp.code_at(time), code, "{secret} at {time}");
        assert_eq!(otp.period(), Some(10));
        assert_eq!(otp.seconds_left(time), Some(10 - (time % 10) as u32));
    }
}

/// Yandex Key vectors of Aegis (app/src/test/java/com/beemdevelopment/aegis/crypto/otp/YAOTPTest.java)
/// and Authenticator Pro (Stratum.Test/src/Generator/YandexOtpTest.cs): 26-byte secrets as the
/// Yandex app shows them (checksum included). `yandex_leading_zero_key_byte_is_dropped` checks
/// the zero-byte rule on its own.
#[test]
fn yandex_vectors_of_aegis_and_authenticator_pro() {
    let vectors = [
        ("5239", "6SB2IKNM6OBZPAVBVTOHDKS4FAAAAAAADFUTQMBTRY", 1_641_559_648, "umozdicq"),
        ("7586", "LA2V6KMCGYMWWVEW64RNP3JA3IAAAAAAHTSG4HRZPI", 1_581_064_020, "oactmacq"),
        ("7586", "LA2V6KMCGYMWWVEW64RNP3JA3IAAAAAAHTSG4HRZPI", 1_581_090_810, "wemdwrix"),
        ("5210481216086702", "JBGSAU4G7IEZG6OY4UAXX62JU4AAAAAAHTSG4HXU3M", 1_581_091_469, "dfrpywob"),
        ("5210481216086702", "JBGSAU4G7IEZG6OY4UAXX62JU4AAAAAAHTSG4HXU3M", 1_581_093_059, "vunyprpd"),
    ];
    for (pin, b32, time, code) in vectors {
        let otp = Otp::yandex(secret(b32), Pin::new(pin)).unwrap();
        assert_eq!(otp.code_at(time), code, "{b32} at {time}");
        assert_eq!(otp.secret().len(), 16, "kept as the 16-byte key");
        // The 16-byte key alone (as a QR code carries it) makes the same codes.
        let short = Otp::yandex(otp.secret().clone(), Pin::new(pin)).unwrap();
        assert_eq!(short.code_at(time), code);
    }
}

/// Aegis' YandexInfoTest: a good 26-byte secret, a 16-byte one (no checksum), one with its first
/// letter changed (checksum fails) and one of the wrong size.
#[test]
fn yandex_secret_checks_of_aegis() {
    assert!(yandex_key(secret("LA2V6KMCGYMWWVEW64RNP3JA3IAAAAAAHTSG4HRZPI").as_bytes()).is_ok());
    assert!(yandex_key(secret("LA2V6KMCGYMWWVEW64RNP3JA3I").as_bytes()).is_ok());
    assert!(yandex_key(secret("AA2V6KMCGYMWWVEW64RNP3JA3IAAAAAAHTSG4HRZPI").as_bytes()).unwrap_err().contains("checksum"));
    let wrong = Secret::from_base32_tolerant("AA2V6KMCGJA3IAAAAAAHTSG4HRZPI").unwrap().0;
    assert!(yandex_key(wrong.as_bytes()).is_err());
    assert!(matches!(Otp::yandex(secret("AA2V6KMCGYMWWVEW64RNP3JA3IAAAAAAHTSG4HRZPI"), Pin::new("7586")), Err(OtpError::YandexSecret(_))));
}

/// The key is SHA-256(PIN . secret) less a leading zero byte. Found by search in Python: with
/// this secret, PIN `0446` is the first of `0000`… whose hash starts with 0x00; the code was
/// computed there (hashlib/hmac), independently of this crate, and differs from the one a
/// 32-byte key would give.
#[test]
fn yandex_leading_zero_key_byte_is_dropped() {
    let (pin, key, time, code) = ("0446", "00112233445566778899aabbccddeeff", 1_700_000_000, "kyuwvsez");
    let otp = Otp::yandex(hex(key), Pin::new(pin)).unwrap();
    assert_eq!(otp.code_at(time), code);
}

#[test]
fn pins_are_checked_and_never_printed() {
    let s = || hex("e3152afee62599c8");
    assert!(matches!(Otp::motp(s(), Pin::new("")), Err(OtpError::Pin(_))));
    let y = || secret("LA2V6KMCGYMWWVEW64RNP3JA3I");
    assert!(matches!(Otp::yandex(y(), Pin::new("123")), Err(OtpError::Pin(_))));
    assert!(matches!(Otp::yandex(y(), Pin::new("12345678901234567")), Err(OtpError::Pin(_))));
    let otp = Otp::yandex(y(), Pin::new("7586")).unwrap();
    let debug = format!("{otp:?}");
    assert!(!debug.contains("7586"), "{debug}");
    assert_eq!(otp.kind(), OtpKind::Yandex);
    assert_eq!((otp.digits(), otp.period(), otp.counter()), (8, Some(30), None));
    assert_eq!(otp.pin().map(Pin::as_str), Some("7586"));
    assert_eq!(Otp::totp(secret("JBSWY3DPEHPK3PXP"), Algorithm::Sha1, 6, 30).unwrap().pin(), None);
}
