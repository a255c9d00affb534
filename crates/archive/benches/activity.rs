//! The yearly activity report on the large demo archive (about 100,000 colloqui over ten
//! years): the rows and figures with suppression, and the PDF, measured apart. Run with
//! `cargo bench -p sportello-archive --bench activity`.

mod large;

use criterion::Criterion;
use large::{end, large_archive, passphrase, working_copy};
use sportello_archive::Archive;
use sportello_core::stats::Period;
use sportello_report::activity_pdf;

fn main() {
    let cached = large_archive();
    let tmp = tempfile::tempdir_in(cached.dir.parent().expect("parent")).expect("tmp");
    let paths = working_copy(&cached, &tmp.path().join("copy"));
    let archive = Archive::unlock(&paths, &passphrase()).expect("unlock");
    let today = end();
    let year = Period::year(2025).expect("year");
    let report = archive
        .draft_activity_report(year, 3, today)
        .expect("report");
    let pdf = activity_pdf(&report);
    let clock = std::time::Instant::now();
    let input = archive.activity_input(year, today).expect("rows");
    let rows = clock.elapsed();
    let figures = sportello_core::stats::compute(&input, sportello_core::Lang::It);
    let computed = clock.elapsed();
    let _ = figures.suppressed(3).expect("suppressed");
    let suppressed = clock.elapsed();
    eprintln!(
        "one run: rows {:.1} ms, figures {:.1} ms, suppression {:.1} ms",
        rows.as_secs_f64() * 1e3,
        (computed - rows).as_secs_f64() * 1e3,
        (suppressed - computed).as_secs_f64() * 1e3
    );
    let hidden = report
        .figures
        .tables
        .iter()
        .flat_map(|t| t.rows.iter().chain([&t.total]))
        .flat_map(|r| r.cells.iter())
        .filter(|c| c.value().is_none())
        .count();
    eprintln!(
        "year 2025: {} colloqui, {} persons, {} referrals; {} tables, {hidden} cells withheld; PDF {} bytes",
        input.contacts.len(),
        input.persons.len(),
        input.referrals.len(),
        report.figures.tables.len(),
        pdf.len()
    );
    let mut c = Criterion::default().configure_from_args().sample_size(10);
    c.bench_function(
        "yearly activity report: rows, figures and suppression",
        |b| {
            b.iter(|| {
                archive
                    .draft_activity_report(year, 3, today)
                    .expect("report")
            })
        },
    );
    c.bench_function("yearly activity report: PDF from the figures", |b| {
        b.iter(|| activity_pdf(&report))
    });
    c.final_summary();
    archive.lock().expect("lock");
}
