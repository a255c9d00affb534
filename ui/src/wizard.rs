//! The first-run wizard: data folder, passphrase, contract, recovery key. Every check is a
//! `sportello_core` rule, run here for immediate feedback and again by the shell.

use crate::api::{call, NoArgs};
use crate::groups::{GroupCheck, GroupFields};
use crate::i18n::{t, T};
use crate::session::{set_state, use_status};
use crate::widgets::{field_error, tr, use_lang, Field};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;
use sportello_core::ipc::{ArchiveState, CreateArchiveRequest, CreatedView};
use sportello_core::model::ContractForm;
use sportello_core::passphrase::{assess, check_new, recovery_key_groups};
use sportello_core::{FormErrors, Msg};

#[derive(Serialize)]
struct KitArgs {
    recovery_key: String,
}

#[derive(Serialize)]
struct CreateArgs {
    request: CreateArchiveRequest,
}

/// Characters 17–24 of the key (0-based 16..24): the first eight after `AGE-SECRET-KEY-1`.

#[component]
pub fn Wizard() -> impl IntoView {
    let lang = use_lang();
    let status = use_status();
    let step = RwSignal::new(1u8);
    let errors = RwSignal::new(FormErrors::default());
    let general_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let data_dir = RwSignal::new(
        status
            .get_untracked()
            .map(|s| s.data_dir)
            .unwrap_or_default(),
    );
    let passphrase = RwSignal::new(String::new());
    let confirmation = RwSignal::new(String::new());
    let comune = RwSignal::new(String::new());
    let provider = RwSignal::new(String::new());
    let start = RwSignal::new(String::new());
    let end = RwSignal::new(String::new());
    let year_start = RwSignal::new(String::new());
    let yearly_hours = RwSignal::new("178".to_string());
    let hourly_rate = RwSignal::new("23,00".to_string());
    let vat = RwSignal::new("esente".to_string());
    let cig = RwSignal::new(String::new());
    let award_ref = RwSignal::new(String::new());
    let patron_saint = RwSignal::new(String::new());
    let weekly_cap = RwSignal::new("4".to_string());
    let slots = RwSignal::new("mar 09:00-13:00".to_string());
    let closures = RwSignal::new(String::new());
    let recovery_key = RwSignal::new(None::<String>);
    let kit_status = RwSignal::new(None::<String>);
    let save_kit = move || {
        if let Some(key) = recovery_key.get_untracked() {
            save_kit(key, lang, kit_status);
        }
    };
    // Two groups of the key, chosen at random, typed back: proof it was copied, not skimmed.
    let groups = GroupCheck::new();

    let contract_form = move || ContractForm {
        comune: comune.get_untracked(),
        provider: provider.get_untracked(),
        start: start.get_untracked(),
        end: end.get_untracked(),
        year_start: year_start.get_untracked(),
        yearly_hours: yearly_hours.get_untracked(),
        hourly_rate: hourly_rate.get_untracked(),
        vat: vat.get_untracked(),
        cig: cig.get_untracked(),
        award_ref: award_ref.get_untracked(),
        patron_saint: patron_saint.get_untracked(),
        weekly_cap_hours: weekly_cap.get_untracked(),
        opening_slots: slots.get_untracked(),
        closures: closures.get_untracked(),
    };

    let next_from_folder = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut e = FormErrors::default();
        if data_dir.get_untracked().trim().is_empty() {
            e.add("data_dir", Msg::Required);
        }
        let ok = e.is_empty();
        errors.set(e);
        if ok {
            step.set(2);
        }
    };
    let next_from_passphrase = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut e = FormErrors::default();
        if let Err(msg) = check_new(&passphrase.get_untracked(), &confirmation.get_untracked()) {
            e.add(
                if msg == Msg::PassphraseMismatch {
                    "confirmation"
                } else {
                    "passphrase"
                },
                msg,
            );
        }
        let ok = e.is_empty();
        errors.set(e);
        if ok {
            step.set(3);
        }
    };
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        general_error.set(None);
        if let Err(e) = contract_form().parse() {
            errors.set(e);
            general_error.set(Some(t(lang.get_untracked(), T::FormHasErrors).to_string()));
            return;
        }
        errors.set(FormErrors::default());
        busy.set(true);
        let args = CreateArgs {
            request: CreateArchiveRequest {
                data_dir: data_dir.get_untracked(),
                passphrase: passphrase.get_untracked(),
                confirmation: confirmation.get_untracked(),
                contract: contract_form(),
            },
        };
        spawn_local(async move {
            let result = call::<CreatedView>("create_archive", &args).await;
            drop(args);
            busy.set(false);
            match result {
                Ok(created) => {
                    passphrase.set(String::new());
                    confirmation.set(String::new());
                    groups.ask(&created.recovery_key);
                    recovery_key.set(Some(created.recovery_key));
                    step.set(4);
                }
                Err(e) => {
                    if e.fields.for_field("data_dir").is_some() {
                        step.set(1);
                    } else if e.fields.for_field("passphrase").is_some()
                        || e.fields.for_field("confirmation").is_some()
                    {
                        step.set(2);
                    }
                    errors.set(e.fields);
                    general_error.set(Some(e.message));
                }
            }
        });
    };
    let confirm_recovery = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let key = recovery_key.get_untracked().unwrap_or_default();
        if groups.check(&key, lang.get_untracked()) {
            spawn_local(async move {
                match call::<()>("confirm_recovery_kit", &NoArgs {}).await {
                    Ok(()) => {
                        recovery_key.set(None);
                        set_state(status, ArchiveState::Unlocked);
                    }
                    Err(e) => groups.refused(e.sentence(lang.get_untracked())),
                }
            });
        }
    };

    let strength = move || assess(&passphrase.get());
    let strength_label = move || {
        let key = match strength().score {
            0 => T::Strength0,
            1 => T::Strength1,
            2 => T::Strength2,
            3 => T::Strength3,
            _ => T::Strength4,
        };
        t(lang.get(), key)
    };
    let steps = [
        T::StepFolder,
        T::StepPassphrase,
        T::StepContract,
        T::StepRecovery,
    ];

    view! {
        <main class="centered">
            <div class="card wide">
                <h1>{tr(T::AppName)}<span class="tagline">{tr(T::Tagline)}</span></h1>
                <h2>{tr(T::WizardTitle)}</h2>
                <ol class="steps" aria-label="Passi">
                    {steps.into_iter().enumerate().map(|(i, key)| {
                        let n = i as u8 + 1;
                        view! {
                            <li class:current=move || step.get() == n class:done=move || { step.get() > n }
                                aria-current=move || if step.get() == n { "step" } else { "false" }>{tr(key)}</li>
                        }
                    }).collect_view()}
                </ol>
                <p class="form-error" role="alert">{move || general_error.get()}</p>
                {move || match step.get() {
                    1 => view! {
                        <form id="step-folder" on:submit=next_from_folder>
                            <p>{tr(T::FolderIntro)}</p>
                            <Field id="data_dir" label=T::DataFolder value=data_dir autofocus=true error=field_error(errors, "data_dir") />
                            <div class="actions"><button type="submit" class="primary" id="next">{tr(T::Next)}</button></div>
                        </form>
                    }.into_any(),
                    2 => view! {
                        <form id="step-passphrase" on:submit=next_from_passphrase>
                            <p>{tr(T::PassphraseIntro)}</p>
                            <Field id="passphrase" label=T::Passphrase value=passphrase kind="password" autofocus=true error=field_error(errors, "passphrase") />
                            <div class="strength">
                                <label for="strength">{tr(T::Strength)}": " {strength_label}</label>
                                <meter id="strength" min="0" max="4" low="2" high="3" optimum="4" value=move || strength().score.to_string()></meter>
                            </div>
                            <Field id="confirmation" label=T::PassphraseConfirm value=confirmation kind="password" error=field_error(errors, "confirmation") />
                            <div class="actions">
                                <button type="button" on:click=move |_| { errors.set(FormErrors::default()); step.set(1) }>{tr(T::Back)}</button>
                                <button type="submit" class="primary" id="next">{tr(T::Next)}</button>
                            </div>
                        </form>
                    }.into_any(),
                    3 => view! {
                        <form id="step-contract" on:submit=create>
                            <p>{tr(T::ContractIntro)}</p>
                            <div class="grid">
                                <Field id="comune" label=T::Comune value=comune autofocus=true error=field_error(errors, "comune") />
                                <Field id="provider" label=T::Provider value=provider error=field_error(errors, "provider") />
                                <Field id="start" label=T::ContractStart help=T::DateHelp value=start error=field_error(errors, "start") />
                                <Field id="end" label=T::ContractEnd help=T::DateHelp value=end error=field_error(errors, "end") />
                                <Field id="year_start" label=T::YearStart help=T::DateHelp value=year_start error=field_error(errors, "year_start") />
                                <Field id="yearly_hours" label=T::YearlyHours value=yearly_hours error=field_error(errors, "yearly_hours") />
                                <Field id="hourly_rate" label=T::HourlyRate value=hourly_rate error=field_error(errors, "hourly_rate") />
                                <Field id="weekly_cap_hours" label=T::WeeklyCap value=weekly_cap error=field_error(errors, "weekly_cap_hours") />
                                <Field id="vat" label=T::Vat help=T::VatHelp value=vat error=field_error(errors, "vat") />
                                <Field id="cig" label=T::Cig value=cig error=field_error(errors, "cig") />
                                <Field id="award_ref" label=T::AwardRef help=T::AwardRefHelp value=award_ref error=field_error(errors, "award_ref") />
                                <Field id="patron_saint" label=T::PatronSaint help=T::PatronSaintHelp value=patron_saint error=field_error(errors, "patron_saint") />
                            </div>
                            <div class="field" class:has-error=move || errors.with(|e| e.for_field("opening_slots").is_some())>
                                <label for="opening_slots">{tr(T::OpeningSlots)}</label>
                                <span class="help" id="opening_slots-help">{tr(T::OpeningSlotsHelp)}</span>
                                <textarea id="opening_slots" rows="3" aria-describedby="opening_slots-help opening_slots-error"
                                    prop:value=move || slots.get() on:input=move |ev| slots.set(event_target_value(&ev))></textarea>
                                <span class="error" id="opening_slots-error" role="alert">{move || field_error(errors, "opening_slots").get()}</span>
                            </div>
                            <div class="field" class:has-error=move || errors.with(|e| e.for_field("closures").is_some())>
                                <label for="closures">{tr(T::Closures)}</label>
                                <span class="help" id="closures-help">{tr(T::ClosuresHelp)}</span>
                                <textarea id="closures" rows="2" aria-describedby="closures-help closures-error"
                                    prop:value=move || closures.get() on:input=move |ev| closures.set(event_target_value(&ev))></textarea>
                                <span class="error" id="closures-error" role="alert">{move || field_error(errors, "closures").get()}</span>
                            </div>
                            <div class="actions">
                                <button type="button" on:click=move |_| { errors.set(FormErrors::default()); step.set(2) }>{tr(T::Back)}</button>
                                <button type="submit" class="primary" id="create" disabled=move || busy.get()>
                                    {move || if busy.get() { tr(T::Creating)() } else { tr(T::CreateArchive)() }}
                                </button>
                            </div>
                        </form>
                    }.into_any(),
                    _ => view! {
                        <form id="step-recovery" on:submit=confirm_recovery>
                            <p>{tr(T::RecoveryIntro)}</p>
                            <p class="warning">{tr(T::RecoveryWarning)}</p>
                            <p class="recovery-key" id="recovery-key">{move || recovery_key.get().map(|k| recovery_key_groups(&k).join(" "))}</p>
                            <div class="actions">
                                <button type="button" id="save-kit" on:click=move |_| save_kit()>{tr(T::SaveKit)}</button>
                            </div>
                            <p role="status" id="kit-status">{move || kit_status.get()}</p>
                            <GroupFields check=groups ids=("group-a", "group-b") />
                            <div class="actions"><button type="submit" class="primary" id="confirm-recovery">{tr(T::RecoveryConfirm)}</button></div>
                        </form>
                    }.into_any(),
                }}
            </div>
        </main>
    }
}

/// Saves the recovery kit PDF (the key as text and as a QR code) where she chooses, outside
/// the data folder; `status` says where, or why not.
pub(crate) fn save_kit(
    key: String,
    lang: RwSignal<sportello_core::Lang>,
    status: RwSignal<Option<String>>,
) {
    spawn_local(async move {
        let l = lang.get_untracked();
        match call::<Option<String>>("save_recovery_kit", &KitArgs { recovery_key: key }).await {
            Ok(Some(path)) => {
                status.set(Some(format!("{} {path}", crate::i18n::t(l, T::KitSaved))))
            }
            Ok(None) => {}
            Err(e) => status.set(Some(e.sentence(l))),
        }
    });
}
