//! The real PDFs, checked by independent tools: `qpdf --check` finds them well formed,
//! `pdftotext` finds the figures the core computed, the same input gives the same bytes, and a
//! monthly statement weighs less than 100 KB.

use chrono::NaiveDate;
use sportello_core::format::{euro, hours_decimal, hours_hhmm};
use sportello_core::model::{ContractForm, ContractTerms};
use sportello_core::statement::{
    monthly_statement, reconciliation, IssuedStatement, StatementEntry,
};
use sportello_core::{Cents, Minutes, TimeKind};
use sportello_report::{monthly_statement_pdf, reconciliation_pdf, DocMeta};
use std::collections::BTreeMap;
use std::process::Command;

mod support;
use support::text_of;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

fn terms(vat: &str) -> ContractTerms {
    ContractForm {
        comune: "Comune di Roccaverde".into(),
        provider: "Cooperativa Sociale Il Ponte".into(),
        start: "15/03/2025".into(),
        end: "14/03/2028".into(),
        year_start: "15/03/2025".into(),
        yearly_hours: "178".into(),
        hourly_rate: "23,00".into(),
        vat: vat.into(),
        weekly_cap_hours: "4".into(),
        opening_slots: "mar 09:00-13:00".into(),
        cig: "Z3A1B2C4D5".into(),
        award_ref: "Determina n. 45 del 15/02/2025".into(),
        patron_saint: "24/06".into(),
        closures: String::new(),
    }
    .parse()
    .expect("contract")
}

/// Time in March 2026 (a month a contract year starts in), one week past the cap.
fn entries() -> Vec<StatementEntry> {
    let mut v = Vec::new();
    for (day, minutes, kind, billable) in [
        (3, 40, TimeKind::FrontOffice, true),
        (3, 35, TimeKind::FrontOffice, true),
        (5, 25, TimeKind::PhoneCalls, true),
        (10, 200, TimeKind::FrontOffice, true),
        (12, 50, TimeKind::Documentation, true), // week of 9 March: 250 > 240
        (13, 60, TimeKind::Training, false),
        (17, 45, TimeKind::FrontOffice, true),
        (24, 30, TimeKind::Networking, true),
        (31, 20, TimeKind::FrontOffice, true),
    ] {
        v.push(StatementEntry {
            date: d(2026, 3, day),
            minutes: Minutes(minutes),
            kind,
            billable,
            operator: if day == 17 {
                "Laura Bianchi"
            } else {
                "Anna Rossi"
            }
            .into(),
        });
    }
    v
}

fn meta(id: &str, title: &str) -> DocMeta {
    DocMeta {
        id: id.into(),
        date: d(2026, 4, 2),
        issuer: "Comune di Roccaverde".into(),
        title: title.into(),
        period: "Marzo 2026".into(),
        logo_sha256: None,
        logo_png: None,
    }
}

#[test]
fn the_monthly_statement_prints_the_core_figures_identically_every_time() {
    let t = terms("22");
    let notes = BTreeMap::from([(
        sportello_core::ledger::Week::of(d(2026, 3, 10)),
        "Accompagnamento urgente all'ospedale.".to_string(),
    )]);
    let s = monthly_statement(&t, 2026, 3, &entries(), &|y| t.year_budget(y), &notes)
        .expect("statement");
    assert_eq!(
        s.sections.len(),
        2,
        "the month straddles two contract years"
    );
    let pdf = monthly_statement_pdf(&s, &meta("RM-2026-03-0001", "Rendiconto mensile delle ore"));
    let again = monthly_statement_pdf(&s, &meta("RM-2026-03-0001", "Rendiconto mensile delle ore"));
    assert_eq!(pdf, again, "the same input gives the same bytes");
    assert!(pdf.len() < 100 * 1024, "{} bytes", pdf.len());
    let text = text_of(&pdf, "rendiconto.pdf");
    for expected in [
        "Comune di Roccaverde".to_string(),
        "Rendiconto mensile delle ore".into(),
        "Marzo 2026".into(),
        "Z3A1B2C4D5".into(),
        "Determina n. 45 del 15/02/2025".into(),
        "Attestazione di regolare esecuzione".into(),
        "Accompagnamento urgente all'ospedale.".into(),
        "Pagina 1 di".into(),
        "RM-2026-03-0001".into(),
        // Who delivered the hours.
        "Ore svolte per operatore".into(),
        "Anna Rossi".into(),
        "Laura Bianchi".into(),
        hours_hhmm(s.sections[0].billable),
        hours_hhmm(s.sections[1].billable),
        hours_decimal(s.billable),
        euro(s.sections[0].amount),
        euro(s.sections[1].amount),
        euro(s.vat_amount),
        euro(s.total),
    ] {
        assert!(text.contains(&expected), "{expected:?} not in:\n{text}");
    }
    // Accents and the euro sign come out as they went in.
    assert!(text.contains("attestazione") || text.contains("è stato regolarmente eseguito"));
    assert!(text.contains("€"));
}

#[test]
fn the_reconciliation_prints_delivered_invoiced_and_the_difference() {
    let t = terms("esente");
    let year = t.year_containing(d(2026, 3, 20));
    let issued = [IssuedStatement {
        year: 2026,
        month: 3,
        year_start: year.start,
        minutes: Minutes(95),
        amount: Cents(3642),
        vat_amount: Cents(0),
        issued_on: d(2026, 4, 2),
        document_id: "RM-2026-03-0001".into(),
    }];
    let r = reconciliation(
        &t,
        year,
        t.year_budget(year),
        &entries(),
        &issued,
        &BTreeMap::new(),
        Some(d(2027, 3, 20)),
    );
    let m = meta("RA-2026-0001", "Riconciliazione annuale del monte ore");
    let pdf = reconciliation_pdf(&r, &m);
    assert_eq!(pdf, reconciliation_pdf(&r, &m));
    let text = text_of(&pdf, "riconciliazione.pdf");
    for expected in [
        "Riconciliazione annuale del monte ore".to_string(),
        "chiuso il 20/03/2027".into(),
        hours_hhmm(r.delivered),
        euro(r.delivered_amount),
        euro(r.invoiced_amount),
        euro(r.difference_amount),
        euro(r.contracted_amount),
        "Per il Comune".into(),
    ] {
        assert!(text.contains(&expected), "{expected:?} not in:\n{text}");
    }
}

/// The recovery kit: one page, the key printed in groups, the instructions in Italian, and a
/// QR code that `zbarimg` (Debian's zbar-tools) decodes back to the key; the same input gives
/// the same bytes.
#[test]
fn the_recovery_kit_prints_the_key_and_a_qr_code_that_decodes_to_it() {
    // A fresh identity, generated here: no key is ever written in the tree.
    let identity = age::x25519::Identity::generate();
    let key = age::secrecy::ExposeSecret::expose_secret(&identity.to_string()).to_owned();
    let key = key.as_str();
    let day = d(2026, 11, 26);
    let pdf =
        sportello_report::recovery_kit_pdf(key, day, "/home/operatrice/.local/share/sportello");
    assert_eq!(
        pdf,
        sportello_report::recovery_kit_pdf(key, day, "/home/operatrice/.local/share/sportello")
    );
    let text = text_of(&pdf, "kit.pdf");
    assert!(text.contains("Pagina 1 di 1"), "{text}");
    assert!(text.contains("Kit di recupero dell'archivio"));
    assert!(text.contains("Frase segreta dimenticata"));
    assert!(text.contains("Dove tenerlo"));
    let squeezed: String = text.split_whitespace().collect();
    assert!(squeezed.contains(key), "the key, in groups, is on the page");
    // The QR code, read from the page as a scanner would.
    let dir = std::env::temp_dir().join(format!("sportello-kit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("kit.pdf");
    std::fs::write(&file, &pdf).expect("write");
    let rendered = Command::new("pdftoppm")
        .args(["-r", "200", "-png", "-singlefile"])
        .arg(&file)
        .arg(dir.join("kit"))
        .status()
        .expect("pdftoppm (poppler-utils)");
    assert!(rendered.success());
    let scanned = Command::new("zbarimg")
        .args(["--raw", "-q"])
        .arg(dir.join("kit.png"))
        .output()
        .expect("zbarimg (zbar-tools) must be installed");
    assert!(scanned.status.success(), "no QR code found");
    assert_eq!(String::from_utf8_lossy(&scanned.stdout).trim(), key);
    let _ = std::fs::remove_dir_all(&dir);
}
