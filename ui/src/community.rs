//! The desk's community work on the Ore page: group activities (information sessions, with
//! how many came), network meetings and coordination tables (with the partners present),
//! each with its date, length and notes; saving one adds its time to the hours.

use crate::api::{call, NoArgs};
use crate::controls::focus_soon;
use crate::i18n::{t, T};
use crate::widgets::{choice, field_error, tr, use_lang, Checkbox, Field, Select, TextArea};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;
use sportello_core::ipc::CommunityView;
use sportello_core::model::CommunityForm;
use sportello_core::{format, CommunityActivityId, CommunityKind, FormErrors};

#[derive(Serialize)]
struct SaveArgs {
    form: CommunityForm,
}

#[derive(Serialize)]
struct DeleteArgs {
    id: CommunityActivityId,
}

/// The card; `changed` runs after a save or a delete (the hours above follow).
#[component]
pub fn CommunityCard(changed: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let data = RwSignal::new(None::<CommunityView>);
    let open = RwSignal::new(false);
    let kind = RwSignal::new(String::new());
    let date = RwSignal::new(format::date(crate::widgets::today()));
    let minutes = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    let participants = RwSignal::new(String::new());
    let partners = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let billable = RwSignal::new(true);
    let cap_note = RwSignal::new(String::new());
    let needs_cap_note = RwSignal::new(false);
    let errors = RwSignal::new(FormErrors::default());
    let message = RwSignal::new(None::<String>);
    spawn_local(async move {
        if let Ok(v) = call::<CommunityView>("community_view", &NoArgs {}).await {
            data.set(Some(v));
        }
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = lang.get_untracked();
        let form = CommunityForm {
            kind: kind.get_untracked(),
            date: date.get_untracked(),
            minutes: minutes.get_untracked(),
            title: title.get_untracked(),
            participants: participants.get_untracked(),
            partners: partners.get_untracked(),
            note: note.get_untracked(),
            billable: billable.get_untracked(),
            cap_note: cap_note.get_untracked(),
        };
        if let Err(e) = form.parse(crate::widgets::today()) {
            errors.set(e);
            message.set(Some(t(l, T::FormHasErrors).to_string()));
            return;
        }
        spawn_local(async move {
            match call::<CommunityView>("save_community_activity", &SaveArgs { form }).await {
                Ok(v) => {
                    data.set(Some(v));
                    errors.set(FormErrors::default());
                    message.set(Some(t(l, T::CommunitySaved).to_string()));
                    open.set(false);
                    needs_cap_note.set(false);
                    for s in [minutes, title, participants, partners, note, cap_note] {
                        s.set(String::new());
                    }
                    changed.run(());
                    focus_soon("#community-new");
                }
                Err(e) => {
                    if e.fields.for_field("cap_note").is_some() {
                        needs_cap_note.set(true);
                        focus_soon("#community-cap-note");
                    }
                    errors.set(e.fields);
                    message.set(Some(e.message));
                }
            }
        });
    };
    let delete = move |id: CommunityActivityId| {
        let l = lang.get_untracked();
        spawn_local(async move {
            match call::<CommunityView>("delete_community_activity", &DeleteArgs { id }).await {
                Ok(v) => {
                    data.set(Some(v));
                    message.set(Some(t(l, T::CommunityDeleted).to_string()));
                    changed.run(());
                }
                Err(e) => message.set(Some(e.message)),
            }
        });
    };
    let err = move |field| field_error(errors, field);
    let is_group = move || kind.get() == CommunityKind::Group.code();
    view! {
        <section class="card wide" id="community-card" aria-labelledby="community-title">
            <h2 id="community-title">{tr(T::CommunityTitle)}</h2>
            <p class="muted">{tr(T::CommunityHelp)}</p>
            <p class="notice" role="status" aria-live="polite" id="community-message">{move || message.get()}</p>
            {move || (!open.get()).then(|| view! {
                <button type="button" id="community-new" on:click=move |_| { open.set(true); focus_soon("#community-kind"); }>{tr(T::CommunityNew)}</button>
            })}
            {move || open.get().then(|| view! {
                <form id="community-form" on:submit=save novalidate=true
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| if ev.key() == "Escape" { ev.prevent_default(); open.set(false); focus_soon("#community-new"); }>
                    <div class="grid">
                        <Select id="community-kind" label=T::CommunityKind value=kind options=choice::community_kind error=err("kind") />
                        <Field id="community-date" label=T::Date value=date help=T::DateHelp error=err("date") />
                        <Field id="community-minutes" label=T::DurationMinutes value=minutes error=err("minutes") />
                        <Field id="community-participants" label=T::Participants value=participants error=err("participants") />
                    </div>
                    <Field id="community-title-field" label=T::CommunityWhat value=title error=err("title") />
                    <div hidden=is_group>
                        <Field id="community-partners" label=T::Partners value=partners error=err("partners") />
                    </div>
                    <TextArea id="community-note" label=T::Note value=note error=err("note") />
                    <Checkbox id="community-billable" label=T::Billable value=billable />
                    <div hidden=move || !needs_cap_note.get()>
                        <Field id="community-cap-note" label=T::CapNote help=T::CapNoteHelp value=cap_note error=err("cap_note") />
                    </div>
                    <div class="actions">
                        <button type="button" on:click=move |_| open.set(false)>{tr(T::Cancel)}</button>
                        <button type="submit" class="primary" id="community-save">{tr(T::Save)}</button>
                    </div>
                </form>
            })}
            {move || data.get().map(|v| {
                let l = lang.get();
                if v.activities.is_empty() {
                    return view! { <p class="muted">{t(l, T::CommunityNone)}</p> }.into_any();
                }
                view! {
                    <div class="table-wrap"><table class="list" id="community-table">
                        <caption>{format!("{} {} h", t(l, T::CommunityLastYear), format::hours_decimal(v.minutes))}</caption>
                        <thead><tr>
                            <th scope="col">{t(l, T::Date)}</th>
                            <th scope="col">{t(l, T::CommunityKind)}</th>
                            <th scope="col">{t(l, T::CommunityWhat)}</th>
                            <th scope="col">{t(l, T::DurationMinutes)}</th>
                            <th scope="col">{t(l, T::Participants)}</th>
                            <th scope="col">{t(l, T::Partners)}</th>
                            <th scope="col"><span class="visually-hidden">{t(l, T::Delete)}</span></th>
                        </tr></thead>
                        <tbody>
                        {v.activities.into_iter().map(|a| {
                            let id = a.id;
                            view! {
                                <tr>
                                    <td class="date">{format::date(a.data.date)}</td>
                                    <td>{a.data.kind.label(l)}</td>
                                    <td>{a.data.title.clone()}</td>
                                    <td>{a.data.minutes.get()}</td>
                                    <td>{a.data.participants.map(|p| p.to_string()).unwrap_or_default()}</td>
                                    <td>{a.data.partners.clone()}</td>
                                    <td><button type="button" class="link" on:click=move |_| delete(id)>{t(l, T::Delete)}</button></td>
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
