//! Who this computer is in a sync set, and where the set is.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::SyncError;
use crate::vault::random_bytes;

/// A device's id: 16 lowercase hex characters, random, and the name of its
/// files in the sync folder.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DeviceId(String);

impl DeviceId {
    /// A new random id.
    pub fn random() -> Result<Self, SyncError> {
        let bytes: [u8; 8] = random_bytes().map_err(SyncError::Vault)?;
        Ok(DeviceId(bytes.iter().map(|b| format!("{b:02x}")).collect()))
    }

    /// Reads an id; `None` unless it is 16 lowercase hex characters.
    pub fn parse(text: &str) -> Option<Self> {
        let ok = text.len() == 16 && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        ok.then(|| DeviceId(text.to_owned()))
    }

    /// The id's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for DeviceId {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        DeviceId::parse(&text).ok_or_else(|| format!("'{text}' is not a device id"))
    }
}

impl From<DeviceId> for String {
    fn from(id: DeviceId) -> String {
        id.0
    }
}

impl fmt::Display for DeviceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for DeviceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DeviceId({})", self.0)
    }
}

/// This computer's sync settings, kept beside the vault in
/// `<vault>.sync/config.json`. Nothing in it is secret: the folder, the
/// device's id and name, and the nonces of its last writes (so a copy of
/// this folder on another computer, which would write under the same id,
/// is noticed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncConfig {
    /// The shared folder (Twofold's files are in its `twofold/` subfolder).
    pub folder: PathBuf,
    /// This device's id.
    pub device: DeviceId,
    /// This device's name, as the other devices list it.
    pub name: String,
    /// Nonces of this device's recent writes, newest last.
    #[serde(default)]
    pub recent_writes: Vec<String>,
    /// The git remote whose clone `folder` is ([`super::git`]); `None` for
    /// a folder a sync engine shares.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub git: Option<String>,
}

/// How many write nonces are remembered: enough that a folder rolled back to
/// an old copy (a restore, Dropbox' rewind) shows this computer's own old file,
/// not a copy of this computer writing under its id (24 hex digits each, about
/// 7 kB in the config).
pub(crate) const RECENT_WRITES: usize = 256;

impl SyncConfig {
    /// The folder holding this vault's sync files: `<vault path>.sync`.
    pub fn local_dir(vault_path: &Path) -> PathBuf {
        let mut name = vault_path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        name.push(".sync");
        vault_path.with_file_name(name)
    }

    /// Reads the settings; `None` when sync was never set up.
    pub fn load(vault_path: &Path) -> Result<Option<Self>, SyncError> {
        let path = Self::local_dir(vault_path).join("config.json");
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|e| SyncError::BadConfig { path, detail: e.to_string() }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(SyncError::io(&path, e)),
        }
    }

    /// Writes the settings atomically.
    pub fn save(&self, vault_path: &Path) -> Result<(), SyncError> {
        let dir = Self::local_dir(vault_path);
        let bytes = serde_json::to_vec_pretty(self).map_err(|e| SyncError::BadConfig {
            path: dir.join("config.json"),
            detail: e.to_string(),
        })?;
        super::folder::write_atomic(&dir, "config.json", &bytes)
    }

    /// Remembers a write's nonce.
    pub(crate) fn remember_write(&mut self, nonce: String) {
        self.recent_writes.push(nonce);
        let excess = self.recent_writes.len().saturating_sub(RECENT_WRITES);
        self.recent_writes.drain(..excess);
    }
}

/// The computer's name, for a new device's default name.
pub fn default_device_name() -> String {
    let from_file = std::fs::read_to_string("/etc/hostname").ok();
    let name = std::env::var("HOSTNAME").ok().or(from_file).unwrap_or_default();
    let name = name.trim();
    if name.is_empty() { "this computer".into() } else { name.chars().take(64).collect() }
}
