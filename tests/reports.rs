//! The activity report in the real window: a quarterly report computed, its summary edited,
//! its PDF saved where chosen (and kept in the report log with that summary), and a figure
//! selected to list the records it counts.

use chrono::{Datelike, Local};
use sportello_archive::demo::DEMO_PASSPHRASE;
use sportello_archive::ArchivePaths;
use sportello_e2e::{demo_archive, Display, Driver, Keys, ALT, ENTER, TAB};
use std::process::Command;

const SUMMARY: &str = "Sintesi rivista per la giunta: cresce la domanda di assistenza domiciliare.";

#[test]
fn quarterly_report_saved_and_a_figure_traced() {
    let tmp = tempfile::tempdir().expect("tmp");
    let data = tmp.path().join("demo");
    let config = tmp.path().join("config");
    let saved = tmp.path().join("pdf");
    std::fs::create_dir_all(&saved).expect("pdf dir");
    demo_archive(&data, 7).lock().expect("lock");
    let logo = tmp.path().join("stemma.png");
    let made = Command::new("convert")
        .args([
            "-size",
            "120x160",
            "xc:navy",
            "-fill",
            "gold",
            "-draw",
            "circle 60,80 60,30",
        ])
        .arg(&logo)
        .status()
        .expect("ImageMagick's convert must be installed");
    assert!(made.success());
    let display = Display::start();
    let driver = Driver::start(
        &display,
        &[
            ("SPORTELLO_DATA_DIR", &data),
            ("SPORTELLO_CONFIG_DIR", &config),
            ("SPORTELLO_SAVE_DIR", &saved),
            ("SPORTELLO_OPEN_FILE", &logo),
        ],
    );
    let s = driver.session(&[]).named("report");
    let mut keys = Keys::new(&s);
    s.wait_focus("#passphrase");
    keys.text(DEMO_PASSPHRASE).press(ENTER);
    s.find("#latest-contacts");

    // The previous quarter (the demo holds the last twelve months).
    let today = Local::now().date_naive();
    let (year, quarter) = match (today.month() - 1) / 3 + 1 {
        1 => (today.year() - 1, 4),
        q => (today.year(), q - 1),
    };

    // Alt+7: the Report page; a quarter is the default kind.
    keys.chord(ALT, "7");
    s.wait_focus("#period-kind");
    keys.tab_to("#period-year", 3)
        .clear()
        .text(&year.to_string());
    keys.press(TAB);
    s.wait_focus("#period-which");
    keys.text(&quarter.to_string());
    keys.tab_to("#compute-report", 6).press(ENTER);
    let title = s.wait_text("#report-title", |t| !t.is_empty());
    assert!(
        title.contains(&format!("{quarter}° trimestre {year}")),
        "{title}"
    );
    let contacts = s.wait_text("#headline-contacts", |t| !t.is_empty());
    assert!(contacts.parse::<u64>().is_ok_and(|n| n >= 3), "{contacts}");
    s.find("#report-months-chart");
    s.find("#report-areas-chart");
    s.screenshot("trimestre");

    // Edit the summary: what she types is what the PDF prints.
    keys.tab_to("#narrative", 10);
    keys.clear().text(SUMMARY);
    keys.tab_to("#save-report-pdf", 10).press(ENTER);
    let notice = s.wait_text(".notice", |t| t.starts_with("PDF salvato in"));
    let file = std::fs::read_dir(&saved)
        .expect("saved dir")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "pdf"))
        .expect("a PDF saved");
    assert!(notice.ends_with(&file.display().to_string()), "{notice}");
    let check = Command::new("qpdf")
        .arg("--check")
        .arg(&file)
        .output()
        .expect("qpdf");
    assert!(check.status.success());
    let text = Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout).replace('\n', " ");
    assert!(text.contains("Sintesi rivista per la giunta"), "{text}");
    assert!(text.contains(&format!("{quarter}° trimestre {year}")));
    s.screenshot("sintesi-salvata");

    // Select a figure: the persons of Italian citizenship, listed.
    let figure = s.find("#fig-persons_by_citizenship-IT").text();
    s.find("#fig-persons_by_citizenship-IT").click();
    let heading = s.wait_text("#trace-title", |t| !t.is_empty());
    assert!(
        heading.contains("Persone per cittadinanza — Italiana"),
        "{heading}"
    );
    let listed = s
        .execute("return document.querySelectorAll('#trace-records li').length;")
        .as_u64()
        .expect("count");
    if let Ok(n) = figure.parse::<u64>() {
        assert_eq!(
            listed,
            n.min(200),
            "the figure {figure} lists {listed} records"
        );
    } else {
        assert!(
            listed >= 1,
            "a withheld figure still lists its records in the app"
        );
    }
    s.screenshot("record-di-un-numero");

    // A contract year: the page offers the contract's years, the latest first; the report
    // runs on its own connection while the page shows how far it got.
    s.execute(
        "const k = document.querySelector('#period-kind'); k.value = 'contract'; \
         k.dispatchEvent(new Event('change', { bubbles: true }));",
    );
    let first_year = s.wait_text("#period-which option", |t| {
        t.starts_with("anno contrattuale")
    });
    s.find("#compute-report").click();
    let title = s.wait_text("#report-title", |t| t.contains("Anno contrattuale"));
    assert!(
        title.contains(first_year.trim_start_matches("anno contrattuale").trim()),
        "{title} / {first_year}"
    );
    assert!(
        s.execute("return document.querySelector('#report-progress') === null;")
            .as_bool()
            .expect("bool"),
        "the progress goes away once the figures are shown"
    );
    s.find("#section-0");
    s.screenshot("anno-contrattuale");

    // Settings: the desk's comune by its code (a wrong one is refused) and the coat of arms.
    keys.chord(ALT, "8");
    s.find("#comune-code").click();
    keys.clear().text("Z999").press(ENTER);
    let refused = s.wait_text("#comune-error", |t| !t.is_empty());
    assert!(
        refused.contains("Codice catastale «Z999» sconosciuto"),
        "{refused}"
    );
    s.find("#comune-code").click();
    keys.clear().text("h451").press(ENTER);
    let label = s.wait_text("#comune-label", |t| t.contains("Roccaverano"));
    assert_eq!(label, "Roccaverano (AT)");
    assert_eq!(s.find("#comune-error").text(), "");
    s.find("#choose-logo").click();
    let status = s.wait_text("#logo-status", |t| t.contains("pixel"));
    assert_eq!(status, "Stemma: 120 × 160 pixel");
    s.wait_text("#comune-status", |t| t.starts_with("Stemma salvato"));
    s.screenshot("impostazioni-comune");
    drop(s);
    drop(driver);

    // The log keeps the report with her summary.
    let archive = sportello_e2e::unlock_after_the_app(&ArchivePaths::new(&data), DEMO_PASSPHRASE);
    let id = text
        .split_whitespace()
        .find(|w| w.starts_with("RA-"))
        .expect("the report's id in the PDF")
        .to_owned();
    assert_eq!(
        archive.comune_logo().expect("logo"),
        Some(std::fs::read(&logo).expect("png"))
    );
    let logged = archive.logged_activity_report(&id).expect("logged");
    assert_eq!(logged.narrative, SUMMARY);
    assert_eq!(
        archive.activity_report_changed(&id).expect("recomputed"),
        sportello_archive::SinceReport::Unchanged
    );
    assert!(archive.verify().expect("verify").is_sound());
}
