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
    /// Who she is, asked only when her passphrase opens the archive for several operators.
    operator: Option<String>,
}

#[derive(Serialize)]
struct RecoverArgs {
    recovery_key: String,
    new_passphrase: String,
    confirmation: String,
}

#[component]
pub fn Unlock() -> impl IntoView {
    let passphrase = RwSignal::new(String::new());
    let operator = RwSignal::new(String::new());
    // Two operators share this passphrase: the field for her name appears.
    let ask_operator = RwSignal::new(false);
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
            operator: ask_operator
                .get_untracked()
                .then(|| operator.get_untracked()),
        };
        passphrase.set(String::new());
        spawn_local(async move {
            let result = call::<()>("unlock", &args).await;
            drop(args);
            busy.set(false);
            match result {
                Ok(()) => set_state(status, ArchiveState::Unlocked),
                Err(e) => {
                    if e.code == "passphrase_shared" {
                        ask_operator.set(true);
                    }
                    error.set(Some(e.message));
                }
            }
        });
    };
    let recovering = RwSignal::new(false);
    view! {
        <main class="centered">
            <Show when=move || !recovering.get() fallback=move || view! { <Recovery back=recovering /> }>
                <form class="card narrow" on:submit=submit>
                    <h1>{tr(T::AppName)}<span class="tagline">{tr(T::Tagline)}</span></h1>
                    <h2>{tr(T::UnlockTitle)}</h2>
                    <p class="muted">{tr(T::DataFolderIs)}": " {data_dir}</p>
                    <Field id="passphrase" label=T::Passphrase value=passphrase kind="password" autofocus=true error=Signal::derive(move || error.get()) />
                    <Show when=move || ask_operator.get()>
                        <Field id="unlock-operator" label=T::OperatorName value=operator />
                    </Show>
                    <button type="submit" class="primary" id="unlock" disabled=move || busy.get()>
                        {move || if busy.get() { tr(T::Unlocking)() } else { tr(T::Unlock)() }}
                    </button>
                    <p><button type="button" class="link" id="use-recovery" on:click=move |_| recovering.set(true)>{tr(T::ForgotPassphrase)}</button></p>
                </form>
            </Show>
        </main>
    }
}

/// The forgotten passphrase: the recovery key of the printed kit opens the archive, and a
/// new passphrase replaces the old one.
#[component]
fn Recovery(back: RwSignal<bool>) -> impl IntoView {
    let key = RwSignal::new(String::new());
    let new_passphrase = RwSignal::new(String::new());
    let confirmation = RwSignal::new(String::new());
    let errors = RwSignal::new(sportello_core::FormErrors::default());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let status = use_status();
    let lang = crate::widgets::use_lang();
    let field = move |name: &'static str| {
        Signal::derive(move || errors.get().for_field(name).map(|m| m.text(lang.get())))
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        errors.set(sportello_core::FormErrors::default());
        let args = RecoverArgs {
            recovery_key: key.get_untracked(),
            new_passphrase: new_passphrase.get_untracked(),
            confirmation: confirmation.get_untracked(),
        };
        spawn_local(async move {
            let result = call::<()>("recover", &args).await;
            drop(args);
            busy.set(false);
            match result {
                Ok(()) => {
                    key.set(String::new());
                    new_passphrase.set(String::new());
                    confirmation.set(String::new());
                    set_state(status, ArchiveState::Unlocked);
                }
                Err(e) if !e.fields.is_empty() => errors.set(e.fields),
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    view! {
        <form class="card narrow" id="recovery-form" on:submit=submit>
            <h2>{tr(T::RecoveryTitle)}</h2>
            <p class="muted">{tr(T::RecoveryKeyIntro)}</p>
            <Field id="recovery_key" label=T::RecoveryKeyLabel value=key kind="password" autofocus=true error=Signal::derive(move || error.get()) />
            <Field id="new_passphrase" label=T::NewPassphrase value=new_passphrase kind="password" error=field("new_passphrase") />
            <Field id="confirmation" label=T::PassphraseConfirm value=confirmation kind="password" error=field("confirmation") />
            <button type="submit" class="primary" id="recover" disabled=move || busy.get()>
                {move || if busy.get() { tr(T::Unlocking)() } else { tr(T::Recover)() }}
            </button>
            <p><button type="button" class="link" id="back-to-passphrase" on:click=move |_| back.set(false)>{tr(T::BackToPassphrase)}</button></p>
        </form>
    }
}
