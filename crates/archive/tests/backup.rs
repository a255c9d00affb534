//! Backups and restores through the real encrypted database and the real files: a restore
//! gives back every row of every table; Debian's `age` with the recovery identity and
//! `sqlite3` read a backup without this program; a damaged, truncated or foreign backup is
//! refused with an Italian sentence and changes no file; a restore is refused while the
//! archive is open; nothing personal is in clear in a backup.

mod common;

use common::{at, demo, made};
use sportello_archive::backup::{read_backup, restore_with_passphrase, Section};
use sportello_archive::{Archive, ArchiveError, ArchivePaths, RecoveryKey};
use std::path::{Path, PathBuf};

/// Every data line of a backup, read with the recovery identity: two archives with the same
/// lines have the same rows in every table.
fn rows_of(file: &Path, recovery: &RecoveryKey) -> Vec<String> {
    let identity: age::x25519::Identity = recovery
        .secret_text()
        .expose_secret()
        .parse()
        .expect("identity");
    let mut rows = Vec::new();
    read_backup(file, &[&identity], &mut |section, line| {
        if section == Section::Data {
            rows.push(line.to_owned());
        }
        Ok(())
    })
    .expect("readable");
    rows.sort();
    rows
}

use sportello_archive::ExposeSecret;

#[test]
fn a_restore_gives_back_every_row_of_every_table() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (paths, mut archive, recovery) = demo(tmp.path());
    let stick = made(tmp.path().join("chiavetta"));
    let first = archive.backup_to(&stick, at(24, 18)).expect("backup");
    assert!(first.rows > 1000, "{} rows", first.rows);
    assert!(first.path.starts_with(&stick));
    let before = rows_of(&first.path, &recovery);

    // A person is deleted after the backup; the restore brings her back.
    let someone = archive.find_persons("", 1).expect("persons")[0].id;
    archive
        .delete_person(someone, "registrata per errore")
        .expect("delete");
    assert!(!archive
        .find_persons("", u32::MAX)
        .expect("persons")
        .iter()
        .any(|p| p.id == someone));
    // Refused while the archive is open (here, by this very archive).
    let refused =
        restore_with_passphrase(&paths, &common::passphrase(), &first.path).expect_err("in use");
    assert!(matches!(refused, ArchiveError::InUse(_)), "{refused}");
    assert_eq!(refused.exit_code(), 10);
    archive.lock().expect("lock");

    let summary =
        restore_with_passphrase(&paths, &common::passphrase(), &first.path).expect("restore");
    assert_eq!(summary.rows, first.rows);
    let mut archive = Archive::unlock(&paths, &common::passphrase()).expect("unlock");
    let listed = |a: &Archive| {
        a.find_persons("", u32::MAX)
            .expect("persons")
            .iter()
            .any(|p| p.id == someone)
    };
    assert!(listed(&archive), "the deleted person is back");
    assert!(archive.verify().expect("verify").is_sound());
    let again = archive.backup_to(&stick, at(24, 19)).expect("backup again");
    // The last-backup day is a setting: the only row allowed to differ is that one.
    let differ = |a: &[String], b: &[String]| -> Vec<String> {
        a.iter().filter(|l| !b.contains(l)).cloned().collect()
    };
    let after = rows_of(&again.path, &recovery);
    let changed: Vec<String> = differ(&before, &after)
        .into_iter()
        .chain(differ(&after, &before))
        .filter(|l| !l.contains("'last_backup_on'"))
        .collect();
    assert!(
        changed.is_empty(),
        "rows differ after the restore: {changed:?}"
    );
    archive.lock().expect("lock");
    // The replaced archive stays aside (encrypted) until the next restore.
    let aside = paths.dir.join("archivio.db.prima-del-ripristino");
    assert!(aside.exists());
    // A restore killed in the middle of its swap leaves only the aside copy: the next unlock
    // puts it back.
    std::fs::rename(paths.database(), &aside).expect("simulated crash");
    let archive = Archive::unlock(&paths, &common::passphrase()).expect("unlock after a crash");
    assert!(listed(&archive));
    archive.lock().expect("lock");
}

#[test]
fn debian_age_with_the_recovery_identity_and_sqlite3_read_a_backup() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (_paths, mut archive, recovery) = demo(tmp.path());
    let counts = archive.counts().expect("counts");
    let done = archive
        .backup_to(&made(tmp.path().join("copie")), at(24, 18))
        .expect("backup");
    archive.lock().expect("lock");
    let identity = tmp.path().join("chiave-recupero.txt");
    std::fs::write(&identity, recovery.secret_text().expose_secret()).expect("kit");
    let copy = tmp.path().join("copia.db");
    let (read, why) = common::age_into_sqlite(&identity, &done.path, &copy);
    assert!(read, "{why}");
    let count = |sql: &str| common::sqlite_count(&copy, sql);
    assert_eq!(
        count("SELECT count(*) FROM person WHERE deleted_at IS NULL AND anonymous = 0"),
        counts.persons
    );
    assert_eq!(
        count("SELECT count(*) FROM contact WHERE deleted_at IS NULL"),
        counts.contacts
    );
}

#[test]
fn a_damaged_truncated_or_foreign_backup_is_refused_and_changes_nothing() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (paths, mut archive, _recovery) = demo(tmp.path());
    let good = archive
        .backup_to(&made(tmp.path().join("copie")), at(24, 18))
        .expect("backup");
    archive.lock().expect("lock");
    // Another archive's backup.
    let other_dir = tmp.path().join("altro");
    std::fs::create_dir_all(&other_dir).expect("dir");
    let (_p, mut other, _r) = demo(&other_dir);
    let foreign = other
        .backup_to(&made(tmp.path().join("copie-altre")), at(24, 18))
        .expect("other backup");
    other.lock().expect("lock");

    let bytes = std::fs::read(&good.path).expect("bytes");
    let write = |name: &str, content: &[u8]| -> PathBuf {
        let p = tmp.path().join(name);
        std::fs::write(&p, content).expect("write");
        p
    };
    let truncated = write("troncata.age", &bytes[..bytes.len() * 2 / 3]);
    let mut flipped = bytes.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x40;
    let altered = write("alterata.age", &flipped);
    let not_age = write("appunti.age", b"non e' una copia");
    let before = common::snapshot(&paths.dir);
    for (file, code, start) in [
        (
            &truncated,
            8,
            "La copia di sicurezza «troncata.age» è troncata",
        ),
        (&altered, 8, "La copia di sicurezza «alterata.age» "),
        (
            &not_age,
            8,
            "La copia di sicurezza «appunti.age» non è una copia di Sportello",
        ),
        (
            &foreign.path,
            9,
            "Questa copia di sicurezza è di un altro archivio",
        ),
    ] {
        let e = restore_with_passphrase(&paths, &common::passphrase(), file).expect_err("refused");
        assert_eq!(e.exit_code(), code, "{e}");
        assert!(e.to_string().starts_with(start), "{e}");
        assert_eq!(
            common::snapshot(&paths.dir),
            before,
            "{} changed a file",
            file.display()
        );
    }
    let wrong = restore_with_passphrase(
        &paths,
        &sportello_archive::SecretString::from("non è questa".to_owned()),
        &good.path,
    )
    .expect_err("wrong passphrase");
    assert_eq!(wrong.exit_code(), 3);
    assert_eq!(common::snapshot(&paths.dir), before);
    // The good one still restores.
    restore_with_passphrase(&paths, &common::passphrase(), &good.path).expect("restore");
}

#[test]
fn nothing_personal_is_in_clear_in_a_backup() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (_paths, mut archive, _recovery) = demo(tmp.path());
    let mut canaries = Vec::new();
    for p in archive.find_persons("", 40).expect("persons") {
        let person = archive.person(p.id).expect("person");
        if let sportello_core::model::Identity::Named { surname, .. } = &person.data.identity {
            canaries.push(surname.clone());
        }
    }
    canaries.sort();
    canaries.dedup();
    assert!(canaries.len() >= 10);
    let dir = made(tmp.path().join("copie"));
    archive.backup_to(&dir, at(24, 18)).expect("backup");
    let canaries: Vec<&str> = canaries.iter().map(String::as_str).collect();
    assert_eq!(common::canary_hits(&dir, &canaries), Vec::new());
    archive.lock().expect("lock");
}

#[test]
fn backups_rotate_in_their_folder_and_leave_other_files_alone() {
    let tmp = tempfile::tempdir().expect("tmp");
    let paths = ArchivePaths::new(tmp.path().join("dati"));
    let (mut archive, _recovery) =
        Archive::create(&paths, &common::passphrase(), None).expect("create");
    let dir = made(tmp.path().join("copie"));
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join("lettera.pdf"), b"altro").expect("other file");
    // What a backup killed while writing leaves behind (an old one: a recent one could be a
    // backup being written by another program).
    let leftover = dir.join(".sportello-20261101-090000-0badc0de.age.tmp");
    std::fs::write(&leftover, b"mezza").expect("tmp");
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&leftover)
        .and_then(|f| f.set_modified(old))
        .expect("mtime");
    for day in 1..=20 {
        archive.backup_to(&dir, at(day, 9)).expect("backup");
    }
    // Another archive's backup in the same folder: never rotated away by this one.
    let foreign = "sportello-20261102-090000-0badc0de.age";
    std::fs::write(dir.join(foreign), b"altro archivio").expect("foreign");
    archive.backup_to(&dir, at(20, 10)).expect("again");
    // Names without this archive's tag, to compare with the calendar.
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .map(
            |n| match sportello_core::backup::parse_backup_file_name(&n) {
                Some((t, tag)) if tag != "0badc0de" => {
                    format!("sportello-{}.age", t.format("%Y%m%d-%H%M%S"))
                }
                _ => n,
            },
        )
        .collect();
    names.sort();
    // The last 7 days, the last of each of the 4 ISO weeks (Sundays 1, 8, 15 and the 20th
    // itself), the last of the month; the other files untouched, the old leftover removed.
    assert_eq!(
        names,
        vec![
            "lettera.pdf",
            "sportello-20261101-090000.age",
            "sportello-20261102-090000-0badc0de.age",
            "sportello-20261108-090000.age",
            "sportello-20261114-090000.age",
            "sportello-20261115-090000.age",
            "sportello-20261116-090000.age",
            "sportello-20261117-090000.age",
            "sportello-20261118-090000.age",
            "sportello-20261119-090000.age",
            "sportello-20261120-100000.age",
        ]
    );
    archive.lock().expect("lock");
}
