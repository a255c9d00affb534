//! `export-persona` from the command line: by codice fiscale and by identifier, the PDF read
//! back through qpdf and pdftotext, the evaluative notes and third parties given only when
//! asked, and every refusal (an unknown person, a folder inside the archive, an undecided
//! note) an Italian line with exit code 7 and no file written.

#[path = "../../archive/tests/common/mod.rs"]
mod common;
mod support;

use chrono::NaiveDate;
use sportello_archive::Archive;
use sportello_core::ipc::SaveContactRequest;
use sportello_core::model::{ContactForm, PersonForm};
use sportello_core::{PersonId, Relation};
use support::*;

fn save(archive: &mut Archive, form: PersonForm) -> PersonId {
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
    common::save_person(archive, None, form, today)
}

fn files_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_persons_data_are_exported_for_an_access_request() {
    let (tmp, paths, mut archive, _recovery) = common::new_archive();
    let person = save(
        &mut archive,
        PersonForm {
            surname: "Espositina".into(),
            name: "Maria".into(),
            codice_fiscale: "RSSMRA85T10A562S".into(),
            birth: "10/12/1985".into(),
            gender: "M".into(),
            citizenship: "IT".into(),
            ..Default::default()
        },
    );
    let brother = save(
        &mut archive,
        PersonForm {
            surname: "Fratellucci".into(),
            name: "Gino".into(),
            gender: "M".into(),
            citizenship: "IT".into(),
            ..Default::default()
        },
    );
    archive
        .add_household_member(person, brother, Relation::Sibling)
        .expect("household");
    archive
        .save_contact(
            &SaveContactRequest {
                appointment: None,
                id: None,
                person: Some(person),
                anonymous: None,
                form: ContactForm {
                    date: "12/11/2026".into(),
                    duration: "30".into(),
                    channel: "presenza".into(),
                    services: vec!["ascolto".into()],
                    areas: vec!["POV".into()],
                    summary: "Chiede informazioni sull'assegno di inclusione".into(),
                    evaluation: "Valutazione professionale riservata".into(),
                    ..Default::default()
                },
            },
            NaiveDate::from_ymd_opt(2026, 11, 24).expect("date"),
        )
        .expect("colloquio");
    archive.lock().expect("lock");
    let dir = &paths.dir;
    let pass = [("SPORTELLO_PASSPHRASE", common::PASSPHRASE)];
    let out_dir = tmp.path().join("richiesta-accesso");
    std::fs::create_dir_all(&out_dir).expect("out");
    let out_arg = out_dir.to_str().expect("utf-8");

    // Refusals: exit 7, one Italian line, nothing written.
    let refusals: [(Vec<&str>, &str); 4] = [
        (
            vec!["export-persona", "RSSMRA85T10A562S", "--out", out_arg],
            "--note-valutative",
        ),
        (
            vec![
                "export-persona",
                "XXXXXX00X00X000X",
                "--out",
                out_arg,
                "--note-valutative",
                "ometti",
            ],
            "Nessuna persona",
        ),
        (
            vec![
                "export-persona",
                "RSSMRA85T10A562S",
                "--out",
                dir.to_str().expect("utf-8"),
                "--note-valutative",
                "ometti",
            ],
            "cifrato",
        ),
        (
            vec![
                "export-persona",
                "RSSMRA85T10A562S",
                "--out",
                "/non/esiste",
                "--note-valutative",
                "ometti",
            ],
            "non esiste",
        ),
    ];
    for (args, says) in refusals {
        let o = sportello(dir, &args, &pass);
        assert_eq!(o.status.code(), Some(7), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.starts_with("errore: ") && err.contains(says),
            "{args:?}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(files_in(&out_dir).is_empty());
    }

    // By codice fiscale, notes withheld, third parties withheld.
    let o = sportello(
        dir,
        &[
            "export-persona",
            "rssmra85t10a562s",
            "--out",
            out_arg,
            "--note-valutative",
            "ometti",
        ],
        &pass,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("non sono cifrati"), "{}", stderr(&o));
    let printed = stdout(&o);
    let written: Vec<&str> = printed.lines().map(str::trim).collect();
    assert_eq!(written.len(), 2, "{written:?}");
    let names = files_in(&out_dir);
    assert_eq!(names.len(), 2);
    assert!(names
        .iter()
        .all(|n| n.starts_with("accesso-") && !n.contains("Espositina")));
    let pdf = out_dir.join(names.iter().find(|n| n.ends_with(".pdf")).expect("pdf"));
    let json = out_dir.join(names.iter().find(|n| n.ends_with(".json")).expect("json"));
    let text = pdf_text(&pdf);
    let data = std::fs::read_to_string(&json).expect("json");
    for given in ["Espositina", "RSSMRA85T10A562S", "assegno di inclusione"] {
        assert!(text.contains(given), "{given} not in the PDF:\n{text}");
        assert!(data.contains(given), "{given} not in the JSON");
    }
    assert!(text.contains("Copia dei dati personali"));
    assert!(text.contains("art. 15"));
    for withheld in ["Valutazione professionale", "Fratellucci"] {
        assert!(!text.contains(withheld), "{withheld} in the PDF");
        assert!(!data.contains(withheld), "{withheld} in the JSON");
    }
    let parsed: serde_json::Value = serde_json::from_str(&data).expect("json parses");
    assert_eq!(parsed["withheld"]["evaluations"], 1);

    // By identifier, with the notes and the third parties: both are there.
    let again = tmp.path().join("seconda");
    std::fs::create_dir_all(&again).expect("dir");
    let o = sportello(
        dir,
        &[
            "export-persona",
            &person.to_string(),
            "--out",
            again.to_str().expect("utf-8"),
            "--note-valutative",
            "includi",
            "--includi-terzi",
        ],
        &pass,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let names = files_in(&again);
    let text = pdf_text(&again.join(names.iter().find(|n| n.ends_with(".pdf")).expect("pdf")));
    assert!(
        text.contains("Valutazione professionale riservata"),
        "{text}"
    );
    assert!(text.contains("Fratellucci"), "{text}");
    // The archive's folder holds nothing of it in clear.
    assert!(common::canary_hits(dir, &["Espositina", "assegno di inclusione"]).is_empty());
}
