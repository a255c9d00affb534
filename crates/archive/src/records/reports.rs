//! The report log: each activity report as printed.

use super::{date_text, Entity, Writer};
use crate::error::Result;
use crate::store::map_damage;
use rusqlite::{params, Connection, OptionalExtension};
use sportello_core::history::Action;
use sportello_core::statement::DocumentInfo;
use sportello_core::stats::Period;

/// A logged report, its JSON columns as stored.
pub(crate) struct ReportRow {
    pub narrative: String,
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
        narrative: &str,
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
                    raw_figures_hash)
                 VALUES (?1, 'attivita', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
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
                    raw_figures_hash
                ],
            )?;
            Ok(())
        })
    }
}

pub(crate) fn report_row(conn: &Connection, id: &str) -> Result<Option<ReportRow>> {
    conn.query_row(
        "SELECT narrative, sections_json, figures_json, document_json, raw_figures_hash
         FROM report_log WHERE id = ?1",
        [id],
        |r| {
            Ok(ReportRow {
                narrative: r.get(0)?,
                sections_json: r.get(1)?,
                figures_json: r.get(2)?,
                document_json: r.get(3)?,
                raw_figures_hash: r.get(4)?,
            })
        },
    )
    .optional()
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
