//! Importing a register of realistic size: the large demo archive (about 100,000 colloqui of
//! 20,000 persons over ten years) exported in the import template, then read, checked and
//! planned (the preview) and imported whole into a fresh archive, in one transaction.
//!
//! Run with `cargo bench -p sportello-archive --bench import`. The target is 5 s for
//! 100,000 rows.

mod large;

use criterion::{BatchSize, Criterion, SamplingMode};
use large::{end, large_archive, passphrase, working_copy};
use sportello_archive::export::ExportKind;
use sportello_archive::import::ImportOptions;
use sportello_archive::register_file::FileFormat;
use sportello_archive::{Archive, ArchivePaths};
use sportello_core::register::Mapping;
use std::time::{Duration, Instant};

fn main() {
    let cached = large_archive();
    let tmp = tempfile::tempdir_in(cached.dir.parent().expect("parent")).expect("tmp");
    let paths = working_copy(&cached, &tmp.path().join("copy"));
    let archive = Archive::unlock(&paths, &passphrase()).expect("unlock");
    let started = Instant::now();
    let csv = archive
        .export(ExportKind::Register, FileFormat::Csv)
        .expect("export");
    let rows = csv.iter().filter(|&&b| b == b'\n').count() - 1;
    eprintln!(
        "the register exported: {rows} rows, {} MB of CSV, in {:.1} s",
        csv.len() / 1_000_000,
        started.elapsed().as_secs_f64()
    );
    archive.lock().expect("lock");

    // A fresh archive for each import (its creation, with the passphrase's key derivation, is
    // not measured).
    let fresh = |n: &mut u32| -> (tempfile::TempDir, Archive) {
        *n += 1;
        let dir = tempfile::tempdir_in(tmp.path()).expect("tmp");
        let paths = ArchivePaths::new(dir.path().join(format!("fresh-{n}")));
        let (archive, _) = Archive::create(&paths, &passphrase(), None).expect("create");
        (dir, archive)
    };
    let mut n = 0;
    let mut c = Criterion::default()
        .configure_from_args()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(1))
        .measurement_time(Duration::from_secs(1));
    let mut group = c.benchmark_group(format!("import of {rows} rows"));
    group.sampling_mode(SamplingMode::Flat);
    let (_keep, target) = fresh(&mut n);
    group.bench_function("preview: read, check and match every row", |b| {
        b.iter(|| {
            target
                .preview_import(
                    "registro.csv",
                    &csv,
                    &Mapping::default(),
                    ImportOptions::default(),
                    end(),
                )
                .expect("preview")
        })
    });
    group.bench_function("import: every row written in one transaction", |b| {
        b.iter_batched(
            || fresh(&mut n),
            |(dir, mut archive)| {
                import_whole(&mut archive, "registro.csv", &csv, rows);
                (dir, archive)
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();

    // The everyday case: a short file from another desk into the ten-year archive (its rows
    // checked one by one, as the archive is far larger than the file). Each import is undone
    // before the next, unmeasured, so the same file imports again into the same archive; the
    // undo compacts the archive (VACUUM), so each import starts with a cold page cache, as
    // after an unlock.
    let few = few_rows(tmp.path(), FEW_ROWS);
    let large = std::cell::RefCell::new(Archive::unlock(&paths, &passphrase()).expect("unlock"));
    let last_batch = std::cell::RefCell::new(None::<String>);
    let mut group = c.benchmark_group("import into the ten-year archive");
    group.sampling_mode(SamplingMode::Flat);
    group.bench_function(format!("import: {FEW_ROWS} rows"), |b| {
        b.iter_batched(
            || {
                if let Some(batch) = last_batch.borrow_mut().take() {
                    large.borrow_mut().undo_import(&batch).expect("undo");
                }
            },
            |()| {
                let outcome = import_whole(
                    &mut large.borrow_mut(),
                    "altro-sportello.csv",
                    &few,
                    FEW_ROWS,
                );
                *last_batch.borrow_mut() = Some(outcome.batch);
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
    c.final_summary();
}

const FEW_ROWS: usize = 50;

/// Imports the whole file with the default mapping and options, and checks it wrote `rows`
/// colloqui.
fn import_whole(
    archive: &mut Archive,
    name: &str,
    bytes: &[u8],
    rows: usize,
) -> sportello_core::register::ImportOutcome {
    let outcome = archive
        .import_register(
            name,
            bytes,
            &Mapping::default(),
            ImportOptions::default(),
            end(),
            &mut |_, _| true,
        )
        .expect("import");
    assert_eq!(outcome.contacts, rows);
    outcome
}

/// The first `rows` colloqui of another desk's register (a small demo of its own seed, so its
/// persons are new to the large archive), in the import template.
fn few_rows(dir: &std::path::Path, rows: usize) -> Vec<u8> {
    let paths = ArchivePaths::new(dir.join("other-desk"));
    let options = sportello_archive::demo::DemoOptions {
        years: 1,
        seed: 77,
        ..sportello_archive::demo::DemoOptions::desktop(end())
    };
    sportello_archive::demo::create(&paths, &passphrase(), &options).expect("other desk");
    let other = Archive::unlock(&paths, &passphrase()).expect("unlock");
    let csv = other
        .export(ExportKind::Register, FileFormat::Csv)
        .expect("export");
    other.lock().expect("lock");
    // Header and the rows after it, each on its own line in the demo's register.
    let end_of = csv
        .iter()
        .enumerate()
        .filter(|(_, &b)| b == b'\n')
        .nth(rows)
        .map(|(i, _)| i + 1)
        .expect("enough rows");
    csv[..end_of].to_vec()
}
