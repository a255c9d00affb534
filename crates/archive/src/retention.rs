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
        compact(&self.conn)?;
        crate::backup::remove_aside_copy(&self.paths.database())?;
        Ok(done)
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
    conn.execute_batch(
        "PRAGMA wal_checkpoint(TRUNCATE);
         VACUUM;
         PRAGMA wal_checkpoint(TRUNCATE);",
    )
    .map_err(map_damage)
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
        for record in &missing {
            w.carry_out_erasure(record)?;
        }
    }
    tx.commit().map_err(map_damage)?;
    compact(conn)?;
    Ok(missing.len())
}
