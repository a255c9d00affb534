//! *Operatori*: who works on this archive. The owner adds a substitute or a reader with her own
//! passphrase and revokes them (the keys change); everyone sees the list; the owner reads the
//! access log (who opened which person's record, and when).

use crate::api::{call, poll_job, NoArgs};
use crate::controls::ConfirmDialog;
use crate::i18n::{t, T};
use crate::records::when;
use crate::widgets::{field_error, tr, use_lang, Field};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};
use sportello_core::ipc::KeyJobView;
use sportello_core::model::{Operator, Role};
use sportello_core::{OperatorId, PersonId};

#[derive(Serialize)]
struct AddArgs {
    request: AddRequest,
}

#[derive(Serialize)]
struct AddRequest {
    name: String,
    role: String,
    passphrase: String,
    confirmation: String,
}

#[derive(Serialize)]
struct IdArgs {
    id: OperatorId,
}

#[derive(Serialize)]
struct RenameArgs {
    id: OperatorId,
    name: String,
}

#[derive(Serialize)]
struct LogArgs {
    person: Option<PersonId>,
}

/// One line of the access log, as the desktop sends it.
#[derive(Debug, Clone, Deserialize)]
struct AccessEntry {
    at: String,
    operator: String,
    person_name: String,
}

#[component]
pub fn OperatorsPage() -> impl IntoView {
    let lang = use_lang();
    let list = RwSignal::new(Vec::<Operator>::new());
    let me = RwSignal::new(None::<Operator>);
    let log = RwSignal::new(Vec::<AccessEntry>::new());
    let error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let load = move || {
        spawn_local(async move {
            match call::<Vec<Operator>>("operators", &NoArgs {}).await {
                Ok(l) => list.set(l),
                Err(e) => error.set(Some(e.message)),
            }
            if let Ok(current) = call::<Operator>("current_operator", &NoArgs {}).await {
                let owner = current.role == Role::Owner;
                me.set(Some(current));
                if owner {
                    if let Ok(l) =
                        call::<Vec<AccessEntry>>("access_log", &LogArgs { person: None }).await
                    {
                        log.set(l);
                    }
                }
            }
        });
    };
    load();

    let name = RwSignal::new(String::new());
    let role = RwSignal::new("operatore".to_string());
    let passphrase = RwSignal::new(String::new());
    let confirmation = RwSignal::new(String::new());
    let errors = RwSignal::new(sportello_core::FormErrors::default());
    let busy = RwSignal::new(false);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let args = AddArgs {
            request: AddRequest {
                name: name.get_untracked(),
                role: role.get_untracked(),
                passphrase: passphrase.get_untracked(),
                confirmation: confirmation.get_untracked(),
            },
        };
        busy.set(true);
        notice.set(Some(t(lang.get_untracked(), T::OperatorAdding).to_string()));
        spawn_local(async move {
            let result = call::<OperatorId>("add_operator", &args).await;
            drop(args);
            busy.set(false);
            let l = lang.get_untracked();
            match result {
                Ok(_) => {
                    notice.set(Some(format!(
                        "{} {}",
                        t(l, T::OperatorAdded),
                        name.get_untracked()
                    )));
                    for field in [name, passphrase, confirmation] {
                        field.set(String::new());
                    }
                    errors.set(Default::default());
                    error.set(None);
                    load();
                }
                Err(e) => {
                    notice.set(None);
                    errors.set(e.fields.clone());
                    error.set(Some(e.sentence(l)));
                }
            }
        });
    };

    let my_name = RwSignal::new(String::new());
    let rename_errors = RwSignal::new(sportello_core::FormErrors::default());
    Effect::new(move |_| {
        if let Some(m) = me.get() {
            my_name.set(m.name);
        }
    });
    let rename = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(id) = me.get_untracked().map(|m| m.id) else {
            return;
        };
        let args = RenameArgs {
            id,
            name: my_name.get_untracked(),
        };
        spawn_local(async move {
            let l = lang.get_untracked();
            match call::<()>("rename_operator", &args).await {
                Ok(()) => {
                    rename_errors.set(Default::default());
                    error.set(None);
                    notice.set(Some(format!("{} {}", t(l, T::Renamed), args.name.trim())));
                    load();
                }
                Err(e) => {
                    rename_errors.set(e.fields.clone());
                    error.set(Some(e.sentence(l)));
                }
            }
        });
    };

    let revoke_open = RwSignal::new(false);
    let revoke_choice = StoredValue::new(None::<Operator>);
    let revoke = Callback::new(move |()| {
        let Some(op) = revoke_choice.get_value() else {
            return;
        };
        revoke_open.set(false);
        busy.set(true);
        notice.set(Some(
            t(lang.get_untracked(), T::OperatorRevoking).to_string(),
        ));
        spawn_local(async move {
            // The keys rotate on their own thread; the page follows how far it got.
            let outcome = match call::<u64>("start_revocation", &IdArgs { id: op.id }).await {
                Ok(job) => {
                    poll_job::<KeyJobView>("archive_key_job", job, |percent, stage| {
                        let _ = notice.try_set(Some(format!(
                            "{} {} ({percent} %)",
                            t(lang.get_untracked(), T::OperatorRevoking),
                            stage.label(lang.get_untracked())
                        )));
                    })
                    .await
                }
                Err(e) => Err(e),
            };
            let _ = busy.try_set(false);
            let l = lang.get_untracked();
            match outcome {
                Ok(KeyJobView::Done) => {
                    let _ =
                        notice.try_set(Some(format!("{} {}", t(l, T::OperatorRevoked), op.name)));
                }
                Ok(KeyJobView::Failed { error: e }) | Err(e) => {
                    let _ = notice.try_set(None);
                    let _ = error.try_set(Some(e.sentence(l)));
                }
                Ok(_) => {
                    let _ = notice.try_set(None);
                }
            }
            load();
        });
    });

    let is_owner = move || me.get().is_some_and(|m| m.role == Role::Owner);
    let rows = move || {
        let l = lang.get();
        let owner = is_owner();
        list.get()
            .into_iter()
            .enumerate()
            .map(|(i, o)| {
                let state = match &o.revoked_at {
                    Some(at) => format!("{} {}", t(l, T::OperatorRevokedOn), when(at)),
                    None => t(l, T::OperatorActive).to_string(),
                };
                // A revocation cut short is finished by revoking again.
                let can_revoke = owner
                    && o.role != Role::Owner
                    && (o.revoked_at.is_none() || o.revocation_pending);
                let chosen = o.clone();
                let action = if o.revocation_pending { T::OperatorRevokeFinish } else { T::OperatorRevoke };
                let label = format!("{} {}", t(l, action), o.name);
                view! {
                    <tr>
                        <td>{o.name.clone()}</td>
                        <td>{o.role.label(l)}</td>
                        <td>{state}</td>
                        <td>{can_revoke.then(|| view! {
                            <button type="button" id=format!("revoke-operator-{i}") aria-label=label
                                on:click=move |_| { revoke_choice.set_value(Some(chosen.clone())); revoke_open.set(true); }>
                                {t(l, action)}</button>
                        })}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let log_rows = move || {
        log.get()
            .into_iter()
            .map(|a| view! {
                <tr><td>{when(&a.at)}</td><td>{a.operator.clone()}</td><td>{a.person_name.clone()}</td></tr>
            })
            .collect_view()
    };
    let role_label = move |r: Role| r.label(lang.get());

    view! {
        <h1 tabindex="-1">{tr(T::OperatorsTitle)}</h1>
        <p class="muted" id="operator-me">{move || me.get().map(|m| format!("{} {} ({})", t(lang.get(), T::OperatorYou), m.name, m.role.label(lang.get())))}</p>
        {move || error.get().map(|e| view! { <p class="error-line" role="alert" id="operators-error">{e}</p> })}
        <p class="notice" role="status" aria-live="polite" id="operators-result">{move || notice.get()}</p>
        <Show when=move || me.get().is_some_and(|m| m.role.records())>
            <form class="card narrow" id="my-name-form" on:submit=rename>
                <h2>{tr(T::MyName)}</h2>
                <p class="muted">{tr(T::MyNameHelp)}</p>
                <Field id="my-name" label=T::OperatorName value=my_name error=field_error(rename_errors, "name") />
                <div class="actions"><button type="submit" id="rename-me" disabled=move || busy.get()>{tr(T::Rename)}</button></div>
            </form>
        </Show>
        <article class="card" aria-labelledby="h-operators">
            <h2 id="h-operators">{tr(T::OperatorsList)}</h2>
            <table id="operators-list" class="list">
                <thead><tr><th scope="col">{tr(T::OperatorName)}</th><th scope="col">{tr(T::OperatorRole)}</th><th scope="col">{tr(T::ImportState)}</th><th scope="col"><span class="visually-hidden">{tr(T::Actions)}</span></th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </article>
        <Show when=is_owner>
            <form class="card narrow" id="operator-form" on:submit=add aria-busy=move || busy.get().to_string()>
                <h2>{tr(T::OperatorAdd)}</h2>
                <p class="muted">{tr(T::OperatorAddHelp)}</p>
                <Field id="op-name" label=T::OperatorName value=name error=field_error(errors, "name") />
                <div class="field">
                    <label for="op-role">{tr(T::OperatorRole)}</label>
                    <select id="op-role" on:change=move |ev| role.set(event_target_value(&ev))>
                        <option value="operatore" selected=move || role.get() == "operatore">{move || role_label(Role::Operator)}</option>
                        <option value="sola lettura" selected=move || role.get() == "sola lettura">{move || role_label(Role::Reader)}</option>
                    </select>
                    {move || field_error(errors, "role").get().map(|e| view! { <p class="form-error" id="op-role-error">{e}</p> })}
                </div>
                <Field id="op-passphrase" label=T::OperatorPassphrase value=passphrase kind="password" error=field_error(errors, "op-passphrase") />
                <Field id="op-confirmation" label=T::PassphraseConfirm value=confirmation kind="password" error=field_error(errors, "op-confirmation") />
                <div class="actions"><button type="submit" class="primary" id="op-add" disabled=move || busy.get()>{tr(T::OperatorAdd)}</button></div>
            </form>
            <article class="card" aria-labelledby="h-access-log">
                <h2 id="h-access-log">{tr(T::AccessLogTitle)}</h2>
                <p class="muted">{tr(T::AccessLogHelp)}</p>
                <table id="access-log" class="list">
                    <thead><tr><th scope="col">{tr(T::AccessLogWhen)}</th><th scope="col">{tr(T::OperatorName)}</th><th scope="col">{tr(T::AccessLogRecord)}</th></tr></thead>
                    <tbody>{log_rows}</tbody>
                </table>
            </article>
        </Show>
        <ConfirmDialog
            open=revoke_open
            title=Signal::derive(move || t(lang.get(), T::OperatorRevokeTitle).to_string())
            text=Signal::derive(move || {
                let who = revoke_choice.get_value().map(|o| o.name).unwrap_or_default();
                format!("{who}: {}", t(lang.get(), T::OperatorRevokeText))
            })
            confirm_label=Signal::derive(move || t(lang.get(), T::OperatorRevoke).to_string())
            cancel_label=Signal::derive(move || t(lang.get(), T::Cancel).to_string())
            on_confirm=revoke
        />
    }
}
