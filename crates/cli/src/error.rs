//! The CLI's few error cases, each with its exit code.

use std::process::ExitCode;

/// Why a command stopped.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Bad arguments or a file that cannot be read: exit 2.
    #[error("{0}")]
    Usage(String),
    /// The input was understood and refused: exit 1.
    #[error("{0}")]
    Refused(String),
}

impl CliError {
    /// 1 for a refused operation, 2 for usage and I/O.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            CliError::Usage(_) => ExitCode::from(2),
            CliError::Refused(_) => ExitCode::from(1),
        }
    }
}
