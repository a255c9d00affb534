//! Casework in the real window: a colloquio whose outcome is "presa in carico" offers the case,
//! which opens from it; a plan with one goal and its review date; an intervention with the
//! comune's act (one starting before the opening refused, with its message); a social report
//! written from the template, saved and printed as PDF (checked with qpdf and pdftotext, and
//! rendered to PNG in target/e2e-artifacts/); the review's deadline on the dashboard and in
//! the agenda. The archive then holds it all, the history chain intact.

use chrono::{Days, Local};
use sportello_archive::demo::DEMO_PASSPHRASE;
use sportello_archive::ArchivePaths;
use sportello_core::format;
use sportello_core::ipc::{PersonSaved, SavePersonRequest};
use sportello_core::model::PersonForm;
use sportello_e2e::{
    artifacts_dir, demo_archive, last_sunday, unlock_after_the_app, unlock_demo, Display, Driver,
    Keys, Session, ALT, ARROW_DOWN, ENTER, TAB,
};
use std::process::Command;

/// Chooses `value` in the `<select>` `css` (WebKitGTK's closed list does not always take
/// type-ahead), as the keyboard would.
fn choose(s: &Session, css: &str, value: &str) {
    s.execute(&format!(
        "const e = document.querySelector('{css}'); e.value = '{value}'; e.dispatchEvent(new Event('change'));"
    ));
}

/// The text of a saved PDF, after `qpdf --check` found it well formed.
fn pdf_text(path: &std::path::Path) -> String {
    let check = Command::new("qpdf")
        .arg("--check")
        .arg(path)
        .output()
        .expect("qpdf is installed");
    assert!(check.status.success(), "qpdf --check {}", path.display());
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext is installed");
    assert!(out.status.success());
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn a_colloquio_taken_in_charge_opens_a_case_with_its_plan_intervention_and_report() {
    let tmp = tempfile::tempdir().expect("tmp");
    let data = tmp.path().join("demo");
    let config = tmp.path().join("config");
    let saved = tmp.path().join("salvati");
    std::fs::create_dir_all(&saved).expect("saved");
    let mut archive = demo_archive(&data, 33);
    let request = SavePersonRequest {
        id: None,
        form: PersonForm {
            surname: "Casella".into(),
            name: "Teresa".into(),
            birth: "14/02/1979".into(),
            gender: "F".into(),
            citizenship: "IT".into(),
            ..Default::default()
        },
        confirmed: true,
    };
    let PersonSaved::Saved { id: person } = archive
        .save_person(&request, last_sunday())
        .expect("person")
    else {
        panic!("not saved");
    };
    archive.lock().expect("lock");

    let today = Local::now().date_naive();
    let review = format::date(today + Days::new(10));
    let display = Display::start();
    let driver = Driver::start(
        &display,
        &[
            ("SPORTELLO_DATA_DIR", &data),
            ("SPORTELLO_CONFIG_DIR", &config),
            ("SPORTELLO_SAVE_DIR", &saved),
        ],
    );
    let s = driver.session(&[]).named("presa-in-carico");
    let mut keys = Keys::new(&s);
    unlock_demo(&s);
    keys.chord(ALT, "2");
    s.wait_focus("#person-search");
    keys.text("casella");
    s.wait_text("#person-list tbody", |t| t.contains("Casella Teresa"));
    keys.press(ARROW_DOWN).press(ENTER);
    s.wait_text("#person-name", |t| t == "Casella Teresa");
    s.find("#no-cases");

    // 1. The colloquio: listening, family area, outcome "presa in carico".
    keys.chord(ALT, "n");
    s.wait_focus("#services-0");
    keys.press("1").press(TAB);
    s.wait_focus("#areas-0");
    keys.press("1").press(TAB);
    s.wait_focus("#summary");
    keys.text("Separazione recente, due figli, sfratto per morosità.");
    choose(&s, "#outcome", "presa_in_carico");
    s.find("#save-contact").click();

    // 2. The case is offered, prefilled from the colloquio: opened today, area family.
    s.wait_text(".notice", |t| t == "Colloquio salvato.");
    s.find("#case-offer");
    assert_eq!(
        s.find("#case-opened-on").property("value"),
        serde_json::Value::String(format::date(today))
    );
    assert_eq!(
        s.find("#case-area").property("value"),
        serde_json::Value::String("FAM".into())
    );
    // Without a reason: refused at the field, nothing opened.
    s.find("#open-case").click();
    s.wait_text("#case-reason-error", |t| t == "Campo obbligatorio.");
    s.screenshot("apertura");
    s.find("#case-reason")
        .fill("Nucleo monogenitoriale con due minori, sfratto esecutivo");
    s.find("#case-household").click();
    s.find("#open-case").click();
    s.wait_text(".notice", |t| t == "Presa in carico aperta.");
    s.wait_text("#case-state", |t| {
        t == format!("Aperta dal {}", format::date(today))
    });

    // 3. The plan: one goal with its review date.
    s.find("#goal").fill("Trovare un alloggio stabile");
    s.find("#goal-actions")
        .fill("Domanda di casa popolare; contatti con l'agenzia per l'affitto");
    s.find("#goal-responsible")
        .fill("La signora; l'assistente sociale");
    s.find("#goal-review-on").fill("01/01/2000");
    s.find("#add-goal").click();
    s.wait_text("#goal-review-on-error", |t| {
        t == "La data non può precedere l'apertura della presa in carico."
    });
    s.find("#goal-review-on").fill(&review);
    s.find("#add-goal").click();
    s.wait_text("#goals tbody", |t| {
        t.contains("Trovare un alloggio stabile") && t.contains(&review)
    });
    s.wait_text("#case-deadlines", |t| {
        t.contains("Verifica del progetto: Trovare un alloggio stabile")
    });

    // 4. An intervention with the comune's act; one starting before the opening is refused.
    choose(&s, "#intervention-kind", "contributo");
    s.find("#intervention-provider")
        .fill("Comune, ufficio servizi sociali");
    s.find("#intervention-from").fill("01/01/2000");
    s.find("#intervention-amount").fill("450,00");
    s.find("#intervention-act-number").fill("Determina n. 45");
    s.find("#intervention-act-date").fill(&format::date(today));
    s.find("#save-intervention").click();
    s.wait_text("#intervention-from-error", |t| {
        t == "La data non può precedere l'apertura della presa in carico."
    });
    s.find("#no-interventions");
    s.find("#intervention-from").fill(&format::date(today));
    s.find("#save-intervention").click();
    let act = format!("Determina n. 45 del {}", format::date(today));
    s.wait_text("#interventions tbody", |t| {
        t.contains("Contributo economico") && t.contains("450,00 €") && t.contains(&act)
    });
    s.screenshot("progetto-e-interventi");

    // 5. A social report from the template, saved, then printed.
    s.find("#new-social-report").click();
    s.wait_focus("#report-addressee");
    let body = s.find("#report-body").property("value");
    let body = body.as_str().unwrap_or_default().to_string();
    assert!(
        body.contains("4. Progetto personalizzato\n- Trovare un alloggio stabile"),
        "{body}"
    );
    assert!(body.contains(&act), "{body}");
    choose(&s, "#report-addressee", "autorita_giudiziaria");
    s.find("#report-recipient")
        .fill("Tribunale per i minorenni di Roma");
    s.find("#report-subject")
        .fill("Relazione sociale sul nucleo Casella");
    // The conclusions written in place of the template's blank (set as typed: WebDriver's
    // typing turns a line break into Enter).
    let edited = body.replace(
        "7. Conclusioni e proposte\n[da completare]",
        "7. Conclusioni e proposte\nSi propone di proseguire il sostegno economico per sei mesi.",
    );
    s.execute(&format!(
        "const b = document.querySelector('#report-body'); b.value = {}; b.dispatchEvent(new Event('input'));",
        serde_json::Value::String(edited)
    ));
    s.screenshot("relazione");
    s.find("#save-social-report").click();
    s.wait_text("#social-report-saved", |t| {
        t.starts_with("Relazione salvata: versione 1.")
    });
    s.wait_text("#social-reports tbody", |t| {
        t.contains("Relazione sociale sul nucleo Casella") && t.contains("Autorità giudiziaria")
    });
    s.find("#print-social-report").click();
    s.wait_focus("#dialog-cancel");
    keys.press(TAB);
    s.wait_focus("#dialog-confirm");
    keys.press(ENTER);
    s.wait_text(".notice", |t| t.starts_with("PDF salvato in"));
    let pdf = std::fs::read_dir(&saved)
        .expect("saved")
        .map(|e| e.expect("entry").path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("relazione-sociale-REL-"))
        })
        .expect("the report's PDF");
    let text = pdf_text(&pdf);
    for expected in [
        "Relazione sociale",
        "Tribunale per i minorenni di Roma",
        "Casella Teresa",
        "14/02/1979",
        "1. Persona e nucleo",
        "Trovare un alloggio stabile",
        "Determina n. 45",
        "Si propone di proseguire il sostegno economico per sei mesi.",
        "L'assistente sociale",
    ] {
        assert!(text.contains(expected), "«{expected}»:\n{text}");
    }
    // Kept beside the screenshots, with its first page as an image, to be looked at.
    let kept = artifacts_dir().join("relazione-sociale.pdf");
    std::fs::copy(&pdf, &kept).expect("copy");
    let png = Command::new("pdftoppm")
        .args(["-png", "-r", "60", "-f", "1", "-l", "2"])
        .arg(&kept)
        .arg(artifacts_dir().join("relazione-sociale"))
        .status()
        .expect("pdftoppm is installed");
    assert!(png.success());

    // 6. The review's deadline, on the dashboard and in the agenda.
    keys.chord(ALT, "1");
    s.wait_text("#dashboard-deadlines", |t| {
        t.contains("Casella Teresa") && t.contains("Verifica del progetto") && t.contains(&review)
    });
    s.execute("document.querySelector('#card-case-deadlines').scrollIntoView();");
    s.screenshot("cruscotto-scadenze");
    keys.chord(ALT, "4");
    s.wait_text("#agenda-deadlines", |t| t.contains("Casella Teresa"));
    s.find("#lock").click();
    s.find("#unlock");
    drop(s);
    drop(driver);

    // The archive holds it all; the chain verifies.
    let archive = unlock_after_the_app(&ArchivePaths::new(&data), DEMO_PASSPHRASE);
    let case = archive
        .open_case_of(person)
        .expect("open case")
        .expect("a case");
    let file = archive.case_file(case, today).expect("case");
    assert!(file.state.opening.household);
    assert_eq!(file.goals.len(), 1);
    assert_eq!(file.interventions.len(), 1);
    assert_eq!(file.interventions[0].data.act_number, "Determina n. 45");
    assert_eq!(file.reports.len(), 1);
    let report = archive.verify().expect("verify");
    assert!(report.is_sound(), "{:?}", report.first_problem());
}
