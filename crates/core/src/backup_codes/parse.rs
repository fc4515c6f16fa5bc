//! The entry point: text in, codes out.

use super::code::SecretCode;
use super::error::ParseError;
use super::normalize::normalize;
use super::{select, token, MAX_TEXT_BYTES};

/// One code read from a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedCode {
    /// The code as the site formats it.
    pub code: SecretCode,
    /// The text marks it used: struck through, or beside `used` or a check mark.
    pub used: bool,
}

/// The codes of a text, in the text's order, each once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ParsedCodes {
    /// The codes; never empty when returned by [`parse`].
    pub codes: Vec<ParsedCode>,
    /// Repeated codes that were dropped (a code pasted twice).
    pub duplicates: usize,
    /// Code-like strings left out because their shape differs from the
    /// codes' (another format, a serial number): worth a word in the UI.
    pub skipped: usize,
}

impl ParsedCodes {
    /// How many codes.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// True when there are no codes.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// How many codes the text marks used.
    pub fn used_count(&self) -> usize {
        self.codes.iter().filter(|c| c.used).count()
    }
}

/// Reads the backup codes out of the text a site gives: a downloaded `.txt`
/// file or a selection pasted from the page, headers, instructions and
/// buttons included.
///
/// See the [module docs](super) for the rules and their limits.
///
/// ```
/// use twofold_core::backup_codes::parse;
///
/// let text = "Backup codes for alice@example.com\n1. 1234 5678\t2. 2345 6789 (used)\n";
/// let parsed = parse(text).unwrap();
/// assert_eq!(parsed.codes[0].code.as_str(), "1234 5678");
/// assert!(parsed.codes[1].used);
/// ```
pub fn parse(text: &str) -> Result<ParsedCodes, ParseError> {
    if text.len() > MAX_TEXT_BYTES {
        return Err(ParseError::TooLarge { len: text.len(), max: MAX_TEXT_BYTES });
    }
    let clean = normalize(text);
    let candidates = token::scan(&clean);
    let selected = select::select(&candidates)?;
    Ok(ParsedCodes { codes: selected.codes, duplicates: selected.duplicates, skipped: selected.skipped })
}
