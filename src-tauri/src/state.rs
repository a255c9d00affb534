//! The app state and the commands. State: the data folder, the settings, and the archive when
//! unlocked. Locking drops the archive, which closes the database and wipes its keys.

use sportello_archive::config::DesktopConfig;
use sportello_archive::{Archive, ArchiveError, ArchivePaths, ExposeSecret, SecretString};
use sportello_core::ipc::{
    check_idle_seconds, ArchiveState, CommandError, CreateArchiveRequest, CreatedView,
    DashboardView, PersonPage, StatusView, PERSON_SEARCH_LIMIT,
};
use sportello_core::model::{PersonForm, PersonSummary};
use sportello_core::{Lang, PersonId};
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tauri::{AppHandle, Manager, State};

pub struct Desk {
    inner: Mutex<Inner>,
}

struct Inner {
    paths: ArchivePaths,
    config: DesktopConfig,
    /// False for a demo archive: its folder is not remembered.
    remember_data_dir: bool,
    archive: Option<Archive>,
    last_activity: Instant,
}

type CommandResult<T> = Result<T, CommandError>;

fn locked() -> CommandError {
    CommandError::new(
        "locked",
        "L'archivio è bloccato: inserire la frase segreta.",
    )
}

impl Desk {
    pub fn new(paths: ArchivePaths, config: DesktopConfig, remember_data_dir: bool) -> Desk {
        Desk {
            inner: Mutex::new(Inner {
                paths,
                config,
                remember_data_dir,
                archive: None,
                last_activity: Instant::now(),
            }),
        }
    }

    /// Closes the archive, as the lock button does; called when the app exits, so the
    /// database is checkpointed and the keys wiped before the process ends.
    pub fn close(&self) {
        self.lock_state().lock_archive();
    }

    fn lock_state(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock must not leave the app unusable (or unlockable).
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Inner {
    fn state(&self) -> ArchiveState {
        if self.archive.is_some() {
            ArchiveState::Unlocked
        } else if self.paths.exists() {
            ArchiveState::Locked
        } else {
            ArchiveState::NoArchive
        }
    }

    fn error(&self, e: ArchiveError) -> CommandError {
        match e {
            ArchiveError::Invalid(fields) => CommandError::invalid(fields, self.config.lang),
            other => CommandError::new(other.code(), other.to_string()),
        }
    }

    fn archive(&self) -> CommandResult<&Archive> {
        self.archive.as_ref().ok_or_else(locked)
    }

    fn archive_mut(&mut self) -> CommandResult<&mut Archive> {
        self.archive.as_mut().ok_or_else(locked)
    }

    fn lock_archive(&mut self) {
        if let Some(archive) = self.archive.take() {
            // Closing can only fail if a statement is still open; the drop closes it anyway.
            let _ = archive.lock();
        }
    }
}

/// Locks the archive after the idle time; checks once a second.
pub fn start_idle_timer(app: AppHandle) {
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_secs(1));
        let desk = app.state::<Desk>();
        let mut inner = desk.lock_state();
        let idle = Duration::from_secs(u64::from(inner.config.idle_seconds));
        if inner.archive.is_some() && inner.last_activity.elapsed() >= idle {
            inner.lock_archive();
        }
    });
}

#[tauri::command]
pub fn status(desk: State<'_, Desk>) -> StatusView {
    let inner = desk.lock_state();
    StatusView {
        state: inner.state(),
        data_dir: inner.paths.dir.display().to_string(),
        lang: inner.config.lang,
        idle_seconds: inner.config.idle_seconds,
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
    let paths = ArchivePaths::new(PathBuf::from(data_dir.trim()));
    let (archive, recovery) =
        Archive::create(&paths, &passphrase, Some(&terms)).map_err(|e| inner.error(e))?;
    if inner.remember_data_dir {
        inner.config.data_dir = Some(paths.dir.clone());
        inner.config.save().map_err(|e| inner.error(e))?;
    }
    inner.paths = paths;
    inner.archive = Some(archive);
    inner.last_activity = Instant::now();
    Ok(CreatedView {
        recovery_key: recovery.secret_text().expose_secret().to_string(),
    })
}

#[tauri::command]
pub async fn unlock(desk: State<'_, Desk>, passphrase: String) -> CommandResult<()> {
    let pass = SecretString::from(passphrase);
    let paths = desk.lock_state().paths.clone();
    // The key derivation takes about a second: do it without holding the state.
    let archive = Archive::unlock(&paths, &pass);
    let mut inner = desk.lock_state();
    let archive = archive.map_err(|e| inner.error(e))?;
    inner.archive = Some(archive);
    inner.last_activity = Instant::now();
    Ok(())
}

#[tauri::command]
pub fn lock(desk: State<'_, Desk>) {
    desk.lock_state().lock_archive();
}

/// The operator did something: the idle timer starts again.
#[tauri::command]
pub fn touch(desk: State<'_, Desk>) {
    desk.lock_state().last_activity = Instant::now();
}

#[tauri::command]
pub fn dashboard(desk: State<'_, Desk>) -> CommandResult<DashboardView> {
    let inner = desk.lock_state();
    let today = chrono::Local::now().date_naive();
    inner
        .archive()?
        .dashboard(today)
        .map_err(|e| inner.error(e))
}

#[tauri::command]
pub fn find_persons(desk: State<'_, Desk>, query: String) -> CommandResult<Vec<PersonSummary>> {
    let inner = desk.lock_state();
    inner
        .archive()?
        .find_persons(&query, PERSON_SEARCH_LIMIT)
        .map_err(|e| inner.error(e))
}

#[tauri::command]
pub fn person_page(desk: State<'_, Desk>, id: PersonId) -> CommandResult<PersonPage> {
    let inner = desk.lock_state();
    inner.archive()?.person_page(id).map_err(|e| inner.error(e))
}

#[tauri::command]
pub fn add_person(desk: State<'_, Desk>, form: PersonForm) -> CommandResult<PersonId> {
    let mut inner = desk.lock_state();
    let lang = inner.config.lang;
    let today = chrono::Local::now().date_naive();
    let person = form
        .parse(today)
        .map_err(|fields| CommandError::invalid(fields, lang))?;
    inner.last_activity = Instant::now();
    let result = inner.archive_mut()?.add_person(&person);
    result.map_err(|e| inner.error(e))
}

#[tauri::command]
pub fn set_idle_timeout(desk: State<'_, Desk>, seconds: u32) -> CommandResult<()> {
    let mut inner = desk.lock_state();
    let lang = inner.config.lang;
    inner.config.idle_seconds = check_idle_seconds(seconds)
        .map_err(|msg| CommandError::new("invalid_input", msg.text(lang)))?;
    inner.last_activity = Instant::now();
    inner.config.save().map_err(|e| inner.error(e))
}

#[tauri::command]
pub fn set_lang(desk: State<'_, Desk>, lang: Lang) -> CommandResult<()> {
    let mut inner = desk.lock_state();
    inner.config.lang = lang;
    inner.config.save().map_err(|e| inner.error(e))
}
