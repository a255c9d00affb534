//! Colloqui, referrals and their outcomes, time entries, the bin and the history.

use crate::state::{CommandResult, Desk};
use sportello_archive::Entity;
use sportello_core::history::HistoryEntry;
use sportello_core::ipc::{BinView, CommandError, ContactEdit, SaveContactRequest, ServiceOption};
use sportello_core::model::{ContactForm, OutcomeForm, Referral, ReferralForm, WaitingReferral};
use sportello_core::{ContactId, OutcomeId, ReferralId};
use tauri::State;

#[tauri::command]
pub fn services(desk: State<'_, Desk>) -> CommandResult<Vec<ServiceOption>> {
    desk.read(|a, _, _| a.services())
}

/// A blank colloquio form: today, now, the last duration used.
#[tauri::command]
pub fn new_contact_form(desk: State<'_, Desk>) -> CommandResult<ContactForm> {
    let now = chrono::Local::now().time();
    desk.read(|a, today, _| Ok(ContactForm::new_at(today, now, a.last_duration()?)))
}

#[tauri::command]
pub fn save_contact(
    desk: State<'_, Desk>,
    request: SaveContactRequest,
) -> CommandResult<ContactId> {
    desk.write(|a, today| a.save_contact(&request, today))
}

#[tauri::command]
pub fn contact_edit(desk: State<'_, Desk>, id: ContactId) -> CommandResult<ContactEdit> {
    desk.read(|a, _, _| a.contact_edit(id))
}

#[tauri::command]
pub fn delete_contact(desk: State<'_, Desk>, id: ContactId, reason: String) -> CommandResult<()> {
    desk.write(|a, _| a.delete_contact(id, &reason))
}

#[tauri::command]
pub fn restore_contact(desk: State<'_, Desk>, id: ContactId) -> CommandResult<()> {
    desk.write(|a, _| a.restore_contact(id))
}

#[tauri::command]
pub fn referral(desk: State<'_, Desk>, id: ReferralId) -> CommandResult<Referral> {
    desk.read(|a, _, _| a.referral(id))
}

#[tauri::command]
pub fn update_referral(
    desk: State<'_, Desk>,
    id: ReferralId,
    form: ReferralForm,
) -> CommandResult<()> {
    desk.write(|a, _| a.update_referral(id, &form))
}

#[tauri::command]
pub fn delete_referral(desk: State<'_, Desk>, id: ReferralId) -> CommandResult<()> {
    desk.write(|a, _| a.delete_referral(id))
}

#[tauri::command]
pub fn add_outcome(
    desk: State<'_, Desk>,
    referral: ReferralId,
    form: OutcomeForm,
) -> CommandResult<OutcomeId> {
    desk.write(|a, today| a.add_outcome(referral, &form, today))
}

#[tauri::command]
pub fn delete_outcome(desk: State<'_, Desk>, id: OutcomeId) -> CommandResult<()> {
    desk.write(|a, _| a.delete_outcome(id))
}

#[tauri::command]
pub fn waiting_referrals(desk: State<'_, Desk>) -> CommandResult<Vec<WaitingReferral>> {
    desk.read(|a, today, _| a.waiting_referrals(today))
}

#[tauri::command]
pub fn bin(desk: State<'_, Desk>) -> CommandResult<BinView> {
    desk.read(|a, _, _| a.bin())
}

/// The history of a record (`entity` is its table: person, contact, referral, time_entry…).
#[tauri::command]
pub fn record_history(
    desk: State<'_, Desk>,
    entity: String,
    id: String,
) -> CommandResult<Vec<HistoryEntry>> {
    let entity = Entity::from_table(&entity)
        .ok_or_else(|| CommandError::new("invalid_input", "Tipo di registrazione sconosciuto."))?;
    desk.read(|a, _, lang| a.history(entity, &id, lang))
}
