//! Crashes injected between the writes of a creation and of a key change (a debug build's
//! `SPORTELLO_CRASH_AT`, which aborts the process there, as a power cut would stop it): the
//! archive left behind opens with the right passphrase, tells a wrong one as wrong (never as
//! damage), and an interrupted creation never blocks the next one.

#[path = "../../archive/tests/common/mod.rs"]
mod common;
mod support;

use std::path::Path;
use support::*;

const NEW: &str = "lampone treno collina azzurra";

fn init(dir: &Path, crash_at: Option<&str>) -> std::process::Output {
    let mut env = vec![("SPORTELLO_PASSPHRASE", PASS)];
    if let Some(point) = crash_at {
        env.push(("SPORTELLO_CRASH_AT", point));
    }
    sportello(
        dir,
        &[
            "init",
            "--comune",
            "Comune di Roccaverde",
            "--ente-gestore",
            "Coop Il Ponte",
            "--inizio",
            "01/03/2026",
            "--fine",
            "28/02/2029",
        ],
        &env,
    )
}

/// A new archive; the recovery key `init` showed.
fn init_showing_the_key(dir: &Path) -> String {
    let created = init(dir, None);
    assert!(created.status.success(), "{}", stderr(&created));
    stdout(&created)
        .split_whitespace()
        .find(|w| w.starts_with("AGE-SECRET-KEY-1"))
        .expect("recovery key")
        .to_owned()
}

fn verify(dir: &Path, pass: &str) -> (Option<i32>, String) {
    let out = sportello(dir, &["verify"], &[("SPORTELLO_PASSPHRASE", pass)]);
    (out.status.code(), stderr(&out).trim_end().to_owned())
}

fn crashed(out: &std::process::Output) -> bool {
    use std::os::unix::process::ExitStatusExt;
    out.status.signal() == Some(libc_sigabrt())
}

/// SIGABRT, as `std::process::abort` raises it.
fn libc_sigabrt() -> i32 {
    6
}

#[test]
fn an_interrupted_creation_is_told_and_never_blocks_the_next() {
    for point in ["dopo-database", "dopo-file-operatore", "dopo-chiave"] {
        let tmp = tempfile::tempdir().expect("tmp");
        let dir = tmp.path().join("dati");
        let out = init(&dir, Some(point));
        assert!(crashed(&out), "{point}: {:?}", out.status);
        assert!(dir.join("creazione-in-corso").exists(), "{point}");
        assert_eq!(
            verify(&dir, PASS),
            (
                Some(6),
                "errore: La creazione dell'archivio in questa cartella si è interrotta prima di finire: non contiene ancora dati. Crearlo di nuovo (nell'app, o con sportello init).".to_owned()
            ),
            "{point}"
        );
        let again = init(&dir, None);
        assert!(again.status.success(), "{point}: {}", stderr(&again));
        assert!(!dir.join("creazione-in-corso").exists(), "{point}");
        assert_eq!(verify(&dir, PASS).0, Some(0), "{point}");
        assert_eq!(
            verify(&dir, "non è questa la frase"),
            (Some(3), "errore: Frase segreta errata.".to_owned()),
            "{point}"
        );
    }
}

#[test]
fn a_passphrase_change_cut_between_its_writes_opens_with_the_new_one_and_tells_wrong_from_damaged()
{
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("dati");
    assert!(init(&dir, None).status.success());
    let out = sportello(
        &dir,
        &["passphrase"],
        &[
            ("SPORTELLO_PASSPHRASE", PASS),
            ("SPORTELLO_NEW_PASSPHRASE", NEW),
            ("SPORTELLO_CRASH_AT", "dopo-file-operatore"),
        ],
    );
    assert!(crashed(&out), "{:?} {}", out.status, stderr(&out));
    // Her key file was rewritten, sportello.json was not: the new passphrase opens.
    assert_eq!(verify(&dir, NEW).0, Some(0), "{}", verify(&dir, NEW).1);
    for wrong in [PASS, "del tutto sbagliata davvero"] {
        assert_eq!(
            verify(&dir, wrong),
            (Some(3), "errore: Frase segreta errata.".to_owned()),
            "{wrong}"
        );
    }
}

#[test]
fn a_recovery_cut_between_the_key_file_and_sportello_json_opens_and_tells_wrong_from_damaged() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("dati");
    let recovery = init_showing_the_key(&dir);
    let out = sportello(
        &dir,
        &["passphrase", "--recupero"],
        &[
            ("SPORTELLO_RECOVERY_KEY", recovery.as_str()),
            ("SPORTELLO_NEW_PASSPHRASE", NEW),
            ("SPORTELLO_CRASH_AT", "dopo-chiave"),
        ],
    );
    assert!(crashed(&out), "{:?} {}", out.status, stderr(&out));
    assert_eq!(verify(&dir, NEW).0, Some(0), "{}", verify(&dir, NEW).1);
    assert_eq!(
        verify(&dir, "del tutto sbagliata davvero"),
        (Some(3), "errore: Frase segreta errata.".to_owned())
    );
}

#[test]
fn a_recovery_cut_after_her_new_key_file_leaves_the_old_passphrase_working() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("dati");
    let recovery = init_showing_the_key(&dir);
    let out = sportello(
        &dir,
        &["passphrase", "--recupero"],
        &[
            ("SPORTELLO_RECOVERY_KEY", recovery.as_str()),
            ("SPORTELLO_NEW_PASSPHRASE", NEW),
            ("SPORTELLO_CRASH_AT", "dopo-file-operatore"),
        ],
    );
    assert!(crashed(&out), "{:?} {}", out.status, stderr(&out));
    // chiave.age is not sealed to the new file yet: the old passphrase still opens, the new
    // one is told as wrong (not as damage), and the kit can finish the job.
    assert_eq!(verify(&dir, PASS).0, Some(0), "{}", verify(&dir, PASS).1);
    assert_eq!(
        verify(&dir, NEW),
        (Some(3), "errore: Frase segreta errata.".to_owned())
    );
    let again = sportello(
        &dir,
        &["passphrase", "--recupero"],
        &[
            ("SPORTELLO_RECOVERY_KEY", recovery.as_str()),
            ("SPORTELLO_NEW_PASSPHRASE", NEW),
        ],
    );
    assert!(again.status.success(), "{}", stderr(&again));
    assert_eq!(verify(&dir, NEW).0, Some(0));
    assert_eq!(verify(&dir, PASS).0, Some(3));
}
