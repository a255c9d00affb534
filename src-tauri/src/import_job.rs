//! *Importa* as a job: the archive goes with the import to its own thread (nothing else reads
//! or writes it meanwhile) and comes back with the outcome; the page polls its progress and
//! may stop it, and then nothing is written. The chosen file stays in memory for another try
//! unless the import succeeded.

use crate::state::{CommandResult, ImportFile, Inner, RunningJob};
use sportello_archive::import::ImportOptions;
use sportello_archive::job::Job;
use sportello_archive::{Archive, ArchiveError};
use sportello_core::ipc::{CommandError, ImportJobView};
use sportello_core::register::{ImportOutcome, ImportRequest};
use std::sync::Arc;

pub(crate) struct ImportDone {
    archive: Archive,
    file: ImportFile,
    result: sportello_archive::Result<ImportOutcome>,
}

pub(crate) type ImportJob = RunningJob<ImportDone>;

pub(crate) fn no_file() -> CommandError {
    CommandError::new(
        "no_import_file",
        "Scegliere prima il file da importare.".to_string(),
    )
}

pub(crate) fn importing() -> CommandError {
    CommandError::new(
        "busy",
        "È in corso un'importazione: attendere la fine o annullarla.",
    )
}

impl Inner {
    /// Starts importing the chosen file. Returns the job's number.
    pub fn start_import(&mut self, request: ImportRequest) -> CommandResult<u64> {
        if let Some(running) = self.import_job.as_ref() {
            return Ok(running.id);
        }
        // Checked before anything moves: without an archive the file stays where it is.
        self.archive()?;
        let file = self.import_file.take().ok_or_else(no_file)?;
        self.stop_jobs_and_backups();
        self.last_activity = crate::state::ActivityClock::now();
        let Some(mut archive) = self.archive.take() else {
            self.import_file = Some(file);
            return Err(self.archive().err().unwrap_or_else(importing));
        };
        let options = ImportOptions {
            skip_errors: request.skip_errors,
            with_time: request.with_time,
        };
        let today = crate::state::today();
        let running = ImportJob::spawn(
            Arc::new(Job::new()),
            self.config.lang,
            "L'importazione si è interrotta per un errore interno: nulla è stato importato. Chiudere e riaprire l'archivio.",
            move |job| {
                let result = archive.import_register_in(
                    job,
                    &file.name,
                    &file.bytes,
                    &request.mapping,
                    options,
                    today,
                );
                Ok(ImportDone {
                    archive,
                    file,
                    result,
                })
            },
        );
        let id = running.id;
        self.import_job = Some(running);
        Ok(id)
    }

    /// How the import `id` is doing; once over, the archive is back (and the file, unless it
    /// was imported).
    pub fn import_view(&mut self, id: u64) -> ImportJobView {
        let Some(running) = self.import_job.as_ref().filter(|r| r.id == id) else {
            return ImportJobView::Unknown;
        };
        let Some(done) = running.take_result() else {
            let (percent, stage) = running.job.progress();
            return ImportJobView::Running { percent, stage };
        };
        if let Some(finished) = self.import_job.take() {
            finished.stop(true);
        }
        match done {
            Ok(ImportDone {
                archive,
                file,
                result,
            }) => {
                self.archive = Some(archive);
                self.last_activity = crate::state::ActivityClock::now();
                match result {
                    Ok(outcome) => ImportJobView::Done { outcome },
                    Err(e) => {
                        // Refused or stopped: the file stays chosen, to correct the mapping
                        // and try again.
                        self.import_file = Some(file);
                        match e {
                            ArchiveError::Cancelled => ImportJobView::Cancelled,
                            e => ImportJobView::Failed {
                                error: self.error(e),
                            },
                        }
                    }
                }
            }
            // The thread failed and the archive with it: it is closed (dropped).
            Err(error) => ImportJobView::Failed { error },
        }
    }

    /// Stops the import `id`: nothing is written.
    pub fn cancel_import(&mut self, id: u64) {
        if let Some(running) = self.import_job.as_ref().filter(|r| r.id == id) {
            running.job.cancel();
        }
    }

    /// Before the desk locks or closes: an import running is stopped (nothing written) and
    /// its archive back, to be closed with the rest.
    pub(crate) fn settle_import(&mut self) {
        if let Some(running) = self.import_job.take() {
            let result = Arc::clone(&running.result);
            running.stop(true);
            let outcome = result.lock().unwrap_or_else(|p| p.into_inner()).take();
            if let Some(Ok(done)) = outcome {
                self.archive = Some(done.archive);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::state::{Desk, ImportFile};
    use sportello_archive::config::DesktopConfig;
    use sportello_archive::{Archive, ArchivePaths, SecretString};
    use sportello_core::ipc::ImportJobView;
    use sportello_core::register::{ImportRequest, Mapping};
    use std::time::Duration;

    const FILE: &str = "data;durata_minuti;cognome;nome;nascita\n04/03/2025;40;Rossi;Anna;1970\n";

    fn desk_with_file(csv: &str) -> (tempfile::TempDir, Desk) {
        let dir = tempfile::tempdir().expect("temp dir");
        let paths = ArchivePaths::new(dir.path().join("dati"));
        let passphrase = SecretString::from("girasole verde mattina".to_owned());
        let (archive, _recovery) = Archive::create(&paths, &passphrase, None).expect("create");
        let desk = Desk::new(paths, DesktopConfig::default(), true);
        let mut inner = desk.lock_state();
        inner.archive = Some(archive);
        inner.import_file = Some(ImportFile {
            name: "registro.csv".into(),
            bytes: zeroize::Zeroizing::new(csv.as_bytes().to_vec()),
        });
        drop(inner);
        (dir, desk)
    }

    fn request() -> ImportRequest {
        ImportRequest {
            mapping: Mapping::default(),
            skip_errors: false,
            with_time: false,
        }
    }

    fn wait(desk: &Desk, id: u64) -> ImportJobView {
        loop {
            match desk.lock_state().import_view(id) {
                ImportJobView::Running { percent, .. } => assert!(percent <= 100),
                other => return other,
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    #[test]
    fn an_import_job_gives_the_archive_back_with_its_outcome_and_forgets_the_file() {
        let (_dir, desk) = desk_with_file(FILE);
        let id = desk.lock_state().start_import(request()).expect("started");
        let view = wait(&desk, id);
        let ImportJobView::Done { outcome } = view else {
            panic!("{view:?}");
        };
        assert_eq!((outcome.contacts, outcome.persons), (1, 1));
        let inner = desk.lock_state();
        assert_eq!(
            inner
                .archive()
                .expect("back")
                .counts()
                .expect("counts")
                .contacts,
            1
        );
        assert!(inner.import_file.is_none(), "an imported file is forgotten");
        assert!(inner.import_job.is_none());
    }

    #[test]
    fn a_refused_import_keeps_the_file_and_gives_the_archive_back() {
        let (_dir, desk) =
            desk_with_file("data;durata_minuti;cognome;nome\n31/02/2025;40;Rossi;Anna\n");
        let id = desk.lock_state().start_import(request()).expect("started");
        let view = wait(&desk, id);
        assert!(matches!(view, ImportJobView::Failed { .. }), "{view:?}");
        let inner = desk.lock_state();
        assert_eq!(
            inner
                .archive()
                .expect("back")
                .counts()
                .expect("counts")
                .contacts,
            0
        );
        assert!(inner.import_file.is_some(), "the file stays to try again");
    }

    #[test]
    fn while_an_import_runs_the_archive_is_busy_and_the_lock_stops_it() {
        let (_dir, desk) = desk_with_file(FILE);
        let mut inner = desk.lock_state();
        let id = inner.start_import(request()).expect("started");
        // Until the page has asked for the outcome, the archive is with the job.
        let busy = inner.archive().map(|_| ()).expect_err("busy");
        assert_eq!(busy.code, "busy");
        assert!(busy.message.contains("importazione"), "{}", busy.message);
        assert_eq!(inner.start_import(request()).expect("same job"), id);
        assert_eq!(
            inner.state(),
            sportello_core::ipc::ArchiveState::Unlocked,
            "the page stays on the import, not on the lock screen"
        );
        inner.lock_archive();
        assert!(inner.import_job.is_none() && inner.archive.is_none());
        assert!(inner.import_file.is_none(), "the lock forgets the file");
        assert_eq!(inner.import_view(id), ImportJobView::Unknown);
    }
}
