//! The contact (colloquio / accesso): what was asked, by whom, what the desk did, how it ended,
//! and what could not be offered. Saving one also books its front-office time.

use super::{
    codes_at_least_one, optional_code, optional_text, parse_past_date, required_code, NewReferral,
    NewTimeEntry, ReferralForm,
};
use crate::category::{
    Area, Channel, ContactOutcome, RequestType, Requester, SentBy, ServiceGiven, TimeKind,
};
use crate::format;
use crate::ids::{ContactId, PersonId};
use crate::messages::{FormErrors, Msg};
use crate::units::Minutes;
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

/// When nothing could be offered: what was needed and which resource is missing (the desk's
/// observatory of the community's needs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnmetNeed {
    pub need: String,
    pub missing_resource: String,
    pub area: Area,
}

/// A contact to be stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewContact {
    pub person: PersonId,
    pub date: NaiveDate,
    pub start_time: Option<NaiveTime>,
    pub duration: Minutes,
    pub channel: Channel,
    pub services: Vec<ServiceGiven>,
    pub areas: Vec<Area>,
    /// The "senza dimora" sub-flag of the poverty area.
    pub homeless: bool,
    pub request_type: Option<RequestType>,
    pub requester: Option<Requester>,
    pub sent_by: Option<SentBy>,
    pub outcome: Option<ContactOutcome>,
    pub unmet: Option<UnmetNeed>,
    pub summary: String,
    pub next_steps: String,
    /// The operator's professional assessment, kept apart from the summary (it may be withheld
    /// from an access request).
    pub evaluation: String,
}

impl NewContact {
    /// A contact with only what the demo and the tests need; the rest left unrecorded.
    pub fn basic(
        person: PersonId,
        date: NaiveDate,
        duration: Minutes,
        services: Vec<ServiceGiven>,
        areas: Vec<Area>,
    ) -> NewContact {
        NewContact {
            person,
            date,
            start_time: None,
            duration,
            channel: Channel::Desk,
            services,
            areas,
            homeless: false,
            request_type: None,
            requester: None,
            sent_by: None,
            outcome: None,
            unmet: None,
            summary: String::new(),
            next_steps: String::new(),
            evaluation: String::new(),
        }
    }

    /// The time this contact books, on its day, for its duration: front office when the person
    /// was met (at the desk, at home), phone calls for a call, documentation for an email.
    /// Billable by default; the entry can be changed afterwards (kind included).
    pub fn time_entry(&self, contact: ContactId) -> NewTimeEntry {
        NewTimeEntry {
            date: self.date,
            minutes: self.duration,
            kind: match self.channel {
                Channel::Phone => TimeKind::PhoneCalls,
                Channel::Email => TimeKind::Documentation,
                Channel::Desk | Channel::Home | Channel::Other => TimeKind::FrontOffice,
            },
            contact: Some(contact),
            billable: true,
            note: String::new(),
        }
    }

    /// The form that shows this contact for editing.
    pub fn to_form(&self) -> ContactForm {
        ContactForm {
            date: format::date(self.date),
            start_time: self.start_time.map(format::time).unwrap_or_default(),
            duration: self.duration.get().to_string(),
            channel: self.channel.code().into(),
            services: self.services.iter().map(|s| s.code().into()).collect(),
            areas: self.areas.iter().map(|a| a.code().into()).collect(),
            homeless: self.homeless,
            request_type: self
                .request_type
                .map(|r| r.code().into())
                .unwrap_or_default(),
            requester: self.requester.map(|r| r.code().into()).unwrap_or_default(),
            sent_by: self.sent_by.map(|r| r.code().into()).unwrap_or_default(),
            outcome: self.outcome.map(|r| r.code().into()).unwrap_or_default(),
            unmet_need: self
                .unmet
                .as_ref()
                .map(|u| u.need.clone())
                .unwrap_or_default(),
            missing_resource: self
                .unmet
                .as_ref()
                .map(|u| u.missing_resource.clone())
                .unwrap_or_default(),
            unmet_area: self
                .unmet
                .as_ref()
                .map(|u| u.area.code().into())
                .unwrap_or_default(),
            summary: self.summary.clone(),
            next_steps: self.next_steps.clone(),
            evaluation: self.evaluation.clone(),
            referrals: Vec::new(),
            cap_note: String::new(),
        }
    }
}

/// A stored contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub id: ContactId,
    #[serde(flatten)]
    pub data: NewContact,
}

/// A contact as typed in the colloquio form, with the referrals made in it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactForm {
    pub date: String,
    pub start_time: String,
    /// Minutes (`45`) or `hh:mm`.
    pub duration: String,
    pub channel: String,
    pub services: Vec<String>,
    pub areas: Vec<String>,
    pub homeless: bool,
    pub request_type: String,
    pub requester: String,
    pub sent_by: String,
    pub outcome: String,
    pub unmet_need: String,
    pub missing_resource: String,
    pub unmet_area: String,
    pub summary: String,
    pub next_steps: String,
    pub evaluation: String,
    /// New referrals made in this contact.
    pub referrals: Vec<ReferralForm>,
    /// Why the week passes the weekly cap, when this colloquio's time takes it there.
    pub cap_note: String,
}

/// The duration a new colloquio starts with when none was used yet.
pub const DEFAULT_DURATION: Minutes = Minutes(30);

impl ContactForm {
    /// A new colloquio: today, now, the last duration used, at the desk, asked by the person
    /// who came on their own. Everything else is chosen by the operator.
    pub fn new_at(today: NaiveDate, now: NaiveTime, last_duration: Option<Minutes>) -> ContactForm {
        ContactForm {
            date: format::date(today),
            start_time: format::time(now),
            duration: last_duration.unwrap_or(DEFAULT_DURATION).get().to_string(),
            channel: Channel::Desk.code().into(),
            requester: Requester::ThePerson.code().into(),
            sent_by: SentBy::OwnInitiative.code().into(),
            ..ContactForm::default()
        }
    }

    /// The outcome to record when the operator chose none: a referral made means the person
    /// was referred; otherwise information was given.
    pub fn default_outcome(&self) -> ContactOutcome {
        if self.referrals.is_empty() {
            ContactOutcome::Information
        } else {
            ContactOutcome::Referred
        }
    }

    /// The contact and its new referrals, or every field error. Referral fields are named
    /// `referral_<i>_<field>`.
    pub fn parse(
        &self,
        person: PersonId,
        today: NaiveDate,
    ) -> Result<(NewContact, Vec<NewReferral>), FormErrors> {
        let mut e = FormErrors::default();
        let date = e.check("date", parse_past_date(&self.date, today));
        let start_time = if self.start_time.trim().is_empty() {
            Some(None)
        } else {
            e.check("start_time", format::parse_time(&self.start_time).map(Some))
        };
        let duration = e.check("duration", format::parse_duration(&self.duration));
        let channel = e.check("channel", required_code(&self.channel, Channel::from_code));
        let mut services = e.check(
            "services",
            codes_at_least_one(&self.services, ServiceGiven::from_code),
        );
        let areas = e.check("areas", codes_at_least_one(&self.areas, Area::from_code));
        let request_type = e.check(
            "request_type",
            optional_code(&self.request_type, RequestType::from_code),
        );
        let requester = e.check(
            "requester",
            optional_code(&self.requester, Requester::from_code),
        );
        let sent_by = e.check("sent_by", optional_code(&self.sent_by, SentBy::from_code));
        let outcome = e
            .check(
                "outcome",
                optional_code(&self.outcome, ContactOutcome::from_code),
            )
            .map(|o| o.unwrap_or_else(|| self.default_outcome()));
        if self.homeless {
            if let Some(areas) = &areas {
                if !areas.contains(&Area::Poverty) {
                    e.add("homeless", Msg::HomelessNeedsPoverty);
                }
            }
        }
        let unmet = if outcome == Some(ContactOutcome::NoResource) {
            let need = e.check("unmet_need", super::required_text(&self.unmet_need, 500));
            let missing = e.check(
                "missing_resource",
                super::required_text(&self.missing_resource, 500),
            );
            let area = e.check(
                "unmet_area",
                optional_code(&self.unmet_area, Area::from_code),
            );
            match (need, missing, area, &areas) {
                (Some(need), Some(missing_resource), Some(area), Some(areas)) => Some(UnmetNeed {
                    need,
                    missing_resource,
                    area: area
                        .or_else(|| areas.first().copied())
                        .unwrap_or(Area::Multiple),
                }),
                _ => None,
            }
        } else {
            None
        };
        let summary = e.check("summary", optional_text(&self.summary, 5000));
        let next_steps = e.check("next_steps", optional_text(&self.next_steps, 2000));
        let evaluation = e.check("evaluation", optional_text(&self.evaluation, 5000));
        let mut referrals = Vec::new();
        if let Some(date) = date {
            for (i, r) in self.referrals.iter().enumerate() {
                match r.parse(date) {
                    Ok(r) => referrals.push(r),
                    Err(errors) => {
                        for fe in errors.0 {
                            e.add(&format!("referral_{i}_{}", fe.field), fe.msg);
                        }
                    }
                }
            }
        }
        // A referral is the service "segnalazione e invio": recorded with it, always.
        if let Some(services) = &mut services {
            if !self.referrals.is_empty() && !services.contains(&ServiceGiven::Referral) {
                services.push(ServiceGiven::Referral);
                services.sort();
            }
        }
        if !e.is_empty() {
            return Err(e);
        }
        match (
            date,
            start_time,
            duration,
            channel,
            services,
            areas,
            request_type,
            requester,
            sent_by,
            outcome,
            summary,
            next_steps,
            evaluation,
        ) {
            (
                Some(date),
                Some(start_time),
                Some(duration),
                Some(channel),
                Some(services),
                Some(areas),
                Some(request_type),
                Some(requester),
                Some(sent_by),
                Some(outcome),
                Some(summary),
                Some(next_steps),
                Some(evaluation),
            ) => Ok((
                NewContact {
                    person,
                    date,
                    start_time,
                    duration,
                    channel,
                    services,
                    areas,
                    homeless: self.homeless,
                    request_type,
                    requester,
                    sent_by,
                    outcome: Some(outcome),
                    unmet,
                    summary,
                    next_steps,
                    evaluation,
                },
                referrals,
            )),
            _ => Err(e),
        }
    }
}

/// One line of a contact list: enough to show, nothing more.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactSummary {
    pub id: ContactId,
    pub person: PersonId,
    pub person_name: String,
    pub date: NaiveDate,
    pub start_time: Option<NaiveTime>,
    pub duration: Minutes,
    pub channel: Channel,
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    const TODAY: (i32, u32, u32) = (2026, 11, 24);

    fn today() -> NaiveDate {
        d(TODAY.0, TODAY.1, TODAY.2)
    }

    fn person() -> PersonId {
        PersonId(Uuid::nil())
    }

    fn typical() -> ContactForm {
        ContactForm {
            services: vec!["ascolto".into(), "informazione".into()],
            areas: vec!["POV".into()],
            summary: "Affitto arretrato di tre mesi.".into(),
            ..ContactForm::new_at(
                today(),
                NaiveTime::from_hms_opt(9, 40, 0).expect("time"),
                Some(Minutes(25)),
            )
        }
    }

    #[test]
    fn a_new_colloquio_starts_from_today_now_and_the_last_duration() {
        let form = typical();
        assert_eq!(form.date, "24/11/2026");
        assert_eq!(form.start_time, "09:40");
        assert_eq!(form.duration, "25");
        let (c, referrals) = form.parse(person(), today()).expect("valid");
        assert!(referrals.is_empty());
        assert_eq!(c.duration, Minutes(25));
        assert_eq!(c.channel, Channel::Desk);
        assert_eq!(c.requester, Some(Requester::ThePerson));
        assert_eq!(c.sent_by, Some(SentBy::OwnInitiative));
        assert_eq!(c.outcome, Some(ContactOutcome::Information));
        assert_eq!(
            c.services,
            vec![ServiceGiven::Listening, ServiceGiven::Information]
        );
        // It books its own time, front office, billable.
        let entry = c.time_entry(ContactId(Uuid::nil()));
        assert_eq!(
            (entry.kind, entry.minutes, entry.date, entry.billable),
            (TimeKind::FrontOffice, Minutes(25), today(), true)
        );
        let call = NewContact {
            channel: Channel::Phone,
            ..c.clone()
        };
        assert_eq!(
            call.time_entry(ContactId(Uuid::nil())).kind,
            TimeKind::PhoneCalls
        );
        // And shows itself again for editing.
        assert_eq!(
            c.to_form().parse(person(), today()),
            Ok((c.clone(), vec![]))
        );
        let blank = ContactForm::new_at(today(), NaiveTime::MIN, None);
        assert_eq!(blank.duration, "30");
    }

    #[test]
    fn a_referral_makes_the_outcome_referred_and_adds_the_service() {
        let form = ContactForm {
            referrals: vec![ReferralForm {
                service: Uuid::nil().to_string(),
                ..ReferralForm::default()
            }],
            ..typical()
        };
        let (c, referrals) = form.parse(person(), today()).expect("valid");
        assert_eq!(referrals.len(), 1);
        assert_eq!(c.outcome, Some(ContactOutcome::Referred));
        assert!(c.services.contains(&ServiceGiven::Referral));
    }

    /// Each rule, its field and its message.
    #[test]
    fn bad_input_is_told_at_its_field() {
        let cases: Vec<(ContactForm, &str, Msg)> = vec![
            (
                ContactForm {
                    date: "25/11/2026".into(),
                    ..typical()
                },
                "date",
                Msg::DateInFuture,
            ),
            (
                ContactForm {
                    date: "31/11/2026".into(),
                    ..typical()
                },
                "date",
                Msg::DateFormat,
            ),
            (
                ContactForm {
                    start_time: "25:00".into(),
                    ..typical()
                },
                "start_time",
                Msg::TimeFormat,
            ),
            (
                ContactForm {
                    duration: "0".into(),
                    ..typical()
                },
                "duration",
                Msg::HoursZero,
            ),
            (
                ContactForm {
                    duration: "721".into(),
                    ..typical()
                },
                "duration",
                Msg::DurationTooLong,
            ),
            (
                ContactForm {
                    duration: "12:01".into(),
                    ..typical()
                },
                "duration",
                Msg::DurationTooLong,
            ),
            (
                ContactForm {
                    duration: "mezz'ora".into(),
                    ..typical()
                },
                "duration",
                Msg::DurationFormat,
            ),
            (
                ContactForm {
                    services: vec![],
                    ..typical()
                },
                "services",
                Msg::AtLeastOne,
            ),
            (
                ContactForm {
                    areas: vec![" ".into()],
                    ..typical()
                },
                "areas",
                Msg::AtLeastOne,
            ),
            (
                ContactForm {
                    areas: vec!["XYZ".into()],
                    ..typical()
                },
                "areas",
                Msg::UnknownChoice,
            ),
            (
                ContactForm {
                    channel: String::new(),
                    ..typical()
                },
                "channel",
                Msg::Required,
            ),
            (
                ContactForm {
                    homeless: true,
                    areas: vec!["ELD".into()],
                    ..typical()
                },
                "homeless",
                Msg::HomelessNeedsPoverty,
            ),
            (
                ContactForm {
                    outcome: "nessuna_risorsa".into(),
                    missing_resource: "Dormitorio".into(),
                    ..typical()
                },
                "unmet_need",
                Msg::Required,
            ),
            (
                ContactForm {
                    outcome: "nessuna_risorsa".into(),
                    unmet_need: "Un posto letto".into(),
                    ..typical()
                },
                "missing_resource",
                Msg::Required,
            ),
            (
                ContactForm {
                    summary: "x".repeat(5001),
                    ..typical()
                },
                "summary",
                Msg::TooLong { max: 5000 },
            ),
            (
                ContactForm {
                    referrals: vec![ReferralForm::default()],
                    ..typical()
                },
                "referral_0_service",
                Msg::Required,
            ),
        ];
        for (form, field, msg) in cases {
            let errors = form.parse(person(), today()).expect_err(field);
            assert_eq!(errors.for_field(field), Some(&msg), "{field}: {errors:?}");
            assert_eq!(errors.0.len(), 1, "only {field}: {errors:?}");
        }
        // 1 minute and 12 hours are the limits, both accepted.
        for ok in ["1", "720", "12:00", "0:01"] {
            let form = ContactForm {
                duration: ok.into(),
                ..typical()
            };
            assert!(form.parse(person(), today()).is_ok(), "{ok}");
        }
    }

    #[test]
    fn no_resource_keeps_the_unmet_need_for_the_observatory() {
        let form = ContactForm {
            requester: "familiare".into(),
            outcome: "nessuna_risorsa".into(),
            unmet_need: "Posto letto per la notte".into(),
            missing_resource: "Dormitorio comunale".into(),
            homeless: true,
            ..typical()
        };
        let (c, _) = form.parse(person(), today()).expect("valid");
        assert_eq!(c.requester, Some(Requester::Relative));
        assert_eq!(
            c.unmet,
            Some(UnmetNeed {
                need: "Posto letto per la notte".into(),
                missing_resource: "Dormitorio comunale".into(),
                area: Area::Poverty,
            })
        );
        assert!(c.homeless);
        // Another outcome records no unmet need, whatever was typed.
        let form = ContactForm {
            outcome: "informazione".into(),
            ..form
        };
        assert_eq!(form.parse(person(), today()).expect("valid").0.unmet, None);
    }
}
