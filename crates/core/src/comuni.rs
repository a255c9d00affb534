//! The national list of comuni (and of foreign countries, for the birthplace in a codice
//! fiscale): name, province, Belfiore (cadastral) code and ISTAT code.
//!
//! The data ship in `assets/comuni/comuni.tsv` (see its `ORIGINE.md`); the archive embeds the
//! file and hands its text to [`Comuni::parse`]. Keeping the parsing and the search here lets
//! them be tested without IO.

use crate::messages::Msg;
use crate::search::fold;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One comune, or one foreign country (province `EE`, code `Z…`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comune {
    /// Belfiore (cadastral) code, as in a codice fiscale: `H501`.
    pub code: String,
    pub name: String,
    /// Province abbreviation (`RM`), `EE` for a foreign country.
    pub province: String,
    /// ISTAT code (`058091`); empty where the source lacks it.
    pub istat: String,
    /// False for a comune that no longer exists (merged or renamed): still a valid birthplace.
    pub current: bool,
}

impl Comune {
    pub fn is_country(&self) -> bool {
        self.province == "EE"
    }

    /// `Roma (RM)`; a country by its name alone.
    pub fn label(&self) -> String {
        if self.is_country() {
            self.name.clone()
        } else {
            format!("{} ({})", self.name, self.province)
        }
    }
}

/// The list, indexed by code and by folded name.
#[derive(Debug, Default)]
pub struct Comuni {
    list: Vec<Comune>,
    folded: Vec<String>,
    by_code: HashMap<String, usize>,
}

/// A line of the file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadLine(pub usize);

impl Comuni {
    /// Parses `code<TAB>name<TAB>province<TAB>istat<TAB>current(1|0)` lines; `#` starts a comment.
    pub fn parse(tsv: &str) -> Result<Comuni, BadLine> {
        let mut c = Comuni::default();
        for (n, line) in tsv.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            let [code, name, province, istat, current] = f[..] else {
                return Err(BadLine(n + 1));
            };
            if code.len() != 4 || name.is_empty() {
                return Err(BadLine(n + 1));
            }
            let comune = Comune {
                code: code.to_string(),
                name: name.to_string(),
                province: province.to_string(),
                istat: istat.to_string(),
                current: current == "1",
            };
            // A code used by a past and a current comune keeps the current one.
            match c.by_code.get(code) {
                Some(&i) if c.list[i].current || !comune.current => continue,
                _ => {}
            }
            c.by_code.insert(comune.code.clone(), c.list.len());
            c.folded.push(fold(&comune.name));
            c.list.push(comune);
        }
        Ok(c)
    }

    pub fn get(&self, code: &str) -> Option<&Comune> {
        self.by_code.get(code).map(|&i| &self.list[i])
    }

    /// Current Italian comuni whose name matches `query`: names starting with it first, then
    /// names with a word starting with it, then the rest containing it; alphabetical within each.
    pub fn search(&self, query: &str, limit: usize) -> Vec<&Comune> {
        let q = fold(query);
        if q.is_empty() {
            return Vec::new();
        }
        let word_starts = |name: &str| {
            deunicode::deunicode(name)
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| fold(w).starts_with(&q))
        };
        let mut hits: Vec<(u8, &Comune)> = self
            .list
            .iter()
            .zip(&self.folded)
            .filter(|(c, f)| c.current && !c.is_country() && f.contains(&q))
            .map(|(c, f)| {
                let rank = if f.starts_with(&q) {
                    0
                } else if word_starts(&c.name) {
                    1
                } else {
                    2
                };
                (rank, c)
            })
            .collect();
        hits.sort_by(|a, b| (a.0, &a.1.name).cmp(&(b.0, &b.1.name)));
        hits.into_iter().take(limit).map(|(_, c)| c).collect()
    }

    /// The comune a register cell names: its Belfiore code (`H501`), `Name (PR)`, or a name
    /// alone when only one current comune bears it. `Ok(None)` for an empty cell.
    pub fn find_named(&self, text: &str) -> Result<Option<&Comune>, Msg> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        if let Some(c) = self.get(&text.to_ascii_uppercase()) {
            return Ok(Some(c));
        }
        let (name, province) = match text.strip_suffix(')').and_then(|t| t.rsplit_once('(')) {
            Some((name, province)) => (name, Some(province.trim().to_ascii_uppercase())),
            None => (text, None),
        };
        let folded = fold(name);
        let hits: Vec<&Comune> = self
            .list
            .iter()
            .zip(&self.folded)
            .filter(|(c, f)| {
                **f == folded
                    && !c.is_country()
                    && province.as_ref().is_none_or(|p| *p == c.province)
            })
            .map(|(c, _)| c)
            .collect();
        let current: Vec<&Comune> = hits.iter().copied().filter(|c| c.current).collect();
        match (current.as_slice(), hits.as_slice()) {
            ([one], _) => Ok(Some(one)),
            ([], [one]) => Ok(Some(one)),
            ([], []) => Err(Msg::ComuneUnknown),
            _ => Err(Msg::ComuneAmbiguous {
                options: current
                    .iter()
                    .map(|c| c.label())
                    .collect::<Vec<_>>()
                    .join(", "),
            }),
        }
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# code\tname\tprovince\tistat\tcurrent
H501\tRoma\tRM\t058091\t1
F205\tMilano\tMI\t015146\t1
A001\tAbano Terme\tPD\t028001\t1
I726\tSiena\tSI\t052032\t1
H224\tReggio di Calabria\tRC\t080063\t1
A000\tComune soppresso\tXX\t\t0
Z404\tStati Uniti d'America\tEE\t\t1
";

    #[test]
    fn parse_and_look_up() {
        let c = Comuni::parse(SAMPLE).expect("valid");
        assert_eq!(c.len(), 7);
        assert_eq!(
            c.get("H501").map(Comune::label).as_deref(),
            Some("Roma (RM)")
        );
        assert_eq!(
            c.get("Z404").map(Comune::label).as_deref(),
            Some("Stati Uniti d'America")
        );
        assert!(c.get("A000").is_some_and(|x| !x.current));
        assert_eq!(Comuni::parse("H501\tRoma\n").err(), Some(BadLine(1)));
    }

    #[test]
    fn search_ranks_prefix_then_word_then_substring() {
        let c = Comuni::parse(SAMPLE).expect("valid");
        let names =
            |q: &str| -> Vec<String> { c.search(q, 10).iter().map(|x| x.name.clone()).collect() };
        assert_eq!(names("rom"), vec!["Roma"]);
        assert_eq!(names("ter"), vec!["Abano Terme"]);
        assert_eq!(names("calabria"), vec!["Reggio di Calabria"]);
        assert_eq!(names("ena"), vec!["Siena"]);
        assert!(
            names("stati").is_empty(),
            "countries are not comuni of residence"
        );
        assert!(names("soppresso").is_empty(), "past comuni are not offered");
        assert!(names("").is_empty());
    }
}
