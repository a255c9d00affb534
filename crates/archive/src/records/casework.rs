//! Casework (presa in carico): the case, its earlier periods (a child of the case's image in
//! the history), the plan's goals and their reviews, the interventions, the meetings and the
//! social reports (one row per saved version, never changed). Every write is checked against
//! the case's state by the core's rules, inside the same transaction.

use super::{
    collect, date_text, get_code, get_date, get_id, get_opt_date, must_exist, Entity, Writer,
};
use crate::error::{ArchiveError, Result};
use crate::store::{map_damage, CachedStatements};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use sportello_core::history::Action;
use sportello_core::model::{
    deadlines, CaseDeadline, CaseFile, CaseLine, CaseOpening, CasePeriod, CaseState, Goal,
    Intervention, Meeting, NewGoal, NewIntervention, NewMeeting, NewReview, NewSocialReport,
    Review, SocialReport, SocialReportLine,
};
use sportello_core::stats::{CaseRow, InterventionRow};
use sportello_core::{
    Area, CaseId, Cents, ContactId, FormErrors, GoalId, InterventionId, InterventionKind,
    MeetingId, MeetingKind, Msg, PersonId, ReportAddressee, Requester, ReviewId, SocialReportId,
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
fn writable_case(conn: &Connection, id: CaseId) -> Result<(PersonId, CaseState)> {
    let (person, state) = case_state(conn, id)?;
    refuse_anonymous(conn, person)?;
    Ok((person, state))
}

fn refuse_anonymous(conn: &Connection, person: PersonId) -> Result<()> {
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
fn goal_case(conn: &Connection, goal: GoalId) -> Result<(CaseId, Option<NaiveDate>)> {
    must_exist(conn, Entity::Goal, &goal.to_string())?;
    conn.query_row_cached(
        "SELECT case_id, reached_on FROM case_goal WHERE id = ?1",
        [goal.to_string()],
        |r| Ok((CaseId(get_id(r, 0)?), get_opt_date(r, 1)?)),
    )
    .map_err(map_damage)
}

/// The case of an intervention or a meeting.
fn part_case(conn: &Connection, entity: Entity, id: &str) -> Result<CaseId> {
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

fn earlier_periods(conn: &Connection, case: CaseId) -> Result<Vec<CasePeriod>> {
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
    let ids: Vec<(CaseId, PersonId)> = {
        let mut stmt = conn.prepare_cached(
            "SELECT k.id, k.person_id FROM case_file k JOIN person p ON p.id = k.person_id
             WHERE k.closed_on IS NULL AND k.deleted_at IS NULL AND p.deleted_at IS NULL",
        )?;
        let rows = stmt.query_map([], |r| Ok((CaseId(get_id(r, 0)?), PersonId(get_id(r, 1)?))))?;
        collect(rows)?
    };
    let mut all = Vec::new();
    for (case, person) in ids {
        let (_, state) = case_state(conn, case)?;
        let goals = goals(conn, case)?;
        let name = super::person_name(conn, person)?;
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
    let (line, case): (SocialReportLine, CaseId) = conn
        .query_row_cached(
            &format!(
                "SELECT {REPORT_LINE}, s.case_id FROM social_report s
                 LEFT JOIN operator o ON o.id = s.created_by WHERE s.id = ?1"
            ),
            [id.to_string()],
            |r| Ok((report_line(r)?, CaseId(get_id(r, 8)?))),
        )
        .optional()
        .map_err(map_damage)?
        .ok_or(ArchiveError::RecordNotFound)?;
    let (person, _) = case_state(conn, case)?;
    let body: String = conn
        .query_row_cached(
            "SELECT body FROM social_report WHERE id = ?1",
            [id.to_string()],
            |r| r.get(0),
        )
        .map_err(map_damage)?;
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

impl Writer<'_> {
    /// Opens a case for a person (refused while she has one open).
    pub fn insert_case(
        &mut self,
        id: Uuid,
        person: PersonId,
        contact: Option<ContactId>,
        o: &CaseOpening,
    ) -> Result<CaseId> {
        must_exist(self.conn(), Entity::Person, &person.to_string())?;
        refuse_anonymous(self.conn(), person)?;
        if let Some(contact) = contact {
            if super::contact_person(self.conn(), contact)? != person {
                return Err(ArchiveError::RecordNotFound);
            }
        }
        if open_case_of(self.conn(), person)?.is_some() {
            return Err(invalid("opened_on", Msg::CaseAlreadyOpen));
        }
        let now = self.now.clone();
        let operator = self.operator_text();
        self.tracked(Entity::Case, &id.to_string(), Action::Create, Some(person), |c| {
            c.execute_cached(
                "INSERT INTO case_file (id, person_id, contact_id, opened_on, reason, requested_by, area,
                    household, assegno_inclusione, created_at, updated_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11)",
                params![
                    id.to_string(),
                    person.to_string(),
                    contact.map(|c| c.to_string()),
                    date_text(o.opened_on),
                    o.reason,
                    o.requested_by.code(),
                    o.area.code(),
                    o.household,
                    o.assegno_inclusione,
                    now,
                    operator
                ],
            )?;
            Ok(())
        })?;
        Ok(CaseId(id))
    }

    /// Changes the case's row: its state (closing, reopening) or its assessment.
    fn write_case(
        &mut self,
        id: CaseId,
        person: PersonId,
        state: &CaseState,
        assessment: Option<&str>,
        ended: Option<&CasePeriod>,
    ) -> Result<()> {
        let now = self.now.clone();
        let o = &state.opening;
        self.tracked(
            Entity::Case,
            &id.to_string(),
            Action::Update,
            Some(person),
            |c| {
                if let Some(p) = ended {
                    c.execute_cached(
                    "INSERT INTO case_period (case_id, opened_on, reason, closed_on, close_reason)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![
                        id.to_string(),
                        date_text(p.opened_on),
                        p.reason,
                        date_text(p.closed_on),
                        p.close_reason
                    ],
                )?;
                }
                c.execute_cached(
                "UPDATE case_file SET opened_on = ?2, reason = ?3, requested_by = ?4, area = ?5,
                    household = ?6, assegno_inclusione = ?7, closed_on = ?8, close_reason = ?9,
                    assessment = coalesce(?10, assessment), updated_at = ?11 WHERE id = ?1",
                params![
                    id.to_string(),
                    date_text(o.opened_on),
                    o.reason,
                    o.requested_by.code(),
                    o.area.code(),
                    o.household,
                    o.assegno_inclusione,
                    state.closed_on.map(date_text),
                    state.close_reason,
                    assessment,
                    now
                ],
            )?;
                Ok(())
            },
        )
    }

    /// Changes the opening's details (date, reason, who asked, area, household, Assegno di
    /// Inclusione): the date not after anything the case records.
    pub fn update_case_opening(&mut self, id: CaseId, o: &CaseOpening) -> Result<()> {
        let (person, mut state) = writable_case(self.conn(), id)?;
        // The current period's opening moves within its bounds: after the last period's
        // closing, not after anything the period records since its opening.
        let bounds: (Option<String>, Option<String>) = self
            .conn()
            .query_row_cached(
                "SELECT (SELECT max(closed_on) FROM case_period WHERE case_id = ?1),
                    (SELECT min(d) FROM (
                        SELECT review_on AS d FROM case_goal WHERE case_id = ?1 AND deleted_at IS NULL
                            AND reached_on IS NULL
                        UNION ALL SELECT from_date FROM case_intervention WHERE case_id = ?1
                            AND deleted_at IS NULL AND from_date >= ?2
                        UNION ALL SELECT held_on FROM case_meeting WHERE case_id = ?1
                            AND deleted_at IS NULL AND held_on >= ?2
                        UNION ALL SELECT closed_on FROM case_file WHERE id = ?1))",
                params![id.to_string(), date_text(state.opening.opened_on)],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(map_damage)?;
        let day = date_text(o.opened_on);
        if bounds.0.is_some_and(|closed| day <= closed) {
            return Err(invalid("opened_on", Msg::BeforeCaseClosing));
        }
        if let Some(first) = bounds.1.filter(|first| *first < day) {
            return Err(invalid(
                "opened_on",
                Msg::CloseBeforeRecords {
                    last: sportello_core::format::date(
                        NaiveDate::parse_from_str(&first, "%Y-%m-%d").unwrap_or(o.opened_on),
                    ),
                },
            ));
        }
        state.opening = o.clone();
        self.write_case(id, person, &state, None, None)
    }

    /// Closes the case on `day` (not before what its current period records: interventions
    /// started, meetings and reviews held); its interventions still running end that day.
    pub fn close_case(
        &mut self,
        id: CaseId,
        day: NaiveDate,
        reason: &str,
        today: NaiveDate,
    ) -> Result<()> {
        let (person, mut state) = writable_case(self.conn(), id)?;
        let last: Option<String> = self
            .conn()
            .query_row_cached(
                "SELECT max(d) FROM (
                    SELECT from_date AS d FROM case_intervention WHERE case_id = ?1 AND deleted_at IS NULL
                    UNION ALL SELECT held_on FROM case_meeting WHERE case_id = ?1 AND deleted_at IS NULL
                    UNION ALL SELECT v.held_on FROM case_review v JOIN case_goal g ON g.id = v.goal_id
                        WHERE g.case_id = ?1 AND g.deleted_at IS NULL)
                 WHERE d >= ?2",
                params![id.to_string(), date_text(state.opening.opened_on)],
                |r| r.get(0),
            )
            .map_err(map_damage)?;
        let last = last.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
        state
            .close(day, reason, today)
            .map_err(ArchiveError::Invalid)?;
        if let Some(last) = last.filter(|last| day < *last) {
            return Err(invalid(
                "closed_on",
                Msg::CloseBeforeRecords {
                    last: sportello_core::format::date(last),
                },
            ));
        }
        self.end_interventions(id, person, day)?;
        self.write_case(id, person, &state, None, None)
    }

    /// Ends on `day` the case's interventions still running then (no end, or a later one).
    pub(crate) fn end_interventions(
        &mut self,
        case: CaseId,
        person: PersonId,
        day: NaiveDate,
    ) -> Result<()> {
        let running: Vec<String> = {
            let mut stmt = self.conn().prepare_cached(
                "SELECT id FROM case_intervention WHERE case_id = ?1 AND deleted_at IS NULL
                    AND from_date <= ?2 AND (to_date IS NULL OR to_date > ?2)",
            )?;
            let rows = stmt.query_map(params![case.to_string(), date_text(day)], |r| r.get(0))?;
            collect(rows)?
        };
        let now = self.now.clone();
        for i in running {
            self.tracked(
                Entity::Intervention,
                &i,
                Action::Update,
                Some(person),
                |c| {
                    c.execute_cached(
                        "UPDATE case_intervention SET to_date = ?2, updated_at = ?3 WHERE id = ?1",
                        params![i, date_text(day), now],
                    )?;
                    Ok(())
                },
            )?;
        }
        Ok(())
    }

    pub fn reopen_case(
        &mut self,
        id: CaseId,
        day: NaiveDate,
        reason: &str,
        today: NaiveDate,
    ) -> Result<()> {
        let (person, mut state) = writable_case(self.conn(), id)?;
        if let Some(other) = open_case_of(self.conn(), person)? {
            if other != id {
                return Err(invalid("reopened_on", Msg::CaseAlreadyOpen));
            }
        }
        let ended = state
            .reopen(day, reason, today)
            .map_err(ArchiveError::Invalid)?;
        self.write_case(id, person, &state, None, Some(&ended))
    }

    /// Moves a case opened by mistake to the bin, with everything in it (it leaves the
    /// statistics and the deadlines; the history keeps it).
    pub fn delete_case(&mut self, id: CaseId) -> Result<()> {
        let (person, _) = case_state(self.conn(), id)?;
        let now = self.now.clone();
        self.tracked(
            Entity::Case,
            &id.to_string(),
            Action::Delete,
            Some(person),
            |c| {
                c.execute_cached(
                    "UPDATE case_file SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
                    params![id.to_string(), now],
                )?;
                Ok(())
            },
        )
    }

    pub fn set_assessment(&mut self, id: CaseId, text: &str) -> Result<()> {
        let (person, state) = writable_case(self.conn(), id)?;
        let text = sportello_core::model::optional_text(text, sportello_core::model::CASE_TEXT_MAX)
            .map_err(|m| invalid("assessment", m))?;
        self.write_case(id, person, &state, Some(&text), None)
    }

    pub fn insert_goal(&mut self, id: Uuid, case: CaseId, g: &NewGoal) -> Result<GoalId> {
        let (person, state) = writable_case(self.conn(), case)?;
        state.check_goal(g).map_err(ArchiveError::Invalid)?;
        let now = self.now.clone();
        let operator = self.operator_text();
        self.tracked(Entity::Goal, &id.to_string(), Action::Create, Some(person), |c| {
            c.execute_cached(
                "INSERT INTO case_goal (id, case_id, goal, actions, responsible, review_on, created_at,
                    updated_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)",
                params![
                    id.to_string(),
                    case.to_string(),
                    g.goal,
                    g.actions,
                    g.responsible,
                    g.review_on.map(date_text),
                    now,
                    operator
                ],
            )?;
            Ok(())
        })?;
        Ok(GoalId(id))
    }

    /// Records a review of a goal: the review's row, and the goal reached or its next review.
    pub fn insert_review(&mut self, id: Uuid, goal: GoalId, r: &NewReview) -> Result<ReviewId> {
        let (case, reached_on) = goal_case(self.conn(), goal)?;
        let (person, state) = writable_case(self.conn(), case)?;
        if reached_on.is_some() {
            return Err(invalid("held_on", Msg::GoalReached));
        }
        state.check_review_held(r).map_err(ArchiveError::Invalid)?;
        let now = self.now.clone();
        let operator = self.operator_text();
        self.tracked(
            Entity::Review,
            &id.to_string(),
            Action::Create,
            Some(person),
            |c| {
                c.execute_cached(
                "INSERT INTO case_review (id, goal_id, held_on, changes, reached, next_review_on,
                    created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    id.to_string(),
                    goal.to_string(),
                    date_text(r.held_on),
                    r.changes,
                    r.reached,
                    r.next_review_on.map(date_text),
                    now,
                    operator
                ],
            )?;
                Ok(())
            },
        )?;
        let now = self.now.clone();
        self.tracked(Entity::Goal, &goal.to_string(), Action::Update, Some(person), |c| {
            c.execute_cached(
                "UPDATE case_goal SET review_on = ?2, reached_on = ?3, updated_at = ?4 WHERE id = ?1",
                params![
                    goal.to_string(),
                    r.next_review_on.map(date_text),
                    r.reached.then(|| date_text(r.held_on)),
                    now
                ],
            )?;
            Ok(())
        })?;
        Ok(ReviewId(id))
    }

    pub fn insert_intervention(
        &mut self,
        id: Uuid,
        case: CaseId,
        i: &NewIntervention,
    ) -> Result<InterventionId> {
        let (person, state) = writable_case(self.conn(), case)?;
        state.check_intervention(i).map_err(ArchiveError::Invalid)?;
        let now = self.now.clone();
        let operator = self.operator_text();
        self.tracked(
            Entity::Intervention,
            &id.to_string(),
            Action::Create,
            Some(person),
            |c| {
                c.execute_cached(
                "INSERT INTO case_intervention (id, case_id, kind, provider, from_date, to_date,
                    amount_cents, act_number, act_date, created_at, updated_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11)",
                params![
                    id.to_string(),
                    case.to_string(),
                    i.kind.code(),
                    i.provider,
                    date_text(i.from),
                    i.to.map(date_text),
                    i.amount.map(|a| a.0),
                    i.act_number,
                    i.act_date.map(date_text),
                    now,
                    operator
                ],
            )?;
                Ok(())
            },
        )?;
        Ok(InterventionId(id))
    }

    /// Corrects an intervention or records its end (also once the case is closed); its start
    /// still not before the opening.
    pub fn update_intervention(&mut self, id: InterventionId, i: &NewIntervention) -> Result<()> {
        let case = part_case(self.conn(), Entity::Intervention, &id.to_string())?;
        let (person, state) = writable_case(self.conn(), case)?;
        // Against the case's first opening: an intervention of an earlier period stays
        // correctable after a reopening.
        let first = earlier_periods(self.conn(), case)?
            .first()
            .map_or(state.opening.opened_on, |p| p.opened_on);
        if i.from < first {
            return Err(invalid("from", Msg::BeforeCaseOpening));
        }
        let now = self.now.clone();
        self.tracked(Entity::Intervention, &id.to_string(), Action::Update, Some(person), |c| {
            c.execute_cached(
                "UPDATE case_intervention SET kind = ?2, provider = ?3, from_date = ?4, to_date = ?5,
                    amount_cents = ?6, act_number = ?7, act_date = ?8, updated_at = ?9 WHERE id = ?1",
                params![
                    id.to_string(),
                    i.kind.code(),
                    i.provider,
                    date_text(i.from),
                    i.to.map(date_text),
                    i.amount.map(|a| a.0),
                    i.act_number,
                    i.act_date.map(date_text),
                    now
                ],
            )?;
            Ok(())
        })
    }

    pub fn insert_meeting(&mut self, id: Uuid, case: CaseId, m: &NewMeeting) -> Result<MeetingId> {
        let (person, state) = writable_case(self.conn(), case)?;
        state.check_meeting(m).map_err(ArchiveError::Invalid)?;
        let now = self.now.clone();
        let operator = self.operator_text();
        self.tracked(Entity::Meeting, &id.to_string(), Action::Create, Some(person), |c| {
            c.execute_cached(
                "INSERT INTO case_meeting (id, case_id, kind, held_on, present, decisions, created_at,
                    updated_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)",
                params![
                    id.to_string(),
                    case.to_string(),
                    m.kind.code(),
                    date_text(m.held_on),
                    m.present,
                    m.decisions,
                    now,
                    operator
                ],
            )?;
            Ok(())
        })?;
        Ok(MeetingId(id))
    }

    /// Moves a goal, an intervention or a meeting recorded by mistake to the bin.
    pub fn delete_case_part(&mut self, entity: Entity, id: &str) -> Result<()> {
        if !matches!(
            entity,
            Entity::Goal | Entity::Intervention | Entity::Meeting
        ) {
            return Err(ArchiveError::RecordNotFound);
        }
        let case = part_case(self.conn(), entity, id)?;
        let (person, _) = writable_case(self.conn(), case)?;
        let now = self.now.clone();
        self.tracked(entity, id, Action::Delete, Some(person), |c| {
            c.execute_cached(
                &format!(
                    "UPDATE {} SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
                    entity.table()
                ),
                params![id, now],
            )?;
            Ok(())
        })
    }

    /// Saves a report's new version: the first of a new report (`series` None) or the next of
    /// an existing one. Returns the version's id and number.
    pub fn insert_social_report(
        &mut self,
        id: Uuid,
        case: CaseId,
        series: Option<Uuid>,
        r: &NewSocialReport,
    ) -> Result<(SocialReportId, u32)> {
        let (person, state) = writable_case(self.conn(), case)?;
        if r.written_on < state.opening.opened_on
            && earlier_periods(self.conn(), case)?
                .first()
                .is_none_or(|p| r.written_on < p.opened_on)
        {
            return Err(invalid("written_on", Msg::BeforeCaseOpening));
        }
        let (series, version) = match series {
            None => (id, 1),
            Some(series) => {
                let last: Option<(u32, String)> = self
                    .conn()
                    .query_row_cached(
                        "SELECT version, case_id FROM social_report WHERE series_id = ?1
                         ORDER BY version DESC LIMIT 1",
                        [series.to_string()],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )
                    .optional()
                    .map_err(map_damage)?;
                match last {
                    Some((v, c)) if c == case.to_string() => (series, v + 1),
                    _ => return Err(ArchiveError::RecordNotFound),
                }
            }
        };
        let now = self.now.clone();
        let operator = self.operator_text();
        self.tracked(Entity::SocialReport, &id.to_string(), Action::Create, Some(person), |c| {
            c.execute_cached(
                "INSERT INTO social_report (id, case_id, series_id, version, addressee, recipient, subject,
                    written_on, body, created_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                params![
                    id.to_string(),
                    case.to_string(),
                    series.to_string(),
                    version,
                    r.addressee.code(),
                    r.recipient,
                    r.subject,
                    date_text(r.written_on),
                    r.body,
                    now,
                    operator
                ],
            )?;
            Ok(())
        })?;
        Ok((SocialReportId(id), version))
    }
}
