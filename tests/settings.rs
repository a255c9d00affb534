//! The settings the real window keeps apart from the archive: a demo that never touches hers
//! and says *DEMO* everywhere, an archive that is missing where the settings point, a damaged
//! settings file. Screenshots go to target/e2e-artifacts/.

use sportello_e2e::{demo_archive, set_idle, unlock_demo, Display, Driver};

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
