//! The session: status, first run, unlock and lock, activity, settings, the dashboard.

use crate::state::{ActivityClock, CommandResult, Desk};
use sportello_archive::{Archive, ArchivePaths, ExposeSecret, SecretString};
use sportello_core::ipc::{
    check_idle_seconds, BackupJobView, CommandError, CreateArchiveRequest, CreatedView,
    DashboardView, StatusView,
};
use sportello_core::Lang;
use std::path::PathBuf;
use tauri::State;

#[tauri::command]
pub fn status(desk: State<'_, Desk>) -> StatusView {
    let inner = desk.lock_state();
    StatusView {
        state: inner.state(),
        data_dir: inner.paths.dir.display().to_string(),
        lang: inner.config.lang,
        idle_seconds: inner.config.idle_seconds,
        demo: inner.demo,
        settings_problem: inner.settings_problem.clone(),
    }
}

#[tauri::command]
pub async fn create_archive(
    desk: State<'_, Desk>,
    request: CreateArchiveRequest,
) -> CommandResult<CreatedView> {
    let mut inner = desk.lock_state();
    let lang = inner.config.lang;
    let terms = request
        .validate()
        .map_err(|fields| CommandError::invalid(fields, lang))?;
    let CreateArchiveRequest {
        data_dir,
        passphrase,
        confirmation,
        ..
    } = request;
    // Both copies of the passphrase are wiped when these go out of scope.
    let passphrase = SecretString::from(passphrase);
    let _confirmation = SecretString::from(confirmation);
    let dir = PathBuf::from(data_dir.trim());
    let paths = ArchivePaths::new(std::path::absolute(&dir).unwrap_or(dir));
    let (mut archive, recovery) =
        Archive::create(&paths, &passphrase, Some(&terms)).map_err(|e| inner.error(e))?;
    // Until she confirms the key was kept, the dashboard insists (a crash before is seen).
    let pending = archive.set_setting(sportello_archive::archive::RECOVERY_PENDING_SETTING, "1");
    if let Err(e) = pending {
        let _ = archive.discard_new();
        return Err(inner.error(e));
    }
    if !inner.demo {
        inner.config.data_dir = Some(paths.dir.clone());
        if let Err(e) = inner.save_config() {
            // Not created: the key was never shown.
            let _ = archive.discard_new();
            return Err(inner.error(e));
        }
    }
    inner.paths = paths;
    inner.archive = Some(archive);
    inner.last_activity = ActivityClock::now();
    Ok(CreatedView {
        recovery_key: recovery.secret_text().expose_secret().to_string(),
        warning: None,
    })
}

#[tauri::command]
pub async fn unlock(
    desk: State<'_, Desk>,
    passphrase: String,
    operator: Option<String>,
) -> CommandResult<()> {
    let pass = SecretString::from(passphrase);
    let paths = desk.lock_state().paths.clone();
    desk.wait_for_backup_of_the_day();
    // Named only when two operators share the passphrase (the page then asks who she is).
    let operator = operator.filter(|o| !o.trim().is_empty());
    // The key derivation takes about a second: do it without holding the state.
    let archive = Archive::unlock_as(&paths, &pass, operator.as_deref());
    let mut inner = desk.lock_state();
    let archive = archive.map_err(|e| inner.error(e))?;
    inner.archive = Some(archive);
    inner.last_activity = ActivityClock::now();
    Ok(())
}

/// Saves the recovery kit (the key as text and as a QR code, with the instructions) where she
/// chooses, outside the data folder, to print it; the path, or nothing when she cancels.
#[tauri::command(rename_all = "snake_case")]
pub async fn save_recovery_kit(
    app: tauri::AppHandle,
    desk: State<'_, Desk>,
    recovery_key: String,
) -> CommandResult<Option<String>> {
    let recovery_key = zeroize::Zeroizing::new(recovery_key);
    let key = sportello_archive::RecoveryKey::parse(&recovery_key)
        .map_err(|e| CommandError::new(e.code(), e.to_string()))?;
    let data_dir = desk.lock_state().paths.dir.clone();
    let Some(path) = super::hours::choose_path(&app, "kit-recupero-sportello.pdf") else {
        return Ok(None);
    };
    let inside = path
        .parent()
        .and_then(|p| p.canonicalize().ok())
        .zip(data_dir.canonicalize().ok())
        .is_some_and(|(parent, data)| parent.starts_with(data));
    if inside {
        return Err(CommandError::new(
            "rejected",
            "Il kit va salvato fuori dalla cartella dell'archivio (per esempio su una chiavetta, per stamparlo e poi cancellarlo): chi ha il portatile non deve trovarci anche la chiave.",
        ));
    }
    let pdf = sportello_report::recovery_kit_pdf(
        sportello_archive::ExposeSecret::expose_secret(&key.secret_text()),
        crate::state::today(),
        &data_dir.display().to_string(),
    );
    super::hours::write(&path, &pdf)
}

/// Opens the archive with the recovery key of the printed kit, when the passphrase is
/// forgotten, and sets a new passphrase (the old one stops working).
#[tauri::command(rename_all = "snake_case")]
pub async fn recover(
    desk: State<'_, Desk>,
    recovery_key: String,
    new_passphrase: String,
    confirmation: String,
) -> CommandResult<()> {
    // Every secret typed is wiped from memory when this returns, whatever happens.
    let recovery_key = zeroize::Zeroizing::new(recovery_key);
    let new_passphrase = zeroize::Zeroizing::new(new_passphrase);
    let confirmation = zeroize::Zeroizing::new(confirmation);
    let lang = desk.lock_state().config.lang;
    let mut fields = sportello_core::FormErrors::default();
    if let Err(msg) = sportello_core::passphrase::check_new(&new_passphrase, &confirmation) {
        let field = if msg == sportello_core::Msg::PassphraseMismatch {
            "confirmation"
        } else {
            "new_passphrase"
        };
        fields.add(field, msg);
    }
    let key = sportello_archive::RecoveryKey::parse(&recovery_key);
    if !fields.is_empty() {
        return Err(CommandError::invalid(fields, lang));
    }
    let pass = SecretString::from(new_passphrase.as_str().to_owned());
    let paths = desk.lock_state().paths.clone();
    desk.wait_for_backup_of_the_day();
    // Two key derivations: done without holding the state.
    let archive = key.and_then(|key| Archive::recover(&paths, &key, &pass));
    let mut inner = desk.lock_state();
    let archive = archive.map_err(|e| inner.error(e))?;
    inner.archive = Some(archive);
    inner.last_activity = ActivityClock::now();
    Ok(())
}

#[tauri::command]
pub fn lock(desk: State<'_, Desk>) {
    desk.lock_state().lock_archive();
}

/// The operator did something: the idle timer starts again.

#[tauri::command]
pub fn touch(desk: State<'_, Desk>) {
    desk.lock_state().last_activity = ActivityClock::now();
}

#[tauri::command]
pub fn set_idle_timeout(desk: State<'_, Desk>, seconds: u32) -> CommandResult<()> {
    let mut inner = desk.lock_state();
    let lang = inner.config.lang;
    inner.config.idle_seconds = check_idle_seconds(seconds)
        .or_else(|msg| short_idle_for_tests(seconds).ok_or(msg))
        .map_err(|msg| CommandError::new("invalid_input", msg.text(lang)))?;
    inner.last_activity = ActivityClock::now();
    inner.save_config().map_err(|e| inner.error(e))
}

#[tauri::command]
pub fn set_lang(desk: State<'_, Desk>, lang: Lang) -> CommandResult<()> {
    let mut inner = desk.lock_state();
    inner.config.lang = lang;
    inner.save_config().map_err(|e| inner.error(e))
}

#[tauri::command]
pub fn dashboard(desk: State<'_, Desk>) -> CommandResult<DashboardView> {
    let problem = desk
        .lock_state()
        .backup_problem
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    desk.read(|a, today, _| a.dashboard(today)).map(|mut d| {
        d.backup_problem = problem;
        d
    })
}

/// *Backup adesso*: a backup now, to the folder she chose, written and checked on its own
/// thread; returns the job's number.
#[tauri::command]
pub fn start_backup(desk: State<'_, Desk>) -> CommandResult<u64> {
    desk.start_backup()
}

/// How *Backup adesso* `job` is doing.
#[tauri::command]
pub fn backup_job(desk: State<'_, Desk>, job: u64) -> CommandResult<BackupJobView> {
    desk.backup_view(job)
}

/// The folder for the backups, chosen in the native dialog (a USB stick); the folder, or
/// nothing when she cancels.
#[tauri::command]
pub async fn choose_backup_dir(
    app: tauri::AppHandle,
    desk: State<'_, Desk>,
) -> CommandResult<Option<String>> {
    let Some(dir) = pick_folder(&app, "Cartella dei backup") else {
        return Ok(None);
    };
    desk.write(|a, _| a.set_backup_dir(&dir))?;
    Ok(Some(dir.display().to_string()))
}

/// The end-to-end tests' seam for an auto-lock of a few seconds: debug builds only, and only
/// with `SPORTELLO_TEST_SHORT_IDLE` set; a release accepts 1 to 60 minutes.
fn short_idle_for_tests(seconds: u32) -> Option<u32> {
    #[cfg(debug_assertions)]
    if std::env::var_os("SPORTELLO_TEST_SHORT_IDLE").is_some() && (1..60).contains(&seconds) {
        return Some(seconds);
    }
    let _ = seconds;
    None
}

/// *Cerca l'archivio*: the folder she points to in the native dialog becomes the data folder
/// if an archive is there (and is remembered); `false` when she cancels.
#[tauri::command]
pub async fn locate_archive(app: tauri::AppHandle, desk: State<'_, Desk>) -> CommandResult<bool> {
    let Some(dir) = pick_folder(&app, "Dov'è l'archivio di Sportello?") else {
        return Ok(false);
    };
    let dir = std::path::absolute(&dir).unwrap_or(dir);
    let mut inner = desk.lock_state();
    if inner.archive.is_some()
        || inner.rekey_job.is_some()
        || inner.import_job.is_some()
        || inner.demo
    {
        return Err(CommandError::new(
            "not_now",
            "L'archivio si cerca solo quando non ce n'è uno aperto.".to_owned(),
        ));
    }
    let paths = ArchivePaths::new(&dir);
    if !paths.exists() {
        let lang = inner.config.lang;
        return Err(CommandError::new(
            "not_an_archive",
            match lang {
                Lang::It => format!("In {} non c'è un archivio di Sportello: indicare la cartella che contiene archivio.db e chiave.age.", dir.display()),
                Lang::En => format!("There is no Sportello archive in {}: choose the folder that holds archivio.db and chiave.age.", dir.display()),
            },
        ));
    }
    inner.paths = paths;
    inner.archive_expected = true;
    inner.settings_problem = None;
    inner.config.data_dir = Some(dir);
    inner.save_config().map_err(|e| inner.error(e))?;
    Ok(true)
}

/// *Crea un nuovo archivio* from the screen of a missing archive: she asked, so the wizard.
#[tauri::command]
pub fn start_new_archive(desk: State<'_, Desk>) {
    let mut inner = desk.lock_state();
    inner.archive_expected = false;
    inner.settings_problem = None;
}

/// She has read what was wrong with the settings file.
#[tauri::command]
pub fn dismiss_settings_problem(desk: State<'_, Desk>) {
    desk.lock_state().settings_problem = None;
}

pub(crate) fn pick_folder(app: &tauri::AppHandle, title: &str) -> Option<PathBuf> {
    // The end-to-end tests' stand-in for the dialog: debug builds only, never in a release.
    #[cfg(debug_assertions)]
    if let Some(dir) = std::env::var_os("SPORTELLO_PICK_DIR") {
        return Some(PathBuf::from(dir));
    }
    use tauri_plugin_dialog::DialogExt;
    app.dialog()
        .file()
        .set_title(title)
        .blocking_pick_folder()
        .and_then(|p| p.into_path().ok())
}
