//! The shortcuts page in the real window: F1 opens it from anywhere on the desk, ? too outside a
//! text field (inside one it is typed), the button in the header too; it lists every shortcut.

use sportello_e2e::{demo_archive, unlock_demo, Display, Driver, Keys, ALT};

#[test]
fn f1_and_question_mark_open_the_shortcuts_page() {
    let tmp = tempfile::tempdir().expect("tmp");
    let data = tmp.path().join("demo");
    let config = tmp.path().join("config");
    demo_archive(&data, 41).lock().expect("lock");
    let display = Display::start();
    let driver = Driver::start(
        &display,
        &[
            ("SPORTELLO_DATA_DIR", &data),
            ("SPORTELLO_CONFIG_DIR", &config),
        ],
    );
    let s = driver.session(&[]).named("scorciatoie");
    let mut keys = Keys::new(&s);
    unlock_demo(&s);
    keys.press("\u{E031}"); // F1
    s.wait_text("#content h1", |t| t == "Scorciatoie da tastiera");
    announced(&s, "Scorciatoie da tastiera");
    let table = s.find("#shortcuts").text();
    for expected in [
        "Alt+1 … Alt+8",
        "Alt+N",
        "Alt+P",
        "Alt+O",
        "Ctrl+Invio",
        "Esc",
        "Pag↓, Pag↑",
    ] {
        assert!(table.contains(expected), "«{expected}»:\n{table}");
    }
    s.screenshot("scorciatoie");
    // "?" in the person search is typed, not a shortcut...
    keys.chord(ALT, "2");
    s.wait_focus("#person-search");
    // The focus is in the search; the page's heading is said by the announcer.
    announced(&s, "Persone");
    keys.text("?");
    assert_eq!(
        s.find("#person-search").property("value"),
        serde_json::Value::String("?".into())
    );
    // ...outside a field it opens the page.
    s.execute("document.activeElement.blur();");
    keys.text("?");
    s.wait_text("#content h1", |t| t == "Scorciatoie da tastiera");
    s.find("#open-shortcuts");
}

/// Waits until the page announcer (a polite live region, visually hidden) says `heading`.
fn announced(s: &sportello_e2e::Session, heading: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let said = s.execute("return document.querySelector('#page-announcer').textContent;");
        if said.as_str() == Some(heading) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the announcer says {said}, not {heading}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}
