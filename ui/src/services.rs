//! The territory's services (*Servizi*): the catalogue searched as she types, a service's
//! scheda edited and printed for the citizen, archived or brought back, and the starter file
//! reloaded without touching her edits. A service not checked for a year is flagged.

use crate::api::{call, NoArgs};
use crate::controls::focus_soon;
use crate::i18n::{t, T};
use crate::widgets::{choice, field_error, tr, use_lang, Field, Notice, Select, TextArea};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};
use sportello_core::ipc::{
    ArchiveServiceRequest, CatalogueView, SaveServiceRequest, ServiceRequest,
};
use sportello_core::model::{needs_check, Service, ServiceForm};
use sportello_core::search::fold;
use sportello_core::{format, FormErrors, Lang, ServiceId};

#[derive(Serialize)]
struct SaveArgs {
    request: SaveServiceRequest,
}

#[derive(Serialize)]
struct ArchiveArgs {
    request: ArchiveServiceRequest,
}

#[derive(Serialize)]
pub(crate) struct ServiceArgs {
    pub request: ServiceRequest,
}

#[derive(Deserialize)]
struct ReloadOutcome {
    added: u32,
    updated: u32,
    kept: u32,
}

/// The scheda's fields as signals.
#[derive(Clone, Copy)]
struct Fields {
    name: RwSignal<String>,
    provider: RwSignal<String>,
    area: RwSignal<String>,
    sector: RwSignal<String>,
    national_code: RwSignal<String>,
    description: RwSignal<String>,
    target: RwSignal<String>,
    access: RwSignal<String>,
    documents: RwSignal<String>,
    costs: RwSignal<String>,
    contacts: RwSignal<String>,
    address: RwSignal<String>,
    checked_on: RwSignal<String>,
}

impl Fields {
    fn new() -> Fields {
        let s = || RwSignal::new(String::new());
        Fields {
            name: s(),
            provider: s(),
            area: s(),
            sector: s(),
            national_code: s(),
            description: s(),
            target: s(),
            access: s(),
            documents: s(),
            costs: s(),
            contacts: s(),
            address: s(),
            checked_on: s(),
        }
    }

    fn load(&self, f: ServiceForm) {
        self.name.set(f.name);
        self.provider.set(f.provider);
        self.area.set(f.area);
        self.sector.set(f.sector);
        self.national_code.set(f.national_code);
        self.description.set(f.description);
        self.target.set(f.target);
        self.access.set(f.access);
        self.documents.set(f.documents);
        self.costs.set(f.costs);
        self.contacts.set(f.contacts);
        self.address.set(f.address);
        self.checked_on.set(f.checked_on);
    }

    fn form(&self) -> ServiceForm {
        ServiceForm {
            name: self.name.get_untracked(),
            provider: self.provider.get_untracked(),
            area: self.area.get_untracked(),
            sector: self.sector.get_untracked(),
            national_code: self.national_code.get_untracked(),
            description: self.description.get_untracked(),
            target: self.target.get_untracked(),
            access: self.access.get_untracked(),
            documents: self.documents.get_untracked(),
            costs: self.costs.get_untracked(),
            contacts: self.contacts.get_untracked(),
            address: self.address.get_untracked(),
            checked_on: self.checked_on.get_untracked(),
        }
    }
}

fn matches(s: &Service, query: &str, l: Lang) -> bool {
    let q = fold(query);
    if q.is_empty() {
        return true;
    }
    let area = s.fields.area.map(|a| a.label(l)).unwrap_or_default();
    [
        s.fields.name.as_str(),
        &s.fields.provider,
        area,
        &s.fields.description,
    ]
    .iter()
    .any(|text| fold(text).contains(&q))
}

/// Saves a paper the shell makes from one record (`command` takes its `id`) as a PDF; the
/// notice says where it went.
pub(crate) fn save_paper<I: Serialize + 'static>(
    command: &'static str,
    id: I,
    notice: RwSignal<Option<String>>,
    l: Lang,
) {
    #[derive(Serialize)]
    struct IdArgs<I> {
        id: I,
    }
    spawn_local(async move {
        match call::<Option<String>>(command, &IdArgs { id }).await {
            Ok(Some(path)) => notice.set(Some(format!("{} {path}", t(l, T::PaperSaved)))),
            Ok(None) => {}
            Err(e) => notice.set(Some(e.message)),
        }
    });
}

/// The warning a paper with personal data asks for before it is written (DESIGN §3): the PDF
/// is not encrypted. `ask` opens it with what to do once she confirms.
#[derive(Clone, Copy)]
pub(crate) struct PersonalPaper {
    open: RwSignal<bool>,
    then: StoredValue<Option<Callback<()>>>,
}

impl PersonalPaper {
    pub(crate) fn new() -> PersonalPaper {
        PersonalPaper {
            open: RwSignal::new(false),
            then: StoredValue::new(None),
        }
    }

    pub(crate) fn ask(&self, save: impl Fn() + Send + Sync + 'static) {
        self.then.set_value(Some(Callback::new(move |()| save())));
        self.open.set(true);
    }
}

/// The dialog of a [`PersonalPaper`]: the safe choice first, the save on confirm.
#[component]
pub(crate) fn PersonalPaperDialog(paper: PersonalPaper) -> impl IntoView {
    let lang = use_lang();
    view! {
        <crate::controls::ConfirmDialog open=paper.open
            title=Signal::derive(move || t(lang.get(), T::PersonalPaperTitle).to_string())
            text=Signal::derive(move || t(lang.get(), T::PersonalPaperWarning).to_string())
            confirm_label=Signal::derive(move || t(lang.get(), T::PersonalPaperSave).to_string())
            cancel_label=Signal::derive(move || t(lang.get(), T::Cancel).to_string())
            on_cancel=Callback::new(move |()| paper.open.set(false))
            on_confirm=Callback::new(move |()| {
                paper.open.set(false);
                if let Some(save) = paper.then.get_value() {
                    save.run(());
                }
            }) />
    }
}

/// Saves the scheda of `id` as a PDF (the folder is chosen in the save dialog).
pub(crate) fn save_scheda(id: ServiceId, notice: RwSignal<Option<String>>, l: Lang) {
    spawn_local(async move {
        let args = ServiceArgs {
            request: ServiceRequest { id },
        };
        match call::<Option<String>>("save_scheda_pdf", &args).await {
            Ok(Some(path)) => notice.set(Some(format!("{} {path}", t(l, T::SchedaSaved)))),
            Ok(None) => {}
            Err(e) => notice.set(Some(e.message)),
        }
    });
}

/// The focus goes to the first field a refusal names.
fn focus_first_error(errors: &FormErrors) {
    let Some(first) = errors.0.first() else {
        return;
    };
    let id = match first.field.as_str() {
        "national_code" => "#service-code",
        "checked_on" => "#service-checked",
        "name" => "#service-name",
        "provider" => "#service-provider",
        "area" => "#service-area",
        "sector" => "#service-sector",
        "description" => "#service-description",
        "target" => "#service-target",
        "access" => "#service-access",
        "documents" => "#service-documents",
        "costs" => "#service-costs",
        "contacts" => "#service-contacts",
        "address" => "#service-address",
        _ => return,
    };
    focus_soon(id);
}

#[component]
pub fn ServicesPage() -> impl IntoView {
    let lang = use_lang();
    let view_data = RwSignal::new(None::<CatalogueView>);
    let query = RwSignal::new(String::new());
    let show_archived = RwSignal::new(false);
    let notice = RwSignal::new(None::<String>);
    // A refusal's summary, apart from the confirmations: red, announced at once.
    let error = RwSignal::new(None::<String>);
    let fail = move |message: String| {
        notice.set(None);
        error.set(Some(message));
    };
    Effect::new(move |_| {
        if notice.with(Option::is_some) {
            error.set(None);
        }
    });
    // The service open in the form: None = none, Some(None) = a new one.
    let editing = RwSignal::new(None::<Option<ServiceId>>);
    let f = Fields::new();
    let errors = RwSignal::new(FormErrors::default());
    let reload = move || {
        spawn_local(async move {
            match call::<CatalogueView>("catalogue", &NoArgs {}).await {
                Ok(v) => view_data.set(Some(v)),
                Err(e) => fail(e.message),
            }
        });
    };
    reload();
    crate::controls::focus_on_arrival("#service-search");

    let open = move |service: Option<Service>| {
        errors.set(FormErrors::default());
        match service {
            Some(s) => {
                f.load(ServiceForm::from_fields(&s.fields));
                editing.set(Some(Some(s.id)));
            }
            None => {
                f.load(ServiceForm::default());
                editing.set(Some(None));
            }
        }
        focus_soon("#service-name");
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(id) = editing.get_untracked() else {
            return;
        };
        let l = lang.get_untracked();
        let form = f.form();
        if let Err(e) = form.parse(crate::widgets::today()) {
            focus_first_error(&e);
            errors.set(e);
            fail(t(l, T::FormHasErrors).to_string());
            return;
        }
        spawn_local(async move {
            let args = SaveArgs {
                request: SaveServiceRequest { id, form },
            };
            match call::<ServiceId>("save_service", &args).await {
                Ok(saved) => {
                    errors.set(FormErrors::default());
                    editing.set(Some(Some(saved)));
                    notice.set(Some(t(l, T::ServiceSaved).to_string()));
                    reload();
                }
                Err(e) => {
                    focus_first_error(&e.fields);
                    errors.set(e.fields);
                    fail(e.message);
                }
            }
        });
    };
    let set_archived = move |id: ServiceId, archived: bool| {
        let l = lang.get_untracked();
        spawn_local(async move {
            let args = ArchiveArgs {
                request: ArchiveServiceRequest { id, archived },
            };
            match call::<()>("set_service_archived", &args).await {
                Ok(()) => {
                    notice.set(Some(
                        t(
                            l,
                            if archived {
                                T::ServiceArchived
                            } else {
                                T::ServiceRestored
                            },
                        )
                        .to_string(),
                    ));
                    editing.set(None);
                    reload();
                }
                Err(e) => fail(e.message),
            }
        });
    };
    let reload_starter = move |_| {
        let l = lang.get_untracked();
        spawn_local(async move {
            match call::<ReloadOutcome>("reload_starter_catalogue", &NoArgs {}).await {
                Ok(o) => {
                    notice.set(Some(match l {
                        Lang::It => format!(
                            "Catalogo iniziale ricaricato: {} aggiunti, {} aggiornati, {} modificati da lei lasciati come sono.",
                            o.added, o.updated, o.kept
                        ),
                        Lang::En => format!(
                            "Starter catalogue reloaded: {} added, {} updated, {} edited by you left as they are.",
                            o.added, o.updated, o.kept
                        ),
                    }));
                    reload();
                }
                Err(e) => fail(e.message),
            }
        });
    };
    let err = move |field| field_error(errors, field);
    let checked_today = move |_| f.checked_on.set(format::date(crate::widgets::today()));

    let list = move || {
        let l = lang.get();
        let Some(v) = view_data.get() else {
            return view! { <p class="muted">{t(l, T::Loading)}</p> }.into_any();
        };
        let q = query.get();
        let archived = show_archived.get();
        let rows: Vec<Service> = v
            .services
            .iter()
            .filter(|s| archived || !s.archived)
            .filter(|s| matches(s, &q, l))
            .cloned()
            .collect();
        if rows.is_empty() {
            return view! { <p class="muted" id="services-none">{t(l, T::NoServiceFound)}</p> }
                .into_any();
        }
        let today = v.today;
        view! {
            <div class="table-wrap"><table class="list" id="services-table">
                <caption class="visually-hidden">{t(l, T::NavServices)}</caption>
                <thead><tr>
                    <th scope="col">{t(l, T::ServiceName)}</th>
                    <th scope="col">{t(l, T::Area)}</th>
                    <th scope="col">{t(l, T::ServiceProvider)}</th>
                    <th scope="col">{t(l, T::ServiceChecked)}</th>
                </tr></thead>
                <tbody>
                {rows.into_iter().map(|s| {
                    let flagged = needs_check(s.fields.checked_on, today);
                    let checked = s.fields.checked_on.map(format::date).unwrap_or_else(|| t(l, T::Never).to_string());
                    let name = s.fields.name.clone();
                    let archived = s.archived;
                    let area = s.fields.area.map(|a| a.label(l)).unwrap_or("—");
                    let provider = s.fields.provider.clone();
                    let open_this = s.clone();
                    view! {
                        <tr class:archived=archived>
                            <td><button type="button" class="link service-open"
                                on:click=move |_| open(Some(open_this.clone()))>{name}</button>
                                {archived.then(|| view! { <span class="badge">{t(l, T::Archived)}</span> })}</td>
                            <td>{area}</td>
                            <td>{provider}</td>
                            <td class:warn=flagged>{checked}
                                {flagged.then(|| view! { <span class="badge warn">{t(l, T::NeedsCheck)}</span> })}</td>
                        </tr>
                    }
                }).collect_view()}
                </tbody>
            </table></div>
        }
        .into_any()
    };

    let form_view = move || {
        let l = lang.get();
        let id = editing.get()?;
        let archived = id.and_then(|id| {
            view_data.with_untracked(|v| {
                v.as_ref()
                    .and_then(|v| v.services.iter().find(|s| s.id == id).map(|s| s.archived))
            })
        });
        Some(view! {
            <form class="card wide" id="service-form" on:submit=save novalidate=true
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    if ev.key() == "Escape" { ev.prevent_default(); editing.set(None); focus_soon("#service-search"); }
                }>
                <h2>{if id.is_some() { t(l, T::EditService) } else { t(l, T::NewService) }}</h2>
                <div class="grid">
                    <Field id="service-name" label=T::ServiceName value=f.name error=err("name") />
                    <Field id="service-provider" label=T::ServiceProvider value=f.provider error=err("provider") />
                    <Select id="service-area" label=T::Area value=f.area options=choice::area error=err("area") />
                    <Select id="service-sector" label=T::ServiceSector value=f.sector options=choice::sector error=err("sector") />
                    <Field id="service-code" label=T::ServiceNationalCode value=f.national_code help=T::ServiceNationalCodeHelp error=err("national_code") />
                    <Field id="service-address" label=T::Address value=f.address error=err("address") />
                </div>
                <TextArea id="service-description" label=T::ServiceDescription value=f.description error=err("description") />
                <TextArea id="service-target" label=T::ServiceTarget value=f.target error=err("target") />
                <TextArea id="service-access" label=T::ServiceAccess value=f.access error=err("access") />
                <TextArea id="service-documents" label=T::ServiceDocuments value=f.documents error=err("documents") />
                <TextArea id="service-costs" label=T::ServiceCosts value=f.costs error=err("costs") />
                <TextArea id="service-contacts" label=T::ServiceContacts value=f.contacts error=err("contacts") />
                <div class="grid">
                    <Field id="service-checked" label=T::ServiceChecked value=f.checked_on help=T::DateHelp error=err("checked_on") />
                    <div class="field"><span class="label-spacer"></span>
                        <button type="button" id="service-checked-today" on:click=checked_today>{t(l, T::CheckedToday)}</button></div>
                </div>
                <div class="actions">
                    <button type="submit" class="primary" id="service-save">{t(l, T::Save)}</button>
                    {id.map(|id| view! {
                        <button type="button" id="service-scheda" on:click=move |_| save_scheda(id, notice, lang.get_untracked())>{t(l, T::PrintScheda)}</button>
                    })}
                    {id.map(|id| {
                        let is_archived = archived.unwrap_or(false);
                        view! {
                            <button type="button" id="service-archive" on:click=move |_| set_archived(id, !is_archived)>
                                {if is_archived { t(l, T::RestoreService) } else { t(l, T::ArchiveService) }}</button>
                        }
                    })}
                    <button type="button" id="service-close" on:click=move |_| editing.set(None)>{t(l, T::Close)}</button>
                </div>
            </form>
        })
    };

    view! {
        <section>
            <h1 tabindex="-1">{tr(T::ServicesTitle)}</h1>
            <p class="muted">{tr(T::ServicesIntro)}</p>
            <Notice text=Signal::derive(move || notice.get()) />
            <p class="form-error" role="alert" id="services-error">{move || error.get()}</p>
            <div class="toolbar">
                <div class="field">
                    <label for="service-search">{tr(T::SearchServices)}</label>
                    <input id="service-search" type="search" autocomplete="off" spellcheck="false"
                        prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev)) />
                </div>
                <label class="checkbox"><input type="checkbox" id="show-archived"
                    prop:checked=move || show_archived.get()
                    on:change=move |ev| show_archived.set(event_target_checked(&ev)) />{tr(T::ShowArchived)}</label>
                <button type="button" id="new-service" on:click=move |_| open(None)>{tr(T::NewService)}</button>
                <button type="button" id="reload-catalogue" on:click=reload_starter>{tr(T::ReloadCatalogue)}</button>
            </div>
            {form_view}
            {list}
        </section>
    }
}
