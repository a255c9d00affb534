//! Referrals: one referral's page (its data, its outcomes over time, a new outcome) and the
//! list of referrals waiting for an outcome, oldest first, the overdue ones marked.

use crate::api::{call, NoArgs};
use crate::controls::{focus_soon, ConfirmDialog};
use crate::i18n::{t, T};
use crate::persons::IdArgs;
use crate::session::{use_nav, RecordRef, Route};
use crate::widgets::{choice, field_error, today, tr, use_lang, Field, Notice, Select};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;
use sportello_core::ipc::ServiceOption;
use sportello_core::model::{OutcomeForm, Referral, ReferralForm, WaitingReferral};
use sportello_core::{format, FormErrors, OutcomeId, ReferralId};

#[derive(Serialize)]
struct OutcomeArgs {
    referral: ReferralId,
    form: OutcomeForm,
}

#[derive(Serialize)]
struct UpdateArgs {
    id: ReferralId,
    form: ReferralForm,
}

#[component]
pub fn ReferralPage(id: ReferralId) -> impl IntoView {
    let lang = use_lang();
    let nav = use_nav();
    let referral = RwSignal::new(None::<Referral>);
    let error = RwSignal::new(None::<String>);
    // The new outcome.
    let date = RwSignal::new(format::date(today()));
    let outcome = RwSignal::new(String::new());
    let feedback = RwSignal::new(String::new());
    let errors = RwSignal::new(FormErrors::default());
    // The referral's own data.
    let service = RwSignal::new(String::new());
    let catalogue = RwSignal::new(Vec::<ServiceOption>::new());
    let deleting = RwSignal::new(false);
    let kind = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let protocol = RwSignal::new(String::new());
    let expected_reply = RwSignal::new(String::new());
    let edit_errors = RwSignal::new(FormErrors::default());
    let reload = move || {
        spawn_local(async move {
            match call::<Referral>("referral", &IdArgs { id }).await {
                Ok(r) => {
                    let form = r.data.to_form();
                    service.set(form.service);
                    kind.set(form.kind);
                    reason.set(form.reason);
                    protocol.set(form.protocol);
                    expected_reply.set(form.expected_reply);
                    referral.set(Some(r));
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    reload();
    spawn_local(async move {
        if let Ok(list) = call::<Vec<ServiceOption>>("services", &NoArgs {}).await {
            catalogue.set(list);
        }
    });
    crate::controls::focus_on_arrival("#outcome");
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = OutcomeForm {
            date: date.get_untracked(),
            outcome: outcome.get_untracked(),
            feedback: feedback.get_untracked(),
        };
        spawn_local(async move {
            match call::<OutcomeId>("add_outcome", &OutcomeArgs { referral: id, form }).await {
                Ok(_) => {
                    errors.set(FormErrors::default());
                    outcome.set(String::new());
                    feedback.set(String::new());
                    nav.notice
                        .set(Some(t(lang.get_untracked(), T::OutcomeSaved).to_string()));
                    reload();
                }
                Err(e) => {
                    errors.set(e.fields);
                    error.set(Some(e.message));
                }
            }
        });
    };
    let update = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = ReferralForm {
            service: service.get_untracked(),
            kind: kind.get_untracked(),
            reason: reason.get_untracked(),
            protocol: protocol.get_untracked(),
            expected_reply: expected_reply.get_untracked(),
        };
        spawn_local(async move {
            match call::<()>("update_referral", &UpdateArgs { id, form }).await {
                Ok(()) => {
                    edit_errors.set(FormErrors::default());
                    nav.notice
                        .set(Some(t(lang.get_untracked(), T::Saved).to_string()));
                    reload();
                }
                Err(e) => edit_errors.set(e.fields),
            }
        });
    };
    let delete_outcome = move |outcome: OutcomeId| {
        spawn_local(async move {
            match call::<()>("delete_outcome", &IdArgs { id: outcome }).await {
                Ok(()) => reload(),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let delete = Callback::new(move |()| {
        let back_to = referral
            .with_untracked(|r| r.as_ref().map(|r| Route::Person(r.person)))
            .unwrap_or(Route::Waiting);
        spawn_local(async move {
            match call::<()>("delete_referral", &IdArgs { id }).await {
                Ok(()) => nav.go_with(
                    back_to,
                    t(lang.get_untracked(), T::ReferralDeleted).to_string(),
                ),
                Err(e) => error.set(Some(e.message)),
            }
        });
    });
    let err = move |field| field_error(errors, field);
    let edit_err = move |field| field_error(edit_errors, field);
    let paper = crate::services::PersonalPaper::new();
    view! {
        <section>
            <crate::services::PersonalPaperDialog paper=paper />
            <div class="page-head">
                <button type="button" id="back-to-person" on:click=move |_| {
                    match referral.get_untracked() {
                        Some(r) => nav.go(Route::Person(r.person)),
                        None => nav.go(Route::Waiting),
                    }
                }>{tr(T::BackToPerson)}</button>
                <div class="head-actions">
                    <button type="button" id="referral-scheda"
                        on:click=move |_| crate::services::save_paper("save_referral_scheda_pdf", id, nav.notice, lang.get_untracked())>{tr(T::PrintScheda)}</button>
                    <button type="button" id="referral-letter"
                        on:click=move |_| paper.ask(move || crate::services::save_paper("save_referral_letter_pdf", id, nav.notice, lang.get_untracked()))>{tr(T::PrintReferralLetter)}</button>
                    <button type="button" id="open-waiting" on:click=move |_| nav.go(Route::Waiting)>{tr(T::WaitingReferrals)}</button>
                    <button type="button" id="referral-history" on:click=move |_| nav.go(Route::History(RecordRef {
                        entity: "referral", id: id.to_string(),
                        title: referral.with_untracked(|r| r.as_ref().map(|r| r.service_name.clone()).unwrap_or_default()),
                    }))>{tr(T::History)}</button>
                </div>
            </div>
            <Notice text=nav.notice.into() />
            <p class="form-error" role="alert">{move || error.get()}</p>
            {move || referral.get().map(|r| {
                let l = lang.get();
                view! {
                    <h1 tabindex="-1">{t(l, T::Referral)}": " {r.service_name.clone()}</h1>
                    <p>{r.person_name.clone()}" · " {t(l, T::ReferredOn)}" " {format::date(r.date)}
                        {(!r.operator.is_empty()).then(|| format!(" · {} {}", t(l, T::RecordedBy), r.operator))}</p>
                    <div class="table-wrap"><table id="outcomes">
                        <caption>{t(l, T::Outcomes)}</caption>
                        <thead><tr>
                            <th scope="col">{t(l, T::Date)}</th><th scope="col">{t(l, T::Outcome)}</th>
                            <th scope="col">{t(l, T::Feedback)}</th><th scope="col"><span class="visually-hidden">{t(l, T::Actions)}</span></th>
                        </tr></thead>
                        <tbody>
                            {if r.outcomes.is_empty() {
                                view! { <tr><td colspan="4" class="muted">{t(l, T::AwaitingOutcome)}</td></tr> }.into_any()
                            } else {
                                r.outcomes.iter().map(|o| {
                                    let oid = o.id;
                                    view! {
                                        <tr>
                                            <td class="date">{format::date(o.data.date)}</td>
                                            <td>{o.data.outcome.label(l)}</td>
                                            <td>{o.data.feedback.clone()}</td>
                                            <td><button type="button" class="link" on:click=move |_| delete_outcome(oid)>{t(l, T::Delete)}</button></td>
                                        </tr>
                                    }
                                }).collect_view().into_any()
                            }}
                        </tbody>
                    </table></div>
                }
            })}
            <form class="card wide" id="outcome-form" on:submit=add novalidate=true>
                <h2>{tr(T::NewOutcome)}</h2>
                <div class="grid">
                    <Select id="outcome" label=T::Outcome value=outcome options=choice::referral_outcome error=err("outcome") />
                    <Field id="outcome-date" label=T::Date help=T::DateHelp value=date error=err("date") />
                </div>
                <Field id="feedback" label=T::Feedback value=feedback error=err("feedback") />
                <div class="actions"><button type="submit" class="primary" id="save-outcome">{tr(T::SaveOutcome)}</button></div>
            </form>
            <form class="card wide" id="referral-form" on:submit=update novalidate=true>
                <h2>{tr(T::ReferralData)}</h2>
                <div class="grid">
                    <div class="field">
                        <label for="referral-service">{tr(T::Service)}</label>
                        <select id="referral-service" on:change=move |ev| service.set(event_target_value(&ev))>
                            {move || catalogue.get().into_iter().map(|s| {
                                let value = s.id.to_string();
                                let is_chosen = value.clone();
                                view! { <option value=value selected=move || service.get() == is_chosen>{s.name}</option> }
                            }).collect_view()}
                        </select>
                        <span class="error" role="alert">{move || edit_err("service").get()}</span>
                    </div>
                    <Select id="referral-kind" label=T::Kind value=kind options=choice::referral_kind error=edit_err("kind") />
                    <Field id="referral-protocol" label=T::Protocol value=protocol error=edit_err("protocol") />
                    <Field id="referral-reply" label=T::ExpectedReply help=T::DateHelp value=expected_reply error=edit_err("expected_reply") />
                </div>
                <Field id="referral-reason" label=T::Reason value=reason error=edit_err("reason") />
                <div class="actions">
                    <button type="button" id="delete-referral" on:click=move |_| deleting.set(true)>{tr(T::Delete)}</button>
                    <button type="submit" id="save-referral">{tr(T::Save)}</button>
                </div>
            </form>
            <ConfirmDialog open=deleting
                title=Signal::derive(move || t(lang.get(), T::DeleteReferralTitle).to_string())
                text=Signal::derive(move || t(lang.get(), T::DeleteReferralText).to_string())
                confirm_label=Signal::derive(move || t(lang.get(), T::Delete).to_string())
                cancel_label=Signal::derive(move || t(lang.get(), T::Cancel).to_string())
                on_confirm=delete />
        </section>
    }
}

#[component]
pub fn WaitingList() -> impl IntoView {
    let lang = use_lang();
    let nav = use_nav();
    let list = RwSignal::new(None::<Vec<WaitingReferral>>);
    let error = RwSignal::new(None::<String>);
    spawn_local(async move {
        match call::<Vec<WaitingReferral>>("waiting_referrals", &NoArgs {}).await {
            Ok(l) => list.set(Some(l)),
            Err(e) => error.set(Some(e.message)),
        }
    });
    focus_soon("#content h1");
    view! {
        <section>
            <h1 tabindex="-1">{tr(T::WaitingReferrals)}</h1>
            <p class="muted">{tr(T::WaitingHelp)}</p>
            <p class="form-error" role="alert">{move || error.get()}</p>
            {move || list.get().map(|items| {
                let l = lang.get();
                if items.is_empty() {
                    return view! { <p class="muted" id="no-waiting">{t(l, T::NoWaiting)}</p> }.into_any();
                }
                view! {
                    <p id="waiting-count">{format!("{} {}", items.len(), t(l, T::ReferralsWaiting))}</p>
                    <div class="table-wrap"><table id="waiting-list">
                        <thead><tr>
                            <th scope="col">{t(l, T::ReferredOn)}</th><th scope="col">{t(l, T::Person)}</th>
                            <th scope="col">{t(l, T::Service)}</th><th scope="col">{t(l, T::Kind)}</th>
                            <th scope="col">{t(l, T::DaysWaiting)}</th><th scope="col">{t(l, T::ReplyBy)}</th>
                        </tr></thead>
                        <tbody>
                            {items.into_iter().map(|w| {
                                let id = w.id;
                                view! {
                                    <tr class:overdue=w.overdue>
                                        <td class="date">{format::date(w.date)}</td>
                                        <td><button type="button" class="link" on:click=move |_| nav.go(Route::Referral(id))>{w.person_name.clone()}</button></td>
                                        <td>{w.service_name.clone()}</td>
                                        <td>{w.kind.label(l)}</td>
                                        <td>{w.days_waiting}</td>
                                        <td class="date">{w.expected_reply.map(format::date).unwrap_or_default()}
                                            {w.overdue.then(|| view! { <strong class="alert">" " {t(l, T::Overdue)}</strong> })}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table></div>
                }.into_any()
            })}
        </section>
    }
}
