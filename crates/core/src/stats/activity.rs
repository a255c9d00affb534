//! The activity report's figures, from plain rows: no database, so every figure can be
//! recomputed from the rows by anyone (the property tests do).
//!
//! Counting units: a **contact** is a person on a day (the IASS convention: two colloqui of the
//! same person on the same day are one contact, which counts once in the total and once in each
//! channel, service, area… it had, so those tables may add up to more than the total); a
//! **person** is a named person with a contact in the period, or an anonymous contact (which
//! cannot be told apart from another); a **referral** is one invio made in the period; an
//! **appointment** is one booked in the period.

use super::period::Period;
use super::suppress::{CannotProtect, CellId, Grid, Printed};
use crate::category::{
    Area, Channel, ContactOutcome, Gender, ReferralOutcome, RequestType, Requester, SentBy,
    ServiceGiven,
};
use crate::messages::Lang;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

pub use super::rows::{
    ActivityInput, AppointmentRow, Birth, CaseRow, ContactRow, DeskTime, InterventionRow,
    PersonRow, ReferralRow,
};

/// A contact in the IASS sense: a person on a day, with everything its colloqui had.
#[derive(Debug, Clone, Default)]
struct Contact<'a> {
    person_id: &'a str,
    date: Option<NaiveDate>,
    colloqui: Vec<&'a str>,
    channels: BTreeSet<Channel>,
    services: BTreeSet<ServiceGiven>,
    areas: BTreeSet<Area>,
    request_types: BTreeSet<RequestType>,
    homeless: bool,
    requesters: BTreeSet<Requester>,
    sent_by: BTreeSet<SentBy>,
    outcomes: BTreeSet<ContactOutcome>,
    unmet_areas: BTreeSet<Area>,
}

fn merge_contacts(rows: &[ContactRow]) -> Vec<Contact<'_>> {
    let mut by_key: BTreeMap<(NaiveDate, &str), Contact<'_>> = BTreeMap::new();
    for row in rows {
        let c = by_key.entry((row.date, &row.person_id)).or_default();
        c.person_id = &row.person_id;
        c.date = Some(row.date);
        c.colloqui.push(&row.id);
        c.channels.insert(row.channel);
        c.services.extend(row.services.iter().copied());
        c.areas.extend(row.areas.iter().copied());
        c.request_types.extend(row.request_type);
        c.homeless |= row.homeless;
        c.requesters.extend(row.requester);
        c.sent_by.extend(row.sent_by);
        c.outcomes.extend(row.outcome);
        c.unmet_areas.extend(row.unmet_area);
    }
    by_key.into_values().collect()
}

use super::table::label;
pub use super::table::{Headline, Label, Row, Table, Unit};

/// The figures of a period, before suppression: the cells, the equations a reader can write
/// about them, and the tables that print them.
#[derive(Debug, Clone)]
pub struct ActivityFigures {
    pub period: Period,
    pub grid: Grid,
    pub headline: Headline<CellId>,
    pub tables: Vec<Table<CellId>>,
    pub desk: DeskTime,
}

/// The figures as printed: suppressed, or raw for the operator's own checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrintedFigures {
    pub period: Period,
    pub threshold: u64,
    /// False only for the raw figures the operator asks for her own checks: never printed.
    pub suppressed: bool,
    pub headline: Headline<Printed>,
    pub tables: Vec<Table<Printed>>,
    pub desk: DeskTime,
}

impl PrintedFigures {
    pub fn table(&self, code: &str) -> Option<&Table<Printed>> {
        self.tables.iter().find(|t| t.code == code)
    }
}

impl ActivityFigures {
    /// The figures with small counts and their partners withheld.
    pub fn suppressed(&self, threshold: u64) -> Result<PrintedFigures, CannotProtect> {
        let threshold = threshold.clamp(
            super::suppress::MIN_THRESHOLD,
            super::suppress::MAX_THRESHOLD,
        );
        let printed = self.grid.suppress(threshold)?;
        Ok(self.printed_with(threshold, true, &|c: CellId| printed[c.0]))
    }

    /// The raw figures (marked as such).
    pub fn unsuppressed(&self, threshold: u64) -> PrintedFigures {
        let threshold = threshold.clamp(
            super::suppress::MIN_THRESHOLD,
            super::suppress::MAX_THRESHOLD,
        );
        let grid = &self.grid;
        self.printed_with(threshold, false, &|c: CellId| Printed::Value(grid.value(c)))
    }

    fn printed_with(
        &self,
        threshold: u64,
        suppressed: bool,
        f: &impl Fn(CellId) -> Printed,
    ) -> PrintedFigures {
        let h = &self.headline;
        PrintedFigures {
            period: self.period,
            threshold,
            suppressed,
            headline: Headline {
                contacts: f(h.contacts),
                colloqui: f(h.colloqui),
                persons: f(h.persons),
                new_persons: f(h.new_persons),
                known_persons: f(h.known_persons),
                anonymous_contacts: f(h.anonymous_contacts),
                referrals: f(h.referrals),
                appointments: f(h.appointments),
            },
            tables: self.tables.iter().map(|t| t.map(f)).collect(),
            desk: self.desk,
        }
    }

    pub fn value(&self, cell: CellId) -> u64 {
        self.grid.value(cell)
    }
}

/// The record ids behind one figure, as the app lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trace {
    pub unit: Unit,
    /// Colloqui, persons, referrals or appointments, by id.
    pub ids: Vec<String>,
}

/// A unit of counting, classified: the row codes (and column code) it falls in, per table.
struct Classified<'a> {
    unit: Unit,
    /// The record ids behind this unit.
    ids: Vec<&'a str>,
    /// (table code, row code, column code)
    marks: Vec<(&'static str, String, Option<&'static str>)>,
}

/// Multi-response tables where every unit falls in at least one row (every contact has a
/// channel; the others have a "not stated" row): their rows add up to at least the total.
const MANDATORY: &[&str] = &[
    "contacts_by_channel",
    "contacts_by_request",
    "contacts_by_area",
    "contacts_by_requester",
    "contacts_by_sent_by",
    "contacts_by_outcome",
    "unmet_needs_by_area",
];

/// Tables where each colloquio has at most one value: a merged contact's rows add up to at
/// most its colloqui, so a table's rows add up to at most the colloqui.
const ONE_PER_COLLOQUIO: &[&str] = &[
    "contacts_by_channel",
    "contacts_by_request",
    "contacts_by_requester",
    "contacts_by_sent_by",
    "contacts_by_outcome",
    "unmet_needs_by_area",
];

pub(super) const AGE_BANDS_BY_GENDER: &str = "persons_by_age_gender";

/// The tables, in print order, with their titles.
const TABLES: &[(&str, &str, Unit, bool)] = &[
    (
        "contacts_by_month",
        "Contatti per mese",
        Unit::Contacts,
        false,
    ),
    (
        "contacts_by_channel",
        "Contatti per canale",
        Unit::Contacts,
        true,
    ),
    (
        "contacts_by_service",
        "Prestazioni erogate",
        Unit::Contacts,
        true,
    ),
    (
        "contacts_by_request",
        "Tipo di richiesta",
        Unit::Contacts,
        true,
    ),
    ("contacts_by_area", "Aree di bisogno", Unit::Contacts, true),
    (
        "contacts_homeless",
        "Persone senza dimora (contatti)",
        Unit::Contacts,
        false,
    ),
    (
        "contacts_by_requester",
        "Chi ha chiesto il contatto",
        Unit::Contacts,
        true,
    ),
    (
        "contacts_by_sent_by",
        "Canale d'invio allo sportello",
        Unit::Contacts,
        true,
    ),
    (
        "contacts_by_outcome",
        "Esito del contatto",
        Unit::Contacts,
        true,
    ),
    (
        "unmet_needs_by_area",
        "Bisogni senza risposta per area (osservatorio)",
        Unit::Contacts,
        true,
    ),
    (
        "persons_new_known",
        "Persone nuove e già conosciute",
        Unit::Persons,
        false,
    ),
    (
        AGE_BANDS_BY_GENDER,
        "Persone per fascia d'età e genere",
        Unit::Persons,
        false,
    ),
    (
        "persons_by_citizenship",
        "Persone per cittadinanza",
        Unit::Persons,
        false,
    ),
    (
        "persons_by_residence",
        "Persone per comune di residenza",
        Unit::Persons,
        false,
    ),
    (
        "referrals_by_service",
        "Invii per servizio di destinazione",
        Unit::Referrals,
        false,
    ),
    (
        "referrals_by_outcome",
        "Invii per esito più recente",
        Unit::Referrals,
        false,
    ),
    (
        "referrals_follow_up",
        "Riscontro degli invii",
        Unit::Referrals,
        true,
    ),
    (
        "appointments_by_status",
        "Appuntamenti",
        Unit::Appointments,
        false,
    ),
    (
        CASES_ACTIVE,
        "Prese in carico attive nel periodo, per area di bisogno",
        Unit::Cases,
        false,
    ),
    (
        CASES_OPENED,
        "Prese in carico aperte nel periodo, per area di bisogno",
        Unit::Cases,
        false,
    ),
    (
        CASES_CLOSED,
        "Prese in carico chiuse nel periodo, per area di bisogno",
        Unit::Cases,
        false,
    ),
    (
        "interventions_by_kind",
        "Interventi attivi nel periodo, per tipo",
        Unit::Interventions,
        false,
    ),
];

pub(super) const CASES_ACTIVE: &str = "cases_active_by_area";
pub(super) const CASES_OPENED: &str = "cases_opened_by_area";
pub(super) const CASES_CLOSED: &str = "cases_closed_by_area";

/// Tables whose total is their own (a part of the unit's), not the unit's.
const OWN_TOTAL: &[&str] = &["unmet_needs_by_area", CASES_OPENED, CASES_CLOSED];

fn codes<T: Copy>(set: impl IntoIterator<Item = T>, code: fn(T) -> &'static str) -> Vec<String> {
    set.into_iter().map(|v| code(v).to_owned()).collect()
}

fn none_if_empty(mut v: Vec<String>) -> Vec<String> {
    if v.is_empty() {
        v.push(NOT_STATED.to_owned());
    }
    v
}

pub(super) const NOT_STATED: &str = "nd";
pub(super) const NO_RESIDENCE: &str = "nd";

fn classify(input: &ActivityInput) -> Vec<Classified<'_>> {
    let mut out = Vec::new();
    let last_day = input.period.to;
    let contacts = merge_contacts(&input.contacts);
    for c in &contacts {
        let date = c.date.unwrap_or(input.period.from);
        let mut marks = vec![
            (
                "contacts_by_month",
                format!("{:04}-{:02}", date.year(), date.month()),
                None,
            ),
            (
                "contacts_homeless",
                if c.homeless { "si" } else { "no" }.to_owned(),
                None,
            ),
        ];
        let mut add = |table: &'static str, rows: Vec<String>| {
            marks.extend(rows.into_iter().map(|r| (table, r, None)));
        };
        add(
            "contacts_by_channel",
            codes(c.channels.iter().copied(), Channel::code),
        );
        add(
            "contacts_by_service",
            codes(c.services.iter().copied(), ServiceGiven::code),
        );
        add(
            "contacts_by_request",
            none_if_empty(codes(c.request_types.iter().copied(), RequestType::code)),
        );
        add(
            "contacts_by_area",
            none_if_empty(codes(c.areas.iter().copied(), Area::code)),
        );
        add(
            "contacts_by_requester",
            none_if_empty(codes(c.requesters.iter().copied(), Requester::code)),
        );
        add(
            "contacts_by_sent_by",
            none_if_empty(codes(c.sent_by.iter().copied(), SentBy::code)),
        );
        add(
            "contacts_by_outcome",
            none_if_empty(codes(c.outcomes.iter().copied(), ContactOutcome::code)),
        );
        if c.outcomes.contains(&ContactOutcome::NoResource) {
            add(
                "unmet_needs_by_area",
                none_if_empty(codes(c.unmet_areas.iter().copied(), Area::code)),
            );
        }
        out.push(Classified {
            unit: Unit::Contacts,
            ids: c.colloqui.clone(),
            marks,
        });
    }
    let with_contact: BTreeSet<&str> = contacts.iter().map(|c| c.person_id).collect();
    for p in input
        .persons
        .iter()
        .filter(|p| with_contact.contains(p.id.as_str()))
    {
        let status = if p.anonymous {
            "anonimo"
        } else if p.known_before {
            "gia_conosciuto"
        } else {
            "nuovo"
        };
        let residence = match &p.residence {
            Some((code, _)) => code.clone(),
            None => NO_RESIDENCE.to_owned(),
        };
        out.push(Classified {
            unit: Unit::Persons,
            ids: vec![&p.id],
            marks: vec![
                ("persons_new_known", status.to_owned(), None),
                (
                    AGE_BANDS_BY_GENDER,
                    p.birth.band_on(last_day).code().to_owned(),
                    Some(p.gender.code()),
                ),
                (
                    "persons_by_citizenship",
                    p.citizenship.code().to_owned(),
                    None,
                ),
                ("persons_by_residence", residence, None),
            ],
        });
    }
    for r in &input.referrals {
        let mut marks = vec![
            ("referrals_by_service", r.service_id.clone(), None),
            (
                "referrals_by_outcome",
                r.outcome
                    .map_or(NOT_STATED, ReferralOutcome::code)
                    .to_owned(),
                None,
            ),
        ];
        if r.feedback {
            marks.push(("referrals_follow_up", "riscontro".to_owned(), None));
        }
        if r.overdue_on(input.as_of) {
            marks.push(("referrals_follow_up", "scaduti".to_owned(), None));
        }
        out.push(Classified {
            unit: Unit::Referrals,
            ids: vec![&r.id],
            marks,
        });
    }
    let within = |d: NaiveDate| input.period.from <= d && d <= input.period.to;
    // A case is one unit, however many of its periods (it may have been closed and reopened)
    // fall in the report's: active in it; opened, closed, when one of its periods was.
    let mut cases: BTreeMap<&str, Classified<'_>> = BTreeMap::new();
    for c in &input.cases {
        let area = c.area.code().to_owned();
        let unit = cases.entry(c.id.as_str()).or_insert_with(|| Classified {
            unit: Unit::Cases,
            ids: vec![&c.id],
            marks: vec![(CASES_ACTIVE, area.clone(), None)],
        });
        let mut mark = |table: &'static str| {
            if !unit.marks.iter().any(|(t, ..)| *t == table) {
                unit.marks.push((table, area.clone(), None));
            }
        };
        if within(c.opened_on) {
            mark(CASES_OPENED);
        }
        if c.closed_on.is_some_and(within) {
            mark(CASES_CLOSED);
        }
    }
    out.extend(cases.into_values());
    for i in &input.interventions {
        out.push(Classified {
            unit: Unit::Interventions,
            ids: vec![&i.id],
            marks: vec![("interventions_by_kind", i.kind.code().to_owned(), None)],
        });
    }
    for a in &input.appointments {
        let status = if a.cancelled {
            "annullato"
        } else if a.held {
            "tenuto"
        } else if a.date >= input.as_of {
            "da_tenere"
        } else {
            "mancato"
        };
        out.push(Classified {
            unit: Unit::Appointments,
            ids: vec![&a.id],
            marks: vec![("appointments_by_status", status.to_owned(), None)],
        });
    }
    out
}

/// Computes the figures of a period and the equations a reader can write about them.
pub fn compute(input: &ActivityInput, lang: Lang) -> ActivityFigures {
    let units = classify(input);
    let labels = super::labels::row_labels(input, lang);
    let mut grid = Grid::new();

    let count_unit = |unit: Unit| units.iter().filter(|u| u.unit == unit).count() as u64;
    let contacts_n = count_unit(Unit::Contacts);
    let persons_n = count_unit(Unit::Persons);
    let referrals_n = count_unit(Unit::Referrals);
    let appointments_n = count_unit(Unit::Appointments);
    let cases_n = count_unit(Unit::Cases);
    let interventions_n = count_unit(Unit::Interventions);
    let marked = |table: &str| {
        units
            .iter()
            .filter(|u| u.marks.iter().any(|(t, ..)| *t == table))
            .count() as u64
    };
    let mut tally: BTreeMap<(&str, &str, Option<&str>), u64> = BTreeMap::new();
    for u in &units {
        for (table, row, column) in &u.marks {
            *tally.entry((table, row.as_str(), *column)).or_default() += 1;
        }
    }
    let get = |table: &str, row: &str, column: Option<&str>| {
        tally.get(&(table, row, column)).copied().unwrap_or(0)
    };

    let contacts = grid.cell(contacts_n);
    let persons = grid.cell(persons_n);
    let referrals = grid.cell(referrals_n);
    let appointments = grid.cell(appointments_n);
    let colloqui = grid.cell(input.contacts.len() as u64);
    let cases = grid.cell(cases_n);
    let interventions = grid.cell(interventions_n);
    let mut tables = Vec::new();
    let mut status_cells = BTreeMap::new();
    for &(code, title, unit, multi) in TABLES {
        if unit.is_casework() && !input.has_casework() {
            continue;
        }
        let total = match unit {
            Unit::Contacts => contacts,
            Unit::Persons => persons,
            Unit::Referrals => referrals,
            Unit::Appointments => appointments,
            Unit::Cases => cases,
            Unit::Interventions => interventions,
        };
        let rows_of = &labels[code];
        if code == AGE_BANDS_BY_GENDER {
            tables.push(cross_table(
                &mut grid, code, title, rows_of, total, &get, lang,
            ));
            continue;
        }
        let mut rows = Vec::new();
        let mut cells = Vec::new();
        // Comuni and destination services are listed only when something falls in them: a
        // reader knows each of those rows is at least 1.
        let listed_when_present = matches!(code, "persons_by_residence" | "referrals_by_service");
        for l in rows_of {
            let value = get(code, &l.code, None);
            let cell = if listed_when_present && l.code != NO_RESIDENCE {
                grid.cell_at_least_one(value)
            } else {
                grid.cell(value)
            };
            cells.push(cell);
            if code == "persons_new_known" {
                status_cells.insert(l.code.clone(), cell);
            }
            rows.push(Row {
                code: l.code.clone(),
                label: l.label.clone(),
                cells: vec![cell],
            });
        }
        // The unmet needs have their own total: the contacts that met no resource; so have the
        // cases opened and closed, a part of those active.
        let table_total = if code == "unmet_needs_by_area" {
            grid.cell(get(
                "contacts_by_outcome",
                ContactOutcome::NoResource.code(),
                None,
            ))
        } else if OWN_TOTAL.contains(&code) {
            let own = grid.cell(marked(code));
            grid.each_at_most(&[own], total);
            own
        } else {
            total
        };
        if multi {
            grid.each_at_most(&cells, table_total);
            if MANDATORY.contains(&code) {
                grid.sum_at_least(&cells, table_total);
            }
            if ONE_PER_COLLOQUIO.contains(&code) {
                grid.sum_at_most(&cells, colloqui);
            }
        } else {
            grid.sum_equals(&cells, table_total);
        }
        tables.push(Table {
            code: code.to_owned(),
            title: title.to_owned(),
            unit,
            multi_response: multi,
            columns: vec![label("n", "N.")],
            rows,
            total: Row {
                code: "totale".to_owned(),
                label: "Totale".to_owned(),
                cells: vec![table_total],
            },
        });
    }
    // The unmet-needs total is the "no resource" row of the outcomes.
    super::links::link_unmet_total(&mut grid, &tables);
    // A case opened or closed in the period was active in it, in the same area.
    super::links::link_cases_to_active(&mut grid, &tables);

    let headline = Headline {
        contacts,
        colloqui,
        persons,
        new_persons: status_cells["nuovo"],
        known_persons: status_cells["gia_conosciuto"],
        anonymous_contacts: status_cells["anonimo"],
        referrals,
        appointments,
    };
    // What else a reader can write: colloqui are at least the contacts, contacts at least the
    // persons and at least the opening days held (printed with the desk's time); the persons
    // with no comune of residence include the anonymous ones; an overdue referral has no
    // answer yet.
    grid.each_at_most(&[contacts], colloqui);
    grid.each_at_most(&[persons], contacts);
    let held = grid.fixed_cell(u64::from(input.desk.sessions_held));
    grid.each_at_most(&[held], contacts);
    let cell_of = |table: &str, row: &str| {
        tables
            .iter()
            .find(|t| t.code == table)
            .and_then(|t| t.rows.iter().find(|r| r.code == row))
            .map(|r| r.cells[0])
    };
    if let (Some(anonymous), Some(no_comune)) = (
        cell_of("persons_new_known", "anonimo"),
        cell_of("persons_by_residence", NO_RESIDENCE),
    ) {
        grid.each_at_most(&[anonymous], no_comune);
    }
    if let Some(overdue) = cell_of("referrals_follow_up", "scaduti") {
        let open: Vec<CellId> = [
            ReferralOutcome::Sent.code(),
            ReferralOutcome::Waiting.code(),
            NOT_STATED,
        ]
        .iter()
        .filter_map(|row| cell_of("referrals_by_outcome", row))
        .collect();
        grid.sum_at_least(&open, overdue);
    }

    ActivityFigures {
        period: input.period,
        grid,
        headline,
        tables,
        desk: input.desk,
    }
}

fn cross_table(
    grid: &mut Grid,
    code: &str,
    title: &str,
    rows_of: &[Label],
    total: CellId,
    get: &impl Fn(&str, &str, Option<&str>) -> u64,
    lang: Lang,
) -> Table<CellId> {
    let genders = Gender::ALL;
    let mut rows = Vec::new();
    let mut column_cells: Vec<Vec<CellId>> = vec![Vec::new(); genders.len()];
    let mut row_totals = Vec::new();
    for l in rows_of {
        let cells: Vec<CellId> = genders
            .iter()
            .map(|g| grid.cell(get(code, &l.code, Some(g.code()))))
            .collect();
        let row_total = grid.cell(cells.iter().map(|&c| grid.value(c)).sum());
        grid.sum_equals(&cells, row_total);
        for (i, &c) in cells.iter().enumerate() {
            column_cells[i].push(c);
        }
        row_totals.push(row_total);
        let mut all = cells;
        all.push(row_total);
        rows.push(Row {
            code: l.code.clone(),
            label: l.label.clone(),
            cells: all,
        });
    }
    grid.sum_equals(&row_totals, total);
    let mut total_cells = Vec::new();
    for cells in &column_cells {
        let column_total = grid.cell(cells.iter().map(|&c| grid.value(c)).sum());
        grid.sum_equals(cells, column_total);
        total_cells.push(column_total);
    }
    grid.sum_equals(&total_cells, total);
    total_cells.push(total);
    let mut columns: Vec<Label> = genders
        .iter()
        .map(|g| label(g.code(), g.label(lang)))
        .collect();
    columns.push(label("totale", "Totale"));
    Table {
        code: code.to_owned(),
        title: title.to_owned(),
        unit: Unit::Persons,
        multi_response: false,
        columns,
        rows,
        total: Row {
            code: "totale".to_owned(),
            label: "Totale".to_owned(),
            cells: total_cells,
        },
    }
}

/// The records behind one figure: a table's row (and column, for the age × gender table), or
/// the table's total with `row` = "totale".
pub fn trace(input: &ActivityInput, table: &str, row: &str, column: Option<&str>) -> Option<Trace> {
    let &(_, _, unit, _) = TABLES.iter().find(|(code, ..)| *code == table)?;
    let units = classify(input);
    let mut ids: Vec<String> = Vec::new();
    for u in units.iter().filter(|u| u.unit == unit) {
        let hit = if row == "totale" && column.is_none_or(|c| c == "totale") {
            // Some tables' totals are their own; every other total is the unit's.
            !OWN_TOTAL.contains(&table) || u.marks.iter().any(|(t, ..)| *t == table)
        } else {
            u.marks.iter().any(|(t, r, c)| {
                *t == table
                    && (row == "totale" || r == row)
                    && match column {
                        None | Some("totale") => true,
                        Some(col) => *c == Some(col),
                    }
            })
        };
        if hit {
            ids.extend(u.ids.iter().map(|s| (*s).to_owned()));
        }
    }
    ids.sort();
    ids.dedup();
    Some(Trace { unit, ids })
}
