//! Persone: search (arrows + Enter open), the person form (new and edit, with the warnings to
//! look at before saving), and the links to the bin and the anonymous contact. Validation is
//! `sportello_core::model::PersonForm::parse`, the same rule the shell applies.

use crate::api::call;
use crate::controls::{focus_soon, Combobox, ConfirmDialog};
use crate::i18n::{t, T};
use crate::session::{use_nav, LeaveGuard, Route};
use crate::widgets::{
    choice, field_error, today, tr, use_lang, Checkbox, Field, Notice, Select, TextArea,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;
use sportello_core::ipc::{
    ComuneOption, PersonPage, PersonSaved, SavePersonRequest, PERSON_SEARCH_LIMIT,
};
use sportello_core::model::{PersonForm, PersonSummary, RepresentativeForm};
use sportello_core::{format, FormErrors, Msg, PersonId};

#[derive(Serialize)]
pub struct QueryArgs {
    pub query: String,
}

#[derive(Serialize)]
pub struct IdArgs<I: Serialize> {
    pub id: I,
}

#[derive(Serialize)]
struct SaveArgs {
    request: SavePersonRequest,
}

/// The persons found, and the query they answer.
type Found = Option<(String, Vec<PersonSummary>)>;

/// Asks the shell for the persons matching `query`; an answer to an older query (or arriving
/// after the page was left) is dropped.
fn search_persons(
    query: RwSignal<String>,
    found: RwSignal<Found>,
    error: RwSignal<Option<String>>,
) {
    Effect::new(move |_| {
        let q = query.get();
        spawn_local(async move {
            let result =
                call::<Vec<PersonSummary>>("find_persons", &QueryArgs { query: q.clone() }).await;
            if query.try_get_untracked().as_ref() != Some(&q) {
                return;
            }
            match result {
                Ok(list) => {
                    error.set(None);
                    found.set(Some((q, list)));
                }
                Err(e) => error.set(Some(e.message)),
            }
        });
    });
}

/// `Rossi Mario · 1985 · RSSMRA85…`: enough to tell two persons apart in a list.
pub fn person_label(p: &PersonSummary) -> String {
    let mut label = p.display_name.clone();
    if let Some(y) = p.birth_year {
        label.push_str(&format!(" · {y}"));
    }
    if let Some(cf) = &p.codice_fiscale {
        label.push_str(&format!(" · {cf}"));
    }
    label
}

#[component]
pub fn PersonList() -> impl IntoView {
    let lang = use_lang();
    let nav = use_nav();
    let query = RwSignal::new(String::new());
    let answer = RwSignal::new(None::<(String, Vec<PersonSummary>)>);
    let found = Memo::new(move |_| answer.with(|a| a.as_ref().map(|(_, list)| list.clone())));
    let error = RwSignal::new(None::<String>);
    let highlighted = RwSignal::new(None::<usize>);
    // Enter pressed before the list for what is typed has arrived: open it when it does.
    let open_on_arrival = RwSignal::new(false);
    search_persons(query, answer, error);
    Effect::new(move |_| {
        query.track();
        highlighted.set(None);
    });
    let open = move |i: usize| {
        if let Some(id) = found.with_untracked(|f| f.as_ref().and_then(|f| f.get(i)).map(|p| p.id))
        {
            nav.go(Route::Person(id));
        }
    };
    Effect::new(move |_| {
        let current = answer.with(|a| a.as_ref().is_some_and(|(q, _)| *q == query.get_untracked()));
        if current && open_on_arrival.get_untracked() {
            open_on_arrival.set(false);
            open(0);
        }
    });
    crate::controls::focus_on_arrival("#person-search");
    let keydown = move |ev: leptos::ev::KeyboardEvent| {
        let n = found.with_untracked(|f| f.as_ref().map_or(0, Vec::len));
        match ev.key().as_str() {
            "ArrowDown" if n > 0 => {
                ev.prevent_default();
                highlighted.update(|h| *h = Some(h.map_or(0, |i| (i + 1).min(n - 1))));
            }
            "ArrowUp" if n > 0 => {
                ev.prevent_default();
                highlighted.update(|h| *h = Some(h.map_or(0, |i| i.saturating_sub(1))));
            }
            "Enter" => {
                ev.prevent_default();
                let current = answer.with_untracked(|a| {
                    a.as_ref().is_some_and(|(q, _)| *q == query.get_untracked())
                });
                if !current {
                    open_on_arrival.set(true);
                } else if n > 0 {
                    open(highlighted.get_untracked().unwrap_or(0));
                }
            }
            _ => {}
        }
    };
    view! {
        <section>
            <div class="page-head">
                <h1 tabindex="-1">{tr(T::NavPersons)}</h1>
                <div class="head-actions">
                    <button type="button" id="new-anonymous" on:click=move |_| nav.go(Route::NewContact(None))>{tr(T::AnonymousContact)}</button>
                    <button type="button" id="open-bin" on:click=move |_| nav.go(Route::Bin)>{tr(T::Bin)}</button>
                    <button type="button" class="primary" id="new-person" on:click=move |_| nav.go(Route::NewPerson)>{tr(T::NewPerson)}</button>
                </div>
            </div>
            <Notice text=nav.notice.into() />
            <div class="card">
                <div class="field">
                    <label for="person-search">{tr(T::SearchPersons)}</label>
                    <span class="help" id="person-search-help">{tr(T::SearchHelp)}</span>
                    <input id="person-search" type="search" autocomplete="off" spellcheck="false"
                        role="combobox" aria-controls="person-list" aria-autocomplete="list"
                        aria-expanded=move || if found.with(|f| f.as_ref().is_some_and(|f| !f.is_empty())) { "true" } else { "false" }
                        aria-activedescendant=move || highlighted.get().map(|i| format!("person-row-{i}"))
                        aria-describedby="person-search-help"
                        prop:value=move || query.get()
                        on:input=move |ev| query.set(event_target_value(&ev))
                        on:keydown=keydown />
                </div>
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
                                    <th scope="col">{t(l, T::CodiceFiscale)}</th>
                                    <th scope="col">{t(l, T::LastContact)}</th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().enumerate().map(|(i, p)| {
                                        let id = p.id;
                                        view! {
                                            <tr id=format!("person-row-{i}") class:highlighted=move || highlighted.get() == Some(i)>
                                                <td><button type="button" class="link person" on:click=move |_| nav.go(Route::Person(id))>{p.display_name}</button></td>
                                                <td class="cf">{p.codice_fiscale.unwrap_or_default()}</td>
                                                <td class="date">{p.last_contact.map(format::date).unwrap_or_default()}</td>
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

/// A message about another record (a codice fiscale taken, a possible duplicate), with the way
/// to go there.
fn other_record(msg: &Msg) -> Option<(PersonId, bool)> {
    match msg {
        Msg::CfTaken { person } | Msg::PossibleDuplicate { person } => Some((*person, false)),
        Msg::CfTakenDeleted { person } => Some((*person, true)),
        _ => None,
    }
}

#[derive(Serialize)]
struct ComuniArgs {
    query: String,
}

/// The person form: a new person (`id` none) or the changes to one.
#[component]
pub fn PersonFormPage(id: Option<PersonId>) -> impl IntoView {
    let lang = use_lang();
    let nav = use_nav();
    let surname = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let codice_fiscale = RwSignal::new(String::new());
    let birth = RwSignal::new(String::new());
    let gender = RwSignal::new(String::new());
    let citizenship = RwSignal::new(String::new());
    let residence = RwSignal::new(String::new());
    let residence_label = RwSignal::new(String::new());
    let comune_query = RwSignal::new(String::new());
    let comuni = RwSignal::new(Vec::<(String, String)>::new());
    let address = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let language = RwSignal::new(String::new());
    let interpreter = RwSignal::new(false);
    let household_notes = RwSignal::new(String::new());
    let privacy_notice = RwSignal::new(String::new());
    let representatives = RwSignal::new(Vec::<RepresentativeForm>::new());
    // An anonymous contact's record holds only gender, age band and citizenship.
    let anonymous = RwSignal::new(false);
    let age_band = RwSignal::new(String::new());
    // What was loaded (or blank): Escape asks before throwing away anything typed since.
    let initial = StoredValue::new(None::<PersonForm>);
    let errors = RwSignal::new(FormErrors::default());
    let warnings = RwSignal::new(FormErrors::default());
    let summary = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);

    crate::controls::focus_on_arrival("#surname");
    Effect::new(move |_| {
        let q = comune_query.get();
        spawn_local(async move {
            if let Ok(list) =
                call::<Vec<ComuneOption>>("find_comuni", &ComuniArgs { query: q.clone() }).await
            {
                if comune_query.try_get_untracked().as_ref() == Some(&q) {
                    comuni.set(list.into_iter().map(|c| (c.code, c.label)).collect());
                }
            }
        });
    });
    // Anything typed after the warnings were shown asks for a new look.
    Effect::new(move |_| {
        surname.track();
        name.track();
        codice_fiscale.track();
        birth.track();
        gender.track();
        warnings.set(FormErrors::default());
    });

    let form = move || PersonForm {
        anonymous: anonymous.get_untracked(),
        surname: surname.get_untracked(),
        name: name.get_untracked(),
        codice_fiscale: codice_fiscale.get_untracked(),
        birth: birth.get_untracked(),
        age_band: age_band.get_untracked(),
        gender: gender.get_untracked(),
        citizenship: citizenship.get_untracked(),
        residence: residence.get_untracked(),
        address: address.get_untracked(),
        phone: phone.get_untracked(),
        email: email.get_untracked(),
        language: language.get_untracked(),
        interpreter: interpreter.get_untracked(),
        household_notes: household_notes.get_untracked(),
        privacy_notice: privacy_notice.get_untracked(),
        representatives: representatives.get_untracked(),
    };
    if let Some(id) = id {
        spawn_local(async move {
            match call::<PersonPage>("person_page", &IdArgs { id }).await {
                Ok(p) => {
                    let f = p.person.data.to_form();
                    anonymous.set(f.anonymous);
                    age_band.set(f.age_band.clone());
                    surname.set(f.surname);
                    name.set(f.name);
                    codice_fiscale.set(f.codice_fiscale);
                    birth.set(f.birth);
                    gender.set(f.gender);
                    citizenship.set(f.citizenship);
                    residence.set(f.residence);
                    residence_label.set(p.residence_label.unwrap_or_default());
                    address.set(f.address);
                    phone.set(f.phone);
                    email.set(f.email);
                    language.set(f.language);
                    interpreter.set(f.interpreter);
                    household_notes.set(f.household_notes);
                    privacy_notice.set(f.privacy_notice);
                    representatives.set(f.representatives);
                    initial.set_value(Some(form()));
                }
                Err(e) => summary.set(Some(e.message)),
            }
        });
    }
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let form = form();
        if let Err(e) = form.parse(today()) {
            errors.set(e);
            summary.set(Some(t(lang.get_untracked(), T::FormHasErrors).to_string()));
            return;
        }
        let confirmed = !warnings.with_untracked(FormErrors::is_empty);
        errors.set(FormErrors::default());
        summary.set(None);
        saving.set(true);
        spawn_local(async move {
            let request = SavePersonRequest {
                id,
                form,
                confirmed,
            };
            let result = call::<PersonSaved>("save_person", &SaveArgs { request }).await;
            saving.set(false);
            let l = lang.get_untracked();
            match result {
                Ok(PersonSaved::Saved { id }) => {
                    nav.go_with(Route::Person(id), t(l, T::PersonSaved).to_string())
                }
                Ok(PersonSaved::Check { warnings: w }) => {
                    warnings.set(w);
                    summary.set(Some(t(l, T::CheckWarnings).to_string()));
                    focus_soon("#person-warnings");
                }
                Err(e) => {
                    errors.set(e.fields);
                    summary.set(Some(e.message));
                }
            }
        });
    };
    let err = move |field| field_error(errors, field);
    let restore_and_open = move |person: PersonId| {
        spawn_local(async move {
            match call::<()>("restore_person", &IdArgs { id: person }).await {
                Ok(()) => nav.go_with(
                    Route::Person(person),
                    t(lang.get_untracked(), T::Restored).to_string(),
                ),
                Err(e) => summary.set(Some(e.message)),
            }
        });
    };
    // The errors and warnings that point to another record, as links.
    let links = move || {
        let l = lang.get();
        errors
            .get()
            .0
            .into_iter()
            .chain(warnings.get().0)
            .filter_map(|e| other_record(&e.msg))
            .map(|(person, deleted)| {
                if deleted {
                    view! { <button type="button" class="link" id="restore-existing" on:click=move |_| restore_and_open(person)>{t(l, T::RestoreExisting)}</button> }.into_any()
                } else {
                    view! { <button type="button" class="link" id="open-existing" on:click=move |_| nav.go(Route::Person(person))>{t(l, T::OpenExisting)}</button> }.into_any()
                }
            })
            .collect_view()
    };
    let title = if id.is_some() {
        T::EditPerson
    } else {
        T::NewPerson
    };
    let leave = move || match id {
        Some(id) => nav.go(Route::Person(id)),
        None => nav.go(Route::Persons),
    };
    // What was loaded (or blank): Escape asks before throwing away anything typed since.
    if id.is_none() {
        initial.set_value(Some(form()));
    }
    let dirty = move || initial.with_value(|i| i.as_ref().is_some_and(|i| *i != form()));
    let confirm_leave = RwSignal::new(false);
    let pending = RwSignal::new(None::<Route>);
    nav.guard(LeaveGuard {
        dirty: Callback::new(move |()| dirty()),
        confirm: confirm_leave,
        pending,
    });
    let keydown = crate::controls::form_keys(dirty, confirm_leave, leave, "#save-person");
    let pick_comune = Callback::new(move |(code, label): (String, String)| {
        residence.set(code);
        residence_label.set(label);
    });
    view! {
        <section>
            <h1 tabindex="-1">{tr(title)}</h1>
            <form class="card wide" id="person-form" on:submit=save on:keydown=keydown novalidate=true>
                <div class="grid">
                    {move || if anonymous.get() {
                        view! {
                            <Select id="age_band" label=T::AgeBand value=age_band options=choice::age_band error=err("age_band") />
                        }.into_any()
                    } else {
                        view! {
                            <Field id="surname" label=T::Surname value=surname error=err("surname") />
                            <Field id="name" label=T::GivenName value=name error=err("name") />
                            <Field id="codice_fiscale" label=T::CodiceFiscale value=codice_fiscale error=err("codice_fiscale") />
                            <Field id="birth" label=T::Birth help=T::BirthHelp value=birth error=err("birth") />
                        }.into_any()
                    }}
                    <Select id="gender" label=T::Gender value=gender options=choice::gender error=err("gender") />
                    <Select id="citizenship" label=T::Citizenship value=citizenship options=choice::citizenship error=err("citizenship") />
                    <div>
                        <Combobox id="residence" label=T::Residence query=comune_query matches=comuni.into()
                            on_pick=pick_comune error=err("residence")
                            help=Signal::derive(move || {
                                let chosen = residence_label.get();
                                if chosen.is_empty() { t(lang.get(), T::ResidenceHelp).to_string() } else { format!("{}: {chosen}", t(lang.get(), T::Chosen)) }
                            }) />
                        {move || (!residence.get().is_empty()).then(|| view! {
                            <button type="button" class="link" id="clear-residence" on:click=move |_| { residence.set(String::new()); residence_label.set(String::new()); }>{tr(T::ClearResidence)}</button>
                        })}
                    </div>
                    <Field id="address" label=T::Address value=address error=err("address") />
                    <Field id="phone" label=T::Phone value=phone error=err("phone") />
                    <Field id="email" label=T::Email value=email error=err("email") />
                    <Field id="language" label=T::LanguageSpoken help=T::LanguageHelp value=language error=err("language") />
                    <Checkbox id="interpreter" label=T::Interpreter value=interpreter />
                    <Field id="privacy_notice" label=T::PrivacyNotice help=T::DateHelp value=privacy_notice error=err("privacy_notice") />
                </div>
                <TextArea id="household_notes" label=T::HouseholdNotes value=household_notes error=err("household_notes") />
                <Representatives list=representatives errors=errors />
                <div id="person-warnings" tabindex="-1" class="warning" hidden=move || warnings.with(FormErrors::is_empty)>
                    <h2>{tr(T::ToCheck)}</h2>
                    <ul>
                        {move || warnings.get().0.into_iter().map(|w| view! { <li>{w.msg.text(lang.get())}</li> }).collect_view()}
                    </ul>
                </div>
                <p class="form-error" id="person-form-error" role="alert">{move || summary.get()}</p>
                <p class="links">{links}</p>
                <div class="actions">
                    <button type="button" id="cancel-person" on:click=move |_| if dirty() { confirm_leave.set(true) } else { leave() }>{tr(T::Cancel)}</button>
                    <button type="submit" class="primary" id="save-person" disabled=move || saving.get()>
                        {move || if warnings.with(FormErrors::is_empty) { t(lang.get(), T::SavePerson) } else { t(lang.get(), T::SaveAnyway) }}
                    </button>
                </div>
            </form>
            <ConfirmDialog open=confirm_leave
                title=Signal::derive(move || t(lang.get(), T::DiscardTitle).to_string())
                text=Signal::derive(move || t(lang.get(), T::DiscardText).to_string())
                confirm_label=Signal::derive(move || t(lang.get(), T::Discard).to_string())
                cancel_label=Signal::derive(move || t(lang.get(), T::KeepWriting).to_string())
                on_cancel=Callback::new(move |()| pending.set(None))
                on_confirm=Callback::new(move |()| match pending.get_untracked() {
                    Some(route) => nav.go(route),
                    None => leave(),
                }) />
        </section>
    }
}

/// The legal representatives and delegates, as rows to add and remove.
#[component]
fn Representatives(
    list: RwSignal<Vec<RepresentativeForm>>,
    errors: RwSignal<FormErrors>,
) -> impl IntoView {
    let lang = use_lang();
    let count = Memo::new(move |_| list.with(Vec::len));
    let set = move |i: usize, f: fn(&mut RepresentativeForm, String)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            list.update(|l| {
                if let Some(r) = l.get_mut(i) {
                    f(r, v)
                }
            });
        }
    };
    view! {
        <fieldset class="field representatives">
            <legend>{tr(T::Representatives)}</legend>
            {move || {
                let l = lang.get();
                let n = count.get();
                (0..n).map(|i| {
                    // Read once when the row is drawn: typing must not redraw it (and lose focus).
                    let value = move |f: fn(&RepresentativeForm) -> String| move || list.with_untracked(|l| l.get(i).map(f).unwrap_or_default());
                    let error = move |field: &str| {
                        let key = format!("representative_{i}_{field}");
                        move || errors.with(|e| e.for_field(&key).map(|m| m.text(lang.get())))
                    };
                    view! {
                        <div class="row" id=format!("representative-{i}")>
                            <div class="field">
                                <label for=format!("representative-{i}-kind")>{t(l, T::Kind)}</label>
                                <select id=format!("representative-{i}-kind") on:change=set(i, |r, v| r.kind = v)>
                                    <option value="" selected=move || value(|r| r.kind.clone())().is_empty()>{t(l, T::Choose)}</option>
                                    {choice::representative_kind(l).into_iter().map(|(code, text)| view! {
                                        <option value=code selected=move || value(|r| r.kind.clone())() == code>{text}</option>
                                    }).collect_view()}
                                </select>
                                <span class="error" role="alert">{error("kind")}</span>
                            </div>
                            <div class="field">
                                <label for=format!("representative-{i}-name")>{t(l, T::FullName)}</label>
                                <input id=format!("representative-{i}-name") value=value(|r| r.name.clone())() on:input=set(i, |r, v| r.name = v) />
                                <span class="error" role="alert">{error("name")}</span>
                            </div>
                            <div class="field">
                                <label for=format!("representative-{i}-contact")>{t(l, T::HowToReach)}</label>
                                <input id=format!("representative-{i}-contact") value=value(|r| r.contact.clone())() on:input=set(i, |r, v| r.contact = v) />
                            </div>
                            <button type="button" class="link" on:click=move |_| list.update(|l| { if i < l.len() { l.remove(i); } })>{t(l, T::Remove)}</button>
                        </div>
                    }
                }).collect_view()
            }}
            <button type="button" id="add-representative" on:click=move |_| list.update(|l| l.push(RepresentativeForm::default()))>{tr(T::AddRepresentative)}</button>
        </fieldset>
    }
}
