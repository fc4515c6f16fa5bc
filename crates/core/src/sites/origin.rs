//! [`Origin`]: where a browser says a frame comes from, `scheme://host[:port]`.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::host::{shorten, Host};
use super::SiteError;

/// `https` or `http`; other schemes (`file:`, `chrome-extension:`, …) have no origin here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// TLS.
    Https,
    /// Plain text: only ever matched on this computer.
    Http,
}

impl Scheme {
    /// 443 or 80.
    pub fn default_port(self) -> u16 {
        match self {
            Scheme::Https => 443,
            Scheme::Http => 80,
        }
    }

    /// `https` or `http`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Https => "https",
            Scheme::Http => "http",
        }
    }
}

/// A web origin, as the browser reports it for a frame (`sender.origin`):
/// scheme, host and port, nothing else.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Origin {
    scheme: Scheme,
    host: Host,
    /// Always explicit: the scheme's default when the origin names none.
    port: u16,
}

impl Origin {
    /// Reads `https://github.com`, `http://localhost:8080`, `https://[::1]:8443`
    /// (a trailing `/` is allowed, nothing more). A path, a user name, an
    /// opaque origin (`null`) or another scheme is refused.
    pub fn parse(text: &str) -> Result<Origin, SiteError> {
        let not_origin = || SiteError::NotAnOrigin { text: shorten(text) };
        if text.len() > 2048 {
            return Err(SiteError::TooLong);
        }
        let (scheme, rest) = text.split_once("://").ok_or_else(not_origin)?;
        let scheme = if scheme.eq_ignore_ascii_case("https") {
            Scheme::Https
        } else if scheme.eq_ignore_ascii_case("http") {
            Scheme::Http
        } else {
            return Err(SiteError::NotWeb { scheme: shorten(scheme) });
        };
        let authority = rest.strip_suffix('/').unwrap_or(rest);
        if authority.contains('@') {
            return Err(SiteError::Credentials);
        }
        if authority.is_empty() || authority.contains(['/', '?', '#', '\\']) {
            return Err(not_origin());
        }
        let (host, port) = split_port(authority)?;
        Ok(Origin {
            scheme,
            host: Host::parse(host)?,
            port: port.unwrap_or_else(|| scheme.default_port()),
        })
    }

    /// `https` or `http`.
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// The host.
    pub fn host(&self) -> &Host {
        &self.host
    }

    /// The port (the scheme's default when none was written).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Whether this origin may receive codes at all: `https`, or `http` on this computer.
    pub fn is_secure(&self) -> bool {
        self.scheme == Scheme::Https || self.host.is_loopback()
    }
}

/// Splits `host[:port]` (IPv6 hosts in brackets); an empty port is none.
pub(crate) fn split_port(authority: &str) -> Result<(&str, Option<u16>), SiteError> {
    let (host, port) = match authority.rfind(':') {
        // A colon inside `[…]` belongs to an IPv6 address.
        Some(at) if !authority[at..].contains(']') => (&authority[..at], &authority[at + 1..]),
        _ => (authority, ""),
    };
    if port.is_empty() {
        return Ok((host, None));
    }
    let bad = || SiteError::BadPort { text: shorten(port) };
    if !port.bytes().all(|b| b.is_ascii_digit()) || port.len() > 5 {
        return Err(bad());
    }
    match port.parse::<u16>() {
        Ok(0) | Err(_) => Err(bad()),
        Ok(p) => Ok((host, Some(p))),
    }
}

impl fmt::Display for Origin {
    /// The serialized origin: `https://github.com`, `http://localhost:8080`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}", self.scheme.as_str(), self.host)?;
        if self.port != self.scheme.default_port() {
            write!(f, ":{}", self.port)?;
        }
        Ok(())
    }
}

impl Serialize for Origin {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Origin {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(d)?;
        Origin::parse(&text).map_err(serde::de::Error::custom)
    }
}
