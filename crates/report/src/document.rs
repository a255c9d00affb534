//! Any text document of the core ([`sportello_core::document::Document`]) as a PDF: the privacy
//! notice, the record of processing, a person's access export. Sections with a bold title,
//! wrapped paragraphs, bulleted items, "label: value" facts, tables whose cells wrap, and
//! lines left blank to fill in by hand.

use crate::layout::{DocMeta, Layout, Weight, GREY, INK, LIGHT, MARGIN, PAGE_W};
use sportello_core::document::{Block, Document};

/// The type sizes (points) and the line height (mm) of a document.
#[derive(Clone, Copy)]
struct Sizes {
    body: f32,
    small: f32,
    line: f32,
    title: f32,
}

/// Papers for the office.
const NORMAL: Sizes = Sizes {
    body: 10.0,
    small: 8.5,
    line: 4.6,
    title: 11.5,
};

/// Papers a citizen takes home (the scheda of a service): larger type.
const LARGE: Sizes = Sizes {
    body: 12.5,
    small: 11.0,
    line: 5.7,
    title: 14.0,
};
const RIGHT: f32 = PAGE_W - MARGIN;
const WIDTH: f32 = PAGE_W - 2.0 * MARGIN;

/// The PDF of `doc`; the same document gives the same bytes.
pub fn document_pdf(doc: &Document) -> Vec<u8> {
    let mut l = Layout::new(DocMeta {
        id: doc.id.clone(),
        date: doc.date,
        issuer: doc.issuer.clone(),
        title: doc.title.clone(),
        period: doc.subtitle.clone(),
        logo_sha256: None,
        logo_png: None,
    });
    let z = if doc.large_print { LARGE } else { NORMAL };
    for section in &doc.sections {
        // A section that opens with lines to sign keeps them on one page with its title.
        let blanks = section
            .blocks
            .iter()
            .take_while(|b| matches!(b, Block::Blank(_)))
            .count();
        l.keep(18.0 + 11.0 * blanks as f32);
        l.down(2.0);
        l.text(MARGIN, &section.title, z.title, Weight::Bold);
        l.down(2.0);
        l.rule(MARGIN, RIGHT, 0.4, GREY);
        l.down(5.0);
        for block in &section.blocks {
            match block {
                Block::Paragraph(text) => {
                    l.paragraph(text, z.body, Weight::Regular);
                    l.down(1.6);
                }
                Block::Items(items) => {
                    for item in items {
                        let lines = l.wrap(item, z.body, Weight::Regular, WIDTH - 6.0);
                        for (i, line) in lines.iter().enumerate() {
                            l.keep(z.line);
                            if i == 0 {
                                l.text(MARGIN + 1.0, "–", z.body, Weight::Regular);
                            }
                            l.text(MARGIN + 6.0, line, z.body, Weight::Regular);
                            l.down(z.line);
                        }
                        l.down(0.8);
                    }
                    l.down(1.0);
                }
                Block::Facts(facts) => {
                    for (label, value) in facts {
                        facts_line(&mut l, z, label, value);
                    }
                    l.down(1.6);
                }
                Block::Table { columns, rows } => table(&mut l, z, columns, rows),
                Block::Blank(label) => {
                    l.keep(14.0);
                    l.down(4.0);
                    l.text(MARGIN, label, z.body, Weight::Regular);
                    let start =
                        (MARGIN + l.width(label, z.body, Weight::Regular) + 3.0).min(RIGHT - 40.0);
                    let y = l.y - 0.8;
                    l.line(start, y, RIGHT, y, 0.5, INK);
                    l.down(7.0);
                }
            }
        }
        l.down(2.0);
    }
    l.finish()
}

/// A label in the left column and its value, wrapped, in the right one.
fn facts_line(l: &mut Layout, z: Sizes, label: &str, value: &str) {
    const LABEL_W: f32 = 52.0;
    let labels = l.wrap(label, z.body, Weight::Regular, LABEL_W - 3.0);
    let values = l.wrap(value, z.body, Weight::Bold, WIDTH - LABEL_W);
    let n = labels.len().max(values.len()).max(1);
    l.keep(n as f32 * z.line + 1.0);
    for i in 0..n {
        if let Some(text) = labels.get(i) {
            l.text(MARGIN, text, z.body, Weight::Regular);
        }
        if let Some(text) = values.get(i) {
            l.text(MARGIN + LABEL_W, text, z.body, Weight::Bold);
        }
        l.down(z.line);
    }
    l.down(0.9);
}

/// Columns of equal width; each row as tall as its longest cell; the header again on a new
/// page.
fn table(l: &mut Layout, z: Sizes, columns: &[String], rows: &[Vec<String>]) {
    if columns.is_empty() {
        return;
    }
    let col_w = WIDTH / columns.len() as f32;
    let header = |l: &mut Layout| {
        let heads: Vec<Vec<String>> = columns
            .iter()
            .map(|c| l.wrap(c, z.small, Weight::Bold, col_w - 2.0))
            .collect();
        let n = heads.iter().map(Vec::len).max().unwrap_or(1);
        l.keep(n as f32 * 3.8 + 10.0);
        l.fill(
            MARGIN,
            l.y - (n as f32 - 1.0) * 3.8 - 2.2,
            WIDTH,
            n as f32 * 3.8 + 3.0,
            LIGHT,
        );
        for i in 0..n {
            for (c, lines) in heads.iter().enumerate() {
                if let Some(text) = lines.get(i) {
                    l.text(MARGIN + 1.0 + c as f32 * col_w, text, z.small, Weight::Bold);
                }
            }
            l.down(3.8);
        }
        l.down(2.6);
    };
    header(l);
    for row in rows {
        let cells: Vec<Vec<String>> = row
            .iter()
            .map(|c| l.wrap(c, z.small, Weight::Regular, col_w - 2.0))
            .collect();
        let n = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
        if l.keep(n as f32 * 3.8 + 3.0) {
            header(l);
        }
        for i in 0..n {
            for (c, lines) in cells.iter().enumerate() {
                if let Some(text) = lines.get(i) {
                    l.text(
                        MARGIN + 1.0 + c as f32 * col_w,
                        text,
                        z.small,
                        Weight::Regular,
                    );
                }
            }
            l.down(3.8);
        }
        l.down(0.4);
        l.rule(MARGIN, RIGHT, 0.3, LIGHT);
        l.down(3.2);
    }
    l.down(1.6);
}
