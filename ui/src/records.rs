//! The bin (Cestino: deleted persons and colloqui, restorable) and a record's history, field
//! by field.

use crate::api::{call, NoArgs};
use crate::controls::focus_soon;
use crate::i18n::{t, T};
use crate::persons::IdArgs;
use crate::session::{use_nav, RecordRef, Route};
use crate::widgets::{tr, use_lang, Notice};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;
use sportello_core::history::{entity_label, HistoryEntry};
use sportello_core::ipc::BinView;
use sportello_core::{format, ContactId, PersonId};

#[component]
pub fn BinPage() -> impl IntoView {
    let lang = use_lang();
    let nav = use_nav();
    let bin = RwSignal::new(None::<BinView>);
    let error = RwSignal::new(None::<String>);
    let reload = move || {
        spawn_local(async move {
            match call::<BinView>("bin", &NoArgs {}).await {
                Ok(b) => bin.set(Some(b)),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    reload();
    focus_soon("#content h1");
    let restore_person = move |id: PersonId| {
        spawn_local(async move {
            match call::<()>("restore_person", &IdArgs { id }).await {
                Ok(()) => nav.go_with(
                    Route::Person(id),
                    t(lang.get_untracked(), T::Restored).to_string(),
                ),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let restore_contact = move |id: ContactId| {
        spawn_local(async move {
            match call::<()>("restore_contact", &IdArgs { id }).await {
                Ok(()) => {
                    nav.notice
                        .set(Some(t(lang.get_untracked(), T::Restored).to_string()));
                    reload();
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    view! {
        <section>
            <div class="page-head">
                <h1 tabindex="-1">{tr(T::Bin)}</h1>
                <button type="button" id="back-to-list" on:click=move |_| nav.go(Route::Persons)>{tr(T::BackToList)}</button>
            </div>
            <p class="muted">{tr(T::BinHelp)}</p>
            <Notice text=nav.notice.into() />
            <p class="form-error" role="alert">{move || error.get()}</p>
            {move || bin.get().map(|b| {
                let l = lang.get();
                view! {
                    <article class="card" aria-labelledby="h-bin-persons">
                        <h2 id="h-bin-persons">{t(l, T::NavPersons)}</h2>
                        {if b.persons.is_empty() {
                            view! { <p class="muted">{t(l, T::BinEmpty)}</p> }.into_any()
                        } else {
                            view! {
                                <div class="table-wrap"><table id="bin-persons">
                                    <thead><tr><th scope="col">{t(l, T::Person)}</th><th scope="col">{t(l, T::DeletedOn)}</th>
                                        <th scope="col">{t(l, T::Reason)}</th><th scope="col"><span class="visually-hidden">{t(l, T::Actions)}</span></th></tr></thead>
                                    <tbody>
                                        {b.persons.into_iter().map(|p| {
                                            let id = p.id;
                                            view! {
                                                <tr>
                                                    <td class="person">{p.display_name.clone()}</td>
                                                    <td class="date">{format::date(p.deleted_on)}</td>
                                                    <td>{p.reason.clone()}</td>
                                                    <td>{if p.merged_into.is_some() {
                                                        view! { <span class="muted">{t(l, T::MergedRecord)}</span> }.into_any()
                                                    } else {
                                                        view! { <button type="button" class="restore-person" on:click=move |_| restore_person(id)>{t(l, T::Restore)}</button> }.into_any()
                                                    }}</td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table></div>
                            }.into_any()
                        }}
                    </article>
                    <article class="card" aria-labelledby="h-bin-contacts">
                        <h2 id="h-bin-contacts">{t(l, T::Contacts)}</h2>
                        {if b.contacts.is_empty() {
                            view! { <p class="muted">{t(l, T::BinEmpty)}</p> }.into_any()
                        } else {
                            view! {
                                <div class="table-wrap"><table id="bin-contacts">
                                    <thead><tr><th scope="col">{t(l, T::Date)}</th><th scope="col">{t(l, T::Person)}</th>
                                        <th scope="col">{t(l, T::DeletedOn)}</th><th scope="col">{t(l, T::Reason)}</th>
                                        <th scope="col"><span class="visually-hidden">{t(l, T::Actions)}</span></th></tr></thead>
                                    <tbody>
                                        {b.contacts.into_iter().map(|c| {
                                            let id = c.id;
                                            view! {
                                                <tr>
                                                    <td class="date">{format::date(c.date)}</td>
                                                    <td>{c.person_name.clone()}</td>
                                                    <td class="date">{format::date(c.deleted_on)}</td>
                                                    <td>{c.reason.clone()}</td>
                                                    <td><button type="button" class="restore-contact" on:click=move |_| restore_contact(id)>{t(l, T::Restore)}</button></td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table></div>
                            }.into_any()
                        }}
                    </article>
                }
            })}
        </section>
    }
}

#[derive(Serialize)]
struct HistoryArgs {
    entity: &'static str,
    id: String,
}

/// `2026-11-24T09:30:12.000Z` → `24/11/2026 10:30`, on this computer's clock.
/// A recorded moment (RFC 3339, UTC) in the computer's local time, `dd/mm/yyyy hh:mm`.
pub(crate) fn when(at: &str) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(at));
    if d.get_time().is_nan() {
        return at.to_string();
    }
    format!(
        "{:02}/{:02}/{:04} {:02}:{:02}",
        d.get_date(),
        d.get_month() + 1,
        d.get_full_year(),
        d.get_hours(),
        d.get_minutes()
    )
}

#[component]
pub fn HistoryPage(record: RecordRef) -> impl IntoView {
    let lang = use_lang();
    let entries = RwSignal::new(None::<Vec<HistoryEntry>>);
    let error = RwSignal::new(None::<String>);
    let args = HistoryArgs {
        entity: record.entity,
        id: record.id.clone(),
    };
    spawn_local(async move {
        match call::<Vec<HistoryEntry>>("record_history", &args).await {
            Ok(e) => entries.set(Some(e)),
            Err(e) => error.set(Some(e.message)),
        }
    });
    focus_soon("#content h1");
    let title = record.title.clone();
    view! {
        <section>
            <h1 tabindex="-1">{tr(T::History)}": " {title}</h1>
            <p class="muted">{tr(T::HistoryHelp)}</p>
            <p class="form-error" role="alert">{move || error.get()}</p>
            {move || entries.get().map(|list| {
                let l = lang.get();
                view! {
                    <ol class="history" id="history">
                        {list.into_iter().map(|e| view! {
                            <li class="card">
                                <h2>{format!("{} · {} · {}", when(&e.at), e.action.label(l), entity_label(&e.entity, l))}</h2>
                                <p class="muted">{t(l, T::RecordedBy)}" " {e.operator.clone()}" · n. " {e.seq}</p>
                                {if e.erased && e.undone_import {
                                    view! { <p>{t(l, T::ErasedByUndoneImport)}</p> }.into_any()
                                } else if e.erased {
                                    view! { <p>{t(l, T::Erased)}</p> }.into_any()
                                } else if e.changes.is_empty() {
                                    view! { <p class="muted">{t(l, T::NoFieldChanged)}</p> }.into_any()
                                } else {
                                    view! {
                                        <table class="changes">
                                            <thead><tr><th scope="col">{t(l, T::Field)}</th><th scope="col">{t(l, T::Before)}</th><th scope="col">{t(l, T::After)}</th></tr></thead>
                                            <tbody>
                                                {e.changes.into_iter().map(|c| view! {
                                                    <tr><th scope="row">{c.label}</th><td>{c.before.unwrap_or_else(|| "—".into())}</td><td>{c.after.unwrap_or_else(|| "—".into())}</td></tr>
                                                }).collect_view()}
                                            </tbody>
                                        </table>
                                    }.into_any()
                                }}
                            </li>
                        }).collect_view()}
                    </ol>
                }
            })}
        </section>
    }
}
