//! Two groups of a recovery key, chosen at random, typed back: proof it was copied, not
//! skimmed. Used by the set-up and by *Nuova chiave di recupero*.

use crate::i18n::{t, T};
use leptos::prelude::*;
use sportello_core::passphrase::{recovery_group_matches, whole_recovery_groups};
use sportello_core::Lang;

/// Which two groups are asked, what was typed, and each field's error.
#[derive(Clone, Copy)]
pub(crate) struct GroupCheck {
    asked: RwSignal<(usize, usize)>,
    typed: [RwSignal<String>; 2],
    errors: [RwSignal<Option<String>>; 2],
}

impl GroupCheck {
    pub(crate) fn new() -> GroupCheck {
        GroupCheck {
            asked: RwSignal::new((1, 2)),
            typed: [RwSignal::new(String::new()), RwSignal::new(String::new())],
            errors: [RwSignal::new(None), RwSignal::new(None)],
        }
    }

    /// Chooses the two groups of `key` to ask, the fields empty.
    pub(crate) fn ask(&self, key: &str) {
        self.asked.set(two_groups(whole_recovery_groups(key)));
        for i in 0..2 {
            self.typed[i].set(String::new());
            self.errors[i].set(None);
        }
    }

    /// Whether both groups typed match `key`; each field shows its own error.
    pub(crate) fn check(&self, key: &str, lang: Lang) -> bool {
        let (a, b) = self.asked.get_untracked();
        let mut both = true;
        for (i, n) in [a, b].into_iter().enumerate() {
            let result = recovery_group_matches(key, n, &self.typed[i].get_untracked());
            both &= result.is_ok();
            self.errors[i].set(result.err().map(|m| m.text(lang)));
        }
        both
    }

    /// The confirmation was refused after the check: said under the last field.
    pub(crate) fn refused(&self, sentence: String) {
        self.errors[1].set(Some(sentence));
    }
}

/// Two different groups among the `whole` ones, in order, chosen at random.
fn two_groups(whole: usize) -> (usize, usize) {
    let whole = whole.max(2);
    let pick = |n: usize| ((js_sys::Math::random() * n as f64) as usize).min(n - 1);
    let a = 1 + pick(whole);
    let mut b = 1 + pick(whole - 1);
    if b >= a {
        b += 1;
    }
    (a.min(b), a.max(b))
}

/// The two fields, with the ids given (the first is focused).
#[component]
pub(crate) fn GroupFields(check: GroupCheck, ids: (&'static str, &'static str)) -> impl IntoView {
    view! {
        <GroupField id=ids.0 n=Signal::derive(move || check.asked.get().0) value=check.typed[0] error=check.errors[0] autofocus=true />
        <GroupField id=ids.1 n=Signal::derive(move || check.asked.get().1) value=check.typed[1] error=check.errors[1] autofocus=false />
    }
}

/// One group of the key to type back: its number is in the label (and in `data-group`).
#[component]
fn GroupField(
    id: &'static str,
    n: Signal<usize>,
    value: RwSignal<String>,
    error: RwSignal<Option<String>>,
    autofocus: bool,
) -> impl IntoView {
    let lang = crate::widgets::use_lang();
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=id>{move || format!("{} {} {}", t(lang.get(), T::RecoveryRetype), n.get(), t(lang.get(), T::RecoveryGroupOf))}</label>
            <input id=id name=id type="text" autocomplete="off" spellcheck="false" maxlength="12"
                autofocus=autofocus data-group=move || n.get().to_string()
                aria-describedby=error_id.clone()
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev)) />
            <span class="error" id=error_id role="alert">{move || error.get()}</span>
        </div>
    }
}
