//! SQLite databases (Google Authenticator's `databases`, Microsoft
//! Authenticator's `PhoneFactor`), opened from the bytes in memory.
//!
//! The bytes are handed to SQLite with `sqlite3_deserialize`, read-only: no
//! temporary file exists for another process to see or swap. Before anything
//! of the file is read, the connection distrusts the file's schema
//! (`SQLITE_DBCONFIG_TRUSTED_SCHEMA` off, so functions with side effects
//! cannot run from its views or triggers), runs in defensive mode, checks
//! cell sizes, and is `query_only`. Only real tables are read (never a view,
//! which could make SQLite compute without end), and at most
//! [`MAX_ENTRIES`](super::MAX_ENTRIES) + 1 rows of one. A damaged page is a
//! [`ImportError::Corrupt`] naming the format.
//!
//! The copy handed to SQLite is SQLite's own memory, freed (not wiped) when
//! the connection closes; the rows read out are wiped when dropped.
//!
//! Android keeps these databases in write-ahead-log mode; a copy without its
//! `-wal` file is still a whole database, so the header's WAL marks are set
//! back to the rollback journal for SQLite to open it from memory.

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags};

use super::{Format, ImportError, MAX_ENTRIES};

/// The SQLite file magic.
pub(super) const MAGIC: &[u8] = b"SQLite format 3\0";
/// The smallest database: one 512-byte page.
const MIN_LEN: usize = 512;

/// The database in `bytes`, opened read-only in memory; `None` when SQLite cannot open it.
pub(super) fn open(bytes: &[u8]) -> Option<Connection> {
    if !bytes.starts_with(MAGIC) || bytes.len() < MIN_LEN {
        return None;
    }
    let mut copy = zeroize::Zeroizing::new(bytes.to_vec());
    // Bytes 18 and 19: file format write and read versions; 2 is WAL, 1 legacy.
    for b in &mut copy[18..20] {
        if *b == 2 {
            *b = 1;
        }
    }
    let mut conn = Connection::open_in_memory_with_flags(
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .ok()?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false).ok()?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true).ok()?;
    conn.execute_batch("PRAGMA trusted_schema=OFF; PRAGMA cell_size_check=ON;").ok()?;
    let len = copy.len();
    conn.deserialize_read_exact("main", copy.as_slice(), len, true).ok()?;
    conn.execute_batch("PRAGMA query_only=ON;").ok()?;
    // Reading the schema here makes a file SQLite cannot parse fail now, not later.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(())).ok()?;
    Some(conn)
}

/// The columns of `table` when it is a real table (not a view), lower-cased.
pub(super) fn columns(conn: &Connection, table: &str) -> Option<Vec<String>> {
    let kind: String = conn
        .query_row("SELECT type FROM sqlite_master WHERE name = ?1 COLLATE NOCASE", [table], |r| r.get(0))
        .ok()?;
    if kind != "table" {
        return None;
    }
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1)").ok()?;
    let names = stmt.query_map([table], |r| r.get::<_, String>(0)).ok()?;
    let names: Vec<String> = names.filter_map(Result::ok).take(1000).map(|n| n.to_ascii_lowercase()).collect();
    (!names.is_empty()).then_some(names)
}

/// One row of a table, its values by column name, as text or integers.
pub(super) struct Row {
    values: Vec<(String, rusqlite::types::Value)>,
}

impl Row {
    /// The text in `column`: a text value (an integer is written out), `None` for NULL or missing.
    pub(super) fn text(&self, column: &str) -> Option<String> {
        use rusqlite::types::Value;
        match self.value(column)? {
            Value::Text(t) => Some(t.clone()),
            Value::Integer(i) => Some(i.to_string()),
            Value::Blob(b) => String::from_utf8(b.clone()).ok(),
            _ => None,
        }
    }

    /// The integer in `column`: an integer value, or text of one.
    pub(super) fn int(&self, column: &str) -> Option<i64> {
        use rusqlite::types::Value;
        match self.value(column)? {
            Value::Integer(i) => Some(*i),
            Value::Text(t) => t.trim().parse().ok(),
            _ => None,
        }
    }

    fn value(&self, column: &str) -> Option<&rusqlite::types::Value> {
        self.values.iter().find(|(name, _)| name == column).map(|(_, v)| v)
    }
}

impl Drop for Row {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        for (_, value) in &mut self.values {
            match value {
                rusqlite::types::Value::Text(t) => t.zeroize(),
                rusqlite::types::Value::Blob(b) => b.zeroize(),
                _ => {}
            }
        }
    }
}

/// Every row of `table` (a real table), in rowid order, each with the `wanted` columns
/// that the table has. More than [`MAX_ENTRIES`] rows are refused.
pub(super) fn rows(format: Format, conn: &Connection, table: &str, wanted: &[&str]) -> Result<Vec<Row>, ImportError> {
    let have = columns(conn, table).ok_or_else(|| ImportError::corrupt(format, format!("it has no `{table}` table")))?;
    let picked: Vec<&str> = wanted.iter().copied().filter(|w| have.iter().any(|h| h == w)).collect();
    if picked.is_empty() {
        return Err(ImportError::corrupt(format, format!("its `{table}` table has none of the expected columns")));
    }
    let list = picked.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ");
    let sql = format!("SELECT {list} FROM \"{table}\" LIMIT {}", MAX_ENTRIES + 1);
    let damaged = |e: rusqlite::Error| sql_error(format, &e);
    let mut stmt = conn.prepare(&sql).map_err(damaged)?;
    let mut query = stmt.query([]).map_err(damaged)?;
    let mut out = Vec::new();
    while let Some(row) = query.next().map_err(damaged)? {
        if out.len() == MAX_ENTRIES {
            return Err(ImportError::TooManyEntries { count: MAX_ENTRIES + 1, max: MAX_ENTRIES });
        }
        let mut values = Vec::with_capacity(picked.len());
        for (i, name) in picked.iter().enumerate() {
            values.push(((*name).to_owned(), row.get::<_, rusqlite::types::Value>(i).map_err(damaged)?));
        }
        out.push(Row { values });
    }
    Ok(out)
}

fn sql_error(format: Format, e: &rusqlite::Error) -> ImportError {
    let detail = match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseCorrupt) => "the database is damaged (a page of it cannot be read)",
        Some(rusqlite::ErrorCode::NotADatabase) => "it is not a whole database",
        _ => "the database cannot be read",
    };
    ImportError::corrupt(format, detail)
}

/// A database made by `sql`, as the bytes of its file.
#[cfg(test)]
pub(super) fn db(sql: &str) -> Vec<u8> {
    let mut conn = Connection::open_in_memory().unwrap();
    conn.execute_batch(sql).unwrap();
    conn.serialize("main").unwrap().to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{self, Imported};

    const GOOGLE: &str = "CREATE TABLE accounts (_id INTEGER PRIMARY KEY, email TEXT NOT NULL, secret TEXT NOT NULL, \
        counter INTEGER DEFAULT 0, type INTEGER, provider INTEGER DEFAULT 0, issuer TEXT DEFAULT NULL, original_name TEXT);";

    #[test]
    fn a_damaged_page_is_a_damaged_database_of_the_format() {
        let rows: String = (0..400)
            .map(|i| format!("INSERT INTO accounts (email, secret, type) VALUES ('ACME:user{i}', 'JBSWY3DPEHPK3PXP', 0);"))
            .collect();
        let mut bytes = db(&format!("{GOOGLE}{rows}"));
        assert_eq!(import::detect(&bytes), Some(Format::GoogleAuthenticatorDb));
        // Page 1 is the schema; scribble over every page after it.
        let page = usize::from(u16::from_be_bytes([bytes[16], bytes[17]]));
        for (i, b) in bytes[page..].iter_mut().enumerate() {
            *b = (i as u8).wrapping_mul(151) ^ 0x5a;
        }
        assert_eq!(import::detect(&bytes), Some(Format::GoogleAuthenticatorDb));
        let err = import::read(&bytes).expect_err("a damaged database");
        assert!(matches!(err, ImportError::Corrupt { format: Format::GoogleAuthenticatorDb, .. }), "{err}");
        assert!(err.to_string().contains("Google Authenticator database"), "{err}");
        // Cut short, SQLite may not even open it: then it is an unknown database, said so.
        let cut = &bytes[..600];
        assert!(!matches!(import::read(cut), Ok(Imported::Ready(_))));
    }

    #[test]
    fn only_real_tables_are_read_and_other_databases_are_named() {
        let view = db("CREATE TABLE t (email, secret, type); CREATE VIEW accounts AS SELECT * FROM t;");
        assert_eq!(import::detect(&view), None);
        let other = db("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);");
        assert_eq!(import::detect(&other), None);
        assert!(import::read(&other).unwrap_err().to_string().contains("database (SQLite)"));
    }

    #[test]
    fn wal_mode_files_open() {
        let mut bytes = db(&format!("{GOOGLE}INSERT INTO accounts (email, secret, type) VALUES ('a', 'JBSWY3DPEHPK3PXP', 0);"));
        bytes[18] = 2;
        bytes[19] = 2;
        let Ok(Imported::Ready(result)) = import::read(&bytes) else { panic!("a WAL-mode database") };
        assert_eq!(result.accounts.len(), 1);
    }
}
