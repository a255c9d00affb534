//! Properties of the hours' arithmetic over generated entries: each statement's and
//! reconciliation's totals equal the sum of their entries, and no entry is counted in two
//! months or two contract years.

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use sportello_core::model::{ContractForm, ContractTerms};
use sportello_core::statement::{monthly_statement, reconciliation, StatementEntry};
use sportello_core::{Minutes, TimeKind};
use std::collections::BTreeMap;

fn contract(year_start_day: u32, year_start_month: u32) -> ContractTerms {
    let start = format!("{year_start_day:02}/{year_start_month:02}/2024");
    ContractForm {
        comune: "Comune di Prova".into(),
        provider: "Cooperativa".into(),
        start: start.clone(),
        end: "31/12/2027".into(),
        year_start: start,
        yearly_hours: "178".into(),
        hourly_rate: "23,00".into(),
        vat: "22".into(),
        weekly_cap_hours: "4".into(),
        opening_slots: "mar 09:00-13:00".into(),
        ..ContractForm::default()
    }
    .parse()
    .expect("valid contract")
}

fn entries() -> impl Strategy<Value = Vec<StatementEntry>> {
    let kinds = prop::sample::select(TimeKind::ALL.to_vec());
    let operators = prop::sample::select(vec!["Anna Rossi", "Laura Bianchi", ""]);
    prop::collection::vec(
        (0u64..1200, 1u32..=720, kinds, any::<bool>(), operators),
        0..120,
    )
    .prop_map(|v| {
        let base = NaiveDate::from_ymd_opt(2024, 6, 1).expect("date");
        v.into_iter()
            .map(|(day, minutes, kind, billable, operator)| StatementEntry {
                date: base.checked_add_days(Days::new(day)).expect("date"),
                minutes: Minutes(minutes),
                kind,
                billable,
                operator: operator.into(),
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn statements_sum_their_entries_and_count_each_once(
        entries in entries(),
        start in prop::sample::select(vec![(1u32, 1u32), (1, 3), (1, 9), (15, 3), (29, 2)]),
    ) {
        let terms = contract(start.0, start.1);
        let notes = BTreeMap::new();
        let mut all_months = 0u64;
        let (mut y, mut m) = (2024, 6);
        while (y, m) <= (2027, 12) {
            if let Some(s) = monthly_statement(&terms, y, m, &entries, &|yr| terms.year_budget(yr), &notes) {
                let expected: u64 = entries
                    .iter()
                    .filter(|e| e.billable && e.date.format("%Y-%m").to_string() == format!("{y:04}-{m:02}") && terms.in_force_on(e.date))
                    .map(|e| u64::from(e.minutes.get()))
                    .sum();
                prop_assert_eq!(u64::from(s.billable.get()), expected);
                let by_sections: u64 = s.sections.iter().map(|x| u64::from(x.billable.get())).sum();
                prop_assert_eq!(by_sections, expected);
                for sec in &s.sections {
                    let days: u64 = sec.days.iter().map(|d| u64::from(d.billable().get())).sum();
                    prop_assert_eq!(days, u64::from(sec.billable.get()));
                    // Who delivered the hours adds up to the section, billable and not.
                    let by_operator: u64 = sec.by_operator.iter().map(|o| u64::from(o.billable.get())).sum();
                    prop_assert_eq!(by_operator, u64::from(sec.billable.get()));
                    let not_billable: u64 = sec.by_operator.iter().map(|o| u64::from(o.not_billable.get())).sum();
                    prop_assert_eq!(not_billable, u64::from(sec.not_billable.get()));
                    prop_assert_eq!(sec.amount, sec.billable.times_rate(terms.hourly_rate));
                    // Each section lies in one contract year.
                    prop_assert!(sec.year.contains(sec.first_day) && sec.year.contains(sec.last_day));
                }
                all_months += expected;
            }
            (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        }
        // Every billable minute in the contract is in exactly one month's statement.
        let in_contract: u64 = entries
            .iter()
            .filter(|e| e.billable && terms.in_force_on(e.date))
            .map(|e| u64::from(e.minutes.get()))
            .sum();
        prop_assert_eq!(all_months, in_contract);
    }

    #[test]
    fn reconciliations_sum_their_entries_and_count_each_once(
        entries in entries(),
        start in prop::sample::select(vec![(1u32, 1u32), (1, 3), (1, 9), (15, 3)]),
    ) {
        let terms = contract(start.0, start.1);
        let mut years = Vec::new();
        let mut day = terms.start;
        while day <= terms.end {
            let year = terms.year_containing(day);
            years.push(year);
            day = year.end;
        }
        let mut total = 0u64;
        for year in years {
            let r = reconciliation(&terms, year, terms.year_budget(year), &entries, &[], &BTreeMap::new(), None);
            let expected: u64 = entries
                .iter()
                .filter(|e| e.billable && year.contains(e.date))
                .map(|e| u64::from(e.minutes.get()))
                .sum();
            prop_assert_eq!(u64::from(r.delivered.get()), expected);
            let months: u64 = r.months.iter().map(|m| u64::from(m.delivered.get())).sum();
            prop_assert_eq!(months, expected);
            prop_assert_eq!(r.delivered_amount, r.delivered.times_rate(terms.hourly_rate));
            total += expected;
        }
        let in_contract: u64 = entries
            .iter()
            .filter(|e| e.billable && terms.in_force_on(e.date))
            .map(|e| u64::from(e.minutes.get()))
            .sum();
        prop_assert_eq!(total, in_contract, "each minute in exactly one contract year");
    }
}
