//! The app state: the data folder, the settings, and the archive when unlocked. Locking drops
//! the archive, which closes the database and wipes its keys. The commands (in `commands/`)
//! reach the archive through [`Desk::read`] and [`Desk::write`].

use sportello_archive::config::DesktopConfig;
use sportello_archive::{Archive, ArchiveError, ArchivePaths};
use sportello_core::ipc::{ArchiveState, CommandError};
use sportello_core::Lang;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tauri::{AppHandle, Manager};

pub struct Desk {
    inner: Mutex<Inner>,
}

pub(crate) struct Inner {
    pub paths: ArchivePaths,
    pub config: DesktopConfig,
    /// False for a demo archive: its folder is not remembered.
    pub remember_data_dir: bool,
    pub archive: Option<Archive>,
    pub last_activity: Instant,
}

pub type CommandResult<T> = Result<T, CommandError>;

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

    /// Reads from the unlocked archive; today's date is the computer's.
    pub fn read<T>(
        &self,
        f: impl FnOnce(&Archive, chrono::NaiveDate, Lang) -> sportello_archive::Result<T>,
    ) -> CommandResult<T> {
        let inner = self.lock_state();
        let lang = inner.config.lang;
        let archive = inner.archive()?;
        f(archive, today(), lang).map_err(|e| inner.error(e))
    }

    /// Changes the unlocked archive; the operator's activity restarts the idle timer.
    pub fn write<T>(
        &self,
        f: impl FnOnce(&mut Archive, chrono::NaiveDate) -> sportello_archive::Result<T>,
    ) -> CommandResult<T> {
        let mut inner = self.lock_state();
        inner.last_activity = Instant::now();
        let result = f(inner.archive_mut()?, today());
        result.map_err(|e| inner.error(e))
    }

    pub(crate) fn lock_state(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock must not leave the app unusable (or unlockable).
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Today, on this computer's calendar.
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

impl Inner {
    pub fn state(&self) -> ArchiveState {
        if self.archive.is_some() {
            ArchiveState::Unlocked
        } else if self.paths.exists() {
            ArchiveState::Locked
        } else {
            ArchiveState::NoArchive
        }
    }

    pub fn error(&self, e: ArchiveError) -> CommandError {
        match e {
            ArchiveError::Invalid(fields) => CommandError::invalid(fields, self.config.lang),
            other => CommandError::new(other.code(), other.to_string()),
        }
    }

    pub fn archive(&self) -> CommandResult<&Archive> {
        self.archive.as_ref().ok_or_else(locked)
    }

    pub fn archive_mut(&mut self) -> CommandResult<&mut Archive> {
        self.archive.as_mut().ok_or_else(locked)
    }

    pub fn lock_archive(&mut self) {
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
