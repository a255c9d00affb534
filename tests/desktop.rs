//! The real desktop window, driven through WebDriver under Xvfb: first run, dashboard, lock,
//! wrong passphrase, unlock, auto-lock, and what is left on the page and on disk after locking.
//! Screenshots of every screen go to target/e2e-artifacts/.

use chrono::{Local, NaiveTime};
use sportello_archive::demo::{FOREIGN_SURNAMES, SURNAMES};
use sportello_core::model::{Identity, NewContact, NewPerson};
use sportello_core::{Area, Channel, Citizenship, Gender, Minutes, ServiceGiven};
use sportello_e2e::{demo_archive, set_idle, unlock_demo, Display, Driver, PrivateBus, ENTER};
use std::time::{Duration, Instant};

const PASSPHRASE: &str = "girasole verde mattina";
const SURNAME_CANARY: &str = "Zqxwcanarinofinestra";
const SUMMARY_CANARY: &str = "Wkvcanarinocolloquio";

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
