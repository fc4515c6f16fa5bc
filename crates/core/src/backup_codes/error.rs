//! What can go wrong reading codes and changing a set.

/// Why a text gave no backup codes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// The text is larger than any list of backup codes could be.
    #[error("the text is too large to be a list of backup codes ({len} bytes; at most {max} are read)")]
    TooLarge {
        /// Size of the text, in bytes.
        len: usize,
        /// The limit, [`MAX_TEXT_BYTES`](super::MAX_TEXT_BYTES).
        max: usize,
    },
    /// Nothing in the text looks like a backup code.
    #[error(
        "no backup codes found in this text: paste the codes as the site shows them \
         (for example `1234 5678` or `abcd-efgh`), each on its own line or in columns"
    )]
    NoCodes,
    /// More distinct codes than one set may hold.
    #[error("the text holds {found} codes; a set keeps at most {max}: is this really one site's list?")]
    TooManyCodes {
        /// How many distinct codes the text holds.
        found: usize,
        /// The limit, [`MAX_CODES`](super::MAX_CODES).
        max: usize,
    },
}

/// Why a change to a [`BackupCodeSet`](super::BackupCodeSet) was refused.
/// A refused change leaves the set as it was.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BackupCodeError {
    /// The position is past the end of the list.
    #[error("there is no code number {number}: the set has {total}")]
    NoSuchCode {
        /// 1-based position asked for, as a person counts.
        number: usize,
        /// How many codes the set holds.
        total: usize,
    },
    /// The code typed is not in the set (separators and case do not matter).
    #[error("this code is not in the set; check it for typos")]
    UnknownCode,
    /// The code was already marked used.
    #[error("code number {number} is already marked used")]
    AlreadyUsed {
        /// 1-based position of the code.
        number: usize,
        /// When it was marked used (Unix seconds).
        at: i64,
    },
    /// Adding the codes would make the set larger than allowed.
    #[error("a set keeps at most {max} codes; adding these would make {would_be}")]
    TooManyCodes {
        /// The size the set would have had.
        would_be: usize,
        /// The limit, [`MAX_CODES`](super::MAX_CODES).
        max: usize,
    },
}
