//! Search-as-you-type over persons: what is typed and what is stored are folded the same way,
//! so "nicolo" finds Nicolò, "dangelo" D'Angelo and "lopresti" Lo Presti.
//!
//! A person is found by a prefix of `surname + name` or of `name + surname` (both folded), or by
//! a prefix of the codice fiscale. The archive stores the two folded keys in indexed columns, so
//! a search is three index range scans whatever the archive's size.

use serde::{Deserialize, Serialize};

/// Lower case, accents and other marks removed (transliterated to ASCII), then only letters and
/// digits kept: apostrophes, spaces and hyphens disappear.
pub fn fold(text: &str) -> String {
    deunicode::deunicode(text)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The two folded keys a named person is found by: surname first and name first.
pub fn person_keys(surname: &str, name: &str) -> (String, String) {
    let (s, n) = (fold(surname), fold(name));
    (format!("{s}{n}"), format!("{n}{s}"))
}

/// What a typed query looks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonQuery {
    /// The folded prefix matched against both name keys.
    pub key: String,
    /// The same prefix in upper case, matched against the codice fiscale.
    pub codice_fiscale: String,
}

impl PersonQuery {
    /// `None` when nothing searchable was typed (only spaces or punctuation).
    pub fn parse(typed: &str) -> Option<PersonQuery> {
        let key = fold(typed);
        if key.is_empty() {
            return None;
        }
        Some(PersonQuery {
            codice_fiscale: key.to_ascii_uppercase(),
            key,
        })
    }

    /// The first string after every string that starts with `prefix` (for an index range
    /// `>= prefix AND < end`): keys are ASCII letters and digits, so `~` sorts after them all.
    pub fn range_end(prefix: &str) -> String {
        format!("{prefix}~")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        for (typed, folded) in [
            ("Nicolò", "nicolo"),
            ("D'Angelo", "dangelo"),
            ("D’Angelo", "dangelo"),
            ("Lo Presti", "lopresti"),
            ("  DE LUCA ", "deluca"),
            ("Müller-Lüdenscheidt", "mullerludenscheidt"),
            ("Şerban", "serban"),
            ("Łukasz", "lukasz"),
            ("Øre", "ore"),
            ("straße", "strasse"),
            ("RSSMRA85T10A562S", "rssmra85t10a562s"),
            ("'-. ", ""),
        ] {
            assert_eq!(fold(typed), folded, "{typed}");
        }
    }

    /// Each query finds the person it should by a prefix of one of the keys or of the code.
    #[test]
    fn queries_match_by_prefix() {
        fn person(surname: &str, name: &str, cf: &'static str) -> impl Fn(&str) -> bool {
            let (a, b) = person_keys(surname, name);
            move |q: &str| {
                let q = PersonQuery::parse(q).expect("query");
                a.starts_with(&q.key) || b.starts_with(&q.key) || cf.starts_with(&q.codice_fiscale)
            }
        }
        let dangelo = person("D'Angelo", "Nicolò", "DNGNCL80A01H501Z");
        let lopresti = person("Lo Presti", "Maria", "");
        for q in [
            "nicolo",
            "NICOLÒ",
            "dangelo",
            "d'angelo nic",
            "Nicolò D'Ang",
            "dngncl",
            "DNGNCL80",
        ] {
            assert!(dangelo(q), "{q}");
        }
        for q in ["lopresti", "lo presti", "LoPr", "maria lo"] {
            assert!(lopresti(q), "{q}");
        }
        for q in ["angelo", "presti", "rossi", "80A01"] {
            assert!(!dangelo(q) && !lopresti(q), "{q}");
        }
        assert_eq!(PersonQuery::parse(" ' "), None);
        assert!(PersonQuery::range_end("ro").as_str() > "rozzzz");
        assert!(PersonQuery::range_end("ro").as_str() > "ro99");
    }
}
