//! One register row, read from the file's cells through a mapping, with every problem by line
//! and column (`convert.rs` turns it into records and back into cells).

use super::values::{
    parse_register_date, parse_register_duration, parse_register_time, parse_yes_no,
};
use super::{CategoryColumn, CellProblem, Column, Mapping, Table, SEPARATOR};
use crate::category::{
    AgeBand, Area, Channel, Citizenship, ContactOutcome, Gender, ReferralOutcome, RequestType,
    Requester, SentBy, ServiceGiven,
};
use crate::codice_fiscale::CodiceFiscale;
use crate::comuni::Comuni;
use crate::ids::ServiceId;
use crate::messages::Msg;
use crate::model::{optional_text, Birth};
use crate::search::fold;
use crate::units::Minutes;
use chrono::{Datelike, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Who a row is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RowPerson {
    Named {
        surname: String,
        name: String,
        codice_fiscale: Option<CodiceFiscale>,
        birth: Option<Birth>,
        gender: Option<Gender>,
        citizenship: Option<Citizenship>,
        /// Belfiore code.
        residence: Option<String>,
    },
    Anonymous {
        gender: Option<Gender>,
        age_band: AgeBand,
        citizenship: Option<Citizenship>,
    },
}

/// A referral of the row, to a service of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowReferral {
    pub service: ServiceId,
    pub outcome: Option<ReferralOutcome>,
}

/// A row of the register: one colloquio, its person, its referrals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterRow {
    /// The file line it came from (0 for a row made from the archive).
    pub line: usize,
    pub date: NaiveDate,
    pub start_time: Option<NaiveTime>,
    pub duration: Minutes,
    pub person: RowPerson,
    pub channel: Channel,
    pub requester: Option<Requester>,
    pub sent_by: Option<SentBy>,
    pub services: Vec<ServiceGiven>,
    pub areas: Vec<Area>,
    pub request_type: Option<RequestType>,
    pub homeless: bool,
    pub outcome: Option<ContactOutcome>,
    pub unmet_need: String,
    pub referrals: Vec<RowReferral>,
    pub summary: String,
    pub next_steps: String,
}

/// What a row is checked against: the comuni, the catalogue, today, and the oldest date the
/// retention period keeps (with its years, for the message).
pub struct Lookups<'a> {
    pub comuni: &'a Comuni,
    /// Every service of the catalogue (archived ones too: old referrals went to them).
    pub services: &'a [(ServiceId, String)],
    pub today: NaiveDate,
    pub oldest: Option<(NaiveDate, u32)>,
}

/// A file read through a mapping.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParsedTable {
    /// The template column of each of the file's columns.
    pub columns: Vec<Option<Column>>,
    /// The rows without problems.
    pub rows: Vec<RegisterRow>,
    /// Every problem, by line and column; line 0 for the file's own.
    pub problems: Vec<CellProblem>,
    /// Per column, the values not recognised (to map in the wizard), referral services
    /// missing from the catalogue among them.
    pub unknown: BTreeMap<Column, BTreeSet<String>>,
    /// Lines with data (blank lines are not rows).
    pub data_lines: usize,
}

impl ParsedTable {
    /// The lines with at least one problem.
    pub fn error_lines(&self) -> BTreeSet<usize> {
        self.problems
            .iter()
            .filter(|p| p.line > 0)
            .map(|p| p.line)
            .collect()
    }

    /// Whether the file as a whole can be read (the needed columns are there, once each).
    pub fn file_problems(&self) -> impl Iterator<Item = &CellProblem> {
        self.problems.iter().filter(|p| p.line == 0)
    }
}

/// Reads every row of `table` as the template, through `mapping`.
pub fn parse_table(table: &Table, mapping: &Mapping, lookups: &Lookups) -> ParsedTable {
    let columns = mapping.resolve(&table.headers);
    let mut out = ParsedTable {
        columns: columns.clone(),
        ..ParsedTable::default()
    };
    let mut seen: BTreeMap<Column, usize> = BTreeMap::new();
    for (i, c) in columns.iter().enumerate() {
        if let Some(c) = c {
            if seen.insert(*c, i).is_some() {
                out.problems.push(file_problem(
                    table,
                    i,
                    Msg::ColumnTwice {
                        column: c.header().into(),
                    },
                ));
            }
        }
    }
    for needed in [Column::Date, Column::Duration] {
        if !seen.contains_key(&needed) {
            out.problems.push(CellProblem {
                line: 0,
                column: needed.header().into(),
                value: String::new(),
                msg: Msg::ColumnMissing {
                    column: needed.header().into(),
                },
            });
        }
    }
    let has_names = seen.contains_key(&Column::Surname) && seen.contains_key(&Column::Name);
    if !has_names && !seen.contains_key(&Column::Anonymous) {
        out.problems.push(CellProblem {
            line: 0,
            column: Column::Surname.header().into(),
            value: String::new(),
            msg: Msg::ColumnMissing {
                column: format!(
                    "{} e {}, oppure {}",
                    Column::Surname.header(),
                    Column::Name.header(),
                    Column::Anonymous.header()
                ),
            },
        });
    }
    if out.problems.iter().any(|p| p.line == 0) {
        return out;
    }
    for (n, cells) in table.rows.iter().enumerate() {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        out.data_lines += 1;
        let mut reader = RowReader {
            line: table.first_line + n,
            table,
            cells,
            columns: &seen,
            mapping,
            problems: Vec::new(),
            unknown: &mut out.unknown,
        };
        let row = reader.row(lookups);
        out.problems.append(&mut reader.problems);
        if let Some(row) = row {
            out.rows.push(row);
        }
    }
    out
}

fn file_problem(table: &Table, index: usize, msg: Msg) -> CellProblem {
    CellProblem {
        line: 0,
        column: table.headers.get(index).cloned().unwrap_or_default(),
        value: String::new(),
        msg,
    }
}

struct RowReader<'a> {
    line: usize,
    table: &'a Table,
    cells: &'a [String],
    columns: &'a BTreeMap<Column, usize>,
    mapping: &'a Mapping,
    problems: Vec<CellProblem>,
    unknown: &'a mut BTreeMap<Column, BTreeSet<String>>,
}

impl RowReader<'_> {
    fn text(&self, column: Column) -> &str {
        self.columns
            .get(&column)
            .and_then(|&i| self.cells.get(i))
            .map_or("", |s| s.trim())
    }

    fn problem(&mut self, column: Column, msg: Msg) {
        let header = self
            .columns
            .get(&column)
            .and_then(|&i| self.table.headers.get(i))
            .cloned()
            .unwrap_or_else(|| column.header().to_string());
        self.problems.push(CellProblem {
            line: self.line,
            column: header,
            value: self.text(column).to_string(),
            msg,
        });
    }

    fn check<T>(&mut self, column: Column, r: Result<T, Msg>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(msg) => {
                self.problem(column, msg);
                None
            }
        }
    }

    /// A value the wizard lists for her to map.
    fn note_unknown(&mut self, column: Column, value: &str) {
        self.unknown
            .entry(column)
            .or_default()
            .insert(value.to_string());
    }

    /// The code `part` stands for in `column`: mapped by her, else recognised; else noted as
    /// a value to map.
    fn category_code(
        &mut self,
        column: Column,
        category: CategoryColumn,
        part: &str,
    ) -> Option<&'static str> {
        let mapped = self.mapping.value(column, part).and_then(|code| {
            category
                .options()
                .into_iter()
                .map(|(c, _, _)| c)
                .find(|c| *c == code)
        });
        let code = mapped.or_else(|| category.recognise(part));
        if code.is_none() {
            self.note_unknown(column, part);
        }
        code
    }

    /// The codes of a category cell (several separated by `|`): each recognised, or mapped.
    fn codes(&mut self, column: Column) -> Option<Vec<&'static str>> {
        let category = column.category()?;
        let text = self.text(column).to_string();
        let mut codes = Vec::new();
        let mut ok = true;
        for part in text
            .split(SEPARATOR)
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            match self.category_code(column, category, part) {
                Some(code) => codes.push(code),
                None => ok = false,
            }
        }
        if ok {
            Some(codes)
        } else {
            self.problem(column, Msg::UnknownValue);
            None
        }
    }

    fn one<T>(&mut self, column: Column, from: fn(&str) -> Option<T>) -> Option<Option<T>> {
        let codes = self.codes(column)?;
        match codes.as_slice() {
            [] => Some(None),
            [one] => from(one).map(Some),
            _ => {
                self.problem(column, Msg::UnknownChoice);
                None
            }
        }
    }

    fn many<T: Ord>(&mut self, column: Column, from: fn(&str) -> Option<T>) -> Option<Vec<T>> {
        let mut out: Vec<T> = self.codes(column)?.into_iter().filter_map(from).collect();
        out.sort();
        out.dedup();
        Some(out)
    }

    fn yes_no(&mut self, column: Column) -> Option<bool> {
        let text = self.text(column).to_string();
        if let Some(code) = self.mapping.value(column, &text) {
            return Some(code == "si");
        }
        let r = parse_yes_no(&text);
        self.check(column, r)
    }

    fn free_text(&mut self, column: Column, max: usize) -> Option<String> {
        let r = optional_text(self.text(column), max);
        self.check(column, r)
    }

    fn row(&mut self, lookups: &Lookups) -> Option<RegisterRow> {
        let date_time = {
            let r =
                parse_register_date(self.text(Column::Date), lookups.today).and_then(|(d, t)| {
                    match lookups.oldest {
                        _ if d > lookups.today => Err(Msg::DateInFuture),
                        Some((oldest, years)) if d < oldest => Err(Msg::BeyondRetention { years }),
                        _ => Ok((d, t)),
                    }
                });
            self.check(Column::Date, r)
        };
        let start_time = if self.text(Column::Time).is_empty() {
            Some(date_time.and_then(|(_, t)| t))
        } else {
            let r = parse_register_time(self.text(Column::Time));
            self.check(Column::Time, r).map(Some)
        };
        let duration = {
            let r = parse_register_duration(self.text(Column::Duration));
            self.check(Column::Duration, r)
        };
        let person = self.person(lookups);
        let channel = self.one(Column::Channel, Channel::from_code);
        let requester = self.one(Column::Requester, Requester::from_code);
        let sent_by = self.one(Column::SentBy, SentBy::from_code);
        let services = self.many(Column::Services, ServiceGiven::from_code);
        let areas = self.many(Column::Areas, Area::from_code);
        let request_type = self.one(Column::RequestType, RequestType::from_code);
        let homeless = self.yes_no(Column::Homeless);
        let outcome = self.one(Column::Outcome, ContactOutcome::from_code);
        let unmet_need = self.free_text(Column::UnmetNeed, 500);
        let referrals = self.referrals(lookups);
        let summary = self.free_text(Column::Summary, 5000);
        let next_steps = self.free_text(Column::NextSteps, 2000);
        if let (Some(true), Some(areas)) = (homeless, &areas) {
            if !areas.contains(&Area::Poverty) {
                self.problem(Column::Homeless, Msg::HomelessNeedsPoverty);
            }
        }
        if !self.problems.is_empty() {
            return None;
        }
        Some(RegisterRow {
            line: self.line,
            date: date_time?.0,
            start_time: start_time?,
            duration: duration?,
            person: person?,
            channel: channel?.unwrap_or(Channel::Desk),
            requester: requester?,
            sent_by: sent_by?,
            services: services?,
            areas: areas?,
            request_type: request_type?,
            homeless: homeless?,
            outcome: outcome?,
            unmet_need: unmet_need?,
            referrals: referrals?,
            summary: summary?,
            next_steps: next_steps?,
        })
    }

    fn person(&mut self, lookups: &Lookups) -> Option<RowPerson> {
        let anonymous = if self.columns.contains_key(&Column::Anonymous) {
            self.yes_no(Column::Anonymous)?
        } else {
            false
        };
        let gender = self.one(Column::Gender, Gender::from_code);
        let citizenship = self.one(Column::Citizenship, Citizenship::from_code);
        let (surname, name) = (
            self.text(Column::Surname).to_string(),
            self.text(Column::Name).to_string(),
        );
        let cf_text = self.text(Column::CodiceFiscale).to_string();
        if anonymous {
            if !surname.is_empty() || !name.is_empty() || !cf_text.is_empty() {
                self.problem(Column::Anonymous, Msg::AnonymousWithName);
                return None;
            }
            let age_band = self.one(Column::AgeBand, AgeBand::from_code)?;
            return Some(RowPerson::Anonymous {
                gender: gender?,
                age_band: age_band.unwrap_or(AgeBand::Unknown),
                citizenship: citizenship?,
            });
        }
        if surname.is_empty() || name.is_empty() {
            let column = if surname.is_empty() {
                Column::Surname
            } else {
                Column::Name
            };
            self.problem(column, Msg::PersonOrAnonymous);
            return None;
        }
        let surname = self.free_text(Column::Surname, 100)?;
        let name = self.free_text(Column::Name, 100)?;
        let codice_fiscale = if cf_text.is_empty() {
            Some(None)
        } else {
            let r = CodiceFiscale::parse(&cf_text).map(Some);
            self.check(Column::CodiceFiscale, r)
        };
        let birth = self.birth(lookups.today);
        let residence = {
            let r = lookups
                .comuni
                .find_named(self.text(Column::Residence))
                .map(|c| c.map(|c| c.code.clone()));
            self.check(Column::Residence, r)
        };
        Some(RowPerson::Named {
            surname,
            name,
            codice_fiscale: codice_fiscale?,
            birth: birth?,
            gender: gender?,
            citizenship: citizenship?,
            residence: residence?,
        })
    }

    fn birth(&mut self, today: NaiveDate) -> Option<Option<Birth>> {
        let text = self.text(Column::Birth).to_string();
        if text.is_empty() {
            return Some(None);
        }
        let r = if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) {
            text.parse::<i32>()
                .ok()
                .filter(|y| (1900..=today.year()).contains(y))
                .map(Birth::Year)
                .ok_or(Msg::BirthFormat)
        } else {
            parse_register_date(&text, today)
                .map_err(|_| Msg::BirthFormat)
                .and_then(|(d, _)| {
                    if d > today {
                        Err(Msg::DateInFuture)
                    } else {
                        Ok(Birth::Date(d))
                    }
                })
        };
        self.check(Column::Birth, r).map(Some)
    }

    fn referrals(&mut self, lookups: &Lookups) -> Option<Vec<RowReferral>> {
        let names: Vec<String> = split(self.text(Column::ReferralService));
        let mut services = Vec::new();
        let mut missing = false;
        for n in &names {
            let mapped = self
                .mapping
                .value(Column::ReferralService, n)
                .map(str::to_string);
            let wanted = mapped.as_deref().unwrap_or(n);
            let found = lookups
                .services
                .iter()
                .find(|(id, name)| id.to_string() == wanted || fold(name) == fold(wanted))
                .map(|(id, _)| *id);
            match found {
                Some(id) => services.push(id),
                None => {
                    self.note_unknown(Column::ReferralService, n);
                    missing = true;
                }
            }
        }
        if missing {
            self.problem(Column::ReferralService, Msg::ServiceNotInCatalogue);
        }
        let outcome_texts = split(self.text(Column::ReferralOutcome));
        if outcome_texts.len() > names.len() {
            self.problem(Column::ReferralOutcome, Msg::MoreOutcomesThanServices);
            return None;
        }
        let mut outcomes: Vec<Option<ReferralOutcome>> = Vec::new();
        let mut unknown = false;
        for t in &outcome_texts {
            // `-` holds the place of a referral without an outcome.
            if fold(t).is_empty() {
                outcomes.push(None);
                continue;
            }
            match self
                .category_code(Column::ReferralOutcome, CategoryColumn::ReferralOutcome, t)
                .and_then(ReferralOutcome::from_code)
            {
                Some(o) => outcomes.push(Some(o)),
                None => unknown = true,
            }
        }
        if unknown {
            self.problem(Column::ReferralOutcome, Msg::UnknownValue);
        }
        if missing || unknown {
            return None;
        }
        Some(
            services
                .into_iter()
                .enumerate()
                .map(|(i, service)| RowReferral {
                    service,
                    outcome: outcomes.get(i).copied().flatten(),
                })
                .collect(),
        )
    }
}

fn split(text: &str) -> Vec<String> {
    text.split(SEPARATOR)
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(String::from)
        .collect()
}
