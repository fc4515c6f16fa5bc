//! What can go wrong reading an export, in words a person can act on.
//!
//! No message ever holds a secret, a password or any part of one: values
//! from a file are only echoed when they are short tokens (a version number,
//! an algorithm name), and JSON errors come from parsing into an untyped tree,
//! whose messages name a line and column, never a value.

use std::fmt;

use super::Format;
use crate::qr::QrError;

/// Why a whole file could not be imported. (One bad account in a good file
/// is an [`EntryError`] instead, and the others still import.)
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ImportError {
    /// The file is larger than any real export; refused before reading it.
    #[error("this file is {len} bytes long, more than the {max} bytes an export can be")]
    TooLarge {
        /// Bytes given.
        len: usize,
        /// Bytes accepted ([`super::MAX_INPUT_LEN`]).
        max: usize,
    },
    /// Not any format Twofold reads.
    #[error(
        "this file is not an export Twofold can read: expected an export of {}, or a list of otpauth:// links",
        known_apps()
    )]
    UnknownFormat,
    /// The file is empty (nothing was saved, or a download did not finish).
    #[error("this file is empty: there is nothing in it to import (was it saved or downloaded completely?)")]
    Empty,
    /// Structured data (JSON, XML) that is no export Twofold knows, said once
    /// for the whole file instead of once per line as if it were a list of links.
    #[error("this is {kind} file Twofold does not know: it is not an export of {}", known_apps())]
    UnknownDocument {
        /// `"a JSON"`, `"an XML"`, with its article.
        kind: &'static str,
    },
    /// Text that is not UTF-8 (a list saved in another encoding, or damaged).
    #[error("this is not an image, a text of links or a known export: it looks like text, but it is not UTF-8 text (save it as UTF-8 and try again)")]
    NotUtf8,
    /// A file of an app Twofold recognises but does not read, and what to do instead.
    #[error("this is {app}, which Twofold cannot read: {advice}")]
    ForeignApp {
        /// The file as a sentence names it ("an Authenticator Plus backup").
        app: &'static str,
        /// What to export instead.
        advice: &'static str,
    },
    /// [`super::read_as`] was asked for one format and the file is another (or none).
    #[error("this is not {}{}", .expected.describe(), looks_like(.found))]
    WrongFormat {
        /// The format asked for.
        expected: Format,
        /// What the file looks like instead, when it looks like anything.
        found: Option<Format>,
    },
    /// The password opens nothing in the file.
    ///
    /// For andOTP's encrypted backups this also covers a damaged or cut file:
    /// that format has no separate password check, so the two cannot be told apart.
    #[error("the password is wrong")]
    WrongPassword,
    /// The file ends too early: it was cut short when copied or downloaded.
    #[error("this looks like {}, but it is cut short: the end of the file is missing", .format.describe())]
    Truncated {
        /// The format the beginning of the file belongs to.
        format: Format,
    },
    /// The file has the right shape but something in it makes no sense.
    #[error("this looks like {}, but it is damaged: {detail}", .format.describe())]
    Corrupt {
        /// The format the file belongs to.
        format: Format,
        /// What is wrong, in a sentence (never a value from the file).
        detail: String,
    },
    /// The file is not valid JSON where the format is JSON.
    #[error("this looks like {}, but it is not valid JSON ({detail})", .format.describe())]
    InvalidJson {
        /// The format the file seems to be.
        format: Format,
        /// The JSON parser's words: what, at which line and column.
        detail: String,
    },
    /// A version of the format newer than this program.
    #[error("this is {} of version {found}, which Twofold cannot read yet (it reads version {supported})", .format.describe())]
    UnsupportedVersion {
        /// The format.
        format: Format,
        /// The version the file says it is.
        found: String,
        /// The versions Twofold reads.
        supported: &'static str,
    },
    /// A variant of a known format that Twofold does not read, and what to do instead.
    #[error("{what}")]
    Unsupported {
        /// The format.
        format: Format,
        /// What cannot be read and what to export instead.
        what: &'static str,
    },
    /// The file's key derivation parameters would take too much memory or time:
    /// a damaged file, or one made to stall the computer. Refused before deriving.
    #[error("this {} asks for a password check too costly to run ({detail}); the file is damaged or was made to stall the computer", .format.describe_bare())]
    KdfTooExpensive {
        /// The format.
        format: Format,
        /// Which parameter is over which bound.
        detail: String,
    },
    /// An encrypted Aegis vault that only a phone's biometric key can open.
    #[error(
        "this Aegis vault has no password slot: only the fingerprint key of the phone that made it can \
         open it; set a password in Aegis and export again"
    )]
    NoPasswordSlot,
    /// More entries than any real export holds; refused before reading them.
    #[error("this file holds {count} entries, more than the {max} accepted")]
    TooManyEntries {
        /// Entries in the file.
        count: usize,
        /// Entries accepted ([`super::MAX_ENTRIES`]).
        max: usize,
    },
    /// An image (a screenshot of export QR codes) that gave no QR payloads.
    #[error("{0}")]
    Image(#[source] QrError),
}

impl ImportError {
    /// A stable, lower-case code for programs (a UI picks its own wording by it).
    pub fn code(&self) -> &'static str {
        match self {
            ImportError::TooLarge { .. } => "too_large",
            ImportError::UnknownFormat => "unknown_format",
            ImportError::Empty => "empty",
            ImportError::UnknownDocument { .. } => "unknown_document",
            ImportError::ForeignApp { .. } => "foreign_app",
            ImportError::NotUtf8 => "not_utf8",
            ImportError::WrongFormat { .. } => "wrong_format",
            ImportError::WrongPassword => "wrong_password",
            ImportError::Truncated { .. } => "truncated",
            ImportError::Corrupt { .. } => "corrupt",
            ImportError::InvalidJson { .. } => "invalid_json",
            ImportError::UnsupportedVersion { .. } => "unsupported_version",
            ImportError::Unsupported { .. } => "unsupported",
            ImportError::KdfTooExpensive { .. } => "kdf_too_expensive",
            ImportError::NoPasswordSlot => "no_password_slot",
            ImportError::TooManyEntries { .. } => "too_many_entries",
            ImportError::Image(_) => "image",
        }
    }

    /// The file's shape is right but `detail` is wrong in it.
    pub(super) fn corrupt(format: Format, detail: impl Into<String>) -> Self {
        ImportError::Corrupt { format, detail: detail.into() }
    }
}

/// "Aegis, 2FAS, … or Google Authenticator": the apps of [`Format::ALL`], each once.
impl ImportError {
    /// An encrypted Steam Desktop Authenticator `.maFile` given without SDA's
    /// manifest.json, which holds its salt and IV.
    pub fn encrypted_sda_file() -> Self {
        ImportError::ForeignApp {
            app: "an encrypted .maFile (Steam Desktop Authenticator's or steamguard-cli's) without its manifest",
            advice: "import it together with the manifest.json of the same folder, which holds its salt \
                     (select every file in the maFiles folder); Twofold then asks for the passkey",
        }
    }
}

fn known_apps() -> String {
    let mut apps: Vec<&str> = Vec::new();
    for format in Format::ALL.into_iter().filter(|f| *f != Format::OtpauthList) {
        let app = format.app();
        if !apps.contains(&app) {
            apps.push(app);
        }
    }
    match apps.split_last() {
        Some((last, [])) => (*last).to_owned(),
        Some((last, init)) => format!("{} or {last}", init.join(", ")),
        None => String::new(),
    }
}

fn looks_like(found: &Option<Format>) -> String {
    match found {
        Some(f) => format!(" (it looks like {})", f.describe()),
        None => String::new(),
    }
}

/// One item of an export left out on purpose: not an error, but said, so a
/// person who misses an account knows where it went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Where the item is in the file, from 0 (as [`EntryError::index`]).
    pub index: usize,
    /// Its name as the app shows it (never a secret).
    pub name: String,
    /// Why it was left out.
    pub reason: SkipReason,
}

/// Why an item was [`Skipped`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SkipReason {
    /// It has no one-time code (a Bitwarden login without TOTP, a note, a card).
    NoCode,
    /// It is in the app's trash (Ente Auth): deleted there, so not brought back here.
    Trashed,
}

impl SkipReason {
    /// A stable, lower-case code for programs.
    pub fn code(self) -> &'static str {
        match self {
            SkipReason::NoCode => "no_code",
            SkipReason::Trashed => "trashed",
        }
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SkipReason::NoCode => "it holds no one-time code",
            SkipReason::Trashed => "it is in the app's trash",
        })
    }
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "entry {} ({}) was skipped: {}", self.index + 1, self.name, self.reason)
    }
}

/// One entry of an export that could not be imported; the others still were.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryError {
    /// Where the entry is in the file, from 0: its position in the file's list
    /// of accounts, or for text files its line number minus one, or for an
    /// image the QR code's position in reading order.
    pub index: usize,
    /// Issuer and account name, or the start of the link (before its `?`):
    /// enough to find it, never the secret.
    pub name: String,
    /// Why it was not imported, in a sentence.
    pub message: String,
}

impl fmt::Display for EntryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "entry {} ({}) was not imported: {}", self.index + 1, self.name, self.message)
    }
}

impl std::error::Error for EntryError {}
