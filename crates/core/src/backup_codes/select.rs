//! Choosing the codes among the candidates: one shape, one character set,
//! no duplicates.

use std::cmp::Reverse;
use std::collections::HashMap;

use zeroize::Zeroizing;

use super::candidate::{Candidate, Sep};
use super::code::SecretCode;
use super::error::ParseError;
use super::parse::ParsedCode;
use super::MAX_CODES;

/// The codes chosen, in text order, and what was left out.
#[derive(Debug)]
pub(super) struct Selected {
    pub codes: Vec<ParsedCode>,
    pub skipped: usize,
    pub duplicates: usize,
}

/// Picks the codes of a text from its candidates (see the module docs).
pub(super) fn select(candidates: &[Candidate<'_>]) -> Result<Selected, ParseError> {
    let (pool, shape) = pool_and_shape(candidates).ok_or(ParseError::NoCodes)?;
    let (mut members, skipped) = members_of(&pool, &shape);
    in_list_order(&mut members);
    let charset = Charset::of(&members);
    let (admitted, outliers): (Vec<_>, Vec<_>) = members.iter().partition(|m| charset.admits(m));
    // Random-looking members in the wrong character set are outliers worth
    // reporting; letters-only ones are just words.
    let skipped = skipped + outliers.iter().filter(|m| m.anchored()).count();
    let codes: Vec<ParsedCode> = admitted.into_iter().map(to_code).collect();
    let (codes, duplicates) = dedup(codes);
    if codes.is_empty() {
        return Err(ParseError::NoCodes);
    }
    if codes.len() > MAX_CODES {
        return Err(ParseError::TooManyCodes { found: codes.len(), max: MAX_CODES });
    }
    Ok(Selected { codes, skipped, duplicates })
}

/// The candidates to choose from, and their shape: those of code cells; or,
/// when none of them looks random, those held in reserve (after labels,
/// unmistakable ones in prose). Reserve codes need corroboration: two
/// random-looking codes of the shape, or an unmistakable one, so that a lone
/// `Account: alice2024` is not taken for a code.
fn pool_and_shape<'c, 'a>(candidates: &'c [Candidate<'a>]) -> Option<(Vec<&'c Candidate<'a>>, Shape)> {
    let clean: Vec<_> = candidates.iter().filter(|c| !c.reserve).collect();
    if let Some(shape) = dominant_shape(&clean) {
        return Some((clean, shape));
    }
    let reserve: Vec<_> = candidates.iter().filter(|c| c.reserve).collect();
    let shape = dominant_shape(&reserve)?;
    let of_shape = || reserve.iter().filter(|c| c.fits() && Shape::of(c) == shape);
    let corroborated = of_shape().filter(|c| c.anchored()).count() >= 2 || of_shape().any(|c| c.unmistakable());
    corroborated.then_some((reserve, shape))
}

/// Group lengths and separator: what all codes of one site share.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Shape {
    lengths: Vec<usize>,
    sep: Sep,
}

impl Shape {
    fn of(c: &Candidate<'_>) -> Self {
        Shape { lengths: c.groups.iter().map(|g| g.len()).collect(), sep: c.sep }
    }

    /// The candidate is several codes of this shape written with single
    /// spaces (`1234 5678 2345 6789`), and here they are.
    fn split<'a>(&self, c: &Candidate<'a>) -> Option<Vec<Candidate<'a>>> {
        let k = self.lengths.len();
        let repeats = self.sep == Sep::Space && c.sep == Sep::Space && c.groups.len() > k;
        let chunks = c.groups.chunks_exact(k);
        if !repeats || !chunks.remainder().is_empty() {
            return None;
        }
        if !chunks.clone().all(|ch| ch.iter().map(|g| g.len()).eq(self.lengths.iter().copied())) {
            return None;
        }
        // The list number, if any, belongs to the first code of the row only.
        let parts = chunks.enumerate().map(|(i, ch)| Candidate {
            groups: ch.to_vec(),
            number: c.number.filter(|_| i == 0),
            ..c.clone()
        });
        Some(parts.collect())
    }
}

/// The shape with the most random-looking candidates; ties go to the shape
/// with more candidates, then to the one seen first.
fn dominant_shape(pool: &[&Candidate<'_>]) -> Option<Shape> {
    // (random-looking, all, first position) per shape.
    let mut stats: HashMap<Shape, (usize, usize, usize)> = HashMap::new();
    for (i, c) in pool.iter().enumerate().filter(|(_, c)| c.fits()) {
        let entry = stats.entry(Shape::of(c)).or_insert((0, 0, i));
        entry.0 += usize::from(c.anchored());
        entry.1 += 1;
    }
    stats
        .into_iter()
        .filter(|(_, (anchored, _, _))| *anchored > 0)
        .max_by_key(|(_, (anchored, all, first))| (*anchored, *all, Reverse(*first)))
        .map(|(shape, _)| shape)
}

/// The candidates of the shape, in order, and how many random-looking ones
/// of other shapes were left out.
fn members_of<'a>(pool: &[&Candidate<'a>], shape: &Shape) -> (Vec<Candidate<'a>>, usize) {
    let mut members = Vec::new();
    let mut skipped = 0;
    for c in pool {
        if c.fits() && Shape::of(c) == *shape {
            members.push((*c).clone());
        } else if let Some(parts) = shape.split(c) {
            members.extend(parts);
        } else if c.fits() && c.anchored() {
            skipped += 1;
        }
    }
    (members, skipped)
}

/// Puts codes in the order of their list numbers when every code has its own
/// number: Google numbers two columns downwards (1–5, then 6–10), and its
/// numbering, not the reading order, is the site's order. Without numbers
/// the reading order (rows, then columns) is all the text says.
fn in_list_order(members: &mut [Candidate<'_>]) {
    let mut numbers: Vec<u32> = members.iter().filter_map(|c| c.number).collect();
    if numbers.len() != members.len() {
        return;
    }
    numbers.sort_unstable();
    if numbers.windows(2).all(|w| w[0] != w[1]) {
        members.sort_by_key(|c| c.number);
    }
}

/// The characters the codes use, which every code must keep to: that drops
/// `SAVE YOUR` among `1234 5678` codes, and a stray `JBSWY3DPEHPK3PXP`
/// secret among lower-case hex codes of the same length.
///
/// Only random-looking codes vote, and a trait is the site's unless at least
/// [`OUTVOTED`] times as many of them vote against it: a site's generator
/// uses one alphabet for all its codes, so a lone code in another case is an
/// outlier, while a random alphanumeric set naturally mixes codes that happen
/// to be all digits or all `a`–`f`.
#[derive(Debug, Default)]
struct Charset {
    letters: bool,
    lower: bool,
    upper: bool,
    hex_only: bool,
}

/// How many times more votes it takes to outvote a trait.
const OUTVOTED: usize = 3;

/// Seeing at least this many letters, all `a`–`f`, means hexadecimal: a
/// random alphanumeric code would show another letter by then.
const HEX_EVIDENCE: usize = 6;

/// What the random-looking members of a shape show.
#[derive(Debug, Default)]
struct Votes {
    digits_only: usize,
    with_letters: usize,
    lower: usize,
    upper: usize,
    hex: usize,
    hex_letters: usize,
    not_hex: usize,
}

impl Votes {
    fn count(members: &[Candidate<'_>]) -> Self {
        let mut v = Votes::default();
        for m in members.iter().filter(|m| m.anchored()) {
            let letters: Vec<char> = m.chars().filter(char::is_ascii_alphabetic).collect();
            if letters.is_empty() {
                v.digits_only += 1;
                continue;
            }
            v.with_letters += 1;
            v.lower += usize::from(letters.iter().any(char::is_ascii_lowercase));
            v.upper += usize::from(letters.iter().any(char::is_ascii_uppercase));
            if letters.iter().all(char::is_ascii_hexdigit) {
                v.hex += 1;
                v.hex_letters += letters.len();
            } else {
                v.not_hex += 1;
            }
        }
        v
    }
}

/// A trait with `for_it` votes stands unless outvoted by `against`.
fn stands(for_it: usize, against: usize) -> bool {
    for_it > 0 && against < OUTVOTED * for_it
}

impl Charset {
    fn of(members: &[Candidate<'_>]) -> Self {
        let v = Votes::count(members);
        Charset {
            letters: stands(v.with_letters, v.digits_only),
            lower: stands(v.lower, v.upper),
            upper: stands(v.upper, v.lower),
            hex_only: v.hex_letters >= HEX_EVIDENCE && v.hex >= OUTVOTED * v.not_hex,
        }
    }

    fn admits(&self, c: &Candidate<'_>) -> bool {
        c.chars().all(|ch| {
            !ch.is_ascii_alphabetic()
                || (self.letters
                    && (self.lower || !ch.is_ascii_lowercase())
                    && (self.upper || !ch.is_ascii_uppercase())
                    && (!self.hex_only || ch.is_ascii_hexdigit()))
        })
    }
}

/// The display form: the groups joined as the site joined them.
fn to_code(c: &Candidate<'_>) -> ParsedCode {
    let mut text = Zeroizing::new(String::with_capacity(c.len() + c.groups.len()));
    for (i, g) in c.groups.iter().enumerate() {
        if let (true, Some(j)) = (i > 0, c.sep.joiner()) {
            text.push(j);
        }
        text.push_str(g);
    }
    // Move the String out without leaving an unwiped copy: the Zeroizing
    // shell is left holding an empty string.
    ParsedCode { code: SecretCode::new(std::mem::take(&mut *text)), used: c.used }
}

/// Keeps the first of codes with the same compact form (used if any copy is
/// used), in order; returns how many were dropped.
fn dedup(mut codes: Vec<ParsedCode>) -> (Vec<ParsedCode>, usize) {
    let mut order: Vec<usize> = (0..codes.len()).collect();
    order.sort_by(|&a, &b| codes[a].code.cmp_compact(&codes[b].code).then(a.cmp(&b)));
    let mut keep = vec![true; codes.len()];
    let mut first = 0;
    for w in 1..order.len() {
        let (head, this) = (order[first], order[w]);
        if codes[head].code.cmp_compact(&codes[this].code).is_eq() {
            keep[this] = false;
            codes[head].used |= codes[this].used;
        } else {
            first = w;
        }
    }
    let before = codes.len();
    let mut keep = keep.into_iter();
    codes.retain(|_| keep.next().unwrap_or(true));
    let dropped = before - codes.len();
    (codes, dropped)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str, used: bool) -> ParsedCode {
        ParsedCode { code: SecretCode::new(s), used }
    }

    #[test]
    fn dedup_keeps_first_and_merges_used() {
        let (codes, dropped) = dedup(vec![
            code("abcd-1234", false),
            code("ffff-0000", false),
            code("ABCD 1234", true),
            code("abcd1234", false),
        ]);
        assert_eq!(dropped, 2);
        assert_eq!(codes, vec![code("abcd-1234", true), code("ffff-0000", false)]);
    }

    #[test]
    fn charset_hex_needs_evidence() {
        let c =
            |g: &'static str| Candidate { groups: vec![g], sep: Sep::None, used: false, reserve: false, number: None };
        let set = Charset::of(&[c("a1b2c3"), c("d4e5f6")]);
        assert!(set.hex_only && set.lower && !set.upper);
        assert!(!set.admits(&c("zzzzzz")));
        let few = Charset::of(&[c("a12345")]);
        assert!(!few.hex_only);
        assert!(few.admits(&c("zzzzzz")));
        assert!(!few.admits(&c("ZZZZZZ")));
    }

    #[test]
    fn charset_majority_outvotes_a_stray_member() {
        let c =
            |g: &'static str| Candidate { groups: vec![g], sep: Sep::None, used: false, reserve: false, number: None };
        // Three lower-case hex codes and one upper-case base32 secret.
        let set = Charset::of(&[c("a1b2c3d4"), c("e5f60718"), c("293a4b5c"), c("JBSWY3DP")]);
        assert!(set.lower && !set.upper && set.hex_only);
        assert!(!set.admits(&c("JBSWY3DP")));
        // Mixed-case codes (base62) keep both cases.
        let mixed = Charset::of(&[c("aB3dE5"), c("Xy7Zq1"), c("mN2pQ4")]);
        assert!(mixed.lower && mixed.upper);
        // Mostly digits: a lone alphanumeric code is the outlier.
        let digits = Charset::of(&[c("12345678"), c("23456789"), c("34567890"), c("a1b2c3d4")]);
        assert!(!digits.letters);
    }
}
