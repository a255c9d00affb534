//! Casework (presa in carico), the domain rules only — the first part of issue 16, not yet
//! stored or shown: a case opened for a person (date, reason, who asked), closed and possibly
//! reopened; the interventions activated for it (a closed case accepts none); the plan's review
//! dates (never before the opening); the deadlines computed from their rule (for the Assegno di
//! Inclusione the social service meets the household within 120 days, then every 90).

use super::{optional_text, required_code, required_text};
use crate::category::{InterventionKind, Requester};
use crate::format::{parse_date, parse_euro};
use crate::messages::{FormErrors, Msg};
use crate::units::Cents;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Days within which the social service first meets an Assegno di Inclusione household.
pub const ADI_FIRST_MEETING_DAYS: u64 = 120;
/// Days between the following meetings.
pub const ADI_FOLLOW_UP_DAYS: u64 = 90;

/// A case's opening, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseOpening {
    pub opened_on: NaiveDate,
    pub reason: String,
    pub requested_by: Requester,
    /// The case follows an Assegno di Inclusione: the legal meetings are due.
    pub assegno_inclusione: bool,
}

/// A case's life: opened, closed, maybe reopened (each period kept).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseState {
    pub opening: CaseOpening,
    pub closed_on: Option<NaiveDate>,
    pub close_reason: String,
}

impl CaseState {
    pub fn is_open_on(&self, day: NaiveDate) -> bool {
        self.opening.opened_on <= day && self.closed_on.is_none_or(|c| day <= c)
    }

    pub fn is_closed(&self) -> bool {
        self.closed_on.is_some()
    }

    /// Closes it on `day` for `reason`: not before it was opened, not twice.
    pub fn close(&mut self, day: NaiveDate, reason: &str) -> Result<(), FormErrors> {
        let mut e = FormErrors::default();
        if self.closed_on.is_some() {
            e.add("closed_on", Msg::CaseClosed);
        } else if day < self.opening.opened_on {
            e.add("closed_on", Msg::BeforeCaseOpening);
        }
        let reason = e.check("close_reason", required_text(reason, 500));
        match reason {
            Some(reason) if e.is_empty() => {
                self.closed_on = Some(day);
                self.close_reason = reason;
                Ok(())
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
        if e.is_empty() {
            Ok(())
        } else {
            Err(e)
        }
    }

    /// Checks a review date of the plan: never before the opening.
    pub fn check_review(&self, day: NaiveDate) -> Result<(), Msg> {
        if day < self.opening.opened_on {
            Err(Msg::BeforeCaseOpening)
        } else {
            Ok(())
        }
    }
}

/// An intervention activated for a case, parsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewIntervention {
    pub kind: InterventionKind,
    pub provider: String,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    pub amount: Option<Cents>,
    /// The comune's act: number and date ("Determina n. 12 del 03/02/2026").
    pub act: String,
}

/// An intervention as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterventionForm {
    pub kind: String,
    pub provider: String,
    pub from: String,
    pub to: String,
    pub amount: String,
    pub act: String,
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
        let to = if self.to.trim().is_empty() {
            Some(None)
        } else {
            e.check("to", parse_date(&self.to)).map(Some)
        };
        let amount = if self.amount.trim().is_empty() {
            Some(None)
        } else {
            e.check("amount", parse_euro(&self.amount)).map(Some)
        };
        let act = e.check("act", optional_text(&self.act, 200));
        if let (Some(from), Some(Some(to))) = (from, to) {
            if to < from {
                e.add("to", Msg::EndBeforeStart);
            }
        }
        match (kind, provider, from, to, amount, act) {
            (Some(kind), Some(provider), Some(from), Some(to), Some(amount), Some(act))
                if e.is_empty() =>
            {
                Ok(NewIntervention {
                    kind,
                    provider,
                    from,
                    to,
                    amount,
                    act,
                })
            }
            _ => Err(e),
        }
    }
}

/// What a deadline is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// A review of the personalised plan.
    PlanReview,
    /// The first meeting with an Assegno di Inclusione household (within 120 days).
    AdiFirstMeeting,
    /// A following meeting (every 90 days after the last one).
    AdiFollowUp,
}

/// A deadline of a case, with whether it is past.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    pub kind: DeadlineKind,
    pub due: NaiveDate,
    pub overdue: bool,
}

/// The deadlines still to meet on `today`: each plan review not yet held, and for an Assegno
/// di Inclusione case the next legal meeting — 120 days from the opening until the first one
/// is held, then 90 days from the last one held. None for a closed case.
pub fn deadlines(
    case: &CaseState,
    reviews_due: &[NaiveDate],
    meetings_held: &[NaiveDate],
    today: NaiveDate,
) -> Vec<Deadline> {
    if case.is_closed() {
        return Vec::new();
    }
    let due = |kind, due: NaiveDate| Deadline {
        kind,
        due,
        overdue: due < today,
    };
    let mut list: Vec<Deadline> = reviews_due
        .iter()
        .map(|d| due(DeadlineKind::PlanReview, *d))
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
        list.push(due(next.0, next.1));
    }
    list.sort_by_key(|d| d.due);
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    fn case(adi: bool) -> CaseState {
        CaseState {
            opening: CaseOpening {
                opened_on: d(2026, 3, 2),
                reason: "Nucleo con minori, perdita del lavoro".into(),
                requested_by: Requester::PublicService,
                assegno_inclusione: adi,
            },
            closed_on: None,
            close_reason: String::new(),
        }
    }

    fn home_care() -> NewIntervention {
        InterventionForm {
            kind: "sad".into(),
            provider: "Cooperativa Il Ponte".into(),
            from: "01/04/2026".into(),
            to: "30/09/2026".into(),
            amount: "1.200,00".into(),
            act: "Determina n. 12 del 25/03/2026".into(),
        }
        .parse()
        .expect("valid")
    }

    #[test]
    fn a_closed_case_accepts_no_new_intervention() {
        let mut c = case(false);
        c.check_intervention(&home_care()).expect("open");
        assert_eq!(home_care().amount, Some(Cents(120_000)));
        c.close(d(2026, 10, 1), "Obiettivi raggiunti")
            .expect("closed");
        let refused = c.check_intervention(&home_care()).expect_err("closed");
        assert_eq!(refused.for_field("kind"), Some(&Msg::CaseClosed));
        // Not closed twice; never before it was opened.
        assert!(c.close(d(2026, 11, 1), "Di nuovo").is_err());
        let mut early = case(false);
        let e = early.close(d(2026, 1, 1), "Errore").expect_err("before");
        assert_eq!(e.for_field("closed_on"), Some(&Msg::BeforeCaseOpening));
        assert!(c.is_open_on(d(2026, 5, 1)) && !c.is_open_on(d(2026, 10, 2)));
    }

    #[test]
    fn a_review_date_before_the_opening_is_refused_and_intervention_dates_are_checked() {
        let c = case(false);
        assert_eq!(c.check_review(d(2026, 3, 1)), Err(Msg::BeforeCaseOpening));
        c.check_review(d(2026, 6, 1)).expect("after");
        let bad = InterventionForm {
            kind: "nessuno".into(),
            from: "01/05/2026".into(),
            to: "01/04/2026".into(),
            amount: "molti".into(),
            ..Default::default()
        }
        .parse()
        .expect_err("refused");
        assert!(bad.for_field("kind").is_some());
        assert_eq!(bad.for_field("to"), Some(&Msg::EndBeforeStart));
        assert!(bad.for_field("amount").is_some());
        let before = NewIntervention {
            from: d(2026, 2, 1),
            ..home_care()
        };
        let e = c
            .check_intervention(&before)
            .expect_err("before the opening");
        assert_eq!(e.for_field("from"), Some(&Msg::BeforeCaseOpening));
    }

    #[test]
    fn deadlines_follow_their_rule() {
        let today = d(2026, 7, 10);
        // No Assegno di Inclusione: only the plan's reviews.
        let plain = deadlines(&case(false), &[d(2026, 9, 1), d(2026, 6, 1)], &[], today);
        assert_eq!(
            plain,
            vec![
                Deadline {
                    kind: DeadlineKind::PlanReview,
                    due: d(2026, 6, 1),
                    overdue: true
                },
                Deadline {
                    kind: DeadlineKind::PlanReview,
                    due: d(2026, 9, 1),
                    overdue: false
                },
            ]
        );
        // With it: 120 days from the opening (2 March → 30 June), overdue on 10 July...
        let adi = deadlines(&case(true), &[], &[], today);
        assert_eq!(
            adi,
            vec![Deadline {
                kind: DeadlineKind::AdiFirstMeeting,
                due: d(2026, 6, 30),
                overdue: true
            }]
        );
        // ...then 90 days from the last meeting held.
        let met = deadlines(&case(true), &[], &[d(2026, 5, 20), d(2026, 4, 1)], today);
        assert_eq!(
            met,
            vec![Deadline {
                kind: DeadlineKind::AdiFollowUp,
                due: d(2026, 8, 18),
                overdue: false
            }]
        );
        // A closed case has none.
        let mut closed = case(true);
        closed.close(d(2026, 7, 1), "Trasferita").expect("closed");
        assert!(deadlines(&closed, &[d(2026, 9, 1)], &[], today).is_empty());
    }
}
