//! Data protection around one person: the specific consents (given, revoked) on the person's
//! page, the warning in the colloquio form when a referral goes to a private body without her
//! consent, and the access request — the review (third parties and the operator's assessments
//! withheld until she decides), the warning that the files are readable by anyone, the folder.

use crate::api::call;
use crate::controls::focus_soon;
use crate::i18n::{t, T};
use crate::session::{use_nav, Route};
use crate::widgets::{choice, field_error, tr, use_lang, Field, Select};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;
use sportello_core::ipc::AccessExportRequest;
use sportello_core::model::{AccessDossier, AccessReview, Consent, ConsentForm};
use sportello_core::{format, ConsentId, ContactId, FormErrors, PersonId, ServiceId};

#[derive(Serialize)]
struct AddConsentArgs {
    person: PersonId,
    form: ConsentForm,
}

#[derive(Serialize)]
struct RevokeArgs {
    person: PersonId,
    id: ConsentId,
    day: String,
}

#[derive(Serialize)]
struct WarningArgs {
    person: PersonId,
    services: Vec<ServiceId>,
    date: String,
}

#[derive(Serialize)]
struct PersonArgs {
    person: PersonId,
}

#[derive(Serialize)]
struct ExportArgs {
    request: AccessExportRequest,
}

fn today_text() -> String {
    let now = js_sys::Date::new_0();
    format!(
        "{:02}/{:02}/{:04}",
        now.get_date(),
        now.get_month() + 1,
        now.get_full_year()
    )
}

/// The consents card of a person's page.
#[component]
pub fn ConsentsCard(person: PersonId, consents: Vec<Consent>) -> impl IntoView {
    let lang = use_lang();
    let list = RwSignal::new(consents);
    let kind = RwSignal::new(String::new());
    let given_on = RwSignal::new(today_text());
    let note = RwSignal::new(String::new());
    let errors = RwSignal::new(FormErrors::default());
    let error = RwSignal::new(None::<String>);
    let revoking = RwSignal::new(None::<ConsentId>);
    let revoke_day = RwSignal::new(today_text());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = ConsentForm {
            kind: kind.get_untracked(),
            given_on: given_on.get_untracked(),
            note: note.get_untracked(),
        };
        spawn_local(async move {
            match call::<Vec<Consent>>("add_consent", &AddConsentArgs { person, form }).await {
                Ok(l) => {
                    list.set(l);
                    errors.set(FormErrors::default());
                    kind.set(String::new());
                    note.set(String::new());
                }
                Err(e) => errors.set(e.fields),
            }
        });
    };
    let revoke = move |id: ConsentId| {
        let day = revoke_day.get_untracked();
        spawn_local(async move {
            match call::<Vec<Consent>>("revoke_consent", &RevokeArgs { person, id, day }).await {
                Ok(l) => {
                    list.set(l);
                    revoking.set(None);
                    error.set(None);
                }
                Err(e) => error.set(Some(
                    e.fields
                        .for_field("revoked_on")
                        .map(|m| m.text(lang.get_untracked()))
                        .unwrap_or(e.message),
                )),
            }
        });
    };
    view! {
        <article class="card" aria-labelledby="h-consents">
            <h2 id="h-consents">{tr(T::Consents)}</h2>
            <p class="muted">{tr(T::ConsentsHelp)}</p>
            {move || {
                let l = lang.get();
                let items = list.get();
                if items.is_empty() {
                    view! { <p class="muted" id="consents-none">{t(l, T::ConsentsNone)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="plain" id="consents">
                            {items.into_iter().map(|c| {
                                let id = c.id;
                                let state = match c.revoked_on {
                                    Some(r) => format!("{} {} · {} {}", t(l, T::GivenOn), format::date(c.given_on), t(l, T::RevokedOn), format::date(r)),
                                    None => format!("{} {}", t(l, T::GivenOn), format::date(c.given_on)),
                                };
                                view! {
                                    <li class:revoked=c.revoked_on.is_some()>
                                        <strong>{c.kind.label(l)}</strong>" · " {state}
                                        {(!c.note.is_empty()).then(|| view! { <span class="muted">" · " {c.note.clone()}</span> })}
                                        {c.revoked_on.is_none().then(|| view! {
                                            " " <button type="button" class="link revoke-consent" on:click=move |_| { revoking.set(Some(id)); revoke_day.set(today_text()); }>{t(l, T::Revoke)}</button>
                                        })}
                                        <Show when=move || revoking.get() == Some(id)>
                                            <div class="inline-form">
                                                <label for="revoke-day">{tr(T::RevokedOn)}</label>
                                                <input id="revoke-day" prop:value=move || revoke_day.get() on:input=move |ev| revoke_day.set(event_target_value(&ev)) />
                                                <button type="button" id="confirm-revoke" on:click=move |_| revoke(id)>{tr(T::Revoke)}</button>
                                                <button type="button" on:click=move |_| revoking.set(None)>{tr(T::Cancel)}</button>
                                            </div>
                                        </Show>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            }}
            <p class="form-error" role="alert">{move || error.get()}</p>
            <form class="narrow" id="consent-form" on:submit=add>
                <Select id="consent-kind" label=T::ConsentKind value=kind options=choice::consent_kind error=field_error(errors, "kind") />
                <Field id="consent-given-on" label=T::GivenOn help=T::DateHelp value=given_on error=field_error(errors, "given_on") />
                <Field id="consent-note" label=T::Notes value=note error=field_error(errors, "note") />
                <div class="actions"><button type="submit" id="add-consent">{tr(T::AddConsent)}</button></div>
            </form>
        </article>
    }
}

/// Under the referrals of a colloquio: the private bodies chosen that lack her consent to
/// receive her data. A warning: the colloquio saves all the same.
#[component]
pub fn PrivateReferralWarning(
    person: Signal<Option<PersonId>>,
    date: Signal<String>,
    services: Signal<Vec<String>>,
) -> impl IntoView {
    let lang = use_lang();
    let warned = RwSignal::new(Vec::<String>::new());
    Effect::new(move |_| {
        let chosen: Vec<ServiceId> = services
            .get()
            .iter()
            .filter_map(|s| s.parse().ok())
            .collect();
        let day = date.get();
        match person.get() {
            Some(person) if !chosen.is_empty() => spawn_local(async move {
                let args = WarningArgs {
                    person,
                    services: chosen,
                    date: day,
                };
                if let Ok(names) = call::<Vec<String>>("private_referral_warnings", &args).await {
                    let _ = warned.try_set(names);
                }
            }),
            _ => warned.set(Vec::new()),
        }
    });
    view! {
        <Show when=move || !warned.with(Vec::is_empty)>
            <p class="warning" id="private-referral-warning" role="status">
                {move || format!("{} {}", t(lang.get(), T::PrivateReferralWarning), warned.get().join(", "))}
            </p>
        </Show>
    }
}

/// The access request: review, warning, folder.
#[component]
pub fn AccessPage(person: PersonId) -> impl IntoView {
    let lang = use_lang();
    let nav = use_nav();
    let dossier = RwSignal::new(None::<AccessDossier>);
    let review = RwSignal::new(AccessReview::default());
    let error = RwSignal::new(None::<String>);
    let written = RwSignal::new(None::<Vec<String>>);
    let busy = RwSignal::new(false);
    spawn_local(async move {
        match call::<AccessDossier>("access_dossier", &PersonArgs { person }).await {
            Ok(d) => {
                review.set(AccessReview::new(&d));
                dossier.set(Some(d));
            }
            Err(e) => error.set(Some(e.message)),
        }
    });
    focus_soon("#content h1");
    let save = move |_| {
        error.set(None);
        written.set(None);
        busy.set(true);
        let request = AccessExportRequest {
            person,
            review: review.get_untracked(),
        };
        spawn_local(async move {
            match call::<Option<Vec<String>>>("save_access_export", &ExportArgs { request }).await {
                Ok(paths) => written.set(paths),
                Err(e) => error.set(Some(
                    e.fields
                        .0
                        .first()
                        .map(|f| f.msg.text(lang.get_untracked()))
                        .unwrap_or(e.message),
                )),
            }
            busy.set(false);
        });
    };
    let toggle = move |f: fn(&mut AccessReview, bool)| {
        move |ev: leptos::ev::Event| {
            let on = event_target_checked(&ev);
            review.update(|r| f(r, on));
        }
    };
    let decide = move |contact: ContactId, include: bool| {
        review.update(|r| {
            r.evaluations.insert(contact, include);
        });
    };
    view! {
        <section>
            <div class="page-head">
                <h1 tabindex="-1">{tr(T::AccessTitle)}</h1>
                <button type="button" id="back-to-person" on:click=move |_| nav.go(Route::Person(person))>{tr(T::BackToPerson)}</button>
            </div>
            <p class="muted">{tr(T::AccessHelp)}</p>
            <p class="form-error" role="alert" id="access-error">{move || error.get()}</p>
            {move || dossier.get().map(|d| {
                let l = lang.get();
                let assessed: Vec<_> = d.contacts.iter().filter(|c| !c.data.evaluation.trim().is_empty()).cloned().collect();
                view! {
                    <article class="card" aria-labelledby="h-access-person">
                        <h2 id="h-access-person">{d.person.display_name()}</h2>
                        <p>{format!("{}: {} · {}: {} · {}: {}", t(l, T::Contacts), d.contacts.len(), t(l, T::Referrals), d.referrals.len(), t(l, T::Consents), d.consents.len())}</p>
                    </article>
                    <article class="card" aria-labelledby="h-access-third">
                        <h2 id="h-access-third">{t(l, T::AccessThirdParties)}</h2>
                        <p class="muted">{t(l, T::AccessThirdPartiesHelp)}</p>
                        <div class="field checkbox"><input type="checkbox" id="access-household" prop:checked=move || review.with(|r| r.include_household)
                            on:change=toggle(|r, on| r.include_household = on) /><label for="access-household">{format!("{} ({})", t(l, T::Household), d.household.len())}</label></div>
                        <div class="field checkbox"><input type="checkbox" id="access-household-notes" prop:checked=move || review.with(|r| r.include_household_notes)
                            on:change=toggle(|r, on| r.include_household_notes = on) /><label for="access-household-notes">{t(l, T::HouseholdNotes)}</label></div>
                        <div class="field checkbox"><input type="checkbox" id="access-case-assessments" prop:checked=move || review.with(|r| r.include_case_assessments)
                            on:change=toggle(|r, on| r.include_case_assessments = on) /><label for="access-case-assessments">{t(l, T::CaseAssessmentsInclude)}</label></div>
                        <div class="field checkbox"><input type="checkbox" id="access-representatives" prop:checked=move || review.with(|r| r.include_representatives)
                            on:change=toggle(|r, on| r.include_representatives = on) /><label for="access-representatives">{t(l, T::Representatives)}</label></div>
                        <div class="field checkbox"><input type="checkbox" id="access-feedback" prop:checked=move || review.with(|r| r.include_service_feedback)
                            on:change=toggle(|r, on| r.include_service_feedback = on) /><label for="access-feedback">{t(l, T::AccessServiceFeedback)}</label></div>
                    </article>
                    <article class="card" aria-labelledby="h-access-evaluations">
                        <h2 id="h-access-evaluations">{t(l, T::AccessEvaluations)}</h2>
                        {if assessed.is_empty() {
                            view! { <p class="muted" id="access-no-evaluations">{t(l, T::AccessNoEvaluations)}</p> }.into_any()
                        } else {
                            view! {
                                <p class="muted">{t(l, T::AccessEvaluationsHelp)}</p>
                                <ul class="plain" id="access-evaluations">
                                    {assessed.into_iter().map(|c| {
                                        let id = c.id;
                                        let name = format!("evaluation-{id}");
                                        view! {
                                            <li class="evaluation">
                                                <p><strong>{format::date(c.data.date)}</strong>": " {c.data.evaluation.clone()}</p>
                                                <fieldset class="inline">
                                                    <legend class="visually-hidden">{format!("{} {}", t(l, T::AccessEvaluations), format::date(c.data.date))}</legend>
                                                    <label><input type="radio" name=name.clone() class="evaluation-include"
                                                        prop:checked=move || review.with(|r| r.evaluations.get(&id) == Some(&true))
                                                        on:change=move |_| decide(id, true) />{t(l, T::AccessInclude)}</label>
                                                    <label><input type="radio" name=name class="evaluation-withhold"
                                                        prop:checked=move || review.with(|r| r.evaluations.get(&id) == Some(&false))
                                                        on:change=move |_| decide(id, false) />{t(l, T::AccessWithhold)}</label>
                                                </fieldset>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    </article>
                    <article class="card warning" aria-labelledby="h-access-save">
                        <h2 id="h-access-save">{t(l, T::AccessSave)}</h2>
                        <p id="access-warning">{t(l, T::AccessWarning)}</p>
                        <div class="actions">
                            <button type="button" class="primary" id="save-access-export" disabled=move || busy.get() on:click=save>{t(l, T::AccessChooseFolder)}</button>
                        </div>
                        {move || written.get().map(|paths| view! {
                            <div role="status" id="access-written">
                                <p>{t(lang.get(), T::AccessWritten)}</p>
                                <ul class="plain">{paths.into_iter().map(|p| view! { <li><code>{p}</code></li> }).collect_view()}</ul>
                            </div>
                        })}
                    </article>
                }
            })}
        </section>
    }
}
