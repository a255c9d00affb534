//! Sportello's PDF reports. Each one takes figures the core computed and returns PDF bytes: no
//! disk, no database, no clock (the document's date and id are inputs), so the same input
//! gives the same bytes and a report can be made again identically.
//!
//! - [`monthly_statement_pdf`]: the rendiconto mensile, for invoicing;
//! - [`reconciliation_pdf`]: the riconciliazione annuale of a contract year;
//! - [`activity_pdf`]: the activity report for the comune (aggregated, suppressed figures);
//! - [`recovery_kit_pdf`]: the recovery kit (the key as text and as a QR code);
//! - [`document_pdf`]: any text document of the core (the privacy notice, the record of
//!   processing, a person's access export).

mod activity;
mod document;
mod kit;
mod layout;
pub mod logo;
mod tables;
pub mod viewer;

pub use activity::activity_pdf;
pub use document::document_pdf;
pub use kit::recovery_kit_pdf;
pub use tables::{activity_csv, activity_xlsx};

pub use layout::DocMeta;
pub use logo::{Logo, LogoError};

use layout::{Layout, Weight, GREY, INK, LIGHT, MARGIN, PAGE_W};
use sportello_core::format::{date, euro, hours_decimal, hours_hhmm};
use sportello_core::ledger::WeekUsage;
use sportello_core::model::VatRegime;
use sportello_core::statement::{
    month_title, MonthlyStatement, OperatorMinutes, Reconciliation, StatementSection,
};
use sportello_core::{Cents, Minutes};

const BODY: f32 = 10.0;
const SMALL: f32 = 8.5;
const RIGHT: f32 = PAGE_W - MARGIN;

fn hours(m: Minutes) -> String {
    format!("{} ({} h)", hours_hhmm(m), hours_decimal(m))
}

fn vat_label(vat: VatRegime) -> String {
    match vat {
        VatRegime::Exempt => "esente".into(),
        rate => format!("aliquota {}", rate.to_text()),
    }
}

/// A block of "label: value" lines.
fn facts(l: &mut Layout, facts: &[(&str, String)]) {
    for (label, value) in facts {
        l.keep(6.0);
        l.text(MARGIN, label, BODY, Weight::Regular);
        l.text(MARGIN + 48.0, value, BODY, Weight::Bold);
        l.down(5.2);
    }
}

/// A table: column right edges (or left edge for the first), a header, rows; the header is
/// repeated on a new page.
struct Table<'a> {
    /// (heading, x, right-aligned)
    columns: &'a [(&'a str, f32, bool)],
}

impl Table<'_> {
    fn header(&self, l: &mut Layout) {
        l.keep(14.0);
        l.fill(MARGIN, l.y - 2.2, PAGE_W - 2.0 * MARGIN, 6.6, LIGHT);
        for (title, x, right) in self.columns {
            if *right {
                l.text_right(*x, title, SMALL, Weight::Bold);
            } else {
                l.text(*x, title, SMALL, Weight::Bold);
            }
        }
        l.down(6.6);
    }

    fn row(&self, l: &mut Layout, cells: &[String], weight: Weight) {
        if l.keep(6.0) {
            self.header(l);
        }
        for ((_, x, right), cell) in self.columns.iter().zip(cells) {
            if *right {
                l.text_right(*x, cell, BODY, weight);
            } else {
                l.text(*x, cell, BODY, weight);
            }
        }
        l.down(1.8);
        l.rule(MARGIN, RIGHT, 0.3, LIGHT);
        l.down(3.6);
    }
}

fn weeks_over_cap(l: &mut Layout, weeks: &[WeekUsage]) {
    if weeks.is_empty() {
        return;
    }
    l.keep(14.0);
    l.down(2.0);
    l.text(
        MARGIN,
        "Settimane oltre il tetto settimanale",
        BODY,
        Weight::Bold,
    );
    l.down(5.5);
    for w in weeks {
        let line = format!(
            "Settimana dal {}: {} su un tetto di {} — {}",
            date(w.monday),
            hours_hhmm(w.minutes),
            hours_hhmm(w.cap),
            w.note.as_deref().unwrap_or("nessuna nota registrata")
        );
        l.paragraph(&line, BODY, Weight::Regular);
        l.down(1.0);
    }
}

fn signatures(l: &mut Layout, left: &str, right: &str) {
    l.keep(30.0);
    l.down(12.0);
    l.text(MARGIN, left, BODY, Weight::Regular);
    l.text(PAGE_W / 2.0 + 6.0, right, BODY, Weight::Regular);
    l.down(14.0);
    l.rule(MARGIN, PAGE_W / 2.0 - 10.0, 0.6, INK);
    let y = l.y;
    l.line(PAGE_W / 2.0 + 6.0, y, RIGHT, y, 0.6, INK);
    l.down(6.0);
}

fn section(l: &mut Layout, s: &StatementSection, several: bool) {
    if several {
        l.keep(20.0);
        l.down(2.0);
        l.text(
            MARGIN,
            &format!(
                "Giorni dal {} al {} — anno contrattuale {} – {}",
                date(s.first_day),
                date(s.last_day),
                date(s.year.start),
                date(s.year.last_day())
            ),
            11.0,
            Weight::Bold,
        );
        l.down(6.5);
    }
    let table = Table {
        columns: &[
            ("Data", MARGIN + 2.0, false),
            ("Front office", 88.0, true),
            ("Back office", 120.0, true),
            ("Totale fatturabile", 157.0, true),
            ("Non fatturabile", RIGHT - 2.0, true),
        ],
    };
    table.header(l);
    if s.days.is_empty() {
        table.row(l, &["Nessuna ora registrata".into()], Weight::Regular);
    }
    for d in &s.days {
        table.row(
            l,
            &[
                date(d.date),
                hours_hhmm(d.front_office),
                hours_hhmm(d.back_office),
                hours_hhmm(d.billable()),
                hours_hhmm(d.not_billable),
            ],
            Weight::Regular,
        );
    }
    table.row(
        l,
        &[
            "Totale".into(),
            hours_hhmm(s.front_office),
            hours_hhmm(s.back_office),
            hours_hhmm(s.billable),
            hours_hhmm(s.not_billable),
        ],
        Weight::Bold,
    );
    l.down(2.0);
    let mut lines = vec![
        ("Ore fatturabili", hours(s.billable)),
        (
            "Importo",
            format!(
                "{} ore × {} = {}",
                hours_hhmm(s.billable),
                euro(s.rate),
                euro(s.amount)
            ),
        ),
    ];
    if s.vat != VatRegime::Exempt {
        lines.push((
            "IVA",
            format!("{} — {}", vat_label(s.vat), euro(s.vat_amount)),
        ));
        lines.push(("Totale", euro(s.total)));
    } else {
        lines.push(("IVA", "esente".into()));
    }
    lines.push((
        "Anno contrattuale",
        format!("dal {} al {}", date(s.year.start), date(s.year.last_day())),
    ));
    lines.push(("Ore dall'inizio dell'anno", hours(s.year_to_date)));
    lines.push(("Monte ore dell'anno", hours(s.budget)));
    lines.push(("Ore residue", hours(s.remaining)));
    facts(l, &lines);
    by_operator(l, &s.by_operator);
    weeks_over_cap(l, &s.weeks_over_cap);
}

/// Who delivered the section's hours (the owner and, say, her substitute for the holidays).
fn by_operator(l: &mut Layout, lines: &[OperatorMinutes]) {
    if lines.is_empty() {
        return;
    }
    l.keep(16.0);
    l.down(2.0);
    l.text(MARGIN, "Ore svolte per operatore", BODY, Weight::Bold);
    l.down(5.5);
    let table = Table {
        columns: &[
            ("Operatore", MARGIN + 2.0, false),
            ("Fatturabili", 157.0, true),
            ("Non fatturabili", RIGHT - 2.0, true),
        ],
    };
    table.header(l);
    for o in lines {
        let name = if o.operator.is_empty() {
            "(non indicato)".to_string()
        } else {
            o.operator.clone()
        };
        table.row(
            l,
            &[name, hours_hhmm(o.billable), hours_hhmm(o.not_billable)],
            Weight::Regular,
        );
    }
    l.down(2.0);
}

/// The monthly statement: each day with front- and back-office time, the month's total as
/// hh:mm and as decimal hours, the amount (rounded once), VAT, the contract year's cumulative
/// total and what remains, the CIG and the award, signature lines and a box for the comune's
/// attestation that the service was delivered.
pub fn monthly_statement_pdf(s: &MonthlyStatement, meta: &DocMeta) -> Vec<u8> {
    let mut l = Layout::new(meta.clone());
    let rate = s.sections.first().map_or(Cents(0), |x| x.rate);
    let vat = s.sections.first().map_or(VatRegime::Exempt, |x| x.vat);
    let mut head = vec![
        ("Ente gestore", s.provider.clone()),
        ("Servizio", "Segretariato Sociale".into()),
    ];
    if !s.cig.is_empty() {
        head.push(("CIG", s.cig.clone()));
    }
    if !s.award_ref.is_empty() {
        head.push(("Affidamento", s.award_ref.clone()));
    }
    head.push(("Tariffa oraria", euro(rate)));
    head.push(("IVA", vat_label(vat)));
    facts(&mut l, &head);
    l.down(3.0);
    let several = s.sections.len() > 1;
    for sec in &s.sections {
        section(&mut l, sec, several);
    }
    if several {
        l.down(2.0);
        let mut totals = vec![
            ("Totale del mese", hours(s.billable)),
            ("Importo del mese", euro(s.amount)),
        ];
        if s.vat_amount != Cents(0) {
            totals.push(("IVA del mese", euro(s.vat_amount)));
            totals.push(("Totale", euro(s.total)));
        }
        facts(&mut l, &totals);
    }
    signatures(
        &mut l,
        "L'assistente sociale",
        "Il legale rappresentante dell'ente gestore",
    );
    // The comune's attestation of regular execution, for the office to fill in.
    l.keep(40.0);
    l.down(6.0);
    let top = l.y + 4.0;
    l.text(
        MARGIN + 3.0,
        "Attestazione di regolare esecuzione (a cura del Comune)",
        BODY,
        Weight::Bold,
    );
    l.down(5.5);
    l.text(
        MARGIN + 3.0,
        "Si attesta che il servizio è stato regolarmente eseguito per le ore sopra indicate.",
        BODY,
        Weight::Regular,
    );
    l.down(11.0);
    l.text(
        MARGIN + 3.0,
        "Data ____________________",
        BODY,
        Weight::Regular,
    );
    l.text(
        PAGE_W / 2.0,
        "Il Responsabile del Servizio ____________________",
        BODY,
        Weight::Regular,
    );
    l.down(5.0);
    let bottom = l.y;
    l.frame(MARGIN, bottom, PAGE_W - 2.0 * MARGIN, top - bottom, GREY);
    l.finish()
}

/// The yearly reconciliation: per month the contracted pace, the hours delivered and invoiced
/// and their difference; the totals with amounts; the weeks past the cap with their notes; the
/// year's closing; signature lines.
pub fn reconciliation_pdf(r: &Reconciliation, meta: &DocMeta) -> Vec<u8> {
    let mut l = Layout::new(meta.clone());
    let mut head = vec![
        ("Ente gestore", r.provider.clone()),
        ("Servizio", "Segretariato Sociale".into()),
    ];
    if !r.cig.is_empty() {
        head.push(("CIG", r.cig.clone()));
    }
    if !r.award_ref.is_empty() {
        head.push(("Affidamento", r.award_ref.clone()));
    }
    head.push(("Monte ore", hours(r.budget)));
    head.push(("Tariffa oraria", euro(r.rate)));
    head.push(("IVA", vat_label(r.vat)));
    head.push((
        "Stato dell'anno",
        match r.locked_on {
            Some(d) => format!("chiuso il {}", date(d)),
            None => "aperto (non ancora chiuso)".into(),
        },
    ));
    facts(&mut l, &head);
    l.down(3.0);
    let table = Table {
        columns: &[
            ("Mese", MARGIN + 2.0, false),
            ("Quota contrattuale", 84.0, true),
            ("Erogate", 106.0, true),
            ("Fatturate", 128.0, true),
            ("Differenza", 152.0, true),
            ("Importo fatturato", RIGHT - 2.0, true),
        ],
    };
    table.header(&mut l);
    let signed = |m: i64| {
        let h = hours_hhmm(Minutes(u32::try_from(m.unsigned_abs()).unwrap_or(u32::MAX)));
        if m < 0 {
            format!("-{h}")
        } else {
            h
        }
    };
    for m in &r.months {
        table.row(
            &mut l,
            &[
                month_title(m.year, m.month),
                hours_hhmm(m.contracted),
                hours_hhmm(m.delivered),
                m.invoiced.map(hours_hhmm).unwrap_or_else(|| "—".into()),
                signed(m.difference),
                m.invoiced_amount.map(euro).unwrap_or_else(|| "—".into()),
            ],
            Weight::Regular,
        );
    }
    let invoiced: u32 = r
        .months
        .iter()
        .filter_map(|m| m.invoiced)
        .map(|m| m.get())
        .sum();
    let difference: i64 = r.months.iter().map(|m| m.difference).sum();
    table.row(
        &mut l,
        &[
            "Totale".into(),
            hours_hhmm(r.budget),
            hours_hhmm(r.delivered),
            hours_hhmm(Minutes(invoiced)),
            signed(difference),
            euro(r.invoiced_amount),
        ],
        Weight::Bold,
    );
    l.down(3.0);
    facts(
        &mut l,
        &[
            (
                "Contrattate",
                format!("{} — {}", hours(r.budget), euro(r.contracted_amount)),
            ),
            (
                "Erogate",
                format!("{} — {}", hours(r.delivered), euro(r.delivered_amount)),
            ),
            ("Fatturate", euro(r.invoiced_amount)),
            ("Differenza", euro(r.difference_amount)),
            ("Ore non fatturabili", hours(r.not_billable)),
        ],
    );
    l.paragraph(
        "Gli importi sono arrotondati una sola volta al centesimo: le ore erogate sull'intero anno, le ore fatturate come emesse in ciascun rendiconto mensile.",
        SMALL,
        Weight::Regular,
    );
    weeks_over_cap(&mut l, &r.weeks_over_cap);
    signatures(&mut l, "Per l'ente gestore", "Per il Comune");
    l.finish()
}
