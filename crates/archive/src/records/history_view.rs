//! A record's history as the history page shows it: the entries about the record (and, for a
//! person, about everything that concerns her), each change named field by field, the records
//! it points to named as she knows them.

use super::history::Entity;
use crate::error::Result;
use crate::store::map_damage;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;
use sportello_core::history::{self as h, Action, HistoryEntry};
use sportello_core::{Lang, PersonId};

/// The history of one record (and, for a person, of everything that concerns them), newest
/// first, shown in `lang`.
pub(crate) fn record_history(
    conn: &Connection,
    entity: Entity,
    id: &str,
    lang: Lang,
) -> Result<Vec<HistoryEntry>> {
    let mut stmt = conn.prepare(
        "SELECT h.seq, h.at, o.name, h.entity, h.action, h.before_json, h.after_json, h.salt IS NULL AND h.commit_hash IS NOT NULL,
                EXISTS (SELECT 1 FROM history p WHERE p.entity = h.entity AND p.entity_id = h.entity_id
                        AND p.action = 'purge' AND p.seq > h.seq)
         FROM history h LEFT JOIN operator o ON o.id = h.operator_id
         WHERE (h.entity = ?1 AND h.entity_id = ?2)
            OR (?1 = 'person' AND (h.person_id = ?2
                OR h.person_id IN (SELECT id FROM person WHERE merged_into = ?2)))
         ORDER BY h.seq DESC",
    )?;
    let rows = stmt.query_map(params![entity.table(), id], |r| {
        let entity: String = r.get(3)?;
        let action: String = r.get(4)?;
        let before: Option<String> = r.get(5)?;
        let after: Option<String> = r.get(6)?;
        let parse = |s: Option<String>| s.and_then(|s| serde_json::from_str::<Value>(&s).ok());
        let changes = h::changes(&entity, parse(before).as_ref(), parse(after).as_ref(), lang);
        Ok(HistoryEntry {
            seq: r.get(0)?,
            at: r.get(1)?,
            operator: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
            action: Action::from_code(&action).unwrap_or(Action::Update),
            entity,
            changes,
            erased: r.get(7)?,
            undone_import: r.get(8)?,
        })
    })?;
    let mut entries = super::collect(rows)?;
    name_the_references(conn, &mut entries)?;
    Ok(entries)
}

/// Shows the records a change points to by what the operator knows them by: a person by name,
/// a service by its name, a comune by name and province. Links between records she never sees
/// (a colloquio's or a referral's id) are left out.
fn name_the_references(conn: &Connection, entries: &mut [HistoryEntry]) -> Result<()> {
    let mut names: std::collections::HashMap<String, Option<String>> = Default::default();
    let mut service = conn.prepare_cached("SELECT name FROM service WHERE id = ?1")?;
    let mut show = |field: &str, value: &str| -> Result<Option<String>> {
        let key = format!("{field}:{value}");
        if let Some(known) = names.get(&key) {
            return Ok(known.clone());
        }
        let shown = match field {
            "person_id" | "member_id" | "merged_into" => value
                .parse::<PersonId>()
                .ok()
                .and_then(|p| super::person_name(conn, p).ok()),
            "service_id" => service
                .query_row([value], |r| r.get::<_, String>(0))
                .optional()
                .map_err(map_damage)?,
            "residence" => crate::comuni::list().get(value).map(|c| c.label()),
            _ => Some(value.to_string()),
        };
        names.insert(key, shown.clone());
        Ok(shown)
    };
    for entry in entries.iter_mut() {
        entry
            .changes
            .retain(|c| !matches!(c.field.as_str(), "contact_id" | "referral_id"));
        for change in &mut entry.changes {
            if matches!(
                change.field.as_str(),
                "person_id" | "member_id" | "merged_into" | "service_id" | "residence"
            ) {
                for side in [&mut change.before, &mut change.after] {
                    if let Some(v) = side.clone() {
                        *side = Some(show(&change.field, &v)?.unwrap_or(v));
                    }
                }
            }
        }
    }
    Ok(())
}
