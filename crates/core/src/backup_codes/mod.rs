//! Backup (recovery) codes: reading the text a site gives, and the set a
//! person keeps, with which codes are used.
//!
//! - [`parse`] reads what people paste or download: a `.txt` file, or a
//!   selection copied off the web page, headers, buttons and all.
//! - [`BackupCodeSet`] is what the backup-code vault stores: the codes, which
//!   are used and when, and what they belong to.
//! - [`to_text`] writes a set back out as plain text that [`parse`] reads.
//!
//! Codes are secrets: they live in [`SecretCode`], which wipes its memory on
//! drop and never shows itself in `Debug`. They *are* serialized (serde), on
//! purpose, for the encrypted vault payload.
//!
//! # How the parser finds the codes
//!
//! There is no per-site code: the parser works from what backup codes have in
//! common everywhere. It goes in four steps.
//!
//! 1. **Clean-up.** A UTF-8 byte-order mark, zero-width characters and
//!    variation selectors are dropped; CR, CRLF and Unicode line separators
//!    end lines; non-breaking and other Unicode spaces become plain spaces;
//!    Unicode hyphens become `-`; text struck through with combining
//!    overlays (`a̶b̶c̶`) becomes `~~abc~~`, so both kinds of strike-through
//!    are handled alike.
//! 2. **Cells and words.** A line splits into *cells* at tabs, at runs of two
//!    or more spaces and at column bars (`|`, `│`): that is how a two-column
//!    layout (Google, GitHub) survives a copy. A cell splits into words at
//!    single spaces; commas and semicolons end a *segment* of a cell. Each
//!    word sheds surrounding punctuation, bullets (`•` `-` `*` `·`), quotes,
//!    brackets and `~~`, and is then one of: a list number (`1.`, `2)`, `#3`,
//!    `(4)`, any number of up to three digits), a used marker (`used`,
//!    `(used)`, a check mark), a *group* (ASCII letters and digits), a
//!    *hyphenated code* (2 to 10 groups of 3 to 12 characters, all of one
//!    length, e.g. `abcde-12345`: code generators cut fixed groups, dates
//!    and phone numbers do not), or *other* (prose, a date like
//!    `2024-03-05`, a time, an e-mail address, a URL, a capitalised word like
//!    `Download`).
//! 3. **Candidates.** Consecutive groups of the same length (4 or 5
//!    characters) are one code written with spaces (`1234 5678`, Bitwarden's
//!    `ABCD EFGH … 3456`); a group of 6 to 64 characters is a code alone. A
//!    cell is a *code cell* when every word in it is accounted for: codes,
//!    list numbers, bullets, used markers. A single other word makes the
//!    whole cell prose ("Keep these codes safe", "10 codes", "Account:
//!    alice") and its candidates are dropped, with two exceptions held *in
//!    reserve*: codes after a label (`Code 1: 1234 5678`, `Recovery code:
//!    …`), and unmistakable codes inside a sentence (hyphenated in 3+ groups
//!    of 4+ characters mixing letters and digits, as in "Your recovery code
//!    is 4KQ7M-9TXW2-…"). The reserve is used only when no code cell has a
//!    code, and only when corroborated: two random-looking codes of one
//!    shape, or an unmistakable one, so that a lone `Account: alice2024` is
//!    not taken for a code.
//! 4. **One shape.** A site gives all its codes in one format, so the codes
//!    of a text must share a *shape*: the same group lengths and separator.
//!    Candidates are grouped by shape; the shape with the most candidates
//!    that look random on their own wins (a candidate looks random when it
//!    mixes letters and digits, or is 6+ digits, or is hyphenated in 3+
//!    groups; a lone letters-only word never counts, however long). The
//!    random-looking codes then vote on the character set: digits only,
//!    lower or upper case, hexadecimal (at least six letters seen, all
//!    `a`–`f`); a trait stands unless three times as many codes vote against
//!    it. Codes outside the character set are dropped: that removes `SAVE
//!    YOUR` among `1234 5678` codes, and a stray upper-case secret among
//!    lower-case hex codes of the same length. If the winning shape is spaced
//!    (`1234 5678`), a line whose columns were pasted with single spaces
//!    (`1234 5678 2345 6789`) is split into codes of that shape. Code-like
//!    strings of other shapes or character sets are counted in
//!    [`ParsedCodes::skipped`] and left out.
//!
//! Order: when every code carries its own list number, the numbers give the
//! order (Google numbers its two columns downwards: 1–5, then 6–10);
//! otherwise the reading order does, row by row.
//!
//! Used codes: `~~code~~` (or a combining strike-through), or a used marker
//! in the same cell, marks a code used. A marker after a code applies to the
//! code before it (and then whatever follows in the cell is taken as an
//! annotation, like "used on 5 Mar"); a marker before any code applies to the
//! next one; a marker alone in a column applies to the line's last code
//! before it, or else to its next.
//!
//! Each code keeps its site's formatting ([`SecretCode::as_str`]: groups
//! joined by the site's `-` or single space, the site's case); its
//! [`compact`](SecretCode::compact) form drops separators and lower-cases.
//! Two codes with the same compact form are the same code: the first stays,
//! used if any copy was marked used.
//!
//! # Limits
//!
//! - A code must stand in a cell of its own (beside a list number, a bullet,
//!   a used marker or a label): a code inside a sentence is found only when
//!   it is unmistakable, and letters-only codes (`ABCDE-FGHIJ-…`) only on a
//!   line of their own.
//! - Letters-only codes are kept only beside codes that look random, or when
//!   hyphenated in 3+ groups: a text of nothing but `abcd-efgh` codes gives
//!   no codes.
//! - One text is one site: codes of a second, different shape are skipped.
//! - Codes are ASCII letters and digits, 6 to 64 characters; groups of 3 or
//!   fewer characters joined only by spaces (`123 456`) are not recognised.
//! - A lower-case dictionary word alone on a line, in a text whose codes are
//!   lower-case letters and digits of the same length, cannot be told apart
//!   from a code and is kept.
//! - Used markers are English (`used`) or a check mark.
//! - Input is bounded: at most [`MAX_TEXT_BYTES`] of text and [`MAX_CODES`]
//!   distinct codes.

mod candidate;
mod cell;
mod code;
mod error;
mod export;
mod model;
mod normalize;
mod parse;
mod select;
mod sets;
mod token;

#[cfg(test)]
mod tests;

pub use code::SecretCode;
pub use error::{BackupCodeError, ParseError};
pub use export::to_text;
pub use model::{BackupCode, BackupCodeSet, DEFAULT_LOW_THRESHOLD};
pub use parse::{parse, ParsedCode, ParsedCodes};
pub use sets::SetOwner;

/// The largest text [`parse`] reads, in bytes (1 MiB); real lists are a few
/// hundred bytes.
pub const MAX_TEXT_BYTES: usize = 1 << 20;

/// The most distinct codes one text or one set may hold.
pub const MAX_CODES: usize = 1000;
