//! Pairing: a browser asks, the person approves in the app's window (or with
//! `twofold browser approve`), and from then on the browser proves itself
//! with a token only it and the vault know.
//!
//! 1. The extension sends `pair_request` with the browser's name. The app
//!    keeps a [`PendingPairing`] in memory: a new pairing id, a random
//!    256-bit token and a six-digit code. The extension shows the code.
//! 2. The window (or the CLI) shows the same code with the browser's name.
//!    Approving writes a [`Pairing`] into the vault: the id, the names and
//!    the token's SHA-256, never the token itself.
//! 3. The extension polls; once the vault holds a pairing with that id and
//!    hash, the app hands it the token, once. Every later request carries the
//!    id and token ([`Credentials`]), checked by [`authenticate`].
//!
//! Revoking is removing the pairing from the vault.

use std::fmt;

use data_encoding::HEXLOWER;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::vault::{random_bytes, PairingId, VaultError};

/// How long a pairing request waits for the person, in seconds.
pub const PAIRING_TTL_SECONDS: u64 = 300;
/// The most requests waiting at once (the oldest gives way).
pub const MAX_PENDING: usize = 4;
/// The longest browser or extension name kept.
const MAX_NAME: usize = 100;

/// One paired browser, as the vault keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pairing {
    /// Its id, which the extension sends with each request.
    pub id: PairingId,
    /// The name the browser gave ("Chromium", "Firefox").
    pub browser: String,
    /// The extension as the browser named it to the host
    /// (`chrome-extension://…/` or a Firefox add-on id), or `unknown`.
    pub extension: String,
    /// SHA-256 of the token, 64 hex digits.
    #[serde(with = "hex32")]
    token_sha256: [u8; 32],
    /// When it was approved (Unix seconds).
    pub created: u64,
    /// Fields a newer Twofold added, kept.
    #[serde(flatten)]
    extra: std::collections::BTreeMap<String, Value>,
}

impl Pairing {
    /// The pairing a pending request becomes when approved.
    pub fn approve(pending: &PendingView, now: u64) -> Pairing {
        Pairing {
            id: pending.pairing,
            browser: pending.browser.clone(),
            extension: pending.extension.clone(),
            token_sha256: pending.token_sha256,
            created: now,
            extra: Default::default(),
        }
    }

    /// Whether `token` is this pairing's (compared in constant time).
    pub fn accepts(&self, token: &PairingToken) -> bool {
        constant_time_eq(&self.token_sha256, &token.sha256())
    }
}

/// The secret a paired extension keeps: 32 random bytes as 64 hex digits.
/// `Debug` prints nothing of it; the text is zeroized when dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct PairingToken(Zeroizing<String>);

impl PairingToken {
    /// A new random token.
    pub fn generate() -> Result<PairingToken, VaultError> {
        let bytes = Zeroizing::new(random_bytes::<32>()?);
        Ok(PairingToken(Zeroizing::new(HEXLOWER.encode(bytes.as_ref()))))
    }

    /// The token's text, to send it once to the extension.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// SHA-256 of the text.
    pub fn sha256(&self) -> [u8; 32] {
        Sha256::digest(self.0.as_bytes()).into()
    }
}

impl fmt::Debug for PairingToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PairingToken(..)")
    }
}

impl Serialize for PairingToken {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for PairingToken {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = Zeroizing::new(String::deserialize(d)?);
        if text.len() > 128 {
            return Err(serde::de::Error::custom("a pairing token is at most 128 characters"));
        }
        Ok(PairingToken(text))
    }
}

/// What a paired extension sends with each request: its pairing id and token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Credentials {
    /// The pairing id (32 hex digits).
    pub id: String,
    /// The token the app gave it.
    pub token: PairingToken,
}

/// The pairing these credentials prove, if any.
pub fn authenticate<'a>(pairings: &'a [Pairing], credentials: &Credentials) -> Option<&'a Pairing> {
    let id = PairingId::parse(&credentials.id)?;
    pairings.iter().find(|p| p.id == id).filter(|p| p.accepts(&credentials.token))
}

fn constant_time_eq(a: &[u8; 32], b: &[u8; 32]) -> bool {
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A pairing request waiting for the person, kept by the app in memory.
#[derive(Debug)]
pub struct PendingPairing {
    view: PendingView,
    token: PairingToken,
    refused: bool,
    /// Approved in the window: no longer shown there, kept until the browser
    /// polls for its token.
    approved: bool,
}

/// What may be shown of a pending request (no token).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingView {
    /// The request's id, which the extension polls with.
    pub request: String,
    /// The pairing id it becomes.
    pub pairing: PairingId,
    /// Six digits, shown by the extension and by the app.
    pub code: String,
    /// The browser's name, as it gave it.
    pub browser: String,
    /// The extension, as the browser named it to the host.
    pub extension: String,
    /// SHA-256 of the token the extension will get.
    #[serde(with = "hex32")]
    pub token_sha256: [u8; 32],
    /// When it was asked (Unix seconds).
    pub asked: u64,
}

impl PendingView {
    /// The code as people read it: `482 917`.
    pub fn spaced_code(&self) -> String {
        spaced(&self.code)
    }
}

/// The code in two groups of three.
pub fn spaced(code: &str) -> String {
    match code.len() {
        6 => format!("{} {}", &code[..3], &code[3..]),
        _ => code.to_owned(),
    }
}

/// What a poll learns about a request.
#[derive(Debug, PartialEq, Eq)]
pub enum PollOutcome {
    /// Still waiting for the person.
    Waiting {
        /// The code to keep showing.
        code: String,
    },
    /// Approved: the token, given out this once.
    Approved {
        /// The pairing id.
        pairing: PairingId,
        /// The extension's token.
        token: PairingToken,
    },
    /// The person said no.
    Refused,
    /// No such request (it expired, or was never made).
    Unknown,
}

/// The requests waiting for the person.
#[derive(Debug, Default)]
pub struct PendingPairings {
    items: Vec<PendingPairing>,
}

impl PendingPairings {
    /// A new request from `browser` (the name it gives) through `extension`
    /// (as the host was told by the browser).
    pub fn request(&mut self, browser: &str, extension: &str, now: u64) -> Result<PendingView, VaultError> {
        self.expire(now);
        if self.items.len() >= MAX_PENDING {
            self.items.remove(0);
        }
        let token = PairingToken::generate()?;
        let view = PendingView {
            request: HEXLOWER.encode(&random_bytes::<16>()?),
            pairing: PairingId::random()?,
            code: six_digits()?,
            browser: clean_name(browser, "a browser"),
            extension: clean_name(extension, "unknown"),
            token_sha256: token.sha256(),
            asked: now,
        };
        self.items.push(PendingPairing { view: view.clone(), token, refused: false, approved: false });
        Ok(view)
    }

    /// The requests still waiting (not refused, not expired), oldest first.
    pub fn waiting(&mut self, now: u64) -> Vec<PendingView> {
        self.expire(now);
        self.items.iter().filter(|p| !p.refused && !p.approved).map(|p| p.view.clone()).collect()
    }

    /// The window approved `request` (and kept the pairing): it stops asking,
    /// and its next poll hands the browser its token.
    pub fn mark_approved(&mut self, request: &str) {
        if let Some(p) = self.items.iter_mut().find(|p| p.view.request == request) {
            p.approved = true;
        }
    }

    /// The request `request` refers to, if waiting.
    pub fn get(&mut self, request: &str, now: u64) -> Option<PendingView> {
        self.waiting(now).into_iter().find(|v| v.request == request)
    }

    /// Says no to a request; its next poll learns it.
    pub fn refuse(&mut self, request: &str) -> bool {
        match self.items.iter_mut().find(|p| p.view.request == request && !p.refused) {
            Some(p) => {
                p.refused = true;
                true
            }
            None => false,
        }
    }

    /// The state of a request, given the vault's pairings (`None` when the
    /// vault is locked: then an approval cannot be seen yet). An approved or
    /// refused request is forgotten once its poll has told it.
    pub fn poll(&mut self, request: &str, pairings: Option<&[Pairing]>, now: u64) -> PollOutcome {
        self.expire(now);
        let Some(index) = self.items.iter().position(|p| p.view.request == request) else {
            return PollOutcome::Unknown;
        };
        let item = &self.items[index];
        if item.refused {
            self.items.remove(index);
            return PollOutcome::Refused;
        }
        let approved = pairings
            .unwrap_or_default()
            .iter()
            .any(|p| p.id == item.view.pairing && p.accepts(&item.token));
        if !approved {
            return PollOutcome::Waiting { code: item.view.code.clone() };
        }
        let item = self.items.remove(index);
        PollOutcome::Approved { pairing: item.view.pairing, token: item.token }
    }

    fn expire(&mut self, now: u64) {
        self.items.retain(|p| now.saturating_sub(p.view.asked) < PAIRING_TTL_SECONDS);
    }
}

/// A name as given, without control characters, trimmed and bounded.
fn clean_name(name: &str, default: &str) -> String {
    let clean: String = name.chars().filter(|c| !c.is_control()).take(MAX_NAME).collect();
    let clean = clean.trim();
    if clean.is_empty() {
        default.to_owned()
    } else {
        clean.to_owned()
    }
}

/// Six uniformly random digits.
fn six_digits() -> Result<String, VaultError> {
    // Reject the top of the u32 range so every code is equally likely.
    const LIMIT: u32 = u32::MAX - u32::MAX % 1_000_000;
    loop {
        let n = u32::from_le_bytes(random_bytes::<4>()?);
        if n < LIMIT {
            return Ok(format!("{:06}", n % 1_000_000));
        }
    }
}

/// 32 bytes as 64 hex digits in JSON.
mod hex32 {
    use data_encoding::{HEXLOWER, HEXLOWER_PERMISSIVE};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8; 32], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&HEXLOWER.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 32], D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(d)?;
        HEXLOWER_PERMISSIVE
            .decode(text.as_bytes())
            .ok()
            .and_then(|v| <[u8; 32]>::try_from(v).ok())
            .ok_or_else(|| serde::de::Error::custom("a SHA-256 must be 64 hex digits"))
    }
}
