//! The parts of a case page: the personalised plan (goals and their reviews), the
//! interventions with the comune's act, the meetings, and the social reports (written from the
//! template, saved as versions, printed as PDF).

use crate::api::call;
use crate::i18n::{t, T};
use crate::services::{save_paper, PersonalPaper, PersonalPaperDialog};
use crate::session::use_nav;
use crate::widgets::{choice, field_error, today, tr, use_lang, Checkbox, Field, Select, TextArea};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;
use sportello_core::model::{
    CaseFile, GoalForm, Intervention, InterventionForm, MeetingForm, ReviewForm, SocialReport,
    SocialReportForm,
};
use sportello_core::{format, CaseId, FormErrors, GoalId, InterventionId, SocialReportId};
use uuid::Uuid;

fn case_id(file: RwSignal<Option<CaseFile>>) -> Option<CaseId> {
    file.with_untracked(|f| f.as_ref().map(|f| f.id))
}

/// Sends a case page's form; on success clears it (`done`), says `notice` and reloads the
/// case; on a refusal shows each field's message and the summary.
pub(crate) fn send<A: Serialize + 'static, R: serde::de::DeserializeOwned + 'static>(
    command: &'static str,
    args: A,
    errors: RwSignal<FormErrors>,
    reload: Callback<()>,
    notice: T,
    done: impl FnOnce(R) + 'static,
) {
    let nav = use_nav();
    let lang = use_lang();
    spawn_local(async move {
        match call::<R>(command, &args).await {
            Ok(value) => {
                errors.set(FormErrors::default());
                done(value);
                nav.notice
                    .set(Some(t(lang.get_untracked(), notice).to_string()));
                reload.run(());
            }
            Err(e) => {
                errors.set(e.fields);
                nav.notice.set(Some(e.message));
            }
        }
    });
}

#[derive(Serialize)]
struct PartArgs {
    part: &'static str,
    id: Uuid,
}

/// What she asked to remove, waiting for her confirmation.
type Removal = RwSignal<Option<(&'static str, Uuid)>>;

/// Asks to remove a goal, an intervention or a meeting recorded by mistake.
fn remove(part: &'static str, id: Uuid, pending: Removal) {
    pending.set(Some((part, id)));
}

/// The confirmation of a removal; on confirm the part leaves the case (the history keeps it).
#[component]
fn RemoveDialog(pending: Removal, reload: Callback<()>) -> impl IntoView {
    let nav = use_nav();
    let lang = use_lang();
    let open = RwSignal::new(false);
    Effect::new(move |_| open.set(pending.with(Option::is_some)));
    let confirm = Callback::new(move |()| {
        let Some((part, id)) = pending.get_untracked() else {
            return;
        };
        pending.set(None);
        spawn_local(async move {
            match call::<()>("delete_case_part", &PartArgs { part, id }).await {
                Ok(()) => {
                    nav.notice
                        .set(Some(t(lang.get_untracked(), T::PartRemoved).to_string()));
                    reload.run(());
                }
                Err(e) => nav.notice.set(Some(e.message)),
            }
        });
    });
    view! {
        <crate::controls::ConfirmDialog open=open
            title=Signal::derive(move || t(lang.get(), T::RemovePartTitle).to_string())
            text=Signal::derive(move || t(lang.get(), T::RemovePartText).to_string())
            confirm_label=Signal::derive(move || t(lang.get(), T::RemovePart).to_string())
            cancel_label=Signal::derive(move || t(lang.get(), T::Cancel).to_string())
            on_cancel=Callback::new(move |()| pending.set(None))
            on_confirm=confirm />
    }
}

#[derive(Serialize)]
struct GoalArgs {
    case: CaseId,
    form: GoalForm,
}

#[derive(Serialize)]
struct ReviewArgs {
    goal: GoalId,
    form: ReviewForm,
}

#[component]
pub fn PlanCard(file: RwSignal<Option<CaseFile>>, reload: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let removal: Removal = RwSignal::new(None);
    let goal = RwSignal::new(String::new());
    let actions = RwSignal::new(String::new());
    let responsible = RwSignal::new(String::new());
    let review_on = RwSignal::new(String::new());
    let errors = RwSignal::new(FormErrors::default());
    let review_goal = RwSignal::new(String::new());
    let held_on = RwSignal::new(format::date(today()));
    let changes = RwSignal::new(String::new());
    let reached = RwSignal::new(false);
    let next_review = RwSignal::new(String::new());
    let review_errors = RwSignal::new(FormErrors::default());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(case) = case_id(file) else { return };
        let form = GoalForm {
            goal: goal.get_untracked(),
            actions: actions.get_untracked(),
            responsible: responsible.get_untracked(),
            review_on: review_on.get_untracked(),
        };
        send(
            "add_goal",
            GoalArgs { case, form },
            errors,
            reload,
            T::Saved,
            move |_: GoalId| {
                for s in [goal, actions, responsible, review_on] {
                    s.set(String::new());
                }
            },
        );
    };
    let review = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(goal) = review_goal.get_untracked().parse::<Uuid>().map(GoalId) else {
            let mut e = FormErrors::default();
            e.add("goal", sportello_core::Msg::Required);
            review_errors.set(e);
            return;
        };
        let form = ReviewForm {
            held_on: held_on.get_untracked(),
            changes: changes.get_untracked(),
            reached: reached.get_untracked(),
            next_review_on: next_review.get_untracked(),
        };
        send(
            "record_review",
            ReviewArgs { goal, form },
            review_errors,
            reload,
            T::Saved,
            move |_: sportello_core::ReviewId| {
                changes.set(String::new());
                next_review.set(String::new());
                reached.set(false);
            },
        );
    };
    let err = move |field| field_error(errors, field);
    let review_err = move |field| field_error(review_errors, field);
    view! {
        <article class="card wide" aria-labelledby="h-plan">
            <RemoveDialog pending=removal reload=reload />
            <h2 id="h-plan">{tr(T::CasePlan)}</h2>
            {move || file.get().map(|f| {
                let l = lang.get();
                if f.goals.is_empty() {
                    return view! { <p class="muted" id="no-goals">{t(l, T::NoGoals)}</p> }.into_any();
                }
                view! {
                    <div class="table-wrap"><table id="goals">
                        <thead><tr>
                            <th scope="col">{t(l, T::Goal)}</th><th scope="col">{t(l, T::GoalActions)}</th>
                            <th scope="col">{t(l, T::GoalResponsible)}</th><th scope="col">{t(l, T::GoalReview)}</th>
                            <th scope="col"><span class="visually-hidden">{t(l, T::Actions)}</span></th>
                        </tr></thead>
                        <tbody>
                            {f.goals.iter().map(|g| {
                                let goal_id = g.id.0;
                                let reviews: Vec<String> = f.reviews.iter().filter(|r| r.goal == g.id)
                                    .map(|r| format!("{}: {}", format::date(r.data.held_on), r.data.changes)).collect();
                                view! {
                                    <tr>
                                        <td>{g.data.goal.clone()}
                                            {(!reviews.is_empty()).then(|| view! { <ul class="plain small reviews">{reviews.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul> })}</td>
                                        <td>{g.data.actions.clone()}</td>
                                        <td>{g.data.responsible.clone()}</td>
                                        <td>{match (g.reached_on, g.data.review_on) {
                                            (Some(d), _) => format!("{} {}", t(l, T::GoalReached), format::date(d)),
                                            (None, Some(d)) => format::date(d),
                                            (None, None) => String::new(),
                                        }}</td>
                                        <td><button type="button" class="link" on:click=move |_| remove("goal", goal_id, removal)>{t(l, T::RemovePart)}</button></td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table></div>
                }.into_any()
            })}
            <form id="goal-form" on:submit=add novalidate=true>
                <h3>{tr(T::NewGoal)}</h3>
                <Field id="goal" label=T::Goal value=goal error=err("goal") />
                <div class="grid">
                    <Field id="goal-actions" label=T::GoalActions value=actions error=err("actions") />
                    <Field id="goal-responsible" label=T::GoalResponsible value=responsible error=err("responsible") />
                    <Field id="goal-review-on" label=T::GoalReview help=T::DateHelp value=review_on error=err("review_on") />
                </div>
                <div class="actions"><button type="submit" id="add-goal">{tr(T::AddGoal)}</button></div>
            </form>
            {move || file.with(|f| f.as_ref().is_some_and(|f| f.goals.iter().any(|g| g.reached_on.is_none()))).then(|| view! {
                <form id="review-form" on:submit=review novalidate=true>
                    <h3>{tr(T::NewReview)}</h3>
                    <div class="grid">
                        <div class="field">
                            <label for="review-goal">{tr(T::Goal)}</label>
                            <select id="review-goal" aria-describedby="review-goal-error" on:change=move |ev| review_goal.set(event_target_value(&ev))>
                                <option value="">{tr(T::Choose)}</option>
                                {move || file.get().map(|f| f.goals.into_iter().filter(|g| g.reached_on.is_none()).map(|g| {
                                    let value = g.id.to_string();
                                    let chosen = value.clone();
                                    view! { <option value=value selected=move || review_goal.get() == chosen>{g.data.goal}</option> }
                                }).collect_view())}
                            </select>
                            <span class="error" id="review-goal-error" role="alert">{move || review_err("goal").get()}</span>
                        </div>
                        <Field id="review-held-on" label=T::ReviewHeldOn help=T::DateHelp value=held_on error=review_err("held_on") />
                        <Field id="review-next" label=T::ReviewNext help=T::DateHelp value=next_review error=review_err("next_review_on") />
                    </div>
                    <TextArea id="review-changes" label=T::ReviewChanges value=changes error=review_err("changes") />
                    <Checkbox id="review-reached" label=T::GoalReachedCheck value=reached />
                    <div class="actions"><button type="submit" id="save-review">{tr(T::SaveReview)}</button></div>
                </form>
            })}
        </article>
    }
}

#[derive(Serialize)]
struct InterventionArgs {
    case: CaseId,
    form: InterventionForm,
}

#[derive(Serialize)]
struct UpdateInterventionArgs {
    id: InterventionId,
    form: InterventionForm,
}

fn intervention_form(i: &Intervention) -> InterventionForm {
    let d = &i.data;
    InterventionForm {
        kind: d.kind.code().into(),
        provider: d.provider.clone(),
        from: format::date(d.from),
        to: d.to.map(format::date).unwrap_or_default(),
        amount: d.amount.map(format::euro).unwrap_or_default(),
        act_number: d.act_number.clone(),
        act_date: d.act_date.map(format::date).unwrap_or_default(),
    }
}

#[component]
pub fn InterventionsCard(file: RwSignal<Option<CaseFile>>, reload: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let removal: Removal = RwSignal::new(None);
    let editing = RwSignal::new(None::<InterventionId>);
    let kind = RwSignal::new(String::new());
    let provider = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let act_number = RwSignal::new(String::new());
    let act_date = RwSignal::new(String::new());
    let errors = RwSignal::new(FormErrors::default());
    let fill = move |f: InterventionForm| {
        kind.set(f.kind);
        provider.set(f.provider);
        from.set(f.from);
        to.set(f.to);
        amount.set(f.amount);
        act_number.set(f.act_number);
        act_date.set(f.act_date);
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(case) = case_id(file) else { return };
        let form = InterventionForm {
            kind: kind.get_untracked(),
            provider: provider.get_untracked(),
            from: from.get_untracked(),
            to: to.get_untracked(),
            amount: amount.get_untracked(),
            act_number: act_number.get_untracked(),
            act_date: act_date.get_untracked(),
        };
        let clear = move || {
            editing.set(None);
            fill(InterventionForm::default());
        };
        match editing.get_untracked() {
            Some(id) => send(
                "update_intervention",
                UpdateInterventionArgs { id, form },
                errors,
                reload,
                T::Saved,
                move |()| clear(),
            ),
            None => send(
                "add_intervention",
                InterventionArgs { case, form },
                errors,
                reload,
                T::Saved,
                move |_: InterventionId| clear(),
            ),
        }
    };
    let err = move |field| field_error(errors, field);
    view! {
        <article class="card wide" aria-labelledby="h-interventions">
            <RemoveDialog pending=removal reload=reload />
            <h2 id="h-interventions">{tr(T::Interventions)}</h2>
            {move || file.get().map(|f| {
                let l = lang.get();
                if f.interventions.is_empty() {
                    return view! { <p class="muted" id="no-interventions">{t(l, T::NoInterventions)}</p> }.into_any();
                }
                view! {
                    <div class="table-wrap"><table id="interventions">
                        <thead><tr>
                            <th scope="col">{t(l, T::Kind)}</th><th scope="col">{t(l, T::InterventionProvider)}</th>
                            <th scope="col">{t(l, T::Period)}</th><th scope="col">{t(l, T::AmountEuro)}</th>
                            <th scope="col">{t(l, T::ComuneAct)}</th><th scope="col"><span class="visually-hidden">{t(l, T::Actions)}</span></th>
                        </tr></thead>
                        <tbody>
                            {f.interventions.iter().map(|i| {
                                let d = &i.data;
                                let form = intervention_form(i);
                                let id = i.id;
                                view! {
                                    <tr>
                                        <td>{d.kind.label(l)}</td>
                                        <td>{d.provider.clone()}</td>
                                        <td>{match d.to {
                                            Some(to) => format!("{} – {}", format::date(d.from), format::date(to)),
                                            None => format!("{} {}", t(l, T::InterventionFrom), format::date(d.from)),
                                        }}</td>
                                        <td class="num">{d.amount.map(format::euro).unwrap_or_default()}</td>
                                        <td>{d.act_text()}</td>
                                        <td><button type="button" class="link" on:click=move |_| {
                                            editing.set(Some(id));
                                            fill(form.clone());
                                            crate::controls::focus_soon("#intervention-kind");
                                        }>{t(l, T::Edit)}</button>" "
                                        <button type="button" class="link" on:click=move |_| remove("intervention", id.0, removal)>{t(l, T::RemovePart)}</button></td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table></div>
                }.into_any()
            })}
            <form id="intervention-form" on:submit=save novalidate=true>
                <h3>{move || if editing.get().is_some() { tr(T::EditIntervention)() } else { tr(T::NewIntervention)() }}</h3>
                <div class="grid">
                    <Select id="intervention-kind" label=T::Kind value=kind options=choice::intervention_kind error=err("kind") />
                    <Field id="intervention-provider" label=T::InterventionProvider value=provider error=err("provider") />
                    <Field id="intervention-from" label=T::InterventionFrom help=T::DateHelp value=from error=err("from") />
                    <Field id="intervention-to" label=T::InterventionTo help=T::DateHelp value=to error=err("to") />
                    <Field id="intervention-amount" label=T::AmountEuro value=amount error=err("amount") />
                    <Field id="intervention-act-number" label=T::ComuneAct help=T::ComuneActHelp value=act_number error=err("act_number") />
                    <Field id="intervention-act-date" label=T::ComuneActDate help=T::DateHelp value=act_date error=err("act_date") />
                </div>
                <div class="actions">
                    {move || editing.get().is_some().then(|| view! {
                        <button type="button" id="cancel-intervention-edit" on:click=move |_| { editing.set(None); fill(InterventionForm::default()); }>{tr(T::Cancel)}</button>
                    })}
                    <button type="submit" id="save-intervention">{tr(T::Save)}</button>
                </div>
            </form>
        </article>
    }
}

#[derive(Serialize)]
struct MeetingArgs {
    case: CaseId,
    form: MeetingForm,
}

#[component]
pub fn MeetingsCard(file: RwSignal<Option<CaseFile>>, reload: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let removal: Removal = RwSignal::new(None);
    let kind = RwSignal::new(String::new());
    let held_on = RwSignal::new(format::date(today()));
    let present = RwSignal::new(String::new());
    let decisions = RwSignal::new(String::new());
    let errors = RwSignal::new(FormErrors::default());
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(case) = case_id(file) else { return };
        let form = MeetingForm {
            kind: kind.get_untracked(),
            held_on: held_on.get_untracked(),
            present: present.get_untracked(),
            decisions: decisions.get_untracked(),
        };
        send(
            "add_meeting",
            MeetingArgs { case, form },
            errors,
            reload,
            T::Saved,
            move |_: sportello_core::MeetingId| {
                present.set(String::new());
                decisions.set(String::new());
            },
        );
    };
    let err = move |field| field_error(errors, field);
    view! {
        <article class="card wide" aria-labelledby="h-meetings">
            <RemoveDialog pending=removal reload=reload />
            <h2 id="h-meetings">{tr(T::Meetings)}</h2>
            {move || file.get().map(|f| {
                let l = lang.get();
                if f.meetings.is_empty() {
                    return view! { <p class="muted" id="no-meetings">{t(l, T::NoMeetings)}</p> }.into_any();
                }
                view! {
                    <ul id="meetings" class="plain">
                        {f.meetings.iter().map(|m| {
                            let meeting = m.id.0;
                            view! {
                                <li><strong>{format::date(m.data.held_on)}" – " {m.data.kind.label(l)}</strong>
                                    {(!m.data.present.is_empty()).then(|| format!(" ({}: {})", t(l, T::MeetingPresent), m.data.present))}
                                    ": " {m.data.decisions.clone()}" "
                                    <button type="button" class="link" on:click=move |_| remove("meeting", meeting, removal)>{t(l, T::RemovePart)}</button></li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            })}
            <form id="meeting-form" on:submit=save novalidate=true>
                <h3>{tr(T::NewMeeting)}</h3>
                <div class="grid">
                    <Select id="meeting-kind" label=T::Kind value=kind options=choice::meeting_kind error=err("kind") />
                    <Field id="meeting-held-on" label=T::Date help=T::DateHelp value=held_on error=err("held_on") />
                    <Field id="meeting-present" label=T::MeetingPresent value=present error=err("present") />
                </div>
                <TextArea id="meeting-decisions" label=T::MeetingDecisions value=decisions error=err("decisions") />
                <div class="actions"><button type="submit" id="save-meeting">{tr(T::SaveMeeting)}</button></div>
            </form>
        </article>
    }
}

#[derive(Serialize)]
struct CaseArgs {
    case: CaseId,
}

#[derive(Serialize)]
struct SaveReportRequest {
    case: CaseId,
    series: Option<Uuid>,
    form: SocialReportForm,
}

#[derive(Serialize)]
struct SaveReportArgs {
    request: SaveReportRequest,
}

#[component]
pub fn ReportsCard(file: RwSignal<Option<CaseFile>>, reload: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let nav = use_nav();
    let paper = PersonalPaper::new();
    // The editor: open with a new report's draft or a saved version to correct.
    let editing = RwSignal::new(false);
    let series = RwSignal::new(None::<Uuid>);
    let addressee = RwSignal::new(String::new());
    let recipient = RwSignal::new(String::new());
    let subject = RwSignal::new(String::new());
    let written_on = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let errors = RwSignal::new(FormErrors::default());
    let last_saved = RwSignal::new(None::<(SocialReportId, u32)>);
    let fill = move |f: SocialReportForm, of: Option<Uuid>| {
        addressee.set(f.addressee);
        recipient.set(f.recipient);
        subject.set(f.subject);
        written_on.set(f.written_on);
        body.set(f.body);
        series.set(of);
        errors.set(FormErrors::default());
        editing.set(true);
        crate::controls::focus_soon("#report-addressee");
    };
    let new_report = move |_| {
        let Some(case) = case_id(file) else { return };
        spawn_local(async move {
            match call::<SocialReportForm>("social_report_draft", &CaseArgs { case }).await {
                Ok(f) => fill(f, None),
                Err(e) => nav.notice.set(Some(e.message)),
            }
        });
    };
    let new_version = move |id: SocialReportId| {
        spawn_local(async move {
            match call::<SocialReport>("social_report", &crate::persons::IdArgs { id }).await {
                Ok(r) => fill(
                    SocialReportForm {
                        addressee: r.line.addressee.code().into(),
                        recipient: r.line.recipient,
                        subject: r.line.subject,
                        written_on: format::date(today()),
                        body: r.body,
                    },
                    Some(r.line.series),
                ),
                Err(e) => nav.notice.set(Some(e.message)),
            }
        });
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(case) = case_id(file) else { return };
        let form = SocialReportForm {
            addressee: addressee.get_untracked(),
            recipient: recipient.get_untracked(),
            subject: subject.get_untracked(),
            written_on: written_on.get_untracked(),
            body: body.get_untracked(),
        };
        let request = SaveReportRequest {
            case,
            series: series.get_untracked(),
            form,
        };
        send(
            "save_social_report",
            SaveReportArgs { request },
            errors,
            reload,
            T::Saved,
            move |saved: (SocialReportId, u32)| {
                editing.set(false);
                last_saved.set(Some(saved));
            },
        );
    };
    let err = move |field| field_error(errors, field);
    let print = move |id: SocialReportId| {
        paper.ask(move || {
            save_paper(
                "save_social_report_pdf",
                id,
                nav.notice,
                lang.get_untracked(),
            )
        });
    };
    view! {
        <article class="card wide" aria-labelledby="h-reports">
            <PersonalPaperDialog paper=paper />
            <h2 id="h-reports">{tr(T::SocialReports)}</h2>
            {move || file.get().map(|f| {
                let l = lang.get();
                if f.reports.is_empty() {
                    return view! { <p class="muted" id="no-social-reports">{t(l, T::NoSocialReports)}</p> }.into_any();
                }
                view! {
                    <div class="table-wrap"><table id="social-reports">
                        <thead><tr>
                            <th scope="col">{t(l, T::Date)}</th><th scope="col">{t(l, T::ReportSubject)}</th>
                            <th scope="col">{t(l, T::ReportAddressee)}</th><th scope="col">{t(l, T::ReportVersion)}</th>
                            <th scope="col"><span class="visually-hidden">{t(l, T::Actions)}</span></th>
                        </tr></thead>
                        <tbody>
                            {f.reports.iter().map(|r| {
                                let id = r.id;
                                view! {
                                    <tr>
                                        <td class="date">{format::date(r.written_on)}</td>
                                        <td>{r.subject.clone()}</td>
                                        <td>{r.addressee.label(l)}{(!r.recipient.is_empty()).then(|| format!(" – {}", r.recipient))}</td>
                                        <td>{r.version}</td>
                                        <td>
                                            <button type="button" class="link print-social-report" on:click=move |_| print(id)>{t(l, T::PrintPdf)}</button>" "
                                            <button type="button" class="link new-version" on:click=move |_| new_version(id)>{t(l, T::NewVersion)}</button>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table></div>
                }.into_any()
            })}
            {move || last_saved.get().map(|(id, version)| view! {
                <p role="status" id="social-report-saved">{format!("{} {version}.", tr(T::ReportVersionSaved)())}" "
                    <button type="button" id="print-social-report" on:click=move |_| print(id)>{tr(T::PrintPdf)}</button></p>
            })}
            <div class="actions">
                <button type="button" id="new-social-report" on:click=new_report>{tr(T::NewSocialReport)}</button>
            </div>
            <Show when=move || editing.get()>
                <form id="social-report-form" on:submit=save novalidate=true>
                    <h3>{move || if series.get().is_some() { tr(T::NewVersion)() } else { tr(T::NewSocialReport)() }}</h3>
                    <div class="grid">
                        <Select id="report-addressee" label=T::ReportAddressee value=addressee options=choice::report_addressee error=err("addressee") />
                        <Field id="report-recipient" label=T::ReportRecipient value=recipient error=err("recipient") />
                        <Field id="report-subject" label=T::ReportSubject value=subject error=err("subject") />
                        <Field id="report-written-on" label=T::Date help=T::DateHelp value=written_on error=err("written_on") />
                    </div>
                    <div class="field" class:has-error=move || err("body").get().is_some()>
                        <label for="report-body">{tr(T::ReportBody)}</label>
                        <span class="help" id="report-body-help">{tr(T::ReportBodyHelp)}</span>
                        <textarea id="report-body" rows="18" spellcheck="false" aria-describedby="report-body-help report-body-error"
                            prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                        <span class="error" id="report-body-error" role="alert">{move || err("body").get()}</span>
                    </div>
                    <div class="actions">
                        <button type="button" id="cancel-social-report" on:click=move |_| editing.set(false)>{tr(T::Cancel)}</button>
                        <button type="submit" class="primary" id="save-social-report">{tr(T::SaveVersion)}</button>
                    </div>
                </form>
            </Show>
        </article>
    }
}
