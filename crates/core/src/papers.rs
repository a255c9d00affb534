//! Papers for the person's file, as documents: the referral letter to the receiving service,
//! the first-access sheet the person signs, and the printed timeline of the record that the
//! contract keeps on paper. Names appear here because these papers go in her file or to the
//! service the person is sent to, never into a report.

use crate::category::ReferralKind;
use crate::document::{Document, Section};
use crate::format;
use crate::ipc::TimelineItem;
use crate::model::{short_id, Birth, DeskFoot, Identity, Person, Referral, ServiceFields};
use crate::Lang;
use chrono::NaiveDate;

const IT: Lang = Lang::It;

/// Adds "label: value" when the value is not blank.
pub(crate) fn put(facts: &mut Vec<(String, String)>, label: &str, value: impl AsRef<str>) {
    let value = value.as_ref().trim();
    if !value.is_empty() {
        facts.push((label.to_string(), value.to_string()));
    }
}

/// Who the person is and how to reach them: name, codice fiscale, birth, sex, citizenship,
/// residence, address, telephone, email, language.
pub fn person_facts(person: &Person, residence_label: Option<&str>) -> Vec<(String, String)> {
    let p = &person.data;
    let mut f = Vec::new();
    match &p.identity {
        Identity::Named {
            surname,
            name,
            codice_fiscale,
            birth,
        } => {
            put(&mut f, "Cognome e nome", format!("{surname} {name}"));
            if let Some(cf) = codice_fiscale {
                put(&mut f, "Codice fiscale", cf.as_str());
            }
            match birth {
                Some(Birth::Date(d)) => put(&mut f, "Data di nascita", format::date(*d)),
                Some(Birth::Year(y)) => put(&mut f, "Anno di nascita", y.to_string()),
                None => {}
            }
        }
        Identity::Anonymous { age_band } => {
            put(&mut f, "Persona", person.display_name());
            put(&mut f, "Fascia d'età", age_band.label(IT));
        }
    }
    put(&mut f, "Sesso", p.gender.label(IT));
    put(&mut f, "Cittadinanza", p.citizenship.label(IT));
    let residence = residence_label.or(p.residence.as_deref());
    put(&mut f, "Residenza", residence.unwrap_or_default());
    put(&mut f, "Indirizzo", &p.address);
    put(&mut f, "Telefono", &p.phone);
    put(&mut f, "Email", &p.email);
    put(&mut f, "Lingua", &p.language);
    if p.interpreter {
        put(&mut f, "Interprete", "necessario");
    }
    f
}

/// The referral letter: to the receiving service, about the person, with the reason and the
/// protocol number of a formal report; the desk's contacts for the reply; a place to sign.
pub fn referral_letter(
    referral: &Referral,
    service: &ServiceFields,
    person: &Person,
    residence_label: Option<&str>,
    desk: &DeskFoot,
    date: NaiveDate,
) -> Document {
    let formal = referral.data.kind == ReferralKind::FormalReport;
    let mut to = Vec::new();
    put(&mut to, "Servizio", &service.name);
    put(&mut to, "Ente", &service.provider);
    put(&mut to, "Indirizzo", &service.address);
    put(&mut to, "Contatti", &service.contacts);
    let mut subject = Vec::new();
    put(&mut subject, "Tipo", referral.data.kind.label(IT));
    put(&mut subject, "Protocollo n.", &referral.data.protocol);
    put(
        &mut subject,
        "Data del colloquio",
        format::date(referral.date),
    );
    if let Some(d) = referral.data.expected_reply {
        put(&mut subject, "Riscontro atteso entro il", format::date(d));
    }
    let opening = format!(
        "Con la presente lo Sportello di Segretariato Sociale {} {} al Vostro servizio la persona indicata di seguito, incontrata in colloquio il {}.",
        if desk.comune.trim().is_empty() { String::new() } else { format!("del {}", desk.comune.trim()) },
        if formal { "segnala" } else { "invia" },
        format::date(referral.date)
    )
    .replace("  ", " ");
    let mut sections = vec![
        Section::new("Destinatario").facts(to),
        Section::new("Oggetto").facts(subject).paragraph(opening),
        Section::new("Persona").facts(person_facts(person, residence_label)),
        Section::new("Motivo dell'invio").paragraph(if referral.data.reason.trim().is_empty() {
            crate::privacy::FILL_IN.to_string()
        } else {
            referral.data.reason.trim().to_string()
        }),
    ];
    let mut reply = Section::new("Per il riscontro").paragraph(
        "Vi chiediamo cortesemente di comunicare allo sportello l'esito (presa in carico, attesa, non presa in carico), nel rispetto della riservatezza della persona.",
    );
    let mut desk_facts = Vec::new();
    if !desk.opening_hours.is_empty() {
        put(
            &mut desk_facts,
            "Orari dello sportello",
            desk.opening_hours.join("; "),
        );
    }
    put(&mut desk_facts, "Recapiti dello sportello", &desk.contacts);
    if !desk_facts.is_empty() {
        reply = reply.facts(desk_facts);
    }
    sections.push(reply);
    sections.push(
        Section::new("Firma")
            .blank("Luogo e data")
            .blank("L'assistente sociale"),
    );
    Document {
        id: format!("INV-{}", short_id(referral.id)),
        title: if formal {
            "Segnalazione al servizio".into()
        } else {
            "Lettera di invio al servizio".into()
        },
        subtitle: service.name.clone(),
        issuer: desk.comune.clone(),
        date,
        sections,
        large_print: false,
    }
}

/// The first-access sheet (*scheda di primo accesso*) for the paper file: who the person is,
/// when she first came, the privacy notice received, and the signatures.
pub fn first_access_sheet(
    person: &Person,
    residence_label: Option<&str>,
    first_contact: Option<NaiveDate>,
    notice_version: Option<&str>,
    desk: &DeskFoot,
    date: NaiveDate,
) -> Document {
    let mut access = Vec::new();
    put(
        &mut access,
        "Primo accesso allo sportello",
        first_contact.map(format::date).unwrap_or_default(),
    );
    if let Some(d) = person.data.privacy_notice {
        let version = notice_version
            .map(|v| format!(" (versione {v})"))
            .unwrap_or_default();
        put(
            &mut access,
            "Informativa privacy consegnata il",
            format!("{}{version}", format::date(d)),
        );
    }
    let mut sections =
        vec![Section::new("Dati della persona").facts(person_facts(person, residence_label))];
    let access_section = Section::new("Accesso");
    sections.push(if access.is_empty() {
        access_section.blank("Primo accesso allo sportello il")
    } else {
        access_section.facts(access)
    });
    sections.push(
        Section::new("Dichiarazione")
            .paragraph(
                "La persona dichiara che i dati sopra riportati sono corretti e di aver ricevuto l'informativa sul trattamento dei dati personali (art. 13 del Regolamento UE 2016/679).",
            )
            .blank("Luogo e data")
            .blank("Firma della persona")
            .blank("Firma dell'assistente sociale"),
    );
    Document {
        id: format!("PA-{}", short_id(person.id)),
        title: "Scheda di primo accesso".into(),
        subtitle: "Sportello di Segretariato Sociale".into(),
        issuer: desk.comune.clone(),
        date,
        sections,
        large_print: false,
    }
}

/// The timeline of a person's record on paper: every colloquio, referral, appointment and
/// time entry, oldest first, with what the record says of each.
pub fn timeline_document(
    person: &Person,
    timeline: &[TimelineItem],
    desk: &DeskFoot,
    date: NaiveDate,
) -> Document {
    let mut items: Vec<&TimelineItem> = timeline.iter().collect();
    items.sort_by_key(|i| i.date());
    let rows: Vec<Vec<String>> = items
        .iter()
        .filter_map(|item| match item {
            TimelineItem::Contact(c) => Some(vec![
                format::date(c.date),
                "Colloquio".into(),
                [
                    c.services
                        .iter()
                        .map(|s| s.label(IT))
                        .collect::<Vec<_>>()
                        .join(", "),
                    c.summary.clone(),
                ]
                .into_iter()
                .filter(|s| !s.trim().is_empty())
                .collect::<Vec<_>>()
                .join(" — "),
            ]),
            TimelineItem::Referral(r) => Some(vec![
                format::date(r.date),
                r.data.kind.label(IT).to_string(),
                format!(
                    "{}{}",
                    r.service_name,
                    r.latest_outcome()
                        .map(|o| format!(" — esito: {}", o.label(IT)))
                        .unwrap_or_default()
                ),
            ]),
            TimelineItem::Appointment(a) => Some(vec![
                format::date(a.date),
                "Appuntamento".into(),
                format!("{} — {}", format::time(a.start_time), a.status().label_it()),
            ]),
            TimelineItem::Time(_) => None,
        })
        .collect();
    let section = Section::new("Cronologia");
    let section = if rows.is_empty() {
        section.paragraph("Nessun colloquio, invio o appuntamento registrato.")
    } else {
        section.table(&["Data", "Che cosa", "Dettagli"], rows)
    };
    Document {
        id: format!("CR-{}", short_id(person.id)),
        title: "Cronologia della cartella".into(),
        subtitle: person.display_name(),
        issuer: desk.comune.clone(),
        date,
        sections: vec![section],
        large_print: false,
    }
}
