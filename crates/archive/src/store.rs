//! The SQLCipher connection: keying, pragmas, integrity checks and numbered migrations.

use crate::error::{ArchiveError, Result};
use crate::keys::KeyMaterial;
use rusqlite::{Connection, ErrorCode, OpenFlags};
use std::path::Path;

/// A numbered migration: its SQL, then, in the same transaction, what only Rust can compute
/// (hashes, folded search keys).
pub struct Migration {
    pub sql: &'static str,
    pub then: Option<fn(&rusqlite::Transaction) -> Result<()>>,
}

/// Numbered migrations, applied in order; `MIGRATIONS[i]` brings the schema to version `i + 1`.
/// A shipped migration is never edited: a change to the schema is a new file here and an edit
/// of `schema.sql`, and a test checks that the two agree.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        sql: include_str!("../migrations/0001_initial.sql"),
        then: None,
    },
    Migration {
        sql: include_str!("../migrations/0002_daily_record.sql"),
        then: Some(crate::records::history::after_migration_2),
    },
    Migration {
        sql: include_str!("../migrations/0003_monte_ore.sql"),
        then: Some(crate::records::history::after_migration_3),
    },
    Migration {
        sql: include_str!("../migrations/0004_report_log.sql"),
        then: None,
    },
    Migration {
        sql: include_str!("../migrations/0005_report_indexes.sql"),
        then: None,
    },
    Migration {
        sql: include_str!("../migrations/0006_erasure_register.sql"),
        then: None,
    },
    Migration {
        sql: include_str!("../migrations/0007_privacy.sql"),
        then: None,
    },
    Migration {
        sql: include_str!("../migrations/0008_agenda_services.sql"),
        then: None,
    },
    Migration {
        sql: include_str!("../migrations/0009_imports.sql"),
        then: None,
    },
    Migration {
        sql: include_str!("../migrations/0010_import_week_notes.sql"),
        then: None,
    },
    Migration {
        sql: include_str!("../migrations/0011_access_log.sql"),
        then: None,
    },
    Migration {
        sql: include_str!("../migrations/0012_attachments.sql"),
        then: None,
    },
    Migration {
        sql: include_str!("../migrations/0013_casework.sql"),
        then: None,
    },
];

/// The schema version this program writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// The current schema, as documented at the repository root.
pub const SCHEMA_SQL: &str = include_str!("../../../schema.sql");

/// Waits until SQLCipher has finished its one-time set-up, doing it on the first call.
///
/// SQLite runs SQLCipher's initialisation (`SQLITE_EXTRA_INIT`) after it has marked itself
/// initialised and released its mutex, so a thread opening its first connection in that window
/// finds SQLCipher not ready and its `PRAGMA key` fails. Every connection of this crate passes
/// here first: the first caller opens a connection in memory and keys it, retrying until the
/// key takes (it takes at once unless another thread's initialisation is still under way); the
/// other callers wait for it.
fn sqlcipher_ready() -> Result<()> {
    static READY: std::sync::OnceLock<std::result::Result<(), String>> = std::sync::OnceLock::new();
    let ready = READY.get_or_init(|| {
        let mut last = String::new();
        for _ in 0..1000 {
            let keyed = Connection::open_in_memory()
                .and_then(|conn| conn.execute_batch("PRAGMA key = 'prova';"));
            match keyed {
                Ok(()) => return Ok(()),
                Err(e) => last = e.to_string(),
            }
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        Err(last)
    });
    ready.clone().map_err(|e| {
        ArchiveError::Database(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_ERROR),
            Some(e),
        ))
    })
}

/// Turns on SQLCipher's memory security for the whole process: every block SQLite frees is
/// overwritten first (statement texts, bound keys and rows included). It cannot be turned
/// off again. Whether the app turns it on is decided by its measured cost
/// (`benches/memory_security.rs`, ARCHITECTURE.md).
pub fn enable_memory_security() -> Result<()> {
    sqlcipher_ready()?;
    let conn = Connection::open_in_memory()?;
    conn.execute_batch("PRAGMA cipher_memory_security = ON;")?;
    Ok(())
}

/// Opens (or creates) the encrypted database and checks that the key opens it.
pub fn open(path: &Path, keys: &KeyMaterial, create: bool) -> Result<Connection> {
    open_with(path, Some(keys), create, false)
}

/// Opens a plain (unencrypted) SQLite database with every setting of [`open`] but the key:
/// the yardstick of the benchmark of encryption's cost. Only with the `bench` feature, which
/// no build of the app or the command line turns on.
#[cfg(feature = "bench")]
pub(crate) fn open_plain_for_bench(path: &Path) -> Result<Connection> {
    open_with(path, None, false, false)
}

/// Opens a read-only connection to an archive already open (for a long report that must not
/// hold the operator's connection).
pub fn open_reader(path: &Path, keys: &KeyMaterial) -> Result<Connection> {
    open_with(path, Some(keys), false, true)
}

/// `keys` is `None` only for the benchmark's plain twin ([`open_plain_for_bench`]).
fn open_with(
    path: &Path,
    keys: Option<&KeyMaterial>,
    create: bool,
    read_only: bool,
) -> Result<Connection> {
    sqlcipher_ready()?;
    let mut flags = if read_only {
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    } else if !path.exists() {
        return Err(ArchiveError::DatabaseMissing);
    }
    let conn = Connection::open_with_flags(path, flags)?;
    // No SQL may write the file's pages or the schema directly (the `sqlite_dbpage` table the
    // tests read pages with is otherwise writable).
    conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    // A colloquio's save runs some twenty distinct statements (the record, its lists, the checks,
    // the history's read-back and entry): the default cache of 16 would prepare them again and
    // again.
    conn.set_prepared_statement_cache_capacity(64);
    // One plan per statement, whatever values it is run with. Without it, this build of SQLite
    // (STAT4) prepares a cached statement again at each run with new values: a colloquio's
    // save spent more time planning its statements than running them. No query here depends on
    // a value's plan (no LIKE; ranges and equalities plan the same with any value).
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    #[cfg(unix)]
    if !read_only {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    // SQLCipher would otherwise print its own English diagnostics (e.g. "hmac check failed")
    // on stderr; the operator sees only our Italian message.
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    if let Some(keys) = keys {
        conn.execute_batch(keys.sqlcipher_key_pragma().as_str())?;
    }
    // A wrong key or a damaged first page shows only at the first read.
    if let Err(e) = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        return Err(if is_not_a_database(&e) {
            ArchiveError::DatabaseDamaged("la prima pagina non si decifra".into())
        } else {
            ArchiveError::Database(e)
        });
    }
    if read_only {
        // A second connection beside the operator's: it reads a snapshot and never writes.
        conn.execute_batch(
            "PRAGMA query_only = ON;
             PRAGMA synchronous = FULL;
             PRAGMA temp_store = MEMORY;
             PRAGMA cache_size = -16384;
             PRAGMA busy_timeout = 5000;",
        )
        .map_err(map_damage)?;
        require_durability(&conn)?;
        return Ok(conn);
    }
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         PRAGMA secure_delete = ON;
         PRAGMA foreign_keys = ON;
         PRAGMA temp_store = MEMORY;
         PRAGMA busy_timeout = 5000;",
    )
    .map_err(map_damage)?;
    conn.execute_batch(&format!("PRAGMA cache_size = -{CACHE_KIB};"))?;
    require_durability(&conn)?;
    Ok(conn)
}

/// The operator's connection's page cache (KiB). Measured on the large archive: with 8 MiB here
/// and 4 for the read-only twins the app held 38 MiB less after the yearly report, but the
/// year's activity rows took 2.0× plain SQLite (every page read again is decrypted again), the
/// report's figures 354 ms instead of 157, and search 5.0 ms instead of 1.9.
pub(crate) const CACHE_KIB: u32 = 32 * 1024;

/// How a connection writes: its journal mode and its `synchronous` level (2 is FULL).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Durability {
    pub journal_mode: String,
    pub synchronous: i64,
}

impl Durability {
    pub fn of(conn: &Connection) -> Result<Durability> {
        Ok(Durability {
            journal_mode: conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?,
            synchronous: conn.query_row("PRAGMA synchronous", [], |r| r.get(0))?,
        })
    }

    /// WAL with every commit synced (`synchronous = FULL`): what every connection runs with.
    pub fn is_full(&self) -> bool {
        self.journal_mode.eq_ignore_ascii_case("wal") && self.synchronous == 2
    }
}

/// Every connection is checked, not assumed: a database that would not switch to WAL with
/// full syncing (a file system that refuses it) is not used.
fn require_durability(conn: &Connection) -> Result<()> {
    let durability = Durability::of(conn)?;
    if durability.is_full() {
        Ok(())
    } else {
        Err(ArchiveError::Rejected(format!(
            "Il database non può scrivere in modo sicuro in questa cartella (journal {}, synchronous {}): spostare l'archivio su un disco locale.",
            durability.journal_mode, durability.synchronous
        )))
    }
}

/// Brings the schema to [`SCHEMA_VERSION`], one migration per transaction.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let found: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(map_damage)?;
    if found > SCHEMA_VERSION {
        return Err(ArchiveError::SchemaTooNew {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    if found == SCHEMA_VERSION {
        return Ok(());
    }
    // Tables are rebuilt by some migrations: foreign keys are off while they run (SQLite
    // ignores the pragma inside a transaction) and checked before each one commits.
    conn.execute_batch("PRAGMA foreign_keys = OFF;")?;
    let result = (|| -> Result<()> {
        for (index, migration) in MIGRATIONS
            .iter()
            .enumerate()
            .skip(usize::try_from(found).unwrap_or(0))
        {
            let tx = conn.transaction()?;
            tx.execute_batch(migration.sql)?;
            if let Some(then) = migration.then {
                then(&tx)?;
            }
            let broken: i64 =
                tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                    r.get(0)
                })?;
            if broken > 0 {
                return Err(ArchiveError::DatabaseDamaged(format!(
                    "{broken} riferimenti mancanti dopo l'aggiornamento dello schema"
                )));
            }
            // With the last migration, in its transaction: rows the migrations added or
            // reshaped get their image in the history.
            if index + 1 == MIGRATIONS.len() {
                crate::records::history::rebaseline_changed(&tx)?;
            }
            tx.pragma_update(None, "user_version", index as i64 + 1)?;
            tx.commit()?;
        }
        Ok(())
    })();
    conn.execute_batch("PRAGMA foreign_keys = ON;")?;
    result
}

/// Runs SQLite's and SQLCipher's integrity checks; returns the problems found (empty: sound).
pub fn integrity_problems(conn: &Connection) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let mut stmt = conn.prepare("PRAGMA cipher_integrity_check")?;
    let rows = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .map_err(map_damage)?;
    for row in rows {
        problems.push(row.map_err(map_damage)?);
    }
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    let rows = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .map_err(map_damage)?;
    for row in rows {
        let line = row.map_err(map_damage)?;
        if line != "ok" {
            problems.push(line);
        }
    }
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let mut rows = stmt.query([]).map_err(map_damage)?;
    while let Some(row) = rows.next().map_err(map_damage)? {
        let table: String = row.get(0)?;
        problems.push(format!("riferimento mancante nella tabella {table}"));
    }
    Ok(problems)
}

/// The schema the migrations give at `version`, as [`schema_of`] reports it: what a backup of
/// that version must hold, and nothing else.
pub fn schema_of_version(version: i64) -> Result<Vec<(String, String, String)>> {
    sqlcipher_ready()?;
    let conn = Connection::open_in_memory()?;
    for migration in MIGRATIONS
        .iter()
        .take(usize::try_from(version).unwrap_or(0))
    {
        conn.execute_batch(migration.sql)?;
    }
    schema_of(&conn)
}

/// The schema as SQLite reports it, normalised, for comparing two databases.
pub fn schema_of(conn: &Connection) -> Result<Vec<(String, String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )?;
    let rows = stmt.query_map([], |r| {
        let sql: String = r.get(2)?;
        Ok((
            r.get(0)?,
            r.get(1)?,
            // A rebuilt table's name comes back quoted from ALTER TABLE … RENAME, and a
            // column added by ALTER TABLE … ADD sits right before the closing parenthesis.
            sql.replace('"', "")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .replace(" ,", ",")
                .replace(" )", ")"),
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn is_not_a_database(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == ErrorCode::NotADatabase || f.code == ErrorCode::DatabaseCorrupt)
}

/// Reports SQLCipher's authentication failures as damage rather than as a generic error.
pub fn map_damage(e: rusqlite::Error) -> ArchiveError {
    if is_not_a_database(&e) {
        ArchiveError::DatabaseDamaged("pagine alterate o illeggibili".into())
    } else {
        ArchiveError::Database(e)
    }
}

/// Stops checking the CHECK constraints row by row on `conn`, for a bulk write that then calls
/// [`verify_checks_deferred`] before its commit. SQLite builds a lookup table for each
/// `col IN (...)` list of the schema at every insert: 52 µs a colloquio imported, a third of
/// an import's time. The rows are the domain's own values, checked as they were built; the
/// database checks them again, once, over whole tables (27 µs a colloquio of the archive):
/// worth it for a write as large as the archive (see `Archive::import_register`).
pub(crate) fn defer_checks(conn: &Connection) -> Result<()> {
    conn.execute_batch("PRAGMA ignore_check_constraints = ON;")?;
    Ok(())
}

/// Checks each row's CHECK constraints again as it is written (the connection's normal state).
pub(crate) fn check_each_row(conn: &Connection) -> Result<()> {
    conn.execute_batch("PRAGMA ignore_check_constraints = OFF;")?;
    Ok(())
}

/// Ends [`defer_checks`] inside the bulk write's transaction: every table with a CHECK
/// constraint is verified (`PRAGMA quick_check`, which checks them once they are on again);
/// one row that breaks one, and the write is refused, so its transaction saves nothing.
pub(crate) fn verify_checks_deferred(conn: &Connection) -> Result<()> {
    check_each_row(conn)?;
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql LIKE '%CHECK%'")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for table in tables {
        let findings: Vec<String> = conn
            .prepare(&format!(
                "PRAGMA quick_check(\"{}\")",
                table.replace('"', "\"\"")
            ))?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        match findings.first().map(String::as_str) {
            Some("ok") => {}
            Some(broken) if broken.starts_with("CHECK constraint failed") => {
                return Err(ArchiveError::Rejected(format!(
                    "Nulla è stato salvato: un dato da scrivere non rispetta le regole dell'archivio ({broken}). È un errore del programma: segnalarlo."
                )));
            }
            other => {
                return Err(ArchiveError::DatabaseDamaged(
                    other.unwrap_or("verifica senza risposta").to_owned(),
                ))
            }
        }
    }
    Ok(())
}

/// `execute` and `query_row` through the connection's statement cache. The record functions
/// run the same statements at every save (and an import runs them for every row): parsing and
/// planning them each time cost more than running them.
pub(crate) trait CachedStatements {
    fn execute_cached<P: rusqlite::Params>(&self, sql: &str, params: P) -> rusqlite::Result<usize>;

    fn query_row_cached<T, P, F>(&self, sql: &str, params: P, f: F) -> rusqlite::Result<T>
    where
        P: rusqlite::Params,
        F: FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>;
}

impl CachedStatements for Connection {
    fn execute_cached<P: rusqlite::Params>(&self, sql: &str, params: P) -> rusqlite::Result<usize> {
        self.prepare_cached(sql)?.execute(params)
    }

    fn query_row_cached<T, P, F>(&self, sql: &str, params: P, f: F) -> rusqlite::Result<T>
    where
        P: rusqlite::Params,
        F: FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    {
        self.prepare_cached(sql)?.query_row(params, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_deferred_still_refuse_a_row_that_breaks_one_and_come_back_on() {
        let conn = Connection::open_in_memory().expect("memory");
        conn.execute_batch(
            "CREATE TABLE kinds (code TEXT NOT NULL CHECK (code IN ('a', 'b', 'c')));
             CREATE TABLE notes (text TEXT);",
        )
        .expect("schema");
        defer_checks(&conn).expect("deferred");
        conn.execute_batch(
            "INSERT INTO kinds VALUES ('a'), ('b'); INSERT INTO notes VALUES ('x');",
        )
        .expect("rows that keep the rules");
        verify_checks_deferred(&conn).expect("nothing broken");

        defer_checks(&conn).expect("deferred");
        conn.execute_batch("INSERT INTO kinds VALUES ('z');")
            .expect("written while deferred");
        let refused = verify_checks_deferred(&conn).expect_err("a broken rule");
        let message = refused.to_string();
        assert!(message.starts_with("Nulla è stato salvato"), "{message}");
        assert!(
            message.contains("CHECK constraint failed in kinds"),
            "{message}"
        );
        // Checked row by row again: the next bad row is refused as it is written.
        let again = conn.execute_batch("INSERT INTO kinds VALUES ('y');");
        assert!(again.is_err(), "checks are on again");
    }

    #[test]
    fn memory_security_once_on_is_in_force() {
        enable_memory_security().expect("on");
        let conn = Connection::open_in_memory().expect("memory");
        let state: String = conn
            .query_row("PRAGMA cipher_memory_security", [], |r| r.get(0))
            .expect("state");
        assert_eq!(state, "1");
    }
}
