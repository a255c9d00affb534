//! Data protection: the retention period, who is past it, and the comune's instruction
//! carried out.

use crate::state::{CommandResult, Desk};
use sportello_core::ipc::{RetentionRequest, RetentionView};
use tauri::State;

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
    desk.write(|a, today| {
        a.carry_out_retention(&request.persons, request.kind, &request.instruction, today)?;
        a.retention_view(today)
    })
}
