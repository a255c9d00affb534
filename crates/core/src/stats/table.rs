//! The tables of a report as printed: rows and columns with their codes and Italian labels,
//! the unit they count, and the headline figures.

use serde::{Deserialize, Serialize};

/// A column or a row of a table: its code (for JSON) and its Italian label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Label {
    pub code: String,
    pub label: String,
}

pub(super) fn label(code: &str, text: &str) -> Label {
    Label {
        code: code.to_owned(),
        label: text.to_owned(),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row<C> {
    pub code: String,
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub label: String,
    pub cells: Vec<C>,
}

/// What a table counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Contacts,
    Persons,
    Referrals,
    Appointments,
    /// Cases (prese in carico): a period of a case, from its opening to its closing.
    Cases,
    /// Interventions activated for cases.
    Interventions,
}

impl Unit {
    /// Units of the casework tables, left out when the period has none.
    pub fn is_casework(self) -> bool {
        matches!(self, Unit::Cases | Unit::Interventions)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table<C> {
    pub code: String,
    #[serde(skip_serializing_if = "String::is_empty", default)]
    pub title: String,
    pub unit: Unit,
    /// A unit may fall in several rows: the rows may add up to more than the total.
    pub multi_response: bool,
    pub columns: Vec<Label>,
    pub rows: Vec<Row<C>>,
    pub total: Row<C>,
}

impl<C: Copy> Table<C> {
    pub(super) fn map<D>(&self, f: &impl Fn(C) -> D) -> Table<D> {
        let row = |r: &Row<C>| Row {
            code: r.code.clone(),
            label: r.label.clone(),
            cells: r.cells.iter().map(|&c| f(c)).collect(),
        };
        Table {
            code: self.code.clone(),
            title: self.title.clone(),
            unit: self.unit,
            multi_response: self.multi_response,
            columns: self.columns.clone(),
            rows: self.rows.iter().map(row).collect(),
            total: row(&self.total),
        }
    }
}

/// The headline counts, each also a cell of the grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Headline<C> {
    /// Contacts (a person on a day).
    pub contacts: C,
    /// Colloqui recorded (before merging the same person's same day).
    pub colloqui: C,
    pub persons: C,
    pub new_persons: C,
    pub known_persons: C,
    pub anonymous_contacts: C,
    pub referrals: C,
    pub appointments: C,
}
