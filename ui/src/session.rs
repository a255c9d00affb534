//! The app's shared state, which every page may use: the archive's status (with the language
//! and the idle time), and where the operator is (the route). `app.rs` provides them; pages
//! import this module, never `app.rs`.

use leptos::prelude::*;
use serde::Serialize;
use sportello_core::ipc::{ArchiveState, StatusView};
use sportello_core::{ContactId, Lang, PersonId, ReferralId};

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
            Route::Agenda => Section::Agenda,
            Route::Hours => Section::Hours,
            Route::Services => Section::Services,
            Route::Reports => Section::Reports,
            Route::Settings => Section::Settings,
        }
    }
}

/// Where the operator is, and a message left for the next page ("Colloquio salvato").
#[derive(Clone, Copy)]
pub struct Nav {
    pub route: RwSignal<Route>,
    pub notice: RwSignal<Option<String>>,
}

impl Nav {
    pub fn go(&self, route: Route) {
        self.notice.set(None);
        self.route.set(route);
    }

    /// Goes to `route` and says `notice` there (announced to screen readers).
    pub fn go_with(&self, route: Route, notice: String) {
        self.route.set(route);
        self.notice.set(Some(notice));
    }
}

/// The navigation, provided by the desk.
pub fn use_nav() -> Nav {
    use_context::<Nav>().unwrap_or_else(|| Nav {
        route: RwSignal::new(Route::Dashboard),
        notice: RwSignal::new(None),
    })
}
