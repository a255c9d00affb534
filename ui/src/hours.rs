//! Ore: the contract year at a glance (a gauge, the alerts, the pace), a week against its cap,
//! the months as a chart (with the table behind it), a month's entries with filters, the entry
//! form (a note asked when the week passes the cap), the year's closing, and the PDFs.

use crate::api::call;
use crate::controls::{focus_soon, form_keys, ConfirmDialog};
use crate::i18n::{t, T};
use crate::persons::IdArgs;
use crate::session::{use_nav, LeaveGuard, Route};
use crate::widgets::{choice, field_error, today, tr, use_lang, Checkbox, Field, Notice, Select};
use chrono::{Datelike, Days};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;
use sportello_core::format::{date, hours_decimal, hours_hhmm};
use sportello_core::ipc::{HoursRequest, HoursView, SaveTimeEntryRequest, YearRef};
use sportello_core::ledger::BudgetAlert;
use sportello_core::model::{TimeEntry, TimeEntryForm};
use sportello_core::statement::month_title;
use sportello_core::{FormErrors, Lang, Minutes, TimeEntryId, TimeKind};

#[derive(Serialize)]
struct ViewArgs {
    request: HoursRequest,
}

#[derive(Serialize)]
struct SaveArgs {
    request: SaveTimeEntryRequest,
}

#[derive(Serialize)]
struct YearArgs {
    year: YearRef,
}

#[derive(Serialize)]
struct ReopenArgs {
    year: YearRef,
    reason: String,
}

/// What a PDF covers: a month (the statement) or a contract year (the reconciliation).
#[derive(Serialize)]
#[serde(untagged)]
enum PdfArgs {
    Month { year: i32, month: u32 },
    Year { year: YearRef },
}

fn h(m: Minutes) -> String {
    format!("{} h", hours_decimal(m))
}

/// When the monte ore runs out at the recent pace; or, when it does not within the year, how
/// much of it the year will have used.
pub fn forecast_text(
    forecast: Option<chrono::NaiveDate>,
    projected_use: Minutes,
    l: Lang,
) -> String {
    match forecast {
        Some(day) => date(day),
        None => format!(
            "{}: {} {}",
            t(l, T::NotWithinYear),
            t(l, T::ProjectedUse),
            h(projected_use)
        ),
    }
}

/// The month before or after.
fn shift_month((y, m): (i32, u32), by: i32) -> (i32, u32) {
    let index = y * 12 + m as i32 - 1 + by;
    (index.div_euclid(12), (index.rem_euclid(12) + 1) as u32)
}

/// What the page is editing: nothing, a new entry, or an existing one.
#[derive(Clone, PartialEq)]
enum Editing {
    None,
    New,
    Entry(TimeEntry),
}

#[component]
pub fn HoursPage() -> impl IntoView {
    let lang = use_lang();
    let nav = use_nav();
    let view_data = RwSignal::new(None::<HoursView>);
    let error = RwSignal::new(None::<String>);
    let request = RwSignal::new(HoursRequest::default());
    let editing = RwSignal::new(Editing::None);
    let kind_filter = RwSignal::new(String::new());
    let billable_filter = RwSignal::new(String::new());
    let operator_filter = RwSignal::new(None::<String>);
    let reload = move || {
        let r = request.get_untracked();
        spawn_local(async move {
            match call::<Option<HoursView>>("hours_view", &ViewArgs { request: r }).await {
                Ok(v) => {
                    error.set(None);
                    view_data.set(v);
                }
                Err(e) => error.set(Some(e.sentence(lang.get_untracked()))),
            }
        });
    };
    Effect::new(move |_| {
        request.track();
        reload();
    });
    crate::controls::focus_on_arrival("#new-entry");
    let new_entry = move || editing.set(Editing::New);
    // Alt+O: a new time entry, while on this page.
    let shortcut = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.alt_key() && !ev.ctrl_key() && ev.code() == "KeyO" && !ev.default_prevented() {
            ev.prevent_default();
            new_entry();
        }
    });
    on_cleanup(move || shortcut.remove());

    // The year's closing and reopening.
    let locking = RwSignal::new(false);
    let reopening = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let reason_error = RwSignal::new(None::<String>);
    let year_of = move || view_data.with_untracked(|v| v.as_ref().map(|v| v.year));
    let lock = Callback::new(move |()| {
        let Some(year) = year_of() else { return };
        spawn_local(async move {
            match call::<()>("lock_year", &YearArgs { year }).await {
                Ok(()) => {
                    locking.set(false);
                    nav.notice
                        .set(Some(t(lang.get_untracked(), T::YearLocked).to_string()));
                    reload();
                }
                Err(e) => {
                    locking.set(false);
                    error.set(Some(e.sentence(lang.get_untracked())));
                }
            }
        });
    });
    let reopen = Callback::new(move |()| {
        let Some(year) = year_of() else { return };
        let reason_text = reason.get_untracked();
        spawn_local(async move {
            match call::<()>(
                "reopen_year",
                &ReopenArgs {
                    year,
                    reason: reason_text,
                },
            )
            .await
            {
                Ok(()) => {
                    reopening.set(false);
                    nav.notice
                        .set(Some(t(lang.get_untracked(), T::YearReopened).to_string()));
                    reload();
                }
                Err(e) => reason_error.set(Some(
                    e.fields
                        .0
                        .first()
                        .map(|f| f.msg.text(lang.get_untracked()))
                        .unwrap_or(e.message),
                )),
            }
        });
    });
    let save_pdf = move |command: &'static str, args: PdfArgs| {
        spawn_local(async move {
            match call::<Option<String>>(command, &args).await {
                Ok(Some(path)) => {
                    nav.notice.set(Some(format!(
                        "{} {path}",
                        t(lang.get_untracked(), T::PdfSaved)
                    )));
                    reload();
                }
                Ok(None) => {}
                Err(e) => error.set(Some(e.sentence(lang.get_untracked()))),
            }
        });
    };

    view! {
        <section class="hours">
            <div class="page-head">
                <h1 tabindex="-1">{tr(T::NavHours)}</h1>
                <div class="head-actions">
                    <button type="button" class="primary" id="new-entry" aria-keyshortcuts="Alt+O"
                        on:click=move |_| new_entry()>{tr(T::NewTimeEntry)}" " <kbd>"Alt+O"</kbd></button>
                    <button type="button" id="statement-pdf" on:click=move |_| {
                        let (y, m) = request.get_untracked().month.unwrap_or_else(|| {
                            view_data.with_untracked(|v| v.as_ref().map(|v| v.month)).unwrap_or((today().year(), today().month()))
                        });
                        save_pdf("save_statement_pdf", PdfArgs::Month { year: y, month: m });
                    }>{tr(T::StatementPdf)}</button>
                    <button type="button" id="reconciliation-pdf" on:click=move |_| {
                        if let Some(year) = year_of() {
                            save_pdf("save_reconciliation_pdf", PdfArgs::Year { year });
                        }
                    }>{tr(T::ReconciliationPdf)}</button>
                </div>
            </div>
            <Notice text=nav.notice.into() />
            <p class="form-error" role="alert">{move || error.get()}</p>
            {move || match editing.get() {
                Editing::None => None,
                e => Some(view! { <EntryEditor editing=editing current=e reload=Callback::new(move |()| reload())
                    billable_kinds=view_data.with_untracked(|v| v.as_ref().map(|v| v.billable_kinds.clone()).unwrap_or_default()) /> }),
            }}
            {move || view_data.get().map(|v| {
                let l = lang.get();
                view! {
                    <div class="cards">
                        {year_card(&v, l, locking, reopening, reason, reason_error)}
                        {week_card(&v, l, request)}
                    </div>
                    {months_card(&v, l, request)}
                    {entries_card(&v, l, request, editing, Filters { kind: kind_filter, billable: billable_filter, operator: operator_filter })}
                    {by_operator_card(&v, l)}
                }
            })}
            {move || (view_data.with(Option::is_none) && error.with(Option::is_none)).then(|| view! {
                <p class="muted">{tr(T::NoContract)}</p>
            })}
            <crate::community::CommunityCard changed=Callback::new(move |()| reload()) />
            <ConfirmDialog open=locking
                title=Signal::derive(move || t(lang.get(), T::LockYearTitle).to_string())
                text=Signal::derive(move || t(lang.get(), T::LockYearText).to_string())
                confirm_label=Signal::derive(move || t(lang.get(), T::LockYear).to_string())
                cancel_label=Signal::derive(move || t(lang.get(), T::Cancel).to_string())
                on_cancel=Callback::new(move |()| locking.set(false))
                on_confirm=lock />
            <ConfirmDialog open=reopening
                title=Signal::derive(move || t(lang.get(), T::ReopenYearTitle).to_string())
                text=Signal::derive(move || t(lang.get(), T::ReopenYearText).to_string())
                confirm_label=Signal::derive(move || t(lang.get(), T::ReopenYear).to_string())
                cancel_label=Signal::derive(move || t(lang.get(), T::Cancel).to_string())
                on_confirm=reopen>
                <div class="field">
                    <label for="reopen-reason">{tr(T::Reason)}</label>
                    <input id="reopen-reason" data-first="" prop:value=move || reason.get()
                        aria-describedby="reopen-reason-error"
                        on:input=move |ev| reason.set(event_target_value(&ev)) />
                    <span class="error" id="reopen-reason-error" role="alert">{move || reason_error.get()}</span>
                </div>
            </ConfirmDialog>
        </section>
    }
}

fn year_card(
    v: &HoursView,
    l: Lang,
    locking: RwSignal<bool>,
    reopening: RwSignal<bool>,
    reason: RwSignal<String>,
    reason_error: RwSignal<Option<String>>,
) -> impl IntoView {
    let s = &v.summary;
    let alert = s.alert.map(|a| match a {
        BudgetAlert::Used80 => t(l, T::Alert80),
        BudgetAlert::Used100 => t(l, T::Alert100),
    });
    let locked = v.locked_on;
    view! {
        <article class="card" id="year-card" aria-labelledby="h-year">
            <h2 id="h-year">{t(l, T::ContractYear)}" " {date(s.year.start)}" – " {date(s.year.last_day())}</h2>
            <p class="big" id="year-used">{h(s.used)}" " {t(l, T::Used)}" " {t(l, T::Of)}" " {h(s.budget)}</p>
            <meter id="year-gauge" min="0" max=s.budget.get().to_string() value=s.used.get().to_string()
                low=(s.budget.get() * 8 / 10).to_string() high=(s.budget.get() * 8 / 10).to_string()
                optimum="0" aria-label=t(l, T::HoursTitle)></meter>
            {alert.map(|a| view! { <p class="alert" id="year-alert" role="status">{a}</p> })}
            <dl>
                <dt>{t(l, T::Remaining)}</dt><dd id="year-remaining">{h(s.remaining)}</dd>
                <dt>{t(l, T::Amount)}</dt><dd>{sportello_core::format::euro(s.amount_used)}</dd>
                <dt>{t(l, T::OpeningDaysLeft)}</dt><dd id="opening-days-left">{s.opening_days_left}</dd>
                <dt>{t(l, T::PacePerOpening)}</dt><dd id="pace-per-opening">{hours_hhmm(s.pace_needed_per_opening_day)}</dd>
                <dt>{t(l, T::PaceNeeded)}</dt><dd>{hours_hhmm(s.pace_needed_per_week)}" " {t(l, T::PerWeek)}</dd>
                <dt>{t(l, T::Forecast)}</dt><dd id="forecast">{forecast_text(s.exhaustion_forecast, s.projected_use, l)}</dd>
                <dt>{t(l, T::WeeksOverCap)}</dt><dd id="weeks-over-cap">{s.weeks_over_cap.len()}</dd>
            </dl>
            <p id="year-state">{match locked {
                Some(d) => format!("{} {}", t(l, T::LockedOn), date(d)),
                None => t(l, T::YearOpen).to_string(),
            }}</p>
            {match locked {
                Some(_) => view! {
                    <button type="button" id="reopen-year" on:click=move |_| { reason.set(String::new()); reason_error.set(None); reopening.set(true); }>{t(l, T::ReopenYear)}</button>
                }.into_any(),
                None => view! {
                    <button type="button" id="lock-year" on:click=move |_| locking.set(true)>{t(l, T::LockYear)}</button>
                }.into_any(),
            }}
        </article>
    }
}

fn week_card(v: &HoursView, l: Lang, request: RwSignal<HoursRequest>) -> impl IntoView {
    let cap = v.summary.this_week.cap.max(Minutes(1));
    let monday = v.week_monday;
    let go = move |days: i64| {
        let to = if days < 0 {
            monday.checked_sub_days(Days::new(days.unsigned_abs()))
        } else {
            monday.checked_add_days(Days::new(days as u64))
        };
        if let Some(to) = to {
            request.update(|r| r.week_of = Some(to));
        }
    };
    let over = v.week_total > v.summary.this_week.cap;
    // Each day's time as a bar, the week's running billable total as a line, and the cap as a
    // dashed line across: all on one scale, so the line crossing the cap is the week passing it.
    let top = v.week_total.get().max(cap.get()).max(
        v.week
            .iter()
            .map(|d| d.billable.get() + d.not_billable.get())
            .max()
            .unwrap_or(0),
    );
    let scale = |m: u32| f64::from(m) * 80.0 / f64::from(top.max(1));
    let mut running = 0u32;
    let line: String = v
        .week
        .iter()
        .enumerate()
        .map(|(i, d)| {
            running += d.billable.get();
            format!("{:.1},{:.1}", 15.0 + i as f64 * 29.0, 95.0 - scale(running))
        })
        .collect::<Vec<_>>()
        .join(" ");
    let cap_y = 95.0 - scale(cap.get());
    let day_names = ["lun", "mar", "mer", "gio", "ven", "sab", "dom"];
    view! {
        <article class="card" id="week-card" aria-labelledby="h-week">
            <h2 id="h-week">{t(l, T::WeekFrom)}" " {date(monday)}</h2>
            <p class="big" id="week-total" class:alert=over>{hours_hhmm(v.week_total)}" " {t(l, T::Of)}" " {hours_hhmm(v.summary.this_week.cap)}</p>
            <progress id="week-gauge" max=cap.get().to_string() value=v.week_total.get().min(cap.get() * 2).to_string()
                aria-label=t(l, T::WeekTitle)></progress>
            {over.then(|| view! { <p class="alert" role="status">{t(l, T::WeekOverCap)}": " {v.week_note.clone().unwrap_or_else(|| t(l, T::NoNote).to_string())}</p> })}
            <svg class="week-chart" viewBox="0 0 210 110" role="img" aria-labelledby="week-chart-title">
                <title id="week-chart-title">{t(l, T::WeekChart)}</title>
                <line x1="0" x2="210" y1=cap_y y2=cap_y class="cap-line" />
                <text x="208" y=cap_y - 2.0 text-anchor="end" class="axis">{format!("{} {}", t(l, T::Cap), hours_hhmm(v.summary.this_week.cap))}</text>
                {v.week.iter().enumerate().map(|(i, d)| {
                    let x = 5.0 + i as f64 * 29.0;
                    let b = scale(d.billable.get());
                    let n = scale(d.not_billable.get());
                    view! {
                        <g>
                            <rect x=x y=95.0 - b width="20" height=b class="bar-billable" />
                            <rect x=x y=95.0 - b - n width="20" height=n class="bar-other" />
                            <text x=x + 10.0 y="107" text-anchor="middle" class="axis">{day_names[i]}</text>
                        </g>
                    }
                }).collect_view()}
                <polyline points=line class="running-total" />
            </svg>
            <p class="legend"><span class="swatch billable"></span>{t(l, T::Billable)}" " <span class="swatch other"></span>{t(l, T::NotBillableHead)}
                " " <span class="swatch running"></span>{t(l, T::RunningTotal)}</p>
            <table class="compact" id="week-table">
                <caption class="visually-hidden">{t(l, T::WeekChart)}</caption>
                <thead><tr><th scope="col">{t(l, T::Date)}</th><th scope="col">{t(l, T::Billable)}</th><th scope="col">{t(l, T::NotBillableHead)}</th></tr></thead>
                <tbody>
                    {v.week.iter().map(|d| view! {
                        <tr class:closed=d.closed.is_some()>
                            <td>{date(d.date)}{d.closed.clone().map(|c| format!(" · {c}"))}</td>
                            <td class="num">{hours_hhmm(d.billable)}</td>
                            <td class="num">{hours_hhmm(d.not_billable)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <div class="actions">
                <button type="button" id="prev-week" on:click=move |_| go(-7)>{t(l, T::PrevWeek)}</button>
                <button type="button" id="next-week" on:click=move |_| go(7)>{t(l, T::NextWeek)}</button>
            </div>
        </article>
    }
}

fn months_card(v: &HoursView, l: Lang, request: RwSignal<HoursRequest>) -> impl IntoView {
    let max = v
        .months
        .iter()
        .map(|m| m.billable.get() + m.not_billable.get())
        .max()
        .unwrap_or(0)
        .max(60);
    let n = v.months.len().max(1) as f64;
    let width = 600.0;
    let bar = width / n;
    let scale = |m: u32| f64::from(m) * 150.0 / f64::from(max);
    let names = [
        "gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic",
    ];
    view! {
        <article class="card" id="months-card" aria-labelledby="h-months">
            <h2 id="h-months">{t(l, T::MonthsChart)}</h2>
            <svg class="months-chart" viewBox="0 0 600 185" role="img" aria-labelledby="months-chart-title">
                <title id="months-chart-title">{t(l, T::MonthsChart)}</title>
                {v.months.iter().enumerate().map(|(i, m)| {
                    let x = i as f64 * bar + bar * 0.15;
                    let b = scale(m.billable.get());
                    let o = scale(m.not_billable.get());
                    let (y, mo) = (m.year, m.month);
                    view! {
                        <g class="month" on:click=move |_| request.update(|r| r.month = Some((y, mo)))>
                            <rect x=x y=160.0 - b width=bar * 0.7 height=b class="bar-billable" />
                            <rect x=x y=160.0 - b - o width=bar * 0.7 height=o class="bar-other" />
                            <text x=x + bar * 0.35 y="176" text-anchor="middle" class="axis">{names[(m.month - 1) as usize]}</text>
                        </g>
                    }
                }).collect_view()}
            </svg>
            <p class="legend"><span class="swatch billable"></span>{t(l, T::Billable)}" " <span class="swatch other"></span>{t(l, T::NotBillableHead)}</p>
            <details>
                <summary>{t(l, T::ChartAsTable)}</summary>
                <table class="compact" id="months-table">
                    <thead><tr><th scope="col">{t(l, T::Month)}</th><th scope="col">{t(l, T::Billable)}</th><th scope="col">{t(l, T::NotBillableHead)}</th></tr></thead>
                    <tbody>
                        {v.months.iter().map(|m| view! {
                            <tr><td>{month_title(m.year, m.month)}</td><td class="num">{hours_hhmm(m.billable)}</td><td class="num">{hours_hhmm(m.not_billable)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
        </article>
    }
}

/// The filters of a month's entries: kind, billable, who recorded them (`None`: everyone).
#[derive(Clone, Copy)]
struct Filters {
    kind: RwSignal<String>,
    billable: RwSignal<String>,
    operator: RwSignal<Option<String>>,
}

/// The operator's name as shown (an entry whose operator is not known says so).
fn operator_label(name: &str, l: Lang) -> String {
    if name.is_empty() {
        t(l, T::NotIndicated).to_string()
    } else {
        name.to_string()
    }
}

/// Who delivered the hours: each operator's billable and not billable time, in the month shown
/// and in the contract year.
fn by_operator_card(v: &HoursView, l: Lang) -> impl IntoView {
    let rows = |lines: &[sportello_core::statement::OperatorMinutes], id: &'static str| {
        let lines = lines.to_vec();
        view! {
            <table class="compact" id=id>
                <thead><tr><th scope="col">{t(l, T::Operator)}</th><th scope="col">{t(l, T::Billable)}</th><th scope="col">{t(l, T::NotBillableHead)}</th></tr></thead>
                <tbody>
                    {lines.into_iter().map(|o| view! {
                        <tr><td>{operator_label(&o.operator, l)}</td><td class="num">{hours_hhmm(o.billable)}</td><td class="num">{hours_hhmm(o.not_billable)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
    };
    let month = v.month;
    view! {
        <article class="card" id="by-operator-card" aria-labelledby="h-by-operator">
            <h2 id="h-by-operator">{t(l, T::HoursByOperator)}</h2>
            <div class="grid">
                <div>
                    <h3>{t(l, T::ThisMonth)}" " {month_title(month.0, month.1)}</h3>
                    {if v.month_by_operator.is_empty() {
                        view! { <p class="muted">{t(l, T::NoTimeRecorded)}</p> }.into_any()
                    } else {
                        rows(&v.month_by_operator, "month-by-operator").into_any()
                    }}
                </div>
                <div>
                    <h3>{t(l, T::ThisContractYear)}</h3>
                    {if v.year_by_operator.is_empty() {
                        view! { <p class="muted">{t(l, T::NoTimeRecorded)}</p> }.into_any()
                    } else {
                        rows(&v.year_by_operator, "year-by-operator").into_any()
                    }}
                </div>
            </div>
        </article>
    }
}

fn entries_card(
    v: &HoursView,
    l: Lang,
    request: RwSignal<HoursRequest>,
    editing: RwSignal<Editing>,
    filters: Filters,
) -> impl IntoView {
    let Filters {
        kind: kind_filter,
        billable: billable_filter,
        operator: operator_filter,
    } = filters;
    let month = v.month;
    let entries = v.entries.clone();
    let mut operators: Vec<String> = v.entries.iter().map(|e| e.operator.clone()).collect();
    operators.sort();
    operators.dedup();
    let operators_for_filter = operators.clone();
    // A month where the chosen operator recorded nothing shows everyone's entries.
    if operator_filter
        .get_untracked()
        .is_some_and(|o| !operators.contains(&o))
    {
        operator_filter.set(None);
    }
    let issued: Vec<_> = v
        .issued
        .iter()
        .filter(|s| (s.year, s.month) == month)
        .map(|s| {
            format!(
                "{} {} · {}",
                t(l, T::IssuedOn),
                date(s.issued_on),
                s.document_id
            )
        })
        .collect();
    view! {
        <article class="card" id="entries-card" aria-labelledby="h-entries">
            <div class="page-head">
                <h2 id="h-entries">{t(l, T::EntriesOf)}" " {month_title(month.0, month.1)}</h2>
                <div class="head-actions">
                    <button type="button" id="prev-month" on:click=move |_| request.update(|r| r.month = Some(shift_month(month, -1)))>{t(l, T::PrevMonth)}</button>
                    <button type="button" id="next-month" on:click=move |_| request.update(|r| r.month = Some(shift_month(month, 1)))>{t(l, T::NextMonth)}</button>
                </div>
            </div>
            {issued.into_iter().map(|i| view! { <p class="muted issued">{i}</p> }).collect_view()}
            <div class="grid filters">
                <div class="field">
                    <label for="filter-kind">{t(l, T::Kind)}</label>
                    <select id="filter-kind" on:change=move |ev| kind_filter.set(event_target_value(&ev))>
                        <option value="">{t(l, T::All)}</option>
                        {choice::time_kind(l).into_iter().map(|(code, text)| view! {
                            <option value=code selected=move || kind_filter.get() == code>{text}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="filter-billable">{t(l, T::Billable)}</label>
                    <select id="filter-billable" on:change=move |ev| billable_filter.set(event_target_value(&ev))>
                        <option value="">{t(l, T::All)}</option>
                        <option value="1" selected=move || billable_filter.get() == "1">{t(l, T::Yes)}</option>
                        <option value="0" selected=move || billable_filter.get() == "0">{t(l, T::No)}</option>
                    </select>
                </div>
                <div class="field">
                    <label for="filter-operator">{t(l, T::Operator)}</label>
                    <select id="filter-operator" on:change=move |ev| {
                        let i = event_target_value(&ev);
                        operator_filter.set(i.parse::<usize>().ok().and_then(|i| operators_for_filter.get(i).cloned()));
                    }>
                        <option value="" selected=move || operator_filter.get().is_none()>{t(l, T::AllOperators)}</option>
                        {operators.iter().enumerate().map(|(i, name)| {
                            let name = name.clone();
                            let label = operator_label(&name, l);
                            view! { <option value=i.to_string() selected=move || operator_filter.get().as_deref() == Some(name.as_str())>{label}</option> }
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <div class="table-wrap"><table id="entries">
                <thead><tr>
                    <th scope="col">{t(l, T::Date)}</th><th scope="col">{t(l, T::Kind)}</th>
                    <th scope="col">{t(l, T::Duration)}</th><th scope="col">{t(l, T::Billable)}</th>
                    <th scope="col">{t(l, T::Details)}</th><th scope="col">{t(l, T::Operator)}</th>
                    <th scope="col"><span class="visually-hidden">{t(l, T::Actions)}</span></th>
                </tr></thead>
                <tbody>
                    {move || {
                        let (kind, billable, operator) = (kind_filter.get(), billable_filter.get(), operator_filter.get());
                        entries.iter().filter(|e| {
                            (kind.is_empty() || e.entry.data.kind.code() == kind)
                                && (billable.is_empty() || (billable == "1") == e.entry.data.billable)
                                && operator.as_ref().is_none_or(|o| *o == e.operator)
                        }).map(|e| {
                            let entry = e.entry.clone();
                            let d = &e.entry.data;
                            view! {
                                <tr class="entry">
                                    <td class="date">{date(d.date)}</td>
                                    <td>{d.kind.label(l)}</td>
                                    <td class="num">{hours_hhmm(d.minutes)}</td>
                                    <td>{if d.billable { t(l, T::Yes) } else { t(l, T::No) }}</td>
                                    <td>{e.person_name.clone().unwrap_or_default()}{(!d.note.is_empty()).then(|| format!(" {}", d.note))}</td>
                                    <td class="operator">{operator_label(&e.operator, l)}</td>
                                    <td><button type="button" class="link edit-entry" on:click=move |_| editing.set(Editing::Entry(entry.clone()))>{t(l, T::Edit)}</button></td>
                                </tr>
                            }
                        }).collect_view()
                    }}
                </tbody>
            </table></div>
        </article>
    }
}

/// Adds or changes a time entry; the billable box starts from the contract's default for the
/// kind; when the week would pass the cap, the note is asked at its own field.
#[component]
fn EntryEditor(
    editing: RwSignal<Editing>,
    current: Editing,
    reload: Callback<()>,
    billable_kinds: Vec<TimeKind>,
) -> impl IntoView {
    let lang = use_lang();
    let nav = use_nav();
    let (id, start): (Option<TimeEntryId>, TimeEntryForm) = match &current {
        Editing::Entry(e) => (Some(e.id), e.data.to_form()),
        _ => (
            None,
            TimeEntryForm {
                date: date(today()),
                minutes: "30".into(),
                kind: TimeKind::Documentation.code().into(),
                billable: true,
                ..TimeEntryForm::default()
            },
        ),
    };
    let date_s = RwSignal::new(start.date.clone());
    let minutes = RwSignal::new(start.minutes.clone());
    let kind = RwSignal::new(start.kind.clone());
    let billable = RwSignal::new(start.billable);
    let note = RwSignal::new(start.note.clone());
    let cap_note = RwSignal::new(String::new());
    let needs_cap_note = RwSignal::new(false);
    // A new entry is billable as the contract bills its kind (she can still change it).
    if id.is_none() {
        Effect::new(move |_| {
            let k = kind.get();
            billable.set(billable_kinds.iter().any(|b| b.code() == k));
        });
    }
    let errors = RwSignal::new(FormErrors::default());
    let message = RwSignal::new(None::<String>);
    let confirm_leave = RwSignal::new(false);
    focus_soon("#entry-date");
    let form = move || TimeEntryForm {
        date: date_s.get_untracked(),
        minutes: minutes.get_untracked(),
        kind: kind.get_untracked(),
        billable: billable.get_untracked(),
        note: note.get_untracked(),
        cap_note: cap_note.get_untracked(),
    };
    let initial = StoredValue::new(start);
    let dirty = move || initial.with_value(|i| *i != form());
    let close = move || editing.set(Editing::None);
    let pending = RwSignal::new(None::<Route>);
    nav.guard(LeaveGuard {
        dirty: Callback::new(move |()| dirty()),
        confirm: confirm_leave,
        pending,
    });
    let keydown = form_keys(dirty, confirm_leave, close, "#save-entry");
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = SaveTimeEntryRequest { id, form: form() };
        if let Err(e) = request.form.parse(None, today()) {
            errors.set(e);
            return;
        }
        spawn_local(async move {
            match call::<TimeEntryId>("save_time_entry", &SaveArgs { request }).await {
                Ok(_) => {
                    editing.set(Editing::None);
                    nav.notice
                        .set(Some(t(lang.get_untracked(), T::TimeSaved).to_string()));
                    reload.run(());
                }
                Err(e) => {
                    if e.fields.for_field("cap_note").is_some() {
                        needs_cap_note.set(true);
                        focus_soon("#cap_note");
                    }
                    message.set(Some(e.message));
                    errors.set(e.fields);
                }
            }
        });
    };
    let delete = move |_| {
        let Some(id) = id else { return };
        spawn_local(async move {
            match call::<()>("delete_time_entry", &IdArgs { id }).await {
                Ok(()) => {
                    editing.set(Editing::None);
                    nav.notice
                        .set(Some(t(lang.get_untracked(), T::TimeDeleted).to_string()));
                    reload.run(());
                }
                Err(e) => message.set(Some(e.sentence(lang.get_untracked()))),
            }
        });
    };
    let err = move |field| field_error(errors, field);
    view! {
        <form class="card inline-form" id="entry-form" on:submit=save on:keydown=keydown novalidate=true>
            <h2>{move || t(lang.get(), if id.is_some() { T::EditTimeEntry } else { T::NewTimeEntry })}</h2>
            <div class="grid four">
                <Field id="entry-date" label=T::Date help=T::DateHelp value=date_s error=err("date") />
                <Field id="entry-minutes" label=T::Minutes value=minutes error=err("minutes") />
                <Select id="entry-kind" label=T::Kind value=kind options=choice::time_kind error=err("kind") />
                <Checkbox id="entry-billable" label=T::Billable value=billable />
            </div>
            <Field id="entry-note" label=T::Note value=note error=err("note") />
            <div hidden=move || !needs_cap_note.get()>
                <Field id="cap_note" label=T::CapNote help=T::CapNoteHelp value=cap_note error=err("cap_note") />
            </div>
            <p class="form-error" role="alert">{move || message.get()}</p>
            <div class="actions">
                {id.is_some().then(|| view! { <button type="button" id="delete-entry" on:click=delete>{tr(T::Delete)}</button> })}
                <button type="button" on:click=move |_| if dirty() { confirm_leave.set(true) } else { close() }>{tr(T::Cancel)}</button>
                <button type="submit" class="primary" id="save-entry">{tr(T::Save)}</button>
            </div>
        </form>
        <ConfirmDialog open=confirm_leave
            title=Signal::derive(move || t(lang.get(), T::DiscardTitle).to_string())
            text=Signal::derive(move || t(lang.get(), T::DiscardText).to_string())
            confirm_label=Signal::derive(move || t(lang.get(), T::Discard).to_string())
            cancel_label=Signal::derive(move || t(lang.get(), T::KeepWriting).to_string())
            on_cancel=Callback::new(move |()| pending.set(None))
            on_confirm=Callback::new(move |()| match pending.get_untracked() {
                Some(route) => nav.go(route),
                None => close(),
            }) />
    }
}
