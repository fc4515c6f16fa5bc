//! Plain-text export of a set, in a layout [`parse`](super::parse) reads back.

use zeroize::Zeroizing;

use super::model::BackupCodeSet;

/// Writes the set as plain text: a header with the name and creation date
/// (UTC), then one code per line in the site's format, used ones followed by
/// `(used)`.
///
/// ```text
/// Backup codes for GitHub
/// Saved in Twofold on 2024-03-05 (UTC). 15 of 16 codes left.
///
/// 3f9a2-8c1d0 (used)
/// 0b7e4-51a9f
/// ```
///
/// The note is not written: it is free text and may hold anything. The text
/// holds the codes, so it comes back in a wiping string; [`parse`](super::parse)
/// reads it back to the same codes and used marks (for a set of one site's
/// codes, which is what a set holds).
pub fn to_text(set: &BackupCodeSet) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(64 + set.total() * 24));
    out.push_str("Backup codes for ");
    out.push_str(&header_safe(&set.name));
    out.push('\n');
    out.push_str(&format!(
        "Saved in Twofold on {} (UTC). {} of {} codes left.\n\n",
        crate::dates::iso_date(set.created_at),
        set.left(),
        set.total()
    ));
    for code in set.codes() {
        out.push_str(code.code.as_str());
        if code.is_used() {
            out.push_str(" (used)");
        }
        out.push('\n');
    }
    out
}

/// The name on one line and in one column, so that the header stays one
/// prose cell whatever the name holds.
fn header_safe(name: &str) -> String {
    let mapped: String = name
        .chars()
        .map(|c| match c {
            '|' | '│' | '┃' | '║' | '¦' => '/',
            c if c.is_whitespace() || c.is_control() => ' ',
            c => c,
        })
        .collect();
    let words: Vec<&str> = mapped.split(' ').filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        "(unnamed)".to_owned()
    } else {
        words.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backup_codes::parse;

    #[test]
    fn layout() {
        let mut set = BackupCodeSet::with_id("x", "GitHub", 1_709_640_000);
        set.add_codes(parse("3f9a2-8c1d0\n0b7e4-51a9f\n").unwrap(), 0).unwrap();
        set.mark_used(0, 5).unwrap();
        assert_eq!(
            to_text(&set).as_str(),
            "Backup codes for GitHub\nSaved in Twofold on 2024-03-05 (UTC). 1 of 2 codes left.\n\n\
             3f9a2-8c1d0 (used)\n0b7e4-51a9f\n"
        );
    }

    #[test]
    fn hostile_names_stay_in_the_header() {
        for name in ["a1b2c3d4e5", "x\ta1b2c3d4e5", "x  a1b2c3d4e5", "x | a1b2c3d4e5", "x\na1b2c3d4e5", ""] {
            let mut set = BackupCodeSet::with_id("x", name, 0);
            set.add_codes(parse("1234 5678\n").unwrap(), 0).unwrap();
            let back = parse(&to_text(&set)).unwrap();
            let codes: Vec<&str> = back.codes.iter().map(|c| c.code.as_str()).collect();
            assert_eq!(codes, ["1234 5678"], "name {name:?}");
            assert_eq!(back.skipped, 0, "name {name:?}");
        }
    }
}
