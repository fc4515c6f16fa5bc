//! `twofold backup-codes add|list|use QUERY`: the separately locked backup-code vault.
//!
//! QUERY names an account of the main vault (the set is linked to it) or, when
//! no account matches, a standalone set (a site that only gave recovery codes).
//! The backup-code vault is opened with its own passphrase
//! (`TWOFOLD_BACKUP_PASSWORD` or a prompt), never by the keyring unless the
//! person opted in; the first `add` creates it, with a recovery slot for the
//! main vault's recovery kit.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use serde::Serialize;
use twofold_core::backup_codes::{self, BackupCodeSet, SetOwner, DEFAULT_LOW_THRESHOLD};
use twofold_core::keystore::KeyringStore;
use twofold_core::vault::{self, BackupCodes, BackupSummary, NewSlot, SlotType, Unlock, Unlocked, VaultError, VaultStore};
use zeroize::Zeroizing;

use crate::error::CliError;
use crate::select::{at_most_one, name};
use crate::vault_access::{prompt, prompt_new, vault_error, OpenVault, VaultArgs};

type CodeVault = VaultStore<BackupCodes<BackupCodeSet>>;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Add the codes a site gave, from a file or standard input.
    Add {
        /// The account (part of its issuer or label) or the site's name.
        query: String,
        /// A text file of codes (default: standard input).
        #[arg(long)]
        file: Option<PathBuf>,
    },
    /// Show a set's codes and how many are left.
    List {
        /// The account (part of its issuer or label) or the site's name.
        query: String,
        /// Print `{"codes":[{"code","used","used_at"}],"left":N}`.
        #[arg(long)]
        json: bool,
    },
    /// Print the next unused code and mark it used.
    Use {
        /// The account (part of its issuer or label) or the site's name.
        query: String,
    },
}

pub fn run(vault: &VaultArgs, command: Command) -> Result<ExitCode, CliError> {
    match command {
        Command::Add { query, file } => add(vault, &query, file),
        Command::List { query, json } => list(vault, &query, json),
        Command::Use { query } => use_next(vault, &query),
    }
}

/// What QUERY names: a main-vault account (id and display name), or a standalone site name.
struct Target {
    account_id: Option<String>,
    name: String,
}

fn target(vault: &VaultArgs, query: &str) -> Result<(Target, OpenVault), CliError> {
    let open = vault.open()?;
    let target = match at_most_one(&open.loaded.contents, query)? {
        Some(e) => Target { account_id: Some(e.id().to_string()), name: name(e.issuer.as_deref(), &e.label) },
        None => Target { account_id: None, name: query.trim().to_owned() },
    };
    Ok((target, open))
}

/// Rewrites the counts the accounts vault keeps of the backup codes, so the
/// app shows what is left without opening the backup-code vault.
fn save_summary(open: &OpenVault, summary: Vec<BackupSummary>) -> Result<(), CliError> {
    open.update(|c| {
            c.backup_codes = summary;
            Ok(())
        })
        .map_err(vault_error)
}

pub(crate) fn code_store(vault: &VaultArgs) -> Result<CodeVault, CliError> {
    Ok(VaultStore::new(vault::backup_codes_path(&vault.path()?)))
}

fn passphrase() -> Result<Option<Zeroizing<String>>, CliError> {
    Ok(std::env::var("TWOFOLD_BACKUP_PASSWORD").ok().map(Zeroizing::new))
}

/// Opens the backup-code vault without asking: with `TWOFOLD_BACKUP_PASSWORD`
/// or the keyring (if the person opted in); `None` when only a prompt would do.
pub(crate) fn unlock_quietly(store: &CodeVault) -> Result<Option<Unlocked>, CliError> {
    if let Some(pass) = passphrase()? {
        return store.unlock(&Unlock::Password(&pass)).map(|(u, _)| Some(u)).map_err(vault_error);
    }
    if store.exists().map_err(vault_error)? && store.inspect().map_err(vault_error)?.has_slot(SlotType::Keyring) {
        if let Ok((u, _)) = store.unlock(&Unlock::Keyring(&KeyringStore::native())) {
            return Ok(Some(u));
        }
    }
    Ok(None)
}

/// Opens the backup-code vault: the keyring only if the person opted in, else the passphrase.
pub(crate) fn unlock(store: &CodeVault) -> Result<(Unlocked, BackupCodes<BackupCodeSet>), CliError> {
    if !store.exists().map_err(vault_error)? {
        return Err(CliError::Refused("there are no backup codes yet; add some with `twofold backup-codes add`".into()));
    }
    if passphrase()?.is_none() && store.inspect().map_err(vault_error)?.has_slot(SlotType::Keyring) {
        let keyring = KeyringStore::native();
        match store.unlock(&Unlock::Keyring(&keyring)) {
            Ok((u, l)) => return Ok((u, l.contents)),
            Err(e @ (VaultError::Keyring(_) | VaultError::KeyringKeyRejected)) => eprintln!("twofold: {e}"),
            Err(e) => return Err(vault_error(e)),
        }
    }
    let pass = match passphrase()? {
        Some(p) => p,
        None => prompt("Backup-code passphrase: ")?,
    };
    let (u, l) = store.unlock(&Unlock::Password(&pass)).map_err(vault_error)?;
    Ok((u, l.contents))
}

/// Opens the backup-code vault, creating it (with a passphrase and a slot for
/// the main vault's recovery key) the first time.
pub(crate) fn open_or_create(store: &CodeVault, open: &OpenVault) -> Result<Unlocked, CliError> {
    if store.exists().map_err(vault_error)? {
        return Ok(unlock(store)?.0);
    }
    let recovery = open.store.inspect().map_err(vault_error)?.recovery_public_key();
    let pass = match passphrase()? {
        Some(p) => p,
        None => prompt_new("New passphrase for the backup codes (keep it apart from the vault password): ")?,
    };
    let mut slots = vec![NewSlot::password(&pass)];
    if let Some(r) = recovery {
        slots.push(NewSlot::Recovery(r));
    }
    let u = store.create(&BackupCodes::new(Vec::new()), &slots).map_err(vault_error)?;
    eprintln!("Created the backup-code vault at {}.", store.path().display());
    Ok(u)
}

fn add(vault: &VaultArgs, query: &str, file: Option<PathBuf>) -> Result<ExitCode, CliError> {
    if file.is_none() && vault.password_stdin {
        return Err(CliError::Usage("standard input cannot carry both the password and the codes; give the codes with --file".into()));
    }
    let text = read_codes(file)?;
    let parsed = backup_codes::parse(&text).map_err(|e| CliError::Refused(e.to_string()))?;
    let (target, open) = target(vault, query)?;
    let store = code_store(vault)?;
    let unlocked = open_or_create(&store, &open)?;
    let now = super::now() as i64;
    let (added, left, total, summary) = store
        .update(&unlocked, |codes| {
            let set = match position(&codes.sets, &target) {
                Some(i) => &mut codes.sets[i],
                None => codes.set_of_or_new(target.owner(), &target.name, now),
            };
            let added = set.add_codes(parsed, now).map_err(|e| VaultError::InvalidContents { detail: e.to_string() })?;
            Ok((added, set.left(), set.total(), codes.summary()))
        })
        .map_err(vault_error)?;
    super::sync::after_save(&store, &unlocked);
    save_summary(&open, summary)?;
    println!("added {added} code(s) to {}: {left} of {total} unused", target.name);
    Ok(ExitCode::SUCCESS)
}

impl Target {
    fn owner(&self) -> SetOwner<'_> {
        match &self.account_id {
            Some(id) => SetOwner::Account(id),
            None => SetOwner::Site(&self.name),
        }
    }
}

/// The set QUERY names: the account's; for a site, the one named so, else a
/// standalone set whose name contains it.
fn position(sets: &[BackupCodeSet], target: &Target) -> Option<usize> {
    let exact = sets.iter().position(|s| s.belongs_to(target.owner()));
    if exact.is_some() || target.account_id.is_some() {
        return exact;
    }
    let needle = target.name.to_lowercase();
    sets.iter().position(|s| s.account_id.is_none() && s.name.to_lowercase().contains(&needle))
}

fn read_codes(file: Option<PathBuf>) -> Result<Zeroizing<String>, CliError> {
    const MAX: u64 = 1024 * 1024;
    let mut text = Zeroizing::new(String::new());
    let result = match &file {
        Some(path) => std::fs::File::open(path).and_then(|f| f.take(MAX + 1).read_to_string(&mut text)),
        None => std::io::stdin().lock().take(MAX + 1).read_to_string(&mut text),
    };
    let from = file.as_ref().map(|p| p.display().to_string()).unwrap_or_else(|| "standard input".into());
    result.map_err(|e| CliError::Usage(format!("cannot read the codes from {from}: {e}")))?;
    if text.len() as u64 > MAX {
        return Err(CliError::Usage(format!("{from} is too large for a list of backup codes")));
    }
    Ok(text)
}

#[derive(Serialize)]
struct ListJson<'a> {
    codes: Vec<CodeJson<'a>>,
    left: usize,
}

#[derive(Serialize)]
struct CodeJson<'a> {
    code: &'a str,
    used: bool,
    used_at: Option<String>,
}

fn list(vault: &VaultArgs, query: &str, json: bool) -> Result<ExitCode, CliError> {
    let (target, _) = target(vault, query)?;
    let (_, codes) = unlock(&code_store(vault)?)?;
    let set = position(&codes.sets, &target).map(|i| &codes.sets[i]).ok_or_else(|| no_codes(&target))?;
    if json {
        let codes = set
            .codes()
            .iter()
            .map(|c| CodeJson { code: c.code.as_str(), used: c.is_used(), used_at: c.used_at.map(twofold_core::dates::rfc3339) })
            .collect();
        let out = Zeroizing::new(serde_json::to_string(&ListJson { codes, left: set.left() }).expect("plain struct"));
        println!("{}", out.as_str());
    } else {
        for c in set.codes() {
            match c.used_at {
                Some(at) => println!("{}\tused {}", c.code.as_str(), twofold_core::dates::rfc3339(at)),
                None => println!("{}", c.code.as_str()),
            }
        }
        eprintln!("{}: {} of {} unused", target.name, set.left(), set.total());
    }
    Ok(ExitCode::SUCCESS)
}

fn use_next(vault: &VaultArgs, query: &str) -> Result<ExitCode, CliError> {
    let (target, open) = target(vault, query)?;
    let store = code_store(vault)?;
    let (unlocked, _) = unlock(&store)?;
    let now = super::now() as i64;
    let (used, summary) = store
        .update(&unlocked, |codes| {
            let Some(i) = position(&codes.sets, &target) else { return Ok(Err(no_codes(&target))) };
            let set = &mut codes.sets[i];
            let used = (set.use_next(now), set.left());
            Ok(Ok((used, codes.summary())))
        })
        .map_err(vault_error)??;
    super::sync::after_save(&store, &unlocked);
    save_summary(&open, summary)?;
    match used {
        (Some(code), left) => {
            println!("{}", code.as_str());
            if left <= DEFAULT_LOW_THRESHOLD {
                eprintln!("twofold: only {left} backup code(s) left for {}; get new ones from the site soon", target.name);
            }
            Ok(ExitCode::SUCCESS)
        }
        (None, _) => Err(CliError::Refused(format!("every backup code of {} is used; get new ones from the site", target.name))),
    }
}

fn no_codes(target: &Target) -> CliError {
    CliError::Refused(format!("there are no backup codes for {}", target.name))
}
