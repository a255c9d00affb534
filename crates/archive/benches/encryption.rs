//! What encryption costs: the same workload on the large demo archive (SQLCipher) and on its
//! plain twin (the same database exported unencrypted, opened with every setting but the key:
//! `Archive::plain_twin_for_bench`, feature `bench`), in one run: inserts (a colloquio saved
//! durably), indexed reads (search as she types, a person's page) and the report queries (the
//! rows of a year's activity report, the ledger of a contract year). `scripts/bench.sh` turns
//! each pair into a ratio. Run with
//! `cargo bench -p sportello-archive --features bench --bench encryption`.
//!
//! Also the unlock, apart: with the key derivation (scrypt, what she waits for at the unlock
//! screen) and without it (a connection keyed with the derived key and its first read).

mod large;
mod save;

use criterion::{BatchSize, Criterion};
use large::{end, large_archive, passphrase, working_copy};
use sportello_archive::Archive;
use sportello_core::stats::Period;
use sportello_core::PersonId;

fn main() {
    let cached = large_archive();
    let tmp = tempfile::tempdir_in(cached.dir.parent().expect("parent")).expect("tmp");
    let paths = working_copy(&cached, &tmp.path().join("copy"));
    let mut c = Criterion::default().configure_from_args().sample_size(10);

    // The unlock, with and without the key derivation.
    c.bench_function(
        "unlock: passphrase to open archive (key derivation included)",
        |b| {
            b.iter(|| {
                Archive::unlock(&paths, &passphrase())
                    .expect("unlock")
                    .lock()
                    .expect("lock")
            })
        },
    );
    let mut encrypted = Archive::unlock(&paths, &passphrase()).expect("unlock");
    c.bench_function(
        "unlock: open the database with the derived key (key derivation excluded)",
        |b| b.iter(|| encrypted.reader().expect("reader")),
    );

    let mut plain = encrypted
        .plain_twin_for_bench(&tmp.path().join("plain"))
        .expect("plain twin");
    let counts = plain.counts().expect("counts");
    assert_eq!(counts, encrypted.counts().expect("counts"), "the same rows");
    eprintln!(
        "workload on {} persons, {} colloqui, {} referrals (encrypted and plain)",
        counts.persons, counts.contacts, counts.referrals
    );

    let queries = ["r", "ro", "ros", "ross", "rossi", "mar", "maria ro", "rss"];
    let persons: Vec<PersonId> = encrypted
        .find_persons("", 400)
        .expect("persons")
        .into_iter()
        .map(|p| p.id)
        .collect();
    let service = encrypted.services().expect("services")[0].id.to_string();
    let year = Period::year(2025).expect("year");
    let today = end();
    let contract = encrypted
        .contract_on(today)
        .expect("read")
        .expect("a contract");
    let contract_year = contract.terms.year_containing(today);

    for (store, archive) in [("encrypted", &mut encrypted), ("plain", &mut plain)] {
        let mut group = c.benchmark_group(format!("workload on the {store} database"));
        group.sample_size(10);
        let mut i = 0;
        group.bench_function("insert: save a colloquio durably", |b| {
            b.iter_batched(
                || save::colloquio(persons[0], &service),
                |request| archive.save_contact(&request, today).expect("save"),
                BatchSize::SmallInput,
            )
        });
        group.bench_function("indexed read: search as she types", |b| {
            b.iter(|| {
                i = (i + 1) % queries.len();
                archive.find_persons(queries[i], 50).expect("search")
            })
        });
        group.bench_function("indexed read: open a person page", |b| {
            b.iter(|| {
                i = (i + 1) % persons.len();
                archive.person_page(persons[i]).expect("page")
            })
        });
        group.bench_function("report query: a year's activity rows", |b| {
            b.iter(|| archive.activity_input(year, today).expect("rows"))
        });
        group.bench_function("report query: the ledger of a contract year", |b| {
            b.iter(|| {
                archive
                    .ledger_of(&contract, contract_year, today)
                    .expect("ledger")
            })
        });
        group.finish();
    }
    c.final_summary();
    plain.lock().expect("lock plain");
    encrypted.lock().expect("lock");
}
