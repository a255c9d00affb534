//! The key files on disk (see [`crate::keys`] for what they hold): writing them, opening them
//! with a passphrase or the recovery key, moving a format-1 archive to operator key files, and
//! a rotation's files staged beside the current ones and put in place all together.

use crate::archive::sha256_hex;
use crate::error::{ArchiveError, Result};
use crate::fsutil::{create_private_dir, sync_dir, write_atomic};
use crate::keys::{valid_file_id, KeyMaterial, OpenError, OperatorIdentity, RecoveryKey};
use crate::paths::ArchivePaths;
use age::secrecy::SecretString;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The folder of the operators' key files.
pub const OPERATORS_DIR: &str = "operatori";
/// The suffix of a rotation's staged files.
const STAGED: &str = "nuova";
/// Written once every staged file of a rotation is complete: from then on the rotation is
/// finished (at the latest at the next unlock), never undone.
pub(crate) const ROTATION_READY: &str = "rotazione.pronta";

/// The public, non-secret facts about an archive, kept beside it in `sportello.json`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Manifest {
    pub(crate) format: u32,
    /// SHA-256 of `chiave.age` as last written, to tell a damaged key file from a wrong key.
    pub(crate) key_file_sha256: String,
    /// SHA-256 of each operator's key file, by its name.
    #[serde(default)]
    pub(crate) operator_files: BTreeMap<String, String>,
    /// The checksum of an operator's key file about to be replaced, recorded before the file
    /// is written: after a crash between the two writes the new file is still known as hers,
    /// so a wrong passphrase is told as wrong, never as damage.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) operator_files_pending: BTreeMap<String, String>,
    /// The recovery recipient (public key), for information: backups use the copy inside the
    /// encrypted key material, which nobody can alter.
    pub(crate) recovery_recipient: String,
}

/// The keys opened with a passphrase, and the operator whose passphrase it was.
pub(crate) struct Opened {
    pub keys: KeyMaterial,
    pub operator: OperatorIdentity,
}

pub(crate) fn read_manifest(paths: &ArchivePaths) -> Option<Manifest> {
    fs::read(paths.manifest())
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
}

fn manifest_json(manifest: &Manifest) -> Result<Vec<u8>> {
    serde_json::to_vec_pretty(manifest).map_err(|e| ArchiveError::Rejected(e.to_string()))
}

fn operator_file(paths: &ArchivePaths, file_id: &str) -> PathBuf {
    paths.dir.join(OPERATORS_DIR).join(format!("{file_id}.age"))
}

fn staged(path: &Path) -> PathBuf {
    PathBuf::from(format!("{}.{STAGED}", path.display()))
}

/// The files a rotation replaces, in the order they are put in place.
fn rotated_files(paths: &ArchivePaths) -> [PathBuf; 4] {
    [
        paths.database(),
        paths.key_file(),
        paths.recovery_file(),
        paths.manifest(),
    ]
}

/// `chiave.age`, `chiave-recupero.age` and `sportello.json` for `keys` (written to `target`,
/// which maps each final path to where it goes: itself, or its staged twin).
fn write_shared_files(
    paths: &ArchivePaths,
    keys: &KeyMaterial,
    target: impl Fn(PathBuf) -> PathBuf,
) -> Result<()> {
    let recovery = keys.seal_for_recovery()?;
    write_atomic(&target(paths.recovery_file()), &recovery)?;
    let sealed = keys.seal_for_operators()?;
    write_atomic(&target(paths.key_file()), &sealed)?;
    crate::crash::point(crate::crash::AFTER_KEY_FILE);
    let mut manifest = read_manifest(paths).unwrap_or_default();
    manifest.format = 2;
    manifest.key_file_sha256 = sha256_hex(&sealed);
    manifest.recovery_recipient = keys
        .recovery_recipient
        .as_ref()
        .map(|r| r.to_string())
        .unwrap_or_default();
    manifest
        .operator_files
        .retain(|id, _| keys.operators.iter().any(|o| &o.file_id == id));
    manifest
        .operator_files_pending
        .retain(|id, _| keys.operators.iter().any(|o| &o.file_id == id));
    Ok(write_atomic(
        &target(paths.manifest()),
        &manifest_json(&manifest)?,
    )?)
}

/// Writes the key files of `keys` in place.
pub(crate) fn write_key_files(paths: &ArchivePaths, keys: &KeyMaterial) -> Result<()> {
    write_shared_files(paths, keys, |p| p)
}

/// Writes (or replaces) an operator's key file under her passphrase, and its checksum.
pub(crate) fn write_operator_file(
    paths: &ArchivePaths,
    operator: &OperatorIdentity,
    passphrase: &SecretString,
) -> Result<()> {
    create_private_dir(&paths.dir.join(OPERATORS_DIR))?;
    let sealed = operator.seal(passphrase)?;
    let sha = sha256_hex(&sealed);
    // The new checksum first (as pending), then the file, then the checksum in force.
    let mut manifest = read_manifest(paths).unwrap_or_default();
    manifest
        .operator_files_pending
        .insert(operator.file_id.clone(), sha.clone());
    write_atomic(&paths.manifest(), &manifest_json(&manifest)?)?;
    write_atomic(&operator_file(paths, &operator.file_id), &sealed)?;
    crate::crash::point(crate::crash::AFTER_OPERATOR_FILE);
    manifest.operator_files_pending.remove(&operator.file_id);
    manifest
        .operator_files
        .insert(operator.file_id.clone(), sha);
    Ok(write_atomic(&paths.manifest(), &manifest_json(&manifest)?)?)
}

/// Whether `passphrase` opens `operator`'s own key file (asked again before a key change).
pub(crate) fn check_operator_passphrase(
    paths: &ArchivePaths,
    operator: &OperatorIdentity,
    passphrase: &SecretString,
) -> Result<()> {
    let bytes = fs::read(operator_file(paths, &operator.file_id))?;
    match OperatorIdentity::open(&operator.file_id, &bytes, passphrase) {
        Ok(_) => Ok(()),
        Err(OpenError::WrongSecret) => Err(ArchiveError::WrongPassphrase),
        Err(OpenError::Damaged) => Err(ArchiveError::KeyFileDamaged),
    }
}

/// Removes an operator's key file that no longer opens anything (and its checksums).
pub(crate) fn remove_operator_file(paths: &ArchivePaths, file_id: &str) -> Result<()> {
    match fs::remove_file(operator_file(paths, file_id)) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e.into()),
    }
    sync_dir(&paths.dir.join(OPERATORS_DIR))?;
    let mut manifest = read_manifest(paths).unwrap_or_default();
    manifest.operator_files.remove(file_id);
    manifest.operator_files_pending.remove(file_id);
    Ok(write_atomic(&paths.manifest(), &manifest_json(&manifest)?)?)
}

/// Whether `passphrase` opens the key file of an operator listed in `keys` (`except` aside):
/// a new or changed passphrase must not. A file no entry lists (left by a change cut short)
/// belongs to no one and does not count.
pub(crate) fn passphrase_opens_a_file(
    paths: &ArchivePaths,
    keys: &KeyMaterial,
    passphrase: &SecretString,
    except: Option<&str>,
) -> Result<bool> {
    for (file_id, path) in operator_files(paths) {
        let listed = keys.operators.iter().any(|o| o.file_id == file_id);
        if !listed || except == Some(file_id.as_str()) {
            continue;
        }
        let bytes = fs::read(&path)?;
        if OperatorIdentity::open(&file_id, &bytes, passphrase).is_ok() {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The operators' key files present, by name.
fn operator_files(paths: &ArchivePaths) -> Vec<(String, PathBuf)> {
    let Ok(entries) = fs::read_dir(paths.dir.join(OPERATORS_DIR)) else {
        return Vec::new();
    };
    let mut found: Vec<(String, PathBuf)> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_str()?.strip_suffix(".age")?.to_owned();
            valid_file_id(&name).then(|| (name, e.path()))
        })
        .collect();
    found.sort();
    found
}

fn read_file(paths: &ArchivePaths, path: &Path, missing: ArchiveError) -> Result<Vec<u8>> {
    match fs::read(path) {
        Ok(bytes) => Ok(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if paths.database().exists() {
                Err(missing)
            } else {
                Err(ArchiveError::NotFound(paths.dir.clone()))
            }
        }
        Err(e) => Err(e.into()),
    }
}

/// Opens the keys with a passphrase: tried against each operator's key file; an archive of
/// format 1 (the keys under the passphrase directly) is moved to operator key files. The
/// caller holds `archivio.lock` and has finished an interrupted rotation
/// ([`finish_interrupted_rotation`]).
pub(crate) fn open_with_passphrase(
    paths: &ArchivePaths,
    passphrase: &SecretString,
) -> Result<Opened> {
    let mut every = open_every_file_with_passphrase(paths, passphrase, false)?;
    Ok(every.remove(0))
}

/// Every operator's key file `passphrase` opens (at least one; all of them when `every`, else
/// the first found): two operators who chose the same passphrase are told apart by name.
pub(crate) fn open_every_file_with_passphrase(
    paths: &ArchivePaths,
    passphrase: &SecretString,
    every: bool,
) -> Result<Vec<Opened>> {
    match find_with_passphrase(paths, passphrase, every)? {
        Found::Operators(opened) => Ok(opened),
        Found::Format1 {
            keys,
            manifest,
            stray,
        } => Ok(vec![move_to_operator_files(
            paths,
            keys,
            passphrase,
            manifest.as_ref(),
            stray,
        )?]),
    }
}

/// The keys opened with a passphrase without writing anything (an archive of format 1 is not
/// moved): what `verify` reads before it has checked the database.
pub(crate) fn keys_with_passphrase_untouched(
    paths: &ArchivePaths,
    passphrase: &SecretString,
) -> Result<KeyMaterial> {
    Ok(match find_with_passphrase(paths, passphrase, false)? {
        Found::Operators(mut opened) => opened.remove(0).keys,
        Found::Format1 { keys, .. } => keys,
    })
}

/// What a passphrase opened: an operator's key file and `chiave.age` through it, or a
/// `chiave.age` of format 1 (sealed to the passphrase itself), still to be moved.
// Made once per unlock: the size difference between variants costs nothing.
#[allow(clippy::large_enum_variant)]
enum Found {
    /// Never empty.
    Operators(Vec<Opened>),
    Format1 {
        keys: KeyMaterial,
        manifest: Option<Manifest>,
        stray: Option<OperatorIdentity>,
    },
}

fn find_with_passphrase(
    paths: &ArchivePaths,
    passphrase: &SecretString,
    every: bool,
) -> Result<Found> {
    let sealed = read_file(paths, &paths.key_file(), ArchiveError::KeyFileMissing)?;
    let mut found = Vec::new();
    let manifest = read_manifest(paths);
    let mut altered = false;
    // Her file opened but `chiave.age` is not sealed to it: a move to operator files was
    // interrupted (it is done again below, with this identity).
    let mut stray = None;
    for (file_id, path) in operator_files(paths) {
        let bytes = fs::read(&path)?;
        match OperatorIdentity::open(&file_id, &bytes, passphrase) {
            Ok(operator) => match KeyMaterial::open_with_identity(&sealed, operator.identity()) {
                Ok(keys) => {
                    found.push(Opened { keys, operator });
                    if !every {
                        break;
                    }
                }
                Err(OpenError::WrongSecret) => stray = stray.or(Some(operator)),
                Err(OpenError::Damaged) => return Err(ArchiveError::KeyFileDamaged),
            },
            Err(OpenError::Damaged) => altered = true,
            Err(OpenError::WrongSecret) => {
                // An altered wrapped key looks exactly like a wrong passphrase to age; the
                // checksum recorded when the file was written tells the two apart.
                let sha = sha256_hex(&bytes);
                let recorded = manifest
                    .as_ref()
                    .and_then(|m| m.operator_files.get(&file_id));
                let pending = manifest
                    .as_ref()
                    .and_then(|m| m.operator_files_pending.get(&file_id));
                altered |= recorded.is_some_and(|r| *r != sha) && pending != Some(&sha);
            }
        }
    }
    if !found.is_empty() {
        return Ok(Found::Operators(found));
    }
    match KeyMaterial::open_with_passphrase(&sealed, passphrase) {
        Ok(keys) => Ok(Found::Format1 {
            keys,
            manifest,
            stray,
        }),
        Err(_) if altered => Err(ArchiveError::KeyFileDamaged),
        // A format-1 `chiave.age` altered: its checksum says so (with operator files present,
        // a move to format 2 was cut short and the checksum may be stale).
        Err(OpenError::WrongSecret)
            if operator_files(paths).is_empty()
                && manifest.as_ref().is_some_and(|m| m.format < 2)
                && manifest.is_some_and(|m| m.key_file_sha256 != sha256_hex(&sealed)) =>
        {
            Err(ArchiveError::KeyFileDamaged)
        }
        Err(OpenError::WrongSecret) => Err(ArchiveError::WrongPassphrase),
        Err(OpenError::Damaged) if operator_files(paths).is_empty() => {
            Err(ArchiveError::KeyFileDamaged)
        }
        // `chiave.age` of format 2 is not for a passphrase: the passphrase opened no
        // operator's file.
        Err(OpenError::Damaged) => Err(ArchiveError::WrongPassphrase),
    }
}

/// Format 1 → 2: a key file for the operator, `chiave.age` to her recipient, the recovery
/// recipient (from `sportello.json`) kept inside the key material from now on.
fn move_to_operator_files(
    paths: &ArchivePaths,
    mut keys: KeyMaterial,
    passphrase: &SecretString,
    manifest: Option<&Manifest>,
    stray: Option<OperatorIdentity>,
) -> Result<Opened> {
    let operator = stray.unwrap_or_else(OperatorIdentity::generate);
    keys.operators = vec![operator.entry()];
    if keys.recovery_recipient.is_none() {
        keys.recovery_recipient = manifest.and_then(|m| m.recovery_recipient.parse().ok());
    }
    write_operator_file(paths, &operator, passphrase)?;
    if keys.recovery_recipient.is_some() {
        write_key_files(paths, &keys)?;
    } else {
        // Without a known recovery recipient `chiave-recupero.age` stays as it was.
        let sealed = keys.seal_for_operators()?;
        write_atomic(&paths.key_file(), &sealed)?;
        let mut manifest = read_manifest(paths).unwrap_or_default();
        manifest.format = 2;
        manifest.key_file_sha256 = sha256_hex(&sealed);
        write_atomic(&paths.manifest(), &manifest_json(&manifest)?)?;
    }
    Ok(Opened { keys, operator })
}

/// Opens the keys with the recovery key of the printed kit.
pub(crate) fn open_with_recovery(
    paths: &ArchivePaths,
    recovery: &RecoveryKey,
) -> Result<KeyMaterial> {
    let sealed = read_file(
        paths,
        &paths.recovery_file(),
        ArchiveError::RecoveryFileMissing,
    )?;
    KeyMaterial::open_with_identity(&sealed, recovery.identity()).map_err(|e| match e {
        OpenError::WrongSecret => ArchiveError::WrongRecoveryKey,
        OpenError::Damaged => ArchiveError::RecoveryFileDamaged,
    })
}

/// The first step of a rotation: the database copied under the new key and the new key files,
/// all beside the current ones. Nothing current is touched; a failure leaves only staged
/// files, removed by [`discard_rotation`].
pub(crate) fn stage_rotation(
    conn: &mut rusqlite::Connection,
    paths: &ArchivePaths,
    new_keys: &KeyMaterial,
    job: &std::sync::Arc<crate::job::Job>,
) -> Result<()> {
    discard_rotation(paths)?;
    let copy = staged(&paths.database());
    // The connection may not create files (it opened an existing archive): an empty file is
    // an empty database to attach.
    crate::backup::private_new_file(&copy)?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    // The key is bound, not spliced into the statement's text.
    conn.execute(
        "ATTACH DATABASE ?1 AS rotated KEY ?2",
        rusqlite::params![
            copy.to_string_lossy(),
            new_keys.sqlcipher_key_text().as_str()
        ],
    )?;
    // How far the copy got: its file against the database's, checked every few thousand
    // steps of SQLite, which also stop when the job is cancelled.
    let total = fs::metadata(paths.database())
        .map(|m| m.len().max(1))
        .unwrap_or(1);
    let (watched, progress) = (copy.clone(), std::sync::Arc::clone(job));
    conn.progress_handler(
        4000,
        Some(move || {
            let written = fs::metadata(&watched).map(|m| m.len()).unwrap_or(0);
            let share = (written.min(total) * 80 / total) as u8;
            progress.set_percent(5 + share);
            progress.is_cancelled()
        }),
    )?;
    let copied = conn.query_row("SELECT sqlcipher_export('rotated')", [], |_| Ok(()));
    conn.progress_handler(0, None::<fn() -> bool>)?;
    let exported = job
        .checked(copied.map_err(ArchiveError::from))
        .and_then(|()| job.step(85, crate::job::Stage::RekeyChecking))
        .and_then(|()| {
            conn.pragma_update(Some("rotated"), "user_version", version)
                .map_err(ArchiveError::from)
        })
        .and_then(|()| copy_matches(conn));
    conn.execute_batch("DETACH DATABASE rotated;")?;
    exported?;
    fs::File::open(&copy)?.sync_all()?;
    write_shared_files(paths, new_keys, |p| staged(&p))?;
    sync_dir(&paths.dir)?;
    Ok(())
}

/// The copy attached as `rotated`, read back through its new key before anything is decided:
/// SQLite's structure check passes and every table holds as many rows as the original.
fn copy_matches(conn: &rusqlite::Connection) -> Result<()> {
    let refused = |why: String| {
        ArchiveError::Rejected(format!(
            "La copia ricifrata dell'archivio non corrisponde all'originale ({why}): la chiave non è stata cambiata."
        ))
    };
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for table in tables {
        let quoted = table.replace('"', "\"\"");
        let count = |schema: &str| -> rusqlite::Result<i64> {
            conn.query_row(
                &format!("SELECT count(*) FROM {schema}.\"{quoted}\""),
                [],
                |r| r.get(0),
            )
        };
        let (original, copy) = (count("main")?, count("rotated").unwrap_or(-1));
        if original != copy {
            return Err(refused(format!(
                "tabella {table}, righe: {copy} invece di {original}"
            )));
        }
    }
    let check: String = conn.query_row("PRAGMA rotated.quick_check", [], |r| r.get(0))?;
    if check != "ok" {
        return Err(refused(check));
    }
    Ok(())
}

/// Removes what an unfinished rotation staged.
pub(crate) fn discard_rotation(paths: &ArchivePaths) -> Result<()> {
    for file in rotated_files(paths) {
        for path in [
            staged(&file),
            PathBuf::from(format!("{}-journal", staged(&file).display())),
        ] {
            match fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
                _ => {}
            }
        }
    }
    Ok(())
}

/// The decision, once the database is closed and everything is staged: from the moment the
/// marker is written the rotation is done (its files are put in place by
/// [`finish_interrupted_rotation`], now or at the next unlock after a crash).
pub(crate) fn mark_rotation_ready(paths: &ArchivePaths) -> Result<()> {
    Ok(write_atomic(&paths.dir.join(ROTATION_READY), b"")?)
}

/// With the archive held alone: a rotation whose files were all staged is finished; one
/// interrupted while staging is forgotten (the current files were never touched).
pub(crate) fn finish_interrupted_rotation(paths: &ArchivePaths) -> Result<()> {
    let marker = paths.dir.join(ROTATION_READY);
    if !marker.exists() {
        return discard_rotation(paths);
    }
    for file in rotated_files(paths) {
        let new = staged(&file);
        if new.exists() {
            if file == paths.database() {
                // The old database's WAL and shared memory belong to the old key.
                for suffix in ["-wal", "-shm"] {
                    let _ = fs::remove_file(format!("{}{suffix}", file.display()));
                }
            }
            fs::rename(&new, &file)?;
        }
    }
    sync_dir(&paths.dir)?;
    fs::remove_file(&marker)?;
    Ok(sync_dir(&paths.dir)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_that_lost_rows_is_refused_before_the_decision() {
        let conn = rusqlite::Connection::open_in_memory().expect("memory");
        conn.execute_batch(
            "ATTACH DATABASE ':memory:' AS rotated;
             CREATE TABLE main.person (id INTEGER);
             CREATE TABLE rotated.person (id INTEGER);
             INSERT INTO main.person VALUES (1), (2);
             INSERT INTO rotated.person VALUES (1), (2);",
        )
        .expect("tables");
        copy_matches(&conn).expect("the same rows");
        conn.execute_batch("DELETE FROM rotated.person WHERE id = 2;")
            .expect("lose a row");
        let refused = copy_matches(&conn).expect_err("a row lost");
        assert_eq!(
            refused.to_string(),
            "La copia ricifrata dell'archivio non corrisponde all'originale (tabella person, righe: 1 invece di 2): la chiave non è stata cambiata."
        );
    }
}
