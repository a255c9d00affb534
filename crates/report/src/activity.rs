//! The activity report for the comune: the summary, the headline figures, two charts drawn as
//! vectors (contacts per month, the mix of areas of need: grey bars outlined in black, each
//! with its number, readable in black and white), the desk's time, every table as suppressed,
//! and the rule that protects the people counted.

use super::layout::{Layout, Weight, GREY, INK, LIGHT, MARGIN, PAGE_W};
use super::{facts, Table, BODY, RIGHT, SMALL};
use sportello_core::format::{count, hours_decimal, percent, plural};
use sportello_core::stats::activity::{Table as StatTable, Unit};
use sportello_core::stats::{ActivityReport, Printed};
use sportello_core::Minutes;

const BAR: (f32, f32, f32) = (0.62, 0.62, 0.62);
/// The area chart's line height, in mm.
const ROW_ADVANCE: f32 = 6.0;

fn shown(p: Printed, threshold: u64) -> String {
    p.text(threshold)
}

fn heading(l: &mut Layout, text: &str) {
    l.keep(16.0);
    l.down(3.0);
    l.text(MARGIN, text, 12.0, Weight::Bold);
    l.down(6.5);
}

/// The activity report as PDF bytes.
pub fn activity_pdf(report: &ActivityReport) -> Vec<u8> {
    let f = &report.figures;
    let t = f.threshold;
    let mut l = Layout::new(report.document.clone());

    heading(&mut l, "Sintesi");
    l.paragraph(&report.narrative, BODY, Weight::Regular);
    for (title, text) in &report.sections {
        if text.trim().is_empty() {
            continue;
        }
        heading(&mut l, title);
        l.paragraph(text, BODY, Weight::Regular);
    }

    heading(&mut l, "Dati principali");
    let h = &f.headline;
    facts(
        &mut l,
        &[
            ("Persone", shown(h.persons, t)),
            ("di cui nuove", shown(h.new_persons, t)),
            ("già conosciute", shown(h.known_persons, t)),
            ("contatti anonimi", shown(h.anonymous_contacts, t)),
            ("Contatti", shown(h.contacts, t)),
            ("Colloqui registrati", shown(h.colloqui, t)),
            ("Invii ai servizi", shown(h.referrals, t)),
            ("Appuntamenti", shown(h.appointments, t)),
        ],
    );

    if let Some(months) = f.table("contacts_by_month") {
        month_chart(&mut l, months, t);
    }
    if let Some(areas) = f.table("contacts_by_area") {
        area_chart(&mut l, areas, t);
    }

    heading(&mut l, "Aperture e ore");
    let d = &f.desk;
    let hours = |m: u32| format!("{} h", hours_decimal(Minutes(m)));
    facts(
        &mut l,
        &[
            (
                "Aperture tenute",
                format!(
                    "{} su {} previste{}",
                    d.sessions_held,
                    d.sessions_planned,
                    d.planned_until_text()
                ),
            ),
            (
                "Front office",
                format!(
                    "{} erogate su {} di apertura prevista",
                    hours(d.front_minutes),
                    hours(d.front_planned_minutes)
                ),
            ),
            ("Back office", format!("{} erogate", hours(d.back_minutes))),
            ("Monte ore utilizzato", hours(d.billable_minutes)),
        ],
    );
    if d.has_community_work() {
        heading(&mut l, "Attività di gruppo e lavoro di rete");
        facts(
            &mut l,
            &[
                (
                    "Attività di gruppo",
                    format!(
                        "{}, {} in tutto",
                        plural(d.group_sessions.into(), "incontro", "incontri"),
                        plural(d.group_participants.into(), "partecipante", "partecipanti")
                    ),
                ),
                ("Incontri di rete", count(d.network_meetings.into())),
                (
                    "Tavoli di coordinamento",
                    count(d.coordination_tables.into()),
                ),
                ("Tempo dedicato", hours(d.community_minutes)),
            ],
        );
    }

    for table in &f.tables {
        stat_table(&mut l, table, t);
        if table.code == "referrals_follow_up" {
            shares(&mut l, table, h.referrals);
        }
        if table.code == "unmet_needs_by_area" && !report.missing_resources.trim().is_empty() {
            l.keep(14.0);
            l.text(MARGIN, "Risorse mancanti segnalate", BODY, Weight::Bold);
            l.down(5.0);
            l.paragraph(&report.missing_resources, BODY, Weight::Regular);
        }
    }

    heading(&mut l, "Nota sul metodo");
    let method = format!(
        "Un contatto è una persona in un giorno: più colloqui della stessa persona nello stesso giorno sono un solo contatto, che nelle tabelle per canale, prestazione, area e simili conta una volta in ciascuna voce che ha avuto, per cui quelle righe possono sommare più del totale. Le persone contano una volta nel periodo; i contatti anonimi contano ciascuno come una persona. L'età è quella all'ultimo giorno del periodo. \
         Tutela delle persone: i valori da 1 a {} sono indicati «< {t}» (soglia {t}, come nelle regole deontologiche del Sistema statistico nazionale); gli zeri sono indicati 0. Altri valori sono indicati «riservato» quando servono a impedire che un valore nascosto si ricavi dai totali o da altre tabelle: per ogni valore nascosto è stato verificato che i numeri stampati ammettono più di un valore. Il report non contiene nomi, codici fiscali né note dei colloqui.",
        t - 1
    );
    let method = if report.missing_resources.trim().is_empty() {
        method
    } else {
        format!(
            "{method} Le risorse mancanti sono state proposte dal programma solo se indicate da almeno {t} persone di nuclei diversi; il testo stampato è quello rivisto dall'operatrice."
        )
    };
    l.paragraph(&method, SMALL, Weight::Regular);
    l.finish()
}

fn stat_table(l: &mut Layout, table: &StatTable<Printed>, t: u64) {
    // The title stays with the table's header and its first rows (or all of a short table).
    let rows = (table.rows.len() + 1).min(4) as f32;
    l.keep(16.0 + 12.0 + 5.0 * rows);
    heading(l, &table.title);
    if table.multi_response {
        l.text(
            MARGIN,
            "Una voce per ogni aspetto del contatto: le righe possono sommare più del totale.",
            SMALL,
            Weight::Regular,
        );
        l.down(5.0);
    }
    let unit = match table.unit {
        Unit::Contacts => "Contatti",
        Unit::Persons => "Persone",
        Unit::Referrals => "Invii",
        Unit::Appointments => "Appuntamenti",
        Unit::Cases => "Prese in carico",
        Unit::Interventions => "Interventi",
    };
    // One column: the count; several (age × gender): one per column, the total last.
    let columns: Vec<(String, f32, bool)> = if table.columns.len() == 1 {
        vec![
            (String::new(), MARGIN + 2.0, false),
            (unit.to_owned(), RIGHT - 2.0, true),
        ]
    } else {
        let n = table.columns.len() as f32;
        let first = 100.0;
        let step = (RIGHT - 2.0 - first) / (n - 1.0).max(1.0);
        std::iter::once((String::new(), MARGIN + 2.0, false))
            .chain(
                table
                    .columns
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (short(&c.label), first + step * i as f32, true)),
            )
            .collect()
    };
    let columns: Vec<(&str, f32, bool)> = columns
        .iter()
        .map(|(s, x, r)| (s.as_str(), *x, *r))
        .collect();
    let layout = Table { columns: &columns };
    layout.header(l);
    for row in &table.rows {
        let mut cells = vec![row.label.clone()];
        cells.extend(row.cells.iter().map(|c| shown(*c, t)));
        layout.row(l, &cells, Weight::Regular);
    }
    let mut cells = vec![table.total.label.clone()];
    cells.extend(table.total.cells.iter().map(|c| shown(*c, t)));
    layout.row(l, &cells, Weight::Bold);
}

fn short(label: &str) -> String {
    match label {
        "Altro / non dichiarato" => "Altro / n.d.".into(),
        other => other.to_owned(),
    }
}

/// The shares of the referrals' follow-up, when both numbers are printed.
fn shares(l: &mut Layout, table: &StatTable<Printed>, referrals: Printed) {
    let Printed::Value(total) = referrals else {
        return;
    };
    for row in &table.rows {
        if let Printed::Value(n) = row.cells[0] {
            l.keep(6.0);
            l.text(
                MARGIN + 2.0,
                &format!("{}: {} degli invii", row.label, percent(n, total)),
                SMALL,
                Weight::Regular,
            );
            l.down(4.5);
        }
    }
}

/// Contacts per month as vertical bars; a withheld month has no bar, only its label.
fn month_chart(l: &mut Layout, table: &StatTable<Printed>, t: u64) {
    let chart_h = 42.0;
    // The heading and the whole chart on one page.
    l.keep(16.0 + chart_h + 14.0);
    heading(l, "Contatti per mese");
    l.keep(chart_h + 14.0);
    let top = l.y;
    let base = top - chart_h;
    let max = table
        .rows
        .iter()
        .filter_map(|r| r.cells[0].value())
        .max()
        .unwrap_or(0)
        .max(1);
    let n = table.rows.len().max(1) as f32;
    let width = PAGE_W - 2.0 * MARGIN;
    let slot = width / n;
    let bar_w = (slot * 0.6).min(14.0);
    l.line(MARGIN, base, RIGHT, base, 0.6, INK);
    for (i, row) in table.rows.iter().enumerate() {
        let x = MARGIN + slot * i as f32 + (slot - bar_w) / 2.0;
        let label = month_abbreviation(&row.code);
        let lw = l.width(&label, SMALL, Weight::Regular);
        l.text_at(
            x + bar_w / 2.0 - lw / 2.0,
            base - 4.5,
            &label,
            SMALL,
            Weight::Regular,
            INK,
        );
        let text = shown(row.cells[0], t);
        let (bar_h, color) = match row.cells[0] {
            Printed::Value(v) => ((chart_h - 8.0) * v as f32 / max as f32, INK),
            Printed::Hidden(_) => (0.0, GREY),
        };
        if bar_h > 0.0 {
            l.fill(x, base, bar_w, bar_h, BAR);
            l.frame(x, base, bar_w, bar_h, INK);
        }
        let tw = l.width(&text, SMALL, Weight::Bold);
        l.text_at(
            x + bar_w / 2.0 - tw / 2.0,
            base + bar_h + 1.5,
            &text,
            SMALL,
            Weight::Bold,
            color,
        );
    }
    l.y = base - 10.0;
}

fn month_abbreviation(code: &str) -> String {
    const SHORT: [&str; 12] = [
        "gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic",
    ];
    let month: usize = code.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1);
    let year = code.get(2..4).unwrap_or("");
    format!("{} {year}", SHORT[(month.clamp(1, 12)) - 1])
}

/// The mix of areas of need as horizontal bars, each with its number.
fn area_chart(l: &mut Layout, table: &StatTable<Printed>, t: u64) {
    // The heading and every bar on one page.
    l.keep(16.0 + ROW_ADVANCE * table.rows.len() as f32 + 2.0);
    heading(l, "Aree di bisogno dei contatti");
    let label_w = 78.0;
    let max = table
        .rows
        .iter()
        .filter_map(|r| r.cells[0].value())
        .max()
        .unwrap_or(0)
        .max(1);
    let bar_max = RIGHT - MARGIN - label_w - 18.0;
    for row in &table.rows {
        l.keep(7.0);
        l.text(MARGIN, &row.label, SMALL, Weight::Regular);
        let x = MARGIN + label_w;
        let text = shown(row.cells[0], t);
        let w = match row.cells[0] {
            Printed::Value(v) => bar_max * v as f32 / max as f32,
            Printed::Hidden(_) => 0.0,
        };
        if w > 0.0 {
            l.fill(x, l.y - 1.0, w, 4.0, BAR);
            l.frame(x, l.y - 1.0, w, 4.0, INK);
        }
        l.text(x + w + 2.0, &text, SMALL, Weight::Bold);
        l.down(ROW_ADVANCE);
    }
    l.rule(MARGIN, RIGHT, 0.3, LIGHT);
    l.down(2.0);
}
