//! The app state: the data folder, the settings, and the archive when unlocked. Locking drops
//! the archive, which closes the database and wipes its keys. The commands (in `commands/`)
//! reach the archive through [`Desk::read`] and [`Desk::write`].

use sportello_archive::backup::BackupDone;
use sportello_archive::config::DesktopConfig;
use sportello_archive::job::Job;
use sportello_archive::SecretString;
use sportello_archive::{Archive, ArchiveError, ArchivePaths};
use sportello_core::ipc::{ActivityRequest, BackupJobView, BackupView, KeyJobView, ReportJobView};
use sportello_core::ipc::{ArchiveState, CommandError};
use sportello_core::stats::ActivityReport;
use sportello_core::Lang;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime};
use tauri::{AppHandle, Manager};

pub struct Desk {
    inner: Mutex<Inner>,
}

/// When the operator last did something, on both clocks. The monotonic clock stops while the
/// laptop sleeps; the wall clock does not (and may jump when the time is set): the idle time
/// is the longer of the two, so a lid opened hours later finds the desk locked.
#[derive(Debug, Clone, Copy)]
pub struct ActivityClock {
    monotonic: Instant,
    wall: SystemTime,
}

impl ActivityClock {
    pub fn now() -> ActivityClock {
        ActivityClock {
            monotonic: Instant::now(),
            wall: SystemTime::now(),
        }
    }

    /// How long the operator has been idle.
    pub fn idle_for(&self) -> Duration {
        idle_time(self.monotonic.elapsed(), self.wall, SystemTime::now())
    }
}

/// The idle time from the monotonic time elapsed and the wall clock then and now; a wall clock
/// set back counts as nothing.
fn idle_time(monotonic: Duration, wall_then: SystemTime, wall_now: SystemTime) -> Duration {
    let wall = wall_now.duration_since(wall_then).unwrap_or_default();
    monotonic.max(wall)
}

pub(crate) struct Inner {
    pub paths: ArchivePaths,
    pub config: DesktopConfig,
    /// A demo archive, thrown away at exit: her real settings are never written (what she
    /// changes applies to this run only), and the window says *DEMO* throughout.
    pub demo: bool,
    /// The data folder came from her settings: an archive is expected there.
    pub archive_expected: bool,
    /// What was wrong with the settings file at start-up, until she has read it.
    pub settings_problem: Option<String>,
    /// The settings file could not be read or copied aside: it is never overwritten.
    pub keep_settings_file: bool,
    pub archive: Option<Archive>,
    pub last_activity: ActivityClock,
    /// The activity report being computed on its own read-only connection, if any.
    pub report_job: Option<ReportJob>,
    /// *Backup adesso*, written from its own read-only connection, if running.
    pub backup_job: Option<BackupJob>,
    /// The change of the archive's key (or a revocation) running, with the archive itself.
    pub rekey_job: Option<RekeyJob>,
    /// What `rekey_job` is.
    pub rekey_kind: Option<KeyJobKind>,
    /// Why the last automatic backup failed (shown on the dashboard until one succeeds).
    pub backup_problem: Arc<Mutex<Option<String>>>,
    /// The backup of the day made after a lock, on its own thread.
    pub backup_thread: Option<std::thread::JoinHandle<()>>,
    /// The register file chosen for import, held in memory only (never copied to disk) until
    /// it is imported, another is chosen, or the desk locks; wiped when dropped.
    pub import_file: Option<ImportFile>,
    /// The document chosen (or dropped on the window) to attach, held in memory only until it
    /// is attached, another is chosen, or the desk locks; wiped when dropped.
    pub document_file: Option<ImportFile>,
    /// Why the file dropped on the window was not taken, until the form has told her.
    pub document_drop_refused: Option<CommandError>,
    /// The attach form is open: only then is a file dropped on the window taken.
    pub document_form_open: bool,
    /// The import running, with the archive.
    pub import_job: Option<crate::import_job::ImportJob>,
}

/// A file chosen by the operator (a register to import, a document to attach).
pub(crate) struct ImportFile {
    pub name: String,
    pub bytes: zeroize::Zeroizing<Vec<u8>>,
}

/// Long work on another thread, on its own read-only connection: its number, its control,
/// and its result once done.
pub(crate) struct RunningJob<T> {
    pub id: u64,
    pub job: Arc<Job>,
    pub result: Arc<Mutex<Option<CommandResult<T>>>>,
    pub thread: Option<std::thread::JoinHandle<()>>,
}

pub(crate) type ReportJob = RunningJob<ActivityReport>;
/// *Cambia la chiave dell'archivio* on its own thread: the archive goes with it and comes back
/// with the outcome.
pub(crate) type RekeyJob = RunningJob<RekeyOutcome>;

/// The rotations of the keys that run as a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyJobKind {
    ArchiveKey,
    Revocation,
}

pub(crate) struct RekeyOutcome {
    archive: Archive,
    error: Option<ArchiveError>,
}
pub(crate) type BackupJob = RunningJob<BackupDone>;

impl<T: Send + 'static> RunningJob<T> {
    /// Runs `work` on its own thread; its result (or an internal failure, told with
    /// `failure`) is kept for the page to ask for.
    pub(crate) fn spawn(
        job: Arc<Job>,
        lang: Lang,
        failure: &'static str,
        work: impl FnOnce(&Job) -> sportello_archive::Result<T> + Send + 'static,
    ) -> RunningJob<T> {
        let result = Arc::new(Mutex::new(None));
        let id = NEXT_JOB.fetch_add(1, Ordering::SeqCst);
        let (job_in, result_in) = (Arc::clone(&job), Arc::clone(&result));
        let thread = std::thread::spawn(move || {
            let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&job_in)));
            let outcome = match run {
                Ok(done) => done.map_err(|e| command_error(e, lang)),
                Err(_) => Err(CommandError::new("internal", failure)),
            };
            *result_in.lock().unwrap_or_else(|p| p.into_inner()) = Some(outcome);
        });
        RunningJob {
            id,
            job,
            result,
            thread: Some(thread),
        }
    }

    /// The result, once (`None` while it runs).
    pub(crate) fn take_result(&self) -> Option<CommandResult<T>> {
        self.result.lock().unwrap_or_else(|p| p.into_inner()).take()
    }

    /// Cancels the job and, with `wait`, waits for its thread: its connection is closed when
    /// this returns (the lock must not leave a keyed connection open behind it).
    pub(crate) fn stop(mut self, wait: bool) {
        self.job.cancel();
        if let (true, Some(thread)) = (wait, self.thread.take()) {
            let _ = thread.join();
        }
    }
}

pub type CommandResult<T> = Result<T, CommandError>;

fn rekeying() -> CommandError {
    CommandError::new(
        "busy",
        "L'archivio sta cambiando chiave: attendere la fine dell'operazione.",
    )
}

fn locked() -> CommandError {
    CommandError::new(
        "locked",
        "L'archivio è bloccato: inserire la frase segreta.",
    )
}

impl Desk {
    pub fn new(paths: ArchivePaths, config: DesktopConfig, demo: bool) -> Desk {
        Desk {
            inner: Mutex::new(Inner {
                paths,
                config,
                demo,
                archive_expected: false,
                settings_problem: None,
                keep_settings_file: false,
                archive: None,
                last_activity: ActivityClock::now(),
                report_job: None,
                backup_job: None,
                rekey_job: None,
                rekey_kind: None,
                backup_problem: Arc::default(),
                backup_thread: None,
                import_file: None,
                document_file: None,
                document_drop_refused: None,
                document_form_open: false,
                import_job: None,
            }),
        }
    }

    /// Closes the archive, as the lock button does; called when the app exits, so the
    /// database is checkpointed and the keys wiped before the process ends.
    pub fn close(&self) {
        let mut inner = self.lock_state();
        inner.lock_archive();
        // The window is closing: the backup of the day finishes before the process ends.
        if let Some(backup) = inner.backup_thread.take() {
            let _ = backup.join();
        }
    }

    /// The backup of the day, made after a lock, still holds the archive (and its lock file):
    /// an unlock waits for it to end, without holding the state.
    pub fn wait_for_backup_of_the_day(&self) {
        let running = self.lock_state().backup_thread.take();
        if let Some(backup) = running {
            let _ = backup.join();
        }
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
        inner.last_activity = ActivityClock::now();
        let result = f(inner.archive_mut()?, today());
        result.map_err(|e| inner.error(e))
    }

    /// Starts the activity report of a period on a read-only twin of the archive, on another
    /// thread; a newer request cancels the one before. Returns the job's number.
    pub fn start_report(&self, request: ActivityRequest) -> CommandResult<u64> {
        let mut inner = self.lock_state();
        let lang = inner.config.lang;
        let reader = inner.archive()?.reader().map_err(|e| inner.error(e))?;
        if let Some(previous) = inner.report_job.take() {
            previous.stop(false);
        }
        let job = Arc::new(Job::new());
        job.attach(reader.interrupt_handle());
        let running = ReportJob::spawn(
            job,
            lang,
            "Il calcolo del report si è interrotto per un errore interno: riprovare.",
            move |job| {
                reader.draft_activity_report_in(request.period, request.threshold, today(), job)
                // The reader's connection closes here, whatever happened.
            },
        );
        let id = running.id;
        inner.report_job = Some(running);
        Ok(id)
    }

    /// How the report `id` is doing; its figures once done (given once).
    pub fn report_view(&self, id: u64) -> CommandResult<ReportJobView> {
        let mut inner = self.lock_state();
        inner.archive()?;
        let Some(running) = inner.report_job.as_ref().filter(|r| r.id == id) else {
            return Ok(ReportJobView::Cancelled);
        };
        let Some(done) = running.take_result() else {
            let (percent, stage) = running.job.progress();
            return Ok(ReportJobView::Running { percent, stage });
        };
        inner.report_job = None;
        Ok(match done {
            Ok(report) => ReportJobView::Done {
                report: Box::new(report),
            },
            Err(e) if e.code == "cancelled" => ReportJobView::Cancelled,
            Err(error) => ReportJobView::Failed { error },
        })
    }

    /// Stops the report `id`, if it is still the one running.
    pub fn cancel_report(&self, id: u64) {
        let mut inner = self.lock_state();
        if inner.report_job.as_ref().is_some_and(|r| r.id == id) {
            if let Some(running) = inner.report_job.take() {
                running.stop(false);
            }
        }
    }

    /// *Backup adesso*: the copy written from a read-only twin on another thread, so she
    /// can keep working and see how far it got. One at a time: asking again while one runs
    /// gives its number.
    pub fn start_backup(&self) -> CommandResult<u64> {
        let mut inner = self.lock_state();
        let lang = inner.config.lang;
        if let Some(running) = inner.backup_job.as_ref() {
            return Ok(running.id);
        }
        let archive = inner.archive()?;
        let prepared = archive
            .backup_dir()
            .and_then(|dir| archive.backup_plan(&dir))
            .and_then(|plan| Ok((plan, archive.reader()?)));
        let (plan, reader) = prepared.map_err(|e| inner.error(e))?;
        let job = Arc::new(Job::new());
        job.attach(reader.interrupt_handle());
        let now = chrono::Local::now().naive_local();
        let running = BackupJob::spawn(
            job,
            lang,
            "Il backup si è interrotto per un errore interno: riprovare.",
            move |job| plan.write(&reader, now, job),
        );
        let id = running.id;
        inner.backup_job = Some(running);
        Ok(id)
    }

    /// How the backup `id` is doing; once written, the day is recorded and the result given.
    pub fn backup_view(&self, id: u64) -> CommandResult<BackupJobView> {
        let mut inner = self.lock_state();
        inner.archive()?;
        let Some(running) = inner.backup_job.as_ref().filter(|r| r.id == id) else {
            return Ok(BackupJobView::Cancelled);
        };
        let Some(done) = running.take_result() else {
            let (percent, stage) = running.job.progress();
            return Ok(BackupJobView::Running { percent, stage });
        };
        if let Some(finished) = inner.backup_job.take() {
            finished.stop(true);
        }
        match done {
            Ok(done) => {
                let recorded = inner.archive_mut()?.record_backup(done_day(&done));
                recorded.map_err(|e| inner.error(e))?;
                *inner
                    .backup_problem
                    .lock()
                    .unwrap_or_else(|p| p.into_inner()) = None;
                Ok(BackupJobView::Done {
                    backup: BackupView {
                        path: done.path.display().to_string(),
                        kilobytes: done.bytes.div_ceil(1024),
                        removed: u32::try_from(done.removed.len()).unwrap_or(u32::MAX),
                    },
                })
            }
            Err(e) if e.code == "cancelled" => Ok(BackupJobView::Cancelled),
            Err(error) => Ok(BackupJobView::Failed { error }),
        }
    }

    pub(crate) fn lock_state(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock must not leave the app unusable (or unlockable).
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

static NEXT_JOB: AtomicU64 = AtomicU64::new(1);

/// The day a backup was taken, from its name (the clock of when it started).
fn done_day(done: &BackupDone) -> chrono::NaiveDate {
    done.path
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(sportello_core::backup::parse_backup_file_name)
        .map(|(taken, _)| taken.date())
        .unwrap_or_else(today)
}

/// An archive error as the page shows it.
pub fn command_error(e: ArchiveError, lang: Lang) -> CommandError {
    match e {
        ArchiveError::Invalid(fields) => CommandError::invalid(fields, lang),
        other => CommandError::new(other.code(), other.to_string()),
    }
}

/// Today, on this computer's calendar.
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

impl Inner {
    pub fn state(&self) -> ArchiveState {
        if self.archive.is_some() || self.rekey_job.is_some() || self.import_job.is_some() {
            ArchiveState::Unlocked
        } else if self.paths.exists() {
            ArchiveState::Locked
        } else if self.archive_expected || self.settings_problem.is_some() {
            ArchiveState::Missing
        } else {
            ArchiveState::NoArchive
        }
    }

    /// Writes the settings, except in a demo (whose changes last for this run only).
    pub fn save_config(&self) -> sportello_archive::Result<()> {
        if self.demo || self.keep_settings_file {
            return Ok(());
        }
        self.config.save()
    }

    pub fn error(&self, e: ArchiveError) -> CommandError {
        command_error(e, self.config.lang)
    }

    pub fn archive(&self) -> CommandResult<&Archive> {
        self.archive.as_ref().ok_or_else(|| self.why_no_archive())
    }

    pub fn archive_mut(&mut self) -> CommandResult<&mut Archive> {
        let why = self.why_no_archive();
        self.archive.as_mut().ok_or(why)
    }

    /// Why the archive is not here: a job has it, or the desk is locked.
    fn why_no_archive(&self) -> CommandError {
        if self.rekey_job.is_some() {
            rekeying()
        } else if self.import_job.is_some() {
            crate::import_job::importing()
        } else {
            locked()
        }
    }

    /// Starts *Cambia la chiave dell'archivio* on its own thread with the archive; nothing
    /// else reads or writes it meanwhile. Returns the job's number.
    pub fn start_rekey(&mut self, passphrase: SecretString) -> CommandResult<u64> {
        self.start_key_job(
            KeyJobKind::ArchiveKey,
            "Il cambio della chiave si è interrotto per un errore interno: chiudere e riaprire l'archivio.",
            move |archive, job| archive.change_archive_key_in(&passphrase, job),
        )
    }

    /// Starts the revocation of operator `id` (the keys rotate without her) as the change of
    /// key runs: on its own thread with the archive, followed by `rekey_view`. What would
    /// refuse it (not the owner, herself, no such operator) is answered first, with the
    /// archive still open.
    pub fn start_revocation(&mut self, id: sportello_core::OperatorId) -> CommandResult<u64> {
        let checked = self.archive()?.check_revocable(id);
        if let Err(e) = checked {
            return Err(self.error(e));
        }
        self.start_key_job(
            KeyJobKind::Revocation,
            "La revoca si è interrotta per un errore interno: chiudere e riaprire l'archivio, poi revocare di nuovo.",
            move |archive, job| archive.revoke_operator(id, job),
        )
    }

    /// Runs `work` (a rotation of the keys) on its own thread with the archive; nothing else
    /// reads or writes it meanwhile. One at a time: a second start of the same kind returns
    /// the running one; of another kind, it is refused.
    fn start_key_job(
        &mut self,
        kind: KeyJobKind,
        interrupted: &'static str,
        work: impl FnOnce(&mut Archive, &Arc<Job>) -> sportello_archive::Result<()> + Send + 'static,
    ) -> CommandResult<u64> {
        if let Some(running) = self.rekey_job.as_ref() {
            return if self.rekey_kind == Some(kind) {
                Ok(running.id)
            } else {
                Err(rekeying())
            };
        }
        self.stop_jobs_and_backups();
        self.last_activity = ActivityClock::now();
        self.archive()?;
        let mut archive = self.archive.take().ok_or_else(locked)?;
        let job = Arc::new(Job::new());
        let for_work = Arc::clone(&job);
        let running = RekeyJob::spawn(job, self.config.lang, interrupted, move |_| {
            let error = work(&mut archive, &for_work).err();
            Ok(RekeyOutcome { archive, error })
        });
        let id = running.id;
        self.rekey_job = Some(running);
        self.rekey_kind = Some(kind);
        Ok(id)
    }

    /// How the change `id` is doing; once over, the archive is back (closed when the change
    /// failed after it was decided: it is finished at the next unlock).
    pub fn rekey_view(&mut self, id: u64) -> KeyJobView {
        let Some(running) = self.rekey_job.as_ref().filter(|r| r.id == id) else {
            return KeyJobView::Cancelled;
        };
        let Some(done) = running.take_result() else {
            let (percent, stage) = running.job.progress();
            return KeyJobView::Running { percent, stage };
        };
        if let Some(finished) = self.rekey_job.take() {
            finished.stop(true);
        }
        match done {
            Ok(RekeyOutcome { archive, error }) => {
                self.archive = Some(archive);
                match error {
                    None => KeyJobView::Done,
                    Some(ArchiveError::Cancelled) => KeyJobView::Cancelled,
                    Some(e) => {
                        let error = self.error(e);
                        // Anything but a wrong passphrase may have left the change half in
                        // place: the archive is closed and must be opened again.
                        if error.code != "wrong_passphrase" {
                            self.lock_archive();
                        }
                        KeyJobView::Failed { error }
                    }
                }
            }
            // The thread failed and the archive with it: it is closed (dropped).
            Err(error) => KeyJobView::Failed { error },
        }
    }

    /// Stops the change of key `id` if nothing is decided yet (after, it finishes).
    pub fn cancel_rekey(&mut self, id: u64) {
        if let Some(running) = self.rekey_job.as_ref().filter(|r| r.id == id) {
            running.job.cancel();
        }
    }

    /// Before the desk locks or closes: a change of key running is stopped (or, once decided,
    /// finished) and its archive back, to be closed with the rest.
    fn settle_rekey(&mut self) {
        if let Some(running) = self.rekey_job.take() {
            let result = Arc::clone(&running.result);
            running.stop(true);
            let outcome = result.lock().unwrap_or_else(|p| p.into_inner()).take();
            if let Some(Ok(outcome)) = outcome {
                self.archive = Some(outcome.archive);
            }
        }
    }

    /// Closes the archive for the app's own restore: the running report stops, the archive
    /// closes (its lock released), no backup is made.
    pub fn close_for_restore(&mut self) -> sportello_archive::Result<()> {
        if self.rekey_job.is_some() || self.import_job.is_some() {
            return Err(ArchiveError::Rejected(self.why_no_archive().message));
        }
        self.stop_jobs_and_backups();
        match self.archive.take() {
            Some(archive) => archive.lock(),
            None => Ok(()),
        }
    }

    /// A report or a backup still running stops, and its connection is closed before the
    /// archive's.
    fn stop_jobs(&mut self) {
        if let Some(running) = self.report_job.take() {
            running.stop(true);
        }
        if let Some(running) = self.backup_job.take() {
            running.stop(true);
        }
    }

    /// Every job stopped and the backup of a past lock finished: nothing but the desk's own
    /// connection has the archive open (a restore or a key change needs it alone).
    pub fn stop_jobs_and_backups(&mut self) {
        self.stop_jobs();
        if let Some(backup) = self.backup_thread.take() {
            let _ = backup.join();
        }
    }

    pub fn lock_archive(&mut self) {
        self.settle_import();
        self.import_file = None;
        self.document_file = None;
        self.document_form_open = false;
        self.settle_rekey();
        self.stop_jobs();
        let Some(mut archive) = self.archive.take() else {
            return;
        };
        // The desk is locked from here: the page shows the lock screen at once. The backup of
        // the day (on lock and on close, once a day) runs after, on its own thread, and then
        // closes the archive; a slow USB stick never keeps the data on screen.
        let now = chrono::Local::now().naive_local();
        if !archive.backup_due(now.date()).unwrap_or(true) {
            // Closing can only fail if a statement is still open; the drop closes it anyway.
            let _ = archive.lock();
            return;
        }
        if let Some(previous) = self.backup_thread.take() {
            let _ = previous.join();
        }
        let problem = Arc::clone(&self.backup_problem);
        self.backup_thread = Some(std::thread::spawn(move || {
            let done = archive
                .backup_dir()
                .and_then(|dir| archive.backup_to(&dir, now));
            *problem.lock().unwrap_or_else(|p| p.into_inner()) = done.err().map(|e| e.to_string());
            let _ = archive.lock();
        }));
    }
}

/// Locks the archive after the idle time; checks once a second.
pub fn start_idle_timer(app: AppHandle) {
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_secs(1));
        let desk = app.state::<Desk>();
        let mut inner = desk.lock_state();
        let idle = Duration::from_secs(u64::from(inner.config.idle_seconds));
        // A change of key running counts as open: the lock stops it (or, once decided, lets
        // it finish) and closes the archive it had.
        let open = inner.archive.is_some() || inner.rekey_job.is_some();
        if open && inner.last_activity.idle_for() >= idle {
            inner.lock_archive();
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use sportello_archive::SecretString;
    use sportello_core::stats::Period;

    fn unlocked_desk() -> (tempfile::TempDir, Desk) {
        let dir = tempfile::tempdir().expect("temp dir");
        let paths = ArchivePaths::new(dir.path().join("dati"));
        let passphrase = SecretString::from("girasole verde mattina".to_owned());
        let (archive, _recovery) = Archive::create(&paths, &passphrase, None).expect("create");
        let desk = Desk::new(paths, DesktopConfig::default(), true);
        desk.lock_state().archive = Some(archive);
        (dir, desk)
    }

    fn year() -> ActivityRequest {
        ActivityRequest {
            period: Period::year(2026).expect("year"),
            threshold: 3,
        }
    }

    #[test]
    fn idle_time_counts_the_sleep_the_monotonic_clock_missed() {
        let then = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let minute = Duration::from_secs(60);
        // Awake: both clocks agree.
        assert_eq!(idle_time(minute, then, then + minute), minute);
        // Three hours asleep: the monotonic clock saw one minute, the wall clock three hours.
        let slept = Duration::from_secs(3 * 3600);
        assert_eq!(idle_time(minute, then, then + slept), slept);
        // The wall clock set back an hour: the monotonic minute still counts.
        assert_eq!(
            idle_time(minute, then, then - Duration::from_secs(3600)),
            minute
        );
    }

    #[test]
    fn a_report_job_runs_to_its_figures_and_gives_them_once() {
        let (_dir, desk) = unlocked_desk();
        let id = desk.start_report(year()).expect("started");
        let view = loop {
            match desk.report_view(id).expect("view") {
                ReportJobView::Running { percent, .. } => {
                    assert!(percent <= 100);
                    std::thread::sleep(Duration::from_millis(5));
                }
                other => break other,
            }
        };
        assert!(matches!(view, ReportJobView::Done { .. }), "{view:?}");
        assert_eq!(
            desk.report_view(id).expect("again"),
            ReportJobView::Cancelled
        );
    }

    #[test]
    fn locking_cancels_the_running_report_and_a_newer_one_replaces_it() {
        let (_dir, desk) = unlocked_desk();
        let first = desk.start_report(year()).expect("first");
        let first_job = Arc::clone(&desk.lock_state().report_job.as_ref().expect("job").job);
        let second = desk.start_report(year()).expect("second");
        assert!(
            first_job.is_cancelled(),
            "a newer request cancels the one before"
        );
        assert_eq!(
            desk.report_view(first).expect("view"),
            ReportJobView::Cancelled
        );
        let second_job = Arc::clone(&desk.lock_state().report_job.as_ref().expect("job").job);
        desk.close();
        assert!(
            second_job.is_cancelled(),
            "the lock cancels the running report"
        );
        assert!(desk.lock_state().report_job.is_none());
        // Its thread has ended (so its connection is closed): the job is held here only.
        assert_eq!(Arc::strong_count(&second_job), 1);
        let locked = desk.report_view(second).expect_err("locked");
        assert_eq!(locked.code, "locked");
    }

    /// Closing the window (`RunEvent::Exit`) makes the backup of the day before the process
    /// ends, and lets go of the archive; a second close the same day makes no second copy.
    /// (The end-to-end tests cannot see this: WebKitWebDriver kills the app at the session's
    /// end.)
    #[test]
    fn closing_makes_the_backup_of_the_day_once_and_lets_go_of_the_archive() {
        let (dir, desk) = unlocked_desk();
        let paths = ArchivePaths::new(dir.path().join("dati"));
        let passphrase = SecretString::from("girasole verde mattina".to_owned());
        let copies = || {
            std::fs::read_dir(paths.backup_dir())
                .map(|entries| entries.flatten().count())
                .unwrap_or(0)
        };
        assert_eq!(copies(), 0);
        desk.close();
        assert_eq!(
            copies(),
            1,
            "the backup of the day, written before close returns"
        );
        assert!(desk.lock_state().archive.is_none());
        // Free for the next program, and the day's backup recorded in it.
        let archive = Archive::unlock(&paths, &passphrase).expect("free after close");
        assert!(!archive.backup_due(today()).expect("due"));
        desk.lock_state().archive = Some(archive);
        desk.close();
        assert_eq!(copies(), 1, "one backup a day");
        Archive::unlock(&paths, &passphrase).expect("free again");
    }

    #[test]
    fn a_backup_job_writes_the_copy_records_the_day_and_the_lock_stops_another() {
        let (_dir, desk) = unlocked_desk();
        let id = desk.start_backup().expect("started");
        assert_eq!(desk.start_backup().expect("again"), id, "one at a time");
        let view = loop {
            match desk.backup_view(id).expect("view") {
                BackupJobView::Running { percent, .. } => {
                    assert!(percent <= 100);
                    std::thread::sleep(Duration::from_millis(5));
                }
                other => break other,
            }
        };
        let BackupJobView::Done { backup } = view else {
            panic!("{view:?}");
        };
        assert!(std::path::Path::new(&backup.path).exists());
        let dashboard = desk
            .read(|a, today, _| a.dashboard(today))
            .expect("dashboard");
        assert_eq!(dashboard.last_backup_days, Some(0));
        assert_eq!(
            desk.backup_view(id).expect("once"),
            BackupJobView::Cancelled
        );

        let second = desk.start_backup().expect("second");
        let job = Arc::clone(&desk.lock_state().backup_job.as_ref().expect("job").job);
        desk.close();
        assert!(job.is_cancelled(), "the lock stops a running backup");
        assert_eq!(Arc::strong_count(&job), 1, "its thread has ended");
        assert_eq!(desk.backup_view(second).expect_err("locked").code, "locked");
    }
}
