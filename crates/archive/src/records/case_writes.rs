//! Casework's writes: opening, correcting, closing, reopening and binning a case; goals and
//! their reviews, interventions, meetings, social report versions. Each is checked against the
//! case's state by the core's rules inside the write's transaction, and chained in the history.

use super::casework::{
    earlier_periods, goal_case, open_case_of, part_case, refuse_anonymous, writable_case,
};
use super::{collect, date_text, must_exist, Entity, Writer};
use crate::error::{ArchiveError, Result};
use crate::store::{map_damage, CachedStatements};
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use sportello_core::history::Action;
use sportello_core::model::{
    CaseOpening, CasePeriod, CaseState, NewGoal, NewIntervention, NewMeeting, NewReview,
    NewSocialReport,
};
use sportello_core::{
    CaseId, ContactId, FormErrors, GoalId, InterventionId, MeetingId, Msg, PersonId, ReviewId,
    SocialReportId,
};
use uuid::Uuid;

fn invalid(field: &str, msg: Msg) -> ArchiveError {
    ArchiveError::Invalid(FormErrors::single(field, msg))
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
                            AND reached_on IS NULL AND review_on >= ?2
                        UNION ALL SELECT v.held_on FROM case_review v JOIN case_goal g ON g.id = v.goal_id
                            WHERE g.case_id = ?1 AND g.deleted_at IS NULL AND v.held_on >= ?2
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
                Msg::OpeningAfterRecords {
                    first: sportello_core::format::date(
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
        let (person, _) = writable_case(self.conn(), id)?;
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
        // An intervention stays within its period: one of a closed period (the current one
        // closed, or an earlier one) starts and ends by that closing.
        let closing = if i.from >= state.opening.opened_on {
            state.closed_on
        } else {
            earlier_periods(self.conn(), case)?
                .into_iter()
                .filter(|p| p.opened_on <= i.from)
                .map(|p| p.closed_on)
                .next_back()
        };
        if let Some(closed) = closing {
            if i.from > closed || i.to.is_none_or(|to| to > closed) {
                return Err(invalid(
                    "to",
                    Msg::InterventionPastClosing {
                        closed: sportello_core::format::date(closed),
                    },
                ));
            }
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
