//! The desk on a small screen and magnified, in the real window: at 1024×768, and at 1280×800
//! with the webview's zoom at 2.0, no section's page nor a person's page needs horizontal
//! scrolling (`scrollWidth ≤ clientWidth` for the page, its main content and every table's
//! frame, so no column scrolls out of view). Screenshots at 200 % go to
//! target/e2e-artifacts/ (axe-core checks each).

use sportello_e2e::{demo_archive, Display, Driver, Keys, Session, ALT, ARROW_DOWN, ENTER};
use std::path::Path;

/// What scrolls sideways on the page shown, once it has settled: the page itself, its main
/// content, or a table inside its frame (a column pushed out of view), with the widths.
fn overflow(s: &Session, name: &str) -> Vec<String> {
    std::thread::sleep(std::time::Duration::from_millis(400));
    let found = s.execute(
        "const wide = e => e.scrollWidth > e.clientWidth;
         const out = [];
         const d = document.documentElement, c = document.querySelector('#content');
         const culprits = () => Array.from(c.querySelectorAll('*'))
           .filter(e => e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0)
           .slice(-3)
           .map(e => `${e.tagName.toLowerCase()}#${e.id}.${e.className}`).join(' ');
         if (wide(d)) out.push(`page ${d.scrollWidth}>${d.clientWidth}: ${culprits()}`);
         if (wide(c)) out.push(`content ${c.scrollWidth}>${c.clientWidth}`);
         for (const w of c.querySelectorAll('.table-wrap')) {
           if (wide(w)) out.push(`table ${w.querySelector('table')?.id || '?'} ${w.scrollWidth}>${w.clientWidth}`);
         }
         return out;",
    );
    found
        .as_array()
        .expect("overflows")
        .iter()
        .map(|x| format!("{name}: {}", x.as_str().unwrap_or("?")))
        .collect()
}

/// What scrolls sideways in each of the eight sections and on a person's page (her colloqui
/// table), with a screenshot of each.
fn overflowing_pages(
    s: &Session,
    keys: &mut Keys,
    label: &str,
    (query, person): &(String, String),
) -> Vec<String> {
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
        problems.extend(overflow(s, name));
        s.screenshot(&format!("{label}-{name}"));
    }
    keys.chord(ALT, "2");
    s.wait_focus("#person-search");
    keys.text(query);
    s.wait_text("#person-list tbody", |t| t.contains(person.as_str()));
    keys.press(ARROW_DOWN).press(ENTER);
    s.wait_text("#person-name", |t| t == person);
    s.find("#person-timeline tbody tr.contact");
    problems.extend(overflow(s, "scheda persona"));
    s.screenshot(&format!("{label}-scheda-persona"));
    s.execute("document.querySelector('#person-timeline').scrollIntoView(); return true;");
    s.screenshot(&format!("{label}-colloqui-della-persona"));
    problems
}

struct Screen<'a> {
    size: &'a str,
    zoom: &'a str,
    label: &'a str,
}

fn run(data: &Path, config: &Path, screen: Screen, person: &(String, String)) -> Vec<String> {
    let Screen { size, zoom, label } = screen;
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
    // The window's size and zoom took: the page is as wide as the screen, divided by the zoom.
    let css_width = s
        .execute("return window.innerWidth;")
        .as_u64()
        .expect("width");
    let (pixels, zoom_factor): (u64, u64) = (
        size.split('x')
            .next()
            .and_then(|w| w.parse().ok())
            .expect("size"),
        zoom.parse().expect("zoom"),
    );
    let expected = pixels / zoom_factor;
    assert!(
        css_width <= expected && css_width + 24 >= expected,
        "{label}: the page is {css_width} CSS px wide, not about {expected}: size or zoom not applied"
    );
    overflowing_pages(&s, &mut keys, label, person)
}

#[test]
fn no_page_scrolls_sideways_at_1024x768_or_at_200_percent() {
    let tmp = tempfile::tempdir().expect("tmp");
    let data = tmp.path().join("demo");
    let config = tmp.path().join("config");
    let archive = demo_archive(&data, 43);
    // A person with many colloqui (the longest table): the first the search shows for the
    // surname of the busiest among the first found.
    let busiest = archive
        .find_persons("a", 40)
        .expect("find")
        .into_iter()
        .max_by_key(|p| {
            archive
                .contacts_of(p.id, u32::MAX)
                .map(|c| c.len())
                .unwrap_or(0)
        })
        .expect("a demo person");
    let surname = busiest
        .display_name
        .split(' ')
        .next()
        .expect("surname")
        .to_string();
    let first = archive
        .find_persons(&surname, 1)
        .expect("find")
        .into_iter()
        .next()
        .expect("the surname's first person");
    let person = (surname, first.display_name);
    archive.lock().expect("lock");
    let small = Screen {
        size: "1024x768",
        zoom: "1",
        label: "piccolo",
    };
    let magnified = Screen {
        size: "1280x800",
        zoom: "2",
        label: "zoom200",
    };
    let mut problems = run(&data, &config, small, &person);
    problems.extend(run(&data, &config, magnified, &person));
    assert!(
        problems.is_empty(),
        "pages that scroll sideways: {problems:#?}"
    );
}
