//! RFC 4180 CSV, as Bitwarden's CSV export writes it (papaparse): commas,
//! fields in double quotes when they hold a comma, a quote (doubled) or a
//! line break, CRLF or LF between records. Every field is wiped when
//! dropped: the export holds passwords beside the codes.

use zeroize::Zeroizing;

use super::{Format, ImportError};

/// One record's fields.
pub(super) type Record = Vec<Zeroizing<String>>;

/// An export's header and rows, bounded by [`super::MAX_ENTRIES`]; a file cut inside a
/// quoted field is [`ImportError::Truncated`], one with no header [`ImportError::Empty`].
pub(super) fn table(format: Format, text: &str) -> Result<(Record, Vec<Record>), ImportError> {
    let mut records = records(text, super::MAX_ENTRIES + 1).map_err(|e| match e {
        TooMany::Records => ImportError::TooManyEntries { count: super::MAX_ENTRIES + 1, max: super::MAX_ENTRIES },
        TooMany::Unclosed => ImportError::Truncated { format },
    })?;
    if records.is_empty() {
        return Err(ImportError::Empty);
    }
    let header = records.remove(0);
    Ok((header, records))
}

/// A row's trimmed, non-empty field at `at` (a column found in the header, or not).
pub(super) fn cell(row: &[Zeroizing<String>], at: Option<usize>) -> Option<String> {
    at.and_then(|i| row.get(i)).map(|f| f.trim()).filter(|f| !f.is_empty()).map(str::to_owned)
}

/// The records of `text`; `Err` when a quoted field is never closed
/// (the file was cut inside it). At most `max_records` are read.
pub(super) fn records(text: &str, max_records: usize) -> Result<Vec<Record>, TooMany> {
    let mut out = Vec::new();
    let mut record: Record = Vec::new();
    let mut field = Zeroizing::new(String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    let mut any = false;
    while let Some(c) = chars.next() {
        any = true;
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                c => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            ',' => record.push(std::mem::replace(&mut field, Zeroizing::new(String::new()))),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                record.push(std::mem::replace(&mut field, Zeroizing::new(String::new())));
                if out.len() == max_records {
                    return Err(TooMany::Records);
                }
                out.push(std::mem::take(&mut record));
                any = false;
            }
            c => field.push(c),
        }
    }
    if quoted {
        return Err(TooMany::Unclosed);
    }
    if any {
        record.push(field);
        out.push(record);
    }
    Ok(out)
}

/// Why [`records`] stopped.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum TooMany {
    /// More records than allowed.
    Records,
    /// A quoted field runs to the end of the file.
    Unclosed,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(records: &[Record]) -> Vec<Vec<&str>> {
        records.iter().map(|r| r.iter().map(|f| f.as_str()).collect()).collect()
    }

    #[test]
    fn quoting_and_line_ends() {
        let text = "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n,,\nlast";
        let got = records(text, 10).unwrap();
        assert_eq!(
            texts(&got),
            [vec!["a", "b", "c"], vec!["x, y", "say \"hi\"", "two\nlines"], vec!["", "", ""], vec!["last"]]
        );
        assert_eq!(records("a\n\"open", 10).err(), Some(TooMany::Unclosed));
        assert_eq!(records("a\nb\nc\n", 2).err(), Some(TooMany::Records));
        assert_eq!(records("", 2).unwrap().len(), 0);
    }
}
