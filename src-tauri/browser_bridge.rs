//! The app's end of the browser bridge, and the window's commands for it.
//!
//! [`start`] opens the owner-only socket (`$XDG_RUNTIME_DIR/twofold/browser.sock`,
//! see `twofold_bridge`) on Tauri's tokio runtime. Each request is answered by
//! `twofold_core::browser::Service`, and every code it releases is decided by
//! `twofold_core::browser::release`; this module only gives it the open vault
//! ([`AppBackend`]) and tells the window when a browser asks to pair.
//!
//! The commands: an account's sites (list, add, remove), the pairing requests
//! (list, approve, refuse) and the paired browsers (list, revoke).

use std::sync::Arc;

use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, State};
use twofold_core::browser::service::ApproveError;
use twofold_core::browser::{Backend, Service};
use twofold_core::dates::iso_date;
use twofold_core::sites::directory::Directory;
use twofold_core::sites::Site;
use twofold_core::vault::{Contents, EntryId, PairingId, VaultError};

use crate::commands::{blocking, entry_id, Shared};
use crate::error::IpcError;
use crate::state::{now, AppState};

/// The bridge's service, shared by the socket and the window's commands.
pub struct Bridge(Arc<Service>);

/// The event the window listens to for pairing requests.
const PAIRING_EVENT: &str = "pairing-requests";

/// Starts answering browsers (one call, at start). Without a runtime folder
/// or with another Twofold already listening, the app runs without the bridge.
pub fn start(app: &AppHandle, state: Arc<AppState>) {
    let service = Arc::new(Service::new(env!("CARGO_PKG_VERSION")));
    app.manage(Bridge(Arc::clone(&service)));
    listen(app.clone(), state, service);
}

#[cfg(unix)]
fn listen(app: AppHandle, state: Arc<AppState>, service: Arc<Service>) {
    let path = match twofold_core::browser::socket_path() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("twofold: no browser bridge: {e}");
            return;
        }
    };
    let backend = Arc::new(AppBackend { state, app });
    tauri::async_runtime::spawn(async move {
        match twofold_bridge::bind(&path) {
            Ok(listener) => twofold_bridge::serve(listener, service, backend).await,
            Err(e) => eprintln!("twofold: no browser bridge at {}: {e}", path.display()),
        }
    });
}

#[cfg(not(unix))]
fn listen(_: AppHandle, _: Arc<AppState>, _: Arc<Service>) {
    eprintln!("twofold: the browser bridge needs a Unix socket; not on this system yet");
}

/// The open vault, as the bridge's service sees it.
pub struct AppBackend {
    state: Arc<AppState>,
    app: AppHandle,
}

impl Backend for AppBackend {
    fn now(&self) -> u64 {
        now()
    }

    fn vault_exists(&self) -> bool {
        self.state.store.exists().unwrap_or(false)
    }

    fn read<R>(&self, f: impl FnOnce(Option<&Contents>) -> R) -> Result<R, VaultError> {
        self.state.if_open(|open| f(open.map(|o| &o.loaded.contents)))
    }

    fn change<R>(&self, f: impl FnOnce(&mut Contents) -> Result<R, VaultError>) -> Result<Option<R>, VaultError> {
        self.state.update_if_open(f)
    }

    fn show_window(&self) {
        crate::quick::show_main(&self.app, None);
    }

    fn pairing_requests_changed(&self) {
        let _ = self.app.emit(PAIRING_EVENT, ());
    }
}

fn backend(app: &AppHandle, state: &Shared<'_>) -> AppBackend {
    AppBackend { state: Arc::clone(state.inner()), app: app.clone() }
}

/// An account's sites, as the details sheet shows them.
#[derive(Debug, Serialize)]
pub struct SitesDto {
    pub sites: Vec<String>,
    /// From the issuer table, not yet added.
    pub suggested: Vec<String>,
    /// In the vault, not usable by this version.
    pub unusable: Vec<String>,
}

fn sites_of(contents: &Contents, id: &EntryId) -> Result<SitesDto, IpcError> {
    let e = contents.get(id).ok_or_else(IpcError::no_such_entry)?;
    Ok(SitesDto {
        sites: e.sites.iter().map(Site::to_string).collect(),
        suggested: Directory::bundled().new_suggestions(e.issuer.as_deref(), &e.sites).iter().map(Site::to_string).collect(),
        unusable: e.unusable_sites().to_vec(),
    })
}

#[tauri::command]
pub async fn account_sites(state: Shared<'_>, id: String) -> Result<SitesDto, IpcError> {
    blocking(&state, move |s| {
        let id = entry_id(&id)?;
        s.with_open(|o| sites_of(&o.loaded.contents, &id))
    })
    .await
}

/// Adds a site as the person typed it; a public suffix or anything that is not a site is refused with the reason.
#[tauri::command]
pub async fn add_site(state: Shared<'_>, id: String, site: String) -> Result<SitesDto, IpcError> {
    blocking(&state, move |s| {
        let site = site_of(&site)?;
        change_sites(s, &entry_id(&id)?, |sites| sites.push(site))
    })
    .await
}

#[tauri::command]
pub async fn remove_site(state: Shared<'_>, id: String, site: String) -> Result<SitesDto, IpcError> {
    blocking(&state, move |s| {
        let site = site_of(&site)?;
        change_sites(s, &entry_id(&id)?, |sites| sites.retain(|x| *x != site))
    })
    .await
}

/// A site as the person typed it; what is not one is refused with the reason.
fn site_of(text: &str) -> Result<Site, IpcError> {
    Site::parse(text).map_err(|e| IpcError::new("bad_site", e.to_string()))
}

fn change_sites(s: &AppState, id: &EntryId, edit: impl FnOnce(&mut Vec<Site>)) -> Result<SitesDto, IpcError> {
    s.update(|c| {
        let mut sites = c.get(id).ok_or_else(|| VaultError::NoSuchEntry { id: id.to_string() })?.sites.clone();
        edit(&mut sites);
        c.set_sites(id, sites, now())
    })?;
    s.with_open(|o| sites_of(&o.loaded.contents, id))
}

/// A browser asking to pair (no token).
#[derive(Debug, Serialize)]
pub struct PairingRequestDto {
    pub request: String,
    pub browser: String,
    pub extension: String,
    pub code: String,
}

#[tauri::command]
pub fn pairing_requests(bridge: State<'_, Bridge>) -> Vec<PairingRequestDto> {
    bridge
        .0
        .pending(now())
        .into_iter()
        .map(|v| PairingRequestDto { request: v.request, browser: v.browser, extension: v.extension, code: v.code })
        .collect()
}

#[tauri::command]
pub async fn approve_pairing(app: AppHandle, state: Shared<'_>, bridge: State<'_, Bridge>, request: String) -> Result<(), IpcError> {
    let service = Arc::clone(&bridge.0);
    let backend = backend(&app, &state);
    tauri::async_runtime::spawn_blocking(move || match service.approve(&request, &backend) {
        Ok(_) => Ok(()),
        Err(ApproveError::Vault(e)) => Err(IpcError::from(e)),
        Err(e @ ApproveError::Locked) => Err(IpcError::new("locked", e.to_string())),
        Err(e) => Err(IpcError::new("no_such_request", e.to_string())),
    })
    .await
    .map_err(|e| IpcError::new("internal", e.to_string()))?
}

#[tauri::command]
pub fn refuse_pairing(app: AppHandle, state: Shared<'_>, bridge: State<'_, Bridge>, request: String) {
    bridge.0.refuse(&request, &backend(&app, &state));
}

/// A paired browser.
#[derive(Debug, Serialize)]
pub struct PairingDto {
    pub id: String,
    pub browser: String,
    pub extension: String,
    /// `YYYY-MM-DD`.
    pub created: String,
}

#[tauri::command]
pub async fn list_pairings(state: Shared<'_>) -> Result<Vec<PairingDto>, IpcError> {
    blocking(&state, |s| {
        s.with_open(|o| {
            Ok(o.loaded
                .contents
                .pairings
                .iter()
                .map(|p| PairingDto {
                    id: p.id.to_string(),
                    browser: p.browser.clone(),
                    extension: p.extension.clone(),
                    created: i64::try_from(p.created).map(iso_date).unwrap_or_default(),
                })
                .collect())
        })
    })
    .await
}

/// Forgets a paired browser: from now on it gets nothing.
#[tauri::command]
pub async fn revoke_pairing(state: Shared<'_>, id: String) -> Result<(), IpcError> {
    blocking(&state, move |s| {
        let id = PairingId::parse(&id).ok_or_else(|| IpcError::new("no_such_pairing", "no such paired browser"))?;
        s.update(|c| c.revoke_pairing(&id).map(drop))
    })
    .await
}
