//! A set of backup codes as the vault keeps it: which are used, and when.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::code::SecretCode;
use super::error::BackupCodeError;
use super::parse::ParsedCodes;
use super::MAX_CODES;

/// The app warns when this many unused codes or fewer are left (see
/// [`BackupCodeSet::is_low`]).
pub const DEFAULT_LOW_THRESHOLD: usize = 3;

/// One code of a set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupCode {
    /// The code, as the site formats it.
    pub code: SecretCode,
    /// When it was used (Unix seconds); `None` while unused.
    #[serde(default)]
    pub used_at: Option<i64>,
}

impl BackupCode {
    /// An unused code.
    pub fn new(code: SecretCode) -> Self {
        BackupCode { code, used_at: None }
    }

    /// True once the code has been used.
    pub fn is_used(&self) -> bool {
        self.used_at.is_some()
    }
}

/// The backup codes of one account or one site.
///
/// The codes keep the site's order and are never duplicated (codes compare
/// without separators and case). `Debug` shows counts, never a code or the
/// note.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupCodeSet {
    /// Stable identifier: 32 hex characters from [`BackupCodeSet::new`], or
    /// the caller's own.
    pub id: String,
    /// The vault account these codes unlock, when linked to one.
    #[serde(default)]
    pub account_id: Option<String>,
    /// The site ("GitHub"); what a standalone set is listed under.
    pub name: String,
    /// When the set was created (Unix seconds).
    pub created_at: i64,
    codes: Vec<BackupCode>,
    /// The person's note (where the paper copy is, which e-mail); free text.
    #[serde(default)]
    pub note: String,
}

impl BackupCodeSet {
    /// An empty set with a fresh random id.
    pub fn new(name: impl Into<String>, created_at: i64) -> Self {
        Self::with_id(new_id(), name, created_at)
    }

    /// An empty set with the caller's id (e.g. to keep ids from an import).
    pub fn with_id(id: impl Into<String>, name: impl Into<String>, created_at: i64) -> Self {
        BackupCodeSet {
            id: id.into(),
            account_id: None,
            name: name.into(),
            created_at,
            codes: Vec::new(),
            note: String::new(),
        }
    }

    /// The codes, in the site's order.
    pub fn codes(&self) -> &[BackupCode] {
        &self.codes
    }

    /// How many codes the set holds, used or not.
    pub fn total(&self) -> usize {
        self.codes.len()
    }

    /// How many codes are still unused.
    pub fn left(&self) -> usize {
        self.codes.iter().filter(|c| !c.is_used()).count()
    }

    /// The first unused code, the one to use next.
    pub fn next_unused(&self) -> Option<&BackupCode> {
        self.codes.iter().find(|c| !c.is_used())
    }

    /// True when the person should get new codes: none left, or some used and
    /// at most `threshold` left. A set that never had more than `threshold`
    /// (a single recovery key) is not low until it is used up.
    pub fn is_low(&self, threshold: usize) -> bool {
        let left = self.left();
        left == 0 || (left <= threshold && left < self.total())
    }

    /// Marks the code at `index` (0-based) used at `at` (Unix seconds).
    pub fn mark_used(&mut self, index: usize, at: i64) -> Result<(), BackupCodeError> {
        let total = self.total();
        let code = self.codes.get_mut(index).ok_or(BackupCodeError::NoSuchCode { number: index + 1, total })?;
        if let Some(was) = code.used_at {
            return Err(BackupCodeError::AlreadyUsed { number: index + 1, at: was });
        }
        code.used_at = Some(at);
        Ok(())
    }

    /// Marks used the code a person typed or pasted (separators and case do
    /// not matter); returns its index.
    pub fn mark_code_used(&mut self, code: &str, at: i64) -> Result<usize, BackupCodeError> {
        let index = self.position(code).ok_or(BackupCodeError::UnknownCode)?;
        self.mark_used(index, at)?;
        Ok(index)
    }

    /// Undoes [`mark_used`](Self::mark_used), for a code marked by mistake.
    pub fn mark_unused(&mut self, index: usize) -> Result<(), BackupCodeError> {
        let total = self.total();
        let code = self.codes.get_mut(index).ok_or(BackupCodeError::NoSuchCode { number: index + 1, total })?;
        code.used_at = None;
        Ok(())
    }

    /// The "locked out" flow: returns the next unused code and marks it used
    /// at `at`. `None` when every code is used.
    pub fn use_next(&mut self, at: i64) -> Option<SecretCode> {
        let code = self.codes.iter_mut().find(|c| !c.is_used())?;
        code.used_at = Some(at);
        Some(code.code.clone())
    }

    /// Adds parsed codes after the existing ones, skipping those already in
    /// the set; returns how many were added. Codes the text marks used are
    /// recorded as used at `at` (the real time is not in the text), and a
    /// code already in the set that the text marks used becomes used too.
    ///
    /// Refused, leaving the set unchanged, if the set would exceed
    /// [`MAX_CODES`].
    pub fn add_codes(&mut self, parsed: ParsedCodes, at: i64) -> Result<usize, BackupCodeError> {
        let is_new = |code: &SecretCode, set: &[BackupCode]| !set.iter().any(|c| c.code.matches(code.as_str()));
        let fresh = parsed.codes.iter().filter(|p| is_new(&p.code, &self.codes)).count();
        let would_be = self.total() + fresh;
        if would_be > MAX_CODES {
            return Err(BackupCodeError::TooManyCodes { would_be, max: MAX_CODES });
        }
        let mut added = 0;
        for p in parsed.codes {
            match self.position(p.code.as_str()) {
                Some(i) => {
                    let existing = &mut self.codes[i];
                    if p.used && existing.used_at.is_none() {
                        existing.used_at = Some(at);
                    }
                }
                None => {
                    self.codes.push(BackupCode { code: p.code, used_at: p.used.then_some(at) });
                    added += 1;
                }
            }
        }
        Ok(added)
    }

    fn position(&self, code: &str) -> Option<usize> {
        self.codes.iter().position(|c| c.code.matches(code))
    }
}

impl fmt::Debug for BackupCodeSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BackupCodeSet")
            .field("id", &self.id)
            .field("account_id", &self.account_id)
            .field("name", &self.name)
            .field("created_at", &self.created_at)
            .field("codes", &format_args!("<{} codes, {} left>", self.total(), self.left()))
            .field("note", &format_args!("<{} characters>", self.note.chars().count()))
            .finish()
    }
}

/// 128 bits as hex, unique without a random-number dependency: the standard
/// library's `RandomState` is keyed from the OS's randomness, and the time,
/// process id and a counter make each call differ. Unique, not secret.
fn new_id() -> String {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut id = String::with_capacity(32);
    for half in 0..2u8 {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(nanos);
        h.write_u64(count);
        h.write_u32(std::process::id());
        h.write_u8(half);
        id.push_str(&format!("{:016x}", h.finish()));
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backup_codes::parse;

    fn set_of(text: &str) -> BackupCodeSet {
        let mut set = BackupCodeSet::with_id("id1", "Example", 1_700_000_000);
        set.add_codes(parse(text).unwrap(), 1_700_000_100).unwrap();
        set
    }

    const FIVE: &str = "a1b2-c3d4\ne5f6-a7b8\nc9d0-e1f2\na3b4-c5d6\ne7f8-a9b0\n";

    #[test]
    fn counts_and_next() {
        let mut set = set_of(FIVE);
        assert_eq!((set.total(), set.left()), (5, 5));
        assert_eq!(set.next_unused().unwrap().code.as_str(), "a1b2-c3d4");
        set.mark_used(0, 10).unwrap();
        assert_eq!(set.left(), 4);
        assert_eq!(set.next_unused().unwrap().code.as_str(), "e5f6-a7b8");
    }

    #[test]
    fn use_next_returns_and_marks() {
        let mut set = set_of(FIVE);
        for expected in ["a1b2-c3d4", "e5f6-a7b8", "c9d0-e1f2", "a3b4-c5d6", "e7f8-a9b0"] {
            assert_eq!(set.use_next(42).unwrap().as_str(), expected);
        }
        assert!(set.use_next(42).is_none());
        assert!(set.codes().iter().all(|c| c.used_at == Some(42)));
    }

    #[test]
    fn mark_by_code_ignores_format_and_refuses_twice() {
        let mut set = set_of(FIVE);
        assert_eq!(set.mark_code_used("C9D0 E1F2", 7), Ok(2));
        assert_eq!(set.mark_code_used("c9d0e1f2", 8), Err(BackupCodeError::AlreadyUsed { number: 3, at: 7 }));
        assert_eq!(set.mark_code_used("ffff-ffff", 8), Err(BackupCodeError::UnknownCode));
        assert_eq!(set.mark_used(9, 8), Err(BackupCodeError::NoSuchCode { number: 10, total: 5 }));
        set.mark_unused(2).unwrap();
        assert_eq!(set.left(), 5);
    }

    #[test]
    fn low_threshold() {
        let mut set = set_of(FIVE);
        assert!(!set.is_low(DEFAULT_LOW_THRESHOLD));
        set.mark_used(0, 1).unwrap();
        assert!(!set.is_low(DEFAULT_LOW_THRESHOLD)); // 4 left
        set.mark_used(1, 1).unwrap();
        assert!(set.is_low(DEFAULT_LOW_THRESHOLD)); // 3 left
        let mut single = set_of("ABCDE-FGHIJ-KLMNO-PQRST-UVWXY");
        assert!(!single.is_low(DEFAULT_LOW_THRESHOLD));
        single.use_next(1);
        assert!(single.is_low(DEFAULT_LOW_THRESHOLD));
    }

    #[test]
    fn add_codes_merges_without_duplicates() {
        let mut set = set_of(FIVE);
        let more = parse("A1B2-C3D4 (used)\nb1b2-c3d4\n").unwrap();
        assert_eq!(set.add_codes(more, 99), Ok(1));
        assert_eq!(set.total(), 6);
        assert_eq!(set.codes()[0].used_at, Some(99));
        assert_eq!(set.codes()[5].code.as_str(), "b1b2-c3d4");
    }

    #[test]
    fn add_codes_refuses_past_the_limit_and_changes_nothing() {
        let mut set = set_of(FIVE);
        let many: String = (0..MAX_CODES).map(|i| format!("{:08}\n", 10_000_000 + i)).collect();
        let parsed = parse(&many).unwrap();
        let before = set.clone();
        assert_eq!(
            set.add_codes(parsed, 1),
            Err(BackupCodeError::TooManyCodes { would_be: MAX_CODES + 5, max: MAX_CODES })
        );
        assert_eq!(set, before);
    }

    #[test]
    fn debug_never_shows_a_code_or_the_note() {
        let mut set = set_of(FIVE);
        set.note = "paper copy in the desk, a1b2-c3d4".into();
        let debug = format!("{set:?} {:?} {:?}", set.codes(), parse(FIVE).unwrap());
        for code in set.codes() {
            assert!(!debug.contains(code.code.as_str()), "{debug}");
            assert!(!debug.contains(code.code.compact().as_str()), "{debug}");
        }
        assert!(!debug.contains("paper"));
        assert!(debug.contains("<5 codes, 5 left>"), "{debug}");
    }

    #[test]
    fn serde_round_trip_keeps_codes_and_use() {
        let mut set = set_of(FIVE);
        set.account_id = Some("acct-7".into());
        set.mark_used(1, 1234).unwrap();
        let json = serde_json::to_string(&set).unwrap();
        assert!(json.contains("\"e5f6-a7b8\""), "codes are serialized on purpose: {json}");
        let back: BackupCodeSet = serde_json::from_str(&json).unwrap();
        assert_eq!(back, set);
    }

    #[test]
    fn ids_are_32_hex_and_differ() {
        let (a, b) = (BackupCodeSet::new("A", 0).id, BackupCodeSet::new("A", 0).id);
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }
}
