//! Small building blocks shared by the screens.

use crate::i18n::{t, T};
use leptos::prelude::*;
use sportello_core::model::ContactSummary;
use sportello_core::{format, FormErrors, Lang};

/// The language signal, provided by the app.
pub fn use_lang() -> RwSignal<Lang> {
    use_context::<RwSignal<Lang>>().unwrap_or_else(|| RwSignal::new(Lang::It))
}

/// A text of the current language, reactively.
pub fn tr(key: T) -> impl Fn() -> &'static str + Copy {
    let lang = use_lang();
    move || t(lang.get(), key)
}

/// The message for `field` in `errors`, in the current language.
pub fn field_error(errors: RwSignal<FormErrors>, field: &'static str) -> Signal<Option<String>> {
    let lang = use_lang();
    Signal::derive(move || errors.with(|e| e.for_field(field).map(|m| m.text(lang.get()))))
}

/// A labelled text input with its help and its error, linked for screen readers.
#[component]
pub fn Field(
    id: &'static str,
    label: T,
    value: RwSignal<String>,
    #[prop(optional)] help: Option<T>,
    #[prop(into, optional)] error: Option<Signal<Option<String>>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autofocus: bool,
) -> impl IntoView {
    let label_text = tr(label);
    let help_text = help.map(tr);
    let error = error.unwrap_or_else(|| Signal::derive(|| None));
    let described = format!("{id}-help {id}-error");
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=id>{label_text}</label>
            {help_text.map(|h| view! { <span class="help" id=format!("{id}-help")>{h}</span> })}
            <input
                id=id
                name=id
                type=kind
                autocomplete="off"
                spellcheck="false"
                autofocus=autofocus
                aria-describedby=described
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            <span class="error" id=format!("{id}-error") role="alert">{move || error.get()}</span>
        </div>
    }
}

/// A labelled drop-down list of a fixed category (codes and labels from `sportello_core`),
/// with a first empty choice and its error.
#[component]
pub fn Select(
    id: &'static str,
    label: T,
    value: RwSignal<String>,
    /// The (code, label) pairs in the given language.
    options: fn(Lang) -> Vec<(&'static str, &'static str)>,
    #[prop(into, optional)] error: Option<Signal<Option<String>>>,
) -> impl IntoView {
    let lang = use_lang();
    let error = error.unwrap_or_else(|| Signal::derive(|| None));
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=id>{tr(label)}</label>
            <select id=id name=id aria-describedby=format!("{id}-error")
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                on:change=move |ev| value.set(event_target_value(&ev))>
                <option value="" selected=move || value.get().is_empty()>{tr(T::Choose)}</option>
                {move || options(lang.get()).into_iter().map(|(code, text)| view! {
                    <option value=code selected=move || value.get() == code>{text}</option>
                }).collect_view()}
            </select>
            <span class="error" id=format!("{id}-error") role="alert">{move || error.get()}</span>
        </div>
    }
}

/// A labelled multi-line text with its error.
#[component]
pub fn TextArea(
    id: &'static str,
    label: T,
    value: RwSignal<String>,
    #[prop(into, optional)] error: Option<Signal<Option<String>>>,
) -> impl IntoView {
    let error = error.unwrap_or_else(|| Signal::derive(|| None));
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=id>{tr(label)}</label>
            <textarea id=id name=id rows="3" spellcheck="false" aria-describedby=format!("{id}-error")
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))></textarea>
            <span class="error" id=format!("{id}-error") role="alert">{move || error.get()}</span>
        </div>
    }
}

/// Today's date on this computer (the page's clock).
pub fn today() -> chrono::NaiveDate {
    let now = js_sys::Date::new_0();
    chrono::NaiveDate::from_ymd_opt(
        i32::try_from(now.get_full_year()).unwrap_or(2000),
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or_default()
}

/// A table of contacts as given (newest first), with the person's name when `with_person`;
/// a short sentence when there is none.
pub fn contacts_table(
    id: &'static str,
    contacts: &[ContactSummary],
    l: Lang,
    with_person: bool,
) -> AnyView {
    if contacts.is_empty() {
        return view! { <p class="muted">{t(l, T::NoContacts)}</p> }.into_any();
    }
    view! {
        <div class="table-wrap"><table id=id>
            <thead><tr>
                <th scope="col">{t(l, T::Date)}</th><th scope="col">{t(l, T::Time)}</th>
                {with_person.then(|| view! { <th scope="col">{t(l, T::Person)}</th> })}
                <th scope="col">{t(l, T::Channel)}</th><th scope="col">{t(l, T::Duration)}</th>
            </tr></thead>
            <tbody>
                {contacts.iter().map(|c| view! {
                    <tr>
                        <td class="date">{format::date(c.date)}</td>
                        <td class="num">{c.start_time.map(format::time).unwrap_or_default()}</td>
                        {with_person.then(|| view! { <td class="person">{c.person_name.clone()}</td> })}
                        <td>{c.channel.label(l)}</td>
                        <td>{format!("{} min", c.duration.get())}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table></div>
    }
    .into_any()
}

/// The (code, label) choices of a fixed category, for [`Select`].
macro_rules! choices {
    ($($fn_name:ident => $category:ty),* $(,)?) => {
        $(
            pub fn $fn_name(l: Lang) -> Vec<(&'static str, &'static str)> {
                <$category>::ALL.iter().map(|c| (c.code(), c.label(l))).collect()
            }
        )*
    };
}

pub mod choice {
    use sportello_core::category::*;
    use sportello_core::Lang;

    choices!(
        gender => Gender,
        citizenship => Citizenship,
        age_band => AgeBand,
        channel => Channel,
        request_type => RequestType,
        requester => Requester,
        sent_by => SentBy,
        contact_outcome => ContactOutcome,
        area => Area,
        referral_kind => ReferralKind,
        referral_outcome => ReferralOutcome,
        relation => Relation,
        representative_kind => RepresentativeKind,
        time_kind => TimeKind,
        consent_kind => ConsentKind,
        sector => Sector,
        community_kind => CommunityKind,
        document_kind => DocumentKind,
        intervention_kind => InterventionKind,
        meeting_kind => MeetingKind,
        report_addressee => ReportAddressee,
    );
}

/// A labelled checkbox.
#[component]
pub fn Checkbox(id: &'static str, label: T, value: RwSignal<bool>) -> impl IntoView {
    view! {
        <div class="field checkbox">
            <input type="checkbox" id=id name=id prop:checked=move || value.get()
                on:change=move |ev| value.set(event_target_checked(&ev)) />
            <label for=id>{tr(label)}</label>
        </div>
    }
}

/// A status line announced to screen readers (a saved record, a restored one).
#[component]
pub fn Notice(text: Signal<Option<String>>) -> impl IntoView {
    view! { <p class="notice" role="status" aria-live="polite">{move || text.get()}</p> }
}
