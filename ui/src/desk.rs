//! The unlocked desk: header with the lock button, navigation (the route), the dashboard and
//! the settings; the other pages live in their own modules.
//! All personal data live in this component's signals: when the archive locks, the component
//! is unmounted and its signals are dropped with it.

use crate::api::{call, poll_job, NoArgs};
use crate::i18n::{t, T};
use crate::session::{set_state, use_nav, use_status, LangArgs, Nav, Route, Section};
use crate::widgets::{contacts_table, tr, use_lang, Notice};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;
use sportello_core::format;
use sportello_core::ipc::{
    ArchiveState, BackupJobView, ComuneSettings, DashboardView, BACKUP_WARNING_DAYS,
    NEW_CONTACT_SHORTCUT,
};
use sportello_core::ledger::BudgetAlert;
use sportello_core::{Lang, Minutes};

const SECTIONS: [(Section, T, &str); 8] = [
    (Section::Dashboard, T::NavDashboard, "nav-cruscotto"),
    (Section::Persons, T::NavPersons, "nav-persone"),
    (Section::Referrals, T::NavReferrals, "nav-invii"),
    (Section::Agenda, T::NavAgenda, "nav-agenda"),
    (Section::Hours, T::NavHours, "nav-ore"),
    (Section::Services, T::NavServices, "nav-servizi"),
    (Section::Reports, T::NavReports, "nav-report"),
    (Section::Settings, T::NavSettings, "nav-impostazioni"),
];

fn section_route(section: Section) -> Route {
    match section {
        Section::Dashboard => Route::Dashboard,
        Section::Persons => Route::Persons,
        Section::Referrals => Route::Waiting,
        Section::Agenda => Route::Agenda,
        Section::Hours => Route::Hours,
        Section::Services => Route::Services,
        Section::Reports => Route::Reports,
        Section::Settings => Route::Settings,
    }
}

#[component]
pub fn Desk() -> impl IntoView {
    let status = use_status();
    let nav = Nav::new();
    provide_context(nav);
    let comune = RwSignal::new(None::<String>);
    // Each page's heading, said by a screen reader when the page changes: the focus goes to
    // the page's first control (her work starts there), so its heading would not be read.
    let announced = RwSignal::new(String::new());
    Effect::new(move |_| {
        nav.route.track();
        spawn_local(async move {
            // A page that loads first draws its heading a moment later.
            for _ in 0..40 {
                crate::api::sleep_ms(50).await;
                let heading = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.query_selector("#content h1").ok().flatten())
                    .and_then(|h| h.text_content());
                if let Some(text) = heading.filter(|t| !t.trim().is_empty()) {
                    let _ = announced.try_set(text.trim().to_string());
                    return;
                }
            }
        });
    });
    let lock = move |_| {
        spawn_local(async move {
            let _ = call::<()>("lock", &NoArgs {}).await;
            set_state(status, ArchiveState::Locked);
        });
    };
    // Alt+N: a new colloquio, of the person on screen if there is one; Alt+P: a new person;
    // Alt+1…8: the sections, in the order of the navigation bar.
    let shortcut = window_event_listener(leptos::ev::keydown, move |ev| {
        // While a modal is open (a confirmation, the document viewer) its keys are its own:
        // no shortcut reaches the page behind it.
        if crate::controls::modal_open() {
            return;
        }
        // F1, or "?" outside a text field: the shortcuts page.
        let in_a_field = crate::controls::focused_element()
            .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        if !ev.default_prevented()
            && !ev.ctrl_key()
            && !ev.alt_key()
            && (ev.key() == "F1" || (ev.key() == "?" && !in_a_field))
        {
            ev.prevent_default();
            nav.request(Route::Shortcuts);
            return;
        }
        if !ev.alt_key() || ev.ctrl_key() || ev.meta_key() || ev.default_prevented() {
            return;
        }
        let code = ev.code();
        let route = match code.as_str() {
            "KeyN" => Some(Route::NewContact(match nav.route.get_untracked() {
                Route::Person(p) | Route::EditPerson(p) => Some(p),
                _ => None,
            })),
            "KeyP" => Some(Route::NewPerson),
            digit => digit
                .strip_prefix("Digit")
                .and_then(|d| d.parse::<usize>().ok())
                .and_then(|d| SECTIONS.get(d.wrapping_sub(1)))
                .map(|(section, _, _)| section_route(*section)),
        };
        if let Some(route) = route {
            ev.prevent_default();
            nav.request(route);
        }
    });
    on_cleanup(move || shortcut.remove());

    view! {
        <div class="desk">
            <header class="topbar">
                <span class="brand">{tr(T::AppName)}<span class="tagline">{tr(T::Tagline)}</span></span>
                <span class="comune">{move || comune.get()}</span>
                <button type="button" class="shortcuts-link" id="open-shortcuts" aria-keyshortcuts="F1"
                    title="F1" on:click=move |_| nav.request(Route::Shortcuts)>{tr(T::ShortcutsTitle)}</button>
                <button type="button" class="lock" id="lock" on:click=lock>{tr(T::Lock)}</button>
            </header>
            <nav class="sidebar" aria-label="Sezioni">
                <ul>
                    {SECTIONS.into_iter().enumerate().map(|(i, (section, label, id))| {
                        let here = move || nav.route.with(|r| r.section() == section);
                        view! {
                            <li><button type="button" id=id class:active=here
                                aria-keyshortcuts=format!("Alt+{}", i + 1) title=format!("Alt+{}", i + 1)
                                aria-current=move || if here() { "page" } else { "false" }
                                on:click=move |_| nav.request(section_route(section))>{tr(label)}</button></li>
                        }
                    }).collect_view()}
                </ul>
            </nav>
            <p id="page-announcer" class="visually-hidden" role="status" aria-live="polite">{move || announced.get()}</p>
            <main class="content" id="content">
                {move || match nav.route.get() {
                    Route::Dashboard => view! { <Dashboard comune=comune /> }.into_any(),
                    Route::Persons => view! { <crate::persons::PersonList /> }.into_any(),
                    Route::NewPerson => view! { <crate::persons::PersonFormPage id=None /> }.into_any(),
                    Route::EditPerson(id) => view! { <crate::persons::PersonFormPage id=Some(id) /> }.into_any(),
                    Route::Person(id) => view! { <crate::person_page::PersonPageView id=id /> }.into_any(),
                    Route::NewContact(person) => view! { <crate::contact::ContactFormPage person=person contact=None /> }.into_any(),
                    Route::EditContact(id) => view! { <crate::contact::ContactFormPage person=None contact=Some(id) /> }.into_any(),
                    Route::Referral(id) => view! { <crate::referrals::ReferralPage id=id /> }.into_any(),
                    Route::Waiting => view! { <crate::referrals::WaitingList /> }.into_any(),
                    Route::Bin => view! { <crate::records::BinPage /> }.into_any(),
                    Route::History(record) => view! { <crate::records::HistoryPage record=record /> }.into_any(),
                    Route::Hours => view! { <crate::hours::HoursPage /> }.into_any(),
                    Route::Reports => view! { <crate::reports::ReportsPage /> }.into_any(),
                    Route::Settings => view! { <Settings /> }.into_any(),
                    Route::Privacy => view! { <crate::privacy::PrivacyPage /> }.into_any(),
                    Route::Access(id) => view! { <crate::person_privacy::AccessPage person=id /> }.into_any(),
                    Route::Agenda => view! { <crate::agenda::AgendaPage /> }.into_any(),
                    Route::Held(id) => view! { <crate::contact::ContactFormPage person=None contact=None appointment=id /> }.into_any(),
                    Route::Services => view! { <crate::services::ServicesPage /> }.into_any(),
                    Route::Register => view! { <crate::register::RegisterPage /> }.into_any(),
                    Route::Operators => view! { <crate::operators::OperatorsPage /> }.into_any(),
                    Route::Case(id) => view! { <crate::casework::CasePage id=id /> }.into_any(),
                    Route::Shortcuts => view! { <crate::shortcuts::ShortcutsPage /> }.into_any(),
                    Route::NewCase(person, contact) => view! { <crate::casework::NewCasePage person=person contact=contact /> }.into_any(),
                }}
            </main>
        </div>
    }
}

fn hours(m: Minutes) -> String {
    format!("{} h", format::hours_decimal(m))
}

/// The desk at a glance; asked afresh each time it is shown, so it follows every change.
#[component]
fn Dashboard(comune: RwSignal<Option<String>>) -> impl IntoView {
    let lang = use_lang();
    let status = use_status();
    let nav = use_nav();
    let data = RwSignal::new(None::<DashboardView>);
    let error = RwSignal::new(None::<String>);
    let backup_status = RwSignal::new(None::<String>);
    let backup_busy = RwSignal::new(false);
    let load = move || {
        spawn_local(async move {
            if let Ok(d) = call::<DashboardView>("dashboard", &NoArgs {}).await {
                let _ = data.try_set(Some(d));
            }
        });
    };
    let backup_progress = RwSignal::new(None::<u8>);
    let backup_now = move || {
        if backup_busy.get_untracked() {
            return;
        }
        backup_busy.set(true);
        backup_status.set(Some(t(lang.get_untracked(), T::BackupRunning).to_string()));
        spawn_local(async move {
            let l = lang.get_untracked();
            // Written on its own thread: the page asks how far it got until it is done.
            let outcome = match call::<u64>("start_backup", &NoArgs {}).await {
                Ok(id) => {
                    poll_job::<BackupJobView>("backup_job", id, |percent, stage| {
                        let _ = backup_progress.try_set(Some(percent));
                        let _ = backup_status
                            .try_set(Some(format!("{} ({percent} %)", stage.label(l))));
                    })
                    .await
                }
                Err(e) => Err(e),
            };
            let _ = backup_busy.try_set(false);
            let _ = backup_progress.try_set(None);
            let sentence = match outcome {
                Ok(BackupJobView::Done { backup: b }) => {
                    load();
                    format!("{} {} ({} KB)", t(l, T::BackupWritten), b.path, b.kilobytes)
                }
                Ok(BackupJobView::Failed { error }) | Err(error) => error.sentence(l),
                Ok(_) => t(l, T::BackupStopped).to_string(),
            };
            let _ = backup_status.try_set(Some(sentence));
        });
    };
    spawn_local(async move {
        match call::<DashboardView>("dashboard", &NoArgs {}).await {
            Ok(d) => {
                comune.set(d.contract.as_ref().map(|c| c.comune.clone()));
                data.set(Some(d));
            }
            Err(e) if e.code == "locked" => set_state(status, ArchiveState::Locked),
            Err(e) => error.set(Some(e.message)),
        }
    });
    view! {
        <section class="dashboard">
            <div class="page-head">
                <h1 tabindex="-1">{tr(T::NavDashboard)}</h1>
                <button type="button" class="primary" id="dashboard-new-contact" aria-keyshortcuts="Alt+N"
                    on:click=move |_| nav.go(Route::NewContact(None))>{tr(T::NewContact)}" " <kbd>{NEW_CONTACT_SHORTCUT}</kbd></button>
            </div>
            <Notice text=nav.notice.into() />
            <p class="form-error" role="alert">{move || error.get()}</p>
            {move || data.get().map(|d| {
                let l = lang.get();
                let contract = match d.contract.clone() {
                    Some(c) => view! {
                        <div class="cards">
                            <article class="card" id="card-monte-ore" aria-labelledby="h-monte-ore">
                                <h2 id="h-monte-ore">{t(l, T::HoursTitle)}</h2>
                                <p class="muted">{t(l, T::ContractYear)}" " {format::date(c.year_start)}" – " {format::date(c.year_last_day)}</p>
                                <p class="big" id="hours-used">{hours(c.used)}" " {t(l, T::Used)}" " {t(l, T::Of)}" " <span id="budget">{hours(c.budget)}</span></p>
                                <meter min="0" max=c.budget.get().to_string() value=c.used.get().to_string()
                                    low=(c.budget.get() * 8 / 10).to_string() high=(c.budget.get() * 8 / 10).to_string()
                                    optimum="0" aria-label=t(l, T::HoursTitle)></meter>
                                <dl>
                                    <dt>{t(l, T::Remaining)}</dt><dd id="hours-remaining">{hours(c.remaining)}</dd>
                                    <dt>{t(l, T::Amount)}</dt><dd>{format::euro(c.amount_used)}</dd>
                                    {(c.over_budget > Minutes::ZERO).then(|| view! { <dt class="alert">{t(l, T::Overrun)}</dt><dd class="alert">{hours(c.over_budget)}</dd> })}
                                    <dt>{t(l, T::PaceNeeded)}</dt><dd>{hours(c.pace_needed_per_week)}" " {t(l, T::PerWeek)}</dd>
                                    <dt>{t(l, T::PacePerOpening)}</dt><dd id="pace-opening-day">{format::hours_hhmm(c.pace_needed_per_opening_day)}" (" {c.opening_days_left}" " {t(l, T::OpeningDaysLeftShort)}")"</dd>
                                    <dt>{t(l, T::Forecast)}</dt><dd id="dashboard-forecast">{crate::hours::forecast_text(c.exhaustion_forecast, c.projected_use, l)}</dd>
                                </dl>
                                {c.alert.map(|a| view! { <p class="alert" id="budget-alert" role="status">{t(l, match a {
                                    BudgetAlert::Used80 => T::Alert80,
                                    BudgetAlert::Used100 => T::Alert100,
                                })}</p> })}
                                <button type="button" id="open-hours" on:click=move |_| nav.go(Route::Hours)>{t(l, T::OpenHours)}</button>
                            </article>
                            <article class="card" id="card-settimana" aria-labelledby="h-settimana">
                                <h2 id="h-settimana">{t(l, T::WeekTitle)}</h2>
                                <p class="muted">{format!("{} {}", t(l, T::WeekFrom), format::date(c.week_monday))}</p>
                                <p class="big" id="week-used">{hours(c.week_used)}" " {t(l, T::Of)}" " {hours(c.week_cap)}</p>
                                <meter min="0" max=c.week_cap.get().to_string() value=c.week_used.get().to_string()
                                    high=c.week_cap.get().to_string() aria-label=t(l, T::WeekTitle)></meter>
                                {(c.week_used > c.week_cap).then(|| view! { <p class="alert" role="status">{t(l, T::WeekOverCap)}</p> })}
                                <p>{t(l, T::WeeksOverCap)}": " {c.weeks_over_cap}</p>
                            </article>
                            <article class="card" id="card-invii" aria-labelledby="h-invii">
                                <h2 id="h-invii">{t(l, T::WaitingReferrals)}</h2>
                                <p class="big" id="waiting-referrals">{d.waiting_referrals}</p>
                                {(d.overdue_referrals > 0).then(|| view! { <p class="alert" id="overdue-referrals">{format!("{} {}", d.overdue_referrals, t(l, T::OverdueCount))}</p> })}
                                <button type="button" id="open-waiting" on:click=move |_| nav.go(Route::Waiting)>{t(l, T::OpenList)}</button>
                            </article>
                            <article class="card" id="card-backup" aria-labelledby="h-backup">
                                <h2 id="h-backup">{t(l, T::Backup)}</h2>
                                <p id="last-backup">{match d.last_backup_days {
                                    None => t(l, T::NoBackupYet).to_string(),
                                    Some(0) => t(l, T::BackupToday).to_string(),
                                    Some(days) => format!("{days} {}", t(l, T::BackupDaysAgo)),
                                }}</p>
                                {match d.last_backup_days {
                                    None => Some(view! { <p class="alert" id="backup-none">{t(l, T::BackupFirst)}</p> }.into_any()),
                                    Some(days) if days > BACKUP_WARNING_DAYS => Some(view! { <p class="alert" id="backup-old">{t(l, T::BackupOld)}</p> }.into_any()),
                                    Some(_) => None,
                                }}
                                {(!d.backup_dir_present).then(|| view! {
                                    <p class="alert" id="backup-folder-missing">{t(l, T::BackupFolderMissing)}</p>
                                })}
                                {d.recovery_pending.then(|| view! {
                                    <p class="alert" id="recovery-pending">{t(l, T::RecoveryPending)}</p>
                                    <button type="button" id="open-new-kit" on:click=move |_| nav.go(Route::Settings)>{t(l, T::NewKitHeading)}</button>
                                })}
                                {d.backup_problem.clone().map(|why| view! {
                                    <p class="alert" id="backup-problem">{format!("{} {why}", t(l, T::BackupFailed))}</p>
                                })}
                                <p class="muted" id="backup-folder">{format!("{}: {}", t(l, T::BackupFolder), d.backup_dir)}</p>
                                <button type="button" id="backup-now" disabled=move || backup_busy.get() on:click=move |_| backup_now()>{t(l, T::BackupNow)}</button>
                                {move || backup_progress.get().map(|p| view! {
                                    <progress id="backup-progress" max="100" value=p.to_string() aria-describedby="backup-status"></progress>
                                })}
                                <p role="status" id="backup-status">{move || backup_status.get()}</p>
                            </article>
                        </div>
                    }.into_any(),
                    None => view! { <p>{t(l, T::NoContract)}</p> }.into_any(),
                };
                let contacts = contacts_table("latest-contacts", &d.latest_contacts, l, true);
                let appointments = if d.upcoming_appointments.is_empty() {
                    view! { <p class="muted">{t(l, T::NoAppointments)}</p> }.into_any()
                } else {
                    view! {
                        <ul id="upcoming" class="plain">
                            {d.upcoming_appointments.iter().map(|a| {
                                let today_class = a.date == d.today;
                                view! {
                                    <li class:today=today_class><strong>{if today_class { t(l, T::Today).to_string() } else { format::date(a.date) }}" " {format::time(a.start_time)}</strong>" – "
                                        <span class="person">{a.who()}</span>" " {a.note.clone()}</li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                };
                let no_shows = (!d.recent_no_shows.is_empty()).then(|| view! {
                    <h3 id="h-no-shows">{t(l, T::NoShowsLastMonth)}" ("{d.recent_no_shows.len()}")"</h3>
                    <ul id="no-shows" class="plain" aria-labelledby="h-no-shows">
                        {d.recent_no_shows.iter().map(|a| view! {
                            <li>{format::date(a.date)}" " {format::time(a.start_time)}" – " <span class="person">{a.who()}</span></li>
                        }).collect_view()}
                    </ul>
                });
                let expiring = (!d.expiring_documents.is_empty()).then(|| view! {
                    <article class="card" id="card-documents" aria-labelledby="h-expiring">
                        <h2 id="h-expiring">{t(l, T::ExpiringDocuments)}" ("{d.expiring_documents.len()}")"</h2>
                        <ul id="expiring-documents" class="plain">
                            {d.expiring_documents.iter().map(|x| {
                                let person = x.person;
                                let state = if x.state == sportello_core::model::ExpiryState::Expired { T::DocExpired } else { T::DocExpiring };
                                view! {
                                    <li class:expired=x.state == sportello_core::model::ExpiryState::Expired>
                                        <button type="button" class="link" on:click=move |_| nav.go(Route::Person(person))>{x.person_name.clone()}</button>
                                        " – " {x.kind.label(l)}" " {t(l, state)}" " {format::date(x.expiry)}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </article>
                });
                let deadlines = (!d.case_deadlines.is_empty()).then(|| view! {
                    <article class="card" id="card-case-deadlines" aria-labelledby="h-case-deadlines">
                        <h2 id="h-case-deadlines">{t(l, T::CaseDeadlines)}" ("{d.case_deadlines.len()}")"</h2>
                        {crate::casework::deadlines_list("dashboard-deadlines", &d.case_deadlines, l)}
                    </article>
                });
                view! {
                    {contract}
                    {deadlines}
                    {expiring}
                    <div class="cards two">
                        <article class="card" aria-labelledby="h-latest"><h2 id="h-latest">{t(l, T::LatestContacts)}</h2>{contacts}</article>
                        <article class="card" aria-labelledby="h-upcoming"><h2 id="h-upcoming">{t(l, T::Upcoming)}</h2>{appointments}{no_shows}
                            <button type="button" class="link" id="open-agenda" on:click=move |_| nav.go(Route::Agenda)>{t(l, T::OpenAgenda)}</button></article>
                    </div>
                }
            })}
        </section>
    }
}

#[derive(Serialize)]
struct IdleArgs {
    seconds: u32,
}

#[component]
fn Settings() -> impl IntoView {
    let lang = use_lang();
    let nav = use_nav();
    let status = use_status();
    let initial = status
        .get_untracked()
        .map(|s| s.idle_seconds / 60)
        .unwrap_or(5)
        .max(1);
    let idle = RwSignal::new(initial.to_string());
    let message = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        message.set(None);
        match format::parse_duration(&idle.get_untracked()) {
            Err(msg) => error.set(Some(msg.text(lang.get_untracked()))),
            Ok(minutes) => {
                error.set(None);
                spawn_local(async move {
                    match call::<()>(
                        "set_idle_timeout",
                        &IdleArgs {
                            seconds: minutes.get() * 60,
                        },
                    )
                    .await
                    {
                        Ok(()) => message.set(Some(t(lang.get_untracked(), T::Saved).to_string())),
                        Err(e) => error.set(Some(e.message)),
                    }
                });
            }
        }
    };
    let choose = move |code: String| {
        if let Some(l) = Lang::from_code(&code) {
            lang.set(l);
            spawn_local(async move {
                let _ = call::<()>("set_lang", &LangArgs { lang: l }).await;
            });
        }
    };
    view! {
        <section>
            <h1>{tr(T::NavSettings)}</h1>
            <form class="card narrow" on:submit=save>
                <div class="field">
                    <label for="lang">{tr(T::Language)}</label>
                    <select id="lang" on:change=move |ev| choose(event_target_value(&ev))>
                        <option value="it" selected=move || lang.get() == Lang::It>"Italiano"</option>
                        <option value="en" selected=move || lang.get() == Lang::En>"English"</option>
                    </select>
                </div>
                <crate::widgets::Field id="idle" label=T::IdleMinutes help=T::IdleHelp value=idle error=Signal::derive(move || error.get()) />
                <div class="actions"><button type="submit" class="primary" id="save-settings">{tr(T::Save)}</button></div>
                <p role="status">{move || message.get()}</p>
            </form>
            <article class="card narrow" aria-labelledby="h-privacy">
                <h2 id="h-privacy">{tr(T::PrivacyTitle)}</h2>
                <p class="muted">{tr(T::PrivacyOpenHelp)}</p>
                <div class="actions"><button type="button" id="open-privacy" on:click=move |_| nav.go(Route::Privacy)>{tr(T::PrivacyOpen)}</button></div>
            </article>
            <article class="card narrow" aria-labelledby="h-register">
                <h2 id="h-register">{tr(T::RegisterTitle)}</h2>
                <p class="muted">{tr(T::RegisterOpenHelp)}</p>
                <div class="actions"><button type="button" id="open-register" on:click=move |_| nav.go(Route::Register)>{tr(T::RegisterOpen)}</button></div>
            </article>
            <article class="card narrow" aria-labelledby="h-operators-open">
                <h2 id="h-operators-open">{tr(T::OperatorsTitle)}</h2>
                <p class="muted">{tr(T::OperatorsOpenHelp)}</p>
                <div class="actions"><button type="button" id="open-operators" on:click=move |_| nav.go(Route::Operators)>{tr(T::OperatorsOpen)}</button></div>
            </article>
            <BackupFolderCard />
            <crate::safekeeping::ChangePassphraseCard />
            <crate::safekeeping::RekeyCard />
            <crate::safekeeping::RestoreCard />
            <crate::safekeeping::NewRecoveryKeyCard />
            <ComuneSettingsCard />
        </section>
    }
}

/// Where the backups go: the folder she chose (a USB stick), changed in the native dialog.
#[component]
fn BackupFolderCard() -> impl IntoView {
    let lang = use_lang();
    let folder = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    spawn_local(async move {
        if let Ok(d) = call::<DashboardView>("dashboard", &NoArgs {}).await {
            let _ = folder.try_set(d.backup_dir);
        }
    });
    let choose = move |_| {
        spawn_local(async move {
            let l = lang.get_untracked();
            match call::<Option<String>>("choose_backup_dir", &NoArgs {}).await {
                Ok(Some(dir)) => {
                    folder.set(dir);
                    message.set(Some(t(l, T::BackupDirSaved).to_string()));
                }
                Ok(None) => {}
                Err(e) => message.set(Some(e.sentence(l))),
            }
        });
    };
    view! {
        <div class="card narrow" id="backup-settings">
            <h2>{tr(T::BackupFolder)}</h2>
            <p class="help" id="backup-dir-help">{tr(T::BackupDirHelp)}</p>
            <p id="backup-dir">{move || folder.get()}</p>
            <div class="actions">
                <button type="button" id="choose-backup-dir" aria-describedby="backup-dir-help" on:click=choose>{tr(T::ChooseBackupDir)}</button>
            </div>
            <p role="status" id="backup-dir-status">{move || message.get()}</p>
        </div>
    }
}

#[derive(Serialize)]
struct CodeArgs {
    code: String,
}

/// The desk's comune: its cadastral code (its residents are counted apart in the activity
/// report) and the coat of arms printed in that report's heading.
#[component]
fn ComuneSettingsCard() -> impl IntoView {
    let lang = use_lang();
    let settings = RwSignal::new(None::<ComuneSettings>);
    let code = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let show = move |s: ComuneSettings| {
        code.set(s.code.clone());
        settings.set(Some(s));
    };
    spawn_local(async move {
        if let Ok(s) = call::<ComuneSettings>("comune_settings", &NoArgs {}).await {
            if settings.try_get_untracked().is_some() {
                show(s);
            }
        }
    });
    let done = move |result: Result<ComuneSettings, sportello_core::ipc::CommandError>, ok: T| {
        match result {
            Ok(s) => {
                show(s);
                error.set(None);
                message.set(Some(t(lang.get_untracked(), ok).to_string()));
            }
            Err(e) => {
                message.set(None);
                error.set(Some(e.sentence(lang.get_untracked())));
            }
        }
    };
    let save_code = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let args = CodeArgs {
            code: code.get_untracked(),
        };
        spawn_local(async move {
            done(call("set_desk_comune", &args).await, T::Saved);
        });
    };
    let choose_logo = move |_| {
        spawn_local(async move {
            match call::<Option<ComuneSettings>>("choose_comune_logo", &NoArgs {}).await {
                Ok(Some(s)) => done(Ok(s), T::LogoSaved),
                Ok(None) => {}
                Err(e) => done(Err(e), T::LogoSaved),
            }
        });
    };
    let remove_logo = move |_| {
        spawn_local(async move {
            done(call("remove_comune_logo", &NoArgs {}).await, T::LogoRemoved);
        });
    };
    let has_logo = move || settings.get().is_some_and(|s| s.logo.is_some());
    view! {
        <form class="card narrow" id="comune-form" on:submit=save_code>
            <h2>{tr(T::ComuneHeading)}</h2>
            <crate::widgets::Field id="comune-code" label=T::ComuneCode help=T::ComuneCodeHelp value=code />
            <p class="muted" id="comune-label">{move || settings.get().map(|s| {
                if s.guessed {
                    format!("{} — {}", s.label, t(lang.get(), T::ComuneGuessed))
                } else {
                    s.label
                }
            })}</p>
            <div class="actions"><button type="submit" id="save-comune">{tr(T::SaveComune)}</button></div>
            <p id="logo-status">{move || {
                let l = lang.get();
                let state = match settings.get().and_then(|s| s.logo) {
                    Some((w, h)) => format!("{w} × {h} {}", t(l, T::Pixels)),
                    None => t(l, T::LogoNone).to_string(),
                };
                format!("{}: {state}", t(l, T::Logo))
            }}</p>
            <div class="actions">
                <button type="button" id="choose-logo" on:click=choose_logo>{tr(T::ChooseLogo)}</button>
                <button type="button" id="remove-logo" on:click=remove_logo disabled=move || !has_logo()>{tr(T::RemoveLogo)}</button>
            </div>
            <p role="status" id="comune-status">{move || message.get()}</p>
            <p role="alert" class="form-error" id="comune-error">{move || error.get()}</p>
        </form>
    }
}
