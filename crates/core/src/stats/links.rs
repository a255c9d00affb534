//! Equations between tables of the activity report that a reader can write, declared to the
//! suppression grid so that no hidden count can be worked out from them.

use super::activity::{CASES_ACTIVE, CASES_CLOSED, CASES_OPENED};
use super::suppress::{CellId, Grid};
use super::table::Table;
use crate::category::ContactOutcome;

/// The unmet-needs total is the "no resource" row of the outcomes.
pub(super) fn link_unmet_total(grid: &mut Grid, tables: &[Table<CellId>]) {
    let outcome = tables.iter().find(|t| t.code == "contacts_by_outcome");
    let unmet = tables.iter().find(|t| t.code == "unmet_needs_by_area");
    if let (Some(outcome), Some(unmet)) = (outcome, unmet) {
        if let Some(row) = outcome
            .rows
            .iter()
            .find(|r| r.code == ContactOutcome::NoResource.code())
        {
            grid.sum_equals(&[row.cells[0]], unmet.total.cells[0]);
        }
    }
}

/// A case opened or closed in the period was active in it, in the same area.
pub(super) fn link_cases_to_active(grid: &mut Grid, tables: &[Table<CellId>]) {
    let find = |code: &str| tables.iter().find(|t| t.code == code);
    let Some(active) = find(CASES_ACTIVE) else {
        return;
    };
    for part in [CASES_OPENED, CASES_CLOSED].into_iter().filter_map(find) {
        for (row, of_active) in part.rows.iter().zip(&active.rows) {
            grid.each_at_most(&[row.cells[0]], of_active.cells[0]);
        }
    }
}
