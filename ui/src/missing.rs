//! The archive her settings point to is not there (an unplugged disk, a renamed folder), or
//! the settings were damaged: she is told where it was expected, may try again once the disk
//! is back or point to the folder, and gets a new empty archive only if she asks for one.

use crate::api::{call, NoArgs};
use crate::i18n::T;
use crate::session::{reload_status, use_status};
use crate::widgets::tr;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn Missing() -> impl IntoView {
    let status = use_status();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let data_dir = move || status.get().map(|s| s.data_dir).unwrap_or_default();
    let retry = move |_| {
        error.set(None);
        spawn_local(async move { reload_status(status).await });
    };
    let locate = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let found = call::<bool>("locate_archive", &NoArgs {}).await;
            busy.set(false);
            match found {
                Ok(_) => reload_status(status).await,
                Err(e) => error.set(Some(e.message)),
            }
        });
    };
    let new_archive = move |_| {
        spawn_local(async move {
            if call::<()>("start_new_archive", &NoArgs {}).await.is_ok() {
                reload_status(status).await;
            }
        });
    };
    view! {
        <main class="centered">
            <section class="card narrow" id="archive-missing" aria-labelledby="missing-title">
                <h1>{tr(T::AppName)}<span class="tagline">{tr(T::Tagline)}</span></h1>
                <h2 id="missing-title">{tr(T::MissingTitle)}</h2>
                <p>{tr(T::MissingExpectedIn)}</p>
                <p><code id="missing-dir">{data_dir}</code></p>
                <p class="muted">{tr(T::MissingWhy)}</p>
                <p class="form-error" role="alert" id="missing-error">{move || error.get()}</p>
                <div class="actions">
                    <button type="button" id="missing-retry" on:click=retry>{tr(T::MissingRetry)}</button>
                    <button type="button" class="primary" id="missing-locate" disabled=move || busy.get() on:click=locate>{tr(T::MissingLocate)}</button>
                </div>
                <p><button type="button" class="link" id="missing-new" on:click=new_archive>{tr(T::MissingNew)}</button></p>
            </section>
        </main>
    }
}
