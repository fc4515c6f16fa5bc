//! JSON as the importers read it: into an untyped tree, wiped when dropped.
//!
//! Why a tree and not `#[derive(Deserialize)]` structs: serde's typed errors
//! quote the offending value ("invalid type: string \"JBSW…\""), which could
//! put a secret in a message; one malformed entry would fail the whole file
//! instead of becoming an [`EntryError`](super::EntryError); and the formats
//! need per-field defaults that differ from app to app. Parsing into a
//! [`Value`] only fails on syntax, whose messages name a line and a column.
//!
//! serde_json's recursion limit (128 nested arrays or objects) stays on: it
//! bounds the stack, and no real export nests deeper than six.

use serde_json::{Map, Value};
use zeroize::Zeroize;

use super::{Format, ImportError, MAX_ENTRIES};

/// A parsed JSON document whose strings are zeroized on drop (the secrets
/// are among them). Best effort: the parser's own scratch buffers are not ours.
pub(super) struct Json(Value);

impl Json {
    pub(super) fn value(&self) -> &Value {
        &self.0
    }
}

impl Drop for Json {
    fn drop(&mut self) {
        wipe(&mut self.0);
    }
}

fn wipe(value: &mut Value) {
    match value {
        Value::String(s) => s.zeroize(),
        Value::Array(items) => items.iter_mut().for_each(wipe),
        Value::Object(map) => map.values_mut().for_each(wipe),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// Parses `bytes` (UTF-8, an optional byte-order mark) as JSON for `format`.
pub(super) fn parse(format: Format, bytes: &[u8]) -> Result<Json, ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // A file cut inside a character is cut short, not "invalid UTF-8".
    let bytes = super::detect::without_cut_character(bytes);
    serde_json::from_slice::<Value>(bytes).map(Json).map_err(|e| parse_error(format, &e))
}

/// Parses text (already UTF-8) as JSON for `format`.
pub(super) fn parse_str(format: Format, text: &str) -> Result<Json, ImportError> {
    parse(format, text.as_bytes())
}

fn parse_error(format: Format, e: &serde_json::Error) -> ImportError {
    if e.is_eof() {
        ImportError::Truncated { format }
    } else {
        // Syntax errors name what and where, never a value (see the module docs).
        ImportError::InvalidJson { format, detail: e.to_string() }
    }
}

/// The top-level object, or why not.
pub(super) fn root_object(format: Format, json: &Json) -> Result<&Map<String, Value>, ImportError> {
    json.value().as_object().ok_or_else(|| ImportError::corrupt(format, "the file is not a JSON object"))
}

/// An array of entries, bounded by [`MAX_ENTRIES`].
pub(super) fn entries<'a>(format: Format, value: &'a Value, what: &str) -> Result<&'a [Value], ImportError> {
    let items = value
        .as_array()
        .ok_or_else(|| ImportError::corrupt(format, format!("its list of {what} is missing or not a list")))?;
    if items.len() > MAX_ENTRIES {
        return Err(ImportError::TooManyEntries { count: items.len(), max: MAX_ENTRIES });
    }
    Ok(items)
}

/// A string field; `None` when absent, null or not a string.
pub(super) fn str_field<'a>(object: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    object.get(key).and_then(Value::as_str)
}

/// A string field that is present and not blank, trimmed.
pub(super) fn text_field<'a>(object: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    str_field(object, key).map(str::trim).filter(|s| !s.is_empty())
}

/// A whole-number field; `Err` when present but not a whole number.
pub(super) fn int_field(object: &Map<String, Value>, key: &str) -> Result<Option<i128>, String> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => as_int(value).map(Some).ok_or_else(|| format!("its {key} is not a whole number")),
    }
}

/// A JSON number that is a whole number (also `6.0`, as some encoders write).
pub(super) fn as_int(value: &Value) -> Option<i128> {
    if let Some(i) = value.as_i64() {
        return Some(i128::from(i));
    }
    if let Some(u) = value.as_u64() {
        return Some(i128::from(u));
    }
    let f = value.as_f64()?;
    // Exact whole numbers only, and only where f64 is exact.
    (f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_992.0).then_some(f as i128)
}

/// A boolean field; absent, null or not a boolean is `false`.
pub(super) fn bool_field(object: &Map<String, Value>, key: &str) -> bool {
    object.get(key).and_then(Value::as_bool).unwrap_or(false)
}

/// The strings of an array field, blank ones left out; anything else is empty.
pub(super) fn string_list(object: &Map<String, Value>, key: &str) -> Vec<String> {
    match object.get(key).and_then(Value::as_array) {
        Some(items) => {
            items.iter().filter_map(Value::as_str).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
        }
        None => Vec::new(),
    }
}
