//! *Nuova chiave di recupero*: the archive's keys rotated (DESIGN.md §3, "Keys").

use crate::archive::Archive;
use crate::error::{ArchiveError, Result};
use crate::keyfiles;
use crate::keys::RecoveryKey;
use crate::store;
use rusqlite::Connection;

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
        let failed = |error| RotationFailed {
            error,
            new_key: None,
        };
        let recovery = RecoveryKey::generate();
        let new_keys = self.keys().map_err(failed)?.rotated(recovery.recipient());
        // Until the marker is written nothing is decided: a failure leaves the archive as it
        // was, open with its current keys.
        let undecided = (|| -> Result<()> {
            keyfiles::stage_rotation(&self.conn, &self.paths, &new_keys)?;
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
        if let Err(e) = undecided {
            let _ = keyfiles::discard_rotation(&self.paths);
            return Err(failed(e));
        }
        // Decided: from here the new key is the one in force, whatever happens next (the
        // files not yet in place are put there at the next unlock).
        let finished = keyfiles::finish_interrupted_rotation(&self.paths)
            .and_then(|()| store::open(&self.paths.database(), &new_keys, false));
        self.keys = Some(new_keys);
        match finished {
            Ok(conn) => {
                self.conn = conn;
                Ok(recovery)
            }
            Err(error) => Err(RotationFailed {
                error,
                new_key: Some(recovery),
            }),
        }
    }
}
