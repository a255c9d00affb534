//! The daily record on the large demo archive (about 100,000 colloqui and 20,000 persons over
//! ten years): search as she types, open a person's page, save a colloquio durably.
//!
//! The archive is made once and shared with the other benchmarks (`large/mod.rs`). Run with
//! `cargo bench -p sportello-archive --bench daily`.

mod large;
mod save;

use criterion::{BatchSize, Criterion};
use large::{end, large_archive, passphrase, working_copy};
use sportello_archive::Archive;
use sportello_core::PersonId;

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

    let service = archive.services().expect("services")[0].id.to_string();
    let person = persons[0];
    c.bench_function(
        "save a colloquio durably (with its time and a referral)",
        |b| {
            b.iter_batched(
                || save::colloquio(person, &service),
                |request| archive.save_contact(&request, end()).expect("save"),
                BatchSize::SmallInput,
            )
        },
    );
    c.final_summary();
    archive.lock().expect("lock");
}
