//! `twofold sites QUERY [--add SITE]... [--remove SITE]... [--json]`: the web
//! sites an account's codes may be filled into. With no option, lists them.
//!
//! Sites follow the rule of `twofold_core::sites`: a domain (its subdomains
//! included, never a public suffix such as github.io or co.uk), or an IP
//! address, with an optional port; https only, http only on this computer.
//! Suggestions from the issuer table are shown, never used until added.

use std::process::ExitCode;

use serde::Serialize;
use twofold_core::sites::directory::Directory;
use twofold_core::sites::Site;
use twofold_core::vault::{Contents, EntryId};

use crate::error::CliError;
use crate::select::{name, one};
use crate::vault_access::{vault_error, VaultArgs};

#[derive(clap::Args)]
pub struct Args {
    /// Part of the account's issuer or label; must match exactly one account.
    query: String,
    /// Add a site (`github.com`, `login.example.co.uk`, `localhost:8080`, `192.0.2.1`); may repeat.
    #[arg(long = "add", value_name = "SITE")]
    add: Vec<String>,
    /// Remove a site; may repeat.
    #[arg(long = "remove", value_name = "SITE")]
    remove: Vec<String>,
    /// Print `{"account":…,"name":…,"sites":[…],"suggested":[…],"unusable":[…]}`.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct SitesJson {
    account: String,
    name: String,
    sites: Vec<String>,
    suggested: Vec<String>,
    unusable: Vec<String>,
}

/// What `sites` shows of one account.
fn describe(contents: &Contents, id: &EntryId) -> SitesJson {
    let entry = contents.get(id).expect("the id was just looked up");
    let suggested = Directory::bundled().new_suggestions(entry.issuer.as_deref(), &entry.sites).iter().map(Site::to_string).collect();
    SitesJson {
        account: id.to_string(),
        name: name(entry.issuer.as_deref(), &entry.label),
        sites: entry.sites.iter().map(Site::to_string).collect(),
        suggested,
        unusable: entry.unusable_sites().to_vec(),
    }
}

fn parse(text: &str) -> Result<Site, CliError> {
    Site::parse(text).map_err(|e| CliError::Refused(format!("{text}: {e}")))
}

pub fn run(vault: &VaultArgs, args: Args) -> Result<ExitCode, CliError> {
    // Every site is read before the vault is touched: one bad one changes nothing.
    let add = args.add.iter().map(|s| parse(s)).collect::<Result<Vec<_>, _>>()?;
    let remove = args.remove.iter().map(|s| parse(s)).collect::<Result<Vec<_>, _>>()?;
    let open = vault.open()?;
    let shown = if add.is_empty() && remove.is_empty() {
        let contents = &open.loaded.contents;
        describe(contents, one(contents, &args.query)?.id())
    } else {
        let now = super::now();
        open
            .update(|contents| {
                let entry = match one(contents, &args.query) {
                    Ok(e) => e,
                    Err(e) => return Ok(Err(e)),
                };
                let id = *entry.id();
                let mut sites = entry.sites.clone();
                for site in &remove {
                    let Some(i) = sites.iter().position(|s| s == site) else {
                        let who = name(entry.issuer.as_deref(), &entry.label);
                        return Ok(Err(CliError::Refused(format!("{site} is not one of {who}'s sites; nothing was changed"))));
                    };
                    sites.remove(i);
                }
                // Duplicates are dropped when the sites are set.
                sites.extend(add.iter().cloned());
                contents.set_sites(&id, sites, now)?;
                Ok(Ok(describe(contents, &id)))
            })
            .map_err(vault_error)??
    };
    if args.json {
        println!("{}", serde_json::to_string(&shown).expect("plain structs always serialize"));
        return Ok(ExitCode::SUCCESS);
    }
    for site in &shown.sites {
        println!("{site}");
    }
    if shown.sites.is_empty() {
        eprintln!("{} has no sites: no browser gets its codes", shown.name);
    }
    for site in &shown.unusable {
        eprintln!("not used: {site} (not a valid site for this version of Twofold)");
    }
    for site in &shown.suggested {
        eprintln!("suggested: {site} (add it with: twofold sites \"{}\" --add {site})", args.query);
    }
    Ok(ExitCode::SUCCESS)
}
