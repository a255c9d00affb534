//! Persons: search, page, save, bin, merge, household, and the comuni for the residence.

use crate::state::{CommandResult, Desk};
use sportello_core::ipc::{
    ComuneOption, PersonPage, PersonSaved, SavePersonRequest, PERSON_SEARCH_LIMIT,
};
use sportello_core::model::PersonSummary;
use sportello_core::{HouseholdLinkId, PersonId, Relation};
use tauri::State;

/// How many comuni the residence picker lists at most.
const COMUNI_LIMIT: usize = 12;

#[tauri::command]
pub fn find_persons(desk: State<'_, Desk>, query: String) -> CommandResult<Vec<PersonSummary>> {
    desk.read(|a, _, _| a.find_persons(&query, PERSON_SEARCH_LIMIT))
}

#[tauri::command]
pub fn person_page(desk: State<'_, Desk>, id: PersonId) -> CommandResult<PersonPage> {
    desk.read(|a, _, _| a.person_page(id))
}

#[tauri::command]
pub fn save_person(
    desk: State<'_, Desk>,
    request: SavePersonRequest,
) -> CommandResult<PersonSaved> {
    desk.write(|a, today| a.save_person(&request, today))
}

#[tauri::command]
pub fn delete_person(desk: State<'_, Desk>, id: PersonId, reason: String) -> CommandResult<()> {
    desk.write(|a, _| a.delete_person(id, &reason))
}

#[tauri::command]
pub fn restore_person(desk: State<'_, Desk>, id: PersonId) -> CommandResult<()> {
    desk.write(|a, _| a.restore_person(id))
}

#[tauri::command]
pub fn merge_persons(desk: State<'_, Desk>, keep: PersonId, other: PersonId) -> CommandResult<()> {
    desk.write(|a, _| a.merge_persons(keep, other))
}

#[tauri::command]
pub fn add_household_member(
    desk: State<'_, Desk>,
    person: PersonId,
    member: PersonId,
    relation: Relation,
) -> CommandResult<HouseholdLinkId> {
    desk.write(|a, _| a.add_household_member(person, member, relation))
}

#[tauri::command]
pub fn remove_household_member(desk: State<'_, Desk>, link: HouseholdLinkId) -> CommandResult<()> {
    desk.write(|a, _| a.remove_household_member(link))
}

/// The national list needs no unlocked archive: it holds nothing personal.
#[tauri::command]
pub fn find_comuni(query: String) -> Vec<ComuneOption> {
    sportello_archive::comuni::search(&query, COMUNI_LIMIT)
}
