//! The activity report: its figures for a period, the records behind a figure, and the PDF
//! saved where the operator chooses (kept in the report log once written).

use super::hours::{choose_path, write};
use crate::state::{CommandResult, Desk};
use sportello_core::ipc::{
    ActivityRequest, CommandError, ComuneSettings, ReportJobView, SaveActivityRequest,
    TraceRequest, TraceView,
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

/// The desk's comune: its code (set or guessed) and whether a coat of arms is set.
#[tauri::command]
pub fn comune_settings(desk: State<'_, Desk>) -> CommandResult<ComuneSettings> {
    desk.read(|a, _, _| settings_view(a))
}

/// Names the desk's comune by its cadastral code.
#[tauri::command]
pub fn set_desk_comune(desk: State<'_, Desk>, code: String) -> CommandResult<ComuneSettings> {
    desk.write(|a, _| {
        a.set_desk_comune(&code)?;
        settings_view(a)
    })
}

/// Lets her choose the coat of arms (a PNG) and keeps it; the new settings, or nothing when
/// she cancels. A file that is not a sane PNG is refused with an Italian sentence.
#[tauri::command]
pub async fn choose_comune_logo(
    app: AppHandle,
    desk: State<'_, Desk>,
) -> CommandResult<Option<ComuneSettings>> {
    let Some(path) = choose_png(&app) else {
        return Ok(None);
    };
    let bytes = sportello_archive::fsutil::read_chosen_file(
        &path,
        sportello_report::logo::MAX_LOGO_BYTES as u64,
        "Lo stemma",
    )
    .map_err(|sentence| CommandError::new("io", sentence))?;
    sportello_report::Logo::from_png(&bytes)
        .map_err(|e| CommandError::new("invalid_logo", e.to_string()))?;
    desk.write(|a, _| {
        a.set_comune_logo(Some(&bytes))?;
        settings_view(a)
    })
    .map(Some)
}

/// Removes the coat of arms.
#[tauri::command]
pub fn remove_comune_logo(desk: State<'_, Desk>) -> CommandResult<ComuneSettings> {
    desk.write(|a, _| {
        a.set_comune_logo(None)?;
        settings_view(a)
    })
}

fn settings_view(a: &sportello_archive::Archive) -> sportello_archive::Result<ComuneSettings> {
    let sportello_archive::activity::DeskComune {
        set,
        guessed,
        logo_png,
    } = a.comune_settings()?;
    let code = set.clone().or(guessed).unwrap_or_default();
    Ok(ComuneSettings {
        label: sportello_archive::comuni::list()
            .get(&code)
            .map(|c| c.label())
            .unwrap_or_default(),
        guessed: set.is_none() && !code.is_empty(),
        code,
        logo: logo_png
            .and_then(|png| sportello_report::Logo::from_png(&png).ok())
            .map(|l| (l.width, l.height)),
    })
}

fn choose_png(app: &AppHandle) -> Option<std::path::PathBuf> {
    // The end-to-end tests' stand-in for the dialog: debug builds only, never in a release.
    #[cfg(debug_assertions)]
    if let Some(file) = std::env::var_os("SPORTELLO_OPEN_FILE") {
        return Some(std::path::PathBuf::from(file));
    }
    use tauri_plugin_dialog::DialogExt;
    app.dialog()
        .file()
        .set_title("Scegli lo stemma del Comune")
        .add_filter("PNG", &["png"])
        .blocking_pick_file()
        .and_then(|p| p.into_path().ok())
}
