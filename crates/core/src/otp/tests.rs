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
