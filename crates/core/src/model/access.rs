//! The copy of a person's data for an access request (art. 15 GDPR): everything the archive
//! holds about one person ([`AccessDossier`]), what the operator decided to give after reading
//! it ([`AccessReview`]), and the export that results ([`AccessExport`]), written as JSON as it
//! is and as a [`Document`] for the PDF.
//!
//! What concerns third parties (household members and notes, representatives, the services'
//! own words, colloqui about someone else) and the operator's evaluative notes are given only
//! when she decides so; what was left out is counted, never shown.

use super::{AppointmentSummary, Consent, Contact, HouseholdMember, Person, Referral};
use crate::category::{Area, ServiceGiven};
use crate::document::{Document, Section};
use crate::format;
use crate::ids::ContactId;
use crate::messages::{FormErrors, Lang, Msg};
use crate::papers::put;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

const IT: Lang = Lang::It;

const PURPOSES: &str = "segretariato sociale: ascolto, informazione, orientamento e invio ai servizi del territorio; statistiche anonime e aggregate per il Comune sull'attività dello sportello.";
const LEGAL_BASIS: &str = "compito di interesse pubblico (art. 6, par. 1, lett. e, del Regolamento (UE) 2016/679); per i dati sulla salute e le altre categorie particolari, motivi di interesse pubblico rilevante (art. 9, par. 2, lett. g, del Regolamento e art. 2-sexies del D.Lgs. 196/2003).";
const SOURCE: &str = "la persona stessa o chi si è rivolto allo sportello per suo conto (per ciascun colloquio, alla voce «Richiesta da»).";
const PROCESSOR: &str =
    "che gestisce lo sportello per conto del Titolare (art. 28 del Regolamento).";
const RETENTION: &str = "poi, su istruzione del Titolare, i dati sono resi anonimi o cancellati.";
const AUTOMATED: &str = "nessuna, né profilazione: ogni valutazione la fa una persona.";
const COMPLAINT: &str = "Può inoltre proporre reclamo al Garante per la protezione dei dati personali (art. 77 del Regolamento; www.garanteprivacy.it).";
const RIGHTS: [&str; 4] = [
    "la rettifica dei dati inesatti e l'integrazione di quelli incompleti (art. 16);",
    "la cancellazione, nei limiti dell'art. 17, par. 3, del Regolamento, perché i dati servono a un compito di interesse pubblico;",
    "la limitazione del trattamento (art. 18);",
    "l'opposizione al trattamento per motivi legati alla sua situazione particolare (art. 21).",
];
const WITHHELD_NOTE: &str = "Nei limiti consentiti dalla legge (art. 15, par. 4, del Regolamento (UE) 2016/679), questa copia può non riportare le informazioni che riguardano altre persone e le valutazioni professionali degli operatori dello sportello.";
const REFERRAL_COLUMNS: [&str; 6] = [
    "Data",
    "Servizio",
    "Tipo",
    "Motivo",
    "Risposta attesa",
    "Esiti",
];

/// Everything the archive holds about one person, read by the archive crate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessDossier {
    /// The record: identity, contact details, household notes, privacy notice, representatives.
    pub person: Person,
    /// `Roma (RM)`, from the comune code (as on the person page).
    pub residence_label: Option<String>,
    /// Third parties: withheld unless she includes them.
    pub household: Vec<HouseholdMember>,
    pub contacts: Vec<Contact>,
    /// The referrals made in those colloqui, with their outcomes.
    pub referrals: Vec<Referral>,
    pub appointments: Vec<AppointmentSummary>,
    /// The specific consents she gave (and revoked): hers, always given.
    pub consents: Vec<Consent>,
    /// The version of the privacy notice she received, with its date on the record.
    pub privacy_notice_version: Option<String>,
    /// The retention period the comune set, in years after the last colloquio.
    pub retention_years: u32,
    /// The controller: `Comune di …`.
    pub controller: String,
    /// The processor: the cooperative that runs the desk.
    pub processor: String,
    /// Who opened the record and when (the access log), newest first.
    #[serde(default)]
    pub accesses: Vec<RecordAccess>,
    /// The documents in the record (their bytes are written beside the export).
    #[serde(default)]
    pub documents: Vec<super::Attachment>,
    /// Her cases (prese in carico), with their plan, interventions, meetings and reports.
    #[serde(default)]
    pub cases: Vec<super::CaseFile>,
}

/// One opening of the record, from the access log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordAccess {
    /// RFC 3339 with the offset of the clock it is printed in (the local time is printed).
    pub at: String,
    pub operator: String,
}

/// What she decided in the review step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessReview {
    /// Per colloquio: include its evaluative note (`true`) or withhold it. Every colloquio with
    /// a non-empty evaluation that is not withheld entirely must have a decision.
    pub evaluations: BTreeMap<ContactId, bool>,
    /// Include the household members (third parties). Default false.
    pub include_household: bool,
    /// Include the household notes of the record. Default false: they describe the household,
    /// so mostly other people (a child's health, a partner's work); she reads them and includes
    /// them when they say nothing about others the person may not know.
    pub include_household_notes: bool,
    /// Include the representatives (kind, name, how to reach them, note). Default true: they
    /// act for the person, who appointed them or was given them in her own proceeding, and
    /// often the request comes through them; hiding who may act for her would hide data about
    /// her own situation. She unticks it when a representative's details must stay private.
    pub include_representatives: bool,
    /// Include the feedback the receiving services wrote on referrals (third parties' words).
    /// Default false; the outcomes themselves are always given.
    pub include_service_feedback: bool,
    /// Colloqui withheld entirely (they concern someone else), with their referrals; no reason
    /// is printed for any of them.
    pub withheld_contacts: BTreeSet<ContactId>,
    /// Include the social worker's assessment of each case (a professional evaluation, like a
    /// colloquio's note). Default false.
    #[serde(default)]
    pub include_case_assessments: bool,
}

impl Default for AccessReview {
    fn default() -> AccessReview {
        AccessReview {
            evaluations: BTreeMap::new(),
            include_household: false,
            include_household_notes: false,
            include_representatives: true,
            include_service_feedback: false,
            include_case_assessments: false,
            withheld_contacts: BTreeSet::new(),
        }
    }
}

impl AccessReview {
    /// The review a dossier starts with: third parties withheld (representatives given, see
    /// [`AccessReview::include_representatives`]), no evaluation decided, no colloquio withheld.
    pub fn new(_dossier: &AccessDossier) -> AccessReview {
        AccessReview::default()
    }

    /// The colloqui whose evaluative note still needs a decision, in the dossier's order.
    pub fn undecided(&self, dossier: &AccessDossier) -> Vec<ContactId> {
        dossier
            .contacts
            .iter()
            .filter(|c| {
                has_evaluation(c)
                    && !self.withheld_contacts.contains(&c.id)
                    && !self.evaluations.contains_key(&c.id)
            })
            .map(|c| c.id)
            .collect()
    }
}

/// How much was withheld, and why: never what.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessWithheld {
    /// Withheld because it concerns other people (art. 15.4 GDPR).
    pub third_parties: ThirdPartiesWithheld,
    /// The operator's evaluative notes withheld.
    pub evaluations: u32,
}

/// What was withheld because it concerns other people.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThirdPartiesWithheld {
    /// Colloqui withheld entirely.
    pub contacts: u32,
    /// Referrals made in those colloqui.
    pub referrals: u32,
    pub household_members: u32,
    /// The record's household notes.
    pub household_notes: bool,
    pub representatives: u32,
    /// Outcomes whose written feedback (by the receiving service) was left out.
    pub service_feedback: u32,
    /// Documents attached to the colloqui withheld (or to their referrals).
    #[serde(default)]
    pub documents: u32,
}

impl AccessWithheld {
    /// Nothing was withheld.
    pub fn is_empty(&self) -> bool {
        *self == AccessWithheld::default()
    }
}

/// The export as it will be written: only what she decided to give. Dates ISO, minutes as
/// integers, categories by code, as everywhere in the archive's exports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessExport {
    pub generated_on: NaiveDate,
    pub controller: String,
    pub processor: String,
    /// The record, with the household notes and representatives emptied when withheld.
    pub person: Person,
    pub residence_label: Option<String>,
    pub household: Vec<HouseholdMember>,
    /// Oldest first; an evaluation withheld is empty.
    pub contacts: Vec<Contact>,
    /// Oldest first; feedback withheld is empty.
    pub referrals: Vec<Referral>,
    pub appointments: Vec<AppointmentSummary>,
    pub consents: Vec<Consent>,
    pub privacy_notice_version: Option<String>,
    /// The services the person's data went to with a referral (names, sorted).
    pub recipients: Vec<String>,
    pub retention_years: u32,
    pub withheld: AccessWithheld,
    /// Who opened the record and when, oldest first.
    #[serde(default)]
    pub accesses: Vec<RecordAccess>,
    /// The documents given with the export (those of withheld colloqui left out), oldest
    /// first; their files are written beside it.
    #[serde(default)]
    pub documents: Vec<super::Attachment>,
    /// Her cases, as recorded (the deadlines, the desk's own reminders, left out).
    #[serde(default)]
    pub cases: Vec<super::CaseFile>,
}

fn has_evaluation(c: &Contact) -> bool {
    !c.data.evaluation.trim().is_empty()
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The export of `dossier` as `review` decided, on `today`. Refused, on the field
/// `evaluations`, while an evaluative note is undecided.
pub fn apply_review(
    dossier: &AccessDossier,
    review: &AccessReview,
    today: NaiveDate,
) -> Result<AccessExport, FormErrors> {
    let undecided = review.undecided(dossier).len();
    if undecided > 0 {
        let mut e = FormErrors::default();
        e.add("evaluations", Msg::EvaluationUndecided { count: undecided });
        return Err(e);
    }
    let mut withheld = AccessWithheld::default();
    let third = &mut withheld.third_parties;

    let mut person = dossier.person.clone();
    if !review.include_representatives {
        third.representatives = count(person.data.representatives.len());
        person.data.representatives.clear();
    }
    if !review.include_household_notes {
        third.household_notes = !person.data.household_notes.trim().is_empty();
        person.data.household_notes.clear();
    }
    let household = if review.include_household {
        dossier.household.clone()
    } else {
        third.household_members = count(dossier.household.len());
        Vec::new()
    };

    let mut contacts = Vec::new();
    for c in &dossier.contacts {
        if review.withheld_contacts.contains(&c.id) {
            third.contacts += 1;
            continue;
        }
        let mut c = c.clone();
        if has_evaluation(&c) && review.evaluations.get(&c.id) != Some(&true) {
            withheld.evaluations += 1;
            c.data.evaluation.clear();
        }
        contacts.push(c);
    }
    contacts.sort_by_key(|c| (c.data.date, c.data.start_time));

    let mut referrals = Vec::new();
    for r in &dossier.referrals {
        if review.withheld_contacts.contains(&r.contact) {
            third.referrals += 1;
            continue;
        }
        let mut r = r.clone();
        if !review.include_service_feedback {
            for o in &mut r.outcomes {
                if !o.data.feedback.trim().is_empty() {
                    third.service_feedback += 1;
                }
                o.data.feedback.clear();
            }
        }
        referrals.push(r);
    }
    referrals.sort_by_key(|r| r.date);

    let withheld_referrals: BTreeSet<_> = dossier
        .referrals
        .iter()
        .filter(|r| review.withheld_contacts.contains(&r.contact))
        .map(|r| r.id)
        .collect();
    let mut documents = Vec::new();
    for d in &dossier.documents {
        let withheld = match d.attached_to {
            super::AttachedTo::Contact(c) => review.withheld_contacts.contains(&c),
            super::AttachedTo::Referral(r) => withheld_referrals.contains(&r),
            super::AttachedTo::Person(_) => false,
        };
        if withheld {
            third.documents += 1;
        } else {
            documents.push(d.clone());
        }
    }
    documents.sort_by_key(|d| (d.data.date, d.id));

    // Her cases, without the desk's own reminders; the social worker's assessment is a
    // professional evaluation like a colloquio's note: withheld unless she includes it.
    let cases: Vec<super::CaseFile> = dossier
        .cases
        .iter()
        .map(|c| {
            let withhold = !review.include_case_assessments && !c.assessment.trim().is_empty();
            if withhold {
                withheld.evaluations += 1;
            }
            super::CaseFile {
                deadlines: Vec::new(),
                assessment: if withhold {
                    String::new()
                } else {
                    c.assessment.clone()
                },
                ..c.clone()
            }
        })
        .collect();
    let mut appointments = dossier.appointments.clone();
    appointments.sort_by_key(|a| (a.date, a.start_time));
    let recipients: BTreeSet<String> = referrals.iter().map(|r| r.service_name.clone()).collect();

    Ok(AccessExport {
        generated_on: today,
        controller: dossier.controller.clone(),
        processor: dossier.processor.clone(),
        person,
        residence_label: dossier.residence_label.clone(),
        household,
        contacts,
        referrals,
        appointments,
        consents: dossier.consents.clone(),
        privacy_notice_version: dossier.privacy_notice_version.clone(),
        recipients: recipients.into_iter().collect(),
        retention_years: dossier.retention_years,
        withheld,
        accesses: dossier.accesses.iter().rev().cloned().collect(),
        documents,
        cases,
    })
}

/// A party's name, or the line to fill in by hand when the archive has none (no contract).
fn or_blank(name: &str) -> &str {
    if name.trim().is_empty() {
        crate::privacy::FILL_IN
    } else {
        name.trim()
    }
}

fn labels<T: Copy>(items: &[T], label: fn(T, Lang) -> &'static str) -> String {
    items
        .iter()
        .map(|&i| label(i, IT))
        .collect::<Vec<_>>()
        .join(", ")
}

impl AccessExport {
    /// The paper copy, in Italian, dated `date`.
    pub fn document(&self, date: NaiveDate) -> Document {
        let id = self.person.id.to_string();
        let mut sections = vec![self.person_section()];
        let p = &self.person.data;
        if !p.representatives.is_empty() {
            let rows = p
                .representatives
                .iter()
                .map(|r| {
                    vec![
                        r.kind.label(IT).to_string(),
                        r.name.clone(),
                        r.contact.clone(),
                        r.note.clone(),
                    ]
                })
                .collect();
            sections.push(
                Section::new("Rappresentanti").table(&["Tipo", "Nome", "Recapito", "Note"], rows),
            );
        }
        if !self.household.is_empty() {
            let rows = self
                .household
                .iter()
                .map(|m| vec![m.display_name.clone(), m.relation.label(IT).to_string()])
                .collect();
            sections.push(Section::new("Nucleo familiare").table(&["Nome", "Relazione"], rows));
        }
        let mut colloqui = Section::new("Colloqui");
        if self.contacts.is_empty() {
            colloqui = colloqui.paragraph("Nessun colloquio registrato.");
        }
        for c in &self.contacts {
            colloqui = colloqui.facts(contact_facts(c));
        }
        sections.push(colloqui);
        sections.push(self.referrals_section());
        sections.push(self.appointments_section());
        sections.push(self.documents_section());
        sections.extend(super::social_report::case_sections(&self.cases));
        sections.push(self.accesses_section());
        sections.push(self.privacy_section());
        sections.push(self.processing_section());
        sections.push(self.withheld_section());
        Document {
            id: format!("ACC-{}", &id[id.len().saturating_sub(8)..]),
            title: "Copia dei dati personali".into(),
            subtitle: "Richiesta di accesso — art. 15 del Regolamento (UE) 2016/679".into(),
            issuer: self.controller.clone(),
            date,
            sections,
            large_print: false,
        }
    }

    fn person_section(&self) -> Section {
        let p = &self.person.data;
        let mut f = crate::papers::person_facts(&self.person, self.residence_label.as_deref());
        if let Some(d) = p.privacy_notice {
            put(&mut f, "Informativa consegnata il", format::date(d));
        }
        put(&mut f, "Note sul nucleo familiare", &p.household_notes);
        let id = self.person.id.to_string();
        put(&mut f, "Identificativo della scheda", id);
        Section::new("Dati anagrafici e di contatto")
            .paragraph(format!(
                "Dati conservati dallo sportello di segretariato sociale alla data del {}.",
                format::date(self.generated_on)
            ))
            .facts(f)
    }

    fn referrals_section(&self) -> Section {
        let s = Section::new("Invii ai servizi");
        if self.referrals.is_empty() {
            return s.paragraph("Nessun invio registrato.");
        }
        let rows = self
            .referrals
            .iter()
            .map(|r| {
                let mut kind = r.data.kind.label(IT).to_string();
                if !r.data.protocol.trim().is_empty() {
                    kind = format!("{kind} – {}", r.data.protocol.trim());
                }
                let outcomes: Vec<String> = r
                    .outcomes
                    .iter()
                    .map(|o| {
                        let line = format!(
                            "{}: {}",
                            format::date(o.data.date),
                            o.data.outcome.label(IT)
                        );
                        match o.data.feedback.trim() {
                            "" => line,
                            feedback => format!("{line} – {feedback}"),
                        }
                    })
                    .collect();
                vec![
                    format::date(r.date),
                    r.service_name.clone(),
                    kind,
                    r.data.reason.clone(),
                    r.data.expected_reply.map(format::date).unwrap_or_default(),
                    if outcomes.is_empty() {
                        "Nessun esito registrato".to_string()
                    } else {
                        outcomes.join("\n")
                    },
                ]
            })
            .collect();
        s.table(&REFERRAL_COLUMNS, rows)
    }

    fn documents_section(&self) -> Section {
        let s = Section::new("Documenti");
        if self.documents.is_empty() {
            return s.paragraph("Nessun documento allegato.");
        }
        let rows = self
            .documents
            .iter()
            .map(|d| {
                vec![
                    format::date(d.data.date),
                    d.data.kind.label(crate::Lang::It).to_string(),
                    d.data.expiry.map(format::date).unwrap_or_default(),
                    d.file_name.clone(),
                ]
            })
            .collect();
        s.paragraph("I documenti della scheda, consegnati in copia con questo fascicolo.")
            .table(&["Data", "Documento", "Scadenza", "File"], rows)
    }

    fn accesses_section(&self) -> Section {
        let s = Section::new("Chi ha consultato la scheda");
        if self.accesses.is_empty() {
            return s.paragraph("Nessuna consultazione registrata.");
        }
        let rows = self
            .accesses
            .iter()
            .map(|a| {
                let when = chrono::DateTime::parse_from_rfc3339(&a.at)
                    .map(|t| {
                        let t = t.naive_local();
                        format!("{} {}", format::date(t.date()), t.format("%H:%M"))
                    })
                    .unwrap_or_else(|_| a.at.clone());
                vec![when, a.operator.clone()]
            })
            .collect();
        s.paragraph("Ogni apertura della scheda da parte degli operatori dello sportello.")
            .table(&["Data e ora", "Operatore"], rows)
    }

    fn privacy_section(&self) -> Section {
        let notice = match (
            self.person.data.privacy_notice,
            &self.privacy_notice_version,
        ) {
            (Some(d), Some(v)) => format!("consegnata il {} (versione {v})", format::date(d)),
            (Some(d), None) => format!("consegnata il {}", format::date(d)),
            (None, _) => "non risulta consegnata".to_string(),
        };
        let s =
            Section::new("Informativa e consensi").facts([("Informativa sulla privacy", notice)]);
        if self.consents.is_empty() {
            return s.paragraph("Nessun consenso specifico registrato.");
        }
        let rows = self
            .consents
            .iter()
            .map(|c| {
                vec![
                    c.kind.label(IT).to_string(),
                    format::date(c.given_on),
                    c.revoked_on
                        .map(format::date)
                        .unwrap_or_else(|| "in vigore".into()),
                    c.note.clone(),
                ]
            })
            .collect();
        s.table(&["Consenso", "Dato il", "Revocato il", "Note"], rows)
    }

    fn appointments_section(&self) -> Section {
        let s = Section::new("Appuntamenti");
        if self.appointments.is_empty() {
            return s.paragraph("Nessun appuntamento registrato.");
        }
        let rows = self
            .appointments
            .iter()
            .map(|a| {
                let state = match a.status() {
                    super::AppointmentStatus::Booked => "Fissato",
                    super::AppointmentStatus::Held => "Svolto",
                    super::AppointmentStatus::Cancelled => "Annullato",
                    super::AppointmentStatus::NoShow => "Non presentato",
                };
                vec![
                    format::date(a.date),
                    format::time(a.start_time),
                    format!("{} minuti", a.duration.get()),
                    state.to_string(),
                    a.note.clone(),
                ]
            })
            .collect();
        s.table(&["Data", "Ora", "Durata", "Stato", "Note"], rows)
    }

    fn processing_section(&self) -> Section {
        let recipients = if self.recipients.is_empty() {
            "nessuno: i dati non sono stati comunicati ad altri servizi.".to_string()
        } else {
            format!(
                "i servizi ai quali la persona è stata inviata: {}.",
                self.recipients.join("; ")
            )
        };
        let kept = match self.retention_years {
            0 => "il periodo stabilito dal Comune".to_string(),
            1 => "1 anno".to_string(),
            n => format!("{n} anni"),
        };
        Section::new("Informazioni sul trattamento")
            .facts([
                (
                    "Titolare del trattamento",
                    or_blank(&self.controller).to_string(),
                ),
                (
                    "Responsabile del trattamento",
                    format!("{}, {PROCESSOR}", or_blank(&self.processor)),
                ),
                ("Finalità", PURPOSES.to_string()),
                ("Base giuridica", LEGAL_BASIS.to_string()),
                ("Origine dei dati", SOURCE.to_string()),
                ("Destinatari", recipients),
                (
                    "Conservazione",
                    format!("{kept} dall'ultimo colloquio; {RETENTION}"),
                ),
                (
                    "Trasferimenti",
                    "nessuno fuori dall'Unione europea.".to_string(),
                ),
                ("Decisioni automatizzate", AUTOMATED.to_string()),
            ])
            .paragraph("La persona può chiedere al Titolare, anche tramite lo sportello:")
            .items(RIGHTS)
            .paragraph(COMPLAINT)
    }

    fn withheld_section(&self) -> Section {
        let s = Section::new("Informazioni non comunicate").paragraph(WITHHELD_NOTE);
        let (w, t) = (&self.withheld, &self.withheld.third_parties);
        if w.is_empty() {
            return s.paragraph("In questa copia non è stata omessa alcuna informazione.");
        }
        let mut facts: Vec<(&str, String)> = [
            ("Colloqui che riguardano altre persone", t.contacts),
            ("Invii ai servizi fatti in quei colloqui", t.referrals),
            ("Componenti del nucleo familiare", t.household_members),
            ("Rappresentanti (nomi e recapiti)", t.representatives),
            ("Riscontri scritti dai servizi", t.service_feedback),
            ("Documenti allegati a quei colloqui", t.documents),
            ("Valutazioni professionali degli operatori", w.evaluations),
        ]
        .into_iter()
        .filter(|&(_, n)| n > 0)
        .map(|(label, n)| (label, n.to_string()))
        .collect();
        if t.household_notes {
            facts.push(("Note sul nucleo familiare", "omesse".to_string()));
        }
        s.paragraph("Sono stati omessi:").facts(facts)
    }
}

/// One colloquio as "label: value" lines, blank ones left out.
fn contact_facts(c: &Contact) -> Vec<(String, String)> {
    let d = &c.data;
    let mut f = Vec::new();
    let when = match d.start_time {
        Some(t) => format!("{} ore {}", format::date(d.date), format::time(t)),
        None => format::date(d.date),
    };
    put(&mut f, "Colloquio del", when);
    put(&mut f, "Modalità", d.channel.label(IT));
    put(&mut f, "Durata", format!("{} minuti", d.duration.get()));
    put(
        &mut f,
        "Prestazioni",
        labels(&d.services, ServiceGiven::label),
    );
    let mut areas = labels(&d.areas, Area::label);
    if d.homeless {
        areas.push_str("; senza dimora");
    }
    put(&mut f, "Aree", areas);
    if let Some(r) = d.request_type {
        put(&mut f, "Tipo di richiesta", r.label(IT));
    }
    if let Some(r) = d.requester {
        put(&mut f, "Richiesta da", r.label(IT));
    }
    if let Some(s) = d.sent_by {
        put(&mut f, "Canale d'invio", s.label(IT));
    }
    if let Some(o) = d.outcome {
        put(&mut f, "Esito", o.label(IT));
    }
    if let Some(u) = &d.unmet {
        put(
            &mut f,
            "Bisogno non soddisfatto",
            format!("{} (risorsa mancante: {})", u.need, u.missing_resource),
        );
    }
    put(&mut f, "Sintesi", &d.summary);
    put(&mut f, "Prossimi passi", &d.next_steps);
    put(&mut f, "Valutazione professionale", &d.evaluation);
    f
}

#[cfg(test)]
#[path = "access_tests.rs"]
mod tests;
