//! The activity report through the real encrypted database: the report log, and what a
//! recomputation says of a logged report after the records change.

mod common;

use chrono::NaiveDate;
use sportello_archive::SinceReport;
use sportello_core::model::{NewContact, NewPerson};
use sportello_core::stats::Period;
use sportello_core::{AgeBand, Area, Citizenship, Gender, Minutes, RequestType, ServiceGiven};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

fn colloquio(person: sportello_core::PersonId, request: RequestType) -> NewContact {
    NewContact {
        request_type: Some(request),
        ..NewContact::basic(
            person,
            d(2026, 3, 3),
            Minutes(30),
            vec![ServiceGiven::Listening],
            vec![Area::Poverty],
        )
    }
}

#[test]
fn a_logged_report_tells_a_change_under_suppression_from_a_printed_change() {
    let (_dir, _paths, mut archive, _recovery) = common::new_archive();
    // Eight anonymous persons: five ask for home care, one for a contribution, two for
    // residential care. The last two requests print "< 3".
    let mut contacts = Vec::new();
    for (i, request) in [RequestType::HomeCare; 5]
        .into_iter()
        .chain([RequestType::Financial])
        .chain([RequestType::Residential; 2])
        .enumerate()
    {
        let person = archive
            .add_person(&NewPerson::anonymous(
                Gender::Female,
                AgeBand::From26To35,
                Citizenship::Italian,
            ))
            .expect("person");
        let id = archive
            .add_contact(&colloquio(person, request))
            .expect("colloquio");
        contacts.push((i, person, id));
    }
    let march = Period::month(2026, 3).expect("month");
    let today = d(2026, 4, 2);
    let report = archive
        .draft_activity_report(march, 3, today)
        .expect("draft");
    archive.log_activity_report(&report).expect("logged");
    let id = report.document.id.clone();
    assert_eq!(
        archive.activity_report_changed(&id).expect("recomputed"),
        SinceReport::Unchanged
    );

    // One residential request was in fact a contribution: 1 and 2 become 2 and 1, both
    // still "< 3", so the print is the same but the fingerprint is not.
    let (_, person, residential) = contacts[6];
    archive
        .delete_contact(residential, "richiesta registrata male")
        .expect("delete");
    archive
        .add_contact(&colloquio(person, RequestType::Financial))
        .expect("again");
    let now = archive
        .draft_activity_report(march, 3, today)
        .expect("draft again");
    assert_eq!(now.figures, report.figures, "the print is unchanged");
    assert_eq!(
        archive.activity_report_changed(&id).expect("recomputed"),
        SinceReport::ChangedUnderSuppression
    );

    // A new colloquio changes a printed total.
    let late = archive
        .add_person(&NewPerson::anonymous(
            Gender::Male,
            AgeBand::From26To35,
            Citizenship::Italian,
        ))
        .expect("person");
    archive
        .add_contact(&colloquio(late, RequestType::HomeCare))
        .expect("late colloquio");
    assert_eq!(
        archive.activity_report_changed(&id).expect("recomputed"),
        SinceReport::Changed
    );
    // The log still regenerates the report as printed.
    let logged = archive.logged_activity_report(&id).expect("logged");
    assert_eq!(logged.figures, report.figures);
    assert_eq!(logged.narrative, report.narrative);
    assert!(archive.verify().expect("verify").is_sound());
}
