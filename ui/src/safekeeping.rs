//! The settings' cards that keep the archive safe: restore from a backup, a new recovery key.

use crate::api::{call, poll_job, JobArgs, NoArgs};
use crate::groups::{GroupCheck, GroupFields};
use crate::i18n::{t, T};
use crate::widgets::{tr, use_lang, Field};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;
use sportello_core::ipc::{CreatedView, KeyJobView, RestoredView};
use sportello_core::passphrase::recovery_key_groups;

#[derive(Serialize)]
struct ChangeArgs {
    current: String,
    new_passphrase: String,
    confirmation: String,
}

/// *Cambia la frase segreta*: the current one, then the new one twice.
#[component]
pub fn ChangePassphraseCard() -> impl IntoView {
    let lang = use_lang();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let confirmation = RwSignal::new(String::new());
    let errors = RwSignal::new(sportello_core::FormErrors::default());
    let message = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let change = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let args = ChangeArgs {
            current: current.get_untracked(),
            new_passphrase: new.get_untracked(),
            confirmation: confirmation.get_untracked(),
        };
        busy.set(true);
        spawn_local(async move {
            let result = call::<()>("change_passphrase", &args).await;
            drop(args);
            let l = lang.get_untracked();
            busy.set(false);
            match result {
                Ok(()) => {
                    for field in [current, new, confirmation] {
                        field.set(String::new());
                    }
                    errors.set(Default::default());
                    error.set(None);
                    message.set(Some(t(l, T::PassphraseChanged).to_string()));
                }
                Err(e) => {
                    message.set(None);
                    errors.set(e.fields.clone());
                    error.set(Some(e.sentence(l)));
                }
            }
        });
    };
    view! {
        <form class="card narrow" id="passphrase-form" on:submit=change>
            <h2>{tr(T::ChangePassphraseHeading)}</h2>
            <Field id="current-passphrase" label=T::CurrentPassphrase value=current kind="password" />
            <Field id="changed-passphrase" label=T::NewPassphrase value=new kind="password" error=crate::widgets::field_error(errors, "new_passphrase") />
            <Field id="changed-confirmation" label=T::PassphraseConfirm value=confirmation kind="password" error=crate::widgets::field_error(errors, "confirmation") />
            <div class="actions">
                <button type="submit" id="change-passphrase" disabled=move || busy.get()>{tr(T::ChangePassphrase)}</button>
            </div>
            <p role="status" id="change-passphrase-status">{move || message.get()}</p>
            <p role="alert" class="form-error" id="change-passphrase-error">{move || error.get()}</p>
        </form>
    }
}

#[derive(Serialize)]
struct RekeyArgs {
    passphrase: String,
}

/// *Cambia la chiave dell'archivio*: her passphrase confirms; the archive is re-encrypted on
/// its own thread, with its progress and a button that stops it before anything changes.
#[component]
pub fn RekeyCard() -> impl IntoView {
    let lang = use_lang();
    let passphrase = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let job = RwSignal::new(None::<u64>);
    let progress = RwSignal::new(None::<u8>);
    let message = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let rekey = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let args = RekeyArgs {
            passphrase: passphrase.get_untracked(),
        };
        passphrase.set(String::new());
        busy.set(true);
        error.set(None);
        message.set(Some(t(lang.get_untracked(), T::Rekeying).to_string()));
        spawn_local(async move {
            let started = call::<u64>("start_archive_key_change", &args).await;
            drop(args);
            let outcome = match started {
                Ok(id) => {
                    job.set(Some(id));
                    poll_job::<KeyJobView>("archive_key_job", id, |percent, stage| {
                        let _ = progress.try_set(Some(percent));
                        let _ = message.try_set(Some(format!(
                            "{} ({percent} %)",
                            stage.label(lang.get_untracked())
                        )));
                    })
                    .await
                }
                Err(e) => Err(e),
            };
            let _ = job.try_set(None);
            let _ = progress.try_set(None);
            let _ = busy.try_set(false);
            let l = lang.get_untracked();
            match outcome {
                Ok(KeyJobView::Done) => {
                    let _ = message.try_set(Some(t(l, T::Rekeyed).to_string()));
                }
                Ok(KeyJobView::Cancelled) => {
                    let _ = message.try_set(Some(t(l, T::RekeyCancelled).to_string()));
                }
                Ok(KeyJobView::Failed { error: e }) | Err(e) => {
                    let _ = message.try_set(None);
                    let _ = error.try_set(Some(e.sentence(l)));
                }
                Ok(KeyJobView::Running { .. }) => {}
            }
        });
    };
    let cancel = move |_| {
        if let Some(id) = job.get_untracked() {
            spawn_local(async move {
                let _ = call::<()>("cancel_archive_key_change", &JobArgs { job: id }).await;
            });
        }
    };
    view! {
        <form class="card narrow" id="rekey-form" on:submit=rekey aria-busy=move || busy.get().to_string()>
            <h2>{tr(T::RekeyHeading)}</h2>
            <p class="muted">{tr(T::RekeyIntro)}</p>
            <Field id="rekey-passphrase" label=T::CurrentPassphrase value=passphrase kind="password" />
            <div class="actions">
                <Show when=move || job.get().is_some()>
                    <button type="button" id="rekey-cancel" on:click=cancel>{tr(T::Cancel)}</button>
                </Show>
                <button type="submit" id="rekey" disabled=move || busy.get()>{tr(T::Rekey)}</button>
            </div>
            {move || progress.get().map(|p| view! {
                <progress id="rekey-progress" max="100" value=p.to_string() aria-describedby="rekey-status"></progress>
            })}
            <p role="status" id="rekey-status">{move || message.get()}</p>
            <p role="alert" class="form-error" id="rekey-error">{move || error.get()}</p>
        </form>
    }
}

#[derive(Serialize)]
struct RestoreArgs {
    passphrase: String,
}

/// *Ripristina da una copia*: the passphrase confirms, the native dialog picks the backup.
#[component]
pub fn RestoreCard() -> impl IntoView {
    let lang = use_lang();
    let passphrase = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let message = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let restore = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let args = RestoreArgs {
            passphrase: passphrase.get_untracked(),
        };
        busy.set(true);
        message.set(Some(t(lang.get_untracked(), T::Restoring).to_string()));
        error.set(None);
        spawn_local(async move {
            let result = call::<Option<RestoredView>>("restore_backup", &args).await;
            drop(args);
            let l = lang.get_untracked();
            busy.set(false);
            match result {
                Ok(Some(r)) => {
                    passphrase.set(String::new());
                    message.set(Some(format!(
                        "{} {} ({} {}).",
                        t(l, T::RestoredFrom),
                        r.taken_at,
                        r.rows,
                        t(l, T::Records)
                    )));
                }
                Ok(None) => message.set(None),
                Err(e) => {
                    message.set(None);
                    error.set(Some(e.sentence(l)));
                }
            }
        });
    };
    view! {
        <form class="card narrow" id="restore-form" on:submit=restore>
            <h2>{tr(T::RestoreHeading)}</h2>
            <p class="help" id="restore-help">{tr(T::RestoreHelp)}</p>
            <Field id="restore-passphrase" label=T::CurrentPassphrase value=passphrase kind="password" />
            <div class="actions">
                <button type="submit" id="restore-backup" aria-describedby="restore-help" disabled=move || busy.get()>{tr(T::ChooseAndRestore)}</button>
            </div>
            <p role="status" id="restore-status">{move || message.get()}</p>
            <p role="alert" class="form-error" id="restore-error">{move || error.get()}</p>
        </form>
    }
}

/// *Nuova chiave di recupero*: the keys rotate, the new key is shown once, its kit saved, and
/// two of its groups typed back (until then the dashboard insists).
#[component]
pub fn NewRecoveryKeyCard() -> impl IntoView {
    let lang = use_lang();
    let key = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let message = RwSignal::new(None::<String>);
    let groups = GroupCheck::new();
    let make = move |_| {
        busy.set(true);
        spawn_local(async move {
            let result = call::<CreatedView>("new_recovery_key", &NoArgs {}).await;
            let l = lang.get_untracked();
            busy.set(false);
            match result {
                Ok(created) => {
                    groups.ask(&created.recovery_key);
                    key.set(Some(created.recovery_key));
                    message.set(Some(match created.warning {
                        Some(w) => format!("{} {w}", t(l, T::NewKitMade)),
                        None => t(l, T::NewKitMade).to_string(),
                    }));
                }
                Err(e) => message.set(Some(e.sentence(l))),
            }
        });
    };
    let save_kit = move |_| {
        if let Some(k) = key.get_untracked() {
            crate::wizard::save_kit(k, lang, message);
        }
    };
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let k = key.get_untracked().unwrap_or_default();
        let l = lang.get_untracked();
        if groups.check(&k, l) {
            spawn_local(async move {
                match call::<()>("confirm_recovery_kit", &NoArgs {}).await {
                    Ok(()) => {
                        key.set(None);
                        message.set(Some(t(l, T::KeyConfirmed).to_string()));
                    }
                    Err(e) => message.set(Some(e.sentence(l))),
                }
            });
        }
    };
    view! {
        <div class="card narrow" id="new-kit">
            <h2>{tr(T::NewKitHeading)}</h2>
            <p class="help" id="new-kit-help">{tr(T::NewKitHelp)}</p>
            <div class="actions">
                <button type="button" id="make-new-kit" aria-describedby="new-kit-help" on:click=make disabled=move || busy.get() || key.get().is_some()>{tr(T::MakeNewKit)}</button>
            </div>
            {move || key.get().map(|k| view! {
                <p class="recovery-key" id="new-recovery-key">{recovery_key_groups(&k).join(" ")}</p>
                <div class="actions"><button type="button" id="save-new-kit" on:click=save_kit>{tr(T::SaveKit)}</button></div>
                <form id="confirm-new-kit" on:submit=confirm>
                    <GroupFields check=groups ids=("new-group-a", "new-group-b") />
                    <div class="actions"><button type="submit" class="primary" id="confirm-new-key">{tr(T::RecoveryKept)}</button></div>
                </form>
            })}
            <p role="status" id="new-kit-status">{move || message.get()}</p>
        </div>
    }
}
