//! Process hardening shared by the CLI and the desktop shell.

/// Forbids core dumps for this process and its children (WebKit's processes hold the page):
/// a crash must not write decrypted records or keys to disk. Soft and hard limit both 0, so
/// nothing later in the process can raise them again. The `rlimit` crate wraps setrlimit(2)
/// safely, and the workspace forbids unsafe code of its own.
pub fn forbid_core_dumps() -> std::io::Result<()> {
    rlimit::setrlimit(rlimit::Resource::CORE, 0, 0)
}

#[cfg(test)]
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
