//! *Documenti* on a person's page: the documents of her record (hers, her colloqui's, her
//! referrals'), each with its kind, date and expiry; attach one (chosen in the dialog or
//! dropped on the window), view it inside the app (a PDF's pages as images made in memory),
//! export it, delete it. For an identity document the form first asks whether a copy is
//! needed at all.

use crate::api::{call, sleep_ms, NoArgs};
use crate::controls::{focus_soon, is_tab, keep_focus_within, ConfirmDialog};
use crate::i18n::{t, T};
use crate::widgets::{choice, field_error, today, tr, use_lang, Field, Select, TextArea};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};
use sportello_core::format;
use sportello_core::ipc::CommandError;
use sportello_core::model::{AttachedTo, Attachment, AttachmentForm, ExpiryState};
use sportello_core::{AttachmentId, DocumentKind, FormErrors, Lang, PersonId};

#[derive(Debug, Clone, Deserialize)]
struct Chosen {
    file_name: String,
    size: u64,
}

#[derive(Debug, Clone, Deserialize)]
struct Page {
    file_name: String,
    page: usize,
    pages: usize,
    data_url: String,
}

#[derive(Serialize)]
struct PersonArgs {
    person: PersonId,
}

#[derive(Serialize)]
struct IdArgs {
    id: AttachmentId,
}

#[derive(Serialize)]
struct PageArgs {
    id: AttachmentId,
    page: usize,
}

#[derive(Serialize)]
struct AttachArgs {
    to: AttachedTo,
    form: AttachmentForm,
}

fn size_text(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0)).replace('.', ",")
    } else {
        format!("{} kB", bytes.div_ceil(1024))
    }
}

fn expiry_text(d: &Attachment, l: Lang) -> String {
    match (d.data.expiry, d.expiry_state(today())) {
        (None, _) => String::new(),
        (Some(x), ExpiryState::Expired) => format!("{} {}", t(l, T::DocExpired), format::date(x)),
        (Some(x), ExpiryState::Expiring) => {
            format!("{} {}", t(l, T::DocExpiring), format::date(x))
        }
        (Some(x), ExpiryState::Valid) => format::date(x),
    }
}

/// What a document can be attached to on this page: the person, one of her colloqui or
/// referrals (with the label the form's list shows).
pub type AttachTargets = Vec<(AttachedTo, String)>;

/// The card of a person's documents, with the form to attach one and the viewer. `targets`:
/// her colloqui and referrals, which a document may belong to instead of her record.
#[component]
pub fn DocumentsCard(person: PersonId, targets: AttachTargets) -> impl IntoView {
    let lang = use_lang();
    let list = RwSignal::new(Vec::<Attachment>::new());
    let error = RwSignal::new(None::<String>);
    let notice = RwSignal::new(None::<String>);
    let load = move || {
        spawn_local(async move {
            match call::<Vec<Attachment>>("person_documents", &PersonArgs { person }).await {
                Ok(l) => {
                    let _ = list.try_set(l);
                }
                Err(e) => {
                    let _ = error.try_set(Some(e.sentence(lang.get_untracked())));
                }
            }
        });
    };
    load();

    // The form.
    let adding = RwSignal::new(false);
    let chosen = RwSignal::new(None::<Chosen>);
    let kind = RwSignal::new(String::new());
    let date = RwSignal::new(format::date(today()));
    let expiry = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let copy_needed = RwSignal::new(false);
    // "" for the person; else the index in `targets`.
    let about = RwSignal::new(String::new());
    let targets = StoredValue::new(targets);
    let about_label = move |to: AttachedTo, l: Lang| -> String {
        match to {
            AttachedTo::Person(_) => t(l, T::DocAboutPerson).to_string(),
            other => targets.with_value(|list| {
                list.iter()
                    .find(|(x, _)| *x == other)
                    .map(|(_, label)| label.clone())
                    .unwrap_or_default()
            }),
        }
    };
    let errors = RwSignal::new(FormErrors::default());
    let busy = RwSignal::new(false);
    let identifies =
        move || DocumentKind::from_code(&kind.get()).is_some_and(DocumentKind::identifies);
    let show_error = move |e: CommandError| {
        let l = lang.get_untracked();
        let _ = errors.try_set(e.fields.clone());
        let _ = error.try_set(Some(e.sentence(l)));
    };
    // A file dropped on the window while the form is open shows up here. Each opening of the
    // form has its own number: a loop of an earlier opening stops.
    let opening = RwSignal::new(0u32);
    Effect::new(move |_| {
        if !adding.get() {
            return;
        }
        let mine = opening.get_untracked();
        spawn_local(async move {
            while adding.try_get_untracked() == Some(true)
                && opening.try_get_untracked() == Some(mine)
            {
                match call::<Option<Chosen>>("document_file", &NoArgs {}).await {
                    Ok(found) => {
                        let same = chosen.try_with_untracked(|c| {
                            c.as_ref().map(|c| (c.file_name.clone(), c.size))
                                == found.as_ref().map(|f| (f.file_name.clone(), f.size))
                        });
                        if same == Some(false) {
                            let _ = chosen.try_set(found);
                            let _ = errors.try_update(|e| *e = FormErrors::default());
                        }
                    }
                    Err(e) => show_error(e),
                }
                sleep_ms(600).await;
            }
        });
    });
    let open_form = move |_| {
        opening.update(|n| *n = n.wrapping_add(1));
        spawn_local(async move {
            let _ = call::<()>("open_document_form", &NoArgs {}).await;
        });
        kind.set(String::new());
        date.set(format::date(today()));
        expiry.set(String::new());
        note.set(String::new());
        copy_needed.set(false);
        about.set(String::new());
        errors.set(FormErrors::default());
        error.set(None);
        chosen.set(None);
        adding.set(true);
        focus_soon("#choose-document");
    };
    let close_form = move || {
        adding.set(false);
        chosen.set(None);
        spawn_local(async move {
            let _ = call::<()>("forget_document_file", &NoArgs {}).await;
        });
        focus_soon("#add-document");
    };
    // Leaving the page lets go of a file chosen and not attached.
    on_cleanup(move || {
        spawn_local(async move {
            let _ = call::<()>("forget_document_file", &NoArgs {}).await;
        });
    });
    let choose = move |_| {
        spawn_local(async move {
            match call::<Option<Chosen>>("choose_document_file", &NoArgs {}).await {
                Ok(Some(c)) => {
                    let _ = chosen.try_set(Some(c));
                    let _ = errors.try_set(FormErrors::default());
                    let _ = error.try_set(None);
                    focus_soon("#document-kind");
                }
                Ok(None) => {}
                Err(e) => show_error(e),
            }
        });
    };
    let attach = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let to = about
            .get_untracked()
            .parse::<usize>()
            .ok()
            .and_then(|i| targets.with_value(|list| list.get(i).map(|(to, _)| *to)))
            .unwrap_or(AttachedTo::Person(person));
        let args = AttachArgs {
            to,
            form: AttachmentForm {
                kind: kind.get_untracked(),
                date: date.get_untracked(),
                expiry: expiry.get_untracked(),
                note: note.get_untracked(),
            },
        };
        busy.set(true);
        spawn_local(async move {
            let result = call::<AttachmentId>("attach_document", &args).await;
            let _ = busy.try_set(false);
            match result {
                Ok(_) => {
                    let l = lang.get_untracked();
                    let name = chosen
                        .try_get_untracked()
                        .flatten()
                        .map(|c| c.file_name)
                        .unwrap_or_default();
                    let _ = notice.try_set(Some(format!("{} {name}", t(l, T::DocAttached))));
                    let _ = error.try_set(None);
                    let _ = adding.try_set(false);
                    let _ = chosen.try_set(None);
                    load();
                    focus_soon("#add-document");
                }
                Err(e) => show_error(e),
            }
        });
    };

    // The viewer.
    let viewing = RwSignal::new(None::<(AttachmentId, Page)>);
    let show_page = move |id: AttachmentId, page: usize| {
        spawn_local(async move {
            match call::<Page>("view_document", &PageArgs { id, page }).await {
                Ok(p) => {
                    let _ = viewing.try_set(Some((id, p)));
                    focus_soon("#document-close");
                }
                Err(e) => show_error(e),
            }
        });
    };
    let close_viewer = move || {
        viewing.set(None);
        focus_soon("#documents-list");
    };
    let viewer_keys = move |ev: leptos::ev::KeyboardEvent| {
        let Some((id, p)) = viewing.get_untracked() else {
            return;
        };
        match ev.key().as_str() {
            "Escape" => {
                ev.prevent_default();
                close_viewer();
            }
            "PageDown" if p.page + 1 < p.pages => {
                ev.prevent_default();
                show_page(id, p.page + 1);
            }
            "PageUp" if p.page > 0 => {
                ev.prevent_default();
                show_page(id, p.page - 1);
            }
            _ if is_tab(&ev) => keep_focus_within(&ev, "#document-viewer"),
            _ => {}
        }
    };

    // Export and delete.
    let export = move |id: AttachmentId| {
        spawn_local(async move {
            let l = lang.get_untracked();
            match call::<Option<String>>("export_document", &IdArgs { id }).await {
                Ok(Some(path)) => {
                    let _ = notice.try_set(Some(format!("{} {path}", t(l, T::DocExported))));
                }
                Ok(None) => {}
                Err(e) => show_error(e),
            }
        });
    };
    let deleting = RwSignal::new(None::<Attachment>);
    let delete_open = RwSignal::new(false);
    let delete = Callback::new(move |()| {
        let Some(d) = deleting.get_untracked() else {
            return;
        };
        delete_open.set(false);
        spawn_local(async move {
            let l = lang.get_untracked();
            match call::<()>("delete_document", &IdArgs { id: d.id }).await {
                Ok(()) => {
                    let _ =
                        notice.try_set(Some(format!("{} {}", t(l, T::DocDeleted), d.file_name)));
                    load();
                    focus_soon("#add-document");
                }
                Err(e) => show_error(e),
            }
        });
    });

    let rows = move || {
        let l = lang.get();
        list.get()
            .into_iter()
            .map(|d| {
                let (view_id, export_id) = (d.id, d.id);
                let for_delete = d.clone();
                let state = d.expiry_state(today());
                let label = format!("{} {}", d.data.kind.label(l), d.file_name);
                view! {
                    <tr class="document" class:expired=state == ExpiryState::Expired class:expiring=state == ExpiryState::Expiring>
                        <td class="date">{format::date(d.data.date)}</td>
                        <td>{d.data.kind.label(l)}<br/><span class="muted about">{about_label(d.attached_to, l)}</span>
                            {(!d.data.note.is_empty()).then(|| view! { <br/><span class="muted">{d.data.note.clone()}</span> })}</td>
                        <td class="expiry">{expiry_text(&d, l)}</td>
                        <td>{d.file_name.clone()}<br/><span class="muted">{size_text(d.size)}{(!d.operator.is_empty()).then(|| format!(" · {} {}", t(l, T::RecordedBy), d.operator))}</span></td>
                        <td class="row-actions">
                            <button type="button" class="link view-document" aria-label=format!("{} {label}", t(l, T::DocView))
                                on:click=move |_| show_page(view_id, 0)>{t(l, T::DocView)}</button>
                            <button type="button" class="link export-document" aria-label=format!("{} {label}", t(l, T::DocExport))
                                on:click=move |_| export(export_id)>{t(l, T::DocExport)}</button>
                            <button type="button" class="link delete-document" aria-label=format!("{} {label}", t(l, T::Delete))
                                on:click=move |_| { deleting.set(Some(for_delete.clone())); delete_open.set(true); }>{t(l, T::Delete)}</button>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };

    view! {
        <article class="card" id="documents-card" aria-labelledby="h-documents">
            <div class="page-head">
                <h2 id="h-documents">{tr(T::Documents)}</h2>
                <div class="head-actions">
                    <button type="button" id="add-document" on:click=open_form>{tr(T::DocAdd)}</button>
                </div>
            </div>
            <p class="notice" role="status" aria-live="polite" id="documents-result">{move || notice.get()}</p>
            {move || error.get().map(|e| view! { <p class="error-line" role="alert" id="documents-error">{e}</p> })}
            <Show when=move || adding.get()>
                <form class="subform" id="document-form" on:submit=attach aria-busy=move || busy.get().to_string()>
                    <h3>{tr(T::DocAdd)}</h3>
                    <div class="field" class:has-error=move || field_error(errors, "file").get().is_some()>
                        <button type="button" id="choose-document" on:click=choose
                            aria-describedby="document-file-help document-file-error">{tr(T::DocChoose)}</button>
                        <p class="muted" id="document-file-help">{move || match chosen.get() {
                            Some(c) => format!("{} ({})", c.file_name, size_text(c.size)),
                            None => t(lang.get(), T::DocChooseHelp).to_string(),
                        }}</p>
                        <span class="error" id="document-file-error" role="alert">{move || field_error(errors, "file").get()}</span>
                    </div>
                    <div class="grid">
                        <Select id="document-kind" label=T::DocKind value=kind options=choice::document_kind error=field_error(errors, "kind") />
                        <Field id="document-date" label=T::DocDate value=date error=field_error(errors, "date") />
                        <Field id="document-expiry" label=T::DocExpiry value=expiry help=T::DocExpiryHelp error=field_error(errors, "expiry") />
                    </div>
                    <div class="field">
                        <label for="document-about">{tr(T::DocAbout)}</label>
                        <select id="document-about" on:change=move |ev| about.set(event_target_value(&ev))>
                            <option value="" selected=move || about.get().is_empty()>{move || t(lang.get(), T::DocAboutPerson)}</option>
                            {move || targets.with_value(|list| list.iter().enumerate().map(|(i, (_, label))| {
                                let value = i.to_string();
                                let chosen = value.clone();
                                view! { <option value=value selected=move || about.get() == chosen>{label.clone()}</option> }
                            }).collect_view())}
                        </select>
                    </div>
                    <TextArea id="document-note" label=T::Note value=note error=field_error(errors, "note") />
                    <Show when=identifies>
                        <div class="minimise" role="note">
                            <p>{tr(T::DocIdentityQuestion)}</p>
                            <div class="field checkbox">
                                <input type="checkbox" id="document-needed" prop:checked=move || copy_needed.get()
                                    on:change=move |ev| copy_needed.set(event_target_checked(&ev)) />
                                <label for="document-needed">{tr(T::DocIdentityNeeded)}</label>
                            </div>
                        </div>
                    </Show>
                    <div class="actions">
                        <button type="button" id="cancel-document" on:click=move |_| close_form()>{tr(T::Cancel)}</button>
                        <button type="submit" class="primary" id="attach-document"
                            disabled=move || busy.get() || chosen.get().is_none() || (identifies() && !copy_needed.get())>{tr(T::DocAttach)}</button>
                    </div>
                </form>
            </Show>
            <Show when=move || !list.get().is_empty() fallback=move || view! { <p class="muted" id="no-documents">{tr(T::DocNone)}</p> }>
                <div class="table-wrap"><table id="documents-list" tabindex="-1">
                    <thead><tr>
                        <th scope="col">{tr(T::DocDate)}</th><th scope="col">{tr(T::DocKind)}</th>
                        <th scope="col">{tr(T::DocExpiry)}</th><th scope="col">{tr(T::DocFile)}</th>
                        <th scope="col"><span class="visually-hidden">{tr(T::Actions)}</span></th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table></div>
            </Show>
            <p class="muted">{tr(T::DocExportWarning)}</p>
        </article>
        <Show when=move || viewing.get().is_some()>
            <div class="backdrop">
                <div id="document-viewer" class="dialog card viewer" role="dialog" aria-modal="true" tabindex="-1"
                    aria-labelledby="document-title" on:keydown=viewer_keys>
                    {move || viewing.get().map(|(id, p)| {
                        let l = lang.get();
                        let (prev, next) = (p.page.checked_sub(1), (p.page + 1 < p.pages).then_some(p.page + 1));
                        view! {
                            <div class="page-head">
                                <h2 id="document-title">{p.file_name.clone()}</h2>
                                <div class="head-actions">
                                    <button type="button" id="document-prev" disabled=prev.is_none()
                                        on:click=move |_| if let Some(n) = prev { show_page(id, n) }>{t(l, T::DocPrevPage)}</button>
                                    <span id="document-page">{format!("{} {} / {}", t(l, T::DocPage), p.page + 1, p.pages)}</span>
                                    <button type="button" id="document-next" disabled=next.is_none()
                                        on:click=move |_| if let Some(n) = next { show_page(id, n) }>{t(l, T::DocNextPage)}</button>
                                    <button type="button" id="document-close" class="primary" on:click=move |_| close_viewer()>{t(l, T::Close)}</button>
                                </div>
                            </div>
                            <img id="document-image" src=p.data_url.clone()
                                alt=format!("{} {} / {}: {}", t(l, T::DocPage), p.page + 1, p.pages, p.file_name) />
                        }
                    })}
                </div>
            </div>
        </Show>
        <ConfirmDialog
            open=delete_open
            title=Signal::derive(move || t(lang.get(), T::DocDeleteTitle).to_string())
            text=Signal::derive(move || {
                let name = deleting.get().map(|d| d.file_name).unwrap_or_default();
                format!("{name}: {}", t(lang.get(), T::DocDeleteText))
            })
            confirm_label=Signal::derive(move || t(lang.get(), T::Delete).to_string())
            cancel_label=Signal::derive(move || t(lang.get(), T::Cancel).to_string())
            on_confirm=delete
        />
    }
}
