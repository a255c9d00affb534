//! Group activities, network meetings and coordination tables, each with its time entry.

use super::{collect, date_text, get_code, get_date, get_id, Entity, Writer};
use crate::error::{ArchiveError, Result};
use crate::store::map_damage;
use crate::store::CachedStatements;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use sportello_core::history::Action;
use sportello_core::model::{CommunityActivity, NewCommunityActivity, NewTimeEntry};
use sportello_core::{CommunityActivityId, CommunityKind, Minutes, TimeEntryId};
use uuid::Uuid;

impl Writer<'_> {
    /// The activity and its time, in one transaction; the weekly cap is checked as for any time.
    pub fn insert_community_activity(
        &mut self,
        id: Uuid,
        a: &NewCommunityActivity,
        cap_note: Option<&str>,
    ) -> Result<CommunityActivityId> {
        let entry = NewTimeEntry {
            date: a.date,
            minutes: a.minutes,
            kind: a.kind.time_kind(),
            contact: None,
            billable: a.billable,
            note: format!("{}: {}", a.kind.label(sportello_core::Lang::It), a.title),
        };
        let time = self.insert_time_entry(Uuid::now_v7(), &entry, None, cap_note)?;
        let now = self.now.clone();
        let operator = self.operator_text();
        self.tracked(Entity::CommunityActivity, &id.to_string(), Action::Create, None, |c| {
            c.execute_cached(
                "INSERT INTO community_activity (id, kind, date, minutes, title, participants, partners, note,
                    time_entry_id, created_at, updated_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11)",
                params![
                    id.to_string(),
                    a.kind.code(),
                    date_text(a.date),
                    a.minutes.get(),
                    a.title,
                    a.participants,
                    a.partners,
                    a.note,
                    time.to_string(),
                    now,
                    operator
                ],
            )?;
            Ok(())
        })?;
        Ok(CommunityActivityId(id))
    }

    /// Deletes the activity and its time entry.
    pub fn delete_community_activity(&mut self, id: CommunityActivityId) -> Result<()> {
        let activity = community_activity(self.conn(), id)?;
        if let Some(time) = activity.time_entry {
            self.delete_time_entry(time)?;
        }
        let now = self.now.clone();
        self.tracked(
            Entity::CommunityActivity,
            &id.to_string(),
            Action::Delete,
            None,
            |c| {
                c.execute_cached(
                    "UPDATE community_activity SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
                    params![id.to_string(), now],
                )?;
                Ok(())
            },
        )
    }
}

const SELECT: &str = "SELECT a.id, a.kind, a.date, a.minutes, a.title, a.participants, a.partners,
    a.note, a.time_entry_id, COALESCE(t.billable, 0)
    FROM community_activity a LEFT JOIN time_entry t ON t.id = a.time_entry_id";

fn from_row(r: &Row) -> rusqlite::Result<CommunityActivity> {
    let time: Option<String> = r.get(8)?;
    Ok(CommunityActivity {
        id: CommunityActivityId(get_id(r, 0)?),
        data: NewCommunityActivity {
            kind: get_code(r, 1, CommunityKind::from_code)?,
            date: get_date(r, 2)?,
            minutes: Minutes(r.get(3)?),
            title: r.get(4)?,
            participants: r.get(5)?,
            partners: r.get(6)?,
            note: r.get(7)?,
            billable: r.get(9)?,
        },
        time_entry: time.and_then(|t| Uuid::parse_str(&t).ok()).map(TimeEntryId),
    })
}

pub(crate) fn community_activity(
    conn: &Connection,
    id: CommunityActivityId,
) -> Result<CommunityActivity> {
    conn.prepare_cached(&format!(
        "{SELECT} WHERE a.id = ?1 AND a.deleted_at IS NULL"
    ))?
    .query_row([id.to_string()], from_row)
    .optional()
    .map_err(map_damage)?
    .ok_or(ArchiveError::RecordNotFound)
}

/// The activities from `from` to `to`, newest first.
pub(crate) fn community_activities(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<CommunityActivity>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE a.deleted_at IS NULL AND a.date BETWEEN ?1 AND ?2 ORDER BY a.date DESC, a.id DESC"
    ))?;
    let rows = stmt.query_map(params![date_text(from), date_text(to)], from_row)?;
    collect(rows)
}
