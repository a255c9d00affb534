//! What both targets check: any bytes either read as a table or are refused with a message,
//! and a table read as the register never panics, whatever its cells.

use sportello_archive::register_file::{read_table, FileFormat};
use sportello_core::register::{parse_table, Lookups, Mapping};

pub fn check(data: &[u8], format: FileFormat) {
    let Ok(table) = read_table(data, format) else {
        return;
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).expect("date");
    let lookups = Lookups {
        comuni: sportello_archive::comuni::list(),
        services: &[],
        today,
        oldest: chrono::NaiveDate::from_ymd_opt(2016, 11, 26).map(|d| (d, 10)),
    };
    let parsed = parse_table(&table, &Mapping::default(), &lookups);
    for p in &parsed.problems {
        let _ = p.text(sportello_core::Lang::It);
    }
    let _ = sportello_core::register::plan(parsed.rows, &Default::default());
}
