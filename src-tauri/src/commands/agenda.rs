//! The agenda (book, move, cancel, no-show, held → colloquio, the day's list), the catalogue
//! (edit, archive, reload the starter file, the scheda) and the community work.

use super::hours::{choose_path, write};
use crate::state::{CommandResult, Desk};
use sportello_archive::records::ReloadOutcome;
use sportello_core::document::{Document, Section};
use sportello_core::format;
use sportello_core::ipc::{
    AgendaWeekView, AppointmentRequest, ArchiveServiceRequest, BookRequest, CancelRequest,
    CatalogueView, CommunityView, HeldStart, MoveRequest, SaveServiceRequest, ServiceRequest,
    WeekRequest,
};
use sportello_core::model::{CommunityForm, ContactForm};
use sportello_core::{AppointmentId, CommunityActivityId, ServiceId};
use tauri::{AppHandle, State};

#[tauri::command]
pub fn agenda_week(desk: State<'_, Desk>, request: WeekRequest) -> CommandResult<AgendaWeekView> {
    let now = chrono::Local::now().time();
    desk.read(|a, today, _| a.agenda_week(request.date, today, Some(now)))
}

#[tauri::command]
pub fn book_appointment(
    desk: State<'_, Desk>,
    request: BookRequest,
) -> CommandResult<AppointmentId> {
    desk.write(|a, _| a.book_appointment(&request.form))
}

#[tauri::command]
pub fn move_appointment(desk: State<'_, Desk>, request: MoveRequest) -> CommandResult<()> {
    desk.write(|a, _| {
        a.move_appointment(request.id, &request.date, &request.start, &request.duration)
    })
}

#[tauri::command]
pub fn cancel_appointment(desk: State<'_, Desk>, request: CancelRequest) -> CommandResult<()> {
    desk.write(|a, _| a.cancel_appointment(request.id, &request.reason))
}

#[tauri::command]
pub fn mark_no_show(desk: State<'_, Desk>, request: AppointmentRequest) -> CommandResult<()> {
    desk.write(|a, today| a.mark_no_show(request.id, today))
}

/// The colloquio form of a held appointment: its day, time and planned length.
#[tauri::command]
pub fn held_start(desk: State<'_, Desk>, request: AppointmentRequest) -> CommandResult<HeldStart> {
    desk.read(|a, _, _| {
        let appointment = a.appointment(request.id)?;
        if appointment.status() != sportello_core::model::AppointmentStatus::Booked {
            return Err(sportello_archive::ArchiveError::Rejected(
                sportello_core::Msg::AppointmentNotBooked.to_string(),
            ));
        }
        Ok(HeldStart {
            form: ContactForm::new_at(
                appointment.date,
                appointment.start_time,
                Some(appointment.duration),
            ),
            person: appointment.person,
            appointment,
        })
    })
}

/// The day's appointments on paper, with names: for her, never for a report.
#[tauri::command]
pub async fn save_day_list_pdf(
    app: AppHandle,
    desk: State<'_, Desk>,
    request: WeekRequest,
) -> CommandResult<Option<String>> {
    let doc = desk.read(|a, today, _| {
        let list = a.appointments_on(request.date)?;
        let rows = list
            .iter()
            .map(|x| {
                vec![
                    format::time(x.start_time),
                    format!("{} min", x.duration.get()),
                    x.who(),
                    x.guest_phone.clone(),
                    x.status().label_it().to_string(),
                    x.note.clone(),
                ]
            })
            .collect::<Vec<_>>();
        let section = Section::new("Appuntamenti");
        let section = if rows.is_empty() {
            section.paragraph("Nessun appuntamento in questo giorno.")
        } else {
            section.table(
                &["Ora", "Durata", "Persona", "Telefono", "Stato", "Nota"],
                rows,
            )
        };
        Ok(Document {
            id: format!("AGE-{}", request.date.format("%Y%m%d")),
            title: format!("Appuntamenti del {}", format::date(request.date)),
            subtitle: "Uso interno dello sportello: contiene dati personali, non allegare a report"
                .into(),
            issuer: a.privacy_parties()?.comune,
            date: today,
            sections: vec![section],
            large_print: false,
        })
    })?;
    let name = format!("appuntamenti-{}.pdf", request.date.format("%Y-%m-%d"));
    save_document(&app, &doc, &name)
}

#[tauri::command]
pub fn catalogue(desk: State<'_, Desk>) -> CommandResult<CatalogueView> {
    desk.read(|a, today, _| a.catalogue(today))
}

#[tauri::command]
pub fn save_service(
    desk: State<'_, Desk>,
    request: SaveServiceRequest,
) -> CommandResult<ServiceId> {
    desk.write(|a, today| a.save_service(request.id, &request.form, today))
}

#[tauri::command]
pub fn set_service_archived(
    desk: State<'_, Desk>,
    request: ArchiveServiceRequest,
) -> CommandResult<()> {
    desk.write(|a, _| a.set_service_archived(request.id, request.archived))
}

#[tauri::command]
pub fn reload_starter_catalogue(desk: State<'_, Desk>) -> CommandResult<ReloadOutcome> {
    desk.write(|a, _| a.reload_starter_catalogue())
}

/// Saves the scheda of a service for the citizen.
#[tauri::command]
pub async fn save_scheda_pdf(
    app: AppHandle,
    desk: State<'_, Desk>,
    request: ServiceRequest,
) -> CommandResult<Option<String>> {
    let doc = desk.read(|a, today, _| a.scheda(request.id, today))?;
    let name = format!("scheda-{}.pdf", file_stem(&doc.title));
    save_document(&app, &doc, &name)
}

#[tauri::command]
pub fn community_view(desk: State<'_, Desk>) -> CommandResult<CommunityView> {
    desk.read(|a, today, _| a.community_view(today))
}

#[tauri::command]
pub fn save_community_activity(
    desk: State<'_, Desk>,
    form: CommunityForm,
) -> CommandResult<CommunityView> {
    desk.write(|a, today| {
        a.save_community_activity(&form, today)?;
        a.community_view(today)
    })
}

#[tauri::command]
pub fn delete_community_activity(
    desk: State<'_, Desk>,
    id: CommunityActivityId,
) -> CommandResult<CommunityView> {
    desk.write(|a, today| {
        a.delete_community_activity(id)?;
        a.community_view(today)
    })
}

fn save_document(app: &AppHandle, doc: &Document, name: &str) -> CommandResult<Option<String>> {
    let Some(path) = choose_path(app, name) else {
        return Ok(None);
    };
    write(&path, &sportello_report::document_pdf(doc))
}

/// A file name from a title: lower case letters and digits, words joined by dashes.
pub(crate) fn file_stem(title: &str) -> String {
    let folded = sportello_core::search::fold(title);
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.join("-").chars().take(60).collect()
}

/// Saves the letter that goes with a referral to the receiving service.
#[tauri::command]
pub async fn save_referral_letter_pdf(
    app: AppHandle,
    desk: State<'_, Desk>,
    id: sportello_core::ReferralId,
) -> CommandResult<Option<String>> {
    let doc = desk.read(|a, today, _| a.referral_letter(id, today))?;
    save_document(
        &app,
        &doc,
        // The file's name says nothing of the service (a SerD, a centro antiviolenza).
        &format!("lettera-invio-{}.pdf", doc.id),
    )
}

/// Saves the scheda of a referral's service, to hand to the person.
#[tauri::command]
pub async fn save_referral_scheda_pdf(
    app: AppHandle,
    desk: State<'_, Desk>,
    id: sportello_core::ReferralId,
) -> CommandResult<Option<String>> {
    let doc = desk.read(|a, today, _| {
        let service = a.referral(id)?.data.service;
        a.scheda(service, today)
    })?;
    save_document(&app, &doc, &format!("scheda-{}.pdf", file_stem(&doc.title)))
}

/// Saves the first-access sheet of a person, to sign for the paper file.
#[tauri::command]
pub async fn save_first_access_pdf(
    app: AppHandle,
    desk: State<'_, Desk>,
    id: sportello_core::PersonId,
) -> CommandResult<Option<String>> {
    let doc = desk.read(|a, today, _| a.first_access_sheet(id, today))?;
    save_document(&app, &doc, "scheda-primo-accesso.pdf")
}

/// Saves the timeline of a person's record, for the paper file.
#[tauri::command]
pub async fn save_timeline_pdf(
    app: AppHandle,
    desk: State<'_, Desk>,
    id: sportello_core::PersonId,
) -> CommandResult<Option<String>> {
    let doc = desk.read(|a, today, _| a.timeline_paper(id, today))?;
    save_document(&app, &doc, "cronologia-cartella.pdf")
}
