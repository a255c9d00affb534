//! The monte ore in the real window, by keyboard: back-office time added, the weekly cap passed
//! (the note is asked, then shown), the year gauge and forecast moving, an entry edited and
//! one deleted, the dashboard following, the monthly statement saved as a PDF whose figures are
//! the archive's, the year closed (an entry refused) and reopened with a reason.

use chrono::{Datelike, Local};
use sportello_archive::demo::DEMO_PASSPHRASE;
use sportello_archive::ArchivePaths;
use sportello_core::format::{euro, hours_hhmm};
use sportello_core::ipc::HoursRequest;
use sportello_core::Minutes;
use sportello_e2e::{demo_archive, Display, Driver, Keys, Session, ALT, ENTER, TAB};
use std::process::Command;

const CAP_NOTE: &str = "Recupero della chiusura per il ponte dell'Immacolata.";

/// The year gauge's value, in minutes.
fn gauge(s: &Session) -> u64 {
    s.execute("return document.querySelector('#year-gauge').value;")
        .as_f64()
        .map(|v| v as u64)
        .expect("the gauge's value")
}

/// Opens a new entry with Alt+O and types its minutes (the date is today's, the kind
/// documentation, billable: the form's defaults); Enter saves.
fn add_entry(s: &Session, keys: &mut Keys, minutes: &str) {
    keys.chord(ALT, "o");
    s.wait_focus("#entry-date");
    keys.press(TAB);
    s.wait_focus("#entry-minutes");
    keys.clear().text(minutes).press(ENTER);
}

#[test]
fn monte_ore_by_keyboard() {
    let tmp = tempfile::tempdir().expect("tmp");
    let data = tmp.path().join("demo");
    let config = tmp.path().join("config");
    let saved = tmp.path().join("pdf");
    std::fs::create_dir_all(&saved).expect("pdf dir");
    demo_archive(&data, 5).lock().expect("lock");
    let display = Display::start();
    let driver = Driver::start(
        &display,
        &[
            ("SPORTELLO_DATA_DIR", &data),
            ("SPORTELLO_CONFIG_DIR", &config),
            ("SPORTELLO_SAVE_DIR", &saved),
        ],
    );
    let s = driver.session(&[]).named("ore");
    let mut keys = Keys::new(&s);
    s.wait_focus("#passphrase");
    keys.text(DEMO_PASSPHRASE).press(ENTER);
    s.find("#latest-contacts");

    // The hours page: Alt+5. This week is empty (the demo stops last Sunday).
    keys.chord(ALT, "5");
    s.wait_focus("#new-entry");
    s.wait_text("#week-total", |t| t.starts_with("0:00 su 4:00"));
    let gauge_before = gauge(&s);
    let forecast_before = s.find("#forecast").text();
    let pace_before = s.find("#pace-per-opening").text();
    s.screenshot("pagina-ore");

    // 1. Three hours of documentation: within the cap, saved at once.
    add_entry(&s, &mut keys, "180");
    s.wait_text(".notice", |t| t == "Voce ore salvata.");
    s.wait_text("#week-total", |t| t.starts_with("3:00 su 4:00"));
    assert_eq!(gauge(&s), gauge_before + 180);

    // 2. Ninety minutes more pass the cap: the note is asked at its own field, nothing saved yet.
    add_entry(&s, &mut keys, "90");
    s.wait_text("#cap_note-error", |t| {
        t.contains("arriva a 4:30 ore, oltre il tetto di 4:00")
    });
    s.wait_focus("#cap_note");
    s.screenshot("nota-tetto");
    assert_eq!(
        gauge(&s),
        gauge_before + 180,
        "nothing saved without the note"
    );
    keys.text(CAP_NOTE).press(ENTER);
    s.wait_text(".notice", |t| t == "Voce ore salvata.");
    s.wait_text("#week-card", |t| {
        t.contains("4:30 su 4:00") && t.contains(CAP_NOTE)
    });
    assert_eq!(gauge(&s), gauge_before + 270);
    s.wait_text("#forecast", |t| t != forecast_before);
    assert_ne!(s.find("#pace-per-opening").text(), pace_before);
    s.screenshot("oltre-tetto");

    // 3. The ninety minutes (the latest, first in the list) become sixty by keyboard: back
    //    within the cap; then that entry is deleted.
    keys.tab_to("#entries .edit-entry", 80).press(ENTER);
    s.wait_focus("#entry-date");
    keys.press(TAB);
    s.wait_focus("#entry-minutes");
    assert_eq!(
        s.find("#entry-minutes").property("value").as_str(),
        Some("90")
    );
    keys.clear().text("60").press(ENTER);
    s.wait_text(".notice", |t| t == "Voce ore salvata.");
    s.wait_text("#week-total", |t| t.starts_with("4:00 su 4:00"));
    keys.tab_to("#entries .edit-entry", 80).press(ENTER);
    s.wait_focus("#entry-date");
    keys.tab_to("#delete-entry", 10).press(ENTER);
    s.wait_text(".notice", |t| t == "Voce ore eliminata.");
    s.wait_text("#week-total", |t| t.starts_with("3:00 su 4:00"));
    assert_eq!(gauge(&s), gauge_before + 180);

    // 4. The dashboard shows the same, fresh.
    let used = s.find("#year-used").text();
    keys.chord(ALT, "1");
    s.find("#latest-contacts");
    let dashboard = s.find("#hours-used").text();
    assert_eq!(
        used.split(' ').next(),
        dashboard.split(' ').next(),
        "{used} vs {dashboard}"
    );

    // 5. The monthly statement, saved where chosen (the seam answers the save dialog).
    keys.chord(ALT, "5");
    s.wait_focus("#new-entry");
    keys.tab_to("#statement-pdf", 5).press(ENTER);
    let notice = s.wait_text(".notice", |t| t.starts_with("PDF salvato in"));
    let today = Local::now().date_naive();
    let file = saved.join(format!(
        "rendiconto-ore-{:04}-{:02}.pdf",
        today.year(),
        today.month()
    ));
    assert!(notice.ends_with(&file.display().to_string()), "{notice}");
    s.wait_text("#entries-card .issued", |t| {
        t.starts_with("Prospetto emesso il")
    });
    s.screenshot("rendiconto-emesso");
    s.execute("document.querySelector('#months-card').scrollIntoView(); return null;");
    s.screenshot("mesi-e-voci");

    // 6. Close the year: its hours can no longer change.
    keys.tab_to("#lock-year", 40).press(ENTER);
    s.wait_focus("#dialog-cancel");
    s.screenshot("chiudere-anno");
    keys.press(TAB).press(ENTER);
    s.wait_text("#year-state", |t| t.starts_with("Anno chiuso il"));
    add_entry(&s, &mut keys, "45");
    s.wait_text("#entry-date-error", |t| {
        t.contains("è chiuso: riaprirlo (con il motivo)")
    });
    s.screenshot("anno-chiuso");
    keys.press(sportello_e2e::ESCAPE);
    s.wait_focus("#dialog-cancel");
    keys.press(TAB).press(ENTER);

    // 7. Reopen: a reason is required, and kept in the history.
    keys.tab_to("#reopen-year", 40).press(ENTER);
    s.wait_focus("#reopen-reason");
    keys.press(ENTER);
    s.wait_text("#reopen-reason-error", |t| t == "Campo obbligatorio.");
    keys.text("Correzione chiesta dall'ufficio del Comune.")
        .press(ENTER);
    s.wait_text("#year-state", |t| t == "Anno aperto.");
    drop(s);
    drop(driver);

    // The statement's figures are the archive's, and the PDF prints them.
    let archive = sportello_e2e::unlock_after_the_app(&ArchivePaths::new(&data), DEMO_PASSPHRASE);
    let statement = archive
        .monthly_statement(today.year(), today.month())
        .expect("statement")
        .expect("a contract month");
    let check = Command::new("qpdf")
        .arg("--check")
        .arg(&file)
        .output()
        .expect("qpdf is installed");
    assert!(check.status.success());
    let text = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext is installed");
    let text = String::from_utf8(text.stdout).expect("utf-8");
    for expected in [
        hours_hhmm(statement.billable),
        euro(statement.total),
        "Rendiconto mensile delle ore".to_string(),
    ] {
        assert!(text.contains(&expected), "{expected:?} not in:\n{text}");
    }
    let view = archive
        .hours_view(&HoursRequest::default(), today)
        .expect("view")
        .expect("contract");
    assert_eq!(view.locked_on, None, "reopened");
    assert_eq!(view.issued.len(), 1, "{:?}", view.issued);
    assert_eq!(
        view.week_total,
        Minutes(180),
        "the 180 minutes kept, the refused 45 not saved"
    );
    let report = archive.verify().expect("verify");
    assert!(report.is_sound(), "{:?}", report.first_problem());
    archive.lock().expect("lock");
}
