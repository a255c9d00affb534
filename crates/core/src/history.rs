//! A record's history, as the operator reads it: each change with its date, its operator, what
//! was done, and field by field what it was before and what it became, in her language.
//!
//! The archive stores each change's before- and after-image as a JSON object of the record's
//! columns (and of its lists: a contact's services and areas, a person's representatives);
//! this module turns two such images into the list of changed fields.

use crate::category::{
    AgeBand, Area, Channel, Citizenship, ContactOutcome, Gender, ReferralKind, ReferralOutcome,
    Relation, RepresentativeKind, RequestType, Requester, SentBy, ServiceGiven, TimeKind,
};
use crate::messages::Lang;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What a history entry did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Create,
    Update,
    Delete,
    Restore,
    Purge,
    Lock,
    Reopen,
    Merge,
    Anonymise,
    Erase,
    /// The state of a record written before the history kept row images (set by a migration).
    Baseline,
}

impl Action {
    pub const ALL: &'static [Action] = &[
        Action::Create,
        Action::Update,
        Action::Delete,
        Action::Restore,
        Action::Purge,
        Action::Lock,
        Action::Reopen,
        Action::Merge,
        Action::Anonymise,
        Action::Erase,
        Action::Baseline,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
            Action::Restore => "restore",
            Action::Purge => "purge",
            Action::Lock => "lock",
            Action::Reopen => "reopen",
            Action::Merge => "merge",
            Action::Anonymise => "anonymise",
            Action::Erase => "erase",
            Action::Baseline => "baseline",
        }
    }

    pub fn from_code(code: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.code() == code)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        let (it, en) = match self {
            Action::Create => ("Creazione", "Created"),
            Action::Update => ("Modifica", "Changed"),
            Action::Delete => ("Eliminazione (nel cestino)", "Deleted (to the bin)"),
            Action::Restore => ("Ripristino", "Restored"),
            Action::Purge => ("Rimozione definitiva", "Purged"),
            Action::Lock => ("Chiusura", "Locked"),
            Action::Reopen => ("Riapertura", "Reopened"),
            Action::Merge => ("Unione di due schede", "Merge of two records"),
            Action::Anonymise => ("Anonimizzazione", "Anonymised"),
            Action::Erase => ("Cancellazione", "Erased"),
            Action::Baseline => ("Stato iniziale registrato", "Initial state recorded"),
        };
        if lang == Lang::It {
            it
        } else {
            en
        }
    }
}

/// One changed field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub label: String,
    /// `None`: the field had no value (or the record did not exist).
    pub before: Option<String>,
    pub after: Option<String>,
}

/// One entry of a record's history, ready to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub seq: i64,
    /// When, as recorded (UTC, RFC 3339).
    pub at: String,
    pub operator: String,
    pub entity: String,
    pub action: Action,
    pub changes: Vec<FieldChange>,
    /// The entry's content was erased (only the chain remains): on the comune's instruction,
    /// or by the undo of the import that brought the record (`undone_import`).
    pub erased: bool,
    /// The record came with an import undone since.
    #[serde(default)]
    pub undone_import: bool,
}

/// What a table holds, for the heading of its history.
pub fn entity_label(entity: &str, lang: Lang) -> &'static str {
    let (it, en) = match entity {
        "person" => ("Persona", "Person"),
        "contact" => ("Colloquio", "Colloquio"),
        "referral" => ("Invio", "Referral"),
        "referral_outcome" => ("Esito dell'invio", "Referral outcome"),
        "time_entry" => ("Voce ore", "Time entry"),
        "appointment" => ("Appuntamento", "Appointment"),
        "household_link" => ("Componente del nucleo", "Household member"),
        "service" => ("Servizio", "Service"),
        "contract" => ("Convenzione", "Contract"),
        "setting" => ("Impostazione", "Setting"),
        "operator" => ("Operatore", "Operator"),
        "consent" => ("Consenso", "Consent"),
        "breach" => ("Violazione dei dati", "Data breach"),
        "erasure_register" => ("Registro delle cancellazioni", "Register of erasures"),
        "community_activity" => ("Attività di gruppo o di rete", "Group or network activity"),
        "import_batch" => ("Importazione di un registro", "Import of a register"),
        "attachment" => ("Documento", "Document"),
        "case_file" => ("Presa in carico", "Case"),
        "case_goal" => ("Obiettivo del progetto", "Plan goal"),
        "case_review" => ("Verifica del progetto", "Plan review"),
        "case_intervention" => ("Intervento", "Intervention"),
        "case_meeting" => ("Incontro (équipe, UVM, rete)", "Meeting"),
        "social_report" => ("Relazione sociale", "Social report"),
        _ => ("Registrazione", "Record"),
    };
    if lang == Lang::It {
        it
    } else {
        en
    }
}

/// Columns that are bookkeeping, not content: never listed as changes.
const HIDDEN: &[&str] = &[
    "id",
    "created_at",
    "updated_at",
    "created_by",
    "key_surname_name",
    "key_name_surname",
];

fn field_label(field: &str, lang: Lang) -> String {
    let (it, en) = match field {
        "anonymous" => ("Anonimo", "Anonymous"),
        "surname" => ("Cognome", "Surname"),
        "name" => ("Nome", "Name"),
        "codice_fiscale" => ("Codice fiscale", "Codice fiscale"),
        "birth_date" => ("Data di nascita", "Birth date"),
        "birth_year" => ("Anno di nascita", "Birth year"),
        "age_band" => ("Fascia d'età", "Age band"),
        "gender" => ("Sesso", "Sex"),
        "citizenship" => ("Cittadinanza", "Citizenship"),
        "residence" => ("Comune di residenza", "Comune of residence"),
        "address" => ("Indirizzo", "Address"),
        "phone" => ("Telefono", "Phone"),
        "email" => ("Email", "Email"),
        "language" => ("Lingua", "Language"),
        "interpreter" => ("Serve l'interprete", "Interpreter needed"),
        "household_notes" => ("Note sul nucleo familiare", "Household notes"),
        "privacy_notice_on" => (
            "Informativa privacy consegnata il",
            "Privacy notice given on",
        ),
        "representatives" => ("Rappresentanti e delegati", "Representatives and delegates"),
        "deleted_at" => ("Eliminato il", "Deleted on"),
        "deleted_reason" => ("Motivo dell'eliminazione", "Reason for deletion"),
        "merged_into" => ("Unito alla scheda", "Merged into record"),
        "person_id" => ("Persona", "Person"),
        "member_id" => ("Componente", "Member"),
        "relation" => ("Relazione", "Relation"),
        "contact_id" => ("Colloquio", "Colloquio"),
        "service_id" => ("Servizio", "Service"),
        "referral_id" => ("Invio", "Referral"),
        "date" => ("Data", "Date"),
        "start_time" => ("Ora", "Time"),
        "duration_minutes" => ("Durata (minuti)", "Duration (minutes)"),
        "minutes" => ("Minuti", "Minutes"),
        "channel" => ("Canale", "Channel"),
        "services" => ("Prestazioni", "Services given"),
        "areas" => ("Aree di bisogno", "Areas of need"),
        "request_type" => ("Tipo di richiesta", "Type of request"),
        "homeless" => ("Senza dimora", "Homeless"),
        "requester" => ("Chi ha chiesto", "Who asked"),
        "sent_by" => ("Inviato da", "Sent by"),
        "outcome" => ("Esito", "Outcome"),
        "unmet_need" => ("Bisogno non soddisfatto", "Unmet need"),
        "missing_resource" => ("Risorsa mancante", "Missing resource"),
        "unmet_area" => ("Area del bisogno non soddisfatto", "Area of the unmet need"),
        "summary" => ("Sintesi", "Summary"),
        "next_steps" => ("Prossimi passi", "Next steps"),
        "evaluation" => ("Nota valutativa", "Evaluative note"),
        "kind" => ("Tipo", "Kind"),
        "reason" => ("Motivo", "Reason"),
        "protocol" => ("Protocollo", "Protocol"),
        "expected_reply" => ("Risposta attesa entro", "Reply expected by"),
        "feedback" => ("Riscontro del servizio", "Service's feedback"),
        "billable" => ("Fatturabile", "Billable"),
        "note" => ("Nota", "Note"),
        "cancelled_at" => ("Annullato il", "Cancelled on"),
        "key" => ("Chiave", "Key"),
        "value" => ("Valore", "Value"),
        "opened_on" => ("Aperta il", "Opened on"),
        "requested_by" => ("Chi ha chiesto", "Who asked"),
        "area" => ("Area di bisogno", "Area of need"),
        "household" => ("Riguarda il nucleo", "Concerns the household"),
        "assegno_inclusione" => ("Assegno di Inclusione", "Assegno di Inclusione"),
        "closed_on" => ("Chiusa il", "Closed on"),
        "close_reason" => ("Motivo della chiusura", "Reason for closing"),
        "assessment" => ("Valutazione", "Assessment"),
        "earlier_periods" => ("Periodi precedenti", "Earlier periods"),
        "case_id" => ("Presa in carico", "Case"),
        "goal" => ("Obiettivo", "Goal"),
        "actions" => ("Azioni", "Actions"),
        "responsible" => ("Chi fa cosa", "Who does what"),
        "review_on" => ("Verifica il", "Review on"),
        "reached_on" => ("Raggiunto il", "Reached on"),
        "goal_id" => ("Obiettivo", "Goal"),
        "held_on" => ("Svolto il", "Held on"),
        "changes" => ("Cosa è cambiato", "What changed"),
        "reached" => ("Obiettivo raggiunto", "Goal reached"),
        "next_review_on" => ("Prossima verifica", "Next review"),
        "provider" => ("Erogato da", "Provider"),
        "from_date" => ("Dal", "From"),
        "to_date" => ("Al", "To"),
        "amount_cents" => ("Importo (centesimi)", "Amount (cents)"),
        "act_number" => ("Atto del comune", "Comune's act"),
        "act_date" => ("Data dell'atto", "Date of the act"),
        "present" => ("Presenti", "Present"),
        "decisions" => ("Decisioni", "Decisions"),
        "series_id" => ("Relazione", "Report"),
        "version" => ("Versione", "Version"),
        "addressee" => ("Destinatario", "Addressee"),
        "recipient" => ("Indirizzata a", "Addressed to"),
        "subject" => ("Oggetto", "Subject"),
        "written_on" => ("Data della relazione", "Date of the report"),
        "body" => ("Testo", "Text"),
        _ => return field.to_string(),
    };
    if lang == Lang::It { it } else { en }.to_string()
}

fn yes_no(b: bool, lang: Lang) -> &'static str {
    match (b, lang) {
        (true, Lang::It) => "sì",
        (false, Lang::It) => "no",
        (true, Lang::En) => "yes",
        (false, Lang::En) => "no",
    }
}

/// A category code shown by its label, when the field holds one.
fn code_label(entity: &str, field: &str, code: &str, lang: Lang) -> Option<&'static str> {
    match field {
        "gender" => Gender::from_code(code).map(|x| x.label(lang)),
        "citizenship" => Citizenship::from_code(code).map(|x| x.label(lang)),
        "age_band" => AgeBand::from_code(code).map(|x| x.label(lang)),
        "channel" => Channel::from_code(code).map(|x| x.label(lang)),
        "request_type" => RequestType::from_code(code).map(|x| x.label(lang)),
        "requester" => Requester::from_code(code).map(|x| x.label(lang)),
        "sent_by" => SentBy::from_code(code).map(|x| x.label(lang)),
        "areas" | "unmet_area" => Area::from_code(code).map(|x| x.label(lang)),
        "services" => ServiceGiven::from_code(code).map(|x| x.label(lang)),
        "relation" => Relation::from_code(code).map(|x| x.label(lang)),
        "outcome" if entity == "contact" => ContactOutcome::from_code(code).map(|x| x.label(lang)),
        "outcome" => ReferralOutcome::from_code(code).map(|x| x.label(lang)),
        "kind" if entity == "referral" => ReferralKind::from_code(code).map(|x| x.label(lang)),
        "kind" if entity == "time_entry" => TimeKind::from_code(code).map(|x| x.label(lang)),
        "requested_by" => Requester::from_code(code).map(|x| x.label(lang)),
        "area" => Area::from_code(code).map(|x| x.label(lang)),
        "kind" if entity == "case_intervention" => {
            crate::category::InterventionKind::from_code(code).map(|x| x.label(lang))
        }
        "kind" if entity == "case_meeting" => {
            crate::category::MeetingKind::from_code(code).map(|x| x.label(lang))
        }
        "addressee" => crate::category::ReportAddressee::from_code(code).map(|x| x.label(lang)),
        _ => None,
    }
}

const BOOLEAN_FIELDS: &[&str] = &[
    "anonymous",
    "interpreter",
    "homeless",
    "billable",
    "household",
    "assegno_inclusione",
    "reached",
];

/// A value as the operator reads it: dates `gg/mm/aaaa`, codes by their label, yes/no.
fn show(entity: &str, field: &str, value: &Value, lang: Lang) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) if s.is_empty() => None,
        Value::String(s) => {
            if let Some(label) = code_label(entity, field, s, lang) {
                return Some(label.to_string());
            }
            if let Ok(d) = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
                return Some(crate::format::date(d));
            }
            if let Ok(t) = chrono::DateTime::parse_from_rfc3339(s) {
                return Some(crate::format::date(t.date_naive()));
            }
            Some(s.clone())
        }
        Value::Number(n) if BOOLEAN_FIELDS.contains(&field) => {
            Some(yes_no(n.as_i64() == Some(1), lang).to_string())
        }
        Value::Bool(b) => Some(yes_no(*b, lang).to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(items) if items.is_empty() => None,
        Value::Array(items) => Some(
            items
                .iter()
                .filter_map(|v| match v {
                    Value::Object(o) if field == "representatives" => {
                        let kind = o
                            .get("kind")
                            .and_then(Value::as_str)
                            .and_then(RepresentativeKind::from_code)
                            .map_or("", |k| k.label(lang));
                        let name = o.get("name").and_then(Value::as_str).unwrap_or("");
                        Some(format!("{kind}: {name}"))
                    }
                    other => show(entity, field, other, lang),
                })
                .collect::<Vec<_>>()
                .join(", "),
        ),
        Value::Object(_) => Some(value.to_string()),
    }
}

/// The fields that differ between two images of a record of `entity`, in the image's field
/// order, labelled and shown in `lang`. A creation lists every field that has a value.
pub fn changes(
    entity: &str,
    before: Option<&Value>,
    after: Option<&Value>,
    lang: Lang,
) -> Vec<FieldChange> {
    let empty = serde_json::Map::new();
    let b = before.and_then(Value::as_object).unwrap_or(&empty);
    let a = after.and_then(Value::as_object).unwrap_or(&empty);
    let mut fields: Vec<&String> = a.keys().collect();
    for k in b.keys() {
        if !a.contains_key(k) {
            fields.push(k);
        }
    }
    fields
        .into_iter()
        .filter(|f| !HIDDEN.contains(&f.as_str()))
        .filter_map(|f| {
            let before = b.get(f).and_then(|v| show(entity, f, v, lang));
            let after = a.get(f).and_then(|v| show(entity, f, v, lang));
            (before != after).then(|| FieldChange {
                field: f.clone(),
                label: field_label(f, lang),
                before,
                after,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn changes_are_listed_field_by_field_in_italian() {
        let before = json!({
            "id": "x", "date": "2026-11-20", "duration_minutes": 30, "channel": "presenza",
            "homeless": 0, "services": ["ascolto"], "summary": "Prima versione",
            "updated_at": "2026-11-20T09:00:00.000Z"
        });
        let after = json!({
            "id": "x", "date": "2026-11-20", "duration_minutes": 45, "channel": "telefono",
            "homeless": 1, "services": ["ascolto", "invio"], "summary": "Prima versione",
            "updated_at": "2026-11-21T09:00:00.000Z"
        });
        let c = changes("contact", Some(&before), Some(&after), Lang::It);
        let shown: Vec<(&str, Option<&str>, Option<&str>)> = c
            .iter()
            .map(|c| (c.label.as_str(), c.before.as_deref(), c.after.as_deref()))
            .collect();
        assert_eq!(
            shown,
            vec![
                ("Durata (minuti)", Some("30"), Some("45")),
                (
                    "Canale",
                    Some("In presenza (allo sportello)"),
                    Some("Telefono")
                ),
                ("Senza dimora", Some("no"), Some("sì")),
                (
                    "Prestazioni",
                    Some("Ascolto"),
                    Some("Ascolto, Segnalazione e invio")
                ),
            ]
        );
        // A creation lists what has a value; dates read gg/mm/aaaa.
        let created = changes("contact", None, Some(&before), Lang::It);
        assert!(created
            .iter()
            .any(|c| c.label == "Data" && c.after.as_deref() == Some("20/11/2026")));
        assert!(created
            .iter()
            .all(|c| c.field != "id" && c.field != "updated_at"));
        // English labels too.
        let en = changes("contact", Some(&before), Some(&after), Lang::En);
        assert_eq!(en[0].label, "Duration (minutes)");
        for a in Action::ALL {
            assert_eq!(Action::from_code(a.code()), Some(*a));
        }
        assert_eq!(entity_label("referral", Lang::It), "Invio");
    }

    #[test]
    fn codes_read_by_entity() {
        let before = json!({"outcome": "inviato", "kind": "invio"});
        let after = json!({"outcome": "preso_in_carico", "kind": "segnalazione"});
        let c = changes("referral", Some(&before), Some(&after), Lang::It);
        assert_eq!(c[0].after.as_deref(), Some("Preso in carico"));
        assert_eq!(
            c[1].after.as_deref(),
            Some("Segnalazione formale (con protocollo)")
        );
        let reps = json!({"representatives": [{"kind": "tutore", "name": "Avv. Neri", "contact": "", "note": ""}]});
        let c = changes("person", None, Some(&reps), Lang::It);
        assert_eq!(c[0].after.as_deref(), Some("Tutore: Avv. Neri"));
    }
}
