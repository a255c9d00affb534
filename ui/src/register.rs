//! *Importa ed esporta il registro*: the register she kept before Sportello comes in through a
//! wizard — the file chosen, each of its columns read as a column of the template (guessed,
//! changed here), each free-text value mapped to a category, a preview with every problem by
//! row and column and every person matched — then imported whole; imports listed and undone;
//! the register and the hours exported as CSV or XLSX after the warning.

use crate::api::{call, poll_job, JobArgs, NoArgs};
use crate::controls::ConfirmDialog;
use crate::i18n::{t, T};
use crate::widgets::{tr, use_lang};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;
use sportello_core::ipc::{ImportJobView, ServiceOption};
use sportello_core::register::{
    fold_value, Column, ExportRequest, ImportChosen, ImportOutcome, ImportPreview, ImportRecord,
    ImportRequest, Mapping,
};
use sportello_core::{format, Lang};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Serialize)]
struct RequestArgs {
    request: ImportRequest,
}

#[derive(Serialize)]
struct ExportArgs {
    request: ExportRequest,
}

#[derive(Serialize)]
struct IdArgs {
    id: String,
}

/// Problems shown on the page (all of them go in the saved list).
const PROBLEMS_SHOWN: usize = 100;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let lang = use_lang();
    let file = RwSignal::new(None::<String>);
    let mapping = RwSignal::new(Mapping::default());
    let with_time = RwSignal::new(false);
    let skip_errors = RwSignal::new(false);
    let preview = RwSignal::new(None::<ImportPreview>);
    // Every value of this file that needed a mapping, mapped since or not: a value she mapped
    // stays listed with her choice, to change it.
    let to_map = RwSignal::new(BTreeMap::<Column, BTreeSet<String>>::new());
    let notice = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let job = RwSignal::new(None::<u64>);
    let progress = RwSignal::new(None::<u8>);
    let imports = RwSignal::new(Vec::<ImportRecord>::new());
    let services = RwSignal::new(Vec::<ServiceOption>::new());
    let export_notice = RwSignal::new(None::<String>);
    let export_open = RwSignal::new(false);
    let export_choice = StoredValue::new(None::<ExportRequest>);
    let undo_open = RwSignal::new(false);
    let undo_choice = StoredValue::new(None::<String>);
    crate::controls::focus_on_arrival("#import-choose");

    let load_imports = move || {
        spawn_local(async move {
            if let Ok(list) = call::<Vec<ImportRecord>>("imports", &NoArgs {}).await {
                imports.set(list);
            }
        });
    };
    load_imports();
    spawn_local(async move {
        if let Ok(list) = call::<Vec<ServiceOption>>("services", &NoArgs {}).await {
            services.set(list);
        }
    });
    let request = move || ImportRequest {
        mapping: mapping.get_untracked(),
        skip_errors: skip_errors.get_untracked(),
        with_time: with_time.get_untracked(),
    };
    let refresh = move || {
        spawn_local(async move {
            match call::<ImportPreview>("import_preview", &RequestArgs { request: request() }).await
            {
                Ok(p) => {
                    error.set(None);
                    to_map.update(|m| {
                        for (column, values) in &p.unknown {
                            m.entry(*column).or_default().extend(values.iter().cloned());
                        }
                    });
                    preview.set(Some(p));
                }
                Err(e) => {
                    preview.set(None);
                    error.set(Some(e.message));
                }
            }
        });
    };
    let choose = move |_| {
        notice.set(None);
        spawn_local(async move {
            match call::<Option<ImportChosen>>("choose_import_file", &NoArgs {}).await {
                Ok(Some(chosen)) => {
                    to_map.set(BTreeMap::new());
                    file.set(Some(chosen.file_name));
                    mapping.set(chosen.mapping);
                    refresh();
                }
                Ok(None) => {}
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let set_column = move |header: String, value: String| {
        mapping.update(|m| {
            m.columns.insert(header, Column::from_header(&value));
        });
        refresh();
    };
    let set_value = move |column: Column, raw: String, code: String| {
        mapping.update(|m| {
            let values = m.values.entry(column).or_default();
            if code.is_empty() {
                values.remove(&fold_value(&raw));
            } else {
                values.insert(fold_value(&raw), code);
            }
        });
        refresh();
    };
    let run = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        notice.set(Some(t(lang.get_untracked(), T::ImportRunning).to_string()));
        spawn_local(async move {
            let started = call::<u64>("start_import", &RequestArgs { request: request() }).await;
            let outcome = match started {
                Ok(id) => {
                    job.set(Some(id));
                    poll_job::<ImportJobView>("import_job", id, |percent, stage| {
                        let _ = progress.try_set(Some(percent));
                        let _ = notice.try_set(Some(format!(
                            "{} ({percent} %)",
                            stage.label(lang.get_untracked())
                        )));
                    })
                    .await
                }
                Err(e) => Err(e),
            };
            let _ = job.try_set(None);
            let _ = progress.try_set(None);
            let _ = busy.try_set(false);
            // The page is gone (the desk locked meanwhile): nothing left to show.
            if mapping.try_get_untracked().is_none() {
                return;
            }
            let l = lang.get_untracked();
            match outcome {
                Ok(ImportJobView::Done { outcome: o }) => {
                    notice.set(Some(imported_text(&o, l)));
                    error.set(None);
                    preview.set(None);
                    to_map.set(BTreeMap::new());
                    file.set(None);
                    load_imports();
                }
                Ok(ImportJobView::Cancelled) => {
                    notice.set(Some(t(l, T::ImportCancelled).to_string()));
                    refresh();
                }
                Ok(ImportJobView::Failed { error: e }) | Err(e) => {
                    notice.set(None);
                    error.set(Some(e.message));
                    refresh();
                }
                Ok(ImportJobView::Unknown) => {
                    // Answered elsewhere: the list of imports tells whether it came in.
                    notice.set(None);
                    load_imports();
                }
                Ok(ImportJobView::Running { .. }) => {}
            }
        });
    };
    let cancel = move |_| {
        if let Some(id) = job.get_untracked() {
            spawn_local(async move {
                let _ = call::<()>("cancel_import", &JobArgs { job: id }).await;
            });
        }
    };
    let save_problems = move |_| {
        spawn_local(async move {
            match call::<Option<String>>(
                "save_import_problems",
                &RequestArgs { request: request() },
            )
            .await
            {
                Ok(Some(path)) => notice.set(Some(format!(
                    "{} {path}",
                    t(lang.get_untracked(), T::ImportProblemsSaved)
                ))),
                Ok(None) => {}
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let ask_export = move |kind: &'static str, format: &'static str| {
        export_choice.set_value(Some(ExportRequest {
            kind: kind.into(),
            format: format.into(),
        }));
        export_open.set(true);
    };
    let export = move || {
        let Some(request) = export_choice.get_value() else {
            return;
        };
        spawn_local(async move {
            match call::<Option<String>>("save_export", &ExportArgs { request }).await {
                Ok(Some(path)) => export_notice.set(Some(format!(
                    "{} {path}",
                    t(lang.get_untracked(), T::ExportSaved)
                ))),
                Ok(None) => {}
                Err(e) => export_notice.set(Some(e.message)),
            }
        });
    };
    let undo = move || {
        let Some(id) = undo_choice.get_value() else {
            return;
        };
        spawn_local(async move {
            match call::<ImportRecord>("undo_import", &IdArgs { id }).await {
                Ok(r) => {
                    notice.set(Some(format!(
                        "{} {}",
                        t(lang.get_untracked(), T::ImportUndone),
                        r.file_name
                    )));
                    load_imports();
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };

    let columns_table = move || {
        let l = lang.get();
        preview.get().map(|p| {
            let rows = p
                .headers
                .iter()
                .enumerate()
                .map(|(i, header)| {
                    let chosen = p.columns.get(i).copied().flatten();
                    let sample = p
                        .sample
                        .iter()
                        .filter_map(|r| r.get(i))
                        .find(|v| !v.trim().is_empty())
                        .cloned()
                        .unwrap_or_default();
                    let h = header.clone();
                    let id = format!("import-col-{i}");
                    view! {
                        <tr>
                            <th scope="row"><label for=id.clone()>{header.clone()}</label></th>
                            <td><select id=id on:change=move |ev| set_column(h.clone(), event_target_value(&ev))>
                                <option value="" selected=chosen.is_none()>{t(l, T::ImportIgnore)}</option>
                                {Column::ALL.iter().map(|c| view! {
                                    <option value=c.header() selected=chosen == Some(*c)>{c.label(l)}</option>
                                }).collect_view()}
                            </select></td>
                            <td class="muted">{sample}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <table id="import-columns" class="list">
                    <caption>{t(l, T::ImportColumnsCaption)}</caption>
                    <thead><tr><th scope="col">{t(l, T::ImportFileColumn)}</th><th scope="col">{t(l, T::ImportReadAs)}</th><th scope="col">{t(l, T::ImportExample)}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        })
    };

    let values_table = move || {
        let l = lang.get();
        preview.track();
        let listed = to_map.get();
        if listed.is_empty() {
            return None;
        }
        let chosen = mapping.get_untracked();
        let service_options = services.get();
        let rows = listed
            .iter()
            .flat_map(|(column, values)| {
                values.iter().enumerate().map(move |(j, v)| (*column, j, v.clone()))
            })
            .map(|(column, j, raw)| {
                let id = format!("import-val-{}-{j}", column.header());
                let options: Vec<(String, String)> = match column.category() {
                    Some(category) => category
                        .options()
                        .into_iter()
                        .map(|(code, it, en)| {
                            (code.to_string(), if l == Lang::It { it } else { en }.to_string())
                        })
                        .collect(),
                    None => service_options
                        .iter()
                        .map(|s| (s.name.clone(), s.name.clone()))
                        .collect(),
                };
                let r = raw.clone();
                let current = chosen.value(column, &raw).unwrap_or_default().to_string();
                view! {
                    <tr>
                        <th scope="row"><label for=id.clone()>{format!("«{raw}»")}</label></th>
                        <td>{column.label(l)}</td>
                        <td><select id=id on:change=move |ev| set_value(column, r.clone(), event_target_value(&ev))>
                            <option value="" selected=current.is_empty()>{t(l, T::ImportChooseValue)}</option>
                            {options.into_iter().map(|(code, label)| {
                                let selected = code == current;
                                view! { <option value=code selected=selected>{label}</option> }
                            }).collect_view()}
                        </select></td>
                    </tr>
                }
            })
            .collect_view();
        Some(view! {
            <table id="import-values" class="list">
                <caption>{t(l, T::ImportValuesCaption)}</caption>
                <thead><tr><th scope="col">{t(l, T::ImportValue)}</th><th scope="col">{t(l, T::ImportColumn)}</th><th scope="col">{t(l, T::ImportMeans)}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <p class="muted">{t(l, T::ImportServiceHelp)}</p>
        })
    };

    let summary = move || {
        let l = lang.get();
        let p = preview.get()?;
        let mut lines = vec![summary_text(&p, l)];
        if let Some(on) = &p.already_imported_on {
            lines.push(format!("{} {on}.", t(l, T::ImportAlreadyImported)));
        }
        if p.lacking_categories > 0 {
            lines.push(format!(
                "{} {}",
                format::count(p.lacking_categories as u64),
                t(l, T::ImportLackingCategories)
            ));
        }
        let matches = p
            .matches
            .iter()
            .map(|m| {
                view! { <li>{format!("{} {}: «{}» → «{}»", t(l, T::Row), m.line, m.in_file, m.on_record)}</li> }
            })
            .collect_view();
        let shown: Vec<_> = p.problems.iter().take(PROBLEMS_SHOWN).cloned().collect();
        let more = p.problems.len().saturating_sub(PROBLEMS_SHOWN);
        let problems = (!shown.is_empty()).then(|| {
            let rows = shown
                .into_iter()
                .map(|pr| view! {
                    <tr><td>{if pr.line == 0 { String::new() } else { pr.line.to_string() }}</td><td>{pr.column.clone()}</td><td>{pr.value.clone()}</td><td>{pr.msg.text(l)}</td></tr>
                })
                .collect_view();
            view! {
                <table id="import-problems" class="list">
                    <caption>{format!("{} ({})", t(l, T::ImportProblemsCaption), format::count(p.problems.len() as u64))}</caption>
                    <thead><tr><th scope="col">{t(l, T::Row)}</th><th scope="col">{t(l, T::ImportColumn)}</th><th scope="col">{t(l, T::ImportValue)}</th><th scope="col">{t(l, T::ImportProblem)}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                {(more > 0).then(|| view! { <p class="muted">{format!("… {} {}", format::count(more as u64), t(l, T::ImportMoreProblems))}</p> })}
                <div class="actions"><button type="button" id="import-save-problems" on:click=save_problems>{t(l, T::ImportSaveProblems)}</button></div>
            }
        });
        let blocked = p.problems.iter().any(|pr| pr.line == 0)
            || p.already_imported_on.is_some()
            || p.new_contacts == 0
            || (p.error_rows > 0 && !skip_errors.get());
        Some(view! {
            <section id="import-summary" aria-labelledby="h-import-summary">
                <h3 id="h-import-summary">{t(l, T::ImportPreviewTitle)}</h3>
                {lines.into_iter().map(|line| view! { <p>{line}</p> }).collect_view()}
                {(!p.matches.is_empty()).then(|| view! {
                    <h4>{t(l, T::ImportMatchesTitle)}</h4>
                    <ul id="import-matches">{matches}</ul>
                })}
                {problems}
                <div class="field checkbox"><input type="checkbox" id="import-with-time" prop:checked=move || with_time.get()
                    on:change=move |ev| { with_time.set(event_target_checked(&ev)); refresh(); } /><label for="import-with-time">{t(l, T::ImportWithTime)}</label></div>
                <div class="field checkbox"><input type="checkbox" id="import-skip-errors" prop:checked=move || skip_errors.get()
                    on:change=move |ev| skip_errors.set(event_target_checked(&ev)) /><label for="import-skip-errors">{t(l, T::ImportSkipErrors)}</label></div>
                <div class="actions"><button type="button" class="primary" id="import-run" disabled=move || blocked || busy.get()
                    aria-busy=move || if busy.get() { "true" } else { "false" } on:click=run>
                    {format!("{} ({})", t(l, T::ImportRun), format::plural(p.new_contacts as u64, "colloquio", "colloqui"))}</button></div>
            </section>
        })
    };

    let imports_table = move || {
        let l = lang.get();
        let list = imports.get();
        if list.is_empty() {
            return view! { <p class="muted">{t(l, T::ImportNone)}</p> }.into_any();
        }
        let rows = list
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                let day = chrono::DateTime::parse_from_rfc3339(&r.created_at)
                    .map(|d| format::date(d.date_naive()))
                    .unwrap_or_default();
                let id = r.id.clone();
                let state = if r.undone_at.is_some() {
                    t(l, T::ImportStateUndone)
                } else {
                    t(l, T::ImportStateDone)
                };
                view! {
                    <tr>
                        <td>{day}</td><td>{r.file_name.clone()}</td>
                        <td>{format::count(r.contacts as u64)}</td><td>{format::count(r.persons as u64)}</td><td>{state}</td>
                        <td>{r.undone_at.is_none().then(|| view! {
                            <button type="button" id=format!("undo-import-{i}")
                                aria-label=format!("{} {}", t(l, T::ImportUndo), r.file_name)
                                on:click=move |_| { undo_choice.set_value(Some(id.clone())); undo_open.set(true); }>{t(l, T::ImportUndo)}</button>
                        })}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table id="imports-list" class="list">
                <thead><tr><th scope="col">{t(l, T::Date)}</th><th scope="col">{t(l, T::ImportFile)}</th><th scope="col">{t(l, T::ImportContacts)}</th><th scope="col">{t(l, T::ImportPersons)}</th><th scope="col">{t(l, T::ImportState)}</th><th scope="col"><span class="visually-hidden">{t(l, T::Actions)}</span></th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };

    view! {
        <h1 tabindex="-1">{tr(T::RegisterTitle)}</h1>
        <article class="card" aria-labelledby="h-import">
            <h2 id="h-import">{tr(T::ImportTitle)}</h2>
            <p class="muted">{tr(T::ImportHelp)}</p>
            <div class="actions">
                <button type="button" id="import-choose" on:click=choose>{tr(T::ImportChoose)}</button>
                <span id="import-file">{move || file.get()}</span>
            </div>
            {move || error.get().map(|e| view! { <p class="error-line" role="alert" id="import-error">{e}</p> })}
            <p class="notice" role="status" aria-live="polite" id="import-result">{move || notice.get()}</p>
            <Show when=move || job.get().is_some()>
                <div class="actions">
                    {move || progress.get().map(|p| view! {
                        <progress id="import-progress" max="100" value=p.to_string() aria-describedby="import-result"></progress>
                    })}
                    <button type="button" id="import-cancel" on:click=cancel>{tr(T::ImportCancel)}</button>
                </div>
            </Show>
            {columns_table}
            {values_table}
            {summary}
        </article>
        <article class="card" aria-labelledby="h-imports">
            <h2 id="h-imports">{tr(T::ImportsTitle)}</h2>
            {imports_table}
        </article>
        <article class="card" aria-labelledby="h-export">
            <h2 id="h-export">{tr(T::ExportTitle)}</h2>
            <p class="muted">{tr(T::ExportHelp)}</p>
            <div class="actions">
                <button type="button" id="export-register-csv" on:click=move |_| ask_export("registro", "csv")>{tr(T::ExportRegisterCsv)}</button>
                <button type="button" id="export-register-xlsx" on:click=move |_| ask_export("registro", "xlsx")>{tr(T::ExportRegisterXlsx)}</button>
                <button type="button" id="export-hours-csv" on:click=move |_| ask_export("ore", "csv")>{tr(T::ExportHoursCsv)}</button>
                <button type="button" id="export-hours-xlsx" on:click=move |_| ask_export("ore", "xlsx")>{tr(T::ExportHoursXlsx)}</button>
            </div>
            <p class="notice" role="status" aria-live="polite" id="export-result">{move || export_notice.get()}</p>
        </article>
        <ConfirmDialog open=export_open
            title=Signal::derive(move || t(lang.get(), T::ExportWarningTitle).to_string())
            text=Signal::derive(move || t(lang.get(), T::ExportWarning).to_string())
            confirm_label=Signal::derive(move || t(lang.get(), T::ExportConfirm).to_string())
            cancel_label=Signal::derive(move || t(lang.get(), T::Cancel).to_string())
            on_cancel=Callback::new(move |()| export_open.set(false))
            on_confirm=Callback::new(move |()| { export_open.set(false); export(); }) />
        <ConfirmDialog open=undo_open
            title=Signal::derive(move || t(lang.get(), T::ImportUndoTitle).to_string())
            text=Signal::derive(move || t(lang.get(), T::ImportUndoWarning).to_string())
            confirm_label=Signal::derive(move || t(lang.get(), T::ImportUndo).to_string())
            cancel_label=Signal::derive(move || t(lang.get(), T::Cancel).to_string())
            on_cancel=Callback::new(move |()| undo_open.set(false))
            on_confirm=Callback::new(move |()| { undo_open.set(false); undo(); }) />
    }
}

fn summary_text(p: &ImportPreview, l: Lang) -> String {
    let n = |x: usize| x as u64;
    match l {
        Lang::It => format!(
            "{} righe nel file: {} da importare, {} già in archivio; {} e {}; {} riconosciute in archivio; {}; {}.",
            format::count(n(p.data_rows)),
            format::plural(n(p.new_contacts), "colloquio", "colloqui"),
            format::count(n(p.recorded_contacts)),
            format::plural(n(p.new_persons), "persona nuova", "persone nuove"),
            format::plural(n(p.new_anonymous), "accesso anonimo", "accessi anonimi"),
            format::plural(n(p.matches.len()), "persona", "persone"),
            format::plural(n(p.new_referrals), "invio", "invii"),
            format::plural(n(p.error_rows), "riga con problemi", "righe con problemi"),
        ),
        Lang::En => format!(
            "{} rows in the file: {} contacts to import, {} already on record; {} new persons and {} anonymous contacts; {} persons recognised on record; {} referrals; {} rows with problems.",
            format::count(n(p.data_rows)),
            format::count(n(p.new_contacts)),
            format::count(n(p.recorded_contacts)),
            format::count(n(p.new_persons)),
            format::count(n(p.new_anonymous)),
            format::count(n(p.matches.len())),
            format::count(n(p.new_referrals)),
            format::count(n(p.error_rows)),
        ),
    }
}

fn imported_text(o: &ImportOutcome, l: Lang) -> String {
    let n = |x: usize| x as u64;
    match l {
        Lang::It => format!(
            "Importati {}, {}, {}, {}{}.",
            format::plural(n(o.contacts), "colloquio", "colloqui"),
            format::plural(n(o.persons), "persona nuova", "persone nuove"),
            format::plural(n(o.anonymous), "accesso anonimo", "accessi anonimi"),
            format::plural(n(o.referrals), "invio", "invii"),
            if o.skipped_rows > 0 {
                format!("; {} saltate", format::plural(n(o.skipped_rows), "riga", "righe"))
            } else {
                String::new()
            }
        ),
        Lang::En => format!(
            "Imported {} contacts, {} new persons, {} anonymous contacts, {} referrals; {} rows skipped.",
            o.contacts, o.persons, o.anonymous, o.referrals, o.skipped_rows
        ),
    }
}
