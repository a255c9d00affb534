//! The observatory's list of missing resources: what the desk could not offer, as the
//! operator wrote it in each colloquio whose outcome was "nessuna risorsa". Those are free
//! texts, so the report never prints them as typed: only a resource named by at least
//! `threshold` different persons is proposed (grouped by area, spelling and accents folded),
//! and what is printed is the text she keeps after reading it.

use crate::category::Area;
use crate::ids::PersonId;
use crate::messages::Lang;
use crate::search::fold;
use std::collections::{BTreeMap, BTreeSet};

/// One colloquio that met no resource: who, the area of the need, the missing resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingResourceRow {
    pub person: PersonId,
    pub area: Option<Area>,
    pub text: String,
}

/// A missing resource named by enough persons to be printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommonResource {
    pub area: Option<Area>,
    /// As first written (trimmed).
    pub text: String,
    pub persons: usize,
}

/// The resources named by at least `threshold` different persons, by area (in the list's
/// order, "not stated" last), then the most named first.
pub fn common_missing_resources(
    rows: &[MissingResourceRow],
    threshold: u64,
) -> Vec<CommonResource> {
    let mut groups: BTreeMap<(Option<usize>, String), (String, BTreeSet<PersonId>)> =
        BTreeMap::new();
    for row in rows {
        let key = fold(&row.text);
        if key.is_empty() {
            continue;
        }
        let area = row
            .area
            .map(|a| Area::ALL.iter().position(|x| *x == a).unwrap_or(0));
        groups
            .entry((area, key))
            .or_insert_with(|| (row.text.trim().to_owned(), BTreeSet::new()))
            .1
            .insert(row.person);
    }
    let mut common: Vec<CommonResource> = groups
        .into_iter()
        .filter(|(_, (_, persons))| persons.len() as u64 >= threshold)
        .map(|((area, _), (text, persons))| CommonResource {
            area: area.map(|i| Area::ALL[i]),
            text,
            persons: persons.len(),
        })
        .collect();
    let rank = |r: &CommonResource| {
        r.area
            .and_then(|a| Area::ALL.iter().position(|x| *x == a))
            .unwrap_or(usize::MAX)
    };
    common.sort_by(|a, b| {
        rank(a)
            .cmp(&rank(b))
            .then(b.persons.cmp(&a.persons))
            .then(a.text.cmp(&b.text))
    });
    common
}

/// The draft she edits: a line per area, "Area: resource; resource.", the most named first.
/// No counts: a number here would be a figure outside the suppression's audit (a lower
/// bound on a withheld cell of the unmet-needs table).
pub fn missing_resources_draft(common: &[CommonResource]) -> String {
    let mut lines: Vec<(Option<Area>, Vec<String>)> = Vec::new();
    for r in common {
        let item = r.text.clone();
        match lines.last_mut() {
            Some((area, items)) if *area == r.area => items.push(item),
            _ => lines.push((r.area, vec![item])),
        }
    }
    lines
        .into_iter()
        .map(|(area, items)| {
            let label = area.map_or("Area non indicata", |a| a.label(Lang::It));
            format!("{label}: {}.", items.join("; "))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The folded words of a text, in order ("Rossi," and "rossi" are the same word).
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .map(fold)
        .filter(|w| !w.is_empty())
        .collect()
}

/// Does `text` name one of `persons` — their name and surname next to each other in either
/// order (accents, case and punctuation aside), or one of the `codes` (codici fiscali)? A
/// report's texts must not: they go to the comune. A person given as (full name, "") — a
/// legal representative — is matched on the full name when it has two words or more.
pub fn names_someone(text: &str, persons: &[(String, String)], codes: &[String]) -> bool {
    let text = words(text);
    let contains =
        |needle: &[String]| !needle.is_empty() && text.windows(needle.len()).any(|w| w == needle);
    persons.iter().any(|(surname, name)| {
        let (s, n) = (words(surname), words(name));
        if n.is_empty() {
            return s.len() >= 2 && contains(&s);
        }
        let both = |a: &[String], b: &[String]| [a, b].concat();
        !s.is_empty() && (contains(&both(&s, &n)) || contains(&both(&n, &s)))
    }) || codes.iter().any(|c| contains(&words(c)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn row(person: u128, area: Area, text: &str) -> MissingResourceRow {
        MissingResourceRow {
            person: PersonId(Uuid::from_u128(person)),
            area: Some(area),
            text: text.into(),
        }
    }

    #[test]
    fn only_a_resource_named_by_enough_persons_is_proposed() {
        let rows = vec![
            row(1, Area::Elderly, "Centro diurno"),
            row(2, Area::Elderly, "centro  diurno "),
            row(3, Area::Elderly, "CENTRO DIURNO"),
            // The same person three times is one person.
            row(4, Area::Poverty, "Dormitorio"),
            row(4, Area::Poverty, "Dormitorio"),
            row(4, Area::Poverty, "Dormitorio"),
            // Named by two persons only: a person could be recognised, never printed.
            row(5, Area::Family, "Nido per il figlio di via Roma"),
            row(6, Area::Family, "Nido per il figlio di via Roma"),
            row(7, Area::Poverty, "Alloggio d'emergenza"),
            row(8, Area::Poverty, "Alloggio d’emergenza"),
            row(9, Area::Poverty, "alloggio d emergenza"),
            row(10, Area::Poverty, "Alloggio d'emergenza"),
            row(11, Area::Poverty, "   "),
        ];
        let common = common_missing_resources(&rows, 3);
        assert_eq!(
            common,
            vec![
                CommonResource {
                    area: Some(Area::Elderly),
                    text: "Centro diurno".into(),
                    persons: 3
                },
                CommonResource {
                    area: Some(Area::Poverty),
                    text: "Alloggio d'emergenza".into(),
                    persons: 4
                },
            ]
        );
        assert_eq!(
            missing_resources_draft(&common),
            "Anziani (65 anni e più): Centro diurno.\nPovertà, disagio adulti e senza dimora: Alloggio d'emergenza."
        );
        assert!(common_missing_resources(&rows, 5).is_empty());
        let persons = vec![
            ("De Luca".to_string(), "Nicolò".to_string()),
            ("Avv. Carla Ferrero".to_string(), String::new()),
        ];
        let codes = vec!["DLCNCL80A01H501X".to_string()];
        for named in [
            "Ha chiesto aiuto Nicolò De Luca.",
            "la signora de luca nicolo,",
            "CF dlcncl80a01h501x",
            "sentito l'avv. Carla Ferrero",
        ] {
            assert!(names_someone(named, &persons, &codes), "{named}");
        }
        for not_named in [
            "Il signor De Luca ha chiesto aiuto.",
            "Nicolò è un nome comune.",
            "Luca e Nicolò De Santis",
            "Carla ha chiamato",
        ] {
            assert!(!names_someone(not_named, &persons, &codes), "{not_named}");
        }
        assert_eq!(missing_resources_draft(&[]), "");
    }
}
