//! The Italian codice fiscale: 16 characters, checked by its final control character.
//!
//! Omocodia is allowed: when two people would get the same code, the Agenzia delle Entrate
//! replaces digits, from the right, with the letters `LMNPQRSTUV`; such a code is as valid
//! as the original.

use crate::category::Gender;
use crate::messages::Msg;
use crate::model::Birth;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A syntactically valid codice fiscale, upper case, with a correct control character.
/// The only ways to get one are [`CodiceFiscale::parse`] and [`CodiceFiscale::compute`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct CodiceFiscale(String);

impl<'de> Deserialize<'de> for CodiceFiscale {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        CodiceFiscale::parse(&raw).map_err(serde::de::Error::custom)
    }
}

/// The data a codice fiscale encodes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Encoded {
    /// Three letters from the surname, three from the name.
    pub surname: String,
    pub name: String,
    /// The last two digits of the birth year.
    pub year: u32,
    pub month: u32,
    /// The day of birth, plus 40 for women.
    pub day: u32,
    /// The Belfiore code of the comune of birth, or `Z…` for a foreign country.
    pub place: String,
}

const OMOCODIA: &[u8; 10] = b"LMNPQRSTUV";
const MONTHS: &[u8; 12] = b"ABCDEHLMPRST";
/// Positions that hold digits in a code without omocodia.
const DIGIT_POSITIONS: [usize; 7] = [6, 7, 9, 10, 12, 13, 14];

impl CodiceFiscale {
    /// Accepts lower case and surrounding or inner spaces; refuses anything else.
    pub fn parse(input: &str) -> Result<CodiceFiscale, Msg> {
        let code: String = input
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        if code.is_empty() {
            return Err(Msg::Required);
        }
        if code.chars().count() != 16 {
            return Err(Msg::CfLength);
        }
        let bytes = code.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            let ok = if DIGIT_POSITIONS.contains(&i) {
                b.is_ascii_digit() || OMOCODIA.contains(&b)
            } else if i == 8 {
                MONTHS.contains(&b)
            } else {
                b.is_ascii_uppercase()
            };
            if !ok {
                return Err(Msg::CfCharacters);
            }
        }
        if control_char(&bytes[..15]) != bytes[15] {
            return Err(Msg::CfChecksum);
        }
        let cf = CodiceFiscale(code);
        // 01–31 for men, 41–71 for women (day + 40): any other day was never issued.
        let day = cf.encoded().day;
        if !(1..=31).contains(&day) && !(41..=71).contains(&day) {
            return Err(Msg::CfDay);
        }
        Ok(cf)
    }

    /// What the code encodes, with omocodia letters read back as digits.
    pub fn encoded(&self) -> Encoded {
        let b = self.0.as_bytes();
        let digit = |i: usize| -> u32 {
            let c = b[i];
            if c.is_ascii_digit() {
                u32::from(c - b'0')
            } else {
                OMOCODIA
                    .iter()
                    .position(|&o| o == c)
                    .map_or(0, |p| p as u32)
            }
        };
        let place: String = [
            char::from(b[11]),
            char::from_digit(digit(12), 10).unwrap_or('0'),
            char::from_digit(digit(13), 10).unwrap_or('0'),
            char::from_digit(digit(14), 10).unwrap_or('0'),
        ]
        .into_iter()
        .collect();
        Encoded {
            surname: self.0[0..3].to_string(),
            name: self.0[3..6].to_string(),
            year: digit(6) * 10 + digit(7),
            month: MONTHS
                .iter()
                .position(|&m| m == b[8])
                .map_or(0, |p| p as u32 + 1),
            day: digit(9) * 10 + digit(10),
            place,
        }
    }

    /// Checks the code against what else is known of the person. Codes issued with wrong data
    /// stay valid, so a mismatch is a warning to look again, never a refusal.
    pub fn mismatches(
        &self,
        surname: &str,
        name: &str,
        birth: Option<Birth>,
        gender: Option<Gender>,
    ) -> Vec<Msg> {
        let e = self.encoded();
        let mut out = Vec::new();
        if !surname.trim().is_empty() && surname_part(surname) != e.surname {
            out.push(Msg::CfSurnameMismatch);
        }
        if !name.trim().is_empty() && name_part(name) != e.name {
            out.push(Msg::CfNameMismatch);
        }
        let birth_matches = match birth {
            Some(Birth::Date(d)) => {
                d.year().rem_euclid(100) as u32 == e.year
                    && d.month() == e.month
                    && d.day() == e.day % 40
            }
            Some(Birth::Year(y)) => y.rem_euclid(100) as u32 == e.year,
            None => true,
        };
        if !birth_matches {
            out.push(Msg::CfBirthMismatch);
        }
        let female = e.day > 40;
        match gender {
            Some(Gender::Female) if !female => out.push(Msg::CfGenderMismatch),
            Some(Gender::Male) if female => out.push(Msg::CfGenderMismatch),
            _ => {}
        }
        out
    }

    /// Computes the code of a person from their data and the Belfiore code of the comune (or
    /// foreign country, `Z…`) of birth. Used by the demo generator and by consistency checks.
    pub fn compute(
        surname: &str,
        name: &str,
        birth: NaiveDate,
        female: bool,
        belfiore: &str,
    ) -> Option<CodiceFiscale> {
        let belfiore = belfiore.to_ascii_uppercase();
        if belfiore.len() != 4 {
            return None;
        }
        let mut code = String::with_capacity(16);
        code.push_str(&surname_part(surname));
        code.push_str(&name_part(name));
        code.push_str(&format!("{:02}", birth.year().rem_euclid(100)));
        code.push(MONTHS[birth.month0() as usize] as char);
        let day = birth.day() + if female { 40 } else { 0 };
        code.push_str(&format!("{day:02}"));
        code.push_str(&belfiore);
        let control = control_char(code.as_bytes()) as char;
        code.push(control);
        CodiceFiscale::parse(&code).ok()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CodiceFiscale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn letters(s: &str) -> (Vec<char>, Vec<char>) {
    let upper: Vec<char> = s
        .chars()
        .map(fold_accent)
        .filter(|c| c.is_ascii_alphabetic())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    upper.into_iter().partition(|c| !"AEIOU".contains(*c))
}

fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'À' | 'Á' => 'A',
        'è' | 'é' | 'È' | 'É' => 'E',
        'ì' | 'í' | 'Ì' | 'Í' => 'I',
        'ò' | 'ó' | 'Ò' | 'Ó' => 'O',
        'ù' | 'ú' | 'Ù' | 'Ú' => 'U',
        other => other,
    }
}

fn three(mut chars: Vec<char>) -> String {
    chars.truncate(3);
    while chars.len() < 3 {
        chars.push('X');
    }
    chars.into_iter().collect()
}

fn surname_part(surname: &str) -> String {
    let (consonants, vowels) = letters(surname);
    three(consonants.into_iter().chain(vowels).collect())
}

fn name_part(name: &str) -> String {
    let (consonants, vowels) = letters(name);
    if consonants.len() >= 4 {
        return three(vec![consonants[0], consonants[2], consonants[3]]);
    }
    three(consonants.into_iter().chain(vowels).collect())
}

/// The control character over the first 15 characters (odd positions counted from 1).
fn control_char(first15: &[u8]) -> u8 {
    const ODD: [u32; 36] = [
        1, 0, 5, 7, 9, 13, 15, 17, 19, 21, // 0-9
        1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24,
        23, // A-Z
    ];
    let sum: u32 = first15
        .iter()
        .enumerate()
        .map(|(i, &b)| {
            let index = if b.is_ascii_digit() {
                usize::from(b - b'0')
            } else {
                usize::from(b.saturating_sub(b'A')) + 10
            };
            if i % 2 == 0 {
                ODD[index.min(35)]
            } else if b.is_ascii_digit() {
                u32::from(b - b'0')
            } else {
                u32::from(b.saturating_sub(b'A'))
            }
        })
        .sum();
    b'A' + (sum % 26) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_codes() {
        for (input, expect) in [
            ("RSSMRA85T10A562S", Ok("RSSMRA85T10A562S")),
            ("rssmra85t10a562s", Ok("RSSMRA85T10A562S")),
            (" RSS MRA 85T10 A562S ", Ok("RSSMRA85T10A562S")),
            // omocodia: the last digit 2 of A562 becomes N, and the control char follows
            ("RSSMRA85T10A56NH", Ok("RSSMRA85T10A56NH")),
            ("RSSMRA85T10A562T", Err(Msg::CfChecksum)),
            ("RSSMRA85T10A562", Err(Msg::CfLength)),
            ("RSSMRA85Z10A562S", Err(Msg::CfCharacters)),
            ("1SSMRA85T10A562S", Err(Msg::CfCharacters)),
            ("", Err(Msg::Required)),
            // Published examples: Matteo Moretti, Milano, 9/4/1925; Samantha Miller, USA, 25/9/1982.
            ("MRTMTT25D09F205Z", Ok("MRTMTT25D09F205Z")),
            ("MLLSNT82P65Z404U", Ok("MLLSNT82P65Z404U")),
            ("MRTMTT25D09F205A", Err(Msg::CfChecksum)),
            // Day 32 and day 72 were never issued (the control character is right for them).
            ("MRTMTT25D32F205M", Err(Msg::CfDay)),
            ("MRTMTT25D00F205F", Err(Msg::CfDay)),
            ("MLLSNT82P72Z404N", Err(Msg::CfDay)),
            ("MLLSNT82P35Z404R", Err(Msg::CfDay)),
            // The month letter must be one of ABCDEHLMPRST.
            ("MRTMTT25F09F205Z", Err(Msg::CfCharacters)),
        ] {
            assert_eq!(
                CodiceFiscale::parse(input)
                    .as_ref()
                    .map(CodiceFiscale::as_str)
                    .map_err(Clone::clone),
                expect,
                "input {input:?}"
            );
        }
    }

    #[test]
    fn computes_codes() {
        let birth = NaiveDate::from_ymd_opt(1985, 12, 10).expect("date");
        let cf = CodiceFiscale::compute("Rossi", "Mario", birth, false, "A562").expect("cf");
        assert_eq!(cf.as_str(), "RSSMRA85T10A562S");
        let birth = NaiveDate::from_ymd_opt(1990, 1, 5).expect("date");
        let cf = CodiceFiscale::compute("Bianchi", "Giulia", birth, true, "H501").expect("cf");
        assert_eq!(&cf.as_str()[..11], "BNCGLI90A45");
        // name with four consonants takes the 1st, 3rd and 4th
        let cf = CodiceFiscale::compute("Fo", "Francesco", birth, false, "F205").expect("cf");
        assert_eq!(&cf.as_str()[..6], "FOXFNC");
    }

    /// Every omocodia variant (the digits replaced by letters from the right, one more at a
    /// time) is valid and encodes the same person.
    #[test]
    fn omocodia_variants_decode_to_the_same_data() {
        for original in ["MRTMTT25D09F205Z", "MLLSNT82P65Z404U", "RSSMRA85T10A562S"] {
            let base = CodiceFiscale::parse(original).expect("valid").encoded();
            let mut chars: Vec<u8> = original.as_bytes()[..15].to_vec();
            for &pos in DIGIT_POSITIONS.iter().rev() {
                chars[pos] = OMOCODIA[usize::from(chars[pos] - b'0')];
                let mut code = chars.clone();
                code.push(control_char(&chars));
                let code = String::from_utf8(code).expect("ascii");
                let cf = CodiceFiscale::parse(&code).unwrap_or_else(|e| panic!("{code}: {e:?}"));
                assert_eq!(cf.encoded(), base, "{code}");
                // A wrong control character is still caught.
                let mut wrong = code.clone().into_bytes();
                wrong[15] = if wrong[15] == b'A' { b'B' } else { b'A' };
                let wrong = String::from_utf8(wrong).expect("ascii");
                assert_eq!(
                    CodiceFiscale::parse(&wrong),
                    Err(Msg::CfChecksum),
                    "{wrong}"
                );
            }
        }
    }

    #[test]
    fn mismatches_are_warnings_for_each_datum() {
        let cf = CodiceFiscale::parse("MLLSNT82P65Z404U").expect("valid");
        let date = |y, m, d| Some(Birth::Date(NaiveDate::from_ymd_opt(y, m, d).expect("date")));
        for (surname, name, birth, gender, expect) in [
            (
                "Miller",
                "Samantha",
                date(1982, 9, 25),
                Some(Gender::Female),
                vec![],
            ),
            ("Miller", "Samantha", Some(Birth::Year(1982)), None, vec![]),
            ("", "", None, None, vec![]),
            (
                "Baker",
                "Samantha",
                None,
                None,
                vec![Msg::CfSurnameMismatch],
            ),
            ("Miller", "Samanta", None, None, vec![]),
            ("Miller", "Sara", None, None, vec![Msg::CfNameMismatch]),
            (
                "Miller",
                "Samantha",
                date(1982, 9, 24),
                None,
                vec![Msg::CfBirthMismatch],
            ),
            (
                "Miller",
                "Samantha",
                date(1983, 9, 25),
                None,
                vec![Msg::CfBirthMismatch],
            ),
            (
                "Miller",
                "Samantha",
                Some(Birth::Year(1981)),
                None,
                vec![Msg::CfBirthMismatch],
            ),
            (
                "Miller",
                "Samantha",
                None,
                Some(Gender::Male),
                vec![Msg::CfGenderMismatch],
            ),
            ("Miller", "Samantha", None, Some(Gender::Other), vec![]),
        ] {
            assert_eq!(
                cf.mismatches(surname, name, birth, gender),
                expect,
                "{surname} {name} {birth:?} {gender:?}"
            );
        }
        let e = cf.encoded();
        assert_eq!(
            (e.year, e.month, e.day, e.place.as_str()),
            (82, 9, 65, "Z404")
        );
        let omocode = CodiceFiscale::parse("RSSMRA85T10A56NH").expect("valid");
        assert_eq!(omocode.encoded().place, "A562");
    }
}
