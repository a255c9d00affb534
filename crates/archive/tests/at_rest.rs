//! Nothing personal at rest, and no save lost to a crash.
//!
//! `kill9_crash_safety` runs a child process (this same test binary, re-executed with
//! `SPORTELLO_CRASH_CHILD` set) that saves records in a loop and reports each save once its
//! transaction has committed; the parent kills it with SIGKILL at random moments, then checks
//! that every reported save is there, that SQLite's and SQLCipher's integrity checks and the
//! history chain pass, and that no canary string is on disk in any encoding.
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

/// Saves one person, one contact and one time entry in one transaction.
fn save_one(archive: &mut Archive, n: u64) -> (PersonId, ContactId) {
    archive
        .write(|w| {
            let person = w.insert_person(uuid::Uuid::now_v7(), &canary_person(n))?;
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

#[test]
fn no_canary_at_rest_after_a_clean_close() {
    let (_dir, paths, mut archive, _recovery) = common::new_archive();
    for n in 0..50 {
        save_one(&mut archive, n);
    }
    // While open, with a live WAL, too.
    let hits = common::canary_hits(&paths.dir, &[SURNAME_CANARY, SUMMARY_CANARY]);
    assert!(hits.is_empty(), "plaintext while open: {hits:?}");
    archive.lock().expect("lock");
    let files = common::snapshot(&paths.dir);
    assert!(files.keys().any(|p| p.ends_with("archivio.db")));
    let hits = common::canary_hits(&paths.dir, &[SURNAME_CANARY, SUMMARY_CANARY]);
    assert!(hits.is_empty(), "plaintext after close: {hits:?}");
    // The control: the canary is findable when it is there in clear.
    let control = paths.dir.join("controllo.txt");
    std::fs::write(&control, SURNAME_CANARY).expect("write control");
    assert_eq!(common::canary_hits(&paths.dir, &[SURNAME_CANARY]).len(), 1);
    std::fs::remove_file(control).expect("remove control");
}

fn child_main(dir: &str, key: &str) {
    let paths = ArchivePaths::new(dir);
    let recovery = RecoveryKey::parse(key).expect("recovery key");
    let mut archive = Archive::unlock_with_recovery(&paths, &recovery).expect("child unlock");
    let start: u64 = rand::random::<u32>().into();
    for n in start.. {
        let (person, contact) = save_one(&mut archive, n);
        println!("saved {person} {contact}");
    }
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
    let (_dir, paths, archive, recovery) = common::new_archive();
    archive.lock().expect("lock");
    let key = recovery.secret_text();
    let exe = std::env::current_exe().expect("test binary");
    let mut rng = rand::rngs::StdRng::seed_from_u64(20261124);
    let mut reported: Vec<(PersonId, ContactId)> = Vec::new();
    let mut killed_mid_write = 0;

    for round in 0..rounds {
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "kill9_crash_safety",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, &paths.dir)
            .env("SPORTELLO_CRASH_KEY", key.expose_secret())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn child");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout);
        // Wait for a random number of saves, then a random pause, then SIGKILL.
        let wait_for = rng.gen_range(1..=12);
        let mut seen = 0;
        let mut line = String::new();
        while seen < wait_for {
            line.clear();
            if lines.read_line(&mut line).expect("read child") == 0 {
                panic!("round {round}: the child exited before being killed");
            }
            if let Some(ids) = parse_saved(&line) {
                reported.push(ids);
                seen += 1;
            }
        }
        std::thread::sleep(Duration::from_micros(rng.gen_range(0..3000)));
        child.kill().expect("SIGKILL"); // std sends SIGKILL on Unix
        child.wait().expect("reap");
        // Saves reported after our last read but before the kill are saves too.
        let mut rest = String::new();
        lines.read_to_string(&mut rest).expect("drain");
        let extra: Vec<_> = rest.lines().filter_map(parse_saved).collect();
        if !extra.is_empty() {
            killed_mid_write += 1;
        }
        reported.extend(extra);

        if round % 10 == 0 || round + 1 == rounds {
            let hits = common::canary_hits(&paths.dir, &[SURNAME_CANARY, SUMMARY_CANARY]);
            assert!(
                hits.is_empty(),
                "round {round}: plaintext after kill -9: {hits:?}"
            );
        }
        let archive = Archive::unlock_with_recovery(&paths, &recovery).expect("reopen after kill");
        let report = archive.verify().expect("verify");
        assert!(report.is_sound(), "round {round}: {report:?}");
        for (person, contact) in reported.iter().rev().take(20) {
            archive
                .person(*person)
                .unwrap_or_else(|e| panic!("round {round}: reported person lost: {e}"));
            archive
                .contact(*contact)
                .unwrap_or_else(|e| panic!("round {round}: reported contact lost: {e}"));
        }
        assert!(report.counts.contacts >= reported.len() as u64);
        archive.lock().expect("lock");
    }
    // Every save ever reported, checked once more at the end.
    let archive = Archive::unlock_with_recovery(&paths, &recovery).expect("final reopen");
    for (person, contact) in &reported {
        archive.person(*person).expect("reported person present");
        archive.contact(*contact).expect("reported contact present");
    }
    eprintln!("kill -9 rounds: {rounds}; saves reported and found: {}; rounds with output after the last read: {killed_mid_write}", reported.len());
}

fn parse_saved(line: &str) -> Option<(PersonId, ContactId)> {
    let rest = line.trim_end().strip_prefix("saved ")?;
    let (p, c) = rest.split_once(' ')?;
    Some((p.parse().ok()?, c.parse().ok()?))
}
