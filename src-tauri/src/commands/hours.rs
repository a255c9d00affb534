//! The monte ore: the hours page, time entries, the year's closing, and the PDFs saved where
//! the operator chooses (the native save dialog; `SPORTELLO_SAVE_DIR` answers it in tests).

use crate::state::{CommandResult, Desk};
use sportello_core::ipc::{CommandError, HoursRequest, HoursView, SaveTimeEntryRequest, YearRef};
use sportello_core::TimeEntryId;
use std::path::PathBuf;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

#[tauri::command]
pub fn hours_view(
    desk: State<'_, Desk>,
    request: HoursRequest,
) -> CommandResult<Option<HoursView>> {
    desk.read(|a, today, _| a.hours_view(&request, today))
}

#[tauri::command]
pub fn save_time_entry(
    desk: State<'_, Desk>,
    request: SaveTimeEntryRequest,
) -> CommandResult<TimeEntryId> {
    desk.write(|a, today| a.save_time_entry(&request, today))
}

#[tauri::command]
pub fn delete_time_entry(desk: State<'_, Desk>, id: TimeEntryId) -> CommandResult<()> {
    desk.write(|a, _| a.delete_time_entry(id))
}

/// Closes a contract year.
#[tauri::command]
pub fn lock_year(desk: State<'_, Desk>, year: YearRef) -> CommandResult<()> {
    desk.write(|a, _| a.lock_year(year))
}

#[tauri::command]
pub fn reopen_year(desk: State<'_, Desk>, year: YearRef, reason: String) -> CommandResult<()> {
    desk.write(|a, _| a.reopen_year(year, &reason))
}

/// Issues the monthly statement and saves its PDF where the operator chooses; the path, or
/// nothing when she cancels.
#[tauri::command]
pub async fn save_statement_pdf(
    app: AppHandle,
    desk: State<'_, Desk>,
    year: i32,
    month: u32,
) -> CommandResult<Option<String>> {
    // The figures first: a month with no contract is refused before the dialog opens.
    let (statement, doc) = desk.read(|a, today, _| a.statement_document(year, month, today))?;
    let name = format!("rendiconto-ore-{year:04}-{month:02}.pdf");
    let Some(path) = choose_path(&app, &name) else {
        return Ok(None);
    };
    let pdf = sportello_report::monthly_statement_pdf(&statement, &doc);
    let saved = write(&path, &pdf)?;
    // Issued once saved: the reconciliation counts it invoiced.
    desk.write(|a, _| a.record_issue(&statement, &doc))?;
    Ok(saved)
}

/// Saves the PDF of the reconciliation of a contract year.
#[tauri::command]
pub async fn save_reconciliation_pdf(
    app: AppHandle,
    desk: State<'_, Desk>,
    year: YearRef,
) -> CommandResult<Option<String>> {
    let (reconciliation, doc) = desk.read(|a, today, _| a.reconciliation_document(year, today))?;
    let name = format!(
        "riconciliazione-ore-{}.pdf",
        year.year_start.format("%Y-%m-%d")
    );
    let Some(path) = choose_path(&app, &name) else {
        return Ok(None);
    };
    let pdf = sportello_report::reconciliation_pdf(&reconciliation, &doc);
    write(&path, &pdf)
}

/// The file she chooses in the save dialog (suggesting `name`). These PDFs hold no personal
/// data (aggregated hours), so no warning is needed before saving them.
pub(crate) fn choose_path(app: &AppHandle, name: &str) -> Option<PathBuf> {
    // The end-to-end tests' stand-in for the dialog: debug builds only, never in a release.
    #[cfg(debug_assertions)]
    if let Some(dir) = std::env::var_os("SPORTELLO_SAVE_DIR") {
        return Some(PathBuf::from(dir).join(name));
    }
    app.dialog()
        .file()
        .set_title("Salva il PDF")
        .add_filter("PDF", &["pdf"])
        .set_file_name(name)
        .blocking_save_file()
        .and_then(|p| p.into_path().ok())
}

pub(crate) fn write(path: &std::path::Path, pdf: &[u8]) -> CommandResult<Option<String>> {
    sportello_archive::fsutil::write_atomic(path, pdf).map_err(|e| {
        CommandError::new(
            "io",
            format!("Impossibile salvare il PDF in {}: {e}", path.display()),
        )
    })?;
    Ok(Some(path.display().to_string()))
}
