//! Archives written by earlier versions, through the real files: one of schema version 1 and
//! key format 1 migrates with its old history entries still verified, and `verify` checks a
//! damaged one before it migrates or moves anything.

mod common;

use rusqlite::params;
use sha2::{Digest, Sha256};
use sportello_archive::keys::KeyMaterial;
use sportello_archive::{Archive, ArchiveError, Entity, VerifyProblem};
use sportello_core::history::Action;
use sportello_core::Lang;

/// The first rule of the chain, as schema version 1 wrote it.
fn v1_hash(prev: &[u8], fields: [Option<&str>; 6]) -> Vec<u8> {
    let mut h = Sha256::new();
    h.update(prev);
    for f in fields {
        match f {
            Some(s) => {
                h.update([1u8]);
                h.update((s.len() as u64).to_le_bytes());
                h.update(s.as_bytes());
            }
            None => h.update([0u8]),
        }
    }
    h.finalize().to_vec()
}

/// An archive as schema version 1 and key format 1 left it: one person, two history entries,
/// `chiave.age` sealed to the passphrase itself.
fn schema_1_archive(dir: &std::path::Path) -> sportello_archive::ArchivePaths {
    let paths = sportello_archive::ArchivePaths::new(dir.join("dati"));
    std::fs::create_dir_all(&paths.dir).expect("mkdir");
    let keys = KeyMaterial::generate();
    let mut conn = sportello_archive::store::open(&paths.database(), &keys, true).expect("open");
    {
        let tx = conn.transaction().expect("tx");
        tx.execute_batch(sportello_archive::store::MIGRATIONS[0].sql)
            .expect("schema 1");
        tx.pragma_update(None, "user_version", 1).expect("version");
        let at = "2026-03-03T09:00:00.000Z";
        tx.execute(
            "INSERT INTO person (id, anonymous, surname, name, gender, citizenship, residence, created_at, updated_at)
             VALUES ('0190f0a0-0000-7000-8000-000000000001', 0, 'Lo Presti', 'Nicolò', 'M', 'IT', 'Via Roma 1', ?1, ?1)",
            [at],
        )
        .expect("person");
        let mut prev = vec![0u8; 32];
        for (entity, id, after) in [
            (
                "person",
                "0190f0a0-0000-7000-8000-000000000001",
                "{\"surname\":\"Lo Presti\"}",
            ),
            (
                "person",
                "0190f0a0-0000-7000-8000-000000000001",
                "{\"surname\":\"Lo Presti\",\"name\":\"Nicolò\"}",
            ),
        ] {
            let hash = v1_hash(
                &prev,
                [
                    Some(at),
                    Some(entity),
                    Some(id),
                    Some("create"),
                    None,
                    Some(after),
                ],
            );
            tx.execute(
                "INSERT INTO history (at, entity, entity_id, action, before_json, after_json, prev_hash, hash)
                 VALUES (?1, ?2, ?3, 'create', NULL, ?4, ?5, ?6)",
                params![at, entity, id, after, prev, hash],
            )
            .expect("history");
            prev = hash;
        }
        tx.commit().expect("commit");
    }
    drop(conn);
    let sealed = keys
        .seal_with_passphrase(&common::passphrase())
        .expect("seal");
    std::fs::write(paths.key_file(), sealed).expect("key file");
    paths
}

#[test]
fn an_archive_of_schema_1_migrates_with_its_history_verified() {
    let dir = tempfile::tempdir().expect("tmp");
    let paths = schema_1_archive(dir.path());

    let archive = Archive::unlock(&paths, &common::passphrase()).expect("migrates on unlock");
    // Its keys moved to an operator key file: the passphrase wraps that file from now on.
    let operator_files = std::fs::read_dir(paths.dir.join("operatori"))
        .expect("operator key files")
        .count();
    assert_eq!(operator_files, 1);
    archive.lock().expect("lock");
    assert!(matches!(
        Archive::unlock(
            &paths,
            &sportello_archive::SecretString::from("altra frase".to_string())
        ),
        Err(sportello_archive::ArchiveError::WrongPassphrase)
    ));
    let archive = Archive::unlock(&paths, &common::passphrase()).expect("opens after the move");
    let report = archive.verify().expect("verify");
    assert_eq!(
        report.schema_version,
        sportello_archive::store::SCHEMA_VERSION
    );
    assert!(report.is_sound(), "{:?}", report.first_problem());
    // The old address is the new address; the search keys were written by the migration.
    let found = archive.find_persons("lopresti", 5).expect("find");
    assert_eq!(found.len(), 1);
    let person = archive.person(found[0].id).expect("person");
    assert_eq!(person.data.address, "Via Roma 1");
    assert_eq!(person.data.residence, None);
    let h = archive
        .history(Entity::Person, &found[0].id.to_string(), Lang::It)
        .expect("history");
    assert_eq!(h[0].action, Action::Baseline);
    assert_eq!(h.len(), 3, "two entries of schema 1 and the baseline");
    // An old entry altered is still caught, by the old rule.
    archive
        .tamper("UPDATE history SET after_json = '{}' WHERE seq = 1")
        .expect("tamper");
    let report = archive.verify().expect("verify");
    assert_eq!(
        report.history_problems.first(),
        Some(&VerifyProblem::BrokenLink { seq: 1 })
    );
}

/// `verify` checks an old archive's database before it migrates anything or moves its keys: a
/// damaged one is reported with every file exactly as it was found.
#[test]
fn verify_checks_a_damaged_old_archive_before_migrating_it() {
    let dir = tempfile::tempdir().expect("tmp");
    let paths = schema_1_archive(dir.path());
    // A page in the middle of the database, altered on disk.
    let db = std::fs::read(paths.database()).expect("db");
    assert!(db.len() >= 4 * 4096, "{} bytes", db.len());
    common::flip_bytes(&paths.database(), 3 * 4096 + 512, 4);
    let before = common::snapshot(&paths.dir);
    let refused = Archive::unlock_to_verify(&paths, &common::passphrase(), None)
        .err()
        .expect("damage found");
    assert!(
        matches!(refused, ArchiveError::DatabaseDamaged(_)),
        "{refused}"
    );
    // Every file as it was: only the lock file, SQLite's shared-memory index and an empty
    // write-ahead log (left by the read-only connection) may have appeared.
    let after = common::snapshot(&paths.dir);
    let changed: Vec<_> = after
        .iter()
        .filter(|(path, bytes)| {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            let aside = name == "archivio.lock"
                || name == "archivio.db-shm"
                || (name == "archivio.db-wal" && bytes.is_empty());
            before.get(*path) != Some(*bytes) && !aside
        })
        .map(|(path, _)| path.display().to_string())
        .chain(
            before
                .keys()
                .filter(|p| !after.contains_key(*p))
                .map(|p| p.display().to_string()),
        )
        .collect();
    assert!(
        changed.is_empty(),
        "verify changed files first: {changed:?}"
    );
    assert!(!paths.dir.join("operatori").exists(), "the keys were moved");

    // Undamaged, the same archive is checked, then migrated and verified.
    let fresh = tempfile::tempdir().expect("tmp");
    let paths = schema_1_archive(fresh.path());
    let archive = Archive::unlock_to_verify(&paths, &common::passphrase(), None).expect("opens");
    let report = archive.verify().expect("verify");
    assert!(report.is_sound(), "{report:?}");
    assert_eq!(
        report.schema_version,
        sportello_archive::store::SCHEMA_VERSION
    );
}

/// A person of a schema-1 archive, whose first history entries hashed their content itself,
/// is erased on the comune's instruction: those entries lose their content, the chain still
/// verifies (their hashes are taken as written, the next links bind them), and the name is in
/// no page of the file.
#[test]
fn a_person_of_a_schema_1_archive_is_erased_and_the_chain_still_verifies() {
    let dir = tempfile::tempdir().expect("tmp");
    let paths = schema_1_archive(dir.path());
    let mut archive = Archive::unlock(&paths, &common::passphrase()).expect("migrates");
    let id = archive.find_persons("lopresti", 5).expect("find")[0].id;
    // Eleven years on, past the ten of the starting period.
    let later = chrono::NaiveDate::from_ymd_opt(2037, 6, 1).expect("date");
    let instruction = sportello_core::model::InstructionForm {
        act: "Determinazione n. 7".into(),
        act_date: "15/05/2037".into(),
        instructed_by: "Responsabile dei servizi sociali".into(),
    };
    archive
        .carry_out_retention(
            &[id],
            sportello_core::model::ErasureKind::Erase,
            &instruction,
            later,
        )
        .expect("erase");
    let report = archive.verify().expect("verify");
    assert!(report.is_sound(), "{:?}", report.first_problem());
    for page in archive.raw_pages().expect("pages") {
        for name in ["Lo Presti", "lopresti", "Nicolò", "Via Roma 1"] {
            for needle in common::encodings(name) {
                assert!(memchr::memmem::find(&page, &needle).is_none(), "{name}");
            }
        }
    }
    // The old entry's content is gone, and altering its hash is still caught.
    archive
        .tamper("UPDATE history SET hash = zeroblob(32) WHERE seq = 1")
        .expect("tamper");
    assert!(!archive.verify().expect("verify").is_sound());
}
