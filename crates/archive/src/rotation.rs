//! *Nuova chiave di recupero*: the archive's keys rotated (DESIGN.md §3, "Keys").

use crate::archive::Archive;
use crate::error::{ArchiveError, Result};
use crate::job::{Job, Stage};
use crate::keyfiles;
use crate::keys::{KeyMaterial, OperatorIdentity, RecoveryKey};
use crate::store;
use age::secrecy::SecretString;
use rusqlite::Connection;
use std::sync::Arc;

/// *Nuova chiave di recupero* failed. With `new_key`, the rotation took effect all the same
/// (it is finished at the next unlock): show the key, then close and reopen the archive.
pub struct RotationFailed {
    pub error: ArchiveError,
    pub new_key: Option<RecoveryKey>,
}

impl std::fmt::Debug for RotationFailed {
    // Never the key itself.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RotationFailed")
            .field("error", &self.error)
            .field(
                "new_key",
                &self.new_key.as_ref().map(|_| "(in force, not shown)"),
            )
            .finish()
    }
}

impl Archive {
    /// *Nuova chiave di recupero*: a new recovery key, a new database key and a new backup
    /// identity. The database is copied under the new key beside the current one and the key
    /// files are staged, then all are put in place together (a crash is finished at the next
    /// unlock, or forgotten if it came before everything was staged). The old kit and a copy
    /// of the old `chiave-recupero.age` open nothing written afterwards; backups already
    /// written stay readable with the kit of their time, and by this archive. No other program
    /// can have the archive open meanwhile: this one holds `archivio.lock`.
    ///
    /// A failure once the rotation is decided (the staged files complete) still hands back the
    /// new key: it is the one in force, and must be shown.
    pub fn new_recovery_key(&mut self) -> Result<RecoveryKey, RotationFailed> {
        // The recovery kit is the owner's.
        if let Err(error) = self.require_owner_for("creare una nuova chiave di recupero") {
            return Err(RotationFailed {
                error,
                new_key: None,
            });
        }
        let recovery = RecoveryKey::generate();
        let new_keys = match self.keys() {
            Ok(keys) => keys.rotated(recovery.recipient()),
            Err(error) => {
                return Err(RotationFailed {
                    error,
                    new_key: None,
                })
            }
        };
        match self.rotate_to(new_keys, &Arc::new(Job::new())) {
            Ok(()) => Ok(recovery),
            Err(Rotation { error, decided }) => Err(RotationFailed {
                error,
                new_key: decided.then_some(recovery),
            }),
        }
    }

    /// *Cambia la chiave dell'archivio*: a new database key, a new backup identity and a new
    /// key file for her (under the same passphrase), the recovery kit unchanged. A saved copy
    /// of her old key file, or of the old `chiave.age`, opens neither the archive nor any
    /// backup written afterwards; backups already written stay readable by this archive and
    /// with the kit. `passphrase` (hers, asked again) seals her new key file.
    ///
    /// An error once the change is decided means the new key is in force all the same (the
    /// files not yet in place are put there at the next unlock): close and reopen.
    pub fn change_archive_key(&mut self, passphrase: &SecretString) -> Result<()> {
        self.change_archive_key_in(passphrase, &Arc::new(Job::new()))
    }

    /// [`Archive::change_archive_key`] as a job: how far the copy got, and cancelled (before
    /// anything is decided) when `job` is.
    pub fn change_archive_key_in(
        &mut self,
        passphrase: &SecretString,
        job: &Arc<Job>,
    ) -> Result<()> {
        job.step(0, Stage::Starting)?;
        self.require_owner_for("cambiare la chiave dell'archivio")?;
        let Some(current) = self.operator_key.as_ref() else {
            return Err(ArchiveError::Rejected(
                "Per cambiare la chiave dell'archivio aprirlo con la frase segreta.".into(),
            ));
        };
        keyfiles::check_operator_passphrase(&self.paths, current, passphrase)?;
        let current_id = current.file_id.clone();
        let keys = self.keys()?;
        let recovery = keys
            .recovery_recipient
            .clone()
            .ok_or(ArchiveError::RecoveryFileMissing)?;
        let renewed = OperatorIdentity::generate();
        let mut new_keys = keys.rotated(recovery);
        for entry in &mut new_keys.operators {
            if entry.file_id == current_id {
                *entry = renewed.entry_as(entry.operator_id.clone());
            }
        }
        // Her new key file first: until the rotation is decided it opens nothing.
        keyfiles::write_operator_file(&self.paths, &renewed, passphrase)?;
        match self.rotate_to(new_keys, job) {
            Ok(()) => {
                self.operator_key = Some(renewed);
                // Her old file opens nothing now; should removing it fail, it stays as a
                // harmless leftover rather than report a change that took effect as failed.
                let _ = keyfiles::remove_operator_file(&self.paths, &current_id);
                Ok(())
            }
            Err(Rotation {
                error,
                decided: false,
            }) => {
                let _ = keyfiles::remove_operator_file(&self.paths, &renewed.file_id);
                Err(error)
            }
            Err(Rotation {
                error,
                decided: true,
            }) => {
                // In force, but not all in place yet (the next unlock finishes it): her old
                // file stays until then, the archive must be closed and opened again.
                self.operator_key = Some(renewed);
                Err(error)
            }
        }
    }

    /// Puts `new_keys` in force: the database copied under the new key beside the current one
    /// and the key files staged, then all put in place together (a crash is finished at the
    /// next unlock, or forgotten if it came before everything was staged).
    pub(crate) fn rotate_to(
        &mut self,
        mut new_keys: KeyMaterial,
        job: &Arc<Job>,
    ) -> std::result::Result<(), Rotation> {
        let undecided = |error| Rotation {
            error,
            decided: false,
        };
        // A revoked operator is never sealed to again, whatever rotation this is (one that
        // revoked her may have been cut short).
        let revoked = crate::operators::revoked_ids(&self.conn).map_err(undecided)?;
        new_keys.operators.retain(|o| {
            o.operator_id
                .as_ref()
                .is_none_or(|id| !revoked.contains(id))
        });
        // Until the marker is written nothing is decided: a failure leaves the archive as it
        // was, open with its current keys.
        let staged = (|| -> Result<()> {
            job.step(5, Stage::RekeyCopying)?;
            keyfiles::stage_rotation(&mut self.conn, &self.paths, &new_keys, job)?;
            job.step(95, Stage::RekeyFinishing)?;
            let current = std::mem::replace(&mut self.conn, Connection::open_in_memory()?);
            if let Err((conn, e)) = current.close() {
                self.conn = conn;
                return Err(ArchiveError::Database(e));
            }
            let marked = keyfiles::mark_rotation_ready(&self.paths);
            if marked.is_err() {
                self.conn = store::open(&self.paths.database(), self.keys()?, false)?;
            }
            marked
        })();
        if let Err(e) = staged {
            let _ = keyfiles::discard_rotation(&self.paths);
            return Err(undecided(e));
        }
        // Decided: from here the new keys are in force, whatever happens next (the files not
        // yet in place are put there at the next unlock).
        let finished = keyfiles::finish_interrupted_rotation(&self.paths)
            .and_then(|()| store::open(&self.paths.database(), &new_keys, false));
        self.keys = Some(new_keys);
        match finished {
            Ok(conn) => {
                self.conn = conn;
                let _ = job.step(100, Stage::Done);
                Ok(())
            }
            Err(error) => Err(Rotation {
                error,
                decided: true,
            }),
        }
    }
}

/// A rotation that failed, and whether it had already been decided (the new keys in force).
pub(crate) struct Rotation {
    pub(crate) error: ArchiveError,
    pub(crate) decided: bool,
}
