//! Clean-up before tokenizing: one kind of line end, one kind of space, one
//! kind of hyphen, one kind of strike-through.
//!
//! Text pasted from a web page carries characters a person cannot see:
//! non-breaking spaces between the groups of a code, zero-width joiners,
//! a byte-order mark, non-breaking hyphens. Mapping them here keeps the
//! tokenizer to plain ASCII punctuation.

use zeroize::Zeroizing;

/// What one input character becomes.
enum Mapped {
    Drop,
    Newline,
    Char(char),
}

/// Returns the text with `\n` line ends, `\t` kept (it separates columns),
/// other spaces as `' '`, hyphens as `'-'`, invisible characters removed, and
/// combining strike-through (`a̶b̶`) rewritten as `~~ab~~`.
///
/// The result holds codes, so it is wiped on drop.
pub(super) fn normalize(text: &str) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(text.len() + 8));
    let mut chars = text.chars().peekable();
    let mut in_strike = false;
    while let Some(c) = chars.next() {
        if is_strike_mark(c) {
            continue; // a mark with no character before it strikes nothing
        }
        let mut struck = false;
        while chars.next_if(|&m| is_strike_mark(m)).is_some() {
            struck = true;
        }
        if c == '\r' {
            chars.next_if_eq(&'\n'); // CRLF is one line end
        }
        match map(c) {
            Mapped::Drop => {}
            Mapped::Newline => {
                if in_strike {
                    out.push_str("~~");
                    in_strike = false;
                }
                out.push('\n');
            }
            Mapped::Char(m) => {
                if struck != in_strike {
                    out.push_str("~~");
                    in_strike = struck;
                }
                out.push(m);
            }
        }
    }
    if in_strike {
        out.push_str("~~");
    }
    out
}

/// Combining overlays that strike a character through (U+0335 short stroke,
/// U+0336 long stroke, U+0338 long solidus), as "strike-through text"
/// generators and some rich-text copies produce.
fn is_strike_mark(c: char) -> bool {
    matches!(c, '\u{0335}' | '\u{0336}' | '\u{0338}')
}

fn map(c: char) -> Mapped {
    match c {
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}' => Mapped::Newline,
        '\t' => Mapped::Char('\t'),
        // No-break, en/em/thin/hair, narrow no-break, math, ideographic spaces.
        '\u{A0}' | '\u{1680}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => Mapped::Char(' '),
        // Zero-width space/joiners, word joiner, BOM, soft hyphen, variation
        // selectors (the U+FE0F of an emoji check mark).
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}' | '\u{FE0E}' | '\u{FE0F}' => Mapped::Drop,
        // Hyphen, non-breaking hyphen, figure dash, en dash, minus and their
        // small and full-width forms; the em dash stays punctuation.
        '\u{2010}'..='\u{2013}' | '\u{2212}' | '\u{FE63}' | '\u{FF0D}' => Mapped::Char('-'),
        c if c.is_control() => Mapped::Char(' '),
        c => Mapped::Char(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_crlf_and_spaces() {
        let n = normalize("\u{feff}1234\u{a0}5678\r\nab\u{200b}cd\u{2011}efgh\r");
        assert_eq!(n.as_str(), "1234 5678\nabcd-efgh\n");
    }

    #[test]
    fn lone_cr_and_unicode_separators_end_lines() {
        assert_eq!(normalize("a\rb\u{2028}c").as_str(), "a\nb\nc");
    }

    #[test]
    fn combining_strike_becomes_tildes() {
        let struck: String = "ab12".chars().flat_map(|c| [c, '\u{336}']).collect();
        let text = format!("{struck} cd34");
        assert_eq!(normalize(&text).as_str(), "~~ab12~~ cd34");
    }

    #[test]
    fn strike_closes_at_line_end() {
        let text = "a\u{336}b\u{336}\nc";
        assert_eq!(normalize(text).as_str(), "~~ab~~\nc");
    }

    #[test]
    fn stray_marks_are_dropped() {
        assert_eq!(normalize("\u{336}\u{336}x").as_str(), "x");
    }
}
