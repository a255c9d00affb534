//! The unlock screen.

use crate::api::call;
use crate::i18n::T;
use crate::session::{set_state, use_status};
use crate::widgets::{tr, Field};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;
use sportello_core::ipc::ArchiveState;

#[derive(Serialize)]
struct UnlockArgs {
    passphrase: String,
}

#[component]
pub fn Unlock() -> impl IntoView {
    let passphrase = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let status = use_status();
    let data_dir = move || status.get().map(|s| s.data_dir).unwrap_or_default();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        // The passphrase leaves the page's state as soon as it is sent.
        let args = UnlockArgs {
            passphrase: passphrase.get_untracked(),
        };
        passphrase.set(String::new());
        spawn_local(async move {
            let result = call::<()>("unlock", &args).await;
            drop(args);
            busy.set(false);
            match result {
                Ok(()) => set_state(status, ArchiveState::Unlocked),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    view! {
        <main class="centered">
            <form class="card narrow" on:submit=submit>
                <h1>{tr(T::AppName)}<span class="tagline">{tr(T::Tagline)}</span></h1>
                <h2>{tr(T::UnlockTitle)}</h2>
                <p class="muted">{tr(T::DataFolderIs)}": " {data_dir}</p>
                <Field id="passphrase" label=T::Passphrase value=passphrase kind="password" autofocus=true error=Signal::derive(move || error.get()) />
                <button type="submit" class="primary" id="unlock" disabled=move || busy.get()>
                    {move || if busy.get() { tr(T::Unlocking)() } else { tr(T::Unlock)() }}
                </button>
            </form>
        </main>
    }
}
