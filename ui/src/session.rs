//! The app's shared state, which every page may use: the archive's status (with the language
//! and the idle time), and where the operator is (the route). `app.rs` provides them; pages
//! import this module, never `app.rs`.

use leptos::prelude::*;
use serde::Serialize;
use sportello_core::ipc::{ArchiveState, StatusView};
use sportello_core::{AppointmentId, ContactId, Lang, PersonId, ReferralId};

/// The app's status signal. Call it in a component's body: async blocks run outside the
/// reactive owner, where context cannot be looked up.
pub fn use_status() -> RwSignal<Option<StatusView>> {
    use_context::<RwSignal<Option<StatusView>>>().unwrap_or_else(|| RwSignal::new(None))
}

/// Sets the state after a command changed it (unlock, lock, create).
pub fn set_state(status: RwSignal<Option<StatusView>>, state: ArchiveState) {
    status.update(|s| {
        if let Some(s) = s {
            s.state = state;
        }
    });
}

/// Asks the shell for the status again (after a command that may change it).
pub async fn reload_status(status: RwSignal<Option<StatusView>>) {
    if let Ok(s) = crate::api::call::<StatusView>("status", &crate::api::NoArgs {}).await {
        status.set(Some(s));
    }
}

#[derive(Serialize)]
pub struct LangArgs {
    pub lang: Lang,
}

/// A record whose history can be shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordRef {
    /// Its table: `person`, `contact`, `referral`, `time_entry`…
    pub entity: &'static str,
    pub id: String,
    /// What the page's heading says it is.
    pub title: String,
}

/// Where the operator is on the desk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Dashboard,
    Persons,
    NewPerson,
    EditPerson(PersonId),
    Person(PersonId),
    /// A new colloquio: of this person, or (none) of a person to choose or an anonymous one.
    NewContact(Option<PersonId>),
    EditContact(ContactId),
    Referral(ReferralId),
    Waiting,
    Bin,
    History(RecordRef),
    Agenda,
    Hours,
    Services,
    Reports,
    Settings,
    Privacy,
    /// The access request of a person (review, then the folder).
    Access(PersonId),
    /// The colloquio of a held appointment, prefilled from it.
    Held(AppointmentId),
    /// The register's import wizard and exports.
    Register,
    /// The operators and the access log.
    Operators,
    /// A case (presa in carico).
    Case(sportello_core::CaseId),
    /// Opening a case for a person, offered after the colloquio that took her in charge.
    NewCase(PersonId, Option<ContactId>),
    /// The keyboard shortcuts (F1 or ?).
    Shortcuts,
}

/// The sections of the navigation bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Dashboard,
    Persons,
    Referrals,
    Agenda,
    Hours,
    Services,
    Reports,
    Settings,
}

impl Route {
    pub fn section(&self) -> Section {
        match self {
            Route::Dashboard => Section::Dashboard,
            Route::Persons
            | Route::NewPerson
            | Route::EditPerson(_)
            | Route::Person(_)
            | Route::NewContact(_)
            | Route::EditContact(_)
            | Route::Bin
            | Route::History(_) => Section::Persons,
            Route::Referral(_) | Route::Waiting => Section::Referrals,
            Route::Agenda | Route::Held(_) => Section::Agenda,
            Route::Hours => Section::Hours,
            Route::Services => Section::Services,
            Route::Reports => Section::Reports,
            Route::Settings
            | Route::Privacy
            | Route::Register
            | Route::Operators
            | Route::Shortcuts => Section::Settings,
            Route::Access(_) | Route::Case(_) | Route::NewCase(..) => Section::Persons,
        }
    }
}

/// What a form with typed text registers, so that leaving it by the navigation or a shortcut
/// asks first: whether something was typed, and the form's own "leave without saving?" dialog,
/// which goes to `pending` when confirmed.
#[derive(Clone, Copy)]
pub struct LeaveGuard {
    pub dirty: Callback<(), bool>,
    pub confirm: RwSignal<bool>,
    pub pending: RwSignal<Option<Route>>,
}

/// Where the operator is, and a message left for the next page ("Colloquio salvato").
#[derive(Clone, Copy)]
pub struct Nav {
    pub route: RwSignal<Route>,
    pub notice: RwSignal<Option<String>>,
    guard: RwSignal<Option<(u64, LeaveGuard)>>,
    next_guard: StoredValue<u64>,
}

impl Nav {
    pub fn new() -> Nav {
        Nav {
            route: RwSignal::new(Route::Dashboard),
            notice: RwSignal::new(None),
            guard: RwSignal::new(None),
            next_guard: StoredValue::new(0),
        }
    }

    /// Goes to `route` (a page's own decision: after saving, or once leaving was confirmed).
    pub fn go(&self, route: Route) {
        self.guard.set(None);
        self.notice.set(None);
        self.route.set(route);
    }

    /// Goes to `route` and says `notice` there (announced to screen readers).
    pub fn go_with(&self, route: Route, notice: String) {
        self.guard.set(None);
        self.route.set(route);
        self.notice.set(Some(notice));
    }

    /// Goes to `route` at the operator's request from outside the page (the navigation bar, a
    /// shortcut): a form with typed text asks first.
    pub fn request(&self, route: Route) {
        if let Some((_, guard)) = self.guard.get_untracked() {
            if guard.dirty.run(()) {
                guard.pending.set(Some(route));
                guard.confirm.set(true);
                return;
            }
        }
        self.go(route);
    }

    /// Registers the page's guard; it lasts until the page goes (or another registers).
    pub fn guard(&self, guard: LeaveGuard) {
        let token = self.next_guard.get_value() + 1;
        self.next_guard.set_value(token);
        self.guard.set(Some((token, guard)));
        let slot = self.guard;
        on_cleanup(move || {
            if slot.try_with_untracked(|g| g.as_ref().map(|(t, _)| *t)) == Some(Some(token)) {
                slot.set(None);
            }
        });
    }
}

impl Default for Nav {
    fn default() -> Self {
        Nav::new()
    }
}

/// The navigation, provided by the desk.
pub fn use_nav() -> Nav {
    use_context::<Nav>().unwrap_or_default()
}
