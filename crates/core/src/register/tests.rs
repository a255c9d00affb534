//! The register read and written: the template round trip, another layout through a mapping,
//! and every kind of bad cell reported by line and column.

use super::*;
use crate::category::*;
use crate::comuni::Comuni;
use crate::ids::ServiceId;
use crate::model::Birth;
use crate::units::Minutes;
use crate::CodiceFiscale;
use chrono::{NaiveDate, NaiveTime};
use uuid::Uuid;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

fn comuni() -> Comuni {
    Comuni::parse(
        "H501\tRoma\tRM\t058091\t1\nC400\tCastro\tLE\t075096\t1\nC335\tCastro\tBG\t016065\t1\nL736\tVenezia\tVE\t027042\t1\n",
    )
    .expect("comuni")
}

fn services() -> Vec<(ServiceId, String)> {
    vec![
        (ServiceId(Uuid::from_u128(1)), "Centro per l'impiego".into()),
        (
            ServiceId(Uuid::from_u128(2)),
            "CAF – assistenza fiscale".into(),
        ),
    ]
}

fn lookups<'a>(c: &'a Comuni, s: &'a [(ServiceId, String)]) -> Lookups<'a> {
    Lookups {
        comuni: c,
        services: s,
        today: d(2026, 11, 26),
        oldest: Some((d(2016, 11, 26), 10)),
    }
}

fn named_row() -> RegisterRow {
    RegisterRow {
        line: 2,
        date: d(2025, 3, 4),
        start_time: NaiveTime::from_hms_opt(9, 30, 0),
        duration: Minutes(40),
        person: RowPerson::Named {
            surname: "D'Angelo De Luca".into(),
            name: "Nicolò".into(),
            codice_fiscale: Some(CodiceFiscale::parse("RSSMRA85T10A562S").expect("cf")),
            birth: Some(Birth::Date(d(1985, 12, 10))),
            gender: Some(Gender::Male),
            citizenship: Some(Citizenship::Italian),
            residence: Some("C400".into()),
        },
        channel: Channel::Phone,
        requester: Some(Requester::Relative),
        sent_by: Some(SentBy::Health),
        services: vec![ServiceGiven::Listening, ServiceGiven::Referral],
        areas: vec![Area::Family, Area::Poverty],
        request_type: Some(RequestType::Financial),
        homeless: true,
        outcome: Some(ContactOutcome::Referred),
        unmet_need: String::new(),
        referrals: vec![
            RowReferral {
                service: ServiceId(Uuid::from_u128(1)),
                outcome: None,
            },
            RowReferral {
                service: ServiceId(Uuid::from_u128(2)),
                outcome: Some(ReferralOutcome::TakenInCharge),
            },
        ],
        summary: "Affitto arretrato; «sfratto» in corso. Vive con l'anziana madre.".into(),
        next_steps: "Richiamare a fine mese".into(),
    }
}

fn anonymous_row() -> RegisterRow {
    RegisterRow {
        line: 3,
        person: RowPerson::Anonymous {
            gender: Some(Gender::Female),
            age_band: AgeBand::From65To74,
            citizenship: Some(Citizenship::NonEu),
        },
        homeless: false,
        referrals: Vec::new(),
        areas: vec![Area::Elderly],
        outcome: Some(ContactOutcome::NoResource),
        unmet_need: "Trasporto per le visite".into(),
        ..named_row()
    }
}

fn name_of(id: ServiceId) -> String {
    services()
        .into_iter()
        .find(|(s, _)| *s == id)
        .map(|(_, n)| n)
        .unwrap_or_default()
}

#[test]
fn the_template_reads_back_what_it_wrote() {
    let (c, s) = (comuni(), services());
    let rows = vec![named_row(), anonymous_row()];
    let table = Table {
        headers: template_headers(),
        rows: rows.iter().map(|r| r.cells(&c, &name_of)).collect(),
        first_line: 2,
    };
    assert_eq!(table.rows[0][9], "Castro (LE)");
    assert_eq!(
        table.rows[0][21],
        "Centro per l'impiego|CAF – assistenza fiscale"
    );
    assert_eq!(table.rows[0][22], "-|preso_in_carico");
    let parsed = parse_table(&table, &Mapping::default(), &lookups(&c, &s));
    assert_eq!(parsed.problems, vec![]);
    assert_eq!(parsed.rows, rows);
}

#[test]
fn another_layout_reads_through_its_mapping() {
    let (c, s) = (comuni(), services());
    let headers = [
        "Giorno",
        "Minuti",
        "Cognome",
        "Nome",
        "Sesso",
        "Area",
        "Inviato a",
        "Varie",
    ];
    let mut mapping = Mapping::default();
    mapping.columns.insert("Giorno".into(), Some(Column::Date));
    mapping.columns.insert("Varie".into(), None);
    mapping
        .values
        .entry(Column::Areas)
        .or_default()
        .insert(fold_value("Casa"), "POV".into());
    mapping
        .values
        .entry(Column::ReferralService)
        .or_default()
        .insert(fold_value("caf"), "CAF – assistenza fiscale".into());
    let table = Table {
        headers: headers.map(String::from).to_vec(),
        rows: vec![[
            "45352",
            "30",
            "Rossi",
            "Anna",
            "donna",
            "casa|Anziani",
            "CAF",
            "x",
        ]
        .map(String::from)
        .to_vec()],
        first_line: 2,
    };
    let parsed = parse_table(&table, &mapping, &lookups(&c, &s));
    assert_eq!(parsed.problems, vec![]);
    let row = &parsed.rows[0];
    assert_eq!(row.date, d(2024, 3, 1));
    assert_eq!(row.areas, vec![Area::Elderly, Area::Poverty]);
    assert_eq!(row.referrals[0].service, ServiceId(Uuid::from_u128(2)));
    assert_eq!(
        row.person.new_person().gender,
        Gender::Female,
        "«donna» is a common word for F"
    );
}

#[test]
fn every_bad_cell_is_named_by_line_column_and_value() {
    let (c, s) = (comuni(), services());
    let headers = template_headers();
    let good = named_row().cells(&c, &name_of);
    let mut bad = good.clone();
    bad[0] = "31/02/2024".into();
    bad[7] = "boh".into();
    bad[21] = "Sportello lavoro|Centro per l'impiego".into();
    let mut old = good.clone();
    old[0] = "01/01/2010".into();
    let mut future = good.clone();
    future[0] = "01/01/2027".into();
    let mut ambiguous = good.clone();
    ambiguous[9] = "Castro".into();
    let mut nobody = good.clone();
    nobody[3] = String::new();
    let mut anonymous_named = good.clone();
    anonymous_named[10] = "sì".into();
    let table = Table {
        headers,
        rows: vec![good, bad, old, future, ambiguous, nobody, anonymous_named],
        first_line: 2,
    };
    let parsed = parse_table(&table, &Mapping::default(), &lookups(&c, &s));
    assert_eq!(parsed.rows.len(), 1, "only the good row");
    assert_eq!(parsed.data_lines, 7);
    let seen: Vec<(usize, &str, &str, &Msg)> = parsed
        .problems
        .iter()
        .map(|p| (p.line, p.column.as_str(), p.value.as_str(), &p.msg))
        .collect();
    assert_eq!(
        seen,
        vec![
            (3, "data", "31/02/2024", &Msg::DateFormat),
            (3, "genere", "boh", &Msg::UnknownValue),
            (
                3,
                "servizio_invio",
                "Sportello lavoro|Centro per l'impiego",
                &Msg::ServiceNotInCatalogue
            ),
            (4, "data", "01/01/2010", &Msg::BeyondRetention { years: 10 }),
            (5, "data", "01/01/2027", &Msg::DateInFuture),
            (
                6,
                "comune_residenza",
                "Castro",
                &Msg::ComuneAmbiguous {
                    options: "Castro (LE), Castro (BG)".into()
                }
            ),
            (7, "cognome", "", &Msg::PersonOrAnonymous),
            (8, "anonimo", "sì", &Msg::AnonymousWithName),
        ]
    );
    assert_eq!(parsed.error_lines().len(), 6);
    assert_eq!(
        parsed
            .unknown
            .get(&Column::ReferralService)
            .map(|v| v.len()),
        Some(1),
        "the missing service is listed for her to create or map"
    );
    assert!(parsed.problems[0]
        .text(crate::Lang::It)
        .starts_with("riga 3, colonna «data», valore «31/02/2024»"));
}

#[test]
fn a_file_without_the_needed_columns_is_refused_as_a_whole() {
    let (c, s) = (comuni(), services());
    let table = Table {
        headers: ["Quando", "Chi"].map(String::from).to_vec(),
        rows: vec![["01/03/2024", "Anna"].map(String::from).to_vec()],
        first_line: 2,
    };
    let parsed = parse_table(&table, &Mapping::default(), &lookups(&c, &s));
    assert!(parsed.rows.is_empty());
    let missing: Vec<&Msg> = parsed.file_problems().map(|p| &p.msg).collect();
    assert_eq!(missing.len(), 3, "{missing:?}");
    let twice = Table {
        headers: ["data", "Data colloquio", "durata_minuti", "anonimo"]
            .map(String::from)
            .to_vec(),
        rows: Vec::new(),
        first_line: 2,
    };
    let parsed = parse_table(&twice, &Mapping::default(), &lookups(&c, &s));
    assert_eq!(
        parsed.file_problems().map(|p| &p.msg).collect::<Vec<_>>(),
        vec![&Msg::ColumnTwice {
            column: "data".into()
        }]
    );
}

#[test]
fn headers_are_unique_and_guess_themselves() {
    for &c in Column::ALL {
        assert_eq!(Column::from_header(c.header()), Some(c));
        assert_eq!(Column::guess(c.header()), Some(c), "{c:?}");
    }
    assert_eq!(Column::guess("Data colloquio"), Some(Column::Date));
    assert_eq!(Column::guess("SESSO"), Some(Column::Gender));
    assert_eq!(Column::guess("Cod. fiscale"), Some(Column::CodiceFiscale));
    assert_eq!(Column::guess("Colore preferito"), None);
}

#[test]
fn a_mapping_overrides_the_guess_and_can_ignore_a_column() {
    let mut m = Mapping::default();
    m.columns.insert("Giorno".into(), Some(Column::Birth));
    m.columns.insert("Note".into(), None);
    let headers: Vec<String> = ["Giorno", "Note", "Sesso"].map(String::from).to_vec();
    assert_eq!(
        m.resolve(&headers),
        vec![Some(Column::Birth), None, Some(Column::Gender)]
    );
    let json = serde_json::to_string(&m).expect("json");
    assert_eq!(serde_json::from_str::<Mapping>(&json).expect("back"), m);
}

#[test]
fn a_problem_reads_with_row_column_and_value() {
    let p = CellProblem {
        line: 7,
        column: "Data".into(),
        value: "31/02/2024".into(),
        msg: Msg::DateFormat,
    };
    assert!(p
        .text(Lang::It)
        .starts_with("riga 7, colonna «Data», valore «31/02/2024»: Data non valida"));
}

fn known_person(
    n: u128,
    surname: &str,
    name: &str,
    cf: Option<&str>,
    year: Option<i32>,
) -> KnownPerson {
    KnownPerson {
        id: crate::PersonId(Uuid::from_u128(n)),
        display_name: format!("{surname} {name}"),
        codice_fiscale: cf.map(String::from),
        key: crate::search::person_keys(surname, name).0,
        birth_year: year,
        birth_date: None,
    }
}

fn named(surname: &str, name: &str, cf: Option<&str>, birth: Option<Birth>) -> RowPerson {
    RowPerson::Named {
        surname: surname.into(),
        name: name.into(),
        codice_fiscale: cf.map(|c| CodiceFiscale::parse(c).expect("cf")),
        birth,
        gender: None,
        citizenship: None,
        residence: None,
    }
}

#[test]
fn the_plan_matches_persons_and_colloqui_on_record_and_doubles_nothing() {
    let mario = known_person(1, "Rossi", "Mario", Some("RSSMRA85T10A562S"), Some(1985));
    let anna = known_person(2, "D'Angelo", "Anna", None, Some(1970));
    let luca_a = known_person(3, "Bianchi", "Luca", None, Some(1950));
    let luca_b = known_person(4, "Bianchi", "Luca", None, Some(1990));
    let mut known = Known {
        persons: vec![mario.clone(), anna.clone(), luca_a, luca_b],
        ..Known::default()
    };
    let base = named_row();
    known
        .contacts
        .insert((mario.id, base.date, base.start_time), 1);
    known.anonymous_contacts.insert(
        (
            base.date,
            base.start_time,
            base.duration,
            Gender::Female,
            AgeBand::From65To74,
            Citizenship::NonEu,
        ),
        1,
    );
    let row = |line: usize, person: RowPerson, day: u32| RegisterRow {
        line,
        person,
        date: d(2025, 3, day),
        ..named_row()
    };
    let rows = vec![
        // 2: Mario by his code, on a day already recorded.
        RegisterRow {
            line: 2,
            person: named("Rossi", "Mario", Some("RSSMRA85T10A562S"), None),
            ..named_row()
        },
        // 3: Anna by name (folded) and birth year.
        row(
            3,
            named("D’ANGELO", "anna", None, Some(Birth::Date(d(1970, 5, 1)))),
            5,
        ),
        // 4 and 5: a new person, twice: created once.
        row(
            4,
            named("Verdi", "Giulia", None, Some(Birth::Year(1999))),
            6,
        ),
        row(5, named("Verdi", "Giulia", None, None), 7),
        // 6: Luca, two on record and no year to tell them apart.
        row(6, named("Bianchi", "Luca", None, None), 8),
        // 7: Luca of 1990.
        row(
            7,
            named("Bianchi", "Luca", None, Some(Birth::Year(1990))),
            9,
        ),
        // 8: the anonymous colloquio already recorded; 9: a new one.
        RegisterRow {
            line: 8,
            ..anonymous_row()
        },
        RegisterRow {
            line: 9,
            date: d(2025, 3, 10),
            ..anonymous_row()
        },
        // 10: Giulia again on the same day and time as line 5: a second colloquio that day.
        row(
            10,
            named("Verdi", "Giulia", None, Some(Birth::Year(1999))),
            7,
        ),
        // 11: Mario again on the recorded day and time: the archive had one, this is another.
        RegisterRow {
            line: 11,
            person: named("Rossi", "Mario", Some("RSSMRA85T10A562S"), None),
            ..named_row()
        },
    ];
    let p = plan(rows, &known);
    let who: Vec<(usize, Who, bool)> = p
        .rows
        .iter()
        .map(|r| (r.row.line, r.who, r.already_recorded))
        .collect();
    assert_eq!(
        who,
        vec![
            (2, Who::Known(mario.id), true),
            (3, Who::Known(anna.id), false),
            (4, Who::New(0), false),
            (5, Who::New(0), false),
            (7, Who::Known(crate::PersonId(Uuid::from_u128(4))), false),
            (8, Who::RecordedAnonymous, true),
            (9, Who::New(1), false),
            (10, Who::New(0), false),
            (11, Who::Known(mario.id), false),
        ]
    );
    assert_eq!(p.problems.len(), 1);
    assert_eq!(
        (p.problems[0].line, &p.problems[0].msg),
        (6, &Msg::SeveralPersons)
    );
    assert_eq!(p.new_named_persons(), 1);
    assert_eq!(p.new_persons.len(), 2);
    assert_eq!(p.new_contacts(), 7);
    let by: Vec<(&str, &str)> = p
        .matches
        .iter()
        .map(|m| (m.on_record.as_str(), m.by.as_str()))
        .collect();
    assert_eq!(
        by,
        vec![
            ("Rossi Mario", "codice_fiscale"),
            ("D'Angelo Anna", "nome"),
            ("Bianchi Luca", "nome")
        ]
    );
}

#[test]
fn a_row_with_a_code_never_takes_a_namesake_of_another_birth_or_another_code() {
    let maria = known_person(1, "Rossi", "Maria", None, Some(1950));
    let known = Known {
        persons: vec![maria],
        ..Known::default()
    };
    let row = |line: usize, cf: &str| RegisterRow {
        line,
        person: named("Rossi", "Maria", Some(cf), None),
        ..named_row()
    };
    // Born 1985 and 1990 by their codes: neither is the Maria of 1950, nor each other.
    let p = plan(
        vec![row(2, "RSSMRA85A41H501D"), row(3, "RSSMRA90B52F205I")],
        &known,
    );
    assert_eq!(
        p.rows.iter().map(|r| r.who).collect::<Vec<_>>(),
        vec![Who::New(0), Who::New(1)]
    );
}
