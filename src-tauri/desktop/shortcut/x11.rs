//! Quick search's global shortcut on Linux (X11): the key is grabbed on the
//! root window and a thread sleeps in `wait_for_event` until it is pressed.
//! Why not tauri-plugin-global-shortcut here: its X11 backend (the
//! global-hotkey crate) polls the X server 20 times a second, which alone
//! kept an idle Twofold at about 2 % of a core (bench/app). It still serves
//! macOS and Windows; the shortcut's text is parsed by global-hotkey on all
//! three, so the same settings work everywhere. Used in X11 sessions only
//! (see `super`: in a Wayland session the grab would see only X11 windows).

use std::str::FromStr;
use std::sync::{Arc, Mutex};

use global_hotkey::hotkey::{Code, HotKey, Modifiers};
use x11rb::connection::Connection;
use x11rb::errors::ReplyError;
use x11rb::protocol::xproto::{ConnectionExt, GrabMode, Keycode, ModMask, Window};
use x11rb::protocol::{ErrorKind, Event};
use x11rb::rust_connection::RustConnection;

/// Caps Lock and Num Lock must not stop the shortcut: it is grabbed with each.
fn ignored() -> [ModMask; 4] {
    [ModMask::from(0u16), ModMask::LOCK, ModMask::M2, ModMask::LOCK | ModMask::M2]
}

pub struct Shortcut {
    conn: Arc<RustConnection>,
    root: Window,
    grabbed: Arc<Mutex<Option<(ModMask, Keycode)>>>,
}

impl Shortcut {
    /// Connects to the X server and starts the thread that waits for the key.
    pub fn start(on_press: impl Fn() + Send + 'static) -> Result<Self, String> {
        let (conn, screen) = RustConnection::connect(None).map_err(|e| format!("global shortcuts need an X11 display ({e})"))?;
        let root = conn.setup().roots[screen].root;
        let conn = Arc::new(conn);
        let grabbed: Arc<Mutex<Option<(ModMask, Keycode)>>> = Arc::new(Mutex::new(None));
        let (events, current) = (Arc::clone(&conn), Arc::clone(&grabbed));
        std::thread::Builder::new()
            .name("quick-shortcut".into())
            .spawn(move || {
                let relevant = u16::from(ModMask::SHIFT | ModMask::CONTROL | ModMask::M1 | ModMask::M4);
                while let Ok(event) = events.wait_for_event() {
                    let Event::KeyPress(press) = event else { continue };
                    let want = *current.lock().unwrap_or_else(|p| p.into_inner());
                    if want.is_some_and(|(mods, key)| press.detail == key && u16::from(press.state) & relevant == u16::from(mods)) {
                        on_press();
                    }
                }
            })
            .map_err(|e| e.to_string())?;
        Ok(Shortcut { conn, root, grabbed })
    }

    /// Grabs `text` ("Ctrl+Shift+K") instead of the old shortcut; empty grabs nothing.
    /// (Check the text with [`parse`] first: its errors are the person's, these the system's.)
    pub fn set(&self, text: &str) -> Result<(), String> {
        let wanted = if text.is_empty() { None } else { Some(parse(text)?) };
        let mut grabbed = self.grabbed.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((mods, key)) = grabbed.take() {
            for extra in ignored() {
                let _ = self.conn.ungrab_key(key, self.root, mods | extra);
            }
        }
        let Some((mods, keysym)) = wanted else {
            let _ = self.conn.flush();
            return Ok(());
        };
        let key = self.keycode(keysym)?.ok_or_else(|| format!("{text}: this keyboard has no such key"))?;
        for extra in ignored() {
            let grab = self.conn.grab_key(false, self.root, mods | extra, key, GrabMode::ASYNC, GrabMode::ASYNC);
            match grab.map_err(ReplyError::from).and_then(|cookie| cookie.check()) {
                Ok(()) => {}
                Err(ReplyError::X11Error(e)) if e.error_kind == ErrorKind::Access => {
                    return Err(format!("{text} is taken by another program; choose another shortcut"))
                }
                Err(e) => return Err(format!("{text} could not be registered: {e}")),
            }
        }
        *grabbed = Some((mods, key));
        Ok(())
    }

    /// The keycode that types `keysym` on this keyboard.
    fn keycode(&self, keysym: u32) -> Result<Option<Keycode>, String> {
        let setup = self.conn.setup();
        let (min, max) = (setup.min_keycode, setup.max_keycode);
        let map = self
            .conn
            .get_keyboard_mapping(min, max - min + 1)
            .map_err(|e| e.to_string())?
            .reply()
            .map_err(|e| e.to_string())?;
        let per = usize::from(map.keysyms_per_keycode.max(1));
        Ok(map.keysyms.chunks(per).position(|syms| syms.contains(&keysym)).map(|i| min + i as u8))
    }
}

/// "Ctrl+Shift+K" as X11 modifiers and a keysym; the keys quick search can use.
pub fn parse(text: &str) -> Result<(ModMask, u32), String> {
    let bad = || format!("“{text}” is not a shortcut Twofold understands; try one like Ctrl+Shift+K.");
    let hotkey = HotKey::from_str(text).map_err(|_| bad())?;
    let mut mods = ModMask::from(0u16);
    for (modifier, mask) in [(Modifiers::SHIFT, ModMask::SHIFT), (Modifiers::CONTROL, ModMask::CONTROL), (Modifiers::ALT, ModMask::M1), (Modifiers::SUPER, ModMask::M4)] {
        if hotkey.mods.contains(modifier) {
            mods |= mask;
        }
    }
    Ok((mods, keysym(hotkey.key).ok_or_else(bad)?))
}

/// The X11 keysym of a key: letters (as lower case, as keyboards map them), digits, F1–F12, Space.
fn keysym(key: Code) -> Option<u32> {
    let name = key.to_string();
    if let Some(letter) = name.strip_prefix("Key") {
        return letter.chars().next().map(|c| c.to_ascii_lowercase() as u32);
    }
    if let Some(digit) = name.strip_prefix("Digit") {
        return digit.chars().next().map(|c| c as u32);
    }
    if let Some(n) = name.strip_prefix('F').and_then(|n| n.parse::<u32>().ok()).filter(|n| (1..=12).contains(n)) {
        return Some(0xffbe + n - 1);
    }
    (key == Code::Space).then_some(0x20)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_read_as_x11_grabs() {
        let (mods, sym) = parse("Ctrl+Shift+K").unwrap();
        assert_eq!(mods, ModMask::CONTROL | ModMask::SHIFT);
        assert_eq!(sym, u32::from(b'k'));
        assert_eq!(parse("Alt+F5").unwrap(), (ModMask::M1, 0xffc2));
        assert_eq!(parse("Super+Space").unwrap(), (ModMask::M4, 0x20));
        assert_eq!(parse("Ctrl+7").unwrap().1, u32::from(b'7'));
        assert!(parse("Ctrl+Banana").unwrap_err().contains("not a shortcut"));
        assert!(parse("Ctrl+ArrowUp").is_err(), "keys outside the list are refused, not grabbed wrongly");
    }
}
