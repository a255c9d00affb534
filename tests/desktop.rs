//! The real desktop window, driven through WebDriver under Xvfb: first run, dashboard, lock,
//! wrong passphrase, unlock, auto-lock, and what is left on the page and on disk after locking.
//! Screenshots of every screen go to target/e2e-artifacts/.

use chrono::{Local, NaiveTime};
use sportello_archive::demo::{FOREIGN_SURNAMES, SURNAMES};
use sportello_core::model::{Identity, NewContact, NewPerson};
use sportello_core::{Area, Channel, Citizenship, Gender, Minutes, ServiceGiven};
use sportello_e2e::{demo_archive, unlock_demo, Display, Driver, PrivateBus, ENTER};
use std::time::{Duration, Instant};

const PASSPHRASE: &str = "girasole verde mattina";
const SURNAME_CANARY: &str = "Zqxwcanarinofinestra";
const SUMMARY_CANARY: &str = "Wkvcanarinocolloquio";

/// Asks the shell, as the page would, to lock after `seconds` of inactivity.
fn set_idle(session: &sportello_e2e::Session, seconds: u32) {
    let result = session.execute_async(&format!(
        "const done = arguments[arguments.length - 1];
         window.__TAURI__.core.invoke('set_idle_timeout', {{ seconds: {seconds} }}).then(() => done('ok'), e => done(JSON.stringify(e)));"
    ));
    assert_eq!(result, "ok");
}

#[test]
fn first_run_dashboard_lock_unlock_and_auto_lock() {
    let tmp = tempfile::tempdir().expect("tmp");
    let data = tmp.path().join("archivio");
    let config = tmp.path().join("config");
    let kits = tmp.path().join("chiavetta");
    std::fs::create_dir_all(&kits).expect("kits");
    let display = Display::start();
    let system_bus = PrivateBus::start();
    let driver = Driver::start(
        &display,
        &[
            ("SPORTELLO_DATA_DIR", &data),
            ("SPORTELLO_CONFIG_DIR", &config),
            ("SPORTELLO_TEST_SHORT_IDLE", std::path::Path::new("1")),
            ("SPORTELLO_SAVE_DIR", &kits),
            (
                "DBUS_SYSTEM_BUS_ADDRESS",
                std::path::Path::new(&system_bus.address),
            ),
        ],
    );
    let s = driver.session(&[]).named("primo-avvio");

    // 1. Data folder: the default is shown.
    let folder = s.find("#step-folder #data_dir");
    assert_eq!(
        folder.property("value").as_str(),
        Some(data.to_str().expect("utf-8 path"))
    );
    s.screenshot("cartella");
    s.find("#next").click();

    // 2. Passphrase: a weak one is refused with the core's Italian message.
    s.find("#step-passphrase #passphrase").fill("breve");
    s.find("#confirmation").fill("breve");
    s.find("#next").click();
    s.wait_text("#passphrase-error", |t| {
        t == "La frase segreta deve avere almeno 12 caratteri."
    });
    s.screenshot("frase-debole");
    s.find("#passphrase").fill(PASSPHRASE);
    s.find("#confirmation").fill(PASSPHRASE);
    s.find("#next").click();

    // 3. Contract: bad input is refused at its field, then corrected.
    s.find("#step-contract #comune")
        .fill("Comune di Roccaverde");
    s.find("#provider").fill("Cooperativa Sociale Il Ponte");
    s.find("#start").fill("31/02/2026");
    s.find("#end").fill("28/02/2029");
    s.find("#hourly_rate").fill("ventitré");
    s.find("#create").click();
    s.wait_text("#start-error", |t| t.starts_with("Data non valida"));
    s.wait_text("#hourly_rate-error", |t| {
        t.starts_with("Importo non valido")
    });
    s.screenshot("convenzione-errori");
    assert!(
        !data.exists(),
        "nothing is written while the form has errors"
    );
    s.find("#start").fill("01/03/2026");
    s.find("#hourly_rate").fill("23,00");
    s.find("#create").click();

    // 4. The recovery key, shown once, and two groups of it chosen at random, typed back.
    let shown: Vec<String> = s
        .find("#step-recovery #recovery-key")
        .text()
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let key: String = shown.concat();
    assert!(
        key.starts_with("AGE-SECRET-KEY-1") && key.len() > 60,
        "{key}"
    );
    s.screenshot("chiave-recupero");
    // The kit to print, saved outside the data folder: its QR code decodes to the key shown.
    s.find("#save-kit").click();
    s.wait_text("#kit-status", |t| {
        t.starts_with("Kit di recupero salvato in")
    });
    let kit = kits.join("kit-recupero-sportello.pdf");
    let png = kits.join("kit");
    assert!(std::process::Command::new("pdftoppm")
        .args(["-r", "200", "-png", "-singlefile"])
        .arg(&kit)
        .arg(&png)
        .status()
        .expect("pdftoppm")
        .success());
    let scanned = std::process::Command::new("zbarimg")
        .args(["--raw", "-q"])
        .arg(kits.join("kit.png"))
        .output()
        .expect("zbarimg (zbar-tools) must be installed");
    assert_eq!(String::from_utf8_lossy(&scanned.stdout).trim(), key);
    let asked = |field: &str| -> usize {
        s.execute(&format!(
            "return Number(document.querySelector('#{field}').dataset.group);"
        ))
        .as_u64()
        .expect("the group asked") as usize
    };
    let (a, b) = (asked("group-a"), asked("group-b"));
    assert!(
        (1..=7).contains(&a) && (1..=7).contains(&b) && a < b,
        "{a} {b}"
    );
    assert!(s
        .find("label[for=group-a]")
        .text()
        .contains(&format!("gruppo {a} della chiave")));
    // Groups of eight after the prefix, the same as the printed kit.
    assert_eq!(shown[0], "AGE-SECRET-KEY-1");
    assert_eq!(shown[a].len(), 8);
    s.find("#group-a").fill(&shown[a].to_lowercase());
    s.find("#group-b").fill("XXXXXXXX");
    s.find("#confirm-recovery").click();
    s.wait_text("#group-b-error", |t| {
        t == "I caratteri non corrispondono alla chiave di recupero mostrata."
    });
    assert_eq!(s.find("#group-a-error").text(), "");
    s.find("#group-b").fill(&shown[b]);
    s.find("#confirm-recovery").click();

    // The dashboard shows the contract's monte ore.
    s.wait_text("#budget", |t| t == "178,00 h");
    s.wait_text("#hours-remaining", |t| t == "178,00 h");
    assert!(
        s.execute("return document.querySelector('#recovery-pending') === null;")
            .as_bool()
            .expect("bool"),
        "the key was confirmed at set-up"
    );
    s.screenshot("cruscotto");
    assert!(data.join("chiave.age").exists() && data.join("archivio.db").exists());
    assert!(data.join("chiave-recupero.age").exists() && data.join("operatori").is_dir());

    // Lock, a wrong passphrase, then the right one.
    s.find("#lock").click();
    s.find("#unlock");
    assert!(
        !s.source().contains("178,00"),
        "the dashboard is gone from the page"
    );
    s.screenshot("bloccato");
    s.find("#passphrase").type_text("non è questa");
    s.find("#passphrase").type_text(ENTER);
    s.wait_text("#passphrase-error", |t| t == "Frase segreta errata.");
    s.screenshot("frase-errata");
    s.find("#passphrase").fill(PASSPHRASE);
    s.find("#unlock").click();
    s.wait_text("#budget", |t| t == "178,00 h");

    // The laptop going to sleep locks the desk (logind's signal on the system bus), and so
    // does the session's screen lock.
    let unlock_again = || {
        s.find("#passphrase").fill(PASSPHRASE);
        s.find("#unlock").click();
        s.wait_text("#budget", |t| t == "178,00 h");
    };
    system_bus.signal(
        "/org/freedesktop/login1",
        "org.freedesktop.login1.Manager.PrepareForSleep",
        &["boolean:true"],
    );
    assert!(
        s.wait_for("#unlock", Duration::from_secs(10)).is_some(),
        "going to sleep did not lock the desk"
    );
    s.screenshot("bloccato-sospensione");
    unlock_again();
    // Waking up (false) changes nothing.
    system_bus.signal(
        "/org/freedesktop/login1",
        "org.freedesktop.login1.Manager.PrepareForSleep",
        &["boolean:false"],
    );
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        s.execute("return document.querySelector('#budget') !== null;")
            .as_bool()
            .expect("bool"),
        "waking up locked the desk"
    );
    system_bus.signal(
        "/org/freedesktop/login1/session/_31",
        "org.freedesktop.login1.Session.Lock",
        &[],
    );
    assert!(
        s.wait_for("#unlock", Duration::from_secs(10)).is_some(),
        "the screen lock did not lock the desk"
    );
    unlock_again();

    // Auto-lock after a short idle time.
    set_idle(&s, 3);
    let idle_from = Instant::now();
    let locked = s.wait_for("#unlock", Duration::from_secs(20));
    assert!(locked.is_some(), "the app did not lock itself");
    assert!(
        idle_from.elapsed() >= Duration::from_secs(2),
        "locked too early: {:?}",
        idle_from.elapsed()
    );
    s.screenshot("blocco-automatico");
    drop(s);
    assert!(
        !key.is_empty() && sportello_e2e_no_hits(&data, &[&key, &key.to_lowercase()]),
        "the recovery key is not on disk"
    );
}

#[test]
fn after_auto_lock_no_surname_is_left_on_the_page_or_on_disk() {
    let tmp = tempfile::tempdir().expect("tmp");
    let data = tmp.path().join("demo");
    let config = tmp.path().join("config");
    let mut archive = demo_archive(&data, 11);
    let today = Local::now().date_naive();
    // The newest contact belongs to a person whose surname is a canary.
    let person = archive
        .add_person(&NewPerson {
            identity: Identity::Named {
                surname: SURNAME_CANARY.into(),
                name: "Ada".into(),
                codice_fiscale: None,
                birth: None,
            },
            ..NewPerson::anonymous(
                Gender::Female,
                sportello_core::AgeBand::Unknown,
                Citizenship::Italian,
            )
        })
        .expect("canary person");
    archive
        .add_contact(&NewContact {
            start_time: NaiveTime::from_hms_opt(23, 59, 0),
            channel: Channel::Phone,
            summary: format!("{SUMMARY_CANARY}: racconto riservato."),
            ..NewContact::basic(
                person,
                today,
                Minutes(20),
                vec![ServiceGiven::Listening],
                vec![Area::Family],
            )
        })
        .expect("canary contact");
    archive.lock().expect("lock");

    // The webview's own storage (WebKit caches, local storage) goes under the same folder, so
    // the scan at the end covers everything the app can write.
    let xdg_data = tmp.path().join("xdg-data");
    let xdg_cache = tmp.path().join("xdg-cache");
    let xdg_config = tmp.path().join("xdg-config");
    // Its temporary files too.
    let temp = tmp.path().join("tmp");
    std::fs::create_dir_all(&temp).expect("temp dir");
    let display = Display::start();
    let driver = Driver::start(
        &display,
        &[
            ("SPORTELLO_DATA_DIR", &data),
            ("SPORTELLO_CONFIG_DIR", &config),
            ("SPORTELLO_TEST_SHORT_IDLE", std::path::Path::new("1")),
            ("XDG_DATA_HOME", &xdg_data),
            ("XDG_CACHE_HOME", &xdg_cache),
            ("XDG_CONFIG_HOME", &xdg_config),
            ("TMPDIR", &temp),
        ],
    );
    let s = driver.session(&[]).named("demo");
    unlock_demo(&s);
    let shown = s.source();
    assert!(
        shown.contains(SURNAME_CANARY),
        "the newest contact is listed on the dashboard"
    );
    let shown_surnames: Vec<&str> = SURNAMES
        .iter()
        .chain(FOREIGN_SURNAMES)
        .copied()
        .filter(|n| shown.contains(n))
        .collect();
    assert!(
        !shown_surnames.is_empty(),
        "demo surnames are on the dashboard"
    );
    s.screenshot("cruscotto-demo");
    // No personal data in the window's titles, as the X server holds them (what a window list
    // or a screen sharing shows), nor in the page's title.
    let windows = sportello_e2e::window_titles(&display);
    assert!(
        windows.iter().any(|t| t == "Sportello"),
        "the app's window is listed: {windows:?}"
    );
    assert!(
        windows.iter().all(|t| !t.contains(SURNAME_CANARY)),
        "{windows:?}"
    );
    assert_eq!(
        s.execute("return document.title;").as_str(),
        Some("Sportello")
    );

    // Keyboard: Tab alone reaches every control of the desk, each with a visible focus ring.
    let controls = s.visible_controls();
    assert!(controls.iter().any(|c| c == "lock"), "{controls:?}");
    let stops = s.tab_cycle(60);
    let reached: Vec<&str> = stops.iter().map(|(id, _)| id.as_str()).collect();
    for control in &controls {
        assert!(
            reached.contains(&control.as_str()),
            "{control} is not reached by Tab: {reached:?}"
        );
    }
    for (id, ring) in &stops {
        assert!(ring, "{id} has no visible focus ring");
    }

    // No network: every internet socket of the app and of its WebKit processes is loopback,
    // and the only one listening is WebKit's automation server, which WebKitWebDriver asks
    // for through WEBKIT_INSPECTOR_SERVER (it does not exist outside tests).
    let processes = sportello_e2e::app_processes(&config);
    assert!(
        processes.len() >= 2,
        "the app and its WebKit processes are found: {processes:?}"
    );
    // No crash output: the app and its WebKit processes may not write a core dump.
    for pid in &processes {
        assert_eq!(
            sportello_e2e::core_dump_limits(*pid),
            Some(("0".to_string(), "0".to_string())),
            "core dumps allowed for process {pid}"
        );
    }
    let automation_port: u16 = sportello_e2e::environ_var(processes[0], "WEBKIT_INSPECTOR_SERVER")
        .and_then(|a| a.rsplit(':').next()?.parse().ok())
        .expect("WebKitWebDriver's automation address");
    let sockets = sportello_e2e::inet_sockets(&processes);
    let outside: Vec<_> = sockets.iter().filter(|s| !s.loopback_only).collect();
    assert!(outside.is_empty(), "sockets beyond loopback: {outside:#?}");
    let listening: Vec<_> = sockets
        .iter()
        .filter(|s| s.is_listening() && s.local_port() != Some(automation_port))
        .collect();
    assert!(listening.is_empty(), "the app listens: {listening:#?}");

    set_idle(&s, 3);
    s.wait_for("#unlock", Duration::from_secs(20))
        .expect("auto-lock");
    let page = s.source();
    s.screenshot("demo-bloccato");
    for name in SURNAMES
        .iter()
        .chain(FOREIGN_SURNAMES)
        .chain([&SURNAME_CANARY])
    {
        assert!(!page.contains(name), "{name} is still on the locked page");
    }
    assert!(
        !page.contains("Roccaverde"),
        "the dashboard's data are gone"
    );
    // Everything under the test's folder: archive, settings, the webview's storage.
    assert!(
        sportello_e2e_no_hits(tmp.path(), &[SURNAME_CANARY, SUMMARY_CANARY]),
        "a canary is on disk"
    );
}

/// True when no file under `dir` holds any needle as UTF-8, UTF-16LE or UTF-16BE.
fn sportello_e2e_no_hits(dir: &std::path::Path, needles: &[&str]) -> bool {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let bytes = std::fs::read(&path).expect("read");
            for needle in needles {
                let utf16: Vec<u16> = needle.encode_utf16().collect();
                let le: Vec<u8> = utf16.iter().flat_map(|u| u.to_le_bytes()).collect();
                let be: Vec<u8> = utf16.iter().flat_map(|u| u.to_be_bytes()).collect();
                for n in [needle.as_bytes(), &le, &be] {
                    if memchr::memmem::find(&bytes, n).is_some() {
                        eprintln!("found in {}", path.display());
                        return false;
                    }
                }
            }
        }
    }
    true
}

/// Persone: search a demo person and open the record with every contact; a new person with
/// three mistakes is refused field by field and nothing is saved; corrected, it is saved and
/// found; the same codice fiscale a second time is refused by the archive.
#[test]
fn persons_search_open_and_record_a_new_one() {
    let tmp = tempfile::tempdir().expect("tmp");
    let data = tmp.path().join("demo");
    let config = tmp.path().join("config");
    let archive = demo_archive(&data, 5);
    // The demo person the search will show first for "Ro", and their contacts.
    let first = archive
        .find_persons("Ro", 1)
        .expect("find")
        .into_iter()
        .next()
        .expect("a demo person whose name starts with Ro");
    let contacts = archive.contacts_of(first.id, u32::MAX).expect("contacts");
    archive.lock().expect("lock");

    let display = Display::start();
    let driver = Driver::start(
        &display,
        &[
            ("SPORTELLO_DATA_DIR", &data),
            ("SPORTELLO_CONFIG_DIR", &config),
        ],
    );
    let s = driver.session(&[]).named("persone");
    unlock_demo(&s);
    s.find("#nav-persone").click();

    // Search and open.
    s.find("#person-search").fill("Ro");
    s.wait_text("#person-list tbody tr:first-child .person", |t| {
        t == first.display_name
    });
    s.screenshot("ricerca");
    s.find("#person-list tbody tr:first-child .person").click();
    s.wait_text("#person-name", |t| t == first.display_name);
    let rows =
        s.execute("return document.querySelectorAll('#person-timeline tbody tr.contact').length;");
    assert_eq!(
        rows.as_u64(),
        Some(contacts.len() as u64),
        "every contact is listed"
    );
    s.screenshot("scheda");
    s.find("#back-to-list").click();

    // A new person with mistakes: each is told at its field, nothing is saved.
    s.find("#new-person").click();
    s.find("#surname").fill("Quagliarella");
    s.find("#name").fill("Ornella");
    s.find("#codice_fiscale").fill("QGLRLL80A41H501X");
    s.find("#birth").fill("31/02/1980");
    s.find("#save-person").click();
    s.wait_text("#codice_fiscale-error", |t| {
        t == "Codice fiscale non valido: il carattere di controllo non corrisponde."
    });
    s.wait_text("#birth-error", |t| t.starts_with("Data non valida"));
    s.wait_text("#gender-error", |t| t == "Campo obbligatorio.");
    s.wait_text("#person-form-error", |t| {
        t == "Alcuni campi non sono validi: correggere i dati indicati."
    });
    s.screenshot("nuova-errori");

    // Corrected: saved, and its record opens.
    let birth = chrono::NaiveDate::from_ymd_opt(1980, 1, 1).expect("date");
    let cf = sportello_core::CodiceFiscale::compute("Quagliarella", "Ornella", birth, true, "H501")
        .expect("codice fiscale");
    s.find("#codice_fiscale").fill(cf.as_str());
    s.find("#birth").fill("01/01/1980");
    s.find("#gender option[value='F']").click();
    s.find("#citizenship option[value='IT']").click();
    s.find("#household_notes").fill("Vive con la madre.");
    s.find("#save-person").click();
    s.wait_text("#person-name", |t| t == "Quagliarella Ornella");
    s.wait_text("#person-cf", |t| t == cf.as_str());
    s.screenshot("nuova-salvata");

    // The same codice fiscale again: refused by the archive, at the field.
    s.find("#back-to-list").click();
    s.find("#new-person").click();
    s.find("#surname").fill("Quagliarella");
    s.find("#name").fill("Ornella");
    s.find("#codice_fiscale").fill(cf.as_str());
    s.find("#gender option[value='F']").click();
    s.find("#citizenship option[value='IT']").click();
    s.find("#save-person").click();
    s.wait_text("#codice_fiscale-error", |t| {
        t == "Esiste già una persona con questo codice fiscale: aprire la sua scheda invece di crearne una nuova."
    });
    s.screenshot("nuova-doppione");
    // Cancel with typed text asks first.
    s.find("#cancel-person").click();
    s.find("#dialog-confirm").click();

    // Exactly one Quagliarella is on record.
    s.find("#person-search").fill("Quagl");
    s.wait_text("#person-list tbody", |t| t.contains("Quagliarella Ornella"));
    let found = s.execute("return document.querySelectorAll('#person-list tbody tr').length;");
    assert_eq!(found.as_u64(), Some(1), "saved once");
}

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
    let pass =
        sportello_archive::SecretString::from(sportello_archive::demo::DEMO_PASSPHRASE.to_owned());
    let archive = sportello_archive::Archive::unlock(&paths, &pass).expect("unlock");
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

/// `--demo` says *DEMO* on every screen and in the title, and never writes her real settings.
#[test]
fn a_demo_says_so_everywhere_and_leaves_her_settings_alone() {
    let tmp = tempfile::tempdir().expect("tmp");
    let config = tmp.path().join("config");
    let real_archive = tmp.path().join("archivio-vero");
    std::fs::create_dir_all(&config).expect("config dir");
    let settings = config.join("impostazioni.json");
    let real_settings = format!(
        "{{\"data_dir\":{},\"lang\":\"it\",\"idle_seconds\":600}}",
        serde_json::to_string(real_archive.to_str().expect("utf-8")).expect("json")
    );
    std::fs::write(&settings, &real_settings).expect("settings");
    let display = Display::start();
    let driver = Driver::start(&display, &[("SPORTELLO_CONFIG_DIR", &config)]);
    let s = driver.session(&["--demo"]).named("demo");
    let banner = s.wait_text("#demo-banner", |t| t.starts_with("DEMO"));
    assert!(banner.contains("dati inventati"), "{banner}");
    assert_eq!(
        s.execute("return document.title;").as_str(),
        Some("Sportello — DEMO (dati inventati)")
    );
    s.screenshot("sblocco");
    unlock_demo(&s);
    s.find("#demo-banner");
    s.screenshot("cruscotto");
    // A change of language and of idle time lasts for this run only.
    set_idle(&s, 900);
    let result = s.execute_async(
        "const done = arguments[arguments.length - 1];
         window.__TAURI__.core.invoke('set_lang', { lang: 'en' }).then(() => done('ok'), e => done(JSON.stringify(e)));",
    );
    assert_eq!(result.as_str(), Some("ok"));
    s.find("#demo-banner");
    drop(s);
    assert_eq!(
        std::fs::read_to_string(&settings).expect("settings"),
        real_settings,
        "the demo wrote her settings"
    );
    assert!(!real_archive.exists());
}

/// The archive her settings point to is missing (an unplugged stick): she is told where it was
/// expected and finds it, never offered a new empty archive unasked; a damaged settings file
/// is reported, kept aside, and the wizard comes only when she asks for it.
#[test]
fn a_missing_archive_is_looked_for_and_damaged_settings_are_told() {
    let tmp = tempfile::tempdir().expect("tmp");
    let config = tmp.path().join("config");
    let xdg = tmp.path().join("xdg");
    std::fs::create_dir_all(&config).expect("config dir");
    let unplugged = tmp.path().join("chiavetta").join("sportello");
    let settings = config.join("impostazioni.json");
    std::fs::write(
        &settings,
        format!(
            "{{\"data_dir\":{},\"lang\":\"it\",\"idle_seconds\":600}}",
            serde_json::to_string(unplugged.to_str().expect("utf-8")).expect("json")
        ),
    )
    .expect("settings");
    let moved = tmp.path().join("spostato");
    drop(demo_archive(&moved, 3));
    let display = Display::start();
    let driver = Driver::start(
        &display,
        &[
            ("SPORTELLO_CONFIG_DIR", &config),
            ("XDG_DATA_HOME", &xdg),
            ("SPORTELLO_PICK_DIR", &moved),
        ],
    );
    let s = driver.session(&[]).named("archivio-mancante");
    s.find("#archive-missing");
    assert_eq!(
        s.find("#missing-dir").text(),
        unplugged.display().to_string()
    );
    assert!(
        s.execute("return document.querySelector('#step-folder') === null;")
            .as_bool()
            .expect("bool"),
        "a new archive was offered"
    );
    s.screenshot("mancante");
    s.find("#missing-retry").click();
    s.find("#archive-missing");
    // She points to where the folder went: it is remembered, and the archive opens.
    s.find("#missing-locate").click();
    s.find("#unlock");
    unlock_demo(&s);
    let saved: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&settings).expect("settings")).expect("json");
    assert_eq!(saved["data_dir"].as_str(), moved.to_str());
    drop(s);

    // A settings file cut in the middle: told, kept aside, and the archive looked for.
    std::fs::write(&settings, b"{\"data_dir\":\"/media/chiav").expect("damage");
    let s = driver.session(&[]).named("impostazioni-danneggiate");
    let problem = s.wait_text("#settings-problem", |t| !t.is_empty());
    assert!(
        problem.contains("è danneggiato") && problem.contains("impostazioni.json.danneggiato"),
        "{problem}"
    );
    s.find("#archive-missing");
    s.screenshot("danneggiate");
    assert_eq!(
        std::fs::read(config.join("impostazioni.json.danneggiato")).expect("kept"),
        b"{\"data_dir\":\"/media/chiav"
    );
    s.find("#settings-problem-ok").click();
    s.find("#missing-new").click();
    s.find("#step-folder");
}
