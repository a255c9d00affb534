//! Backup and restore on the large demo archive (about 100,000 colloqui over ten years):
//! write the encrypted copy and read it back (what *Backup adesso* does), and a whole restore
//! (the copy checked to its end, rebuilt beside the archive, swapped in). Run with
//! `cargo bench -p sportello-archive --bench backup`.
//!
//! In the same run, the yardstick: copying the encrypted database file itself (what a
//! backup by hand would be). The ratio says what the SQL dump, age and the read-back cost.
//! Peak memory is printed from /proc (VmHWM) after each stage: it must not grow with the
//! archive (one row at a time), beyond the key derivation of an unlock (256 MiB of scrypt).

mod large;

use chrono::NaiveDate;
use criterion::Criterion;
use large::{large_archive, passphrase, working_copy};
use sportello_archive::backup::restore_with_passphrase;
use sportello_archive::Archive;
use std::time::Instant;

fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn main() {
    let cached = large_archive();
    let tmp = tempfile::tempdir_in(cached.dir.parent().expect("parent")).expect("tmp");
    let paths = working_copy(&cached, &tmp.path().join("copy"));
    let mut archive = Archive::unlock(&paths, &passphrase()).expect("unlock");
    eprintln!("peak after unlock: {} KiB", peak_kib());
    let dir = tmp.path().join("chiavetta");
    std::fs::create_dir(&dir).expect("stick");
    let at = NaiveDate::from_ymd_opt(2026, 11, 26)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("time");

    // One measured run of each, and the yardstick, in the same run.
    let clock = Instant::now();
    let done = archive.backup_to(&dir, at).expect("backup");
    let backup = clock.elapsed();
    // Kept apart: the rotation of the measured backups below would remove it.
    let copy = tmp.path().join("copia.age");
    std::fs::copy(&done.path, &copy).expect("keep the copy");
    eprintln!("peak after a backup: {} KiB", peak_kib());
    let clock = Instant::now();
    std::fs::copy(paths.database(), tmp.path().join("copia-a-mano.db")).expect("copy");
    let by_hand = clock.elapsed();
    let db_bytes = std::fs::metadata(paths.database()).expect("db").len();
    eprintln!(
        "one run: database {:.0} MB, backup {:.0} MB ({} rows) in {:.2} s; copying the database file {:.2} s; ratio {:.1}×",
        db_bytes as f64 / 1e6,
        done.bytes as f64 / 1e6,
        done.rows,
        backup.as_secs_f64(),
        by_hand.as_secs_f64(),
        backup.as_secs_f64() / by_hand.as_secs_f64().max(1e-9)
    );

    let mut c = Criterion::default().configure_from_args().sample_size(10);
    let mut minute = 0u32;
    c.bench_function("backup: write the encrypted copy and read it back", |b| {
        b.iter(|| {
            minute += 1;
            let when = at + chrono::Duration::minutes(i64::from(minute));
            let written = archive.backup_to(&dir, when).expect("backup");
            std::fs::remove_file(&written.path).expect("remove");
        })
    });
    archive.lock().expect("lock");
    c.bench_function(
        "restore: the whole copy checked, rebuilt and swapped in",
        |b| b.iter(|| restore_with_passphrase(&paths, &passphrase(), &copy).expect("restore")),
    );
    eprintln!("peak after restores: {} KiB", peak_kib());
    c.final_summary();
}
