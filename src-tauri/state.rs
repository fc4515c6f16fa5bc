//! The app's state: the vault file, and while unlocked its key and decrypted
//! contents, behind one mutex. Locking drops both (the secrets zeroize on drop).
//!
//! Accounts read from a setup link or an image wait here, under an opaque id,
//! until the person confirms the review: they never cross IPC.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use twofold_core::keystore::KeyringStore;
use twofold_core::backup_codes::BackupCodeSet;
use twofold_core::vault::{self, BackupCodes, Contents, Loaded, Unlocked, VaultError, VaultStore};
use twofold_core::import::{Encrypted, ImportedAccount};

use crate::desktop::clipboard::AppClipboard;
use crate::error::IpcError;
use crate::prefs::{self, Prefs};

/// The backup-code vault's store.
pub type CodeStore = VaultStore<BackupCodes<BackupCodeSet>>;

/// The backup-code vault locks after this long unused, sooner than the app:
/// it is opened for a moment, when locked out or adding codes.
const BACKUP_CODES_IDLE: Duration = Duration::from_secs(120);

/// Sends an event to the windows.
pub type Notifier = Box<dyn Fn(&'static str) + Send + Sync>;

/// Everything the commands share.
pub struct AppState {
    pub store: VaultStore<Contents>,
    /// The backup-code vault beside the accounts vault.
    pub codes: CodeStore,
    /// The window's preferences, and their file beside the vault.
    prefs: Mutex<Prefs>,
    pub prefs_path: PathBuf,
    /// Tells the windows what changed ("locked", "vault-changed"), so they
    /// fetch codes when something changed instead of every second.
    notifier: Mutex<Option<Notifier>>,
    /// The vault file's modification time when last looked at, to notice saves by the CLI.
    watched: Mutex<Option<SystemTime>>,
    pub keyring: KeyringStore,
    /// Codes and backup codes go on the clipboard through this; it is cleared on lock.
    pub clipboard: std::sync::Arc<AppClipboard>,
    /// Sync through a shared folder: the runs' log and the folder watcher.
    pub sync: crate::folder_sync::FolderSync,
    /// What following the phone's Aegis backups said lately.
    pub phone: crate::aegis_follow::PhoneLog,
    session: Mutex<Session>,
}

/// What exists only while the vault is unlocked.
pub struct Open {
    pub unlocked: Unlocked,
    pub loaded: Loaded<Contents>,
    /// The file's modification time when `loaded` was read, to notice the CLI's saves.
    seen: Option<SystemTime>,
}

#[derive(Default)]
pub struct Session {
    pub open: Option<Open>,
    /// The backup-code vault's key while it is open (its contents are read
    /// fresh for each command, so the CLI's changes show).
    pub backup: Option<Unlocked>,
    pub pending: HashMap<u64, Vec<ImportedAccount>>,
    /// Encrypted exports waiting for their password, with their file names.
    pub encrypted: HashMap<u64, (String, Encrypted)>,
    next_pending: u64,
    /// The files of the last drop on the window: the only paths `review_dropped` reads.
    dropped: Vec<PathBuf>,
}

impl Session {
    fn next_id(&mut self) -> u64 {
        self.next_pending += 1;
        self.next_pending
    }
}

impl AppState {
    /// The vault at `TWOFOLD_VAULT`, else the data folder's. Made on the main thread.
    pub fn from_env() -> Result<Self, VaultError> {
        let path = match std::env::var_os("TWOFOLD_VAULT") {
            Some(p) if !p.is_empty() => PathBuf::from(p),
            _ => vault::default_vault_path()?,
        };
        let prefs_path = prefs::path_beside(&path);
        Ok(AppState {
            prefs: Mutex::new(prefs::load(&prefs_path)),
            prefs_path,
            notifier: Mutex::new(None),
            watched: Mutex::new(None),
            codes: VaultStore::new(vault::backup_codes_path(&path)),
            store: VaultStore::new(path),
            keyring: KeyringStore::native(),
            clipboard: std::sync::Arc::new(AppClipboard::new()),
            sync: Default::default(),
            phone: Default::default(),
            session: Mutex::new(Session::default()),
        })
    }

    pub fn session(&self) -> MutexGuard<'_, Session> {
        self.session.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn prefs(&self) -> Prefs {
        self.prefs.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub fn set_prefs(&self, prefs: Prefs) {
        *self.prefs.lock().unwrap_or_else(|p| p.into_inner()) = prefs;
    }

    /// Keeps a freshly unlocked vault, and syncs it (when it takes part in a
    /// folder, or follows the phone's backups: those folders are watched from now).
    pub fn open(&self, unlocked: Unlocked, loaded: Loaded<Contents>) {
        let seen = self.mtime();
        self.session().open = Some(Open { unlocked, loaded, seen });
        crate::folder_sync::rewatch(self);
        crate::folder_sync::sync_open(self, false, false);
    }

    /// Drops the key, the decrypted contents and any import waiting for review,
    /// takes a code of ours off the clipboard, and tells the windows.
    pub fn lock(&self) {
        let mut s = self.session();
        let was_open = s.open.take().is_some();
        s.backup = None;
        s.pending.clear();
        s.encrypted.clear();
        drop(s);
        self.clipboard.clear_if_ours();
        if was_open {
            self.notify("locked");
        }
    }

    pub fn set_notifier(&self, notifier: Notifier) {
        *self.notifier.lock().unwrap_or_else(|p| p.into_inner()) = Some(notifier);
    }

    pub fn notify(&self, event: &'static str) {
        if let Some(n) = self.notifier.lock().unwrap_or_else(|p| p.into_inner()).as_ref() {
            n(event);
        }
    }

    /// Says "vault-changed" when the vault file was saved since the last look
    /// (by the CLI, or by this app), so the windows fetch the codes again.
    pub fn notice_saves(&self) {
        let now = self.mtime();
        let mut seen = self.watched.lock().unwrap_or_else(|p| p.into_inner());
        if *seen != now {
            let first = seen.is_none();
            *seen = now;
            drop(seen);
            if !first {
                self.notify("vault-changed");
            }
        }
    }

    /// Runs `f` on the open vault, first re-reading the file if another
    /// process (the CLI) saved it since.
    pub fn with_open<R>(&self, f: impl FnOnce(&mut Open) -> Result<R, IpcError>) -> Result<R, IpcError> {
        self.if_open(|open| open.map_or_else(|| Err(IpcError::locked()), f))?
    }

    /// Like `with_open`, with a locked vault as `None` rather than an error
    /// (the browser bridge answers "locked" itself).
    pub fn if_open<R>(&self, f: impl FnOnce(Option<&mut Open>) -> R) -> Result<R, VaultError> {
        let mtime = self.mtime();
        let mut s = self.session();
        let Some(open) = s.open.as_mut() else { return Ok(f(None)) };
        if mtime != open.seen {
            open.loaded = self.store.load(&open.unlocked)?;
            open.seen = mtime;
        }
        Ok(f(Some(open)))
    }

    /// Changes the vault in one transaction and keeps the saved contents.
    pub fn update<R>(&self, change: impl FnOnce(&mut Contents) -> Result<R, VaultError>) -> Result<R, IpcError> {
        self.update_if_open(change)?.ok_or_else(IpcError::locked)
    }

    /// Like `update`, with a locked vault as `None`.
    pub fn update_if_open<R>(&self, change: impl FnOnce(&mut Contents) -> Result<R, VaultError>) -> Result<Option<R>, VaultError> {
        let mut s = self.session();
        let Some(open) = s.open.as_mut() else { return Ok(None) };
        let result = self.store.update(&open.unlocked, change)?;
        // The change goes out to the other computers at once (and theirs come in).
        crate::folder_sync::after_save(self, &open.unlocked);
        open.loaded = self.store.load(&open.unlocked)?;
        open.seen = self.mtime();
        Ok(Some(result))
    }

    /// Keeps accounts for review; returns their id.
    pub fn park(&self, accounts: Vec<ImportedAccount>) -> u64 {
        let mut s = self.session();
        let id = s.next_id();
        s.pending.insert(id, accounts);
        id
    }

    /// Keeps an encrypted export until its password comes; returns its id.
    pub fn park_encrypted(&self, name: String, file: Encrypted) -> u64 {
        let mut s = self.session();
        let id = s.next_id();
        s.encrypted.insert(id, (name, file));
        id
    }

    /// Remembers the files of a drop on the window.
    pub fn set_dropped(&self, paths: Vec<PathBuf>) {
        self.session().dropped = paths;
    }

    /// Whether `path` came from the last drop.
    pub fn was_dropped(&self, path: &Path) -> bool {
        self.session().dropped.iter().any(|p| p == path)
    }

    /// Drops the key when it has been idle for the vault's auto-lock time; true when it did.
    /// The backup-code vault locks on its own, after a shorter idle time.
    pub fn lock_if_idle(&self, now: Instant) -> bool {
        let mut s = self.session();
        if s.backup.as_ref().is_some_and(|b| b.is_expired(now, BACKUP_CODES_IDLE)) {
            s.backup = None;
        }
        let expired = s.open.as_ref().is_some_and(|o| {
            let idle = idle_seconds(o.loaded.contents.settings.auto_lock_minutes);
            idle > 0 && o.unlocked.is_expired(now, Duration::from_secs(idle))
        });
        drop(s);
        if expired {
            self.lock();
        }
        expired
    }

    fn mtime(&self) -> Option<SystemTime> {
        std::fs::metadata(self.store.path()).and_then(|m| m.modified()).ok()
    }
}

/// The idle time before auto-lock: `TWOFOLD_AUTO_LOCK_SECONDS` (for tests),
/// else the vault's `auto_lock_minutes`; 0 never locks.
fn idle_seconds(minutes: u32) -> u64 {
    std::env::var("TWOFOLD_AUTO_LOCK_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(u64::from(minutes) * 60)
}

/// The current Unix second.
pub fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}
