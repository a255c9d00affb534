//! The desk on a small screen and magnified, in the real window: at 1024×768, and at 1280×800
//! with the webview's zoom at 2.0, no section's page needs horizontal scrolling
//! (`scrollWidth ≤ clientWidth` for the page and its main content). Screenshots at 200 % go to
//! target/e2e-artifacts/ (axe-core checks each).

use sportello_e2e::{demo_archive, Display, Driver, Keys, Session, ALT, ENTER};
use std::path::Path;

/// The sections whose page overflows sideways: (section, page width, its client width).
fn overflowing_sections(s: &Session, keys: &mut Keys, label: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for (n, name) in [
        "cruscotto",
        "persone",
        "invii",
        "agenda",
        "ore",
        "servizi",
        "report",
        "impostazioni",
    ]
    .iter()
    .enumerate()
    {
        keys.chord(ALT, &(n + 1).to_string());
        s.find("#content h1");
        std::thread::sleep(std::time::Duration::from_millis(400));
        let m = s.execute(
            "const c = document.querySelector('#content'); const d = document.documentElement;
             return [d.scrollWidth, d.clientWidth, c.scrollWidth, c.clientWidth];",
        );
        let v: Vec<u64> = m
            .as_array()
            .expect("widths")
            .iter()
            .map(|x| x.as_u64().unwrap_or(0))
            .collect();
        if v[0] > v[1] || v[2] > v[3] {
            problems.push(format!(
                "{name}: page {}>{} or content {}>{}",
                v[0], v[1], v[2], v[3]
            ));
        }
        s.screenshot(&format!("{label}-{name}"));
    }
    problems
}

fn run(data: &Path, config: &Path, size: &str, zoom: &str, label: &str) -> Vec<String> {
    let display = Display::start();
    let size_os = std::ffi::OsString::from(size);
    let zoom_os = std::ffi::OsString::from(zoom);
    let driver = Driver::start(
        &display,
        &[
            ("SPORTELLO_DATA_DIR", data),
            ("SPORTELLO_CONFIG_DIR", config),
            ("SPORTELLO_WINDOW_SIZE", Path::new(&size_os)),
            ("SPORTELLO_ZOOM", Path::new(&zoom_os)),
        ],
    );
    let s = driver.session(&[]).named(label);
    let mut keys = Keys::new(&s);
    // By keyboard: at 200 % WebDriver's clicks land off their element (its coordinates
    // ignore the webview's zoom).
    s.find("#passphrase")
        .fill(sportello_archive::demo::DEMO_PASSPHRASE);
    keys.press(ENTER);
    s.find("#latest-contacts");
    overflowing_sections(&s, &mut keys, label)
}

#[test]
fn no_page_scrolls_sideways_at_1024x768_or_at_200_percent() {
    let tmp = tempfile::tempdir().expect("tmp");
    let data = tmp.path().join("demo");
    let config = tmp.path().join("config");
    demo_archive(&data, 43).lock().expect("lock");
    let mut problems = run(&data, &config, "1024x768", "1", "piccolo");
    problems.extend(run(&data, &config, "1280x800", "2", "zoom200"));
    assert!(
        problems.is_empty(),
        "pages that scroll sideways: {problems:#?}"
    );
}
