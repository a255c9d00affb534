//! Casework (presa in carico): a case opened for a person or a household (date, reason, who
//! asked, area of need), closed and possibly reopened (each earlier period kept); the
//! personalised plan's goals with their review dates (never before the opening) and the reviews
//! held; the interventions activated (a closed case accepts none); the meetings; the deadlines
//! computed from their rule (for the Assegno di Inclusione the social service meets the
//! household within 120 days, then every 90).

use super::{optional_text, required_code, required_text};
use crate::category::{Area, InterventionKind, MeetingKind, Requester};
use crate::format::{parse_date, parse_euro};
use crate::ids::{CaseId, GoalId, InterventionId, MeetingId, PersonId, ReviewId};
use crate::messages::{FormErrors, Msg};
use crate::units::Cents;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Days within which the social service first meets an Assegno di Inclusione household.
pub const ADI_FIRST_MEETING_DAYS: u64 = 120;
/// Days between the following meetings.
pub const ADI_FOLLOW_UP_DAYS: u64 = 90;
/// The longest free text of a case (a reason, an assessment, decisions).
pub const CASE_TEXT_MAX: usize = 4000;

/// A case's opening, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseOpening {
    pub opened_on: NaiveDate,
    pub reason: String,
    pub requested_by: Requester,
    /// The main area of need (the activity report counts cases by it).
    pub area: Area,
    /// The case is the household's, not only the person's.
    pub household: bool,
    /// The case follows an Assegno di Inclusione: the legal meetings are due.
    pub assegno_inclusione: bool,
}

/// A case's opening as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseOpeningForm {
    pub opened_on: String,
    pub reason: String,
    pub requested_by: String,
    pub area: String,
    pub household: bool,
    pub assegno_inclusione: bool,
}

impl CaseOpeningForm {
    /// The opening, dated at the latest `today`.
    pub fn parse(&self, today: NaiveDate) -> Result<CaseOpening, FormErrors> {
        let mut e = FormErrors::default();
        let opened_on = e.check("opened_on", not_after(parse_date(&self.opened_on), today));
        let reason = e.check("reason", required_text(&self.reason, CASE_TEXT_MAX));
        let requested_by = e.check(
            "requested_by",
            required_code(&self.requested_by, Requester::from_code),
        );
        let area = e.check("area", required_code(&self.area, Area::from_code));
        match (opened_on, reason, requested_by, area) {
            (Some(opened_on), Some(reason), Some(requested_by), Some(area)) if e.is_empty() => {
                Ok(CaseOpening {
                    opened_on,
                    reason,
                    requested_by,
                    area,
                    household: self.household,
                    assegno_inclusione: self.assegno_inclusione,
                })
            }
            _ => Err(e),
        }
    }
}

/// The opening form as the page starts it, with whom it is for and her case already open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseOpeningDraft {
    pub form: CaseOpeningForm,
    pub person_name: String,
    pub open_case: Option<CaseId>,
}

/// A date that is not after `today`.
fn not_after(day: Result<NaiveDate, Msg>, today: NaiveDate) -> Result<NaiveDate, Msg> {
    match day {
        Ok(d) if d > today => Err(Msg::DateInFuture),
        other => other,
    }
}

/// An earlier period of a reopened case: from its opening to its closing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CasePeriod {
    pub opened_on: NaiveDate,
    pub reason: String,
    pub closed_on: NaiveDate,
    pub close_reason: String,
}

/// A case's life: opened, closed, maybe reopened (each period kept).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseState {
    pub opening: CaseOpening,
    pub closed_on: Option<NaiveDate>,
    pub close_reason: String,
}

impl CaseState {
    pub fn opened(opening: CaseOpening) -> CaseState {
        CaseState {
            opening,
            closed_on: None,
            close_reason: String::new(),
        }
    }

    pub fn is_open_on(&self, day: NaiveDate) -> bool {
        self.opening.opened_on <= day && self.closed_on.is_none_or(|c| day <= c)
    }

    pub fn is_closed(&self) -> bool {
        self.closed_on.is_some()
    }

    /// Closes it on `day` for `reason`: not before it was opened nor after `today`, not twice.
    pub fn close(
        &mut self,
        day: NaiveDate,
        reason: &str,
        today: NaiveDate,
    ) -> Result<(), FormErrors> {
        let mut e = FormErrors::default();
        if self.closed_on.is_some() {
            e.add("closed_on", Msg::CaseClosed);
        } else if day < self.opening.opened_on {
            e.add("closed_on", Msg::BeforeCaseOpening);
        } else if day > today {
            e.add("closed_on", Msg::DateInFuture);
        }
        let reason = e.check("close_reason", required_text(reason, CASE_TEXT_MAX));
        match reason {
            Some(reason) if e.is_empty() => {
                self.closed_on = Some(day);
                self.close_reason = reason;
                Ok(())
            }
            _ => Err(e),
        }
    }

    /// Reopens a closed case on `day` for `reason` (after the day of its closing, not after
    /// `today`): returns the period that ended, which the case keeps.
    pub fn reopen(
        &mut self,
        day: NaiveDate,
        reason: &str,
        today: NaiveDate,
    ) -> Result<CasePeriod, FormErrors> {
        let mut e = FormErrors::default();
        match self.closed_on {
            None => e.add("reopened_on", Msg::CaseOpen),
            Some(closed) if day <= closed => e.add("reopened_on", Msg::BeforeCaseClosing),
            Some(_) if day > today => e.add("reopened_on", Msg::DateInFuture),
            Some(_) => {}
        }
        let reason = e.check("reopen_reason", required_text(reason, CASE_TEXT_MAX));
        match (reason, self.closed_on) {
            (Some(reason), Some(closed_on)) if e.is_empty() => {
                let ended = CasePeriod {
                    opened_on: self.opening.opened_on,
                    reason: std::mem::replace(&mut self.opening.reason, reason),
                    closed_on,
                    close_reason: std::mem::take(&mut self.close_reason),
                };
                self.opening.opened_on = day;
                self.closed_on = None;
                Ok(ended)
            }
            _ => Err(e),
        }
    }

    /// Checks an intervention for this case: refused once the case is closed, and starting
    /// before its opening.
    pub fn check_intervention(&self, i: &NewIntervention) -> Result<(), FormErrors> {
        let mut e = FormErrors::default();
        if self.is_closed() {
            e.add("kind", Msg::CaseClosed);
        }
        if i.from < self.opening.opened_on {
            e.add("from", Msg::BeforeCaseOpening);
        }
        e.into_result()
    }

    /// Checks a review date of the plan: never before the opening.
    pub fn check_review(&self, day: NaiveDate) -> Result<(), Msg> {
        if day < self.opening.opened_on {
            Err(Msg::BeforeCaseOpening)
        } else {
            Ok(())
        }
    }

    /// Checks a new goal: the case open, its review date not before the opening.
    pub fn check_goal(&self, g: &NewGoal) -> Result<(), FormErrors> {
        let mut e = FormErrors::default();
        if self.is_closed() {
            e.add("goal", Msg::CaseClosed);
        }
        if let Some(day) = g.review_on {
            if let Err(m) = self.check_review(day) {
                e.add("review_on", m);
            }
        }
        e.into_result()
    }

    /// Checks a review held: the case open, not before the opening.
    pub fn check_review_held(&self, r: &NewReview) -> Result<(), FormErrors> {
        let mut e = FormErrors::default();
        if self.is_closed() {
            e.add("held_on", Msg::CaseClosed);
        } else if let Err(m) = self.check_review(r.held_on) {
            e.add("held_on", m);
        }
        e.into_result()
    }

    /// Checks a meeting: not before the opening (a closed case's last meetings may still be
    /// written down, up to its closing).
    pub fn check_meeting(&self, m: &NewMeeting) -> Result<(), FormErrors> {
        let mut e = FormErrors::default();
        if m.held_on < self.opening.opened_on {
            e.add("held_on", Msg::BeforeCaseOpening);
        } else if self.closed_on.is_some_and(|c| m.held_on > c) {
            e.add("held_on", Msg::CaseClosed);
        }
        e.into_result()
    }
}

/// A goal of the personalised plan: what, the actions, who does what, when it is reviewed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewGoal {
    pub goal: String,
    pub actions: String,
    /// Who does what (the person, the household, the services).
    pub responsible: String,
    pub review_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalForm {
    pub goal: String,
    pub actions: String,
    pub responsible: String,
    pub review_on: String,
}

fn optional_date(
    e: &mut FormErrors,
    field: &'static str,
    input: &str,
) -> Option<Option<NaiveDate>> {
    if input.trim().is_empty() {
        Some(None)
    } else {
        e.check(field, parse_date(input)).map(Some)
    }
}

impl GoalForm {
    pub fn parse(&self) -> Result<NewGoal, FormErrors> {
        let mut e = FormErrors::default();
        let goal = e.check("goal", required_text(&self.goal, 500));
        let actions = e.check("actions", optional_text(&self.actions, CASE_TEXT_MAX));
        let responsible = e.check("responsible", optional_text(&self.responsible, 500));
        let review_on = optional_date(&mut e, "review_on", &self.review_on);
        match (goal, actions, responsible, review_on) {
            (Some(goal), Some(actions), Some(responsible), Some(review_on)) if e.is_empty() => {
                Ok(NewGoal {
                    goal,
                    actions,
                    responsible,
                    review_on,
                })
            }
            _ => Err(e),
        }
    }
}

/// A goal as stored: reached on a day, or still open with its next review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Goal {
    pub id: GoalId,
    #[serde(flatten)]
    pub data: NewGoal,
    pub reached_on: Option<NaiveDate>,
}

/// A review of a goal, held: what changed, whether the goal is reached, the next review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewReview {
    pub held_on: NaiveDate,
    pub changes: String,
    pub reached: bool,
    pub next_review_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewForm {
    pub held_on: String,
    pub changes: String,
    pub reached: bool,
    pub next_review_on: String,
}

impl ReviewForm {
    /// The review, held at the latest `today`.
    pub fn parse(&self, today: NaiveDate) -> Result<NewReview, FormErrors> {
        let mut e = FormErrors::default();
        let held_on = e.check("held_on", not_after(parse_date(&self.held_on), today));
        let changes = e.check("changes", required_text(&self.changes, CASE_TEXT_MAX));
        let next = if self.reached {
            Some(None)
        } else {
            optional_date(&mut e, "next_review_on", &self.next_review_on)
        };
        if let (Some(held), Some(Some(next))) = (held_on, next) {
            if next <= held {
                e.add("next_review_on", Msg::NextReviewBeforeReview);
            }
        }
        match (held_on, changes, next) {
            (Some(held_on), Some(changes), Some(next_review_on)) if e.is_empty() => Ok(NewReview {
                held_on,
                changes,
                reached: self.reached,
                next_review_on,
            }),
            _ => Err(e),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Review {
    pub id: ReviewId,
    pub goal: GoalId,
    #[serde(flatten)]
    pub data: NewReview,
}

/// An intervention activated for a case, parsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewIntervention {
    pub kind: InterventionKind,
    pub provider: String,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    pub amount: Option<Cents>,
    /// The comune's act that grants it: its number ("Determina n. 12") and date.
    pub act_number: String,
    pub act_date: Option<NaiveDate>,
}

impl NewIntervention {
    /// "Determina n. 12 del 25/03/2026", or what is known of it.
    pub fn act_text(&self) -> String {
        match self.act_date {
            Some(d) if self.act_number.is_empty() => format!("Atto del {}", crate::format::date(d)),
            Some(d) => format!("{} del {}", self.act_number, crate::format::date(d)),
            None => self.act_number.clone(),
        }
    }
}

/// An intervention as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterventionForm {
    pub kind: String,
    pub provider: String,
    pub from: String,
    pub to: String,
    pub amount: String,
    pub act_number: String,
    pub act_date: String,
}

impl InterventionForm {
    pub fn parse(&self) -> Result<NewIntervention, FormErrors> {
        let mut e = FormErrors::default();
        let kind = e.check(
            "kind",
            required_code(&self.kind, InterventionKind::from_code),
        );
        let provider = e.check("provider", optional_text(&self.provider, 200));
        let from = e.check("from", parse_date(&self.from));
        let to = optional_date(&mut e, "to", &self.to);
        let amount = if self.amount.trim().is_empty() {
            Some(None)
        } else {
            e.check("amount", parse_euro(&self.amount)).map(Some)
        };
        let act_number = e.check("act_number", optional_text(&self.act_number, 200));
        let act_date = optional_date(&mut e, "act_date", &self.act_date);
        if let (Some(from), Some(Some(to))) = (from, to) {
            if to < from {
                e.add("to", Msg::EndBeforeStart);
            }
        }
        match (kind, provider, from, to, amount, act_number, act_date) {
            (
                Some(kind),
                Some(provider),
                Some(from),
                Some(to),
                Some(amount),
                Some(act_number),
                Some(act_date),
            ) if e.is_empty() => Ok(NewIntervention {
                kind,
                provider,
                from,
                to,
                amount,
                act_number,
                act_date,
            }),
            _ => Err(e),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Intervention {
    pub id: InterventionId,
    #[serde(flatten)]
    pub data: NewIntervention,
}

/// A meeting about the case: équipe, UVM, network, or with the household.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewMeeting {
    pub kind: MeetingKind,
    pub held_on: NaiveDate,
    /// The professionals present (and the services they are from).
    pub present: String,
    pub decisions: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingForm {
    pub kind: String,
    pub held_on: String,
    pub present: String,
    pub decisions: String,
}

impl MeetingForm {
    /// The meeting, held at the latest `today`.
    pub fn parse(&self, today: NaiveDate) -> Result<NewMeeting, FormErrors> {
        let mut e = FormErrors::default();
        let kind = e.check("kind", required_code(&self.kind, MeetingKind::from_code));
        let held_on = e.check("held_on", not_after(parse_date(&self.held_on), today));
        let present = e.check("present", optional_text(&self.present, 1000));
        let decisions = e.check("decisions", required_text(&self.decisions, CASE_TEXT_MAX));
        match (kind, held_on, present, decisions) {
            (Some(kind), Some(held_on), Some(present), Some(decisions)) if e.is_empty() => {
                Ok(NewMeeting {
                    kind,
                    held_on,
                    present,
                    decisions,
                })
            }
            _ => Err(e),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub id: MeetingId,
    #[serde(flatten)]
    pub data: NewMeeting,
}

/// What a deadline is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// A review of a goal of the personalised plan.
    PlanReview,
    /// The first meeting with an Assegno di Inclusione household (within 120 days).
    AdiFirstMeeting,
    /// A following meeting (every 90 days after the last one).
    AdiFollowUp,
}

impl DeadlineKind {
    pub fn label(self) -> &'static str {
        match self {
            DeadlineKind::PlanReview => "Verifica del progetto",
            DeadlineKind::AdiFirstMeeting => "Assegno di Inclusione: primo incontro (120 giorni)",
            DeadlineKind::AdiFollowUp => "Assegno di Inclusione: incontro periodico (90 giorni)",
        }
    }
}

/// A deadline of a case, with whether it is past.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub kind: DeadlineKind,
    pub due: NaiveDate,
    pub overdue: bool,
    /// What it is about: the goal reviewed (empty for the legal meetings).
    pub about: String,
}

/// The deadlines still to meet on `today`: each review of a goal not yet reached, and for an
/// Assegno di Inclusione case the next legal meeting — 120 days from the opening until the
/// first one is held, then 90 days from the last one held. None for a closed case.
pub fn deadlines(
    case: &CaseState,
    reviews_due: &[(NaiveDate, &str)],
    meetings_held: &[NaiveDate],
    today: NaiveDate,
) -> Vec<Deadline> {
    if case.is_closed() {
        return Vec::new();
    }
    let due = |kind, due: NaiveDate, about: &str| Deadline {
        kind,
        due,
        overdue: due < today,
        about: about.to_owned(),
    };
    let mut list: Vec<Deadline> = reviews_due
        .iter()
        .map(|(d, about)| due(DeadlineKind::PlanReview, *d, about))
        .collect();
    if case.opening.assegno_inclusione {
        let last = meetings_held
            .iter()
            .filter(|m| **m >= case.opening.opened_on)
            .max();
        let next = match last {
            None => (
                DeadlineKind::AdiFirstMeeting,
                case.opening.opened_on + chrono::Days::new(ADI_FIRST_MEETING_DAYS),
            ),
            Some(m) => (
                DeadlineKind::AdiFollowUp,
                *m + chrono::Days::new(ADI_FOLLOW_UP_DAYS),
            ),
        };
        list.push(due(next.0, next.1, ""));
    }
    list.sort_by_key(|d| d.due);
    list
}

/// A case as the person page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseLine {
    pub id: CaseId,
    pub person: PersonId,
    pub opened_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub area: Area,
    pub household: bool,
}

/// A deadline of an open case, for the dashboard and the agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseDeadline {
    pub case: CaseId,
    pub person: PersonId,
    pub person_name: String,
    #[serde(flatten)]
    pub deadline: Deadline,
}

#[cfg(test)]
#[path = "casework_tests.rs"]
mod tests;
