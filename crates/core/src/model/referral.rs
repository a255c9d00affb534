//! The referral (invio) from a contact to a service of the catalogue, and its outcomes over time.

use super::{optional_code, optional_text, parse_optional_date, parse_past_date, required_text};
use crate::category::{ReferralKind, ReferralOutcome};
use crate::ids::{ContactId, PersonId, ReferralId, ServiceId};
use crate::messages::{FormErrors, Msg};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A referral to be stored (its contact is known from where it is made).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewReferral {
    pub service: ServiceId,
    pub kind: ReferralKind,
    pub reason: String,
    /// The protocol number of a formal report.
    pub protocol: String,
    /// When a reply from the receiving service is expected.
    pub expected_reply: Option<NaiveDate>,
}

/// A referral as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferralForm {
    /// The service's id, chosen from the catalogue.
    pub service: String,
    pub kind: String,
    pub reason: String,
    pub protocol: String,
    pub expected_reply: String,
}

impl ReferralForm {
    /// Parses a referral made in a contact of `contact_date`: an expected reply cannot come
    /// before it; a formal report needs its protocol number. The kind defaults to *invio*.
    pub fn parse(&self, contact_date: NaiveDate) -> Result<NewReferral, FormErrors> {
        let mut e = FormErrors::default();
        let service = e.check(
            "service",
            if self.service.trim().is_empty() {
                Err(Msg::Required)
            } else {
                self.service
                    .trim()
                    .parse::<ServiceId>()
                    .map_err(|_| Msg::UnknownChoice)
            },
        );
        let kind = e
            .check("kind", optional_code(&self.kind, ReferralKind::from_code))
            .map(|k| k.unwrap_or(ReferralKind::Referral));
        let reason = e.check("reason", optional_text(&self.reason, 1000));
        let protocol = if kind == Some(ReferralKind::FormalReport) {
            e.check("protocol", required_text(&self.protocol, 100))
        } else {
            e.check("protocol", optional_text(&self.protocol, 100))
        };
        let expected_reply = e.check(
            "expected_reply",
            parse_optional_date(&self.expected_reply).and_then(|d| match d {
                Some(d) if d < contact_date => Err(Msg::ReplyBeforeReferral),
                other => Ok(other),
            }),
        );
        match (service, kind, reason, protocol, expected_reply) {
            (Some(service), Some(kind), Some(reason), Some(protocol), Some(expected_reply))
                if e.is_empty() =>
            {
                Ok(NewReferral {
                    service,
                    kind,
                    reason,
                    protocol,
                    expected_reply,
                })
            }
            _ => Err(e),
        }
    }
}

impl NewReferral {
    pub fn to_form(&self) -> ReferralForm {
        ReferralForm {
            service: self.service.to_string(),
            kind: self.kind.code().into(),
            reason: self.reason.clone(),
            protocol: self.protocol.clone(),
            expected_reply: self
                .expected_reply
                .map(crate::format::date)
                .unwrap_or_default(),
        }
    }
}

/// An outcome of a referral, with the receiving service's feedback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewOutcome {
    pub date: NaiveDate,
    pub outcome: ReferralOutcome,
    pub feedback: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeForm {
    pub date: String,
    pub outcome: String,
    pub feedback: String,
}

impl OutcomeForm {
    /// An outcome is dated between the referral's day and today.
    pub fn parse(
        &self,
        referral_date: NaiveDate,
        today: NaiveDate,
    ) -> Result<NewOutcome, FormErrors> {
        let mut e = FormErrors::default();
        let date = e.check(
            "date",
            parse_past_date(&self.date, today).and_then(|d| {
                if d < referral_date {
                    Err(Msg::OutcomeBeforeReferral)
                } else {
                    Ok(d)
                }
            }),
        );
        let outcome = e.check(
            "outcome",
            super::required_code(&self.outcome, ReferralOutcome::from_code),
        );
        let feedback = e.check("feedback", optional_text(&self.feedback, 2000));
        match (date, outcome, feedback) {
            (Some(date), Some(outcome), Some(feedback)) if e.is_empty() => Ok(NewOutcome {
                date,
                outcome,
                feedback,
            }),
            _ => Err(e),
        }
    }
}

/// An outcome as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    pub id: crate::ids::OutcomeId,
    #[serde(flatten)]
    pub data: NewOutcome,
}

/// A referral with what is needed to show it: its service, person, outcomes (oldest first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Referral {
    pub id: ReferralId,
    pub contact: ContactId,
    pub person: PersonId,
    pub person_name: String,
    /// The day of the contact it was made in.
    pub date: NaiveDate,
    pub service_name: String,
    #[serde(flatten)]
    pub data: NewReferral,
    pub outcomes: Vec<Outcome>,
    /// Who made the referral (the operator who recorded it).
    #[serde(default)]
    pub operator: String,
}

impl Referral {
    /// The latest outcome, by date then by recording order.
    pub fn latest_outcome(&self) -> Option<ReferralOutcome> {
        self.outcomes.last().map(|o| o.data.outcome)
    }
}

/// Is a referral with this latest outcome still waiting for the receiving service?
pub fn is_waiting(latest: Option<ReferralOutcome>) -> bool {
    matches!(
        latest,
        None | Some(ReferralOutcome::Sent) | Some(ReferralOutcome::Waiting)
    )
}

/// A line of the list of referrals waiting for an outcome (*invii in attesa di esito*).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitingReferral {
    pub id: ReferralId,
    pub person: PersonId,
    pub person_name: String,
    pub service_name: String,
    pub kind: ReferralKind,
    pub date: NaiveDate,
    pub expected_reply: Option<NaiveDate>,
    pub latest_outcome: Option<ReferralOutcome>,
    /// Days since the referral was made.
    pub days_waiting: u32,
    /// The expected reply date has passed.
    pub overdue: bool,
}

impl WaitingReferral {
    pub fn new(r: &Referral, today: NaiveDate) -> WaitingReferral {
        WaitingReferral {
            id: r.id,
            person: r.person,
            person_name: r.person_name.clone(),
            service_name: r.service_name.clone(),
            kind: r.data.kind,
            date: r.date,
            expected_reply: r.data.expected_reply,
            latest_outcome: r.latest_outcome(),
            days_waiting: u32::try_from((today - r.date).num_days().max(0)).unwrap_or(u32::MAX),
            overdue: r.data.expected_reply.is_some_and(|d| d < today),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    fn form() -> ReferralForm {
        ReferralForm {
            service: Uuid::nil().to_string(),
            ..ReferralForm::default()
        }
    }

    #[test]
    fn referral_rules() {
        let day = d(2026, 11, 10);
        let r = form().parse(day).expect("valid");
        assert_eq!(r.kind, ReferralKind::Referral);
        assert_eq!(r.to_form().parse(day), Ok(r));
        for (f, field, msg) in [
            (
                ReferralForm {
                    kind: "segnalazione".into(),
                    ..form()
                },
                "protocol",
                Msg::Required,
            ),
            (
                ReferralForm {
                    expected_reply: "09/11/2026".into(),
                    ..form()
                },
                "expected_reply",
                Msg::ReplyBeforeReferral,
            ),
            (
                ReferralForm {
                    service: "caf".into(),
                    ..form()
                },
                "service",
                Msg::UnknownChoice,
            ),
            (
                ReferralForm {
                    kind: "lettera".into(),
                    ..form()
                },
                "kind",
                Msg::UnknownChoice,
            ),
        ] {
            let e = f.parse(day).expect_err(field);
            assert_eq!(e.for_field(field), Some(&msg), "{field}: {e:?}");
        }
        let formal = ReferralForm {
            kind: "segnalazione".into(),
            protocol: "Prot. 1234/2026".into(),
            expected_reply: "10/11/2026".into(),
            ..form()
        }
        .parse(day)
        .expect("valid");
        assert_eq!(formal.protocol, "Prot. 1234/2026");
        assert_eq!(formal.expected_reply, Some(day));
    }

    #[test]
    fn outcomes_are_dated_between_the_referral_and_today() {
        let (made, today) = (d(2026, 11, 10), d(2026, 11, 24));
        let ok = OutcomeForm {
            date: "20/11/2026".into(),
            outcome: "preso_in_carico".into(),
            feedback: "Colloquio fissato dal CSM.".into(),
        };
        assert_eq!(
            ok.parse(made, today).map(|o| o.outcome),
            Ok(ReferralOutcome::TakenInCharge)
        );
        for (date, msg) in [
            ("09/11/2026", Msg::OutcomeBeforeReferral),
            ("25/11/2026", Msg::DateInFuture),
            ("", Msg::Required),
        ] {
            let f = OutcomeForm {
                date: date.into(),
                ..ok.clone()
            };
            assert_eq!(
                f.parse(made, today).expect_err(date).for_field("date"),
                Some(&msg)
            );
        }
        let f = OutcomeForm {
            outcome: String::new(),
            ..ok
        };
        assert_eq!(
            f.parse(made, today)
                .expect_err("no outcome")
                .for_field("outcome"),
            Some(&Msg::Required)
        );
    }

    #[test]
    fn waiting_and_overdue() {
        assert!(is_waiting(None));
        assert!(is_waiting(Some(ReferralOutcome::Sent)));
        assert!(is_waiting(Some(ReferralOutcome::Waiting)));
        assert!(!is_waiting(Some(ReferralOutcome::TakenInCharge)));
        assert!(!is_waiting(Some(ReferralOutcome::Withdrawn)));
        let r = Referral {
            id: ReferralId(Uuid::nil()),
            contact: ContactId(Uuid::nil()),
            person: PersonId(Uuid::nil()),
            person_name: "Rossi Mario".into(),
            date: d(2026, 10, 1),
            service_name: "CAF / patronato".into(),
            data: NewReferral {
                expected_reply: Some(d(2026, 10, 31)),
                ..form().parse(d(2026, 10, 1)).expect("valid")
            },
            outcomes: vec![],
            operator: String::new(),
        };
        let w = WaitingReferral::new(&r, d(2026, 11, 1));
        assert_eq!((w.days_waiting, w.overdue), (31, true));
        let w = WaitingReferral::new(&r, d(2026, 10, 31));
        assert_eq!((w.days_waiting, w.overdue), (30, false));
    }
}
