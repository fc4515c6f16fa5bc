//! What crosses the IPC boundary: codes and metadata, never secrets (the one
//! exception is the recovery key, returned once by `create_vault`).

use serde::Serialize;
use twofold_core::vault::{BackupSummary, Entry, SlotType, VaultInfo};
use twofold_core::import::ImportedAccount;

/// The vault as the start screen needs it.
#[derive(Debug, Serialize)]
pub struct StatusDto {
    /// A vault file is there.
    pub exists: bool,
    /// It is open in this app.
    pub unlocked: bool,
    /// It has a keyring slot (worth trying with no typing).
    pub keyring: bool,
    /// It has a password slot.
    pub password: bool,
    /// Where it is.
    pub path: String,
}

impl StatusDto {
    pub fn new(path: String, info: Option<&VaultInfo>, unlocked: bool) -> Self {
        StatusDto {
            exists: info.is_some(),
            unlocked,
            keyring: info.is_some_and(|i| i.has_slot(SlotType::Keyring)),
            password: info.is_some_and(|i| i.has_slot(SlotType::Password)),
            path,
        }
    }
}

/// A new vault (or a new kit): how it opens, and its recovery key, shown once.
#[derive(Serialize)]
pub struct CreatedDto {
    pub recovery_key: String,
    /// `keyring`, `password`, `recovery`.
    pub ways: Vec<&'static str>,
}

impl std::fmt::Debug for CreatedDto {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreatedDto").field("ways", &self.ways).finish_non_exhaustive()
    }
}

/// Every account's codes at one second.
#[derive(Debug, Serialize)]
pub struct CodesDto {
    /// The Unix second the codes were computed for.
    pub at: u64,
    /// One entry per account, in display order.
    pub items: Vec<CodeDto>,
    /// Backup-code sets of sites with no account here (from the counts the vault keeps).
    pub sites: Vec<SiteDto>,
}

/// A standalone backup-code set: counts only.
#[derive(Debug, Serialize)]
pub struct SiteDto {
    /// Its set id, which the backup-code commands take as `owner`.
    pub id: String,
    pub name: String,
    pub left: u32,
    pub total: u32,
    pub low: bool,
}

impl From<&BackupSummary> for SiteDto {
    fn from(b: &BackupSummary) -> Self {
        SiteDto { id: b.set_id.clone(), name: b.name.clone(), left: b.left, total: b.total, low: b.low }
    }
}

/// How many backup codes an account has left (counts only, no code).
#[derive(Debug, Serialize)]
pub struct BackupCountDto {
    pub left: u32,
    pub total: u32,
    pub low: bool,
}

/// One account's current code.
#[derive(Debug, Serialize)]
pub struct CodeDto {
    /// The entry's stable id.
    pub id: String,
    pub issuer: Option<String>,
    pub label: String,
    pub tags: Vec<String>,
    pub favourite: bool,
    pub kind: &'static str,
    pub code: String,
    pub next_code: String,
    pub period: Option<u32>,
    pub seconds_left: Option<u32>,
    /// Its backup codes, when it has some.
    pub backup: Option<BackupCountDto>,
}

impl CodeDto {
    pub fn new(entry: &Entry, backup: Option<&BackupSummary>, at: u64) -> Self {
        let otp = &entry.otp;
        CodeDto {
            id: entry.id().to_string(),
            issuer: entry.issuer.clone(),
            label: entry.label.clone(),
            tags: entry.tags.clone(),
            favourite: entry.favourite,
            kind: otp.kind().as_str(),
            code: otp.code_at(at),
            next_code: otp.next_code_at(at),
            period: otp.period(),
            seconds_left: otp.seconds_left(at),
            backup: backup.map(|b| BackupCountDto { left: b.left, total: b.total, low: b.low }),
        }
    }
}

/// A code was put on the clipboard.
#[derive(Debug, Serialize)]
pub struct CopiedDto {
    /// Seconds until the clipboard is cleared (0: never).
    pub clear_after: u32,
}

/// What a setup link or an image holds, waiting for "Add".
#[derive(Debug, Serialize)]
pub struct ReviewDto {
    /// Opaque id of the accounts waiting in the app (0 when there are none).
    pub id: u64,
    pub items: Vec<ReviewItemDto>,
    /// Sentences, one per thing that could not be read.
    pub errors: Vec<String>,
    /// Items of an export left out on purpose, a sentence each: which, and why (no
    /// one-time code, in the app's trash).
    pub skipped: Vec<String>,
    /// The file is an encrypted export in this format: `unlock_file(id, password)` opens it.
    pub needs_password: Option<&'static str>,
}

impl ReviewDto {
    /// An encrypted export waiting, under `id`, for its password.
    pub fn needs_password(id: u64, format: &'static str) -> Self {
        ReviewDto { id, items: Vec::new(), errors: Vec::new(), skipped: Vec::new(), needs_password: Some(format) }
    }
}

/// One account found (no secret).
#[derive(Debug, Serialize)]
pub struct ReviewItemDto {
    pub issuer: Option<String>,
    pub label: String,
    pub kind: &'static str,
    /// Groups or tags the other app filed it under.
    pub tags: Vec<String>,
    /// The vault already has an account making the same codes: it will be skipped.
    pub duplicate: bool,
    /// What the person should check, a sentence each (a secret the other app spelled
    /// loosely, so that it looks mistyped); never the secret itself.
    pub warnings: Vec<String>,
}

impl ReviewItemDto {
    pub fn new(imported: &ImportedAccount, duplicate: bool) -> Self {
        let account = &imported.account;
        ReviewItemDto {
            issuer: account.issuer.clone(),
            label: account.label.clone(),
            kind: account.otp.kind().as_str(),
            tags: imported.groups.clone(),
            duplicate,
            warnings: imported.warnings.iter().map(|w| crate::review::sentence(w)).collect(),
        }
    }
}

/// What "Add" did.
#[derive(Debug, Serialize)]
pub struct AddedDto {
    pub added: usize,
    pub skipped: usize,
}
