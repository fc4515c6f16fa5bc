//! Picking the one account a QUERY names.

use twofold_core::vault::{Contents, Entry};

use crate::error::CliError;

/// How an entry is named in messages: `Issuer (label)`, or whichever exists.
pub fn name(issuer: Option<&str>, label: &str) -> String {
    match (issuer.filter(|i| !i.is_empty()), label) {
        (Some(i), "") => i.to_owned(),
        (Some(i), l) => format!("{i} ({l})"),
        (None, l) => l.to_owned(),
    }
}

/// The single entry whose issuer or label contains `query` (any case).
/// None or several is a refusal (exit 1) that names the candidates.
pub fn one<'a>(contents: &'a Contents, query: &str) -> Result<&'a Entry, CliError> {
    if query.trim().is_empty() {
        return Err(CliError::Usage("give part of the account's issuer or label".into()));
    }
    at_most_one(contents, query)?.ok_or_else(|| CliError::Refused(format!("no account matches \"{query}\"")))
}

/// The entry `query` names, or `None` when it names none; several is a
/// refusal (exit 1) that names the candidates.
pub fn at_most_one<'a>(contents: &'a Contents, query: &str) -> Result<Option<&'a Entry>, CliError> {
    match contents.find(query).as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(one)),
        many => {
            let names: Vec<String> = many.iter().map(|e| format!("  {}", name(e.issuer.as_deref(), &e.label))).collect();
            Err(CliError::Refused(format!(
                "\"{query}\" matches {} accounts; be more specific:\n{}",
                many.len(),
                names.join("\n")
            )))
        }
    }
}
