//! Fingerprints of an Aegis entry's fields, and what a changed field does
//! to the Twofold account.
//!
//! Each backup is compared with the last one taken, field by field, by
//! fingerprint: a field the phone did not change leaves the account as it
//! is here (an edit made on this computer stays); a field the phone changed
//! takes the phone's value; the HOTP counter only ever goes up.

use std::collections::BTreeMap;

use data_encoding::HEXLOWER;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::import::ImportedAccount;
use crate::otp::{Otp, OtpKind};
use crate::vault::{Entry, EntryPatch};

/// The fields compared, in the order changes are reported.
pub(crate) const FIELDS: [&str; 8] = ["name", "issuer", "otp", "counter", "note", "favourite", "groups", "icon"];

/// A fingerprint of each field of `account` (SHA-256 of the field's name
/// and value, 16 bytes in hex). They are kept inside the encrypted vault.
pub(crate) fn fingerprints(account: &ImportedAccount) -> BTreeMap<String, String> {
    let a = &account.account;
    let otp = &a.otp;
    let mut out = BTreeMap::new();
    let mut put = |field: &str, value: &[u8]| {
        let mut hash = Sha256::new();
        hash.update(b"twofold/aegis-field/v1\0");
        hash.update(field.as_bytes());
        hash.update([0]);
        hash.update(value);
        out.insert(field.to_owned(), HEXLOWER.encode(&hash.finalize()[..16]));
    };
    put("name", a.label.as_bytes());
    put("issuer", &optional(a.issuer.as_deref()));
    let mut code = Zeroizing::new(Vec::new());
    code.extend_from_slice(otp.kind().as_str().as_bytes());
    code.push(0);
    code.extend_from_slice(otp.algorithm().as_str().as_bytes());
    code.push(0);
    code.push(otp.digits());
    code.extend_from_slice(&otp.period().unwrap_or(0).to_be_bytes());
    code.extend_from_slice(otp.secret().as_bytes());
    // The PIN makes the codes as the secret does (only mOTP and Yandex have one,
    // so the fingerprints of the other kinds, kept in vaults, stay as they were).
    if let Some(pin) = otp.pin() {
        code.push(0);
        code.extend_from_slice(pin.as_str().as_bytes());
    }
    put("otp", &code);
    put("counter", &otp.counter().map(u64::to_be_bytes).unwrap_or_default());
    put("note", &optional(account.note.as_deref()));
    put("favourite", &[u8::from(account.favourite)]);
    let mut groups = Vec::new();
    for g in &account.groups {
        groups.extend_from_slice(g.as_bytes());
        groups.push(0);
    }
    put("groups", &groups);
    put("icon", &optional(account.icon.as_deref()));
    out
}

/// `1 value` when present, `0` when not (so absent and empty differ).
fn optional(value: Option<&str>) -> Vec<u8> {
    match value {
        Some(v) => [&[1u8][..], v.as_bytes()].concat(),
        None => vec![0],
    }
}

/// The fields whose fingerprints differ (a field the old snapshot lacks counts as changed).
pub(crate) fn changed_fields(old: &BTreeMap<String, String>, new: &BTreeMap<String, String>) -> Vec<&'static str> {
    FIELDS.into_iter().filter(|f| old.get(*f) != new.get(*f)).collect()
}

/// The patch that gives `entry` the phone's value of each `changed` field,
/// and the names of what it really changes (nothing when this computer
/// already has the phone's values).
pub(crate) fn patch(entry: &Entry, theirs: &ImportedAccount, changed: &[&str]) -> (EntryPatch, Vec<&'static str>) {
    let mut patch = EntryPatch::default();
    let mut what = Vec::new();
    let mut otp: Option<Otp> = None;
    let account = &theirs.account;
    for field in changed {
        match *field {
            "name" if entry.label != account.label => {
                patch.label = Some(account.label.clone());
                what.push("name");
            }
            "issuer" if entry.issuer != account.issuer => {
                patch.issuer = Some(account.issuer.clone());
                what.push("issuer");
            }
            "otp" => {
                let (ours, new) = (&entry.otp, &account.otp);
                let mut next = new.clone();
                if ours.kind() == OtpKind::Hotp && new.kind() == OtpKind::Hotp && ours.secret() == new.secret() {
                    next.set_counter(ours.counter().unwrap_or(0).max(new.counter().unwrap_or(0)));
                }
                if next != *ours {
                    for (name, differs) in [
                        ("type", ours.kind() != next.kind()),
                        ("algorithm", ours.algorithm() != next.algorithm()),
                        ("digits", ours.digits() != next.digits()),
                        ("period", ours.period() != next.period()),
                        ("secret", ours.secret() != next.secret()),
                        ("pin", ours.pin() != next.pin()),
                        ("counter", ours.counter() != next.counter()),
                    ] {
                        if differs {
                            what.push(name);
                        }
                    }
                    otp = Some(next);
                }
            }
            "counter" => {
                let current = otp.as_ref().unwrap_or(&entry.otp);
                if let (Some(ours), Some(new)) = (current.counter(), account.otp.counter()) {
                    if new > ours && current.secret() == account.otp.secret() {
                        let mut next = current.clone();
                        next.set_counter(new);
                        otp = Some(next);
                        if !what.contains(&"counter") {
                            what.push("counter");
                        }
                    }
                }
            }
            "note" => {
                let note = theirs.note.clone().unwrap_or_default();
                if entry.note != note {
                    patch.note = Some(note);
                    what.push("note");
                }
            }
            "favourite" if entry.favourite != theirs.favourite => {
                patch.favourite = Some(theirs.favourite);
                what.push("favourite");
            }
            "groups" if entry.tags != theirs.groups => {
                patch.tags = Some(theirs.groups.clone());
                what.push("groups");
            }
            "icon" if entry.icon != theirs.icon => {
                patch.icon = Some(theirs.icon.clone());
                what.push("icon");
            }
            _ => {}
        }
    }
    patch.otp = otp;
    (patch, what)
}

/// Aegis' own rule for "the same account" (its import's `findDuplicates`):
/// the same issuer and the same secret.
pub(crate) fn same_account(entry: &Entry, theirs: &ImportedAccount) -> bool {
    entry.issuer.as_deref().unwrap_or("") == theirs.account.issuer.as_deref().unwrap_or("")
        && entry.otp.secret() == theirs.account.otp.secret()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::otp::Pin;
    use crate::{Account, Secret};

    fn yandex(pin: &str) -> ImportedAccount {
        let secret = Secret::from_base32_lenient("LA2V6KMCGYMWWVEW64RNP3JA3I").unwrap();
        let otp = Otp::yandex(secret, Pin::new(pin)).unwrap();
        ImportedAccount::new(Account { issuer: Some("Yandex".into()), label: "alice".into(), otp })
    }

    /// A PIN changed on the phone is a change of `otp`, taken with the rest of it and named `pin`.
    #[test]
    fn a_pin_changed_on_the_phone_follows_like_the_secret() {
        let (old, new) = (yandex("7586"), yandex("1234"));
        let changed = changed_fields(&fingerprints(&old), &fingerprints(&new));
        assert_eq!(changed, ["otp"]);
        let entry = Entry::new(old.account.clone(), 0).unwrap();
        let (patch, what) = patch(&entry, &new, &changed);
        assert_eq!(what, ["pin"]);
        assert_eq!(patch.otp.unwrap().pin().map(Pin::as_str), Some("1234"));
        assert!(same_account(&entry, &new), "the same account: the same issuer and secret");
        // The fingerprint of a kind without a PIN is what it was before PINs existed (computed
        // in Python from the recipe above: vaults keep these, so a change would flag every entry).
        let totp = Otp::totp(Secret::from_base32_lenient("JBSWY3DPEHPK3PXP").unwrap(), crate::Algorithm::Sha1, 6, 30).unwrap();
        let plain = ImportedAccount::new(Account { issuer: None, label: "a".into(), otp: totp });
        assert_eq!(fingerprints(&plain)["otp"], "ead4b9f24baeb4fd2395ebc8b3b31e37");
    }
}
