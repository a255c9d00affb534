//! The rows of each table of the activity report, in print order, with their Italian labels.

use super::activity::{
    AGE_BANDS_BY_GENDER, CASES_ACTIVE, CASES_CLOSED, CASES_OPENED, NOT_STATED, NO_RESIDENCE,
};
use super::period::month_name;
use super::rows::ActivityInput;
use super::table::{label, Label};
use crate::category::{
    AgeBand, Area, Channel, Citizenship, ContactOutcome, InterventionKind, ReferralOutcome,
    RequestType, Requester, SentBy, ServiceGiven,
};
use crate::messages::Lang;
use std::collections::{BTreeMap, BTreeSet};

/// The rows of each table, in print order (fixed lists in full, zeros included; open lists —
/// comuni, services — as they occur).
pub(super) fn row_labels(input: &ActivityInput, lang: Lang) -> BTreeMap<&'static str, Vec<Label>> {
    fn all<T: Copy>(
        items: &[T],
        code: fn(T) -> &'static str,
        text: fn(T, Lang) -> &'static str,
        lang: Lang,
    ) -> Vec<Label> {
        items
            .iter()
            .map(|&v| label(code(v), text(v, lang)))
            .collect()
    }
    let not_stated = label(NOT_STATED, "Non indicato");
    let mut m = BTreeMap::new();
    m.insert(
        "contacts_by_month",
        input
            .period
            .months()
            .into_iter()
            .map(|(y, mo)| {
                label(
                    &format!("{y:04}-{mo:02}"),
                    &format!("{} {y}", month_name(mo)),
                )
            })
            .collect(),
    );
    m.insert(
        "contacts_by_channel",
        all(Channel::ALL, Channel::code, Channel::label, lang),
    );
    m.insert(
        "contacts_by_service",
        all(
            ServiceGiven::ALL,
            ServiceGiven::code,
            ServiceGiven::label,
            lang,
        ),
    );
    let mut with_nd = |table: &'static str, mut rows: Vec<Label>| {
        rows.push(not_stated.clone());
        m.insert(table, rows);
    };
    with_nd(
        "contacts_by_request",
        all(
            RequestType::ALL,
            RequestType::code,
            RequestType::label,
            lang,
        ),
    );
    with_nd(
        "contacts_by_area",
        all(Area::ALL, Area::code, Area::label, lang),
    );
    with_nd(
        "contacts_by_requester",
        all(Requester::ALL, Requester::code, Requester::label, lang),
    );
    with_nd(
        "contacts_by_sent_by",
        all(SentBy::ALL, SentBy::code, SentBy::label, lang),
    );
    with_nd(
        "contacts_by_outcome",
        all(
            ContactOutcome::ALL,
            ContactOutcome::code,
            ContactOutcome::label,
            lang,
        ),
    );
    with_nd(
        "unmet_needs_by_area",
        all(Area::ALL, Area::code, Area::label, lang),
    );
    with_nd(
        "referrals_by_outcome",
        all(
            ReferralOutcome::ALL,
            ReferralOutcome::code,
            ReferralOutcome::label,
            lang,
        ),
    );
    m.insert(
        "contacts_homeless",
        vec![label("si", "Senza dimora"), label("no", "Altri contatti")],
    );
    m.insert(
        "persons_new_known",
        vec![
            label("nuovo", "Nuove"),
            label("gia_conosciuto", "Già conosciute"),
            label("anonimo", "Contatti anonimi"),
        ],
    );
    m.insert(
        AGE_BANDS_BY_GENDER,
        all(AgeBand::ALL, AgeBand::code, AgeBand::label, lang),
    );
    m.insert(
        "persons_by_citizenship",
        all(
            Citizenship::ALL,
            Citizenship::code,
            Citizenship::label,
            lang,
        ),
    );
    // Comuni: the desk's own first, then by name; then "not stated".
    let with_contact: BTreeSet<&str> = input
        .contacts
        .iter()
        .map(|c| c.person_id.as_str())
        .collect();
    // Keyed by code: two comuni may share a name.
    let mut comuni: BTreeMap<(bool, String, String), ()> = BTreeMap::new();
    for p in input
        .persons
        .iter()
        .filter(|p| with_contact.contains(p.id.as_str()))
    {
        if let Some((code, name)) = &p.residence {
            let own = input.desk_comune.as_deref() == Some(code.as_str());
            comuni.insert((!own, name.clone(), code.clone()), ());
        }
    }
    let mut residence: Vec<Label> = comuni
        .into_iter()
        .map(|((other, name, code), ())| {
            let text = if other {
                name
            } else {
                format!("{name} (residenti)")
            };
            label(&code, &text)
        })
        .collect();
    residence.push(label(NO_RESIDENCE, "Non indicato"));
    m.insert("persons_by_residence", residence);
    let mut services: BTreeMap<&str, &str> = BTreeMap::new();
    for r in &input.referrals {
        services.insert(&r.service_id, &r.service_name);
    }
    let mut services: Vec<(&str, &str)> = services.into_iter().collect();
    services.sort_by(|a, b| {
        crate::search::fold(a.1)
            .cmp(&crate::search::fold(b.1))
            .then(a.0.cmp(b.0))
    });
    m.insert(
        "referrals_by_service",
        services
            .into_iter()
            .map(|(id, name)| label(id, name))
            .collect(),
    );
    m.insert(
        "referrals_follow_up",
        vec![
            label("riscontro", "Con riscontro del servizio ricevente"),
            label("scaduti", "In attesa oltre la data prevista"),
        ],
    );
    m.insert(
        "appointments_by_status",
        vec![
            label("tenuto", "Tenuti"),
            label("mancato", "Non presentati"),
            label("annullato", "Annullati"),
            label("da_tenere", "Ancora da tenere"),
        ],
    );
    for table in [CASES_ACTIVE, CASES_OPENED, CASES_CLOSED] {
        m.insert(table, all(Area::ALL, Area::code, Area::label, lang));
    }
    m.insert(
        "interventions_by_kind",
        all(
            InterventionKind::ALL,
            InterventionKind::code,
            InterventionKind::label,
            lang,
        ),
    );
    m
}
