//! Generating the large demo archive itself (about 100,000 colloqui and 20,000 persons over ten
//! years, encrypted, with its history): one-shot timings, median of 3, each into a fresh
//! folder. The cached archive the other benchmarks share is made first if missing (not timed
//! here). Writes `target/bench-results/generate.json` for `scripts/bench.sh`. Run with
//! `cargo bench -p sportello-archive --bench generate`.

// Only the archive's place, passphrase and last day: not the working copy.
#[allow(dead_code)]
mod large;

use large::{end, large_archive, passphrase};
use sportello_archive::demo::{self, DemoOptions};
use sportello_archive::ArchivePaths;
use std::time::Instant;

fn main() {
    // The cached archive, made here if missing: its time is left out of the run's own.
    let clock = Instant::now();
    let cached = large_archive();
    let cache_s = clock.elapsed().as_secs_f64();
    let parent = cached.dir.parent().expect("parent").to_path_buf();
    let mut seconds = Vec::new();
    for run in 1..=3 {
        let tmp = tempfile::tempdir_in(&parent).expect("tmp");
        let paths = ArchivePaths::new(tmp.path().join("large"));
        let clock = Instant::now();
        let (summary, _recovery) =
            demo::create(&paths, &passphrase(), &DemoOptions::large(end())).expect("generate");
        let took = clock.elapsed().as_secs_f64();
        eprintln!(
            "run {run}: {} persons, {} colloqui in {took:.1} s",
            summary.persons, summary.contacts
        );
        seconds.push(took);
    }
    seconds.sort_by(f64::total_cmp);
    let median = seconds[1];
    eprintln!("generate the large archive: median of 3 {median:.1} s");
    let out = parent.join("../bench-results");
    std::fs::create_dir_all(&out).expect("results folder");
    std::fs::write(
        out.join("generate.json"),
        format!(
            "{{\"name\": \"generate the large archive\", \"seconds\": {seconds:?}, \"median_s\": {median}, \"cached_archive_s\": {cache_s}}}"
        ),
    )
    .expect("write");
}
