//! Several operators in the real window: the owner adds a substitute with her own passphrase;
//! the substitute opens the archive with hers and records a colloquio; the owner, back, sees
//! the colloquio, its time and its history signed with the substitute's name, the hours per
//! operator and the access log's line for the record she opened; then revokes her, and her
//! passphrase opens nothing. Screenshots go to target/e2e-artifacts/.

use sportello_archive::demo::DEMO_PASSPHRASE;
use sportello_archive::ArchivePaths;
use sportello_core::ipc::{PersonSaved, SavePersonRequest};
use sportello_core::model::{NewTimeEntry, PersonForm};
use sportello_core::{Minutes, TimeKind};
use sportello_e2e::{
    demo_archive, last_sunday, unlock_after_the_app, Display, Driver, Keys, Session, ALT,
    ARROW_DOWN, CONTROL, ENTER, TAB,
};

const SUBSTITUTE: &str = "mare calmo di settembre";
const SUMMARY: &str = "Colloquio della sostituta durante le ferie.";

fn unlock(s: &Session, passphrase: &str) {
    s.find("#passphrase").fill(passphrase);
    s.find("#unlock").click();
    s.find("#latest-contacts");
}

fn open_person(s: &Session, keys: &mut Keys) {
    keys.chord(ALT, "2");
    s.wait_focus("#person-search");
    keys.text("zappacosta");
    s.wait_text("#person-list tbody", |t| t.contains("Zappacosta Ilaria"));
    keys.press(ARROW_DOWN).press(ENTER);
    s.wait_text("#person-name", |t| t == "Zappacosta Ilaria");
}

#[test]
fn a_substitute_records_a_colloquio_under_her_name_and_the_owner_sees_it() {
    let tmp = tempfile::tempdir().expect("tmp");
    let data = tmp.path().join("demo");
    let config = tmp.path().join("config");
    let mut archive = demo_archive(&data, 17);
    let saved = archive
        .save_person(
            &SavePersonRequest {
                id: None,
                form: PersonForm {
                    surname: "Zappacosta".into(),
                    name: "Ilaria".into(),
                    birth: "12/05/1961".into(),
                    gender: "F".into(),
                    citizenship: "IT".into(),
                    ..Default::default()
                },
                confirmed: true,
            },
            last_sunday(),
        )
        .expect("person");
    let PersonSaved::Saved { id: person } = saved else {
        panic!("{saved:?}");
    };
    // The owner's own time this month, for the hours filtered per operator.
    archive
        .add_time_entry(&NewTimeEntry {
            date: chrono::Local::now().date_naive(),
            minutes: Minutes(25),
            kind: TimeKind::Documentation,
            contact: None,
            billable: true,
            note: "Relazione per il Comune".into(),
        })
        .expect("time");
    archive.lock().expect("lock");

    let display = Display::start();
    let driver = Driver::start(
        &display,
        &[
            ("SPORTELLO_DATA_DIR", &data),
            ("SPORTELLO_CONFIG_DIR", &config),
        ],
    );
    let s = driver.session(&[]).named("operatori");
    let mut keys = Keys::new(&s);

    // 1. The owner adds the substitute.
    unlock(&s, DEMO_PASSPHRASE);
    s.find("#nav-impostazioni").click();
    s.find("#open-operators").click();
    s.wait_text("#operators-list", |t| t.contains("titolare"));
    // She gives her own name first (the archive calls her "Titolare dell'archivio").
    s.find("#my-name").fill("Anna Rossi");
    s.find("#rename-me").click();
    s.wait_text("#operators-result", |t| t == "Nome aggiornato: Anna Rossi");
    s.wait_text("#operator-me", |t| t.contains("Anna Rossi"));
    s.find("#op-name").fill("Giulia Ferri");
    s.find("#op-passphrase").fill(SUBSTITUTE);
    s.find("#op-confirmation").fill(SUBSTITUTE);
    s.find("#op-add").click();
    s.wait_text("#operators-result", |t| {
        t == "Operatore aggiunto: Giulia Ferri"
    });
    s.wait_text("#operators-list", |t| {
        t.contains("Giulia Ferri") && t.contains("operatore")
    });
    s.screenshot("aggiunta");
    s.find("#lock").click();

    // 2. The substitute opens it with her own passphrase and records a colloquio.
    unlock(&s, SUBSTITUTE);
    open_person(&s, &mut keys);
    keys.chord(ALT, "n");
    s.wait_focus("#services-0");
    keys.press("1").press(TAB).press("6").press(TAB); // Ascolto; Povertà
    s.wait_focus("#summary");
    keys.text(SUMMARY).chord(CONTROL, ENTER);
    s.wait_text(".notice", |t| t == "Colloquio salvato.");
    s.wait_text("#person-timeline tbody tr.contact", |t| t.contains(SUMMARY));
    s.screenshot("colloquio-sostituta");
    // The operators' page: she sees who works here, and adds no one.
    s.find("#nav-impostazioni").click();
    s.find("#open-operators").click();
    s.wait_text("#operator-me", |t| t.contains("Giulia Ferri"));
    assert!(s
        .wait_for("#op-add", std::time::Duration::from_millis(500))
        .is_none());
    s.find("#lock").click();

    // 3. The owner sees the colloquio signed by the substitute, her hours, and who opened
    // the record.
    unlock(&s, DEMO_PASSPHRASE);
    open_person(&s, &mut keys);
    s.wait_text("#person-timeline tbody tr.contact", |t| {
        t.contains(SUMMARY) && t.contains("Registrato da Giulia Ferri")
    });
    s.wait_text("#person-timeline tbody tr.time", |t| {
        t.contains("Registrato da Giulia Ferri")
    });
    keys.tab_to(".contact-history", 40).press(ENTER);
    let history = s.wait_text("#history", |t| t.contains("Giulia Ferri"));
    assert!(history.contains("Creazione"), "{history}");
    s.screenshot("storico-firmato");
    s.find("#nav-ore").click();
    s.wait_text("#month-by-operator", |t| t.contains("Giulia Ferri"));
    s.wait_text("#year-by-operator", |t| t.contains("Giulia Ferri"));
    // Only her entries, with the filter (the owner's are there before).
    s.wait_text("#entries tbody", |t| {
        t.contains("Giulia Ferri") && t.contains("Anna Rossi")
    });
    s.execute(
        "const sel = document.querySelector('#filter-operator');
         const opt = [...sel.options].find(o => o.textContent === 'Giulia Ferri');
         sel.value = opt.value;
         sel.dispatchEvent(new Event('change', { bubbles: true }));",
    );
    s.wait_text("#entries tbody", |t| {
        t.contains("Giulia Ferri") && !t.contains("Anna Rossi")
    });
    s.screenshot("ore-per-operatore");
    s.find("#nav-impostazioni").click();
    s.find("#open-operators").click();
    let log = s.wait_text("#access-log", |t| t.contains("Giulia Ferri"));
    assert!(log.contains("Zappacosta Ilaria"), "{log}");
    s.screenshot("registro-accessi");

    // 4. The owner revokes her: the keys change, and her passphrase opens nothing.
    s.find("#revoke-operator-1").click();
    s.find("#dialog-confirm").click();
    s.wait_text("#operators-result", |t| {
        t == "Operatore revocato: Giulia Ferri"
    });
    s.wait_text("#operators-list", |t| t.contains("revocato il"));
    s.find("#lock").click();
    s.find("#passphrase").fill(SUBSTITUTE);
    s.find("#unlock").click();
    s.wait_text("#passphrase-error", |t| t == "Frase segreta errata.");
    s.screenshot("revocata");
    drop(s);
    drop(driver);

    // The archive agrees: her colloquio carries her, the chain verifies.
    let archive = unlock_after_the_app(&ArchivePaths::new(&data), DEMO_PASSPHRASE);
    let log = archive.access_log(Some(person), 10).expect("log");
    assert!(log.iter().any(|a| a.operator == "Giulia Ferri"));
    assert!(
        log.iter().any(|a| a.operator != "Giulia Ferri"),
        "the owner's opening too"
    );
    let report = archive.verify().expect("verify");
    assert!(report.is_sound(), "{:?}", report.first_problem());
}
