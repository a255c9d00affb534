//! Small-count suppression, and the audit that decides it.
//!
//! In a village of 2,000 people a count of 1 is a person. A report's tables are cells in a
//! [`Grid`] together with the equations a reader can write about them (a row adds up to its
//! total, a category of a multi-response table is at most the total…). Cells from 1 to
//! threshold − 1 print as "< soglia" (primary suppression); zeros print as 0. Partner cells are
//! then hidden as "riservato" (secondary suppression) until the **audit** passes: for every
//! hidden cell, the values a reader who knows everything printed, that counts are non-negative
//! integers and that "< 3" means 1 or 2, could still give it are more than one.
//!
//! The audit searches for a second solution exactly (interval propagation over the equations,
//! then branching, the true values tried first): a hidden cell passes only when a solution with
//! a different value is found and checked. When the search would take too long the cell counts
//! as exposed and one more partner is hidden, so a failure of the search errs on the safe side.

use serde::{Deserialize, Serialize};

/// The smallest threshold that suppression accepts, and the largest.
pub const MIN_THRESHOLD: u64 = 2;
pub const MAX_THRESHOLD: u64 = 50;
/// The threshold of the Italian statistical system's deontological rules.
pub const DEFAULT_THRESHOLD: u64 = 3;

/// Search nodes allowed per question to the audit before the cell counts as exposed.
const SEARCH_BUDGET: u32 = 20_000;
/// Constraint visits per propagation: on cycles of equations bounds may shrink by one a visit,
/// so propagation stops early and branching finishes the work.
const PROPAGATION_STEPS: u32 = 100_000;

/// A cell of the grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CellId(pub usize);

/// How a cell is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Printed {
    /// The count itself.
    Value(u64),
    /// Withheld: the code `small` ("< 3") or `reserved` ("riservato").
    Hidden(Hidden),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Hidden {
    /// From 1 to threshold − 1: printed "< 3".
    Small,
    /// Withheld to protect another cell: printed "riservato"; a reader knows only that it is ≥ 0.
    Reserved,
}

impl Printed {
    pub fn value(self) -> Option<u64> {
        match self {
            Printed::Value(v) => Some(v),
            Printed::Hidden(_) => None,
        }
    }

    /// As printed in Italian: `12`, `< 3`, `riservato`.
    pub fn text(self, threshold: u64) -> String {
        match self {
            Printed::Value(v) => crate::format::count(v),
            Printed::Hidden(Hidden::Small) => format!("< {threshold}"),
            Printed::Hidden(Hidden::Reserved) => "riservato".to_owned(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Relation {
    /// Σ terms = 0
    Equal,
    /// Σ terms ≤ 0
    AtMost,
}

/// Σ coefficient × cell (relation) 0, coefficients ±1.
#[derive(Debug, Clone)]
struct Constraint {
    terms: Vec<(usize, i64)>,
    relation: Relation,
    /// The cell that is the total in this constraint.
    total: usize,
}

/// The cells of a report and the equations a reader can write about them.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    values: Vec<u64>,
    /// What a reader knows of each cell's least value without any equation: 1 for a row that
    /// is printed only when something falls in it (a comune, a service), else 0.
    lower: Vec<i64>,
    /// Cells always printed (counts of days, not of persons).
    fixed: Vec<bool>,
    constraints: Vec<Constraint>,
}

/// Suppression could not protect every cell (it hid all it could and some value is still
/// determined): the report must not be printed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("le tabelle non si possono proteggere: un valore nascosto resta deducibile")]
pub struct CannotProtect;

impl Grid {
    pub fn new() -> Grid {
        Grid::default()
    }

    /// A new cell holding `value`.
    pub fn cell(&mut self, value: u64) -> CellId {
        self.values.push(value);
        self.lower.push(0);
        self.fixed.push(false);
        CellId(self.values.len() - 1)
    }

    /// A cell of a row that is printed only when something falls in it: a reader knows it is
    /// at least 1 even when withheld.
    pub fn cell_at_least_one(&mut self, value: u64) -> CellId {
        let cell = self.cell(value);
        self.lower[cell.0] = 1;
        cell
    }

    /// A cell that is always printed (not a count of persons: opening days held).
    pub fn fixed_cell(&mut self, value: u64) -> CellId {
        let cell = self.cell(value);
        self.fixed[cell.0] = true;
        cell
    }

    pub fn value(&self, cell: CellId) -> u64 {
        self.values[cell.0]
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The reader knows that `parts` add up to `total` (an exclusive classification).
    pub fn sum_equals(&mut self, parts: &[CellId], total: CellId) {
        let mut terms: Vec<(usize, i64)> = parts.iter().map(|c| (c.0, 1)).collect();
        terms.push((total.0, -1));
        self.constraints.push(Constraint {
            terms,
            relation: Relation::Equal,
            total: total.0,
        });
    }

    /// The reader knows that each of `parts` is at most `total` (a multi-response table: a
    /// contact counts once in each category it had).
    pub fn each_at_most(&mut self, parts: &[CellId], total: CellId) {
        for part in parts {
            self.constraints.push(Constraint {
                terms: vec![(part.0, 1), (total.0, -1)],
                relation: Relation::AtMost,
                total: total.0,
            });
        }
    }

    /// The reader knows that `parts` add up to at most `total` (each colloquio has at most one
    /// value, so the rows of a merged contact's table add up to at most the colloqui).
    pub fn sum_at_most(&mut self, parts: &[CellId], total: CellId) {
        let mut terms: Vec<(usize, i64)> = parts.iter().map(|c| (c.0, 1)).collect();
        terms.push((total.0, -1));
        self.constraints.push(Constraint {
            terms,
            relation: Relation::AtMost,
            total: total.0,
        });
    }

    /// The reader knows that `parts` add up to at least `total` (a multi-response table where
    /// every unit has at least one category).
    pub fn sum_at_least(&mut self, parts: &[CellId], total: CellId) {
        let mut terms: Vec<(usize, i64)> = parts.iter().map(|c| (c.0, -1)).collect();
        terms.push((total.0, 1));
        self.constraints.push(Constraint {
            terms,
            relation: Relation::AtMost,
            total: total.0,
        });
    }

    /// Do the true values satisfy every equation declared? (They must: an equation a reader
    /// could write is true of the real figures.)
    pub fn is_consistent(&self) -> bool {
        let truth: Vec<(i64, i64)> = self.values.iter().map(|&v| (v as i64, v as i64)).collect();
        self.satisfied(&truth)
    }

    /// Primary suppression, then partners hidden until the audit passes.
    pub fn suppress(&self, threshold: u64) -> Result<Vec<Printed>, CannotProtect> {
        let threshold = threshold.clamp(MIN_THRESHOLD, MAX_THRESHOLD);
        let mut printed: Vec<Printed> = self
            .values
            .iter()
            .zip(&self.fixed)
            .map(|(&v, &fixed)| {
                if !fixed && v >= 1 && v < threshold {
                    Printed::Hidden(Hidden::Small)
                } else {
                    Printed::Value(v)
                }
            })
            .collect();
        let by_cell = self.constraints_by_cell();
        loop {
            let exposed = self.audit(&printed, threshold);
            if exposed.is_empty() {
                return Ok(printed);
            }
            // With threshold 2, "< 2" can only mean 1: such a cell must itself be withheld.
            if threshold == MIN_THRESHOLD {
                if let Some(cell) = exposed
                    .iter()
                    .find(|c| printed[c.0] == Printed::Hidden(Hidden::Small))
                {
                    printed[cell.0] = Printed::Hidden(Hidden::Reserved);
                    continue;
                }
            }
            // The best partner for any exposed cell: a cell that closes a cycle for one exposed
            // cell often protects the others too.
            let partner = exposed
                .iter()
                .filter_map(|c| self.partner_for(c.0, &printed, &by_cell))
                .min()
                .map(|(_, _, cell)| cell)
                .ok_or(CannotProtect)?;
            printed[partner] = Printed::Hidden(Hidden::Reserved);
        }
    }

    /// The hidden cells whose value a reader can pin down from what is printed (empty when the
    /// report is safe). Cells the search could not settle within its budget are listed too.
    pub fn audit(&self, printed: &[Printed], threshold: u64) -> Vec<CellId> {
        let by_cell = self.constraints_by_cell();
        let mut base = self.reader_domains(printed, threshold, self.search_box(threshold));
        let everything: Vec<usize> = (0..self.constraints.len()).collect();
        if !self.propagate(&mut base, &everything, &by_cell) {
            // What is printed contradicts itself: never the case for true figures.
            return (0..self.values.len())
                .filter(|&i| printed[i].value().is_none())
                .map(CellId)
                .collect();
        }
        (0..self.values.len())
            .filter(|&i| printed[i].value().is_none() && self.is_exposed(i, &base, &by_cell))
            .map(CellId)
            .collect()
    }

    /// Can a reader pin `cell` down? `base`: what a reader knows, already propagated.
    fn is_exposed(&self, cell: usize, base: &[(i64, i64)], by_cell: &[Vec<usize>]) -> bool {
        let domains = base;
        let truth = self.values[cell] as i64;
        let (lo, hi) = domains[cell];
        for (a, b) in [(lo, truth - 1), (truth + 1, hi)] {
            if a > b {
                continue;
            }
            let mut trial = domains.to_vec();
            trial[cell] = (a, b);
            let mut budget = SEARCH_BUDGET;
            if let Search::Found = self.search(trial, &by_cell[cell], by_cell, &mut budget) {
                return false;
            }
        }
        true
    }

    /// What a reader knows of each cell before using the equations. A withheld cell could be
    /// any count; the search looks for a second solution within `box_max`, twice the largest
    /// count: a solution found there proves the cell undetermined, and one not found there
    /// makes it count as exposed (the safe side).
    fn reader_domains(&self, printed: &[Printed], threshold: u64, box_max: i64) -> Vec<(i64, i64)> {
        printed
            .iter()
            .zip(&self.lower)
            .map(|(p, &lower)| match p {
                Printed::Value(v) => (*v as i64, *v as i64),
                Printed::Hidden(Hidden::Small) => (lower.max(1), threshold as i64 - 1),
                Printed::Hidden(Hidden::Reserved) => (lower, box_max.max(lower)),
            })
            .collect()
    }

    fn search_box(&self, threshold: u64) -> i64 {
        let largest = self.values.iter().copied().max().unwrap_or(0);
        (2 * largest + threshold) as i64
    }

    /// The cell to hide next so that `exposed` stops being determined, among the cells of its
    /// equations: the smallest printed count that is not a total; else a total shown as "< 3"
    /// widened to "riservato"; else a part shown as "< 3" widened (a total, often shared by
    /// other tables and the summary, is hidden only after that); else a printed total; else
    /// the cell itself; printed zeros last.
    fn partner_for(
        &self,
        exposed: usize,
        printed: &[Printed],
        by_cell: &[Vec<usize>],
    ) -> Option<(u8, u64, usize)> {
        let rank = |cell: usize, is_total: bool| -> Option<(u8, u64, usize)> {
            if self.fixed[cell] {
                return None;
            }
            let rank = match (printed[cell], is_total) {
                (Printed::Hidden(Hidden::Reserved), _) => return None,
                _ if cell == exposed => 4,
                (Printed::Value(v), false) if v > 0 => 0,
                (Printed::Hidden(Hidden::Small), true) => 1,
                (Printed::Hidden(Hidden::Small), false) => 2,
                (Printed::Value(v), true) if v > 0 => 3,
                (Printed::Value(_), _) => 5,
            };
            Some((rank, self.values[cell], cell))
        };
        let mut best: Option<(u8, u64, usize)> = None;
        fn keep(best: &mut Option<(u8, u64, usize)>, candidate: Option<(u8, u64, usize)>) {
            if let Some(c) = candidate {
                if best.is_none_or(|b| c < b) {
                    *best = Some(c);
                }
            }
        }
        for &k in &by_cell[exposed] {
            let constraint = &self.constraints[k];
            for &(cell, _) in &constraint.terms {
                keep(&mut best, rank(cell, cell == constraint.total));
            }
        }
        if printed[exposed] == Printed::Hidden(Hidden::Small) {
            keep(&mut best, rank(exposed, false));
        }
        if best.is_none() {
            // Every cell of its equations is already withheld: look one step further.
            for &k in &by_cell[exposed] {
                for &(cell, _) in &self.constraints[k].terms {
                    for &k2 in &by_cell[cell] {
                        let c2 = &self.constraints[k2];
                        for &(other, _) in &c2.terms {
                            keep(&mut best, rank(other, other == c2.total));
                        }
                    }
                }
            }
        }
        best
    }

    fn constraints_by_cell(&self) -> Vec<Vec<usize>> {
        let mut by_cell = vec![Vec::new(); self.values.len()];
        for (k, constraint) in self.constraints.iter().enumerate() {
            for &(cell, _) in &constraint.terms {
                if by_cell[cell].last() != Some(&k) {
                    by_cell[cell].push(k);
                }
            }
        }
        by_cell
    }

    /// Is there an integer solution within `domains`? Branches on the narrowest open domain,
    /// trying the true value first.
    fn search(
        &self,
        mut domains: Vec<(i64, i64)>,
        changed: &[usize],
        by_cell: &[Vec<usize>],
        budget: &mut u32,
    ) -> Search {
        if !self.propagate(&mut domains, changed, by_cell) {
            return Search::Infeasible;
        }
        let open = domains
            .iter()
            .enumerate()
            .filter(|(_, (lo, hi))| lo < hi)
            .min_by_key(|(i, (lo, hi))| (hi - lo, *i))
            .map(|(i, _)| i);
        let Some(var) = open else {
            return if self.satisfied(&domains) {
                Search::Found
            } else {
                Search::Infeasible
            };
        };
        if *budget == 0 {
            return Search::GaveUp;
        }
        *budget -= 1;
        let (lo, hi) = domains[var];
        // The true value first (it satisfies every other equation); away from it, halves.
        let truth = self.values[var] as i64;
        let pivot = if (lo..=hi).contains(&truth) {
            truth
        } else {
            lo + (hi - lo) / 2
        };
        let mut gave_up = false;
        for (a, b) in [(pivot, pivot), (lo, pivot - 1), (pivot + 1, hi)] {
            if a > b {
                continue;
            }
            let mut branch = domains.clone();
            branch[var] = (a, b);
            match self.search(branch, &by_cell[var], by_cell, budget) {
                Search::Found => return Search::Found,
                Search::GaveUp => gave_up = true,
                Search::Infeasible => {}
            }
            if *budget == 0 {
                return Search::GaveUp;
            }
        }
        if gave_up {
            Search::GaveUp
        } else {
            Search::Infeasible
        }
    }

    /// Narrows the domains to what the equations allow, starting from the constraints in
    /// `start` and following the cells that change; false when a domain becomes empty.
    fn propagate(
        &self,
        domains: &mut [(i64, i64)],
        start: &[usize],
        by_cell: &[Vec<usize>],
    ) -> bool {
        let mut queued = vec![false; self.constraints.len()];
        let mut queue: std::collections::VecDeque<usize> = std::collections::VecDeque::new();
        for &k in start {
            if !queued[k] {
                queued[k] = true;
                queue.push_back(k);
            }
        }
        let mut steps = 0u32;
        while let Some(k) = queue.pop_front() {
            queued[k] = false;
            steps += 1;
            if steps > PROPAGATION_STEPS {
                // Bounds creeping along a cycle: branching finishes the work.
                return true;
            }
            let constraint = &self.constraints[k];
            let (min_sum, max_sum) = constraint.terms.iter().fold((0i64, 0i64), |acc, &(c, a)| {
                let (lo, hi) = domains[c];
                (acc.0 + (a * lo).min(a * hi), acc.1 + (a * lo).max(a * hi))
            });
            if min_sum > 0 || (constraint.relation == Relation::Equal && max_sum < 0) {
                return false;
            }
            for &(c, a) in &constraint.terms {
                let (lo, hi) = domains[c];
                let (term_min, term_max) = ((a * lo).min(a * hi), (a * lo).max(a * hi));
                // a·x ≤ −(min_sum − term_min); for an equation also a·x ≥ −(max_sum − term_max).
                let upper = term_min - min_sum;
                let lower = if constraint.relation == Relation::Equal {
                    term_max - max_sum
                } else {
                    i64::MIN / 4
                };
                let (new_lo, new_hi) = if a > 0 {
                    (lo.max(lower), hi.min(upper))
                } else {
                    (lo.max(-upper), hi.min(-lower))
                };
                if new_lo > new_hi {
                    return false;
                }
                if (new_lo, new_hi) != (lo, hi) {
                    domains[c] = (new_lo, new_hi);
                    for &k2 in &by_cell[c] {
                        if k2 != k && !queued[k2] {
                            queued[k2] = true;
                            queue.push_back(k2);
                        }
                    }
                }
            }
        }
        true
    }

    fn satisfied(&self, domains: &[(i64, i64)]) -> bool {
        self.constraints.iter().all(|constraint| {
            let sum: i64 = constraint
                .terms
                .iter()
                .map(|&(c, a)| a * domains[c].0)
                .sum();
            match constraint.relation {
                Relation::Equal => sum == 0,
                Relation::AtMost => sum <= 0,
            }
        })
    }
}

enum Search {
    Found,
    Infeasible,
    GaveUp,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_by_two(a: u64, b: u64, c: u64, d: u64) -> (Grid, [CellId; 9]) {
        let mut g = Grid::new();
        let cells = [a, b, c, d].map(|v| g.cell(v));
        let r1 = g.cell(a + b);
        let r2 = g.cell(c + d);
        let c1 = g.cell(a + c);
        let c2 = g.cell(b + d);
        let total = g.cell(a + b + c + d);
        g.sum_equals(&[cells[0], cells[1]], r1);
        g.sum_equals(&[cells[2], cells[3]], r2);
        g.sum_equals(&[cells[0], cells[2]], c1);
        g.sum_equals(&[cells[1], cells[3]], c2);
        g.sum_equals(&[r1, r2], total);
        g.sum_equals(&[c1, c2], total);
        (
            g,
            [
                cells[0], cells[1], cells[2], cells[3], r1, r2, c1, c2, total,
            ],
        )
    }

    #[test]
    fn nothing_small_nothing_hidden() {
        let (g, _) = two_by_two(5, 7, 0, 9);
        let printed = g.suppress(3).expect("ok");
        assert!(printed.iter().all(|p| p.value().is_some()));
    }

    #[test]
    fn one_small_cell_in_a_row_hides_a_partner_in_its_row_and_column() {
        let (g, cells) = two_by_two(1, 7, 5, 9);
        let printed = g.suppress(3).expect("ok");
        assert_eq!(printed[cells[0].0], Printed::Hidden(Hidden::Small));
        assert!(g.audit(&printed, 3).is_empty());
        let hidden = printed.iter().filter(|p| p.value().is_none()).count();
        assert_eq!(hidden, 4, "{printed:?}"); // the cell, a partner in its row, column, and the fourth
    }

    #[test]
    fn a_two_by_two_block_of_ones_is_protected() {
        let (g, cells) = two_by_two(1, 1, 1, 1);
        let printed = g.suppress(3).expect("ok");
        assert!(g.audit(&printed, 3).is_empty(), "{printed:?}");
        for c in &cells[..4] {
            assert!(printed[c.0].value().is_none());
        }
    }

    #[test]
    fn a_total_that_pins_its_only_part_is_hidden() {
        // One category holds everybody: the total is printed, so the category would be too.
        let mut g = Grid::new();
        let a = g.cell(0);
        let b = g.cell(2);
        let total = g.cell(2);
        g.sum_equals(&[a, b], total);
        let printed = g.suppress(3).expect("ok");
        assert_eq!(printed[a.0], Printed::Value(0));
        assert!(printed[b.0].value().is_none() && printed[total.0].value().is_none());
        assert!(g.audit(&printed, 3).is_empty());
    }

    #[test]
    fn the_audit_names_a_cell_pinned_by_its_row() {
        let mut g = Grid::new();
        let a = g.cell(1);
        let b = g.cell(10);
        let total = g.cell(11);
        g.sum_equals(&[a, b], total);
        let naive = vec![
            Printed::Hidden(Hidden::Small),
            Printed::Value(10),
            Printed::Value(11),
        ];
        assert_eq!(g.audit(&naive, 3), vec![a]);
    }

    #[test]
    fn multi_response_categories_need_no_partner_under_a_printed_total() {
        let mut g = Grid::new();
        let parts = [g.cell(1), g.cell(12), g.cell(30)];
        let total = g.cell(35);
        g.each_at_most(&parts, total);
        g.sum_at_least(&parts, total);
        let printed = g.suppress(3).expect("ok");
        assert_eq!(printed.iter().filter(|p| p.value().is_none()).count(), 1);
    }

    #[test]
    fn threshold_two_withholds_ones_as_reserved() {
        let mut g = Grid::new();
        let parts = [g.cell(1), g.cell(4), g.cell(5)];
        let total = g.cell(10);
        g.sum_equals(&parts, total);
        let printed = g.suppress(2).expect("ok");
        assert!(g.audit(&printed, 2).is_empty(), "{printed:?}");
    }
}
