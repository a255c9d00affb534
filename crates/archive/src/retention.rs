//! Retention on the archive: the period the comune set, who is past it, the comune's
//! instruction carried out (anonymise or erase), the pages rewritten so nothing of the erased
//! persons stays in the file, and the register applied again to a restored copy.

use crate::archive::Archive;
use crate::error::{ArchiveError, Result};
use crate::records::{self, history, Writer};
use crate::store::map_damage;
use chrono::NaiveDate;
use rusqlite::Connection;
use sportello_core::model::{
    parse_retention_years, retention_cutoff, retention_years_of, ErasureKind, ErasureRecord,
    InstructionForm, RetentionCandidate, RETENTION_SETTING,
};
use sportello_core::{FormErrors, Msg, PersonId};
use std::collections::HashSet;
use std::io::{Read, Write};
use std::path::Path;

/// The register of erasures beside the backups (`registro-cancellazioni-<tag>.age`, the tag
/// of the backups' names), encrypted like them (to the archive's backup key and to the
/// recovery key): a restore on a new computer, which has no archive to read it from, applies
/// it to the copy it rebuilds.
const REGISTER_PREFIX: &str = "registro-cancellazioni-";

/// The register's file name for the backups tagged `tag`.
pub fn register_file_name(tag: &str) -> String {
    format!("{REGISTER_PREFIX}{tag}.age")
}

fn invalid(field: &str, msg: Msg) -> ArchiveError {
    let mut e = FormErrors::default();
    e.add(field, msg);
    ArchiveError::Invalid(e)
}

impl Archive {
    /// The retention period the comune set, in years after the last contact (10 until set).
    pub fn retention_years(&self) -> Result<u32> {
        Ok(retention_years_of(
            self.setting(RETENTION_SETTING)?.as_deref(),
        ))
    }

    /// Sets the period from what she typed.
    pub fn set_retention_years(&mut self, input: &str) -> Result<u32> {
        self.require_owner_for("cambiare il periodo di conservazione")?;
        let years = parse_retention_years(input).map_err(|m| invalid("retention_years", m))?;
        self.set_setting(RETENTION_SETTING, &years.to_string())?;
        Ok(years)
    }

    /// The persons past the period on `today`, the longest past first. Nothing happens to them
    /// until the comune instructs it.
    pub fn retention_candidates(&self, today: NaiveDate) -> Result<Vec<RetentionCandidate>> {
        let cutoff = retention_cutoff(today, self.retention_years()?);
        records::retention_candidates(&self.conn, cutoff)
    }

    /// What the retention page shows on `today`.
    pub fn retention_view(&self, today: NaiveDate) -> Result<sportello_core::ipc::RetentionView> {
        let years = self.retention_years()?;
        Ok(sportello_core::ipc::RetentionView {
            years,
            cutoff: retention_cutoff(today, years),
            candidates: self.retention_candidates(today)?,
            register: self.erasure_register()?,
        })
    }

    /// The register of erasures (ids, dates, acts), oldest first.
    pub fn erasure_register(&self) -> Result<Vec<ErasureRecord>> {
        records::erasure_register(&self.conn)
    }

    /// Carries out the comune's instruction for `persons`, each of whom must be past the
    /// period on `today`: anonymised or erased, their history blanked, the register written,
    /// all in one transaction; then the database file is rewritten so that no page keeps
    /// what was removed, and a copy a restore kept aside is deleted.
    pub fn carry_out_retention(
        &mut self,
        persons: &[PersonId],
        kind: ErasureKind,
        form: &InstructionForm,
        today: NaiveDate,
    ) -> Result<usize> {
        self.require_owner_for("anonimizzare o cancellare persone su istruzione del Comune")?;
        let instruction = form.parse(today).map_err(ArchiveError::Invalid)?;
        if persons.is_empty() {
            return Err(invalid("persons", Msg::AtLeastOne));
        }
        let past: HashSet<PersonId> = self
            .retention_candidates(today)?
            .into_iter()
            .map(|c| c.person)
            .collect();
        if persons.iter().any(|p| !past.contains(p)) {
            return Err(invalid("persons", Msg::NotPastRetention));
        }
        let done = self.write(|w| {
            let mut seen = HashSet::new();
            for &person in persons.iter().filter(|p| seen.insert(**p)) {
                w.carry_out_erasure(&ErasureRecord {
                    id: uuid::Uuid::now_v7().to_string(),
                    person,
                    kind,
                    instruction: instruction.clone(),
                    done_at: w.now.clone(),
                })?;
            }
            Ok(seen.len())
        })?;
        // What must follow whatever happens next: the copy a restore kept aside goes, and the
        // register is beside the backups at once (so an older copy restored on a new computer
        // is erased again even before the next backup; a folder not plugged in gets it then).
        crate::backup::remove_aside_copy(&self.paths.database())?;
        let dir = self.backup_dir()?;
        if dir.is_dir() {
            self.write_register_beside_backups(&dir)?;
        }
        compact(&self.conn)?;
        Ok(done)
    }

    /// Writes the register into the backup folder `dir` (nothing while it is empty).
    pub(crate) fn write_register_beside_backups(&self, dir: &Path) -> Result<()> {
        let keys = self.key_material()?;
        let backup = keys.backup_recipient();
        let tag = crate::backup::archive_tag(&backup);
        let mut recipients: Vec<&dyn age::Recipient> = vec![&backup];
        if let Some(recovery) = &keys.recovery_recipient {
            recipients.push(recovery);
        }
        write_register_file(
            dir,
            &tag,
            &self.erasure_register()?,
            recipients,
            keys.backup_identity(),
        )
    }

    /// Every page of the database as SQLite reads it (decrypted), free pages included: for
    /// the tests that look for what an erasure must have removed.
    #[cfg(feature = "tamper")]
    pub fn raw_pages(&self) -> Result<Vec<Vec<u8>>> {
        let mut stmt = self
            .conn
            .prepare("SELECT data FROM sqlite_dbpage ORDER BY pgno")?;
        let rows = stmt.query_map([], |r| r.get::<_, Vec<u8>>(0))?;
        rows.collect::<rusqlite::Result<_>>()
            .map_err(ArchiveError::from)
    }
}

/// Rewrites the database so no page, free or in use, keeps a removed value, and empties the
/// WAL: the frames written before hold the old pages.
pub(crate) fn compact(conn: &Connection) -> Result<()> {
    checkpoint(conn)?;
    conn.execute_batch("VACUUM;").map_err(map_damage)?;
    checkpoint(conn)
}

/// Copies the WAL into the database and empties it; refused while another connection still
/// reads an older snapshot (its frames would stay).
fn checkpoint(conn: &Connection) -> Result<()> {
    let (busy, log, done): (i64, i64, i64) = conn
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .map_err(map_damage)?;
    if busy != 0 || log != done {
        return Err(ArchiveError::Rejected(
            "Il database è ancora letto da un'altra operazione (una copia di sicurezza o un report): il file non è stato riscritto. Riprovare quando è finita.".into(),
        ));
    }
    Ok(())
}

/// Applies `register` to a database built from a copy (a restore, an import): every
/// anonymisation or erasure it does not hold yet is carried out again, so an older copy never
/// brings back a person the comune had removed. Returns how many were carried out.
pub(crate) fn reapply_register(conn: &mut Connection, register: &[ErasureRecord]) -> Result<usize> {
    let held: HashSet<(PersonId, ErasureKind)> = records::erasure_register(conn)?
        .into_iter()
        .map(|r| (r.person, r.kind))
        .collect();
    let missing: Vec<&ErasureRecord> = register
        .iter()
        .filter(|r| !held.contains(&(r.person, r.kind)))
        .collect();
    if missing.is_empty() {
        return Ok(0);
    }
    let tx = conn.transaction()?;
    {
        let operator = history::owner(&tx)?;
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let mut w = Writer::new(&tx, now, operator)?;
        // Each checked again as it comes: an erasure carried out here also registers the
        // records merged into the person's.
        for record in &missing {
            w.carry_out_erasure(record)?;
        }
    }
    tx.commit().map_err(map_damage)?;
    compact(conn)?;
    Ok(missing.len())
}

/// Writes `register` into the backup folder `dir`, encrypted to `recipients` (nothing while it
/// is empty).
pub(crate) fn write_register_file(
    dir: &Path,
    tag: &str,
    register: &[ErasureRecord],
    recipients: Vec<&dyn age::Recipient>,
    identity: &dyn age::Identity,
) -> Result<()> {
    if register.is_empty() {
        return Ok(());
    }
    // What the file already holds stays (a restore from a copy kept elsewhere may not carry
    // every line).
    let path = dir.join(register_file_name(tag));
    let register = union(
        register.to_vec(),
        std::fs::read(&path)
            .ok()
            .and_then(|sealed| open_register(&sealed, &[identity]))
            .unwrap_or_default(),
    );
    let json = serde_json::to_vec(&register).map_err(|e| ArchiveError::Rejected(e.to_string()))?;
    let encryptor = age::Encryptor::with_recipients(recipients.into_iter())
        .map_err(|e| ArchiveError::Crypto(e.to_string()))?;
    let mut sealed = Vec::new();
    let mut writer = encryptor.wrap_output(&mut sealed)?;
    writer.write_all(&json)?;
    writer.finish()?;
    crate::fsutil::write_atomic(&path, &sealed)?;
    Ok(())
}

/// The registers kept beside the backups in `dir`, each opened with the first of `identities`
/// that can (a register of another archive's keys is passed over), merged.
pub(crate) fn register_beside_backups(
    dir: &Path,
    identities: &[&dyn age::Identity],
) -> Vec<ErasureRecord> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut register = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !(name.starts_with(REGISTER_PREFIX) && name.ends_with(".age")) {
            continue;
        }
        let Ok(sealed) = std::fs::read(entry.path()) else {
            continue;
        };
        register = union(
            register,
            open_register(&sealed, identities).unwrap_or_default(),
        );
    }
    register
}

/// A register file's lines, when one of `identities` opens it.
fn open_register(sealed: &[u8], identities: &[&dyn age::Identity]) -> Option<Vec<ErasureRecord>> {
    let decryptor = age::Decryptor::new(sealed).ok()?;
    let mut reader = decryptor.decrypt(identities.iter().copied()).ok()?;
    let mut json = Vec::new();
    reader.read_to_end(&mut json).ok()?;
    serde_json::from_slice(&json).ok()
}

/// `a` and the records of `b` it lacks (by person and kind).
pub(crate) fn union(mut a: Vec<ErasureRecord>, b: Vec<ErasureRecord>) -> Vec<ErasureRecord> {
    for r in b {
        if !a.iter().any(|x| x.person == r.person && x.kind == r.kind) {
            a.push(r);
        }
    }
    a.sort_by(|x, y| (&x.done_at, &x.id).cmp(&(&y.done_at, &y.id)));
    a
}

/// At unlock: an erasure whose last steps did not run (a crash, a failure after its commit)
/// left the database a restore kept aside, which may still hold the person: it goes, when any
/// erasure is newer than it.
pub(crate) fn finish_interrupted_erasure(
    conn: &Connection,
    paths: &crate::paths::ArchivePaths,
) -> Result<()> {
    let aside = crate::backup::aside_path(&paths.database());
    let Ok(modified) = std::fs::metadata(&aside).and_then(|m| m.modified()) else {
        return Ok(());
    };
    let aside_at = chrono::DateTime::<chrono::Utc>::from(modified)
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let newer: i64 = conn
        .query_row(
            "SELECT count(*) FROM erasure_register WHERE done_at > ?1",
            [aside_at],
            |r| r.get(0),
        )
        .map_err(map_damage)?;
    if newer > 0 {
        crate::backup::remove_aside_copy(&paths.database())?;
    }
    Ok(())
}
