//! The agenda, the catalogue and the community work in the real window, by keyboard only: a
//! booking on a closure day refused with its message, a guest booked and cancelled with a
//! reason, a past appointment marked as a no-show and another held (the colloquio form opens
//! prefilled and is saved), a service edited and its scheda saved as a PDF, a group activity and
//! a network meeting recorded with their time in the hours. Screenshots of the week agenda
//! and of the Servizi page go to target/e2e-artifacts/.

use chrono::{Datelike, Days, Local, NaiveDate, NaiveTime, Weekday};
use sportello_archive::demo::DEMO_PASSPHRASE;
use sportello_archive::{Archive, ArchivePaths};
use sportello_core::format;
use sportello_core::ipc::{PersonSaved, SavePersonRequest};
use sportello_core::model::{AppointmentStatus, Attendee, NewAppointment, PersonForm};
use sportello_core::{Minutes, PersonId};
use sportello_e2e::{
    demo_archive, last_sunday, unlock_after_the_app, Display, Driver, Keys, Session, ALT, CONTROL,
    ENTER, TAB,
};
use std::process::Command;

fn save_person(archive: &mut Archive, surname: &str) -> PersonId {
    let request = SavePersonRequest {
        id: None,
        form: PersonForm {
            surname: surname.into(),
            name: "Elvira".into(),
            gender: "F".into(),
            citizenship: "IT".into(),
            ..Default::default()
        },
        confirmed: true,
    };
    match archive
        .save_person(&request, Local::now().date_naive())
        .expect("person")
    {
        PersonSaved::Saved { id } => id,
        other => panic!("{other:?}"),
    }
}

/// The text of a PDF the app saved, after `qpdf --check` found it well formed.
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
    String::from_utf8(out.stdout).expect("utf-8")
}

fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).expect("time")
}

/// The appointment's row in the agenda, by its day and time.
fn row(date: NaiveDate, time: &str) -> String {
    format!(
        "li.appointment[data-date='{}'][data-time='{time}']",
        format::date(date)
    )
}

/// Saves the colloquio form with Ctrl+Enter; when the week passes the cap (the demo fills its
/// weeks), types the note it asks for and saves again.
fn save_contact(s: &Session, keys: &mut Keys) {
    keys.chord(CONTROL, ENTER);
    for _ in 0..50 {
        if s.focused_id() == "cap_note" {
            keys.text("Appuntamento fissato fuori dal tetto: recupero.")
                .chord(CONTROL, ENTER);
            return;
        }
        if s.execute("return !document.querySelector('#contact-form');")
            .as_bool()
            == Some(true)
        {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[test]
fn agenda_services_and_community_work_by_keyboard() {
    let tmp = tempfile::tempdir().expect("tmp");
    let data = tmp.path().join("demo");
    let config = tmp.path().join("config");
    let saved = tmp.path().join("pdf");
    std::fs::create_dir_all(&saved).expect("pdf dir");
    let today = Local::now().date_naive();
    let mut archive = demo_archive(&data, 12);
    // Two appointments of hers last Tuesday (always past): one to hold, one she missed.
    let person = save_person(&mut archive, "Agendina");
    let past = last_sunday() - Days::new(5);
    for (start, note) in [(t(12, 0), "Da tenere"), (t(12, 30), "Non verrà")] {
        archive
            .write(|w| {
                w.insert_appointment(
                    uuid::Uuid::now_v7(),
                    &NewAppointment {
                        attendee: Attendee::Person(person),
                        date: past,
                        start,
                        duration: Minutes(30),
                        note: note.into(),
                    },
                )
            })
            .expect("appointment");
    }
    // The first free half hour from tomorrow, and the first Tuesday in a closure.
    let tomorrow = today + Days::new(1);
    let (free_day, free_time) = archive
        .next_free_time(tomorrow, None, Minutes(30))
        .expect("agenda")
        .expect("a free time");
    let contract = archive.contract_on(today).expect("contract").expect("one");
    let (closed_day, closure) = contract
        .terms
        .closures
        .iter()
        .flat_map(|c| {
            c.from
                .iter_days()
                .take_while(|d| *d <= c.to)
                .map(move |d| (d, c))
        })
        .find(|(d, _)| *d > today && d.weekday() == Weekday::Tue)
        .expect("a closed Tuesday ahead");
    let closure_reason = closure.reason.clone();
    archive.lock().expect("lock");

    let display = Display::start();
    let driver = Driver::start(
        &display,
        &[
            ("SPORTELLO_DATA_DIR", &data),
            ("SPORTELLO_CONFIG_DIR", &config),
            ("SPORTELLO_SAVE_DIR", &saved),
        ],
    );
    let s = driver.session(&[]).named("agenda");
    let mut keys = Keys::new(&s);
    s.wait_focus("#passphrase");
    keys.text(DEMO_PASSPHRASE).press(ENTER);
    s.find("#latest-contacts");

    // The agenda (Alt+4): the booking form first, prefilled with the first free time.
    keys.chord(ALT, "4");
    s.wait_focus("#book-person");
    s.wait_text("#week-title", |t| !t.is_empty());

    // 1. Someone not registered yet, on a closed Tuesday: refused at the date, with the reason.
    keys.tab_to("#book-guest", 4).press(" ");
    keys.press(TAB);
    s.wait_focus("#book-guest-name");
    keys.text("Lucia Verdi").press(TAB);
    keys.text("0144 123456").press(TAB);
    s.wait_focus("#book-date");
    keys.clear().text(&format::date(closed_day)).press(TAB);
    keys.clear().text("10:00").press(ENTER);
    let refused = s.wait_text("#book-date-error", |t| !t.is_empty());
    assert!(
        refused.contains(&format::date(closed_day)) && refused.contains(&closure_reason),
        "{refused}"
    );
    s.screenshot("prenotazione-rifiutata");

    // 2. On the first free half hour: booked, and shown in its week.
    s.wait_focus("#book-date");
    keys.clear().text(&format::date(free_day)).press(TAB);
    keys.clear().text(&format::time(free_time)).press(ENTER);
    s.wait_text(".notice", |t| t == "Appuntamento fissato.");
    let booked = row(free_day, &format::time(free_time));
    s.wait_text(&booked, |t| {
        t.contains("Lucia Verdi") && t.contains("fissato")
    });

    // 3. Cancelled: a reason is required, then kept.
    keys.tab_to(&format!("{booked} button.cancel"), 60)
        .press(ENTER);
    s.wait_focus("#cancel-reason");
    keys.press(ENTER);
    s.wait_text("#cancel-reason-error", |t| t == "Campo obbligatorio.");
    keys.text("Ha telefonato: rimanda a gennaio").press(ENTER);
    s.wait_text(".notice", |t| t == "Appuntamento annullato.");
    s.wait_text(&booked, |t| {
        t.contains("annullato") && t.contains("Ha telefonato: rimanda a gennaio")
    });

    // 4. Last week: one appointment missed, marked as a no-show.
    keys.tab_to("#week-today", 80).press(ENTER);
    keys.shift_tab_to("#week-prev", 3).press(ENTER);
    let held_row = row(past, "12:00");
    let missed_row = row(past, "12:30");
    s.wait_text(&missed_row, |t| t.contains("Agendina Elvira"));
    keys.tab_to(&format!("{missed_row} button.no-show"), 80)
        .press(ENTER);
    s.wait_text(".notice", |t| t == "Segnato come non presentato.");
    s.wait_text(&missed_row, |t| t.contains("non presentato"));
    s.screenshot("settimana-agenda");
    // The day's list on paper, with names: for her file, never for a report.
    keys.tab_to(
        &format!(
            "section.agenda-day[data-date='{}'] button.print-day",
            format::date(past)
        ),
        80,
    )
    .press(ENTER);
    // A paper with names asks first: the safe choice has the focus.
    s.wait_focus("#dialog-cancel");
    assert!(s.find("#dialog-text").text().contains("NON è cifrato"));
    keys.press(TAB);
    s.wait_focus("#dialog-confirm");
    keys.press(ENTER);
    s.wait_text(".notice", |t| {
        t.starts_with("Elenco della giornata salvato in")
    });
    let day_list = pdf_text(&saved.join(format!("appuntamenti-{}.pdf", past.format("%Y-%m-%d"))));
    for expected in [
        "Agendina Elvira",
        "12:30",
        "non presentato",
        "Uso interno dello sportello",
    ] {
        assert!(day_list.contains(expected), "«{expected}»:\n{day_list}");
    }

    // 5. The other held: the colloquio form opens with its day, time and length, and is saved.
    keys.tab_to(&format!("{held_row} button.held"), 80)
        .press(ENTER);
    s.wait_focus("#services-0");
    assert_eq!(s.find("#date").property("value"), format::date(past));
    assert_eq!(s.find("#start_time").property("value"), "12:00");
    assert_eq!(s.find("#duration").property("value"), "30");
    assert!(s.find("#contact-title").text().contains("Agendina Elvira"));
    keys.press("1").press(TAB);
    s.wait_focus("#areas-0");
    keys.press("1");
    save_contact(&s, &mut keys);
    s.wait_text(".notice", |t| t == "Colloquio salvato.");
    s.find("#book-form");

    // The dashboard lists the no-show; the person page prints the first-access sheet.
    keys.chord(ALT, "1");
    s.wait_text("#no-shows", |t| t.contains("Agendina Elvira"));
    keys.chord(ALT, "2");
    s.wait_focus("#person-search");
    keys.text("agendina");
    s.wait_text("#person-list tbody", |t| t.contains("Agendina Elvira"));
    keys.press(ENTER);
    s.wait_text("#person-name", |t| t == "Agendina Elvira");
    keys.tab_to("#first-access-pdf", 20).press(ENTER);
    s.wait_focus("#dialog-cancel");
    keys.press(TAB);
    s.wait_focus("#dialog-confirm");
    keys.press(ENTER);
    s.wait_text(".notice", |t| t.starts_with("PDF salvato in"));
    let sheet = pdf_text(&saved.join("scheda-primo-accesso.pdf"));
    for expected in [
        "Scheda di primo accesso",
        "Agendina Elvira",
        "Firma della persona",
    ] {
        assert!(sheet.contains(expected), "«{expected}»:\n{sheet}");
    }

    // 6. A service edited and its scheda saved (Servizi: Alt+6).
    keys.chord(ALT, "6");
    s.wait_focus("#service-search");
    s.wait_text("#services-table", |t| t.contains("Centro antiviolenza"));
    s.screenshot("servizi");
    keys.text("telesocc");
    keys.tab_to("button.service-open", 6).press(ENTER);
    s.wait_focus("#service-name");
    keys.tab_to("#service-contacts", 20)
        .clear()
        .text("Tel. 0144 999888, dal lunedì al venerdì");
    keys.tab_to("#service-checked-today", 6).press(ENTER);
    keys.tab_to("#service-save", 4).press(ENTER);
    s.wait_text(".notice", |t| t == "Servizio salvato.");
    s.screenshot("servizio-modificato");
    keys.tab_to("#service-scheda", 4).press(ENTER);
    s.wait_text(".notice", |t| t.starts_with("Scheda salvata in"));
    let text = pdf_text(&saved.join("scheda-telesoccorso.pdf"));
    for expected in [
        "Telesoccorso",
        "Tel. 0144 999888, dal lunedì al venerdì",
        "martedì 09:00–13:00",
        &format!("verificate il {}", format::date(today)),
    ] {
        assert!(
            text.contains(expected),
            "«{expected}» in the scheda:\n{text}"
        );
    }

    // 7. A group activity and a network meeting on the Ore page, their time in the week.
    keys.chord(ALT, "5");
    s.wait_focus("#new-entry");
    let week_before = s.find("#week-total").text();
    assert!(week_before.starts_with("0:00 su"), "{week_before}");
    keys.tab_to("#community-new", 60).press(ENTER);
    s.wait_focus("#community-kind");
    keys.press("a").press(TAB);
    keys.press(TAB);
    s.wait_focus("#community-minutes");
    keys.text("90").press(TAB);
    keys.text("12").press(TAB);
    s.wait_focus("#community-title-field");
    keys.text("Incontro informativo sull'Assegno unico")
        .press(ENTER);
    s.wait_text("#community-message", |t| {
        t.starts_with("Attività registrata")
    });
    keys.tab_to("#community-new", 60).press(ENTER);
    s.wait_focus("#community-kind");
    keys.press("i").press(TAB).press(TAB);
    keys.text("60").press(TAB).press(TAB);
    keys.text("Incontro di rete con il Centro per l'impiego")
        .press(TAB);
    s.wait_focus("#community-partners");
    keys.text("Centro per l'impiego; Caritas parrocchiale")
        .press(ENTER);
    s.wait_text("#community-message", |t| {
        t.starts_with("Attività registrata")
    });
    s.wait_text("#community-table", |t| {
        t.contains("Incontro informativo sull'Assegno unico")
            && t.contains("Centro per l'impiego; Caritas parrocchiale")
    });
    s.wait_text("#week-total", |t| t.starts_with("2:30 su"));
    s.screenshot("attivita-di-rete");
    drop(s);
    drop(driver);

    // What the archive kept.
    let archive = unlock_after_the_app(&ArchivePaths::new(&data), DEMO_PASSPHRASE);
    let week = archive.appointments_on(past).expect("past");
    let status = |time: NaiveTime| {
        week.iter()
            .find(|a| a.start_time == time && a.person == Some(person))
            .map(|a| a.status())
    };
    assert_eq!(status(t(12, 0)), Some(AppointmentStatus::Held));
    assert_eq!(status(t(12, 30)), Some(AppointmentStatus::NoShow));
    let cancelled = archive.appointments_on(free_day).expect("day");
    let guest = cancelled
        .iter()
        .find(|a| a.guest_name == "Lucia Verdi")
        .expect("the guest's appointment");
    assert_eq!(guest.status(), AppointmentStatus::Cancelled);
    assert_eq!(guest.guest_phone, "0144 123456");
    let community = archive.community_view(today).expect("community");
    assert_eq!(community.activities.len(), 2);
    assert_eq!(community.minutes.get(), 150);
    let report = archive.verify().expect("verify");
    assert!(report.is_sound(), "{:?}", report.first_problem());
    archive.lock().expect("lock");
}
