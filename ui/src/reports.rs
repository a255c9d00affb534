//! The *Report* page: the activity report of a period — the headline figures, contacts per
//! month and the areas of need as SVG charts, the summary to edit, every table as it will be
//! printed (small numbers withheld); selecting a figure lists the records behind it, and the
//! PDF is saved where the operator chooses.

use crate::api::{call, sleep_ms, JobArgs, NoArgs};
use crate::i18n::{t, T};
use crate::session::{use_nav, Route};
use crate::widgets::{today, tr, use_lang, Field, Notice};
use chrono::Datelike;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;
use sportello_core::format::{count, date, hours_decimal};
use sportello_core::ipc::{
    ActivityRequest, JobStage, ReportJobView, SaveActivityRequest, TraceRequest, TraceView,
    TracedRecord,
};
use sportello_core::stats::activity::Table;
use sportello_core::stats::{ActivityReport, Period, Printed};
use sportello_core::{Lang, Minutes, Msg};

#[derive(Serialize)]
struct ReportArgs {
    request: ActivityRequest,
}

#[derive(Serialize)]
struct SaveArgs {
    request: SaveActivityRequest,
}

#[derive(Serialize)]
struct TraceArgs {
    request: TraceRequest,
}

/// The figure whose records are listed: table title, row label, and the records.
#[derive(Clone)]
struct Traced {
    title: String,
    view: TraceView,
}

/// The period chosen on the form, or the message that says what is wrong.
fn chosen_period(
    kind: &str,
    year: &str,
    which: &str,
    (from, to): (&str, &str),
    contract_years: &[Period],
    lang: Lang,
) -> Result<Period, String> {
    let it = |m: Msg| m.text(lang);
    if kind == "contract" {
        return which
            .parse::<usize>()
            .ok()
            .and_then(|i| contract_years.get(i).copied())
            .ok_or_else(|| t(lang, T::NoContractYears).to_string());
    }
    if kind == "range" {
        let from = sportello_core::format::parse_date(from).map_err(it)?;
        let to = sportello_core::format::parse_date(to).map_err(it)?;
        return Period::range(from, to).map_err(it);
    }
    let year: i32 = year
        .trim()
        .parse()
        .ok()
        .filter(|y| (1900..=2100).contains(y))
        .ok_or_else(|| it(Msg::DateOutOfRange))?;
    let n: u32 = which.parse().unwrap_or(1);
    match kind {
        "month" => Period::month(year, n),
        "quarter" => Period::quarter(year, n),
        "semester" => Period::semester(year, n),
        _ => Period::year(year),
    }
    .map_err(it)
}

#[component]
pub fn ReportsPage() -> impl IntoView {
    let lang = use_lang();
    let nav = use_nav();
    let now = today();
    let kind = RwSignal::new("quarter".to_string());
    let year = RwSignal::new(now.year().to_string());
    let which = RwSignal::new(((now.month() - 1) / 3 + 1).to_string());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let threshold = RwSignal::new("3".to_string());
    let error = RwSignal::new(None::<String>);
    let period_error = RwSignal::new(None::<String>);
    let threshold_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let job = RwSignal::new(None::<u64>);
    let progress = RwSignal::new(None::<(u8, JobStage)>);
    let contract_years = RwSignal::new(Vec::<Period>::new());
    spawn_local(async move {
        if let Ok(years) = call::<Vec<Period>>("contract_year_periods", &NoArgs {}).await {
            let _ = contract_years.try_set(years);
        }
    });
    let report = RwSignal::new(None::<ActivityReport>);
    let narrative = RwSignal::new(String::new());
    let missing_resources = RwSignal::new(String::new());
    let sections = RwSignal::new(Vec::<(String, RwSignal<String>)>::new());
    let traced = RwSignal::new(None::<Traced>);
    // The page opens on its first choice: the period.
    crate::controls::focus_on_arrival("#period-kind");

    let threshold_value = move || threshold.get_untracked().trim().parse::<u64>().unwrap_or(0);
    let compute = move || {
        let period = match chosen_period(
            &kind.get_untracked(),
            &year.get_untracked(),
            &which.get_untracked(),
            (&from.get_untracked(), &to.get_untracked()),
            &contract_years.get_untracked(),
            lang.get_untracked(),
        ) {
            Ok(p) => p,
            Err(message) => {
                period_error.set(Some(message));
                return;
            }
        };
        period_error.set(None);
        threshold_error.set(None);
        error.set(None);
        busy.set(true);
        traced.set(None);
        let request = ActivityRequest {
            period,
            threshold: threshold_value(),
        };
        progress.set(None);
        spawn_local(async move {
            // The report runs on the archive's own thread; the page asks how it is doing.
            let id = match call::<u64>("start_activity_report", &ReportArgs { request }).await {
                Ok(id) => id,
                Err(e) => {
                    error.set(Some(e.sentence(lang.get_untracked())));
                    busy.set(false);
                    return;
                }
            };
            job.set(Some(id));
            let outcome = loop {
                sleep_ms(80).await;
                // The page was left, or a newer computation took over: stop asking.
                if job.try_get_untracked() != Some(Some(id)) {
                    return;
                }
                match call::<ReportJobView>("activity_job", &JobArgs { job: id }).await {
                    Ok(ReportJobView::Running { percent, stage }) => {
                        progress.set(Some((percent, stage)));
                    }
                    other => break other,
                }
            };
            job.set(None);
            progress.set(None);
            busy.set(false);
            match outcome {
                Ok(ReportJobView::Done { report: r }) => {
                    narrative.set(r.narrative.clone());
                    missing_resources.set(r.missing_resources.clone());
                    sections.set(
                        r.sections
                            .iter()
                            .map(|(title, text)| (title.clone(), RwSignal::new(text.clone())))
                            .collect(),
                    );
                    report.set(Some(*r));
                }
                Ok(ReportJobView::Cancelled) => {
                    error.set(Some(
                        t(lang.get_untracked(), T::ReportCancelled).to_string(),
                    ));
                }
                Ok(ReportJobView::Failed { error: e }) | Err(e) => {
                    if let Some(f) = e.fields.for_field("threshold") {
                        threshold_error.set(Some(f.text(lang.get_untracked())));
                    } else {
                        error.set(Some(e.sentence(lang.get_untracked())));
                    }
                }
                Ok(ReportJobView::Running { .. }) => {}
            }
        });
    };
    let cancel = move || {
        if let Some(Some(id)) = job.try_get_untracked() {
            spawn_local(async move {
                let _ = call::<()>("cancel_activity_report", &JobArgs { job: id }).await;
            });
        }
    };
    // Leaving the page stops a computation still running.
    on_cleanup(cancel);
    let save = move || {
        let Some(r) = report.get_untracked() else {
            return;
        };
        let request = SaveActivityRequest {
            period: r.figures.period,
            threshold: r.figures.threshold,
            narrative: narrative.get_untracked(),
            missing_resources: missing_resources.get_untracked(),
            shown: Some(r.figures.clone()),
            sections: sections
                .get_untracked()
                .iter()
                .map(|(title, text)| (title.clone(), text.get_untracked()))
                .collect(),
        };
        spawn_local(async move {
            match call::<Option<String>>("save_activity_pdf", &SaveArgs { request }).await {
                Ok(Some(path)) => nav.notice.set(Some(format!(
                    "{} {path}",
                    t(lang.get_untracked(), T::PdfSaved)
                ))),
                Ok(None) => {}
                Err(e) => error.set(Some(e.sentence(lang.get_untracked()))),
            }
        });
    };
    let trace = move |table: String, title: String, row: String, column: Option<String>| {
        let Some(r) = report.get_untracked() else {
            return;
        };
        let request = TraceRequest {
            period: r.figures.period,
            table,
            row,
            column,
        };
        spawn_local(async move {
            match call::<TraceView>("activity_trace", &TraceArgs { request }).await {
                Ok(view) => {
                    traced.set(Some(Traced { title, view }));
                    crate::controls::focus_soon("#trace-title");
                }
                Err(e) => error.set(Some(e.sentence(lang.get_untracked()))),
            }
        });
    };

    let which_options = move || -> Vec<(String, String)> {
        match kind.get().as_str() {
            "month" => (1..=12)
                .map(|m| {
                    (
                        m.to_string(),
                        sportello_core::stats::period::month_name(m).to_string(),
                    )
                })
                .collect(),
            "quarter" => (1..=4)
                .map(|q| (q.to_string(), format!("{q}° trimestre")))
                .collect(),
            "semester" => (1..=2)
                .map(|s| (s.to_string(), format!("{s}° semestre")))
                .collect(),
            "contract" => contract_years
                .get()
                .iter()
                .enumerate()
                .map(|(i, p)| (i.to_string(), p.title()))
                .collect(),
            _ => Vec::new(),
        }
    };

    view! {
        <section class="reports">
            <div class="page-head">
                <h1 tabindex="-1">{tr(T::Reports)}</h1>
            </div>
            <p class="muted">{tr(T::ReportIntro)}</p>
            <Notice text=nav.notice.into() />
            <form id="report-form" class="report-form" on:submit=move |ev| { ev.prevent_default(); compute(); }>
                <div class="field">
                    <label for="period-kind">{tr(T::PeriodKind)}</label>
                    <select id="period-kind" on:change=move |ev| {
                        kind.set(event_target_value(&ev));
                        let first = if kind.get_untracked() == "contract" { "0" } else { "1" };
                        which.set(first.into());
                    }>
                        {move || [("month", T::PeriodMonth), ("quarter", T::PeriodQuarter), ("semester", T::PeriodSemester), ("year", T::PeriodYear), ("contract", T::PeriodContractYear), ("range", T::PeriodRange)]
                            .into_iter()
                            .map(|(code, label)| view! { <option value=code selected=move || kind.get() == code>{t(lang.get(), label)}</option> })
                            .collect_view()}
                    </select>
                </div>
                <Show when=move || kind.get() != "range" && kind.get() != "contract">
                    <Field id="period-year" label=T::Year value=year kind="number" />
                </Show>
                <Show when=move || !which_options().is_empty()>
                    <div class="field">
                        <label for="period-which">{move || t(lang.get(), if kind.get() == "contract" { T::ContractYearChoice } else { T::Which })}</label>
                        <select id="period-which" on:change=move |ev| which.set(event_target_value(&ev))>
                            {move || which_options().into_iter().map(|(code, text)| {
                                let selected = code.clone();
                                view! { <option value=code selected=move || which.get() == selected>{text}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                </Show>
                <Show when=move || kind.get() == "range">
                    <Field id="period-from" label=T::From value=from />
                    <Field id="period-to" label=T::To value=to />
                </Show>
                <Field id="threshold" label=T::Threshold help=T::ThresholdHelp value=threshold kind="number" error=Signal::derive(move || threshold_error.get()) />
                <span class="error" id="period-error" role="alert">{move || period_error.get()}</span>
                <div class="actions">
                    <button type="submit" class="primary" id="compute-report" disabled=move || busy.get()>{tr(T::Compute)}</button>
                    <Show when=move || busy.get()>
                        <div class="job-progress" id="report-progress" role="status">
                            <progress max="100" aria-label=tr(T::ReportProgress)
                                value=move || progress.get().map_or(0, |(p, _)| p).to_string()></progress>
                            <span>{move || progress.get().map_or_else(|| t(lang.get(), T::ReportComputing).to_string(), |(_, stage)| stage.label(lang.get()).to_string())}</span>
                            <button type="button" id="cancel-report" on:click=move |_| cancel()>{tr(T::CancelReport)}</button>
                        </div>
                    </Show>
                </div>
                <Show when=move || kind.get() == "contract" && contract_years.get().is_empty()>
                    <p class="muted" id="no-contract-years">{tr(T::NoContractYears)}</p>
                </Show>
            </form>
            <p class="form-error" id="report-error" role="alert">{move || error.get()}</p>
            {move || report.get().map(|r| {
                let l = lang.get();
                let f = &r.figures;
                let th = f.threshold;
                let h = &f.headline;
                view! {
                    <div class="report">
                        <h2 id="report-title">{format!("{} — {}", r.document.title, r.document.period)}</h2>
                        <h3>{t(l, T::Headline)}</h3>
                        <dl class="headline">
                            <dt>{t(l, T::Persons)}</dt><dd id="headline-persons">{h.persons.text(th)}</dd>
                            <dt>{t(l, T::ReportContacts)}</dt><dd id="headline-contacts">{h.contacts.text(th)}</dd>
                            <dt>{t(l, T::Colloqui)}</dt><dd>{h.colloqui.text(th)}</dd>
                            <dt>{t(l, T::ReportReferrals)}</dt><dd>{h.referrals.text(th)}</dd>
                        </dl>
                        {f.table("contacts_by_month").map(|tb| month_chart(tb, th, l))}
                        {f.table("contacts_by_area").map(|tb| area_chart(tb, th, l))}
                        <p class="muted" id="report-desk">{format!(
                            "{}: {} / {}{}; front office {} h, back office {} h, monte ore {} h.",
                            t(l, T::SessionsHeld),
                            f.desk.sessions_held, f.desk.sessions_planned,
                            f.desk.planned_until_text(),
                            hours_decimal(Minutes(f.desk.front_minutes)),
                            hours_decimal(Minutes(f.desk.back_minutes)),
                            hours_decimal(Minutes(f.desk.billable_minutes)),
                        )}</p>
                        <div class="field">
                            <label for="narrative">{t(l, T::ReportSummary)}</label>
                            <textarea id="narrative" rows="6" spellcheck="true"
                                prop:value=move || narrative.get()
                                on:input=move |ev| narrative.set(event_target_value(&ev))></textarea>
                        </div>
                        <div class="field">
                            <label for="missing-resources">{t(l, T::MissingResources)}</label>
                            <textarea id="missing-resources" rows="3" aria-describedby="missing-resources-help"
                                prop:value=move || missing_resources.get()
                                on:input=move |ev| missing_resources.set(event_target_value(&ev))></textarea>
                            <span class="help" id="missing-resources-help">{format!("{} {th} {}", t(l, T::MissingResourcesHelp), t(l, T::MissingResourcesHelpEnd))}</span>
                        </div>
                        {move || sections.get().into_iter().enumerate().map(|(i, (title, text))| {
                            let id = format!("section-{i}");
                            view! {
                                <div class="field">
                                    <label for=id.clone()>{title}</label>
                                    <textarea id=id rows="4" prop:value=move || text.get()
                                        on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                                </div>
                            }
                        }).collect_view()}
                        <div class="actions">
                            <button type="button" class="primary" id="save-report-pdf" on:click=move |_| save()>{t(l, T::SaveReportPdf)}</button>
                        </div>
                        {move || traced.get().map(|tr_| trace_list(tr_, lang.get(), nav))}
                        <p class="muted">{t(l, T::FigureHelp)}</p>
                        {f.tables.iter().map(|tb| figure_table(tb, th, l, trace)).collect_view()}
                    </div>
                }
            })}
        </section>
    }
}

/// A table as printed, each number a button that lists the records behind it.
fn figure_table(
    tb: &Table<Printed>,
    th: u64,
    l: Lang,
    trace: impl Fn(String, String, String, Option<String>) + Copy + 'static,
) -> impl IntoView {
    let multi = tb
        .multi_response
        .then(|| view! { <p class="muted small">{t(l, T::MultiResponse)}</p> });
    let several = tb.columns.len() > 1;
    let head = tb
        .columns
        .iter()
        .map(|c| view! { <th scope="col" class="num">{c.label.clone()}</th> })
        .collect_view();
    let rows = tb
        .rows
        .iter()
        .chain([&tb.total])
        .map(|row| {
            let cells = row
                .cells
                .iter()
                .zip(&tb.columns)
                .map(|(cell, column)| {
                    let (table, row_code, row_label) = (tb.code.clone(), row.code.clone(), row.label.clone());
                    let column = several.then(|| column.code.clone());
                    let title = format!("{} — {}", tb.title, row_label);
                    let id = format!(
                        "fig-{}-{}{}",
                        tb.code,
                        row.code,
                        column.as_deref().map(|c| format!("-{c}")).unwrap_or_default()
                    );
                    let text = cell.text(th);
                    view! {
                        <td class="num">
                            <button type="button" class="figure" id=id
                                on:click=move |_| trace(table.clone(), title.clone(), row_code.clone(), column.clone())>{text}</button>
                        </td>
                    }
                })
                .collect_view();
            let total = row.code == "totale";
            view! { <tr class:total=total><th scope="row">{row.label.clone()}</th>{cells}</tr> }
        })
        .collect_view();
    view! {
        <section class="figure-table" id=format!("table-{}", tb.code)>
            <h3>{tb.title.clone()}</h3>
            {multi}
            <table>
                <thead><tr><th scope="col"></th>{head}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

fn trace_list(traced: Traced, l: Lang, nav: crate::session::Nav) -> impl IntoView + use<> {
    let Traced { title, view } = traced;
    let shown = view.records.len();
    let summary = if view.total > shown {
        format!(
            "{} {} {shown}.",
            count(view.total as u64),
            t(l, T::RecordsShown)
        )
    } else {
        format!("{} record.", count(view.total as u64))
    };
    let items = view
        .records
        .into_iter()
        .map(|TracedRecord { person, person_name, date: day, detail }| {
            let when = day.map(date).unwrap_or_default();
            let who = match person {
                Some(id) => view! {
                    <a href="#" on:click=move |ev| { ev.prevent_default(); nav.go(Route::Person(id)); }>{person_name}</a>
                }
                .into_any(),
                None => view! { <span>{person_name}</span> }.into_any(),
            };
            let when = if when.is_empty() { when } else { format!("{when} · ") };
            view! { <li>{when}{who}" · "{detail}</li> }
        })
        .collect_view();
    view! {
        <section class="trace" aria-live="polite">
            <h3 id="trace-title" tabindex="-1">{format!("{}: {title}", t(l, T::RecordsBehind))}</h3>
            <p id="trace-count">{summary}</p>
            <ul id="trace-records">{items}</ul>
            {(shown == 0).then(|| view! { <p>{t(l, T::NoRecords)}</p> })}
        </section>
    }
}

/// Contacts per month as SVG bars; a withheld month shows its label, no bar.
fn month_chart(tb: &Table<Printed>, th: u64, l: Lang) -> impl IntoView {
    let max = tb
        .rows
        .iter()
        .filter_map(|r| r.cells[0].value())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let n = tb.rows.len().max(1) as f64;
    let slot = 600.0 / n;
    let bars = tb
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let x = slot * i as f64 + slot * 0.2;
            let h = r.cells[0].value().map_or(0.0, |v| 130.0 * v as f64 / max);
            let month = r.code.get(5..7).and_then(|m| m.parse::<u32>().ok()).unwrap_or(1);
            let name: String = sportello_core::stats::period::month_name(month).chars().take(3).collect();
            view! {
                <g>
                    <rect x=x y=150.0 - h width=slot * 0.6 height=h class="bar-billable" />
                    <text x=x + slot * 0.3 y=145.0 - h text-anchor="middle" class="value">{r.cells[0].text(th)}</text>
                    <text x=x + slot * 0.3 y="168" text-anchor="middle" class="axis">{name}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg class="months-chart" id="report-months-chart" viewBox="0 0 600 175" role="img" aria-labelledby="report-months-title">
            <title id="report-months-title">{t(l, T::ContactsByMonth)}</title>
            <line x1="0" x2="600" y1="150" y2="150" class="axis-line" />
            {bars}
        </svg>
    }
}

/// The areas of need as horizontal SVG bars, each with its number.
fn area_chart(tb: &Table<Printed>, th: u64, l: Lang) -> impl IntoView {
    let max = tb
        .rows
        .iter()
        .filter_map(|r| r.cells[0].value())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let rows = tb
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let y = 6.0 + i as f64 * 22.0;
            let w = r.cells[0].value().map_or(0.0, |v| 300.0 * v as f64 / max);
            view! {
                <g>
                    <text x="0" y=y + 13.0 class="axis">{r.label.clone()}</text>
                    <rect x="250" y=y width=w height="16" class="bar-billable" />
                    <text x=256.0 + w y=y + 13.0 class="value">{r.cells[0].text(th)}</text>
                </g>
            }
        })
        .collect_view();
    let height = 12.0 + tb.rows.len() as f64 * 22.0;
    view! {
        <svg class="areas-chart" id="report-areas-chart" viewBox=format!("0 0 600 {height}") role="img" aria-labelledby="report-areas-title">
            <title id="report-areas-title">{t(l, T::AreasChart)}</title>
            {rows}
        </svg>
    }
}
