//! Keyboard-first controls: a group of checkboxes that is one Tab stop (arrows move, Space or
//! a digit toggles), a combobox that filters a list as she types (arrows + Enter choose), a
//! confirmation dialog that keeps the focus inside it, and focus helpers.

use crate::i18n::T;
use crate::widgets::tr;
use leptos::prelude::*;
use sportello_core::search::fold;
use wasm_bindgen::JsCast;

/// Focuses the first element matching `selector` once the page has been drawn.
pub fn focus_soon(selector: &'static str) {
    request_animation_frame(move || {
        focus_now(selector);
    });
}

/// A page's first focus, after the next frame: skipped when she is already in a field (on a
/// slow frame she may have started typing, and the focus must not jump away from her text).
pub fn focus_on_arrival(selector: &'static str) {
    request_animation_frame(move || {
        let in_a_field = focused_element()
            .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        if !in_a_field {
            focus_now(selector);
        }
    });
}

/// Focuses the first element matching `selector`, if there is one; true when it did.
pub fn focus_now(selector: &str) -> bool {
    let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return false;
    };
    element.focus().is_ok()
}

/// The element that has the focus, if any.
pub fn focused_element() -> Option<web_sys::HtmlElement> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
}

/// The keys every form answers to: Escape leaves (asking first, through `confirm_leave`, when
/// something was typed), Ctrl+Enter saves from anywhere (a text area included).
pub fn form_keys(
    dirty: impl Fn() -> bool + 'static,
    confirm_leave: RwSignal<bool>,
    leave: impl Fn() + 'static,
    save_button: &'static str,
) -> impl Fn(leptos::ev::KeyboardEvent) + 'static {
    move |ev: leptos::ev::KeyboardEvent| {
        if ev.default_prevented() {
            return;
        }
        match ev.key().as_str() {
            "Escape" => {
                ev.prevent_default();
                if dirty() {
                    confirm_leave.set(true);
                } else {
                    leave();
                }
            }
            "Enter" if ev.ctrl_key() => {
                ev.prevent_default();
                if focus_now(save_button) {
                    if let Some(b) = focused_element() {
                        b.click();
                    }
                }
            }
            _ => {}
        }
    }
}

/// A group of checkboxes that is a single Tab stop. Inside it, the arrows move between the
/// boxes, Space toggles the one in focus, and the digit shown beside each box toggles it
/// directly (so "1 2" ticks the first two without moving).
#[component]
pub fn CheckGroup(
    id: &'static str,
    label: T,
    /// (code, label) pairs; the digits 1–9 are their hotkeys in this order.
    options: Signal<Vec<(String, String)>>,
    selected: RwSignal<Vec<String>>,
    #[prop(into, optional)] error: Option<Signal<Option<String>>>,
    #[prop(into, optional)] help: Option<Signal<String>>,
) -> impl IntoView {
    let error = error.unwrap_or_else(|| Signal::derive(|| None));
    let current = RwSignal::new(0usize);
    let toggle = move |code: &str| {
        selected.update(|s| {
            if let Some(i) = s.iter().position(|c| c == code) {
                s.remove(i);
            } else {
                s.push(code.to_string());
            }
        })
    };
    let focus_box = move |i: usize| {
        focus_now(&format!("#{id}-{i}"));
    };
    let keydown = move |ev: leptos::ev::KeyboardEvent| {
        let n = options.with_untracked(Vec::len);
        if n == 0 || ev.alt_key() || ev.ctrl_key() || ev.meta_key() {
            return;
        }
        let key = ev.key();
        let at = current.get_untracked().min(n - 1);
        match key.as_str() {
            "ArrowDown" | "ArrowRight" => {
                ev.prevent_default();
                current.set((at + 1) % n);
                focus_box((at + 1) % n);
            }
            "ArrowUp" | "ArrowLeft" => {
                ev.prevent_default();
                current.set((at + n - 1) % n);
                focus_box((at + n - 1) % n);
            }
            "Home" => {
                ev.prevent_default();
                current.set(0);
                focus_box(0);
            }
            "End" => {
                ev.prevent_default();
                current.set(n - 1);
                focus_box(n - 1);
            }
            digit if digit.len() == 1 && digit.as_bytes()[0].is_ascii_digit() => {
                let d = usize::from(digit.as_bytes()[0] - b'0');
                if (1..=n).contains(&d) {
                    ev.prevent_default();
                    if let Some((code, _)) = options.with_untracked(|o| o.get(d - 1).cloned()) {
                        toggle(&code);
                    }
                }
            }
            _ => {}
        }
    };
    let described = format!("{id}-help {id}-error");
    view! {
        <fieldset class="field check-group" id=id class:has-error=move || error.get().is_some()
            aria-describedby=described on:keydown=keydown>
            <legend>{tr(label)}</legend>
            {help.map(|h| view! { <span class="help" id=format!("{id}-help")>{move || h.get()}</span> })}
            <div class="boxes">
                {move || options.get().into_iter().enumerate().map(|(i, (code, text))| {
                    let code_for_toggle = code.clone();
                    let checked = {
                        let code = code.clone();
                        Signal::derive(move || selected.with(|s| s.contains(&code)))
                    };
                    view! {
                        <label class="box" class:on=checked>
                            <input type="checkbox" id=format!("{id}-{i}") value=code.clone()
                                tabindex=move || if current.get() == i { "0" } else { "-1" }
                                prop:checked=checked
                                on:focus=move |_| current.set(i)
                                on:change=move |_| toggle(&code_for_toggle) />
                            {(i < 9).then(|| view! { <kbd aria-hidden="true">{i + 1}</kbd> })}
                            <span>{text}</span>
                        </label>
                    }
                }).collect_view()}
            </div>
            <span class="error" id=format!("{id}-error") role="alert">{move || error.get()}</span>
        </fieldset>
    }
}

/// A text field that proposes matches from a list as she types: ArrowDown/ArrowUp move through
/// them, Enter picks the highlighted one (the first by default), Escape closes the list. With
/// nothing typed and no list open, Enter is left to the form (it submits).
#[component]
pub fn Combobox(
    id: &'static str,
    label: T,
    /// What is typed.
    query: RwSignal<String>,
    /// The (value, label) pairs that match the query, best first.
    matches: Signal<Vec<(String, String)>>,
    on_pick: Callback<(String, String)>,
    #[prop(into, optional)] error: Option<Signal<Option<String>>>,
    #[prop(into, optional)] help: Option<Signal<String>>,
) -> impl IntoView {
    let error = error.unwrap_or_else(|| Signal::derive(|| None));
    let highlighted = RwSignal::new(0usize);
    let open = RwSignal::new(false);
    let list_id = format!("{id}-list");
    let option_id = move |i: usize| format!("{id}-option-{i}");
    let pick = move |i: usize| {
        if let Some(choice) = matches.with_untracked(|m| m.get(i).cloned()) {
            on_pick.run(choice);
            query.set(String::new());
            open.set(false);
        }
    };
    let keydown = move |ev: leptos::ev::KeyboardEvent| {
        let n = matches.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if n > 0 => {
                ev.prevent_default();
                if open.get_untracked() {
                    highlighted.update(|h| *h = (*h + 1).min(n - 1));
                } else {
                    open.set(true);
                    highlighted.set(0);
                }
            }
            "ArrowUp" if n > 0 => {
                ev.prevent_default();
                highlighted.update(|h| *h = h.saturating_sub(1));
            }
            "Enter" if open.get_untracked() && n > 0 => {
                ev.prevent_default();
                pick(highlighted.get_untracked().min(n - 1));
            }
            "Escape" if open.get_untracked() => {
                ev.prevent_default();
                ev.stop_propagation();
                open.set(false);
            }
            _ => {}
        }
    };
    let described = format!("{id}-help {id}-error");
    let list_id_attr = list_id.clone();
    view! {
        <div class="field combobox" class:has-error=move || error.get().is_some()>
            <label for=id>{tr(label)}</label>
            {help.map(|h| view! { <span class="help" id=format!("{id}-help")>{move || h.get()}</span> })}
            <input id=id type="text" role="combobox" autocomplete="off" spellcheck="false"
                aria-autocomplete="list" aria-controls=list_id_attr
                aria-expanded=move || if open.get() && !matches.with(Vec::is_empty) { "true" } else { "false" }
                aria-activedescendant=move || (open.get() && !matches.with(Vec::is_empty)).then(|| option_id(highlighted.get()))
                aria-describedby=described
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                prop:value=move || query.get()
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    open.set(!fold(&v).is_empty());
                    highlighted.set(0);
                    query.set(v);
                }
                on:keydown=keydown
                on:blur=move |_| open.set(false) />
            <ul id=list_id role="listbox" class="options" aria-label=tr(label)
                hidden=move || !open.get() || matches.with(Vec::is_empty)>
                {move || matches.get().into_iter().enumerate().map(|(i, (_, text))| view! {
                    <li id=option_id(i) role="option" class:highlighted=move || highlighted.get() == i
                        aria-selected=move || if highlighted.get() == i { "true" } else { "false" }
                        on:mousedown=move |ev| { ev.prevent_default(); pick(i); }>{text}</li>
                }).collect_view()}
            </ul>
            <span class="error" id=format!("{id}-error") role="alert">{move || error.get()}</span>
        </div>
    }
}

/// Items of `all` whose folded label starts with the folded query, or has a word that does,
/// in that order; at most `limit`.
pub fn filter_by_words(
    all: &[(String, String)],
    query: &str,
    limit: usize,
) -> Vec<(String, String)> {
    let q = fold(query);
    if q.is_empty() {
        return Vec::new();
    }
    let starts = all.iter().filter(|(_, l)| fold(l).starts_with(&q));
    let words = all.iter().filter(|(_, l)| {
        !fold(l).starts_with(&q)
            && l.split(|c: char| !c.is_alphanumeric())
                .any(|w| fold(w).starts_with(&q))
    });
    starts.chain(words).take(limit).cloned().collect()
}

/// The Tab key, with or without Shift (WebKitGTK may name Shift+Tab "Unidentified", its
/// physical key is still Tab).
pub fn is_tab(ev: &leptos::ev::KeyboardEvent) -> bool {
    ev.key() == "Tab" || ev.code() == "Tab"
}

/// Whether a modal (`aria-modal="true"`) is open.
pub fn modal_open() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("[aria-modal=\"true\"]").ok().flatten())
        .is_some()
}

/// Tab and Shift+Tab inside a modal (`container`, a selector; the container itself has
/// `tabindex="-1"`, so a click on its text keeps the focus inside it): from its last control
/// Tab goes to its first, from its first Shift+Tab to its last, from the container itself to
/// the first or the last, so the focus never reaches the page behind it. Controls that are
/// disabled, hidden or out of the tab order are not counted.
pub fn keep_focus_within(ev: &leptos::ev::KeyboardEvent, container: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let selector = [
        "input:not([disabled]):not([type=hidden])",
        "textarea:not([disabled])",
        "select:not([disabled])",
        "button:not([disabled])",
        "a[href]",
        "[tabindex]:not([tabindex=\"-1\"])",
    ]
    .map(|c| format!("{container} {c}"))
    .join(", ");
    let Ok(list) = doc.query_selector_all(&selector) else {
        return;
    };
    let controls: Vec<web_sys::HtmlElement> = (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .filter(|e| e.tab_index() >= 0 && e.get_client_rects().length() > 0)
        .collect();
    let (Some(first), Some(last)) = (controls.first(), controls.last()) else {
        ev.prevent_default();
        return;
    };
    let active = doc.active_element();
    let is_active =
        |e: &web_sys::HtmlElement| active.as_ref() == Some(e.unchecked_ref::<web_sys::Element>());
    let on_a_control = controls.iter().any(is_active);
    let target = if !on_a_control {
        // On the container (a click on its text) or somewhere else: into the controls.
        if ev.shift_key() {
            last
        } else {
            first
        }
    } else if ev.shift_key() && is_active(first) {
        last
    } else if !ev.shift_key() && is_active(last) {
        first
    } else {
        return;
    };
    ev.prevent_default();
    let _ = target.focus();
}

/// A modal confirmation: the focus goes to the safe choice and stays inside the dialog (Tab
/// cycles between its buttons), Escape is the safe choice, and the focus returns where it was.
/// Confirming runs `on_confirm`, which decides: the dialog stays open (with what was typed in
/// it) until `on_confirm` closes it or the page changes, so a refused reason can be corrected.
#[component]
pub fn ConfirmDialog(
    /// Shown while true.
    open: RwSignal<bool>,
    title: Signal<String>,
    text: Signal<String>,
    confirm_label: Signal<String>,
    cancel_label: Signal<String>,
    on_confirm: Callback<()>,
    /// Called when she chooses the safe way out (the cancel button or Escape).
    #[prop(optional)]
    on_cancel: Option<Callback<()>>,
    /// Extra content (a reason to type) between the text and the buttons.
    #[prop(optional)]
    children: Option<ChildrenFn>,
) -> impl IntoView {
    let returns_to = StoredValue::new_local(None::<web_sys::HtmlElement>);
    Effect::new(move |_| {
        if open.get() {
            returns_to.set_value(focused_element());
            focus_soon("#dialog [data-first]");
        }
    });
    let close = move || {
        open.set(false);
        if let Some(cancel) = on_cancel {
            cancel.run(());
        }
        if let Some(e) = returns_to.get_value() {
            let _ = e.focus();
        }
    };
    let keydown = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            ev.stop_propagation();
            close();
        }
        // Enter in the dialog's text field (a reason) confirms, as the confirm button would.
        "Enter"
            if ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                .is_some() =>
        {
            ev.prevent_default();
            ev.stop_propagation();
            on_confirm.run(());
        }
        _ if is_tab(&ev) => keep_focus_within(&ev, "#dialog"),
        _ => {}
    };
    view! {
        <Show when=move || open.get()>
            <div class="backdrop">
                <div id="dialog" class="dialog card" role="alertdialog" aria-modal="true" tabindex="-1"
                    aria-labelledby="dialog-title" aria-describedby="dialog-text" on:keydown=keydown>
                    <h2 id="dialog-title">{move || title.get()}</h2>
                    <p id="dialog-text">{move || text.get()}</p>
                    {children.clone().map(|c| c())}
                    <div class="actions">
                        <button type="button" id="dialog-cancel" data-first=""
                            on:click=move |_| close()>{move || cancel_label.get()}</button>
                        <button type="button" id="dialog-confirm" class="primary"
                            on:click=move |_| on_confirm.run(())>{move || confirm_label.get()}</button>
                    </div>
                </div>
            </div>
        </Show>
    }
}
