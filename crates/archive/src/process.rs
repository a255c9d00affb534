//! Process hardening shared by the CLI and the desktop shell.

/// Forbids core dumps for this process and its children (WebKit's processes hold the page):
/// a crash must not write decrypted records or keys to disk. Soft and hard limit both 0, so
/// nothing later in the process can raise them again. The `rlimit` crate wraps setrlimit(2)
/// safely, and the workspace forbids unsafe code of its own.
/// On Windows there are no core limits: Windows Error Reporting writes no local dump unless
/// an administrator configured `LocalDumps` (the Windows plan in the README).
pub fn forbid_core_dumps() -> std::io::Result<()> {
    #[cfg(unix)]
    return rlimit::setrlimit(rlimit::Resource::CORE, 0, 0);
    #[cfg(not(unix))]
    Ok(())
}

/// A panic prints one Italian line with where it happened, never its message (which could
/// hold a record's data) nor a backtrace: the default hook would print both on stderr, which
/// may end up in a terminal's scrollback or a log.
pub fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!(" ({}:{})", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "errore: errore interno di Sportello{place}. Quanto già salvato non è stato toccato: riaprire il programma."
        );
    }));
}

/// The tests' way to see what a panic prints: in a debug build, `SPORTELLO_TEST_PANIC` makes
/// the program panic at once with that text (standing in for data in a panic's message).
pub fn panic_if_asked_by_tests() {
    #[cfg(debug_assertions)]
    if let Ok(text) = std::env::var("SPORTELLO_TEST_PANIC") {
        panic!("{text}");
    }
}

#[cfg(all(test, unix))]
mod tests {
    #[test]
    fn core_dumps_are_forbidden_for_good() {
        super::forbid_core_dumps().expect("setrlimit");
        assert_eq!(
            rlimit::getrlimit(rlimit::Resource::CORE).expect("getrlimit"),
            (0, 0)
        );
    }
}
