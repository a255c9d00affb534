//! Nothing personal at rest, and no save lost to a crash.
//!
//! `kill9_crash_safety` runs a child process (this same test binary, re-executed with
//! `SPORTELLO_CRASH_CHILD` set) that saves records in a loop, saying when each transaction
//! begins and reporting each save once it has committed; the parent kills it with SIGKILL at
//! random moments, half of them right after a transaction began (inside it), then checks that
//! every reported save is there, that a transaction cut short left all of its rows or none,
//! that SQLite's and SQLCipher's integrity checks and the history chain pass, that every
//! connection ran with WAL and `synchronous = FULL`, and that no canary string is on disk in
//! any encoding. It runs in a folder on disk (under `target/`), never on a RAM-backed temp.
//! Rounds: 200 by default, `SPORTELLO_CRASH_ROUNDS` to run more.

mod common;

use chrono::NaiveDate;
use rand::{Rng, SeedableRng};
use sportello_archive::{Archive, ArchivePaths, ExposeSecret, RecoveryKey};
use sportello_core::model::{Identity, NewContact, NewPerson, NewTimeEntry};
use sportello_core::{
    AgeBand, Area, Citizenship, ContactId, Gender, Minutes, PersonId, ServiceGiven, TimeKind,
};
use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::time::Duration;

const SURNAME_CANARY: &str = "Qzxwcanarinocognome";
const SUMMARY_CANARY: &str = "Vkjpcanarinoriassunto";
/// The substitute: her name is personal data too, kept only inside the encrypted files.
const OPERATOR_CANARY: &str = "Wxqzcanarinooperatrice";
const SUBSTITUTE_PASSPHRASE: &str = "mare calmo di settembre";
const CHILD_ENV: &str = "SPORTELLO_CRASH_CHILD";

fn canary_person(n: u64) -> NewPerson {
    NewPerson {
        identity: Identity::Named {
            surname: format!("{SURNAME_CANARY}{n}"),
            name: "Ada".into(),
            codice_fiscale: None,
            birth: None,
        },
        ..NewPerson::anonymous(Gender::Female, AgeBand::Unknown, Citizenship::Italian)
    }
}

fn canary_contact(person: PersonId, n: u64) -> NewContact {
    NewContact {
        summary: format!(
            "{SUMMARY_CANARY} numero {n}: la persona racconta la sua situazione familiare."
        ),
        ..NewContact::basic(
            person,
            NaiveDate::from_ymd_opt(2026, 3, 3).expect("date"),
            Minutes(30),
            vec![ServiceGiven::Listening],
            vec![Area::Family],
        )
    }
}

/// Saves one person, one contact and one time entry in one transaction; `inside` runs once the
/// person is written, before the rest (the transaction still open).
fn save_one(archive: &mut Archive, n: u64) -> (PersonId, ContactId) {
    save_one_with(archive, n, |_| {})
}

fn save_one_with(
    archive: &mut Archive,
    n: u64,
    inside: impl FnOnce(PersonId),
) -> (PersonId, ContactId) {
    archive
        .write(|w| {
            let person = w.insert_person(uuid::Uuid::now_v7(), &canary_person(n))?;
            inside(person);
            let contact = w.insert_contact(uuid::Uuid::now_v7(), &canary_contact(person, n))?;
            w.insert_time_entry(
                uuid::Uuid::now_v7(),
                &NewTimeEntry {
                    date: NaiveDate::from_ymd_opt(2026, 3, 3).expect("date"),
                    minutes: Minutes(30),
                    kind: TimeKind::FrontOffice,
                    contact: Some(contact),
                    billable: true,
                    note: String::new(),
                },
                Some(person),
                None,
            )?;
            Ok((person, contact))
        })
        .expect("save")
}

/// Adds the substitute (an operator with her own passphrase and a canary for a name).
fn add_substitute(archive: &mut Archive) {
    let new = sportello_core::model::NewOperator::parse(OPERATOR_CANARY, "operatore")
        .expect("valid operator");
    archive
        .add_operator(
            &new,
            &sportello_archive::SecretString::from(SUBSTITUTE_PASSPHRASE.to_string()),
        )
        .expect("substitute added");
}

#[test]
fn no_canary_at_rest_after_a_clean_close() {
    let canaries = [SURNAME_CANARY, SUMMARY_CANARY, OPERATOR_CANARY];
    let (_dir, paths, mut archive, _recovery) = common::new_archive();
    for n in 0..25 {
        save_one(&mut archive, n);
    }
    // Several operators: the owner adds the substitute, who saves as herself.
    add_substitute(&mut archive);
    archive.lock().expect("lock");
    let mut archive = Archive::unlock(
        &paths,
        &sportello_archive::SecretString::from(SUBSTITUTE_PASSPHRASE.to_string()),
    )
    .expect("the substitute's passphrase");
    for n in 25..50 {
        let (person, _) = save_one(&mut archive, n);
        archive
            .person_page(person)
            .expect("opened: a line in the access log");
    }
    // While open, with a live WAL, too.
    let hits = common::canary_hits(&paths.dir, &canaries);
    assert!(hits.is_empty(), "plaintext while open: {hits:?}");
    archive.lock().expect("lock");
    let files = common::snapshot(&paths.dir);
    assert!(files.keys().any(|p| p.ends_with("archivio.db")));
    assert_eq!(
        files
            .keys()
            .filter(|p| p.parent().is_some_and(|d| d.ends_with("operatori")))
            .count(),
        2,
        "one key file per operator"
    );
    let hits = common::canary_hits(&paths.dir, &canaries);
    assert!(hits.is_empty(), "plaintext after close: {hits:?}");
    // The control: the canary is findable when it is there in clear.
    let control = paths.dir.join("controllo.txt");
    std::fs::write(&control, SURNAME_CANARY).expect("write control");
    assert_eq!(common::canary_hits(&paths.dir, &[SURNAME_CANARY]).len(), 1);
    std::fs::remove_file(control).expect("remove control");
}

fn child_main(dir: &str, key: &str) {
    let paths = ArchivePaths::new(dir);
    // Some rounds open it as the substitute, with her passphrase; the others as the owner,
    // with the recovery key (no key derivation: more rounds in the time).
    let mut archive = if std::env::var("SPORTELLO_CRASH_AS_SUBSTITUTE").is_ok() {
        Archive::unlock(
            &paths,
            &sportello_archive::SecretString::from(SUBSTITUTE_PASSPHRASE.to_string()),
        )
        .expect("child unlock as the substitute")
    } else {
        let recovery = RecoveryKey::parse(key).expect("recovery key");
        Archive::unlock_with_recovery(&paths, &recovery).expect("child unlock")
    };
    // Both kinds of connection say how they write.
    let reader = archive.reader().expect("reader");
    for durability in [
        archive.durability().expect("durability"),
        reader.durability().expect("reader durability"),
    ] {
        println!(
            "durability {} {}",
            durability.journal_mode, durability.synchronous
        );
    }
    drop(reader);
    let start: u64 = rand::random::<u32>().into();
    for n in start.. {
        let (person, contact) = save_one_with(&mut archive, n, |person| {
            println!("begin {person}");
            // Long enough for the parent to kill it here, inside the transaction.
            std::thread::sleep(Duration::from_micros(700));
        });
        println!("saved {person} {contact}");
        // And as long between transactions, so kills land between them too.
        std::thread::sleep(Duration::from_micros(700));
    }
}

/// A folder on a real disk: under `target/`, checked not to be a RAM-backed file system.
fn on_disk_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("dir under target");
    let fs = Command::new("stat")
        .args(["-f", "-c", "%T"])
        .arg(dir.path())
        .output()
        .expect("stat -f");
    let kind = String::from_utf8_lossy(&fs.stdout).trim().to_owned();
    assert!(
        fs.status.success() && !["tmpfs", "ramfs"].contains(&kind.as_str()),
        "the crash test needs a folder on disk, not {kind:?}"
    );
    dir
}

#[test]
fn kill9_crash_safety() {
    if let (Ok(dir), Ok(key)) = (
        std::env::var(CHILD_ENV),
        std::env::var("SPORTELLO_CRASH_KEY"),
    ) {
        child_main(&dir, &key);
        return;
    }
    let rounds: u32 = std::env::var("SPORTELLO_CRASH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(200);
    let dir = on_disk_dir();
    let paths = ArchivePaths::new(dir.path().join("dati"));
    let (mut archive, recovery) =
        Archive::create(&paths, &common::passphrase(), None).expect("create archive");
    add_substitute(&mut archive);
    archive.lock().expect("lock");
    let mut as_substitute = 0;
    let key = recovery.secret_text();
    let exe = std::env::current_exe().expect("test binary");
    let mut rng = rand::rngs::StdRng::seed_from_u64(20261124);
    let mut reported: Vec<(PersonId, ContactId)> = Vec::new();
    let mut killed_mid_write = 0;
    let mut cut_inside = 0;
    let mut cut_between = 0;
    let mut cut_rolled_back = 0;
    let mut integrity_checks = 0;

    for round in 0..rounds {
        let mut command = Command::new(&exe);
        command
            .args([
                "--exact",
                "kill9_crash_safety",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, &paths.dir)
            .env("SPORTELLO_CRASH_KEY", key.expose_secret())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        if round % 8 == 3 {
            command.env("SPORTELLO_CRASH_AS_SUBSTITUTE", "1");
            as_substitute += 1;
        }
        let mut child = command.spawn().expect("spawn child");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout);
        let mut line = String::new();
        let next_line = |lines: &mut BufReader<_>, line: &mut String| {
            line.clear();
            if lines.read_line(line).expect("read child") == 0 {
                panic!("round {round}: the child exited before being killed");
            }
        };
        // The writer's connection, then the reader's: WAL, synchronous = FULL (2).
        // (The test harness's own lines come first.)
        let mut connections = 0;
        while connections < 2 {
            next_line(&mut lines, &mut line);
            // The harness's "test kill9_crash_safety ... " may start the first line.
            if let Some(at) = line.find("durability ") {
                assert_eq!(line[at..].trim_end(), "durability wal 2", "round {round}");
                connections += 1;
            }
        }
        // A random number of saves; then, half of the time, the next transaction's start.
        let wait_for = rng.gen_range(1..=12);
        let inside = rng.gen_bool(0.5);
        let mut seen = 0;
        let mut begun: Option<PersonId> = None;
        loop {
            next_line(&mut lines, &mut line);
            if let Some(ids) = parse_saved(&line) {
                reported.push(ids);
                begun = None;
                seen += 1;
            } else if let Some(person) = parse_begun(&line) {
                begun = Some(person);
                if inside && seen >= wait_for {
                    break;
                }
            }
            if !inside && seen >= wait_for {
                break;
            }
        }
        let pause = if inside { 0..400 } else { 0..3000 };
        std::thread::sleep(Duration::from_micros(rng.gen_range(pause)));
        child.kill().expect("SIGKILL"); // std sends SIGKILL on Unix
        child.wait().expect("reap");
        // Lines written after our last read but before the kill count too.
        let mut rest = String::new();
        lines.read_to_string(&mut rest).expect("drain");
        if !rest.is_empty() {
            killed_mid_write += 1;
        }
        for l in rest.lines() {
            if let Some(ids) = parse_saved(l) {
                reported.push(ids);
                begun = None;
            } else if let Some(person) = parse_begun(l) {
                begun = Some(person);
            }
        }

        if round % 10 == 0 || round + 1 == rounds {
            let hits = common::canary_hits(
                &paths.dir,
                &[SURNAME_CANARY, SUMMARY_CANARY, OPERATOR_CANARY],
            );
            assert!(
                hits.is_empty(),
                "round {round}: plaintext after kill -9: {hits:?}"
            );
        }
        let archive = Archive::unlock_with_recovery(&paths, &recovery).expect("reopen after kill");
        assert!(archive.durability().expect("durability").is_full());
        let report = archive.verify().expect("verify");
        assert!(report.is_sound(), "round {round}: {report:?}");
        integrity_checks += 1;
        for (person, contact) in reported.iter().rev().take(20) {
            archive
                .person(*person)
                .unwrap_or_else(|e| panic!("round {round}: reported person lost: {e}"));
            archive
                .contact(*contact)
                .unwrap_or_else(|e| panic!("round {round}: reported contact lost: {e}"));
        }
        // A transaction cut short: all of its rows, or none (it may have committed just
        // before the kill, its report unwritten).
        if begun.is_none() {
            cut_between += 1;
        }
        if let Some(person) = begun {
            cut_inside += 1;
            match archive.person(person) {
                Ok(_) => {
                    let contacts = archive.contacts_of(person, 10).expect("contacts");
                    assert_eq!(contacts.len(), 1, "round {round}: half a transaction");
                }
                Err(_) => cut_rolled_back += 1,
            }
        }
        assert!(report.counts.contacts >= reported.len() as u64);
        archive.lock().expect("lock");
    }
    // Every save ever reported, checked once more at the end.
    let archive = Archive::unlock_with_recovery(&paths, &recovery).expect("final reopen");
    let mut lost = 0;
    for (person, contact) in &reported {
        if archive.person(*person).is_err() || archive.contact(*contact).is_err() {
            lost += 1;
        }
    }
    eprintln!(
        "kill -9 rounds: {rounds} ({as_substitute} as the substitute); acknowledged saves: {}, lost: {lost}; kills inside a transaction: {cut_inside} ({cut_rolled_back} rolled back whole, the rest committed whole), between transactions: {cut_between}; rounds with output after the last read: {killed_mid_write}; integrity checks passed: {integrity_checks}",
        reported.len()
    );
    assert_eq!(lost, 0, "acknowledged saves lost");
    assert!(
        rounds < 20 || (cut_inside * 4 >= rounds && cut_between * 10 >= rounds),
        "kills inside a transaction: {cut_inside}, between: {cut_between}, of {rounds}"
    );
}

fn parse_begun(line: &str) -> Option<PersonId> {
    line.trim_end().strip_prefix("begin ")?.parse().ok()
}

fn parse_saved(line: &str) -> Option<(PersonId, ContactId)> {
    let rest = line.trim_end().strip_prefix("saved ")?;
    let (p, c) = rest.split_once(' ')?;
    Some((p.parse().ok()?, c.parse().ok()?))
}
