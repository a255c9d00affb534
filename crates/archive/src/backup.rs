//! Backups: the whole archive as an SQL dump (what `sqlite3 .dump` would give, one row per
//! line), streamed through age to the archive's backup recipient and to the recovery
//! recipient — never plaintext on disk, memory bounded by one row. Written to a temporary
//! file beside the final one, read back and checked, then renamed: an interrupted backup never
//! replaces a good one. The standard tools read it with the printed recovery kit alone:
//! `age -d -i chiave.txt sportello-….age | sqlite3 copia.db`.
//!
//! A restore reads the whole backup and checks it before touching anything, builds the new
//! database beside the current one, and swaps them only when it is complete; it is refused
//! while the archive is open elsewhere.

use crate::archive::Archive;
use crate::backup_line::{push_value, LINE_CAPACITY};
use crate::error::{ArchiveError, Result};
use crate::fsutil::{create_private_dir, sync_dir};
use crate::job::{Job, Stage};
use crate::paths::ArchivePaths;
use crate::store;
use age::secrecy::SecretString;
use chrono::NaiveDateTime;
use rusqlite::Connection;
use sportello_core::backup::{backup_file_name, backups_to_keep, parse_backup_file_name};
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

const HEADER: &str = "-- Sportello: copia di sicurezza dell'archivio";
const DATA_MARK: &str = "-- sportello:dati";
const INDEX_MARK: &str = "-- sportello:indici";
const END_MARK: &str = "-- sportello:fine";

/// The setting with the day of the last backup (read by the dashboard).
pub const LAST_BACKUP_SETTING: &str = "last_backup_on";
/// The setting with the folder she chose for backups.
pub const BACKUP_DIR_SETTING: &str = "backup_dir";

/// A backup written and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupDone {
    pub path: PathBuf,
    pub bytes: u64,
    pub rows: u64,
    /// The older backups removed by the rotation.
    pub removed: Vec<PathBuf>,
}

/// What a backup holds, read and checked to its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSummary {
    pub schema_version: i64,
    pub taken_at: String,
    pub rows: u64,
}

impl Archive {
    /// The folder backups go to: the one she chose, or `backup/` in the data folder.
    pub fn backup_dir(&self) -> Result<PathBuf> {
        Ok(crate::records::setting(&self.conn, BACKUP_DIR_SETTING)?
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| self.paths().backup_dir()))
    }

    /// Is a backup due (none yet today)? The app backs up on lock and on close at most once
    /// a day.
    pub fn backup_due(&self, today: chrono::NaiveDate) -> Result<bool> {
        let last = crate::records::setting(&self.conn, LAST_BACKUP_SETTING)?;
        Ok(last.as_deref() != Some(today.format("%Y-%m-%d").to_string().as_str()))
    }

    /// Remembers the folder for the next backups.
    pub fn set_backup_dir(&mut self, dir: &Path) -> Result<()> {
        let text = dir.to_str().ok_or_else(|| {
            ArchiveError::Rejected("Il nome della cartella contiene caratteri non validi.".into())
        })?;
        if !dir.is_dir() {
            return Err(folder_error(dir, &io::Error::from(io::ErrorKind::NotFound)));
        }
        self.write(|w| w.set_setting(BACKUP_DIR_SETTING, text))
    }

    /// Writes a backup to `dir` (taken at `now`), checks it, and applies the rotation.
    pub fn backup_to(&mut self, dir: &Path, now: NaiveDateTime) -> Result<BackupDone> {
        let plan = self.backup_plan(dir)?;
        let done = plan.write(self, now, &Job::new())?;
        self.record_backup(now.date())?;
        Ok(done)
    }

    /// What a backup to `dir` needs, taken from the unlocked archive: the folder checked, the
    /// recipients and the identity that reads the copy back. The copy itself can then be
    /// written from a read-only twin on another thread ([`BackupPlan::write`]).
    pub fn backup_plan(&self, dir: &Path) -> Result<BackupPlan> {
        // The default folder is made when needed; a chosen one (a USB stick) must be there:
        // made anew, it would put the backups on this laptop while the stick is out.
        if dir == self.paths().backup_dir() {
            create_private_dir(dir).map_err(|e| folder_error(dir, &e))?;
        } else if !dir.is_dir() {
            return Err(folder_error(dir, &io::Error::from(io::ErrorKind::NotFound)));
        }
        let keys = self.key_material()?;
        let recovery = keys.recovery_recipient.clone().ok_or_else(|| {
            ArchiveError::Rejected(
                "L'archivio non ha una chiave di recupero: crearne una nuova (Nuova chiave di recupero) prima della copia.".into(),
            )
        })?;
        Ok(BackupPlan {
            dir: dir.to_path_buf(),
            backup: keys.backup_recipient(),
            recovery,
            identity: keys.backup_identity().clone(),
            tags: keys
                .all_backup_recipients()
                .iter()
                .map(archive_tag)
                .collect(),
        })
    }

    /// Remembers the day of the last backup (the dashboard shows its age).
    pub fn record_backup(&mut self, day: chrono::NaiveDate) -> Result<()> {
        let day = day.format("%Y-%m-%d").to_string();
        // Upkeep: the backup of the day is made whoever opened the archive.
        self.write_unchecked(|w| w.set_setting(LAST_BACKUP_SETTING, &day))
    }
}

/// A backup ready to be written: where, to whom, and the identity that reads it back (wiped
/// when the plan is dropped).
pub struct BackupPlan {
    dir: PathBuf,
    backup: age::x25519::Recipient,
    recovery: age::x25519::Recipient,
    identity: age::x25519::Identity,
    /// The tags of every backup key this archive has had: its backups in the rotation.
    tags: Vec<String>,
}

impl BackupPlan {
    /// Writes the copy of `archive` (its own snapshot), reads it back to the end, puts it in
    /// place and applies the rotation; `job` tells how far it got (writing to 80 %, the
    /// read-back to 100 %) and stops it when cancelled (the temporary file removed).
    pub fn write(&self, archive: &Archive, now: NaiveDateTime, job: &Job) -> Result<BackupDone> {
        let dir = &self.dir;
        let tag = archive_tag(&self.backup);
        let name = backup_file_name(now, &tag);
        let path = dir.join(&name);
        let temp = dir.join(format!(".{name}.tmp"));
        remove_stale_temporaries(dir);
        let file = private_new_file(&temp).map_err(|e| folder_error(dir, &e))?;
        let written = write_encrypted_dump(
            &archive.conn,
            &file,
            vec![&self.backup, &self.recovery],
            now,
            &[],
            job,
        );
        let rows = match written {
            Ok(rows) => rows,
            Err(e) => {
                let _ = fs::remove_file(&temp);
                return Err(job.checked(Err(e))?);
            }
        };
        // Read back to the end with the archive's own identity before it counts as a backup.
        let mut read = 0u64;
        let checked = read_backup(&temp, &[&self.identity], &mut |section, _| {
            if section == Section::Data {
                read += 1;
                if read.is_multiple_of(PROGRESS_EVERY) {
                    job.step(80 + percent_of(read, rows, 20), Stage::BackupChecking)?;
                }
            }
            Ok(())
        });
        match checked {
            Ok(summary) if summary.rows == rows => {}
            Err(ArchiveError::Cancelled) => {
                let _ = fs::remove_file(&temp);
                return Err(ArchiveError::Cancelled);
            }
            Ok(_) | Err(_) => {
                let _ = fs::remove_file(&temp);
                return Err(ArchiveError::Rejected(format!(
                    "La copia scritta in {} non si rilegge correttamente: il supporto potrebbe essere danneggiato o pieno. Le copie precedenti non sono state toccate.",
                    dir.display()
                )));
            }
        }
        fs::rename(&temp, &path).map_err(|e| folder_error(dir, &e))?;
        sync_dir(dir).map_err(|e| folder_error(dir, &e))?;
        // The erasures the comune instructed travel with the backups.
        crate::retention::write_register_file(
            dir,
            &tag,
            &crate::records::erasure_register(&archive.conn)?,
            vec![&self.backup, &self.recovery],
            &self.identity,
        )?;
        let bytes = fs::metadata(&path)?.len();
        let removed = rotate(dir, &self.tags, &path)?;
        job.step(100, Stage::Done)?;
        Ok(BackupDone {
            path,
            bytes,
            rows,
            removed,
        })
    }
}

/// Progress is told every this many rows.
const PROGRESS_EVERY: u64 = 2000;

/// `done` of `total` as a share of `span` percent.
fn percent_of(done: u64, total: u64, span: u8) -> u8 {
    u8::try_from(done.min(total) * u64::from(span) / total.max(1)).unwrap_or(span)
}

/// Eight hex digits naming the archive in its backups' file names: from its backup recipient
/// (public), so another archive's backups on the same stick are never rotated away.
pub fn archive_tag(recipient: &age::x25519::Recipient) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(&Sha256::digest(recipient.to_string().as_bytes())[..4])
}

/// Keeps the promised set of this archive's backups in `dir` (see `sportello_core::backup`),
/// and always `just_written` (a clock set back must not make the new backup look old);
/// returns what was removed. Only this archive's backup files are ever touched: those named
/// with one of `tags`, its current and its former backup keys' (a change of key must not
/// leave the older copies outside the rotation).
pub fn rotate(dir: &Path, tags: &[String], just_written: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if let Some((taken, t)) = entry.file_name().to_str().and_then(parse_backup_file_name) {
            if tags.contains(&t) {
                found.push((taken, entry.path()));
            }
        }
    }
    let keep = backups_to_keep(&found.iter().map(|(t, _)| *t).collect::<Vec<_>>());
    let mut removed = Vec::new();
    for (taken, path) in found {
        if !keep.contains(&taken) && path != just_written {
            fs::remove_file(&path)?;
            removed.push(path);
        }
    }
    Ok(removed)
}

/// Restores the archive of `paths` from `file`, opening the keys with the passphrase (on the
/// same computer). The backup is read and checked to its end first; the new database is built
/// beside the current one and swapped in only when complete.
pub fn restore_with_passphrase(
    paths: &ArchivePaths,
    passphrase: &SecretString,
    file: &Path,
) -> Result<BackupSummary> {
    let _lock = crate::lockfile::ArchiveLock::acquire(paths)?;
    crate::keyfiles::finish_interrupted_rotation(paths)?;
    let keys = Archive::keys_with_owner_passphrase(paths, passphrase, "ripristinare una copia")?;
    // The whole backup, checked before anything is touched.
    let summary = read_backup(file, &keys.backup_identities(), &mut |_, _| Ok(()))?;
    if summary.schema_version > store::SCHEMA_VERSION {
        return Err(ArchiveError::SchemaTooNew {
            found: summary.schema_version,
            supported: store::SCHEMA_VERSION,
        });
    }
    let db = paths.database();
    // The erasures the comune instructed since the copy was taken are carried out again on
    // it (a damaged archive whose register cannot be read gives none).
    let register = store::open_reader(&db, &keys)
        .ok()
        .and_then(|conn| crate::records::erasure_register(&conn).ok())
        .unwrap_or_default();
    let register = crate::retention::union(
        register,
        crate::retention::register_beside_backups(
            file.parent().unwrap_or(Path::new(".")),
            &keys.backup_identities(),
        ),
    );
    let building = db.with_extension("db.ripristino");
    remove_database_files(&building)?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let built = (|| -> Result<()> {
        let mut conn = store::open(&building, &keys, true)?;
        load_dump(&mut conn, file, &keys.backup_identities(), &summary)?;
        store::migrate(&mut conn)?;
        crate::retention::reapply_register(&mut conn, &register)?;
        let problems = store::integrity_problems(&conn)?;
        if !problems.is_empty() {
            return Err(ArchiveError::DatabaseDamaged(problems.join("; ")));
        }
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        conn.close().map_err(|(_, e)| ArchiveError::Database(e))
    })();
    if let Err(e) = built {
        remove_database_files(&building)?;
        // What the copy holds did not make an archive: the copy is at fault, not the archive.
        return Err(rebuild_error(e, &name));
    }
    swap_in(&db, &building)?;
    Ok(summary)
}

/// The files of a database: itself and its WAL and shared-memory files.
fn database_files(db: &Path) -> [PathBuf; 3] {
    ["", "-wal", "-shm"].map(|suffix| PathBuf::from(format!("{}{suffix}", db.display())))
}

fn aside_of(db: &Path) -> PathBuf {
    db.with_extension("db.prima-del-ripristino")
}

/// Where a restore keeps the replaced database.
pub(crate) fn aside_path(db: &Path) -> PathBuf {
    aside_of(db)
}

/// Removes the database a restore kept aside (after an erasure, it may still hold the person).
pub(crate) fn remove_aside_copy(db: &Path) -> Result<()> {
    remove_database_files(&aside_of(db))
}

/// Puts the rebuilt database in place of `db`, the current one kept aside (encrypted as it
/// was) until the next restore; any failure before the new one is in place puts everything
/// back.
fn swap_in(db: &Path, building: &Path) -> Result<()> {
    let aside = aside_of(db);
    remove_database_files(&aside)?;
    let mut moved: Vec<(PathBuf, PathBuf)> = Vec::new();
    let undo = |moved: &[(PathBuf, PathBuf)]| {
        for (from, to) in moved.iter().rev() {
            let _ = fs::rename(to, from);
        }
    };
    for (from, to) in database_files(db).into_iter().zip(database_files(&aside)) {
        if from.exists() {
            if let Err(e) = fs::rename(&from, &to) {
                undo(&moved);
                return Err(e.into());
            }
            moved.push((from, to));
        }
    }
    if let Err(e) = fs::rename(building, db) {
        undo(&moved);
        return Err(e.into());
    }
    // The new database is in place: what follows only makes it durable.
    if let Some(dir) = db.parent() {
        let _ = sync_dir(dir);
    }
    Ok(())
}

/// At unlock: a restore killed in the middle of its swap leaves no database but the one aside;
/// it is put back.
pub(crate) fn recover_interrupted_swap(paths: &ArchivePaths) -> Result<()> {
    let db = paths.database();
    let aside = aside_of(&db);
    if !db.exists() && aside.exists() {
        for (from, to) in database_files(&aside).into_iter().zip(database_files(&db)) {
            if from.exists() {
                fs::rename(&from, &to)?;
            }
        }
    }
    Ok(())
}

/// Reads a backup to its end with the first of `identities` that opens it, handing each line of the data section to
/// `row` (its table and the SQL), and checks its closing line. Any fault is
/// [`ArchiveError::BackupDamaged`]; a backup made for none of them is
/// [`ArchiveError::BackupOfAnotherArchive`].
pub fn read_backup(
    file: &Path,
    identities: &[&dyn age::Identity],
    row: &mut dyn FnMut(Section, &str) -> Result<()>,
) -> Result<BackupSummary> {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let damaged = |why: &str| ArchiveError::BackupDamaged(format!("«{name}» {why}"));
    let input = File::open(file).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => damaged("non esiste"),
        _ => damaged("non si può leggere"),
    })?;
    let decryptor = age::Decryptor::new_buffered(BufReader::new(input))
        .map_err(|_| damaged("non è una copia di Sportello o è danneggiata"))?;
    let reader = decryptor
        .decrypt(identities.iter().copied())
        .map_err(|e| match e {
            age::DecryptError::NoMatchingKeys => ArchiveError::BackupOfAnotherArchive,
            _ => damaged("è danneggiata"),
        })?;
    let mut lines = BufReader::new(reader);
    // One buffer for every line, wiped when the reading ends (rows are personal data).
    let mut buffer = zeroize::Zeroizing::new(String::with_capacity(LINE_CAPACITY));
    let mut next = |buffer: &mut String| -> Result<bool> {
        buffer.clear();
        match lines.read_line(buffer) {
            Ok(0) => Ok(false),
            Ok(_) => {
                if buffer.ends_with('\n') {
                    buffer.pop();
                }
                Ok(true)
            }
            Err(_) => Err(damaged("è troncata o alterata")),
        }
    };
    if !next(&mut buffer)? {
        return Err(damaged("è vuota"));
    }
    let header = buffer.to_string();
    let rest = header
        .strip_prefix(HEADER)
        .ok_or_else(|| damaged("non è una copia di Sportello"))?;
    // "; schema N; fatta il 2026-11-26T09:30:00"
    let mut schema_version = None;
    let mut taken_at = String::new();
    for part in rest.split(';').map(str::trim) {
        if let Some(v) = part.strip_prefix("schema ") {
            schema_version = v.parse::<i64>().ok();
        } else if let Some(t) = part.strip_prefix("fatta il ") {
            taken_at = t.to_owned();
        }
    }
    let schema_version = schema_version.ok_or_else(|| damaged("non dice il suo schema"))?;
    let mut section = Section::Schema;
    let mut rows = 0u64;
    loop {
        if !next(&mut buffer)? {
            return Err(damaged("è troncata"));
        }
        let line: &str = &buffer;
        match line {
            DATA_MARK => section = Section::Data,
            INDEX_MARK => section = Section::Indexes,
            l if l.starts_with(END_MARK) => {
                let declared: Option<u64> = l[END_MARK.len()..].trim().parse().ok();
                if declared != Some(rows) || next(&mut buffer)? {
                    return Err(damaged("è incompleta o alterata"));
                }
                return Ok(BackupSummary {
                    schema_version,
                    taken_at,
                    rows,
                });
            }
            l => {
                if section == Section::Data && l.starts_with("INSERT INTO ") {
                    rows += 1;
                }
                row(section, l)?;
            }
        }
    }
}

/// The parts of a backup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Schema,
    Data,
    Indexes,
}

/// Writes the dump of `conn` to `file` through age, encrypted to `recipients`, and makes it
/// durable; returns the rows written.
pub(crate) fn write_encrypted_dump(
    conn: &Connection,
    file: &File,
    recipients: Vec<&dyn age::Recipient>,
    now: NaiveDateTime,
    preamble: &[String],
    job: &Job,
) -> Result<u64> {
    let encryptor = age::Encryptor::with_recipients(recipients.into_iter())
        .map_err(|e| ArchiveError::Crypto(e.to_string()))?;
    let mut out = encryptor.wrap_output(BufWriter::new(file))?;
    let rows = write_dump(conn, &mut out, now, preamble, job)?;
    out.finish()?.flush()?;
    file.sync_all()?;
    // Durable now: its pages leave the cache, so the read-back check reads the medium.
    #[cfg(target_os = "linux")]
    let _ = rustix::fs::fadvise(file, 0, None, rustix::fs::Advice::DontNeed);
    Ok(rows)
}

/// Writes the dump of `conn` (one snapshot) to `out`, `preamble` as comment lines after the
/// first; returns the rows written.
fn write_dump(
    conn: &Connection,
    out: &mut dyn Write,
    now: NaiveDateTime,
    preamble: &[String],
    job: &Job,
) -> Result<u64> {
    let _snapshot = conn.unchecked_transaction()?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    writeln!(
        out,
        "{HEADER}; schema {version}; fatta il {}",
        now.format("%Y-%m-%dT%H:%M:%S")
    )?;
    for line in preamble {
        writeln!(out, "-- {line}")?;
    }
    writeln!(out, "PRAGMA foreign_keys=OFF;")?;
    writeln!(out, "BEGIN TRANSACTION;")?;
    let objects = |kinds: &str| -> Result<Vec<(String, String)>> {
        let mut stmt = conn.prepare(&format!(
            "SELECT name, sql FROM sqlite_master WHERE type IN ({kinds}) AND sql IS NOT NULL
             AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
        ))?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    };
    let tables = objects("'table'")?;
    for (_, sql) in &tables {
        writeln!(out, "{sql};")?;
    }
    writeln!(out, "{DATA_MARK}")?;
    // Counted in the same snapshot, for the progress shown while a long copy is written.
    let mut total = 0u64;
    for (table, _) in &tables {
        let n: i64 = conn.query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |r| {
            r.get(0)
        })?;
        total += u64::try_from(n).unwrap_or(0);
    }
    job.step(0, Stage::BackupWriting)?;
    let mut rows = 0u64;
    for (table, _) in &tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\""))?;
        let columns = stmt.column_count();
        let mut cursor = stmt.query([])?;
        // Wiped when the table is done (rows are personal data); large enough for a document's
        // chunk as hex, so it is not reallocated (a reallocation would leave an unwiped copy).
        let mut line = zeroize::Zeroizing::new(String::with_capacity(LINE_CAPACITY));
        while let Some(r) = cursor.next()? {
            line.clear();
            line.push_str(&format!("INSERT INTO \"{table}\" VALUES("));
            for i in 0..columns {
                if i > 0 {
                    line.push(',');
                }
                push_value(&mut line, r.get_ref(i)?);
            }
            line.push_str(");\n");
            out.write_all(line.as_bytes())?;
            rows += 1;
            if rows.is_multiple_of(PROGRESS_EVERY) {
                job.step(percent_of(rows, total, 80), Stage::BackupWriting)?;
            }
        }
    }
    writeln!(out, "{INDEX_MARK}")?;
    for (_, sql) in objects("'index', 'trigger', 'view'")? {
        writeln!(out, "{sql};")?;
    }
    writeln!(out, "PRAGMA user_version={version};")?;
    writeln!(out, "COMMIT;")?;
    writeln!(out, "{END_MARK} {rows}")?;
    Ok(rows)
}

/// Builds the database from a checked backup: its schema as written, every row, then its
/// indexes; the row count must match what was checked.
pub(crate) fn load_dump(
    conn: &mut Connection,
    file: &Path,
    identities: &[&dyn age::Identity],
    expected: &BackupSummary,
) -> Result<()> {
    let damaged = |why: &str| ArchiveError::BackupDamaged(format!("«{}» {why}", file_name(file)));
    // A copy describes one archive: it may not attach, or write, any other file (the limit is
    // lifted once its statements have run: a VACUUM attaches its own temporary database).
    let attached = conn.set_limit(rusqlite::limits::Limit::SQLITE_LIMIT_ATTACHED, 0)?;
    conn.execute_batch("PRAGMA foreign_keys = OFF;")?;
    let tx = conn.transaction()?;
    let mut schema = String::new();
    let mut indexes = String::new();
    let mut loaded = 0u64;
    let summary = read_backup(file, identities, &mut |section, line| {
        match section {
            Section::Schema => {
                if !line.starts_with("PRAGMA")
                    && !line.starts_with("BEGIN")
                    && !line.starts_with("--")
                {
                    schema.push_str(line);
                    schema.push('\n');
                }
            }
            Section::Data => {
                if !schema.is_empty() {
                    execute_only(&tx, &std::mem::take(&mut schema), SCHEMA_STATEMENTS)
                        .map_err(|_| damaged("ha uno schema che non è di Sportello"))?;
                }
                if !line.starts_with("INSERT INTO \"") {
                    return Err(damaged("ha una riga che non è un record"));
                }
                tx.execute(line, [])?;
                loaded += 1;
            }
            Section::Indexes => {
                if !line.starts_with("COMMIT") {
                    indexes.push_str(line);
                    indexes.push('\n');
                }
            }
        }
        Ok(())
    })?;
    if !schema.is_empty() {
        execute_only(&tx, &schema, SCHEMA_STATEMENTS)
            .map_err(|_| damaged("ha uno schema che non è di Sportello"))?;
    }
    execute_only(&tx, &indexes, INDEX_STATEMENTS)
        .map_err(|_| damaged("ha indici che non sono di Sportello"))?;
    if summary != *expected || loaded != expected.rows {
        return Err(damaged("è cambiata mentre veniva letta"));
    }
    let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version != summary.schema_version {
        return Err(damaged("non dice la sua versione in modo coerente"));
    }
    // Exactly the schema of its version: no table, index or trigger more or less.
    if store::schema_of(&tx)? != store::schema_of_version(summary.schema_version)? {
        return Err(damaged("non ha lo schema di Sportello"));
    }
    tx.commit()?;
    conn.set_limit(rusqlite::limits::Limit::SQLITE_LIMIT_ATTACHED, attached)?;
    conn.execute_batch("PRAGMA foreign_keys = ON;")?;
    let broken: i64 = conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
        r.get(0)
    })?;
    if broken > 0 {
        return Err(damaged("ha riferimenti tra i record che non tornano"));
    }
    Ok(())
}

/// A failure while rebuilding from a copy: the copy's fault (its SQL did not make an
/// archive), unless the disk is (full, unwritable), which is told as it is.
pub(crate) fn rebuild_error(e: ArchiveError, name: &str) -> ArchiveError {
    let disk = |e: &rusqlite::Error| {
        matches!(
            e.sqlite_error_code(),
            Some(
                rusqlite::ErrorCode::DiskFull
                    | rusqlite::ErrorCode::SystemIoFailure
                    | rusqlite::ErrorCode::CannotOpen
                    | rusqlite::ErrorCode::ReadOnly
            )
        )
    };
    match e {
        ArchiveError::BackupDamaged(_)
        | ArchiveError::SchemaTooNew { .. }
        | ArchiveError::Io(_) => e,
        ArchiveError::Database(ref d) if disk(d) => e,
        _ => ArchiveError::BackupDamaged(format!("«{name}» non si ricostruisce")),
    }
}

/// What a backup's schema section may hold.
const SCHEMA_STATEMENTS: &[&str] = &["CREATE TABLE "];
/// What its closing section may hold.
const INDEX_STATEMENTS: &[&str] = &[
    "CREATE INDEX ",
    "CREATE UNIQUE INDEX ",
    "CREATE TRIGGER ",
    "CREATE VIEW ",
    "PRAGMA user_version=",
];

/// Runs `sql` one statement at a time, refusing any that does not begin with one of `allowed`.
fn execute_only(conn: &Connection, sql: &str, allowed: &[&str]) -> Result<()> {
    use fallible_iterator::FallibleIterator;
    let mut batch = rusqlite::Batch::new(conn, sql);
    while let Some(mut statement) = batch.next()? {
        let text = statement.expanded_sql().unwrap_or_default();
        if !allowed.iter().any(|a| text.trim_start().starts_with(a)) {
            return Err(ArchiveError::Rejected("statement not allowed".into()));
        }
        statement.raw_execute()?;
    }
    Ok(())
}

/// What an interrupted backup left behind (a process killed while writing).
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        // Only old ones: another program may be writing a backup here right now.
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > std::time::Duration::from_secs(600));
        if name.starts_with(".sportello-") && name.ends_with(".age.tmp") && old {
            let _ = fs::remove_file(entry.path());
        }
    }
}

pub(crate) fn file_name(file: &Path) -> String {
    file.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

pub(crate) fn remove_database_files(db: &Path) -> Result<()> {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let path = PathBuf::from(format!("{}{suffix}", db.display()));
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

pub(crate) fn private_new_file(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

fn folder_error(dir: &Path, e: &io::Error) -> ArchiveError {
    let why = match e.kind() {
        io::ErrorKind::NotFound => "non esiste (la chiavetta è inserita?)",
        io::ErrorKind::PermissionDenied => "non si può scrivere: mancano i permessi",
        io::ErrorKind::StorageFull => "è piena",
        _ => "non si può usare",
    };
    ArchiveError::Rejected(format!("La cartella dei backup {} {why}.", dir.display()))
}
