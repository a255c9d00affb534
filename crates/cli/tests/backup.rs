//! The comune's settings and the backups from the command line: the coat of arms printed on the
//! report, backups to a chosen folder, a restore, a backup killed while writing.

#[path = "../../archive/tests/common/mod.rs"]
mod common;
mod support;

use sportello_archive::{ExposeSecret, RecoveryKey};
use std::path::PathBuf;
use std::process::Command;
use support::*;

/// The comune's coat of arms and code: set from the command line, printed in the heading of
/// every page of the activity report (and regenerated with it from the log); what is not a
/// PNG, or not a known comune, is refused with one Italian line and changes nothing.
#[test]
fn the_comune_logo_and_code_are_set_and_printed() {
    let (tmp, dir) = demo_archive();
    let pass = [("SPORTELLO_PASSPHRASE", PASS)];
    let logo = tmp.path().join("stemma.png");
    let made = Command::new("convert")
        .args([
            "-size",
            "120x160",
            "xc:navy",
            "-fill",
            "gold",
            "-draw",
            "circle 60,80 60,30",
        ])
        .arg(&logo)
        .status()
        .expect("ImageMagick's convert must be installed");
    assert!(made.success());
    let notes = tmp.path().join("appunti.txt");
    std::fs::write(&notes, "non è un'immagine").expect("notes");
    let huge = tmp.path().join("foto.png");
    std::fs::write(&huge, vec![0u8; 600 * 1024]).expect("huge");
    let arg = |p: &PathBuf| p.to_str().expect("utf-8").to_owned();

    for (args, expected) in [
        (
            vec!["comune", "--stemma", &arg(&notes)],
            "Lo stemma deve essere un'immagine PNG: questo file non lo è o è danneggiato.",
        ),
        (
            vec!["comune", "--codice", "Z999"],
            "Codice catastale «Z999» sconosciuto",
        ),
        (
            vec!["comune", "--stemma", &arg(&huge)],
            "Lo stemma è troppo grande: al massimo 512 KB.",
        ),
        (
            vec!["comune", "--stemma", "/non/esiste/stemma.png"],
            "Il file «stemma.png» non esiste più: sceglierlo di nuovo.",
        ),
    ] {
        let out = sportello(&dir, &args, &pass);
        assert_eq!(out.status.code(), Some(7), "{}", stderr(&out));
        assert!(stderr(&out).contains(expected), "{}", stderr(&out));
    }
    let out = sportello(&dir, &["comune"], &pass);
    assert!(stdout(&out).contains("Stemma: nessuno"), "{}", stdout(&out));

    let out = sportello(
        &dir,
        &["comune", "--stemma", &arg(&logo), "--codice", "h451"],
        &pass,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Stemma impostato (120 × 160 pixel)"),
        "{}",
        stdout(&out)
    );
    assert!(
        stdout(&out).contains("Comune dello sportello: Roccaverano"),
        "{}",
        stdout(&out)
    );
    let out = sportello(&dir, &["comune"], &pass);
    assert!(
        stdout(&out).contains("Codice del Comune: H451\nStemma: impostato"),
        "{}",
        stdout(&out)
    );

    let pdf = tmp.path().join("mese.pdf");
    let out = sportello(
        &dir,
        &[
            "report",
            "attivita",
            "--dal",
            "2026-09-01",
            "--al",
            "2026-09-30",
            "--out",
            &arg(&pdf),
        ],
        &pass,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = pdf_text(&pdf);
    let pages = text.matches("Pagina ").count();
    let images = Command::new("pdfimages")
        .arg("-list")
        .arg(&pdf)
        .output()
        .expect("pdfimages (poppler-utils)");
    let listed = String::from_utf8_lossy(&images.stdout);
    let logos: Vec<&str> = listed
        .lines()
        .filter(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            f.len() > 4 && f[3] == "120" && f[4] == "160"
        })
        .collect();
    assert_eq!(logos.len(), pages, "one coat of arms per page:\n{listed}");

    // Taken away, the next report has none; the logged one still regenerates with it.
    let id = stderr(&out)
        .lines()
        .find_map(|l| {
            l.strip_prefix("Report ")
                .and_then(|r| r.strip_suffix(" registrato."))
        })
        .expect("id")
        .to_owned();
    let out = sportello(&dir, &["comune", "--senza-stemma"], &pass);
    assert!(out.status.success(), "{}", stderr(&out));
    let again = tmp.path().join("di-nuovo.pdf");
    let out = sportello(
        &dir,
        &[
            "report",
            "attivita",
            "--da-registro",
            &id,
            "--out",
            &arg(&again),
        ],
        &pass,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        std::fs::read(&pdf).expect("pdf"),
        std::fs::read(&again).expect("again")
    );
}

/// A backup from the command line to a chosen folder (remembered), and a restore from it;
/// a damaged copy is refused with exit 8 and one Italian line, and changes nothing.
#[test]
fn backup_and_restore_from_the_command_line() {
    let (tmp, dir) = demo_archive();
    let pass = [("SPORTELLO_PASSPHRASE", PASS)];
    let stick = tmp.path().join("chiavetta");
    let arg = |p: &PathBuf| p.to_str().expect("utf-8").to_owned();
    let out = sportello(&dir, &["backup", "--cartella", &arg(&stick)], &pass);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("Copia di sicurezza scritta e controllata: "),
        "{}",
        stdout(&out)
    );
    let backups = || -> Vec<PathBuf> {
        std::fs::read_dir(&stick)
            .expect("stick")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "age"))
            .collect()
    };
    let first = backups();
    assert_eq!(first.len(), 1);
    // The folder is remembered: the next backup goes there without --cartella, and the
    // rotation keeps one backup per day, the newest.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let out = sportello(&dir, &["backup"], &pass);
    assert!(out.status.success(), "{}", stderr(&out));
    let second = backups();
    assert_eq!(second.len(), 1);
    assert!(second[0] > first[0], "{second:?} after {first:?}");
    let file = second[0].clone();

    let bytes = std::fs::read(&file).expect("backup");
    let cut = tmp.path().join("tagliata.age");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).expect("cut");
    let out = sportello(&dir, &["restore", &arg(&cut)], &pass);
    assert_eq!(out.status.code(), Some(8), "{}", stderr(&out));
    assert_eq!(
        stderr(&out).trim(),
        "errore: La copia di sicurezza «tagliata.age» è troncata o alterata: non è stato modificato nulla. Provare con un'altra copia."
    );
    let out = sportello(&dir, &["ripristina", &arg(&file)], &pass);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("Archivio ripristinato dalla copia del "),
        "{}",
        stdout(&out)
    );
    let out = sportello(&dir, &["verify"], &pass);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// A backup killed (SIGKILL) while it is writing leaves the earlier backups as they were and
/// no file that looks like a backup; the next backup succeeds.
#[test]
fn a_backup_killed_while_writing_leaves_the_earlier_ones_intact() {
    let (tmp, dir) = demo_archive();
    let pass = [("SPORTELLO_PASSPHRASE", PASS)];
    let stick = tmp.path().join("chiavetta");
    std::fs::create_dir_all(&stick).expect("stick");
    let stick_arg = stick.to_str().expect("utf-8").to_owned();
    let out = sportello(&dir, &["backup", "--cartella", &stick_arg], &pass);
    assert!(out.status.success(), "{}", stderr(&out));
    let listing = || -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(&stick)
            .expect("stick")
            .flatten()
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).expect("read"),
                )
            })
            .collect();
        v.sort();
        v
    };
    let before = listing();
    assert_eq!(before.len(), 1);
    let mut killed_while_writing = 0;
    for _ in 0..3 {
        std::thread::sleep(std::time::Duration::from_millis(1100));
        let mut child = Command::new(env!("CARGO_BIN_EXE_sportello"))
            .arg("--data-dir")
            .arg(&dir)
            .arg("backup")
            .env("SPORTELLO_PASSPHRASE", PASS)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        // Wait until the backup is being written, then kill it.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        let writing = loop {
            let tmp_present = std::fs::read_dir(&stick)
                .expect("stick")
                .flatten()
                .any(|e| e.file_name().to_string_lossy().ends_with(".age.tmp"));
            if tmp_present {
                break true;
            }
            if child.try_wait().expect("wait").is_some() || std::time::Instant::now() > deadline {
                break false;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        };
        let _ = child.kill();
        let status = child.wait().expect("wait");
        // Finished before the kill landed: not a killed backup.
        if !writing || status.success() {
            continue;
        }
        killed_while_writing += 1;
        // The earlier backup is byte for byte as it was; nothing else looks like a backup.
        let now: Vec<(String, Vec<u8>)> = listing()
            .into_iter()
            .filter(|(name, _)| !name.ends_with(".age.tmp"))
            .collect();
        assert_eq!(now, before, "a killed backup touched the earlier ones");
    }
    assert!(
        killed_while_writing >= 1,
        "never caught a backup while writing"
    );
    // The next backup succeeds. What the killed ones left are hidden temporaries (removed by a
    // later backup once ten minutes old: another program could be writing one), never a file
    // that looks like a backup.
    let out = sportello(&dir, &["backup"], &pass);
    assert!(out.status.success(), "{}", stderr(&out));
    for (name, _) in listing() {
        assert!(
            sportello_core::backup::parse_backup_file_name(&name).is_some()
                || (name.starts_with(".sportello-") && name.ends_with(".age.tmp")),
            "{name}"
        );
    }
}

/// The recovery key printed by a command (the indented `AGE-SECRET-KEY-1…` line).
fn printed_key(out: &std::process::Output) -> String {
    stdout(out)
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("AGE-SECRET-KEY-1"))
        .expect("a recovery key printed")
        .to_owned()
}

/// A new recovery kit, a backup restored on a new computer with it, the handover package and
/// its opening, and the wipe, from the command line; every refusal is one Italian line with
/// its exit code, and changes nothing.
#[test]
fn new_kit_new_computer_handover_and_wipe_from_the_command_line() {
    let (tmp, dir) = demo_archive();
    let pass = [("SPORTELLO_PASSPHRASE", PASS)];
    let arg = |p: &PathBuf| p.to_str().expect("utf-8").to_owned();

    // The kit is refused inside the data folder, then written outside it.
    let inside = dir.join("kit.pdf");
    let out = sportello(&dir, &["chiave-recupero", "--out", &arg(&inside)], &pass);
    assert_eq!(out.status.code(), Some(7), "{}", stderr(&out));
    assert!(stderr(&out).contains("fuori dalla cartella dell'archivio"));
    assert!(!inside.exists());
    let kit_pdf = tmp.path().join("kit.pdf");
    let out = sportello(&dir, &["recovery-key", "--out", &arg(&kit_pdf)], &pass);
    assert!(out.status.success(), "{}", stderr(&out));
    let kit = printed_key(&out);
    let text = pdf_text(&kit_pdf);
    assert!(text.contains("AGE-SECRET-KEY-1"), "{text}");

    let stick = tmp.path().join("chiavetta");
    std::fs::create_dir(&stick).expect("stick");
    let out = sportello(&dir, &["backup", "--cartella", &arg(&stick)], &pass);
    assert!(out.status.success(), "{}", stderr(&out));
    let backup = std::fs::read_dir(&stick)
        .expect("stick")
        .next()
        .expect("one backup")
        .expect("entry")
        .path();

    // A new computer: --recupero refuses an archive already there, then rebuilds one.
    let recover_env = [
        ("SPORTELLO_RECOVERY_KEY", kit.as_str()),
        ("SPORTELLO_NEW_PASSPHRASE", "ciliegia ponte nuvola"),
    ];
    let out = sportello(
        &dir,
        &["restore", &arg(&backup), "--recupero"],
        &recover_env,
    );
    assert_eq!(out.status.code(), Some(7), "{}", stderr(&out));
    assert!(stderr(&out).contains("c'è già un archivio"));
    let laptop = tmp.path().join("portatile-nuovo");
    let old_kit = RecoveryKey::generate();
    let old_kit_text = old_kit.secret_text().expose_secret().to_owned();
    let out = sportello(
        &laptop,
        &["restore", &arg(&backup), "--recupero"],
        &[
            ("SPORTELLO_RECOVERY_KEY", old_kit_text.as_str()),
            ("SPORTELLO_NEW_PASSPHRASE", "ciliegia ponte nuvola"),
        ],
    );
    assert_eq!(out.status.code(), Some(9), "{}", stderr(&out));
    assert!(!laptop.exists());
    let out = sportello(
        &laptop,
        &["ripristina", &arg(&backup), "--recovery"],
        &recover_env,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Il kit di recupero resta valido"));
    let stats = |d: &PathBuf, p: &str| {
        let out = sportello(d, &["stats", "--json"], &[("SPORTELLO_PASSPHRASE", p)]);
        assert!(out.status.success(), "{}", stderr(&out));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        v["counts"]["persons"].as_u64().expect("persons")
    };
    assert_eq!(stats(&laptop, "ciliegia ponte nuvola"), stats(&dir, PASS));

    // The handover: a package for the comune's age key, opened into a new archive.
    let comune = RecoveryKey::generate();
    let identity = tmp.path().join("identita.txt");
    std::fs::write(&identity, comune.secret_text().expose_secret()).expect("identity");
    let recipient = comune.recipient().to_string();
    let package = tmp.path().join("consegna.age");
    let out = sportello(
        &dir,
        &[
            "consegna",
            "--destinatario",
            "age1nonvalida",
            "--out",
            &arg(&package),
        ],
        &pass,
    );
    assert_eq!(out.status.code(), Some(7), "{}", stderr(&out));
    assert!(stderr(&out).contains("Destinatario non valido"));
    let out = sportello(
        &dir,
        &[
            "handover",
            "--recipient",
            &recipient,
            "--out",
            &arg(&package),
        ],
        &pass,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Passaggio di consegne dell'archivio"));
    let next = tmp.path().join("nuovo-gestore");
    let wrong = tmp.path().join("altra-identita.txt");
    std::fs::write(&wrong, old_kit_text.as_str()).expect("identity");
    let new_pass = [("SPORTELLO_NEW_PASSPHRASE", "mandorla fiume lanterna")];
    let out = sportello(
        &next,
        &["consegna-apri", &arg(&package), "--identita", &arg(&wrong)],
        &new_pass,
    );
    assert_eq!(out.status.code(), Some(9), "{}", stderr(&out));
    assert!(!next.exists());
    let out = sportello(
        &next,
        &[
            "consegna-apri",
            &arg(&package),
            "--identita",
            &arg(&identity),
        ],
        &new_pass,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    printed_key(&out);
    assert_eq!(stats(&next, "mandorla fiume lanterna"), stats(&dir, PASS));

    // The wipe asks for --conferma, then removes the archive and its backups.
    let out = sportello(&dir, &["cancella-archivio"], &pass);
    assert_eq!(out.status.code(), Some(7), "{}", stderr(&out));
    assert!(dir.exists());
    let out = sportello(&dir, &["wipe", "--confirm"], &pass);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!dir.exists());
    assert!(!backup.exists());
}
