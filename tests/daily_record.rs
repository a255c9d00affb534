//! The daily record in the real window, by keyboard alone: a new person and a colloquio with
//! two services, one area and a referral (its keys counted), a colloquio asked by a relative
//! with no resource available, an outcome that shrinks the waiting list, edits, the bin,
//! search by partial surname, folded accent and partial codice fiscale, an anonymous contact,
//! an invalid code that keeps the other fields, and Escape that asks before discarding.

use chrono::{Local, NaiveDate};
use sportello_archive::demo::DEMO_PASSPHRASE;
use sportello_archive::ArchivePaths;
use sportello_core::ipc::TimelineItem;
use sportello_core::{
    Area, CodiceFiscale, ContactOutcome, ReferralKind, Requester, SentBy, ServiceGiven,
};
use sportello_e2e::{
    demo_archive, Display, Driver, Keys, Session, ALT, ARROW_DOWN, CONTROL, ENTER, ESCAPE, SHIFT,
    TAB,
};

const SURNAME: &str = "Dell'Acqua";
const NAME: &str = "Nicolò";
const SUMMARY: &str = "Sfratto esecutivo a gennaio, chiede aiuto per la domanda di contributo.";

fn birth() -> NaiveDate {
    NaiveDate::from_ymd_opt(1961, 5, 12).expect("date")
}

fn code() -> CodiceFiscale {
    CodiceFiscale::compute(SURNAME, NAME, birth(), false, "H451").expect("codice fiscale")
}

/// The number of rows of the waiting list, as the page says it.
fn waiting_count(s: &Session, keys: &mut Keys) -> u64 {
    keys.chord(ALT, "3");
    s.find("#content h1");
    match s.wait_for("#waiting-count", std::time::Duration::from_secs(5)) {
        Some(e) => e
            .text()
            .split_whitespace()
            .next()
            .and_then(|n| n.parse().ok())
            .expect("a count"),
        None => 0,
    }
}

#[test]
fn daily_record_by_keyboard() {
    let tmp = tempfile::tempdir().expect("tmp");
    let data = tmp.path().join("demo");
    let config = tmp.path().join("config");
    let archive = demo_archive(&data, 21);
    let anonymous_before = archive.counts().expect("counts").anonymous_persons;
    archive.lock().expect("lock");
    let display = Display::start();
    let driver = Driver::start(
        &display,
        &[
            ("SPORTELLO_DATA_DIR", &data),
            ("SPORTELLO_CONFIG_DIR", &config),
        ],
    );
    let s = driver.session(&[]).named("registro");
    let mut keys = Keys::new(&s);

    // Unlock by keyboard.
    s.wait_focus("#passphrase");
    keys.text(DEMO_PASSPHRASE).press(ENTER);
    s.find("#latest-contacts");

    // The waiting list before.
    let waiting_before = waiting_count(&s, &mut keys);
    assert!(waiting_before > 0, "the demo has referrals waiting");

    // 1. A new person, by keyboard: identity typed, gender and citizenship chosen by letter.
    keys.reset();
    keys.chord(ALT, "p");
    s.wait_focus("#surname");
    keys.text(SURNAME).press(TAB).text(NAME).press(TAB);
    keys.text(code().as_str())
        .press(TAB)
        .text("12/05/1961")
        .press(TAB);
    keys.press("M").press(TAB).press("I").press(TAB);
    s.screenshot("nuova-persona");
    keys.press(ENTER);
    s.wait_text("#person-name", |t| t == "Dell'Acqua Nicolò");
    let person_keys = keys.reset();
    s.screenshot("scheda-nuova");

    // 2. The colloquio: two services, one area, a summary and a referral to the CAF.
    s.wait_focus("#new-contact");
    keys.chord(ALT, "n");
    s.wait_focus("#services-0");
    keys.press("1").press("2").press(TAB); // Ascolto, Informazione
    s.wait_focus("#areas-0");
    keys.press("6").press(TAB); // Povertà
    s.wait_focus("#summary");
    keys.text(SUMMARY).press(TAB);
    s.wait_focus("#referral-service");
    keys.press("caf");
    s.wait_text("#referral-service-list li.highlighted", |t| {
        t == "CAF / patronato"
    });
    keys.press(ENTER);
    s.wait_text("#referral-0 .service", |t| t == "CAF / patronato");
    s.screenshot("colloquio");
    keys.press(ENTER);
    s.wait_text(".notice", |t| t == "Colloquio salvato.");
    let contact_keys = keys.reset();
    eprintln!("keystrokes: person {person_keys}, colloquio with its referral {contact_keys}");
    assert!(
        contact_keys <= 15,
        "a colloquio with its referral took {contact_keys} keys"
    );
    s.wait_text("#person-timeline tbody tr.contact", |t| {
        t.contains("Ascolto, Informazione, Segnalazione e invio")
            && t.contains("Povertà")
            && t.contains(SUMMARY)
    });
    s.wait_text("#person-timeline tbody tr.referral", |t| {
        t.contains("CAF / patronato") && t.contains("In attesa di esito")
    });
    s.screenshot("scheda-con-colloquio");
    assert_eq!(waiting_count(&s, &mut keys), waiting_before + 1);
    s.screenshot("invii-in-attesa");

    // 3. An outcome recorded shrinks the waiting list.
    keys.chord(ALT, "2");
    s.wait_focus("#person-search");
    keys.text("dell");
    s.wait_text("#person-list tbody", |t| t.contains("Dell'Acqua Nicolò"));
    keys.press(ARROW_DOWN).press(ENTER);
    s.wait_text("#person-name", |t| t == "Dell'Acqua Nicolò");
    keys.tab_to(".open-referral", 40).press(ENTER);
    s.wait_focus("#outcome");
    keys.press("P").press(TAB).press(TAB);
    s.wait_focus("#feedback");
    keys.text("Pratica presa in carico dal CAF.").press(ENTER);
    s.wait_text("#outcomes tbody", |t| t.contains("Preso in carico"));
    s.screenshot("esito");
    assert_eq!(waiting_count(&s, &mut keys), waiting_before);

    // 4. A colloquio asked by a relative, with no resource available.
    keys.chord(ALT, "2");
    s.wait_focus("#person-search");
    keys.text("nicolo dell");
    s.wait_text("#person-list tbody", |t| t.contains("Dell'Acqua Nicolò"));
    keys.press(ENTER);
    s.wait_text("#person-name", |t| t == "Dell'Acqua Nicolò");
    keys.chord(ALT, "n");
    s.wait_focus("#services-0");
    keys.press("1").press(TAB).press("68").press(TAB); // Ascolto; Povertà, senza dimora
    keys.text("La figlia chiede un posto letto per il padre.");
    keys.tab_to("details.more summary", 10).press(ENTER);
    keys.tab_to("#requester", 5).press("F");
    keys.tab_to("#outcome", 5).press("N");
    keys.tab_to("#unmet_need", 5)
        .text("Posto letto per la notte");
    keys.press(TAB).text("Dormitorio comunale");
    s.screenshot("nessuna-risorsa");
    keys.chord(CONTROL, ENTER);
    s.wait_text(".notice", |t| t == "Colloquio salvato.");
    s.wait_text("#person-timeline tbody tr.contact", |t| {
        t.contains("Nessuna risorsa disponibile")
    });

    // 5. Edit the colloquio: 50 minutes instead of the default.
    keys.tab_to(".edit-contact", 40).press(ENTER);
    s.wait_focus("#services-0");
    keys.chord(SHIFT, TAB).chord(SHIFT, TAB);
    s.wait_focus("#duration");
    keys.clear().press("50").chord(CONTROL, ENTER);
    s.wait_text("#person-timeline tbody tr.contact", |t| {
        t.contains("50 min")
    });
    s.screenshot("modificato");
    // Its history, field by field.
    keys.tab_to(".contact-history", 40).press(ENTER);
    s.wait_text("#history", |t| {
        t.contains("Modifica") && t.contains("Durata (minuti)") && t.contains("50")
    });
    s.screenshot("storico");
    keys.chord(ALT, "2");
    s.wait_focus("#person-search");
    keys.text("dell");
    s.wait_text("#person-list tbody", |t| t.contains("Dell'Acqua Nicolò"));
    keys.press(ENTER);
    s.wait_text("#person-name", |t| t == "Dell'Acqua Nicolò");

    // 6. Escape asks before discarding a half-filled colloquio; nothing typed, it just leaves.
    keys.chord(ALT, "n");
    s.wait_focus("#services-0");
    keys.press("1").press(ESCAPE);
    s.wait_focus("#dialog-cancel");
    s.screenshot("esc-chiede");
    keys.press(ENTER); // "Continua a scrivere"
    s.wait_focus("#services-0");
    // Leaving by a shortcut asks too.
    keys.chord(ALT, "2");
    s.wait_focus("#dialog-cancel");
    keys.press(ENTER);
    s.wait_focus("#services-0");
    assert_eq!(
        s.execute("return document.querySelector('#services-0').checked;")
            .as_bool(),
        Some(true),
        "what was typed is still there"
    );
    keys.press(ESCAPE);
    s.wait_focus("#dialog-cancel");
    keys.press(TAB).press(ENTER); // "Esci senza salvare"
    s.wait_text("#person-name", |t| t == "Dell'Acqua Nicolò");
    keys.chord(ALT, "n");
    s.wait_focus("#services-0");
    keys.press(ESCAPE);
    s.wait_text("#person-name", |t| t == "Dell'Acqua Nicolò");

    // 7. Delete → bin → restore.
    keys.tab_to("#delete-person", 20).press(ENTER);
    s.wait_focus("#delete-reason");
    keys.press(ENTER);
    s.wait_text("#delete-reason-error", |t| t == "Campo obbligatorio.");
    keys.text("Scheda aperta per errore").press(ENTER);
    s.wait_text(".notice", |t| t == "Spostato nel cestino.");
    // The notice shows on the person page too, for the moment before the list replaces it.
    s.wait_focus("#person-search");
    keys.text("dell");
    if s.wait_for("#no-persons", std::time::Duration::from_secs(10))
        .is_none()
    {
        panic!(
            "a deleted person is not found; focus #{}; page: {}",
            s.focused_id(),
            s.execute("return document.querySelector('#content').innerText;")
        );
    }
    keys.shift_tab_to("#open-bin", 10).press(ENTER);
    s.wait_text("#bin-persons", |t| {
        t.contains("Dell'Acqua Nicolò") && t.contains("Scheda aperta per errore")
    });
    s.screenshot("cestino");
    keys.tab_to(".restore-person", 10).press(ENTER);
    s.wait_text(".notice", |t| t == "Ripristinato.");
    s.wait_text("#person-name", |t| t == "Dell'Acqua Nicolò");

    // 8. Search: partial surname, folded accent, partial codice fiscale.
    for query in [
        "dell'a",
        "nicolo dell",
        &code().as_str()[..8].to_lowercase(),
    ] {
        keys.chord(ALT, "2");
        s.wait_focus("#person-search");
        keys.text(query);
        s.wait_text("#person-list tbody", |t| t.contains("Dell'Acqua Nicolò"));
    }
    s.screenshot("ricerca-cf");

    // 9. An invalid codice fiscale is told at its field; everything else stays typed.
    keys.chord(ALT, "p");
    s.wait_focus("#surname");
    keys.text("Bianchi").press(TAB).text("Elena").press(TAB);
    keys.text("BNCLNE70A41H501X").press(TAB).text("01/01/1970");
    keys.press(TAB)
        .press("F")
        .press(TAB)
        .press("I")
        .chord(CONTROL, ENTER);
    s.wait_text("#codice_fiscale-error", |t| {
        t.starts_with("Codice fiscale non valido")
    });
    for (field, value) in [
        ("surname", "Bianchi"),
        ("name", "Elena"),
        ("birth", "01/01/1970"),
        ("gender", "F"),
        ("citizenship", "IT"),
        ("codice_fiscale", "BNCLNE70A41H501X"),
    ] {
        let shown = s.find(&format!("#{field}")).property("value");
        assert_eq!(shown.as_str(), Some(value), "{field} kept");
    }
    s.screenshot("cf-errato");
    keys.press(ESCAPE);
    s.wait_focus("#dialog-cancel");
    keys.press(TAB).press(ENTER);
    s.wait_focus("#person-search");

    // 10. An anonymous contact: gender, age band, citizenship only.
    keys.shift_tab_to("#new-anonymous", 10).press(ENTER);
    s.wait_focus("#contact-person");
    keys.press(TAB).press(" "); // "Accesso anonimo"
    keys.press(TAB)
        .press("F")
        .press(TAB)
        .press("2")
        .press(TAB)
        .press("U");
    keys.tab_to("#services-0", 10)
        .press("2")
        .press(TAB)
        .press("3");
    s.screenshot("anonimo");
    keys.chord(CONTROL, ENTER);
    s.wait_text(".notice", |t| t == "Colloquio salvato.");
    s.find("#latest-contacts");
    drop(s);
    drop(driver);

    // What was saved, read back from the archive.
    let archive = sportello_e2e::unlock_after_the_app(&ArchivePaths::new(&data), DEMO_PASSPHRASE);
    let found = archive.find_persons("dellacqua", 5).expect("find");
    assert_eq!(found.len(), 1, "one person, restored");
    let page = archive.person_page(found[0].id).expect("page");
    let contacts: Vec<_> = page
        .timeline
        .iter()
        .filter_map(|i| match i {
            TimelineItem::Contact(c) => Some(c.id),
            _ => None,
        })
        .collect();
    assert_eq!(contacts.len(), 2, "two colloqui, nothing discarded saved");
    let first = archive.contact(contacts[1]).expect("first colloquio");
    assert_eq!(
        first.data.services,
        vec![
            ServiceGiven::Listening,
            ServiceGiven::Information,
            ServiceGiven::Referral
        ]
    );
    assert_eq!(first.data.areas, vec![Area::Poverty]);
    assert_eq!(first.data.date, Local::now().date_naive());
    // The new fields kept their defaults.
    assert_eq!(first.data.requester, Some(Requester::ThePerson));
    assert_eq!(first.data.sent_by, Some(SentBy::OwnInitiative));
    assert_eq!(first.data.outcome, Some(ContactOutcome::Referred));
    let referrals: Vec<_> = page
        .timeline
        .iter()
        .filter_map(|i| match i {
            TimelineItem::Referral(r) => Some(r.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(referrals.len(), 1);
    assert_eq!(referrals[0].service_name, "CAF / patronato");
    assert_eq!(referrals[0].data.kind, ReferralKind::Referral);
    let second = archive.contact(contacts[0]).expect("second colloquio");
    assert_eq!(second.data.requester, Some(Requester::Relative));
    assert_eq!(second.data.outcome, Some(ContactOutcome::NoResource));
    assert!(second.data.homeless);
    assert_eq!(second.data.duration.get(), 50);
    let unmet = second.data.unmet.expect("the unmet need");
    assert_eq!(unmet.missing_resource, "Dormitorio comunale");
    // Its time entry follows the edit.
    assert!(page.timeline.iter().any(|i| matches!(i,
        TimelineItem::Time(t) if t.entry.data.contact == Some(contacts[0]) && t.entry.data.minutes.get() == 50)));
    assert_eq!(
        archive.counts().expect("counts").anonymous_persons,
        anonymous_before + 1,
        "the anonymous contact is saved"
    );
    let report = archive.verify().expect("verify");
    assert!(report.is_sound(), "{:?}", report.first_problem());
    archive.lock().expect("lock");
}
