//! Quick search's shortcut through the desktop's GlobalShortcuts portal
//! (`org.freedesktop.portal.GlobalShortcuts`: KDE Plasma 5.27+, GNOME 48+,
//! Hyprland). Twofold only proposes a key; the desktop shows its own dialog,
//! the person may pick another, and the desktop reports what it bound.
//!
//! The portal allows one `BindShortcuts` per session and has no "unbind", so
//! the binding is made once at start and lives as long as the app; changing
//! the key is done in the desktop's settings.

use ashpd::desktop::global_shortcuts::{GlobalShortcuts, NewShortcut};
use futures_util::StreamExt;

/// The shortcut's id, stable across launches: desktops store the person's key under it.
const QUICK_SEARCH: &str = "quick-search";

/// Binds quick search's shortcut (proposing `preferred`, e.g. "CTRL+SHIFT+k"),
/// reports the desktop's answer through `bound` (the key as the desktop
/// describes it, or why there is none), then calls `activated` with the
/// activation token, if the portal sends one, at each press. Runs until the
/// session ends; call it on a thread of its own.
pub fn run(preferred: Option<String>, bound: impl FnOnce(Result<String, String>), activated: impl Fn(Option<String>)) {
    let mut bound = Some(bound);
    let mut report = |r: Result<String, String>| {
        if let Some(b) = bound.take() {
            b(r)
        }
    };
    let outcome: Result<(), String> = zbus::block_on(async {
        // xdg-desktop-portal 1.19.4+ keys shortcuts by the app id registered here;
        // older portals have no registry and guess it (the call then fails, harmlessly).
        if let Ok(id) = ashpd::AppID::try_from(crate::APP_ID) {
            let _ = ashpd::register_host_app(id).await;
        }
        let portal = GlobalShortcuts::new().await.map_err(|e| format!("no GlobalShortcuts portal ({e})"))?;
        let session = portal.create_session(Default::default()).await.map_err(|e| e.to_string())?;
        let shortcut = NewShortcut::new(QUICK_SEARCH, "Open Twofold's quick search").preferred_trigger(preferred.as_deref());
        let answer = portal
            .bind_shortcuts(&session, &[shortcut], None, Default::default())
            .await
            .and_then(|request| request.response())
            .map_err(|e| format!("the desktop did not bind it ({e})"))?;
        let trigger = answer.shortcuts().iter().find(|s| s.id() == QUICK_SEARCH).map(|s| s.trigger_description().to_owned());
        match trigger {
            Some(t) => report(Ok(if t.is_empty() { "chosen in the desktop's settings".to_owned() } else { t })),
            None => return Err("the desktop bound no key for it".to_owned()),
        }
        let mut presses = portal.receive_activated().await.map_err(|e| e.to_string())?;
        while let Some(press) = presses.next().await {
            if press.shortcut_id() == QUICK_SEARCH {
                let token = press.options().get("activation_token").and_then(|v| String::try_from(v.clone()).ok());
                activated(token);
            }
        }
        // Keep the session until the stream ends (the portal went away).
        drop(session);
        Err("the portal went away".to_owned())
    });
    if let Err(why) = outcome {
        report(Err(why));
    }
}

/// "Ctrl+Shift+K" (Twofold's way of writing a key) as the portal's trigger
/// format from the XDG shortcuts spec ("CTRL+SHIFT+k"); `None` when it has no key.
pub fn trigger(shortcut: &str) -> Option<String> {
    let mut parts = Vec::new();
    let mut key = None;
    for part in shortcut.split('+').map(str::trim).filter(|p| !p.is_empty()) {
        match part.to_ascii_lowercase().as_str() {
            "ctrl" | "control" => parts.push("CTRL".to_owned()),
            "shift" => parts.push("SHIFT".to_owned()),
            "alt" => parts.push("ALT".to_owned()),
            "super" | "meta" | "logo" | "cmd" => parts.push("LOGO".to_owned()),
            // Keys are XKB keysym names: letters in lower case, "space", "F5".
            k if k.chars().count() == 1 => key = Some(k.to_owned()),
            "space" => key = Some("space".to_owned()),
            _ => key = Some(part.to_owned()),
        }
    }
    key.map(|k| parts.into_iter().chain(std::iter::once(k)).collect::<Vec<_>>().join("+"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_become_portal_triggers() {
        assert_eq!(trigger("Ctrl+Shift+K").as_deref(), Some("CTRL+SHIFT+k"));
        assert_eq!(trigger("Super+Space").as_deref(), Some("LOGO+space"));
        assert_eq!(trigger("Alt+F5").as_deref(), Some("ALT+F5"));
        assert_eq!(trigger("Ctrl+Shift+"), None);
        assert_eq!(trigger(""), None);
    }
}
