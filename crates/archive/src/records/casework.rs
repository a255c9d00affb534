//! Casework (presa in carico): the case, its earlier periods (a child of the case's image in
//! the history), the plan's goals and their reviews, the interventions, the meetings and the
//! social reports (one row per saved version, never changed). Every write is checked against
//! the case's state by the core's rules, inside the same transaction.

use super::{collect, date_text, get_code, get_date, get_id, get_opt_date, must_exist, Entity};
use crate::error::{ArchiveError, Result};
use crate::store::{map_damage, CachedStatements};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use sportello_core::model::{
    deadlines, CaseDeadline, CaseFile, CaseLine, CaseOpening, CasePeriod, CaseState, Goal,
    Intervention, Meeting, NewGoal, NewIntervention, NewMeeting, NewReview, Review, SocialReport,
    SocialReportLine,
};
use sportello_core::stats::{CaseRow, InterventionRow};
use sportello_core::{
    Area, CaseId, Cents, FormErrors, GoalId, InterventionId, InterventionKind, MeetingId,
    MeetingKind, Msg, PersonId, ReportAddressee, Requester, ReviewId, SocialReportId,
};
use uuid::Uuid;

fn invalid(field: &str, msg: Msg) -> ArchiveError {
    ArchiveError::Invalid(FormErrors::single(field, msg))
}

fn state_from_row(r: &Row, at: usize) -> rusqlite::Result<CaseState> {
    Ok(CaseState {
        opening: CaseOpening {
            opened_on: get_date(r, at)?,
            reason: r.get(at + 1)?,
            requested_by: get_code(r, at + 2, Requester::from_code)?,
            area: get_code(r, at + 3, Area::from_code)?,
            household: r.get(at + 4)?,
            assegno_inclusione: r.get(at + 5)?,
        },
        closed_on: get_opt_date(r, at + 6)?,
        close_reason: r.get(at + 7)?,
    })
}

const STATE: &str =
    "opened_on, reason, requested_by, area, household, assegno_inclusione, closed_on, close_reason";

/// A live case (its person live too): whose it is and its state.
pub(crate) fn case_state(conn: &Connection, id: CaseId) -> Result<(PersonId, CaseState)> {
    case_state_of(conn, id, true)
}

/// A case that can change: live, and its person not anonymised (an anonymised record's case
/// stays for the statistics only).
pub(super) fn writable_case(conn: &Connection, id: CaseId) -> Result<(PersonId, CaseState)> {
    let (person, state) = case_state(conn, id)?;
    refuse_anonymous(conn, person)?;
    Ok((person, state))
}

pub(super) fn refuse_anonymous(conn: &Connection, person: PersonId) -> Result<()> {
    let anonymous: bool = conn
        .query_row_cached(
            "SELECT anonymous FROM person WHERE id = ?1",
            [person.to_string()],
            |r| r.get(0),
        )
        .optional()
        .map_err(map_damage)?
        .ok_or(ArchiveError::RecordNotFound)?;
    if anonymous {
        Err(invalid("record", Msg::CaseOfAnonymous))
    } else {
        Ok(())
    }
}

/// A case and its state; with `live`, refused when it or its person is in the bin.
fn case_state_of(conn: &Connection, id: CaseId, live: bool) -> Result<(PersonId, CaseState)> {
    let row = conn
        .query_row_cached(
            &format!(
                "SELECT k.person_id, k.deleted_at IS NULL AND p.deleted_at IS NULL, {STATE}
                 FROM case_file k JOIN person p ON p.id = k.person_id WHERE k.id = ?1"
            ),
            [id.to_string()],
            |r| {
                Ok((
                    PersonId(get_id(r, 0)?),
                    r.get::<_, bool>(1)?,
                    state_from_row(r, 2)?,
                ))
            },
        )
        .optional()
        .map_err(map_damage)?;
    match row {
        Some((person, alive, state)) if alive || !live => Ok((person, state)),
        Some(_) => Err(invalid("record", Msg::RecordDeleted)),
        None => Err(ArchiveError::RecordNotFound),
    }
}

/// The case a goal belongs to.
pub(super) fn goal_case(conn: &Connection, goal: GoalId) -> Result<(CaseId, Option<NaiveDate>)> {
    must_exist(conn, Entity::Goal, &goal.to_string())?;
    conn.query_row_cached(
        "SELECT case_id, reached_on FROM case_goal WHERE id = ?1",
        [goal.to_string()],
        |r| Ok((CaseId(get_id(r, 0)?), get_opt_date(r, 1)?)),
    )
    .map_err(map_damage)
}

/// The case of an intervention or a meeting.
pub(super) fn part_case(conn: &Connection, entity: Entity, id: &str) -> Result<CaseId> {
    must_exist(conn, entity, id)?;
    conn.query_row_cached(
        &format!("SELECT case_id FROM {} WHERE id = ?1", entity.table()),
        [id],
        |r| Ok(CaseId(get_id(r, 0)?)),
    )
    .map_err(map_damage)
}

/// The person's open case, if any.
pub(crate) fn open_case_of(conn: &Connection, person: PersonId) -> Result<Option<CaseId>> {
    conn.query_row_cached(
        "SELECT id FROM case_file WHERE person_id = ?1 AND closed_on IS NULL AND deleted_at IS NULL",
        [person.to_string()],
        |r| Ok(CaseId(get_id(r, 0)?)),
    )
    .optional()
    .map_err(map_damage)
}

/// A person's cases, newest first.
pub(crate) fn person_cases(conn: &Connection, person: PersonId) -> Result<Vec<CaseLine>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, person_id, opened_on, closed_on, area, household FROM case_file
         WHERE person_id = ?1 AND deleted_at IS NULL ORDER BY opened_on DESC, id DESC",
    )?;
    let rows = stmt.query_map([person.to_string()], |r| {
        Ok(CaseLine {
            id: CaseId(get_id(r, 0)?),
            person: PersonId(get_id(r, 1)?),
            opened_on: get_date(r, 2)?,
            closed_on: get_opt_date(r, 3)?,
            area: get_code(r, 4, Area::from_code)?,
            household: r.get(5)?,
        })
    })?;
    collect(rows)
}

fn goals(conn: &Connection, case: CaseId) -> Result<Vec<Goal>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, goal, actions, responsible, review_on, reached_on FROM case_goal
         WHERE case_id = ?1 AND deleted_at IS NULL ORDER BY created_at, id",
    )?;
    let rows = stmt.query_map([case.to_string()], |r| {
        Ok(Goal {
            id: GoalId(get_id(r, 0)?),
            data: NewGoal {
                goal: r.get(1)?,
                actions: r.get(2)?,
                responsible: r.get(3)?,
                review_on: get_opt_date(r, 4)?,
            },
            reached_on: get_opt_date(r, 5)?,
        })
    })?;
    collect(rows)
}

fn reviews(conn: &Connection, case: CaseId) -> Result<Vec<Review>> {
    let mut stmt = conn.prepare_cached(
        "SELECT v.id, v.goal_id, v.held_on, v.changes, v.reached, v.next_review_on
         FROM case_review v JOIN case_goal g ON g.id = v.goal_id
         WHERE g.case_id = ?1 AND g.deleted_at IS NULL ORDER BY v.held_on, v.id",
    )?;
    let rows = stmt.query_map([case.to_string()], |r| {
        Ok(Review {
            id: ReviewId(get_id(r, 0)?),
            goal: GoalId(get_id(r, 1)?),
            data: NewReview {
                held_on: get_date(r, 2)?,
                changes: r.get(3)?,
                reached: r.get(4)?,
                next_review_on: get_opt_date(r, 5)?,
            },
        })
    })?;
    collect(rows)
}

fn interventions(conn: &Connection, case: CaseId) -> Result<Vec<Intervention>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, provider, from_date, to_date, amount_cents, act_number, act_date
         FROM case_intervention WHERE case_id = ?1 AND deleted_at IS NULL ORDER BY from_date, id",
    )?;
    let rows = stmt.query_map([case.to_string()], |r| {
        Ok(Intervention {
            id: InterventionId(get_id(r, 0)?),
            data: NewIntervention {
                kind: get_code(r, 1, InterventionKind::from_code)?,
                provider: r.get(2)?,
                from: get_date(r, 3)?,
                to: get_opt_date(r, 4)?,
                amount: r.get::<_, Option<i64>>(5)?.map(Cents),
                act_number: r.get(6)?,
                act_date: get_opt_date(r, 7)?,
            },
        })
    })?;
    collect(rows)
}

fn meetings(conn: &Connection, case: CaseId) -> Result<Vec<Meeting>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, held_on, present, decisions FROM case_meeting
         WHERE case_id = ?1 AND deleted_at IS NULL ORDER BY held_on, id",
    )?;
    let rows = stmt.query_map([case.to_string()], |r| {
        Ok(Meeting {
            id: MeetingId(get_id(r, 0)?),
            data: NewMeeting {
                kind: get_code(r, 1, MeetingKind::from_code)?,
                held_on: get_date(r, 2)?,
                present: r.get(3)?,
                decisions: r.get(4)?,
            },
        })
    })?;
    collect(rows)
}

const REPORT_LINE: &str =
    "s.id, s.series_id, s.version, s.addressee, s.recipient, s.subject, s.written_on, o.name";

fn report_line(r: &Row) -> rusqlite::Result<SocialReportLine> {
    Ok(SocialReportLine {
        id: SocialReportId(get_id(r, 0)?),
        series: get_id(r, 1)?,
        version: r.get(2)?,
        addressee: get_code(r, 3, ReportAddressee::from_code)?,
        recipient: r.get(4)?,
        subject: r.get(5)?,
        written_on: get_date(r, 6)?,
        operator: r.get(7)?,
    })
}

/// The latest version of each report of a case, newest first.
fn report_lines(conn: &Connection, case: CaseId) -> Result<Vec<SocialReportLine>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {REPORT_LINE} FROM social_report s LEFT JOIN operator o ON o.id = s.created_by
         WHERE s.case_id = ?1 AND s.version = (SELECT max(version) FROM social_report
             WHERE series_id = s.series_id)
         ORDER BY s.written_on DESC, s.created_at DESC"
    ))?;
    let rows = stmt.query_map([case.to_string()], report_line)?;
    collect(rows)
}

pub(super) fn earlier_periods(conn: &Connection, case: CaseId) -> Result<Vec<CasePeriod>> {
    let mut stmt = conn.prepare_cached(
        "SELECT opened_on, reason, closed_on, close_reason FROM case_period
         WHERE case_id = ?1 ORDER BY opened_on",
    )?;
    let rows = stmt.query_map([case.to_string()], |r| {
        Ok(CasePeriod {
            opened_on: get_date(r, 0)?,
            reason: r.get(1)?,
            closed_on: get_date(r, 2)?,
            close_reason: r.get(3)?,
        })
    })?;
    collect(rows)
}

/// The days the household was met: meetings "with the person or household" and her colloqui
/// in person or at home (the legal meetings of the Assegno di Inclusione).
fn household_met(conn: &Connection, case: CaseId, person: PersonId) -> Result<Vec<NaiveDate>> {
    // The colloquio that took her in charge opened the case: it is not the first meeting.
    // Phone calls and emails are not meetings.
    let mut stmt = conn.prepare_cached(
        "SELECT held_on FROM case_meeting WHERE case_id = ?1 AND kind = 'nucleo' AND deleted_at IS NULL
         UNION SELECT c.date FROM contact c WHERE c.person_id = ?2 AND c.deleted_at IS NULL
             AND c.channel IN ('presenza', 'domicilio')
             AND c.id IS NOT (SELECT contact_id FROM case_file WHERE id = ?1)",
    )?;
    let rows = stmt.query_map(params![case.to_string(), person.to_string()], |r| {
        get_date(r, 0)
    })?;
    collect(rows)
}

fn case_deadlines_of(
    conn: &Connection,
    case: CaseId,
    person: PersonId,
    state: &CaseState,
    goals: &[Goal],
    today: NaiveDate,
) -> Result<Vec<sportello_core::model::Deadline>> {
    let due: Vec<(NaiveDate, &str)> = goals
        .iter()
        .filter(|g| g.reached_on.is_none())
        .filter_map(|g| g.data.review_on.map(|d| (d, g.data.goal.as_str())))
        .collect();
    let met = if state.opening.assegno_inclusione {
        household_met(conn, case, person)?
    } else {
        Vec::new()
    };
    Ok(deadlines(state, &due, &met, today))
}

/// Everything a case records.
pub(crate) fn case_file(conn: &Connection, id: CaseId, today: NaiveDate) -> Result<CaseFile> {
    case_file_of(conn, id, today, true)
}

/// Everything a case records, its person in the bin or not (for her access request).
pub(crate) fn case_file_any(conn: &Connection, id: CaseId, today: NaiveDate) -> Result<CaseFile> {
    case_file_of(conn, id, today, false)
}

fn case_file_of(conn: &Connection, id: CaseId, today: NaiveDate, live: bool) -> Result<CaseFile> {
    let (person, state) = case_state_of(conn, id, live)?;
    let (assessment, opened_by): (String, Option<String>) = conn
        .query_row_cached(
            "SELECT k.assessment, o.name FROM case_file k LEFT JOIN operator o ON o.id = k.created_by
             WHERE k.id = ?1",
            [id.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(map_damage)?;
    let goals = goals(conn, id)?;
    let deadlines = case_deadlines_of(conn, id, person, &state, &goals, today)?;
    Ok(CaseFile {
        id,
        person,
        person_name: super::person_name(conn, person)?,
        earlier: earlier_periods(conn, id)?,
        assessment,
        reviews: reviews(conn, id)?,
        interventions: interventions(conn, id)?,
        meetings: meetings(conn, id)?,
        reports: report_lines(conn, id)?,
        deadlines,
        goals,
        state,
        opened_by,
    })
}

/// The deadlines of every open case (of persons not in the bin), soonest first.
pub(crate) fn case_deadlines(conn: &Connection, today: NaiveDate) -> Result<Vec<CaseDeadline>> {
    // One query for the open cases, their state and their person's name.
    let open: Vec<(CaseId, PersonId, CaseState, String)> = {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT k.id, k.person_id, {STATE}, p.anonymous, p.surname, p.name
             FROM case_file k JOIN person p ON p.id = k.person_id
             WHERE k.closed_on IS NULL AND k.deleted_at IS NULL AND p.deleted_at IS NULL"
        ))?;
        let rows = stmt.query_map([], |r| {
            let person = PersonId(get_id(r, 1)?);
            Ok((
                CaseId(get_id(r, 0)?),
                person,
                state_from_row(r, 2)?,
                super::listed_name(r, person, 10, 11, 12)?,
            ))
        })?;
        collect(rows)?
    };
    let mut all = Vec::new();
    for (case, person, state, name) in open {
        let goals = goals(conn, case)?;
        for deadline in case_deadlines_of(conn, case, person, &state, &goals, today)? {
            all.push(CaseDeadline {
                case,
                person,
                person_name: name.clone(),
                deadline,
            });
        }
    }
    all.sort_by(|a, b| (a.deadline.due, &a.person_name).cmp(&(b.deadline.due, &b.person_name)));
    Ok(all)
}

/// One saved version of a report, with its text.
pub(crate) fn social_report(conn: &Connection, id: SocialReportId) -> Result<SocialReport> {
    let (line, case, body): (SocialReportLine, CaseId, String) = conn
        .query_row_cached(
            &format!(
                "SELECT {REPORT_LINE}, s.case_id, s.body FROM social_report s
                 LEFT JOIN operator o ON o.id = s.created_by WHERE s.id = ?1"
            ),
            [id.to_string()],
            |r| Ok((report_line(r)?, CaseId(get_id(r, 8)?), r.get(9)?)),
        )
        .optional()
        .map_err(map_damage)?
        .ok_or(ArchiveError::RecordNotFound)?;
    let (person, _) = case_state(conn, case)?;
    Ok(SocialReport {
        line,
        case,
        person_name: super::person_name(conn, person)?,
        body,
    })
}

/// Every version of one report, oldest first.
pub(crate) fn report_versions(conn: &Connection, series: Uuid) -> Result<Vec<SocialReportLine>> {
    let case: Option<String> = conn
        .query_row_cached(
            "SELECT case_id FROM social_report WHERE series_id = ?1 LIMIT 1",
            [series.to_string()],
            |r| r.get(0),
        )
        .optional()
        .map_err(map_damage)?;
    let case = case
        .and_then(|c| c.parse().ok())
        .ok_or(ArchiveError::RecordNotFound)?;
    case_state(conn, CaseId(case))?;
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {REPORT_LINE} FROM social_report s LEFT JOIN operator o ON o.id = s.created_by
         WHERE s.series_id = ?1 ORDER BY s.version"
    ))?;
    let rows = stmt.query_map([series.to_string()], report_line)?;
    collect(rows)
}

/// The periods of cases (current and earlier) that overlap `from..=to`, for the activity
/// report: the case's id, its area and the period's dates only (a reopened case may give two
/// rows with the same id). Cases of persons in the bin are left out, as their colloqui are.
pub(crate) fn case_rows(conn: &Connection, from: NaiveDate, to: NaiveDate) -> Result<Vec<CaseRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT k.id, k.area, k.opened_on, k.closed_on FROM case_file k
         JOIN person p ON p.id = k.person_id
         WHERE k.deleted_at IS NULL AND p.deleted_at IS NULL
           AND k.opened_on <= ?2 AND (k.closed_on IS NULL OR k.closed_on >= ?1)
         UNION ALL
         SELECT k.id, k.area, c.opened_on, c.closed_on FROM case_period c
         JOIN case_file k ON k.id = c.case_id JOIN person p ON p.id = k.person_id
         WHERE k.deleted_at IS NULL AND p.deleted_at IS NULL
           AND c.opened_on <= ?2 AND c.closed_on >= ?1
         ORDER BY 1, 3",
    )?;
    let rows = stmt.query_map(params![date_text(from), date_text(to)], |r| {
        Ok(CaseRow {
            id: r.get(0)?,
            area: get_code(r, 1, Area::from_code)?,
            opened_on: get_date(r, 2)?,
            closed_on: get_opt_date(r, 3)?,
        })
    })?;
    collect(rows)
}

/// The interventions running at some time in `from..=to`.
pub(crate) fn intervention_rows(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<InterventionRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.id, i.kind, i.from_date FROM case_intervention i JOIN case_file k ON k.id = i.case_id
         JOIN person p ON p.id = k.person_id
         WHERE i.deleted_at IS NULL AND k.deleted_at IS NULL AND p.deleted_at IS NULL
           AND i.from_date <= ?2 AND (i.to_date IS NULL OR i.to_date >= ?1)
         ORDER BY i.id",
    )?;
    let rows = stmt.query_map(params![date_text(from), date_text(to)], |r| {
        Ok(InterventionRow {
            id: r.get(0)?,
            kind: get_code(r, 1, InterventionKind::from_code)?,
            from: get_date(r, 2)?,
        })
    })?;
    collect(rows)
}
