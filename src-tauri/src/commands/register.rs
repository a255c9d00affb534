//! The register's import wizard and its exports: a file chosen in the native dialog and held
//! in memory only, previewed through the mapping she edits, imported in one transaction; the
//! imports listed and undone; the register and the hours saved as CSV or XLSX where she
//! chooses (after the UI's warning), never inside the archive's folders.

use crate::import_job::no_file;
use crate::state::{CommandResult, Desk, ImportFile};
use sportello_archive::export::ExportKind;
use sportello_archive::import::ImportOptions;
use sportello_archive::register_file::{problems_csv, MAX_FILE_BYTES};
use sportello_core::ipc::{CommandError, ImportJobView};
use sportello_core::register::{
    ExportRequest, ImportChosen, ImportPreview, ImportRecord, ImportRequest,
};
use std::path::PathBuf;
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

fn options(request: &ImportRequest) -> ImportOptions {
    ImportOptions {
        skip_errors: request.skip_errors,
        with_time: request.with_time,
    }
}

/// *Scegli il file…*: the register file, read into memory; `None` when she cancels.
#[tauri::command]
pub async fn choose_import_file(
    app: AppHandle,
    desk: State<'_, Desk>,
) -> CommandResult<Option<ImportChosen>> {
    let Some(path) = pick_register_file(&app) else {
        return Ok(None);
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let too_big = std::fs::metadata(&path).is_ok_and(|m| m.len() > MAX_FILE_BYTES as u64);
    if too_big {
        return Err(CommandError::new(
            "rejected",
            format!(
                "Il file è troppo grande: al massimo {} MB.",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    let bytes = std::fs::read(&path).map_err(|e| {
        CommandError::new(
            "io",
            format!("Il file {} non si legge: {e}", path.display()),
        )
    })?;
    let mapping = desk.read(|a, _, _| a.remembered_mapping())?;
    desk.lock_state().import_file = Some(ImportFile {
        name: name.clone(),
        bytes: zeroize::Zeroizing::new(bytes),
    });
    Ok(Some(ImportChosen {
        file_name: name,
        mapping,
    }))
}

#[tauri::command]
pub fn import_preview(
    desk: State<'_, Desk>,
    request: ImportRequest,
) -> CommandResult<ImportPreview> {
    let inner = desk.lock_state();
    let file = inner.import_file.as_ref().ok_or_else(no_file)?;
    let archive = inner.archive()?;
    archive
        .preview_import(
            &file.name,
            &file.bytes,
            &request.mapping,
            options(&request),
            crate::state::today(),
        )
        .map_err(|e| inner.error(e))
}

/// *Importa*: every row in one transaction, or nothing, run as a job with the archive:
/// `import_job` tells how far it got, `cancel_import` stops it (nothing written). Returns the
/// job's number. The file is forgotten once imported.
#[tauri::command]
pub fn start_import(desk: State<'_, Desk>, request: ImportRequest) -> CommandResult<u64> {
    desk.lock_state().start_import(request)
}

#[tauri::command]
pub fn import_job(desk: State<'_, Desk>, job: u64) -> ImportJobView {
    desk.lock_state().import_view(job)
}

#[tauri::command]
pub fn cancel_import(desk: State<'_, Desk>, job: u64) {
    desk.lock_state().cancel_import(job);
}

#[tauri::command]
pub fn imports(desk: State<'_, Desk>) -> CommandResult<Vec<ImportRecord>> {
    desk.read(|a, _, _| a.imports())
}

#[tauri::command]
pub fn undo_import(desk: State<'_, Desk>, id: String) -> CommandResult<ImportRecord> {
    desk.write(|a, _| a.undo_import(&id))
}

/// *Salva l'elenco dei problemi*: the report as CSV where she chooses (it holds the file's
/// values, so the UI warns first).
#[tauri::command]
pub async fn save_import_problems(
    app: AppHandle,
    desk: State<'_, Desk>,
    request: ImportRequest,
) -> CommandResult<Option<String>> {
    let preview = import_preview(desk.clone(), request)?;
    let Some(path) = choose_save_path(&app, "problemi-importazione.csv", "csv") else {
        return Ok(None);
    };
    desk.read(|a, _, _| a.check_export_path(&path))?;
    let bytes = problems_csv(&preview.problems, sportello_core::Lang::It);
    write_file(&path, &bytes)
}

/// *Esporta*: the register or the hours as CSV or XLSX, where she chooses.
#[tauri::command]
pub async fn save_export(
    app: AppHandle,
    desk: State<'_, Desk>,
    request: ExportRequest,
) -> CommandResult<Option<String>> {
    let kind = match request.kind.as_str() {
        "registro" => ExportKind::Register,
        _ => ExportKind::Hours,
    };
    let ext = if request.format == "xlsx" {
        "xlsx"
    } else {
        "csv"
    };
    // Refused before the dialog opens.
    desk.read(|a, _, _| a.may_export(kind))?;
    let name = format!(
        "{}-{}.{ext}",
        request.kind,
        crate::state::today().format("%Y-%m-%d")
    );
    let Some(path) = choose_save_path(&app, &name, ext) else {
        return Ok(None);
    };
    desk.read(|a, _, _| a.write_export(&path, kind))?;
    Ok(Some(path.display().to_string()))
}

fn pick_register_file(app: &AppHandle) -> Option<PathBuf> {
    // The end-to-end tests' stand-in for the dialog: debug builds only, never in a release.
    #[cfg(debug_assertions)]
    if let Some(file) = std::env::var_os("SPORTELLO_OPEN_FILE") {
        return Some(PathBuf::from(file));
    }
    app.dialog()
        .file()
        .set_title("Scegli il registro da importare")
        .add_filter("Registro (CSV o Excel)", &["csv", "xlsx"])
        .blocking_pick_file()
        .and_then(|p| p.into_path().ok())
}

fn choose_save_path(app: &AppHandle, name: &str, ext: &str) -> Option<PathBuf> {
    #[cfg(debug_assertions)]
    if let Some(dir) = std::env::var_os("SPORTELLO_SAVE_DIR") {
        return Some(PathBuf::from(dir).join(name));
    }
    app.dialog()
        .file()
        .set_title("Salva il file")
        .add_filter(ext.to_uppercase(), &[ext])
        .set_file_name(name)
        .blocking_save_file()
        .and_then(|p| p.into_path().ok())
}

fn write_file(path: &std::path::Path, bytes: &[u8]) -> CommandResult<Option<String>> {
    sportello_archive::fsutil::write_atomic(path, bytes).map_err(|e| {
        CommandError::new(
            "io",
            format!("Impossibile salvare il file in {}: {e}", path.display()),
        )
    })?;
    Ok(Some(path.display().to_string()))
}
