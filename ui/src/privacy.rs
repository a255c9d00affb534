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
use sportello_core::model::{Breach, BreachForm, ErasureKind, InstructionForm};
use sportello_core::privacy::{breach_procedure, PrivacyParties, NOTICE_VERSION, RETENTION_RULE};
use sportello_core::{format, BreachId, FormErrors, PersonId};
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
            <PapersCard />
            <RetentionCard />
            <BreachCard />
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
            <details><summary>{tr(T::RetentionRule)}</summary><p>{RETENTION_RULE}</p></details>
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
                                            <td class="date">{r.done_at.get(..10).and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()).map(format::date).unwrap_or_default()}</td>
                                            <td>{match r.kind { ErasureKind::Anonymise => t(l, T::RetentionAnonymised), ErasureKind::Erase => t(l, T::RetentionErased) }}</td>
                                            <td>{format!("{} ({})", r.instruction.act, format::date(r.instruction.act_date))}</td>
                                            <td>{r.instruction.instructed_by.clone()}</td>
                                            <td class="muted">{{ let id = r.person.to_string(); id.get(id.len().saturating_sub(8)..).unwrap_or_default().to_string() }}</td>
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

#[derive(Serialize)]
struct PartiesArgs {
    parties: PrivacyParties,
}

/// The privacy notice and the record of processing: what the contract does not say (the
/// comune's address and contact, its DPO, the desk), then the two PDFs.
#[component]
fn PapersCard() -> impl IntoView {
    let lang = use_lang();
    let parties = RwSignal::new(None::<PrivacyParties>);
    let address = RwSignal::new(String::new());
    let contact = RwSignal::new(String::new());
    let dpo = RwSignal::new(String::new());
    let dpo_contact = RwSignal::new(String::new());
    let desk = RwSignal::new(String::new());
    let errors = RwSignal::new(FormErrors::default());
    let message = RwSignal::new(None::<String>);
    // The form appears once what is saved has arrived: text typed before would be overwritten.
    let loaded = RwSignal::new(false);
    let show = move |p: PrivacyParties| {
        loaded.set(true);
        address.set(p.comune_address.clone());
        contact.set(p.comune_contact.clone());
        dpo.set(p.dpo.clone());
        dpo_contact.set(p.dpo_contact.clone());
        desk.set(p.desk.clone());
        parties.set(Some(p));
    };
    spawn_local(async move {
        if let Ok(p) = call::<PrivacyParties>("privacy_parties", &NoArgs {}).await {
            show(p);
        }
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(base) = parties.get_untracked() else {
            return;
        };
        let args = PartiesArgs {
            parties: PrivacyParties {
                comune_address: address.get_untracked(),
                comune_contact: contact.get_untracked(),
                dpo: dpo.get_untracked(),
                dpo_contact: dpo_contact.get_untracked(),
                desk: desk.get_untracked(),
                ..base
            },
        };
        spawn_local(async move {
            match call::<PrivacyParties>("set_privacy_parties", &args).await {
                Ok(p) => {
                    errors.set(FormErrors::default());
                    show(p);
                    message.set(Some(t(lang.get_untracked(), T::Saved).to_string()));
                }
                Err(e) => errors.set(e.fields),
            }
        });
    };
    let pdf = move |command: &'static str| {
        message.set(None);
        spawn_local(async move {
            match call::<Option<String>>(command, &NoArgs {}).await {
                Ok(Some(path)) => message.set(Some(format!(
                    "{} {path}",
                    t(lang.get_untracked(), T::PdfSaved)
                ))),
                Ok(None) => {}
                Err(e) => message.set(Some(e.message)),
            }
        });
    };
    view! {
        <article class="card" aria-labelledby="h-papers">
            <h2 id="h-papers">{tr(T::PapersTitle)}</h2>
            <p class="muted">{tr(T::PapersHelp)}</p>
            {move || parties.get().map(|p| {
                let l = lang.get();
                view! {
                    <p>{format!("{}: {} · {}: {}", t(l, T::Comune), if p.comune.is_empty() { "—".to_string() } else { p.comune.clone() }, t(l, T::Provider), if p.provider.is_empty() { "—".to_string() } else { p.provider.clone() })}</p>
                }
            })}
            <Show when=move || loaded.get()>
                <form class="narrow" on:submit=save>
                    <Field id="privacy_comune_address" label=T::ComuneAddress value=address error=field_error(errors, "privacy_comune_address") />
                    <Field id="privacy_comune_contact" label=T::ComuneContact value=contact error=field_error(errors, "privacy_comune_contact") />
                    <Field id="privacy_dpo" label=T::Dpo value=dpo error=field_error(errors, "privacy_dpo") />
                    <Field id="privacy_dpo_contact" label=T::DpoContact value=dpo_contact error=field_error(errors, "privacy_dpo_contact") />
                    <Field id="privacy_desk" label=T::DeskPlace value=desk error=field_error(errors, "privacy_desk") />
                    <div class="actions"><button type="submit" id="save-privacy-parties">{tr(T::Save)}</button></div>
                </form>
            </Show>
            <div class="actions">
                <button type="button" id="privacy-notice-pdf" on:click=move |_| pdf("save_privacy_notice_pdf")>
                    {move || format!("{} ({} {NOTICE_VERSION})", t(lang.get(), T::PrivacyNoticePdf), t(lang.get(), T::PrivacyNoticeVersion))}
                </button>
                <button type="button" id="processing-record-pdf" on:click=move |_| pdf("save_processing_record_pdf")>{tr(T::ProcessingRecordPdf)}</button>
            </div>
            <p role="status" id="papers-status">{move || message.get()}</p>
        </article>
    }
}

#[derive(Serialize)]
struct BreachArgs {
    id: Option<BreachId>,
    form: BreachForm,
}

/// The register of personal data breaches, with the procedure to follow.
#[component]
fn BreachCard() -> impl IntoView {
    let lang = use_lang();
    let list = RwSignal::new(Vec::<Breach>::new());
    let editing = RwSignal::new(None::<Option<BreachId>>);
    let discovered_on = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let data_involved = RwSignal::new(String::new());
    let persons = RwSignal::new(String::new());
    let measures = RwSignal::new(String::new());
    let informed = RwSignal::new(String::new());
    let errors = RwSignal::new(FormErrors::default());
    spawn_local(async move {
        if let Ok(l) = call::<Vec<Breach>>("breaches", &NoArgs {}).await {
            list.set(l);
        }
    });
    let open = move |b: Option<&Breach>| {
        let form = b.map(|b| BreachForm::of(&b.data)).unwrap_or_default();
        discovered_on.set(form.discovered_on);
        description.set(form.description);
        data_involved.set(form.data_involved);
        persons.set(form.persons_estimate);
        measures.set(form.measures);
        informed.set(form.comune_informed_on);
        errors.set(FormErrors::default());
        editing.set(Some(b.map(|b| b.id)));
        focus_soon("#breach-discovered-on");
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(id) = editing.get_untracked() else {
            return;
        };
        let form = BreachForm {
            discovered_on: discovered_on.get_untracked(),
            description: description.get_untracked(),
            data_involved: data_involved.get_untracked(),
            persons_estimate: persons.get_untracked(),
            measures: measures.get_untracked(),
            comune_informed_on: informed.get_untracked(),
        };
        spawn_local(async move {
            match call::<Vec<Breach>>("save_breach", &BreachArgs { id, form }).await {
                Ok(l) => {
                    list.set(l);
                    editing.set(None);
                }
                Err(e) => errors.set(e.fields),
            }
        });
    };
    view! {
        <article class="card" aria-labelledby="h-breaches">
            <h2 id="h-breaches">{tr(T::BreachTitle)}</h2>
            <details id="breach-procedure">
                <summary>{tr(T::BreachProcedure)}</summary>
                <ol>
                    {breach_procedure().into_iter().map(|(title, text)| view! {
                        <li><strong>{title}</strong>" " {text}</li>
                    }).collect_view()}
                </ol>
            </details>
            {move || {
                let l = lang.get();
                let items = list.get();
                if items.is_empty() {
                    view! { <p class="muted" id="breaches-none">{t(l, T::BreachNone)}</p> }.into_any()
                } else {
                    view! {
                        <div class="table-wrap"><table id="breaches">
                            <thead><tr><th scope="col">{t(l, T::BreachDiscovered)}</th><th scope="col">{t(l, T::BreachDescription)}</th>
                                <th scope="col">{t(l, T::BreachInformed)}</th><th scope="col"><span class="visually-hidden">{t(l, T::Actions)}</span></th></tr></thead>
                            <tbody>
                                {items.into_iter().map(|b| {
                                    let informed_text = b.data.comune_informed_on.map(format::date).unwrap_or_else(|| t(l, T::BreachNotYetInformed).to_string());
                                    let late = b.data.comune_informed_on.is_none();
                                    let row = b.clone();
                                    view! {
                                        <tr>
                                            <td class="date">{format::date(b.data.discovered_on)}</td>
                                            <td>{b.data.description.clone()}</td>
                                            <td class:warning-text=late>{informed_text}</td>
                                            <td><button type="button" class="edit-breach" on:click=move |_| open(Some(&row))>{t(l, T::Edit)}</button></td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table></div>
                    }.into_any()
                }
            }}
            <div class="actions"><button type="button" id="new-breach" on:click=move |_| open(None)>{tr(T::BreachNew)}</button></div>
            <Show when=move || editing.get().is_some()>
                <form class="narrow" id="breach-form" on:submit=save>
                    <Field id="breach-discovered-on" label=T::BreachDiscovered help=T::DateHelp value=discovered_on error=field_error(errors, "discovered_on") />
                    <crate::widgets::TextArea id="breach-description" label=T::BreachDescription value=description error=field_error(errors, "description") />
                    <Field id="breach-data" label=T::BreachData value=data_involved error=field_error(errors, "data_involved") />
                    <Field id="breach-persons" label=T::BreachPersons value=persons error=field_error(errors, "persons_estimate") />
                    <crate::widgets::TextArea id="breach-measures" label=T::BreachMeasures value=measures error=field_error(errors, "measures") />
                    <Field id="breach-informed" label=T::BreachInformed help=T::BreachInformedHelp value=informed error=field_error(errors, "comune_informed_on") />
                    <div class="actions">
                        <button type="submit" class="primary" id="save-breach">{tr(T::Save)}</button>
                        <button type="button" on:click=move |_| editing.set(None)>{tr(T::Cancel)}</button>
                    </div>
                </form>
            </Show>
        </article>
    }
}
