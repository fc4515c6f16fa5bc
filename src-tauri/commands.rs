//! The IPC commands. Each is a few lines: state in, one core call, DTO out.

use std::time::{SystemTime, UNIX_EPOCH};

use tauri::State;

use crate::demo::DemoAccounts;
use crate::dto::{CodeDto, CodesDto};

/// The current codes of every account.
#[tauri::command]
pub fn list_codes(accounts: State<'_, DemoAccounts>) -> CodesDto {
    let at = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let items = accounts.0.iter().enumerate().map(|(i, a)| CodeDto::new(i, a, at)).collect();
    CodesDto { at, items }
}
