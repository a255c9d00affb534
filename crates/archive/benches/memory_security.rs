//! What SQLCipher's `cipher_memory_security` (every block SQLite frees is overwritten first)
//! costs on the daily work, on the large demo archive: the same operations with it off, then
//! on, in one run (it cannot be turned off again once on). Run with
//! `cargo bench -p sportello-archive --bench memory_security`; the last lines give the ratios.

mod large;

use large::{end, large_archive, passphrase, working_copy};
use sportello_archive::Archive;
use sportello_core::ipc::SaveContactRequest;
use sportello_core::model::ContactForm;
use sportello_core::PersonId;
use std::time::{Duration, Instant};

/// The median of `runs` timings of `f`.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn main() {
    let cached = large_archive();
    let tmp = tempfile::tempdir_in(cached.dir.parent().expect("parent")).expect("tmp");
    let paths = working_copy(&cached, &tmp.path().join("copy"));
    let queries = [
        "r", "ro", "ros", "ross", "rossi", "mar", "maria ro", "rss", "dang",
    ];
    let mut rows: Vec<(&str, [Duration; 2])> = Vec::new();
    for (phase, on) in [("off", false), ("on", true)] {
        if on {
            sportello_archive::store::enable_memory_security().expect("memory security");
        }
        let unlock = median(5, || {
            Archive::unlock(&paths, &passphrase())
                .expect("unlock")
                .lock()
                .expect("lock")
        });
        let mut archive = Archive::unlock(&paths, &passphrase()).expect("unlock");
        let persons: Vec<PersonId> = archive
            .find_persons("", 200)
            .expect("persons")
            .into_iter()
            .map(|p| p.id)
            .collect();
        let mut i = 0;
        let search = median(200, || {
            i = (i + 1) % queries.len();
            archive.find_persons(queries[i], 50).expect("search");
        });
        let page = median(200, || {
            i = (i + 1) % persons.len();
            archive.person_page(persons[i]).expect("page");
        });
        let service = archive.services().expect("services")[0].id;
        let save = median(50, || {
            let request = SaveContactRequest {
                appointment: None,
                id: None,
                person: Some(persons[0]),
                anonymous: None,
                form: ContactForm {
                    services: vec!["ascolto".into()],
                    areas: vec!["POV".into()],
                    summary: "Colloquio di prova del benchmark.".into(),
                    referrals: vec![sportello_core::model::ReferralForm {
                        service: service.to_string(),
                        ..Default::default()
                    }],
                    ..ContactForm::new_at(end(), chrono::NaiveTime::MIN, None)
                },
            };
            archive.save_contact(&request, end()).expect("save");
        });
        let year = sportello_core::stats::Period::year(2025).expect("year");
        let report = median(5, || {
            archive.activity_input(year, end()).expect("rows");
        });
        archive.lock().expect("lock");
        for (name, time) in [
            ("unlock (key derivation included)", unlock),
            ("search as she types", search),
            ("open a person page", page),
            ("save a colloquio durably", save),
            ("activity report rows, a year", report),
        ] {
            eprintln!(
                "memory security {phase}: {name}: {:.3} ms",
                time.as_secs_f64() * 1e3
            );
            match rows.iter_mut().find(|(n, _)| *n == name) {
                Some((_, t)) => t[1] = time,
                None => rows.push((name, [time, Duration::ZERO])),
            }
        }
    }
    eprintln!("\n| operation (median) | off | on | on / off |\n|---|---|---|---|");
    for (name, [off, on]) in rows {
        eprintln!(
            "| {name} | {:.3} ms | {:.3} ms | {:.2}× |",
            off.as_secs_f64() * 1e3,
            on.as_secs_f64() * 1e3,
            on.as_secs_f64() / off.as_secs_f64()
        );
    }
}
