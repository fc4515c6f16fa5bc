//! Secrets never reach `Debug` output or error messages: every value that
//! holds one, and every error made from input that holds one, is printed
//! and searched for the secret in base32 (either case), hex and raw form.
//! (Logs: neither binary logs; their stderr is searched in
//! crates/cli/tests/cli.rs and tests/e2e/ipc.test.mjs searches every IPC
//! response of the app.)

use twofold_core::backup_codes;
use twofold_core::export;
use twofold_core::import::{self, Imported, ImportedAccount};
use twofold_core::input::{read_text, Collector};
use twofold_core::vault::{self, Contents, RecoveryKey, Unlock};
use twofold_core::{migration, uri};

/// 20 bytes whose base32 is distinctive enough to search for.
const SECRET_B32: &str = "KRUGS4ZANFZSAYJAONSWG4TFOQQHIZLTOQQQ";

fn secret_bytes() -> Vec<u8> {
    data_encoding::BASE32_NOPAD.decode(SECRET_B32.as_bytes()).unwrap()
}

/// The forms a leak could take.
fn forms() -> Vec<String> {
    let raw = secret_bytes();
    vec![
        SECRET_B32.to_owned(),
        SECRET_B32.to_lowercase(),
        raw.iter().map(|b| format!("{b:02x}")).collect(),
        raw.iter().map(|b| format!("{b:02X}")).collect(),
        String::from_utf8_lossy(&raw).into_owned(),
        format!("{raw:?}").trim_matches(['[', ']']).to_owned(),
    ]
}

fn assert_clean(what: &str, text: &str) {
    for form in forms() {
        assert!(!text.contains(&form), "{what} shows the secret ({form}): {text}");
    }
}

fn uri_with_secret() -> String {
    format!("otpauth://totp/Leak:alice?secret={SECRET_B32}&issuer=Leak")
}

#[test]
fn values_holding_a_secret_print_without_it() {
    let account = uri::parse(&uri_with_secret()).unwrap();
    assert_clean("Account", &format!("{account:?}"));
    assert_clean("Otp", &format!("{:?}", account.otp));
    assert_clean("Secret", &format!("{:?}", account.otp.secret()));
    assert_clean("ImportedAccount", &format!("{:?}", ImportedAccount::new(account.clone())));

    let mut contents = Contents::default();
    contents.add(account.clone(), 1).unwrap();
    assert_clean("Contents", &format!("{contents:?}"));
    assert_clean("Entry", &format!("{:?}", contents.entries()[0]));

    let found = read_text("f", &uri_with_secret());
    assert_clean("Found", &format!("{found:?}"));

    let google = export::google_qr(contents.entries()).unwrap();
    let printed = format!("{google:?}");
    assert_clean("GoogleExport", &printed);
    assert!(!printed.contains("data="), "GoogleExport shows its links: {printed}");

    let batch = migration::decode_uri(&migration::encode(std::slice::from_ref(&account)).unwrap()[0]).unwrap();
    assert_clean("MigrationBatch", &format!("{batch:?}"));

    // A Twofold backup of it, read back up to the password and then opened.
    let sealed = export::twofold_backup(&contents, "pw", None).unwrap();
    let Imported::NeedsPassword(encrypted) = import::read(&sealed).unwrap() else { panic!("encrypted") };
    assert_clean("Encrypted", &format!("{encrypted:?}"));
    let result = encrypted.decrypt("pw").unwrap();
    assert_clean("ImportResult", &format!("{result:?}"));

    let key = RecoveryKey::generate().unwrap();
    let store_bytes = vault::seal_portable(&contents, "pw", Some(key.public_key())).unwrap();
    let loaded = vault::open_bytes::<Contents>(&store_bytes, &Unlock::RecoveryKey(&key)).unwrap();
    assert_clean("Loaded", &format!("{loaded:?}"));

    let codes = backup_codes::parse(&format!("{}\n{}", "abcd-efgh-2345", "wxyz-mnop-6789")).unwrap();
    let printed = format!("{codes:?}");
    assert!(!printed.contains("abcd-efgh-2345") && !printed.contains("ABCDEFGH2345"), "{printed}");
}

#[test]
fn errors_about_input_holding_a_secret_do_not_repeat_it() {
    let bad_uris = [
        format!("otpauth://totp/Leak:alice?secret={SECRET_B32}&digits=99"),
        format!("otpauth://totp/Leak:alice?secret={SECRET_B32}&period=0"),
        format!("otpauth://totp/Leak:alice?secret={SECRET_B32}&algorithm=MD5"),
        format!("otpauth://nope/Leak:alice?secret={SECRET_B32}"),
        format!("otpauth://totp/Leak:alice?secret={SECRET_B32}1"),
        format!("http://example.com/?secret={SECRET_B32}"),
    ];
    for bad in &bad_uris {
        let err = uri::parse(bad).unwrap_err();
        assert_clean("a URI error", &err.to_string());
        assert_clean("a URI error's Debug", &format!("{err:?}"));
        let mut c = Collector::new();
        c.add_uri(&twofold_core::input::describe_uri(bad), Some(1), bad);
        for e in c.finish().errors {
            assert_clean("an input error", &e.to_string());
        }
    }
    // An export file whose entries are broken next to their secrets.
    let aegis = format!(
        r#"{{"version":1,"header":{{"slots":null,"params":null}},"db":{{"version":3,"entries":[
          {{"type":"totp","name":"a","issuer":"Leak","info":{{"secret":"{SECRET_B32}","algo":"MD5","digits":6,"period":30}}}},
          {{"type":"totp","name":"b","issuer":"Leak","info":{{"secret":"{SECRET_B32}!","algo":"SHA1","digits":6,"period":30}}}},
          {{"type":"hotp","name":"c","issuer":"Leak","info":{{"secret":"{SECRET_B32}","algo":"SHA1","digits":99,"counter":1}}}}
        ]}}}}"#
    );
    match import::read(aegis.as_bytes()) {
        Ok(Imported::Ready(result)) => {
            assert!(!result.errors.is_empty(), "the broken entries are errors");
            for e in &result.errors {
                assert_clean("an import entry error", &e.to_string());
                assert_clean("an import entry error's Debug", &format!("{e:?}"));
            }
        }
        Ok(Imported::NeedsPassword(_)) => panic!("plain file"),
        Err(e) => assert_clean("an import error", &e.to_string()),
    }
    // Broken JSON around a secret: the parser's message quotes no input.
    let broken = format!(r#"{{"version":1,"header":{{"slots":null,"params":null}},"db":{{"entries":["{SECRET_B32}" "#);
    if let Err(e) = import::read(broken.as_bytes()) {
        assert_clean("a JSON error", &e.to_string());
    }
}
