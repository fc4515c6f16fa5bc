//! [`Entry`]: one OTP account as the vault keeps it.
//!
//! The JSON is written and read by hand (not derived) for two reasons: the
//! secret is decoded straight from the decrypted buffer into a zeroizing
//! [`Secret`] (a derived `flatten` would first copy it into an ordinary
//! `String`), and fields a newer Twofold adds are kept in `extra` and written
//! back, so an older version never drops them. Sites this version cannot use
//! (say, a name the Public Suffix List has since made a public suffix) are
//! kept too, written back, and never matched.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::ids::EntryId;
use super::VaultError;
use crate::otp::{Algorithm, Otp, OtpKind, Pin};
use crate::sites::Site;
use crate::{Account, Secret};

/// One account in the vault.
///
/// `Debug` is safe to print: the secret inside [`Otp`] is redacted. Fields
/// are read here and changed through [`super::Contents`], which keeps
/// `modified` and the order right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    id: EntryId,
    /// The service ("GitHub"), when known.
    pub issuer: Option<String>,
    /// The account at that service ("alice@example.com").
    pub label: String,
    /// Kind, algorithm, digits, period or counter, and the secret.
    pub otp: Otp,
    /// Groups or tags, in the person's order.
    pub tags: Vec<String>,
    /// An icon name or data URI, as the front end chooses.
    pub icon: Option<String>,
    /// A free-text note.
    pub note: String,
    /// Shown first.
    pub favourite: bool,
    /// The web sites this account's codes may be filled into (see [`crate::sites`]).
    pub sites: Vec<Site>,
    /// Sites read from the file that are not valid sites (kept, never matched).
    unusable_sites: Vec<String>,
    created: u64,
    modified: u64,
    sort_order: u32,
    extra: BTreeMap<String, Value>,
}

/// Changes to an entry: each `Some` field replaces the entry's value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntryPatch {
    /// New issuer (`Some(None)` removes it).
    pub issuer: Option<Option<String>>,
    /// New label.
    pub label: Option<String>,
    /// New OTP parameters and secret.
    pub otp: Option<Otp>,
    /// New tags.
    pub tags: Option<Vec<String>>,
    /// New icon (`Some(None)` removes it).
    pub icon: Option<Option<String>>,
    /// New note.
    pub note: Option<String>,
    /// New favourite flag.
    pub favourite: Option<bool>,
    /// New sites (duplicates dropped; at most [`crate::sites::MAX_SITES_PER_ACCOUNT`]).
    pub sites: Option<Vec<Site>>,
}

impl Entry {
    /// A new entry for `account` with a random id, created at `now` (unix seconds).
    pub fn new(account: Account, now: u64) -> Result<Self, VaultError> {
        Ok(Entry {
            id: EntryId::random()?,
            issuer: account.issuer,
            label: account.label,
            otp: account.otp,
            tags: Vec::new(),
            icon: None,
            note: String::new(),
            favourite: false,
            sites: Vec::new(),
            unusable_sites: Vec::new(),
            created: now,
            modified: now,
            sort_order: 0,
            extra: BTreeMap::new(),
        })
    }

    /// The same entry under another id (one derived from where it came
    /// from, so two computers adding it make one record).
    pub(crate) fn with_id(mut self, id: EntryId) -> Self {
        self.id = id;
        self
    }

    /// The stable id.
    pub fn id(&self) -> &EntryId {
        &self.id
    }
    /// When it was added (unix seconds).
    pub fn created(&self) -> u64 {
        self.created
    }
    /// When it last changed (unix seconds).
    pub fn modified(&self) -> u64 {
        self.modified
    }
    /// Its place in the list (0 first).
    pub fn sort_order(&self) -> u32 {
        self.sort_order
    }
    /// Sites in the file that this version cannot use (shown, never matched).
    pub fn unusable_sites(&self) -> &[String] {
        &self.unusable_sites
    }

    /// The account, for export as a URI or QR code.
    pub fn account(&self) -> Account {
        Account {
            issuer: self.issuer.clone(),
            label: self.label.clone(),
            otp: self.otp.clone(),
        }
    }

    /// True when both make the same codes: same secret, PIN, kind,
    /// algorithm, digits and period (a HOTP counter may differ).
    pub fn same_generator(&self, otp: &Otp) -> bool {
        let o = &self.otp;
        o.kind() == otp.kind()
            && o.algorithm() == otp.algorithm()
            && o.digits() == otp.digits()
            && o.period() == otp.period()
            && o.secret() == otp.secret()
            && o.pin() == otp.pin()
    }

    /// True when `needle` (already lower case) is in the issuer or the label, ignoring case.
    pub(crate) fn matches(&self, needle: &str) -> bool {
        let hit = |s: &str| s.to_lowercase().contains(needle);
        self.issuer.as_deref().is_some_and(hit) || hit(&self.label)
    }

    pub(crate) fn apply(&mut self, patch: EntryPatch, now: u64) {
        let EntryPatch {
            issuer,
            label,
            otp,
            tags,
            icon,
            note,
            favourite,
            sites,
        } = patch;
        if let Some(v) = issuer {
            self.issuer = v;
        }
        if let Some(v) = label {
            self.label = v;
        }
        if let Some(v) = otp {
            self.otp = v;
        }
        if let Some(v) = tags {
            self.tags = v;
        }
        if let Some(v) = icon {
            self.icon = v;
        }
        if let Some(v) = note {
            self.note = v;
        }
        if let Some(v) = favourite {
            self.favourite = v;
        }
        if let Some(v) = sites {
            self.sites = dedup_sites(v);
        }
        self.touch(now);
    }

    pub(crate) fn touch(&mut self, now: u64) {
        self.modified = now;
    }

    pub(crate) fn set_sort_order(&mut self, order: u32) {
        self.sort_order = order;
    }
}

impl Serialize for Entry {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("id", &self.id)?;
        if let Some(issuer) = &self.issuer {
            map.serialize_entry("issuer", issuer)?;
        }
        map.serialize_entry("label", &self.label)?;
        map.serialize_entry("kind", &self.otp.kind())?;
        map.serialize_entry("algorithm", &self.otp.algorithm())?;
        map.serialize_entry("digits", &self.otp.digits())?;
        if let Some(period) = self.otp.period() {
            map.serialize_entry("period", &period)?;
        }
        if let Some(counter) = self.otp.counter() {
            map.serialize_entry("counter", &counter)?;
        }
        // The base32 text is zeroizing and lives only for this call.
        map.serialize_entry("secret", self.otp.secret().to_base32().as_str())?;
        if let Some(pin) = self.otp.pin() {
            map.serialize_entry("pin", pin.as_str())?;
        }
        map.serialize_entry("tags", &self.tags)?;
        if let Some(icon) = &self.icon {
            map.serialize_entry("icon", icon)?;
        }
        map.serialize_entry("note", &self.note)?;
        map.serialize_entry("favourite", &self.favourite)?;
        if !self.sites.is_empty() || !self.unusable_sites.is_empty() {
            let all: Vec<Cow<'_, str>> = self
                .sites
                .iter()
                .map(|s| Cow::Owned(s.to_string()))
                .chain(self.unusable_sites.iter().map(|s| Cow::Borrowed(s.as_str())))
                .collect();
            map.serialize_entry("sites", &all)?;
        }
        map.serialize_entry("created", &self.created)?;
        map.serialize_entry("modified", &self.modified)?;
        map.serialize_entry("sort_order", &self.sort_order)?;
        for (k, v) in &self.extra {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// A map key, borrowed from the input when it can be.
pub(crate) struct Key<'de>(pub Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
        }
        d.deserialize_str(V)
    }
}

/// A base32 secret, decoded without an intermediate `String`.
struct SecretField(Secret);

impl<'de> Deserialize<'de> for SecretField {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = SecretField;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a base32 secret")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                // The error names the problem, never the text.
                Secret::from_base32_lenient(v).map(SecretField).map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(EntryVisitor)
    }
}

struct EntryVisitor;

impl<'de> Visitor<'de> for EntryVisitor {
    type Value = Entry;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an account entry")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entry, A::Error> {
        let mut id = None;
        let mut issuer = None;
        let mut label = String::new();
        let mut kind = None;
        let mut algorithm = Algorithm::Sha1;
        let mut digits: u32 = 6;
        let mut period: u64 = 30;
        let mut counter: u64 = 0;
        let mut secret = None;
        let mut pin = None;
        let mut tags = Vec::new();
        let mut icon = None;
        let mut note = String::new();
        let mut favourite = false;
        let mut site_texts: Vec<String> = Vec::new();
        let (mut created, mut modified, mut sort_order) = (0u64, 0u64, 0u32);
        let mut extra = BTreeMap::new();
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            match key.as_ref() {
                "id" => id = Some(map.next_value::<EntryId>()?),
                "issuer" => issuer = map.next_value::<Option<String>>()?,
                "label" => label = map.next_value()?,
                "kind" => kind = Some(map.next_value::<OtpKind>()?),
                "algorithm" => algorithm = map.next_value()?,
                "digits" => digits = map.next_value()?,
                "period" => period = map.next_value()?,
                "counter" => counter = map.next_value()?,
                "secret" => secret = Some(map.next_value::<SecretField>()?.0),
                // Moved straight into the zeroizing `Pin`, never copied.
                "pin" => pin = Some(Pin::new(map.next_value::<String>()?)),
                "tags" => tags = map.next_value()?,
                "icon" => icon = map.next_value()?,
                "note" => note = map.next_value()?,
                "favourite" => favourite = map.next_value()?,
                "sites" => site_texts = map.next_value()?,
                "created" => created = map.next_value()?,
                "modified" => modified = map.next_value()?,
                "sort_order" => sort_order = map.next_value()?,
                _ => {
                    extra.insert(key.into_owned(), map.next_value::<Value>()?);
                }
            }
        }
        let id = id.ok_or_else(|| de::Error::missing_field("id"))?;
        let kind = kind.ok_or_else(|| de::Error::missing_field("kind"))?;
        let secret = secret.ok_or_else(|| de::Error::missing_field("secret"))?;
        let otp = match kind {
            OtpKind::Totp => Otp::totp(secret, algorithm, digits, period),
            OtpKind::Hotp => Otp::hotp(secret, algorithm, digits, counter),
            OtpKind::Steam => Otp::steam(secret),
            OtpKind::Motp | OtpKind::Yandex => {
                let pin = pin.ok_or_else(|| de::Error::custom(format_args!("account {id}: {} without its PIN", kind.display_name())))?;
                if kind == OtpKind::Motp {
                    Otp::motp(secret, pin)
                } else {
                    Otp::yandex(secret, pin)
                }
            }
        }
        .map_err(|e| de::Error::custom(format_args!("account {id}: {e}")))?;
        let (mut sites, mut unusable_sites) = (Vec::new(), Vec::new());
        for text in site_texts {
            match Site::parse(&text) {
                Ok(site) => sites.push(site),
                Err(_) => unusable_sites.push(text),
            }
        }
        let sites = dedup_sites(sites);
        Ok(Entry {
            id,
            issuer,
            label,
            otp,
            tags,
            icon,
            note,
            favourite,
            sites,
            unusable_sites,
            created,
            modified,
            sort_order,
            extra,
        })
    }
}

/// Sites in their first order, each once.
pub(crate) fn dedup_sites(sites: Vec<Site>) -> Vec<Site> {
    let mut out: Vec<Site> = Vec::with_capacity(sites.len());
    for site in sites {
        if !out.contains(&site) {
            out.push(site);
        }
    }
    out
}
