//! Just enough XML to read an Android `SharedPreferences` file: the
//! `<string name="…">…</string>` entries of its `<map>`, as Android's
//! `XmlUtils.writeMapXml` writes them (FreeOTP 1.x keeps its tokens so, in
//! `shared_prefs/tokens.xml`, which rooted phones can copy out).
//!
//! ```text
//! <?xml version='1.0' encoding='utf-8' standalone='yes' ?>
//! <map>
//!     <string name="tokenOrder">[&quot;…&quot;]</string>
//!     <string name="GitHub:octocat">{&quot;algo&quot;:&quot;SHA1&quot;, …}</string>
//!     <int name="…" value="…" />   (other value types: skipped)
//! </map>
//! ```
//!
//! Android's serializer escapes `&`, `<`, `>`, `"` and control characters
//! (as `&#N;`); `&apos;` and hexadecimal references are read too. Anything
//! else (a DTD, CDATA, comments between entries, an element not closed) is
//! an error, never a guess; every step moves forward, so no input loops or
//! panics.

use zeroize::Zeroizing;

use super::{Format, ImportError, MAX_ENTRIES};

/// Whether the text looks like a preferences file: an XML declaration or `<map>` first.
pub(super) fn looks_like(text: &str) -> bool {
    let text = text.trim_start();
    (text.starts_with("<?xml") || text.starts_with("<map")) && text.contains("<map")
}

/// The string entries of a whole file read as `format`: not UTF-8, cut short
/// (no closing `</map>`) or damaged each get the error that says so.
pub(super) fn read_file(format: Format, bytes: &[u8]) -> Result<Vec<(String, Zeroizing<String>)>, ImportError> {
    let text = std::str::from_utf8(bytes).map_err(|_| ImportError::corrupt(format, "it is not UTF-8 text"))?;
    let entries = read(text).map_err(|what| {
        if text.trim_end().ends_with("</map>") {
            ImportError::corrupt(format, what)
        } else {
            ImportError::Truncated { format }
        }
    })?;
    if entries.len() > MAX_ENTRIES {
        return Err(ImportError::TooManyEntries { count: entries.len(), max: MAX_ENTRIES });
    }
    Ok(entries)
}

/// Whether a preferences file holds a `<string>` entry named `name` (for detection).
pub(super) fn has_string(text: &str, name: &str) -> bool {
    looks_like(text) && text.contains(&format!("<string name=\"{name}\">"))
}

/// The string entries, in file order; `Err` says what is wrong (never a value).
pub(super) fn read(text: &str) -> Result<Vec<(String, Zeroizing<String>)>, &'static str> {
    let mut rest = text.trim_start();
    if rest.starts_with("<?xml") {
        let end = rest.find("?>").ok_or("its XML declaration is not closed")?;
        rest = rest[end + 2..].trim_start();
    }
    rest = rest.strip_prefix("<map>").or_else(|| rest.strip_prefix("<map />").map(|_| "</map>")).ok_or("it has no <map>")?;
    let mut entries = Vec::new();
    loop {
        rest = rest.trim_start();
        if rest.starts_with("</map>") {
            return Ok(entries);
        }
        if rest.is_empty() {
            return Err("it ends before </map>");
        }
        let tag_end = rest.find('>').ok_or("it ends inside a tag")?;
        let tag = &rest[..=tag_end];
        rest = &rest[tag_end + 1..];
        if tag.ends_with("/>") {
            continue; // <int …/>, <boolean …/>, <long …/>, an empty <set …/>: not strings
        }
        if tag.starts_with("<set name=\"") {
            // A string set (`<set name="…"><string>…</string></set>`): not an entry read here.
            let close = rest.find("</set>").ok_or("a set entry is not closed")?;
            rest = &rest[close + "</set>".len()..];
            continue;
        }
        let name = tag
            .strip_prefix("<string name=\"")
            .and_then(|t| t.strip_suffix("\">"))
            .ok_or("it holds an element that is not a string entry")?;
        let close = rest.find("</string>").ok_or("a string entry is not closed")?;
        let value = unescape(&rest[..close])?;
        rest = &rest[close + "</string>".len()..];
        entries.push((unescape(name)?.to_string(), value));
    }
}

/// XML text with its character and entity references replaced.
fn unescape(text: &str) -> Result<Zeroizing<String>, &'static str> {
    let mut out = Zeroizing::new(String::with_capacity(text.len()));
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let semi = after.find(';').filter(|&i| i <= 10).ok_or("it has an & that starts no reference")?;
        let c = match &after[..semi] {
            "quot" => '"',
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "apos" => '\'',
            code => {
                let number = match code.strip_prefix("#x").or_else(|| code.strip_prefix("#X")) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => code.strip_prefix('#').and_then(|d| d.parse().ok()),
                };
                number.and_then(char::from_u32).ok_or("it has a reference to no character")?
            }
        };
        out.push(c);
        rest = &after[semi + 1..];
    }
    if rest.contains('<') {
        return Err("it has a < inside a value");
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_entities_and_other_types() {
        let xml = "<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n    \
                   <string name=\"tokenOrder\">[&quot;a&quot;]</string>\n    <int name=\"n\" value=\"3\" />\n    \
                   <string name=\"A&amp;B:x\">{&quot;k&quot;:&quot;&lt;&#233;&#x263A;&gt;&apos;&quot;}</string>\n</map>\n";
        assert!(looks_like(xml));
        let got = read(xml).unwrap();
        let got: Vec<(&str, &str)> = got.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(got, [("tokenOrder", "[\"a\"]"), ("A&B:x", "{\"k\":\"<é☺>'\"}")]);
        assert_eq!(read("<map />").unwrap().len(), 0);
        // String sets (empty or not) are passed over, as other value types are.
        let sets = "<map>\n<set name=\"s\">\n<string>a</string>\n</set>\n<set name=\"e\" />\n\
                    <string name=\"k\">v</string>\n</map>";
        assert_eq!(read(sets).unwrap().len(), 1);
        assert!(read("<map><set name=\"s\"><string>a</string></map>").is_err());
    }

    #[test]
    fn damaged_files_are_errors() {
        let good = "<map><string name=\"a\">x &amp; y</string></map>";
        assert!(read(good).is_ok());
        for n in 0..good.len() - 1 {
            assert!(read(&good[..n]).is_err(), "cut at {n}");
        }
        for bad in [
            "<map><string name=\"a\">&bogus;</string></map>",
            "<map><string name=\"a\">&#1114112;</string></map>",
            "<map><string name=\"a\">a & b</string></map>",
            "<map><other>x</other></map>",
            "<map><string name=\"a\">x<b/></string></map>",
            "<?xml version='1.0'",
            "<list></list>",
        ] {
            assert!(read(bad).is_err(), "{bad}");
        }
    }
}
