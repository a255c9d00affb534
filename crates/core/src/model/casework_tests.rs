//! The case rules: closing, reopening, goals, reviews, meetings, interventions, deadlines.

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

fn today() -> NaiveDate {
    d(2026, 11, 27)
}

fn case(adi: bool) -> CaseState {
    CaseState {
        opening: CaseOpening {
            opened_on: d(2026, 3, 2),
            reason: "Nucleo con minori, perdita del lavoro".into(),
            requested_by: Requester::PublicService,
            area: Area::Family,
            household: true,
            assegno_inclusione: adi,
        },
        closed_on: None,
        close_reason: String::new(),
    }
}

fn home_care() -> NewIntervention {
    InterventionForm {
        kind: "sad".into(),
        provider: "Cooperativa Il Ponte".into(),
        from: "01/04/2026".into(),
        to: "30/09/2026".into(),
        amount: "1.200,00".into(),
        act_number: "Determina n. 12".into(),
        act_date: "25/03/2026".into(),
    }
    .parse()
    .expect("valid")
}

#[test]
fn a_closed_case_accepts_no_new_intervention() {
    let mut c = case(false);
    c.check_intervention(&home_care()).expect("open");
    assert_eq!(home_care().amount, Some(Cents(120_000)));
    assert_eq!(home_care().act_text(), "Determina n. 12 del 25/03/2026");
    c.close(d(2026, 10, 1), "Obiettivi raggiunti", today())
        .expect("closed");
    let refused = c.check_intervention(&home_care()).expect_err("closed");
    assert_eq!(refused.for_field("kind"), Some(&Msg::CaseClosed));
    // Not closed twice; never before it was opened.
    assert!(c.close(d(2026, 11, 1), "Di nuovo", today()).is_err());
    let mut early = case(false);
    let e = early
        .close(d(2026, 1, 1), "Errore", today())
        .expect_err("before");
    let future = case(false)
        .close(d(2027, 1, 1), "Errore", today())
        .expect_err("in the future");
    assert_eq!(future.for_field("closed_on"), Some(&Msg::DateInFuture));
    assert_eq!(e.for_field("closed_on"), Some(&Msg::BeforeCaseOpening));
    assert!(c.is_open_on(d(2026, 5, 1)) && !c.is_open_on(d(2026, 10, 2)));
}

#[test]
fn a_review_date_before_the_opening_is_refused_and_intervention_dates_are_checked() {
    let c = case(false);
    assert_eq!(c.check_review(d(2026, 3, 1)), Err(Msg::BeforeCaseOpening));
    c.check_review(d(2026, 6, 1)).expect("after");
    let bad = InterventionForm {
        kind: "nessuno".into(),
        from: "01/05/2026".into(),
        to: "01/04/2026".into(),
        amount: "molti".into(),
        ..Default::default()
    }
    .parse()
    .expect_err("refused");
    assert!(bad.for_field("kind").is_some());
    assert_eq!(bad.for_field("to"), Some(&Msg::EndBeforeStart));
    assert!(bad.for_field("amount").is_some());
    let before = NewIntervention {
        from: d(2026, 2, 1),
        ..home_care()
    };
    let e = c
        .check_intervention(&before)
        .expect_err("before the opening");
    assert_eq!(e.for_field("from"), Some(&Msg::BeforeCaseOpening));
}

#[test]
fn deadlines_follow_their_rule() {
    let today = d(2026, 7, 10);
    // No Assegno di Inclusione: only the plan's reviews.
    let plain = deadlines(
        &case(false),
        &[(d(2026, 9, 1), "Casa"), (d(2026, 6, 1), "Lavoro")],
        &[],
        today,
    );
    assert_eq!(
        plain,
        vec![
            Deadline {
                kind: DeadlineKind::PlanReview,
                due: d(2026, 6, 1),
                overdue: true,
                about: "Lavoro".into()
            },
            Deadline {
                kind: DeadlineKind::PlanReview,
                due: d(2026, 9, 1),
                overdue: false,
                about: "Casa".into()
            },
        ]
    );
    // With it: 120 days from the opening (2 March → 30 June), overdue on 10 July...
    let adi = deadlines(&case(true), &[], &[], today);
    assert_eq!(
        adi,
        vec![Deadline {
            kind: DeadlineKind::AdiFirstMeeting,
            due: d(2026, 6, 30),
            overdue: true,
            about: String::new()
        }]
    );
    // ...then 90 days from the last meeting held.
    let met = deadlines(&case(true), &[], &[d(2026, 5, 20), d(2026, 4, 1)], today);
    assert_eq!(
        met,
        vec![Deadline {
            kind: DeadlineKind::AdiFollowUp,
            due: d(2026, 8, 18),
            overdue: false,
            about: String::new()
        }]
    );
    // A closed case has none.
    let mut closed = case(true);
    closed
        .close(d(2026, 7, 1), "Trasferita", today)
        .expect("closed");
    assert!(deadlines(&closed, &[(d(2026, 9, 1), "Casa")], &[], today).is_empty());
}

#[test]
fn a_case_reopens_only_after_its_closing_and_keeps_the_period_that_ended() {
    let mut c = case(false);
    let open = c
        .reopen(d(2026, 5, 1), "Di nuovo", today())
        .expect_err("open");
    assert_eq!(open.for_field("reopened_on"), Some(&Msg::CaseOpen));
    c.close(d(2026, 6, 30), "Obiettivi raggiunti", today())
        .expect("closed");
    let early = c
        .reopen(d(2026, 6, 30), "Di nuovo", today())
        .expect_err("the same day");
    assert_eq!(
        early.for_field("reopened_on"),
        Some(&Msg::BeforeCaseClosing)
    );
    let no_reason = c.reopen(d(2026, 9, 1), " ", today()).expect_err("reason");
    assert_eq!(no_reason.for_field("reopen_reason"), Some(&Msg::Required));
    let ended = c
        .reopen(d(2026, 9, 1), "Sfratto esecutivo", today())
        .expect("reopened");
    assert_eq!(
        ended,
        CasePeriod {
            opened_on: d(2026, 3, 2),
            reason: "Nucleo con minori, perdita del lavoro".into(),
            closed_on: d(2026, 6, 30),
            close_reason: "Obiettivi raggiunti".into(),
        }
    );
    assert!(!c.is_closed() && c.opening.opened_on == d(2026, 9, 1));
    assert_eq!(c.opening.reason, "Sfratto esecutivo");
    // The reopened case takes interventions again, from its new opening.
    c.check_intervention(&NewIntervention {
        from: d(2026, 9, 2),
        ..home_care()
    })
    .expect("open again");
}

#[test]
fn goals_reviews_and_meetings_are_checked_against_the_case() {
    let c = case(true);
    let goal = GoalForm {
        goal: "Trovare un lavoro".into(),
        actions: "Iscrizione al centro per l'impiego".into(),
        responsible: "La persona; il CPI".into(),
        review_on: "01/02/2026".into(),
    }
    .parse()
    .expect("parsed");
    let e = c.check_goal(&goal).expect_err("review before opening");
    assert_eq!(e.for_field("review_on"), Some(&Msg::BeforeCaseOpening));
    let bad = GoalForm {
        review_on: "31/02/2026".into(),
        ..Default::default()
    }
    .parse()
    .expect_err("refused");
    assert_eq!(bad.for_field("goal"), Some(&Msg::Required));
    assert!(bad.for_field("review_on").is_some());
    let review = ReviewForm {
        held_on: "01/06/2026".into(),
        changes: "Ha un colloquio al CPI".into(),
        reached: false,
        next_review_on: "01/05/2026".into(),
    }
    .parse(today())
    .expect_err("next before held");
    assert_eq!(
        review.for_field("next_review_on"),
        Some(&Msg::NextReviewBeforeReview)
    );
    let reached = ReviewForm {
        held_on: "01/06/2026".into(),
        changes: "Assunta".into(),
        reached: true,
        next_review_on: "01/05/2026".into(),
    }
    .parse(today())
    .expect("a reached goal has no next review");
    assert_eq!(reached.next_review_on, None);
    c.check_review_held(&reached).expect("after the opening");
    let meeting = MeetingForm {
        kind: "uvm".into(),
        held_on: "01/03/2026".into(),
        present: "Assistente sociale, medico ASL".into(),
        decisions: "Attivare ADI".into(),
    }
    .parse(today())
    .expect("parsed");
    let future = MeetingForm {
        kind: "uvm".into(),
        held_on: "01/03/2027".into(),
        decisions: "Attivare ADI".into(),
        ..Default::default()
    }
    .parse(today())
    .expect_err("not held yet");
    assert_eq!(future.for_field("held_on"), Some(&Msg::DateInFuture));
    let e = c.check_meeting(&meeting).expect_err("before the opening");
    assert_eq!(e.for_field("held_on"), Some(&Msg::BeforeCaseOpening));
    let opening = CaseOpeningForm {
        opened_on: "02/03/2026".into(),
        reason: "".into(),
        requested_by: "nessuno".into(),
        area: "FAM".into(),
        ..Default::default()
    }
    .parse(today())
    .expect_err("refused");
    assert_eq!(opening.for_field("reason"), Some(&Msg::Required));
    assert!(opening.for_field("requested_by").is_some());
}
