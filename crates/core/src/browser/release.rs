//! The decision: which codes a paired browser gets for a frame.
//!
//! [`release`] is the one place that says yes. It takes the vault's
//! contents (or `None` when locked), the credentials the extension sent, and
//! the origins the *browser* reported for the frame and for the tab's top
//! page. A code goes out only when the vault is open, the credentials prove
//! a pairing, and both origins are on one of the account's sites
//! ([`crate::sites`]): a look-alike page, and a frame of the right site
//! inside someone else's page, get nothing.
//!
//! Counter-based (HOTP) accounts are never released: each code moves the
//! counter, and listing codes for a page must not use them up.

use serde::{Deserialize, Serialize};

use super::pairing::{authenticate, Credentials};
use crate::otp::OtpKind;
use crate::sites::directory::Directory;
use crate::sites::{Origin, Site};
use crate::vault::{Contents, Entry, EntryId, VaultError};

/// The most accounts one answer lists (far more than one site has).
pub const MAX_RELEASED: usize = 32;

/// One account's code, for one frame.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleasedCode {
    /// The entry id.
    pub account: String,
    /// The service.
    pub issuer: Option<String>,
    /// The account at the service.
    pub label: String,
    /// The current code.
    pub code: String,
    /// Seconds until it changes.
    pub seconds_left: Option<u32>,
    /// Its period, in seconds.
    pub period: Option<u32>,
}

/// What a browser gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Release {
    /// The vault is locked: no code, and nothing else either.
    Locked,
    /// The credentials prove no pairing.
    NotPaired,
    /// Paired, but no account is for this frame.
    Nothing,
    /// The codes of the accounts for this frame, in the vault's order.
    Codes(Vec<ReleasedCode>),
}

/// The decision ([module docs](self)). `frame_origin` and `top_origin` are
/// as the browser reported them; anything that is not an origin gets nothing.
pub fn release(
    contents: Option<&Contents>,
    credentials: &Credentials,
    frame_origin: &str,
    top_origin: &str,
    now: u64,
) -> Release {
    let Some(contents) = contents else {
        return Release::Locked;
    };
    if authenticate(&contents.pairings, credentials).is_none() {
        return Release::NotPaired;
    }
    let codes: Vec<ReleasedCode> = accounts_for(contents, frame_origin, top_origin)
        .into_iter()
        .map(|e| ReleasedCode {
            account: e.id().to_string(),
            issuer: e.issuer.clone(),
            label: e.label.clone(),
            code: e.otp.code_at(now),
            seconds_left: e.otp.seconds_left(now),
            period: e.otp.period(),
        })
        .collect();
    if codes.is_empty() {
        Release::Nothing
    } else {
        Release::Codes(codes)
    }
}

/// What [`offer`] tells a frame before anyone asks for a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offer {
    /// The vault is locked: the sites are not known.
    Locked,
    /// The credentials prove no pairing.
    NotPaired,
    /// This many accounts would get a code there (0: show no button).
    Accounts(usize),
}

/// How many accounts [`release`] would give a code for that frame, without
/// making any code: what decides whether the page gets a button at all, so
/// that a look-alike page gets neither a button nor a code.
pub fn offer(contents: Option<&Contents>, credentials: &Credentials, frame_origin: &str, top_origin: &str) -> Offer {
    let Some(contents) = contents else {
        return Offer::Locked;
    };
    if authenticate(&contents.pairings, credentials).is_none() {
        return Offer::NotPaired;
    }
    Offer::Accounts(accounts_for(contents, frame_origin, top_origin).len())
}

/// The accounts whose sites cover both the frame and the top page (at most
/// [`MAX_RELEASED`]); none when either is not an origin.
fn accounts_for<'c>(contents: &'c Contents, frame_origin: &str, top_origin: &str) -> Vec<&'c Entry> {
    let (Ok(frame), Ok(top)) = (Origin::parse(frame_origin), Origin::parse(top_origin)) else {
        return Vec::new();
    };
    contents
        .entries()
        .iter()
        .filter(|e| e.otp.kind() != OtpKind::Hotp && is_for(e, &frame) && is_for(e, &top))
        .take(MAX_RELEASED)
        .collect()
}

/// Whether one of the entry's sites matches `origin`.
pub fn is_for(entry: &Entry, origin: &Origin) -> bool {
    entry.sites.iter().any(|s| s.matches(origin))
}

/// An account the issuer table links to the page, not yet one of its sites:
/// "Use GitHub (alice) on github.com?"
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    /// The entry id.
    pub account: String,
    /// The service.
    pub issuer: Option<String>,
    /// The account at the service.
    pub label: String,
    /// The site it would get.
    pub site: Site,
}

/// Accounts whose issuer the table links to `origin` and that have no site
/// for it yet (so no code goes to the page until the person confirms one).
pub fn suggestions(contents: &Contents, directory: &Directory, origin: &Origin) -> Vec<Suggestion> {
    contents
        .entries()
        .iter()
        .filter(|e| !is_for(e, origin))
        .filter_map(|e| {
            let site = directory.suggest(e.issuer.as_deref(), origin)?;
            Some(Suggestion { account: e.id().to_string(), issuer: e.issuer.clone(), label: e.label.clone(), site })
        })
        .take(MAX_RELEASED)
        .collect()
}

/// Why a suggested site was not added.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfirmError {
    /// The table does not link this account to the page (any more).
    #[error("Twofold suggests no site of this account for this page")]
    NotSuggested,
    /// The account is not in the vault.
    #[error("no such account")]
    NoSuchAccount,
    /// Saving failed.
    #[error(transparent)]
    Vault(#[from] VaultError),
}

/// Makes the suggested site of `account` for `origin` one of its sites: the
/// person confirmed it. Only a site the table suggests for that account and
/// that page can be added this way; anything else is refused.
pub fn confirm_suggestion(
    contents: &mut Contents,
    directory: &Directory,
    account: &str,
    origin: &Origin,
    now: u64,
) -> Result<Site, ConfirmError> {
    let id = EntryId::parse(account).ok_or(ConfirmError::NoSuchAccount)?;
    let entry = contents.get(&id).ok_or(ConfirmError::NoSuchAccount)?;
    if is_for(entry, origin) {
        return Err(ConfirmError::NotSuggested);
    }
    let site = directory.suggest(entry.issuer.as_deref(), origin).ok_or(ConfirmError::NotSuggested)?;
    let mut sites = entry.sites.clone();
    sites.push(site.clone());
    contents.set_sites(&id, sites, now)?;
    Ok(site)
}
