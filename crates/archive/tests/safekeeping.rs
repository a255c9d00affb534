//! The archive beyond this laptop, through the real files: a new recovery key rotates the
//! keys so the old kit (with an old copy of `chiave-recupero.age`) opens nothing written
//! afterwards; a backup restored on a new computer with the kit; the handover package read by
//! Debian's `age` and `sqlite3`, opened into a new archive, and the wipe that follows; an
//! archive of format 1 moved to operator key files.

mod common;

use common::{age_into_sqlite, at, demo, made, sqlite_count};
use sportello_archive::backup::restore_with_passphrase;
use sportello_archive::handover::{read_identity_file, restore_as_new, Recovery};
use sportello_archive::{Archive, ArchiveError, ArchivePaths, ExposeSecret, RecoveryKey};
use std::path::Path;

fn kit_file(dir: &Path, name: &str, recovery: &RecoveryKey) -> std::path::PathBuf {
    let file = dir.join(name);
    std::fs::write(&file, recovery.secret_text().expose_secret()).expect("kit");
    file
}

fn persons(archive: &Archive) -> u64 {
    archive.counts().expect("counts").persons
}

#[test]
fn a_new_recovery_key_leaves_the_old_kit_and_its_file_opening_nothing_written_afterwards() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (paths, mut archive, old_kit) = demo(tmp.path());
    let stick = made(tmp.path().join("chiavetta"));
    let before = archive
        .backup_to(&stick, at(24, 18))
        .expect("backup before");
    let old_recovery_file = std::fs::read(paths.recovery_file()).expect("old file");
    let counts = archive.counts().expect("counts");

    let new_kit = archive.new_recovery_key().expect("rotation");
    // The same archive, still open and writable, under its new keys.
    assert_eq!(archive.counts().expect("counts"), counts);
    assert!(archive.verify().expect("verify").is_sound());
    let after = archive.backup_to(&stick, at(25, 18)).expect("backup after");
    archive.lock().expect("lock");
    assert!(!paths.dir.join("rotazione.pronta").exists());
    assert!(!paths.dir.join("archivio.db.nuova").exists());

    // The new kit and the passphrase open it; the old kit does not.
    Archive::unlock_with_recovery(&paths, &new_kit)
        .expect("the new kit opens")
        .lock()
        .expect("lock");
    Archive::unlock(&paths, &common::passphrase())
        .expect("the passphrase still opens")
        .lock()
        .expect("lock");
    assert!(matches!(
        Archive::unlock_with_recovery(&paths, &old_kit),
        Err(ArchiveError::WrongRecoveryKey)
    ));
    // Nor does it with a copy of the old chiave-recupero.age put back: that file holds the old
    // database key, which no longer opens the database.
    let (_copy_dir, copy) = {
        let t = tempfile::tempdir().expect("tmp");
        let copy = ArchivePaths::new(t.path().join("dati"));
        for (path, bytes) in common::snapshot(&paths.dir) {
            let to = copy
                .dir
                .join(path.strip_prefix(&paths.dir).expect("inside"));
            std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
            std::fs::write(to, bytes).expect("copy");
        }
        (t, copy)
    };
    std::fs::write(copy.recovery_file(), &old_recovery_file).expect("old file back");
    let refused = Archive::unlock_with_recovery(&copy, &old_kit)
        .err()
        .expect("the old kit and its old file open nothing");
    assert!(
        matches!(refused, ArchiveError::DatabaseDamaged(_)),
        "{refused}"
    );

    // Backups: the one written after the change is closed to the old kit, open to the new;
    // the one written before still opens with the kit of its time, and restores with the
    // passphrase.
    let old_identity = kit_file(tmp.path(), "vecchio.txt", &old_kit);
    let new_identity = kit_file(tmp.path(), "nuovo.txt", &new_kit);
    let (read, _) = age_into_sqlite(&old_identity, &after.path, &tmp.path().join("a.db"));
    assert!(
        !read,
        "the old kit opened a backup written after the change"
    );
    let (read, why) = age_into_sqlite(&new_identity, &after.path, &tmp.path().join("b.db"));
    assert!(read, "{why}");
    let (read, why) = age_into_sqlite(&old_identity, &before.path, &tmp.path().join("c.db"));
    assert!(read, "{why}");
    assert_eq!(
        sqlite_count(
            &tmp.path().join("c.db"),
            "SELECT count(*) FROM person WHERE deleted_at IS NULL AND anonymous = 0"
        ),
        counts.persons
    );
    restore_with_passphrase(&paths, &common::passphrase(), &before.path)
        .expect("an old backup restores with the passphrase");
}

/// A copy of the archive's folder as it is now (its key files, its database).
fn copy_of(paths: &ArchivePaths) -> (tempfile::TempDir, ArchivePaths) {
    let t = tempfile::tempdir().expect("tmp");
    let copy = ArchivePaths::new(t.path().join("dati"));
    for (path, bytes) in common::snapshot(&paths.dir) {
        let to = copy
            .dir
            .join(path.strip_prefix(&paths.dir).expect("inside"));
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::write(to, bytes).expect("copy");
    }
    (t, copy)
}

#[test]
fn after_a_change_of_the_archive_key_her_old_key_files_open_nothing_written_afterwards() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (paths, mut archive, kit) = demo(tmp.path());
    let stick = made(tmp.path().join("chiavetta"));
    let before = archive
        .backup_to(&stick, at(24, 18))
        .expect("backup before");
    let counts = archive.counts().expect("counts");
    archive.lock().expect("lock");
    // What a saved copy of the laptop's folder holds: her old key file and the old chiave.age.
    let (_old_dir, old) = copy_of(&paths);

    let mut archive = Archive::unlock(&paths, &common::passphrase()).expect("unlock");
    assert!(matches!(
        archive.change_archive_key(&"non è la sua".to_string().into()),
        Err(ArchiveError::WrongPassphrase)
    ));
    archive
        .change_archive_key(&common::passphrase())
        .expect("change of key");
    assert_eq!(archive.counts().expect("counts"), counts);
    assert!(archive.verify().expect("verify").is_sound());
    let after = archive.backup_to(&stick, at(25, 18)).expect("backup after");
    archive.lock().expect("lock");
    assert_eq!(
        std::fs::read_dir(paths.dir.join("operatori"))
            .expect("operators")
            .count(),
        1,
        "her old key file is gone"
    );

    // The same passphrase and the same kit open the archive under its new key.
    Archive::unlock(&paths, &common::passphrase())
        .expect("the passphrase opens")
        .lock()
        .expect("lock");
    Archive::unlock_with_recovery(&paths, &kit)
        .expect("the kit opens")
        .lock()
        .expect("lock");

    // The old key files with today's database: they open nothing.
    std::fs::copy(paths.database(), old.database()).expect("today's database");
    let _ = std::fs::remove_file(old.dir.join("archivio.db-wal"));
    let refused = Archive::unlock(&old, &common::passphrase())
        .err()
        .expect("the old key files open nothing");
    assert!(
        matches!(refused, ArchiveError::DatabaseDamaged(_)),
        "{refused}"
    );
    // Nor the backup written afterwards; the one written before still restores there.
    let refused = restore_with_passphrase(&old, &common::passphrase(), &after.path)
        .expect_err("the old key files open no later backup");
    assert!(
        matches!(refused, ArchiveError::BackupOfAnotherArchive),
        "{refused}"
    );
    restore_with_passphrase(&old, &common::passphrase(), &before.path)
        .expect("an earlier backup is the old keys' own");
    // And this archive still reads its own earlier backup.
    restore_with_passphrase(&paths, &common::passphrase(), &before.path)
        .expect("an earlier backup restores here");
}

#[test]
fn a_rotation_interrupted_while_staging_is_forgotten_at_the_next_unlock() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (paths, archive, _kit) = common_archive(tmp.path());
    archive.lock().expect("lock");
    // What a rotation killed before its marker leaves: staged files, never the marker.
    std::fs::write(paths.dir.join("archivio.db.nuova"), b"half a database").expect("staged");
    std::fs::write(paths.dir.join("chiave.age.nuova"), b"half a key").expect("staged");
    let archive = Archive::unlock(&paths, &common::passphrase()).expect("opens as before");
    assert!(!paths.dir.join("archivio.db.nuova").exists());
    assert!(!paths.dir.join("chiave.age.nuova").exists());
    archive.lock().expect("lock");
}

fn common_archive(dir: &Path) -> (ArchivePaths, Archive, RecoveryKey) {
    let paths = ArchivePaths::new(dir.join("dati"));
    let (archive, kit) = Archive::create(&paths, &common::passphrase(), None).expect("create");
    (paths, archive, kit)
}

#[test]
fn a_backup_becomes_a_new_archive_on_a_new_computer_with_the_kit() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (_paths, mut archive, kit) = demo(tmp.path());
    let stick = made(tmp.path().join("chiavetta"));
    let backup = archive.backup_to(&stick, at(24, 18)).expect("backup");
    let expected = persons(&archive);
    archive.lock().expect("lock");

    let laptop = ArchivePaths::new(tmp.path().join("portatile-nuovo"));
    let new_pass = sportello_archive::SecretString::from("ciliegia ponte nuvola".to_string());
    // A kit of another archive: refused, nothing made.
    let other = RecoveryKey::generate();
    let refused = restore_as_new(
        &laptop,
        &backup.path,
        other.identity(),
        &new_pass,
        Recovery::Keep(&other),
    )
    .err()
    .expect("another kit");
    assert!(
        matches!(refused, ArchiveError::BackupOfAnotherArchive),
        "{refused}"
    );
    assert!(!laptop.dir.exists(), "a refused restore made the folder");

    let restored = restore_as_new(
        &laptop,
        &backup.path,
        kit.identity(),
        &new_pass,
        Recovery::Keep(&kit),
    )
    .expect("restore on the new computer");
    assert_eq!(restored.summary.rows, backup.rows);
    assert!(restored.new_recovery.is_none(), "the kit stays valid");
    let mut archive = Archive::unlock(&laptop, &new_pass).expect("the new passphrase opens");
    assert_eq!(persons(&archive), expected);
    assert!(archive.verify().expect("verify").is_sound());
    // Its backups carry a new tag: the old ones on the stick are never rotated away.
    let next = archive
        .backup_to(&stick, at(25, 18))
        .expect("backup on the new computer");
    assert!(backup.path.exists());
    assert_ne!(tag_of(&next.path), tag_of(&backup.path));
    archive.lock().expect("lock");
    Archive::unlock_with_recovery(&laptop, &kit)
        .expect("the same kit opens the new archive")
        .lock()
        .expect("lock");
    // The kit's identity is never stored: the backups of before open with the kit, not with
    // the new passphrase.
    let refused = restore_with_passphrase(&laptop, &new_pass, &backup.path)
        .expect_err("an old backup needs the kit");
    assert!(
        matches!(refused, ArchiveError::BackupOfAnotherArchive),
        "{refused}"
    );
}

fn tag_of(file: &Path) -> String {
    let name = file.file_name().and_then(|n| n.to_str()).expect("name");
    sportello_core::backup::parse_backup_file_name(name)
        .expect("a backup name")
        .1
}

#[test]
fn the_handover_package_is_read_by_age_opened_into_a_new_archive_and_the_old_one_wiped() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (paths, mut archive, _kit) = demo(tmp.path());
    let stick = made(tmp.path().join("chiavetta"));
    archive.set_backup_dir(&stick).expect("folder");
    let backup = archive.backup_to(&stick, at(24, 18)).expect("backup");
    // Another archive's backup on the same stick: the wipe leaves it alone.
    let foreign = stick.join("sportello-20261101-090000-0badcafe.age");
    std::fs::write(&foreign, b"another archive").expect("foreign");
    let counts = archive.counts().expect("counts");

    let comune = age::x25519::Identity::generate();
    let identity_file = tmp.path().join("identita-comune.txt");
    std::fs::write(
        &identity_file,
        format!(
            "# created: 2026-11-26\n# public key: {}\n{}\n",
            comune.to_public(),
            comune.to_string().expose_secret()
        ),
    )
    .expect("identity");
    let out = tmp.path().join("consegna.age");

    // Bad input first: a recipient that is not an age key, a file already there.
    let refused = archive
        .handover_to("not-a-key", &out, at(26, 10))
        .expect_err("bad key");
    assert!(
        refused.to_string().contains("Destinatario non valido"),
        "{refused}"
    );
    std::fs::write(&out, b"keep me").expect("existing");
    let refused = archive
        .handover_to(&comune.to_public().to_string(), &out, at(26, 10))
        .expect_err("exists");
    assert!(refused.to_string().contains("esiste già"), "{refused}");
    assert_eq!(std::fs::read(&out).expect("kept"), b"keep me");
    std::fs::remove_file(&out).expect("rm");

    let done = archive
        .handover_to(&comune.to_public().to_string(), &out, at(26, 10))
        .expect("handover");
    assert!(done
        .index
        .iter()
        .any(|l| l.contains(&format!("{} persone", counts.persons))));

    // Nothing personal in clear in the package.
    let mut canaries = Vec::new();
    for p in archive.find_persons("", 40).expect("persons") {
        if let sportello_core::model::Identity::Named { surname, .. } =
            &archive.person(p.id).expect("person").data.identity
        {
            canaries.push(surname.clone());
        }
    }
    assert!(canaries.len() >= 10);
    let canaries: Vec<&str> = canaries.iter().map(String::as_str).collect();
    let package_dir = tmp.path().join("solo-pacchetto");
    std::fs::create_dir(&package_dir).expect("dir");
    std::fs::copy(&out, package_dir.join("consegna.age")).expect("copy");
    assert_eq!(common::canary_hits(&package_dir, &canaries), Vec::new());

    // The comune reads it with the standard tools alone, the index first.
    let copy = tmp.path().join("consegna.db");
    let (read, why) = age_into_sqlite(&identity_file, &out, &copy);
    assert!(read, "{why}");
    assert_eq!(
        sqlite_count(
            &copy,
            "SELECT count(*) FROM person WHERE deleted_at IS NULL AND anonymous = 0"
        ),
        counts.persons
    );
    let plain = std::process::Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(&identity_file)
        .arg(&out)
        .output()
        .expect("age");
    let head: Vec<String> = String::from_utf8_lossy(&plain.stdout)
        .lines()
        .take(8)
        .map(str::to_owned)
        .collect();
    assert!(
        head.iter()
            .any(|l| l.starts_with("-- Passaggio di consegne")),
        "{head:?}"
    );
    // The archive's own kit does not open it: it is for the comune only.
    let (read, _) = age_into_sqlite(
        &kit_file(tmp.path(), "kit.txt", &_kit),
        &out,
        &tmp.path().join("no.db"),
    );
    assert!(!read);

    // Opened into a new archive, with its own passphrase and a new recovery key.
    let next = ArchivePaths::new(tmp.path().join("nuovo-gestore"));
    let pass = sportello_archive::SecretString::from("mandorla fiume lanterna".to_string());
    let wrong = read_identity_file(&identity_file)
        .map(|_| age::x25519::Identity::generate())
        .expect("id");
    let refused = restore_as_new(&next, &out, &wrong, &pass, Recovery::Issue)
        .err()
        .expect("wrong id");
    assert!(
        matches!(refused, ArchiveError::BackupOfAnotherArchive),
        "{refused}"
    );
    assert!(!next.dir.exists());
    let opened = restore_as_new(
        &next,
        &out,
        &read_identity_file(&identity_file).expect("id"),
        &pass,
        Recovery::Issue,
    )
    .expect("open the package");
    let new_kit = opened.new_recovery.expect("a new recovery key");
    let received = Archive::unlock(&next, &pass).expect("opens");
    assert_eq!(received.counts().expect("counts"), counts);
    assert!(received.verify().expect("verify").is_sound());
    received.lock().expect("lock");
    Archive::unlock_with_recovery(&next, &new_kit)
        .expect("its kit")
        .lock()
        .expect("lock");

    // The wipe: this archive's backups and files go, the other archive's backup stays.
    let removed = archive.wipe().expect("wipe");
    assert!(removed.contains(&backup.path));
    assert!(!backup.path.exists());
    assert!(foreign.exists(), "another archive's backup was removed");
    assert!(!paths.dir.exists(), "the data folder is left: {removed:?}");
    assert!(matches!(
        Archive::unlock(&paths, &common::passphrase()),
        Err(ArchiveError::NotFound(_))
    ));
}

/// A copy whose SQL was altered (encrypted again to the right key) is refused before anything
/// is made: a statement that attaches another file, one that is not a record, a table the
/// schema of its version does not have.
#[test]
fn a_copy_with_foreign_sql_is_refused_and_makes_nothing() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (_paths, mut archive, kit) = demo(tmp.path());
    let backup = archive
        .backup_to(&made(tmp.path().join("copie")), at(24, 18))
        .expect("backup");
    archive.lock().expect("lock");
    let identity = kit_file(tmp.path(), "kit.txt", &kit);
    let plain = std::process::Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(&identity)
        .arg(&backup.path)
        .output()
        .expect("age");
    assert!(plain.status.success());
    let text = String::from_utf8(plain.stdout).expect("utf-8");
    let outside = tmp.path().join("fuori.db");
    let attach = format!("ATTACH DATABASE '{}' AS fuori;", outside.display());
    let cases = [
        ("attach", text.replacen("-- sportello:dati\n", &format!("{attach}\nCREATE TABLE fuori.x(a);\n-- sportello:dati\n"), 1)),
        ("not-a-record", text.replacen("-- sportello:dati\n", "-- sportello:dati\nDELETE FROM person;\n", 1)),
        ("extra-table", text.replacen("-- sportello:dati\n", "CREATE TABLE spia(a);\n-- sportello:dati\n", 1)),
        ("extra-trigger", text.replacen("PRAGMA user_version", "CREATE TRIGGER spia AFTER INSERT ON person BEGIN SELECT 1; END;\nPRAGMA user_version", 1)),
        ("wrong-version", text.replacen(&format!("PRAGMA user_version={};", sportello_archive::store::SCHEMA_VERSION), "PRAGMA user_version=99;", 1)),
    ];
    for (name, altered) in cases {
        assert_ne!(altered, text, "{name}: the alteration applies");
        let plain_file = tmp.path().join(format!("{name}.sql"));
        std::fs::write(&plain_file, altered).expect("plain");
        let crafted = tmp.path().join(format!("{name}.age"));
        let status = std::process::Command::new("age")
            .arg("-r")
            .arg(kit.recipient().to_string())
            .arg("-o")
            .arg(&crafted)
            .arg(&plain_file)
            .status()
            .expect("age");
        assert!(status.success());
        let target = ArchivePaths::new(tmp.path().join(format!("nuovo-{name}")));
        let pass = sportello_archive::SecretString::from("ciliegia ponte nuvola".to_string());
        let refused = restore_as_new(
            &target,
            &crafted,
            kit.identity(),
            &pass,
            Recovery::Keep(&kit),
        )
        .err()
        .unwrap_or_else(|| panic!("{name}: a crafted copy was restored"));
        assert!(
            matches!(refused, ArchiveError::BackupDamaged(_)),
            "{name}: {refused}"
        );
        assert!(!target.dir.exists(), "{name}: something was made");
        assert!(!outside.exists(), "{name}: a file was attached");
    }
}

/// A move to operator key files interrupted by a crash leaves a stray key file that the
/// passphrase opens but `chiave.age` is not sealed to: the passphrase still opens the archive.
#[test]
fn a_stray_operator_key_file_does_not_lock_the_passphrase_out() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (paths, archive, _kit) = common_archive(&tmp.path().join("a"));
    archive.lock().expect("lock");
    let (other, archive, _) = common_archive(&tmp.path().join("b"));
    archive.lock().expect("lock");
    let stray = std::fs::read_dir(other.dir.join("operatori"))
        .expect("files")
        .next()
        .expect("one")
        .expect("entry")
        .path();
    // Sorted before her own file: tried first.
    std::fs::copy(
        stray,
        paths.dir.join("operatori").join("0000000000000000.age"),
    )
    .expect("stray");
    Archive::unlock(&paths, &common::passphrase())
        .expect("her own file is tried too")
        .lock()
        .expect("lock");
}

/// The wipe refuses when the chosen backup folder (a USB stick) is not there: its copies would
/// stay readable. Nothing is removed.
#[test]
fn the_wipe_waits_for_the_backup_stick() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (paths, mut archive, _kit) = common_archive(tmp.path());
    let stick = made(tmp.path().join("chiavetta"));
    archive.set_backup_dir(&stick).expect("folder");
    std::fs::remove_dir(&stick).expect("stick out");
    let keys = |p: &ArchivePaths| {
        common::snapshot(&p.dir)
            .into_iter()
            .filter(|(path, _)| path.extension().is_some_and(|e| e == "age"))
            .collect::<Vec<_>>()
    };
    let before = keys(&paths);
    assert_eq!(
        before.len(),
        3,
        "chiave.age, chiave-recupero.age, her key file"
    );
    let refused = archive.wipe().expect_err("stick missing");
    assert!(refused.to_string().contains("non c'è"), "{refused}");
    assert_eq!(keys(&paths), before, "no key file touched");
    Archive::unlock(&paths, &common::passphrase())
        .expect("the archive is all there")
        .lock()
        .expect("lock");
}

/// *Cambia la chiave dell'archivio* as a job: it tells how far the copy got, and cancelled
/// while copying it changes nothing — the same key file opens the same database, and no
/// staged file or new key file is left behind.
#[test]
fn a_change_of_the_archive_key_cancelled_while_copying_changes_nothing() {
    use sportello_archive::job::{Job, Stage};
    use std::sync::Arc;
    let tmp = tempfile::tempdir().expect("tmp");
    let (paths, mut archive, _kit) = demo(tmp.path());
    let counts = archive.counts().expect("counts");
    let files_before: Vec<_> = std::fs::read_dir(&paths.dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    let operators_before: Vec<_> = std::fs::read_dir(paths.dir.join("operatori"))
        .expect("operators")
        .map(|e| e.expect("entry").file_name())
        .collect();
    let job = Arc::new(Job::new());
    // Cancelled as soon as the copy starts.
    let watcher = {
        let job = Arc::clone(&job);
        std::thread::spawn(move || {
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
            while std::time::Instant::now() < deadline {
                match job.progress().1 {
                    Stage::RekeyCopying => {
                        job.cancel();
                        return;
                    }
                    Stage::RekeyFinishing | Stage::Done => return,
                    _ => std::thread::yield_now(),
                }
            }
        })
    };
    let result = archive.change_archive_key_in(&common::passphrase(), &job);
    watcher.join().expect("watcher");
    assert!(matches!(result, Err(ArchiveError::Cancelled)), "{result:?}");
    assert_eq!(archive.counts().expect("counts"), counts);
    archive.lock().expect("lock");
    let mut files_after: Vec<_> = std::fs::read_dir(&paths.dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    files_after.retain(|n| {
        !n.to_string_lossy().ends_with("-wal") && !n.to_string_lossy().ends_with("-shm")
    });
    let mut expected = files_before.clone();
    expected.retain(|n| {
        !n.to_string_lossy().ends_with("-wal") && !n.to_string_lossy().ends_with("-shm")
    });
    files_after.sort();
    expected.sort();
    assert_eq!(files_after, expected, "a staged file was left");
    let operators_after: Vec<_> = std::fs::read_dir(paths.dir.join("operatori"))
        .expect("operators")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(operators_after, operators_before);
    let archive = Archive::unlock(&paths, &common::passphrase()).expect("the same key opens");
    assert!(archive.verify().expect("verify").is_sound());

    // Not cancelled: it goes to the end and says so.
    let mut archive = archive;
    let job = Arc::new(Job::new());
    archive
        .change_archive_key_in(&common::passphrase(), &job)
        .expect("change of key");
    assert_eq!(job.progress(), (100, Stage::Done));
}
