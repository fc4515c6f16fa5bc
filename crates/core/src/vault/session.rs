//! [`Unlocked`]: an open vault's key, with the idle clock the front ends lock by.

use std::fmt;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::crypto::SymmetricKey;
use super::ids::VaultId;
use super::VaultKind;

/// How long the backup-code vault stays open without use.
pub const DEFAULT_BACKUP_CODES_IDLE: Duration = Duration::from_secs(5 * 60);

/// An unlocked vault: its key (wiped on drop, never printed) and when it was
/// last used. Every [`super::VaultStore`] call made with it counts as a use.
///
/// Front ends lock by dropping it; [`Unlocked::is_expired`] tells them when.
pub struct Unlocked {
    key: SymmetricKey,
    vault_id: VaultId,
    kind: VaultKind,
    last_used: Mutex<Instant>,
}

impl Unlocked {
    pub(crate) fn new(key: SymmetricKey, vault_id: VaultId, kind: VaultKind) -> Self {
        Unlocked {
            key,
            vault_id,
            kind,
            last_used: Mutex::new(Instant::now()),
        }
    }

    pub(crate) fn key(&self) -> &SymmetricKey {
        self.touch();
        &self.key
    }

    /// The vault this key opens.
    pub fn vault_id(&self) -> &VaultId {
        &self.vault_id
    }

    /// The kind of that vault.
    pub fn kind(&self) -> VaultKind {
        self.kind
    }

    /// Marks it used now (e.g. when a code is shown or copied).
    pub fn touch(&self) {
        // A poisoned clock only means a panic elsewhere; the time is still a time.
        let mut last = self.last_used.lock().unwrap_or_else(|p| p.into_inner());
        *last = Instant::now();
    }

    /// When it was last used.
    pub fn last_used(&self) -> Instant {
        *self.last_used.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `f` without it counting as a use: background work (a sync when
    /// another computer's file arrives) must not keep an idle vault open.
    pub fn unseen<R>(&self, f: impl FnOnce() -> R) -> R {
        let before = self.last_used();
        let result = f();
        *self.last_used.lock().unwrap_or_else(|p| p.into_inner()) = before;
        result
    }

    /// True when it has been idle for `idle` or longer at `now`: time to drop it.
    pub fn is_expired(&self, now: Instant, idle: Duration) -> bool {
        now.saturating_duration_since(self.last_used()) >= idle
    }
}

impl fmt::Debug for Unlocked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Unlocked")
            .field("vault_id", &self.vault_id)
            .field("kind", &self.kind)
            .field("key", &"<redacted>")
            .finish()
    }
}
