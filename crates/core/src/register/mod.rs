//! The desk's register as a spreadsheet: the template (one row per colloquio, the columns of
//! [`Column`]), the mapping that reads another layout as the template, and the rows it gives.
//!
//! The archive reads a CSV or XLSX file into a [`Table`] of text cells and writes the template
//! back; everything between text and records lives here, without IO, so the import wizard in the
//! UI checks a row with the same rules as the import itself.

mod convert;
mod plan;
mod row;
#[cfg(test)]
mod tests;
mod values;

pub use convert::problem_report_header;
pub use plan::{plan, AnonymousKey, ImportPlan, Known, KnownPerson, PersonMatch, PlannedRow, Who};
pub use row::{parse_table, Lookups, ParsedTable, RegisterRow, RowPerson, RowReferral};
pub use values::{excel_serial_date, fold_value, parse_register_date, CategoryColumn};

use crate::messages::{Lang, Msg};
use crate::search::fold;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Several values in one cell are separated by this character.
pub const SEPARATOR: char = '|';

/// The template's columns, in the template's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    Date,
    Time,
    Duration,
    Surname,
    Name,
    CodiceFiscale,
    Birth,
    Gender,
    Citizenship,
    Residence,
    Anonymous,
    AgeBand,
    Channel,
    Requester,
    SentBy,
    Services,
    Areas,
    RequestType,
    Homeless,
    Outcome,
    UnmetNeed,
    ReferralService,
    ReferralOutcome,
    Summary,
    NextSteps,
}

impl Column {
    pub const ALL: &'static [Column] = &[
        Column::Date,
        Column::Time,
        Column::Duration,
        Column::Surname,
        Column::Name,
        Column::CodiceFiscale,
        Column::Birth,
        Column::Gender,
        Column::Citizenship,
        Column::Residence,
        Column::Anonymous,
        Column::AgeBand,
        Column::Channel,
        Column::Requester,
        Column::SentBy,
        Column::Services,
        Column::Areas,
        Column::RequestType,
        Column::Homeless,
        Column::Outcome,
        Column::UnmetNeed,
        Column::ReferralService,
        Column::ReferralOutcome,
        Column::Summary,
        Column::NextSteps,
    ];

    /// The template's header: also the code of the column in a mapping file.
    pub fn header(self) -> &'static str {
        match self {
            Column::Date => "data",
            Column::Time => "ora",
            Column::Duration => "durata_minuti",
            Column::Surname => "cognome",
            Column::Name => "nome",
            Column::CodiceFiscale => "codice_fiscale",
            Column::Birth => "nascita",
            Column::Gender => "genere",
            Column::Citizenship => "cittadinanza",
            Column::Residence => "comune_residenza",
            Column::Anonymous => "anonimo",
            Column::AgeBand => "fascia_eta",
            Column::Channel => "canale",
            Column::Requester => "richiesta_da",
            Column::SentBy => "inviato_da",
            Column::Services => "prestazioni",
            Column::Areas => "aree_bisogno",
            Column::RequestType => "tipo_richiesta",
            Column::Homeless => "senza_dimora",
            Column::Outcome => "esito",
            Column::UnmetNeed => "bisogno_non_soddisfatto",
            Column::ReferralService => "servizio_invio",
            Column::ReferralOutcome => "esito_invio",
            Column::Summary => "sintesi",
            Column::NextSteps => "prossimi_passi",
        }
    }

    pub fn from_header(code: &str) -> Option<Column> {
        Column::ALL.iter().copied().find(|c| c.header() == code)
    }

    /// What the column holds, for the wizard and the README.
    pub fn label(self, lang: Lang) -> &'static str {
        let (it, en) = match self {
            Column::Date => ("Data del colloquio", "Date of the contact"),
            Column::Time => ("Ora di inizio", "Start time"),
            Column::Duration => ("Durata (minuti o hh:mm)", "Duration (minutes or hh:mm)"),
            Column::Surname => ("Cognome", "Surname"),
            Column::Name => ("Nome", "Name"),
            Column::CodiceFiscale => ("Codice fiscale", "Codice fiscale"),
            Column::Birth => ("Data o anno di nascita", "Birth date or year"),
            Column::Gender => ("Genere", "Gender"),
            Column::Citizenship => ("Cittadinanza", "Citizenship"),
            Column::Residence => ("Comune di residenza", "Comune of residence"),
            Column::Anonymous => ("Accesso anonimo (sì/no)", "Anonymous contact (sì/no)"),
            Column::AgeBand => ("Fascia d'età (accessi anonimi)", "Age band (anonymous)"),
            Column::Channel => ("Canale", "Channel"),
            Column::Requester => ("Richiesta da", "Asked by"),
            Column::SentBy => ("Inviato da", "Sent by"),
            Column::Services => ("Prestazioni", "Services given"),
            Column::Areas => ("Aree di bisogno", "Areas of need"),
            Column::RequestType => ("Tipo di richiesta", "Type of request"),
            Column::Homeless => ("Senza dimora (sì/no)", "Homeless (sì/no)"),
            Column::Outcome => ("Esito del colloquio", "Outcome of the contact"),
            Column::UnmetNeed => ("Bisogno non soddisfatto", "Unmet need"),
            Column::ReferralService => ("Servizio d'invio", "Referral service"),
            Column::ReferralOutcome => ("Esito dell'invio", "Referral outcome"),
            Column::Summary => ("Sintesi", "Summary"),
            Column::NextSteps => ("Prossimi passi", "Next steps"),
        };
        match lang {
            Lang::It => it,
            Lang::En => en,
        }
    }

    /// Other headers registers use for this column (folded), for a first guess.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::Date => &[
                "data",
                "datacolloquio",
                "dataaccesso",
                "datadelcolloquio",
                "giorno",
                "date",
            ],
            Column::Time => &["ora", "orario", "orainizio", "time"],
            Column::Duration => &["durata", "durataminuti", "minuti", "duration"],
            Column::Surname => &["cognome", "surname"],
            Column::Name => &["nome", "name"],
            Column::CodiceFiscale => &["codicefiscale", "cf", "codfiscale", "codfisc"],
            Column::Birth => &[
                "nascita",
                "datanascita",
                "datadinascita",
                "annonascita",
                "annodinascita",
                "birth",
            ],
            Column::Gender => &["genere", "sesso", "gender", "sex"],
            Column::Citizenship => &["cittadinanza", "nazionalita", "citizenship"],
            Column::Residence => &["comuneresidenza", "residenza", "comunediresidenza"],
            Column::Anonymous => &["anonimo", "anonima", "accessoanonimo", "anonymous"],
            Column::AgeBand => &["fasciaeta", "fasciadieta", "eta"],
            Column::Channel => &["canale", "modalita", "channel"],
            Column::Requester => &["richiestada", "richiedente"],
            Column::SentBy => &["inviatoda", "canaledinvio", "inviante"],
            Column::Services => &["prestazioni", "prestazione", "servizierogati"],
            Column::Areas => &[
                "areebisogno",
                "aree",
                "area",
                "areadibisogno",
                "areedibisogno",
            ],
            Column::RequestType => &["tiporichiesta", "tipodirichiesta", "richiesta"],
            Column::Homeless => &["senzadimora"],
            Column::Outcome => &["esito", "esitocolloquio", "esitoaccesso"],
            Column::UnmetNeed => &["bisognononsoddisfatto", "bisognoinevaso"],
            Column::ReferralService => &["servizioinvio", "serviziodinvio", "inviatoa", "invio"],
            Column::ReferralOutcome => &["esitoinvio", "esitodellinvio"],
            Column::Summary => &["sintesi", "note", "descrizione", "summary"],
            Column::NextSteps => &["prossimipassi", "dafare", "nextsteps"],
        }
    }

    /// The column a header names, when it is one of the usual ones.
    pub fn guess(header: &str) -> Option<Column> {
        let h = fold(header);
        Column::ALL
            .iter()
            .copied()
            .find(|c| c.aliases().contains(&h.as_str()))
    }

    /// The category list the column's values come from, if it has one.
    pub fn category(self) -> Option<CategoryColumn> {
        CategoryColumn::of(self)
    }
}

/// A file read as text: its header row and its data rows (cells trimmed of nothing: the parser
/// trims). `first_line` is the file line of the first data row, for the error report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub first_line: usize,
}

/// How another layout reads as the template: which column of the file is which (by its header,
/// `None` to ignore it), and which free-text values mean which category code (per template
/// column, by the folded value). The wizard saves it as JSON and the CLI reads it back.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    #[serde(default)]
    pub columns: BTreeMap<String, Option<Column>>,
    #[serde(default)]
    pub values: BTreeMap<Column, BTreeMap<String, String>>,
}

impl Mapping {
    /// The template column of each of the file's columns: as the mapping says, else guessed
    /// from the header.
    pub fn resolve(&self, headers: &[String]) -> Vec<Option<Column>> {
        headers
            .iter()
            .map(|h| match self.columns.get(h.trim()) {
                Some(chosen) => *chosen,
                None => Column::guess(h),
            })
            .collect()
    }

    /// The code mapped to `value` in `column`, if she chose one.
    pub fn value(&self, column: Column, value: &str) -> Option<&str> {
        self.values
            .get(&column)
            .and_then(|m| m.get(&fold_value(value)))
            .map(String::as_str)
    }

    /// Adds what `other` says to this mapping (the wizard remembers mappings for the next file).
    pub fn remember(&mut self, other: &Mapping) {
        for (h, c) in &other.columns {
            self.columns.insert(h.clone(), *c);
        }
        for (c, m) in &other.values {
            self.values
                .entry(*c)
                .or_default()
                .extend(m.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
    }
}

/// A problem of the file, by row and column, as the error report shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellProblem {
    /// The file line (1 is the header); 0 for a problem of the whole file.
    pub line: usize,
    /// The file's header of the column.
    pub column: String,
    pub value: String,
    pub msg: Msg,
}

impl CellProblem {
    /// `riga 7, colonna «data», valore «31/02/2024»: Data non valida…`
    pub fn text(&self, lang: Lang) -> String {
        let msg = self.msg.text(lang);
        match (lang, self.line) {
            (Lang::It, 0) => format!("colonna «{}»: {msg}", self.column),
            (Lang::En, 0) => format!("column “{}”: {msg}", self.column),
            (Lang::It, line) => format!(
                "riga {line}, colonna «{}», valore «{}»: {msg}",
                self.column, self.value
            ),
            (Lang::En, line) => format!(
                "row {line}, column “{}”, value “{}”: {msg}",
                self.column, self.value
            ),
        }
    }
}

/// What an import of a file would do, shown before she confirms: the file's columns as read,
/// its first rows, every problem, the values to map, the persons matched, and the counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub file_name: String,
    pub file_sha256: String,
    /// When the same file was imported already (dd/mm/yyyy): it is refused.
    pub already_imported_on: Option<String>,
    pub headers: Vec<String>,
    /// The template column each of the file's columns is read as.
    pub columns: Vec<Option<Column>>,
    /// The first rows as the file has them.
    pub sample: Vec<Vec<String>>,
    pub data_rows: usize,
    pub problems: Vec<CellProblem>,
    /// Lines with at least one problem.
    pub error_rows: usize,
    /// Per column, the values to map (referral services not in the catalogue among them).
    pub unknown: BTreeMap<Column, Vec<String>>,
    pub matches: Vec<PersonMatch>,
    pub new_persons: usize,
    pub new_anonymous: usize,
    pub new_contacts: usize,
    /// Colloqui already on record: matched, not written again.
    pub recorded_contacts: usize,
    pub new_referrals: usize,
    /// Rows without services or areas (recorded as listening, multiple groups).
    pub lacking_categories: usize,
    /// Whether the import also books each colloquio's time.
    pub with_time: bool,
}

/// What an import wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportOutcome {
    pub batch: String,
    /// New named persons.
    pub persons: usize,
    /// New anonymous contacts (each a record of its own).
    pub anonymous: usize,
    pub contacts: usize,
    pub referrals: usize,
    pub time_entries: usize,
    /// Colloqui already on record, not written again.
    pub recorded_contacts: usize,
    /// Lines in error left out (only when she chose to skip them).
    pub skipped_rows: usize,
}

/// An import on record, for the list from which one is undone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRecord {
    pub id: String,
    pub file_name: String,
    pub file_sha256: String,
    pub data_rows: usize,
    pub contacts: usize,
    /// Person records created, anonymous contacts included.
    pub persons: usize,
    pub skipped_rows: usize,
    pub with_time: bool,
    /// RFC 3339.
    pub created_at: String,
    pub undone_at: Option<String>,
}

/// The wizard's choices, sent with each preview and with the import.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRequest {
    pub mapping: Mapping,
    #[serde(default)]
    pub skip_errors: bool,
    #[serde(default)]
    pub with_time: bool,
}

/// A file chosen in the wizard: its name, and the mapping remembered from earlier imports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportChosen {
    pub file_name: String,
    pub mapping: Mapping,
}

/// An export she asks for: `registro` or `ore`, as `csv` or `xlsx`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportRequest {
    pub kind: String,
    pub format: String,
}

/// The template's header row.
pub fn template_headers() -> Vec<String> {
    Column::ALL.iter().map(|c| c.header().to_string()).collect()
}
