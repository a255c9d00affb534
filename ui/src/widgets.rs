//! Small building blocks shared by the screens.

use crate::i18n::{t, T};
use leptos::prelude::*;
use sportello_core::{FormErrors, Lang};

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
