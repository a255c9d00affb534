//! The desk's agenda: appointments inside the weekly opening slots, never on a holiday or a
//! closure, never two at once; the week as the agenda shows it; the booking form.
//!
//! Times are the comune's wall-clock times (`NaiveTime`): an appointment at 09:00 on the day
//! the clocks change is at 09:00 and lasts what it says; nothing here counts in UTC.

use super::optional_text;
use crate::calendar::{ClosedBecause, DeskCalendar};
use crate::format;
use crate::ids::{AppointmentId, PersonId};
use crate::messages::{FormErrors, Msg};
use crate::units::Minutes;
use chrono::{Datelike, Days, NaiveDate, NaiveTime, Timelike};
use serde::{Deserialize, Serialize};

/// The length a new appointment is offered with.
pub const DEFAULT_APPOINTMENT_MINUTES: u32 = 30;

/// Where an appointment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppointmentStatus {
    Booked,
    /// Held: a colloquio was recorded from it.
    Held,
    Cancelled,
    /// The person did not come.
    NoShow,
}

impl AppointmentStatus {
    pub fn label_it(self) -> &'static str {
        match self {
            AppointmentStatus::Booked => "prenotato",
            AppointmentStatus::Held => "svolto",
            AppointmentStatus::Cancelled => "annullato",
            AppointmentStatus::NoShow => "non presentato",
        }
    }

    /// Whether it still takes its time in the agenda (a cancelled one frees it).
    pub fn takes_time(self) -> bool {
        !matches!(self, AppointmentStatus::Cancelled)
    }
}

/// An appointment in the desk's agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointmentSummary {
    pub id: AppointmentId,
    pub person: Option<PersonId>,
    pub date: NaiveDate,
    pub start_time: NaiveTime,
    pub duration: Minutes,
    /// The person's name as listed, when the appointment is for a person of the archive.
    pub person_name: Option<String>,
    /// Someone not yet registered: the name and telephone she wrote down.
    #[serde(default)]
    pub guest_name: String,
    #[serde(default)]
    pub guest_phone: String,
    pub note: String,
    pub cancelled: bool,
    #[serde(default)]
    pub cancel_reason: String,
    /// Set once the appointment was held and became a colloquio.
    pub held: bool,
    #[serde(default)]
    pub no_show: bool,
}

impl AppointmentSummary {
    pub fn status(&self) -> AppointmentStatus {
        if self.held {
            AppointmentStatus::Held
        } else if self.cancelled {
            AppointmentStatus::Cancelled
        } else if self.no_show {
            AppointmentStatus::NoShow
        } else {
            AppointmentStatus::Booked
        }
    }

    /// Who is expected: the person's listed name or the guest's.
    pub fn who(&self) -> String {
        self.person_name
            .clone()
            .unwrap_or_else(|| self.guest_name.clone())
    }

    pub fn span(&self) -> Option<TimeSpan> {
        TimeSpan::new(self.start_time, self.duration).ok()
    }
}

/// A stretch of one day: from `start` to `end`, end excluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeSpan {
    pub start: NaiveTime,
    pub end: NaiveTime,
}

impl TimeSpan {
    /// `duration` from `start`, within the same day: one that runs past midnight is refused.
    pub fn new(start: NaiveTime, duration: Minutes) -> Result<TimeSpan, Msg> {
        let start_min = start.hour() * 60 + start.minute();
        let end_min = start_min + duration.get();
        if duration.get() == 0 {
            return Err(Msg::HoursZero);
        }
        if end_min > 24 * 60 {
            return Err(Msg::AcrossMidnight);
        }
        let end = if end_min == 24 * 60 {
            NaiveTime::from_hms_opt(23, 59, 59)
        } else {
            NaiveTime::from_hms_opt(end_min / 60, end_min % 60, 0)
        }
        .ok_or(Msg::AcrossMidnight)?;
        Ok(TimeSpan { start, end })
    }

    pub fn overlaps(&self, other: &TimeSpan) -> bool {
        self.start < other.end && other.start < self.end
    }

    pub fn within(&self, outer: &TimeSpan) -> bool {
        outer.start <= self.start && self.end <= outer.end
    }

    /// `09:00–09:30`
    pub fn to_text(&self) -> String {
        format!("{}–{}", format::time(self.start), format::time(self.end))
    }
}

/// A day of the agenda: its opening slots, or why the desk is closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaDay {
    pub date: NaiveDate,
    pub slots: Vec<TimeSpan>,
    pub closed: Option<ClosedBecause>,
}

/// The Monday of `date`'s ISO week.
pub fn monday_of(date: NaiveDate) -> NaiveDate {
    date - Days::new(u64::from(date.weekday().num_days_from_monday()))
}

/// The seven days of the week holding `date`, Monday first, each with its slots or closure.
pub fn agenda_week(cal: &DeskCalendar, date: NaiveDate) -> Vec<AgendaDay> {
    monday_of(date)
        .iter_days()
        .take(7)
        .map(|d| AgendaDay {
            date: d,
            slots: slots_on(cal, d),
            closed: cal.closed_because(d),
        })
        .collect()
}

/// The opening slots of `date`'s weekday (whether or not the desk is closed that day).
pub fn slots_on(cal: &DeskCalendar, date: NaiveDate) -> Vec<TimeSpan> {
    let mut slots: Vec<TimeSpan> = cal
        .opening_slots
        .iter()
        .filter(|s| s.weekday == date.weekday())
        .map(|s| TimeSpan {
            start: s.start,
            end: s.end,
        })
        .collect();
    slots.sort_by_key(|s| s.start);
    slots
}

/// An appointment already in the agenda, as the booking rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Taken {
    pub id: AppointmentId,
    pub date: NaiveDate,
    pub span: TimeSpan,
}

/// Whether an appointment may go on `date` at `span`: the desk open that day, the time inside
/// one opening slot, and no other appointment (but `moving` itself) at the same time.
pub fn check_booking(
    cal: &DeskCalendar,
    date: NaiveDate,
    span: TimeSpan,
    taken: &[Taken],
    moving: Option<AppointmentId>,
) -> Result<(), Msg> {
    if cal.opening_slots.is_empty() {
        return Err(Msg::NoOpeningHours);
    }
    if let Some(why) = cal.closed_because(date) {
        return Err(Msg::DeskClosed {
            date: format::date(date),
            why: closed_text(&why),
        });
    }
    let slots = slots_on(cal, date);
    if slots.is_empty() {
        return Err(Msg::NoOpeningThatDay {
            date: format::date(date),
        });
    }
    if !slots.iter().any(|s| span.within(s)) {
        return Err(Msg::OutsideOpening {
            slots: slots
                .iter()
                .map(TimeSpan::to_text)
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    if let Some(other) = taken
        .iter()
        .filter(|t| Some(t.id) != moving && t.date == date)
        .find(|t| t.span.overlaps(&span))
    {
        return Err(Msg::AppointmentOverlaps {
            other: other.span.to_text(),
        });
    }
    Ok(())
}

/// Why the desk is closed, in Italian: "festa (Natale)", "chiusura (ferie estive)".
pub fn closed_text(why: &ClosedBecause) -> String {
    match why {
        ClosedBecause::Holiday(name) => format!("festa nazionale ({name})"),
        ClosedBecause::PatronSaint => "festa del santo patrono".to_string(),
        ClosedBecause::Closure(reason) if reason.trim().is_empty() => {
            "chiusura dello sportello".to_string()
        }
        ClosedBecause::Closure(reason) => format!("chiusura dello sportello ({})", reason.trim()),
    }
}

/// The first free time from `from` on (that day from `after`, if given), in steps of a
/// quarter of an hour inside the opening slots, looking a year ahead at most.
pub fn next_free(
    cal: &DeskCalendar,
    from: NaiveDate,
    after: Option<NaiveTime>,
    duration: Minutes,
    taken: &[Taken],
) -> Option<(NaiveDate, NaiveTime)> {
    for date in from.iter_days().take(366) {
        if cal.closed_because(date).is_some() {
            continue;
        }
        for slot in slots_on(cal, date) {
            let mut start = slot.start;
            while let Ok(span) = TimeSpan::new(start, duration) {
                if span.end > slot.end {
                    break;
                }
                let late_enough = date != from || after.is_none_or(|a| start >= a);
                if late_enough && check_booking(cal, date, span, taken, None).is_ok() {
                    return Some((date, start));
                }
                let (next, wrapped) = start.overflowing_add_signed(chrono::TimeDelta::minutes(15));
                if wrapped != 0 {
                    break;
                }
                start = next;
            }
        }
    }
    None
}

/// Who an appointment is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Attendee {
    Person(PersonId),
    /// Not in the archive yet: turned into a person when the appointment is held.
    Guest {
        name: String,
        phone: String,
    },
}

/// An appointment as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointmentForm {
    pub person: Option<PersonId>,
    pub guest_name: String,
    pub guest_phone: String,
    pub date: String,
    pub start: String,
    pub duration: String,
    pub note: String,
}

/// A booking ready for the agenda's rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAppointment {
    pub attendee: Attendee,
    pub date: NaiveDate,
    pub start: NaiveTime,
    pub duration: Minutes,
    pub note: String,
}

impl NewAppointment {
    pub fn span(&self) -> Result<TimeSpan, Msg> {
        TimeSpan::new(self.start, self.duration)
    }
}

impl AppointmentForm {
    /// The typed fields; the agenda's rules (`check_booking`) come after, against the archive.
    pub fn parse(&self) -> Result<NewAppointment, FormErrors> {
        let mut e = FormErrors::default();
        let attendee = match self.person {
            Some(p) => Some(Attendee::Person(p)),
            None => {
                let name = e.check("guest_name", super::required_text(&self.guest_name, 120));
                let phone = e.check("guest_phone", phone(&self.guest_phone));
                match (name, phone) {
                    (Some(name), Some(phone)) => Some(Attendee::Guest { name, phone }),
                    _ => None,
                }
            }
        };
        let date = e.check("date", format::parse_date(&self.date));
        let start = e.check("start", format::parse_time(&self.start));
        let duration = e.check("duration", format::parse_duration(&self.duration));
        let note = e.check("note", optional_text(&self.note, 500));
        if let (Some(start), Some(duration)) = (start, duration) {
            if let Err(msg) = TimeSpan::new(start, duration) {
                e.add("duration", msg);
            }
        }
        match (attendee, date, start, duration, note) {
            (Some(attendee), Some(date), Some(start), Some(duration), Some(note))
                if e.is_empty() =>
            {
                Ok(NewAppointment {
                    attendee,
                    date,
                    start,
                    duration,
                    note,
                })
            }
            _ => Err(e),
        }
    }
}

/// A telephone number as people write it: digits, spaces, `+`, `/`, `-`, `.`; 6 to 15 digits.
pub fn phone(input: &str) -> Result<String, Msg> {
    let s = input.trim();
    if s.is_empty() {
        return Err(Msg::Required);
    }
    let digits = s.chars().filter(char::is_ascii_digit).count();
    let allowed = s
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '/' | '-' | '.' | '(' | ')'));
    if !allowed || !(6..=15).contains(&digits) {
        return Err(Msg::PhoneFormat);
    }
    Ok(s.to_string())
}

/// A cancellation's reason, required.
pub fn cancel_reason(input: &str) -> Result<String, Msg> {
    super::required_text(input, 300)
}

/// A no-show can be marked only once its day has come.
pub fn check_no_show(date: NaiveDate, today: NaiveDate) -> Result<(), Msg> {
    if date > today {
        Err(Msg::NoShowInFuture)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Closure, OpeningSlot};
    use chrono::Weekday;
    use uuid::Uuid;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }
    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).expect("valid test time")
    }
    fn span(h: u32, m: u32, minutes: u32) -> TimeSpan {
        TimeSpan::new(t(h, m), Minutes(minutes)).expect("a span inside the day")
    }
    fn id(n: u128) -> AppointmentId {
        AppointmentId(Uuid::from_u128(n))
    }

    /// Tuesday 09:00–13:00 and Thursday 14:00–16:00; closed 1–31 August 2026 for holidays.
    fn desk() -> DeskCalendar {
        DeskCalendar {
            opening_slots: vec![
                OpeningSlot {
                    weekday: Weekday::Tue,
                    start: t(9, 0),
                    end: t(13, 0),
                },
                OpeningSlot {
                    weekday: Weekday::Thu,
                    start: t(14, 0),
                    end: t(16, 0),
                },
            ],
            closures: vec![Closure {
                from: d(2026, 8, 1),
                to: d(2026, 8, 31),
                reason: "ferie estive".into(),
            }],
            patron_saint: Some((6, 24)),
        }
    }

    #[test]
    fn overlapping_appointments_are_refused_touching_ones_are_not() {
        let cal = desk();
        let tuesday = d(2026, 12, 1);
        let taken = [Taken {
            id: id(1),
            date: tuesday,
            span: span(10, 0, 30),
        }];
        for (h, m, len) in [(9, 45, 30), (10, 0, 30), (10, 15, 5), (9, 30, 90)] {
            assert_eq!(
                check_booking(&cal, tuesday, span(h, m, len), &taken, None),
                Err(Msg::AppointmentOverlaps {
                    other: "10:00–10:30".into()
                }),
                "{h}:{m} for {len}"
            );
        }
        for (h, m) in [(9, 30), (10, 30)] {
            assert_eq!(
                check_booking(&cal, tuesday, span(h, m, 30), &taken, None),
                Ok(())
            );
        }
        // The same time another Tuesday, and the appointment moved onto its own time.
        assert_eq!(
            check_booking(&cal, d(2026, 12, 15), span(10, 0, 30), &taken, None),
            Ok(())
        );
        assert_eq!(
            check_booking(&cal, tuesday, span(10, 15, 30), &taken, Some(id(1))),
            Ok(())
        );
    }

    #[test]
    fn closures_holidays_and_the_patron_saint_close_the_agenda() {
        let cal = desk();
        let closed = |date| check_booking(&cal, date, span(9, 0, 30), &[], None);
        // A Tuesday in August: the contract's closure.
        assert_eq!(
            closed(d(2026, 8, 4)),
            Err(Msg::DeskClosed {
                date: "04/08/2026".into(),
                why: "chiusura dello sportello (ferie estive)".into()
            })
        );
        // Christmas 2029 and the Immacolata 2026 fall on a Tuesday.
        assert!(
            matches!(closed(d(2029, 12, 25)), Err(Msg::DeskClosed { why, .. }) if why.contains("Natale"))
        );
        assert!(
            matches!(closed(d(2026, 12, 8)), Err(Msg::DeskClosed { why, .. }) if why.contains("Immacolata"))
        );
        // The patron saint on a Tuesday (24 June 2025), and Easter Monday is a Monday anyway.
        assert!(
            matches!(closed(d(2025, 6, 24)), Err(Msg::DeskClosed { why, .. }) if why.contains("patrono"))
        );
        // A Wednesday: no slot.
        assert_eq!(
            closed(d(2026, 12, 2)),
            Err(Msg::NoOpeningThatDay {
                date: "02/12/2026".into()
            })
        );
        // Outside the Thursday afternoon slot, or running past its end.
        let thursday = d(2026, 12, 3);
        for s in [span(9, 0, 30), span(15, 45, 30), span(13, 45, 30)] {
            assert_eq!(
                check_booking(&cal, thursday, s, &[], None),
                Err(Msg::OutsideOpening {
                    slots: "14:00–16:00".into()
                })
            );
        }
        assert_eq!(
            check_booking(&cal, thursday, span(15, 30, 30), &[], None),
            Ok(())
        );
        assert_eq!(
            check_booking(
                &DeskCalendar::default(),
                thursday,
                span(15, 0, 30),
                &[],
                None
            ),
            Err(Msg::NoOpeningHours)
        );
    }

    #[test]
    fn a_slot_or_an_appointment_across_midnight_is_refused() {
        assert_eq!(
            OpeningSlot::parse("lun 22:00-01:00"),
            Err(Msg::SlotEndBeforeStart)
        );
        assert_eq!(
            TimeSpan::new(t(23, 30), Minutes(60)),
            Err(Msg::AcrossMidnight)
        );
        assert!(TimeSpan::new(t(23, 30), Minutes(30)).is_ok());
        let form = AppointmentForm {
            guest_name: "Anna".into(),
            guest_phone: "333 1234567".into(),
            date: "01/12/2026".into(),
            start: "23:45".into(),
            duration: "30".into(),
            ..AppointmentForm::default()
        };
        assert_eq!(
            form.parse().expect_err("refused").for_field("duration"),
            Some(&Msg::AcrossMidnight)
        );
    }

    #[test]
    fn the_days_the_clocks_change_keep_their_wall_clock_times() {
        // Europe/Rome: summer time from Sunday 29 March 2026, back on Sunday 25 October 2026.
        // A desk that opens on Sundays and Mondays sees the same slots those weeks.
        let mut cal = desk();
        for weekday in [Weekday::Sun, Weekday::Mon] {
            cal.opening_slots.push(OpeningSlot {
                weekday,
                start: t(1, 0),
                end: t(4, 0),
            });
        }
        for sunday in [d(2026, 3, 29), d(2026, 10, 25)] {
            let week = agenda_week(&cal, sunday);
            assert_eq!(week.len(), 7);
            assert_eq!(week[0].date, sunday - Days::new(6));
            assert_eq!(week[6].date, sunday);
            assert_eq!(week[6].slots, vec![span(1, 0, 180)]);
            // 02:00–03:00 is a wall-clock hour that day too; one hour, bookable.
            let two = span(2, 0, 60);
            assert_eq!(two.end, t(3, 0));
            assert_eq!(check_booking(&cal, sunday, two, &[], None), Ok(()));
            let taken = [Taken {
                id: id(7),
                date: sunday,
                span: two,
            }];
            assert!(check_booking(&cal, sunday, span(2, 30, 60), &taken, None).is_err());
            assert_eq!(
                next_free(&cal, sunday, Some(t(2, 0)), Minutes(60), &taken),
                Some((sunday, t(3, 0)))
            );
        }
    }

    #[test]
    fn the_week_shows_slots_and_closures_and_the_next_free_time_skips_them() {
        let cal = desk();
        let week = agenda_week(&cal, d(2026, 12, 10));
        assert_eq!(week[0].date, d(2026, 12, 7));
        assert_eq!(week[1].slots, vec![span(9, 0, 240)]);
        assert!(
            matches!(week[1].closed, Some(ClosedBecause::Holiday(_))),
            "8 December"
        );
        assert_eq!(week[3].slots, vec![span(14, 0, 120)]);
        assert!(week[2].slots.is_empty() && week[2].closed.is_none());
        // From Tuesday 8 December (a holiday) the first free half hour is Thursday at 14:00;
        // with it taken, 14:30.
        assert_eq!(
            next_free(&cal, d(2026, 12, 8), None, Minutes(30), &[]),
            Some((d(2026, 12, 10), t(14, 0)))
        );
        let taken = [Taken {
            id: id(1),
            date: d(2026, 12, 10),
            span: span(14, 0, 30),
        }];
        assert_eq!(
            next_free(&cal, d(2026, 12, 8), None, Minutes(30), &taken),
            Some((d(2026, 12, 10), t(14, 30)))
        );
        // Through August's closure to the first Tuesday of September.
        assert_eq!(
            next_free(&cal, d(2026, 7, 31), None, Minutes(30), &[]),
            Some((d(2026, 9, 1), t(9, 0)))
        );
        assert_eq!(
            next_free(&cal, d(2026, 12, 8), None, Minutes(300), &[]),
            None
        );
    }

    #[test]
    fn the_form_wants_a_guest_name_and_telephone_and_the_no_show_its_day() {
        let form = AppointmentForm {
            guest_name: " ".into(),
            guest_phone: "abc".into(),
            date: "31/02/2026".into(),
            start: "9".into(),
            duration: "0".into(),
            ..AppointmentForm::default()
        };
        let e = form.parse().expect_err("refused");
        assert_eq!(e.for_field("guest_name"), Some(&Msg::Required));
        assert_eq!(e.for_field("guest_phone"), Some(&Msg::PhoneFormat));
        assert!(e.for_field("date").is_some());
        assert!(e.for_field("duration").is_some());
        let ok = AppointmentForm {
            person: Some(PersonId(Uuid::from_u128(5))),
            date: "01/12/2026".into(),
            start: "9:30".into(),
            duration: "45".into(),
            ..AppointmentForm::default()
        }
        .parse()
        .expect("accepted");
        assert_eq!(ok.span().expect("accepted"), span(9, 30, 45));
        assert_eq!(phone("+39 0123/456.789"), Ok("+39 0123/456.789".into()));
        assert_eq!(phone("12345"), Err(Msg::PhoneFormat));
        assert_eq!(
            check_no_show(d(2026, 12, 1), d(2026, 11, 30)),
            Err(Msg::NoShowInFuture)
        );
        assert_eq!(check_no_show(d(2026, 11, 30), d(2026, 11, 30)), Ok(()));
        assert_eq!(cancel_reason("  "), Err(Msg::Required));
    }
}
