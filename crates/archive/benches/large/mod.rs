//! The large demo archive the benchmarks share: generated once and kept in
//! `target/bench-archives/`, keyed by the generator's version (its generation time is printed
//! when it is made), and copied for each run so saves do not pile up in it.

use chrono::NaiveDate;
use sportello_archive::demo::{self, DemoOptions, DEMO_PASSPHRASE, GENERATOR_VERSION};
use sportello_archive::{ArchivePaths, SecretString};
use std::path::PathBuf;
use std::time::Instant;

/// The last day of the benchmark archive: fixed, so the cached archive is always the same.
pub fn end() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 24).expect("date")
}

pub fn passphrase() -> SecretString {
    SecretString::from(DEMO_PASSPHRASE.to_string())
}

/// The large archive, made on first use and reused afterwards.
pub fn large_archive() -> ArchivePaths {
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
        let (summary, _recovery) =
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
pub fn working_copy(from: &ArchivePaths, into: &std::path::Path) -> ArchivePaths {
    copy_tree(&from.dir, into);
    ArchivePaths::new(into)
}

/// The files of `from` and of its folders (the operators' key files), into `into`.
fn copy_tree(from: &std::path::Path, into: &std::path::Path) {
    std::fs::create_dir_all(into).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let path = entry.expect("entry").path();
        let to = into.join(path.file_name().expect("name"));
        if path.is_dir() {
            copy_tree(&path, &to);
        } else {
            std::fs::copy(&path, to).expect("copy");
        }
    }
}
