//! Exports she takes away: the register in the import template (so another archive, or a
//! spreadsheet, reads it back) and the time entries, as CSV or XLSX. The files are not
//! encrypted: they are written only where she chose, outside the archive's folders, after the
//! warning (the desktop shows it; the CLI's help says it).

use crate::archive::Archive;
use crate::error::{ArchiveError, Result};
use crate::privacy::check_export_folder;
use crate::records;
use crate::register_file::{write_csv, write_xlsx, FileFormat};
use crate::store::map_damage;
use sportello_core::model::NewPerson;
use sportello_core::register::{template_headers, Column, RegisterRow, RowReferral};
use sportello_core::{format, ContactId, PersonId, ServiceId, TimeKind};
use std::collections::HashMap;
use std::path::Path;

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    /// Every live colloquio, one row each, in the import template.
    Register,
    /// Every live time entry.
    Hours,
}

const HOURS_HEADERS: [&str; 7] = [
    "data",
    "minuti",
    "ore",
    "tipo",
    "tipo_descrizione",
    "fatturabile",
    "nota",
];

impl Archive {
    /// The register as the template's rows: every live colloquio of a live person, oldest
    /// first, with its referrals (service and latest outcome).
    pub fn register_rows(&self) -> Result<Vec<RegisterRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT c.id FROM contact c JOIN person p ON p.id = c.person_id
             WHERE c.deleted_at IS NULL AND p.deleted_at IS NULL
             ORDER BY c.date, coalesce(c.start_time, ''), c.created_at, c.id",
        )?;
        let ids = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(map_damage)?;
        let mut persons: HashMap<PersonId, NewPerson> = HashMap::new();
        let mut rows = Vec::with_capacity(ids.len());
        for id in ids {
            let Ok(id) = id.parse().map(ContactId) else {
                continue;
            };
            let contact = records::contact(&self.conn, id)?;
            let person = match persons.get(&contact.data.person) {
                Some(p) => p,
                None => {
                    let p = records::person(&self.conn, contact.data.person)?.data;
                    persons.entry(contact.data.person).or_insert(p)
                }
            };
            let referrals = records::referrals_of_contact(&self.conn, id)?
                .into_iter()
                .map(|r| RowReferral {
                    service: r.data.service,
                    outcome: r.latest_outcome(),
                })
                .collect();
            rows.push(RegisterRow::of(person, &contact.data, referrals));
        }
        Ok(rows)
    }

    /// Whether she may export `kind`: the whole register (everyone's records in one file, to
    /// take elsewhere) is the owner's decision; the hours anyone's who may read them.
    pub fn may_export(&self, kind: ExportKind) -> Result<()> {
        match kind {
            ExportKind::Register => {
                self.require_owner_for("esportare l'intero registro delle persone")
            }
            ExportKind::Hours => Ok(()),
        }
    }

    /// The file's bytes: the register or the hours, as CSV or XLSX.
    pub fn export(&self, kind: ExportKind, format: FileFormat) -> Result<Vec<u8>> {
        let (headers, rows, dates, numbers, sheet) = match kind {
            ExportKind::Register => {
                self.may_export(kind)?;
                let names: HashMap<ServiceId, String> = crate::import::catalogue_names(&self.conn)?
                    .into_iter()
                    .collect();
                let name = |id: ServiceId| names.get(&id).cloned().unwrap_or_default();
                let comuni = crate::comuni::list();
                let rows: Vec<Vec<String>> = self
                    .register_rows()?
                    .iter()
                    .map(|r| r.cells(comuni, &name))
                    .collect();
                let at = |c: Column| Column::ALL.iter().position(|x| *x == c).unwrap_or(0);
                (
                    template_headers(),
                    rows,
                    vec![at(Column::Date)],
                    vec![at(Column::Duration)],
                    "Registro",
                )
            }
            ExportKind::Hours => (
                HOURS_HEADERS.map(String::from).to_vec(),
                self.hours_rows()?,
                vec![0],
                vec![1],
                "Ore",
            ),
        };
        match format {
            FileFormat::Csv => Ok(write_csv(&headers, &rows)),
            FileFormat::Xlsx => write_xlsx(sheet, &headers, &rows, &dates, &numbers),
        }
    }

    fn hours_rows(&self) -> Result<Vec<Vec<String>>> {
        let mut stmt = self.conn.prepare(
            "SELECT date, minutes, kind, billable, note FROM time_entry
             WHERE deleted_at IS NULL ORDER BY date, created_at, id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, u32>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, bool>(3)?,
                    r.get::<_, String>(4)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(map_damage)?;
        Ok(rows
            .into_iter()
            .map(|(date, minutes, kind, billable, note)| {
                let date = chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d")
                    .map(format::date)
                    .unwrap_or(date);
                let label = TimeKind::from_code(&kind)
                    .map(|k| k.label(sportello_core::Lang::It).to_string())
                    .unwrap_or_default();
                vec![
                    date,
                    minutes.to_string(),
                    format::hours_hhmm(sportello_core::Minutes(minutes)),
                    kind,
                    label,
                    if billable { "sì" } else { "no" }.into(),
                    note,
                ]
            })
            .collect())
    }

    /// Refuses a file with personal data in clear whose folder does not exist or lies inside
    /// the archive's folder or its backups' (where everything stays encrypted).
    pub fn check_export_path(&self, path: &Path) -> Result<()> {
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => std::env::current_dir()?,
        };
        check_export_folder(&dir, &[self.paths.dir.clone(), self.backup_dir()?])?;
        if path.is_dir() {
            return Err(ArchiveError::Rejected(format!(
                "{} è una cartella: indicare il nome del file da scrivere.",
                path.display()
            )));
        }
        Ok(())
    }

    /// Writes an export to `path` (checked by [`Archive::check_export_path`]); the format is
    /// the extension's.
    pub fn write_export(&self, path: &Path, kind: ExportKind) -> Result<()> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let format = FileFormat::of(&name)?;
        self.check_export_path(path)?;
        let bytes = self.export(kind, format)?;
        crate::fsutil::write_atomic(path, &bytes)?;
        Ok(())
    }
}
