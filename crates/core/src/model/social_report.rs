//! Social reports (relazioni sociali) of a case and the case file that shows them: a report is
//! written in the app from a template filled with what the case records, saved as numbered
//! versions (a saved version never changes; a correction is a new version), and printed as PDF.

use super::casework::{CasePeriod, CaseState, Deadline, Goal, Intervention, Meeting, Review};
use super::{optional_text, required_code, required_text};
use crate::category::ReportAddressee;
use crate::document::{Block, Document, Section};
use crate::format::{self, date, euro, parse_date};
use crate::ids::{CaseId, PersonId, SocialReportId};
use crate::messages::{FormErrors, Lang};
use crate::model::{short_id, DeskFoot, Person};
use crate::papers::{person_facts, put};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The longest report body.
pub const SOCIAL_REPORT_MAX: usize = 40_000;

/// A version of a social report, parsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewSocialReport {
    pub addressee: ReportAddressee,
    /// Whom exactly: "Tribunale per i minorenni di Roma", "Ufficio servizi sociali".
    pub recipient: String,
    pub subject: String,
    pub written_on: NaiveDate,
    pub body: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SocialReportForm {
    pub addressee: String,
    pub recipient: String,
    pub subject: String,
    pub written_on: String,
    pub body: String,
}

impl SocialReportForm {
    pub fn parse(&self) -> Result<NewSocialReport, FormErrors> {
        let mut e = FormErrors::default();
        let addressee = e.check(
            "addressee",
            required_code(&self.addressee, ReportAddressee::from_code),
        );
        let recipient = e.check("recipient", optional_text(&self.recipient, 300));
        let subject = e.check("subject", required_text(&self.subject, 300));
        let written_on = e.check("written_on", parse_date(&self.written_on));
        let body = e.check("body", required_text(&self.body, SOCIAL_REPORT_MAX));
        match (addressee, recipient, subject, written_on, body) {
            (Some(addressee), Some(recipient), Some(subject), Some(written_on), Some(body))
                if e.is_empty() =>
            {
                Ok(NewSocialReport {
                    addressee,
                    recipient,
                    subject,
                    written_on,
                    body,
                })
            }
            _ => Err(e),
        }
    }
}

/// One saved version of a report, without its body (the case page lists these).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SocialReportLine {
    pub id: SocialReportId,
    /// The report every version of which shares this id (the first version's).
    pub series: Uuid,
    pub version: u32,
    pub addressee: ReportAddressee,
    pub recipient: String,
    pub subject: String,
    pub written_on: NaiveDate,
    /// Who saved this version.
    pub operator: Option<String>,
}

/// One saved version with its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SocialReport {
    #[serde(flatten)]
    pub line: SocialReportLine,
    pub case: CaseId,
    pub person_name: String,
    pub body: String,
}

/// Everything a case records, as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseFile {
    pub id: CaseId,
    pub person: PersonId,
    pub person_name: String,
    pub state: CaseState,
    /// Earlier periods of a reopened case, oldest first.
    pub earlier: Vec<CasePeriod>,
    /// The social worker's assessment (valutazione).
    pub assessment: String,
    pub goals: Vec<Goal>,
    pub reviews: Vec<Review>,
    pub interventions: Vec<Intervention>,
    pub meetings: Vec<Meeting>,
    /// The latest version of each report, newest first.
    pub reports: Vec<SocialReportLine>,
    pub deadlines: Vec<Deadline>,
    pub opened_by: Option<String>,
}

const TO_COMPLETE: &str = "[da completare]";

/// The template's text for a new report, filled with what the case records: the operator
/// rewrites it before saving. Sections follow the usual outline of a relazione sociale.
pub fn social_report_draft(case: &CaseFile) -> String {
    let lang = Lang::It;
    let o = &case.state.opening;
    let mut t = String::new();
    let mut section = |title: &str, body: String| {
        if !t.is_empty() {
            t.push('\n');
        }
        t.push_str(title);
        t.push('\n');
        t.push_str(&body);
        t.push('\n');
    };
    section(
        "1. Persona e nucleo",
        format!(
            "{}{}. {TO_COMPLETE}",
            case.person_name,
            if o.household {
                ", con il suo nucleo familiare"
            } else {
                ""
            }
        ),
    );
    section(
        "2. Presa in carico",
        format!(
            "Il servizio sociale ha in carico {} dal {} (richiesta: {}; area: {}). Motivo: {}",
            if o.household {
                "il nucleo"
            } else {
                "la persona"
            },
            date(o.opened_on),
            o.requested_by.label(lang).to_lowercase(),
            o.area.label(lang).to_lowercase(),
            o.reason
        ),
    );
    section(
        "3. Valutazione sociale",
        if case.assessment.trim().is_empty() {
            TO_COMPLETE.to_owned()
        } else {
            case.assessment.trim().to_owned()
        },
    );
    let goals: Vec<String> = case
        .goals
        .iter()
        .map(|g| {
            let mut line = format!("- {}", g.data.goal);
            if !g.data.actions.is_empty() {
                line.push_str(&format!("; azioni: {}", g.data.actions));
            }
            if !g.data.responsible.is_empty() {
                line.push_str(&format!("; chi: {}", g.data.responsible));
            }
            match (g.reached_on, g.data.review_on) {
                (Some(d), _) => line.push_str(&format!(" (raggiunto il {})", date(d))),
                (None, Some(d)) => line.push_str(&format!(" (verifica il {})", date(d))),
                (None, None) => {}
            }
            line
        })
        .collect();
    section(
        "4. Progetto personalizzato",
        lines_or(goals, "Nessun obiettivo registrato."),
    );
    let interventions: Vec<String> = case
        .interventions
        .iter()
        .map(|i| {
            let d = &i.data;
            let mut line = format!("- {}", d.kind.label(lang));
            if !d.provider.is_empty() {
                line.push_str(&format!(", {}", d.provider));
            }
            line.push_str(&match d.to {
                Some(to) => format!(", dal {} al {}", date(d.from), date(to)),
                None => format!(", dal {}", date(d.from)),
            });
            if let Some(a) = d.amount {
                line.push_str(&format!(", {}", euro(a)));
            }
            let act = d.act_text();
            if !act.is_empty() {
                line.push_str(&format!(" ({act})"));
            }
            line
        })
        .collect();
    section(
        "5. Interventi attivati",
        lines_or(interventions, "Nessun intervento attivato."),
    );
    let meetings: Vec<String> = case
        .meetings
        .iter()
        .map(|m| {
            format!(
                "- {} — {}: {}",
                date(m.data.held_on),
                m.data.kind.label(lang),
                m.data.decisions
            )
        })
        .collect();
    section(
        "6. Incontri e verifiche",
        lines_or(meetings, "Nessun incontro registrato."),
    );
    section("7. Conclusioni e proposte", TO_COMPLETE.to_owned());
    t.trim_end().to_owned()
}

/// The body's text as sections: a line like "3. Valutazione sociale" (a number, a dot, a
/// short title) opens a section; lines starting with "- " are a bulleted list; other lines are
/// paragraphs. Text before any title goes under "Relazione".
pub fn body_sections(body: &str) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::new();
    let mut items: Vec<String> = Vec::new();
    fn flush(sections: &mut [Section], items: &mut Vec<String>) {
        if !items.is_empty() {
            if let Some(last) = sections.last_mut() {
                last.blocks.push(Block::Items(std::mem::take(items)));
            }
        }
    }
    for line in body.lines().map(str::trim_end) {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            flush(&mut sections, &mut items);
            continue;
        }
        if is_heading(trimmed) {
            flush(&mut sections, &mut items);
            sections.push(Section::new(trimmed));
            continue;
        }
        if sections.is_empty() {
            sections.push(Section::new("Relazione"));
        }
        if let Some(item) = trimmed.strip_prefix("- ") {
            items.push(item.trim().to_owned());
        } else {
            flush(&mut sections, &mut items);
            if let Some(last) = sections.last_mut() {
                last.blocks.push(Block::Paragraph(trimmed.to_owned()));
            }
        }
    }
    flush(&mut sections, &mut items);
    sections.retain(|s| !s.blocks.is_empty() || !s.title.is_empty());
    sections
}

/// "3. Valutazione sociale": digits, a dot, a space and a short title with no final dot.
fn is_heading(line: &str) -> bool {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    digits > 0
        && digits <= 2
        && line[digits..].starts_with(". ")
        && line.chars().count() <= 80
        && !line.ends_with('.')
}

/// The printed report: to whom, about what, the person, the text in its sections, and the
/// places to sign. The date printed is the report's own, so a version prints the same bytes.
pub fn social_report_document(
    report: &SocialReport,
    person: &Person,
    residence_label: Option<&str>,
    desk: &DeskFoot,
) -> Document {
    let l = &report.line;
    let mut to = Vec::new();
    put(&mut to, "Destinatario", l.addressee.label(Lang::It));
    put(&mut to, "Indirizzata a", &l.recipient);
    let mut about = Vec::new();
    put(&mut about, "Oggetto", &l.subject);
    put(&mut about, "Data", date(l.written_on));
    put(&mut about, "Versione", l.version.to_string());
    let mut sections = vec![
        Section::new("Destinatario").facts(to),
        Section::new("Oggetto").facts(about),
        Section::new("Persona").facts(person_facts(person, residence_label)),
    ];
    sections.extend(body_sections(&report.body));
    sections.push(Section::new("Riservatezza").paragraph(
        "Documento riservato: contiene dati personali anche relativi alla salute (art. 9 GDPR), da trattare solo per le finalità per cui è trasmesso.",
    ));
    sections.push(
        Section::new("Firma")
            .blank("Luogo e data")
            .blank("L'assistente sociale"),
    );
    Document {
        id: format!("REL-{}-v{}", short_id(l.series), l.version),
        title: "Relazione sociale".into(),
        subtitle: l.subject.clone(),
        issuer: desk.comune.clone(),
        date: l.written_on,
        sections,
        large_print: false,
    }
}

/// A person's cases in her access export, one section each: the opening and closing, the
/// assessment (when given), the plan, the interventions, the meetings and the reports' list.
pub fn case_sections(cases: &[CaseFile]) -> Vec<Section> {
    let l = crate::Lang::It;
    cases
        .iter()
        .map(|c| {
            let o = &c.state.opening;
            let mut facts = vec![
                ("Aperta il".to_string(), format::date(o.opened_on)),
                ("Motivo".to_string(), o.reason.clone()),
                (
                    "Su richiesta di".to_string(),
                    o.requested_by.label(l).to_string(),
                ),
                ("Area di bisogno".to_string(), o.area.label(l).to_string()),
            ];
            if let Some(d) = c.state.closed_on {
                facts.push(("Chiusa il".into(), format::date(d)));
                facts.push(("Motivo della chiusura".into(), c.state.close_reason.clone()));
            }
            for p in &c.earlier {
                facts.push((
                    "Periodo precedente".into(),
                    format!(
                        "{} – {}: {}",
                        format::date(p.opened_on),
                        format::date(p.closed_on),
                        p.reason
                    ),
                ));
            }
            if !c.assessment.trim().is_empty() {
                facts.push(("Valutazione".into(), c.assessment.clone()));
            }
            let mut s = Section::new(format!("Presa in carico dal {}", format::date(o.opened_on)))
                .facts(facts);
            if !c.goals.is_empty() {
                let rows = c
                    .goals
                    .iter()
                    .map(|g| {
                        vec![
                            g.data.goal.clone(),
                            g.data.actions.clone(),
                            g.data.responsible.clone(),
                            match (g.reached_on, g.data.review_on) {
                                (Some(d), _) => format!("raggiunto il {}", format::date(d)),
                                (None, Some(d)) => format!("verifica il {}", format::date(d)),
                                (None, None) => String::new(),
                            },
                        ]
                    })
                    .collect();
                s = s.table(&["Obiettivo", "Azioni", "Chi fa cosa", "Stato"], rows);
            }
            if !c.interventions.is_empty() {
                let rows = c
                    .interventions
                    .iter()
                    .map(|i| {
                        let d = &i.data;
                        vec![
                            d.kind.label(l).to_string(),
                            format!(
                                "{}{}",
                                format::date(d.from),
                                d.to.map(|t| format!(" – {}", format::date(t)))
                                    .unwrap_or_default()
                            ),
                            d.amount.map(format::euro).unwrap_or_default(),
                            d.act_text(),
                        ]
                    })
                    .collect();
                s = s.table(&["Intervento", "Periodo", "Importo", "Atto"], rows);
            }
            if !c.meetings.is_empty() {
                let rows = c
                    .meetings
                    .iter()
                    .map(|m| {
                        vec![
                            format::date(m.data.held_on),
                            m.data.kind.label(l).to_string(),
                            m.data.decisions.clone(),
                        ]
                    })
                    .collect();
                s = s.table(&["Data", "Incontro", "Decisioni"], rows);
            }
            if !c.reports.is_empty() {
                let rows = c
                    .reports
                    .iter()
                    .map(|r| {
                        vec![
                            format::date(r.written_on),
                            r.addressee.label(l).to_string(),
                            r.subject.clone(),
                            r.version.to_string(),
                        ]
                    })
                    .collect();
                s = s
                    .paragraph(
                        "Relazioni sociali scritte (il testo si consegna in copia su richiesta):",
                    )
                    .table(&["Data", "Destinatario", "Oggetto", "Versione"], rows);
            }
            s
        })
        .collect()
}

fn lines_or(lines: Vec<String>, none: &str) -> String {
    if lines.is_empty() {
        none.to_owned()
    } else {
        lines.join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::category::{Area, InterventionKind, Requester};
    use crate::model::{CaseOpening, NewGoal, NewIntervention};
    use crate::units::Cents;
    use crate::{GoalId, InterventionId};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    #[test]
    fn the_template_is_filled_from_the_case() {
        let case = CaseFile {
            id: CaseId(Uuid::nil()),
            person: PersonId(Uuid::nil()),
            person_name: "Rossi Maria".into(),
            state: CaseState::opened(CaseOpening {
                opened_on: d(2026, 3, 2),
                reason: "Perdita del lavoro, due figli minori".into(),
                requested_by: Requester::ThePerson,
                area: Area::Family,
                household: true,
                assegno_inclusione: true,
            }),
            earlier: vec![],
            assessment: String::new(),
            goals: vec![Goal {
                id: GoalId(Uuid::nil()),
                data: NewGoal {
                    goal: "Trovare un lavoro".into(),
                    actions: "Iscrizione al CPI".into(),
                    responsible: "La persona".into(),
                    review_on: Some(d(2026, 6, 1)),
                },
                reached_on: None,
            }],
            reviews: vec![],
            interventions: vec![Intervention {
                id: InterventionId(Uuid::nil()),
                data: NewIntervention {
                    kind: InterventionKind::Contribution,
                    provider: "Comune".into(),
                    from: d(2026, 4, 1),
                    to: None,
                    amount: Some(Cents(30_000)),
                    act_number: "Determina n. 12".into(),
                    act_date: Some(d(2026, 3, 25)),
                },
            }],
            meetings: vec![],
            reports: vec![],
            deadlines: vec![],
            opened_by: None,
        };
        let text = social_report_draft(&case);
        assert!(text.starts_with("1. Persona e nucleo\nRossi Maria, con il suo nucleo familiare."));
        assert!(text.contains("dal 02/03/2026 (richiesta: la persona stessa; area: famiglia e minori). Motivo: Perdita del lavoro"));
        assert!(text.contains("3. Valutazione sociale\n[da completare]"));
        assert!(text.contains("- Trovare un lavoro; azioni: Iscrizione al CPI; chi: La persona (verifica il 01/06/2026)"));
        assert!(text.contains("- Contributo economico, Comune, dal 01/04/2026, 300,00 € (Determina n. 12 del 25/03/2026)"));
        assert!(text.contains("6. Incontri e verifiche\nNessun incontro registrato."));
    }

    #[test]
    fn the_body_becomes_sections_with_lists() {
        let sections = body_sections(
            "Premessa libera.\n\n1. Persona e nucleo\nRossi Maria.\n\n5. Interventi attivati\n- SAD\n- Contributo\nAltro testo.",
        );
        let titles: Vec<&str> = sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(
            titles,
            ["Relazione", "1. Persona e nucleo", "5. Interventi attivati"]
        );
        assert_eq!(
            sections[2].blocks,
            vec![
                Block::Items(vec!["SAD".into(), "Contributo".into()]),
                Block::Paragraph("Altro testo.".into())
            ]
        );
        // A numbered sentence is text, not a title.
        assert!(!is_heading("2. La persona è arrivata il 3 marzo."));
    }

    #[test]
    fn a_report_needs_its_addressee_subject_date_and_text() {
        let e = SocialReportForm {
            addressee: "giudice".into(),
            written_on: "32/01/2026".into(),
            ..Default::default()
        }
        .parse()
        .expect_err("refused");
        for field in ["addressee", "subject", "written_on", "body"] {
            assert!(e.for_field(field).is_some(), "{field}");
        }
        let ok = SocialReportForm {
            addressee: "autorita_giudiziaria".into(),
            recipient: "Tribunale per i minorenni di Roma".into(),
            subject: "Relazione di aggiornamento".into(),
            written_on: "10/11/2026".into(),
            body: "Testo".into(),
        }
        .parse()
        .expect("valid");
        assert_eq!(ok.addressee, ReportAddressee::Court);
    }
}
