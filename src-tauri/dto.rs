//! What crosses the IPC boundary: codes and metadata, never secrets.

use serde::Serialize;
use twofold_core::Account;

/// Every account's codes at one second.
#[derive(Debug, Serialize)]
pub struct CodesDto {
    /// The Unix second the codes were computed for.
    pub at: u64,
    /// One entry per account, in display order.
    pub items: Vec<CodeDto>,
}

/// One account's current code.
#[derive(Debug, Serialize)]
pub struct CodeDto {
    pub index: usize,
    pub issuer: Option<String>,
    pub label: String,
    pub kind: &'static str,
    pub code: String,
    pub next_code: String,
    pub period: Option<u32>,
    pub seconds_left: Option<u32>,
}

impl CodeDto {
    pub fn new(index: usize, account: &Account, at: u64) -> Self {
        let otp = &account.otp;
        CodeDto {
            index,
            issuer: account.issuer.clone(),
            label: account.label.clone(),
            kind: otp.kind().as_str(),
            code: otp.code_at(at),
            next_code: otp.next_code_at(at),
            period: otp.period(),
            seconds_left: otp.seconds_left(at),
        }
    }
}
