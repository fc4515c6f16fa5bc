//! The accounts model and its operations; forward compatibility of the JSON.

use super::*;
use crate::otp::OtpKind;

const NOW: u64 = 1_800_000_000;

#[test]
fn add_skips_exact_duplicates_and_says_which() {
    let mut c = sample_contents();
    let github = *c.entries()[0].id();
    let report = c
        .add_all(
            [
                account("GitHub (again)", "other label", "JBSWY3DPEHPK3PXP"),
                account("New", "n", "KRSXG5CTMVRXEZLU"),
                account("New twice", "n", "KRSXG5CTMVRXEZLU"),
            ],
            NOW,
        )
        .unwrap();
    assert_eq!(report.added.len(), 1);
    assert_eq!(
        report.duplicates,
        vec![
            Duplicate {
                index: 0,
                existing: github
            },
            Duplicate {
                index: 2,
                existing: report.added[0]
            }
        ]
    );
    // Same secret, other digits: not a duplicate.
    let mut eight = account("GitHub", "8 digits", "JBSWY3DPEHPK3PXP");
    eight.otp = Otp::totp(eight.otp.secret().clone(), Algorithm::Sha1, 8, 30).unwrap();
    assert!(matches!(c.add(eight, NOW).unwrap(), AddOutcome::Added(_)));
    assert_eq!(c.len(), 4);
}

#[test]
fn rename_update_find_reorder_remove() {
    let mut c = sample_contents();
    c.add(account("Gitlab", "bob", "KRSXG5CTMVRXEZLU"), NOW).unwrap();
    let ids: Vec<EntryId> = c.entries().iter().map(|e| *e.id()).collect();
    c.rename(&ids[0], Some("GitHub Inc".into()), "alice".into(), NOW + 5)
        .unwrap();
    assert_eq!(c.get(&ids[0]).unwrap().issuer.as_deref(), Some("GitHub Inc"));
    assert_eq!(c.get(&ids[0]).unwrap().modified(), NOW + 5);
    c.update(
        &ids[1],
        EntryPatch {
            tags: Some(vec!["money".into()]),
            favourite: Some(true),
            note: Some("n".into()),
            ..Default::default()
        },
        NOW,
    )
    .unwrap();
    let bank = c.get(&ids[1]).unwrap();
    assert!(bank.favourite && bank.tags == ["money"] && bank.note == "n");
    let found: Vec<&str> = c.find("GIT").iter().map(|e| e.label.as_str()).collect();
    assert_eq!(found, ["alice", "bob"]);
    assert_eq!(c.find("").len(), 3);
    assert!(c.find("nothing").is_empty());
    c.reorder(&[ids[2], ids[0]]).unwrap();
    let order: Vec<EntryId> = c.entries().iter().map(|e| *e.id()).collect();
    assert_eq!(order, [ids[2], ids[0], ids[1]]);
    assert!(c
        .entries()
        .iter()
        .enumerate()
        .all(|(i, e)| e.sort_order() as usize == i));
    c.move_entry(&ids[1], 0).unwrap();
    assert_eq!(c.entries()[0].id(), &ids[1]);
    let removed = c.remove(&ids[2]).unwrap();
    assert_eq!(removed.label, "bob");
    assert!(matches!(c.remove(&ids[2]), Err(VaultError::NoSuchEntry { .. })));
    assert!(matches!(c.reorder(&[ids[2]]), Err(VaultError::NoSuchEntry { .. })));
}

#[test]
fn hotp_counter_increments() {
    let mut c = sample_contents();
    let (totp, hotp) = (*c.entries()[0].id(), *c.entries()[1].id());
    let code_before = c.get(&hotp).unwrap().otp.code_at(0);
    assert_eq!(c.increment_counter(&hotp, NOW).unwrap(), 8);
    assert_eq!(c.get(&hotp).unwrap().otp.counter(), Some(8));
    assert_ne!(c.get(&hotp).unwrap().otp.code_at(0), code_before);
    assert!(matches!(c.increment_counter(&totp, NOW), Err(VaultError::NotHotp)));
}

#[test]
fn json_round_trip_keeps_every_field() {
    let mut c = sample_contents();
    let id = *c.entries()[0].id();
    c.update(
        &id,
        EntryPatch {
            icon: Some(Some("github".into())),
            tags: Some(vec!["work".into(), "dev".into()]),
            ..Default::default()
        },
        NOW,
    )
    .unwrap();
    let mut steam = account("Steam", "gaben", "JBSWY3DPEHPK3PXP");
    steam.otp = Otp::steam(Secret::from_base32_lenient("GEZDGNBVGY3TQOJQ").unwrap()).unwrap();
    c.add(steam, NOW).unwrap();
    c.settings.clipboard_clear_seconds = 12;
    let json = serde_json::to_string(&c).unwrap();
    let back: Contents = serde_json::from_str(&json).unwrap();
    assert_eq!(back, c);
    assert_eq!(back.entries()[2].otp.kind(), OtpKind::Steam);
    assert_eq!(back.entries()[1].otp.counter(), Some(7));
}

#[test]
fn unknown_fields_survive_a_round_trip() {
    let json = r#"{
        "accounts": [{"id": "000102030405060708090a0b0c0d0e0f", "kind": "totp", "secret": "JBSWY3DPEHPK3PXP",
                      "label": "x", "colour": "teal", "nested": {"a": [1, 2]}}],
        "settings": {"auto_lock_minutes": 3, "theme": "dark"},
        "folders": ["a", "b"]
    }"#;
    let c: Contents = serde_json::from_str(json).unwrap();
    assert_eq!(c.settings.auto_lock_minutes, 3);
    assert_eq!(c.settings.clipboard_clear_seconds, 30, "missing settings take defaults");
    // Through a real vault: save it, change something, read it back.
    let dir = TempDir::new();
    let store = VaultStore::<Contents>::new(dir.vault());
    let unlocked = store
        .create(
            &c,
            &[NewSlot::Password {
                password: "p",
                params: CHEAP,
            }],
        )
        .unwrap();
    store
        .update(&unlocked, |c| {
            c.add(account("Other", "o", "KRSXG5CTMVRXEZLU"), NOW).map(|_| ())
        })
        .unwrap();
    let loaded = store.load(&unlocked).unwrap();
    let out: serde_json::Value = serde_json::to_value(&loaded.contents).unwrap();
    assert_eq!(out["folders"], serde_json::json!(["a", "b"]));
    assert_eq!(out["settings"]["theme"], "dark");
    assert_eq!(out["accounts"][0]["colour"], "teal");
    assert_eq!(out["accounts"][0]["nested"], serde_json::json!({"a": [1, 2]}));
    assert_eq!(out["accounts"][1]["issuer"], "Other");
}

#[test]
fn invalid_entries_are_named_without_their_secret() {
    let bad = r#"{"accounts": [{"id": "000102030405060708090a0b0c0d0e0f", "kind": "totp", "secret": "JBSWY3DPEHPK3PXP", "digits": 12}]}"#;
    let err = serde_json::from_str::<Contents>(bad).unwrap_err().to_string();
    assert!(err.contains("12 digits") && !err.contains("JBSWY3DP"), "{err}");
    let bad_secret =
        r#"{"accounts": [{"id": "000102030405060708090a0b0c0d0e0f", "kind": "totp", "secret": "SECRET-0189"}]}"#;
    let err = serde_json::from_str::<Contents>(bad_secret).unwrap_err().to_string();
    assert!(!err.contains("SECRET"), "{err}");
}

#[test]
fn sites_are_kept_and_old_vaults_have_none() {
    // A vault written before sites existed opens, with no sites and no pairings.
    let old = r#"{"accounts": [{"id": "000102030405060708090a0b0c0d0e0f", "kind": "totp", "secret": "JBSWY3DPEHPK3PXP", "label": "x"}],
                  "settings": {}}"#;
    let mut c: Contents = serde_json::from_str(old).unwrap();
    let id = *c.entries()[0].id();
    assert!(c.entries()[0].sites.is_empty() && c.pairings.is_empty());
    // And writes no `sites` key until there is one.
    assert!(serde_json::to_value(&c).unwrap()["accounts"][0].get("sites").is_none());

    let sites = ["github.com", "GitHub.com", "localhost:8080"].map(|s| crate::sites::Site::parse(s).unwrap());
    c.set_sites(&id, sites.to_vec(), NOW).unwrap();
    assert_eq!(c.entries()[0].sites.len(), 2, "duplicates are dropped");
    let json = serde_json::to_value(&c).unwrap();
    assert_eq!(json["accounts"][0]["sites"], serde_json::json!(["github.com", "localhost:8080"]));
    let back: Contents = serde_json::from_value(json).unwrap();
    assert_eq!(back, c);

    let too_many: Vec<_> = (0..=crate::sites::MAX_SITES_PER_ACCOUNT)
        .map(|i| crate::sites::Site::parse(&format!("s{i}.example.com")).unwrap())
        .collect();
    assert!(matches!(c.set_sites(&id, too_many, NOW), Err(VaultError::TooManySites { .. })));
    assert_eq!(c.entries()[0].sites.len(), 2, "a refused change changes nothing");
}

#[test]
fn a_site_this_version_cannot_use_is_kept_but_never_used() {
    let json = r#"{"accounts": [{"id": "000102030405060708090a0b0c0d0e0f", "kind": "totp", "secret": "JBSWY3DPEHPK3PXP",
                   "label": "x", "sites": ["github.com", "github.io", "*.example.com"]}]}"#;
    let c: Contents = serde_json::from_str(json).unwrap();
    let e = &c.entries()[0];
    assert_eq!(e.sites.iter().map(|s| s.to_string()).collect::<Vec<_>>(), ["github.com"]);
    assert_eq!(e.unusable_sites(), ["github.io", "*.example.com"]);
    let out = serde_json::to_value(&c).unwrap();
    assert_eq!(out["accounts"][0]["sites"], serde_json::json!(["github.com", "github.io", "*.example.com"]));
}

#[test]
fn pairings_round_trip_and_revoke() {
    let mut c = sample_contents();
    let mut pending = crate::browser::pairing::PendingPairings::default();
    let view = pending.request("Chromium", "chrome-extension://abc/", NOW).unwrap();
    let pairing = crate::browser::Pairing::approve(&view, NOW);
    assert!(c.add_pairing(pairing.clone()));
    assert!(!c.add_pairing(pairing.clone()), "the same pairing once");
    let json = serde_json::to_value(&c).unwrap();
    assert_eq!(json["browser_pairings"][0]["browser"], "Chromium");
    assert_eq!(json["browser_pairings"][0]["token_sha256"].as_str().unwrap().len(), 64);
    let back: Contents = serde_json::from_value(json).unwrap();
    assert_eq!(back.pairings, c.pairings);
    assert_eq!(c.revoke_pairing(&pairing.id).unwrap().browser, "Chromium");
    assert!(matches!(c.revoke_pairing(&pairing.id), Err(VaultError::NoSuchPairing { .. })));
    assert!(serde_json::to_value(&c).unwrap().get("browser_pairings").is_none());
}

/// mOTP and Yandex accounts keep their kind and PIN in the vault, and a sync record holds the PIN
/// inside `otp`, beside the secret, so the two always travel (and merge) together.
#[test]
fn motp_and_yandex_keep_their_pin_in_the_vault_and_in_sync_records() {
    use crate::otp::Pin;
    use crate::sync::Synced;
    let mut c = sample_contents();
    let mut motp = account("Bank", "m", "JBSWY3DPEHPK3PXP");
    motp.otp = Otp::motp(Secret::from_bytes(vec![0xe3, 0x15, 0x2a, 0xfe, 0xe6, 0x25, 0x99, 0xc8]), Pin::new("1234")).unwrap();
    let mut yandex = account("Yandex", "y", "JBSWY3DPEHPK3PXP");
    yandex.otp = Otp::yandex(Secret::from_base32_lenient("LA2V6KMCGYMWWVEW64RNP3JA3I").unwrap(), Pin::new("7586")).unwrap();
    c.add(motp, NOW).unwrap();
    c.add(yandex, NOW).unwrap();
    let json = serde_json::to_value(&c).unwrap();
    assert_eq!(json["accounts"][2]["kind"], "motp");
    assert_eq!(json["accounts"][2]["pin"], "1234");
    assert_eq!(json["accounts"][3]["kind"], "yandex");
    assert!(json["accounts"][0].get("pin").is_none(), "TOTP entries have no pin field");
    let back: Contents = serde_json::from_value(json).unwrap();
    assert_eq!(back, c);
    assert_eq!(back.entries()[2].otp.code_at(165_892_298), "e7d8b6");
    assert_eq!(back.entries()[3].otp.code_at(1_581_064_020), "oactmacq");

    let records = c.records().unwrap();
    let key = format!("a:{}", c.entries()[3].id());
    let fields = &records[&key].0;
    assert_eq!(fields["otp"]["pin"], "7586");
    assert!(fields.get("pin").is_none(), "the PIN is never a field of its own");
    assert!(!format!("{:?}", c.entries()[3]).contains("7586"), "Debug never shows the PIN");

    let no_pin = r#"{"accounts": [{"id": "000102030405060708090a0b0c0d0e0f", "kind": "yandex", "secret": "LA2V6KMCGYMWWVEW64RNP3JA3I"}]}"#;
    let err = serde_json::from_str::<Contents>(no_pin).unwrap_err().to_string();
    assert!(err.contains("without its PIN"), "{err}");
}
