//! Every fixture in `tests/data/import` (written by `gen.py` from the apps' own
//! formats, independently of this code) imports to exactly the canonical
//! accounts its format can express, with the codes they make.

mod import_support;

/// Named `import` so that `cargo test import` runs these with the unit tests.
mod import {
    use super::import_support;

    use import_support::{canonical, fixtures, import_fully, Canon, Canonical, Fixture};
    use twofold_core::import::{self, Format, ImportError, ImportResult, Imported, ImportedAccount, SkipReason};

    fn check_account(fixture: &Fixture, canon: &Canon, got: &ImportedAccount, c: &Canonical) {
        let ctx = format!("{} / {}", fixture.file, c.id);
        let issuer =
            fixture.issuer_overrides.iter().find(|(id, _)| *id == c.id).map_or(c.issuer.clone(), |(_, i)| i.clone());
        let otp = &got.account.otp;
        assert_eq!(got.account.issuer, issuer, "{ctx}: issuer");
        assert_eq!(got.account.label, c.label, "{ctx}: label");
        assert_eq!(otp.kind().as_str(), c.kind, "{ctx}: kind");
        // mOTP is MD5, which Twofold's HMAC `Algorithm` has no name for: the kind says it all.
        if c.kind != "motp" {
            assert_eq!(otp.algorithm().as_str(), c.algorithm, "{ctx}: algorithm");
        }
        assert_eq!(otp.pin().map(|p| p.as_str().to_owned()), c.pin, "{ctx}: PIN");
        assert_eq!(otp.digits(), c.digits, "{ctx}: digits");
        assert_eq!(otp.period(), c.period, "{ctx}: period");
        assert_eq!(otp.counter(), c.counter, "{ctx}: counter");
        assert_eq!(otp.secret().to_base32().as_str(), c.secret, "{ctx}: secret");
        assert_eq!(otp.code_at(canon.time), c.code, "{ctx}: code at {}", canon.time);

        let groups = if fixture.has("groups") { c.groups.clone() } else { Vec::new() };
        assert_eq!(got.groups, groups, "{ctx}: groups");
        let note = if fixture.has("note") { c.note.clone() } else { None };
        assert_eq!(got.note, note, "{ctx}: note");
        assert_eq!(got.favourite, fixture.has("favourite") && c.favourite, "{ctx}: favourite");
        let icon = if fixture.has("icon") { c.icon.clone() } else { None };
        assert_eq!(got.icon, icon, "{ctx}: icon");

        // A secret the file spells loosely comes in with a warning saying so; only those do.
        let warned = fixture.warned.contains(&c.id);
        assert_eq!(got.warnings.len(), usize::from(warned), "{ctx}: warnings {:?}", got.warnings);
        if warned && c.id.starts_with("mistyped") {
            assert!(got.warnings[0].contains("looks mistyped"), "{ctx}: {:?}", got.warnings);
        }
    }

    fn check_result(fixture: &Fixture, canon: &Canon, result: &ImportResult) {
        assert_eq!(result.format, fixture.format, "{}: format", fixture.file);
        let got_ids = result.accounts.len();
        assert_eq!(got_ids, fixture.ids.len(), "{}: account count; errors: {:?}", fixture.file, result.errors);
        for (got, id) in result.accounts.iter().zip(&fixture.ids) {
            check_account(fixture, canon, got, fixture.expected(canon, id));
        }
        assert_eq!(result.skipped.len(), fixture.skipped, "{}: skipped {:?}", fixture.file, result.skipped);
        // Ente's trashed code is said to be trashed, by name; Bitwarden's items without a code, so.
        let reasons: Vec<_> = result.skipped.iter().map(|s| s.reason).collect();
        match fixture.format {
            Format::Ente => {
                assert_eq!(reasons, [SkipReason::Trashed], "{}", fixture.file);
                assert_eq!(result.skipped[0].name, "Old Service: old", "{}", fixture.file);
            }
            // Proton Pass: a note (no code) and a trashed login; KeePassXC: a password without a TOTP
            // and an entry in the recycle bin.
            Format::ProtonPass | Format::KeePassXc => assert_eq!(reasons, [SkipReason::NoCode, SkipReason::Trashed], "{}", fixture.file),
            _ => assert!(reasons.iter().all(|r| *r == SkipReason::NoCode), "{}: {reasons:?}", fixture.file),
        }
    }

    #[test]
    fn every_fixture_imports_the_canonical_accounts() {
        let canon = canonical();
        let mut checked = 0;
        for fixture in fixtures() {
            let result = import_fully(&fixture);
            check_result(&fixture, &canon, &result);
            if fixture.is_image() {
                // One of the export's two QR codes alone: its accounts, and the other one reported missing.
                assert_eq!(result.errors.len(), 1, "{}: {:?}", fixture.file, result.errors);
                assert!(result.errors[0].message.contains("of 2 is missing"), "{}", result.errors[0]);
            } else {
                assert!(result.errors.is_empty(), "{}: {:?}", fixture.file, result.errors);
            }
            checked += 1;
        }
        assert_eq!(checked, 49, "every fixture of the manifest");
    }

    #[test]
    fn every_format_has_a_fixture_and_the_hard_cases_are_covered() {
        let all = fixtures();
        for format in Format::ALL {
            assert!(all.iter().any(|f| f.format == format), "no fixture for {format}");
        }
        // The canonical set holds the hard cases the fixtures must carry.
        let canon = canonical();
        let c = |id| canon.get(id);
        assert!(c("hotp_large").counter.unwrap() > u64::from(u32::MAX));
        assert_eq!((c("bank").algorithm.as_str(), c("bank").digits, c("bank").period), ("SHA512", 8, Some(60)));
        assert_eq!(c("steam").kind, "steam");
        assert!(!c("unicode").issuer.as_deref().unwrap().is_ascii());
        assert!(c("amp_plus").issuer.as_deref().unwrap().contains('&') && c("amp_plus").label.contains('+'));
        assert_eq!(c("short80").secret.len(), 16, "80 bits of base32");
        assert_eq!(c("no_issuer").issuer, None);
        // Issue 16: the kinds with a PIN, in the two apps that make them.
        for (id, kind) in [("motp", "motp"), ("yandex", "yandex")] {
            assert_eq!((c(id).kind.as_str(), c(id).pin.is_some()), (kind, true));
            for format in [Format::Aegis, Format::AuthenticatorPro] {
                assert!(all.iter().any(|f| f.format == format && f.ids.iter().any(|i| i == id)), "{format} lacks {id}");
            }
        }
        // Issue 16: secrets the apps accept although no strict decoder does, in at least the
        // formats that keep the text as written.
        for id in ["mistyped_bits", "mistyped_length", "lower_padded"] {
            for format in [Format::TwoFas, Format::Bitwarden, Format::Ente, Format::OtpauthList] {
                assert!(
                    all.iter().any(|f| f.format == format && f.warned.iter().any(|w| w == id)),
                    "{format} does not carry {id} as written"
                );
            }
        }
    }

    #[test]
    fn detection_names_every_fixture() {
        for fixture in fixtures() {
            assert_eq!(import::detect(&fixture.bytes()), Some(fixture.format), "{}", fixture.file);
        }
    }

    #[test]
    fn read_as_takes_each_fixture_as_its_own_format() {
        for fixture in fixtures().into_iter().filter(|f| !f.is_image()) {
            let read = import::read_as(fixture.format, &fixture.bytes());
            assert!(read.is_ok(), "{}: {:?}", fixture.file, read.err());
        }
    }

    #[test]
    fn encrypted_fixtures_refuse_a_wrong_password() {
        let mut encrypted = 0;
        for fixture in fixtures().into_iter().filter(|f| f.password.is_some()) {
            let Imported::NeedsPassword(locked) = import::read(&fixture.bytes()).unwrap() else {
                panic!("{} should need a password", fixture.file)
            };
            assert_eq!(locked.format(), fixture.format);
            for wrong in ["", "wrong password", &format!("{} ", fixture.password.as_deref().unwrap())] {
                let err = locked.decrypt(wrong).expect_err(&fixture.file);
                assert!(matches!(err, ImportError::WrongPassword), "{}: {err}", fixture.file);
                assert_eq!(err.to_string(), "the password is wrong");
            }
            // What a person is told names the format the file was taken for.
            let told = locked.wrong_password_message();
            let named = if fixture.format == Format::AndOtpEncrypted { "andOTP" } else { fixture.format.name() };
            assert!(told.starts_with("the password is wrong") && told.contains(named), "{}: {told}", fixture.file);
            // A wrong try does not spoil the next one.
            assert!(locked.decrypt(fixture.password.as_deref().unwrap()).is_ok(), "{}", fixture.file);
            assert!(!format!("{locked:?}").contains(fixture.password.as_deref().unwrap()));
            encrypted += 1;
        }
        assert_eq!(
            encrypted, 17,
            "Aegis, 2FAS, two andOTP generations, three Authenticator Pro, FreeOTP 2, Ente, two Bitwarden, Proton, Authy, TOTP Authenticator, Authenticator Plus (ZipCrypto and AES), WinAuth"
        );
    }

    /// The encrypted exports of issue 16, damaged: cut short, or a byte of the ciphertext
    /// changed. Each is a clear error naming its format (never a panic, never a partial import).
    #[test]
    fn damaged_encrypted_exports_are_named() {
        let all = fixtures();
        let fixture = |name: &str| all.iter().find(|f| f.file == name).unwrap_or_else(|| panic!("{name}"));
        let named = |err: &ImportError, format: Format| {
            let text = err.to_string();
            assert!(text.contains(format.name()) || matches!(err, ImportError::WrongPassword), "{format}: {text}");
        };
        for name in [
            "ente_auth_encrypted.json",
            "bitwarden_encrypted_pbkdf2.json",
            "proton_authenticator_encrypted.json",
            "authenticator_pro_legacy.authpro",
        ] {
            let f = fixture(name);
            let bytes = f.bytes();
            // Cut short anywhere: refused before a password is asked, naming the format.
            for cut in [bytes.len() / 3, bytes.len() / 2, bytes.len() - 5] {
                match import::read(&bytes[..cut]) {
                    Err(err) => named(&err, f.format),
                    Ok(Imported::NeedsPassword(locked)) => {
                        // Only a cut at a whole AES block of the legacy file still has the shape.
                        assert_eq!(name, "authenticator_pro_legacy.authpro", "{name} cut at {cut} asked for a password");
                        let err = locked.decrypt(f.password.as_deref().unwrap()).unwrap_err();
                        named(&err, f.format);
                    }
                    Ok(Imported::Ready(_)) => panic!("{name} cut at {cut} was read as plain"),
                }
            }
        }
        // A changed byte of the sealed data, with the right password.
        let flip_base64 = |text: &str, key: &str| {
            let start = text.find(&format!("\"{key}\"")).unwrap() + key.len() + 4;
            let mut out = text.to_owned().into_bytes();
            let at = start + 30;
            out[at] = if out[at] == b'A' { b'B' } else { b'A' };
            out
        };
        let opened = |name: &str, bytes: &[u8]| {
            let f = fixture(name);
            let Imported::NeedsPassword(locked) = import::read(bytes).unwrap() else { panic!("{name}") };
            locked.decrypt(f.password.as_deref().unwrap())
        };
        let text = |name: &str| String::from_utf8(fixture(name).bytes()).unwrap();
        // AEADs: one check for key and content, so a damaged file reads as a wrong password.
        let ente = opened("ente_auth_encrypted.json", &flip_base64(&text("ente_auth_encrypted.json"), "encryptedData"));
        assert!(matches!(ente, Err(ImportError::WrongPassword)), "{ente:?}");
        let proton = text("proton_authenticator_encrypted.json");
        let proton = opened("proton_authenticator_encrypted.json", &flip_base64(&proton, "content"));
        assert!(matches!(proton, Err(ImportError::WrongPassword)), "{proton:?}");
        // Bitwarden checks the password apart from the data: damaged data is damage.
        let bitwarden = opened("bitwarden_encrypted_pbkdf2.json", &flip_base64(&text("bitwarden_encrypted_pbkdf2.json"), "data"));
        let err = bitwarden.unwrap_err();
        assert!(matches!(err, ImportError::Corrupt { format: Format::Bitwarden, .. }), "{err}");
        // The legacy Authenticator Pro encryption has no check: a wrong password or damage.
        let mut legacy = fixture("authenticator_pro_legacy.authpro").bytes();
        let at = legacy.len() / 2;
        legacy[at] ^= 0x40;
        match opened("authenticator_pro_legacy.authpro", &legacy) {
            Ok(result) => panic!("a damaged legacy backup read as {} accounts", result.accounts.len()),
            Err(err) => named(&err, Format::AuthenticatorPro),
        }
    }

    #[test]
    fn google_export_qr_codes_together_from_images_and_text() {
        let canon = canonical();
        let all = fixtures();
        let text = all.iter().find(|f| f.file == "google_export.txt").unwrap();
        let png = |n: usize| import_support::bytes(&format!("google_export_{n}.png"));

        let result = import::read_google_export(&[&png(2), &png(1)]).unwrap();
        assert!(result.errors.is_empty(), "{:?}", result.errors);
        check_result(text, &canon, &result);

        // One QR code as an image, the other as a link: the same export.
        let links = String::from_utf8(text.bytes()).unwrap();
        let second = links.lines().nth(1).unwrap();
        let result = import::read_google_export(&[&png(1), second.as_bytes()]).unwrap();
        assert!(result.errors.is_empty(), "{:?}", result.errors);
        check_result(text, &canon, &result);

        // Only the first: its accounts, and word of the missing one.
        let result = import::read_google_export(&[&png(1)]).unwrap();
        assert_eq!(result.accounts.len(), 6);
        assert_eq!(result.errors.len(), 1);
        assert!(result.errors[0].to_string().contains("QR code 2 of 2 is missing"), "{}", result.errors[0]);

        // An image without any QR code is an error of its own.
        let blank = twofold_core::qr::encode_png("x", 1).unwrap();
        let mut pixels = image_without_code(&blank);
        let err = import::read_google_export(&[&png(1), &pixels[..]]).unwrap_err();
        assert_eq!(err.code(), "image");
        pixels.truncate(20);
        assert!(import::read_google_export(&[&pixels]).is_err());
    }

    /// A plain white PNG of the same size as `png`.
    fn image_without_code(png: &[u8]) -> Vec<u8> {
        let img = image::load_from_memory(png).unwrap().to_luma8();
        let white = image::GrayImage::from_pixel(img.width() * 4, img.height() * 4, image::Luma([255]));
        let mut out = std::io::Cursor::new(Vec::new());
        white.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn secrets_never_show_in_debug_output_or_errors() {
        let canon = canonical();
        for fixture in fixtures() {
            let result = import_fully(&fixture);
            let shown = format!("{result:?}{}", result.errors.iter().map(|e| e.to_string()).collect::<String>());
            for c in &canon.entries {
                let piece = &c.secret[..c.secret.len().min(16)];
                if let Some(pin) = &c.pin {
                    assert!(!shown.contains(&format!("\"{pin}\"")), "{}: PIN of {} shown", fixture.file, c.id);
                    assert!(!shown.contains(pin.as_str()), "{}: PIN of {} shown", fixture.file, c.id);
                }
                assert!(!shown.contains(piece), "{}: secret of {} shown", fixture.file, c.id);
                assert!(!shown.contains(&piece.to_lowercase()), "{}: secret of {} shown", fixture.file, c.id);
            }
        }
    }
}
