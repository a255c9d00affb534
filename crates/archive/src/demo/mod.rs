//! A deterministic, realistic generated archive, for trying the app and for benchmarks.
//!
//! The same options give the same content; the generated records' identifiers too (UUIDv7 built
//! from each record's date and the seeded generator), though not the seeded catalogue's nor
//! the history's salts. At scale 1 the desk opens one morning a week (Tuesday 09:00–13:00), is
//! closed in August and over Christmas, fills each opening with colloqui that fit in it (30–60
//! a month), and bills front- and back-office time within the weekly cap and the monte ore.
//! `scale` multiplies the contract with the volume: `scale` openings a week, the weekly cap and
//! the monte ore times `scale`, so a day never holds more colloqui than its hours allow. The
//! large benchmark archive (`DemoOptions::large`) holds about 100,000 colloqui and 20,000
//! persons over ten years.

use crate::archive::Archive;
use crate::error::Result;
use crate::paths::ArchivePaths;
use crate::records::Writer;
use age::secrecy::SecretString;
use chrono::{Datelike, Days, Months, NaiveDate, NaiveTime, Timelike, Weekday};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sportello_core::model::{
    Attendee, Birth, Closure, ContractTerms, Identity, NewAppointment, NewContact, NewOutcome,
    NewPerson, NewReferral, NewTimeEntry, OpeningSlot, UnmetNeed, VatRegime,
};
use sportello_core::{
    AgeBand, Area, Cents, Channel, Citizenship, CodiceFiscale, ContactOutcome, Gender, Minutes,
    PersonId, ReferralKind, ReferralOutcome, RequestType, Requester, SentBy, ServiceGiven,
    ServiceId, TimeKind,
};
use std::collections::{BTreeMap, HashSet};
use uuid::Uuid;

mod calendar;
mod cases;
mod words;
use calendar::{is_holiday, opening_slots};
use words::*;
pub use words::{FOREIGN_SURNAMES, SURNAMES, UNMET};

/// The passphrase of demo archives (they hold no real data).
pub const DEMO_PASSPHRASE: &str = "prova-demo-roccaverde";

#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// Contract years of history up to `end`.
    pub years: u32,
    /// Multiplies the contract (openings, weekly cap, monte ore) and so the volume.
    pub scale: u32,
    pub seed: u64,
    /// The last day with data (appointments are planned after it).
    pub end: NaiveDate,
    /// Of every 100 colloqui, how many are with a person already on record (the rest are new
    /// persons, and 8 anonymous contacts).
    pub returning_percent: u32,
}

/// Bumped whenever the generator's output changes, so cached benchmark archives are remade.
pub const GENERATOR_VERSION: u32 = 6;

/// The share of returning persons at a small desk.
pub const RETURNING_PERCENT: u32 = 47;

impl DemoOptions {
    /// The demo the desktop app opens with `--demo` (and the one its figures are measured on):
    /// two contract years up to `end`, normal volume, seed 1.
    pub fn desktop(end: NaiveDate) -> DemoOptions {
        DemoOptions {
            years: 2,
            scale: 1,
            seed: 1,
            end,
            returning_percent: RETURNING_PERCENT,
        }
    }

    /// The benchmark archive: ten years at 32 openings a week, with persons returning as at a
    /// desk that knows its town — about 100,000 colloqui and 20,000 persons.
    pub fn large(end: NaiveDate) -> DemoOptions {
        DemoOptions {
            years: 10,
            scale: 32,
            seed: 7,
            end,
            returning_percent: 72,
        }
    }
}

/// What was generated.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct DemoSummary {
    pub persons: u64,
    pub anonymous_contacts: u64,
    pub contacts: u64,
    pub time_entries: u64,
    pub referrals: u64,
    pub appointments: u64,
}

/// Creates a demo archive in `paths` (which must hold no archive) and fills it; the archive is
/// left locked. The CLI's `demo`, the desktop's `--demo` and the tests all come through here.
/// The recovery key is returned so it can be shown, as at a real set-up: anyone can then try
/// the recovery path on the demo.
pub fn create(
    paths: &ArchivePaths,
    passphrase: &SecretString,
    options: &DemoOptions,
) -> Result<(DemoSummary, crate::RecoveryKey)> {
    let (mut archive, recovery) = Archive::create(paths, passphrase, None)?;
    let summary = generate(&mut archive, options)?;
    archive.lock()?;
    Ok((summary, recovery))
}

/// Fills a fresh archive (one with no contract yet) with demo data.
pub fn generate(archive: &mut Archive, options: &DemoOptions) -> Result<DemoSummary> {
    let mut g = Generator::new(options);
    let terms = g.contract_terms();
    let services = archive.write(|w| {
        w.now = g.stamp_of(terms.start);
        w.insert_contract(g.id_on(terms.start), &terms)?;
        w.set_setting("demo", "1")?;
        w.service_ids()
    })?;
    g.services = services;
    // One transaction per month keeps memory flat and commits often.
    let mut month_start =
        NaiveDate::from_ymd_opt(terms.year_start.year(), terms.year_start.month(), 1)
            .unwrap_or(terms.year_start);
    while month_start <= options.end {
        let next = month_start
            .checked_add_months(Months::new(1))
            .unwrap_or(options.end);
        archive.write(|w| {
            g.month(
                w,
                &terms,
                month_start,
                next.min(options.end.succ_opt().unwrap_or(options.end)),
            )
        })?;
        month_start = next;
    }
    archive.write(|w| g.appointments(w))?;
    archive.write(|w| g.cases(w))?;
    Ok(g.summary)
}

struct Generator {
    rng: ChaCha8Rng,
    options: DemoOptions,
    persons: Vec<(PersonId, NaiveDate)>,
    cfs: HashSet<String>,
    services: Vec<ServiceId>,
    /// Billable minutes per ISO week and per contract year start.
    week_minutes: BTreeMap<(i32, u32), u32>,
    /// Weeks billed past the cap, with a note.
    marked_weeks: HashSet<(i32, u32)>,
    year_minutes: BTreeMap<NaiveDate, u32>,
    summary: DemoSummary,
}

impl Generator {
    fn new(options: &DemoOptions) -> Generator {
        Generator {
            rng: ChaCha8Rng::seed_from_u64(options.seed),
            options: options.clone(),
            persons: Vec::new(),
            cfs: HashSet::new(),
            services: Vec::new(),
            week_minutes: BTreeMap::new(),
            marked_weeks: HashSet::new(),
            year_minutes: BTreeMap::new(),
            summary: DemoSummary::default(),
        }
    }

    /// A UUIDv7 whose timestamp is the given day and whose random bits come from the seed.
    fn id_on(&mut self, date: NaiveDate) -> Uuid {
        let millis = date
            .and_hms_opt(9, 0, 0)
            .map(|t| t.and_utc().timestamp_millis())
            .unwrap_or(0)
            .max(0) as u64;
        let mut random = [0u8; 10];
        self.rng.fill(&mut random);
        uuid::Builder::from_unix_timestamp_millis(millis, &random).into_uuid()
    }

    fn stamp_of(&self, date: NaiveDate) -> String {
        format!("{}T09:00:00.000Z", date.format("%Y-%m-%d"))
    }

    fn contract_terms(&self) -> ContractTerms {
        let end = self.options.end;
        let mut first_year = end.year() - self.options.years.max(1) as i32;
        if (end.month(), end.day()) >= (3, 1) {
            first_year += 1;
        }
        let year_start = NaiveDate::from_ymd_opt(first_year, 3, 1).unwrap_or(end);
        let length = self.options.years.max(3);
        let contract_end = year_start
            .checked_add_months(Months::new(12 * length))
            .and_then(|d| d.pred_opt())
            .unwrap_or(end);
        let mut closures = Vec::new();
        for y in first_year..=first_year + length as i32 {
            if let (Some(from), Some(to)) = (
                NaiveDate::from_ymd_opt(y, 8, 1),
                NaiveDate::from_ymd_opt(y, 8, 31),
            ) {
                closures.push(Closure {
                    from,
                    to,
                    reason: "Chiusura estiva".into(),
                });
            }
            if let (Some(from), Some(to)) = (
                NaiveDate::from_ymd_opt(y, 12, 24),
                NaiveDate::from_ymd_opt(y + 1, 1, 6),
            ) {
                closures.push(Closure {
                    from,
                    to,
                    reason: "Festività natalizie".into(),
                });
            }
        }
        ContractTerms {
            comune: "Comune di Roccaverde".into(),
            provider: "Cooperativa Sociale Il Ponte".into(),
            start: year_start,
            end: contract_end,
            year_start,
            yearly_budget: Minutes::from_hours(178 * self.options.scale.max(1)),
            hourly_rate: Cents(2300),
            vat: VatRegime::Exempt,
            weekly_cap: Minutes::from_hours(4 * self.options.scale.max(1)),
            opening_slots: opening_slots(self.options.scale),
            closures,
            billable_kinds: sportello_core::model::default_billable_kinds(),
            cig: "Z3A1B2C4D5".into(),
            award_ref: format!(
                "Determina n. 45 del {}",
                sportello_core::format::date(year_start)
            ),
            patron_saint: Some((6, 24)),
        }
    }

    /// Books billable time if it fits the week's cap and the year's budget; else not billable.
    /// Books time as the desk would: billable while it fits the weekly cap and the monte ore;
    /// past the cap, now and then billed anyway with a note that marks the week (as the app
    /// asks), otherwise recorded as not billable.
    fn book(
        &mut self,
        terms: &ContractTerms,
        date: NaiveDate,
        minutes: u32,
    ) -> (bool, Option<&'static str>) {
        let week = (date.iso_week().year(), date.iso_week().week());
        let year = terms.year_containing(date).start;
        let week_used = self.week_minutes.get(&week).copied().unwrap_or(0);
        let year_used = self.year_minutes.get(&year).copied().unwrap_or(0);
        if year_used + minutes > terms.yearly_budget.get() {
            return (false, None);
        }
        let fits = week_used + minutes <= terms.weekly_cap.get();
        let marked = self.marked_weeks.contains(&week);
        let note = if fits || marked {
            None
        } else if self.rng.gen_range(0..100) < 4 {
            self.marked_weeks.insert(week);
            CAP_NOTES.choose(&mut self.rng).copied()
        } else {
            return (false, None);
        };
        self.week_minutes.insert(week, week_used + minutes);
        self.year_minutes.insert(year, year_used + minutes);
        (true, note)
    }

    fn month(
        &mut self,
        w: &mut Writer,
        terms: &ContractTerms,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<()> {
        let mut day = from;
        while day < to {
            if day >= terms.start && !terms.is_closed_on(day) && !is_holiday(day) {
                for slot in terms
                    .opening_slots
                    .iter()
                    .filter(|s| s.weekday == day.weekday())
                {
                    self.desk_opening(w, terms, day, slot)?;
                }
                if day.weekday() == Weekday::Thu {
                    for _ in 0..self.options.scale.max(1) {
                        self.back_office_day(w, terms, day)?;
                    }
                }
            }
            day = day.succ_opt().unwrap_or(to);
        }
        Ok(())
    }

    /// Fills one opening with colloqui of 10–45 minutes, each starting when the one before
    /// ended (or a little later), as long as it ends within the opening.
    fn desk_opening(
        &mut self,
        w: &mut Writer,
        terms: &ContractTerms,
        day: NaiveDate,
        slot: &OpeningSlot,
    ) -> Result<()> {
        let minutes_of = |t: NaiveTime| t.hour() * 60 + t.minute();
        let (mut clock, end) = (minutes_of(slot.start), minutes_of(slot.end));
        loop {
            let duration = 5 * self.rng.gen_range(2..=9u32);
            if clock + duration > end {
                return Ok(());
            }
            let start = NaiveTime::from_hms_opt(clock / 60, clock % 60, 0);
            self.contact(w, terms, day, start, duration)?;
            clock += duration + 5 * self.rng.gen_range(0..=2u32);
        }
    }

    fn back_office_day(
        &mut self,
        w: &mut Writer,
        terms: &ContractTerms,
        day: NaiveDate,
    ) -> Result<()> {
        let kinds = [
            (TimeKind::Documentation, 40),
            (TimeKind::PhoneCalls, 25),
            (TimeKind::Networking, 15),
            (TimeKind::Meetings, 10),
            (TimeKind::Accompaniment, 5),
            (TimeKind::Training, 5),
        ];
        let kind = weighted(&mut self.rng, &kinds);
        let minutes = 15 * self.rng.gen_range(1..=3u32);
        let (billable, cap_note) = if terms.bills(kind) {
            self.book(terms, day, minutes)
        } else {
            (false, None)
        };
        w.now = self.stamp_of(day);
        let id = self.id_on(day);
        w.insert_time_entry(
            id,
            &NewTimeEntry {
                date: day,
                minutes: Minutes(minutes),
                kind,
                contact: None,
                billable,
                note: String::new(),
            },
            None,
            cap_note,
        )?;
        self.summary.time_entries += 1;
        Ok(())
    }

    fn contact(
        &mut self,
        w: &mut Writer,
        terms: &ContractTerms,
        day: NaiveDate,
        start: Option<NaiveTime>,
        duration: u32,
    ) -> Result<()> {
        w.now = self.stamp_of(day);
        let roll = self.rng.gen_range(0..100);
        let person = if roll < 8 {
            let p = self.anonymous_person();
            let id = self.id_on(day);
            self.summary.anonymous_contacts += 1;
            w.insert_person(id, &p)?
        } else if roll < 8 + self.options.returning_percent && !self.persons.is_empty() {
            // Returning persons: mostly recent ones.
            let n = self.persons.len();
            let back = (self.rng.gen::<f64>().powi(3) * n as f64) as usize;
            self.persons[n - 1 - back.min(n - 1)].0
        } else {
            let p = self.named_person(day);
            let id = self.id_on(day);
            let pid = w.insert_person(id, &p)?;
            self.persons.push((pid, day));
            self.summary.persons += 1;
            pid
        };
        let channel = weighted(
            &mut self.rng,
            &[
                (Channel::Desk, 75),
                (Channel::Phone, 18),
                (Channel::Email, 4),
                (Channel::Home, 3),
            ],
        );
        let mut services = vec![ServiceGiven::Listening];
        for (s, p) in [
            (ServiceGiven::Information, 60),
            (ServiceGiven::Orientation, 40),
            (ServiceGiven::ApplicationSupport, 20),
            (ServiceGiven::Referral, 15),
            (ServiceGiven::Counselling, 15),
            (ServiceGiven::Accompaniment, 5),
            (ServiceGiven::TakenInCharge, 3),
        ] {
            if self.rng.gen_range(0..100) < p {
                services.push(s);
            }
        }
        if self.rng.gen_range(0..100) < 20 {
            services.remove(0); // not every contact is mainly listening
            if services.is_empty() {
                services.push(ServiceGiven::Information);
            }
        }
        let area_weights = [
            (Area::Poverty, 30),
            (Area::Elderly, 25),
            (Area::Family, 20),
            (Area::Immigrants, 10),
            (Area::Disability, 10),
            (Area::Multiple, 3),
            (Area::Addiction, 2),
        ];
        let mut areas = vec![weighted(&mut self.rng, &area_weights)];
        if self.rng.gen_range(0..100) < 25 {
            let second = weighted(&mut self.rng, &area_weights);
            if !areas.contains(&second) {
                areas.push(second);
            }
        }
        let homeless = areas.contains(&Area::Poverty) && self.rng.gen_range(0..100) < 6;
        let request_type = weighted(
            &mut self.rng,
            &[
                (RequestType::SocialDesk, 30),
                (RequestType::Financial, 25),
                (RequestType::PersonFamily, 12),
                (RequestType::HomeCare, 10),
                (RequestType::EducationWork, 7),
                (RequestType::Integration, 5),
                (RequestType::Residential, 3),
                (RequestType::SemiResidential, 2),
                (RequestType::Supplementary, 3),
                (RequestType::Emergency, 1),
                (RequestType::Prevention, 2),
            ],
        );
        let summary = summary_text(&mut self.rng, areas[0], request_type);
        let requester = weighted(
            &mut self.rng,
            &[
                (Requester::ThePerson, 78),
                (Requester::Relative, 12),
                (Requester::Neighbour, 2),
                (Requester::Doctor, 3),
                (Requester::PublicService, 3),
                (Requester::ThirdSector, 2),
            ],
        );
        let sent_by = weighted(
            &mut self.rng,
            &[
                (SentBy::OwnInitiative, 60),
                (SentBy::PublicService, 12),
                (SentBy::Health, 10),
                (SentBy::Acquaintances, 10),
                (SentBy::ThirdSector, 5),
                (SentBy::School, 3),
            ],
        );
        let refers = services.contains(&ServiceGiven::Referral) && !self.services.is_empty();
        let outcome = if refers {
            ContactOutcome::Referred
        } else {
            weighted(
                &mut self.rng,
                &[
                    (ContactOutcome::Information, 70),
                    (ContactOutcome::Appointment, 15),
                    (ContactOutcome::TakenInCharge, 8),
                    (ContactOutcome::NoResource, 7),
                ],
            )
        };
        let unmet = (outcome == ContactOutcome::NoResource).then(|| {
            let (need, missing, area) = *UNMET.choose(&mut self.rng).unwrap_or(&(
                "Un aiuto non disponibile",
                "Servizio assente",
                Area::Multiple,
            ));
            UnmetNeed {
                need: need.into(),
                missing_resource: missing.into(),
                area,
            }
        });
        let contact = NewContact {
            person,
            date: day,
            start_time: start,
            duration: Minutes(duration),
            channel,
            services: services.clone(),
            areas,
            homeless,
            request_type: Some(request_type),
            requester: Some(requester),
            sent_by: Some(sent_by),
            outcome: Some(outcome),
            unmet,
            evaluation: String::new(),
            summary,
            next_steps: [
                "",
                "Ricontattare tra due settimane.",
                "Portare ISEE aggiornato.",
                "Attendere riscontro del servizio.",
            ]
            .choose(&mut self.rng)
            .copied()
            .unwrap_or("")
            .to_string(),
        };
        let contact_id = self.id_on(day);
        let contact_id = w.insert_contact(contact_id, &contact)?;
        self.summary.contacts += 1;
        let (billable, cap_note) = self.book(terms, day, duration);
        let entry_id = self.id_on(day);
        w.insert_time_entry(
            entry_id,
            &NewTimeEntry {
                billable,
                ..contact.time_entry(contact_id)
            },
            Some(person),
            cap_note,
        )?;
        self.summary.time_entries += 1;
        if refers {
            let service = self.services[self.rng.gen_range(0..self.services.len())];
            let kind = weighted(
                &mut self.rng,
                &[
                    (ReferralKind::Referral, 70),
                    (ReferralKind::Orientation, 25),
                    (ReferralKind::FormalReport, 5),
                ],
            );
            let referral = self.id_on(day);
            let referral = w.insert_referral(
                referral,
                contact_id,
                &NewReferral {
                    service,
                    kind,
                    reason: "Invio per competenza.".into(),
                    protocol: if kind == ReferralKind::FormalReport {
                        format!("Prot. {}/{}", self.rng.gen_range(100..9999), day.year())
                    } else {
                        String::new()
                    },
                    expected_reply: day.checked_add_days(Days::new(30)),
                },
            )?;
            let outcome_id = self.id_on(day);
            w.insert_outcome(
                outcome_id,
                referral,
                &NewOutcome {
                    date: day,
                    outcome: ReferralOutcome::Sent,
                    feedback: String::new(),
                },
            )?;
            let later = day
                .checked_add_days(Days::new(self.rng.gen_range(7..40)))
                .unwrap_or(day);
            if later <= self.options.end {
                let outcome = weighted(
                    &mut self.rng,
                    &[
                        (ReferralOutcome::TakenInCharge, 60),
                        (ReferralOutcome::NotTakenInCharge, 15),
                        (ReferralOutcome::Waiting, 15),
                        (ReferralOutcome::Withdrawn, 10),
                    ],
                );
                let outcome_id = self.id_on(later);
                w.now = self.stamp_of(later);
                w.insert_outcome(
                    outcome_id,
                    referral,
                    &NewOutcome {
                        date: later,
                        outcome,
                        feedback: FEEDBACK.choose(&mut self.rng).copied().unwrap_or("").into(),
                    },
                )?;
                w.now = self.stamp_of(day);
            }
            self.summary.referrals += 1;
        }
        Ok(())
    }

    fn anonymous_person(&mut self) -> NewPerson {
        let gender = weighted(
            &mut self.rng,
            &[(Gender::Female, 55), (Gender::Male, 43), (Gender::Other, 2)],
        );
        let band = *AgeBand::ALL
            .choose(&mut self.rng)
            .unwrap_or(&AgeBand::Unknown);
        let citizenship = weighted(
            &mut self.rng,
            &[
                (Citizenship::Italian, 80),
                (Citizenship::Eu, 6),
                (Citizenship::NonEu, 12),
                (Citizenship::Unknown, 2),
            ],
        );
        NewPerson::anonymous(gender, band, citizenship)
    }

    fn named_person(&mut self, today: NaiveDate) -> NewPerson {
        let female = self.rng.gen_range(0..100) < 56;
        let citizenship = weighted(
            &mut self.rng,
            &[
                (Citizenship::Italian, 82),
                (Citizenship::Eu, 6),
                (Citizenship::NonEu, 12),
            ],
        );
        let (surnames, names, places) = match (citizenship, female) {
            (Citizenship::Italian, true) => (SURNAMES, FEMALE_NAMES, BIRTH_PLACES_IT),
            (Citizenship::Italian, false) => (SURNAMES, MALE_NAMES, BIRTH_PLACES_IT),
            (Citizenship::Eu, f) => (
                FOREIGN_SURNAMES,
                if f { FOREIGN_FEMALE } else { FOREIGN_MALE },
                BIRTH_PLACES_EU,
            ),
            (_, f) => (
                FOREIGN_SURNAMES,
                if f { FOREIGN_FEMALE } else { FOREIGN_MALE },
                BIRTH_PLACES_NON_EU,
            ),
        };
        let surname = surnames
            .choose(&mut self.rng)
            .copied()
            .unwrap_or("Rossi")
            .to_string();
        let name = names
            .choose(&mut self.rng)
            .copied()
            .unwrap_or("Maria")
            .to_string();
        // Ages skewed to adults and the elderly, as at a social desk.
        let age = weighted(
            &mut self.rng,
            &[
                (20..26, 8),
                (26..36, 14),
                (36..51, 24),
                (51..65, 22),
                (65..75, 16),
                (75..95, 16),
            ],
        );
        let years = self.rng.gen_range(age);
        let birth = today
            .checked_sub_days(Days::new(years as u64 * 365 + self.rng.gen_range(0..365)))
            .unwrap_or(today);
        let place = places.choose(&mut self.rng).copied().unwrap_or("H501");
        let codice_fiscale = if self.rng.gen_range(0..100) < 85 {
            CodiceFiscale::compute(&surname, &name, birth, female, place)
                .filter(|cf| self.cfs.insert(cf.to_string()))
        } else {
            None
        };
        let street = STREETS.choose(&mut self.rng).copied().unwrap_or("Via Roma");
        let number = self.rng.gen_range(1..80);
        NewPerson {
            identity: Identity::Named {
                surname,
                name,
                codice_fiscale,
                birth: Some(Birth::Date(birth)),
            },
            gender: if female { Gender::Female } else { Gender::Male },
            citizenship,
            residence: Some(DEMO_COMUNE.into()),
            address: format!("{street} {number}"),
            language: String::new(),
            interpreter: false,
            representatives: Vec::new(),
            phone: format!(
                "3{:02} {:07}",
                self.rng.gen_range(20..99),
                self.rng.gen_range(0..10_000_000)
            ),
            email: String::new(),
            household_notes: String::new(),
            privacy_notice: Some(today),
        }
    }

    fn appointments(&mut self, w: &mut Writer) -> Result<DemoSummary> {
        let mut day = self.options.end.succ_opt().unwrap_or(self.options.end);
        let mut planned = 0;
        while planned < 6 {
            if day.weekday() == Weekday::Tue {
                for hour in [9, 10, 11] {
                    let person = if self.persons.is_empty() {
                        None
                    } else {
                        Some(self.persons[self.rng.gen_range(0..self.persons.len())].0)
                    };
                    let start = NaiveTime::from_hms_opt(hour, 30, 0).unwrap_or_default();
                    w.now = self.stamp_of(self.options.end);
                    let id = self.id_on(self.options.end);
                    let attendee = match person {
                        Some(p) => Attendee::Person(p),
                        None => Attendee::Guest {
                            name: "Persona da registrare".into(),
                            phone: "0144 000000".into(),
                        },
                    };
                    w.insert_appointment(
                        id,
                        &NewAppointment {
                            attendee,
                            date: day,
                            start,
                            duration: Minutes(30),
                            note: "Colloquio di verifica".into(),
                        },
                    )?;
                    planned += 1;
                    self.summary.appointments += 1;
                }
            }
            day = day.succ_opt().unwrap_or(day);
        }
        Ok(self.summary.clone())
    }
}

/// The Belfiore code the demo's residents live in (Roccaverano, AT: a small comune; the
/// demo's desk keeps the invented name "Roccaverde").
pub const DEMO_COMUNE: &str = "H451";

fn weighted<T: Clone>(rng: &mut ChaCha8Rng, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut pick = rng.gen_range(0..total.max(1));
    for (item, weight) in items {
        if pick < *weight {
            return item.clone();
        }
        pick -= weight;
    }
    items[0].0.clone()
}
