//! The app's end of the bridge, without the socket: one request frame in,
//! one reply frame out. The transport (the desktop app's socket, a test's
//! pipe) reads frames and calls [`Service::handle`]; the vault is reached
//! through a [`Backend`], which the app implements over its open vault.
//!
//! A connection says who it is first: the host's [`Request::HostHello`]
//! makes it a browser connection, a [`Request::ControlHello`] a command-line
//! one. Browsers may pair and ask for codes; the command line may list the
//! pairing requests (to approve one by writing the vault itself). Neither
//! can release a code any other way than through [`release`].

use std::sync::{Mutex, MutexGuard};

use serde_json::Value;

use super::frame::MAX_MESSAGE;
use super::pairing::{authenticate, Credentials, Pairing, PendingPairings, PendingView, PollOutcome, PAIRING_TTL_SECONDS};
use super::protocol::{Envelope, Reply, Request, VaultState, PROTOCOL_VERSION};
use super::release::{confirm_suggestion, offer, release, suggestions, ConfirmError, Offer, Release};
use crate::sites::directory::Directory;
use crate::sites::Origin;
use crate::vault::{Contents, VaultError};

/// What the service needs of the app.
pub trait Backend {
    /// Unix seconds now.
    fn now(&self) -> u64;
    /// Whether there is a vault file at all.
    fn vault_exists(&self) -> bool;
    /// Runs `f` on the open vault's contents (re-read if another process
    /// saved it), or on `None` when the vault is locked.
    fn read<R>(&self, f: impl FnOnce(Option<&Contents>) -> R) -> Result<R, VaultError>;
    /// Changes the open vault in one saved transaction; `Ok(None)` when locked.
    fn change<R>(&self, f: impl FnOnce(&mut Contents) -> Result<R, VaultError>) -> Result<Option<R>, VaultError>;
    /// Brings the app's window forward.
    fn show_window(&self);
    /// Tells the window that the pairing requests changed (without bringing it forward).
    fn pairing_requests_changed(&self);
}

/// Who is on the other end of one connection.
#[derive(Debug, Default)]
pub struct Connection {
    role: Role,
}

#[derive(Debug, Default)]
enum Role {
    #[default]
    New,
    Browser {
        extension: String,
    },
    Control,
}

impl Connection {
    /// A connection that has not said hello yet.
    pub fn new() -> Self {
        Connection::default()
    }
}

/// The pairing requests waiting and the issuer table: what outlives one connection.
pub struct Service {
    pending: Mutex<PendingPairings>,
    directory: &'static Directory,
    app_version: String,
}

/// Why the window could not approve a request.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ApproveError {
    /// The request expired or was refused.
    #[error("that pairing request is no longer waiting; ask again from the browser")]
    NoSuchRequest,
    /// The vault must be open to keep the pairing.
    #[error("unlock Twofold to approve the browser")]
    Locked,
    /// Saving failed.
    #[error(transparent)]
    Vault(#[from] VaultError),
}

impl Service {
    /// A service with the bundled issuer table; `app_version` is told in each welcome.
    pub fn new(app_version: &str) -> Self {
        Service::with_directory(app_version, Directory::bundled())
    }

    /// A service with another issuer table.
    pub fn with_directory(app_version: &str, directory: &'static Directory) -> Self {
        Service { pending: Mutex::new(PendingPairings::default()), directory, app_version: app_version.to_owned() }
    }

    /// Answers one frame. Always returns a reply (an error reply for what is
    /// not understood), never larger than [`MAX_MESSAGE`].
    pub fn handle(&self, conn: &mut Connection, frame: &[u8], backend: &impl Backend) -> Vec<u8> {
        let (id, reply) = match serde_json::from_slice::<Envelope<Request>>(frame) {
            Ok(Envelope { id, body }) => (id, self.answer(conn, body, backend)),
            Err(e) => (request_id(frame), Reply::error("bad_request", format!("a message Twofold does not understand: {e}"))),
        };
        encode(id, reply)
    }

    /// The pairing requests waiting (for the window).
    pub fn pending(&self, now: u64) -> Vec<PendingView> {
        self.lock().waiting(now)
    }

    /// The person approved `request` in the window: the pairing goes into the vault.
    pub fn approve(&self, request: &str, backend: &impl Backend) -> Result<Pairing, ApproveError> {
        let now = backend.now();
        let view = self.lock().get(request, now).ok_or(ApproveError::NoSuchRequest)?;
        let pairing = Pairing::approve(&view, now);
        let kept = pairing.clone();
        backend.change(move |c| Ok(c.add_pairing(kept)))?.ok_or(ApproveError::Locked)?;
        self.lock().mark_approved(request);
        backend.pairing_requests_changed();
        Ok(pairing)
    }

    /// The person refused `request`; false when it was not waiting.
    pub fn refuse(&self, request: &str, backend: &impl Backend) -> bool {
        let refused = self.lock().refuse(request);
        if refused {
            backend.pairing_requests_changed();
        }
        refused
    }

    fn lock(&self) -> MutexGuard<'_, PendingPairings> {
        self.pending.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn answer(&self, conn: &mut Connection, request: Request, backend: &impl Backend) -> Reply {
        let welcome = || Reply::Welcome { protocol: PROTOCOL_VERSION, app: self.app_version.clone() };
        match (&conn.role, request) {
            (Role::New, Request::HostHello { caller }) => {
                conn.role = Role::Browser { extension: extension_of(&caller) };
                welcome()
            }
            (Role::New, Request::ControlHello {}) => {
                conn.role = Role::Control;
                welcome()
            }
            (Role::New, _) => Reply::error("hello_first", "a connection must say hello first"),
            (_, Request::HostHello { .. } | Request::ControlHello {}) => {
                Reply::error("not_allowed", "this connection has already said hello")
            }
            (_, Request::Status { pairing }) => self.status(pairing.as_ref(), backend),
            (_, Request::OpenApp {}) => {
                backend.show_window();
                Reply::Opened {}
            }
            (Role::Control, Request::PendingPairings {}) => {
                Reply::PendingPairings { items: self.pending(backend.now()) }
            }
            (Role::Browser { extension }, Request::PairRequest { browser }) => {
                let extension = extension.clone();
                self.pair_request(&browser, &extension, backend)
            }
            (Role::Browser { .. }, Request::PairPoll { request }) => self.pair_poll(&request, backend),
            (Role::Browser { .. }, Request::Codes { pairing, frame_origin, top_origin }) => {
                let now = backend.now();
                vault(backend.read(|c| match release(c, &pairing, &frame_origin, &top_origin, now) {
                    Release::Locked => Reply::Locked {},
                    Release::NotPaired => Reply::NotPaired {},
                    Release::Nothing => Reply::Codes { origin: frame_origin.clone(), accounts: Vec::new() },
                    Release::Codes(accounts) => Reply::Codes { origin: frame_origin.clone(), accounts },
                }))
            }
            (Role::Browser { .. }, Request::Offer { pairing, frame_origin, top_origin }) => {
                vault(backend.read(|c| match offer(c, &pairing, &frame_origin, &top_origin) {
                    Offer::Locked => Reply::Locked {},
                    Offer::NotPaired => Reply::NotPaired {},
                    Offer::Accounts(accounts) => Reply::Offer { accounts },
                }))
            }
            (Role::Browser { .. }, Request::Suggestions { pairing, origin }) => {
                vault(backend.read(|c| match paired(c, &pairing) {
                    Err(reply) => reply,
                    Ok(c) => match Origin::parse(&origin) {
                        Ok(o) => Reply::Suggestions { items: suggestions(c, self.directory, &o), origin },
                        Err(_) => Reply::Suggestions { items: Vec::new(), origin },
                    },
                }))
            }
            (Role::Browser { .. }, Request::ConfirmSite { pairing, account, origin }) => {
                self.confirm_site(&pairing, &account, &origin, backend)
            }
            (_, _) => Reply::error("not_allowed", "this connection may not ask that"),
        }
    }

    fn status(&self, pairing: Option<&Credentials>, backend: &impl Backend) -> Reply {
        let exists = backend.vault_exists();
        vault(backend.read(|c| match c {
            Some(c) => Reply::Status {
                vault: VaultState::Unlocked,
                paired: pairing.map(|p| authenticate(&c.pairings, p).is_some()),
                pairings: Some(c.pairings.len()),
            },
            None => Reply::Status {
                vault: if exists { VaultState::Locked } else { VaultState::NoVault },
                paired: None,
                pairings: None,
            },
        }))
    }

    fn pair_request(&self, browser: &str, extension: &str, backend: &impl Backend) -> Reply {
        let asked = self.lock().request(browser, extension, backend.now());
        match asked {
            Ok(view) => {
                backend.pairing_requests_changed();
                backend.show_window();
                Reply::PairPending { request: view.request, code: view.code, expires_in: PAIRING_TTL_SECONDS }
            }
            Err(e) => Reply::error("vault_error", e.to_string()),
        }
    }

    fn pair_poll(&self, request: &str, backend: &impl Backend) -> Reply {
        // The vault's pairings first, then the pending lock: never the other way round.
        let pairings = match backend.read(|c| c.map(|c| c.pairings.clone())) {
            Ok(p) => p,
            Err(e) => return Reply::error("vault_error", e.to_string()),
        };
        let now = backend.now();
        let outcome = self.lock().poll(request, pairings.as_deref(), now);
        match outcome {
            PollOutcome::Waiting { code } => {
                Reply::PairPending { request: request.to_owned(), code, expires_in: PAIRING_TTL_SECONDS }
            }
            // The request is gone (approved by the command line, say): the window stops showing it.
            PollOutcome::Approved { pairing, token } => {
                backend.pairing_requests_changed();
                Reply::Paired { pairing, token }
            }
            PollOutcome::Refused => {
                backend.pairing_requests_changed();
                Reply::PairRefused {}
            }
            PollOutcome::Unknown => Reply::PairExpired {},
        }
    }

    fn confirm_site(&self, pairing: &Credentials, account: &str, origin: &str, backend: &impl Backend) -> Reply {
        let Ok(origin) = Origin::parse(origin) else {
            return Reply::error("not_suggested", ConfirmError::NotSuggested.to_string());
        };
        let now = backend.now();
        let outcome = backend.change(|c| {
            if authenticate(&c.pairings, pairing).is_none() {
                return Ok(Err(None));
            }
            match confirm_suggestion(c, self.directory, account, &origin, now) {
                Ok(site) => Ok(Ok(site)),
                Err(ConfirmError::Vault(e)) => Err(e),
                Err(e) => Ok(Err(Some(e))),
            }
        });
        match outcome {
            Ok(None) => Reply::Locked {},
            Ok(Some(Ok(site))) => Reply::SiteAdded { account: account.to_owned(), site },
            Ok(Some(Err(None))) => Reply::NotPaired {},
            Ok(Some(Err(Some(e)))) => Reply::error("not_suggested", e.to_string()),
            Err(e) => Reply::error("vault_error", e.to_string()),
        }
    }
}

/// The open vault, if these credentials pair; else the reply to give.
fn paired<'a>(contents: Option<&'a Contents>, credentials: &Credentials) -> Result<&'a Contents, Reply> {
    let contents = contents.ok_or(Reply::Locked {})?;
    authenticate(&contents.pairings, credentials).ok_or(Reply::NotPaired {})?;
    Ok(contents)
}

fn vault(result: Result<Reply, VaultError>) -> Reply {
    result.unwrap_or_else(|e| Reply::error("vault_error", e.to_string()))
}

/// The extension the browser named to the host: Chromium passes
/// `chrome-extension://<id>/`, Firefox the manifest's path and the add-on id.
fn extension_of(caller: &[String]) -> String {
    let named = caller
        .iter()
        .find(|a| a.starts_with("chrome-extension://"))
        .or_else(|| if caller.len() >= 2 { caller.last() } else { None });
    named.map(|s| s.chars().take(200).collect()).unwrap_or_else(|| "unknown".to_owned())
}

/// The `id` of a request that did not parse, when it has one.
fn request_id(frame: &[u8]) -> u64 {
    serde_json::from_slice::<Value>(frame)
        .ok()
        .and_then(|v| v.get("id").and_then(Value::as_u64))
        .unwrap_or(0)
}

/// The reply frame's payload; an error reply if it would be too large for a browser.
fn encode(id: u64, reply: Reply) -> Vec<u8> {
    let bytes = serde_json::to_vec(&Envelope { id, body: reply }).unwrap_or_default();
    if bytes.len() < MAX_MESSAGE && !bytes.is_empty() {
        return bytes;
    }
    let fallback = Reply::error("too_large", "the answer was too large to send to the browser");
    serde_json::to_vec(&Envelope { id, body: fallback }).unwrap_or_default()
}
