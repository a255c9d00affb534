//! Restoring a backup from inside the app, and *Nuova chiave di recupero*.

use crate::state::{ActivityClock, CommandResult, Desk};
use sportello_archive::archive::RotationFailed;
use sportello_archive::{Archive, ExposeSecret, SecretString};
use sportello_core::ipc::{CreatedView, KeyJobView, RestoredView};
use std::path::PathBuf;
use tauri::State;

/// Restores the archive from a backup she picks: the current passphrase confirms it (checked
/// before anything closes), the archive is closed (the app's own restore releases its lock),
/// restored — the whole copy checked first, the replaced archive kept aside — and opened
/// again. A refused copy leaves the archive as it was, open.
#[tauri::command(rename_all = "snake_case")]
pub async fn restore_backup(
    app: tauri::AppHandle,
    desk: State<'_, Desk>,
    passphrase: String,
) -> CommandResult<Option<RestoredView>> {
    let passphrase = SecretString::from(passphrase);
    let paths = {
        let inner = desk.lock_state();
        inner.archive()?;
        inner.paths.clone()
    };
    Archive::check_passphrase(&paths, &passphrase).map_err(|e| desk.lock_state().error(e))?;
    let Some(file) = pick_backup_file(&app) else {
        return Ok(None);
    };
    let mut inner = desk.lock_state();
    inner.close_for_restore().map_err(|e| inner.error(e))?;
    let restored = sportello_archive::backup::restore_with_passphrase(&paths, &passphrase, &file);
    let reopened = Archive::unlock(&paths, &passphrase);
    inner.last_activity = ActivityClock::now();
    let reopened = reopened.map_err(|e| inner.error(e))?;
    inner.archive = Some(reopened);
    let summary = restored.map_err(|e| inner.error(e))?;
    let taken_at = chrono::NaiveDateTime::parse_from_str(&summary.taken_at, "%Y-%m-%dT%H:%M:%S")
        .map(|t| t.format("%d/%m/%Y %H:%M").to_string())
        .unwrap_or(summary.taken_at);
    Ok(Some(RestoredView {
        taken_at,
        rows: summary.rows,
    }))
}

fn pick_backup_file(app: &tauri::AppHandle) -> Option<PathBuf> {
    // The end-to-end tests' stand-in for the dialog: debug builds only, never in a release.
    #[cfg(debug_assertions)]
    if let Some(file) = std::env::var_os("SPORTELLO_OPEN_FILE") {
        return Some(PathBuf::from(file));
    }
    use tauri_plugin_dialog::DialogExt;
    app.dialog()
        .file()
        .set_title("Scegli la copia di sicurezza")
        .add_filter("Copie di Sportello", &["age"])
        .blocking_pick_file()
        .and_then(|p| p.into_path().ok())
}

/// *Nuova chiave di recupero*: a new recovery key and new database and backup keys (the old
/// kit opens nothing written from now on). The key is shown once; the kit is saved with
/// `save_recovery_kit`.
/// *Cambia la chiave dell'archivio*: her passphrase (asked again) confirms; the database,
/// the backups from now on and her key file change key, the passphrase and the kit stay. Runs
/// as a job with the archive: `archive_key_job` tells how far it got, `cancel_archive_key_change`
/// stops it before anything is decided. Returns the job's number.
#[tauri::command]
pub fn start_archive_key_change(desk: State<'_, Desk>, passphrase: String) -> CommandResult<u64> {
    desk.lock_state()
        .start_rekey(SecretString::from(passphrase))
}

#[tauri::command]
pub fn archive_key_job(desk: State<'_, Desk>, job: u64) -> KeyJobView {
    desk.lock_state().rekey_view(job)
}

#[tauri::command]
pub fn cancel_archive_key_change(desk: State<'_, Desk>, job: u64) {
    desk.lock_state().cancel_rekey(job);
}

#[tauri::command]
pub async fn new_recovery_key(desk: State<'_, Desk>) -> CommandResult<CreatedView> {
    let mut inner = desk.lock_state();
    // Nothing else may read the archive while its keys change: a backup running now would
    // be written to the old keys after the change.
    inner.stop_jobs_and_backups();
    inner.last_activity = ActivityClock::now();
    use sportello_archive::archive::RECOVERY_PENDING_SETTING as PENDING;
    // Pending before the change (the flag travels with the copied database): a crash after
    // it is seen at the next unlock. A change refused puts the flag back as it was.
    let archive = inner.archive_mut()?;
    let before = archive
        .setting(PENDING)
        .and_then(|before| archive.set_setting(PENDING, "1").map(|()| before));
    let before = before.map_err(|e| inner.error(e))?;
    let rotated = inner.archive_mut()?.new_recovery_key();
    if matches!(rotated, Err(RotationFailed { new_key: None, .. })) {
        let _ = inner
            .archive_mut()?
            .set_setting(PENDING, before.as_deref().unwrap_or(""));
    }
    match rotated {
        Ok(key) => Ok(CreatedView {
            recovery_key: key.secret_text().expose_secret().to_string(),
            warning: None,
        }),
        // The change took effect: the key in force is shown, and the archive must be reopened.
        Err(RotationFailed {
            error,
            new_key: Some(key),
        }) => Ok(CreatedView {
            recovery_key: key.secret_text().expose_secret().to_string(),
            warning: Some(format!(
                "{} La nuova chiave è comunque in vigore: conservarla, poi bloccare e sbloccare l'archivio.",
                error
            )),
        }),
        Err(RotationFailed { error, .. }) => Err(inner.error(error)),
    }
}

/// She typed back the groups asked: the recovery key shown was kept.
#[tauri::command]
pub fn confirm_recovery_kit(desk: State<'_, Desk>) -> CommandResult<()> {
    desk.write(|a, _| a.set_setting(sportello_archive::archive::RECOVERY_PENDING_SETTING, ""))
}

/// *Cambia la frase segreta* in the settings: the current one confirms, the new one follows
/// the same rules as at set-up; only her key file is rewritten.
#[tauri::command(rename_all = "snake_case")]
pub async fn change_passphrase(
    desk: State<'_, Desk>,
    current: String,
    new_passphrase: String,
    confirmation: String,
) -> CommandResult<()> {
    // Every secret typed is wiped from memory when this returns, whatever happens.
    let current = SecretString::from(current);
    let new_passphrase = zeroize::Zeroizing::new(new_passphrase);
    let confirmation = zeroize::Zeroizing::new(confirmation);
    let lang = {
        let inner = desk.lock_state();
        inner.archive()?;
        inner.config.lang
    };
    if let Err(msg) = sportello_core::passphrase::check_new(&new_passphrase, &confirmation) {
        let mut fields = sportello_core::FormErrors::default();
        let field = if msg == sportello_core::Msg::PassphraseMismatch {
            "confirmation"
        } else {
            "new_passphrase"
        };
        fields.add(field, msg);
        return Err(sportello_core::ipc::CommandError::invalid(fields, lang));
    }
    // Hers, not another operator's (a key derivation: it holds the state a moment).
    desk.read(|a, _, _| a.check_own_passphrase(&current))?;
    let new = SecretString::from(new_passphrase.as_str().to_owned());
    desk.write(|a, _| a.change_passphrase(&new))
}
