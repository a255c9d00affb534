//! The report log: each activity report as printed.

use super::{date_text, Entity, Writer};
use crate::error::Result;
use crate::store::map_damage;
use rusqlite::{params, Connection, OptionalExtension};
use sportello_core::history::Action;
use sportello_core::statement::DocumentInfo;
use sportello_core::stats::observatory::MissingResourceRow;
use sportello_core::stats::Period;
use sportello_core::{Area, PersonId};

/// A logged report, its JSON columns as stored.
pub(crate) struct ReportRow {
    pub narrative: String,
    pub missing_resources: String,
    pub sections_json: String,
    pub figures_json: String,
    pub document_json: String,
    /// SHA-256 of the id and the raw figures; empty for reports logged before schema 5.
    pub raw_figures_hash: String,
}

impl Writer<'_> {
    #[allow(clippy::too_many_arguments)]
    pub fn insert_report(
        &mut self,
        document: &DocumentInfo,
        period: &Period,
        options_json: &str,
        (narrative, missing_resources): (&str, &str),
        sections_json: &str,
        (figures_json, raw_figures_hash): (&str, &str),
        document_json: &str,
    ) -> Result<()> {
        let now = self.now.clone();
        let operator = self.operator_text();
        let id = document.id.clone();
        self.tracked(Entity::Report, &id, Action::Create, None, |c| {
            c.execute(
                "INSERT INTO report_log (id, kind, period_from, period_to, issued_on, options_json,
                    narrative, sections_json, figures_json, document_json, created_at, created_by,
                    raw_figures_hash, missing_resources)
                 VALUES (?1, 'attivita', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                params![
                    id,
                    date_text(period.from),
                    date_text(period.to),
                    date_text(document.date),
                    options_json,
                    narrative,
                    sections_json,
                    figures_json,
                    document_json,
                    now,
                    operator,
                    raw_figures_hash,
                    missing_resources
                ],
            )?;
            Ok(())
        })
    }
}

pub(crate) fn report_row(conn: &Connection, id: &str) -> Result<Option<ReportRow>> {
    conn.query_row(
        "SELECT narrative, sections_json, figures_json, document_json, raw_figures_hash,
                missing_resources
         FROM report_log WHERE id = ?1",
        [id],
        |r| {
            Ok(ReportRow {
                narrative: r.get(0)?,
                sections_json: r.get(1)?,
                figures_json: r.get(2)?,
                document_json: r.get(3)?,
                raw_figures_hash: r.get(4)?,
                missing_resources: r.get(5)?,
            })
        },
    )
    .optional()
    .map_err(map_damage)
}

/// The missing resources written in the period's live colloqui that met no resource: the
/// person, the area and the text (the only free text the report reads, see
/// `sportello_core::stats::observatory`).
pub(crate) fn missing_resource_rows(
    conn: &Connection,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<Vec<MissingResourceRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.person_id, c.unmet_area, c.missing_resource
         FROM contact c JOIN person p ON p.id = c.person_id
         WHERE c.deleted_at IS NULL AND p.deleted_at IS NULL AND c.date BETWEEN ?1 AND ?2
               AND c.outcome = 'nessuna_risorsa' AND c.missing_resource IS NOT NULL",
    )?;
    let rows = stmt.query_map(params![date_text(from), date_text(to)], |r| {
        let person: String = r.get(0)?;
        let area: Option<String> = r.get(1)?;
        Ok(MissingResourceRow {
            person: PersonId(person.parse().map_err(|_| {
                rusqlite::Error::InvalidColumnType(
                    0,
                    "person_id".into(),
                    rusqlite::types::Type::Text,
                )
            })?),
            area: area.as_deref().and_then(Area::from_code),
            text: r.get(2)?,
        })
    })?;
    rows.collect::<std::result::Result<_, _>>()
        .map_err(map_damage)
}

/// The comune most live persons live in (the desk's own, when nothing better says it).
pub(crate) fn most_common_residence(conn: &Connection) -> Result<Option<String>> {
    conn.query_row(
        "SELECT residence FROM person WHERE residence IS NOT NULL AND deleted_at IS NULL
         GROUP BY residence ORDER BY count(*) DESC, residence LIMIT 1",
        [],
        |r| r.get(0),
    )
    .optional()
    .map_err(map_damage)
}
