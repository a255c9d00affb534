//! The activity report: its figures for a period, the records behind a figure, and the PDF
//! saved where the operator chooses (kept in the report log once written).

use super::hours::{choose_path, write};
use crate::state::{CommandResult, Desk};
use sportello_core::ipc::{ActivityRequest, SaveActivityRequest, TraceRequest, TraceView};
use sportello_core::stats::ActivityReport;
use tauri::{AppHandle, State};

/// How many records behind a figure the page lists.
const TRACE_LIMIT: usize = 200;

#[tauri::command]
pub fn activity_report(
    desk: State<'_, Desk>,
    request: ActivityRequest,
) -> CommandResult<ActivityReport> {
    desk.read(|a, today, _| a.draft_activity_report(request.period, request.threshold, today))
}

#[tauri::command]
pub fn activity_trace(desk: State<'_, Desk>, request: TraceRequest) -> CommandResult<TraceView> {
    desk.read(|a, today, _| a.activity_trace(&request, today, TRACE_LIMIT))
}

/// Saves the report's PDF where she chooses and keeps it in the log; the path, or nothing
/// when she cancels. The PDF holds aggregated, suppressed figures only.
#[tauri::command]
pub async fn save_activity_pdf(
    app: AppHandle,
    desk: State<'_, Desk>,
    request: SaveActivityRequest,
) -> CommandResult<Option<String>> {
    // The texts and the figures are checked before the dialog opens.
    let report = desk.read(|a, today, _| a.checked_activity_report(&request, today))?;
    let name = format!(
        "report-attivita-{}-{}.pdf",
        request.period.from.format("%Y%m%d"),
        request.period.to.format("%Y%m%d")
    );
    let Some(path) = choose_path(&app, &name) else {
        return Ok(None);
    };
    let saved = write(&path, &sportello_report::activity_pdf(&report))?;
    desk.write(|a, _| a.log_activity_report(&report))?;
    Ok(saved)
}
