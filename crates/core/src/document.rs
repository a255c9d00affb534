//! A printable text document: titled sections of paragraphs, "label: value" facts, tables and
//! lines to fill in by hand. The core builds the privacy notice, the record of processing and a
//! person's access export as documents; `sportello-report` renders any of them as a PDF, so
//! their wording lives here, testable without a PDF.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Printed in every page's footer with "pagina n di m" (`INF-2026-1`).
    pub id: String,
    pub title: String,
    /// Under the title: what or whom it concerns (never a person's name on aggregated papers).
    pub subtitle: String,
    /// Who issues it, in the header (the comune, or the desk).
    pub issuer: String,
    /// The date it bears: an input, so the same document gives the same bytes.
    pub date: NaiveDate,
    pub sections: Vec<Section>,
    /// Printed in large type, for a citizen to read (the scheda of a service).
    #[serde(default)]
    pub large_print: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub title: String,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    Paragraph(String),
    /// A bulleted list.
    Items(Vec<String>),
    /// "label: value" lines.
    Facts(Vec<(String, String)>),
    /// A table with a header row; every row has as many cells as there are columns.
    Table {
        columns: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    /// A labelled line left blank to fill in by hand (a signature, a date, what to adapt).
    Blank(String),
}

impl Section {
    pub fn new(title: impl Into<String>) -> Section {
        Section {
            title: title.into(),
            blocks: Vec::new(),
        }
    }

    pub fn paragraph(mut self, text: impl Into<String>) -> Section {
        self.blocks.push(Block::Paragraph(text.into()));
        self
    }

    pub fn items<S: Into<String>>(mut self, items: impl IntoIterator<Item = S>) -> Section {
        self.blocks
            .push(Block::Items(items.into_iter().map(Into::into).collect()));
        self
    }

    pub fn facts<L: Into<String>, V: Into<String>>(
        mut self,
        facts: impl IntoIterator<Item = (L, V)>,
    ) -> Section {
        self.blocks.push(Block::Facts(
            facts
                .into_iter()
                .map(|(l, v)| (l.into(), v.into()))
                .collect(),
        ));
        self
    }

    pub fn table(mut self, columns: &[&str], rows: Vec<Vec<String>>) -> Section {
        self.blocks.push(Block::Table {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows,
        });
        self
    }

    pub fn blank(mut self, label: impl Into<String>) -> Section {
        self.blocks.push(Block::Blank(label.into()));
        self
    }
}

impl Document {
    /// Every text of the document, in order (for tests and for the plain-text view).
    pub fn plain_text(&self) -> String {
        let mut out = format!("{}\n{}\n", self.title, self.subtitle);
        for s in &self.sections {
            out.push_str(&format!("\n{}\n", s.title));
            for b in &s.blocks {
                match b {
                    Block::Paragraph(p) => out.push_str(&format!("{p}\n")),
                    Block::Items(items) => {
                        for i in items {
                            out.push_str(&format!("- {i}\n"));
                        }
                    }
                    Block::Facts(facts) => {
                        for (l, v) in facts {
                            out.push_str(&format!("{l}: {v}\n"));
                        }
                    }
                    Block::Table { columns, rows } => {
                        out.push_str(&columns.join(" | "));
                        out.push('\n');
                        for r in rows {
                            out.push_str(&r.join(" | "));
                            out.push('\n');
                        }
                    }
                    Block::Blank(label) => out.push_str(&format!("{label}: ____________\n")),
                }
            }
        }
        out
    }
}
