//! Persone: search the named persons, open one (record and contacts), record a new one.
//! Validation is `sportello_core::model::PersonForm::parse`, the same rule the shell applies.

use crate::api::call;
use crate::i18n::{t, T};
use crate::widgets::{contacts_table, field_error, today, tr, use_lang, Field, Select, TextArea};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;
use sportello_core::ipc::{PersonPage, PERSON_SEARCH_LIMIT};
use sportello_core::model::{Birth, Identity, PersonForm, PersonSummary};
use sportello_core::{format, Citizenship, FormErrors, Gender, Lang, PersonId};

#[derive(Clone, Copy, PartialEq, Eq)]
enum View {
    List,
    New,
    Detail(PersonId),
}

#[derive(Serialize)]
struct QueryArgs {
    query: String,
}

#[derive(Serialize)]
struct IdArgs {
    id: PersonId,
}

#[derive(Serialize)]
struct FormArgs {
    form: PersonForm,
}

#[component]
pub fn Persons() -> impl IntoView {
    let view = RwSignal::new(View::List);
    move || match view.get() {
        View::List => view! { <PersonList view=view /> }.into_any(),
        View::New => view! { <NewPerson view=view /> }.into_any(),
        View::Detail(id) => view! { <PersonDetail id=id view=view /> }.into_any(),
    }
}

#[component]
fn PersonList(view: RwSignal<View>) -> impl IntoView {
    let lang = use_lang();
    let query = RwSignal::new(String::new());
    let found = RwSignal::new(None::<Vec<PersonSummary>>);
    let error = RwSignal::new(None::<String>);
    // Every change of the query asks again; an answer to an older query is dropped.
    Effect::new(move |_| {
        let q = query.get();
        spawn_local(async move {
            let result =
                call::<Vec<PersonSummary>>("find_persons", &QueryArgs { query: q.clone() }).await;
            if query.get_untracked() != q {
                return;
            }
            match result {
                Ok(list) => {
                    error.set(None);
                    found.set(Some(list));
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    });
    view! {
        <section>
            <div class="page-head">
                <h1>{tr(T::NavPersons)}</h1>
                <button type="button" class="primary" id="new-person" on:click=move |_| view.set(View::New)>{tr(T::NewPerson)}</button>
            </div>
            <div class="card">
                <Field id="person-search" label=T::SearchPersons help=T::SearchHelp value=query autofocus=true />
                <p class="form-error" role="alert">{move || error.get()}</p>
                {move || found.get().map(|list| {
                    let l = lang.get();
                    if list.is_empty() {
                        view! { <p class="muted" id="no-persons">{t(l, T::NoPersonsFound)}</p> }.into_any()
                    } else {
                        let truncated = list.len() >= PERSON_SEARCH_LIMIT as usize;
                        view! {
                            {truncated.then(|| view! { <p class="muted" id="more-results">{t(l, T::MoreResults)}</p> })}
                            <div class="table-wrap"><table id="person-list">
                                <thead><tr>
                                    <th scope="col">{t(l, T::Person)}</th>
                                    <th scope="col">{t(l, T::LastContact)}</th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().map(|p| {
                                        let id = p.id;
                                        view! {
                                            <tr>
                                                <td><button type="button" class="link person" on:click=move |_| view.set(View::Detail(id))>{p.display_name}</button></td>
                                                <td>{p.last_contact.map(format::date).unwrap_or_default()}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table></div>
                        }.into_any()
                    }
                })}
            </div>
        </section>
    }
}

fn gender_options(l: Lang) -> Vec<(&'static str, &'static str)> {
    Gender::ALL.iter().map(|g| (g.code(), g.label(l))).collect()
}

fn citizenship_options(l: Lang) -> Vec<(&'static str, &'static str)> {
    Citizenship::ALL
        .iter()
        .map(|c| (c.code(), c.label(l)))
        .collect()
}

#[component]
fn NewPerson(view: RwSignal<View>) -> impl IntoView {
    let lang = use_lang();
    let surname = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let codice_fiscale = RwSignal::new(String::new());
    let birth = RwSignal::new(String::new());
    let gender = RwSignal::new(String::new());
    let citizenship = RwSignal::new(String::new());
    let residence = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let household_notes = RwSignal::new(String::new());
    let privacy_notice = RwSignal::new(String::new());
    let errors = RwSignal::new(FormErrors::default());
    let summary = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = PersonForm {
            anonymous: false,
            surname: surname.get_untracked(),
            name: name.get_untracked(),
            codice_fiscale: codice_fiscale.get_untracked(),
            birth: birth.get_untracked(),
            age_band: String::new(),
            gender: gender.get_untracked(),
            citizenship: citizenship.get_untracked(),
            residence: residence.get_untracked(),
            phone: phone.get_untracked(),
            email: email.get_untracked(),
            household_notes: household_notes.get_untracked(),
            privacy_notice: privacy_notice.get_untracked(),
        };
        if let Err(e) = form.parse(today()) {
            errors.set(e);
            summary.set(Some(t(lang.get_untracked(), T::FormHasErrors).to_string()));
            return;
        }
        errors.set(FormErrors::default());
        summary.set(None);
        saving.set(true);
        spawn_local(async move {
            let result = call::<PersonId>("add_person", &FormArgs { form }).await;
            saving.set(false);
            match result {
                Ok(id) => view.set(View::Detail(id)),
                Err(e) => {
                    errors.set(e.fields);
                    summary.set(Some(e.message));
                }
            }
        });
    };
    let err = move |field| field_error(errors, field);
    view! {
        <section>
            <h1>{tr(T::NewPerson)}</h1>
            <form class="card wide" id="person-form" on:submit=save novalidate=true>
                <div class="grid">
                    <Field id="surname" label=T::Surname value=surname error=err("surname") autofocus=true />
                    <Field id="name" label=T::GivenName value=name error=err("name") />
                    <Field id="codice_fiscale" label=T::CodiceFiscale value=codice_fiscale error=err("codice_fiscale") />
                    <Field id="birth" label=T::Birth help=T::BirthHelp value=birth error=err("birth") />
                    <Select id="gender" label=T::Gender value=gender options=gender_options error=err("gender") />
                    <Select id="citizenship" label=T::Citizenship value=citizenship options=citizenship_options error=err("citizenship") />
                    <Field id="residence" label=T::Residence value=residence error=err("residence") />
                    <Field id="phone" label=T::Phone value=phone error=err("phone") />
                    <Field id="email" label=T::Email value=email error=err("email") />
                    <Field id="privacy_notice" label=T::PrivacyNotice help=T::DateHelp value=privacy_notice error=err("privacy_notice") />
                </div>
                <TextArea id="household_notes" label=T::HouseholdNotes value=household_notes error=err("household_notes") />
                <p class="form-error" id="person-form-error" role="alert">{move || summary.get()}</p>
                <div class="actions">
                    <button type="button" id="cancel-person" on:click=move |_| view.set(View::List)>{tr(T::Cancel)}</button>
                    <button type="submit" class="primary" id="save-person" disabled=move || saving.get()>{tr(T::SavePerson)}</button>
                </div>
            </form>
        </section>
    }
}

#[component]
fn PersonDetail(id: PersonId, view: RwSignal<View>) -> impl IntoView {
    let lang = use_lang();
    let page = RwSignal::new(None::<PersonPage>);
    let error = RwSignal::new(None::<String>);
    spawn_local(async move {
        match call::<PersonPage>("person_page", &IdArgs { id }).await {
            Ok(p) => page.set(Some(p)),
            Err(e) => error.set(Some(e.message)),
        }
    });
    view! {
        <section>
            <div class="page-head">
                <button type="button" id="back-to-list" on:click=move |_| view.set(View::List)>{tr(T::BackToList)}</button>
            </div>
            <p class="form-error" role="alert">{move || error.get()}</p>
            {move || page.get().map(|p| {
                let l = lang.get();
                let not_recorded = || t(l, T::NotRecorded).to_string();
                let or_not = |s: &str| if s.trim().is_empty() { not_recorded() } else { s.to_string() };
                let (cf, birth) = match &p.person.data.identity {
                    Identity::Named { codice_fiscale, birth, .. } => (
                        codice_fiscale.as_ref().map(|c| c.to_string()).unwrap_or_else(not_recorded),
                        match birth {
                            Some(Birth::Date(d)) => format::date(*d),
                            Some(Birth::Year(y)) => y.to_string(),
                            None => not_recorded(),
                        },
                    ),
                    Identity::Anonymous { age_band } => (not_recorded(), age_band.label(l).to_string()),
                };
                let d = &p.person.data;
                let contacts = contacts_table("person-contacts", &p.contacts, l, false);
                view! {
                    <h1 id="person-name">{p.display_name.clone()}</h1>
                    <div class="cards two">
                        <article class="card" aria-labelledby="h-record">
                            <h2 id="h-record">{t(l, T::Person)}</h2>
                            <dl class="record">
                                <dt>{t(l, T::CodiceFiscale)}</dt><dd id="person-cf">{cf}</dd>
                                <dt>{t(l, T::Birth)}</dt><dd>{birth}</dd>
                                <dt>{t(l, T::Gender)}</dt><dd>{d.gender.label(l)}</dd>
                                <dt>{t(l, T::Citizenship)}</dt><dd>{d.citizenship.label(l)}</dd>
                                <dt>{t(l, T::Residence)}</dt><dd>{or_not(&d.residence)}</dd>
                                <dt>{t(l, T::Phone)}</dt><dd>{or_not(&d.phone)}</dd>
                                <dt>{t(l, T::Email)}</dt><dd>{or_not(&d.email)}</dd>
                                <dt>{t(l, T::PrivacyNotice)}</dt><dd>{d.privacy_notice.map(format::date).unwrap_or_else(not_recorded)}</dd>
                            </dl>
                            {(!d.household_notes.trim().is_empty()).then(|| view! {
                                <h3>{t(l, T::HouseholdNotes)}</h3><p class="notes">{d.household_notes.clone()}</p>
                            })}
                        </article>
                        <article class="card" aria-labelledby="h-contacts">
                            <h2 id="h-contacts">{t(l, T::ContactsOf)}" (" {p.contacts.len()} ")"</h2>
                            {contacts}
                        </article>
                    </div>
                }
            })}
        </section>
    }
}
