//! Exporting the vault's accounts for other apps, other machines and paper.
//!
//! Each format is a pure function in its own file, accounts in, bytes out
//! (nothing here touches the disk), and each one round-trips through its
//! importer in [`crate::import`]:
//!
//! | [`ExportFormat`] | Function | Read back by |
//! |---|---|---|
//! | [`TwofoldBackup`](ExportFormat::TwofoldBackup) | [`twofold_backup`] | [`crate::import::read`], then the password |
//! | [`Aegis`](ExportFormat::Aegis) | [`aegis_json`] | Aegis, [`crate::import::read`] |
//! | [`AegisEncrypted`](ExportFormat::AegisEncrypted) | [`aegis_encrypted`] | Aegis, [`crate::import::read`], then the password |
//! | [`UriList`](ExportFormat::UriList) | [`uri_list`] | [`crate::import::read`], [`crate::input`] |
//! | [`GoogleQr`](ExportFormat::GoogleQr) | [`google_qr`] | Google Authenticator, [`crate::import::read_google_export`] |
//! | [`PrintablePage`](ExportFormat::PrintablePage) | [`printable_page`] | a phone's camera, one card at a time |
//!
//! Outputs that carry secrets in the clear (every format but the two
//! encrypted ones) come in [`Zeroizing`](zeroize::Zeroizing) buffers, and so
//! do the intermediate JSON texts of the encrypted ones. Showing the
//! person what an unencrypted file means is the front end's job; the URI
//! list and the printable page also say it in the file itself.

mod aegis;
mod google;
mod print;
mod twofold_backup;
mod uri_list;

use std::fmt;
use std::io::Write;
use std::path::Path;

use zeroize::Zeroizing;

pub use aegis::{aegis_encrypted, aegis_json};
pub use google::{google_qr, GoogleExport, LeftOut};
pub use print::printable_page;
pub use twofold_backup::twofold_backup;
pub use uri_list::{uri_list, UNENCRYPTED_HEADER};

use crate::migration::MigrationError;
use crate::qr::QrError;
use crate::vault::{Contents, RecoveryPublicKey, VaultError};

/// The formats Twofold writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ExportFormat {
    /// Twofold's encrypted backup: the vault format with only a password slot
    /// (and optionally the recovery slot), under a new random vault key, so
    /// it opens on a machine with no keyring. Loses nothing of the accounts
    /// (tags, notes, favourites, icons, order and settings all kept).
    TwofoldBackup,
    /// Aegis vault JSON, unencrypted (file version 1, content version 3).
    /// Loses nothing of the codes; tags become Aegis groups; icons are kept
    /// only when they are `data:` images (icon names are dropped); Twofold's
    /// creation times and settings are lost.
    Aegis,
    /// Aegis vault JSON, encrypted with a password slot (scrypt N = 2^15,
    /// r = 8, p = 1, AES-256-GCM), as Aegis writes it. Loses what
    /// [`Aegis`](Self::Aegis) loses.
    AegisEncrypted,
    /// Text, one `otpauth://` URI per line, after a `#` warning line.
    /// Unencrypted. Loses tags, notes, favourites and icons.
    UriList,
    /// Google Authenticator's "Transfer accounts" QR codes, as PNG images (ten
    /// accounts or fewer each). Loses tags, notes, favourites and icons, and
    /// cannot carry Steam accounts, periods other than 30 s, or 7, 9 and 10
    /// digit codes: those are left out and listed ([`GoogleExport::left_out`]).
    GoogleQr,
    /// A self-contained printable HTML page: one card per account with its
    /// issuer, label, secret and a QR code of its `otpauth://` URI.
    /// Unencrypted. Loses tags, favourites and icons; notes are printed.
    PrintablePage,
}

impl ExportFormat {
    /// Every format, in the order of the table in the [module docs](self).
    pub const ALL: [ExportFormat; 6] = [
        ExportFormat::TwofoldBackup,
        ExportFormat::Aegis,
        ExportFormat::AegisEncrypted,
        ExportFormat::UriList,
        ExportFormat::GoogleQr,
        ExportFormat::PrintablePage,
    ];

    /// A short name to show.
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::TwofoldBackup => "Twofold backup",
            ExportFormat::Aegis => "Aegis vault (unencrypted)",
            ExportFormat::AegisEncrypted => "Aegis vault (encrypted)",
            ExportFormat::UriList => "otpauth:// list",
            ExportFormat::GoogleQr => "Google Authenticator QR codes",
            ExportFormat::PrintablePage => "printable page",
        }
    }

    /// Whether the output is protected by a password (which the caller must ask for).
    pub fn needs_password(self) -> bool {
        matches!(self, ExportFormat::TwofoldBackup | ExportFormat::AegisEncrypted)
    }

    /// Whether the output is text (UTF-8) rather than binary.
    pub fn is_text(self) -> bool {
        matches!(self, ExportFormat::Aegis | ExportFormat::AegisEncrypted | ExportFormat::UriList | ExportFormat::PrintablePage)
    }

    /// The usual file name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::TwofoldBackup => "twofold",
            ExportFormat::Aegis | ExportFormat::AegisEncrypted => "json",
            ExportFormat::UriList => "txt",
            ExportFormat::GoogleQr => "png",
            ExportFormat::PrintablePage => "html",
        }
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why an export could not be made. No message holds a secret.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// An encrypted format was asked for with an empty password.
    #[error("an encrypted export needs a password")]
    EmptyPassword,
    /// Sealing the Twofold backup failed (random generator, password hashing).
    #[error(transparent)]
    Vault(#[from] VaultError),
    /// A QR code could not be drawn.
    #[error("a QR code could not be made: {0}")]
    Qr(#[from] QrError),
    /// Writing Google Authenticator export links failed.
    #[error(transparent)]
    Migration(#[from] MigrationError),
    /// The operating system's random number generator failed.
    #[error("the system's random number generator failed: {detail}")]
    Random {
        /// The generator's words.
        detail: String,
    },
    /// JSON could not be written (never expected).
    #[error("the export could not be written ({detail})")]
    Json {
        /// The serializer's words.
        detail: String,
    },
}

impl ExportError {
    /// A stable, lower-case code for programs.
    pub fn code(&self) -> &'static str {
        match self {
            ExportError::EmptyPassword => "empty_password",
            ExportError::Vault(_) => "vault",
            ExportError::Qr(_) => "qr",
            ExportError::Migration(_) => "migration",
            ExportError::Random { .. } => "random",
            ExportError::Json { .. } => "json",
        }
    }
}

/// One export, ready to save or to show.
pub enum Rendered {
    /// The bytes of one file; zeroized when dropped, as most formats hold
    /// secrets in the clear.
    File(Zeroizing<Vec<u8>>),
    /// Google Authenticator's QR codes, to save as PNGs or show one by one.
    Google(GoogleExport),
}

/// Makes the export of `contents` in `format`, for the CLI and the app alike.
///
/// `password` protects the two encrypted formats (an empty one is
/// [`ExportError::EmptyPassword`]) and is ignored by the others; `recovery`,
/// the vault's recovery public key, lets the printed recovery kit open a
/// Twofold backup too.
pub fn render(
    format: ExportFormat,
    contents: &Contents,
    password: &str,
    recovery: Option<RecoveryPublicKey>,
) -> Result<Rendered, ExportError> {
    let entries = contents.entries();
    let text = |t: Zeroizing<String>| Rendered::File(Zeroizing::new(t.as_bytes().to_vec()));
    Ok(match format {
        ExportFormat::TwofoldBackup => Rendered::File(Zeroizing::new(twofold_backup(contents, password, recovery)?)),
        ExportFormat::Aegis => text(aegis_json(entries)?),
        ExportFormat::AegisEncrypted => Rendered::File(Zeroizing::new(aegis_encrypted(entries, password)?.into_bytes())),
        ExportFormat::UriList => text(uri_list(entries)),
        ExportFormat::GoogleQr => Rendered::Google(google_qr(entries)?),
        ExportFormat::PrintablePage => text(printable_page(entries)?),
    })
}

/// Writes `bytes` to a new file at `path`, readable by its owner only on
/// Unix. Never replaces a file; if the write fails half-way (a full disk),
/// the partial file is removed, so no truncated export is left behind.
pub fn save_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    if written.is_err() {
        drop(file);
        let _ = std::fs::remove_file(path);
    }
    written
}

/// `N` bytes from the operating system's generator.
fn random<const N: usize>() -> Result<[u8; N], ExportError> {
    let mut out = [0u8; N];
    getrandom::fill(&mut out).map_err(|e| ExportError::Random { detail: e.to_string() })?;
    Ok(out)
}
