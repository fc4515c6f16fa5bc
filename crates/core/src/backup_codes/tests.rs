//! Whole-module tests: the site fixtures, edge cases, and properties.

use proptest::prelude::*;

use super::*;

/// Fixtures: `NAME.txt` is what a site gives (or what a selection of its page
/// pastes as), `NAME.expected` the codes in order, one per line, with `used`
/// as a second tab-separated column. An empty `.expected` means the text
/// holds no codes.
const FIXTURE_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/backup_codes");

struct Fixture {
    name: String,
    text: String,
    expected: Vec<(String, bool)>,
}

fn fixtures() -> Vec<Fixture> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(FIXTURE_DIR).expect("fixture folder") {
        let path = entry.expect("fixture entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("txt") {
            continue;
        }
        let expected_path = path.with_extension("expected");
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|e| panic!("{} needs {}: {e}", path.display(), expected_path.display()));
        let text = String::from_utf8(std::fs::read(&path).expect("fixture text")).expect("fixtures are UTF-8");
        let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        out.push(Fixture { name, text, expected: expected_codes(&expected) });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

fn expected_codes(sidecar: &str) -> Vec<(String, bool)> {
    sidecar
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| match l.split_once('\t') {
            Some((code, mark)) => {
                assert_eq!(mark.trim(), "used", "second column must be `used`: {l:?}");
                (code.to_owned(), true)
            }
            None => (l.to_owned(), false),
        })
        .collect()
}

fn got(text: &str) -> Result<Vec<(String, bool)>, ParseError> {
    parse(text).map(|p| p.codes.iter().map(|c| (c.code.as_str().to_owned(), c.used)).collect())
}

/// The same text as a Windows file, with a byte-order mark, and with every
/// space a no-break space (as some pages copy): none may change the result.
fn variants(text: &str) -> Vec<(&'static str, String)> {
    let lf = text.replace("\r\n", "\n");
    vec![
        ("as is", text.to_owned()),
        ("crlf", lf.replace('\n', "\r\n")),
        ("bom", format!("\u{feff}{lf}")),
        ("nbsp", lf.replace(' ', "\u{a0}")),
    ]
}

#[test]
fn site_fixtures() {
    let fixtures = fixtures();
    assert!(fixtures.len() >= 20, "only {} fixtures found in {FIXTURE_DIR}", fixtures.len());
    let mut failures = Vec::new();
    for f in &fixtures {
        let want = if f.expected.is_empty() { Err(ParseError::NoCodes) } else { Ok(f.expected.clone()) };
        for (variant, text) in variants(&f.text) {
            let result = got(&text);
            if result != want {
                failures.push(format!("{} ({variant}):\n  want {want:?}\n  got  {result:?}", f.name));
            }
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn fixtures_survive_export_and_reimport() {
    for f in fixtures().iter().filter(|f| !f.expected.is_empty()) {
        let mut set = BackupCodeSet::with_id("id", "Some Site", 1_709_640_000);
        set.add_codes(parse(&f.text).unwrap(), 1_709_640_100).unwrap();
        let again = got(&to_text(&set)).unwrap();
        assert_eq!(again, f.expected, "{}", f.name);
    }
}

// ---- Edge cases -----------------------------------------------------------

#[test]
fn empty_and_prose_texts_have_no_codes() {
    for text in ["", "   \n\t\n", "\u{feff}", "Keep these codes safe.", "10 codes\nGenerated on 2024-03-05 14:05"] {
        assert_eq!(parse(text), Err(ParseError::NoCodes), "{text:?}");
    }
    let message = ParseError::NoCodes.to_string();
    assert!(message.contains("no backup codes found"), "{message}");
}

#[test]
fn oversized_text_is_refused_before_reading() {
    let text = "1234 5678\n".repeat(MAX_TEXT_BYTES / 10 + 1);
    assert!(matches!(parse(&text), Err(ParseError::TooLarge { max: MAX_TEXT_BYTES, .. })));
}

#[test]
fn more_than_max_distinct_codes_is_refused() {
    let list = |n: usize| (0..n).map(|i| format!("{:08}\n", 20_000_000 + i)).collect::<String>();
    assert_eq!(parse(&list(MAX_CODES)).map(|p| p.len()), Ok(MAX_CODES));
    assert_eq!(parse(&list(MAX_CODES + 1)), Err(ParseError::TooManyCodes { found: MAX_CODES + 1, max: MAX_CODES }));
}

#[test]
fn repeated_codes_count_once_and_the_limit_counts_distinct_codes() {
    let text = "a1b2-c3d4\n".repeat(5000);
    let parsed = parse(&text).unwrap();
    assert_eq!((parsed.len(), parsed.duplicates), (1, 4999));
}

#[test]
fn duplicate_marked_used_anywhere_is_used() {
    let parsed = parse("a1b2-c3d4\ne5f6-a7b8\n\nA1B2-C3D4 (used)\n").unwrap();
    // Different case: still the same code.
    assert_eq!(parsed.len(), 2);
    assert!(parsed.codes[0].used && !parsed.codes[1].used);
}

#[test]
fn order_is_the_lists_numbers_or_else_the_reading_order() {
    let numbered = "1. 9999 0000\t3. 1111 2222\n2. 5555 6666\t4. 3333 4444\n";
    let codes: Vec<_> = got(numbered).unwrap().into_iter().map(|c| c.0).collect();
    assert_eq!(codes, ["9999 0000", "5555 6666", "1111 2222", "3333 4444"]);
    // One number missing or repeated: the numbers cannot be trusted.
    let partly = "1. 9999 0000\t3. 1111 2222\n2. 5555 6666\t3333 4444\n";
    let codes: Vec<_> = got(partly).unwrap().into_iter().map(|c| c.0).collect();
    assert_eq!(codes, ["9999 0000", "1111 2222", "5555 6666", "3333 4444"]);
}

#[test]
fn codes_of_another_shape_are_skipped_and_counted() {
    let text = "3f9a2-8c1d0\n0b7e4-51a9f\n77c1e-0d3b2\nSerial\nA1B2C3D4E5F6G7\n";
    let parsed = parse(text).unwrap();
    assert_eq!(parsed.len(), 3);
    assert_eq!(parsed.skipped, 1);
}

#[test]
fn a_stray_secret_of_the_same_length_is_an_outlier() {
    let text = "a3f1c9e07b5d2468\n7e0b4d92c1a6f835\n3d5e7f9a1b2c4d6e\nSecret key:\nJBSWY3DPEHPK3PXP\n";
    let parsed = parse(text).unwrap();
    assert_eq!(parsed.len(), 3);
    assert_eq!(parsed.skipped, 1);
}

#[test]
fn words_outside_the_codes_character_set_are_dropped() {
    // `download` is lower-case letters like the hex codes, but not hex;
    // `SAVE YOUR` is spaced like the digit codes, but not digits.
    let hex = "download\n1a2b3c4d\ne5f60718\n293a4b5c\n";
    assert_eq!(got(hex).unwrap().len(), 3);
    let digits = "SAVE YOUR\n1234 5678\n2345 6789\n";
    assert_eq!(got(digits).unwrap().len(), 2);
}

#[test]
fn columns_pasted_with_single_spaces_are_split_by_the_texts_shape() {
    let text = "1234 5678\n2345 6789 3456 7890\n4567 8901\n";
    let codes: Vec<_> = got(text).unwrap().into_iter().map(|c| c.0).collect();
    assert_eq!(codes, ["1234 5678", "2345 6789", "3456 7890", "4567 8901"]);
}

#[test]
fn a_long_collapsed_line_splits_too() {
    // Twelve codes pasted as one line: too many groups for one code, but the
    // other lines say what one code is.
    let row: Vec<String> = (0..12).map(|i| format!("{:04} {:04}", 1000 + i, 5000 + i)).collect();
    let text = format!("9000 0001\n9000 0002\n{}\n", row.join(" "));
    assert_eq!(got(&text).unwrap().len(), 14);
}

#[test]
fn tables_json_and_markdown() {
    let boxed =
        "┌────────┬────────┐\n│ 4f2a91 │ 8d03be │\n├────────┼────────┤\n│ 17c5e0 │ a9b2f4 │\n└────────┴────────┘";
    assert_eq!(got(boxed).unwrap().len(), 4);
    let json = r#"["k3v9-x2pw", "m7q4-t8zn", "b5h2-r6yc"]"#;
    assert_eq!(
        got(json).unwrap().iter().map(|c| c.0.as_str()).collect::<Vec<_>>(),
        ["k3v9-x2pw", "m7q4-t8zn", "b5h2-r6yc"]
    );
    let table = "| # | Code | Status |\n|---|------|--------|\n| 1 | k3v9-x2pw | used |\n| 2 | m7q4-t8zn | |\n";
    assert_eq!(got(table).unwrap(), [("k3v9-x2pw".to_owned(), true), ("m7q4-t8zn".to_owned(), false)]);
}

#[test]
fn unicode_strike_through_marks_used() {
    let struck: String = "k3v9-x2pw".chars().flat_map(|c| [c, '\u{336}']).collect();
    let text = format!("{struck}\nm7q4-t8zn\n");
    assert_eq!(got(&text).unwrap(), [("k3v9-x2pw".to_owned(), true), ("m7q4-t8zn".to_owned(), false)]);
}

#[test]
fn a_code_inside_a_sentence_is_found_only_when_unmistakable() {
    let ms = "Your new recovery code is ABCDE-FGH1J-KLMNO-PQRST-UVWXY. Write it down.";
    assert_eq!(got(ms).unwrap(), [("ABCDE-FGH1J-KLMNO-PQRST-UVWXY".to_owned(), false)]);
    assert_eq!(parse("Your code is a1b2c3d4, keep it."), Err(ParseError::NoCodes));
    assert_eq!(parse("Account: alice2024 (alice@example.com)"), Err(ParseError::NoCodes));
    assert_eq!(parse("Order #123-456-789 placed on 2024-03-05"), Err(ParseError::NoCodes));
}

#[test]
fn labelled_codes_count_when_several_agree() {
    let text = "Code 1: 1234 5678\nCode 2: 2345 6789\nCode 3: 3456 7890 (used)\n";
    let codes: Vec<_> = got(text).unwrap();
    assert_eq!(codes.len(), 3);
    assert!(codes[2].1);
    // One labelled value alone is not enough: it may be a user name.
    assert_eq!(parse("Account: alice2024"), Err(ParseError::NoCodes));
    assert_eq!(parse("Username: alice2024\nPIN: 123456"), Err(ParseError::NoCodes));
    // Labels do not matter when the text has codes on their own.
    let mixed = "Account: alice2024\n\na1b2-c3d4\ne5f6-a7b8\n";
    assert_eq!(got(mixed).unwrap().len(), 2);
}

#[test]
fn the_used_column_after_a_code_and_before_it() {
    let text = "k3v9-x2pw\tused\nused\tm7q4-t8zn\nb5h2-r6yc\n";
    let used: Vec<bool> = got(text).unwrap().into_iter().map(|c| c.1).collect();
    assert_eq!(used, [true, true, false]);
}

// ---- Properties -------------------------------------------------------------

/// A site's code format: alphabet, group length, groups, separator.
const SHAPES: &[(&str, usize, usize, &str)] = &[
    ("0123456789", 8, 1, ""),                            // Nintendo, Dropbox
    ("0123456789", 6, 1, ""),                            // short numeric
    ("0123456789", 4, 2, " "),                           // Google, Facebook
    ("0123456789abcdef", 5, 2, "-"),                     // GitHub
    ("0123456789abcdef", 16, 1, ""),                     // GitLab
    ("0123456789abcdef", 8, 1, ""),                      // Proton
    ("0123456789abcdef", 64, 1, ""),                     // npm
    ("0123456789abcdefghijklmnopqrstuvwxyz", 4, 2, "-"), // Discord
    ("0123456789abcdefghijklmnopqrstuvwxyz", 12, 1, ""), // X / Twitter
    ("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", 5, 5, "-"), // Microsoft
    ("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", 4, 7, "-"), // Apple
    ("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", 4, 8, " "), // Bitwarden
];

const SEPARATORS: &[&str] = &["\n", "\r\n", "\n\n", "\t", "   ", " | ", ", ", "; "];
const NUMBERING: &[&str] = &["", "{i}. ", "{i}) ", "#{i} ", "({i}) ", "• ", "- ", "* ", "· "];
const USED_STYLES: &[&str] = &["{c}", "~~{c}~~", "{c} (used)", "{c} used", "✓ used {c}", "{c} ✓"];
const HEADERS: &[&str] = &[
    "Your backup codes",
    "SAVE YOUR BACKUP CODES",
    "10 codes · generated on 2024-03-05 at 14:05",
    "Account: alice@example.com",
    "Keep these codes safe. You can only use each backup code once.",
    "https://example.com/settings/two_factor?tab=codes",
    "Download  Print  Copy",
    "Get new codes",
];

/// Builds codes of a shape from random numbers; each mixes letters and
/// digits when its alphabet has both, as random codes almost always do.
fn make_codes(shape: usize, raw: &[Vec<u32>]) -> Vec<String> {
    let (alphabet, len, groups, sep) = SHAPES[shape];
    let alphabet: Vec<char> = alphabet.chars().collect();
    let has_letters = alphabet.len() > 10;
    raw.iter()
        .map(|r| {
            let mut chars: Vec<char> =
                (0..len * groups).map(|i| alphabet[r[i % r.len()] as usize % alphabet.len()]).collect();
            if has_letters && !chars.iter().any(char::is_ascii_digit) {
                chars[1] = '7';
            }
            if has_letters && !chars.iter().any(char::is_ascii_alphabetic) {
                chars[0] = alphabet[10];
            }
            chars.chunks(len).map(|g| g.iter().collect::<String>()).collect::<Vec<_>>().join(sep)
        })
        .collect()
}

/// What parse must return: first of each code, used if any copy is.
fn dedup_expected(codes: &[String], used: &[bool]) -> Vec<(String, bool)> {
    let compact = |s: &str| s.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase();
    let mut out: Vec<(String, bool)> = Vec::new();
    for (code, &u) in codes.iter().zip(used) {
        match out.iter_mut().find(|(c, _)| compact(c) == compact(code)) {
            Some(seen) => seen.1 |= u,
            None => out.push((code.clone(), u)),
        }
    }
    out
}

fn raw_codes() -> impl Strategy<Value = Vec<Vec<u32>>> {
    proptest::collection::vec(proptest::collection::vec(any::<u32>(), 8), 1..30)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn parse_never_panics(text in any::<String>()) {
        let _ = parse(&text);
    }

    #[test]
    fn parse_never_panics_on_code_like_text(
        text in "[0-9a-fA-Z \\-\\t\\n\\r~()#.,;|•✓̶\u{a0}\u{feff}]{0,300}|(used|Used|[0-9]{1,9}|[a-z]{4}-[a-z0-9]{4}|~~| |\n|\t){0,80}"
    ) {
        let _ = parse(&text);
    }

    #[test]
    fn generated_lists_round_trip(
        shape in 0..SHAPES.len(),
        raw in raw_codes(),
        sep in 0..SEPARATORS.len(),
        numbering in 0..NUMBERING.len(),
        styles in proptest::collection::vec(0..USED_STYLES.len(), 30),
        headers in proptest::collection::vec(any::<bool>(), HEADERS.len()),
    ) {
        let codes = make_codes(shape, &raw);
        let used: Vec<bool> = codes.iter().enumerate().map(|(i, _)| styles[i] != 0).collect();
        let items: Vec<String> = codes.iter().enumerate().map(|(i, c)| {
            let number = NUMBERING[numbering].replace("{i}", &(i + 1).to_string());
            format!("{number}{}", USED_STYLES[styles[i]].replace("{c}", c))
        }).collect();
        let chosen: Vec<&str> = HEADERS.iter().zip(&headers).filter(|(_, on)| **on).map(|(h, _)| *h).collect();
        let (before, after) = chosen.split_at(chosen.len() / 2);
        let text = format!("{}\n\n{}\n\n{}\n", before.join("\n"), items.join(SEPARATORS[sep]), after.join("\n"));

        let parsed = parse(&text).map_err(|e| TestCaseError::fail(format!("{e} for {text:?}")))?;
        let got: Vec<(String, bool)> = parsed.codes.iter().map(|c| (c.code.as_str().to_owned(), c.used)).collect();
        prop_assert_eq!(got, dedup_expected(&codes, &used), "text: {:?}", text);
        prop_assert_eq!(parsed.skipped, 0);
    }

    #[test]
    fn export_round_trips(shape in 0..SHAPES.len(), raw in raw_codes(), used in proptest::collection::vec(any::<bool>(), 30)) {
        let codes = make_codes(shape, &raw);
        let list: String = codes.iter().map(|c| format!("{c}\n")).collect();
        let mut set = BackupCodeSet::with_id("id", "Site", 0);
        set.add_codes(parse(&list).unwrap(), 0).unwrap();
        let total = set.total();
        for (i, _) in used.iter().enumerate().take(total).filter(|(_, u)| **u) {
            set.mark_used(i, 5).unwrap();
        }
        let back = parse(&to_text(&set)).unwrap();
        prop_assert_eq!(back.len(), set.total());
        for (b, s) in back.codes.iter().zip(set.codes()) {
            prop_assert_eq!(b.code.as_str(), s.code.as_str());
            prop_assert_eq!(b.used, s.is_used());
        }
    }
}

#[test]
fn hostile_texts_of_the_largest_size_are_answered_quickly() {
    let fill = |unit: &str| unit.repeat(MAX_TEXT_BYTES / unit.len());
    let texts = [
        fill("1234 "),                           // one endless spaced run
        format!("1234 5678\n{}", fill("1234 ")), // ...split by the text's shape
        fill("a1b2c3d4\n"),                      // far too many codes
        fill("k3v9-x2pw\n"),                     // one code, repeated
        format!(
            "{}{}",
            fill("a: 1234567\t").split_at(MAX_TEXT_BYTES / 2).0,
            fill("used\t").split_at(MAX_TEXT_BYTES / 2 - 8).0
        ),
        fill("~~ "),                     // strike toggles
        fill("x\u{336}"),                // combining strike-through
        fill("Keep these codes safe. "), // prose
    ];
    for text in &texts {
        let started = std::time::Instant::now();
        let _ = parse(&text[..text.len().min(MAX_TEXT_BYTES)]);
        // Generous for a debug build on a slow machine; quadratic work would
        // take minutes.
        assert!(started.elapsed().as_secs() < 20, "{:?}…", &text[..20]);
    }
}
