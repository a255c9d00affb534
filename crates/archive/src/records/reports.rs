//! The report log: each activity report as printed.

use super::{date_text, Entity, Writer};
use crate::error::Result;
use crate::store::map_damage;
use crate::store::CachedStatements;
use rusqlite::{params, Connection, OptionalExtension};
use sportello_core::history::Action;
use sportello_core::statement::DocumentInfo;
use sportello_core::stats::observatory::MissingResourceRow;
use sportello_core::stats::Period;
use sportello_core::{Area, PersonId};

/// A logged report, its JSON columns as stored.
pub(crate) struct ReportRow {
    pub options_json: String,
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
            c.execute_cached(
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
    conn.query_row_cached(
        "SELECT narrative, sections_json, figures_json, document_json, raw_figures_hash,
                missing_resources, options_json
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
                options_json: r.get(6)?,
            })
        },
    )
    .optional()
    .map_err(map_damage)
}

/// The missing resources written in the period's live colloqui that met no resource, in the
/// order they were written: who (as a unit that can be told apart, see below), the area and
/// the text — the only free text the report reads (`sportello_core::stats::observatory`).
///
/// Units, so that the threshold counts different people: the members of one household are
/// one unit (a family naming the same need is one voice), and every anonymous contact is the
/// same unit (a person coming back anonymously gets a new record each time).
pub(crate) fn missing_resource_rows(
    conn: &Connection,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<Vec<MissingResourceRow>> {
    let parse = |text: &str, column: usize| {
        text.parse().map(PersonId).map_err(|_| {
            rusqlite::Error::InvalidColumnType(column, "id".into(), rusqlite::types::Type::Text)
        })
    };
    let mut links = conn.prepare_cached(
        "SELECT person_id, member_id FROM household_link WHERE deleted_at IS NULL",
    )?;
    let mut households = Households::default();
    for link in links.query_map([], |r| {
        let (a, b): (String, String) = (r.get(0)?, r.get(1)?);
        Ok((parse(&a, 0)?, parse(&b, 1)?))
    })? {
        let (a, b) = link.map_err(map_damage)?;
        households.join(a, b);
    }
    let mut stmt = conn.prepare_cached(
        "SELECT c.person_id, p.anonymous, c.unmet_area, c.missing_resource
         FROM contact c JOIN person p ON p.id = c.person_id
         WHERE c.deleted_at IS NULL AND p.deleted_at IS NULL AND c.date BETWEEN ?1 AND ?2
               AND c.outcome = 'nessuna_risorsa' AND c.missing_resource IS NOT NULL
         ORDER BY c.date, c.id",
    )?;
    let rows = stmt.query_map(params![date_text(from), date_text(to)], |r| {
        let person: String = r.get(0)?;
        let anonymous: bool = r.get(1)?;
        let area: Option<String> = r.get(2)?;
        Ok((parse(&person, 0)?, anonymous, area, r.get::<_, String>(3)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (person, anonymous, area, text) = row.map_err(map_damage)?;
        out.push(MissingResourceRow {
            person: if anonymous {
                PersonId(uuid::Uuid::nil())
            } else {
                households.unit(person)
            },
            area: area.as_deref().and_then(Area::from_code),
            text,
        });
    }
    Ok(out)
}

impl Writer<'_> {
    /// Keeps an image once, by its SHA-256 (not personal data: not in the history; its
    /// content is checked against its name whenever it is read).
    pub fn insert_image(&mut self, sha256: &str, png: &[u8]) -> Result<()> {
        let now = self.now.clone();
        self.conn().execute_cached(
            "INSERT INTO image (sha256, png, created_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (sha256) DO NOTHING",
            params![sha256, png, now],
        )?;
        Ok(())
    }
}

/// An image kept by its SHA-256.
pub(crate) fn image(conn: &Connection, sha256: &str) -> Result<Option<Vec<u8>>> {
    conn.query_row_cached("SELECT png FROM image WHERE sha256 = ?1", [sha256], |r| {
        r.get(0)
    })
    .optional()
    .map_err(map_damage)
}

/// (surname, name) pairs, and codici fiscali.
pub(crate) type NamesToAvoid = (Vec<(String, String)>, Vec<String>);

/// Every named person's (surname, name), every legal representative's (full name, ""), and
/// every codice fiscale: what a report's texts must not contain.
pub(crate) fn names_for_report_check(conn: &Connection) -> Result<NamesToAvoid> {
    let mut stmt = conn.prepare_cached(
        "SELECT surname, name, codice_fiscale FROM person WHERE anonymous = 0
         UNION ALL SELECT name, '', NULL FROM representative",
    )?;
    let mut persons = Vec::new();
    let mut codes = Vec::new();
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, Option<String>>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, Option<String>>(2)?,
        ))
    })?;
    for row in rows {
        let (surname, name, code) = row.map_err(map_damage)?;
        if let Some(surname) = surname {
            persons.push((surname, name.unwrap_or_default()));
        }
        codes.extend(code);
    }
    Ok((persons, codes))
}

/// Households as disjoint sets: each person's unit is the smallest id of its household.
#[derive(Default)]
struct Households {
    parent: std::collections::HashMap<PersonId, PersonId>,
}

impl Households {
    fn unit(&self, mut p: PersonId) -> PersonId {
        while let Some(&up) = self.parent.get(&p) {
            if up == p {
                break;
            }
            p = up;
        }
        p
    }

    fn join(&mut self, a: PersonId, b: PersonId) {
        let (ra, rb) = (self.unit(a), self.unit(b));
        if ra != rb {
            let (low, high) = if ra.0 < rb.0 { (ra, rb) } else { (rb, ra) };
            self.parent.insert(high, low);
            self.parent.entry(low).or_insert(low);
        }
    }
}

/// The comune most live persons live in (the desk's own, when nothing better says it).
pub(crate) fn most_common_residence(conn: &Connection) -> Result<Option<String>> {
    conn.query_row_cached(
        "SELECT residence FROM person WHERE residence IS NOT NULL AND deleted_at IS NULL
         GROUP BY residence ORDER BY count(*) DESC, residence LIMIT 1",
        [],
        |r| r.get(0),
    )
    .optional()
    .map_err(map_damage)
}
