//! The daily record on the large demo archive (about 100,000 colloqui and 20,000 persons over
//! ten years): search as she types, open a person's page, save a colloquio durably.
//!
//! The archive is generated once and kept in `target/bench-archives/`, keyed by the
//! generator's version; its generation time is printed when it is made. Run with
//! `cargo bench -p sportello-archive --bench daily`.

use chrono::NaiveDate;
use criterion::{BatchSize, Criterion};
use sportello_archive::demo::{self, DemoOptions, DEMO_PASSPHRASE, GENERATOR_VERSION};
use sportello_archive::{Archive, ArchivePaths, SecretString};
use sportello_core::ipc::SaveContactRequest;
use sportello_core::model::ContactForm;
use sportello_core::PersonId;
use std::path::PathBuf;
use std::time::Instant;

/// The last day of the benchmark archive: fixed, so the cached archive is always the same.
fn end() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).expect("date")
}

fn passphrase() -> SecretString {
    SecretString::from(DEMO_PASSPHRASE.to_string())
}

/// The large archive, made on first use and reused afterwards.
fn large_archive() -> ArchivePaths {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../target/bench-archives")
        .join(format!("large-v{GENERATOR_VERSION}"));
    let paths = ArchivePaths::new(&dir);
    // Archives of earlier generator versions are stale: remove them.
    if let Some(parent) = dir.parent() {
        for entry in std::fs::read_dir(parent).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with("large-v") && entry.path() != dir {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
    if !paths.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        let started = Instant::now();
        let summary =
            demo::create(&paths, &passphrase(), &DemoOptions::large(end())).expect("generate");
        eprintln!(
            "large archive generated in {:.1} s: {} persons, {} anonymous contacts, {} colloqui, {} time entries, {} referrals",
            started.elapsed().as_secs_f64(),
            summary.persons,
            summary.anonymous_contacts,
            summary.contacts,
            summary.time_entries,
            summary.referrals
        );
    }
    paths
}

/// A copy of the archive in a temporary folder on disk, so the saves of a run do not pile up
/// in the cached one.
fn working_copy(from: &ArchivePaths, into: &std::path::Path) -> ArchivePaths {
    std::fs::create_dir_all(into).expect("mkdir");
    for entry in std::fs::read_dir(&from.dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_file() {
            std::fs::copy(&path, into.join(path.file_name().expect("name"))).expect("copy");
        }
    }
    ArchivePaths::new(into)
}

fn main() {
    let cached = large_archive();
    let tmp = tempfile::tempdir_in(cached.dir.parent().expect("parent")).expect("tmp");
    let paths = working_copy(&cached, &tmp.path().join("copy"));
    let mut archive = Archive::unlock(&paths, &passphrase()).expect("unlock");
    let counts = archive.counts().expect("counts");
    eprintln!(
        "archive: {} persons, {} colloqui, {} referrals, {} history entries",
        counts.persons, counts.contacts, counts.referrals, counts.history
    );
    let mut c = Criterion::default().configure_from_args().sample_size(50);

    // What she types, letter by letter, for a surname, a name-first search and a code.
    let queries = [
        "r", "ro", "ros", "ross", "rossi", "mar", "maria ro", "rss", "rssmr", "dang",
    ];
    c.bench_function("search as she types (one query)", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % queries.len();
            archive.find_persons(queries[i], 50).expect("search")
        })
    });

    // The persons with the longest histories are the slowest pages.
    let mut persons: Vec<PersonId> = archive
        .find_persons("", 5000)
        .expect("persons")
        .into_iter()
        .map(|p| p.id)
        .collect();
    persons.sort_by_cached_key(|p| {
        std::cmp::Reverse(
            archive
                .contacts_of(*p, u32::MAX)
                .map(|c| c.len())
                .unwrap_or(0),
        )
    });
    persons.truncate(200);
    let longest = archive
        .contacts_of(persons[0], u32::MAX)
        .expect("contacts")
        .len();
    eprintln!("person pages: the 200 longest of the first 5000, up to {longest} colloqui each");
    c.bench_function("open a person page", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % persons.len();
            archive.person_page(persons[i]).expect("page")
        })
    });

    let service = archive.services().expect("services")[0].id;
    let person = persons[0];
    c.bench_function(
        "save a colloquio durably (with its time and a referral)",
        |b| {
            b.iter_batched(
                || SaveContactRequest {
                    id: None,
                    person: Some(person),
                    anonymous: None,
                    form: ContactForm {
                        services: vec!["ascolto".into(), "informazione".into()],
                        areas: vec!["POV".into()],
                        summary: "Colloquio di prova del benchmark.".into(),
                        referrals: vec![sportello_core::model::ReferralForm {
                            service: service.to_string(),
                            ..Default::default()
                        }],
                        ..ContactForm::new_at(end(), chrono::NaiveTime::MIN, None)
                    },
                },
                |request| archive.save_contact(&request, end()).expect("save"),
                BatchSize::SmallInput,
            )
        },
    );
    c.final_summary();
    archive.lock().expect("lock");
}
