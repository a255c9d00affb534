//! The activity report: its figures for a period, the records behind a figure, and the PDF
//! saved where the operator chooses (kept in the report log once written).

use super::hours::{choose_path, write};
use crate::state::{CommandResult, Desk};
use sportello_core::ipc::{
    ActivityRequest, ReportJobView, SaveActivityRequest, TraceRequest, TraceView,
};
use sportello_core::stats::Period;
use tauri::{AppHandle, State};

/// How many records behind a figure the page lists.
const TRACE_LIMIT: usize = 200;

/// Starts the report of a period on its own read-only connection and another thread, so the
/// page stays responsive and the idle lock keeps working (the lock cancels it); the page
/// polls [`activity_job`]. A newer request cancels the one before.
#[tauri::command]
pub fn start_activity_report(
    desk: State<'_, Desk>,
    request: ActivityRequest,
) -> CommandResult<u64> {
    desk.start_report(request)
}

/// The contract years begun by today, the latest first, for the period's choice.
#[tauri::command]
pub fn contract_year_periods(desk: State<'_, Desk>) -> CommandResult<Vec<Period>> {
    desk.read(|a, today, _| a.contract_year_periods(today))
}

/// How the report `job` is doing; its figures once done.
#[tauri::command]
pub fn activity_job(desk: State<'_, Desk>, job: u64) -> CommandResult<ReportJobView> {
    desk.report_view(job)
}

/// Stops the report `job`, if it is still the one running.
#[tauri::command]
pub fn cancel_activity_report(desk: State<'_, Desk>, job: u64) {
    desk.cancel_report(job);
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
