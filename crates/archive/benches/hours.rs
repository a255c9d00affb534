//! The monte ore on the large demo archive (ten contract years, about 100,000 colloqui and
//! their time entries): the ledger of a contract year as the dashboard and the hours page ask
//! for it, the whole hours page, a monthly statement's figures, and its PDF. Run with
//! `cargo bench -p sportello-archive --bench hours`.

mod large;

use chrono::Datelike;
use criterion::Criterion;
use large::{end, large_archive, passphrase, working_copy};
use sportello_archive::Archive;
use sportello_core::ipc::HoursRequest;
use sportello_report::monthly_statement_pdf;

fn main() {
    let cached = large_archive();
    let tmp = tempfile::tempdir_in(cached.dir.parent().expect("parent")).expect("tmp");
    let paths = working_copy(&cached, &tmp.path().join("copy"));
    let archive = Archive::unlock(&paths, &passphrase()).expect("unlock");
    let today = end();
    let contract = archive
        .contract_on(today)
        .expect("read")
        .expect("a contract");
    let year = contract.terms.year_containing(today);
    let entries = archive
        .time_entries(year.start, year.last_day())
        .expect("entries")
        .len();
    let (month_year, month) = (today.year(), today.month() - 1);
    let statement = archive
        .monthly_statement(month_year, month)
        .expect("statement")
        .expect("a contract month");
    let (_, doc) = archive
        .statement_document(month_year, month, today)
        .expect("doc");
    let pdf = monthly_statement_pdf(&statement, &doc);
    eprintln!(
        "contract year {} – {}: {entries} time entries; statement of {month:02}/{month_year}: {} days, {} bytes of PDF",
        year.start,
        year.last_day(),
        statement.sections.iter().map(|s| s.days.len()).sum::<usize>(),
        pdf.len()
    );
    let mut c = Criterion::default().configure_from_args().sample_size(30);
    c.bench_function(
        "ledger of the contract year (gauge, weeks, pace, forecast)",
        |b| b.iter(|| archive.ledger_of(&contract, year, today).expect("ledger")),
    );
    c.bench_function(
        "hours page (year, week, twelve months, a month's entries)",
        |b| {
            b.iter(|| {
                archive
                    .hours_view(&HoursRequest::default(), today)
                    .expect("view")
            })
        },
    );
    c.bench_function("monthly statement figures", |b| {
        b.iter(|| {
            archive
                .monthly_statement(month_year, month)
                .expect("statement")
        })
    });
    c.bench_function("monthly statement PDF (figures and rendering)", |b| {
        b.iter(|| {
            let (s, d) = archive
                .statement_document(month_year, month, today)
                .expect("doc");
            monthly_statement_pdf(&s, &d)
        })
    });
    c.bench_function("yearly reconciliation figures", |b| {
        b.iter(|| {
            archive
                .reconciliation(sportello_core::ipc::YearRef {
                    contract: contract.id,
                    year_start: year.start,
                })
                .expect("reconciliation")
        })
    });
    c.final_summary();
    archive.lock().expect("lock");
}
