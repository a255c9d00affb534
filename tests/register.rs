//! The register's import wizard in the real window: a file in another layout (Windows-1252,
//! its own headers) chosen, one column mapping changed (its minutes read as the duration) and
//! one value mapping chosen («casa» as the poverty area), previewed and imported; the import
//! listed; the register exported after the warning. The archive then holds the new persons
//! and their colloqui, and verifies sound. Screenshots go to target/e2e-artifacts/.

use sportello_archive::demo::DEMO_PASSPHRASE;
use sportello_archive::ArchivePaths;
use sportello_e2e::{demo_archive, repo_root, unlock_after_the_app, Display, Driver};

#[test]
fn a_register_in_another_layout_comes_in_through_the_wizard() {
    let tmp = tempfile::tempdir().expect("tmp");
    let data = tmp.path().join("demo");
    let config = tmp.path().join("config");
    let saved = tmp.path().join("export");
    std::fs::create_dir_all(&saved).expect("export dir");
    let archive = demo_archive(&data, 13);
    let before = archive.counts().expect("counts");
    archive.lock().expect("lock");
    let file = repo_root().join("assets/registro-altro-formato.csv");

    let display = Display::start();
    let driver = Driver::start(
        &display,
        &[
            ("SPORTELLO_DATA_DIR", &data),
            ("SPORTELLO_CONFIG_DIR", &config),
            ("SPORTELLO_SAVE_DIR", &saved),
            ("SPORTELLO_OPEN_FILE", &file),
        ],
    );
    let s = driver.session(&[]).named("registro-import");
    s.find("#passphrase").fill(DEMO_PASSPHRASE);
    s.find("#unlock").click();
    s.find("#latest-contacts");
    s.find("#nav-impostazioni").click();
    s.find("#open-register").click();
    s.find("#import-choose").click();
    s.wait_text("#import-file", |t| t == "registro-altro-formato.csv");

    // «Min.» is not a header the wizard knows: the duration is missing, nothing can come in.
    let missing = s.wait_text("#import-problems", |t| t.contains("durata_minuti"));
    assert!(missing.contains("Manca la colonna"), "{missing}");
    assert_eq!(
        s.find("#import-run").property("disabled"),
        serde_json::Value::Bool(true)
    );
    // The guesses: «Data accesso» is the date, «Sesso» the gender.
    assert_eq!(
        s.find("#import-col-0").property("value"),
        serde_json::Value::String("data".into())
    );
    assert_eq!(
        s.find("#import-col-4").property("value"),
        serde_json::Value::String("genere".into())
    );

    // One column mapping: «Min.» is the duration.
    s.find("#import-col-1 option[value='durata_minuti']")
        .click();
    // One value mapping: «casa» is the poverty area.
    s.find("#import-val-aree_bisogno-0 option[value='POV']")
        .click();
    let summary = s.wait_text("#import-summary", |t| {
        t.contains("3 colloqui da importare") && t.contains("0 righe con problemi")
    });
    assert!(summary.contains("2 persone nuove"), "{summary}");
    s.screenshot("anteprima");
    s.find("#import-run").click();
    let done = s.wait_text("#import-result", |t| t.starts_with("Importati"));
    assert!(
        done.starts_with("Importati 3 colloqui, 2 persone nuove, 0 accessi anonimi, 1 invio"),
        "{done}"
    );
    s.wait_text("#imports-list", |t| {
        t.contains("registro-altro-formato.csv")
    });
    s.screenshot("importato");

    // The register goes out as CSV, after the warning.
    s.find("#export-register-csv").click();
    s.wait_focus("#dialog-cancel");
    s.find("#dialog-confirm").click();
    s.wait_text("#export-result", |t| t.contains("File salvato in"));
    let exported = std::fs::read_dir(&saved)
        .expect("export dir")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "csv"))
        .expect("the register exported");
    let text = std::fs::read_to_string(&exported).expect("csv");
    assert!(
        text.contains("Salà;Lucia"),
        "the accent read from Windows-1252"
    );
    drop(s);
    drop(driver);

    let paths = ArchivePaths::new(&data);
    let archive = unlock_after_the_app(&paths, DEMO_PASSPHRASE);
    let after = archive.counts().expect("counts");
    assert_eq!(after.persons, before.persons + 2);
    assert_eq!(after.contacts, before.contacts + 3);
    let ferri = archive.find_persons("ferri giov", 5).expect("find");
    assert_eq!(
        ferri.len(),
        1,
        "the two rows of Giovanni Ferri are one person"
    );
    assert_eq!(
        archive
            .contacts_of(ferri[0].id, 10)
            .expect("contacts")
            .len(),
        2
    );
    assert!(archive.verify().expect("verify").is_sound());
}
