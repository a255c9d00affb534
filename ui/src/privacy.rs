//! *Privacy e conservazione*: the retention period the comune set, the persons past it (a
//! preview: nothing happens to them by itself), the comune's instruction carried out for the
//! ones she selects, and the register of what was done.

use crate::api::{call, NoArgs};
use crate::controls::focus_soon;
use crate::i18n::{t, T};
use crate::session::{use_nav, Route};
use crate::widgets::{field_error, tr, use_lang, Field};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;
use sportello_core::ipc::{RetentionRequest, RetentionView};
use sportello_core::model::{ErasureKind, InstructionForm};
use sportello_core::{format, FormErrors, PersonId};
use std::collections::BTreeSet;

#[derive(Serialize)]
struct YearsArgs {
    years: String,
}

#[derive(Serialize)]
struct RetentionArgs {
    request: RetentionRequest,
}

#[component]
pub fn PrivacyPage() -> impl IntoView {
    let nav = use_nav();
    focus_soon("#content h1");
    view! {
        <section>
            <div class="page-head">
                <h1 tabindex="-1">{tr(T::PrivacyTitle)}</h1>
                <button type="button" id="back-to-settings" on:click=move |_| nav.go(Route::Settings)>{tr(T::BackToSettings)}</button>
            </div>
            <RetentionCard />
        </section>
    }
}

#[component]
fn RetentionCard() -> impl IntoView {
    let lang = use_lang();
    let view_data = RwSignal::new(None::<RetentionView>);
    let years = RwSignal::new(String::new());
    let selected = RwSignal::new(BTreeSet::<PersonId>::new());
    let kind = RwSignal::new(ErasureKind::Anonymise);
    let act = RwSignal::new(String::new());
    let act_date = RwSignal::new(String::new());
    let instructed_by = RwSignal::new(String::new());
    let confirming = RwSignal::new(false);
    let errors = RwSignal::new(FormErrors::default());
    let error = RwSignal::new(None::<String>);
    let message = RwSignal::new(None::<String>);
    let show = move |v: RetentionView| {
        years.set(v.years.to_string());
        selected.update(|s| s.retain(|p| v.candidates.iter().any(|c| c.person == *p)));
        view_data.set(Some(v));
    };
    spawn_local(async move {
        match call::<RetentionView>("retention_view", &NoArgs {}).await {
            Ok(v) => show(v),
            Err(e) => error.set(Some(e.message)),
        }
    });
    let save_years = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        message.set(None);
        spawn_local(async move {
            let args = YearsArgs {
                years: years.get_untracked(),
            };
            match call::<RetentionView>("set_retention_years", &args).await {
                Ok(v) => {
                    errors.set(FormErrors::default());
                    show(v);
                    message.set(Some(t(lang.get_untracked(), T::Saved).to_string()));
                }
                Err(e) => errors.set(e.fields),
            }
        });
    };
    let carry_out = move |_| {
        message.set(None);
        error.set(None);
        let request = RetentionRequest {
            persons: selected.get_untracked().into_iter().collect(),
            kind: kind.get_untracked(),
            instruction: InstructionForm {
                act: act.get_untracked(),
                act_date: act_date.get_untracked(),
                instructed_by: instructed_by.get_untracked(),
            },
        };
        let done = request.persons.len();
        spawn_local(async move {
            match call::<RetentionView>("carry_out_retention", &RetentionArgs { request }).await {
                Ok(v) => {
                    confirming.set(false);
                    errors.set(FormErrors::default());
                    selected.set(BTreeSet::new());
                    show(v);
                    let l = lang.get_untracked();
                    message.set(Some(format!("{} {done}", t(l, T::RetentionDone))));
                }
                Err(e) => {
                    confirming.set(false);
                    if e.fields.is_empty() {
                        error.set(Some(e.message));
                    } else {
                        errors.set(e.fields);
                    }
                }
            }
        });
    };
    let ask = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        message.set(None);
        confirming.set(true);
        focus_soon("#retention-confirm");
    };
    view! {
        <article class="card" aria-labelledby="h-retention">
            <h2 id="h-retention">{tr(T::RetentionTitle)}</h2>
            <p class="muted">{tr(T::RetentionHelp)}</p>
            <form class="narrow" on:submit=save_years>
                <Field id="retention-years" label=T::RetentionYears help=T::RetentionYearsHelp value=years error=field_error(errors, "retention_years") />
                <div class="actions"><button type="submit" id="save-retention-years">{tr(T::Save)}</button></div>
            </form>
            <p role="status" id="retention-status">{move || message.get()}</p>
            <p class="form-error" role="alert">{move || error.get()}</p>
            {move || view_data.get().map(|v| {
                let l = lang.get();
                let heading = format!("{} {}", t(l, T::RetentionPastSince), format::date(v.cutoff));
                let empty = v.candidates.is_empty();
                view! {
                    <h3 id="h-retention-list">{heading}</h3>
                    {if empty {
                        view! { <p class="muted" id="retention-none">{t(l, T::RetentionNone)}</p> }.into_any()
                    } else {
                        view! {
                            <div class="table-wrap"><table id="retention-candidates" aria-labelledby="h-retention-list">
                                <thead><tr>
                                    <th scope="col"><span class="visually-hidden">{t(l, T::Select)}</span></th>
                                    <th scope="col">{t(l, T::Person)}</th>
                                    <th scope="col">{t(l, T::LastContact)}</th>
                                    <th scope="col">{t(l, T::Notes)}</th>
                                </tr></thead>
                                <tbody>
                                    {v.candidates.into_iter().map(|c| {
                                        let id = c.person;
                                        let checkbox = format!("retention-pick-{id}");
                                        let last = c.last_contact.map(format::date).unwrap_or_else(|| t(l, T::RetentionNoContact).to_string());
                                        view! {
                                            <tr data-person-id=id.to_string()>
                                                <td><input type="checkbox" id=checkbox.clone() class="retention-pick"
                                                    prop:checked=move || selected.with(|s| s.contains(&id))
                                                    on:change=move |ev| {
                                                        let on = event_target_checked(&ev);
                                                        selected.update(|s| { if on { s.insert(id); } else { s.remove(&id); } });
                                                    } /></td>
                                                <td class="person"><label for=checkbox>{c.name.clone()}</label></td>
                                                <td>{last}</td>
                                                <td>{if c.in_bin { t(l, T::InBin) } else { "" }}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table></div>
                            <form class="narrow" id="retention-instruction" on:submit=ask>
                                <h3>{t(l, T::RetentionInstruction)}</h3>
                                <p class="muted">{t(l, T::RetentionInstructionHelp)}</p>
                                <fieldset class="field">
                                    <legend>{t(l, T::RetentionKind)}</legend>
                                    <label><input type="radio" name="retention-kind" id="retention-anonymise"
                                        prop:checked=move || kind.get() == ErasureKind::Anonymise
                                        on:change=move |_| kind.set(ErasureKind::Anonymise) />{t(l, T::RetentionAnonymise)}</label>
                                    <label><input type="radio" name="retention-kind" id="retention-erase"
                                        prop:checked=move || kind.get() == ErasureKind::Erase
                                        on:change=move |_| kind.set(ErasureKind::Erase) />{t(l, T::RetentionErase)}</label>
                                </fieldset>
                                <Field id="retention-act" label=T::RetentionAct value=act error=field_error(errors, "act") />
                                <Field id="retention-act-date" label=T::RetentionActDate help=T::DateHelp value=act_date error=field_error(errors, "act_date") />
                                <Field id="retention-instructed-by" label=T::RetentionInstructedBy value=instructed_by error=field_error(errors, "instructed_by") />
                                <span class="error" role="alert">{move || errors.with(|e| e.for_field("persons").map(|m| m.text(lang.get())))}</span>
                                <div class="actions">
                                    <button type="submit" id="retention-go" disabled=move || selected.with(|s| s.is_empty())>
                                        {move || format!("{} ({})", t(lang.get(), T::RetentionGo), selected.with(|s| s.len()))}
                                    </button>
                                </div>
                            </form>
                        }.into_any()
                    }}
                    <Show when=move || confirming.get()>
                        <div class="card warning" role="alertdialog" aria-labelledby="retention-confirm-text">
                            <p id="retention-confirm-text">{move || {
                                let l = lang.get();
                                let what = match kind.get() { ErasureKind::Anonymise => T::RetentionConfirmAnonymise, ErasureKind::Erase => T::RetentionConfirmErase };
                                format!("{} {}", t(l, what), selected.with(|s| s.len()))
                            }}</p>
                            <div class="actions">
                                <button type="button" class="danger" id="retention-confirm" on:click=carry_out>{tr(T::RetentionConfirm)}</button>
                                <button type="button" id="retention-cancel" on:click=move |_| confirming.set(false)>{tr(T::Cancel)}</button>
                            </div>
                        </div>
                    </Show>
                    <h3>{t(l, T::ErasureRegister)}</h3>
                    {if v.register.is_empty() {
                        view! { <p class="muted" id="erasure-register-empty">{t(l, T::ErasureRegisterEmpty)}</p> }.into_any()
                    } else {
                        view! {
                            <div class="table-wrap"><table id="erasure-register">
                                <thead><tr><th scope="col">{t(l, T::Date)}</th><th scope="col">{t(l, T::RetentionKind)}</th>
                                    <th scope="col">{t(l, T::RetentionAct)}</th><th scope="col">{t(l, T::RetentionInstructedBy)}</th>
                                    <th scope="col">{t(l, T::RecordId)}</th></tr></thead>
                                <tbody>
                                    {v.register.into_iter().rev().map(|r| view! {
                                        <tr>
                                            <td>{r.done_at.get(..10).and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()).map(format::date).unwrap_or_default()}</td>
                                            <td>{match r.kind { ErasureKind::Anonymise => t(l, T::RetentionAnonymised), ErasureKind::Erase => t(l, T::RetentionErased) }}</td>
                                            <td>{format!("{} ({})", r.instruction.act, format::date(r.instruction.act_date))}</td>
                                            <td>{r.instruction.instructed_by.clone()}</td>
                                            <td class="muted">{r.person.to_string().get(..8).unwrap_or_default().to_string()}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table></div>
                        }.into_any()
                    }}
                }
            })}
        </article>
    }
}
