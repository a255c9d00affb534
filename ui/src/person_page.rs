//! A person's page: the record, the household, and one timeline of colloqui, referrals,
//! appointments and time, each item with the way to change it; delete (with a reason), merge
//! with another record of the same person, and the history.

use crate::api::call;
use crate::controls::{focus_soon, Combobox, ConfirmDialog};
use crate::i18n::{t, T};
use crate::persons::{person_label, IdArgs, QueryArgs};
use crate::session::{use_nav, RecordRef, Route};
use crate::widgets::{choice, tr, use_lang, Notice};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;
use sportello_core::ipc::{PersonPage, SaveTimeEntryRequest, TimelineItem, NEW_CONTACT_SHORTCUT};
use sportello_core::model::{is_waiting, Birth, Identity, PersonSummary, TimeEntry, TimeEntryForm};
use sportello_core::{format, FormErrors, Lang, PersonId, Relation, TimeEntryId};

#[derive(Serialize)]
struct DeleteArgs<I: Serialize> {
    id: I,
    reason: String,
}

#[derive(Serialize)]
struct MergeArgs {
    keep: PersonId,
    other: PersonId,
}

#[derive(Serialize)]
struct MemberArgs {
    person: PersonId,
    member: PersonId,
    relation: Relation,
}

#[derive(Serialize)]
struct LinkArgs {
    link: sportello_core::HouseholdLinkId,
}

#[derive(Serialize)]
struct EntryArgs {
    request: SaveTimeEntryRequest,
}

#[component]
pub fn PersonPageView(id: PersonId) -> impl IntoView {
    let lang = use_lang();
    let nav = use_nav();
    let page = RwSignal::new(None::<PersonPage>);
    let error = RwSignal::new(None::<String>);
    let reload = move || {
        spawn_local(async move {
            match call::<PersonPage>("person_page", &IdArgs { id }).await {
                Ok(p) => page.set(Some(p)),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    reload();
    crate::controls::focus_on_arrival("#new-contact");

    // Delete, with a reason.
    let deleting = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let reason_error = RwSignal::new(None::<String>);
    let delete = Callback::new(move |()| {
        let reason_text = reason.get_untracked();
        spawn_local(async move {
            match call::<()>(
                "delete_person",
                &DeleteArgs {
                    id,
                    reason: reason_text,
                },
            )
            .await
            {
                Ok(()) => nav.go_with(
                    Route::Persons,
                    t(lang.get_untracked(), T::MovedToBin).to_string(),
                ),
                Err(e) => {
                    reason_error.set(
                        e.fields
                            .for_field("reason")
                            .map(|m| m.text(lang.get_untracked()))
                            .or(Some(e.message)),
                    );
                    deleting.set(true);
                }
            }
        });
    });

    // Merge another record of the same person into this one.
    let merge_query = RwSignal::new(String::new());
    let merge_found = RwSignal::new(Vec::<(String, String)>::new());
    let merge_other = RwSignal::new(None::<(PersonId, String)>);
    let merging = RwSignal::new(false);
    person_matches(merge_query, merge_found, Some(id));
    let merge = Callback::new(move |()| {
        merging.set(false);
        let Some((other, _)) = merge_other.get_untracked() else {
            return;
        };
        spawn_local(async move {
            match call::<()>("merge_persons", &MergeArgs { keep: id, other }).await {
                Ok(()) => {
                    merge_other.set(None);
                    nav.notice
                        .set(Some(t(lang.get_untracked(), T::Merged).to_string()));
                    reload();
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    });

    let history = move || {
        let title = page.with_untracked(|p| {
            p.as_ref()
                .map(|p| p.display_name.clone())
                .unwrap_or_default()
        });
        nav.go(Route::History(RecordRef {
            entity: "person",
            id: id.to_string(),
            title,
        }));
    };

    let paper = crate::services::PersonalPaper::new();
    view! {
        <section>
            <crate::services::PersonalPaperDialog paper=paper />
            <div class="page-head">
                <button type="button" id="back-to-list" on:click=move |_| nav.go(Route::Persons)>{tr(T::BackToList)}</button>
                <div class="head-actions">
                    <button type="button" class="primary" id="new-contact" aria-keyshortcuts="Alt+N"
                        on:click=move |_| nav.go(Route::NewContact(Some(id)))>
                        {tr(T::NewContact)}" " <kbd>{NEW_CONTACT_SHORTCUT}</kbd>
                    </button>
                    <button type="button" id="edit-person" on:click=move |_| nav.go(Route::EditPerson(id))>{tr(T::Edit)}</button>
                    <button type="button" id="person-history" on:click=move |_| history()>{tr(T::History)}</button>
                    <button type="button" id="person-access" on:click=move |_| nav.go(Route::Access(id))>{tr(T::AccessOpen)}</button>
                    <button type="button" id="first-access-pdf"
                        on:click=move |_| paper.ask(move || crate::services::save_paper("save_first_access_pdf", id, nav.notice, lang.get_untracked()))>{tr(T::PrintFirstAccess)}</button>
                    <button type="button" id="timeline-pdf"
                        on:click=move |_| paper.ask(move || crate::services::save_paper("save_timeline_pdf", id, nav.notice, lang.get_untracked()))>{tr(T::PrintTimeline)}</button>
                    <button type="button" id="delete-person" on:click=move |_| { reason.set(String::new()); reason_error.set(None); deleting.set(true); }>{tr(T::Delete)}</button>
                </div>
            </div>
            <Notice text=nav.notice.into() />
            <p class="form-error" role="alert">{move || error.get()}</p>
            {move || page.get().map(|p| {
                let l = lang.get();
                view! {
                    <h1 id="person-name" tabindex="-1">{p.display_name.clone()}</h1>
                    <div class="cards two">
                        {record_card(&p, l)}
                        <Household page=p.clone() reload=Callback::new(move |()| reload()) />
                    </div>
                    {cases_card(&p, l, nav)}
                    <crate::documents::DocumentsCard person=id targets=attach_targets(&p, l) />
                    <crate::person_privacy::ConsentsCard person=id consents=p.consents.clone() />
                    <Timeline page=p reload=Callback::new(move |()| reload()) />
                }
            })}
            <details class="card merge">
                <summary>{tr(T::MergeTitle)}</summary>
                <p class="muted">{tr(T::MergeHelp)}</p>
                <Combobox id="merge-search" label=T::MergeWith query=merge_query matches=merge_found.into()
                    on_pick=Callback::new(move |(value, label): (String, String)| {
                        if let Ok(other) = value.parse::<PersonId>() {
                            merge_other.set(Some((other, label)));
                            merging.set(true);
                        }
                    }) />
            </details>
            <ConfirmDialog open=deleting
                title=Signal::derive(move || t(lang.get(), T::DeletePersonTitle).to_string())
                text=Signal::derive(move || t(lang.get(), T::DeletePersonText).to_string())
                confirm_label=Signal::derive(move || t(lang.get(), T::MoveToBin).to_string())
                cancel_label=Signal::derive(move || t(lang.get(), T::KeepRecord).to_string())
                on_confirm=delete>
                <div class="field">
                    <label for="delete-reason">{tr(T::Reason)}</label>
                    <input id="delete-reason" data-first="" prop:value=move || reason.get()
                        aria-describedby="delete-reason-error"
                        on:input=move |ev| reason.set(event_target_value(&ev)) />
                    <span class="error" id="delete-reason-error" role="alert">{move || reason_error.get()}</span>
                </div>
            </ConfirmDialog>
            <ConfirmDialog open=merging
                title=Signal::derive(move || t(lang.get(), T::MergeTitle).to_string())
                text=Signal::derive(move || format!("{} {}", merge_other.get().map(|(_, l)| l).unwrap_or_default(), t(lang.get(), T::MergeText)))
                confirm_label=Signal::derive(move || t(lang.get(), T::MergeConfirm).to_string())
                cancel_label=Signal::derive(move || t(lang.get(), T::Cancel).to_string())
                on_confirm=merge />
        </section>
    }
}

/// Persons matching what is typed, as combobox choices (`except` left out).
pub fn person_matches(
    query: RwSignal<String>,
    found: RwSignal<Vec<(String, String)>>,
    except: Option<PersonId>,
) {
    Effect::new(move |_| {
        let q = query.get();
        if q.trim().is_empty() {
            found.set(Vec::new());
            return;
        }
        spawn_local(async move {
            if let Ok(list) =
                call::<Vec<PersonSummary>>("find_persons", &QueryArgs { query: q.clone() }).await
            {
                if query.try_get_untracked().as_ref() == Some(&q) {
                    found.set(
                        list.iter()
                            .filter(|p| Some(p.id) != except)
                            .take(10)
                            .map(|p| (p.id.to_string(), person_label(p)))
                            .collect(),
                    );
                }
            }
        });
    });
}

fn record_card(p: &PersonPage, l: Lang) -> impl IntoView {
    let not_recorded = || t(l, T::NotRecorded).to_string();
    let or_not = |s: &str| {
        if s.trim().is_empty() {
            not_recorded()
        } else {
            s.to_string()
        }
    };
    let (cf, birth) = match &p.person.data.identity {
        Identity::Named {
            codice_fiscale,
            birth,
            ..
        } => (
            codice_fiscale
                .as_ref()
                .map(|c| c.to_string())
                .unwrap_or_else(not_recorded),
            match birth {
                Some(Birth::Date(d)) => format::date(*d),
                Some(Birth::Year(y)) => y.to_string(),
                None => not_recorded(),
            },
        ),
        Identity::Anonymous { age_band } => (not_recorded(), age_band.label(l).to_string()),
    };
    let d = &p.person.data;
    let language = if d.language.trim().is_empty() {
        not_recorded()
    } else if d.interpreter {
        format!("{} ({})", d.language, t(l, T::InterpreterNeeded))
    } else {
        d.language.clone()
    };
    view! {
        <article class="card" aria-labelledby="h-record">
            <h2 id="h-record">{t(l, T::Person)}</h2>
            <dl class="record">
                <dt>{t(l, T::CodiceFiscale)}</dt><dd id="person-cf">{cf}</dd>
                <dt>{t(l, T::Birth)}</dt><dd>{birth}</dd>
                <dt>{t(l, T::Gender)}</dt><dd>{d.gender.label(l)}</dd>
                <dt>{t(l, T::Citizenship)}</dt><dd>{d.citizenship.label(l)}</dd>
                <dt>{t(l, T::Residence)}</dt><dd id="person-residence">{p.residence_label.clone().unwrap_or_else(not_recorded)}</dd>
                <dt>{t(l, T::Address)}</dt><dd>{or_not(&d.address)}</dd>
                <dt>{t(l, T::Phone)}</dt><dd>{or_not(&d.phone)}</dd>
                <dt>{t(l, T::Email)}</dt><dd>{or_not(&d.email)}</dd>
                <dt>{t(l, T::LanguageSpoken)}</dt><dd>{language}</dd>
                <dt>{t(l, T::PrivacyNotice)}</dt><dd id="person-privacy-notice">{match (d.privacy_notice, &p.privacy_notice_version) {
                    (Some(day), Some(v)) => format!("{} ({} {v})", format::date(day), t(l, T::PrivacyNoticeVersion)),
                    (Some(day), None) => format::date(day),
                    (None, _) => not_recorded(),
                }}</dd>
            </dl>
            {(!d.representatives.is_empty()).then(|| view! {
                <h3>{t(l, T::Representatives)}</h3>
                <ul class="plain" id="person-representatives">
                    {d.representatives.iter().map(|r| view! {
                        <li><strong>{r.kind.label(l)}</strong>": " {r.name.clone()}" " <span class="muted">{r.contact.clone()}</span></li>
                    }).collect_view()}
                </ul>
            })}
            {(!d.household_notes.trim().is_empty()).then(|| view! {
                <h3>{t(l, T::HouseholdNotes)}</h3><p class="notes">{d.household_notes.clone()}</p>
            })}
        </article>
    }
}

#[component]
fn Household(page: PersonPage, reload: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let id = page.person.id;
    let query = RwSignal::new(String::new());
    let found = RwSignal::new(Vec::<(String, String)>::new());
    let relation = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    person_matches(query, found, Some(id));
    let add = Callback::new(move |(value, _): (String, String)| {
        let (Ok(member), Some(rel)) = (
            value.parse::<PersonId>(),
            Relation::from_code(&relation.get_untracked()),
        ) else {
            error.set(Some(t(lang.get_untracked(), T::ChooseRelation).to_string()));
            return;
        };
        spawn_local(async move {
            match call::<sportello_core::HouseholdLinkId>(
                "add_household_member",
                &MemberArgs {
                    person: id,
                    member,
                    relation: rel,
                },
            )
            .await
            {
                Ok(_) => {
                    error.set(None);
                    reload.run(());
                }
                Err(e) => error.set(Some(
                    e.fields
                        .0
                        .first()
                        .map(|f| f.msg.text(lang.get_untracked()))
                        .unwrap_or(e.message),
                )),
            }
        });
    });
    let members = page.household.clone();
    view! {
        <article class="card" aria-labelledby="h-household">
            <h2 id="h-household">{tr(T::Household)}</h2>
            {if members.is_empty() {
                view! { <p class="muted">{tr(T::NoHousehold)}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain" id="household">
                        {members.into_iter().map(|m| {
                            let link = m.link;
                            let member = m.member;
                            view! {
                                <li>
                                    <button type="button" class="link" on:click=move |_| use_nav().go(Route::Person(member))>{m.display_name.clone()}</button>
                                    " — " {move || m.relation.label(lang.get())}" "
                                    <button type="button" class="link" on:click=move |_| {
                                        spawn_local(async move {
                                            match call::<()>("remove_household_member", &LinkArgs { link }).await {
                                                Ok(()) => reload.run(()),
                                                Err(e) => error.set(Some(e.message)),
                                            }
                                        });
                                    }>{tr(T::Remove)}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <div class="field">
                <label for="member-relation">{tr(T::Relation)}</label>
                <select id="member-relation" on:change=move |ev| relation.set(event_target_value(&ev))>
                    <option value="">{tr(T::Choose)}</option>
                    {move || choice::relation(lang.get()).into_iter().map(|(code, text)| view! {
                        <option value=code selected=move || relation.get() == code>{text}</option>
                    }).collect_view()}
                </select>
            </div>
            <Combobox id="member-search" label=T::AddMember query=query matches=found.into() on_pick=add
                error=Signal::derive(move || error.get()) />
        </article>
    }
}

#[component]
fn Timeline(page: PersonPage, reload: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let nav = use_nav();
    let editing = RwSignal::new(None::<TimeEntry>);
    let name = page.display_name.clone();
    let items = page.timeline.clone();
    let count = items.len();
    view! {
        <article class="card" aria-labelledby="h-timeline">
            <h2 id="h-timeline">{tr(T::Timeline)}" (" {count} ")"</h2>
            {move || editing.get().map(|entry| view! { <TimeEntryEditor entry=entry editing=editing reload=reload /> })}
            {if items.is_empty() {
                view! { <p class="muted">{tr(T::NoContacts)}</p> }.into_any()
            } else {
                let l = lang.get_untracked();
                let name = name.clone();
                view! {
                    <div class="table-wrap"><table id="person-timeline">
                        <thead><tr>
                            <th scope="col">{t(l, T::Date)}</th>
                            <th scope="col">{t(l, T::What)}</th>
                            <th scope="col">{t(l, T::Details)}</th>
                            <th scope="col"><span class="visually-hidden">{t(l, T::Actions)}</span></th>
                        </tr></thead>
                        <tbody>
                            {items.into_iter().map(|item| timeline_row(item, l, nav, editing, name.clone())).collect_view()}
                        </tbody>
                    </table></div>
                }.into_any()
            }}
        </article>
    }
}

fn timeline_row(
    item: TimelineItem,
    l: Lang,
    nav: crate::session::Nav,
    editing: RwSignal<Option<TimeEntry>>,
    person_name: String,
) -> AnyView {
    let history = move |entity: &'static str, id: String, title: String| {
        move |_| {
            nav.go(Route::History(RecordRef {
                entity,
                id: id.clone(),
                title: title.clone(),
            }))
        }
    };
    match item {
        TimelineItem::Contact(c) => {
            let id = c.id;
            let services: Vec<&str> = c.services.iter().map(|s| s.label(l)).collect();
            let areas: Vec<&str> = c.areas.iter().map(|a| a.label(l)).collect();
            let title = format!("{} {} {}", t(l, T::Contact), person_name, format::date(c.date));
            view! {
                <tr class="contact">
                    <td class="date">{format::date(c.date)}" " {c.start_time.map(format::time).unwrap_or_default()}</td>
                    <td class="kind"><strong>{t(l, T::Contact)}</strong><br/><span class="muted">{format!("{} min · {}", c.duration.get(), c.channel.label(l))}</span></td>
                    <td>
                        <span>{services.join(", ")}</span><br/>
                        <span class="muted">{areas.join(", ")}</span>
                        {c.outcome.map(|o| view! { <br/><span>{t(l, T::Outcome)}": " {o.label(l)}</span> })}
                        {(!c.summary.is_empty()).then(|| view! { <p class="excerpt">{excerpt(&c.summary)}</p> })}
                        {(!c.operator.is_empty()).then(|| view! { <span class="muted">{t(l, T::RecordedBy)}" " {c.operator.clone()}</span> })}
                    </td>
                    <td class="row-actions">
                        <button type="button" class="link edit-contact" on:click=move |_| nav.go(Route::EditContact(id))>{t(l, T::Edit)}</button>
                        <button type="button" class="link contact-history" on:click=history("contact", id.to_string(), title)>{t(l, T::History)}</button>
                    </td>
                </tr>
            }
            .into_any()
        }
        TimelineItem::Referral(r) => {
            let id = r.id;
            let latest = r.latest_outcome();
            let state = latest.map_or(t(l, T::AwaitingOutcome), |o| o.label(l));
            let overdue = is_waiting(latest) && r.data.expected_reply.is_some_and(|d| d < crate::widgets::today());
            view! {
                <tr class="referral" class:overdue=overdue>
                    <td class="date">{format::date(r.date)}</td>
                    <td class="kind"><strong>{t(l, T::Referral)}</strong><br/><span class="muted">{r.data.kind.label(l)}</span></td>
                    <td>
                        <span class="service">{r.service_name.clone()}</span><br/>
                        <span class="referral-state">{state}</span>
                        {r.data.expected_reply.map(|d| view! { <span class="muted">" · " {t(l, T::ReplyBy)}" " {format::date(d)}</span> })}
                        {overdue.then(|| view! { <strong class="alert">" · " {t(l, T::Overdue)}</strong> })}
                        {(!r.operator.is_empty()).then(|| view! { <br/><span class="muted">{t(l, T::RecordedBy)}" " {r.operator.clone()}</span> })}
                    </td>
                    <td class="row-actions">
                        <button type="button" class="link open-referral" on:click=move |_| nav.go(Route::Referral(id))>{t(l, T::Open)}</button>
                    </td>
                </tr>
            }
            .into_any()
        }
        TimelineItem::Appointment(a) => view! {
            <tr class="appointment">
                <td class="date">{format::date(a.date)}" " {format::time(a.start_time)}</td>
                <td class="kind"><strong>{t(l, T::Appointment)}</strong></td>
                <td>{a.note.clone()}{a.cancelled.then(|| format!(" · {}", t(l, T::Cancelled)))}{a.held.then(|| format!(" · {}", t(l, T::Held)))}</td>
                <td></td>
            </tr>
        }
        .into_any(),
        TimelineItem::Time(line) => {
            let e = &line.entry;
            let entry = e.clone();
            let title = format!("{} {}", t(l, T::TimeEntry), format::date(e.data.date));
            view! {
                <tr class="time">
                    <td class="date">{format::date(e.data.date)}</td>
                    <td class="kind"><strong>{t(l, T::TimeEntry)}</strong></td>
                    <td>{format!("{} · {} min", e.data.kind.label(l), e.data.minutes.get())}
                        {(!e.data.billable).then(|| format!(" · {}", t(l, T::NotBillable)))}
                        {(!line.operator.is_empty()).then(|| view! { <br/><span class="muted">{t(l, T::RecordedBy)}" " {line.operator.clone()}</span> })}</td>
                    <td class="row-actions">
                        <button type="button" class="link" on:click=move |_| editing.set(Some(entry.clone()))>{t(l, T::Edit)}</button>
                        <button type="button" class="link" on:click=history("time_entry", e.id.to_string(), title)>{t(l, T::History)}</button>
                    </td>
                </tr>
            }
            .into_any()
        }
    }
}

/// Her colloqui and referrals, newest first, as the documents' form lists them.
fn attach_targets(p: &PersonPage, l: Lang) -> crate::documents::AttachTargets {
    use sportello_core::model::AttachedTo;
    p.timeline
        .iter()
        .filter_map(|item| match item {
            TimelineItem::Contact(c) => Some((
                AttachedTo::Contact(c.id),
                format!("{} {}", t(l, T::DocAboutContact), format::date(c.date)),
            )),
            TimelineItem::Referral(r) => Some((
                AttachedTo::Referral(r.id),
                format!(
                    "{} {} ({})",
                    t(l, T::DocAboutReferral),
                    r.service_name,
                    format::date(r.date)
                ),
            )),
            _ => None,
        })
        .collect()
}

fn excerpt(s: &str) -> String {
    let mut out: String = s.chars().take(160).collect();
    if s.chars().count() > 160 {
        out.push('…');
    }
    out
}

/// Changes a time entry from the timeline: date, minutes, kind, billable, note.
#[component]
fn TimeEntryEditor(
    entry: TimeEntry,
    editing: RwSignal<Option<TimeEntry>>,
    reload: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let start = entry.data.to_form();
    let date = RwSignal::new(start.date.clone());
    let minutes = RwSignal::new(start.minutes.clone());
    let kind = RwSignal::new(start.kind.clone());
    let billable = RwSignal::new(start.billable);
    let note = RwSignal::new(start.note.clone());
    let errors = RwSignal::new(FormErrors::default());
    let message = RwSignal::new(None::<String>);
    let confirm_leave = RwSignal::new(false);
    let cap_note = RwSignal::new(String::new());
    let needs_cap_note = RwSignal::new(false);
    let id = entry.id;
    focus_soon("#entry-date");
    let form = move || TimeEntryForm {
        date: date.get_untracked(),
        minutes: minutes.get_untracked(),
        kind: kind.get_untracked(),
        billable: billable.get_untracked(),
        note: note.get_untracked(),
        cap_note: cap_note.get_untracked(),
    };
    let initial = StoredValue::new(start);
    let dirty = move || initial.with_value(|i| *i != form());
    let close = move || editing.set(None);
    let keydown = crate::controls::form_keys(dirty, confirm_leave, close, "#save-entry");
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = form();
        spawn_local(async move {
            match call::<TimeEntryId>(
                "save_time_entry",
                &EntryArgs {
                    request: SaveTimeEntryRequest { id: Some(id), form },
                },
            )
            .await
            {
                Ok(_) => {
                    editing.set(None);
                    reload.run(());
                }
                Err(e) => {
                    if e.fields.for_field("cap_note").is_some() {
                        needs_cap_note.set(true);
                        focus_soon("#entry-cap-note");
                    }
                    message.set(Some(e.message));
                    errors.set(e.fields);
                }
            }
        });
    };
    let delete = move |_| {
        spawn_local(async move {
            match call::<()>("delete_time_entry", &IdArgs { id }).await {
                Ok(()) => {
                    editing.set(None);
                    reload.run(());
                }
                Err(e) => message.set(Some(e.sentence(lang.get_untracked()))),
            }
        });
    };
    let err = move |field| crate::widgets::field_error(errors, field);
    view! {
        <form class="inline-form" id="entry-form" on:submit=save on:keydown=keydown novalidate=true>
            <h3>{tr(T::EditTimeEntry)}</h3>
            <div class="grid">
                <crate::widgets::Field id="entry-date" label=T::Date help=T::DateHelp value=date error=err("date") />
                <crate::widgets::Field id="entry-minutes" label=T::Minutes value=minutes error=err("minutes") />
                <crate::widgets::Select id="entry-kind" label=T::Kind value=kind options=choice::time_kind error=err("kind") />
                <crate::widgets::Checkbox id="entry-billable" label=T::Billable value=billable />
            </div>
            <crate::widgets::Field id="entry-note" label=T::Note value=note error=err("note") />
            <div hidden=move || !needs_cap_note.get()>
                <crate::widgets::Field id="entry-cap-note" label=T::CapNote help=T::CapNoteHelp value=cap_note error=err("cap_note") />
            </div>
            <p class="form-error" role="alert">{move || message.get()}</p>
            <div class="actions">
                <button type="button" on:click=delete>{tr(T::Delete)}</button>
                <button type="button" on:click=move |_| if dirty() { confirm_leave.set(true) } else { close() }>{tr(T::Cancel)}</button>
                <button type="submit" class="primary" id="save-entry">{move || t(lang.get(), T::Save)}</button>
            </div>
        </form>
        <ConfirmDialog open=confirm_leave
            title=Signal::derive(move || t(lang.get(), T::DiscardTitle).to_string())
            text=Signal::derive(move || t(lang.get(), T::DiscardText).to_string())
            confirm_label=Signal::derive(move || t(lang.get(), T::Discard).to_string())
            cancel_label=Signal::derive(move || t(lang.get(), T::KeepWriting).to_string())
            on_confirm=Callback::new(move |()| close()) />
    }
}

/// Her cases (prese in carico), each opening its page; a button opens a new one when none is open.
fn cases_card(p: &PersonPage, l: Lang, nav: crate::session::Nav) -> impl IntoView {
    let person = p.person.id;
    let anonymous = matches!(
        p.person.data.identity,
        sportello_core::model::Identity::Anonymous { .. }
    );
    let none_open = p.cases.iter().all(|c| c.closed_on.is_some());
    view! {
        <article class="card wide" id="person-cases" aria-labelledby="h-person-cases">
            <h2 id="h-person-cases">{t(l, T::Cases)}</h2>
            {if p.cases.is_empty() {
                view! { <p class="muted" id="no-cases">{t(l, T::NoCases)}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain" id="cases-list">
                        {p.cases.iter().map(|c| {
                            let case = c.id;
                            let when = match c.closed_on {
                                Some(closed) => format!("{} – {}", sportello_core::format::date(c.opened_on), sportello_core::format::date(closed)),
                                None => format!("{} {}", t(l, T::CaseOpenSince), sportello_core::format::date(c.opened_on)),
                            };
                            view! {
                                <li><button type="button" class="link open-case" on:click=move |_| nav.go(Route::Case(case))>{when}</button>
                                    " – " {c.area.label(l)}</li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {(none_open && !anonymous).then(|| view! {
                <button type="button" id="new-case" on:click=move |_| nav.go(Route::NewCase(person, None))>{t(l, T::OpenCaseTitle)}</button>
            })}
        </article>
    }
}
