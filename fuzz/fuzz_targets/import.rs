//! Other authenticators' exports. The first byte picks the reader: content
//! detection (`import::read`), or one of the formats as if the person had
//! chosen it (`import::read_as`), so each importer sees every input.
//!
//! Encrypted files are read up to the password and not decrypted: the key
//! derivation (scrypt, PBKDF2, Argon2id) would make each run take up to
//! seconds, and what follows it is the same JSON reader the plain variant
//! uses, which this target reaches through the plain files.
#![no_main]

use libfuzzer_sys::fuzz_target;
use twofold_core::import::{self, Format, Imported};
use twofold_core::input;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else { return };
    let formats: Vec<Format> = Format::ALL.into_iter().chain([Format::TwofoldBackup]).collect();
    let result = match formats.get(usize::from(pick) % (formats.len() + 1)) {
        Some(&format) => import::read_as(format, bytes),
        None => import::read(bytes),
    };
    if let Ok(Imported::Ready(result)) = result {
        for imported in &result.accounts {
            let _ = imported.account.otp.code_at(1_700_000_000);
        }
    }
    if pick == 0 {
        let _ = import::read_google_export(&[bytes]);
    }
    // What the CLI and the window do with a file given: the lists of links (HTML pages among
    // them) and Steam Desktop Authenticator's folder (a manifest, an encrypted .maFile), which
    // pass through the collector rather than a reader.
    if pick == 1 || pick == 2 {
        let mut collector = input::Collector::new();
        let name = if pick == 1 { "manifest.json" } else { "76561198000000000.maFile" };
        let _ = collector.add_file(name, bytes);
        let _ = collector.take_encrypted();
        let _ = collector.finish();
    }
});
