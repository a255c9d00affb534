//! Keeping the archive safe from the real window: backups to the chosen folder and a restore,
//! the recovery key at the unlock screen, a new passphrase, and a change of the archive key.
//! Screenshots go to target/e2e-artifacts/.

use chrono::Local;
use sportello_e2e::{demo_archive, unlock_demo, Display, Driver};

/// Backups from the app: the folder chosen in the settings (the dialog answered by the test's
/// seam), *Backup adesso* on the dashboard, the dashboard's warnings; then a person deleted,
/// the backup restored from the settings (a wrong passphrase refused first), and the person
/// is back; the lock makes no second backup the same day.
#[test]
fn backup_now_to_the_chosen_folder_and_restore_it() {
    use sportello_e2e::{Keys, ALT};
    let tmp = tempfile::tempdir().expect("tmp");
    let data = tmp.path().join("demo");
    let config = tmp.path().join("config");
    let stick = tmp.path().join("chiavetta");
    std::fs::create_dir_all(&stick).expect("stick");
    // The file the restore's dialog answers with: the backup, copied there once written.
    let chosen = tmp.path().join("copia-scelta.age");
    let archive = demo_archive(&data, 11);
    let someone = archive
        .find_persons("", 50)
        .expect("persons")
        .into_iter()
        .find(|p| !p.anonymous)
        .expect("a named person");
    archive.lock().expect("lock");
    let display = Display::start();
    let driver = Driver::start(
        &display,
        &[
            ("SPORTELLO_DATA_DIR", &data),
            ("SPORTELLO_CONFIG_DIR", &config),
            ("SPORTELLO_PICK_DIR", &stick),
            ("SPORTELLO_OPEN_FILE", &chosen),
        ],
    );
    let s = driver.session(&[]).named("backup");
    let mut keys = Keys::new(&s);
    unlock_demo(&s);
    // No backup yet: the dashboard says so and warns.
    assert_eq!(
        s.find("#last-backup").text(),
        "Nessun backup ancora eseguito."
    );
    s.find("#backup-none");

    keys.chord(ALT, "8");
    s.find("#choose-backup-dir").click();
    s.wait_text("#backup-dir-status", |t| {
        t == "Cartella dei backup salvata."
    });
    assert_eq!(s.find("#backup-dir").text(), stick.display().to_string());

    keys.chord(ALT, "1");
    s.find("#backup-now").click();
    let status = s.wait_text("#backup-status", |t| t.starts_with("Backup scritto"));
    assert!(status.contains(&stick.display().to_string()), "{status}");
    s.wait_text("#last-backup", |t| t == "oggi");
    assert!(
        s.execute("return document.querySelector('#backup-none, #backup-old') === null;")
            .as_bool()
            .expect("bool"),
        "no warning after a backup"
    );
    s.screenshot("backup-adesso");
    let backups = || -> Vec<std::path::PathBuf> {
        std::fs::read_dir(&stick)
            .expect("stick")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "age"))
            .collect()
    };
    assert_eq!(backups().len(), 1);
    std::fs::copy(&backups()[0], &chosen).expect("the chosen copy");

    // A person deleted after the backup…
    fn search(keys: &mut Keys, s: &sportello_e2e::Session, query: &str) {
        keys.chord(ALT, "2");
        s.find("#person-search").fill(query);
    }
    let name = someone.display_name.clone();
    search(&mut keys, &s, &name);
    s.wait_text("#person-list tbody", |t| t.contains(&someone.display_name));
    s.execute(&format!(
        "[...document.querySelectorAll('#person-list tbody .person')].find(e => e.innerText === {:?}).click();",
        someone.display_name
    ));
    s.wait_text("#person-name", |t| t == someone.display_name);
    s.find("#delete-person").click();
    s.find("#delete-reason").fill("prova di ripristino");
    s.press(sportello_e2e::ENTER);
    s.wait_text(".notice", |t| t == "Spostato nel cestino.");
    search(&mut keys, &s, &name);
    assert!(
        s.wait_for("#no-persons", std::time::Duration::from_secs(10))
            .is_some(),
        "the deleted person is still found"
    );

    // …is back after the restore from the settings; a wrong passphrase is refused first.
    keys.chord(ALT, "8");
    s.find("#restore-passphrase").fill("non è la frase");
    s.find("#restore-backup").click();
    s.wait_text("#restore-error", |t| t == "Frase segreta errata.");
    s.find("#restore-passphrase")
        .fill(sportello_archive::demo::DEMO_PASSPHRASE);
    s.find("#restore-backup").click();
    let restored = s.wait_text("#restore-status", |t| {
        t.starts_with("Archivio ripristinato dalla copia del")
    });
    s.screenshot("ripristino");
    assert!(restored.contains("record"), "{restored}");
    search(&mut keys, &s, &name);
    s.wait_text("#person-list tbody", |t| t.contains(&someone.display_name));
    assert!(data.join("archivio.db.prima-del-ripristino").exists());

    // Nuova chiave di recupero: while the new key is not confirmed the dashboard insists;
    // confirmed by two groups typed back, it opens the archive.
    keys.chord(ALT, "8");
    s.find("#make-new-kit").click();
    s.wait_text("#new-recovery-key", |t| t.starts_with("AGE-SECRET-KEY-1 "));
    keys.chord(ALT, "1");
    s.wait_text("#recovery-pending", |t| {
        t.contains("non è stata confermata")
    });
    s.find("#open-new-kit").click();
    s.find("#make-new-kit").click();
    let shown: Vec<String> = s
        .wait_text("#new-recovery-key", |t| t.starts_with("AGE-SECRET-KEY-1 "))
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let group = |field: &str| -> usize {
        s.execute(&format!(
            "return Number(document.querySelector('#{field}').dataset.group);"
        ))
        .as_u64()
        .expect("the group asked") as usize
    };
    let (a, b) = (group("new-group-a"), group("new-group-b"));
    s.find("#new-group-a").fill(&shown[a]);
    s.find("#new-group-b").fill(&shown[a]);
    s.find("#confirm-new-key").click();
    s.wait_text("#new-group-b-error", |t| !t.is_empty());
    s.find("#new-group-b").fill(&shown[b]);
    s.find("#confirm-new-key").click();
    s.wait_text("#new-kit-status", |t| t == "Chiave di recupero confermata.");
    s.screenshot("nuova-chiave");
    keys.chord(ALT, "1");
    s.find("#backup-now");
    assert!(
        s.execute("return document.querySelector('#recovery-pending') === null;")
            .as_bool()
            .expect("bool"),
        "no insistence once confirmed"
    );
    let new_key = shown.concat();

    // Locking makes no second backup the same day.
    s.find("#lock").click();
    s.find("#passphrase");
    assert_eq!(backups().len(), 1);
    drop(s);
    drop(driver);
    let paths = sportello_archive::ArchivePaths::new(&data);
    let archive =
        sportello_e2e::unlock_after_the_app(&paths, sportello_archive::demo::DEMO_PASSPHRASE);
    assert!(archive.verify().expect("verify").is_sound());
    archive.lock().expect("lock");
    let kit = sportello_archive::RecoveryKey::parse(&new_key).expect("the key shown");
    sportello_archive::Archive::unlock_with_recovery(&paths, &kit)
        .expect("the new key opens the archive")
        .lock()
        .expect("lock");
}

/// The forgotten passphrase: the recovery key of the kit opens the archive from the unlock
/// screen and a new passphrase replaces the old one; a wrong key and a weak passphrase are
/// refused with Italian messages; then the settings change the passphrase again (a wrong
/// current one and a mismatched confirmation refused).
#[test]
fn unlock_with_the_recovery_key_set_a_new_passphrase_and_change_it_in_the_settings() {
    let tmp = tempfile::tempdir().expect("tmp");
    let data = tmp.path().join("demo");
    let config = tmp.path().join("config");
    let paths = sportello_archive::ArchivePaths::new(&data);
    let old =
        sportello_archive::SecretString::from(sportello_archive::demo::DEMO_PASSPHRASE.to_owned());
    let (_, recovery) = sportello_archive::demo::create(
        &paths,
        &old,
        &sportello_archive::demo::DemoOptions {
            years: 1,
            ..sportello_archive::demo::DemoOptions::desktop(Local::now().date_naive())
        },
    )
    .expect("demo");
    let key = sportello_archive::ExposeSecret::expose_secret(&recovery.secret_text()).to_owned();
    const NEW: &str = "aquilone rosso sul prato";
    let display = Display::start();
    let driver = Driver::start(
        &display,
        &[
            ("SPORTELLO_DATA_DIR", &data),
            ("SPORTELLO_CONFIG_DIR", &config),
        ],
    );
    let s = driver.session(&[]).named("recupero");
    s.find("#use-recovery").click();
    // A key of another archive.
    let other = sportello_archive::RecoveryKey::generate();
    s.find("#recovery_key")
        .fill(sportello_archive::ExposeSecret::expose_secret(
            &other.secret_text(),
        ));
    s.find("#new_passphrase").fill(NEW);
    s.find("#confirmation").fill(NEW);
    s.find("#recover").click();
    s.wait_text("#recovery_key-error", |t| {
        t.starts_with("La chiave di recupero non apre questo archivio")
    });
    // The right key, a weak passphrase.
    s.find("#recovery_key").fill(&key);
    s.find("#new_passphrase").fill("breve");
    s.find("#confirmation").fill("breve");
    s.find("#recover").click();
    s.wait_text("#new_passphrase-error", |t| {
        t == "La frase segreta deve avere almeno 12 caratteri."
    });
    s.screenshot("recupero-frase-debole");
    s.find("#new_passphrase").fill(NEW);
    s.find("#confirmation").fill(NEW);
    s.find("#recover").click();
    s.find("#latest-contacts");
    s.screenshot("recuperato");
    s.find("#lock").click();
    // The old passphrase no longer opens it; the new one does.
    s.find("#passphrase")
        .fill(sportello_archive::demo::DEMO_PASSPHRASE);
    s.find("#unlock").click();
    s.wait_text("#passphrase-error", |t| t == "Frase segreta errata.");
    s.find("#passphrase").fill(NEW);
    s.find("#unlock").click();
    s.find("#latest-contacts");

    // The settings change the passphrase: the current one confirms (a wrong one refused), the
    // new one follows the set-up's rules.
    const NEWER: &str = "lanterna blu sul molo";
    sportello_e2e::Keys::new(&s).chord(sportello_e2e::ALT, "8");
    s.find("#current-passphrase").fill("non è questa");
    s.find("#changed-passphrase").fill(NEWER);
    s.find("#changed-confirmation").fill(NEWER);
    s.find("#change-passphrase").click();
    s.wait_text("#change-passphrase-error", |t| t == "Frase segreta errata.");
    s.find("#current-passphrase").fill(NEW);
    s.find("#changed-confirmation").fill("lanterna blu");
    s.find("#change-passphrase").click();
    s.wait_text("#changed-confirmation-error", |t| !t.is_empty());
    s.find("#changed-confirmation").fill(NEWER);
    s.find("#change-passphrase").click();
    s.wait_text("#change-passphrase-status", |t| {
        t.starts_with("Frase segreta cambiata. Una copia salvata del vecchio file della chiave")
    });
    s.find("#lock").click();
    s.find("#passphrase").fill(NEW);
    s.find("#unlock").click();
    s.wait_text("#passphrase-error", |t| t == "Frase segreta errata.");
    s.find("#passphrase").fill(NEWER);
    s.find("#unlock").click();
    s.find("#latest-contacts");

    // Cambia la chiave dell'archivio: her passphrase confirms; her old key file is retired and
    // the same passphrase opens the re-encrypted archive.
    let key_files = || -> Vec<std::path::PathBuf> {
        std::fs::read_dir(data.join("operatori"))
            .expect("operators")
            .map(|e| e.expect("entry").path())
            .collect()
    };
    let old_files = key_files();
    sportello_e2e::Keys::new(&s).chord(sportello_e2e::ALT, "8");
    s.find("#rekey-passphrase").fill("non è questa");
    s.find("#rekey").click();
    s.wait_text("#rekey-error", |t| t == "Frase segreta errata.");
    s.find("#rekey-passphrase").fill(NEWER);
    s.find("#rekey").click();
    s.wait_text("#rekey-status", |t| {
        t.starts_with("Chiave dell'archivio cambiata")
    });
    s.screenshot("chiave-cambiata");
    let new_files = key_files();
    assert_eq!(new_files.len(), 1);
    assert!(
        !old_files.contains(&new_files[0]),
        "her key file was renewed"
    );
    s.find("#lock").click();
    s.find("#passphrase").fill(NEWER);
    s.find("#unlock").click();
    s.find("#latest-contacts");
}
