//! The Italian codice fiscale: 16 characters, checked by its final control character.
//!
//! Omocodia is allowed: when two people would get the same code, the Agenzia delle Entrate
//! replaces digits, from the right, with the letters `LMNPQRSTUV`; such a code is as valid
//! as the original.

use crate::messages::Msg;
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
        Ok(CodiceFiscale(code))
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
}
