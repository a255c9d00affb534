//! Opening the archive: with an operator's passphrase (every key file it opens, the operator
//! chosen among them — by name when two share it), for `verify` (the database checked before
//! anything is written), with the recovery key (and a new passphrase); the lock file taken
//! first, and the database opened and migrated for whoever opened it.

use crate::archive::Archive;
use crate::error::{ArchiveError, Result};
use crate::keyfiles;
use crate::keys::{KeyMaterial, OperatorIdentity, RecoveryKey};
use crate::paths::ArchivePaths;
use crate::store;
use age::secrecy::SecretString;

/// A new passphrase that already opens another operator's key file.
pub(crate) fn passphrase_taken() -> ArchiveError {
    ArchiveError::Rejected(
        "Questa frase segreta apre già l'archivio per un altro operatore: ognuno ha la sua.".into(),
    )
}

impl Archive {
    /// Opens the archive with the operator's passphrase.
    pub fn unlock(paths: &ArchivePaths, passphrase: &SecretString) -> Result<Archive> {
        Self::unlock_as(paths, passphrase, None)
    }

    /// Opens the archive with a passphrase as the operator named `operator` (`--operatore`),
    /// or, without a name, as whoever the passphrase belongs to. The name tells apart two
    /// operators who chose the same passphrase; a passphrase that is not hers opens nothing.
    pub fn unlock_as(
        paths: &ArchivePaths,
        passphrase: &SecretString,
        operator: Option<&str>,
    ) -> Result<Archive> {
        let lock = Self::lock_existing(paths)?;
        Self::unlock_locked(paths, passphrase, operator, lock)
    }

    fn unlock_locked(
        paths: &ArchivePaths,
        passphrase: &SecretString,
        operator: Option<&str>,
        lock: crate::lockfile::ArchiveLock,
    ) -> Result<Archive> {
        // Every key file the passphrase opens: two operators may share one (an older version
        // allowed it), and who opens must never be a guess.
        let opened = keyfiles::open_every_file_with_passphrase(paths, passphrase, true)?;
        // Each opened the same key material: one copy is kept.
        let (mut keys, mut identities): (Vec<KeyMaterial>, Vec<OperatorIdentity>) =
            opened.into_iter().map(|o| (o.keys, o.operator)).unzip();
        let files: Vec<String> = identities.iter().map(|o| o.file_id.clone()).collect();
        let keys = keys.swap_remove(0);
        let (mut archive, chosen) = Self::open_database(paths, keys, lock, &files, operator)?;
        archive.operator_key = Some(identities.swap_remove(chosen));
        Ok(archive)
    }

    /// Opens the archive for `verify`: the database is checked (SQLCipher's page
    /// authentication, SQLite's structure, the references) on a read-only connection before
    /// anything is written — no key file moved, no migration —, so a damaged archive is
    /// reported exactly as it was found. Only then is it opened as [`Archive::unlock`] does.
    pub fn unlock_to_verify(
        paths: &ArchivePaths,
        passphrase: &SecretString,
        operator: Option<&str>,
    ) -> Result<Archive> {
        // (A crash's leftovers are put right first: that is recovery, not migration.)
        let lock = Self::lock_existing(paths)?;
        crate::backup::recover_interrupted_swap(paths)?;
        {
            let keys = keyfiles::keys_with_passphrase_untouched(paths, passphrase)?;
            // A connection that writes nothing here, and as the last one to close removes
            // SQLite's -wal and -shm (a read-only one would leave them).
            let conn = store::open(&paths.database(), &keys, false)?;
            let problems = store::integrity_problems(&conn)?;
            if let Some(first) = problems.first() {
                return Err(ArchiveError::DatabaseDamaged(if problems.len() > 1 {
                    format!("{first}; e altri {} problemi", problems.len() - 1)
                } else {
                    first.clone()
                }));
            }
        }
        Self::unlock_locked(paths, passphrase, operator, lock)
    }

    /// The archive's secrets, opened with the passphrase (the database is not touched).
    /// Whether the keys `passphrase` opens (any operator's) read the backup `file` to its end:
    /// for the tests that show a revoked operator's old keys read nothing written after.
    #[cfg(feature = "tamper")]
    pub fn backup_readable_with(
        paths: &ArchivePaths,
        passphrase: &SecretString,
        file: &std::path::Path,
    ) -> Result<()> {
        let keys = keyfiles::open_with_passphrase(paths, passphrase)?.keys;
        crate::backup::read_backup(file, &keys.backup_identities(), &mut |_, _| Ok(())).map(|_| ())
    }

    /// The archive's secrets, opened with the owner's passphrase only (a restore replaces the
    /// whole archive: the owner's decision). The others' passphrases are refused.
    pub(crate) fn keys_with_owner_passphrase(
        paths: &ArchivePaths,
        passphrase: &SecretString,
        what: &str,
    ) -> Result<KeyMaterial> {
        // (Should two operators share the passphrase, it is the owner's if one file is hers.)
        let opened = keyfiles::open_every_file_with_passphrase(paths, passphrase, true)?;
        let owners = opened.iter().any(|o| {
            o.keys
                .operators
                .iter()
                .find(|e| e.file_id == o.operator.file_id)
                .is_some_and(|e| e.operator_id.is_none())
        });
        if !owners {
            return Err(ArchiveError::NotPermitted(format!(
                "solo il titolare dell'archivio può {what}"
            )));
        }
        Ok(opened
            .into_iter()
            .next()
            .ok_or(ArchiveError::WrongPassphrase)?
            .keys)
    }

    /// Whether `passphrase` is that of the operator who opened this archive (asked again
    /// before her passphrase changes: another operator's does not do).
    pub fn check_own_passphrase(&self, passphrase: &SecretString) -> Result<()> {
        let operator = self.operator_key.as_ref().ok_or_else(|| {
            ArchiveError::Rejected(
                "Per cambiare la frase segreta aprire l'archivio con la frase segreta attuale."
                    .into(),
            )
        })?;
        keyfiles::check_operator_passphrase(&self.paths, operator, passphrase)
    }

    /// Whether `passphrase` opens this archive (before a restore closes it).
    pub fn check_passphrase(paths: &ArchivePaths, passphrase: &SecretString) -> Result<()> {
        keyfiles::open_with_passphrase(paths, passphrase).map(|_| ())
    }

    /// Opens the archive with the recovery key from the printed kit.
    pub fn unlock_with_recovery(paths: &ArchivePaths, recovery: &RecoveryKey) -> Result<Archive> {
        let lock = Self::lock_existing(paths)?;
        let keys = keyfiles::open_with_recovery(paths, recovery)?;
        Self::open_database(paths, keys, lock, &[], None).map(|(archive, _)| archive)
    }

    /// Opens the archive with the recovery key and sets a new passphrase: the owner gets a new
    /// key file, and the old passphrase (with any copy of her old file) stops working.
    pub fn recover(
        paths: &ArchivePaths,
        recovery: &RecoveryKey,
        new_passphrase: &SecretString,
    ) -> Result<Archive> {
        let mut archive = Self::unlock_with_recovery(paths, recovery)?;
        let keys = archive.keys.as_mut().ok_or(ArchiveError::KeyFileMissing)?;
        // Her key file is replaced by a new one (a new name): written first, then `chiave.age`
        // sealed to it, then the old one removed. A crash in between leaves the old
        // passphrase or the new one working, never neither. A format-1 archive has no
        // operator yet: it gets one. The other operators' files stay as they are.
        let old_id = keys
            .operators
            .iter()
            .find(|o| o.operator_id.is_none())
            .map(|o| o.file_id.clone());
        if keyfiles::passphrase_opens_a_file(paths, keys, new_passphrase, old_id.as_deref())? {
            return Err(passphrase_taken());
        }
        let operator = OperatorIdentity::generate();
        keys.operators
            .retain(|o| Some(&o.file_id) != old_id.as_ref());
        keys.operators.insert(0, operator.entry());
        if keys.recovery_recipient.is_none() {
            keys.recovery_recipient = Some(recovery.recipient());
        }
        keyfiles::write_operator_file(paths, &operator, new_passphrase)?;
        keyfiles::write_key_files(paths, archive.keys()?)?;
        archive.operator_key = Some(operator);
        if let Some(old) = old_id {
            keyfiles::remove_operator_file(paths, &old)?;
        }
        Ok(archive)
    }

    /// Takes an existing archive for this program alone: refused if its creation never
    /// finished; a rotation a crash interrupted is finished (or forgotten) under the lock.
    fn lock_existing(paths: &ArchivePaths) -> Result<crate::lockfile::ArchiveLock> {
        let lock = crate::lockfile::ArchiveLock::acquire(paths)?;
        if paths.creation_interrupted() {
            return Err(ArchiveError::CreationInterrupted);
        }
        keyfiles::finish_interrupted_rotation(paths)?;
        Ok(lock)
    }

    /// Opens the database with `keys`, for the operator whose key file among `files` (those
    /// the passphrase opened; none: the recovery key, which is the owner's) is hers — the one
    /// named `name`, or the only one. Returns the archive and which of `files` it chose.
    fn open_database(
        paths: &ArchivePaths,
        keys: KeyMaterial,
        lock: crate::lockfile::ArchiveLock,
        files: &[String],
        name: Option<&str>,
    ) -> Result<(Archive, usize)> {
        // A restore interrupted in the middle of its swap left the database aside: put it back.
        crate::backup::recover_interrupted_swap(paths)?;
        let mut conn = store::open(&paths.database(), &keys, false)?;
        store::migrate(&mut conn)?;
        let (chosen, (operator, role)) = if files.is_empty() {
            (0, crate::operators::who_opened(&conn, None)?)
        } else {
            crate::operators::choose_operator(&conn, &keys, files, name)?
        };
        crate::retention::finish_interrupted_erasure(&conn, paths)?;
        let mut archive = Archive {
            conn,
            paths: paths.clone(),
            keys: Some(keys),
            operator_key: None,
            operator,
            role,
            _lock: Some(lock),
        };
        archive.forget_past_guests(chrono::Local::now().date_naive())?;
        Ok((archive, chosen))
    }
}
