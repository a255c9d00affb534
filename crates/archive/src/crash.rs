//! Crash injection for the tests of the crash windows: in a debug build, with
//! `SPORTELLO_CRASH_AT` naming one of these points, the process aborts there, as a power cut
//! or a kill would stop it. Release builds have no such point.

/// After the database of a new archive is created, before any key file.
pub(crate) const AFTER_NEW_DATABASE: &str = "dopo-database";
/// After `chiave.age` is written, before `sportello.json`.
pub(crate) const AFTER_KEY_FILE: &str = "dopo-chiave";
/// After an operator's key file is written, before `sportello.json`.
pub(crate) const AFTER_OPERATOR_FILE: &str = "dopo-file-operatore";

pub(crate) fn point(name: &str) {
    #[cfg(debug_assertions)]
    if std::env::var("SPORTELLO_CRASH_AT").is_ok_and(|at| at == name) {
        std::process::abort();
    }
    let _ = name;
}
