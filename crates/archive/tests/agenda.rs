//! The agenda, the catalogue and the community work through the real encrypted database:
//! bookings refused on a closure, a holiday, outside the slots or over another (and nothing
//! written), a guest's appointment held and turned into a person, cancel and no-show, the
//! starter file reloaded without touching her edits, a service found by part of its name,
//! and a network meeting's time in the hours.

mod common;

use chrono::{NaiveDate, NaiveTime};
use common::named;
use sportello_archive::{Archive, ArchiveError};
use sportello_core::ipc::SaveContactRequest;
use sportello_core::model::{
    AppointmentForm, AppointmentStatus, CommunityForm, ContactForm, ContractForm, PersonForm,
    ServiceForm,
};
use sportello_core::{Msg, PersonId};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).expect("date")
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

/// Tuesday 09:00–13:00 and Thursday 14:00–16:00, closed from 24 December to 6 January.
fn with_contract(archive: &mut Archive) {
    let terms = ContractForm {
        comune: "Comune di Roccaverde".into(),
        provider: "Cooperativa Sociale Il Ponte".into(),
        start: "01/03/2026".into(),
        end: "28/02/2029".into(),
        year_start: "01/03/2026".into(),
        yearly_hours: "178".into(),
        hourly_rate: "23,00".into(),
        vat: "esente".into(),
        weekly_cap_hours: "4".into(),
        opening_slots: "mar 09:00-13:00\ngio 14:00-16:00".into(),
        closures: "24/12/2026-06/01/2027 vacanze di Natale".into(),
        ..Default::default()
    }
    .parse()
    .expect("valid contract");
    archive.set_contract(&terms).expect("contract");
}

fn booking(person: Option<PersonId>, date: &str, start: &str) -> AppointmentForm {
    AppointmentForm {
        person,
        guest_name: if person.is_none() {
            "Giulia Ferri".into()
        } else {
            String::new()
        },
        guest_phone: if person.is_none() {
            "333 1234567".into()
        } else {
            String::new()
        },
        date: date.into(),
        start: start.into(),
        duration: "30".into(),
        note: String::new(),
    }
}

/// The text of a PDF, as pdftotext reads it, lines joined.
fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("report.pdf");
    std::fs::write(&file, pdf).expect("pdf");
    let out = std::process::Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) must be installed");
    String::from_utf8_lossy(&out.stdout).replace('\n', " ")
}

fn refusal(e: ArchiveError) -> (String, Msg) {
    match e {
        ArchiveError::Invalid(f) => {
            let first = f.0.first().expect("one field").clone();
            (first.field, first.msg)
        }
        other => panic!("expected a field's refusal, got {other:?}"),
    }
}

#[test]
fn bookings_follow_the_calendar_and_refusals_write_nothing() {
    let (_dir, _paths, mut archive, _recovery) = common::new_archive();
    with_contract(&mut archive);
    let person = common::save_person(&mut archive, None, named("Rossi", "Anna"), today());
    // Tuesday 1 December 2026 at 10:00.
    archive
        .book_appointment(&booking(Some(person), "01/12/2026", "10:00"))
        .expect("booked");
    let refused = [
        (booking(Some(person), "01/12/2026", "10:15"), "start"),
        (booking(None, "29/12/2026", "10:00"), "date"),
        (booking(None, "08/12/2026", "10:00"), "date"),
        (booking(None, "02/12/2026", "10:00"), "date"),
        (booking(None, "03/12/2026", "10:00"), "start"),
        (
            AppointmentForm {
                start: "23:50".into(),
                ..booking(None, "01/12/2026", "")
            },
            "duration",
        ),
    ];
    let mut messages = Vec::new();
    for (form, field) in refused {
        let (at, msg) = refusal(archive.book_appointment(&form).expect_err("refused"));
        assert_eq!(at, field, "{form:?}: {msg:?}");
        messages.push(msg.text(sportello_core::Lang::It));
    }
    assert!(messages[0].contains("10:00–10:30"), "{messages:?}");
    assert!(messages[1].contains("vacanze di Natale"), "{messages:?}");
    assert!(messages[2].contains("Immacolata"), "{messages:?}");
    assert!(messages[3].contains("non apre"), "{messages:?}");
    assert!(messages[4].contains("14:00–16:00"), "{messages:?}");
    let week = archive
        .agenda_week(d(2026, 12, 1), today(), None)
        .expect("week");
    let all: Vec<_> = week
        .days
        .iter()
        .flat_map(|d| d.appointments.iter())
        .collect();
    assert_eq!(all.len(), 1, "only the first booking is there");
    assert_eq!(week.days[1].day.slots.len(), 1);
    assert!(week.days[0].closed_text.is_none());
    let december = archive
        .agenda_week(d(2026, 12, 8), today(), None)
        .expect("week");
    assert!(december.days[1]
        .closed_text
        .as_deref()
        .is_some_and(|t| t.contains("Immacolata")));
    // The first free half hour from today (Thursday 26 November, 14:00).
    assert_eq!(
        week.next_free,
        Some((today(), NaiveTime::from_hms_opt(14, 0, 0).expect("time")))
    );
}

#[test]
fn a_guest_is_held_as_a_person_and_cancel_no_show_and_move_keep_their_rules() {
    let (_dir, _paths, mut archive, _recovery) = common::new_archive();
    with_contract(&mut archive);
    // Tuesday 24 November, past: a guest's appointment, held.
    let guest = archive
        .book_appointment(&booking(None, "24/11/2026", "09:00"))
        .expect("guest booked");
    let form = ContactForm {
        services: vec!["ascolto".into()],
        areas: vec!["POV".into()],
        ..ContactForm::new_at(
            d(2026, 11, 24),
            NaiveTime::from_hms_opt(9, 0, 0).expect("t"),
            None,
        )
    };
    let contact = archive
        .save_contact(
            &SaveContactRequest {
                id: None,
                person: None,
                anonymous: Some(PersonForm {
                    phone: "333 1234567".into(),
                    ..named("Ferri", "Giulia")
                }),
                form: form.clone(),
                appointment: Some(guest),
            },
            today(),
        )
        .expect("colloquio saved");
    let held = archive.appointment(guest).expect("appointment");
    assert_eq!(held.status(), AppointmentStatus::Held);
    let person = held.person.expect("the guest is a person now");
    assert!(held.guest_name.is_empty() && held.guest_phone.is_empty());
    assert_eq!(
        archive.contact(contact).expect("contact").data.person,
        person
    );
    let page = archive.person_page(person).expect("page");
    assert_eq!(page.display_name, "Ferri Giulia");
    assert_eq!(page.person.data.phone, "333 1234567");
    // Held once: not again, not cancelled, not a no-show.
    let again = SaveContactRequest {
        id: None,
        person: Some(person),
        anonymous: None,
        form,
        appointment: Some(guest),
    };
    assert!(archive.save_contact(&again, today()).is_err());
    assert_eq!(
        archive
            .person_page(person)
            .expect("page")
            .timeline
            .iter()
            .filter(|i| matches!(i, sportello_core::ipc::TimelineItem::Contact(_)))
            .count(),
        1,
        "the refused save wrote no second colloquio"
    );
    assert_eq!(
        refusal(
            archive
                .cancel_appointment(guest, "malattia")
                .expect_err("held")
        )
        .1,
        Msg::AppointmentNotBooked
    );

    // A colloquio of someone else, or a new person, does not hold her appointment.
    let other = common::save_person(&mut archive, None, named("Bianchi", "Luca"), today());
    let hers = archive
        .book_appointment(&booking(Some(person), "01/12/2026", "09:00"))
        .expect("booked");
    for (who, new_person) in [(Some(other), None), (None, Some(named("Neri", "Ada")))] {
        let e = archive
            .save_contact(
                &SaveContactRequest {
                    id: None,
                    person: who,
                    anonymous: new_person,
                    form: ContactForm {
                        date: "26/11/2026".into(),
                        ..again.form.clone()
                    },
                    appointment: Some(hers),
                },
                today(),
            )
            .expect_err("not hers");
        assert!(e.to_string().contains("un'altra persona"), "{e}");
    }
    assert_eq!(
        archive.appointment(hers).expect("hers").status(),
        AppointmentStatus::Booked
    );
    assert!(
        archive.find_persons("neri", 10).expect("search").is_empty(),
        "the refused colloquio registered no one"
    );
    archive
        .cancel_appointment(hers, "prova")
        .expect("cancelled");

    // A guest who never came is forgotten 90 days after the appointment, in the history too;
    // a recent one is kept.
    let old_guest = archive
        .book_appointment(&booking(None, "09/06/2026", "10:00"))
        .expect("booked");
    archive
        .cancel_appointment(old_guest, "Giulia Ferri non può più venire")
        .expect("cancelled");
    let recent_guest = archive
        .book_appointment(&booking(None, "17/11/2026", "10:00"))
        .expect("booked");
    assert_eq!(archive.forget_past_guests(today()).expect("forget"), 1);
    let forgotten = archive.appointment(old_guest).expect("old");
    assert!(
        forgotten.guest_name.is_empty()
            && forgotten.guest_phone.is_empty()
            && forgotten.cancel_reason.is_empty()
    );
    assert_eq!(forgotten.status(), AppointmentStatus::Cancelled);
    assert_eq!(
        archive
            .appointment(recent_guest)
            .expect("recent")
            .guest_name,
        "Giulia Ferri"
    );
    let history = archive
        .history(
            sportello_archive::records::Entity::Appointment,
            &old_guest.to_string(),
            sportello_core::Lang::It,
        )
        .expect("history");
    assert!(
        !format!("{history:?}").contains("Ferri"),
        "the history keeps no name: {history:?}"
    );
    let report = archive.verify().expect("verify");
    assert!(report.is_sound(), "{:?}", report.first_problem());
    assert_eq!(archive.forget_past_guests(today()).expect("again"), 0);

    // Another, cancelled only with a reason; its time is free again.
    let a = archive
        .book_appointment(&booking(Some(person), "01/12/2026", "11:00"))
        .expect("booked");
    assert_eq!(
        refusal(archive.cancel_appointment(a, "  ").expect_err("no reason")).1,
        Msg::Required
    );
    archive
        .cancel_appointment(a, "La persona ha telefonato: è malata")
        .expect("cancelled");
    let cancelled = archive.appointment(a).expect("a");
    assert_eq!(cancelled.status(), AppointmentStatus::Cancelled);
    assert_eq!(
        cancelled.cancel_reason,
        "La persona ha telefonato: è malata"
    );
    archive
        .book_appointment(&booking(Some(person), "01/12/2026", "11:00"))
        .expect("the cancelled time is free");

    // A no-show only once the day has come.
    let future = archive
        .book_appointment(&booking(Some(person), "03/12/2026", "14:00"))
        .expect("booked");
    assert_eq!(
        refusal(archive.mark_no_show(future, today()).expect_err("future")).1,
        Msg::NoShowInFuture
    );
    archive
        .mark_no_show(future, d(2026, 12, 3))
        .expect("no-show");
    assert_eq!(
        archive
            .no_shows(d(2026, 11, 1), d(2026, 12, 31))
            .expect("list")
            .len(),
        1
    );

    // Moved under the same rules, onto its own time too.
    let m = archive
        .book_appointment(&booking(Some(person), "10/12/2026", "14:00"))
        .expect("booked");
    archive
        .move_appointment(m, "10/12/2026", "14:15", "30")
        .expect("moved onto itself");
    assert_eq!(
        refusal(
            archive
                .move_appointment(m, "29/12/2026", "10:00", "30")
                .expect_err("closed")
        )
        .0,
        "date"
    );
    let moved = archive.appointment(m).expect("m");
    assert_eq!(
        moved.start_time,
        NaiveTime::from_hms_opt(14, 15, 0).expect("t")
    );
    assert_eq!(moved.date, d(2026, 12, 10));
}

#[test]
fn the_starter_file_reloads_without_touching_her_edits_and_a_service_is_found_by_name() {
    let (_dir, _paths, mut archive, _recovery) = common::new_archive();
    let catalogue = archive.catalogue(today()).expect("catalogue").services;
    let starter = sportello_archive::agenda::starter_catalogue().expect("starter");
    assert_eq!(catalogue.len(), starter.len());
    assert!(catalogue
        .iter()
        .all(|s| s.starter_key.is_some() && !s.edited));
    // She edits one and archives another.
    let edited = catalogue[0].clone();
    let mut form = ServiceForm::from_fields(&edited.fields);
    form.contacts = "Tel. 0144 000111, martedì mattina".into();
    form.checked_on = "20/11/2026".into();
    archive
        .save_service(Some(edited.id), &form, today())
        .expect("edited");
    let archived = catalogue[1].clone();
    archive
        .set_service_archived(archived.id, true)
        .expect("archived");
    assert!(!archive
        .services()
        .expect("offered")
        .iter()
        .any(|s| s.id == archived.id));
    // A refused edit changes nothing.
    let bad = ServiceForm {
        name: "ADI".into(),
        ..form.clone()
    };
    let (field, msg) = refusal(
        archive
            .save_service(Some(edited.id), &bad, today())
            .expect_err("ADI"),
    );
    assert_eq!(field, "name");
    assert!(matches!(msg, Msg::AmbiguousAcronym { .. }));
    // Confirming a scheda (the day it was checked) is not an edit of its text.
    let confirmed = catalogue[2].clone();
    let mut confirm = ServiceForm::from_fields(&confirmed.fields);
    confirm.checked_on = "25/11/2026".into();
    archive
        .save_service(Some(confirmed.id), &confirm, today())
        .expect("confirmed");
    assert!(!archive.service(confirmed.id).expect("confirmed").edited);
    // A service she creates is hers, even named as one of the file's.
    let mine = archive
        .save_service(
            None,
            &ServiceForm {
                name: "Sportello locale per i bandi".into(),
                ..ServiceForm::default()
            },
            today(),
        )
        .expect("hers");
    assert!(archive.service(mine).expect("mine").edited);
    // Reloading: nothing added, her edit kept, the archived one stays archived.
    let outcome = archive.reload_starter_catalogue().expect("reload");
    assert_eq!(outcome.added, 0);
    assert_eq!(outcome.kept, 2, "her edit and the archived one");
    assert_eq!(
        outcome.updated, 0,
        "the confirmed one already has the file's text"
    );
    let after = archive.service(edited.id).expect("service");
    assert_eq!(after.fields.contacts, "Tel. 0144 000111, martedì mattina");
    assert!(after.edited);
    assert!(archive.service(archived.id).expect("service").archived);
    // Found by part of its name (folded), several refused with their names, or by id.
    let one = archive.find_service("telesocc").expect("found");
    assert_eq!(one.fields.name, "Telesoccorso");
    let e = archive.find_service("centro").expect_err("several");
    assert!(e.to_string().contains("«Centro diurno»"), "{e}");
    assert_eq!(
        archive.find_service(&one.id.to_string()).expect("by id").id,
        one.id
    );
    assert!(archive.find_service("astronave").is_err());
    // The scheda says where the desk is.
    let doc = archive.scheda(one.id, today()).expect("scheda");
    assert_eq!(doc.title, "Telesoccorso");
    assert!(doc.large_print);
}

#[test]
fn a_network_meeting_is_recorded_with_its_time_in_the_hours() {
    let (_dir, _paths, mut archive, _recovery) = common::new_archive();
    with_contract(&mut archive);
    let form = CommunityForm {
        kind: "rete".into(),
        date: "24/11/2026".into(),
        minutes: "1:30".into(),
        title: "Tavolo povertà con Caritas e Centro per l'impiego".into(),
        partners: "Caritas parrocchiale; Centro per l'impiego".into(),
        billable: true,
        ..CommunityForm::default()
    };
    let id = archive
        .save_community_activity(&form, today())
        .expect("saved");
    let view = archive.community_view(today()).expect("view");
    assert_eq!(view.activities.len(), 1);
    assert_eq!(view.minutes.get(), 90);
    let time = view.activities[0].time_entry.expect("its time");
    let entries = archive
        .time_entries(d(2026, 11, 1), d(2026, 11, 30))
        .expect("entries");
    let entry = entries.iter().find(|e| e.id == time).expect("in the hours");
    assert_eq!(entry.data.minutes.get(), 90);
    assert_eq!(entry.data.kind, sportello_core::TimeKind::Networking);
    // A group without its count is refused and writes nothing; with it, counted.
    let group = CommunityForm {
        kind: "gruppo".into(),
        ..form
    };
    assert_eq!(
        refusal(
            archive
                .save_community_activity(&group, today())
                .expect_err("count")
        )
        .0,
        "participants"
    );
    archive
        .save_community_activity(
            &CommunityForm {
                participants: "14".into(),
                date: "26/11/2026".into(),
                ..group
            },
            today(),
        )
        .expect("group");
    // The activity report of November counts them with their time.
    let period = sportello_core::stats::Period::month(2026, 11).expect("month");
    let desk = archive
        .activity_figures(period, today())
        .expect("figures")
        .desk;
    assert_eq!(
        (
            desk.group_sessions,
            desk.group_participants,
            desk.network_meetings,
            desk.coordination_tables,
            desk.community_minutes
        ),
        (1, 14, 1, 0, 180)
    );
    let draft = archive
        .draft_activity_report(period, 3, today())
        .expect("draft");
    assert!(
        draft.narrative.contains("1 attività di gruppo con 14 partecipanti in tutto, 1 incontro di rete e 0 tavoli di coordinamento, per 3,00 ore"),
        "{}",
        draft.narrative
    );
    let report = archive
        .checked_activity_report(
            &sportello_core::ipc::SaveActivityRequest {
                period,
                threshold: 3,
                narrative: draft.narrative.clone(),
                sections: Vec::new(),
                missing_resources: String::new(),
                shown: Some(draft.figures.clone()),
            },
            today(),
        )
        .expect("checked");
    let text = pdf_text(&sportello_report::activity_pdf(&report));
    for expected in [
        "Attività di gruppo e lavoro di rete",
        "1 incontro, 14 partecipanti in tutto",
        "Incontri di rete",
        "Tempo dedicato",
    ] {
        assert!(text.contains(expected), "«{expected}»: {text}");
    }
    archive.delete_community_activity(id).expect("deleted");
    assert_eq!(
        archive
            .community_view(today())
            .expect("view")
            .activities
            .len(),
        1
    );
    assert!(!archive
        .time_entries(d(2026, 11, 1), d(2026, 11, 30))
        .expect("entries")
        .iter()
        .any(|e| e.id == time));
}
