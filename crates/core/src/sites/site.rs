//! [`Site`]: where one account's codes may go, and the rule that decides it.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::host::{is_within, shorten, Host};
use super::origin::{split_port, Origin};

/// Longest text read as a site or an origin (a pasted URL with its path is fine).
const MAX_INPUT: usize = 2048;

/// Why a text is not a site (or an origin).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SiteError {
    /// Nothing was given.
    #[error("no site given")]
    Empty,
    /// Far longer than any web address.
    #[error("that is too long to be a web address")]
    TooLong,
    /// Neither a domain nor an IP address.
    #[error("“{text}” is not a web address; give a domain like github.com or an IP address")]
    NotAHost {
        /// The host part, as given (shortened).
        text: String,
    },
    /// A name of one label, such as `intranet`.
    #[error("“{name}” is not a full domain; give one like github.com")]
    SingleLabel {
        /// The name.
        name: String,
    },
    /// A public suffix: many owners register names under it.
    #[error("{name} is a public suffix, shared by everyone who registers a name under it; give the site's own domain (like alice.github.io or example.co.uk)")]
    PublicSuffix {
        /// The suffix.
        name: String,
    },
    /// A port that is not a number from 1 to 65535.
    #[error("“{text}” is not a port (1 to 65535)")]
    BadPort {
        /// The port, as given (shortened).
        text: String,
    },
    /// A scheme other than `https` or `http`.
    #[error("only https (and http on this computer) web addresses have sites; “{scheme}” is not one")]
    NotWeb {
        /// The scheme, as given (shortened).
        scheme: String,
    },
    /// A user name or password in the address.
    #[error("a web address with a user name or password in it is not accepted")]
    Credentials,
    /// An origin with more than `scheme://host:port` (or an opaque `null` origin).
    #[error("“{text}” is not an origin (scheme://host, with an optional port)")]
    NotAnOrigin {
        /// The text, as given (shortened).
        text: String,
    },
}

/// A host (and optionally a port) that one account's codes may be released to.
///
/// Made only by [`Site::parse`], so every `Site` is a valid domain that is
/// not a public suffix, or an IP address, in ASCII.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Site {
    host: Host,
    port: Option<u16>,
}

impl Site {
    /// Reads a site as a person gives it: `github.com`, `GitHub.com.`,
    /// `bücher.de`, `https://github.com/login` (the scheme and path are
    /// dropped), `localhost:8080`, `192.0.2.1`, `[::1]:8443`. Port 443 is the
    /// default and is dropped.
    pub fn parse(text: &str) -> Result<Site, SiteError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(SiteError::Empty);
        }
        if text.len() > MAX_INPUT {
            return Err(SiteError::TooLong);
        }
        let rest = match text.split_once("://") {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http") => rest,
            Some((scheme, _)) => return Err(SiteError::NotWeb { scheme: shorten(scheme) }),
            None => text,
        };
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        if authority.contains('@') {
            return Err(SiteError::Credentials);
        }
        // A bare IPv6 address (`::1`) is accepted without its brackets.
        if authority.matches(':').count() > 1 && !authority.starts_with('[') {
            if let Ok(ip) = authority.parse::<std::net::Ipv6Addr>() {
                return Ok(Site { host: Host::Ip(ip.into()), port: None });
            }
        }
        let (host, port) = split_port(authority)?;
        let host = Host::parse(host)?;
        if let Host::Domain(name) = &host {
            check_not_suffix(name)?;
        }
        Ok(Site { host, port: port.filter(|&p| p != 443) })
    }

    /// The host.
    pub fn host(&self) -> &Host {
        &self.host
    }

    /// The port, when the site is on a port other than the default.
    pub fn port(&self) -> Option<u16> {
        self.port
    }

    /// Whether a code of this site's account may go to `origin`: the
    /// module's rule ([`crate::sites`]), and nothing looser.
    pub fn matches(&self, origin: &Origin) -> bool {
        if !origin.is_secure() {
            return false;
        }
        let port = self.port.unwrap_or_else(|| origin.scheme().default_port());
        if origin.port() != port {
            return false;
        }
        match (&self.host, origin.host()) {
            (Host::Ip(site), Host::Ip(asked)) => site == asked,
            (Host::Domain(site), Host::Domain(asked)) => {
                if asked == site {
                    return true;
                }
                // A subdomain, owned by the same registrant: the asked name's
                // registrable domain is the site or above it. So `github.com`
                // never reaches into a private suffix under it
                // (`x.s3.amazonaws.com` is not `amazonaws.com`'s).
                is_within(asked, site)
                    && check_not_suffix(site).is_ok()
                    && origin.host().registrable_domain().is_some_and(|owner| is_within(site, owner))
            }
            _ => false,
        }
    }
}

/// Refuses a public suffix (and a single-label name other than `localhost`).
fn check_not_suffix(name: &str) -> Result<(), SiteError> {
    if name == "localhost" {
        return Ok(());
    }
    if !name.contains('.') {
        return Err(SiteError::SingleLabel { name: name.to_owned() });
    }
    match psl::domain_str(name) {
        Some(_) => Ok(()),
        None => Err(SiteError::PublicSuffix { name: name.to_owned() }),
    }
}

impl fmt::Display for Site {
    /// `github.com`, `localhost:8080`, `[::1]:8443`: what [`Site::parse`] reads back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.host)?;
        if let Some(port) = self.port {
            write!(f, ":{port}")?;
        }
        Ok(())
    }
}

impl std::str::FromStr for Site {
    type Err = SiteError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Site::parse(s)
    }
}

impl Serialize for Site {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Site {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(d)?;
        Site::parse(&text).map_err(serde::de::Error::custom)
    }
}
