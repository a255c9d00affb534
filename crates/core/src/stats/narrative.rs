//! The short Italian summary of an activity report, built from the figures as printed (so it
//! never says more than the tables: a withheld count stays withheld in the words too). The
//! operator edits it before printing; the edited text is what the report keeps.

use super::activity::PrintedFigures;
use super::suppress::{Hidden, Printed};
use crate::format;
use crate::units::Minutes;

fn count(p: Printed, threshold: u64) -> String {
    match p {
        Printed::Value(v) => format::count(v),
        Printed::Hidden(Hidden::Small) => format!("meno di {threshold}"),
        Printed::Hidden(Hidden::Reserved) => "un numero riservato di".to_owned(),
    }
}

fn hours(m: u32) -> String {
    format::hours_decimal(Minutes(m))
}

/// "Nel periodo dal 01/01/2026 al 31/03/2026 si sono rivolte allo sportello 48 persone …"
pub fn summary(f: &PrintedFigures) -> String {
    let t = f.threshold;
    let h = &f.headline;
    let mut text = format!(
        "Nel periodo {} si sono rivolte allo sportello {} persone ({} nuove, {} già conosciute, {} in forma anonima), per {} contatti ({} colloqui registrati).",
        f.period.span(),
        count(h.persons, t),
        count(h.new_persons, t),
        count(h.known_persons, t),
        count(h.anonymous_contacts, t),
        count(h.contacts, t),
        count(h.colloqui, t),
    );
    if let Some(areas) = f.table("contacts_by_area") {
        let mut shown: Vec<(u64, &str)> = areas
            .rows
            .iter()
            .filter(|r| r.code != "nd")
            .filter_map(|r| {
                r.cells[0]
                    .value()
                    .filter(|v| *v > 0)
                    .map(|v| (v, r.label.as_str()))
            })
            .collect();
        shown.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        let top: Vec<String> = shown
            .iter()
            .take(3)
            .map(|(v, label)| format!("{} ({})", label.to_lowercase(), format::count(*v)))
            .collect();
        if !top.is_empty() {
            text.push_str(&format!(
                " Le aree di bisogno più frequenti sono state: {}.",
                join_it(&top)
            ));
        }
    }
    text.push_str(&format!(
        " Sono stati effettuati {} invii ai servizi del territorio",
        count(h.referrals, t)
    ));
    if let Some(follow) = f.table("referrals_follow_up") {
        let feedback = follow.rows.iter().find(|r| r.code == "riscontro");
        if let (Some(Printed::Value(n)), Printed::Value(total)) =
            (feedback.map(|r| r.cells[0]), h.referrals)
        {
            if total > 0 {
                text.push_str(&format!(
                    "; il servizio ricevente ha dato riscontro nel {} dei casi",
                    format::percent(n, total)
                ));
            }
        }
    }
    text.push('.');
    let d = &f.desk;
    if d.sessions_planned > 0 || d.front_minutes + d.back_minutes > 0 {
        text.push_str(&format!(
            " Lo sportello ha tenuto {} aperture sulle {} previste{}, con {} ore di front office e {} ore di back office; il monte ore utilizzato nel periodo è di {} ore.",
            d.sessions_held,
            d.sessions_planned,
            d.planned_until_text(),
            hours(d.front_minutes),
            hours(d.back_minutes),
            hours(d.billable_minutes),
        ));
    }
    if d.has_community_work() {
        text.push_str(&format!(
            " Fuori dai colloqui, lo sportello ha tenuto {} di gruppo con {} in tutto, {} di rete e {} di coordinamento, per {} ore.",
            format::plural(d.group_sessions.into(), "attività", "attività"),
            format::plural(d.group_participants.into(), "partecipante", "partecipanti"),
            format::plural(d.network_meetings.into(), "incontro", "incontri"),
            format::plural(d.coordination_tables.into(), "tavolo", "tavoli"),
            hours(d.community_minutes),
        ));
    }
    text
}

fn join_it(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} e {last}", init.join(", ")),
    }
}
