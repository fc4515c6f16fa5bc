//! Importing other authenticators' exports: bytes (and maybe a password) in,
//! accounts and per-entry errors out.
//!
//! Each format is a pure importer in its own file, in the manner of Aegis'
//! importers: nothing here touches the disk, the vault or the UI.
//!
//! | [`Format`] | Files | Encrypted variant |
//! |---|---|---|
//! | [`Aegis`](Format::Aegis) | Aegis vault JSON | scrypt + AES-256-GCM, every password slot tried |
//! | [`TwoFas`](Format::TwoFas) | 2FAS `.2fas`, schema 1–4 | PBKDF2-SHA256 + AES-256-GCM |
//! | [`AndOtp`](Format::AndOtp), [`AndOtpEncrypted`](Format::AndOtpEncrypted) | andOTP `.json`, `.json.aes` | PBKDF2-SHA1 or SHA-256 + AES-256-GCM |
//! | [`AuthenticatorPro`](Format::AuthenticatorPro) | Authenticator Pro / Stratum `.json`, `.authpro` | Argon2id + AES-256-GCM; the two legacy kinds: PBKDF2-SHA1 + AES-256-CBC |
//! | [`Authy`](Format::Authy) | Authy's `com.authy.storage.tokens.authenticator.xml` and `….authy.xml` (rooted phones) | secrets under the backup password: PBKDF2-SHA1 + AES-256-CBC |
//! | [`BattleNet`](Format::BattleNet) | Battle.net Authenticator's preference file (rooted phones) | — (a fixed public mask) |
//! | [`Bitwarden`](Format::Bitwarden) | Bitwarden `.json` (unencrypted or password-protected) and `.csv` | password-protected: PBKDF2-SHA256 or Argon2id, HKDF, AES-256-CBC + HMAC-SHA256; account-restricted: refused with advice |
//! | [`DuoMobile`](Format::DuoMobile) | Duo Mobile's `duokit/accounts.json` (rooted phones) | — |
//! | [`Ente`](Format::Ente) | Ente Auth export, plain text or encrypted | Argon2id + XChaCha20-Poly1305 (libsodium secretstream) |
//! | [`FreeOtp`](Format::FreeOtp) | FreeOTP 2 `externalBackup.xml` (Java-serialized); FreeOTP 1.x's and FreeOTP+'s internal `tokens.xml` (rooted phones) | the backup always: PBKDF2-SHA512/SHA1 + AES-256-GCM; `tokens.xml` never |
//! | [`FreeOtpPlus`](Format::FreeOtpPlus) | FreeOTP+ `.json` backup | — |
//! | [`LastPass`](Format::LastPass) | LastPass Authenticator `.json` export | — |
//! | [`KeePassXc`](Format::KeePassXc) | KeePassXC's CSV export, the entries with a TOTP | — (its `.kdbx` database is refused with advice) |
//! | [`Proton`](Format::Proton) | Proton Authenticator `.json` | Argon2id + AES-256-GCM |
//! | [`SteamGuard`](Format::SteamGuard) | Steam Desktop Authenticator `.maFile`; the Steam app's own `Steamguard-<id>` | SDA's encrypted maFiles: PBKDF2-SHA1 + AES-256-CBC, read with the folder's `manifest.json` through [`crate::input::Collector::take_encrypted`] |
//! | [`TotpAuthenticator`](Format::TotpAuthenticator) | TOTP Authenticator backup (`.encrypt`); its `TOTP_Authenticator_Preferences.xml` (rooted phones) | the backup always: SHA-256 + AES-256-CBC (the app's fixed password tried first) |
//! | [`GoogleAuthenticatorDb`](Format::GoogleAuthenticatorDb) | Google Authenticator's `databases` (SQLite, from a rooted phone) | — (rows the keystore sealed are reported) |
//! | [`MicrosoftAuthenticator`](Format::MicrosoftAuthenticator) | Microsoft Authenticator's `PhoneFactor` (SQLite, from a rooted phone) | — (work or school accounts and keystore-sealed rows are reported) |
//! | [`AuthenticatorPlus`](Format::AuthenticatorPlus) | Authenticator Plus backup: a zip holding `Accounts.txt` | always: ZipCrypto (the SQLCipher `authplus.db` backup is not read: its wrong-password message says to export the zip) |
//! | [`WinAuth`](Format::WinAuth) | WinAuth's zip export (one `.txt` of links); its text export is an [`OtpauthList`](Format::OtpauthList) | ZipCrypto password, or none; the PGP export refused with advice |
//! | [`ProtonPass`](Format::ProtonPass) | Proton Pass export zip (`Proton Pass/data.json`) | the PGP-encrypted export refused with advice |
//! | [`GoogleMigration`](Format::GoogleMigration) | `otpauth-migration://` links, QR code images | — |
//! | [`OtpauthList`](Format::OtpauthList) | text, one `otpauth://` link per line; or an HTML page listing them (Authenticator Pro / Stratum's HTML backup) | — |
//! | [`TwofoldBackup`](Format::TwofoldBackup) | Twofold's own backup (a vault file with a password slot) | always: Argon2id + XChaCha20-Poly1305 |
//!
//! Each format's module says where its layout was confirmed and what the
//! format loses or cannot express.
//!
//! # Two phases
//! [`read`] detects the format from the content ([`detect`]) and either
//! returns the accounts ([`Imported::Ready`]) or, for an encrypted file,
//! [`Imported::NeedsPassword`]: ask the person, then call
//! [`Encrypted::decrypt`] as often as needed. A wrong password is its own
//! error ([`ImportError::WrongPassword`]). [`read_as`] is the same for a
//! format the person picked, and says so when the file is another one.
//! [`read_google_export`] takes all the QR codes (images or links) of one or
//! more Google Authenticator exports at once.
//!
//! # Untrusted input
//! - Input over [`MAX_INPUT_LEN`] is refused before anything is parsed, and so
//!   is a file with more than [`MAX_ENTRIES`] entries.
//! - JSON nesting is bounded by serde_json's own recursion limit (128 levels),
//!   which we keep on purpose: no real export nests deeper than six.
//! - Key derivation parameters read from a file are bounded before any work
//!   ([`ImportError::KdfTooExpensive`]): scrypt at most 2^20 for N, 16 for r,
//!   4 for p and 256 MiB of memory; PBKDF2 at most 10,000,000 iterations; Argon2 (Ente,
//!   Bitwarden) at most 1 GiB, 64 passes, 16 lanes, and 1 GiB × 4 passes of work.
//!   (Authy's and TOTP Authenticator's costs are the apps' constants, not read.)
//! - Zip archives (see `archive.rs`): at most 10,000 entries, counted from the
//!   end record before the directory is read; an entry that unpacks to more
//!   than [`MAX_INPUT_LEN`] is refused, its declared size before inflating and
//!   its real size while inflating (a zip bomb lies). SQLite databases (see
//!   `sqlite.rs`): opened read-only in memory, the file's schema untrusted,
//!   real tables only, at most [`MAX_ENTRIES`] rows.
//! - One bad entry is an [`EntryError`]; the other entries still import.
//! - No input makes this module panic; passwords, derived keys and decrypted
//!   plaintext live in [`Zeroizing`](zeroize::Zeroizing) buffers, parsed JSON
//!   trees are wiped when dropped, and no message or `Debug` output shows a
//!   secret.
//!
//! ```
//! use twofold_core::import::{self, Format, Imported};
//!
//! let text = b"otpauth://totp/ACME:alice?secret=JBSWY3DPEHPK3PXP&issuer=ACME\n";
//! assert_eq!(import::detect(text), Some(Format::OtpauthList));
//! let Imported::Ready(result) = import::read(text)? else { unreachable!("not encrypted") };
//! assert_eq!(result.accounts[0].account.issuer.as_deref(), Some("ACME"));
//! assert!(result.errors.is_empty());
//! # Ok::<(), import::ImportError>(())
//! ```

pub(crate) mod aegis;
mod archive;
mod authplus;
mod andotp;
mod authpro;
mod authy;
mod battlenet;
mod bitwarden;
mod crypto;
mod csv;
mod detect;
mod duo;
mod ente;
mod entry;
mod error;
mod freeotp;
mod freeotp_plus;
mod google;
mod google_db;
mod java_map;
mod json;
mod keepassxc;
mod lastpass;
mod microsoft;
mod proton;
mod proton_pass;
pub(crate) mod sda;
mod shared_prefs;
mod sqlite;
mod steam;
mod totp_authenticator;
mod twofas;
mod twofold_backup;
mod uri_list;
mod winauth;

use std::fmt;

pub use detect::detect;
pub use error::{EntryError, ImportError, SkipReason, Skipped};

use crate::account::Account;

/// Largest input accepted, in bytes (64 MiB). Real exports are kilobytes; an
/// Aegis vault full of icons may reach a few megabytes.
pub const MAX_INPUT_LEN: usize = 64 * 1024 * 1024;

/// Most entries accepted in one file. People have tens, rarely hundreds.
pub const MAX_ENTRIES: usize = 100_000;

/// The export formats Twofold reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// Aegis vault (plain or encrypted JSON).
    Aegis,
    /// 2FAS Authenticator backup (`.2fas`, plain or encrypted).
    TwoFas,
    /// andOTP plain JSON backup.
    AndOtp,
    /// andOTP encrypted backup (`.json.aes`).
    AndOtpEncrypted,
    /// Authenticator Pro / Stratum backup (plain JSON or encrypted `.authpro`).
    AuthenticatorPro,
    /// Authy's own token files (Android preferences), from a rooted phone.
    Authy,
    /// The Battle.net Authenticator's preference file, from a rooted phone.
    BattleNet,
    /// Bitwarden JSON export (unencrypted or password-protected) or CSV export.
    Bitwarden,
    /// Duo Mobile's own `accounts.json`, from a rooted phone.
    DuoMobile,
    /// Ente Auth export (plain text or encrypted).
    Ente,
    /// FreeOTP 2 encrypted backup (`externalBackup.xml`, a Java-serialized map),
    /// or FreeOTP 1.x's (and FreeOTP+'s) internal `tokens.xml` (unencrypted, from a rooted phone).
    FreeOtp,
    /// FreeOTP+ JSON backup.
    FreeOtpPlus,
    /// LastPass Authenticator JSON export.
    LastPass,
    /// KeePassXC's CSV export (its entries with a TOTP).
    KeePassXc,
    /// Proton Authenticator JSON export.
    Proton,
    /// Proton Pass export (a zip holding `Proton Pass/data.json`).
    ProtonPass,
    /// Google Authenticator's own database (`databases`, SQLite, from a rooted phone).
    GoogleAuthenticatorDb,
    /// Microsoft Authenticator's own database (`PhoneFactor`, SQLite, from a rooted phone).
    MicrosoftAuthenticator,
    /// Authenticator Plus backup (a password zip holding `Accounts.txt`).
    AuthenticatorPlus,
    /// WinAuth's zip export (one text file of links, with a password or not).
    WinAuth,
    /// A Steam Guard `.maFile` (Steam Desktop Authenticator; encrypted ones with SDA's manifest), or the Steam app's own file.
    SteamGuard,
    /// TOTP Authenticator's encrypted backup, or its preference file from a rooted phone.
    TotpAuthenticator,
    /// Google Authenticator export: `otpauth-migration://` links or their QR codes.
    GoogleMigration,
    /// Text with one `otpauth://` link per line (or an HTML page listing such links).
    OtpauthList,
    /// Twofold's own encrypted backup: a vault file (magic `TWOFOLD\0`) with a password slot.
    TwofoldBackup,
}

impl Format {
    /// Every other app's format, in the order of the table in the [module docs](self).
    /// Twofold's own [`TwofoldBackup`](Format::TwofoldBackup) is not listed.
    pub const ALL: [Format; 24] = [
        Format::Aegis,
        Format::TwoFas,
        Format::AndOtp,
        Format::AndOtpEncrypted,
        Format::AuthenticatorPro,
        Format::Authy,
        Format::BattleNet,
        Format::Bitwarden,
        Format::DuoMobile,
        Format::Ente,
        Format::FreeOtp,
        Format::FreeOtpPlus,
        Format::LastPass,
        Format::KeePassXc,
        Format::Proton,
        Format::ProtonPass,
        Format::SteamGuard,
        Format::TotpAuthenticator,
        Format::GoogleAuthenticatorDb,
        Format::MicrosoftAuthenticator,
        Format::AuthenticatorPlus,
        Format::WinAuth,
        Format::GoogleMigration,
        Format::OtpauthList,
    ];

    /// A short name to show ("Aegis", "2FAS", "Google Authenticator export").
    pub fn name(self) -> &'static str {
        match self {
            Format::Aegis => "Aegis",
            Format::TwoFas => "2FAS",
            Format::AndOtp => "andOTP",
            Format::AndOtpEncrypted => "andOTP (encrypted)",
            Format::AuthenticatorPro => "Authenticator Pro",
            Format::Authy => "Authy",
            Format::BattleNet => "Battle.net Authenticator",
            Format::Bitwarden => "Bitwarden",
            Format::DuoMobile => "Duo Mobile",
            Format::Ente => "Ente Auth",
            Format::FreeOtp => "FreeOTP",
            Format::FreeOtpPlus => "FreeOTP+",
            Format::LastPass => "LastPass Authenticator",
            Format::KeePassXc => "KeePassXC",
            Format::Proton => "Proton Authenticator",
            Format::ProtonPass => "Proton Pass",
            Format::GoogleAuthenticatorDb => "Google Authenticator database",
            Format::MicrosoftAuthenticator => "Microsoft Authenticator",
            Format::AuthenticatorPlus => "Authenticator Plus",
            Format::WinAuth => "WinAuth",
            Format::SteamGuard => "Steam Guard",
            Format::TotpAuthenticator => "TOTP Authenticator",
            Format::GoogleMigration => "Google Authenticator export",
            Format::OtpauthList => "otpauth:// list",
            Format::TwofoldBackup => "Twofold backup",
        }
    }

    /// The app that writes the format ("andOTP" for both of andOTP's).
    fn app(self) -> &'static str {
        match self {
            Format::AndOtp | Format::AndOtpEncrypted => "andOTP",
            Format::GoogleMigration | Format::GoogleAuthenticatorDb => "Google Authenticator",
            Format::OtpauthList => "otpauth:// links",
            other => other.name(),
        }
    }

    /// The file as a sentence names it, with its article ("an Aegis vault").
    fn describe(self) -> &'static str {
        match self {
            Format::Aegis => "an Aegis vault",
            Format::TwoFas => "a 2FAS backup",
            Format::AndOtp => "an andOTP backup",
            Format::AndOtpEncrypted => "an encrypted andOTP backup",
            Format::AuthenticatorPro => "an Authenticator Pro backup",
            Format::Authy => "an Authy token file",
            Format::BattleNet => "a Battle.net Authenticator file",
            Format::Bitwarden => "a Bitwarden export",
            Format::DuoMobile => "a Duo Mobile accounts file",
            Format::Ente => "an Ente Auth export",
            Format::FreeOtp => "a FreeOTP backup",
            Format::FreeOtpPlus => "a FreeOTP+ backup",
            Format::LastPass => "a LastPass Authenticator export",
            Format::KeePassXc => "a KeePassXC CSV export",
            Format::Proton => "a Proton Authenticator export",
            Format::ProtonPass => "a Proton Pass export",
            Format::GoogleAuthenticatorDb => "a Google Authenticator database",
            Format::MicrosoftAuthenticator => "a Microsoft Authenticator database",
            Format::AuthenticatorPlus => "an Authenticator Plus backup",
            Format::WinAuth => "a WinAuth export (zip)",
            Format::SteamGuard => "a Steam Guard file (.maFile)",
            Format::TotpAuthenticator => "a TOTP Authenticator backup",
            Format::GoogleMigration => "a Google Authenticator export",
            Format::OtpauthList => "a list of otpauth:// links",
            Format::TwofoldBackup => "a Twofold backup",
        }
    }

    /// [`describe`](Self::describe) without the article.
    fn describe_bare(self) -> &'static str {
        let text = self.describe();
        text.split_once(' ').map_or(text, |(_, rest)| rest)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Everything one import produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportResult {
    /// The format the file was read as.
    pub format: Format,
    /// The accounts, in the file's order.
    pub accounts: Vec<ImportedAccount>,
    /// The entries that could not be imported, each with why.
    pub errors: Vec<EntryError>,
    /// Items left out on purpose, not errors, each with why: Bitwarden items
    /// without a code, codes in Ente's trash.
    pub skipped: Vec<Skipped>,
}

impl ImportResult {
    fn new(format: Format) -> Self {
        ImportResult { format, accounts: Vec::new(), errors: Vec::new(), skipped: Vec::new() }
    }
}

/// One imported account, with what the source app knew about it besides the code.
///
/// `Debug` is safe to print: the secret inside [`Account`] is redacted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedAccount {
    /// Issuer, account name and how codes are made.
    pub account: Account,
    /// The groups, tags or folder the source app filed the account under
    /// (Aegis groups, 2FAS group, andOTP and Ente tags, Bitwarden folder).
    pub groups: Vec<String>,
    /// A free-text note, when the app has one.
    pub note: Option<String>,
    /// Pinned or marked favourite in the source app.
    pub favourite: bool,
    /// The entry's own image as a `data:` URI (`data:image/png;base64,…`), when
    /// the format embeds one (Aegis). Icon-pack references are not kept.
    pub icon: Option<String>,
    /// What was let pass in reading it, one sentence each, for the review to
    /// show beside the account: a secret written loosely or looking mistyped
    /// (see [`Secret::from_base32_tolerant`](crate::Secret::from_base32_tolerant)).
    /// Never holds the secret.
    pub warnings: Vec<String>,
}

impl ImportedAccount {
    /// An account with no metadata.
    pub fn new(account: Account) -> Self {
        ImportedAccount { account, groups: Vec::new(), note: None, favourite: false, icon: None, warnings: Vec::new() }
    }

    /// The same, with `warning` (when there is one) among its warnings.
    pub(crate) fn warned(mut self, warning: Option<String>) -> Self {
        self.warnings.extend(warning);
        self
    }
}

impl From<Account> for ImportedAccount {
    fn from(account: Account) -> Self {
        ImportedAccount::new(account)
    }
}

/// What [`read`] found: the accounts, or an encrypted file waiting for its password.
#[derive(Debug)]
pub enum Imported {
    /// The file was not encrypted: here is everything.
    Ready(ImportResult),
    /// The file is encrypted: ask for the password and call [`Encrypted::decrypt`].
    NeedsPassword(Encrypted),
}

/// An encrypted export, read and checked as far as possible without the password.
///
/// `Debug` shows only the format.
pub struct Encrypted {
    locked: Locked,
}

enum Locked {
    Aegis(aegis::Locked),
    TwoFas(twofas::Locked),
    AndOtp(andotp::Locked),
    AuthenticatorPro(authpro::Locked),
    Authy(authy::Locked),
    Bitwarden(bitwarden::Locked),
    Ente(ente::Locked),
    FreeOtp(freeotp::Locked),
    Proton(proton::Locked),
    Sda(sda::Locked),
    TotpAuthenticator(totp_authenticator::Locked),
    TwofoldBackup(twofold_backup::Locked),
    Zip(archive::Locked),
}

impl Encrypted {
    /// The format of the file.
    pub fn format(&self) -> Format {
        match &self.locked {
            Locked::Aegis(_) => Format::Aegis,
            Locked::TwoFas(_) => Format::TwoFas,
            Locked::AndOtp(_) => Format::AndOtpEncrypted,
            Locked::AuthenticatorPro(_) => Format::AuthenticatorPro,
            Locked::Authy(_) => Format::Authy,
            Locked::Bitwarden(_) => Format::Bitwarden,
            Locked::Ente(_) => Format::Ente,
            Locked::FreeOtp(_) => Format::FreeOtp,
            Locked::Proton(_) => Format::Proton,
            Locked::Sda(_) => Format::SteamGuard,
            Locked::TotpAuthenticator(_) => Format::TotpAuthenticator,
            Locked::TwofoldBackup(_) => Format::TwofoldBackup,
            Locked::Zip(l) => l.format,
        }
    }

    /// What to tell a person whose password [`decrypt`](Self::decrypt) refused
    /// ([`ImportError::WrongPassword`]): that it is wrong, and which format the
    /// file was taken for, because a file taken for the wrong format refuses
    /// even the right password.
    pub fn wrong_password_message(&self) -> String {
        if let Locked::AuthenticatorPro(l) = &self.locked {
            if l.is_legacy() {
                return "the password is wrong, or the file is damaged (the file was read as an Authenticator Pro \
                    backup with the old encryption, which has no check that tells the two apart)"
                    .to_owned();
            }
        }
        match self.format() {
            // andOTP's files have no header, so any binary file may be taken for one.
            Format::AndOtpEncrypted => "the password is wrong, or this is not an encrypted andOTP backup: \
                Twofold took it for one because it is binary without a header it knows, and andOTP's \
                files have none. An Authenticator Plus backup database (authplus.db, SQLCipher) looks \
                the same and is not read: in Authenticator Plus, use Settings → Backup & Restore → Export \
                as Text and HTML, and import that zip"
                .to_owned(),
            // Its files are bare base64, so other base64 text may be taken for one.
            Format::TotpAuthenticator => "the password is wrong, or this is not a TOTP Authenticator backup: \
                Twofold took it for one because it is base64 text, which is all such a backup is (give the \
                password set for the backup in TOTP Authenticator; a backup made without one opens by itself)"
                .to_owned(),
            Format::SteamGuard => "the passkey is wrong (the files were read as encrypted maFiles of Steam Desktop \
                Authenticator or steamguard-cli: give the encryption passkey SDA asks for when it starts, or the \
                one steamguard-cli was set up with)"
                .to_owned(),
            Format::Authy => "the password is wrong (the file was read as an Authy token file: give Authy's \
                backup password, the one Authy asks for when backups are turned on)"
                .to_owned(),
            format => format!("the password is wrong (the file was read as {})", format.describe()),
        }
    }

    /// Decrypts with `password` and reads the accounts.
    ///
    /// [`ImportError::WrongPassword`] when the password opens nothing; may be
    /// called again with another password. Takes as long as the file's key
    /// derivation: a fraction of a second for most real files, seconds for Ente's
    /// (its "sensitive" Argon2id: 1 GiB × 4 passes, or 256 MiB × 16 on a phone),
    /// never more than the bounds in the [module docs](self) allow.
    pub fn decrypt(&self, password: &str) -> Result<ImportResult, ImportError> {
        match &self.locked {
            Locked::Aegis(l) => l.decrypt(password),
            Locked::TwoFas(l) => l.decrypt(password),
            Locked::AndOtp(l) => l.decrypt(password),
            Locked::AuthenticatorPro(l) => l.decrypt(password),
            Locked::Authy(l) => l.decrypt(password),
            Locked::Bitwarden(l) => l.decrypt(password),
            Locked::Ente(l) => l.decrypt(password),
            Locked::FreeOtp(l) => l.decrypt(password),
            Locked::Proton(l) => l.decrypt(password),
            Locked::Sda(l) => l.decrypt(password),
            Locked::TotpAuthenticator(l) => l.decrypt(password),
            Locked::TwofoldBackup(l) => l.decrypt(password),
            Locked::Zip(l) => l.decrypt(password),
        }
    }
}

impl fmt::Debug for Encrypted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Encrypted").field("format", &self.format()).finish_non_exhaustive()
    }
}

impl From<aegis::Locked> for Encrypted {
    fn from(l: aegis::Locked) -> Self {
        Encrypted { locked: Locked::Aegis(l) }
    }
}

impl From<twofas::Locked> for Encrypted {
    fn from(l: twofas::Locked) -> Self {
        Encrypted { locked: Locked::TwoFas(l) }
    }
}

impl From<andotp::Locked> for Encrypted {
    fn from(l: andotp::Locked) -> Self {
        Encrypted { locked: Locked::AndOtp(l) }
    }
}

impl From<authpro::Locked> for Encrypted {
    fn from(l: authpro::Locked) -> Self {
        Encrypted { locked: Locked::AuthenticatorPro(l) }
    }
}

impl From<authy::Locked> for Encrypted {
    fn from(l: authy::Locked) -> Self {
        Encrypted { locked: Locked::Authy(l) }
    }
}

impl From<totp_authenticator::Locked> for Encrypted {
    fn from(l: totp_authenticator::Locked) -> Self {
        Encrypted { locked: Locked::TotpAuthenticator(l) }
    }
}

impl From<bitwarden::Locked> for Encrypted {
    fn from(l: bitwarden::Locked) -> Self {
        Encrypted { locked: Locked::Bitwarden(l) }
    }
}

impl From<ente::Locked> for Encrypted {
    fn from(l: ente::Locked) -> Self {
        Encrypted { locked: Locked::Ente(l) }
    }
}

impl From<proton::Locked> for Encrypted {
    fn from(l: proton::Locked) -> Self {
        Encrypted { locked: Locked::Proton(l) }
    }
}

impl From<freeotp::Locked> for Encrypted {
    fn from(l: freeotp::Locked) -> Self {
        Encrypted { locked: Locked::FreeOtp(l) }
    }
}

impl From<sda::Locked> for Encrypted {
    fn from(l: sda::Locked) -> Self {
        Encrypted { locked: Locked::Sda(l) }
    }
}

impl From<archive::Locked> for Encrypted {
    fn from(l: archive::Locked) -> Self {
        Encrypted { locked: Locked::Zip(l) }
    }
}

impl From<twofold_backup::Locked> for Encrypted {
    fn from(l: twofold_backup::Locked) -> Self {
        Encrypted { locked: Locked::TwofoldBackup(l) }
    }
}

/// Reads an export of any supported format, detected from its content.
///
/// [`ImportError::UnknownFormat`] when it is none of them.
pub fn read(bytes: &[u8]) -> Result<Imported, ImportError> {
    check_size(bytes)?;
    let format = detect(bytes).ok_or_else(|| unreadable(bytes))?;
    dispatch(format, bytes)
}

/// Why a file that [`detect`] names no format for cannot be read, as
/// precisely as its bytes allow: empty, structured data of an unknown app,
/// a file of an app Twofold recognises but does not read, or simply unknown.
pub fn unreadable(bytes: &[u8]) -> ImportError {
    if bytes.len() > MAX_INPUT_LEN {
        return ImportError::TooLarge { len: bytes.len(), max: MAX_INPUT_LEN };
    }
    detect::why_not(bytes)
}

/// Reads an export the person said is of `format`.
///
/// Formats that are the same thing in other clothes are accepted for each
/// other (plain and encrypted andOTP; otpauth lists, Ente exports and Google
/// export links, which are all lines of links). Any other file is
/// [`ImportError::WrongFormat`], naming what it looks like.
pub fn read_as(format: Format, bytes: &[u8]) -> Result<Imported, ImportError> {
    check_size(bytes)?;
    let found = detect(bytes);
    match found {
        Some(found) if family(found) == family(format) => dispatch(found, bytes),
        // Binary that detection gives no name (too short, odd first bytes): andOTP
        // itself cannot tell its encrypted files from noise, so let it try and say why not.
        // Shorter than any andOTP file, it is one cut short, whatever its few bytes happen to be.
        None if family(format) == Family::AndOtp
            && (!detect::is_text(bytes) || bytes.len() < detect::ANDOTP_MIN_LEN) =>
        {
            andotp::read(bytes)
        }
        // JSON too damaged to recognise: the chosen reader says what is wrong with it.
        None if is_json_format(format) && detect::is_broken_json(bytes) => dispatch(format, bytes),
        _ => Err(ImportError::WrongFormat { expected: format, found }),
    }
}

/// Reads every QR code of one or more Google Authenticator exports at once:
/// each input is an image (a screenshot of the "Transfer accounts" screen) or
/// text holding `otpauth-migration://` (or `otpauth://`) links.
///
/// The QR codes may come in any order and from any of the inputs. An export
/// QR code that was not given is reported in [`ImportResult::errors`] ("QR
/// code 2 of 3 is missing"); the accounts of the others still import. An
/// input that cannot be read at all (an image without a QR code, a file over
/// [`MAX_INPUT_LEN`]) fails the whole call, naming the problem.
pub fn read_google_export(inputs: &[&[u8]]) -> Result<ImportResult, ImportError> {
    for input in inputs {
        check_size(input)?;
    }
    google::read_many(inputs)
}

fn check_size(bytes: &[u8]) -> Result<(), ImportError> {
    if bytes.len() > MAX_INPUT_LEN {
        return Err(ImportError::TooLarge { len: bytes.len(), max: MAX_INPUT_LEN });
    }
    Ok(())
}

fn dispatch(format: Format, bytes: &[u8]) -> Result<Imported, ImportError> {
    match format {
        Format::Aegis => aegis::read(bytes),
        Format::TwoFas => twofas::read(bytes),
        Format::AndOtp | Format::AndOtpEncrypted => andotp::read(bytes),
        Format::AuthenticatorPro => authpro::read(bytes),
        Format::Authy => authy::read(bytes),
        Format::TotpAuthenticator => totp_authenticator::read(bytes),
        Format::BattleNet => battlenet::read(bytes).map(Imported::Ready),
        Format::DuoMobile => duo::read(bytes).map(Imported::Ready),
        Format::FreeOtp => freeotp::read(bytes),
        Format::LastPass => lastpass::read(bytes).map(Imported::Ready),
        Format::KeePassXc => keepassxc::read(bytes).map(Imported::Ready),
        Format::Bitwarden => bitwarden::read(bytes),
        Format::Ente => ente::read(bytes),
        Format::FreeOtpPlus => freeotp_plus::read(bytes).map(Imported::Ready),
        Format::Proton => proton::read(bytes),
        Format::ProtonPass => proton_pass::read(bytes).map(Imported::Ready),
        Format::GoogleAuthenticatorDb => google_db::read(bytes).map(Imported::Ready),
        Format::MicrosoftAuthenticator => microsoft::read(bytes).map(Imported::Ready),
        Format::AuthenticatorPlus => authplus::read(bytes),
        Format::WinAuth => winauth::read(bytes),
        Format::SteamGuard => steam::read(bytes).map(Imported::Ready),
        Format::GoogleMigration => google::read(bytes).map(Imported::Ready),
        Format::OtpauthList => uri_list::read(bytes, Format::OtpauthList).map(Imported::Ready),
        Format::TwofoldBackup => twofold_backup::read(bytes),
    }
}

/// The formats whose files are JSON documents.
fn is_json_format(format: Format) -> bool {
    matches!(
        format,
        Format::Aegis
            | Format::TwoFas
            | Format::AndOtp
            | Format::AuthenticatorPro
            | Format::Bitwarden
            | Format::DuoMobile
            | Format::FreeOtpPlus
            | Format::LastPass
            | Format::Proton
            | Format::SteamGuard
    )
}

/// Formats that are one format in different clothes, for [`read_as`].
#[derive(PartialEq, Eq)]
enum Family {
    One(Format),
    AndOtp,
    Links,
}

fn family(format: Format) -> Family {
    match format {
        Format::AndOtp | Format::AndOtpEncrypted => Family::AndOtp,
        Format::Ente | Format::GoogleMigration | Format::OtpauthList | Format::WinAuth => Family::Links,
        other => Family::One(other),
    }
}
