//! [`Host`]: the host part of a site or an origin, in the one form they are
//! compared in (ASCII, lower case, no trailing dot; IP addresses parsed).

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::SiteError;

/// A domain name (ASCII, punycode for international names) or an IP address.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Host {
    /// `github.com`, `xn--bcher-kva.de`, `localhost`.
    Domain(String),
    /// `192.0.2.1`, `::1`.
    Ip(IpAddr),
}

impl Host {
    /// Reads a host as written in a URL's authority: a domain (any case,
    /// Unicode or punycode, one trailing dot allowed), a dotted IPv4 address,
    /// or an IPv6 address in brackets.
    pub(crate) fn parse(text: &str) -> Result<Host, SiteError> {
        let not_a_host = || SiteError::NotAHost { text: shorten(text) };
        if let Some(inner) = text.strip_prefix('[') {
            let inner = inner.strip_suffix(']').ok_or_else(not_a_host)?;
            return inner.parse::<Ipv6Addr>().map(|ip| Host::Ip(IpAddr::V6(ip))).map_err(|_| not_a_host());
        }
        if let Ok(ip) = text.parse::<Ipv4Addr>() {
            return Ok(Host::Ip(IpAddr::V4(ip)));
        }
        let name = text.strip_suffix('.').unwrap_or(text);
        if name.is_empty() {
            return Err(not_a_host());
        }
        // UTS 46 with the STD3 rules: lower case, punycode, letters, digits and hyphens only, DNS lengths.
        let ascii = idna::domain_to_ascii_strict(name).map_err(|_| not_a_host())?;
        // A last label of digits is an attempt at an IPv4 address (URL standard), not a name.
        let last = ascii.rsplit('.').next().unwrap_or_default();
        if ascii.is_empty() || last.bytes().all(|b| b.is_ascii_digit()) {
            return Err(not_a_host());
        }
        Ok(Host::Domain(ascii))
    }

    /// This computer: `localhost`, a name under `.localhost`, or a loopback address.
    pub fn is_loopback(&self) -> bool {
        match self {
            Host::Domain(name) => name == "localhost" || name.ends_with(".localhost"),
            Host::Ip(ip) => ip.is_loopback(),
        }
    }

    /// The registrable domain (`gist.github.com` → `github.com`,
    /// `a.b.example.co.uk` → `example.co.uk`); `None` for an IP address and
    /// for a public suffix itself.
    pub fn registrable_domain(&self) -> Option<&str> {
        match self {
            Host::Domain(name) => psl::domain_str(name),
            Host::Ip(_) => None,
        }
    }
}

impl fmt::Display for Host {
    /// As in a URL: IPv6 addresses in brackets.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Host::Domain(name) => f.write_str(name),
            Host::Ip(IpAddr::V6(ip)) => write!(f, "[{ip}]"),
            Host::Ip(IpAddr::V4(ip)) => write!(f, "{ip}"),
        }
    }
}

/// True when `name` is `parent` or a name under it, label by label
/// (`a.github.com` is under `github.com`; `agithub.com` is not).
pub(crate) fn is_within(name: &str, parent: &str) -> bool {
    name == parent
        || name
            .strip_suffix(parent)
            .is_some_and(|head| head.ends_with('.'))
}

/// Input quoted in an error, cut to a readable length.
pub(crate) fn shorten(text: &str) -> String {
    const MAX: usize = 80;
    match text.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}
