//! The colloquio form, built for the keyboard while the person is still in the room: it opens
//! on the services (digits tick them), Tab goes to the areas, to the summary, to the referral
//! (type a service's name, Enter), and Enter saves. Date, time, duration and channel start at
//! today, now, the last duration and "at the desk"; the rest keeps its defaults unless changed.
//! Escape with something typed asks before throwing it away.

use crate::api::{call, NoArgs};
use crate::controls::{filter_by_words, focus_soon, CheckGroup, Combobox, ConfirmDialog};
use crate::i18n::{t, T};
use crate::person_page::person_matches;
use crate::persons::IdArgs;
use crate::session::{use_nav, LeaveGuard, Route};
use crate::widgets::{choice, field_error, tr, use_lang, Checkbox, Field, Select, TextArea};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;
use sportello_core::category::{Area, ContactOutcome, ServiceGiven};
use sportello_core::ipc::{
    AppointmentRequest, ContactEdit, HeldStart, PersonPage, SaveContactRequest, ServiceOption,
};
use sportello_core::model::{ContactForm, PersonForm, Referral, ReferralForm};
use sportello_core::{AppointmentId, ContactId, FormErrors, Lang, PersonId};

#[derive(Serialize)]
struct SaveArgs {
    request: SaveContactRequest,
}

#[derive(Serialize)]
struct HeldArgs {
    request: AppointmentRequest,
}

/// Every field of the form as a signal.
#[derive(Clone, Copy)]
struct Fields {
    date: RwSignal<String>,
    start_time: RwSignal<String>,
    duration: RwSignal<String>,
    channel: RwSignal<String>,
    services: RwSignal<Vec<String>>,
    /// The areas' codes, and [`HOMELESS`] when "senza dimora" is ticked.
    areas: RwSignal<Vec<String>>,
    request_type: RwSignal<String>,
    requester: RwSignal<String>,
    sent_by: RwSignal<String>,
    outcome: RwSignal<String>,
    unmet_need: RwSignal<String>,
    missing_resource: RwSignal<String>,
    unmet_area: RwSignal<String>,
    summary: RwSignal<String>,
    next_steps: RwSignal<String>,
    evaluation: RwSignal<String>,
    referrals: RwSignal<Vec<(String, ReferralForm)>>,
    /// Asked only when saving would take the week past the contract's cap.
    cap_note: RwSignal<String>,
}

impl Fields {
    fn new() -> Fields {
        Fields {
            date: RwSignal::new(String::new()),
            start_time: RwSignal::new(String::new()),
            duration: RwSignal::new(String::new()),
            channel: RwSignal::new(String::new()),
            services: RwSignal::new(Vec::new()),
            areas: RwSignal::new(Vec::new()),
            request_type: RwSignal::new(String::new()),
            requester: RwSignal::new(String::new()),
            sent_by: RwSignal::new(String::new()),
            outcome: RwSignal::new(String::new()),
            unmet_need: RwSignal::new(String::new()),
            missing_resource: RwSignal::new(String::new()),
            unmet_area: RwSignal::new(String::new()),
            summary: RwSignal::new(String::new()),
            next_steps: RwSignal::new(String::new()),
            evaluation: RwSignal::new(String::new()),
            referrals: RwSignal::new(Vec::new()),
            cap_note: RwSignal::new(String::new()),
        }
    }

    fn load(&self, f: ContactForm) {
        self.date.set(f.date);
        self.start_time.set(f.start_time);
        self.duration.set(f.duration);
        self.channel.set(f.channel);
        self.services.set(f.services);
        let mut areas = f.areas;
        if f.homeless {
            areas.push(HOMELESS.to_string());
        }
        self.areas.set(areas);
        self.request_type.set(f.request_type);
        self.requester.set(f.requester);
        self.sent_by.set(f.sent_by);
        self.outcome.set(f.outcome);
        self.unmet_need.set(f.unmet_need);
        self.missing_resource.set(f.missing_resource);
        self.unmet_area.set(f.unmet_area);
        self.summary.set(f.summary);
        self.next_steps.set(f.next_steps);
        self.evaluation.set(f.evaluation);
    }

    fn form(&self) -> ContactForm {
        ContactForm {
            date: self.date.get_untracked(),
            start_time: self.start_time.get_untracked(),
            duration: self.duration.get_untracked(),
            channel: self.channel.get_untracked(),
            services: self.services.get_untracked(),
            areas: self
                .areas
                .get_untracked()
                .into_iter()
                .filter(|a| a != HOMELESS)
                .collect(),
            homeless: self
                .areas
                .with_untracked(|a| a.iter().any(|c| c == HOMELESS)),
            request_type: self.request_type.get_untracked(),
            requester: self.requester.get_untracked(),
            sent_by: self.sent_by.get_untracked(),
            outcome: self.outcome.get_untracked(),
            unmet_need: self.unmet_need.get_untracked(),
            missing_resource: self.missing_resource.get_untracked(),
            unmet_area: self.unmet_area.get_untracked(),
            summary: self.summary.get_untracked(),
            next_steps: self.next_steps.get_untracked(),
            evaluation: self.evaluation.get_untracked(),
            referrals: self
                .referrals
                .get_untracked()
                .into_iter()
                .map(|(_, r)| r)
                .collect(),
            cap_note: self.cap_note.get_untracked(),
        }
    }
}

fn services_given(l: Lang) -> Vec<(String, String)> {
    ServiceGiven::ALL
        .iter()
        .map(|s| (s.code().to_string(), s.label(l).to_string()))
        .collect()
}

/// The code of the "senza dimora" toggle in the areas' group.
const HOMELESS: &str = "senza_dimora";

/// The areas, and "senza dimora" as the eighth toggle (it belongs to the poverty area).
fn areas_and_homeless(l: Lang) -> Vec<(String, String)> {
    Area::ALL
        .iter()
        .map(|a| (a.code().to_string(), a.label(l).to_string()))
        .chain(std::iter::once((
            HOMELESS.to_string(),
            t(l, T::Homeless).to_string(),
        )))
        .collect()
}

/// The colloquio form: new (of a person, or of someone to choose or anonymous) or existing.
#[component]
pub fn ContactFormPage(
    person: Option<PersonId>,
    contact: Option<ContactId>,
    /// A held appointment: the form opens with its day, time and length, and its person (a
    /// guest is registered with the colloquio).
    #[prop(optional, into)]
    appointment: Option<AppointmentId>,
) -> impl IntoView {
    let lang = use_lang();
    let nav = use_nav();
    let f = Fields::new();
    let initial = StoredValue::new(None::<ContactForm>);
    let person_id = RwSignal::new(person);
    let person_name = RwSignal::new(String::new());
    let existing_referrals = RwSignal::new(Vec::<Referral>::new());
    let catalogue = RwSignal::new(Vec::<ServiceOption>::new());
    let errors = RwSignal::new(FormErrors::default());
    let summary_error = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let needs_cap_note = RwSignal::new(false);
    let confirm_leave = RwSignal::new(false);
    // Anonymous contact: who came, for statistics only.
    let anonymous = RwSignal::new(false);
    let anon_gender = RwSignal::new(String::new());
    let anon_age = RwSignal::new(String::new());
    let anon_citizenship = RwSignal::new(String::new());
    // A guest of a held appointment, registered as a person with the colloquio.
    let guest = RwSignal::new(false);
    let guest_surname = RwSignal::new(String::new());
    let guest_name = RwSignal::new(String::new());
    let guest_phone = RwSignal::new(String::new());
    // Choosing the person, when the form was opened without one.
    let person_query = RwSignal::new(String::new());
    let person_found = RwSignal::new(Vec::<(String, String)>::new());
    person_matches(person_query, person_found, None);

    spawn_local(async move {
        if let Ok(list) = call::<Vec<ServiceOption>>("services", &NoArgs {}).await {
            catalogue.set(list);
        }
        match contact {
            Some(id) => match call::<ContactEdit>("contact_edit", &IdArgs { id }).await {
                Ok(edit) => {
                    person_id.set(Some(edit.contact.data.person));
                    person_name.set(edit.person_name);
                    existing_referrals.set(edit.referrals);
                    initial.set_value(Some(edit.form.clone()));
                    f.load(edit.form);
                }
                Err(e) => summary_error.set(Some(e.message)),
            },
            None if appointment.is_some() => {
                let Some(id) = appointment else { return };
                let args = HeldArgs {
                    request: AppointmentRequest { id },
                };
                match call::<HeldStart>("held_start", &args).await {
                    Ok(held) => {
                        initial.set_value(Some(held.form.clone()));
                        f.load(held.form);
                        match held.person {
                            Some(p) => {
                                person_id.set(Some(p));
                                person_name.set(held.appointment.who());
                            }
                            None => {
                                // "Maria Rossi" as she said it on the phone: name, then surname.
                                let who = held.appointment.guest_name.trim().to_string();
                                let (name, surname) = who.split_once(' ').unwrap_or(("", &who));
                                guest_name.set(name.to_string());
                                guest_surname.set(surname.trim().to_string());
                                guest_phone.set(held.appointment.guest_phone.clone());
                                person_name.set(who.clone());
                                guest.set(true);
                            }
                        }
                    }
                    Err(e) => summary_error.set(Some(e.message)),
                }
            }
            None => {
                if let Ok(form) = call::<ContactForm>("new_contact_form", &NoArgs {}).await {
                    initial.set_value(Some(form.clone()));
                    f.load(form);
                }
                if let Some(id) = person {
                    if let Ok(p) = call::<PersonPage>("person_page", &IdArgs { id }).await {
                        person_name.set(p.display_name);
                    }
                }
            }
        }
        if guest.get_untracked() {
            focus_soon("#guest-surname");
        } else if person.is_none() && contact.is_none() && appointment.is_none() {
            focus_soon("#contact-person");
        } else {
            focus_soon("#services-0");
        }
    });

    // "Senza dimora" ticks the poverty area with it.
    Effect::new(move |_| {
        let (homeless, poverty) = f.areas.with(|a| {
            (
                a.iter().any(|c| c == HOMELESS),
                a.iter().any(|c| c == Area::Poverty.code()),
            )
        });
        if homeless && !poverty {
            f.areas.update(|a| a.push(Area::Poverty.code().to_string()));
        }
    });

    let services_options = Signal::derive(move || services_given(lang.get()));
    let area_options = Signal::derive(move || areas_and_homeless(lang.get()));
    let service_query = RwSignal::new(String::new());
    let service_matches = Signal::derive(move || {
        let all: Vec<(String, String)> = catalogue.with(|c| {
            c.iter()
                .map(|s| (s.id.to_string(), s.name.clone()))
                .collect()
        });
        filter_by_words(&all, &service_query.get(), 8)
    });
    let add_referral = Callback::new(move |(id, name): (String, String)| {
        f.referrals.update(|r| {
            r.push((
                name,
                ReferralForm {
                    service: id,
                    ..ReferralForm::default()
                },
            ))
        });
        // A referral is the service "segnalazione e invio".
        if !f
            .services
            .with_untracked(|s| s.iter().any(|c| c == ServiceGiven::Referral.code()))
        {
            f.services
                .update(|s| s.push(ServiceGiven::Referral.code().to_string()));
        }
    });

    let dirty = move || {
        let now = f.form();
        let typed_anonymous = !anon_gender.get_untracked().is_empty()
            || !anon_age.get_untracked().is_empty()
            || !anon_citizenship.get_untracked().is_empty();
        // Before the form has loaded there is nothing of hers to lose.
        initial.with_value(|i| i.as_ref().is_some_and(|i| *i != now)) || typed_anonymous
    };
    let pending = RwSignal::new(None::<Route>);
    nav.guard(LeaveGuard {
        dirty: Callback::new(move |()| dirty()),
        confirm: confirm_leave,
        pending,
    });
    let leave = move || match (contact, person_id.get_untracked()) {
        (_, Some(p)) => nav.go(Route::Person(p)),
        _ => nav.go(Route::Persons),
    };
    let keydown = crate::controls::form_keys(dirty, confirm_leave, leave, "#save-contact");

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let l = lang.get_untracked();
        let form = f.form();
        let anonymous_form = if guest.get_untracked() {
            Some(PersonForm {
                anonymous: false,
                surname: guest_surname.get_untracked(),
                name: guest_name.get_untracked(),
                phone: guest_phone.get_untracked(),
                gender: anon_gender.get_untracked(),
                citizenship: anon_citizenship.get_untracked(),
                ..PersonForm::default()
            })
        } else {
            anonymous.get_untracked().then(|| PersonForm {
                anonymous: true,
                gender: anon_gender.get_untracked(),
                age_band: anon_age.get_untracked(),
                citizenship: anon_citizenship.get_untracked(),
                ..PersonForm::default()
            })
        };
        let who = person_id.get_untracked();
        if contact.is_none() && who.is_none() && anonymous_form.is_none() {
            let mut e = FormErrors::default();
            e.add("person", sportello_core::Msg::Required);
            errors.set(e);
            summary_error.set(Some(t(l, T::ChoosePersonOrAnonymous).to_string()));
            return;
        }
        // The same rules as the shell, at once, for the fields on screen.
        let check_as = who.unwrap_or(PersonId(uuid::Uuid::nil()));
        let mut problems = FormErrors::default();
        if let Err(e) = form.parse(check_as, crate::widgets::today()) {
            problems.0.extend(e.0);
        }
        if let Some(anon) = &anonymous_form {
            if let Err(e) = anon.parse(crate::widgets::today()) {
                problems.0.extend(e.0);
            }
        }
        if !problems.is_empty() {
            errors.set(problems);
            summary_error.set(Some(t(l, T::FormHasErrors).to_string()));
            return;
        }
        errors.set(FormErrors::default());
        summary_error.set(None);
        saving.set(true);
        let request = SaveContactRequest {
            appointment,
            id: contact,
            person: if anonymous_form.is_some() { None } else { who },
            anonymous: anonymous_form,
            form,
        };
        // Where to go once saved, decided now: the page may be gone when the answer comes.
        let back_to = match (who, request.anonymous.is_some()) {
            _ if appointment.is_some() => Route::Agenda,
            (Some(p), false) => Route::Person(p),
            _ => Route::Dashboard,
        };
        // A named person's new colloquio whose outcome is "presa in carico" offers her case.
        let takes_in_charge = match (who, request.anonymous.is_some(), contact) {
            (Some(p), false, None)
                if request.form.outcome == sportello_core::ContactOutcome::TakenInCharge.code() =>
            {
                Some(p)
            }
            _ => None,
        };
        spawn_local(async move {
            let result = call::<ContactId>("save_contact", &SaveArgs { request }).await;
            saving.set(false);
            match result {
                Ok(saved) => match takes_in_charge {
                    Some(person) => nav.go_with(
                        Route::NewCase(person, Some(saved)),
                        t(l, T::ContactSaved).to_string(),
                    ),
                    None => nav.go_with(back_to, t(l, T::ContactSaved).to_string()),
                },
                Err(e) => {
                    if e.fields.for_field("cap_note").is_some() {
                        needs_cap_note.set(true);
                        focus_soon("#cap_note");
                    }
                    errors.set(e.fields);
                    summary_error.set(Some(e.message));
                }
            }
        });
    };

    // Delete, with a reason (only for a saved colloquio).
    let deleting = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let reason_error = RwSignal::new(None::<String>);
    let delete = Callback::new(move |()| {
        let Some(id) = contact else { return };
        let reason = reason.get_untracked();
        let back_to = match person_id.get_untracked() {
            Some(p) => Route::Person(p),
            None => Route::Persons,
        };
        spawn_local(async move {
            #[derive(Serialize)]
            struct DeleteArgs {
                id: ContactId,
                reason: String,
            }
            match call::<()>("delete_contact", &DeleteArgs { id, reason }).await {
                Ok(()) => {
                    nav.go_with(back_to, t(lang.get_untracked(), T::MovedToBin).to_string());
                }
                Err(e) => reason_error.set(Some(
                    e.fields
                        .0
                        .first()
                        .map(|f| f.msg.text(lang.get_untracked()))
                        .unwrap_or(e.message),
                )),
            }
        });
    });

    let err = move |field| field_error(errors, field);
    let title = move || {
        let l = lang.get();
        let base = if contact.is_some() {
            t(l, T::EditContact)
        } else {
            t(l, T::NewContact)
        };
        let who = person_name.get();
        if who.is_empty() {
            base.to_string()
        } else {
            format!("{base} — {who}")
        }
    };
    let is_no_resource = move || f.outcome.get() == ContactOutcome::NoResource.code();
    view! {
        <section>
            <h1 id="contact-title" tabindex="-1">{title}</h1>
            <form class="card wide" id="contact-form" on:submit=save on:keydown=keydown novalidate=true>
                {move || guest.get().then(|| view! {
                    <fieldset class="grid guest">
                        <legend>{tr(T::RegisterGuest)}</legend>
                        <Field id="guest-surname" label=T::Surname value=guest_surname error=err("surname") />
                        <Field id="guest-name" label=T::GivenName value=guest_name error=err("name") />
                        <Field id="guest-phone" label=T::Phone value=guest_phone error=err("phone") />
                        <Select id="guest-gender" label=T::Gender value=anon_gender options=choice::gender error=err("gender") />
                        <Select id="guest-citizenship" label=T::Citizenship value=anon_citizenship options=choice::citizenship error=err("citizenship") />
                    </fieldset>
                })}
                {(person.is_none() && contact.is_none() && appointment.is_none()).then(|| view! {
                    <div class="grid">
                        <div hidden=move || anonymous.get()>
                            <Combobox id="contact-person" label=T::Person query=person_query matches=person_found.into()
                                on_pick=Callback::new(move |(value, label): (String, String)| {
                                    if let Ok(p) = value.parse::<PersonId>() {
                                        person_id.set(Some(p));
                                        person_name.set(label);
                                        focus_soon("#services-0");
                                    }
                                })
                                error=err("person") />
                        </div>
                        <Checkbox id="anonymous" label=T::AnonymousContact value=anonymous />
                    </div>
                    <div class="grid" hidden=move || !anonymous.get()>
                        <Select id="anon-gender" label=T::Gender value=anon_gender options=choice::gender error=err("gender") />
                        <Select id="anon-age" label=T::AgeBand value=anon_age options=choice::age_band error=err("age_band") />
                        <Select id="anon-citizenship" label=T::Citizenship value=anon_citizenship options=choice::citizenship error=err("citizenship") />
                    </div>
                })}
                <div class="grid four">
                    <Field id="date" label=T::Date value=f.date error=err("date") />
                    <Field id="start_time" label=T::Time value=f.start_time error=err("start_time") />
                    <Field id="duration" label=T::DurationMinutes value=f.duration error=err("duration") />
                    <Select id="channel" label=T::Channel value=f.channel options=choice::channel error=err("channel") />
                </div>
                <CheckGroup id="services" label=T::ServicesGiven options=services_options selected=f.services
                    error=err("services") help=Signal::derive(move || t(lang.get(), T::DigitsHelp).to_string()) />
                <CheckGroup id="areas" label=T::Areas options=area_options selected=f.areas
                    error=Signal::derive(move || err("areas").get().or_else(|| err("homeless").get())) />
                <TextArea id="summary" label=T::Summary value=f.summary error=err("summary") />
                <fieldset class="field referrals">
                    <legend>{tr(T::Referrals)}</legend>
                    {move || {
                        let l = lang.get();
                        existing_referrals.get().into_iter().map(|r| {
                            let id = r.id;
                            view! {
                                <p class="existing-referral">{r.service_name.clone()}" · " {r.data.kind.label(l)}" "
                                    <button type="button" class="link" on:click=move |_| nav.go(Route::Referral(id))>{t(l, T::Open)}</button></p>
                            }
                        }).collect_view()
                    }}
                    <Combobox id="referral-service" label=T::ReferTo query=service_query matches=service_matches on_pick=add_referral
                        help=Signal::derive(move || t(lang.get(), T::ReferToHelp).to_string()) />
                    <ReferralRows list=f.referrals errors=errors lang=lang />
                    <crate::person_privacy::PrivateReferralWarning person=person_id.into() date=f.date.into()
                        services=Signal::derive(move || f.referrals.with(|r| r.iter().map(|(_, form)| form.service.clone()).collect())) />
                </fieldset>
                <TextArea id="next_steps" label=T::NextSteps value=f.next_steps error=err("next_steps") />
                <TextArea id="evaluation" label=T::Evaluation value=f.evaluation error=err("evaluation") />
                <details class="more" open=contact.is_some()>
                    <summary>{tr(T::MoreDetails)}</summary>
                    <div class="grid">
                        <Select id="request_type" label=T::RequestType value=f.request_type options=choice::request_type error=err("request_type") />
                        <Select id="requester" label=T::Requester value=f.requester options=choice::requester error=err("requester") />
                        <Select id="sent_by" label=T::SentBy value=f.sent_by options=choice::sent_by error=err("sent_by") />
                        <Select id="outcome" label=T::ContactOutcome value=f.outcome options=choice::contact_outcome error=err("outcome") />
                    </div>
                    <div class="grid" hidden=move || !is_no_resource()>
                        <Field id="unmet_need" label=T::UnmetNeed value=f.unmet_need error=err("unmet_need") />
                        <Field id="missing_resource" label=T::MissingResource value=f.missing_resource error=err("missing_resource") />
                        <Select id="unmet_area" label=T::UnmetArea value=f.unmet_area options=choice::area error=err("unmet_area") />
                    </div>
                </details>
                <div hidden=move || !needs_cap_note.get()>
                    <Field id="cap_note" label=T::CapNote help=T::CapNoteHelp value=f.cap_note error=err("cap_note") />
                </div>
                <p class="form-error" id="contact-form-error" role="alert">{move || summary_error.get()}</p>
                <div class="actions">
                    {contact.is_some().then(|| view! {
                        <button type="button" id="delete-contact" on:click=move |_| { reason.set(String::new()); deleting.set(true); }>{tr(T::Delete)}</button>
                    })}
                    <button type="button" id="cancel-contact" on:click=move |_| if dirty() { confirm_leave.set(true) } else { leave() }>{tr(T::Cancel)}</button>
                    <button type="submit" class="primary" id="save-contact" disabled=move || saving.get()>{tr(T::SaveContact)}</button>
                </div>
                <p class="muted">{tr(T::ContactKeysHelp)}</p>
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
            <ConfirmDialog open=deleting
                title=Signal::derive(move || t(lang.get(), T::DeleteContactTitle).to_string())
                text=Signal::derive(move || t(lang.get(), T::DeleteContactText).to_string())
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
        </section>
    }
}

/// The referrals added in this form: the service, and its kind, reason, protocol and expected
/// reply, each with its errors (`referral_<i>_<field>`).
#[component]
fn ReferralRows(
    list: RwSignal<Vec<(String, ReferralForm)>>,
    errors: RwSignal<FormErrors>,
    lang: RwSignal<Lang>,
) -> impl IntoView {
    let set = move |i: usize, f: fn(&mut ReferralForm, String)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            list.update(|l| {
                if let Some((_, r)) = l.get_mut(i) {
                    f(r, v)
                }
            });
        }
    };
    // Rebuilt only when a referral is added or removed: typing in a row must keep its focus.
    let count = Memo::new(move |_| list.with(Vec::len));
    move || {
        let l = lang.get();
        let n = count.get();
        (0..n)
            .map(|i| {
                let name = list.with_untracked(|l| l.get(i).map(|(n, _)| n.clone()).unwrap_or_default());
                // The typed values, read once when the row is drawn.
                let initial = move |f: fn(&ReferralForm) -> String| list.with_untracked(|l| l.get(i).map(|(_, r)| f(r)).unwrap_or_default());
                let value = move |f: fn(&ReferralForm) -> String| move || list.with(|l| l.get(i).map(|(_, r)| f(r)).unwrap_or_default());
                let error = move |field: &'static str| {
                    let key = format!("referral_{i}_{field}");
                    move || errors.with(|e| e.for_field(&key).map(|m| m.text(lang.get())))
                };
                view! {
                    <div class="row referral-row" id=format!("referral-{i}")>
                        <p class="service"><strong>{name}</strong></p>
                        <div class="field">
                            <label for=format!("referral-{i}-kind")>{t(l, T::Kind)}</label>
                            <select id=format!("referral-{i}-kind") on:change=set(i, |r, v| r.kind = v)>
                                {choice::referral_kind(l).into_iter().map(|(code, text)| view! {
                                    <option value=code selected=move || { let k = value(|r| r.kind.clone())(); k == code || (k.is_empty() && code == "invio") }>{text}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for=format!("referral-{i}-reason")>{t(l, T::Reason)}</label>
                            <input id=format!("referral-{i}-reason") value=initial(|r| r.reason.clone()) on:input=set(i, |r, v| r.reason = v) />
                        </div>
                        <div class="field">
                            <label for=format!("referral-{i}-protocol")>{t(l, T::Protocol)}</label>
                            <input id=format!("referral-{i}-protocol") value=initial(|r| r.protocol.clone()) on:input=set(i, |r, v| r.protocol = v) />
                            <span class="error" role="alert">{error("protocol")}</span>
                        </div>
                        <div class="field">
                            <label for=format!("referral-{i}-reply")>{t(l, T::ExpectedReply)}</label>
                            <input id=format!("referral-{i}-reply") value=initial(|r| r.expected_reply.clone()) on:input=set(i, |r, v| r.expected_reply = v) />
                            <span class="error" role="alert">{error("expected_reply")}</span>
                        </div>
                        <button type="button" class="link" on:click=move |_| list.update(|l| { if i < l.len() { l.remove(i); } })>{t(l, T::Remove)}</button>
                    </div>
                }
            })
            .collect_view()
    }
}
