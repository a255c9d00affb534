//! The activity report's figures on generated rows, against a recomputation written here from
//! the rules (a contact is a person on a day; a person counts once; age on the period's last
//! day), and the suppressed figures against the audit.

use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;
use sportello_core::stats::activity::{
    AppointmentRow, Birth, CaseRow, ContactRow, DeskTime, InterventionRow, PersonRow, ReferralRow,
};
use sportello_core::stats::{compute, trace, ActivityInput, Period, Printed};
use sportello_core::{
    AgeBand, Area, Channel, Citizenship, ContactOutcome, Gender, InterventionKind, Lang,
    ReferralOutcome, RequestType, Requester, SentBy, ServiceGiven,
};
use std::collections::{BTreeMap, BTreeSet};

fn day(offset: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).expect("date") + chrono::Days::new(u64::from(offset))
}

fn pick<T: Copy>(all: &[T], i: usize) -> T {
    all[i % all.len()]
}

prop_compose! {
    fn person(i: usize)(anonymous in prop::bool::weighted(0.2), g in 0usize..3, age in 0usize..100,
        born in 1920i32..2025, how in 0usize..4, cit in 0usize..4, res in 0usize..4,
        known in any::<bool>()) -> PersonRow {
        let birth = match how {
            0 => Birth::Date(NaiveDate::from_ymd_opt(born, 1 + (age % 12) as u32, 1 + (age % 28) as u32).expect("date")),
            1 => Birth::Year(born),
            2 => Birth::Band(pick(AgeBand::ALL, age)),
            _ => Birth::Unknown,
        };
        PersonRow {
            id: format!("p{i:03}"),
            anonymous,
            gender: pick(Gender::ALL, g),
            birth: if anonymous { Birth::Band(pick(AgeBand::ALL, age)) } else { birth },
            citizenship: pick(Citizenship::ALL, cit),
            residence: (!anonymous && res < 3).then(|| (["H451", "A944", "F205"][res].to_owned(), ["Roccaverde", "Bologna", "Milano"][res].to_owned())),
            known_before: !anonymous && known,
        }
    }
}

prop_compose! {
    fn contact(persons: usize)(p in 0..persons, d in 0u32..90, ch in 0usize..5,
        services in prop::collection::btree_set(0usize..8, 0..3),
        areas in prop::collection::btree_set(0usize..7, 0..3),
        outcome in prop::option::of(0usize..5), homeless in prop::bool::weighted(0.1),
        unmet in prop::option::of(0usize..7),
        asked in (prop::option::of(0usize..11), prop::option::of(0usize..9), prop::option::of(0usize..7))) -> ContactRow {
        let (rq, who, sent) = asked;
        let outcome = outcome.map(|o| pick(ContactOutcome::ALL, o));
        ContactRow {
            id: format!("c-{p}-{d}"),
            person_id: format!("p{p:03}"),
            date: day(d),
            channel: pick(Channel::ALL, ch),
            services: services.into_iter().map(|s| pick(ServiceGiven::ALL, s)).collect(),
            areas: areas.into_iter().map(|a| pick(Area::ALL, a)).collect(),
            request_type: rq.map(|i| pick(RequestType::ALL, i)),
            homeless,
            requester: who.map(|i| pick(Requester::ALL, i)),
            sent_by: sent.map(|i| pick(SentBy::ALL, i)),
            outcome,
            unmet_area: if outcome == Some(ContactOutcome::NoResource) { unmet.map(|a| pick(Area::ALL, a)) } else { None },
        }
    }
}

fn input() -> impl Strategy<Value = ActivityInput> {
    (1usize..40).prop_flat_map(|n| {
        (
            (0..n).map(person).collect::<Vec<_>>(),
            prop::collection::vec(contact(n), 0..120),
            prop::collection::vec(
                (
                    0u32..90,
                    0usize..3,
                    prop::option::of(0usize..5),
                    any::<bool>(),
                    prop::option::of(0u32..120),
                ),
                0..20,
            ),
            prop::collection::vec((0u32..90, any::<bool>(), prop::bool::weighted(0.2)), 0..20),
            // Case periods: (case, opened days from 2 October 2025, closed days after).
            prop::collection::vec((0usize..10, 0u32..200, prop::option::of(0u32..120)), 0..10),
            prop::collection::vec((0usize..12, 0u32..90), 0..10),
        )
            .prop_map(
                |(persons, mut contacts, referrals, appointments, cases, interventions)| {
                    // Ids unique, as in the archive.
                    for (i, c) in contacts.iter_mut().enumerate() {
                        c.id = format!("c{i:04}");
                    }
                    let period = Period::quarter(2026, 1).expect("period");
                    let cases = cases
                        .into_iter()
                        .map(|(k, open, close)| {
                            let opened_on = day(open) - chrono::Days::new(91);
                            CaseRow {
                                id: format!("k{k}"),
                                area: pick(Area::ALL, k),
                                opened_on,
                                closed_on: close
                                    .map(|c| opened_on + chrono::Days::new(u64::from(c))),
                            }
                        })
                        // As the archive reads them: the periods that overlap the report's.
                        .filter(|c| {
                            c.opened_on <= period.to && c.closed_on.is_none_or(|d| d >= period.from)
                        })
                        .collect();
                    ActivityInput {
                        cases,
                        interventions: interventions
                            .into_iter()
                            .enumerate()
                            .map(|(i, (k, d))| InterventionRow {
                                id: format!("i{i:03}"),
                                kind: pick(InterventionKind::ALL, k),
                                from: day(d),
                            })
                            .collect(),
                        period: Period::quarter(2026, 1).expect("period"),
                        as_of: day(60),
                        desk_comune: Some("H451".into()),
                        persons,
                        contacts,
                        referrals: referrals
                            .into_iter()
                            .enumerate()
                            .map(|(i, (d, s, o, feedback, reply))| ReferralRow {
                                id: format!("r{i:03}"),
                                date: day(d),
                                service_id: format!("s{s}"),
                                service_name: ["SAD", "CSM", "Centro per l'impiego"][s].into(),
                                outcome: o.map(|o| pick(ReferralOutcome::ALL, o)),
                                feedback,
                                expected_reply: reply.map(day),
                            })
                            .collect(),
                        appointments: appointments
                            .into_iter()
                            .enumerate()
                            .map(|(i, (d, held, cancelled))| AppointmentRow {
                                id: format!("a{i:03}"),
                                date: day(d),
                                held,
                                cancelled,
                            })
                            .collect(),
                        desk: DeskTime::default(),
                    }
                },
            )
    })
}

fn age_band(p: &PersonRow, last: NaiveDate) -> AgeBand {
    match p.birth {
        Birth::Date(b) => {
            let mut years = last.year() - b.year();
            if (last.month(), last.day()) < (b.month(), b.day()) {
                years -= 1;
            }
            AgeBand::of_age(years)
        }
        Birth::Year(y) => AgeBand::of_age(last.year() - y),
        Birth::Band(b) => b,
        Birth::Unknown => AgeBand::Unknown,
    }
}

fn raw(
    figures: &sportello_core::stats::PrintedFigures,
    table: &str,
    row: &str,
    column: usize,
) -> u64 {
    let t = figures.table(table).expect("table");
    let cell = if row == "totale" {
        t.total.cells[column]
    } else {
        t.rows
            .iter()
            .find(|r| r.code == row)
            .map_or(Printed::Value(0), |r| r.cells[column])
    };
    cell.value().expect("raw figures are all printed")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    #[test]
    fn figures_equal_a_recomputation_and_suppression_passes_the_audit(input in input()) {
        let figures = compute(&input, Lang::It);
        prop_assert!(figures.grid.is_consistent(), "a declared equation is false of the figures");
        let raw_figures = figures.unsuppressed(3);
        let h = &raw_figures.headline;

        // Contacts: distinct (person, day).
        let contacts: BTreeMap<(String, NaiveDate), Vec<&ContactRow>> =
            input.contacts.iter().fold(BTreeMap::new(), |mut m, c| {
                m.entry((c.person_id.clone(), c.date)).or_insert_with(Vec::new).push(c);
                m
            });
        prop_assert_eq!(h.contacts.value(), Some(contacts.len() as u64));
        prop_assert_eq!(h.colloqui.value(), Some(input.contacts.len() as u64));
        // A channel counts the contacts that had it at least once.
        for ch in Channel::ALL {
            let n = contacts.values().filter(|cs| cs.iter().any(|c| c.channel == *ch)).count() as u64;
            prop_assert_eq!(raw(&raw_figures, "contacts_by_channel", ch.code(), 0), n);
        }
        for a in Area::ALL {
            let n = contacts.values().filter(|cs| cs.iter().any(|c| c.areas.contains(a))).count() as u64;
            prop_assert_eq!(raw(&raw_figures, "contacts_by_area", a.code(), 0), n);
        }
        for rq in RequestType::ALL {
            let n = contacts.values().filter(|cs| cs.iter().any(|c| c.request_type == Some(*rq))).count() as u64;
            prop_assert_eq!(raw(&raw_figures, "contacts_by_request", rq.code(), 0), n);
        }
        let no_requester = contacts.values().filter(|cs| cs.iter().all(|c| c.requester.is_none())).count() as u64;
        prop_assert_eq!(raw(&raw_figures, "contacts_by_requester", "nd", 0), no_requester);
        for sv in ServiceGiven::ALL {
            let n = contacts.values().filter(|cs| cs.iter().any(|c| c.services.contains(sv))).count() as u64;
            prop_assert_eq!(raw(&raw_figures, "contacts_by_service", sv.code(), 0), n);
        }
        let months: BTreeMap<u32, u64> = contacts.keys().fold(BTreeMap::new(), |mut m, (_, d)| {
            *m.entry(d.month()).or_default() += 1;
            m
        });
        for (month, n) in &months {
            prop_assert_eq!(raw(&raw_figures, "contacts_by_month", &format!("2026-{month:02}"), 0), *n);
        }
        let homeless = contacts.values().filter(|cs| cs.iter().any(|c| c.homeless)).count() as u64;
        prop_assert_eq!(raw(&raw_figures, "contacts_homeless", "si", 0), homeless);

        // Persons: those with a contact, each once.
        let seen: BTreeSet<&str> = input.contacts.iter().map(|c| c.person_id.as_str()).collect();
        let persons: Vec<&PersonRow> = input.persons.iter().filter(|p| seen.contains(p.id.as_str())).collect();
        prop_assert_eq!(h.persons.value(), Some(persons.len() as u64));
        let anonymous = persons.iter().filter(|p| p.anonymous).count() as u64;
        let known = persons.iter().filter(|p| p.known_before).count() as u64;
        prop_assert_eq!(h.anonymous_contacts.value(), Some(anonymous));
        prop_assert_eq!(h.known_persons.value(), Some(known));
        prop_assert_eq!(h.new_persons.value(), Some(persons.len() as u64 - anonymous - known));
        let last = input.period.to;
        for (gi, g) in Gender::ALL.iter().enumerate() {
            for band in AgeBand::ALL {
                let n = persons.iter().filter(|p| p.gender == *g && age_band(p, last) == *band).count() as u64;
                prop_assert_eq!(raw(&raw_figures, "persons_by_age_gender", band.code(), gi), n);
            }
            let column = persons.iter().filter(|p| p.gender == *g).count() as u64;
            prop_assert_eq!(raw(&raw_figures, "persons_by_age_gender", "totale", gi), column);
        }
        let residents = persons.iter().filter(|p| p.residence.as_ref().is_some_and(|r| r.0 == "H451")).count() as u64;
        prop_assert_eq!(raw(&raw_figures, "persons_by_residence", "H451", 0), residents);
        let cit = persons.iter().filter(|p| p.citizenship == Citizenship::NonEu).count() as u64;
        prop_assert_eq!(raw(&raw_figures, "persons_by_citizenship", Citizenship::NonEu.code(), 0), cit);

        // Referrals and appointments.
        prop_assert_eq!(h.referrals.value(), Some(input.referrals.len() as u64));
        for o in ReferralOutcome::ALL {
            let n = input.referrals.iter().filter(|r| r.outcome == Some(*o)).count() as u64;
            prop_assert_eq!(raw(&raw_figures, "referrals_by_outcome", o.code(), 0), n);
        }
        let overdue = input.referrals.iter().filter(|r| {
            matches!(r.outcome, None | Some(ReferralOutcome::Sent) | Some(ReferralOutcome::Waiting))
                && r.expected_reply.is_some_and(|d| d < input.as_of)
        }).count() as u64;
        prop_assert_eq!(raw(&raw_figures, "referrals_follow_up", "scaduti", 0), overdue);
        let no_show = input.appointments.iter().filter(|a| !a.cancelled && !a.held && a.date < input.as_of).count() as u64;
        prop_assert_eq!(raw(&raw_figures, "appointments_by_status", "mancato", 0), no_show);

        // Casework: a case counts once however many of its periods fall in the quarter.
        if input.has_casework() {
            let within = |d: NaiveDate| input.period.from <= d && d <= input.period.to;
            for area in Area::ALL {
                let of_area: Vec<&CaseRow> = input.cases.iter().filter(|c| c.area == *area).collect();
                let ids = |keep: &dyn Fn(&CaseRow) -> bool| {
                    of_area.iter().filter(|c| keep(c)).map(|c| c.id.as_str()).collect::<BTreeSet<_>>().len() as u64
                };
                prop_assert_eq!(raw(&raw_figures, "cases_active_by_area", area.code(), 0), ids(&|_| true));
                prop_assert_eq!(raw(&raw_figures, "cases_opened_by_area", area.code(), 0), ids(&|c| within(c.opened_on)));
                prop_assert_eq!(raw(&raw_figures, "cases_closed_by_area", area.code(), 0), ids(&|c| c.closed_on.is_some_and(within)));
            }
            for kind in InterventionKind::ALL {
                let n = input.interventions.iter().filter(|i| i.kind == *kind).count() as u64;
                prop_assert_eq!(raw(&raw_figures, "interventions_by_kind", kind.code(), 0), n);
            }
        } else {
            prop_assert!(raw_figures.table("cases_active_by_area").is_none());
        }

        // Traceability: the records behind a figure are as many as it counts.
        let behind = trace(&input, "persons_by_citizenship", Citizenship::NonEu.code(), None).expect("table");
        prop_assert_eq!(behind.ids.len() as u64, cit);

        // Suppressed: what is printed is true and not small; nothing hidden can be pinned.
        let printed = figures.suppressed(3).expect("protected");
        prop_assert!(printed.suppressed);
        for (t_raw, t) in raw_figures.tables.iter().zip(&printed.tables) {
            for (r_raw, r) in t_raw.rows.iter().chain([&t_raw.total]).zip(t.rows.iter().chain([&t.total])) {
                for (c_raw, c) in r_raw.cells.iter().zip(&r.cells) {
                    if let Printed::Value(v) = c {
                        prop_assert_eq!(Some(*v), c_raw.value());
                        prop_assert!(*v == 0 || *v >= 3, "{} printed in {}", v, t.code);
                    }
                }
            }
        }
        let cells = figures.grid.suppress(3).expect("protected");
        prop_assert!(figures.grid.audit(&cells, 3).is_empty());
    }
}
