//! The history through the real encrypted database: every action leaves an entry with the
//! record's images before and after; `verify` names an altered entry, a broken link and a row
//! changed, added or removed outside the app; a merge and a restore keep it clean (the
//! archives of schema version 1 are in `old_archives.rs`).

mod common;

use chrono::NaiveDate;
use sportello_archive::{Archive, ArchiveError, Entity, VerifyProblem};
use sportello_core::history::{Action, HistoryEntry};
use sportello_core::ipc::{SaveContactRequest, SavePersonRequest};
use sportello_core::model::{
    ContactForm, OutcomeForm, PersonForm, ReferralForm, RepresentativeForm, TimeEntryForm,
};
use sportello_core::{Lang, Msg, PersonId, Relation};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).expect("date")
}

fn rossi() -> PersonForm {
    PersonForm {
        surname: "Rossi".into(),
        name: "Mario".into(),
        codice_fiscale: "RSSMRA85T10A562S".into(),
        birth: "10/12/1985".into(),
        gender: "M".into(),
        citizenship: "IT".into(),
        phone: "333 1234567".into(),
        ..Default::default()
    }
}

fn save(archive: &mut Archive, id: Option<PersonId>, form: PersonForm) -> PersonId {
    match archive
        .save_person(
            &SavePersonRequest {
                id,
                form,
                confirmed: true,
            },
            today(),
        )
        .expect("save person")
    {
        sportello_core::ipc::PersonSaved::Saved { id } => id,
        other => panic!("{other:?}"),
    }
}

fn colloquio(
    archive: &mut Archive,
    person: PersonId,
    referral_to: Option<String>,
) -> sportello_core::ContactId {
    let form = ContactForm {
        date: "20/11/2026".into(),
        duration: "30".into(),
        channel: "presenza".into(),
        services: vec!["ascolto".into()],
        areas: vec!["POV".into()],
        summary: "Prima versione della sintesi.".into(),
        referrals: referral_to
            .map(|service| {
                vec![ReferralForm {
                    service,
                    ..Default::default()
                }]
            })
            .unwrap_or_default(),
        ..Default::default()
    };
    archive
        .save_contact(
            &SaveContactRequest {
                appointment: None,
                id: None,
                person: Some(person),
                anonymous: None,
                form,
            },
            today(),
        )
        .expect("save colloquio")
}

/// The (label, before, after) of each changed field of an entry.
fn changed(e: &HistoryEntry) -> Vec<(String, Option<String>, Option<String>)> {
    e.changes
        .iter()
        .map(|c| (c.label.clone(), c.before.clone(), c.after.clone()))
        .collect()
}

fn has_change(e: &HistoryEntry, label: &str, before: Option<&str>, after: Option<&str>) -> bool {
    changed(e)
        .iter()
        .any(|(l, b, a)| l == label && b.as_deref() == before && a.as_deref() == after)
}

#[test]
fn every_action_keeps_the_images_before_and_after() {
    let (_dir, _paths, mut archive, _recovery) = common::new_archive();
    let person = save(&mut archive, None, rossi());
    let history =
        |a: &Archive, entity: Entity, id: &str| a.history(entity, id, Lang::It).expect("history");

    // Create: every field that has a value, nothing before.
    let h = history(&archive, Entity::Person, &person.to_string());
    assert_eq!(h.len(), 1);
    assert_eq!(h[0].action, Action::Create);
    assert!(has_change(&h[0], "Cognome", None, Some("Rossi")));
    assert!(has_change(
        &h[0],
        "Data di nascita",
        None,
        Some("10/12/1985")
    ));
    assert!(!h[0].operator.is_empty(), "the operator is named");

    // Update: only what changed, with before and after.
    save(
        &mut archive,
        Some(person),
        PersonForm {
            phone: "0123 456789".into(),
            residence: "H501".into(),
            representatives: vec![RepresentativeForm {
                kind: "delegato".into(),
                name: "Lucia Rossi".into(),
                ..Default::default()
            }],
            ..rossi()
        },
    );
    let h = history(&archive, Entity::Person, &person.to_string());
    assert_eq!(h[0].action, Action::Update);
    assert_eq!(
        changed(&h[0]),
        vec![
            ("Comune di residenza".into(), None, Some("Roma (RM)".into())),
            (
                "Telefono".into(),
                Some("333 1234567".into()),
                Some("0123 456789".into())
            ),
            (
                "Rappresentanti e delegati".into(),
                None,
                Some("Delegato: Lucia Rossi".into())
            ),
        ]
    );

    // Delete and restore.
    archive.delete_person(person, "Doppione").expect("delete");
    archive.restore_person(person).expect("restore");
    let h = history(&archive, Entity::Person, &person.to_string());
    assert_eq!(h[0].action, Action::Restore);
    assert!(has_change(
        &h[0],
        "Motivo dell'eliminazione",
        Some("Doppione"),
        None
    ));
    assert_eq!(h[1].action, Action::Delete);
    assert!(has_change(
        &h[1],
        "Motivo dell'eliminazione",
        None,
        Some("Doppione")
    ));

    // A colloquio with a referral, edited, its referral's outcome, its time changed.
    let caf = archive
        .services()
        .expect("services")
        .into_iter()
        .find(|s| s.name.starts_with("CAF"))
        .expect("CAF")
        .id;
    let contact = colloquio(&mut archive, person, Some(caf.to_string()));
    let edit = archive.contact_edit(contact).expect("edit");
    let referral = edit.referrals[0].id;
    archive
        .save_contact(
            &SaveContactRequest {
                appointment: None,
                id: Some(contact),
                person: None,
                anonymous: None,
                form: ContactForm {
                    duration: "45".into(),
                    summary: "Seconda versione.".into(),
                    ..edit.form
                },
            },
            today(),
        )
        .expect("edit");
    let h = history(&archive, Entity::Contact, &contact.to_string());
    assert_eq!(h.len(), 2);
    assert_eq!(h[0].action, Action::Update);
    assert!(has_change(&h[0], "Durata (minuti)", Some("30"), Some("45")));
    assert!(has_change(
        &h[0],
        "Sintesi",
        Some("Prima versione della sintesi."),
        Some("Seconda versione.")
    ));
    archive
        .add_outcome(
            referral,
            &OutcomeForm {
                date: "22/11/2026".into(),
                outcome: "preso_in_carico".into(),
                feedback: "Appuntamento fissato.".into(),
            },
            today(),
        )
        .expect("outcome");
    let entry = archive
        .person_page(person)
        .expect("page")
        .timeline
        .into_iter()
        .find_map(|i| match i {
            sportello_core::ipc::TimelineItem::Time(t) => Some(t.entry),
            _ => None,
        })
        .expect("the colloquio's time");
    assert_eq!(
        entry.data.minutes.get(),
        45,
        "the time follows the colloquio"
    );
    archive
        .save_time_entry(
            &sportello_core::ipc::SaveTimeEntryRequest {
                id: Some(entry.id),
                form: TimeEntryForm {
                    billable: false,
                    ..entry.data.to_form()
                },
            },
            today(),
        )
        .expect("time");
    let h = history(&archive, Entity::TimeEntry, &entry.id.to_string());
    assert!(has_change(&h[0], "Fatturabile", Some("sì"), Some("no")));
    assert_eq!(h.len(), 3, "created, following the edit, made non-billable");

    // Delete and restore a colloquio: its time goes and comes back with it.
    archive
        .delete_contact(contact, "Registrato per errore")
        .expect("delete");
    assert!(archive
        .person_page(person)
        .expect("page")
        .timeline
        .is_empty());
    archive.restore_contact(contact).expect("restore");
    assert_eq!(archive.person_page(person).expect("page").timeline.len(), 3);

    // A household member, linked then unlinked.
    let daughter = save(
        &mut archive,
        None,
        PersonForm {
            name: "Lucia".into(),
            codice_fiscale: String::new(),
            birth: "1990".into(),
            gender: "F".into(),
            ..rossi()
        },
    );
    let link = archive
        .add_household_member(person, daughter, Relation::Child)
        .expect("link");
    let seen_from_daughter = archive.person_page(daughter).expect("page").household;
    assert_eq!(seen_from_daughter[0].relation, Relation::Parent);
    archive.remove_household_member(link).expect("unlink");
    assert!(archive
        .person_page(person)
        .expect("page")
        .household
        .is_empty());

    // A setting.
    archive
        .set_setting("retention_years", "10")
        .expect("setting");
    let h = history(&archive, Entity::Setting, "retention_years");
    assert!(has_change(&h[0], "Valore", None, Some("10")));

    // A person's history gathers what concerns them, the merge included.
    let whole = history(&archive, Entity::Person, &person.to_string());
    for action in [
        Action::Create,
        Action::Update,
        Action::Delete,
        Action::Restore,
    ] {
        assert!(whole.iter().any(|e| e.action == action), "{action:?}");
    }
    for entity in [
        "contact",
        "referral",
        "referral_outcome",
        "time_entry",
        "household_link",
    ] {
        assert!(whole.iter().any(|e| e.entity == entity), "{entity}");
    }
    let report = archive.verify().expect("verify");
    assert!(report.is_sound(), "{:?}", report.first_problem());
}

#[test]
fn a_merge_moves_everything_and_keeps_verify_clean() {
    let (_dir, _paths, mut archive, _recovery) = common::new_archive();
    let keep = save(
        &mut archive,
        None,
        PersonForm {
            codice_fiscale: String::new(),
            phone: String::new(),
            ..rossi()
        },
    );
    let other = save(&mut archive, None, rossi());
    let c1 = colloquio(&mut archive, keep, None);
    let c2 = colloquio(&mut archive, other, None);
    let third = save(
        &mut archive,
        None,
        PersonForm {
            surname: "Verdi".into(),
            codice_fiscale: String::new(),
            ..rossi()
        },
    );
    archive
        .add_household_member(other, third, Relation::Sibling)
        .expect("link");
    // Not the same record twice, not an unknown record.
    let same = archive.merge_persons(keep, keep).expect_err("same");
    assert!(
        matches!(&same, ArchiveError::Invalid(f) if f.for_field("other") == Some(&Msg::MergeSamePerson))
    );
    archive.merge_persons(keep, other).expect("merge");
    let page = archive.person_page(keep).expect("page");
    let contacts: Vec<_> = page
        .timeline
        .iter()
        .filter_map(|i| match i {
            sportello_core::ipc::TimelineItem::Contact(c) => Some(c.id),
            _ => None,
        })
        .collect();
    assert!(contacts.contains(&c1) && contacts.contains(&c2));
    assert_eq!(page.household.len(), 1, "the household link moved");
    assert_eq!(
        page.person.data.codice_fiscale().map(|c| c.as_str()),
        Some("RSSMRA85T10A562S"),
        "the kept record took the code it lacked"
    );
    assert_eq!(page.person.data.phone, "333 1234567");
    assert!(matches!(
        archive.person(other),
        Err(ArchiveError::RecordNotFound)
    ));
    let bin = archive.bin().expect("bin");
    assert_eq!(bin.persons[0].merged_into, Some(keep));
    assert!(
        archive.restore_person(other).is_err(),
        "a merged record is not restored"
    );
    let merges = archive
        .history(Entity::Person, &keep.to_string(), Lang::It)
        .expect("history")
        .into_iter()
        .filter(|e| e.action == Action::Merge)
        .count();
    assert!(merges >= 3, "the merge is in the history: {merges}");
    let report = archive.verify().expect("verify");
    assert!(report.is_sound(), "{:?}", report.first_problem());

    // Two codes for one person: the merged record keeps its own, still refused to a new record,
    // as the kept person's.
    let a = save(
        &mut archive,
        None,
        PersonForm {
            surname: "Bianchi".into(),
            codice_fiscale: "BNCGLI90A45H501R".into(),
            birth: "05/01/1990".into(),
            name: "Giulia".into(),
            gender: "F".into(),
            ..rossi()
        },
    );
    let omocode = "BNCGLI90A45H50MJ"; // the same person's code with omocodia
    let b = save(
        &mut archive,
        None,
        PersonForm {
            surname: "Bianchi".into(),
            codice_fiscale: omocode.into(),
            birth: "05/01/1990".into(),
            name: "Giulia".into(),
            gender: "F".into(),
            ..rossi()
        },
    );
    archive.merge_persons(a, b).expect("merge");
    let again = archive
        .save_person(
            &SavePersonRequest {
                id: None,
                form: PersonForm {
                    surname: "Bianchi".into(),
                    name: "Giulia".into(),
                    codice_fiscale: omocode.into(),
                    birth: String::new(),
                    gender: "F".into(),
                    ..rossi()
                },
                confirmed: true,
            },
            today(),
        )
        .expect_err("still taken");
    assert!(
        matches!(&again, ArchiveError::Invalid(f) if f.for_field("codice_fiscale") == Some(&Msg::CfTaken { person: a })),
        "{again:?}"
    );
    assert!(archive.verify().expect("verify").is_sound());
}

/// A codice fiscale stays taken by a person in the bin, and the message names her.
#[test]
fn a_code_in_the_bin_stays_taken_and_the_duplicate_is_warned() {
    let (_dir, _paths, mut archive, _recovery) = common::new_archive();
    let first = save(&mut archive, None, rossi());
    archive.delete_person(first, "Prova").expect("delete");
    let err = archive
        .save_person(
            &SavePersonRequest {
                id: None,
                form: rossi(),
                confirmed: true,
            },
            today(),
        )
        .expect_err("taken");
    assert!(
        matches!(&err, ArchiveError::Invalid(f) if f.for_field("codice_fiscale") == Some(&Msg::CfTakenDeleted { person: first })),
        "{err:?}"
    );
    archive.restore_person(first).expect("restore");
    // Same surname, name and birth year, no code: a warning naming the record, until confirmed.
    let similar = PersonForm {
        codice_fiscale: String::new(),
        birth: "1985".into(),
        ..rossi()
    };
    let check = archive
        .save_person(
            &SavePersonRequest {
                id: None,
                form: similar.clone(),
                confirmed: false,
            },
            today(),
        )
        .expect("answered");
    match check {
        sportello_core::ipc::PersonSaved::Check { warnings } => {
            assert_eq!(
                warnings.for_field("surname"),
                Some(&Msg::PossibleDuplicate { person: first })
            )
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        archive.counts().expect("counts").persons,
        1,
        "nothing saved yet"
    );
    save(&mut archive, None, similar);
    assert_eq!(archive.counts().expect("counts").persons, 2);
    // A residence must be a current comune of the list.
    let bad = archive.save_person(
        &SavePersonRequest {
            id: None,
            form: PersonForm {
                residence: "Z404".into(),
                codice_fiscale: String::new(),
                name: "Anna".into(),
                ..rossi()
            },
            confirmed: true,
        },
        today(),
    );
    assert!(
        matches!(&bad, Err(ArchiveError::Invalid(f)) if f.for_field("residence") == Some(&Msg::ComuneUnknown))
    );
}

/// The first problem `verify` reports, and it alone.
fn only_problem(archive: &Archive) -> VerifyProblem {
    let report = archive.verify().expect("verify");
    assert_eq!(
        report.history_problems.len(),
        1,
        "{:?}",
        report.history_problems
    );
    report.history_problems[0].clone()
}

#[test]
fn verify_names_what_was_changed_outside_the_app() {
    let (_dir, _paths, mut archive, _recovery) = common::new_archive();
    let person = save(&mut archive, None, rossi());
    let contact = colloquio(&mut archive, person, None);
    assert!(archive.verify().expect("verify").is_sound());

    // (b) A colloquio's summary changed directly in the database.
    archive
        .tamper(&format!(
            "UPDATE contact SET summary = 'Riscritta di nascosto.' WHERE id = '{contact}'"
        ))
        .expect("tamper");
    let problem = only_problem(&archive);
    assert!(
        matches!(&problem, VerifyProblem::RowChanged { table, id, .. } if table == "contact" && *id == contact.to_string()),
        "{problem:?}"
    );
    assert!(
        problem
            .describe()
            .contains("cambiata fuori dall'applicazione"),
        "{}",
        problem.describe()
    );
    archive
        .tamper(&format!(
            "UPDATE contact SET summary = 'Prima versione della sintesi.' WHERE id = '{contact}'"
        ))
        .expect("put back");
    assert!(archive.verify().expect("verify").is_sound());

    // (c) A person's row changed directly.
    archive
        .tamper(&format!(
            "UPDATE person SET phone = '000' WHERE id = '{person}'"
        ))
        .expect("tamper");
    let problem = only_problem(&archive);
    assert!(
        matches!(&problem, VerifyProblem::RowChanged { table, .. } if table == "person"),
        "{problem:?}"
    );
    archive
        .tamper(&format!(
            "UPDATE person SET phone = '333 1234567' WHERE id = '{person}'"
        ))
        .expect("put back");

    // A row added and a row removed behind the history's back.
    archive
        .tamper("INSERT INTO setting (key, value) VALUES ('intruso', '1')")
        .expect("tamper");
    assert!(
        matches!(only_problem(&archive), VerifyProblem::RowWithoutHistory { table, id } if table == "setting" && id == "intruso")
    );
    archive
        .tamper("DELETE FROM setting WHERE key = 'intruso'")
        .expect("put back");
    archive
        .tamper(&format!(
            "DELETE FROM contact_area WHERE contact_id = '{contact}'"
        ))
        .expect("tamper");
    assert!(
        matches!(only_problem(&archive), VerifyProblem::RowChanged { table, .. } if table == "contact")
    );
    archive
        .tamper(&format!(
            "INSERT INTO contact_area VALUES ('{contact}', 'POV')"
        ))
        .expect("put back");
    assert!(archive.verify().expect("verify").is_sound());

    // (a) A history entry altered: its content no longer matches its seal.
    let seq: i64 = {
        let h = archive
            .history(Entity::Contact, &contact.to_string(), Lang::It)
            .expect("history");
        h[0].seq
    };
    archive
        .tamper(&format!(
            "UPDATE history SET after_json = replace(after_json, 'Prima', 'Altra') WHERE seq = {seq}"
        ))
        .expect("tamper");
    let report = archive.verify().expect("verify");
    assert_eq!(
        report.history_problems.first(),
        Some(&VerifyProblem::AlteredEntry { seq }),
        "{:?}",
        report.history_problems
    );
    assert!(report
        .first_problem()
        .expect("a problem")
        .contains(&format!("n. {seq}")));

    // An entry's content removed as if erased, with no erasure recorded: caught.
    let (_dir3, _paths3, mut third, _r3) = common::new_archive();
    let p3 = save(&mut third, None, rossi());
    let created = third
        .history(Entity::Person, &p3.to_string(), Lang::It)
        .expect("history")[0]
        .seq;
    third
        .tamper(&format!(
            "UPDATE history SET salt = NULL, before_json = NULL, after_json = NULL WHERE seq = {created}"
        ))
        .expect("tamper");
    let report = third.verify().expect("verify");
    assert_eq!(
        report.history_problems.first(),
        Some(&VerifyProblem::AlteredEntry { seq: created }),
        "{:?}",
        report.history_problems
    );

    // A history entry removed: the chain is broken at the next one.
    let (_dir2, _paths2, mut other, _r2) = common::new_archive();
    let p = save(&mut other, None, rossi());
    colloquio(&mut other, p, None);
    let first_of_person = other
        .history(Entity::Person, &p.to_string(), Lang::It)
        .expect("history")
        .last()
        .expect("created")
        .seq;
    other
        .tamper(&format!(
            "DELETE FROM history WHERE seq = {first_of_person}"
        ))
        .expect("tamper");
    let report = other.verify().expect("verify");
    assert_eq!(
        report.history_problems.first(),
        Some(&VerifyProblem::BrokenLink {
            seq: first_of_person + 1
        }),
        "{:?}",
        report.history_problems
    );
}
