//! Which web sites an account's codes may be released to.
//!
//! Each account keeps a list of [`Site`]s the person confirmed. A browser
//! asking for codes names the [`Origin`] it reports for the frame
//! (`https://github.com`, never what the page says), and [`Site::matches`]
//! decides, with the Public Suffix List (the `psl` crate):
//!
//! - the origin must be `https`; `http` only for localhost (the name
//!   `localhost`, its subdomains, and loopback addresses);
//! - a domain site matches its own host and its subdomains, but never across a
//!   public suffix: `github.com` matches `gist.github.com`, not
//!   `attacker.github.io`, `github.com.evil.test` or `githab.com`; a public
//!   suffix (`github.io`, `co.uk`) is never a site at all;
//! - an IP address matches only itself;
//! - a site without a port matches the scheme's default port only, a site
//!   with a port that port only;
//! - international names are compared in their ASCII (punycode) form, so
//!   `xn--gthub-n4a.com` is not `github.com`.
//!
//! There is no fuzzy, substring or page-title matching anywhere; issuer names
//! only *suggest* a site ([`directory`]), which becomes one when the person
//! confirms it.

pub mod directory;
mod host;
mod origin;
mod site;

#[cfg(test)]
mod tests;

pub use host::Host;
pub use origin::{Origin, Scheme};
pub use site::{Site, SiteError};

/// The most sites one account keeps (a bound on what a vault or a request carries).
pub const MAX_SITES_PER_ACCOUNT: usize = 64;
