//! The yearly activity report on the large demo archive (about 100,000 colloqui over ten
//! years): the rows and figures with suppression, and the PDF, measured apart. Run with
//! `cargo bench -p sportello-archive --bench activity`.
//!
//! In the same run, LibreOffice headless (Debian's `libreoffice-writer-nogui`, which must be
//! installed: the bench fails without it) turns the same tables, as HTML, into a PDF: the
//! way the desk made this report before, and the yardstick (ours ≥ 50× faster).

mod large;

use criterion::Criterion;
use large::{end, large_archive, passphrase, working_copy};
use sportello_archive::Archive;
use sportello_core::stats::Period;
use sportello_report::activity_pdf;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

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
    let clock = Instant::now();
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
    compare_with_libreoffice(&archive, year, today, tmp.path());
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

/// Median wall time of ours (figures and PDF, from the archive) against LibreOffice turning
/// the same tables as HTML into a PDF, five runs each after one warm-up.
fn compare_with_libreoffice(archive: &Archive, year: Period, today: chrono::NaiveDate, dir: &Path) {
    let median = |mut v: Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let ours = median(
        (0..5)
            .map(|_| {
                let clock = Instant::now();
                let report = archive
                    .draft_activity_report(year, 3, today)
                    .expect("report");
                let pdf = activity_pdf(&report);
                assert!(pdf.starts_with(b"%PDF"));
                clock.elapsed()
            })
            .collect(),
    );
    let report = archive
        .draft_activity_report(year, 3, today)
        .expect("report");
    let rendering = median(
        (0..5)
            .map(|_| {
                let clock = Instant::now();
                assert!(activity_pdf(&report).starts_with(b"%PDF"));
                clock.elapsed()
            })
            .collect(),
    );
    let html = dir.join("relazione.html");
    std::fs::write(&html, tables_as_html(&report)).expect("html");
    let profile = dir.join("lo-profile");
    let out = dir.join("lo-out");
    let convert = || {
        let clock = Instant::now();
        let status = Command::new("soffice")
            .arg(format!("-env:UserInstallation=file://{}", profile.display()))
            .args(["--headless", "--norestore", "--convert-to", "pdf", "--outdir"])
            .arg(&out)
            .arg(&html)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .expect(
                "soffice not found: install Debian's libreoffice-writer-nogui to run this benchmark",
            );
        assert!(status.success(), "LibreOffice failed: {status}");
        let pdf = std::fs::read(out.join("relazione.pdf")).expect("LibreOffice's PDF");
        assert!(pdf.starts_with(b"%PDF"));
        clock.elapsed()
    };
    convert(); // the first run creates the profile
    let theirs = median((0..5).map(|_| convert()).collect());
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    eprintln!(
        "median of 5: LibreOffice, the same tables as HTML → PDF: {:.0} ms; ours, the tables → PDF: {:.1} ms ({:.0}× faster); ours, from the archive's records to the PDF: {:.1} ms ({:.1}× faster)",
        ms(theirs),
        ms(rendering),
        theirs.as_secs_f64() / rendering.as_secs_f64(),
        ms(ours),
        theirs.as_secs_f64() / ours.as_secs_f64()
    );
}

/// The report's heading, summary and tables as printed (suppressed), as a plain HTML page.
fn tables_as_html(report: &sportello_core::stats::ActivityReport) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let f = &report.figures;
    let mut h = format!(
        "<!DOCTYPE html><html lang=\"it\"><head><meta charset=\"utf-8\"><title>{}</title></head><body><h1>{}</h1><h2>{}</h2><p>{}</p>",
        esc(&report.document.title),
        esc(&report.document.issuer),
        esc(&report.document.period),
        esc(&report.narrative)
    );
    for table in &f.tables {
        h += &format!(
            "<h3>{}</h3><table border=\"1\"><tr><th></th>",
            esc(&table.title)
        );
        for c in &table.columns {
            h += &format!("<th>{}</th>", esc(&c.label));
        }
        h += "</tr>";
        for row in table.rows.iter().chain([&table.total]) {
            h += &format!("<tr><td>{}</td>", esc(&row.label));
            for cell in &row.cells {
                h += &format!("<td align=\"right\">{}</td>", esc(&cell.text(f.threshold)));
            }
            h += "</tr>";
        }
        h += "</table>";
    }
    h + "</body></html>"
}
