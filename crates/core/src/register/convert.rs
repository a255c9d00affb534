//! A register row turned into the records it stands for (a person, a colloquio, its
//! referrals), and records written back as the template's cells.

use super::row::{RegisterRow, RowPerson, RowReferral};
use super::{Column, SEPARATOR};
use crate::category::{
    AgeBand, Area, Citizenship, ContactOutcome, Gender, ReferralKind, ServiceGiven,
};
use crate::comuni::Comuni;
use crate::format;
use crate::ids::{PersonId, ServiceId};
use crate::messages::Lang;
use crate::model::{Birth, Identity, NewContact, NewOutcome, NewPerson, NewReferral, UnmetNeed};

impl RowPerson {
    /// The person to create when no one on record matches. A gender left blank is read from
    /// the codice fiscale when there is one, else recorded as not stated.
    pub fn new_person(&self) -> NewPerson {
        match self {
            RowPerson::Named {
                surname,
                name,
                codice_fiscale,
                birth,
                gender,
                citizenship,
                residence,
            } => {
                let gender = gender.unwrap_or_else(|| match codice_fiscale {
                    Some(cf) if cf.encoded().day > 40 => Gender::Female,
                    Some(_) => Gender::Male,
                    None => Gender::Other,
                });
                NewPerson {
                    identity: Identity::Named {
                        surname: surname.clone(),
                        name: name.clone(),
                        codice_fiscale: codice_fiscale.clone(),
                        birth: *birth,
                    },
                    residence: residence.clone(),
                    ..NewPerson::anonymous(
                        gender,
                        AgeBand::Unknown,
                        citizenship.unwrap_or(Citizenship::Unknown),
                    )
                }
            }
            RowPerson::Anonymous {
                gender,
                age_band,
                citizenship,
            } => NewPerson::anonymous(
                gender.unwrap_or(Gender::Other),
                *age_band,
                citizenship.unwrap_or(Citizenship::Unknown),
            ),
        }
    }

    /// The row's view of a person on record.
    pub fn of(p: &NewPerson) -> RowPerson {
        match &p.identity {
            Identity::Named {
                surname,
                name,
                codice_fiscale,
                birth,
            } => RowPerson::Named {
                surname: surname.clone(),
                name: name.clone(),
                codice_fiscale: codice_fiscale.clone(),
                birth: *birth,
                gender: Some(p.gender),
                citizenship: Some(p.citizenship),
                residence: p.residence.clone(),
            },
            Identity::Anonymous { age_band } => RowPerson::Anonymous {
                gender: Some(p.gender),
                age_band: *age_band,
                citizenship: Some(p.citizenship),
            },
        }
    }
}

impl RegisterRow {
    /// Whether the row lacks the services given or the areas of need (old registers do):
    /// [`RegisterRow::new_contact`] then records listening and the multiple-groups area, the
    /// least a colloquio is, as the README's template section says.
    pub fn lacks_categories(&self) -> bool {
        self.services.is_empty() || self.areas.is_empty()
    }

    /// The colloquio the row stands for, of `person`.
    pub fn new_contact(&self, person: PersonId) -> NewContact {
        let unmet = (self.outcome == Some(ContactOutcome::NoResource)
            && !self.unmet_need.is_empty())
        .then(|| UnmetNeed {
            need: self.unmet_need.clone(),
            missing_resource: String::new(),
            area: self.areas.first().copied().unwrap_or(Area::Multiple),
        });
        NewContact {
            person,
            date: self.date,
            start_time: self.start_time,
            duration: self.duration,
            channel: self.channel,
            services: if self.services.is_empty() {
                vec![ServiceGiven::Listening]
            } else {
                self.services.clone()
            },
            areas: if self.areas.is_empty() {
                vec![Area::Multiple]
            } else {
                self.areas.clone()
            },
            homeless: self.homeless,
            request_type: self.request_type,
            requester: self.requester,
            sent_by: self.sent_by,
            outcome: self.outcome,
            unmet,
            summary: self.summary.clone(),
            next_steps: self.next_steps.clone(),
            evaluation: String::new(),
        }
    }

    /// The referrals made in the colloquio, with the outcome each has (dated the colloquio).
    pub fn new_referrals(&self) -> Vec<(NewReferral, Option<NewOutcome>)> {
        self.referrals
            .iter()
            .map(|r| {
                (
                    NewReferral {
                        service: r.service,
                        kind: ReferralKind::Referral,
                        reason: String::new(),
                        protocol: String::new(),
                        expected_reply: None,
                    },
                    r.outcome.map(|outcome| NewOutcome {
                        date: self.date,
                        outcome,
                        feedback: String::new(),
                    }),
                )
            })
            .collect()
    }

    /// The row of a colloquio on record, with its referrals (service and latest outcome).
    pub fn of(person: &NewPerson, c: &NewContact, referrals: Vec<RowReferral>) -> RegisterRow {
        RegisterRow {
            line: 0,
            date: c.date,
            start_time: c.start_time,
            duration: c.duration,
            person: RowPerson::of(person),
            channel: c.channel,
            requester: c.requester,
            sent_by: c.sent_by,
            services: c.services.clone(),
            areas: c.areas.clone(),
            request_type: c.request_type,
            homeless: c.homeless,
            outcome: c.outcome,
            unmet_need: c.unmet.as_ref().map(|u| u.need.clone()).unwrap_or_default(),
            referrals,
            summary: c.summary.clone(),
            next_steps: c.next_steps.clone(),
        }
    }

    /// The template's cells, in [`Column::ALL`] order: codes for the categories (they read
    /// back without a mapping), `|` between several values, `Roma (RM)` for a comune.
    pub fn cells(
        &self,
        comuni: &Comuni,
        service_name: &dyn Fn(ServiceId) -> String,
    ) -> Vec<String> {
        let join = |codes: Vec<&str>| codes.join(&SEPARATOR.to_string());
        let (surname, name, cf, birth, gender, citizenship, residence, anonymous, age_band) =
            match &self.person {
                RowPerson::Named {
                    surname,
                    name,
                    codice_fiscale,
                    birth,
                    gender,
                    citizenship,
                    residence,
                } => (
                    surname.clone(),
                    name.clone(),
                    codice_fiscale
                        .as_ref()
                        .map(|c| c.as_str().to_string())
                        .unwrap_or_default(),
                    match birth {
                        Some(Birth::Date(d)) => format::date(*d),
                        Some(Birth::Year(y)) => y.to_string(),
                        None => String::new(),
                    },
                    *gender,
                    *citizenship,
                    residence
                        .as_deref()
                        .map(|code| comuni.get(code).map_or(code.to_string(), |c| c.label()))
                        .unwrap_or_default(),
                    "no",
                    String::new(),
                ),
                RowPerson::Anonymous {
                    gender,
                    age_band,
                    citizenship,
                } => (
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    *gender,
                    *citizenship,
                    String::new(),
                    "sì",
                    age_band.code().to_string(),
                ),
            };
        let outcomes = if self.referrals.iter().any(|r| r.outcome.is_some()) {
            join(
                self.referrals
                    .iter()
                    .map(|r| r.outcome.map_or("-", |o| o.code()))
                    .collect(),
            )
        } else {
            String::new()
        };
        Column::ALL
            .iter()
            .map(|c| match c {
                Column::Date => format::date(self.date),
                Column::Time => self.start_time.map(format::time).unwrap_or_default(),
                Column::Duration => self.duration.get().to_string(),
                Column::Surname => surname.clone(),
                Column::Name => name.clone(),
                Column::CodiceFiscale => cf.clone(),
                Column::Birth => birth.clone(),
                Column::Gender => gender.map(|g| g.code().to_string()).unwrap_or_default(),
                Column::Citizenship => citizenship
                    .map(|g| g.code().to_string())
                    .unwrap_or_default(),
                Column::Residence => residence.clone(),
                Column::Anonymous => anonymous.to_string(),
                Column::AgeBand => age_band.clone(),
                Column::Channel => self.channel.code().to_string(),
                Column::Requester => self.requester.map(|v| v.code()).unwrap_or("").into(),
                Column::SentBy => self.sent_by.map(|v| v.code()).unwrap_or("").into(),
                Column::Services => join(self.services.iter().map(|v| v.code()).collect()),
                Column::Areas => join(self.areas.iter().map(|v| v.code()).collect()),
                Column::RequestType => self.request_type.map(|v| v.code()).unwrap_or("").into(),
                Column::Homeless => if self.homeless { "sì" } else { "no" }.into(),
                Column::Outcome => self.outcome.map(|v| v.code()).unwrap_or("").into(),
                Column::UnmetNeed => self.unmet_need.clone(),
                Column::ReferralService => self
                    .referrals
                    .iter()
                    .map(|r| service_name(r.service))
                    .collect::<Vec<_>>()
                    .join(&SEPARATOR.to_string()),
                Column::ReferralOutcome => outcomes.clone(),
                Column::Summary => self.summary.clone(),
                Column::NextSteps => self.next_steps.clone(),
            })
            .collect()
    }
}

/// A label for the error report's header line.
pub fn problem_report_header(lang: Lang) -> [&'static str; 4] {
    match lang {
        Lang::It => ["riga", "colonna", "valore", "problema"],
        Lang::En => ["row", "column", "value", "problem"],
    }
}
