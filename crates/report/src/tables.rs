//! The activity report's tables for the comune's spreadsheets, as CSV (semicolons and a BOM,
//! as Italian spreadsheets expect) and as XLSX: the same tables and the same suppression as the
//! PDF, never a name, a code or a note. Bytes out, the date an input.

use chrono::Datelike;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};
use sportello_core::stats::{ActivityReport, Printed};

/// One line per cell: table, title, row code and label, column code and label, value as
/// printed (a number, "< 3" or "riservato").
pub fn activity_csv(report: &ActivityReport) -> Vec<u8> {
    let f = &report.figures;
    let mut out = Vec::from("\u{feff}".as_bytes());
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(&mut out);
    let header = [
        "tabella",
        "titolo",
        "voce_codice",
        "voce",
        "colonna_codice",
        "colonna",
        "valore",
    ];
    // Writing to a Vec cannot fail.
    let _ = w.write_record(header);
    for table in &f.tables {
        for row in table.rows.iter().chain([&table.total]) {
            for (column, cell) in table.columns.iter().zip(&row.cells) {
                let _ = w.write_record([
                    table.code.as_str(),
                    table.title.as_str(),
                    row.code.as_str(),
                    row.label.as_str(),
                    column.code.as_str(),
                    column.label.as_str(),
                    &cell.text(f.threshold),
                ]);
            }
        }
    }
    let _ = w.flush();
    drop(w);
    out
}

/// One sheet: the report's heading, then each table with its header, rows and total.
pub fn activity_xlsx(report: &ActivityReport) -> Result<Vec<u8>, XlsxError> {
    let f = &report.figures;
    let d = report.document.date;
    let mut book = Workbook::new();
    book.set_properties(
        &DocProperties::new()
            .set_title(&report.document.title)
            .set_creation_datetime(&ExcelDateTime::from_ymd(
                u16::try_from(d.year()).unwrap_or(2000),
                d.month() as u8,
                d.day() as u8,
            )?),
    );
    let bold = Format::new().set_bold();
    let sheet = book.add_worksheet();
    sheet.set_name("Tabelle")?;
    sheet.set_column_width(0, 60)?;
    let mut r: u32 = 0;
    sheet.write_string_with_format(r, 0, &report.document.issuer, &bold)?;
    r += 1;
    sheet.write_string(
        r,
        0,
        format!("{} — {}", report.document.title, report.document.period),
    )?;
    r += 1;
    sheet.write_string(
        r,
        0,
        format!(
            "Report {}. Valori da 1 a {} indicati «< {}»; «riservato»: nascosto per non rivelare altri valori.",
            report.document.id,
            f.threshold - 1,
            f.threshold
        ),
    )?;
    r += 2;
    for table in &f.tables {
        sheet.write_string_with_format(r, 0, &table.title, &bold)?;
        r += 1;
        sheet.write_string_with_format(r, 0, "Voce", &bold)?;
        for (j, c) in table.columns.iter().enumerate() {
            sheet.write_string_with_format(r, 1 + j as u16, &c.label, &bold)?;
        }
        r += 1;
        for row in table.rows.iter().chain([&table.total]) {
            sheet.write_string(r, 0, &row.label)?;
            for (j, cell) in row.cells.iter().enumerate() {
                let col = 1 + j as u16;
                match cell {
                    Printed::Value(v) => {
                        sheet.write_number(r, col, *v as f64)?;
                    }
                    hidden => {
                        sheet.write_string(r, col, hidden.text(f.threshold))?;
                    }
                }
            }
            r += 1;
        }
        r += 1;
    }
    book.save_to_buffer()
}
