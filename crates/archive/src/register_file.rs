//! Register files: a CSV or XLSX file read into a [`Table`] of text cells, and the template
//! written back as CSV or XLSX. No rule lives here: the core reads the cells.
//!
//! CSV as Italian spreadsheets write it: `;` (a `,` or a tab is recognised too), UTF-8 with or
//! without BOM, or Windows-1252 when the bytes are not UTF-8 (what Excel writes on Windows).
//! XLSX: the first sheet; numbers as Excel stores them, dates as serial numbers (the core
//! reads both a date typed as text and a serial).

use crate::error::{ArchiveError, Result};
use calamine::{DataRef, Reader, Xlsx};
use chrono::Datelike;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use sportello_core::register::{problem_report_header, CellProblem, Table};
use sportello_core::Lang;
use std::collections::BTreeMap;
use std::io::Cursor;

/// The largest file read: a register of a small desk is a few megabytes.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;

/// The two formats, from the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Csv,
    Xlsx,
}

impl FileFormat {
    /// `.csv` or `.xlsx` (any case); anything else is refused with the reason.
    pub fn of(name: &str) -> Result<FileFormat> {
        let lower = name.to_lowercase();
        if lower.ends_with(".csv") {
            Ok(FileFormat::Csv)
        } else if lower.ends_with(".xlsx") {
            Ok(FileFormat::Xlsx)
        } else {
            Err(ArchiveError::Rejected(format!(
                "Il file «{name}» non è né CSV né XLSX: salvarlo da Excel come «CSV (delimitato da punto e virgola)» oppure come «Cartella di lavoro di Excel (.xlsx)»."
            )))
        }
    }
}

/// Reads a register file into text cells: header row first.
pub fn read_table(bytes: &[u8], format: FileFormat) -> Result<Table> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ArchiveError::Rejected(format!(
            "Il file è troppo grande ({} MB): al massimo {} MB.",
            bytes.len() / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    let table = match format {
        FileFormat::Csv => read_csv(bytes)?,
        FileFormat::Xlsx => read_xlsx(bytes)?,
    };
    if table.headers.iter().all(|h| h.trim().is_empty()) {
        return Err(ArchiveError::Rejected(
            "Il file è vuoto: la prima riga deve contenere i nomi delle colonne.".into(),
        ));
    }
    Ok(table)
}

/// The text of a CSV file: UTF-8 (its BOM removed), else Windows-1252.
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// The separator of the header line: `;` unless the line holds more `,` or tabs.
fn delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let count = |c: char| first.matches(c).count();
    let (semi, comma, tab) = (count(';'), count(','), count('\t'));
    if tab > semi && tab > comma {
        b'\t'
    } else if comma > semi {
        b','
    } else {
        b';'
    }
}

fn read_csv(bytes: &[u8]) -> Result<Table> {
    let text = decode(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(&text))
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            ArchiveError::Rejected(format!(
                "Il file CSV non si legge alla riga {}: {e}. Salvarlo di nuovo da Excel come «CSV (delimitato da punto e virgola)».",
                n + 1
            ))
        })?;
        records.push(record.iter().map(str::to_string).collect::<Vec<_>>());
    }
    let mut rows = records.into_iter();
    let headers = rows.next().unwrap_or_default();
    Ok(Table {
        headers,
        rows: rows.collect(),
        first_line: 2,
    })
}

/// The largest sheet read: a register has a few dozen columns and, over a desk's life, some
/// hundred thousand rows. Checked cell by cell, before anything is allocated for the sheet.
const MAX_ROWS: u32 = 500_000;
const MAX_COLUMNS: u32 = 200;
const MAX_CELLS: usize = 20_000_000;

/// A cell as text: numbers as Excel stores them, a date as `gg/mm/aaaa` (with the time when it
/// has one; the workbook's 1900 or 1904 date system applied), a time of day or a duration as
/// its fraction of a day, `sì`/`no` for a boolean.
fn cell_text(cell: &DataRef) -> String {
    match cell {
        DataRef::Empty => String::new(),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => s.to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number_text(*f),
        DataRef::Bool(b) => if *b { "sì" } else { "no" }.into(),
        DataRef::DateTime(d) if d.as_f64() >= 1.0 && !d.is_duration() => match d.as_datetime() {
            Some(t) if t.time() == chrono::NaiveTime::MIN => t.format("%d/%m/%Y").to_string(),
            Some(t) => t.format("%d/%m/%Y %H:%M").to_string(),
            None => number_text(d.as_f64()),
        },
        DataRef::DateTime(d) => number_text(d.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => format!("#{e:?}"),
    }
}

fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

fn read_xlsx(bytes: &[u8]) -> Result<Table> {
    let unreadable = |e: &dyn std::fmt::Display| {
        ArchiveError::Rejected(format!(
            "Il file XLSX non si legge ({e}): aprirlo in Excel e salvarlo di nuovo come «Cartella di lavoro di Excel (.xlsx)»."
        ))
    };
    let too_big = || {
        ArchiveError::Rejected(format!(
            "Il foglio è troppo grande: al massimo {MAX_ROWS} righe e {MAX_COLUMNS} colonne. Salvare il registro da importare in un file a sé."
        ))
    };
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let Some(name) = book.sheet_names().first().cloned() else {
        return Err(ArchiveError::Rejected(
            "Il file XLSX non contiene fogli.".into(),
        ));
    };
    let mut reader = book
        .worksheet_cells_reader(&name)
        .map_err(|e| unreadable(&e))?;
    // Sparse, as the sheet is: a cell far away costs its own text, not the rectangle up to it.
    let mut used: BTreeMap<u32, Vec<(u32, String)>> = BTreeMap::new();
    let mut count = 0usize;
    while let Some(cell) = reader.next_cell().map_err(|e| unreadable(&e))? {
        let (row, column) = cell.get_position();
        if row >= MAX_ROWS || column >= MAX_COLUMNS {
            return Err(too_big());
        }
        let text = cell_text(cell.get_value());
        if text.is_empty() {
            continue;
        }
        count += 1;
        if count > MAX_CELLS {
            return Err(too_big());
        }
        used.entry(row).or_default().push((column, text));
    }
    let first_row = used.keys().next().copied().unwrap_or(0);
    let last_row = used.keys().next_back().copied().unwrap_or(0);
    let first_column = used
        .values()
        .flat_map(|cells| cells.iter().map(|(c, _)| *c))
        .min()
        .unwrap_or(0);
    let line = |row: u32| -> Vec<String> {
        let Some(cells) = used.get(&row) else {
            return Vec::new();
        };
        let width = cells
            .iter()
            .map(|(c, _)| c - first_column + 1)
            .max()
            .unwrap_or(0);
        let mut out = vec![String::new(); width as usize];
        for (c, text) in cells {
            out[(c - first_column) as usize] = text.clone();
        }
        out
    };
    // The sheet's first used row is the header; lines are numbered as Excel shows them.
    Ok(Table {
        headers: line(first_row),
        rows: (first_row + 1..=last_row).map(line).collect(),
        first_line: first_row as usize + 2,
    })
}

/// The template as CSV: `;`, UTF-8 with a BOM (Excel then reads the accents right).
pub fn write_csv(headers: &[String], rows: &[Vec<String>]) -> Vec<u8> {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(&mut out);
        // Writing to a Vec cannot fail.
        let _ = w.write_record(headers);
        for row in rows {
            let _ = w.write_record(row);
        }
        let _ = w.flush();
    }
    out
}

/// The template as XLSX, one sheet: the columns listed in `date_columns` hold dates typed as
/// `gg/mm/aaaa` and are written as Excel dates; `number_columns` as numbers; the rest as text.
pub fn write_xlsx(
    sheet_name: &str,
    headers: &[String],
    rows: &[Vec<String>],
    date_columns: &[usize],
    number_columns: &[usize],
) -> Result<Vec<u8>> {
    let fail = |e: rust_xlsxwriter::XlsxError| ArchiveError::Rejected(e.to_string());
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let date_format = Format::new().set_num_format("dd/mm/yyyy");
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name).map_err(fail)?;
    for (c, h) in headers.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, h, &bold)
            .map_err(fail)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, text) in row.iter().enumerate() {
            let col = c as u16;
            if text.is_empty() {
                continue;
            }
            if date_columns.contains(&c) {
                if let Ok(d) = sportello_core::format::parse_date(text) {
                    let when = ExcelDateTime::from_ymd(
                        u16::try_from(d.year()).unwrap_or(1900),
                        d.month() as u8,
                        d.day() as u8,
                    )
                    .map_err(fail)?;
                    sheet
                        .write_datetime_with_format(r, col, &when, &date_format)
                        .map_err(fail)?;
                    continue;
                }
            }
            if number_columns.contains(&c) {
                if let Ok(n) = text.parse::<f64>() {
                    sheet.write_number(r, col, n).map_err(fail)?;
                    continue;
                }
            }
            sheet.write_string(r, col, text).map_err(fail)?;
        }
    }
    book.save_to_buffer().map_err(fail)
}

/// The error report as CSV: riga; colonna; valore; problema (or their English headers).
pub fn problems_csv(problems: &[CellProblem], lang: Lang) -> Vec<u8> {
    let headers: Vec<String> = problem_report_header(lang)
        .iter()
        .map(|h| h.to_string())
        .collect();
    let rows: Vec<Vec<String>> = problems
        .iter()
        .map(|p| {
            vec![
                if p.line == 0 {
                    String::new()
                } else {
                    p.line.to_string()
                },
                p.column.clone(),
                p.value.clone(),
                p.msg.text(lang),
            ]
        })
        .collect();
    write_csv(&headers, &rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_in_utf8_with_and_without_bom_and_in_windows_1252() {
        let utf8 = "cognome;nome\nNicolò;D'Angelo\n";
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), utf8.as_bytes()].concat();
        let cp1252 = b"cognome;nome\nNicol\xF2;D'Angelo\n".to_vec();
        for bytes in [utf8.as_bytes().to_vec(), with_bom, cp1252] {
            let t = read_table(&bytes, FileFormat::Csv).expect("reads");
            assert_eq!(t.headers, vec!["cognome", "nome"]);
            assert_eq!(t.rows, vec![vec!["Nicolò", "D'Angelo"]]);
        }
    }

    #[test]
    fn the_separator_is_found_and_quoted_cells_keep_theirs() {
        let t = read_table(
            b"data,sintesi\n01/03/2024,\"Affitto, bollette\"\n",
            FileFormat::Csv,
        )
        .expect("reads");
        assert_eq!(t.rows[0], vec!["01/03/2024", "Affitto, bollette"]);
    }

    #[test]
    fn what_is_not_a_register_file_is_refused_with_its_reason() {
        assert!(matches!(
            FileFormat::of("registro.ods"),
            Err(ArchiveError::Rejected(_))
        ));
        assert_eq!(FileFormat::of("R.XLSX").ok(), Some(FileFormat::Xlsx));
        assert!(matches!(
            read_table(b"not a zip", FileFormat::Xlsx),
            Err(ArchiveError::Rejected(m)) if m.contains("XLSX non si legge")
        ));
        assert!(matches!(
            read_table(b"", FileFormat::Csv),
            Err(ArchiveError::Rejected(m)) if m.contains("vuoto")
        ));
    }

    #[test]
    fn a_sheet_with_a_cell_far_away_is_refused_before_anything_is_allocated() {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "data").expect("cell");
        sheet.write_string(1_048_575, 16_383, "x").expect("cell");
        let bytes = book.save_to_buffer().expect("xlsx");
        assert!(matches!(
            read_table(&bytes, FileFormat::Xlsx),
            Err(ArchiveError::Rejected(m)) if m.contains("troppo grande")
        ));
    }

    #[test]
    fn xlsx_round_trip_with_dates_as_excel_dates() {
        let headers: Vec<String> = ["data", "durata_minuti", "cognome"]
            .map(String::from)
            .to_vec();
        let rows = vec![["01/03/2024", "45", "Lo Presti"].map(String::from).to_vec()];
        let bytes = write_xlsx("Registro", &headers, &rows, &[0], &[1]).expect("writes");
        let t = read_table(&bytes, FileFormat::Xlsx).expect("reads");
        assert_eq!(t.headers, headers);
        assert_eq!(t.rows, vec![vec!["01/03/2024", "45", "Lo Presti"]]);
        assert_eq!(t.first_line, 2);
    }
}
