//! Damaged, cut and foreign files: a clear error each, never a panic.

mod import_support;

/// Named `import` so that `cargo test import` runs these with the unit tests.
mod import {
    use super::import_support;

    use import_support::{fixtures, Fixture};
    use proptest::prelude::*;
    use twofold_core::import::{self, Format, ImportError, Imported};

    /// Where to cut a file: early, in the middle, near the end.
    fn cuts(len: usize) -> Vec<usize> {
        let mut at: Vec<usize> = (1..8).map(|k| len * k / 8).collect();
        at.extend([1, 2, 10, len.saturating_sub(2)]);
        at.retain(|&n| n > 0 && n < len);
        at.sort_unstable();
        at.dedup();
        at
    }

    /// The fixtures that are JSON documents (not Authenticator Pro's encrypted file, of a JSON format).
    fn json_like(f: &Fixture) -> bool {
        let json_format = matches!(
            f.format,
            Format::Aegis
                | Format::TwoFas
                | Format::AndOtp
                | Format::AuthenticatorPro
                | Format::Bitwarden
                | Format::DuoMobile
                | Format::FreeOtpPlus
                | Format::LastPass
                | Format::Proton
        );
        json_format && matches!(f.bytes().first(), Some(b'{' | b'['))
    }

    #[test]
    fn cut_json_files_are_named_and_called_cut_short() {
        for fixture in fixtures().into_iter().filter(json_like) {
            let bytes = fixture.bytes();
            for n in cuts(bytes.len()) {
                let err = match import::read(&bytes[..n]) {
                    Err(err) => err,
                    Ok(Imported::NeedsPassword(_)) => panic!("{} cut at {n}: read as encrypted", fixture.file),
                    Ok(Imported::Ready(r)) => panic!("{} cut at {n}: read {} accounts", fixture.file, r.accounts.len()),
                };
                let clear = match &err {
                    ImportError::Truncated { format }
                    | ImportError::InvalidJson { format, .. }
                    | ImportError::Corrupt { format, .. } => *format == fixture.format,
                    // Cut before anything telltale: nothing to name but that it is JSON.
                    ImportError::UnknownFormat | ImportError::UnknownDocument { .. } => n <= 32,
                    _ => false,
                };
                assert!(clear, "{} cut at {n} of {}: {err:?}", fixture.file, bytes.len());
                // Read as the format the person picked, every cut is called cut short.
                let err = import::read_as(fixture.format, &bytes[..n]).expect_err(&fixture.file);
                assert!(
                    matches!(err, ImportError::Truncated { format } if format == fixture.format),
                    "{} read as its own format, cut at {n}: {err:?}",
                    fixture.file
                );
                if n >= bytes.len() / 2 {
                    assert!(matches!(err, ImportError::Truncated { .. }), "{} cut at {n}: {err}", fixture.file);
                    assert!(err.to_string().contains("cut short"), "{err}");
                }
            }
        }
    }

    #[test]
    fn cut_encrypted_andotp_backups_refuse_even_the_right_password() {
        for fixture in fixtures().into_iter().filter(|f| f.format == Format::AndOtpEncrypted) {
            let bytes = fixture.bytes();
            let password = fixture.password.clone().unwrap();
            for n in cuts(bytes.len()) {
                match import::read(&bytes[..n]) {
                    Ok(Imported::NeedsPassword(locked)) => {
                        let err = locked.decrypt(&password).expect_err(&fixture.file);
                        assert!(matches!(err, ImportError::WrongPassword), "{} cut at {n}: {err}", fixture.file);
                    }
                    // Too short to be one at all.
                    Err(ImportError::UnknownFormat) => assert!(n < 28, "{} cut at {n}", fixture.file),
                    other => panic!("{} cut at {n}: {other:?}", fixture.file),
                }
                if n < 28 {
                    let err = import::read_as(Format::AndOtpEncrypted, &bytes[..n]).unwrap_err();
                    assert!(matches!(err, ImportError::Truncated { .. }), "{err}");
                }
            }
        }
    }

    #[test]
    fn cut_freeotp_and_authenticator_pro_backups_are_refused() {
        for fixture in fixtures().into_iter().filter(|f| matches!(f.format, Format::FreeOtp | Format::AuthenticatorPro)) {
            let Some(password) = fixture.password.clone() else { continue };
            let bytes = fixture.bytes();
            // Fewer cuts than elsewhere: each one that reads may run the file's key derivation.
            for n in [1, 3, 10, 40, bytes.len() / 3, bytes.len() / 2, bytes.len() - 1] {
                let err = match import::read(&bytes[..n]) {
                    Err(err) => err,
                    Ok(Imported::NeedsPassword(locked)) => locked.decrypt(&password).expect_err(&fixture.file),
                    Ok(Imported::Ready(r)) => panic!("{} cut at {n}: read {} accounts", fixture.file, r.accounts.len()),
                };
                let named = match &err {
                    ImportError::Truncated { format } | ImportError::Corrupt { format, .. } => *format == fixture.format,
                    // GCM cannot tell a cut ciphertext from a wrong key.
                    ImportError::WrongPassword => fixture.format == Format::AuthenticatorPro,
                    // Cut inside the header: nothing left to name it by.
                    ImportError::UnknownFormat => n < 16,
                    _ => false,
                };
                assert!(named, "{} cut at {n}: {err:?}", fixture.file);
            }
        }
    }

    #[test]
    fn cut_text_and_image_files_never_panic() {
        for fixture in fixtures().into_iter().filter(|f| !json_like(f) && f.password.is_none()) {
            let bytes = fixture.bytes();
            for n in cuts(bytes.len()) {
                match import::read(&bytes[..n]) {
                    // A list cut between lines is a shorter list, or a last line with an error.
                    Ok(Imported::Ready(result)) => assert!(result.accounts.len() <= fixture.ids.len()),
                    Ok(Imported::NeedsPassword(_)) => panic!("{} cut at {n}: encrypted?", fixture.file),
                    Err(err) => assert!(!err.to_string().is_empty()),
                }
            }
        }
    }

    #[test]
    fn a_file_of_another_format_is_refused_by_name() {
        let all = fixtures();
        let families = |f: Format| match f {
            Format::AndOtp | Format::AndOtpEncrypted => 1,
            // WinAuth's zip holds a list of links, and its text export is one.
            Format::Ente | Format::GoogleMigration | Format::OtpauthList | Format::WinAuth => 2,
            _ => 0,
        };
        for fixture in &all {
            let bytes = fixture.bytes();
            for format in Format::ALL {
                let same =
                    format == fixture.format || (families(format) != 0 && families(format) == families(fixture.format));
                if same {
                    continue;
                }
                let err = import::read_as(format, &bytes).expect_err(&fixture.file);
                match &err {
                    ImportError::WrongFormat { expected, found } => {
                        assert_eq!(*expected, format);
                        assert_eq!(*found, Some(fixture.format), "{} as {format}", fixture.file);
                    }
                    other => panic!("{} read as {format}: {other:?}", fixture.file),
                }
                let message = err.to_string();
                assert!(message.starts_with("this is not "), "{message}");
                assert!(message.contains("it looks like"), "{message}");
            }
        }
    }

    #[test]
    fn a_damaged_freeotp_token_is_an_entry_error_and_the_others_import() {
        let fixture = fixtures().into_iter().find(|f| f.format == Format::FreeOtp).unwrap();
        let mut bytes = fixture.bytes();
        // One digit of the first token's sealed secret changed (same length, so the stream holds):
        // the master key still opens, that token's GCM check fails.
        let needle = br#"\"mCipherText\":["#;
        let at = bytes.windows(needle.len()).position(|w| w == needle).expect("a token's sealed key") + needle.len();
        let digit = bytes[at..].iter().position(u8::is_ascii_digit).unwrap() + at;
        bytes[digit] = if bytes[digit] == b'9' { b'8' } else { bytes[digit] + 1 };
        let Ok(Imported::NeedsPassword(locked)) = import::read(&bytes) else { panic!("still a FreeOTP backup") };
        let result = locked.decrypt(fixture.password.as_deref().unwrap()).unwrap();
        assert_eq!(result.accounts.len(), fixture.ids.len() - 1);
        assert_eq!(result.errors.len(), 1, "{:?}", result.errors);
        assert!(result.errors[0].message.contains("damaged"), "{}", result.errors[0]);
        assert_eq!(result.errors[0].name, "GitHub: octocat");
    }

    #[test]
    fn hostile_freeotp_and_authenticator_pro_files() {
        let freeotp = import_support::bytes("freeotp_backup.xml");
        // A serialized map that claims four billion entries: refused before anything is allocated.
        let mut huge = freeotp.clone();
        let size_at = freeotp.windows(2).position(|w| w == [0x77, 0x08]).unwrap() + 6;
        huge[size_at..size_at + 4].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(matches!(import::read(&huge), Err(ImportError::Corrupt { .. } | ImportError::Truncated { .. })));
        // A master key asking for 10^13 PBKDF2 rounds: refused before deriving (same length, so the stream holds).
        let at = freeotp.windows(7).position(|w| w == b"100000,").expect("the fixture's iteration count");
        let mut costly = freeotp.clone();
        costly[at..at + 6].copy_from_slice(b"1e13  ");
        assert!(matches!(import::read(&costly), Err(ImportError::KdfTooExpensive { .. })), "{:?}", import::read(&costly).err());
        // Deep nesting in Authenticator Pro's and LastPass' JSON: an error, not a stack overflow.
        for head in [r#"{"Authenticators":"#, r#"{"deviceName":"x","accounts":"#] {
            let deep = format!("{head}{}{}}}", "[".repeat(100_000), "]".repeat(100_000));
            assert!(import::read(deep.as_bytes()).is_err());
        }
        // The other app's names stay out of the messages of a file made of only them.
        let err = import::read(br#"{"some":"json","of":["an","app"]}"#).unwrap_err();
        assert_eq!(err.code(), "unknown_document");
        assert!(err.to_string().starts_with("this is a JSON file Twofold does not know"), "{err}");
    }

    #[test]
    fn damaged_and_cut_files_of_rooted_phones_name_their_format() {
        // Preference files cut short: called so, by the app, once the secrets' entry name is in.
        for fixture in fixtures().into_iter().filter(|f| f.file.ends_with(".xml")) {
            let bytes = fixture.bytes();
            for n in [bytes.len() / 2, bytes.len() - 8] {
                let err = import::read(&bytes[..n]).expect_err(&fixture.file);
                assert!(matches!(err, ImportError::Truncated { format } if format == fixture.format), "{}: {err:?}", fixture.file);
            }
        }
        // One Authy secret altered: the password still opens the others, that token is an entry error.
        let fixture = fixtures().into_iter().find(|f| f.file == "authy_authenticator_encrypted.xml").unwrap();
        let text = String::from_utf8(fixture.bytes()).unwrap();
        let at = text.find("encryptedSecret&quot;:&quot;").unwrap() + "encryptedSecret&quot;:&quot;".len();
        let mut damaged = text.clone().into_bytes();
        damaged[at] = if damaged[at] == b'A' { b'B' } else { b'A' };
        let Ok(Imported::NeedsPassword(locked)) = import::read(&damaged) else { panic!("still an encrypted Authy file") };
        let result = locked.decrypt(fixture.password.as_deref().unwrap()).unwrap();
        assert_eq!(result.accounts.len(), fixture.ids.len() - 1);
        assert_eq!(result.errors.len(), 1, "{:?}", result.errors);
        assert!(result.errors[0].message.contains("damaged"), "{}", result.errors[0]);
        assert_eq!(result.errors[0].index, 0);
        // A list that is not JSON, an app's keystore-sealed secret, a backup cut on a block boundary.
        let prefs = |body: &str| format!("<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n{body}\n</map>\n");
        let err = import::read(prefs("<string name=\"com.authy.storage.tokens.authy.key\">[{</string>").as_bytes()).unwrap_err();
        assert!(err.to_string().starts_with("this looks like an Authy token file, but it is damaged"), "{err}");
        let keystore = prefs(
            "<string name=\"com.blizzard.messenger.AUTHENTICATOR_CREDENTIALS_ENCRYPTION_TYPE\">KEYSTORE</string>\n\
             <string name=\"com.blizzard.messenger.AUTHENTICATOR_DEVICE_SECRET\">00ff</string>",
        );
        let err = import::read(keystore.as_bytes()).unwrap_err();
        assert!(matches!(err, ImportError::Unsupported { format: Format::BattleNet, .. }), "{err:?}");
        // (48 bytes are whole blocks and whole base64 groups: 64 characters.)
        let on_a_block = |file: &str| {
            let text: String = String::from_utf8(import_support::bytes(file)).unwrap().split_whitespace().collect();
            let len = text.trim_end_matches('=').len() * 3 / 4;
            text[..(len - 1) / 48 * 64].to_owned()
        };
        let fixture = fixtures().into_iter().find(|f| f.file == "totp_authenticator.encrypt").unwrap();
        let cut = on_a_block(&fixture.file);
        let Ok(Imported::NeedsPassword(locked)) = import::read(cut.as_bytes()) else { panic!("cut on a block") };
        let err = locked.decrypt(fixture.password.as_deref().unwrap()).unwrap_err();
        assert!(matches!(err, ImportError::Truncated { format: Format::TotpAuthenticator }), "{err:?}");
        assert!(matches!(locked.decrypt("wrong").unwrap_err(), ImportError::WrongPassword));
        let err = import::read(on_a_block("totp_authenticator_default.encrypt").as_bytes()).unwrap_err();
        assert!(err.to_string().contains("TOTP Authenticator backup, but it is cut short"), "{err}");
        // Duo's push-only accounts have no code: left out, said so.
        let duo = br#"[{"accountType":"DuoAccount","name":"Work VPN","pkey":"a"},{"name":"x","otpGenerator":{"otpSecret":"JBSWY3DPEHPK3PXP"}}]"#;
        let Ok(Imported::Ready(result)) = import::read(duo) else { panic!("a Duo Mobile file") };
        assert_eq!((result.format, result.accounts.len(), result.skipped.len()), (Format::DuoMobile, 1, 1));
    }

    #[test]
    fn messages_a_person_can_read() {
        let err = import::read(b"just some notes\nnothing here\n").unwrap_err();
        assert!(matches!(err, ImportError::UnknownFormat));
        let aegis = import_support::bytes("aegis_plain.json");
        let err = import::read(&aegis[..aegis.len() / 2]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "this looks like an Aegis vault, but it is cut short: the end of the file is missing"
        );
        let err = import::read_as(Format::Aegis, &import_support::bytes("twofas_plain.2fas")).unwrap_err();
        assert_eq!(err.to_string(), "this is not an Aegis vault (it looks like a 2FAS backup)");
        let huge = vec![b' '; import::MAX_INPUT_LEN + 1];
        assert!(matches!(import::read(&huge), Err(ImportError::TooLarge { .. })));
    }

    /// Fixtures worth mutating: not the images (the QR module has its own fuzzing,
    /// and each damaged image would cost a full QR search).
    fn mutable_fixtures() -> Vec<Vec<u8>> {
        fixtures().into_iter().filter(|f| !f.is_image()).map(|f| f.bytes()).collect()
    }

    fn mutation() -> impl Strategy<Value = (usize, Vec<(usize, u8, u8)>)> {
        let count = mutable_fixtures().len();
        (0..count, prop::collection::vec((any::<usize>(), 0u8..4, any::<u8>()), 1..8))
    }

    fn mutate(mut bytes: Vec<u8>, edits: &[(usize, u8, u8)]) -> Vec<u8> {
        for &(at, op, byte) in edits {
            if bytes.is_empty() {
                bytes.push(byte);
                continue;
            }
            let at = at % bytes.len();
            match op {
                0 => bytes[at] = byte,
                1 => bytes.insert(at, byte),
                2 => {
                    bytes.remove(at);
                }
                _ => bytes.truncate(at),
            }
        }
        bytes
    }

    /// JSON-shaped text built from the keys the formats use, to reach past detection.
    fn json_value() -> impl Strategy<Value = serde_json::Value> {
        use serde_json::Value;
        let keys = prop::sample::select(vec![
            "version",
            "header",
            "slots",
            "params",
            "db",
            "entries",
            "groups",
            "type",
            "info",
            "secret",
            "algo",
            "digits",
            "period",
            "counter",
            "name",
            "issuer",
            "services",
            "schemaVersion",
            "otp",
            "tokenType",
            "tokens",
            "label",
            "otpGenerator",
            "otpSecret",
            "decryptedSecret",
            "encryptedSecret",
            "salt",
            "secretSeed",
            "originalName",
            "key",
            "base",
            "items",
            "login",
            "totp",
            "encrypted",
            "content",
            "uri",
            "entry_type",
            "note",
            "tags",
            "servicesEncrypted",
            "reference",
            "n",
            "r",
            "p",
            "salt",
            "key",
            "key_params",
            "nonce",
            "tag",
            "icon",
            "rawData",
            "display",
            // Authenticator Pro, LastPass
            "Authenticators",
            "Categories",
            "AuthenticatorCategories",
            "Type",
            "Issuer",
            "Username",
            "Secret",
            "Algorithm",
            "Digits",
            "Period",
            "Counter",
            "accounts",
            "issuerName",
            "userName",
            "timeStep",
            "folderData",
            "deviceName",
        ]);
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            prop::sample::select(vec![
                "totp",
                "hotp",
                "steam",
                "SHA1",
                "TOTP",
                "JBSWY3DPEHPK3PXP",
                "otpauth://totp/a?secret=JBSWY3DPEHPK3PXP",
                "steam://JBSWY3DPEHPK3PXP",
                "00",
                ""
            ])
            .prop_map(Value::from),
            ".{0,12}".prop_map(Value::from),
        ];
        leaf.prop_recursive(5, 48, 6, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::vec((keys.clone(), inner), 0..6)
                    .prop_map(|pairs| Value::Object(pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())),
            ]
        })
    }

    /// Reads, and for encrypted plain-KDF-free cases nothing more: `read` never derives a key.
    fn read_anything(bytes: &[u8]) {
        for format in [None, Some(Format::Aegis), Some(Format::AndOtp), Some(Format::OtpauthList)] {
            let outcome = match format {
                None => import::read(bytes),
                Some(f) => import::read_as(f, bytes),
            };
            match outcome {
                Err(err) => {
                    assert!(!err.to_string().is_empty());
                    let _ = err.code();
                }
                // The formats whose key derivation is the app's own constant, cheap enough to run here.
                Ok(Imported::NeedsPassword(locked)) if matches!(locked.format(), Format::Authy | Format::TotpAuthenticator) => {
                    let _ = locked.decrypt("a password");
                }
                Ok(_) => {}
            }
        }
        let _ = import::detect(bytes);
    }

    /// The encrypted fixtures with their passwords.
    fn encrypted_fixtures() -> Vec<(Vec<u8>, String)> {
        fixtures().into_iter().filter_map(|f| Some((f.bytes(), f.password?))).collect()
    }

    proptest! {
        // Each case may run a real key derivation (scrypt or PBKDF2): few cases.
        #![proptest_config(ProptestConfig::with_cases(16))]

        #[test]
        fn decrypting_mutated_encrypted_fixtures_never_panics(which in 0usize..6, edits in prop::collection::vec((any::<usize>(), 0u8..3, any::<u8>()), 1..4)) {
            let (bytes, password) = encrypted_fixtures().swap_remove(which);
            let bytes = mutate(bytes, &edits);
            if let Ok(Imported::NeedsPassword(locked)) = import::read(&bytes) {
                if let Err(err) = locked.decrypt(&password) {
                    prop_assert!(!err.to_string().contains(&password));
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn read_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
            read_anything(&bytes);
        }

        #[test]
        fn read_never_panics_on_mutated_fixtures((which, edits) in mutation()) {
            let bytes = mutate(mutable_fixtures().swap_remove(which), &edits);
            read_anything(&bytes);
        }

        #[test]
        fn read_never_panics_on_json_of_the_formats_keys(value in json_value(), wrap in 0u8..9) {
            let text = serde_json::to_string(&value).unwrap();
            // A preference file whose one string entry holds the JSON (Authy, TOTP Authenticator, FreeOTP).
            let prefs = |name: &str, json: &str| {
                let json = json.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
                format!("<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n<string name=\"{name}\">{json}</string>\n</map>\n")
            };
            let text = match wrap {
                5 => format!(r#"[{{"otpGenerator":{text},"name":"x"}},{text}]"#),
                6 => prefs("com.authy.storage.tokens.authenticator.key", &format!("[{text},{{\"encryptedSecret\":{text}}}]")),
                7 => prefs("STATIC_TOTP_CODES_LIST", &format!("[{text}]")),
                8 => prefs("com.authy.storage.tokens.authy.key", &text),
                0 => text,
                1 => format!(r#"{{"version":1,"header":{{"slots":null,"params":null}},"db":{text}}}"#),
                2 => format!(r#"{{"Authenticators":[{text}],"Categories":{text}}}"#),
                3 => format!(r#"{{"version":3,"deviceName":"x","accounts":[{text}],"folders":{text}}}"#),
                _ => format!(r#"{{"schemaVersion":4,"services":[{text}]}}"#),
            };
            read_anything(text.as_bytes());
        }
    }
}
