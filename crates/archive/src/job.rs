//! A long read — the activity report of several years — run on its own read-only connection
//! ([`crate::Archive::reader`]): how far it got, and a way to stop it from another thread.
//! Locking the archive stops it: the flag is raised and the running query interrupted.

use crate::error::{ArchiveError, Result};
use rusqlite::InterruptHandle;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::Mutex;

pub use sportello_core::ipc::JobStage as Stage;

#[derive(Default)]
pub struct Job {
    cancelled: AtomicBool,
    percent: AtomicU8,
    stage: Mutex<Option<Stage>>,
    interrupt: Mutex<Option<InterruptHandle>>,
}

impl Job {
    pub fn new() -> Job {
        Job::default()
    }

    /// The connection whose query [`Job::cancel`] interrupts.
    pub fn attach(&self, handle: InterruptHandle) {
        *self.interrupt.lock().unwrap_or_else(|p| p.into_inner()) = Some(handle);
    }

    /// Stops the job: it ends with [`ArchiveError::Cancelled`] at its next step, or at once
    /// if it is inside a query.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::SeqCst);
        if let Some(h) = self
            .interrupt
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
        {
            h.interrupt();
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::SeqCst)
    }

    /// How far it got: a percentage and the stage.
    pub fn progress(&self) -> (u8, Stage) {
        let stage = self
            .stage
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .unwrap_or(Stage::Starting);
        (self.percent.load(Ordering::SeqCst), stage)
    }

    /// How far it got within the current stage.
    pub(crate) fn set_percent(&self, percent: u8) {
        self.percent.store(percent.min(100), Ordering::SeqCst);
    }

    /// Marks the start of a stage; stops here if the job was cancelled.
    pub(crate) fn step(&self, percent: u8, stage: Stage) -> Result<()> {
        if self.is_cancelled() {
            return Err(ArchiveError::Cancelled);
        }
        self.percent.store(percent.min(100), Ordering::SeqCst);
        *self.stage.lock().unwrap_or_else(|p| p.into_inner()) = Some(stage);
        Ok(())
    }

    /// A stage's result: an error caused by the cancellation (an interrupted query) is the
    /// cancellation.
    pub(crate) fn checked<T>(&self, result: Result<T>) -> Result<T> {
        match result {
            Err(_) if self.is_cancelled() => Err(ArchiveError::Cancelled),
            other => other,
        }
    }
}
