//! The decision function and the service, with the cases the browser must get right.

use std::cell::{Cell, RefCell};

use serde_json::{json, Value};

use super::pairing::{PendingPairings, PAIRING_TTL_SECONDS};
use super::release::{offer, Offer};
use super::*;
use crate::otp::{Algorithm, Otp};
use crate::sites::Site;
use crate::vault::{Contents, EntryId, VaultError};
use crate::{Account, Secret};

const NOW: u64 = 1_800_000_015;

fn totp(issuer: &str, label: &str, secret: &str) -> Account {
    Account {
        issuer: Some(issuer.into()),
        label: label.into(),
        otp: Otp::totp(Secret::from_base32_lenient(secret).unwrap(), Algorithm::Sha1, 6, 30).unwrap(),
    }
}

fn add(c: &mut Contents, account: Account, sites: &[&str]) -> EntryId {
    let id = match c.add(account, NOW).unwrap() {
        crate::vault::AddOutcome::Added(id) => id,
        other => panic!("{other:?}"),
    };
    c.set_sites(&id, sites.iter().map(|s| Site::parse(s).unwrap()).collect(), NOW).unwrap();
    id
}

/// A vault with GitHub (github.com), a second GitHub account, an account on
/// example.co.uk, one on an IP address and port, and a HOTP account on
/// github.com; plus one paired browser, whose credentials are returned.
fn vault() -> (Contents, Credentials) {
    let mut c = Contents::default();
    add(&mut c, totp("GitHub", "alice", "JBSWY3DPEHPK3PXP"), &["github.com"]);
    add(&mut c, totp("GitHub", "work", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), &["github.com"]);
    add(&mut c, totp("Example", "bob", "KRSXG5CTMVRXEZLU"), &["example.co.uk"]);
    add(&mut c, totp("Router", "admin", "MFRGGZDFMZTWQ2LK"), &["192.0.2.10:8443"]);
    let hotp = Account {
        issuer: Some("GitHub HOTP".into()),
        label: "h".into(),
        otp: Otp::hotp(Secret::from_base32_lenient("ONSWG4TFOQ======").unwrap(), Algorithm::Sha1, 6, 0).unwrap(),
    };
    add(&mut c, hotp, &["github.com"]);
    let mut pending = PendingPairings::default();
    let view = pending.request("Chromium", "chrome-extension://x/", NOW).unwrap();
    c.add_pairing(Pairing::approve(&view, NOW));
    let token = match pending.poll(&view.request, Some(&c.pairings), NOW) {
        pairing::PollOutcome::Approved { token, .. } => token,
        other => panic!("{other:?}"),
    };
    (c, Credentials { id: view.pairing.to_string(), token })
}

fn labels(r: &Release) -> Vec<String> {
    match r {
        Release::Codes(codes) => codes.iter().map(|c| format!("{}/{}", c.issuer.as_deref().unwrap_or(""), c.label)).collect(),
        other => panic!("expected codes, got {other:?}"),
    }
}

#[test]
fn the_right_site_gets_its_accounts_codes() {
    let (c, creds) = vault();
    let r = release(Some(&c), &creds, "https://github.com", "https://github.com", NOW);
    assert_eq!(labels(&r), ["GitHub/alice", "GitHub/work"], "in vault order, HOTP left out");
    let Release::Codes(codes) = r else { unreachable!() };
    assert_eq!(codes[0].code, c.entries()[0].otp.code_at(NOW));
    assert_eq!(codes[0].seconds_left, Some(15));
    // A subdomain is the same site.
    assert_eq!(labels(&release(Some(&c), &creds, "https://gist.github.com", "https://gist.github.com", NOW)).len(), 2);
    assert_eq!(labels(&release(Some(&c), &creds, "https://login.example.co.uk", "https://example.co.uk", NOW)), ["Example/bob"]);
    assert_eq!(labels(&release(Some(&c), &creds, "https://192.0.2.10:8443", "https://192.0.2.10:8443", NOW)), ["Router/admin"]);
}

#[test]
fn look_alikes_and_other_sites_get_nothing() {
    let (c, creds) = vault();
    let lookalike = format!("https://{}", idna::domain_to_ascii("gіthub.com").unwrap());
    for origin in [
        "https://attacker.github.io",
        "https://githab.com",
        "https://github.com.evil.test",
        lookalike.as_str(),
        "https://co.uk",
        "https://evil.co.uk",
        "https://192.0.2.10",
        "https://192.0.2.11:8443",
        "https://github.com:8443",
        "http://github.com",
        "http://example.co.uk",
        "null",
        "",
        "chrome-extension://ajehepmccaobjphfkpegdfmhnajgmdol",
        "https://github.com/login",
    ] {
        assert_eq!(release(Some(&c), &creds, origin, origin, NOW), Release::Nothing, "{origin}");
        // …and no button either: the offer is as strict as the release.
        assert_eq!(offer(Some(&c), &creds, origin, origin), Offer::Accounts(0), "{origin}");
    }
    assert_eq!(offer(Some(&c), &creds, "https://github.com", "https://github.com"), Offer::Accounts(2));
}

#[test]
fn a_frame_counts_only_inside_a_page_of_the_same_account() {
    let (c, creds) = vault();
    // GitHub's sign-in framed by a phishing page, and a phishing frame in GitHub's page.
    assert_eq!(release(Some(&c), &creds, "https://github.com", "https://evil.test", NOW), Release::Nothing);
    assert_eq!(release(Some(&c), &creds, "https://evil.test", "https://github.com", NOW), Release::Nothing);
    assert_eq!(release(Some(&c), &creds, "https://github.com", "https://example.co.uk", NOW), Release::Nothing);
    assert_eq!(labels(&release(Some(&c), &creds, "https://api.github.com", "https://github.com", NOW)).len(), 2);
    assert_eq!(offer(Some(&c), &creds, "https://github.com", "https://evil.test"), Offer::Accounts(0));
    assert_eq!(offer(Some(&c), &creds, "https://evil.test", "https://github.com"), Offer::Accounts(0));
}

#[test]
fn locked_and_unpaired_get_no_code() {
    let (c, creds) = vault();
    assert_eq!(release(None, &creds, "https://github.com", "https://github.com", NOW), Release::Locked);
    let wrong_token = Credentials { id: creds.id.clone(), token: PairingToken::generate().unwrap() };
    let unknown_id = Credentials { id: "00".repeat(16), token: creds.token.clone() };
    let garbage = Credentials { id: "not an id".into(), token: creds.token.clone() };
    for bad in [wrong_token, unknown_id, garbage] {
        assert_eq!(release(Some(&c), &bad, "https://github.com", "https://github.com", NOW), Release::NotPaired);
        assert_eq!(offer(Some(&c), &bad, "https://github.com", "https://github.com"), Offer::NotPaired);
    }
    assert_eq!(offer(None, &creds, "https://github.com", "https://github.com"), Offer::Locked);
    // Revoked: the same credentials get nothing.
    let mut c = c;
    c.revoke_pairing(&crate::vault::PairingId::parse(&creds.id).unwrap()).unwrap();
    assert_eq!(release(Some(&c), &creds, "https://github.com", "https://github.com", NOW), Release::NotPaired);
}

#[test]
fn an_account_without_sites_goes_nowhere() {
    let mut c = Contents::default();
    add(&mut c, totp("GitHub", "alice", "JBSWY3DPEHPK3PXP"), &[]);
    let (paired, creds) = vault();
    c.pairings = paired.pairings;
    assert_eq!(release(Some(&c), &creds, "https://github.com", "https://github.com", NOW), Release::Nothing);
}

#[test]
fn tokens_never_print() {
    let token = PairingToken::generate().unwrap();
    assert_eq!(token.as_str().len(), 64);
    assert_eq!(format!("{token:?}"), "PairingToken(..)");
    let creds = Credentials { id: "x".into(), token: token.clone() };
    assert!(!format!("{creds:?}").contains(token.as_str()));
    let mut p = PendingPairings::default();
    p.request("Chromium", "x", NOW).unwrap();
    assert!(!format!("{p:?}").contains(token.as_str()));
}

#[test]
fn pending_requests_expire_refuse_and_are_bounded() {
    let mut p = PendingPairings::default();
    let first = p.request("Firefox\u{7}\n", "", NOW).unwrap();
    assert_eq!(first.browser, "Firefox", "control characters dropped");
    assert_eq!(first.extension, "unknown");
    assert_eq!(first.code.len(), 6);
    assert!(first.code.bytes().all(|b| b.is_ascii_digit()));
    assert_eq!(first.spaced_code().len(), 7);
    assert_eq!(p.poll(&first.request, None, NOW), pairing::PollOutcome::Waiting { code: first.code.clone() });
    assert_eq!(p.poll(&first.request, None, NOW + PAIRING_TTL_SECONDS), pairing::PollOutcome::Unknown);
    let views: Vec<_> = (0..pairing::MAX_PENDING + 2).map(|i| p.request(&format!("b{i}"), "x", NOW).unwrap()).collect();
    let waiting = p.waiting(NOW);
    assert_eq!(waiting.len(), pairing::MAX_PENDING);
    assert_eq!(waiting[0].browser, "b2", "the oldest gave way");
    assert!(p.refuse(&views[3].request));
    assert_eq!(p.waiting(NOW).len(), pairing::MAX_PENDING - 1);
    assert_eq!(p.poll(&views[3].request, None, NOW), pairing::PollOutcome::Refused);
    assert_eq!(p.poll(&views[3].request, None, NOW), pairing::PollOutcome::Unknown);
}

// ---- the service, with a backend over contents in memory ----

struct Fake {
    contents: RefCell<Option<Contents>>,
    exists: bool,
    shown: Cell<u32>,
    told: Cell<u32>,
    now: Cell<u64>,
}

impl Fake {
    fn new(contents: Option<Contents>) -> Fake {
        Fake { contents: RefCell::new(contents), exists: true, shown: Cell::new(0), told: Cell::new(0), now: Cell::new(NOW) }
    }
}

impl Backend for Fake {
    fn now(&self) -> u64 {
        self.now.get()
    }
    fn vault_exists(&self) -> bool {
        self.exists
    }
    fn read<R>(&self, f: impl FnOnce(Option<&Contents>) -> R) -> Result<R, VaultError> {
        Ok(f(self.contents.borrow().as_ref()))
    }
    fn change<R>(&self, f: impl FnOnce(&mut Contents) -> Result<R, VaultError>) -> Result<Option<R>, VaultError> {
        let mut guard = self.contents.borrow_mut();
        let Some(c) = guard.as_mut() else { return Ok(None) };
        // One transaction: a failed change leaves the contents as they were.
        let mut copy = c.clone();
        let r = f(&mut copy)?;
        *c = copy;
        Ok(Some(r))
    }
    fn show_window(&self) {
        self.shown.set(self.shown.get() + 1);
    }
    fn pairing_requests_changed(&self) {
        self.told.set(self.told.get() + 1);
    }
}

struct Wire<'a> {
    service: &'a Service,
    conn: Connection,
    backend: &'a Fake,
    id: u64,
}

impl<'a> Wire<'a> {
    fn new(service: &'a Service, backend: &'a Fake) -> Self {
        Wire { service, conn: Connection::new(), backend, id: 0 }
    }

    fn ask(&mut self, mut request: Value) -> Value {
        self.id += 1;
        request["id"] = json!(self.id);
        let reply = self.service.handle(&mut self.conn, request.to_string().as_bytes(), self.backend);
        let reply: Value = serde_json::from_slice(&reply).unwrap();
        assert_eq!(reply["id"], json!(self.id), "{reply}");
        reply
    }

    fn browser(service: &'a Service, backend: &'a Fake) -> Self {
        let mut w = Wire::new(service, backend);
        let hello = w.ask(json!({"type": "host_hello", "caller": ["chrome-extension://ajehepmccaobjphfkpegdfmhnajgmdol/"]}));
        assert_eq!(hello["type"], "welcome");
        w
    }
}

fn creds_json(c: &Credentials) -> Value {
    json!({"id": c.id, "token": c.token.as_str()})
}

#[test]
fn a_browser_pairs_once_approved_in_the_window_then_gets_codes() {
    let (mut contents, _) = vault();
    contents.pairings.clear();
    let backend = Fake::new(Some(contents));
    let service = Service::new("test");
    let mut w = Wire::browser(&service, &backend);

    // Unpaired: no code, whatever it sends.
    let made_up = json!({"id": "00".repeat(16), "token": "ab".repeat(32)});
    let r = w.ask(json!({"type": "codes", "pairing": made_up, "frame_origin": "https://github.com", "top_origin": "https://github.com"}));
    assert_eq!(r["type"], "not_paired");

    let asked = w.ask(json!({"type": "pair_request", "browser": "Chromium"}));
    assert_eq!(asked["type"], "pair_pending", "{asked}");
    assert_eq!(backend.told.get(), 1, "the window hears of it");
    let request = asked["request"].as_str().unwrap().to_owned();
    let code = asked["code"].as_str().unwrap().to_owned();
    let waiting = service.pending(NOW);
    assert_eq!(waiting.len(), 1);
    assert_eq!((waiting[0].code.as_str(), waiting[0].browser.as_str()), (code.as_str(), "Chromium"));
    assert_eq!(waiting[0].extension, "chrome-extension://ajehepmccaobjphfkpegdfmhnajgmdol/");
    assert!(!serde_json::to_string(&waiting).unwrap().contains("token\""), "no token in what the window sees");

    assert_eq!(w.ask(json!({"type": "pair_poll", "request": request}))["type"], "pair_pending");
    service.approve(&request, &backend).unwrap();
    // Approved: the window stops showing it at once, and cannot approve it twice.
    assert!(service.pending(NOW).is_empty());
    assert!(matches!(service.approve(&request, &backend), Err(service::ApproveError::NoSuchRequest)));
    assert_eq!(backend.contents.borrow().as_ref().unwrap().pairings.len(), 1);
    let paired = w.ask(json!({"type": "pair_poll", "request": request}));
    assert_eq!(paired["type"], "paired", "{paired}");
    let creds = json!({"id": paired["pairing"], "token": paired["token"]});
    assert_eq!(paired["token"].as_str().unwrap().len(), 64);
    // The token is handed out once.
    assert_eq!(w.ask(json!({"type": "pair_poll", "request": request}))["type"], "pair_expired");
    let stored = serde_json::to_string(&*backend.contents.borrow()).unwrap();
    assert!(!stored.contains(paired["token"].as_str().unwrap()), "the vault keeps only the token's hash");

    let r = w.ask(json!({"type": "codes", "pairing": creds, "frame_origin": "https://github.com", "top_origin": "https://github.com"}));
    assert_eq!(r["type"], "codes", "{r}");
    assert_eq!(r["accounts"].as_array().unwrap().len(), 2);
    let expected = backend.contents.borrow().as_ref().unwrap().entries()[0].otp.code_at(NOW);
    assert_eq!(r["accounts"][0]["code"], expected);
    let r = w.ask(json!({"type": "codes", "pairing": creds, "frame_origin": "https://attacker.github.io", "top_origin": "https://attacker.github.io"}));
    assert_eq!(r["accounts"], json!([]));
    // "Has this frame accounts?" answers a count and carries no code.
    let r = w.ask(json!({"type": "offer", "pairing": creds, "frame_origin": "https://github.com", "top_origin": "https://github.com"}));
    assert_eq!(r, json!({"id": r["id"], "type": "offer", "accounts": 2}));
    let r = w.ask(json!({"type": "offer", "pairing": creds, "frame_origin": "https://attacker.github.io", "top_origin": "https://attacker.github.io"}));
    assert_eq!(r["accounts"], 0);
    let status = w.ask(json!({"type": "status", "pairing": creds}));
    assert_eq!((status["vault"].as_str(), status["paired"].as_bool()), (Some("unlocked"), Some(true)));
}

#[test]
fn the_command_line_approves_by_writing_the_vault() {
    let (contents, _) = vault();
    let backend = Fake::new(Some(contents));
    let service = Service::new("test");
    let mut browser = Wire::browser(&service, &backend);
    let asked = browser.ask(json!({"type": "pair_request", "browser": "Firefox"}));
    let mut cli = Wire::new(&service, &backend);
    assert_eq!(cli.ask(json!({"type": "control_hello"}))["type"], "welcome");
    let listed = cli.ask(json!({"type": "pending_pairings"}));
    let items: Vec<PendingView> = serde_json::from_value(listed["items"].clone()).unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].code, asked["code"].as_str().unwrap());
    // What `twofold browser approve` does with its own unlocked vault.
    backend.contents.borrow_mut().as_mut().unwrap().add_pairing(Pairing::approve(&items[0], NOW));
    let told = backend.told.get();
    let r = browser.ask(json!({"type": "pair_poll", "request": asked["request"]}));
    assert_eq!(r["type"], "paired", "{r}");
    // The browser's poll ends the request: the window hears of it and stops showing it.
    assert_eq!(backend.told.get(), told + 1);
    assert!(service.pending(NOW).is_empty());
    // Roles: a browser cannot list requests, the command line cannot get codes.
    assert_eq!(browser.ask(json!({"type": "pending_pairings"}))["code"], "not_allowed");
    let r = cli.ask(json!({"type": "codes", "pairing": {"id": r["pairing"], "token": r["token"]}, "frame_origin": "https://github.com", "top_origin": "https://github.com"}));
    assert_eq!(r["code"], "not_allowed");
    assert_eq!(cli.ask(json!({"type": "pair_request", "browser": "x"}))["code"], "not_allowed");
}

#[test]
fn refused_and_expired_requests_pair_nothing() {
    let (contents, _) = vault();
    let backend = Fake::new(Some(contents));
    let service = Service::new("test");
    let mut w = Wire::browser(&service, &backend);
    let a = w.ask(json!({"type": "pair_request", "browser": "Chromium"}));
    assert!(service.refuse(a["request"].as_str().unwrap(), &backend));
    assert_eq!(w.ask(json!({"type": "pair_poll", "request": a["request"]}))["type"], "pair_refused");
    let b = w.ask(json!({"type": "pair_request", "browser": "Chromium"}));
    backend.now.set(NOW + PAIRING_TTL_SECONDS);
    assert!(matches!(service.approve(b["request"].as_str().unwrap(), &backend), Err(service::ApproveError::NoSuchRequest)));
    assert_eq!(w.ask(json!({"type": "pair_poll", "request": b["request"]}))["type"], "pair_expired");
    assert_eq!(backend.contents.borrow().as_ref().unwrap().pairings.len(), 1, "only the pairing made by vault()");
}

#[test]
fn a_locked_vault_answers_locked_and_never_a_code() {
    let (_, creds) = vault();
    let backend = Fake::new(None);
    let service = Service::new("test");
    let mut w = Wire::browser(&service, &backend);
    let r = w.ask(json!({"type": "codes", "pairing": creds_json(&creds), "frame_origin": "https://github.com", "top_origin": "https://github.com"}));
    assert_eq!(r["type"], "locked");
    assert_eq!(w.ask(json!({"type": "status"}))["vault"], "locked");
    assert_eq!(w.ask(json!({"type": "suggestions", "pairing": creds_json(&creds), "origin": "https://github.com"}))["type"], "locked");
    // A pairing cannot be approved while locked; the window must unlock first.
    let a = w.ask(json!({"type": "pair_request", "browser": "Chromium"}));
    assert_eq!(backend.shown.get(), 1, "a pairing request brings the window forward");
    assert!(matches!(service.approve(a["request"].as_str().unwrap(), &backend), Err(service::ApproveError::Locked)));
    assert_eq!(w.ask(json!({"type": "open_app"}))["type"], "opened");
    assert_eq!(backend.shown.get(), 2);
    let r = w.ask(json!({"type": "offer", "pairing": creds_json(&creds), "frame_origin": "https://github.com", "top_origin": "https://github.com"}));
    assert_eq!(r["type"], "locked", "{r}");
}

#[test]
fn hello_first_once_and_garbage_gets_an_error_reply() {
    let (contents, _) = vault();
    let backend = Fake::new(Some(contents));
    let service = Service::new("test");
    let mut w = Wire::new(&service, &backend);
    assert_eq!(w.ask(json!({"type": "status"}))["code"], "hello_first");
    assert_eq!(w.ask(json!({"type": "host_hello", "caller": []}))["type"], "welcome");
    assert_eq!(w.ask(json!({"type": "host_hello", "caller": ["chrome-extension://evil/"]}))["code"], "not_allowed");
    assert_eq!(w.ask(json!({"type": "no_such_thing"}))["code"], "bad_request");
    assert_eq!(w.ask(json!({"type": "codes"}))["code"], "bad_request");
    for garbage in [&b"not json"[..], b"", b"[1,2]", b"{\"id\":\"x\"}", &[0xff, 0xfe]] {
        let reply: Value = serde_json::from_slice(&service.handle(&mut w.conn, garbage, &backend)).unwrap();
        assert_eq!(reply["code"], "bad_request", "{garbage:?}");
    }
    let reply: Value = serde_json::from_slice(&service.handle(&mut w.conn, br#"{"id":41,"type":"nope"}"#, &backend)).unwrap();
    assert_eq!(reply["id"], 41, "the id is echoed even when the rest is not understood");
}

#[test]
fn a_suggestion_becomes_a_site_only_when_confirmed() {
    let (mut contents, creds) = vault();
    let id = add(&mut contents, totp("Discord", "alice", "GM3TMMJTGEZDCMZR"), &[]);
    let backend = Fake::new(Some(contents));
    let service = Service::new("test");
    let mut w = Wire::browser(&service, &backend);
    let creds = creds_json(&creds);
    let codes = |w: &mut Wire| {
        w.ask(json!({"type": "codes", "pairing": creds, "frame_origin": "https://discord.com", "top_origin": "https://discord.com"}))
    };
    assert_eq!(codes(&mut w)["accounts"], json!([]), "no code before the person confirms");
    let s = w.ask(json!({"type": "suggestions", "pairing": creds, "origin": "https://discord.com"}));
    assert_eq!(s["items"].as_array().unwrap().len(), 1, "{s}");
    assert_eq!((s["items"][0]["account"].as_str(), s["items"][0]["site"].as_str()), (Some(id.to_string().as_str()), Some("discord.com")));
    // Nothing is suggested to a look-alike, and a confirmation there is refused.
    let evil = w.ask(json!({"type": "suggestions", "pairing": creds, "origin": "https://discord.com.evil.test"}));
    assert_eq!(evil["items"], json!([]));
    let refused = w.ask(json!({"type": "confirm_site", "pairing": creds, "account": id.to_string(), "origin": "https://discord.com.evil.test"}));
    assert_eq!(refused["code"], "not_suggested");
    let unpaired = w.ask(json!({"type": "confirm_site", "pairing": {"id": "00".repeat(16), "token": "x"}, "account": id.to_string(), "origin": "https://discord.com"}));
    assert_eq!(unpaired["type"], "not_paired");
    let added = w.ask(json!({"type": "confirm_site", "pairing": creds, "account": id.to_string(), "origin": "https://discord.com"}));
    assert_eq!((added["type"].as_str(), added["site"].as_str()), (Some("site_added"), Some("discord.com")), "{added}");
    assert_eq!(codes(&mut w)["accounts"].as_array().unwrap().len(), 1);
    // Once bound, it is no longer a suggestion, and confirming again changes nothing.
    assert_eq!(w.ask(json!({"type": "suggestions", "pairing": creds, "origin": "https://discord.com"}))["items"], json!([]));
    let again = w.ask(json!({"type": "confirm_site", "pairing": creds, "account": id.to_string(), "origin": "https://discord.com"}));
    assert_eq!(again["code"], "not_suggested");
}

#[test]
fn manifests_name_only_twofolds_extensions() {
    use manifest::{Browser, Family, Manifest};
    let chromium: Value = serde_json::from_str(&Manifest::new(Family::Chromium, "/usr/bin/twofold-browser-host".as_ref()).to_json()).unwrap();
    assert_eq!(chromium["name"], "app.twofold.browser");
    assert_eq!(chromium["type"], "stdio");
    assert_eq!(chromium["path"], "/usr/bin/twofold-browser-host");
    assert_eq!(chromium["allowed_origins"], json!(["chrome-extension://ajehepmccaobjphfkpegdfmhnajgmdol/"]));
    assert!(chromium.get("allowed_extensions").is_none());
    let firefox: Value = serde_json::from_str(&Manifest::new(Family::Firefox, "/usr/bin/twofold-browser-host".as_ref()).to_json()).unwrap();
    assert_eq!(firefox["allowed_extensions"], json!(["browser@twofold.app"]));
    assert!(firefox.get("allowed_origins").is_none(), "Firefox refuses allowed_origins");
    let home = std::path::Path::new("/home/a");
    assert_eq!(Browser::Chromium.user_dir(home, None), home.join(".config/chromium/NativeMessagingHosts"));
    assert_eq!(Browser::Brave.user_dir(home, None), home.join(".config/BraveSoftware/Brave-Browser/NativeMessagingHosts"));
    assert_eq!(Browser::Chrome.user_dir(home, Some("/x".as_ref())), std::path::Path::new("/x/google-chrome/NativeMessagingHosts"));
    assert_eq!(Browser::Firefox.user_dir(home, Some("/x".as_ref())), home.join(".mozilla/native-messaging-hosts"));
    assert_eq!(Browser::parse("edge"), Some(Browser::Edge));
    assert_eq!(Browser::parse("safari"), None);
    // A manifest allowing someone else's extension too is a problem doctor reports.
    let mut other = Manifest::new(Family::Chromium, "/bin/sh".as_ref());
    assert!(other.problems(Family::Chromium).is_empty(), "{:?}", other.problems(Family::Chromium));
    other.allowed_origins.as_mut().unwrap().push("chrome-extension://someoneelse/".into());
    assert_eq!(other.problems(Family::Chromium).len(), 1);
    assert!(!Manifest::new(Family::Chromium, "/nonexistent/host".as_ref()).problems(Family::Chromium).is_empty());
}

#[test]
fn the_manifests_allow_the_extension_the_build_makes() {
    use sha2::{Digest, Sha256};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../browser");
    let chromium: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.chromium.json")).unwrap()).unwrap();
    // Chromium's id of an unpacked extension: the first 32 hex digits of SHA-256 of its public key, 0-f as a-p.
    let key = data_encoding::BASE64.decode(chromium["key"].as_str().unwrap().as_bytes()).unwrap();
    let id: String = data_encoding::HEXLOWER.encode(&Sha256::digest(&key))[..32]
        .chars()
        .map(|c| (b'a' + c.to_digit(16).unwrap() as u8) as char)
        .collect();
    assert_eq!(id, manifest::CHROMIUM_EXTENSION_ID);
    let firefox: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.firefox.json")).unwrap()).unwrap();
    assert_eq!(firefox["browser_specific_settings"]["gecko"]["id"], manifest::FIREFOX_EXTENSION_ID);
    let background = std::fs::read_to_string(dir.join("src/background.ts")).unwrap();
    assert!(background.contains(&format!("HOST_NAME = '{}'", manifest::HOST_NAME)), "the extension connects to the host the manifest names");
}

#[test]
fn the_packaged_manifests_are_the_ones_install_writes() {
    // The .deb installs these for every user (src-tauri/linux/native-messaging, see tauri.conf.json).
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../src-tauri/linux/native-messaging");
    for (file, family) in [("chromium.json", manifest::Family::Chromium), ("firefox.json", manifest::Family::Firefox)] {
        let packaged = std::fs::read_to_string(dir.join(file)).unwrap();
        assert_eq!(packaged, manifest::Manifest::new(family, "/usr/bin/twofold-browser-host".as_ref()).to_json(), "{file}");
    }
}
