//! Data protection: the retention period and the comune's instruction carried out, the
//! privacy papers (notice, record of processing), the breach register, consents and the
//! warning on a private referral, and a person's access export.

use super::hours::{choose_path, write};
use super::session::pick_folder;
use crate::state::{CommandResult, Desk};
use sportello_core::ipc::{AccessExportRequest, RetentionRequest, RetentionView};
use sportello_core::model::{
    apply_review, AccessDossier, Breach, BreachForm, Consent, ConsentForm,
};
use sportello_core::privacy::{self, PrivacyParties};
use sportello_core::{BreachId, ConsentId, PersonId, ServiceId};
use tauri::{AppHandle, State};

#[tauri::command]
pub fn retention_view(desk: State<'_, Desk>) -> CommandResult<RetentionView> {
    desk.read(|a, today, _| a.retention_view(today))
}

/// Sets the period the comune decided (whole years, 1–99) and answers with the new list.
#[tauri::command]
pub fn set_retention_years(desk: State<'_, Desk>, years: String) -> CommandResult<RetentionView> {
    desk.write(|a, today| {
        a.set_retention_years(&years)?;
        a.retention_view(today)
    })
}

/// Anonymises or erases the selected persons on the comune's instruction; answers with the
/// page as it is afterwards.
#[tauri::command]
pub fn carry_out_retention(
    desk: State<'_, Desk>,
    request: RetentionRequest,
) -> CommandResult<RetentionView> {
    // A backup or a report reading an older snapshot would keep her data past the erasure.
    desk.lock_state().stop_jobs_and_backups();
    desk.write(|a, today| {
        a.carry_out_retention(&request.persons, request.kind, &request.instruction, today)?;
        a.retention_view(today)
    })
}

/// Who the privacy papers name (the comune and the provider come from the contract).
#[tauri::command]
pub fn privacy_parties(desk: State<'_, Desk>) -> CommandResult<PrivacyParties> {
    desk.read(|a, _, _| a.privacy_parties())
}

#[tauri::command]
pub fn set_privacy_parties(
    desk: State<'_, Desk>,
    parties: PrivacyParties,
) -> CommandResult<PrivacyParties> {
    desk.write(|a, _| {
        a.set_privacy_parties(&parties)?;
        a.privacy_parties()
    })
}

/// Saves the privacy notice (to print and give at the first colloquio) where she chooses.
#[tauri::command]
pub async fn save_privacy_notice_pdf(
    app: AppHandle,
    desk: State<'_, Desk>,
) -> CommandResult<Option<String>> {
    let doc = desk.read(|a, today, _| Ok(privacy::privacy_notice(&a.privacy_parties()?, today)))?;
    let name = format!("informativa-privacy-{}.pdf", privacy::NOTICE_VERSION);
    save_document(&app, &doc, &name)
}

/// Saves the processor's record of processing (art. 30.2), prefilled, to adapt and sign.
#[tauri::command]
pub async fn save_processing_record_pdf(
    app: AppHandle,
    desk: State<'_, Desk>,
) -> CommandResult<Option<String>> {
    let doc =
        desk.read(|a, today, _| Ok(privacy::processing_record(&a.privacy_parties()?, today)))?;
    save_document(&app, &doc, "registro-trattamenti-art-30.pdf")
}

fn save_document(
    app: &AppHandle,
    doc: &sportello_core::document::Document,
    name: &str,
) -> CommandResult<Option<String>> {
    let Some(path) = choose_path(app, name) else {
        return Ok(None);
    };
    write(&path, &sportello_report::document_pdf(doc))
}

#[tauri::command]
pub fn breaches(desk: State<'_, Desk>) -> CommandResult<Vec<Breach>> {
    desk.read(|a, _, _| a.breaches())
}

/// Records a breach (or the changes to one); answers with the register.
#[tauri::command]
pub fn save_breach(
    desk: State<'_, Desk>,
    id: Option<BreachId>,
    form: BreachForm,
) -> CommandResult<Vec<Breach>> {
    desk.write(|a, today| {
        a.save_breach(id, &form, today)?;
        a.breaches()
    })
}

#[tauri::command]
pub fn add_consent(
    desk: State<'_, Desk>,
    person: PersonId,
    form: ConsentForm,
) -> CommandResult<Vec<Consent>> {
    desk.write(|a, today| {
        a.add_consent(person, &form, today)?;
        a.consents(person)
    })
}

#[tauri::command]
pub fn revoke_consent(
    desk: State<'_, Desk>,
    person: PersonId,
    id: ConsentId,
    day: String,
) -> CommandResult<Vec<Consent>> {
    desk.write(|a, today| {
        a.revoke_consent(id, &day, today)?;
        a.consents(person)
    })
}

/// The private bodies among the services chosen for a colloquio on `date` (as typed; today
/// when it does not parse yet) that lack the person's consent: shown as a warning.
#[tauri::command]
pub fn private_referral_warnings(
    desk: State<'_, Desk>,
    person: PersonId,
    services: Vec<ServiceId>,
    date: String,
) -> CommandResult<Vec<String>> {
    desk.read(|a, today, _| {
        let day = sportello_core::format::parse_date(&date).unwrap_or(today);
        a.private_referrals_without_consent(person, &services, day)
    })
}

/// Everything about a person, for the access review.
#[tauri::command]
pub fn access_dossier(desk: State<'_, Desk>, person: PersonId) -> CommandResult<AccessDossier> {
    desk.read(|a, _, _| a.access_dossier(person))
}

/// Writes the access export as she reviewed it into the folder she picks (never inside the
/// archive's folders); the two paths, or nothing when she cancels.
#[tauri::command]
pub async fn save_access_export(
    app: AppHandle,
    desk: State<'_, Desk>,
    request: AccessExportRequest,
) -> CommandResult<Option<Vec<String>>> {
    // The review is checked before the dialog opens.
    let (export, today) = desk.read(|a, today, _| {
        let dossier = a.access_dossier(request.person)?;
        let export = apply_review(&dossier, &request.review, today)
            .map_err(sportello_archive::ArchiveError::Invalid)?;
        Ok((export, today))
    })?;
    let Some(dir) = pick_folder(&app, "Cartella dove salvare la copia dei dati") else {
        return Ok(None);
    };
    let pdf = sportello_report::document_pdf(&export.document(today));
    let written = desk.read(|a, _, _| a.write_access_export(&dir, &export, &pdf))?;
    Ok(Some(
        written.iter().map(|p| p.display().to_string()).collect(),
    ))
}
