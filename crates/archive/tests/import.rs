//! Importing and exporting the register through the real encrypted database: export → import
//! into a new archive gives the same records; CSV in UTF-8 with and without BOM and in
//! Windows-1252; dates as text and as Excel serials; accents, apostrophes and double surnames;
//! one bad row imports nothing and names its row and column; the same file twice is refused and
//! a corrected copy matches every person and doubles nothing; undo leaves the archive as before.

mod common;

use chrono::NaiveDate;
use sportello_archive::export::ExportKind;
use sportello_archive::import::ImportOptions;
use sportello_archive::register_file::FileFormat;
use sportello_archive::{Archive, ArchiveError};
use sportello_core::ipc::SaveContactRequest;
use sportello_core::model::ContactForm;
use sportello_core::register::{Column, Mapping};
use sportello_core::{Msg, PersonId};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).expect("date")
}

/// The register's cells, sorted: what the template says of an archive.
fn register(archive: &Archive) -> Vec<Vec<String>> {
    let bytes = archive
        .export(ExportKind::Register, FileFormat::Csv)
        .expect("export");
    let table =
        sportello_archive::register_file::read_table(&bytes, FileFormat::Csv).expect("reads");
    let mut rows = table.rows;
    rows.sort();
    rows
}

fn counts(archive: &Archive) -> (u64, u64, u64, u64, u64) {
    let c = archive.counts().expect("counts");
    (
        c.persons,
        c.anonymous_persons,
        c.contacts,
        c.time_entries,
        c.referrals,
    )
}

fn import(
    archive: &mut Archive,
    name: &str,
    bytes: &[u8],
    options: ImportOptions,
) -> Result<sportello_core::register::ImportOutcome, ArchiveError> {
    archive.import_register(
        name,
        bytes,
        &Mapping::default(),
        options,
        today(),
        &mut |_, _| true,
    )
}

/// The note an import with hours gives a week it brings over the weekly cap.
const IMPORTED_NOTE: &str = "Ore importate dal registro";

const HEADER: &str = "data;ora;durata_minuti;cognome;nome;codice_fiscale;nascita;genere;cittadinanza;comune_residenza;anonimo;fascia_eta;prestazioni;aree_bisogno;servizio_invio;esito_invio;sintesi";

/// Accents, apostrophes, a double surname, an anonymous contact, a referral with its outcome;
/// the dates as text, with a two-digit year, and as an Excel serial number.
fn sample_csv() -> String {
    [
        HEADER,
        "04/03/2025;09:30;40;D'Angelo;Nicolò;;12/05/1970;M;IT;Roma (RM);no;;ascolto|invio;POV;Centro per l'impiego;preso_in_carico;Cerca lavoro, «urgente»",
        "11/03/25;10:00;30;De Luca Bianchi;Maria Grazia;;1948;F;UE;;no;;informazione;ELD;;;",
        "45734;;25;;;;;F;EXTRA_UE;;sì;36-50;ascolto;IMM;;;",
        "18/03/2025;09:00;20;D’ANGELO;nicolò;;1970;;;;no;;ascolto;POV;;;Secondo colloquio",
    ]
    .join("\r\n")
        + "\r\n"
}

#[test]
fn the_export_imported_into_a_new_archive_gives_the_same_records() {
    let dir = tempfile::tempdir().expect("temp");
    let (_paths, demo, _) = common::demo(dir.path());
    let before = register(&demo);
    assert!(
        before.len() > 100,
        "a year of the demo desk: {}",
        before.len()
    );
    for format in [FileFormat::Csv, FileFormat::Xlsx] {
        let bytes = demo.export(ExportKind::Register, format).expect("export");
        let (_d, _p, mut fresh, _) = common::new_archive();
        let name = if format == FileFormat::Csv {
            "registro.csv"
        } else {
            "registro.xlsx"
        };
        let preview = fresh
            .preview_import(
                name,
                &bytes,
                &Mapping::default(),
                ImportOptions::default(),
                today(),
            )
            .expect("preview");
        assert_eq!(preview.problems, vec![], "{format:?}");
        let outcome = import(&mut fresh, name, &bytes, ImportOptions::default()).expect("import");
        assert_eq!(outcome.contacts, before.len());
        assert_eq!(register(&fresh), before, "{format:?}: the same records");
        assert!(fresh.verify().expect("verify").is_sound());
        assert_eq!(
            fresh.counts().expect("counts").time_entries,
            0,
            "no time unless asked"
        );
    }
}

#[test]
fn csv_in_any_encoding_excel_writes_reads_the_same() {
    let utf8 = sample_csv().into_bytes();
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), &utf8].concat();
    let cp1252: Vec<u8> = encoding_rs::WINDOWS_1252
        .encode(&sample_csv())
        .0
        .into_owned();
    assert_ne!(cp1252, utf8, "the accents are single bytes in Windows-1252");
    let mut registers = Vec::new();
    for bytes in [utf8, with_bom, cp1252] {
        let (_d, _p, mut archive, _) = common::new_archive();
        let outcome = import(
            &mut archive,
            "registro.csv",
            &bytes,
            ImportOptions::default(),
        )
        .expect("import");
        assert_eq!(
            (
                outcome.persons,
                outcome.anonymous,
                outcome.contacts,
                outcome.referrals
            ),
            (2, 1, 4, 1)
        );
        let rows = register(&archive);
        registers.push(rows);
    }
    assert_eq!(registers[0], registers[1]);
    assert_eq!(registers[0], registers[2]);
    let rows = &registers[0];
    let names: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| (r[0].as_str(), r[3].as_str(), r[4].as_str()))
        .collect();
    assert_eq!(
        names,
        vec![
            ("04/03/2025", "D'Angelo", "Nicolò"),
            ("11/03/2025", "De Luca Bianchi", "Maria Grazia"),
            ("18/03/2025", "", ""),
            ("18/03/2025", "D'Angelo", "Nicolò"),
        ],
        "the second D'Angelo row is the same person; the serial 45734 is 18/03/2025"
    );
    assert_eq!(rows[0][23], "Cerca lavoro, «urgente»");
    assert_eq!(rows[0][22], "preso_in_carico");
}

#[test]
fn one_bad_row_imports_nothing_and_is_named_by_row_and_column() {
    let (_d, _p, mut archive, _) = common::new_archive();
    let before = counts(&archive);
    let bad = sample_csv().replace("11/03/25;10:00;30", "31/02/2025;10:00;30");
    let err = import(
        &mut archive,
        "registro.csv",
        bad.as_bytes(),
        ImportOptions::default(),
    )
    .expect_err("refused");
    let ArchiveError::RowsInError(problems) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(problems.len(), 1);
    assert_eq!(
        (
            problems[0].line,
            problems[0].column.as_str(),
            &problems[0].msg
        ),
        (3, "data", &Msg::DateFormat)
    );
    assert!(err.to_string().starts_with("1 riga del file ha problemi"));
    assert_eq!(err.exit_code(), 7);
    assert_eq!(counts(&archive), before, "nothing imported");
    // She may choose to leave that row out.
    let outcome = import(
        &mut archive,
        "registro.csv",
        bad.as_bytes(),
        ImportOptions {
            skip_errors: true,
            ..ImportOptions::default()
        },
    )
    .expect("import the others");
    assert_eq!((outcome.contacts, outcome.skipped_rows), (3, 1));
}

#[test]
fn a_file_again_is_refused_and_a_corrected_copy_doubles_nothing() {
    let (_d, _p, mut archive, _) = common::new_archive();
    let file = sample_csv();
    import(
        &mut archive,
        "registro.csv",
        file.as_bytes(),
        ImportOptions::default(),
    )
    .expect("first import");
    let after_first = (counts(&archive), register(&archive));
    let again = import(
        &mut archive,
        "registro.csv",
        file.as_bytes(),
        ImportOptions::default(),
    )
    .expect_err("the same file");
    assert!(again.to_string().contains("già stato importato"), "{again}");
    // The same rows in another file (a blank line added): every person and colloquio matched.
    let copy = format!("{file}\r\n");
    let preview = archive
        .preview_import(
            "copia.csv",
            copy.as_bytes(),
            &Mapping::default(),
            ImportOptions::default(),
            today(),
        )
        .expect("preview");
    assert_eq!(
        (
            preview.new_persons,
            preview.new_anonymous,
            preview.new_contacts,
            preview.recorded_contacts
        ),
        (0, 0, 0, 4)
    );
    assert_eq!(preview.matches.len(), 2, "{:?}", preview.matches);
    let outcome = import(
        &mut archive,
        "copia.csv",
        copy.as_bytes(),
        ImportOptions::default(),
    )
    .expect("second import");
    assert_eq!((outcome.persons, outcome.contacts), (0, 0));
    assert_eq!((counts(&archive), register(&archive)), after_first);
}

/// Texts of the sample file.
const FILE_TEXTS: [&str; 4] = ["Nicol", "Maria Grazia", "Cerca lavoro", "Secondo colloquio"];

/// How many history entries hold each text, in their images.
fn history_holding(archive: &Archive, texts: &[&str]) -> Vec<i64> {
    texts
        .iter()
        .map(|text| {
            archive
                .inspect_count(&format!(
                    "SELECT count(*) FROM history WHERE before_json LIKE '%{text}%' OR after_json LIKE '%{text}%'"
                ))
                .expect("count")
        })
        .collect()
}

#[test]
fn undo_leaves_the_archive_as_before_and_the_file_can_come_in_again() {
    let dir = tempfile::tempdir().expect("temp");
    let (_paths, mut archive, _) = common::demo(dir.path());
    let before = (counts(&archive), register(&archive));
    let texts_before = history_holding(&archive, &FILE_TEXTS);
    let file = sample_csv();
    let outcome = import(
        &mut archive,
        "registro.csv",
        file.as_bytes(),
        ImportOptions {
            with_time: true,
            ..ImportOptions::default()
        },
    )
    .expect("import");
    assert_eq!(outcome.time_entries, 4, "time booked when she asks");
    assert_ne!(counts(&archive), before.0);
    let texts_imported = history_holding(&archive, &FILE_TEXTS);
    for (i, text) in FILE_TEXTS.iter().enumerate() {
        assert!(texts_imported[i] > texts_before[i], "{text} came in");
    }
    let record = archive.undo_import(&outcome.batch).expect("undo");
    assert!(record.undone_at.is_some());
    assert_eq!((counts(&archive), register(&archive)), before);
    let report = archive.verify().expect("verify");
    assert!(report.is_sound(), "{:?}", report.first_problem());
    // What the file brought is gone from the history too (the chain keeps the entries' hashes):
    // its texts are there as often as before the import.
    let history_texts = |archive: &Archive| history_holding(archive, &FILE_TEXTS);
    assert_eq!(history_texts(&archive), texts_before);
    let purged = archive
        .inspect_count(
            "SELECT count(*) FROM history WHERE action = 'purge' AND before_json IS NULL",
        )
        .expect("count");
    assert!(
        purged >= 9,
        "each record purged, without its image: {purged}"
    );
    assert!(matches!(
        archive.undo_import(&outcome.batch),
        Err(ArchiveError::Rejected(_))
    ));
    import(
        &mut archive,
        "registro.csv",
        file.as_bytes(),
        ImportOptions::default(),
    )
    .expect("the corrected file comes in after the undo");
}

#[test]
fn undo_is_refused_when_later_records_depend_on_the_import() {
    let (_d, _p, mut archive, _) = common::new_archive();
    let outcome = import(
        &mut archive,
        "registro.csv",
        sample_csv().as_bytes(),
        ImportOptions::default(),
    )
    .expect("import");
    let person: PersonId = archive.find_persons("de luca", 5).expect("find")[0].id;
    let form = ContactForm {
        services: vec!["ascolto".into()],
        areas: vec!["ELD".into()],
        ..ContactForm::new_at(today(), chrono::NaiveTime::MIN, None)
    };
    archive
        .save_contact(
            &SaveContactRequest {
                id: None,
                person: Some(person),
                anonymous: None,
                form,
                appointment: None,
            },
            today(),
        )
        .expect("a colloquio after the import");
    let before = counts(&archive);
    let err = archive.undo_import(&outcome.batch).expect_err("refused");
    assert!(err.to_string().contains("1 record"), "{err}");
    assert_eq!(counts(&archive), before);
    // A document attached to an imported person (even deleted since) is one more.
    let other: PersonId = archive.find_persons("dangelo", 5).expect("find")[0].id;
    let doc = archive
        .attach(
            sportello_core::model::AttachedTo::Person(other),
            "delega.pdf",
            b"%PDF-1.4 delega",
            &sportello_core::model::AttachmentForm {
                kind: "delega".into(),
                date: "01/10/2026".into(),
                ..Default::default()
            },
            today(),
        )
        .expect("attached");
    archive.delete_attachment(doc).expect("deleted");
    let err = archive.undo_import(&outcome.batch).expect_err("refused");
    assert!(err.to_string().contains("2 record"), "{err}");
}

#[test]
fn undo_is_refused_when_an_imported_record_was_changed_since() {
    let (_d, _p, mut archive, _) = common::new_archive();
    let outcome = import(
        &mut archive,
        "registro.csv",
        sample_csv().as_bytes(),
        ImportOptions::default(),
    )
    .expect("import");
    let person: PersonId = archive.find_persons("de luca", 5).expect("find")[0].id;
    let contact = archive.contacts_of(person, 5).expect("contacts")[0].id;
    archive
        .delete_contact(contact, "doppione")
        .expect("moved to the bin after the import");
    let before = counts(&archive);
    let err = archive.undo_import(&outcome.batch).expect_err("refused");
    assert!(
        err.to_string().contains("modificati") && err.to_string().contains("1 record"),
        "{err}"
    );
    assert_eq!(counts(&archive), before);
    assert!(archive.imports().expect("imports")[0].undone_at.is_none());
}

#[test]
fn another_layout_with_a_mapping_and_a_service_to_create() {
    let (_d, _p, mut archive, _) = common::new_archive();
    let file = "Giorno;Minuti;Cognome;Nome;Sesso;Bisogno;Inviato a\n01/03/2024;30;Rossi;Anna;donna;casa;Sportello lavoro\n";
    let mut mapping = Mapping::default();
    mapping
        .columns
        .insert("Bisogno".into(), Some(Column::Areas));
    let preview = archive
        .preview_import(
            "altro.csv",
            file.as_bytes(),
            &mapping,
            ImportOptions::default(),
            today(),
        )
        .expect("preview");
    assert_eq!(preview.columns[0], Some(Column::Date), "Giorno guessed");
    assert_eq!(
        preview.unknown.get(&Column::Areas),
        Some(&vec!["casa".to_string()])
    );
    assert_eq!(
        preview.unknown.get(&Column::ReferralService),
        Some(&vec!["Sportello lavoro".to_string()]),
        "listed to create or map, never invented"
    );
    mapping
        .values
        .entry(Column::Areas)
        .or_default()
        .insert("casa".into(), "POV".into());
    mapping
        .values
        .entry(Column::ReferralService)
        .or_default()
        .insert("sportellolavoro".into(), "Centro per l'impiego".into());
    let outcome = archive
        .import_register(
            "altro.csv",
            file.as_bytes(),
            &mapping,
            ImportOptions::default(),
            today(),
            &mut |_, _| true,
        )
        .expect("import");
    assert_eq!((outcome.contacts, outcome.referrals), (1, 1));
    let remembered = archive.remembered_mapping().expect("mapping");
    assert_eq!(remembered.value(Column::Areas, "Casa"), Some("POV"));
}

#[test]
fn a_cancelled_import_writes_nothing() {
    let (_d, _p, mut archive, _) = common::new_archive();
    let before = counts(&archive);
    let err = archive
        .import_register(
            "registro.csv",
            sample_csv().as_bytes(),
            &Mapping::default(),
            ImportOptions::default(),
            today(),
            &mut |done, _| done == 0,
        )
        .expect_err("cancelled");
    assert!(matches!(err, ArchiveError::Cancelled));
    assert_eq!(counts(&archive), before);
    assert!(archive.imports().expect("imports").is_empty());
}

#[test]
fn an_import_job_tells_its_progress_and_a_cancelled_one_writes_nothing() {
    use sportello_archive::job::{Job, Stage};
    let (_d, _p, mut archive, _) = common::new_archive();
    let before = counts(&archive);
    let bytes = sample_csv().into_bytes();
    let run = |archive: &mut Archive, job: &Job| {
        archive.import_register_in(
            job,
            "registro.csv",
            &bytes,
            &Mapping::default(),
            ImportOptions::default(),
            today(),
        )
    };
    let cancelled = Job::new();
    cancelled.cancel();
    let err = run(&mut archive, &cancelled).expect_err("cancelled");
    assert!(matches!(err, ArchiveError::Cancelled), "{err:?}");
    assert_eq!(counts(&archive), before);
    assert!(archive.imports().expect("imports").is_empty());

    let job = Job::new();
    let outcome = run(&mut archive, &job).expect("the same file, not cancelled");
    assert_eq!(outcome.contacts, 4);
    assert_eq!(job.progress(), (100, Stage::ImportWriting));
}

#[test]
fn hours_over_the_weekly_cap_get_the_import_note_and_the_undo_takes_it_back() {
    let (_d, _p, mut archive, _) = common::new_archive();
    let terms = sportello_core::model::ContractForm {
        comune: "Comune di Roccaverde".into(),
        provider: "Cooperativa Sociale Il Ponte".into(),
        start: "01/03/2025".into(),
        end: "28/02/2028".into(),
        year_start: "01/03/2025".into(),
        yearly_hours: "178".into(),
        hourly_rate: "23,00".into(),
        vat: "esente".into(),
        weekly_cap_hours: "4".into(),
        ..Default::default()
    }
    .parse()
    .expect("valid contract");
    archive.set_contract(&terms).expect("contract");
    // Five hours in the week of Monday 3 March 2025: one over the cap.
    let file = [
        "data;ora;durata_minuti;cognome;nome;nascita",
        "04/03/2025;09:00;60;Rossi;Anna;1970",
        "04/03/2025;10:00;60;Bianchi;Luca;1980",
        "05/03/2025;09:00;60;Verdi;Carla;1990",
        "06/03/2025;09:00;60;Neri;Paolo;1960",
        "07/03/2025;09:00;60;Gallo;Sara;1975",
    ]
    .join("\n");
    let week_notes = |archive: &Archive| {
        archive
            .inspect_count("SELECT count(*) FROM week_note")
            .expect("count")
    };
    let outcome = import(
        &mut archive,
        "ore.csv",
        file.as_bytes(),
        ImportOptions {
            with_time: true,
            ..ImportOptions::default()
        },
    )
    .expect("import");
    assert_eq!(outcome.time_entries, 5);
    assert_eq!(
        week_notes(&archive),
        1,
        "the week over the cap is explained"
    );
    assert_eq!(history_holding(&archive, &[IMPORTED_NOTE]), vec![1]);
    archive.undo_import(&outcome.batch).expect("undo");
    assert_eq!(week_notes(&archive), 0, "the note went with the hours");
    assert_eq!(
        history_holding(&archive, &[IMPORTED_NOTE, "Rossi"]),
        vec![0, 0]
    );
    let report = archive.verify().expect("verify");
    assert!(report.is_sound(), "{:?}", report.first_problem());
    let with_time = ImportOptions {
        with_time: true,
        ..ImportOptions::default()
    };

    // The same file again (the same week's note made again), undone again: the chain still
    // verifies with the week's entries emptied twice.
    let again = import(&mut archive, "ore.csv", file.as_bytes(), with_time)
        .expect("imported again after the undo");
    assert_eq!(week_notes(&archive), 1);
    archive.undo_import(&again.batch).expect("undone again");
    assert_eq!(week_notes(&archive), 0);
    let report = archive.verify().expect("verify");
    assert!(report.is_sound(), "{:?}", report.first_problem());

    // Hours of hers added that week after a third import keep the week over the cap without
    // the import: its note stays with her hours.
    let third =
        import(&mut archive, "ore.csv", file.as_bytes(), with_time).expect("a third import");
    archive
        .add_time_entry(&sportello_core::model::NewTimeEntry {
            date: NaiveDate::from_ymd_opt(2025, 3, 7).expect("date"),
            minutes: sportello_core::Minutes(300),
            kind: sportello_core::TimeKind::Documentation,
            contact: None,
            billable: true,
            note: "Relazioni di fine mese".into(),
        })
        .expect("her own hours that week");
    archive.undo_import(&third.batch).expect("undone");
    assert_eq!(week_notes(&archive), 1, "the week is still over the cap");
    let report = archive.verify().expect("verify");
    assert!(report.is_sound(), "{:?}", report.first_problem());
}
