//! A candidate code: letter-and-digit groups found in the text, and what
//! makes one look like a random code rather than a word.

/// Fewest characters in a group of a hyphenated code (`123-456`).
pub(super) const MIN_GROUP_LEN: usize = 3;
/// Most characters in one group of a hyphenated code.
pub(super) const MAX_GROUP_LEN: usize = 12;
/// Fewest characters in a group of a code written with spaces (`1234 5678`):
/// shorter words joined by spaces are far more often prose ("and the").
pub(super) const MIN_SPACED_GROUP_LEN: usize = 4;
/// Fewest characters of a code written in one piece: shorter ones are years,
/// counts and words ("2024", "codes").
pub(super) const MIN_SINGLE_LEN: usize = 6;
/// Most letters and digits in one code (npm's hex codes are 64).
pub(super) const MAX_CODE_LEN: usize = 64;
/// Most groups in one code (Bitwarden shows 8, Apple 7).
pub(super) const MAX_GROUPS: usize = 10;

/// How the groups of a code are joined.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub(super) enum Sep {
    /// One group: `a1b2c3d4`.
    None,
    /// `abcde-12345`.
    Hyphen,
    /// `1234 5678`.
    Space,
}

impl Sep {
    /// The character put between groups in the display form.
    pub(super) fn joiner(self) -> Option<char> {
        match self {
            Sep::None => None,
            Sep::Hyphen => Some('-'),
            Sep::Space => Some(' '),
        }
    }
}

/// Something shaped like a code, with where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Candidate<'a> {
    /// The letter-and-digit groups, in order.
    pub groups: Vec<&'a str>,
    pub sep: Sep,
    /// Struck through, or next to a used marker.
    pub used: bool,
    /// Found outside a code cell (after a label like `Code 1:`, or an
    /// unmistakable code inside prose): considered only when no code cell
    /// has a code.
    pub reserve: bool,
    /// The list number written before it (`3.` gives 3), if any.
    pub number: Option<u32>,
}

impl<'a> Candidate<'a> {
    /// The same candidate, held in reserve (see `select`).
    pub(super) fn into_reserve(self) -> Candidate<'a> {
        Candidate { reserve: true, ..self }
    }

    /// Within the size limits of one code. A long run of spaced groups may
    /// not be, yet still split into codes of the text's shape.
    pub(super) fn fits(&self) -> bool {
        self.groups.len() <= MAX_GROUPS && self.len() <= MAX_CODE_LEN
    }

    /// Letters and digits in the code.
    pub(super) fn len(&self) -> usize {
        self.groups.iter().map(|g| g.len()).sum()
    }

    /// Looks random on its own, so it can vouch for its shape: letters mixed
    /// with digits, or 6+ digits, or letters in 3+ hyphenated groups. A
    /// letters-only word never does: it is too likely to be a word.
    pub(super) fn anchored(&self) -> bool {
        let digits = self.chars().filter(char::is_ascii_digit).count();
        let letters = self.len() - digits;
        if self.len() < MIN_SINGLE_LEN {
            return false;
        }
        letters == 0 || digits > 0 || (self.sep == Sep::Hyphen && self.groups.len() >= 3)
    }

    /// The letters and digits, in order.
    pub(super) fn chars(&self) -> impl Iterator<Item = char> + '_ {
        self.groups.iter().flat_map(|g| g.chars())
    }

    /// So code-like that prose around it does not matter: hyphenated in 3+
    /// groups of 4+ characters, mixing letters and digits
    /// (`4KQ7M-9TXW2-RB8NP-V3HJC-6YDGF`). An order number `123-456-789` is not.
    pub(super) fn unmistakable(&self) -> bool {
        self.sep == Sep::Hyphen
            && self.groups.len() >= 3
            && self.groups[0].len() >= 4
            && self.chars().any(|c| c.is_ascii_digit())
            && self.chars().any(|c| c.is_ascii_alphabetic())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchoring() {
        let c = |g: Vec<&'static str>, sep| Candidate { groups: g, sep, used: false, reserve: false, number: None };
        assert!(c(vec!["a1b2c3"], Sep::None).anchored());
        assert!(c(vec!["123456"], Sep::None).anchored());
        assert!(!c(vec!["download"], Sep::None).anchored());
        assert!(!c(vec!["them", "safe"], Sep::Space).anchored());
        assert!(c(vec!["ABCD", "EFGH", "IJKL"], Sep::Hyphen).anchored());
        assert!(!c(vec!["12345"], Sep::None).anchored());
    }

    #[test]
    fn unmistakable_needs_long_mixed_groups() {
        let c =
            |g: Vec<&'static str>| Candidate { groups: g, sep: Sep::Hyphen, used: false, reserve: false, number: None };
        assert!(c(vec!["4KQ7M", "9TXW2", "RB8NP"]).unmistakable());
        assert!(!c(vec!["123", "456", "789"]).unmistakable());
        assert!(!c(vec!["ABCD", "EFGH", "IJKL"]).unmistakable());
        assert!(!c(vec!["a1b2", "c3d4"]).unmistakable());
    }
}
