//! Data protection in the real window: the retention preview lists exactly the persons past
//! the period the comune set (typed in the window, kept in the archive), and nothing happens to
//! them until she records the comune's instruction. Screenshots go to target/e2e-artifacts/.

use sportello_archive::demo::{DemoOptions, DEMO_PASSPHRASE};
use sportello_archive::{Archive, ArchivePaths, SecretString};
use sportello_e2e::{last_sunday, unlock_after_the_app, Display, Driver};

#[test]
fn the_retention_preview_lists_who_is_past_the_period() {
    let tmp = tempfile::tempdir().expect("tmp");
    let data = tmp.path().join("demo");
    let config = tmp.path().join("config");
    // Three contract years: persons last seen in the first are past a one-year period.
    let paths = ArchivePaths::new(&data);
    let (mut archive, _recovery) = Archive::create(
        &paths,
        &SecretString::from(DEMO_PASSPHRASE.to_string()),
        None,
    )
    .expect("create");
    sportello_archive::demo::generate(
        &mut archive,
        &DemoOptions {
            years: 3,
            seed: 11,
            ..DemoOptions::desktop(last_sunday())
        },
    )
    .expect("demo");
    let persons_before = archive.counts().expect("counts").persons;
    archive.lock().expect("lock");

    let display = Display::start();
    let driver = Driver::start(
        &display,
        &[
            ("SPORTELLO_DATA_DIR", &data),
            ("SPORTELLO_CONFIG_DIR", &config),
        ],
    );
    let s = driver.session(&[]).named("conservazione");
    s.find("#passphrase").fill(DEMO_PASSPHRASE);
    s.find("#unlock").click();
    s.find("#latest-contacts");
    s.find("#nav-impostazioni").click();
    s.find("#open-privacy").click();
    // Ten years to start: a three-year-old demo has nobody past it.
    s.wait_text("#retention-none", |t| t.contains("Nessuna persona"));
    assert_eq!(
        s.find("#retention-years").property("value").as_str(),
        Some("10")
    );
    // A bad period is refused in Italian at the field, and nothing changes.
    s.find("#retention-years").clear().type_text("0");
    s.find("#save-retention-years").click();
    let error = s.wait_text("#retention-years-error", |t| !t.is_empty());
    assert!(error.contains("da 1 a 99"), "{error}");
    s.find("#retention-none");
    // One year: the list fills.
    s.find("#retention-years").clear().type_text("1");
    s.find("#save-retention-years").click();
    s.wait_text("#retention-status", |t| t.contains("salvat"));
    s.find("#retention-candidates");
    let listed: Vec<String> = s
        .execute(
            "return Array.from(document.querySelectorAll('#retention-candidates tbody tr'))
                    .map(r => r.dataset.personId);",
        )
        .as_array()
        .expect("ids")
        .iter()
        .map(|v| v.as_str().expect("id").to_string())
        .collect();
    assert!(!listed.is_empty(), "a one-year period lists someone");
    s.screenshot("anteprima");
    // Carrying out needs the comune's act: without it, the messages say so and nothing goes.
    s.find(".retention-pick").click();
    s.find("#retention-go").click();
    s.find("#retention-confirm").click();
    let act_error = s.wait_text("#retention-act-error", |t| !t.is_empty());
    assert!(act_error.contains("obbligatorio"), "{act_error}");
    drop(s);

    // What the window listed is exactly who the archive finds past one year, today; the
    // period was kept in the archive; nobody was removed.
    let archive = unlock_after_the_app(&paths, DEMO_PASSPHRASE);
    assert_eq!(archive.retention_years().expect("years"), 1);
    let expected: Vec<String> = archive
        .retention_candidates(chrono::Local::now().date_naive())
        .expect("candidates")
        .iter()
        .map(|c| c.person.to_string())
        .collect();
    assert_eq!(listed, expected);
    assert_eq!(archive.counts().expect("counts").persons, persons_before);
    assert!(archive.erasure_register().expect("register").is_empty());
    archive.lock().expect("lock");
}
