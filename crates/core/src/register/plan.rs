//! What an import will write: each row's person matched to one on record (by codice fiscale,
//! else by surname, name and birth year) or to a new one shared by the file's rows of the same
//! person, and each colloquio already on record recognised, so that nothing is doubled.

use super::row::{RegisterRow, RowPerson};
use super::{CellProblem, Column};
use crate::category::{AgeBand, Citizenship, Gender};
use crate::ids::PersonId;
use crate::messages::Msg;
use crate::model::{Birth, NewPerson};
use crate::search::person_keys;
use crate::units::Minutes;
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// A named person on record, as the matching needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownPerson {
    pub id: PersonId,
    pub display_name: String,
    pub codice_fiscale: Option<String>,
    /// The folded `surname + name` key the archive stores.
    pub key: String,
    pub birth_year: Option<i32>,
    /// The full birth date, when known: of two namesakes born the same year, it tells them apart.
    pub birth_date: Option<NaiveDate>,
}

/// An anonymous colloquio as it can be recognised again: no person to match, so its own
/// fields.
pub type AnonymousKey = (
    NaiveDate,
    Option<NaiveTime>,
    Minutes,
    Gender,
    AgeBand,
    Citizenship,
);

/// What the archive holds that an import is matched against.
#[derive(Debug, Default)]
pub struct Known {
    pub persons: Vec<KnownPerson>,
    /// Live colloqui of named persons, counted by person, date and start time (two on the same
    /// day without a time are two).
    pub contacts: HashMap<(PersonId, NaiveDate, Option<NaiveTime>), usize>,
    pub anonymous_contacts: HashMap<AnonymousKey, usize>,
    /// Codici fiscali held by records in the bin or merged into another: a new person cannot
    /// take them.
    pub held_codes: HashMap<String, PersonId>,
}

/// Who a planned row is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Who {
    /// A person on record.
    Known(PersonId),
    /// The `n`-th person the import creates.
    New(usize),
    /// An anonymous colloquio already on record: nothing to write.
    RecordedAnonymous,
}

/// A row with its person, and whether its colloquio is already on record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedRow {
    pub row: RegisterRow,
    pub who: Who,
    pub already_recorded: bool,
}

/// A person of the file matched to one on record, for her to check before the import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonMatch {
    /// The first line of the file that names them.
    pub line: usize,
    /// As the file writes them.
    pub in_file: String,
    pub person: PersonId,
    /// As the archive has them.
    pub on_record: String,
    /// `codice_fiscale` or `nome`: what matched.
    pub by: String,
}

/// The import, row by row, before anything is written.
#[derive(Debug, Clone, Default)]
pub struct ImportPlan {
    pub new_persons: Vec<NewPerson>,
    pub rows: Vec<PlannedRow>,
    pub matches: Vec<PersonMatch>,
    /// Rows whose person cannot be told apart among several on record.
    pub problems: Vec<CellProblem>,
}

impl ImportPlan {
    pub fn new_contacts(&self) -> usize {
        self.rows.iter().filter(|r| !r.already_recorded).count()
    }

    pub fn recorded_contacts(&self) -> usize {
        self.rows.iter().filter(|r| r.already_recorded).count()
    }

    /// New named persons (the rest of the new persons are anonymous contacts).
    pub fn new_named_persons(&self) -> usize {
        self.new_persons
            .iter()
            .filter(|p| matches!(p.identity, crate::model::Identity::Named { .. }))
            .count()
    }
}

/// Candidates by codice fiscale and by name key, for the persons on record and for those the
/// file creates.
#[derive(Default)]
struct Index {
    by_code: HashMap<String, Who>,
    by_key: HashMap<String, Vec<Candidate>>,
}

/// A person the name key may stand for: who, the birth as known, whether a code is on record.
struct Candidate {
    who: Who,
    year: Option<i32>,
    date: Option<NaiveDate>,
    coded: bool,
}

impl Index {
    fn add(&mut self, who: Who, code: Option<&str>, key: String, birth: Option<Birth>) {
        if let Some(code) = code {
            self.by_code.insert(code.to_string(), who);
        }
        self.by_key.entry(key).or_default().push(Candidate {
            who,
            year: birth.map(|b| b.year()),
            date: match birth {
                Some(Birth::Date(d)) => Some(d),
                _ => None,
            },
            coded: code.is_some(),
        });
    }

    /// Records that `who`, found by name, holds `code`: another code never matches it after.
    fn claim(&mut self, who: Who, key: &str, code: &str) {
        self.by_code.insert(code.to_string(), who);
        for c in self.by_key.get_mut(key).into_iter().flatten() {
            if c.who == who {
                c.coded = true;
            }
        }
    }

    /// The one candidate with the key and a compatible birth year (the same, or one of the two
    /// unknown); `Err` when several are; a candidate with another codice fiscale never is.
    fn by_name(&self, key: &str, birth: Option<Birth>, has_code: bool) -> Result<Option<Who>, ()> {
        let year = birth.map(|b| b.year());
        let date = match birth {
            Some(Birth::Date(d)) => Some(d),
            _ => None,
        };
        let candidates = || {
            self.by_key
                .get(key)
                .into_iter()
                .flatten()
                .filter(move |c| !(has_code && c.coded))
        };
        // The same birth first (the same date, or the same year with no date on either side, or
        // the same lack of one): of two namesakes, one born in 1970 and one whose birth is
        // unknown, a row without a year is the second.
        let exact: Vec<Who> = candidates()
            .filter(|c| match (date, c.date) {
                (Some(a), Some(b)) => a == b,
                (None, None) => c.year == year,
                _ => false,
            })
            .map(|c| c.who)
            .collect();
        if let [one] = exact.as_slice() {
            return Ok(Some(*one));
        }
        let hits: Vec<Who> = candidates()
            .filter(|c| {
                (year.is_none() || c.year.is_none() || c.year == year)
                    && !matches!((date, c.date), (Some(a), Some(b)) if a != b)
            })
            .map(|c| c.who)
            .collect();
        match hits.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(*one)),
            several if several.iter().all(|w| *w == several[0]) => Ok(Some(several[0])),
            _ => Err(()),
        }
    }
}

/// Plans the import of `rows` against what the archive holds.
pub fn plan(rows: Vec<RegisterRow>, known: &Known) -> ImportPlan {
    let mut on_record = Index::default();
    let names: HashMap<PersonId, &KnownPerson> = known.persons.iter().map(|p| (p.id, p)).collect();
    for p in &known.persons {
        let birth = match (p.birth_date, p.birth_year) {
            (Some(d), _) => Some(Birth::Date(d)),
            (None, Some(y)) => Some(Birth::Year(y)),
            (None, None) => None,
        };
        on_record.add(
            Who::Known(p.id),
            p.codice_fiscale.as_deref(),
            p.key.clone(),
            birth,
        );
    }
    let mut in_file = Index::default();
    let mut plan = ImportPlan::default();
    let mut matched: HashSet<PersonId> = HashSet::new();
    // Each colloquio on record answers for one row of the file: a file with two rows where the
    // archive has one writes the second.
    let mut contacts = known.contacts.clone();
    let mut anonymous_contacts = known.anonymous_contacts.clone();
    for row in rows {
        let who = match &row.person {
            RowPerson::Anonymous {
                gender,
                age_band,
                citizenship,
            } => {
                let key: AnonymousKey = (
                    row.date,
                    row.start_time,
                    row.duration,
                    gender.unwrap_or(Gender::Other),
                    *age_band,
                    citizenship.unwrap_or(Citizenship::Unknown),
                );
                let already = take(&mut anonymous_contacts, &key);
                let who = if already {
                    Who::RecordedAnonymous
                } else {
                    plan.new_persons.push(row.person.new_person());
                    Who::New(plan.new_persons.len() - 1)
                };
                plan.rows.push(PlannedRow {
                    row,
                    who,
                    already_recorded: already,
                });
                continue;
            }
            RowPerson::Named {
                surname,
                name,
                codice_fiscale,
                birth,
                ..
            } => {
                let code = codice_fiscale.as_ref().map(|c| c.as_str().to_string());
                let key = person_keys(surname, name).0;
                // A code also tells the birth year: of namesakes, only one born then may match.
                let birth: Option<Birth> = birth.or_else(|| {
                    codice_fiscale.as_ref().map(|cf| {
                        let yy = cf.encoded().year as i32;
                        Birth::Year(if yy <= 30 { 2000 + yy } else { 1900 + yy })
                    })
                });
                let found = match code.as_deref().and_then(|c| on_record.by_code.get(c)) {
                    Some(w) => Ok(Some((*w, "codice_fiscale"))),
                    None => on_record
                        .by_name(&key, birth, code.is_some())
                        .map(|w| w.map(|w| (w, "nome"))),
                };
                let found = match found {
                    Ok(None) => match code.as_deref().and_then(|c| in_file.by_code.get(c)) {
                        Some(w) => Ok(Some((*w, ""))),
                        None => in_file
                            .by_name(&key, birth, code.is_some())
                            .map(|w| w.map(|w| (w, ""))),
                    },
                    other => other,
                };
                match found {
                    Err(()) => {
                        plan.problems.push(CellProblem {
                            line: row.line,
                            column: Column::Surname.header().into(),
                            value: format!("{surname} {name}"),
                            msg: Msg::SeveralPersons,
                        });
                        continue;
                    }
                    Ok(Some((Who::Known(id), by))) => {
                        if let Some(code) = &code {
                            on_record.claim(Who::Known(id), &key, code);
                        }
                        if matched.insert(id) {
                            plan.matches.push(PersonMatch {
                                line: row.line,
                                in_file: format!("{surname} {name}"),
                                person: id,
                                on_record: names
                                    .get(&id)
                                    .map(|p| p.display_name.clone())
                                    .unwrap_or_default(),
                                by: by.into(),
                            });
                        }
                        Who::Known(id)
                    }
                    Ok(Some((who, _))) => {
                        if let Some(code) = &code {
                            in_file.claim(who, &key, code);
                        }
                        who
                    }
                    Ok(None)
                        if code
                            .as_ref()
                            .is_some_and(|c| known.held_codes.contains_key(c)) =>
                    {
                        let person = code
                            .as_ref()
                            .and_then(|c| known.held_codes.get(c))
                            .copied()
                            .unwrap_or(PersonId(uuid::Uuid::nil()));
                        plan.problems.push(CellProblem {
                            line: row.line,
                            column: Column::CodiceFiscale.header().into(),
                            value: code.clone().unwrap_or_default(),
                            msg: Msg::CfTakenDeleted { person },
                        });
                        continue;
                    }
                    Ok(None) => {
                        plan.new_persons.push(row.person.new_person());
                        let who = Who::New(plan.new_persons.len() - 1);
                        in_file.add(who, code.as_deref(), key, birth);
                        who
                    }
                }
            }
        };
        let already = match who {
            Who::Known(id) => take(&mut contacts, &(id, row.date, row.start_time)),
            Who::New(_) | Who::RecordedAnonymous => false,
        };
        plan.rows.push(PlannedRow {
            row,
            who,
            already_recorded: already,
        });
    }
    plan
}

/// Takes one from the count of `key`; false when none is left.
fn take<K: std::hash::Hash + Eq>(counts: &mut HashMap<K, usize>, key: &K) -> bool {
    match counts.get_mut(key) {
        Some(n) if *n > 0 => {
            *n -= 1;
            true
        }
        _ => false,
    }
}
