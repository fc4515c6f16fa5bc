//! Lines into cells, cells into words, words into candidate codes.
//!
//! Nothing here decides which candidates are the codes: that needs the whole
//! text (see `select`). This step only says, cell by cell, what could be a
//! code and whether the cell is a code cell or prose.

use super::candidate::{Candidate, MAX_CODE_LEN, MAX_GROUPS, MAX_GROUP_LEN, MIN_GROUP_LEN, MIN_SPACED_GROUP_LEN};
use super::cell::scan_cell;

/// Every candidate of the (normalised) text, in reading order.
pub(super) fn scan(text: &str) -> Vec<Candidate<'_>> {
    let mut out = Vec::new();
    for line in text.split('\n') {
        scan_line(line, &mut out);
    }
    out
}

fn scan_line<'a>(line: &'a str, out: &mut Vec<Candidate<'a>>) {
    let line_start = out.len();
    let mut in_strike = false;
    // A used marker alone in a column with no code before it on the line
    // waits for the next code of the line ("used | abcd-efgh").
    let mut carried_used = false;
    let mut words = Vec::new();
    for cell in cells(line) {
        words.clear();
        lex_cell(cell, &mut in_strike, &mut words);
        let scan = scan_cell(&words, carried_used);
        carried_used = false;
        if let Some(at) = scan.labelled_from {
            // `Code 1: 1234 5678`: what follows the label, held in reserve.
            out.extend(scan.found.into_iter().skip(at).map(Candidate::into_reserve));
        } else if scan.prose {
            let keep = scan.found.into_iter().filter(Candidate::unmistakable);
            out.extend(keep.map(Candidate::into_reserve));
        } else if scan.found.is_empty() && scan.orphan_used {
            // A status column: it belongs to the line's last code so far.
            if out.len() > line_start {
                if let Some(prev) = out.last_mut() {
                    prev.used = true;
                }
            } else {
                carried_used = true;
            }
        } else {
            out.extend(scan.found);
        }
    }
}

/// Characters that separate columns, beside tabs and runs of spaces.
const COLUMN_BARS: [char; 5] = ['|', '│', '┃', '║', '¦'];

/// Splits a line into columns at tabs, column bars and runs of 2+ spaces.
fn cells(line: &str) -> Vec<&str> {
    let mut cells = Vec::new();
    let mut start = 0;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let double_space = c == ' ' && chars.peek().is_some_and(|&(_, n)| n == ' ');
        if c == '\t' || COLUMN_BARS.contains(&c) || double_space {
            cells.push(&line[start..i]);
            while chars.next_if(|&(_, n)| n == ' ' || n == '\t').is_some() {}
            start = chars.peek().map_or(line.len(), |&(j, _)| j);
        }
    }
    cells.push(&line[start..]);
    cells.retain(|c| !c.trim().is_empty());
    cells
}

/// What a word is, for finding codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind<'a> {
    /// A bullet, punctuation: says nothing.
    Neutral,
    /// A list number: `1.`, `(2)`, `#3`, `10`.
    Number(u32),
    /// `used`, `(used)`, a check mark.
    Used,
    /// A comma or semicolon: a new segment of the cell begins.
    Break,
    /// ASCII letters and digits, 4 to 64 of them, not a capitalised word.
    Group(&'a str),
    /// Groups joined by single hyphens, within the code limits.
    Hyphenated(&'a str),
    /// Anything else: a word of prose, a date, a time, an address.
    Other,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Word<'a> {
    pub(super) kind: Kind<'a>,
    pub(super) struck: bool,
    /// Ends with a colon: the end of a label (`Code 1:`, `Account:`).
    pub(super) colon: bool,
}

impl<'a> Word<'a> {
    fn new(kind: Kind<'a>, struck: bool) -> Self {
        Word { kind, struck, colon: false }
    }
}

fn lex_cell<'a>(cell: &'a str, in_strike: &mut bool, out: &mut Vec<Word<'a>>) {
    for (i, segment) in cell.split([',', ';']).enumerate() {
        if i > 0 {
            out.push(Word::new(Kind::Break, false));
        }
        for raw in segment.split(' ').filter(|w| !w.is_empty()) {
            lex_word(raw, in_strike, out);
        }
    }
}

/// Check marks that say "used" (✓ ✔ ☑ ✅ 🗸).
fn is_check(c: char) -> bool {
    matches!(c, '✓' | '✔' | '☑' | '✅' | '🗸')
}

/// What may stand before a code: bullets, opening brackets and quotes, the
/// `~~` of a strike-through, `#` of a list number, Markdown emphasis.
const LEAD: &str = "•·*-—▪◦‣○●►▸>+~([{<\"'`_#“‘«";

/// What may stand after a code: closing brackets and quotes, sentence and
/// list punctuation, the `~~` of a strike-through.
const TRAIL: &str = "~)]}>\"'`_*.:!?”’»";

fn is_lead(c: char) -> bool {
    LEAD.contains(c) || is_check(c)
}

fn is_trail(c: char) -> bool {
    TRAIL.contains(c) || is_check(c)
}

fn lex_word<'a>(raw: &'a str, in_strike: &mut bool, out: &mut Vec<Word<'a>>) {
    let after_lead = raw.trim_start_matches(is_lead);
    let core = after_lead.trim_end_matches(is_trail);
    let lead = &raw[..raw.len() - after_lead.len()];
    let trail = &after_lead[core.len()..];
    let (opens, closes) = (lead.contains('~'), trail.contains('~'));
    let struck = *in_strike || opens;
    if core.is_empty() {
        // A lone `~~` (spaced strike-through) opens or closes; a lone check
        // mark is a used marker; anything else is a bullet or punctuation.
        if opens || closes {
            *in_strike = !*in_strike;
        }
        let kind = if raw.chars().any(is_check) { Kind::Used } else { Kind::Neutral };
        out.push(Word::new(kind, struck));
        return;
    }
    if closes {
        *in_strike = false;
    } else if opens {
        *in_strike = true;
    }
    let check = |s: &str| s.chars().any(is_check);
    if check(lead) {
        out.push(Word::new(Kind::Used, false));
    }
    out.push(Word { kind: classify(core), struck, colon: trail.contains(':') });
    if check(trail) {
        out.push(Word::new(Kind::Used, false));
    }
}

fn classify(core: &str) -> Kind<'_> {
    let alnum = core.bytes().all(|b| b.is_ascii_alphanumeric());
    if alnum && core.len() <= 3 {
        if let Ok(n) = core.parse() {
            return Kind::Number(n);
        }
    }
    if core.eq_ignore_ascii_case("used") {
        return Kind::Used;
    }
    if core.eq_ignore_ascii_case("unused") {
        return Kind::Neutral;
    }
    if alnum {
        let too_short = core.len() < MIN_SPACED_GROUP_LEN;
        if too_short || core.len() > MAX_CODE_LEN || is_capitalised_word(core) {
            return Kind::Other;
        }
        return Kind::Group(core);
    }
    if is_hyphenated_code(core) {
        Kind::Hyphenated(core)
    } else {
        Kind::Other
    }
}

/// `Download`, `Print`, `Keep`: a capital then lower-case letters only is a
/// word, never a random code.
fn is_capitalised_word(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase()) && s.len() >= 2 && chars.all(|c| c.is_ascii_lowercase())
}

/// 2–10 groups of 3–12 letters and digits, all of one length:
/// `abcde-12345`, `ABCDE-FGHIJ-KLMNO-PQRST-UVWXY`. Code generators cut fixed
/// groups; dates (`2024-03-05`) and phone numbers (`010-4477`) do not.
fn is_hyphenated_code(s: &str) -> bool {
    let (mut groups, mut min, mut max, mut total) = (0, usize::MAX, 0, 0);
    for part in s.split('-') {
        if part.is_empty() || !part.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return false;
        }
        groups += 1;
        min = min.min(part.len());
        max = max.max(part.len());
        total += part.len();
    }
    (2..=MAX_GROUPS).contains(&groups)
        && min >= MIN_GROUP_LEN
        && max <= MAX_GROUP_LEN
        && max == min
        && total <= MAX_CODE_LEN
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shapes(text: &str) -> Vec<(String, bool, bool)> {
        scan(text)
            .into_iter()
            .map(|c| {
                let j = c.sep.joiner().map(String::from).unwrap_or_default();
                (c.groups.join(&j), c.used, c.reserve)
            })
            .collect()
    }

    #[test]
    fn columns_split_at_tabs_bars_and_double_spaces() {
        assert_eq!(cells("a b\tc  d | e│f"), vec!["a b", "c", "d ", "e", "f"]);
        assert_eq!(cells("   "), Vec::<&str>::new());
    }

    #[test]
    fn spaced_groups_join_and_long_groups_stand_alone() {
        let got = shapes("1234 5678\na1b2c3d4 e5f6a7b8");
        let codes: Vec<_> = got.iter().map(|c| c.0.as_str()).collect();
        assert_eq!(codes, ["1234 5678", "a1b2c3d4", "e5f6a7b8"]);
    }

    #[test]
    fn prose_cells_drop_their_candidates() {
        assert!(shapes("Keep these codes safe a1b2c3d4").is_empty());
        assert!(shapes("Generated on 2024-03-05 at 14:05").is_empty());
        assert!(shapes("Download Print Copy").is_empty());
    }

    #[test]
    fn unmistakable_codes_in_prose_are_kept_in_reserve() {
        let got = shapes("Your recovery code is ABCDE-FGHIJ-KLMNO-PQRST-UVWX1.");
        assert_eq!(got, vec![("ABCDE-FGHIJ-KLMNO-PQRST-UVWX1".into(), false, true)]);
        assert!(shapes("Order #123-456-789 placed on 2024-03-05").is_empty());
    }

    #[test]
    fn list_numbers_and_bullets_are_neutral() {
        let got =
            shapes("1. abcd-ef12\n2) abcd-ef13\n#3 abcd-ef14\n(4) abcd-ef15\n• abcd-ef16\n- abcd-ef17\n7: abcd-ef18");
        assert_eq!(got.len(), 7);
        assert!(got.iter().all(|c| !c.1 && !c.2));
    }

    #[test]
    fn used_markers_attach_to_the_right_code() {
        let got = shapes("abcd-ef12 (used), ✓ used abcd-ef13, abcd-ef14\n~~1234 5678~~  2345 6789\nabcd-ef15\tused");
        let used: Vec<_> = got.iter().map(|c| (c.0.as_str(), c.1)).collect();
        assert_eq!(
            used,
            [
                ("abcd-ef12", true),
                ("abcd-ef13", true),
                ("abcd-ef14", false),
                ("1234 5678", true),
                ("2345 6789", false),
                ("abcd-ef15", true)
            ]
        );
    }

    #[test]
    fn labelled_codes_are_held_in_reserve() {
        assert_eq!(shapes("Code 1: 1234 5678"), vec![("1234 5678".into(), false, true)]);
        assert_eq!(shapes("Recovery code: a1b2c3d4e5"), vec![("a1b2c3d4e5".into(), false, true)]);
        // The label's own words are not codes; prose after the label is prose.
        assert_eq!(shapes("recovery: a1b2c3d4e5"), vec![("a1b2c3d4e5".into(), false, true)]);
        assert!(shapes("Generated: Mar 5, 2024").is_empty());
        assert!(shapes("Account: alice").is_empty());
        assert!(shapes("Date: 05/03/2024 14:05").is_empty());
    }

    #[test]
    fn annotation_after_used_marker_is_not_prose() {
        let got = shapes("abcd-ef12 used on Mar 5, 2024");
        assert_eq!(got, vec![("abcd-ef12".into(), true, false)]);
    }

    #[test]
    fn hyphen_rules() {
        assert!(is_hyphenated_code("abcde-12345"));
        assert!(is_hyphenated_code("123-456"));
        assert!(!is_hyphenated_code("2024-03-05"));
        assert!(!is_hyphenated_code("ab--cd"));
        assert!(!is_hyphenated_code("010-4477"));
        assert!(!is_hyphenated_code("abc-abcd"));
        assert!(!is_hyphenated_code("550e8400-e29b-41d4-a716-446655440000"));
    }
}
