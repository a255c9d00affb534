//! *Presa in carico*: opening a case (offered when a colloquio's outcome is "presa in carico",
//! or from her page), the case page (state, deadlines, assessment, plan, interventions,
//! meetings, social reports, closing and reopening), and the deadlines list the dashboard and
//! the agenda show. The forms of the case's parts are in `case_parts.rs`.

use crate::api::call;
use crate::case_parts::send;
use crate::controls::focus_on_arrival;
use crate::i18n::{t, T};
use crate::persons::IdArgs;
use crate::session::{use_nav, RecordRef, Route};
use crate::widgets::{
    choice, field_error, today, tr, use_lang, Checkbox, Field, Notice, Select, TextArea,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;
use sportello_core::model::{
    CaseDeadline, CaseFile, CaseOpeningDraft, CaseOpeningForm, DeadlineKind,
};
use sportello_core::{format, CaseId, ContactId, FormErrors, Lang, PersonId};

#[derive(Serialize)]
struct DraftArgs {
    person: PersonId,
    contact: Option<ContactId>,
}

#[derive(Serialize)]
struct OpenCaseRequest {
    person: PersonId,
    contact: Option<ContactId>,
    form: CaseOpeningForm,
}

#[derive(Serialize)]
struct OpenArgs {
    request: OpenCaseRequest,
}

#[derive(Serialize)]
pub(crate) struct CaseStepRequest {
    pub id: CaseId,
    pub day: String,
    pub reason: String,
}

#[derive(Serialize)]
pub(crate) struct StepArgs {
    pub request: CaseStepRequest,
}

#[derive(Serialize)]
struct UpdateOpeningArgs {
    id: CaseId,
    form: CaseOpeningForm,
}

#[derive(Serialize)]
struct AssessmentArgs {
    id: CaseId,
    text: String,
}

/// What a deadline is, in the page's language.
pub(crate) fn deadline_text(kind: DeadlineKind, about: &str, l: Lang) -> String {
    let what = t(
        l,
        match kind {
            DeadlineKind::PlanReview => T::DeadlinePlanReview,
            DeadlineKind::AdiFirstMeeting => T::DeadlineAdiFirst,
            DeadlineKind::AdiFollowUp => T::DeadlineAdiFollowUp,
        },
    );
    if about.is_empty() {
        what.to_string()
    } else {
        format!("{what}: {about}")
    }
}

/// The deadlines of the open cases, soonest first, the overdue ones marked; each opens its case.
pub(crate) fn deadlines_list(id: &'static str, list: &[CaseDeadline], l: Lang) -> AnyView {
    let nav = use_nav();
    view! {
        <ul id=id class="plain deadlines">
            {list.iter().map(|d| {
                let case = d.case;
                let overdue = d.deadline.overdue;
                view! {
                    <li class:overdue=overdue>
                        <strong>{format::date(d.deadline.due)}</strong>" – "
                        <button type="button" class="link" on:click=move |_| nav.go(Route::Case(case))>{d.person_name.clone()}</button>
                        " – " {deadline_text(d.deadline.kind, &d.deadline.about, l)}
                        {overdue.then(|| view! { <strong class="alert">" " {t(l, T::Overdue)}</strong> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// Opening a case: the form prefilled from the colloquio that took her in charge; "Non ora"
/// goes back to her page. With a case already open, the page says so and opens it.
#[component]
pub fn NewCasePage(person: PersonId, contact: Option<ContactId>) -> impl IntoView {
    let lang = use_lang();
    let nav = use_nav();
    let draft = RwSignal::new(None::<CaseOpeningDraft>);
    let error = RwSignal::new(None::<String>);
    let opened_on = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let requested_by = RwSignal::new(String::new());
    let area = RwSignal::new(String::new());
    let household = RwSignal::new(false);
    let adi = RwSignal::new(false);
    let errors = RwSignal::new(FormErrors::default());
    spawn_local(async move {
        match call::<CaseOpeningDraft>("case_opening_draft", &DraftArgs { person, contact }).await {
            Ok(d) => {
                opened_on.set(d.form.opened_on.clone());
                requested_by.set(d.form.requested_by.clone());
                area.set(d.form.area.clone());
                draft.set(Some(d));
            }
            Err(e) => error.set(Some(e.message)),
        }
    });
    focus_on_arrival("#case-reason");
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = CaseOpeningForm {
            opened_on: opened_on.get_untracked(),
            reason: reason.get_untracked(),
            requested_by: requested_by.get_untracked(),
            area: area.get_untracked(),
            household: household.get_untracked(),
            assegno_inclusione: adi.get_untracked(),
        };
        if let Err(e) = form.parse(today()) {
            errors.set(e);
            return;
        }
        let l = lang.get_untracked();
        spawn_local(async move {
            let request = OpenCaseRequest {
                person,
                contact,
                form,
            };
            match call::<CaseId>("open_case", &OpenArgs { request }).await {
                Ok(id) => nav.go_with(Route::Case(id), t(l, T::CaseOpened).to_string()),
                Err(e) => {
                    errors.set(e.fields);
                    error.set(Some(e.message));
                }
            }
        });
    };
    let err = move |field| field_error(errors, field);
    view! {
        <section>
            <div class="page-head">
                <h1 tabindex="-1">{tr(T::OpenCaseTitle)}{move || draft.get().map(|d| format!(": {}", d.person_name))}</h1>
                <button type="button" id="case-not-now" on:click=move |_| nav.go(Route::Person(person))>{tr(T::NotNow)}</button>
            </div>
            <Notice text=nav.notice.into() />
            <p class="form-error" role="alert">{move || error.get()}</p>
            {move || draft.get().and_then(|d| d.open_case).map(|case| view! {
                <p class="warning" id="case-already-open">{tr(T::CaseAlreadyOpenHere)}" "
                    <button type="button" class="link" id="open-existing-case" on:click=move |_| nav.go(Route::Case(case))>{tr(T::OpenCase)}</button></p>
            })}
            {contact.map(|_| view! { <p class="muted" id="case-offer">{tr(T::CaseOffer)}</p> })}
            <form class="card wide" id="case-opening" on:submit=save novalidate=true>
                <div class="grid">
                    <Field id="case-opened-on" label=T::CaseOpenedOn help=T::DateHelp value=opened_on error=err("opened_on") />
                    <Select id="case-requested-by" label=T::CaseRequestedBy value=requested_by options=choice::requester error=err("requested_by") />
                    <Select id="case-area" label=T::CaseArea value=area options=choice::area error=err("area") />
                </div>
                <TextArea id="case-reason" label=T::CaseReason value=reason error=err("reason") />
                <Checkbox id="case-household" label=T::CaseHousehold value=household />
                <Checkbox id="case-adi" label=T::CaseAdi value=adi />
                <div class="actions"><button type="submit" class="primary" id="open-case">{tr(T::OpenCaseTitle)}</button></div>
            </form>
        </section>
    }
}

/// The case page: everything the case records, and its forms.
#[component]
pub fn CasePage(id: CaseId) -> impl IntoView {
    let lang = use_lang();
    let nav = use_nav();
    let file = RwSignal::new(None::<CaseFile>);
    let error = RwSignal::new(None::<String>);
    let assessment = RwSignal::new(String::new());
    let assessment_errors = RwSignal::new(FormErrors::default());
    let step_day = RwSignal::new(format::date(today()));
    let step_reason = RwSignal::new(String::new());
    let step_errors = RwSignal::new(FormErrors::default());
    let deleting = RwSignal::new(false);
    // The opening's details, to correct.
    let opened_on = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let requested_by = RwSignal::new(String::new());
    let area = RwSignal::new(String::new());
    let household = RwSignal::new(false);
    let adi = RwSignal::new(false);
    let opening_errors = RwSignal::new(FormErrors::default());
    let reload = move || {
        spawn_local(async move {
            match call::<CaseFile>("case_file", &IdArgs { id }).await {
                Ok(f) => {
                    assessment.set(f.assessment.clone());
                    let o = &f.state.opening;
                    opened_on.set(format::date(o.opened_on));
                    reason.set(o.reason.clone());
                    requested_by.set(o.requested_by.code().into());
                    area.set(o.area.code().into());
                    household.set(o.household);
                    adi.set(o.assegno_inclusione);
                    let _ = file.try_set(Some(f));
                }
                Err(e) => {
                    let _ = error.try_set(Some(e.message));
                }
            }
        });
    };
    reload();
    focus_on_arrival("#content h1");
    let reloaded = Callback::new(move |()| reload());
    let save_assessment = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = assessment.get_untracked();
        send(
            "set_case_assessment",
            AssessmentArgs { id, text },
            assessment_errors,
            reloaded,
            T::Saved,
            |()| {},
        );
    };
    let step = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let closed = file.with_untracked(|f| f.as_ref().is_some_and(|f| f.state.is_closed()));
        let (command, done) = if closed {
            ("reopen_case", T::CaseReopened)
        } else {
            ("close_case", T::CaseClosedNotice)
        };
        let request = CaseStepRequest {
            id,
            day: step_day.get_untracked(),
            reason: step_reason.get_untracked(),
        };
        send(
            command,
            StepArgs { request },
            step_errors,
            reloaded,
            done,
            move |()| step_reason.set(String::new()),
        );
    };
    let step_err = move |field| field_error(step_errors, field);
    let save_opening = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = CaseOpeningForm {
            opened_on: opened_on.get_untracked(),
            reason: reason.get_untracked(),
            requested_by: requested_by.get_untracked(),
            area: area.get_untracked(),
            household: household.get_untracked(),
            assegno_inclusione: adi.get_untracked(),
        };
        send(
            "update_case_opening",
            UpdateOpeningArgs { id, form },
            opening_errors,
            reloaded,
            T::Saved,
            |()| {},
        );
    };
    let delete = Callback::new(move |()| {
        let l = lang.get_untracked();
        let person = file.with_untracked(|f| f.as_ref().map(|f| f.person));
        spawn_local(async move {
            match call::<()>("delete_case", &IdArgs { id }).await {
                Ok(()) => match person {
                    Some(p) => nav.go_with(Route::Person(p), t(l, T::CaseDeleted).to_string()),
                    None => nav.go(Route::Persons),
                },
                Err(e) => error.set(Some(e.message)),
            }
        });
    });
    let opening_err = move |field| field_error(opening_errors, field);
    view! {
        <section class="case-page">
            <div class="page-head">
                <button type="button" id="back-to-person" on:click=move |_| {
                    if let Some(p) = file.with_untracked(|f| f.as_ref().map(|f| f.person)) {
                        nav.go(Route::Person(p));
                    }
                }>{tr(T::BackToPerson)}</button>
                <div class="head-actions">
                    <button type="button" id="delete-case" on:click=move |_| deleting.set(true)>{tr(T::Delete)}</button>
                    <button type="button" id="case-history" on:click=move |_| nav.go(Route::History(RecordRef {
                        entity: "case_file", id: id.to_string(),
                        title: file.with_untracked(|f| f.as_ref().map(|f| f.person_name.clone()).unwrap_or_default()),
                    }))>{tr(T::History)}</button>
                </div>
            </div>
            <Notice text=nav.notice.into() />
            <p class="form-error" role="alert">{move || error.get()}</p>
            {move || file.get().map(|f| {
                let l = lang.get();
                let o = &f.state.opening;
                let state = match f.state.closed_on {
                    Some(d) => format!("{} {} – {}: {}", t(l, T::CaseClosedOn), format::date(d), t(l, T::Reason), f.state.close_reason),
                    None => format!("{} {}", t(l, T::CaseOpenSince), format::date(o.opened_on)),
                };
                view! {
                    <h1 tabindex="-1">{t(l, T::CaseTitle)}": " {f.person_name.clone()}</h1>
                    <p id="case-state" class:muted=f.state.is_closed()>{state}</p>
                    <dl class="facts" id="case-opening-facts">
                        <dt>{t(l, T::CaseReason)}</dt><dd>{o.reason.clone()}</dd>
                        <dt>{t(l, T::CaseRequestedBy)}</dt><dd>{o.requested_by.label(l)}</dd>
                        <dt>{t(l, T::CaseArea)}</dt><dd>{o.area.label(l)}</dd>
                        {o.household.then(|| view! { <dt>{t(l, T::CaseHousehold)}</dt><dd>{t(l, T::Yes)}</dd> })}
                        {o.assegno_inclusione.then(|| view! { <dt>{t(l, T::CaseAdi)}</dt><dd>{t(l, T::Yes)}</dd> })}
                        {f.opened_by.clone().map(|who| view! { <dt>{t(l, T::RecordedBy)}</dt><dd>{who}</dd> })}
                    </dl>
                    {(!f.earlier.is_empty()).then(|| view! {
                        <h2>{t(l, T::CaseEarlierPeriods)}</h2>
                        <ul id="case-earlier" class="plain">
                            {f.earlier.iter().map(|p| view! {
                                <li>{format!("{} – {}: {} ({})", format::date(p.opened_on), format::date(p.closed_on), p.reason, p.close_reason)}</li>
                            }).collect_view()}
                        </ul>
                    })}
                    <article class="card wide" aria-labelledby="h-case-deadlines">
                        <h2 id="h-case-deadlines">{t(l, T::CaseDeadlines)}</h2>
                        {if f.deadlines.is_empty() {
                            view! { <p class="muted" id="case-no-deadlines">{t(l, T::NoDeadlines)}</p> }.into_any()
                        } else {
                            view! {
                                <ul id="case-deadlines" class="plain deadlines">
                                    {f.deadlines.iter().map(|d| view! {
                                        <li class:overdue=d.overdue><strong>{format::date(d.due)}</strong>" – " {deadline_text(d.kind, &d.about, l)}
                                            {d.overdue.then(|| view! { <strong class="alert">" " {t(l, T::Overdue)}</strong> })}</li>
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    </article>
                }
            })}
            <form class="card wide" id="assessment-form" on:submit=save_assessment novalidate=true>
                <h2>{tr(T::CaseAssessment)}</h2>
                <TextArea id="case-assessment" label=T::CaseAssessmentHelp value=assessment error=field_error(assessment_errors, "assessment") />
                <div class="actions"><button type="submit" id="save-assessment">{tr(T::Save)}</button></div>
            </form>
            <crate::case_parts::PlanCard file=file reload=reloaded />
            <crate::case_parts::InterventionsCard file=file reload=reloaded />
            <crate::case_parts::MeetingsCard file=file reload=reloaded />
            <crate::case_parts::ReportsCard file=file reload=reloaded />
            <details class="card wide" id="case-opening-edit">
                <summary>{tr(T::CaseCorrectOpening)}</summary>
                <form on:submit=save_opening novalidate=true>
                    <div class="grid">
                        <Field id="edit-opened-on" label=T::CaseOpenedOn help=T::DateHelp value=opened_on error=opening_err("opened_on") />
                        <Select id="edit-requested-by" label=T::CaseRequestedBy value=requested_by options=choice::requester error=opening_err("requested_by") />
                        <Select id="edit-area" label=T::CaseArea value=area options=choice::area error=opening_err("area") />
                    </div>
                    <TextArea id="edit-reason" label=T::CaseReason value=reason error=opening_err("reason") />
                    <Checkbox id="edit-household" label=T::CaseHousehold value=household />
                    <Checkbox id="edit-adi" label=T::CaseAdi value=adi />
                    <div class="actions"><button type="submit" id="save-opening">{tr(T::Save)}</button></div>
                </form>
            </details>
            <form class="card wide" id="case-step" on:submit=step novalidate=true>
                <h2>{move || if file.with(|f| f.as_ref().is_some_and(|f| f.state.is_closed())) { tr(T::ReopenCase)() } else { tr(T::CloseCase)() }}</h2>
                <div class="grid">
                    <Field id="case-step-day" label=T::Date help=T::DateHelp value=step_day
                        error=Signal::derive(move || step_err("closed_on").get().or_else(|| step_err("reopened_on").get())) />
                </div>
                <TextArea id="case-step-reason" label=T::Reason value=step_reason
                    error=Signal::derive(move || step_err("close_reason").get().or_else(|| step_err("reopen_reason").get())) />
                <div class="actions"><button type="submit" id="case-step-save">
                    {move || if file.with(|f| f.as_ref().is_some_and(|f| f.state.is_closed())) { tr(T::ReopenCase)() } else { tr(T::CloseCase)() }}
                </button></div>
            </form>
            <crate::controls::ConfirmDialog open=deleting
                title=Signal::derive(move || t(lang.get(), T::DeleteCaseTitle).to_string())
                text=Signal::derive(move || t(lang.get(), T::DeleteCaseText).to_string())
                confirm_label=Signal::derive(move || t(lang.get(), T::Delete).to_string())
                cancel_label=Signal::derive(move || t(lang.get(), T::Cancel).to_string())
                on_confirm=delete />
        </section>
    }
}
