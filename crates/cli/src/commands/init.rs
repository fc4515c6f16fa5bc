//! `twofold init [--no-keyring]`: a new vault, and its recovery key, shown once.

use std::process::ExitCode;

use twofold_core::keystore::KeyringStore;
use twofold_core::vault::{Contents, NewSlot, RecoveryKey, VaultStore};

use crate::error::CliError;
use crate::vault_access::{prompt_new, vault_error, VaultArgs};

#[derive(clap::Args)]
pub struct Args {
    /// Protect the vault with a password only, not the OS keyring.
    #[arg(long)]
    no_keyring: bool,
}

pub fn run(vault: &VaultArgs, args: Args) -> Result<ExitCode, CliError> {
    let store = VaultStore::<Contents>::new(vault.path()?);
    if store.exists().map_err(vault_error)? {
        return Err(CliError::Refused(format!("a vault already exists at {}; nothing was changed", store.path().display())));
    }
    let recovery = RecoveryKey::generate().map_err(vault_error)?;
    let mut password = vault.given_password()?;
    let keyring = KeyringStore::native();

    let mut created = false;
    if !args.no_keyring {
        let mut slots = vec![NewSlot::Keyring(&keyring), NewSlot::Recovery(recovery.public_key())];
        if let Some(p) = &password {
            slots.push(NewSlot::password(p));
        }
        match store.create(&Contents::default(), &slots) {
            Ok(_) => created = true,
            // Never store the key anywhere else: say why, and protect it with a password instead.
            Err(twofold_core::vault::VaultError::Keyring(e)) => eprintln!("twofold: {e}\ntwofold: the vault will be protected by a password instead."),
            Err(e) => return Err(vault_error(e)),
        }
    }
    if !created {
        if password.is_none() {
            password = Some(prompt_new("New vault password: ")?);
        }
        let p = password.as_deref().map(String::as_str).unwrap_or_default();
        store
            .create(&Contents::default(), &[NewSlot::password(p), NewSlot::Recovery(recovery.public_key())])
            .map_err(vault_error)?;
    }
    let info = store.inspect().map_err(vault_error)?;
    let ways: Vec<&str> = info.slots.iter().filter_map(|s| s.slot_type).map(|t| t.as_str()).collect();
    eprintln!("Created the vault at {} (opens with: {}).", store.path().display(), ways.join(", "));
    eprintln!("Your recovery key is below. It is shown only this once: write it down or print it,");
    eprintln!("and keep it apart from this computer. It opens the vault if the keyring and password are lost.");
    println!("{}", recovery.to_text().as_str());
    Ok(ExitCode::SUCCESS)
}
