//! Casework through the real encrypted database: a colloquio that takes a person in charge
//! opens her case; the plan's goals and reviews, the interventions with the comune's act, the
//! meetings and the social reports (versions) come back after locking and unlocking; each
//! action is in the history with its images; every refusal has its Italian message and leaves
//! what was saved as it was; the deadlines follow their rule; the activity report counts the
//! cases and interventions with the same small-count suppression.

mod common;

use chrono::NaiveDate;
use sportello_archive::casework::CasePart;
use sportello_archive::{Archive, ArchiveError, Entity};
use sportello_core::history::Action;
use sportello_core::ipc::SaveContactRequest;
use sportello_core::model::{
    CaseOpeningForm, ContactForm, DeadlineKind, GoalForm, InterventionForm, MeetingForm,
    ReviewForm, SocialReportForm,
};
use sportello_core::stats::{Period, Printed};
use sportello_core::{Cents, ContactId, Lang, Msg, PersonId};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).expect("date")
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

fn taken_in_charge(archive: &mut Archive, person: PersonId, date: &str) -> ContactId {
    archive
        .save_contact(
            &SaveContactRequest {
                appointment: None,
                id: None,
                person: Some(person),
                anonymous: None,
                form: ContactForm {
                    date: date.into(),
                    channel: "presenza".into(),
                    duration: "45".into(),
                    services: vec!["presa_in_carico".into()],
                    areas: vec!["FAM".into()],
                    outcome: "presa_in_carico".into(),
                    summary: "Nucleo con due figli, sfratto in corso".into(),
                    ..Default::default()
                },
            },
            today(),
        )
        .expect("colloquio")
}

fn opening(date: &str, adi: bool) -> CaseOpeningForm {
    CaseOpeningForm {
        opened_on: date.into(),
        reason: "Sfratto esecutivo, due figli minori".into(),
        requested_by: "persona".into(),
        area: "FAM".into(),
        household: true,
        assegno_inclusione: adi,
    }
}

fn field(e: &ArchiveError, field: &str) -> Option<Msg> {
    match e {
        ArchiveError::Invalid(f) => f.for_field(field).cloned(),
        other => panic!("not a form error: {other:?}"),
    }
}

/// The actions of a record's history, oldest first (it is listed newest first).
fn actions(archive: &Archive, entity: Entity, id: &str) -> Vec<Action> {
    archive
        .history(entity, id, Lang::It)
        .expect("history")
        .iter()
        .rev()
        .map(|e| e.action)
        .collect()
}

#[test]
fn a_case_from_its_opening_to_its_reopening_is_kept_and_in_the_history() {
    let (_dir, paths, mut archive, _recovery) = common::new_archive();
    let person = common::save_person(&mut archive, None, common::named("Rossi", "Maria"), today());
    let contact = taken_in_charge(&mut archive, person, "02/03/2026");

    // Refused: a form with nothing in it, each field with its message.
    let e = archive
        .open_case(person, Some(contact), &CaseOpeningForm::default(), today())
        .expect_err("empty");
    for f in ["opened_on", "reason", "requested_by", "area"] {
        assert!(field(&e, f).is_some(), "{f}");
    }
    let case = archive
        .open_case(person, Some(contact), &opening("02/03/2026", true), today())
        .expect("opened");
    // One open case per person.
    let twice = archive
        .open_case(person, None, &opening("03/03/2026", false), today())
        .expect_err("already open");
    assert_eq!(field(&twice, "opened_on"), Some(Msg::CaseAlreadyOpen));
    assert_eq!(archive.open_case_of(person).expect("open"), Some(case));

    // The plan: a review date before the opening is refused, nothing saved.
    let early = archive
        .add_goal(
            case,
            &GoalForm {
                goal: "Trovare casa".into(),
                review_on: "01/02/2026".into(),
                ..Default::default()
            },
        )
        .expect_err("review before opening");
    assert_eq!(field(&early, "review_on"), Some(Msg::BeforeCaseOpening));
    assert!(archive
        .case_file(case, today())
        .expect("case")
        .goals
        .is_empty());
    let goal = archive
        .add_goal(
            case,
            &GoalForm {
                goal: "Trovare casa".into(),
                actions: "Domanda di alloggio ERP, contatti con l'agenzia per la casa".into(),
                responsible: "La persona; l'assistente sociale".into(),
                review_on: "01/06/2026".into(),
            },
        )
        .expect("goal");
    let review = archive
        .record_review(
            goal,
            &ReviewForm {
                held_on: "03/06/2026".into(),
                changes: "Domanda presentata, in graduatoria".into(),
                reached: false,
                next_review_on: "01/12/2026".into(),
            },
            today(),
        )
        .expect("review");
    let intervention = archive
        .add_intervention(
            case,
            &InterventionForm {
                kind: "contributo".into(),
                provider: "Comune".into(),
                from: "01/04/2026".into(),
                to: "30/09/2026".into(),
                amount: "1.200,00".into(),
                act_number: "Determina n. 12".into(),
                act_date: "25/03/2026".into(),
            },
        )
        .expect("intervention");
    archive
        .add_meeting(
            case,
            &MeetingForm {
                kind: "nucleo".into(),
                held_on: "10/06/2026".into(),
                present: "Assistente sociale, la signora Rossi".into(),
                decisions: "Patto per l'inclusione firmato".into(),
            },
            today(),
        )
        .expect("meeting");
    archive
        .set_case_assessment(case, "Risorse familiari presenti, reddito insufficiente")
        .expect("assessment");

    // A report from the template, saved twice: two versions of one report.
    let draft = archive.social_report_draft(case, today()).expect("draft");
    assert!(draft.body.contains("Trovare casa"));
    assert!(draft.body.contains("Determina n. 12 del 25/03/2026"));
    assert_eq!(draft.written_on, "27/11/2026");
    let bad = archive
        .save_social_report(case, None, &SocialReportForm::default())
        .expect_err("empty report");
    assert_eq!(field(&bad, "body"), Some(Msg::Required));
    let form = SocialReportForm {
        addressee: "autorita_giudiziaria".into(),
        recipient: "Tribunale per i minorenni".into(),
        ..draft
    };
    let (first, v1) = archive
        .save_social_report(case, None, &form)
        .expect("saved");
    assert_eq!(v1, 1);
    let series = archive.social_report(first).expect("report").line.series;
    let (second, v2) = archive
        .save_social_report(
            case,
            Some(series),
            &SocialReportForm {
                body: format!("{}\nAggiunta della seconda versione.", form.body),
                ..form.clone()
            },
        )
        .expect("second version");
    assert_eq!(v2, 2);
    assert_ne!(first, second);
    let paper = archive.social_report_paper(second).expect("paper");
    assert_eq!(paper.title, "Relazione sociale");
    assert!(paper.id.ends_with("-v2"));

    // Locked and unlocked: everything comes back.
    archive.lock().expect("lock");
    let mut archive = Archive::unlock(&paths, &common::passphrase()).expect("unlock");
    let file = archive.case_file(case, today()).expect("case");
    assert_eq!(file.person_name, "Rossi Maria");
    assert_eq!(file.state.opening.opened_on, d(2026, 3, 2));
    assert!(file.state.opening.assegno_inclusione && file.state.opening.household);
    assert_eq!(file.goals.len(), 1);
    assert_eq!(file.goals[0].data.review_on, Some(d(2026, 12, 1)));
    assert_eq!(file.reviews.len(), 1);
    assert_eq!(file.interventions[0].data.amount, Some(Cents(120_000)));
    assert_eq!(file.interventions[0].data.act_date, Some(d(2026, 3, 25)));
    assert_eq!(file.meetings.len(), 1);
    assert_eq!(
        file.assessment,
        "Risorse familiari presenti, reddito insufficiente"
    );
    // The latest version only, listed; both kept.
    assert_eq!(file.reports.len(), 1);
    assert_eq!(file.reports[0].version, 2);
    assert_eq!(
        archive
            .social_report_versions(series)
            .expect("versions")
            .len(),
        2
    );
    assert_eq!(archive.social_report(first).expect("v1").body, form.body);
    // Deadlines: the goal's review, and the Assegno di Inclusione's next meeting (90 days
    // after the last one with the household: a colloquio on 10/06 → 08/09, overdue).
    let kinds: Vec<(DeadlineKind, NaiveDate, bool)> = file
        .deadlines
        .iter()
        .map(|x| (x.kind, x.due, x.overdue))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (DeadlineKind::AdiFollowUp, d(2026, 9, 8), true),
            (DeadlineKind::PlanReview, d(2026, 12, 1), false),
        ]
    );
    let all = archive.case_deadlines(today()).expect("deadlines");
    assert_eq!(all.len(), 2);
    assert_eq!(all[1].deadline.about, "Trovare casa");
    assert_eq!(all[0].person_name, "Rossi Maria");

    // Closed: no new intervention, and its deadlines are gone; the end of one is still noted.
    let early_close = archive
        .close_case(case, "01/01/2026", "Trasferita", today())
        .expect_err("before the opening");
    assert_eq!(
        field(&early_close, "closed_on"),
        Some(Msg::BeforeCaseOpening)
    );
    // Not before what it records (the meeting of 10/06), not in the future.
    let before_records = archive
        .close_case(case, "01/06/2026", "Trasferita", today())
        .expect_err("before the meeting");
    assert_eq!(
        field(&before_records, "closed_on"),
        Some(Msg::CloseBeforeRecords {
            last: "10/06/2026".into()
        })
    );
    let future = archive
        .close_case(case, "20/11/2062", "Trasferita", today())
        .expect_err("in the future");
    assert_eq!(field(&future, "closed_on"), Some(Msg::DateInFuture));
    // A second intervention still running when the case closes ends with it.
    let running = archive
        .add_intervention(
            case,
            &InterventionForm {
                kind: "sad".into(),
                from: "01/10/2026".into(),
                ..Default::default()
            },
        )
        .expect("running");
    archive
        .close_case(case, "20/11/2026", "Obiettivi raggiunti", today())
        .expect("closed");
    let ended = archive.case_file(case, today()).expect("case");
    let ended = ended
        .interventions
        .iter()
        .find(|i| i.id == running)
        .expect("the running one");
    assert_eq!(ended.data.to, Some(d(2026, 11, 20)));
    let refused = archive
        .add_intervention(
            case,
            &InterventionForm {
                kind: "sad".into(),
                from: "21/11/2026".into(),
                ..Default::default()
            },
        )
        .expect_err("closed");
    assert_eq!(field(&refused, "kind"), Some(Msg::CaseClosed));
    assert!(archive.case_deadlines(today()).expect("none").is_empty());
    archive
        .update_intervention(
            intervention,
            &InterventionForm {
                kind: "contributo".into(),
                provider: "Comune".into(),
                from: "01/04/2026".into(),
                to: "31/10/2026".into(),
                amount: "1.400,00".into(),
                act_number: "Determina n. 12".into(),
                act_date: "25/03/2026".into(),
            },
        )
        .expect("the end moved");

    // Reopened (after the day of the closing): the period that ended is kept.
    let early_reopen = archive
        .reopen_case(case, "20/11/2026", "Nuovo sfratto", today())
        .expect_err("before the closing");
    assert_eq!(
        field(&early_reopen, "reopened_on"),
        Some(Msg::BeforeCaseClosing)
    );
    archive
        .reopen_case(case, "25/11/2026", "Nuovo sfratto", today())
        .expect("reopened");
    let file = archive.case_file(case, today()).expect("case");
    assert!(!file.state.is_closed());
    assert_eq!(file.earlier.len(), 1);
    assert_eq!(file.earlier[0].close_reason, "Obiettivi raggiunti");
    assert_eq!(file.earlier[0].opened_on, d(2026, 3, 2));
    // After the reopening, an intervention of the earlier period is still corrected.
    archive
        .update_intervention(
            intervention,
            &InterventionForm {
                kind: "contributo".into(),
                provider: "Comune".into(),
                from: "01/04/2026".into(),
                to: "30/10/2026".into(),
                amount: "1.400,00".into(),
                act_number: "Determina n. 12".into(),
                act_date: "25/03/2026".into(),
            },
        )
        .expect("corrected after the reopening");
    // ...but it stays within its period: it cannot run past that period's closing.
    let past = archive
        .update_intervention(
            intervention,
            &InterventionForm {
                kind: "contributo".into(),
                from: "01/04/2026".into(),
                ..Default::default()
            },
        )
        .expect_err("no end, in a closed period");
    assert_eq!(
        field(&past, "to"),
        Some(Msg::InterventionPastClosing {
            closed: "20/11/2026".into()
        })
    );
    // The opening moves only within its period: not onto the earlier one.
    let onto = archive
        .update_case_opening(case, &opening("20/11/2026", true), today())
        .expect_err("onto the closing");
    assert_eq!(field(&onto, "opened_on"), Some(Msg::BeforeCaseClosing));
    archive
        .update_case_opening(case, &opening("25/11/2026", false), today())
        .expect("the same day, other details");

    // A meeting recorded by mistake goes to the bin.
    let wrong = archive
        .add_meeting(
            case,
            &MeetingForm {
                kind: "uvm".into(),
                held_on: "26/11/2026".into(),
                decisions: "Errore".into(),
                ..Default::default()
            },
            today(),
        )
        .expect("meeting");
    archive
        .delete_case_part(CasePart::Meeting, wrong.0)
        .expect("deleted");
    assert_eq!(
        archive
            .case_file(case, today())
            .expect("case")
            .meetings
            .len(),
        1
    );

    // The history has every action, with its images.
    use Action::*;
    assert_eq!(
        actions(&archive, Entity::Case, &case.to_string()),
        vec![Create, Update, Update, Update, Update]
    );
    assert_eq!(
        actions(&archive, Entity::Goal, &goal.to_string()),
        vec![Create, Update]
    );
    assert_eq!(
        actions(&archive, Entity::Review, &review.to_string()),
        vec![Create]
    );
    assert_eq!(
        actions(&archive, Entity::Intervention, &intervention.to_string()),
        vec![Create, Update, Update]
    );
    assert_eq!(
        actions(&archive, Entity::Intervention, &running.to_string()),
        vec![Create, Update],
        "ended by the closing"
    );
    assert_eq!(
        actions(&archive, Entity::Meeting, &wrong.to_string()),
        vec![Create, Delete]
    );
    assert_eq!(
        actions(&archive, Entity::SocialReport, &second.to_string()),
        vec![Create]
    );
    let reopen = archive
        .history(Entity::Case, &case.to_string(), Lang::It)
        .expect("history");
    let last = reopen
        .get(1)
        .expect("the reopening, before the opening's correction");
    assert!(
        last.changes.iter().any(|c| c.label == "Periodi precedenti"),
        "{:?}",
        last.changes
    );
    // Opening her case is opening her record.
    assert!(!archive
        .access_log(Some(person), 50)
        .expect("log")
        .is_empty());

    // A duplicate record with its own open case cannot be merged into hers.
    let twin = common::save_person(&mut archive, None, common::named("Rossi", "Maria"), today());
    archive
        .open_case(twin, None, &opening("01/11/2026", false), today())
        .expect("the twin's case");
    match archive
        .merge_persons(person, twin)
        .expect_err("two open cases")
    {
        ArchiveError::Invalid(e) => {
            assert!(e.0.iter().any(|f| f.msg == Msg::MergeTwoOpenCases), "{e:?}")
        }
        other => panic!("{other:?}"),
    }
    // Someone last seen at the desk long ago, with a case still open, is not past retention.
    let old = common::save_person(&mut archive, None, common::named("Antica", "Lina"), today());
    taken_in_charge(&mut archive, old, "02/03/2012");
    archive
        .open_case(old, None, &opening("02/03/2012", false), today())
        .expect("old case");
    assert!(archive
        .retention_candidates(today())
        .expect("candidates")
        .iter()
        .all(|c| c.person != old));
    let report = archive.verify().expect("verify");
    assert!(report.is_sound(), "{:?}", report.first_problem());
}

#[test]
fn the_activity_report_counts_cases_by_area_and_interventions_by_kind_with_suppression() {
    let (_dir, _paths, mut archive, _recovery) = common::new_archive();
    let year = Period::year(2026).expect("period");
    // No casework: no casework tables.
    let none = archive
        .activity_figures(year, today())
        .expect("figures")
        .unsuppressed(3);
    assert!(none.table("cases_active_by_area").is_none());

    let mut cases = Vec::new();
    for (i, (surname, area)) in [
        ("Uno", "FAM"),
        ("Due", "FAM"),
        ("Tre", "FAM"),
        ("Quattro", "FAM"),
        ("Cinque", "ELD"),
    ]
    .into_iter()
    .enumerate()
    {
        let p = common::save_person(&mut archive, None, common::named(surname, "Anna"), today());
        let case = archive
            .open_case(
                p,
                None,
                &CaseOpeningForm {
                    area: area.into(),
                    opened_on: format!("{:02}/02/2026", i + 1),
                    ..opening("", false)
                },
                today(),
            )
            .expect("opened");
        archive
            .add_intervention(
                case,
                &InterventionForm {
                    kind: if i < 4 { "sad" } else { "contributo" }.into(),
                    from: "01/03/2026".into(),
                    ..Default::default()
                },
            )
            .expect("intervention");
        cases.push(case);
    }
    // One opened the year before and closed in this one.
    let old = common::save_person(&mut archive, None, common::named("Sei", "Anna"), today());
    let old_case = archive
        .open_case(old, None, &opening("01/10/2025", false), today())
        .expect("opened");
    archive
        .close_case(old_case, "31/01/2026", "Trasferita", today())
        .expect("closed");
    archive
        .close_case(cases[0], "30/06/2026", "Obiettivi raggiunti", today())
        .expect("closed");

    let raw = archive
        .activity_figures(year, today())
        .expect("figures")
        .unsuppressed(3);
    let row = |table: &str, row: &str| {
        let t = raw.table(table).expect(table);
        if row == "totale" {
            return t.total.cells[0];
        }
        t.rows.iter().find(|r| r.code == row).expect(row).cells[0]
    };
    assert_eq!(row("cases_active_by_area", "totale"), Printed::Value(6));
    assert_eq!(row("cases_active_by_area", "FAM"), Printed::Value(5));
    assert_eq!(row("cases_opened_by_area", "totale"), Printed::Value(5));
    assert_eq!(row("cases_closed_by_area", "totale"), Printed::Value(2));
    assert_eq!(row("interventions_by_kind", "sad"), Printed::Value(4));
    assert_eq!(
        row("interventions_by_kind", "contributo"),
        Printed::Value(1)
    );

    // Printed: the single elderly case and the single contribution are withheld.
    let printed = archive
        .activity_figures(year, today())
        .expect("figures")
        .suppressed(3)
        .expect("protected");
    let cell = |table: &str, row: &str| {
        printed
            .table(table)
            .expect(table)
            .rows
            .iter()
            .find(|r| r.code == row)
            .expect(row)
            .cells[0]
    };
    assert!(matches!(
        cell("cases_active_by_area", "ELD"),
        Printed::Hidden(_)
    ));
    assert!(matches!(
        cell("interventions_by_kind", "contributo"),
        Printed::Hidden(_)
    ));
    // The figure traces back to its records (the case's person).
    let trace = archive
        .activity_trace(
            &sportello_core::ipc::TraceRequest {
                period: year,
                table: "cases_active_by_area".into(),
                row: "ELD".into(),
                column: None,
            },
            today(),
            10,
        )
        .expect("trace");
    assert_eq!(trace.records.len(), 1);
    assert_eq!(trace.records[0].person_name, "Cinque Anna");
}
