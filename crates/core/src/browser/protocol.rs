//! The messages between the extension, the host and the app.
//!
//! Every message is a JSON object with a `type` and an `id`; a reply repeats
//! the request's `id`. The host sends one [`Request::HostHello`] first, with
//! what the browser told it about the caller; a command-line client sends
//! [`Request::ControlHello`] first instead. The extension's requests follow.
//!
//! ```json
//! {"id": 7, "type": "codes", "pairing": {"id": "…", "token": "…"},
//!  "frame_origin": "https://github.com", "top_origin": "https://github.com"}
//! {"id": 7, "type": "codes", "origin": "https://github.com",
//!  "accounts": [{"account": "…", "issuer": "GitHub", "label": "alice", "code": "123456",
//!                "seconds_left": 17, "period": 30}]}
//! ```

use serde::{Deserialize, Serialize};

use super::pairing::{Credentials, PairingToken, PendingView};
use super::release::{ReleasedCode, Suggestion};
use crate::sites::Site;
use crate::vault::PairingId;

/// The protocol's version, sent in [`Reply::Welcome`].
pub const PROTOCOL_VERSION: u32 = 1;

/// A message and the id its reply repeats.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Envelope<T> {
    /// Chosen by the sender; repeated in the reply.
    #[serde(default)]
    pub id: u64,
    /// The message.
    #[serde(flatten)]
    pub body: T,
}

/// What the extension (through the host) or a command-line client asks.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Request {
    /// The host's first message: the arguments the browser started it with
    /// (`chrome-extension://<id>/`, or a manifest path and a Firefox add-on id).
    HostHello {
        /// The host's arguments after its own path.
        caller: Vec<String>,
    },
    /// A command-line client's first message.
    ControlHello {},
    /// Whether the vault is open and, with credentials, whether they pair.
    Status {
        /// The extension's pairing, if it has one.
        #[serde(default)]
        pairing: Option<Credentials>,
    },
    /// The extension asks to be paired.
    PairRequest {
        /// The browser's name as the extension sees it ("Chromium", "Firefox").
        browser: String,
    },
    /// Has the person approved the request yet?
    PairPoll {
        /// The request id from [`Reply::PairPending`].
        request: String,
    },
    /// The codes for a frame. The origins are the ones the browser reported
    /// (the background script fills them in from the message's sender).
    Codes {
        /// The extension's pairing.
        pairing: Credentials,
        /// The frame's origin (`sender.origin`).
        frame_origin: String,
        /// The tab's top-level origin (`sender.tab.url`).
        top_origin: String,
    },
    /// Whether a frame has accounts, without their codes: the content script
    /// shows its button only where this says yes.
    Offer {
        /// The extension's pairing.
        pairing: Credentials,
        /// The frame's origin (`sender.origin`).
        frame_origin: String,
        /// The tab's top-level origin (`sender.tab.url`).
        top_origin: String,
    },
    /// Accounts the issuer table links to this page, not yet bound to it.
    Suggestions {
        /// The extension's pairing.
        pairing: Credentials,
        /// The tab's origin.
        origin: String,
    },
    /// The person confirmed a suggestion in the popup.
    ConfirmSite {
        /// The extension's pairing.
        pairing: Credentials,
        /// The account (from [`Reply::Suggestions`]).
        account: String,
        /// The tab's origin.
        origin: String,
    },
    /// Show Twofold's window (to unlock it, or to approve a pairing).
    OpenApp {},
    /// The pairing requests waiting (command line only).
    PendingPairings {},
}

/// Whether the vault can answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VaultState {
    /// Open: codes can be released.
    Unlocked,
    /// There is a vault, and it is locked.
    Locked,
    /// There is no vault yet.
    NoVault,
}

/// The app's answers.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Reply {
    /// The answer to a hello.
    Welcome {
        /// [`PROTOCOL_VERSION`].
        protocol: u32,
        /// The app's version.
        app: String,
    },
    /// The answer to [`Request::Status`].
    Status {
        /// Whether the vault is open.
        vault: VaultState,
        /// Whether the credentials sent pair (`None` when none were sent or the vault is locked).
        paired: Option<bool>,
        /// How many browsers are paired (`None` when locked).
        pairings: Option<usize>,
    },
    /// The request waits for the person; show this code.
    PairPending {
        /// Poll with this.
        request: String,
        /// Six digits, also shown in the app's window.
        code: String,
        /// Seconds the request stays open.
        expires_in: u64,
    },
    /// Approved: keep these, and send them with every request.
    Paired {
        /// The pairing id.
        pairing: PairingId,
        /// The token (given this once).
        token: PairingToken,
    },
    /// The person refused the request.
    PairRefused {},
    /// No such request: it expired or was never made.
    PairExpired {},
    /// The codes for the frame (empty: nothing for this page).
    Codes {
        /// The frame origin they are for.
        origin: String,
        /// One per account whose sites cover the frame.
        accounts: Vec<ReleasedCode>,
    },
    /// The answer to [`Request::Offer`].
    Offer {
        /// How many accounts would get a code in that frame (0: none, no button).
        accounts: usize,
    },
    /// Accounts that could be bound to this page.
    Suggestions {
        /// The page's origin.
        origin: String,
        /// The suggestions, each to be confirmed by the person.
        items: Vec<Suggestion>,
    },
    /// The suggested site is now one of the account's sites.
    SiteAdded {
        /// The account.
        account: String,
        /// The site added.
        site: Site,
    },
    /// The vault is locked: no code until it is unlocked in Twofold.
    Locked {},
    /// These credentials pair no browser (or none were sent).
    NotPaired {},
    /// The window was asked to show itself.
    Opened {},
    /// The requests waiting for approval.
    PendingPairings {
        /// Oldest first.
        items: Vec<PendingView>,
    },
    /// Something went wrong; `code` is stable, `message` is for people.
    Error {
        /// `bad_request`, `hello_first`, `not_allowed`, `wrong_user`, `vault_error`, `too_large`, `app_not_running`, …
        code: String,
        /// A sentence a person can act on.
        message: String,
    },
}

impl Reply {
    /// An error reply.
    pub fn error(code: &str, message: impl Into<String>) -> Reply {
        Reply::Error { code: code.to_owned(), message: message.into() }
    }
}
