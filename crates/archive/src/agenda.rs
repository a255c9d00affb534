//! The agenda, the catalogue and the community work through the archive: appointments booked,
//! moved, cancelled and marked against the contract's calendar; the catalogue edited, archived
//! and brought up to the starter file; the scheda of a service; community activities with
//! their time.

use crate::archive::Archive;
use crate::error::{ArchiveError, Result};
use crate::hours::calendar_of;
use crate::records::{self, ReloadOutcome};
use chrono::{Days, NaiveDate};
use sportello_core::calendar::DeskCalendar;
use sportello_core::document::Document;
use sportello_core::ipc::{AgendaDayView, AgendaWeekView, CatalogueView, CommunityView};
use sportello_core::model::{
    agenda_week, check_booking, check_no_show, closed_text, monday_of, next_free,
    parse_catalogue_file, scheda_document, AppointmentForm, AppointmentSummary, CommunityForm,
    DeskFoot, Service, ServiceForm, StarterService, Taken, TimeSpan, DEFAULT_APPOINTMENT_MINUTES,
};
use sportello_core::search::fold;
use sportello_core::{AppointmentId, CommunityActivityId, FormErrors, Minutes, Msg, ServiceId};
use uuid::Uuid;

/// The starter catalogue shipped with the program (`assets/servizi.txt`).
pub const STARTER_FILE: &str = include_str!("../../../assets/servizi.txt");

/// The starter catalogue, read from the file shipped with the program.
pub fn starter_catalogue() -> Result<Vec<StarterService>> {
    parse_catalogue_file(STARTER_FILE)
        .map_err(|e| ArchiveError::Rejected(format!("Il catalogo iniziale non si legge: {e}.")))
}

fn invalid(field: &str, msg: Msg) -> ArchiveError {
    ArchiveError::Invalid(FormErrors::single(field, msg))
}

impl Archive {
    /// The desk's calendar on `date`: the contract in force then (or none: no opening hours).
    fn calendar_on(&self, date: NaiveDate) -> Result<DeskCalendar> {
        Ok(self
            .contract_on(date)?
            .filter(|c| c.terms.in_force_on(date))
            .map(|c| calendar_of(&c))
            .unwrap_or_default())
    }

    /// Every appointment that takes its time, those of persons in the bin too (restored, they
    /// would overlap).
    fn taken_on(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Taken>> {
        Ok(records::appointments_between(&self.conn, from, to, true)?
            .into_iter()
            .filter(|a| a.status().takes_time())
            .filter_map(|a| {
                a.span().map(|span| Taken {
                    id: a.id,
                    date: a.date,
                    span,
                })
            })
            .collect())
    }

    /// The week holding `date`: each day's slots or closure and its appointments.
    pub fn agenda_week(
        &self,
        date: NaiveDate,
        today: NaiveDate,
        now: Option<chrono::NaiveTime>,
    ) -> Result<AgendaWeekView> {
        let monday = monday_of(date);
        let sunday = monday + Days::new(6);
        let cal = self.calendar_on(date)?;
        let appointments = records::appointments_between(&self.conn, monday, sunday, false)?;
        let days = agenda_week(&cal, date)
            .into_iter()
            .map(|day| AgendaDayView {
                closed_text: day.closed.as_ref().map(closed_text),
                appointments: appointments
                    .iter()
                    .filter(|a| a.date == day.date)
                    .cloned()
                    .collect(),
                day,
            })
            .collect();
        Ok(AgendaWeekView {
            today,
            days,
            next_free: self.next_free_time(today, now, Minutes(DEFAULT_APPOINTMENT_MINUTES))?,
        })
    }

    /// The first free time from `from` on (that day from `after`), for an appointment of
    /// `duration`, under the contract in force then (none after it ends).
    pub fn next_free_time(
        &self,
        from: NaiveDate,
        after: Option<chrono::NaiveTime>,
        duration: Minutes,
    ) -> Result<Option<(NaiveDate, chrono::NaiveTime)>> {
        // One read of the contract: its calendar, and its end (no opening after it).
        let contract = self
            .contract_on(from)?
            .filter(|c| c.terms.in_force_on(from));
        let cal = contract.as_ref().map(calendar_of).unwrap_or_default();
        let end = contract.map(|c| c.terms.end).unwrap_or(from);
        let taken = self.taken_on(from, from + Days::new(366))?;
        Ok(next_free(&cal, from, after, duration, &taken).filter(|(d, _)| *d <= end))
    }

    /// The appointments of one day, in order (the day's list she prints).
    pub fn appointments_on(&self, date: NaiveDate) -> Result<Vec<AppointmentSummary>> {
        records::appointments_between(&self.conn, date, date, false)
    }

    pub fn appointment(&self, id: AppointmentId) -> Result<AppointmentSummary> {
        records::appointment(&self.conn, id)
    }

    /// Books an appointment: the form checked, then the day and time against the contract's
    /// calendar and the other appointments; nothing is written when a rule says no.
    pub fn book_appointment(&mut self, form: &AppointmentForm) -> Result<AppointmentId> {
        let new = form.parse()?;
        if let sportello_core::model::Attendee::Person(p) = new.attendee {
            records::person(&self.conn, p)?;
        }
        let span = new.span().map_err(|m| invalid("duration", m))?;
        self.check_time(new.date, span, None)?;
        self.write(|w| w.insert_appointment(Uuid::now_v7(), &new))
    }

    fn check_time(
        &self,
        date: NaiveDate,
        span: TimeSpan,
        moving: Option<AppointmentId>,
    ) -> Result<()> {
        let cal = self.calendar_on(date)?;
        let taken = self.taken_on(date, date)?;
        check_booking(&cal, date, span, &taken, moving).map_err(|msg| {
            let field = match msg {
                Msg::AppointmentOverlaps { .. } | Msg::OutsideOpening { .. } => "start",
                _ => "date",
            };
            invalid(field, msg)
        })
    }

    /// Moves a booked appointment to another day or time, under the same rules.
    pub fn move_appointment(
        &mut self,
        id: AppointmentId,
        date: &str,
        start: &str,
        duration: &str,
    ) -> Result<()> {
        self.appointment(id)?;
        let mut e = FormErrors::default();
        let date = e.check("date", sportello_core::format::parse_date(date));
        let start = e.check("start", sportello_core::format::parse_time(start));
        let duration = e.check("duration", sportello_core::format::parse_duration(duration));
        let (Some(date), Some(start), Some(duration)) = (date, start, duration) else {
            return Err(ArchiveError::Invalid(e));
        };
        let span = TimeSpan::new(start, duration).map_err(|m| invalid("duration", m))?;
        self.check_time(date, span, Some(id))?;
        self.write(|w| w.move_appointment(id, date, start, duration))
    }

    pub fn cancel_appointment(&mut self, id: AppointmentId, reason: &str) -> Result<()> {
        let reason =
            sportello_core::model::cancel_reason(reason).map_err(|m| invalid("reason", m))?;
        self.write(|w| w.cancel_appointment(id, &reason))
    }

    pub fn mark_no_show(&mut self, id: AppointmentId, today: NaiveDate) -> Result<()> {
        let a = self.appointment(id)?;
        check_no_show(a.date, today).map_err(|m| invalid("appointment", m))?;
        self.write(|w| w.mark_no_show(id))
    }

    /// Appointments marked as no-shows from `from` to `to`.
    pub fn no_shows(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<AppointmentSummary>> {
        Ok(records::appointments_between(&self.conn, from, to, false)?
            .into_iter()
            .filter(|a| a.no_show)
            .collect())
    }

    /// The catalogue, archived services too.
    pub fn catalogue(&self, today: NaiveDate) -> Result<CatalogueView> {
        Ok(CatalogueView {
            today,
            services: records::catalogue(&self.conn)?,
        })
    }

    pub fn service(&self, id: ServiceId) -> Result<Service> {
        records::service(&self.conn, id)
    }

    /// A new service, or her edit of one.
    pub fn save_service(
        &mut self,
        id: Option<ServiceId>,
        form: &ServiceForm,
        today: NaiveDate,
    ) -> Result<ServiceId> {
        let fields = form.parse(today)?;
        match id {
            Some(id) => {
                self.write(|w| w.update_service(id, &fields))?;
                Ok(id)
            }
            None => self.write(|w| w.insert_service(Uuid::now_v7(), &fields, None)),
        }
    }

    pub fn set_service_archived(&mut self, id: ServiceId, archived: bool) -> Result<()> {
        self.write(|w| w.set_service_archived(id, archived))
    }

    /// Brings the starter file into the catalogue without touching her edits.
    pub fn reload_starter_catalogue(&mut self) -> Result<ReloadOutcome> {
        let starter = starter_catalogue()?;
        self.write(|w| w.reload_starter(&starter))
    }

    /// The service named by `query`: its id, its whole name, or a part of one name (folded:
    /// "caritas" finds "Caritas e associazioni…"). Several matches are refused with their names.
    pub fn find_service(&self, query: &str) -> Result<Service> {
        let refuse = |m: Msg| ArchiveError::Rejected(m.to_string());
        let all = records::catalogue(&self.conn)?;
        let q = query.trim();
        if let Ok(id) = Uuid::parse_str(q) {
            return all
                .into_iter()
                .find(|s| s.id.0 == id)
                .ok_or_else(|| refuse(Msg::NoSuchService));
        }
        let key = fold(q);
        if key.is_empty() {
            return Err(refuse(Msg::NoSuchService));
        }
        if let Some(exact) = all.iter().find(|s| fold(&s.fields.name) == key) {
            return Ok(exact.clone());
        }
        let mut found: Vec<Service> = all
            .into_iter()
            .filter(|s| fold(&s.fields.name).contains(&key))
            .collect();
        match found.len() {
            0 => Err(refuse(Msg::NoSuchService)),
            1 => Ok(found.remove(0)),
            _ => Err(refuse(Msg::SeveralServices {
                names: found
                    .iter()
                    .map(|s| format!("«{}»", s.fields.name))
                    .collect::<Vec<_>>()
                    .join(", "),
            })),
        }
    }

    /// What the foot of a scheda says: the comune, the desk's opening hours from the contract
    /// in force, and the desk's contacts from the privacy papers.
    pub fn desk_foot(&self, today: NaiveDate) -> Result<DeskFoot> {
        let parties = self.privacy_parties()?;
        let contract = self.contract_on(today)?;
        let opening_hours = contract
            .map(|c| {
                let mut slots = c.terms.opening_slots.clone();
                slots.sort_by_key(|s| (s.weekday.num_days_from_monday(), s.start));
                slots
                    .iter()
                    .map(|s| {
                        format!(
                            "{} {}–{}",
                            weekday_full(s.weekday),
                            sportello_core::format::time(s.start),
                            sportello_core::format::time(s.end)
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        Ok(DeskFoot {
            comune: parties.comune,
            opening_hours,
            contacts: parties.desk,
        })
    }

    /// The scheda of a service for the citizen, dated `today`.
    pub fn scheda(&self, id: ServiceId, today: NaiveDate) -> Result<Document> {
        Ok(scheda_document(
            &self.service(id)?,
            &self.desk_foot(today)?,
            today,
        ))
    }

    /// Records a group activity, network meeting or coordination table with its time.
    pub fn save_community_activity(
        &mut self,
        form: &CommunityForm,
        today: NaiveDate,
    ) -> Result<CommunityActivityId> {
        let activity = form.parse(today)?;
        let cap_note = Some(form.cap_note.as_str()).filter(|n| !n.trim().is_empty());
        self.write(|w| w.insert_community_activity(Uuid::now_v7(), &activity, cap_note))
    }

    pub fn delete_community_activity(&mut self, id: CommunityActivityId) -> Result<()> {
        self.write(|w| w.delete_community_activity(id))
    }

    /// The community activities of the last twelve months.
    pub fn community_view(&self, today: NaiveDate) -> Result<CommunityView> {
        let from = today - Days::new(366);
        let activities = records::community_activities(&self.conn, from, today)?;
        let minutes = Minutes(activities.iter().map(|a| a.data.minutes.get()).sum());
        Ok(CommunityView {
            today,
            activities,
            minutes,
        })
    }
}

/// The weekday in full, as a citizen reads it: "martedì".
pub fn weekday_full(day: chrono::Weekday) -> &'static str {
    [
        "lunedì",
        "martedì",
        "mercoledì",
        "giovedì",
        "venerdì",
        "sabato",
        "domenica",
    ][day.num_days_from_monday() as usize]
}
