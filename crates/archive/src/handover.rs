//! A new archive from a copy, and the contract's end.
//!
//! - **A new computer**: a backup opened with the recovery key of the printed kit becomes a new
//!   archive under a new passphrase. The kit stays valid (the new archive keeps its recovery
//!   recipient; the kit's identity is never stored, so the backups of before open with the kit,
//!   `restore --recupero` or `age`); the database key and the backup identity are new, so
//!   backups from now on carry a new tag in their name and never rotate the old ones away.
//! - **The handover** (*passaggio di consegne*): the whole archive as the same SQL dump,
//!   encrypted only to the age recipient given by the comune or the next provider, opening
//!   with a readable index of its contents. Opened with that recipient's identity file, it
//!   becomes a new archive with its own passphrase and a new recovery key.
//! - **The wipe** afterwards: the key files first (without them every encrypted byte left on
//!   the disk is unreadable), then the database, the data folder and this archive's backups.

use crate::archive::Archive;
use crate::backup::{
    archive_tag, load_dump, private_new_file, read_backup, write_encrypted_dump, BackupSummary,
};
use crate::creation::remove_archive_files;
use crate::error::{ArchiveError, Result};
use crate::fsutil::sync_dir;
use crate::keyfiles;
use crate::keys::{KeyMaterial, OperatorIdentity, RecoveryKey};
use crate::paths::ArchivePaths;
use crate::store;
use age::secrecy::SecretString;
use chrono::NaiveDateTime;
use std::fs;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// How the new archive gets its recovery key.
pub enum Recovery<'a> {
    /// The kit she has (a backup restored on a new computer): it keeps working.
    Keep(&'a RecoveryKey),
    /// A new one, shown once (an archive received at a handover).
    Issue,
}

/// A new archive built from a copy.
pub struct Restored {
    pub summary: BackupSummary,
    /// The new recovery key, when one was issued: show it once, then drop it.
    pub new_recovery: Option<RecoveryKey>,
}

/// Builds a new archive in `paths` (where there is none) from `file`, opened with `identity`:
/// the whole copy is checked first, and a failure leaves nothing behind.
pub fn restore_as_new(
    paths: &ArchivePaths,
    file: &Path,
    identity: &age::x25519::Identity,
    passphrase: &SecretString,
    recovery: Recovery<'_>,
) -> Result<Restored> {
    if paths.exists() {
        return Err(ArchiveError::AlreadyExists(paths.dir.clone()));
    }
    let identities: [&dyn age::Identity; 1] = [identity];
    let summary = read_backup(file, &identities, &mut |_, _| Ok(()))?;
    if summary.schema_version > store::SCHEMA_VERSION {
        return Err(ArchiveError::SchemaTooNew {
            found: summary.schema_version,
            supported: store::SCHEMA_VERSION,
        });
    }
    let (lock, made_dir) = crate::creation::lock_new_archive(paths)?;
    let built = (|| -> Result<Option<RecoveryKey>> {
        let _lock = lock;
        let mut keys = KeyMaterial::generate();
        let new_recovery = match recovery {
            Recovery::Keep(kit) => {
                // The kit stays valid; its identity is never stored (the backups of before
                // open with it, not with the new passphrase).
                keys.recovery_recipient = Some(kit.recipient());
                None
            }
            Recovery::Issue => {
                let new = RecoveryKey::generate();
                keys.recovery_recipient = Some(new.recipient());
                Some(new)
            }
        };
        let operator = OperatorIdentity::generate();
        keys.operators = vec![operator.entry()];
        // As a creation: marked until its last file is written, so a crash is seen.
        crate::creation::mark_creation(paths)?;
        let mut conn = store::open(&paths.database(), &keys, true)?;
        load_dump(&mut conn, file, &identities, &summary)
            .map_err(|e| crate::backup::rebuild_error(e, &crate::backup::file_name(file)))?;
        store::migrate(&mut conn)?;
        // The erasures kept beside the backups are carried out again on the copy.
        let register = crate::retention::register_beside_backups(
            file.parent().unwrap_or(Path::new(".")),
            &identities,
        );
        crate::retention::reapply_register(&mut conn, &register)?;
        let problems = store::integrity_problems(&conn)?;
        if !problems.is_empty() {
            return Err(ArchiveError::BackupDamaged(problems.join("; ")));
        }
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        conn.close().map_err(|(_, e)| ArchiveError::Database(e))?;
        keyfiles::write_operator_file(paths, &operator, passphrase)?;
        keyfiles::write_key_files(paths, &keys)?;
        crate::creation::finish_creation(paths)?;
        Ok(new_recovery)
    })();
    match built {
        Ok(new_recovery) => Ok(Restored {
            summary,
            new_recovery,
        }),
        Err(e) => {
            remove_archive_files(paths, made_dir);
            Err(e)
        }
    }
}

/// Reads an age identity file (`AGE-SECRET-KEY-1…` lines, `#` comments), as `age-keygen`
/// writes it; the first identity is used.
pub fn read_identity_file(path: &Path) -> Result<age::x25519::Identity> {
    if fs::metadata(path).is_ok_and(|m| m.len() > 64 * 1024) {
        return Err(ArchiveError::Rejected(format!(
            "{} è troppo grande per un file di identità age.",
            path.display()
        )));
    }
    let text = zeroize::Zeroizing::new(fs::read_to_string(path).map_err(|_| {
        ArchiveError::Rejected(format!(
            "Il file dell'identità {} non si può leggere.",
            path.display()
        ))
    })?);
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .and_then(|l| age::x25519::Identity::from_str(l).ok())
        .ok_or_else(|| {
            ArchiveError::Rejected(format!(
                "{} non contiene un'identità age (una riga AGE-SECRET-KEY-1…).",
                path.display()
            ))
        })
}

/// A handover package written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoverDone {
    pub path: PathBuf,
    pub bytes: u64,
    pub rows: u64,
    /// The readable index at the head of the package.
    pub index: Vec<String>,
}

impl Archive {
    /// Writes the whole archive to `out` (which must not exist), encrypted only to `recipient`
    /// (an `age1…` public key given by the comune or the next provider).
    pub fn handover_to(
        &self,
        recipient: &str,
        out: &Path,
        now: NaiveDateTime,
    ) -> Result<HandoverDone> {
        self.require_owner_for("preparare il passaggio di consegne")?;
        let recipient = age::x25519::Recipient::from_str(recipient.trim()).map_err(|_| {
            ArchiveError::Rejected(
                "Destinatario non valido: serve la chiave pubblica age del Comune o del nuovo gestore (inizia con age1).".into(),
            )
        })?;
        if out.exists() {
            return Err(ArchiveError::Rejected(format!(
                "{} esiste già: non viene sovrascritto.",
                out.display()
            )));
        }
        let counts = self.counts()?;
        let index = vec![
            format!(
                "Passaggio di consegne dell'archivio di Sportello, preparato il {}.",
                now.format("%d/%m/%Y alle %H:%M")
            ),
            format!("Cifrato solo per il destinatario {recipient}."),
            format!(
                "Contenuto: {} persone, {} contatti anonimi, {} colloqui, {} invii, {} voci ore, {} servizi, {} appuntamenti, {} voci di storico.",
                counts.persons,
                counts.anonymous_persons,
                counts.contacts,
                counts.referrals,
                counts.time_entries,
                counts.services,
                counts.appointments,
                counts.history
            ),
            format!("Schema dei dati: versione {}.", store::SCHEMA_VERSION),
            "Per leggerlo: age -d -i identita.txt FILE | sqlite3 archivio.db".into(),
            "Per aprirlo in Sportello: sportello consegna-apri FILE --identita identita.txt".into(),
        ];
        let dir = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = crate::backup::file_name(out);
        let temp = dir.join(format!(".{name}.tmp"));
        let file = private_new_file(&temp)?;
        let written = write_encrypted_dump(
            &self.conn,
            &file,
            vec![&recipient],
            now,
            &index,
            &crate::job::Job::new(),
        );
        drop(file);
        let rows = match written {
            Ok(rows) => rows,
            Err(e) => {
                let _ = fs::remove_file(&temp);
                return Err(e);
            }
        };
        fs::rename(&temp, out)?;
        sync_dir(&dir)?;
        Ok(HandoverDone {
            path: out.to_path_buf(),
            bytes: fs::metadata(out)?.len(),
            rows,
            index,
        })
    }

    /// The end of the contract, after the handover: removes this archive's backups from the
    /// backup folder, then the key files (from that moment nothing left is readable), then
    /// the database and the data folder. Returns what was removed. The printed recovery kit
    /// is paper: it must be destroyed by hand.
    pub fn wipe(self) -> Result<Vec<PathBuf>> {
        self.require_owner_for("cancellare l'archivio")?;
        let paths = self.paths().clone();
        let chosen = self.backup_dir()?;
        if !chosen.is_dir() && chosen != paths.backup_dir() {
            return Err(ArchiveError::Rejected(format!(
                "La cartella dei backup {} non c'è (la chiavetta è inserita?): anche le copie dell'archivio vanno cancellate. Inserirla e riprovare; non è stato cancellato nulla.",
                chosen.display()
            )));
        }
        let tags: Vec<String> = self
            .key_material()?
            .all_backup_recipients()
            .iter()
            .map(archive_tag)
            .collect();
        self.lock()?;
        let exclusive = crate::lockfile::ArchiveLock::acquire(&paths)?;
        let mut removed = Vec::new();
        let mut remove = |path: PathBuf| -> Result<()> {
            fs::remove_file(&path)?;
            removed.push(path);
            Ok(())
        };
        // This archive's backups (and what an interrupted one left), in the chosen folder and
        // in the default one.
        for dir in [chosen.clone(), paths.backup_dir()] {
            for (name, path) in entries(&dir) {
                let name = name
                    .strip_prefix('.')
                    .and_then(|n| n.strip_suffix(".tmp"))
                    .unwrap_or(&name);
                let ours = sportello_core::backup::parse_backup_file_name(name)
                    .is_some_and(|(_, tag)| tags.contains(&tag))
                    || tags
                        .iter()
                        .any(|t| name == crate::retention::register_file_name(t));
                if ours {
                    remove(path)?;
                }
            }
        }
        // The keys first: from then on nothing left is readable.
        for (name, path) in entries(&paths.dir.join(keyfiles::OPERATORS_DIR)) {
            if name
                .strip_suffix(".age")
                .is_some_and(crate::keys::valid_file_id)
            {
                remove(path)?;
            }
        }
        let keys = [paths.key_file(), paths.recovery_file()];
        for (name, path) in entries(&paths.dir) {
            if keys.iter().any(|k| is_file_of(&name, &file_name(k))) {
                remove(path)?;
            }
        }
        sync_dir(&paths.dir)?;
        // Then the rest of the archive's own files: the folder may have been chosen among her
        // others, which stay.
        let own = [
            paths.database(),
            paths.manifest(),
            paths.dir.join(crate::lockfile::LOCK_FILE),
            paths.dir.join(keyfiles::ROTATION_READY),
        ];
        for (name, path) in entries(&paths.dir) {
            if own.iter().any(|k| is_file_of(&name, &file_name(k))) {
                remove(path)?;
            }
        }
        drop(exclusive);
        // Each folder goes only when nothing else is left in it.
        for dir in [
            paths.dir.join(keyfiles::OPERATORS_DIR),
            paths.backup_dir(),
            paths.dir.clone(),
        ] {
            if fs::remove_dir(&dir).is_ok() {
                removed.push(dir);
            }
        }
        Ok(removed)
    }
}

/// The files of a folder, by name (none when it is not there).
fn entries(dir: &Path) -> Vec<(String, PathBuf)> {
    fs::read_dir(dir)
        .map(|list| {
            list.flatten()
                .filter(|e| e.path().is_file())
                .filter_map(|e| Some((e.file_name().to_str()?.to_owned(), e.path())))
                .collect()
        })
        .unwrap_or_default()
}

fn file_name(path: &Path) -> String {
    crate::backup::file_name(path)
}

/// `name` is the file `base` or one the archive makes beside it: SQLite's `-wal`, `-shm`,
/// `-journal`; a restore's `.ripristino` and `.prima-del-ripristino`; a rotation's `.nuova`;
/// an atomic write's `.chiave.age.1234.tmp`.
fn is_file_of(name: &str, base: &str) -> bool {
    if let Some(pid) = name
        .strip_prefix('.')
        .and_then(|n| n.strip_prefix(base))
        .and_then(|n| n.strip_prefix('.'))
        .and_then(|n| n.strip_suffix(".tmp"))
    {
        return !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit());
    }
    let Some(rest) = name.strip_prefix(base) else {
        return false;
    };
    let rest = [".prima-del-ripristino", ".ripristino", ".nuova"]
        .iter()
        .find_map(|aside| rest.strip_prefix(aside))
        .unwrap_or(rest);
    ["", "-wal", "-shm", "-journal"].contains(&rest)
}

#[cfg(test)]
mod tests {
    use super::is_file_of;

    #[test]
    fn the_wipe_knows_the_archives_own_files_and_nothing_else() {
        for ours in [
            "archivio.db",
            "archivio.db-wal",
            "archivio.db.prima-del-ripristino",
            "archivio.db.ripristino-journal",
            "archivio.db.nuova",
            ".chiave.age.1234.tmp",
        ] {
            let base = if ours.contains("chiave") {
                "chiave.age"
            } else {
                "archivio.db"
            };
            assert!(is_file_of(ours, base), "{ours}");
        }
        for hers in [
            "archivio.db-note.csv",
            "archivio.dbx",
            "sportello.json.txt",
            ".chiave.age.bak.tmp",
            "chiave.age.copia",
        ] {
            let base = if hers.starts_with("sportello") {
                "sportello.json"
            } else if hers.contains("chiave") {
                "chiave.age"
            } else {
                "archivio.db"
            };
            assert!(!is_file_of(hers, base), "{hers}");
        }
    }
}
