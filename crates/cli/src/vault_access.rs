//! Finding, creating and unlocking the vaults for a command.
//!
//! The vault path comes from `--vault` or `TWOFOLD_VAULT`, else the user's
//! data folder (the same file the desktop app opens). The password comes from
//! `--password-stdin` (first line of stdin), `TWOFOLD_PASSWORD`, or a prompt;
//! without one, the OS keyring is tried first, so a keyring vault opens with
//! no typing. The backup-code passphrase comes from `TWOFOLD_BACKUP_PASSWORD`
//! or a prompt.

use std::io::BufRead;
use std::path::PathBuf;

use twofold_core::keystore::KeyringStore;
use twofold_core::vault::{self, Contents, Loaded, Unlock, Unlocked, VaultError, VaultStore};
use zeroize::Zeroizing;

use crate::error::CliError;

/// Options every vault command shares.
#[derive(clap::Args, Clone, Debug)]
pub struct VaultArgs {
    /// The vault file (default: the data folder's vault.twofold).
    #[arg(long, global = true, env = "TWOFOLD_VAULT", value_name = "PATH")]
    pub vault: Option<PathBuf>,
    /// Read the vault password from the first line of standard input.
    #[arg(long, global = true)]
    pub password_stdin: bool,
}

/// The accounts vault, open.
pub struct OpenVault {
    pub store: VaultStore<Contents>,
    pub unlocked: Unlocked,
    pub loaded: Loaded<Contents>,
}

impl OpenVault {
    /// Changes the vault in one transaction, then syncs it if it takes part
    /// in a sync folder (a failed sync is a warning; the change is saved).
    pub fn update<R>(&self, change: impl FnOnce(&mut Contents) -> Result<R, VaultError>) -> Result<R, VaultError> {
        let result = self.store.update(&self.unlocked, change)?;
        crate::commands::sync::after_save(&self.store, &self.unlocked);
        Ok(result)
    }
}

impl VaultArgs {
    /// Where the accounts vault is.
    pub fn path(&self) -> Result<PathBuf, CliError> {
        match &self.vault {
            Some(p) => Ok(p.clone()),
            None => vault::default_vault_path().map_err(vault_error),
        }
    }

    /// The password given without a prompt, if any (stdin first, then the environment).
    pub fn given_password(&self) -> Result<Option<Zeroizing<String>>, CliError> {
        if self.password_stdin {
            return read_stdin_line().map(Some);
        }
        Ok(std::env::var("TWOFOLD_PASSWORD").ok().map(Zeroizing::new))
    }

    /// Opens the accounts vault: with the given password, else the keyring,
    /// else a password typed at the prompt (saying why the keyring did not open it).
    pub fn open(&self) -> Result<OpenVault, CliError> {
        let store = VaultStore::<Contents>::new(self.path()?);
        if !store.exists().map_err(vault_error)? {
            return Err(CliError::Usage(format!(
                "there is no vault at {}; create one with `twofold init`",
                store.path().display()
            )));
        }
        if let Some(password) = self.given_password()? {
            return unlock(store, &Unlock::Password(&password));
        }
        let has_keyring = store.inspect().map_err(vault_error)?.has_slot(vault::SlotType::Keyring);
        if has_keyring {
            let keyring = KeyringStore::native();
            match store.unlock(&Unlock::Keyring(&keyring)) {
                Ok((unlocked, loaded)) => return Ok(OpenVault { store, unlocked, loaded }),
                Err(e @ (VaultError::Keyring(_) | VaultError::KeyringKeyRejected)) => {
                    eprintln!("twofold: {e}")
                }
                Err(e) => return Err(vault_error(e)),
            }
        }
        let password = prompt("Vault password: ")?;
        unlock(store, &Unlock::Password(&password))
    }
}

fn unlock(store: VaultStore<Contents>, how: &Unlock<'_>) -> Result<OpenVault, CliError> {
    let (unlocked, loaded) = store.unlock(how).map_err(vault_error)?;
    Ok(OpenVault { store, unlocked, loaded })
}

/// The first line of standard input, without its line end.
pub fn read_stdin_line() -> Result<Zeroizing<String>, CliError> {
    read_stdin_line_or_end()?.ok_or_else(|| CliError::Usage("there is no password on standard input".into()))
}

/// The next line of standard input, without its line end; `None` when it has ended.
pub fn read_stdin_line_or_end() -> Result<Option<Zeroizing<String>>, CliError> {
    let mut line = Zeroizing::new(String::new());
    let read = std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| CliError::Usage(format!("cannot read the password from standard input: {e}")))?;
    if read == 0 {
        return Ok(None);
    }
    let trimmed = Zeroizing::new(line.trim_end_matches(['\r', '\n']).to_owned());
    if trimmed.is_empty() {
        return Err(CliError::Usage("the password on standard input is empty".into()));
    }
    Ok(Some(trimmed))
}

/// Asks at the terminal, without echo, for the vault's password. No terminal is
/// a usage error that says what to do.
pub fn prompt(question: &str) -> Result<Zeroizing<String>, CliError> {
    prompt_or(question, "--password-stdin or TWOFOLD_PASSWORD")
}

/// [`prompt`], where `options` are the other ways to give this password
/// (the vault's and an export file's have their own).
pub fn prompt_or(question: &str, options: &str) -> Result<Zeroizing<String>, CliError> {
    let answer = rpassword::prompt_password(question).map(Zeroizing::new).map_err(|_| {
        CliError::Usage(format!(
            "a password is needed and there is no terminal to ask for it ({}); use {options}",
            question.trim_end_matches([':', ' '])
        ))
    })?;
    if answer.is_empty() {
        return Err(CliError::Refused("no password given".into()));
    }
    Ok(answer)
}

/// Asks twice for a new secret, so a typo does not lock anyone out.
pub fn prompt_new(question: &str) -> Result<Zeroizing<String>, CliError> {
    let first = prompt(question)?;
    let second = prompt("Again, to be sure: ")?;
    if *first != *second {
        return Err(CliError::Refused("the two entries differ; nothing was changed".into()));
    }
    Ok(first)
}

/// Exit 2 for what is about files and paths, 1 for everything refused.
pub fn vault_error(e: VaultError) -> CliError {
    match e {
        VaultError::Io { .. }
        | VaultError::IsADirectory { .. }
        | VaultError::Symlink { .. }
        | VaultError::NotFound { .. }
        | VaultError::NoDataDir => CliError::Usage(e.to_string()),
        _ => CliError::Refused(e.to_string()),
    }
}
