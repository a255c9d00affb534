//! Small-count suppression against an independent reader: for thousands of small random tables,
//! this file enumerates every table a reader could reconstruct from what is printed (the
//! printed values, "< 3" meaning 1 or 2, "riservato" meaning any count, and the table's sums)
//! and checks that each hidden cell can still take at least two values. The enumeration is
//! written here, from the tables' own structure, not from the core's equations.

use proptest::prelude::*;
use sportello_core::stats::suppress::{CellId, Grid, Hidden, Printed};

const THRESHOLD: u64 = 3;

/// A rows × columns table with its row totals, column totals and grand total, as a grid.
struct Cross {
    grid: Grid,
    inner: Vec<Vec<CellId>>,
    row_totals: Vec<CellId>,
    column_totals: Vec<CellId>,
    grand: CellId,
}

fn cross(values: &[Vec<u64>]) -> Cross {
    let mut grid = Grid::new();
    let inner: Vec<Vec<CellId>> = values
        .iter()
        .map(|row| row.iter().map(|&v| grid.cell(v)).collect())
        .collect();
    let columns = values[0].len();
    let row_totals: Vec<CellId> = values
        .iter()
        .map(|row| grid.cell(row.iter().sum()))
        .collect();
    let column_totals: Vec<CellId> = (0..columns)
        .map(|j| grid.cell(values.iter().map(|row| row[j]).sum()))
        .collect();
    let grand = grid.cell(values.iter().flatten().sum());
    for (i, row) in inner.iter().enumerate() {
        grid.sum_equals(row, row_totals[i]);
    }
    for j in 0..columns {
        let column: Vec<CellId> = inner.iter().map(|row| row[j]).collect();
        grid.sum_equals(&column, column_totals[j]);
    }
    grid.sum_equals(&row_totals, grand);
    grid.sum_equals(&column_totals, grand);
    Cross {
        grid,
        inner,
        row_totals,
        column_totals,
        grand,
    }
}

/// What a reader may believe of one printed cell.
fn admits(printed: Printed, value: u64) -> bool {
    match printed {
        Printed::Value(v) => v == value,
        Printed::Hidden(Hidden::Small) => (1..THRESHOLD).contains(&value),
        Printed::Hidden(Hidden::Reserved) => true,
    }
}

/// Every table consistent with what is printed, with inner cells up to `box_max` (a box large
/// enough to hold the true table: finding two values inside it proves a cell undetermined).
/// Returns, for each cell of the grid, the set of values seen.
fn reader_values(
    c: &Cross,
    printed: &[Printed],
    box_max: u64,
) -> Vec<std::collections::BTreeSet<u64>> {
    let rows = c.inner.len();
    let columns = c.inner[0].len();
    let mut seen = vec![std::collections::BTreeSet::new(); c.grid.len()];
    let mut table = vec![vec![0u64; columns]; rows];
    fn walk(
        c: &Cross,
        printed: &[Printed],
        box_max: u64,
        k: usize,
        table: &mut Vec<Vec<u64>>,
        seen: &mut Vec<std::collections::BTreeSet<u64>>,
    ) {
        let (rows, columns) = (table.len(), table[0].len());
        if k == rows * columns {
            let column_sums: Vec<u64> = (0..columns)
                .map(|j| table.iter().map(|r| r[j]).sum())
                .collect();
            if !column_sums
                .iter()
                .enumerate()
                .all(|(j, &s)| admits(printed[c.column_totals[j].0], s))
            {
                return;
            }
            let grand: u64 = column_sums.iter().sum();
            if !admits(printed[c.grand.0], grand) {
                return;
            }
            for (i, row) in table.iter().enumerate() {
                for (j, &v) in row.iter().enumerate() {
                    seen[c.inner[i][j].0].insert(v);
                }
                seen[c.row_totals[i].0].insert(row.iter().sum());
            }
            for (j, &s) in column_sums.iter().enumerate() {
                seen[c.column_totals[j].0].insert(s);
            }
            seen[c.grand.0].insert(grand);
            return;
        }
        let (i, j) = (k / columns, k % columns);
        let cell = printed[c.inner[i][j].0];
        let candidates: Vec<u64> = match cell {
            Printed::Value(v) => vec![v],
            Printed::Hidden(Hidden::Small) => (1..THRESHOLD).collect(),
            Printed::Hidden(Hidden::Reserved) => (0..=box_max).collect(),
        };
        for v in candidates {
            table[i][j] = v;
            // Prune: a partial column may not pass a printed column total.
            if let Printed::Value(total) = printed[c.column_totals[j].0] {
                let partial: u64 = table[..=i].iter().map(|r| r[j]).sum();
                if partial > total {
                    continue;
                }
            }
            if j == columns - 1 && !admits(printed[c.row_totals[i].0], table[i].iter().sum()) {
                continue;
            }
            walk(c, printed, box_max, k + 1, table, seen);
        }
        table[i][j] = 0;
    }
    walk(c, printed, box_max, 0, &mut table, &mut seen);
    seen
}

fn check(values: Vec<Vec<u64>>) -> Result<(), TestCaseError> {
    let c = cross(&values);
    let printed = c.grid.suppress(THRESHOLD).expect("protected");
    // Nothing below the threshold is printed, and what is printed is true.
    for (i, p) in printed.iter().enumerate() {
        let v = c.grid.value(CellId(i));
        match p {
            Printed::Value(shown) => {
                prop_assert_eq!(*shown, v);
                prop_assert!(v == 0 || v >= THRESHOLD, "{} printed", v);
            }
            Printed::Hidden(Hidden::Small) => prop_assert!((1..THRESHOLD).contains(&v)),
            Printed::Hidden(Hidden::Reserved) => {}
        }
    }
    let grand = c.grid.value(c.grand);
    let seen = reader_values(&c, &printed, grand + THRESHOLD);
    for (i, p) in printed.iter().enumerate() {
        if p.value().is_none() {
            prop_assert!(
                seen[i].len() >= 2,
                "cell {} (true {}) pinned to {:?}; table {:?}, printed {:?}",
                i,
                c.grid.value(CellId(i)),
                seen[i],
                values,
                printed
            );
        }
    }
    // The core's own audit agrees.
    prop_assert!(c.grid.audit(&printed, THRESHOLD).is_empty());
    Ok(())
}

#[test]
fn a_two_by_two_block_of_ones() {
    check(vec![vec![1, 1], vec![1, 1]]).expect("ok");
    check(vec![vec![1, 1, 5], vec![1, 1, 4], vec![3, 0, 6]]).expect("ok");
}

#[test]
fn single_small_cells_in_every_position() {
    for i in 0..3 {
        for j in 0..3 {
            let mut values = vec![vec![4, 5, 6], vec![7, 3, 8], vec![5, 9, 4]];
            values[i][j] = 1;
            check(values).expect("ok");
        }
    }
}

fn small_table() -> impl Strategy<Value = Vec<Vec<u64>>> {
    (1usize..=3, 1usize..=3).prop_flat_map(|(rows, columns)| {
        prop::collection::vec(prop::collection::vec(0u64..=4, columns), rows)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, .. ProptestConfig::default() })]

    #[test]
    fn no_hidden_cell_of_a_small_table_is_determined(values in small_table()) {
        check(values)?;
    }
}

/// A one-way exclusive table: categories that add up to the total.
#[test]
fn one_way_tables() {
    proptest!(ProptestConfig { cases: 1000, .. ProptestConfig::default() },
        |(values in prop::collection::vec(0u64..=5, 1..=5))| {
        check(vec![values.clone()])?;
        check(values.iter().map(|&v| vec![v]).collect())?;
    });
}

/// The reader above is not toothless: with primary suppression alone, a lone "< 3" in a row
/// whose other cells and total are printed is pinned, and the reader finds it.
#[test]
fn the_reader_pins_a_lone_small_cell_left_by_primary_suppression() {
    let c = cross(&[vec![1, 7], vec![5, 9]]);
    let mut printed: Vec<Printed> = (0..c.grid.len())
        .map(|i| Printed::Value(c.grid.value(CellId(i))))
        .collect();
    printed[c.inner[0][0].0] = Printed::Hidden(Hidden::Small);
    let seen = reader_values(&c, &printed, 30);
    assert_eq!(seen[c.inner[0][0].0].len(), 1);
    assert_eq!(c.grid.audit(&printed, THRESHOLD), vec![c.inner[0][0]]);
}
