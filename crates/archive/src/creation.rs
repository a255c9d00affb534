//! A new archive: its folder taken under the lock, the database and key files written behind a
//! marker that tells a creation cut short by a crash, the starter catalogue of services; and
//! what a failed creation leaves behind, removed.

use crate::archive::Archive;
use crate::error::{ArchiveError, Result};
use crate::fsutil::create_private_dir;
use crate::keyfiles;
use crate::keys::{KeyMaterial, OperatorIdentity, RecoveryKey};
use crate::paths::ArchivePaths;
use crate::records::history;
use crate::store;
use age::secrecy::SecretString;
use sportello_core::model::ContractTerms;
use std::fs;
use std::path::PathBuf;
use uuid::Uuid;

impl Archive {
    /// Creates a new archive in `paths.dir` (which must hold no archive yet). Returns the open
    /// archive and the recovery key, which the caller shows the operator once and then drops.
    /// Nothing is left behind when a step fails: the folder is as it was.
    pub fn create(
        paths: &ArchivePaths,
        passphrase: &SecretString,
        contract: Option<&ContractTerms>,
    ) -> Result<(Archive, RecoveryKey)> {
        if paths.exists() {
            return Err(ArchiveError::AlreadyExists(paths.dir.clone()));
        }
        let (lock, made_dir) = lock_new_archive(paths)?;
        let created = (|| {
            let recovery = RecoveryKey::generate();
            let mut keys = KeyMaterial::generate();
            keys.recovery_recipient = Some(recovery.recipient());
            let operator = OperatorIdentity::generate();
            keys.operators = vec![operator.entry()];
            // The marker is written first and removed last, so a crash at any point is seen.
            mark_creation(paths)?;
            let mut conn = store::open(&paths.database(), &keys, true)?;
            store::migrate(&mut conn)?;
            crate::crash::point(crate::crash::AFTER_NEW_DATABASE);
            let operator_id = history::require_owner(&conn)?;
            let mut archive = Archive {
                conn,
                paths: paths.clone(),
                keys: Some(keys),
                operator_key: None,
                operator: operator_id,
                role: sportello_core::model::Role::Owner,
                _lock: Some(lock),
            };
            let starter = crate::agenda::starter_catalogue()?;
            archive.write(|w| {
                w.reload_starter(&starter)?;
                if let Some(terms) = contract {
                    w.insert_contract(Uuid::now_v7(), terms)?;
                }
                Ok(())
            })?;
            keyfiles::write_operator_file(paths, &operator, passphrase)?;
            keyfiles::write_key_files(paths, archive.keys()?)?;
            finish_creation(paths)?;
            archive.operator_key = Some(operator);
            Ok((archive, recovery))
        })();
        if created.is_err() {
            remove_archive_files(paths, made_dir);
        }
        created
    }

    /// Undoes a creation whose recovery key could not be shown: the archive closes and its
    /// files go (the folder too when nothing else is in it).
    pub fn discard_new(self) -> Result<()> {
        let paths = self.paths.clone();
        self.lock()?;
        remove_archive_files(&paths, false);
        let _ = fs::remove_dir(&paths.dir);
        Ok(())
    }
}

/// Takes the lock of a folder where a new archive is to be made (the folder made if missing),
/// then checks, under the lock, that no archive is there; a creation cut short by a crash
/// (its marker present, no data written yet) is cleared. Nothing is removed unless this
/// process holds the lock. Returns the lock and whether the folder was made here.
pub(crate) fn lock_new_archive(
    paths: &ArchivePaths,
) -> Result<(crate::lockfile::ArchiveLock, bool)> {
    if paths.exists() {
        return Err(ArchiveError::AlreadyExists(paths.dir.clone()));
    }
    let made_dir = !paths.dir.exists();
    create_private_dir(&paths.dir)?;
    let lock = match crate::lockfile::ArchiveLock::acquire(paths) {
        Ok(lock) => lock,
        Err(e) => {
            // Someone else has it: nothing of theirs is touched (the folder goes only if it
            // was made here and is still empty).
            if made_dir {
                let _ = fs::remove_dir(&paths.dir);
            }
            return Err(e);
        }
    };
    if paths.exists() {
        return Err(ArchiveError::AlreadyExists(paths.dir.clone()));
    }
    if paths.creation_interrupted() {
        for file in archive_files(paths) {
            let _ = fs::remove_file(file);
        }
        let _ = fs::remove_dir_all(paths.dir.join(keyfiles::OPERATORS_DIR));
    }
    Ok((lock, made_dir))
}

/// The first step of a creation (or a restore into a new folder): until the marker goes, the
/// folder holds a creation cut short, never an archive.
pub(crate) fn mark_creation(paths: &ArchivePaths) -> Result<()> {
    Ok(crate::fsutil::write_atomic(&paths.creation_marker(), b"")?)
}

/// The last step of a creation, once every file is written.
pub(crate) fn finish_creation(paths: &ArchivePaths) -> Result<()> {
    fs::remove_file(paths.creation_marker())?;
    Ok(crate::fsutil::sync_dir(&paths.dir)?)
}

/// Removes what a failed creation wrote, once its lock is released. `archivio.lock` stays
/// (unlinking a lock file another program may hold by now would let a third take it too),
/// unless the whole folder was made by the failed creation.
pub(crate) fn remove_archive_files(paths: &ArchivePaths, made_dir: bool) {
    if made_dir {
        let _ = fs::remove_dir_all(&paths.dir);
        return;
    }
    for file in archive_files(paths) {
        let _ = fs::remove_file(file);
    }
    let _ = fs::remove_dir_all(paths.dir.join(keyfiles::OPERATORS_DIR));
}

/// The files of an archive (the lock file and the operators' folder apart); the creation
/// marker goes last.
fn archive_files(paths: &ArchivePaths) -> [PathBuf; 7] {
    let db = paths.database().display().to_string();
    [
        paths.key_file(),
        paths.recovery_file(),
        paths.manifest(),
        PathBuf::from(format!("{db}-wal")),
        PathBuf::from(format!("{db}-shm")),
        paths.database(),
        paths.creation_marker(),
    ]
}
