//! The app: which screen to show (wizard, unlock, desk), the language, and the idle watch.

use crate::api::{call, NoArgs};
use crate::desk::Desk;
use crate::i18n::{t, T};
use crate::missing::Missing;
use crate::unlock::Unlock;
use crate::wizard::Wizard;
use leptos::prelude::*;
use leptos::task::spawn_local;
use sportello_core::ipc::{ArchiveState, StatusView};
use sportello_core::Lang;
use std::time::Duration;

/// How often the UI asks the shell whether the archive is still unlocked.
const STATUS_POLL: Duration = Duration::from_millis(1000);

#[component]
pub fn App() -> impl IntoView {
    let status = RwSignal::new(None::<StatusView>);
    let lang = RwSignal::new(Lang::It);
    provide_context(lang);
    provide_context(status);

    let refresh = move || {
        spawn_local(async move {
            if let Ok(s) = call::<StatusView>("status", &NoArgs {}).await {
                // None (first call) differs from any state too.
                if status.with_untracked(|old| old.as_ref().map(|o| o.state) != Some(s.state)) {
                    lang.set(s.lang);
                    status.set(Some(s));
                }
            }
        })
    };
    refresh();
    // The shell locks the archive when idle; the page follows within a second.
    set_interval(
        move || {
            if status
                .with_untracked(|s| s.as_ref().map(|s| s.state) == Some(ArchiveState::Unlocked))
            {
                refresh();
            }
        },
        STATUS_POLL,
    );
    watch_activity();

    Effect::new(move |_| {
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            if let Some(root) = document.document_element() {
                let _ = root.set_attribute("lang", lang.get().code());
            }
            // The shell sets the window's own title; the page's follows it.
            if status.with(|s| s.as_ref().is_some_and(|s| s.demo)) {
                document.set_title("Sportello — DEMO (dati inventati)");
            }
        }
    });

    let demo = move || status.with(|s| s.as_ref().is_some_and(|s| s.demo));
    // The screen changes with the state only (not with the rest of the status).
    let state = Memo::new(move |_| status.with(|s| s.as_ref().map(|s| s.state)));
    view! {
        <Show when=demo>
            <div id="demo-banner" class="demo-banner" role="note">
                <strong>"DEMO"</strong>
                " — "
                {move || t(lang.get(), T::DemoBanner)}
            </div>
        </Show>
        {move || status.with(|s| s.as_ref().and_then(|s| s.settings_problem.clone())).map(|problem| view! {
            <div class="warning settings-problem" id="settings-problem" role="alert">
                <strong>{move || t(lang.get(), T::SettingsProblemTitle)}": "</strong>
                {problem}
                " "
                <button type="button" id="settings-problem-ok" on:click=move |_| {
                    spawn_local(async move {
                        let _ = call::<()>("dismiss_settings_problem", &NoArgs {}).await;
                        status.update(|s| if let Some(s) = s { s.settings_problem = None; });
                    });
                }>{move || t(lang.get(), T::SettingsProblemOk)}</button>
            </div>
        })}
        {move || match state.get() {
            None => view! { <main class="loading" aria-busy="true"></main> }.into_any(),
            Some(ArchiveState::NoArchive) => view! { <Wizard /> }.into_any(),
            Some(ArchiveState::Missing) => view! { <Missing /> }.into_any(),
            Some(ArchiveState::Locked) => view! { <Unlock /> }.into_any(),
            Some(ArchiveState::Unlocked) => view! { <Desk /> }.into_any(),
        }}
    }
}

/// Tells the shell the operator is active (at most every few seconds), so the idle timer restarts.
fn watch_activity() {
    let last = StoredValue::new(0.0_f64);
    let ping = move || {
        let now = js_sys::Date::now();
        if now - last.get_value() > 3000.0 {
            last.set_value(now);
            spawn_local(async move {
                let _ = call::<()>("touch", &NoArgs {}).await;
            });
        }
    };
    let _ = window_event_listener(leptos::ev::keydown, move |_| ping());
    let _ = window_event_listener(leptos::ev::pointerdown, move |_| ping());
    let _ = window_event_listener(leptos::ev::pointermove, move |_| ping());
    let _ = window_event_listener(leptos::ev::wheel, move |_| ping());
}
