//! The issuer table: which domains a service's codes are asked for on, to
//! *suggest* a site ("Use GitHub (alice) on github.com?"). A suggestion is
//! never a site until the person confirms it.
//!
//! The bundled table (`issuers.tsv` beside this file) says its source and
//! date in its header. Names are compared whole after dropping case, spaces
//! and punctuation (`GitHub`, `github`, `Git Hub` are one name); an issuer
//! that is itself a domain (`accounts.example.com`) suggests that domain.
//! Nothing here is fuzzy: a name either is in the table or suggests nothing.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::{Origin, Site, SiteError};

const BUNDLED: &str = include_str!("issuers.tsv");

/// Bounds on a table read from a file (the bundled one is far smaller).
const MAX_TABLE_LEN: usize = 8 << 20;
const MAX_DOMAINS_PER_NAME: usize = 64;

/// An issuer → domains table.
#[derive(Debug, Clone, Default)]
pub struct Directory {
    source: String,
    date: String,
    by_name: HashMap<String, Vec<Site>>,
}

/// Why a table file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DirectoryError {
    /// Larger than any such table.
    #[error("the issuer table is larger than {max} bytes")]
    TooLarge {
        /// The limit.
        max: usize,
    },
    /// A line that is not `name<TAB>domain…`.
    #[error("line {line} of the issuer table: {reason}")]
    BadLine {
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
}

impl Directory {
    /// The table built into Twofold.
    pub fn bundled() -> &'static Directory {
        static TABLE: OnceLock<Directory> = OnceLock::new();
        // The bundled table is checked by a unit test; a bad line could only
        // come from a broken build, and then the table is simply empty.
        TABLE.get_or_init(|| Directory::parse(BUNDLED).unwrap_or_default())
    }

    /// Reads a table: `# source: …` and `# date: …` header lines, other `#`
    /// lines ignored, then one `name<TAB>domain<TAB>domain…` per line.
    pub fn parse(text: &str) -> Result<Directory, DirectoryError> {
        if text.len() > MAX_TABLE_LEN {
            return Err(DirectoryError::TooLarge { max: MAX_TABLE_LEN });
        }
        let mut table = Directory::default();
        for (i, line) in text.lines().enumerate() {
            let bad = |reason: String| DirectoryError::BadLine { line: i + 1, reason };
            if let Some(comment) = line.strip_prefix('#') {
                let comment = comment.trim();
                if let Some(source) = comment.strip_prefix("source:") {
                    table.source = source.trim().to_owned();
                } else if let Some(date) = comment.strip_prefix("date:") {
                    table.date = date.trim().to_owned();
                }
                continue;
            }
            if line.trim().is_empty() {
                continue;
            }
            let mut fields = line.split('\t');
            let name = normalize(fields.next().unwrap_or_default());
            if name.is_empty() {
                return Err(bad("no issuer name".into()));
            }
            let domains = fields
                .map(|d| Site::parse(d).map_err(|e: SiteError| bad(e.to_string())))
                .collect::<Result<Vec<_>, _>>()?;
            if domains.is_empty() {
                return Err(bad("no domain after the name".into()));
            }
            let known = table.by_name.entry(name).or_default();
            for d in domains {
                if !known.contains(&d) && known.len() < MAX_DOMAINS_PER_NAME {
                    known.push(d);
                }
            }
        }
        Ok(table)
    }

    /// Where the table comes from, as its header says.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// When it was made (`YYYY-MM-DD`), as its header says.
    pub fn date(&self) -> &str {
        &self.date
    }

    /// Number of issuer names.
    pub fn len(&self) -> usize {
        self.by_name.len()
    }

    /// True for an empty table.
    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }

    /// The domains listed for an issuer name (none when it is not in the table).
    pub fn domains(&self, issuer: &str) -> &[Site] {
        self.by_name.get(&normalize(issuer)).map(Vec::as_slice).unwrap_or_default()
    }

    /// Every site suggested for an issuer: the table's domains, and the
    /// issuer itself when it is a domain.
    pub fn suggestions(&self, issuer: Option<&str>) -> Vec<Site> {
        let Some(issuer) = issuer.map(str::trim).filter(|i| !i.is_empty()) else {
            return Vec::new();
        };
        let mut out = self.domains(issuer).to_vec();
        if issuer.contains('.') && !issuer.contains(char::is_whitespace) {
            if let Ok(site) = Site::parse(issuer) {
                if !out.contains(&site) {
                    out.push(site);
                }
            }
        }
        out
    }

    /// The suggestions for an issuer that are not among `sites` yet.
    pub fn new_suggestions(&self, issuer: Option<&str>, sites: &[Site]) -> Vec<Site> {
        self.suggestions(issuer).into_iter().filter(|s| !sites.contains(s)).collect()
    }

    /// The suggested site of this issuer that `origin` is on, if any.
    pub fn suggest(&self, issuer: Option<&str>, origin: &Origin) -> Option<Site> {
        self.suggestions(issuer).into_iter().find(|s| s.matches(origin))
    }
}

/// A name as the table compares it: lower case, letters and digits only.
fn normalize(name: &str) -> String {
    name.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}
