//! The agenda's, the catalogue's and the community work's messages.

use crate::ids::{AppointmentId, PersonId, ServiceId};
use crate::model::{
    AgendaDay, AppointmentForm, AppointmentSummary, CommunityActivity, ContactForm, Service,
    ServiceForm,
};
use crate::units::Minutes;
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

/// A week of the agenda: each day with its slots or closure and its appointments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaWeekView {
    pub today: NaiveDate,
    pub days: Vec<AgendaDayView>,
    /// The first free half hour from today on, to offer when booking.
    pub next_free: Option<(NaiveDate, NaiveTime)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaDayView {
    pub day: AgendaDay,
    /// Why it is closed, in Italian, when it is.
    pub closed_text: Option<String>,
    pub appointments: Vec<AppointmentSummary>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekRequest {
    /// Any day of the week wanted.
    pub date: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookRequest {
    pub form: AppointmentForm,
}

/// A booked appointment to another day or time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveRequest {
    pub id: AppointmentId,
    pub date: String,
    pub start: String,
    pub duration: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CancelRequest {
    pub id: AppointmentId,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointmentRequest {
    pub id: AppointmentId,
}

/// The colloquio form's start from a held appointment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldStart {
    pub appointment: AppointmentSummary,
    /// The colloquio form with the appointment's day, time and planned length.
    pub form: ContactForm,
    /// The person it was for; `None` for a guest, who becomes a person with the colloquio.
    pub person: Option<PersonId>,
}

/// The catalogue as the Servizi page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueView {
    pub today: NaiveDate,
    pub services: Vec<Service>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceRequest {
    pub id: ServiceId,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveServiceRequest {
    pub id: Option<ServiceId>,
    pub form: ServiceForm,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchiveServiceRequest {
    pub id: ServiceId,
    pub archived: bool,
}

/// Group activities, network meetings and coordination tables of a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommunityView {
    pub today: NaiveDate,
    pub activities: Vec<CommunityActivity>,
    pub minutes: Minutes,
}
