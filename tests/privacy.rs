//! Data protection in the real window: the retention preview lists exactly the persons past
//! the period the comune set (typed in the window, kept in the archive) — seeded persons with
//! known last colloqui among the demo's —, nothing happens to them until she records the
//! comune's instruction, and then the one she picks is erased. Consents, the private-referral
//! warning, the access request and the notice follow. Screenshots go to
//! target/e2e-artifacts/.

use sportello_archive::demo::{DemoOptions, DEMO_PASSPHRASE};
use sportello_archive::{Archive, ArchiveError, ArchivePaths, SecretString};
use sportello_core::ipc::{PersonSaved, SaveContactRequest, SavePersonRequest};
use sportello_core::model::{ContactForm, PersonForm};
use sportello_core::PersonId;
use sportello_e2e::{last_sunday, unlock_after_the_app, Display, Driver, Session};

fn save_person(archive: &mut Archive, form: PersonForm) -> PersonId {
    let today = chrono::Local::now().date_naive();
    let request = SavePersonRequest {
        id: None,
        form,
        confirmed: true,
    };
    match archive.save_person(&request, today).expect("person") {
        PersonSaved::Saved { id } => id,
        other => panic!("{other:?}"),
    }
}

fn named(surname: &str) -> PersonForm {
    PersonForm {
        surname: surname.into(),
        name: "Prova".into(),
        gender: "F".into(),
        citizenship: "IT".into(),
        ..Default::default()
    }
}

/// A colloquio `days` ago (its time past the weekly cap noted, the demo's weeks being full).
fn colloquio_days_ago(archive: &mut Archive, person: PersonId, days: u64) {
    let today = chrono::Local::now().date_naive();
    let day = today - chrono::Days::new(days);
    archive
        .save_contact(
            &SaveContactRequest {
                appointment: None,
                id: None,
                person: Some(person),
                anonymous: None,
                form: ContactForm {
                    date: sportello_core::format::date(day),
                    duration: "20".into(),
                    channel: "presenza".into(),
                    services: vec!["ascolto".into()],
                    areas: vec!["POV".into()],
                    cap_note: "Colloquio di prova fuori tetto".into(),
                    ..Default::default()
                },
            },
            today,
        )
        .expect("colloquio");
}

/// Types `text` into the field at `css` until it holds exactly that: a card that arrives with
/// its data after the page opened may redraw the field under the first keystrokes.
fn fill_checked(s: &Session, css: &str, text: &str) {
    for _ in 0..10 {
        s.find(css).clear().type_text(text);
        std::thread::sleep(std::time::Duration::from_millis(200));
        if s.find(css).property("value").as_str() == Some(text) {
            return;
        }
    }
    panic!("{css} does not keep {text:?}");
}

fn listed(s: &Session) -> Vec<String> {
    s.execute(
        "return Array.from(document.querySelectorAll('#retention-candidates tbody tr'))
                .map(r => r.dataset.personId);",
    )
    .as_array()
    .expect("ids")
    .iter()
    .map(|v| v.as_str().expect("id").to_string())
    .collect()
}

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
    // Seeded among the demo's: last seen 600 days ago (past a year), 100 days ago (not), one
    // in the bin (still kept, so listed), and two records of one person merged (the kept
    // one listed, the merged one not).
    let old = save_person(&mut archive, named("Anticadella"));
    colloquio_days_ago(&mut archive, old, 600);
    let recent = save_person(&mut archive, named("Recentina"));
    colloquio_days_ago(&mut archive, recent, 100);
    let binned = save_person(&mut archive, named("Cestinata"));
    colloquio_days_ago(&mut archive, binned, 700);
    archive
        .delete_person(binned, "Doppione inserito per errore")
        .expect("bin");
    let kept = save_person(&mut archive, named("Doppietta"));
    let merged = save_person(&mut archive, named("Doppietta"));
    colloquio_days_ago(&mut archive, kept, 500);
    colloquio_days_ago(&mut archive, merged, 450);
    archive.merge_persons(kept, merged).expect("merge");
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
    // One year: the list fills, with the seeded persons where they belong.
    s.find("#retention-years").clear().type_text("1");
    s.find("#save-retention-years").click();
    s.wait_text("#retention-status", |t| t.contains("salvat"));
    s.find("#retention-candidates");
    let before = listed(&s);
    for (who, id, expected) in [
        ("last seen 600 days ago", old, true),
        ("in the bin", binned, true),
        ("the record kept by the merge", kept, true),
        ("last seen 100 days ago", recent, false),
        ("the record merged away", merged, false),
    ] {
        assert_eq!(before.contains(&id.to_string()), expected, "{who}");
    }
    s.screenshot("anteprima");
    // Carrying out needs the comune's act: without it, the messages say so and nothing goes.
    s.find(&format!("#retention-pick-{old}")).click();
    s.find("#retention-go").click();
    s.find("#retention-confirm").click();
    let act_error = s.wait_text("#retention-act-error", |t| !t.is_empty());
    assert!(act_error.contains("obbligatorio"), "{act_error}");
    assert_eq!(listed(&s), before, "nothing went without the act");
    // With the act: erased, gone from the list, in the register.
    s.find("#retention-erase").click();
    s.find("#retention-act")
        .fill("Determinazione n. 88 del Settore sociale");
    s.find("#retention-act-date")
        .fill(&sportello_core::format::date(
            chrono::Local::now().date_naive(),
        ));
    s.find("#retention-instructed-by")
        .fill("Responsabile Area servizi sociali");
    s.find("#retention-go").click();
    s.find("#retention-confirm").click();
    s.wait_text("#retention-status", |t| t.contains("Fatto"));
    s.wait_text("#erasure-register", |t| t.contains("Determinazione n. 88"));
    let after = listed(&s);
    assert!(!after.contains(&old.to_string()));
    assert_eq!(after.len() + 1, before.len());
    s.screenshot("registro");
    drop(s);

    // What the window listed is exactly who the archive finds past one year, today; the
    // period was kept in the archive; only the one erased is gone, and verify passes.
    let archive = unlock_after_the_app(&paths, DEMO_PASSPHRASE);
    assert_eq!(archive.retention_years().expect("years"), 1);
    let expected: Vec<String> = archive
        .retention_candidates(chrono::Local::now().date_naive())
        .expect("candidates")
        .iter()
        .map(|c| c.person.to_string())
        .collect();
    assert_eq!(after, expected);
    assert!(matches!(
        archive.person(old),
        Err(ArchiveError::RecordNotFound)
    ));
    assert_eq!(
        archive.counts().expect("counts").persons,
        persons_before - 1
    );
    assert_eq!(archive.erasure_register().expect("register").len(), 1);
    let report = archive.verify().expect("verify");
    assert!(report.is_sound(), "{:?}", report.first_problem());
    archive.lock().expect("lock");
}

/// On a person's page a consent is recorded (a bad date refused at its field) and the notice's
/// version shows with its date; the colloquio form warns when a referral goes to a private
/// body without that consent; the privacy notice prints; the access request withholds the
/// operator's assessment until she decides, then writes two files in the folder she picks —
/// never the archive's.
#[test]
fn consents_the_private_referral_warning_and_the_access_request() {
    let tmp = tempfile::tempdir().expect("tmp");
    let data = tmp.path().join("demo");
    let config = tmp.path().join("config");
    let saved = tmp.path().join("pdf");
    let picked = tmp.path().join("richiesta");
    std::fs::create_dir_all(&saved).expect("pdf dir");
    std::fs::create_dir_all(&picked).expect("picked dir");
    let paths = ArchivePaths::new(&data);
    let mut archive = sportello_e2e::demo_archive(&data, 4);
    let today = chrono::Local::now().date_naive();
    let person = match archive
        .save_person(
            &SavePersonRequest {
                id: None,
                form: PersonForm {
                    surname: "Consensina".into(),
                    name: "Adele".into(),
                    gender: "F".into(),
                    citizenship: "IT".into(),
                    privacy_notice: sportello_core::format::date(today),
                    ..Default::default()
                },
                confirmed: true,
            },
            today,
        )
        .expect("person")
    {
        PersonSaved::Saved { id } => id,
        other => panic!("{other:?}"),
    };
    archive
        .save_contact(
            &SaveContactRequest {
                appointment: None,
                id: None,
                person: Some(person),
                anonymous: None,
                form: ContactForm {
                    date: sportello_core::format::date(today),
                    duration: "30".into(),
                    channel: "presenza".into(),
                    services: vec!["ascolto".into()],
                    areas: vec!["POV".into()],
                    summary: "Sintesi consegnabile".into(),
                    evaluation: "Giudizio professionale da decidere".into(),
                    ..Default::default()
                },
            },
            today,
        )
        .expect("colloquio");
    archive.lock().expect("lock");

    let display = Display::start();
    let driver = Driver::start(
        &display,
        &[
            ("SPORTELLO_DATA_DIR", &data),
            ("SPORTELLO_CONFIG_DIR", &config),
            ("SPORTELLO_SAVE_DIR", &saved),
            ("SPORTELLO_PICK_DIR", &picked),
        ],
    );
    let s = driver.session(&[]).named("privacy-persona");
    s.find("#passphrase").fill(DEMO_PASSPHRASE);
    s.find("#unlock").click();
    s.find("#latest-contacts");
    s.find("#nav-persone").click();
    s.find("#person-search").fill("Consensina");
    s.wait_text("#person-list tbody tr:first-child .person", |t| {
        t.contains("Consensina Adele")
    });
    s.find("#person-list tbody tr:first-child .person").click();
    let notice = s.wait_text("#person-privacy-notice", |t| !t.is_empty());
    assert!(
        notice.contains(sportello_core::privacy::NOTICE_VERSION),
        "{notice}"
    );
    s.find("#consents-none");

    // A referral to the third sector, before any consent: warned.
    s.find("#new-contact").click();
    // The catalogue arrives after the form opens: typed again until it answers.
    let mut keys = sportello_e2e::Keys::new(&s);
    let mut offered = String::new();
    for _ in 0..20 {
        s.find("#referral-service").clear().click();
        keys.text("caritas");
        std::thread::sleep(std::time::Duration::from_millis(300));
        offered = s
            .execute(
                "const o = document.querySelector('#referral-service-list li.highlighted');
                 return o && !o.closest('ul').hidden ? o.innerText : '';",
            )
            .as_str()
            .unwrap_or_default()
            .to_string();
        if offered.contains("Caritas") {
            break;
        }
    }
    assert!(
        offered.contains("Caritas"),
        "the catalogue offers {offered:?}"
    );
    keys.press(sportello_e2e::ENTER);
    let warning = s.wait_text("#private-referral-warning", |t| t.contains("Caritas"));
    assert!(warning.contains("consenso"), "{warning}");
    s.screenshot("avviso-invio-privato");
    s.find("#cancel-contact").click();
    if s.wait_for("#dialog-confirm", std::time::Duration::from_secs(2))
        .is_some()
    {
        s.find("#dialog-confirm").click();
    }

    // The consent: a future date is refused at its field; today is kept.
    s.find("#consent-kind");
    s.execute(
        "const k = document.querySelector('#consent-kind'); k.value = 'terzo_settore'; k.dispatchEvent(new Event('change'));",
    );
    fill_checked(&s, "#consent-given-on", "31/12/2099");
    s.find("#add-consent").click();
    let error = s.wait_text("#consent-given-on-error", |t| !t.is_empty());
    assert!(error.contains("futur"), "{error}");
    fill_checked(
        &s,
        "#consent-given-on",
        &sportello_core::format::date(today),
    );
    s.find("#add-consent").click();
    s.wait_text("#consents", |t| t.contains("terzo settore"));
    s.screenshot("consenso");

    // The access request: refused until the assessment is decided; then two files, there.
    s.find("#person-access").click();
    s.find("#access-evaluations");
    s.find("#save-access-export").click();
    let refused = s.wait_text("#access-error", |t| !t.is_empty());
    assert!(refused.contains("valutazion"), "{refused}");
    assert_eq!(std::fs::read_dir(&picked).expect("dir").count(), 0);
    s.find(".evaluation-withhold").click();
    s.find("#access-warning");
    s.screenshot("accesso");
    s.find("#save-access-export").click();
    s.wait_text("#access-written", |t| t.contains("accesso-"));
    let mut files: Vec<_> = std::fs::read_dir(&picked)
        .expect("dir")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 2, "{files:?}");
    let json = std::fs::read_to_string(&files[0]).expect("json");
    assert!(json.contains("Sintesi consegnabile") && json.contains("terzo_settore"));
    assert!(!json.contains("Giudizio professionale"));

    // The privacy notice, printed from Privacy e conservazione.
    s.find("#nav-impostazioni").click();
    s.find("#open-privacy").click();
    fill_checked(&s, "#privacy_dpo", "Studio RPD Esempio");
    s.find("#save-privacy-parties").click();
    s.wait_text("#papers-status", |t| t.contains("salvat"));
    s.find("#privacy-notice-pdf").click();
    s.wait_text("#papers-status", |t| t.contains(".pdf"));
    drop(s);
    let pdf = saved.join(format!(
        "informativa-privacy-{}.pdf",
        sportello_core::privacy::NOTICE_VERSION
    ));
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext is installed");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("Studio RPD Esempio"), "{text}");
    assert!(text.contains("2-sexies"), "{text}");
    let archive = unlock_after_the_app(&paths, DEMO_PASSPHRASE);
    assert_eq!(archive.consents(person).expect("consents").len(), 1);
    archive.lock().expect("lock");
}
