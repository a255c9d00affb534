//! Start-up and memory of the desktop app, side by side with the floor of its stack:
//! - start-up: from the WebDriver request that launches the app to the unlock field present and
//!   enabled (WebDriver's own start-up is included, for both, so this is an upper bound);
//! - resident memory of the app process and its WebKit processes (VmRSS summed, what the
//!   laptop pays): at the unlock screen, after unlocking (dashboard), after the yearly activity
//!   report of 2025;
//! - the same start-up and memory for `sportello-hello`, the floor of the stack: a window with
//!   one field built like the app (`benches/hello`: the same Tauri and WebKitGTK, a Leptos page
//!   compiled to wasm32 by `benches/hello-ui`), in the same run, runs alternating;
//! - and, for reference, the same window with the field in plain HTML (`--hello-html`): what
//!   Tauri and WebKit cost before any WebAssembly.
//!
//! Median of 5. Usage:
//! `measure-desktop [--archive DIR] [--hello BINARY] [--hello-html BINARY] [--json FILE]`; with
//! no archive, a fresh small demo. `scripts/bench.sh` runs it on the large archive and writes
//! the figures to BENCHMARKS.md; `scripts/measure.sh` runs it on the small demo.

use serde_json::json;
use sportello_archive::demo::{self, DemoOptions, DEMO_PASSPHRASE};
use sportello_archive::{ArchivePaths, SecretString};
use sportello_e2e::{Display, Driver, Session};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const RUNS: usize = 5;

/// A window measured beside the app: its name in the output, its key in the JSON, its binary,
/// and its figures of each run.
struct Floor {
    name: &'static str,
    key: &'static str,
    binary: PathBuf,
    startup_ms: Vec<u64>,
    rss_kib: Vec<u64>,
}

struct Args {
    archive: Option<PathBuf>,
    hello: Option<PathBuf>,
    hello_html: Option<PathBuf>,
    json: Option<PathBuf>,
}

fn args() -> Args {
    let mut parsed = Args {
        archive: None,
        hello: None,
        hello_html: None,
        json: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().map(PathBuf::from);
        match arg.as_str() {
            "--archive" => parsed.archive = value,
            "--hello" => parsed.hello = value,
            "--hello-html" => parsed.hello_html = value,
            "--json" => parsed.json = value,
            other => panic!(
                "argomento non riconosciuto: {other} (--archive, --hello, --hello-html, --json)"
            ),
        }
    }
    parsed
}

/// The files of `from` (and its folders) into `into`: the app writes to the archive it opens
/// (the backup of the day, the access log), so it opens a copy.
fn copy_tree(from: &Path, into: &Path) {
    std::fs::create_dir_all(into).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let path = entry.expect("entry").path();
        let to = into.join(path.file_name().expect("name"));
        if path.is_dir() {
            copy_tree(&path, &to);
        } else {
            std::fs::copy(&path, to).expect("copy");
        }
    }
}

fn median(values: &mut [u64]) -> u64 {
    values.sort_unstable();
    values[values.len() / 2]
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

/// From the request that launches `binary` to its unlock field, present and enabled.
fn start(driver: &Driver, binary: &Path) -> (Session, u64) {
    let t0 = Instant::now();
    let session = driver.session_of(binary, &[]);
    session.find("#passphrase");
    let ms = t0.elapsed().as_millis() as u64;
    (session, ms)
}

/// Waits until no process named `name` is left (the app finishing its close, the backup of
/// the day included), so the next run measures one app only.
fn wait_gone(name: &str) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while Instant::now() < deadline {
        let alive = std::fs::read_dir("/proc")
            .expect("/proc")
            .flatten()
            .any(|e| {
                std::fs::read_to_string(e.path().join("comm"))
                    .is_ok_and(|c| c.trim_end().starts_with(name))
            });
        if !alive {
            return;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    panic!("{name} still running 120 s after its window closed");
}

/// Waits for the page to settle (WebKit's processes grow for a moment after a screen shows).
fn settle() {
    std::thread::sleep(Duration::from_secs(2));
}

/// The yearly activity report of 2025, computed in the window as she would.
fn yearly_report(session: &Session) {
    session.find("#nav-report").click();
    session.find("#period-kind");
    session.execute(
        "const k = document.querySelector('#period-kind');
         k.value = 'year'; k.dispatchEvent(new Event('change', { bubbles: true }));
         return true;",
    );
    session.find("#period-year").fill("2025");
    session.find("#compute-report").click();
    session.wait_text("#report-title", |t| t.contains("2025"));
}

fn main() {
    let args = args();
    let tmp = tempfile::tempdir().expect("tmp");
    let data = tmp.path().join("archive");
    let config = tmp.path().join("config");
    let which = match &args.archive {
        Some(archive) => {
            copy_tree(archive, &data);
            format!("archive {}", archive.display())
        }
        None => {
            let today = chrono::Local::now().date_naive();
            let pass = SecretString::from(DEMO_PASSPHRASE.to_string());
            let (summary, _recovery) = demo::create(
                &ArchivePaths::new(&data),
                &pass,
                &DemoOptions::desktop(today),
            )
            .expect("demo");
            format!("small demo archive ({} colloqui)", summary.contacts)
        }
    };
    println!("{which}");
    let app = sportello_e2e::desktop_binary();

    let display = Display::start();
    let driver = Driver::start(
        &display,
        &[
            ("SPORTELLO_DATA_DIR", &data),
            ("SPORTELLO_CONFIG_DIR", &config),
        ],
    );
    let (mut startup, mut at_unlock, mut unlocked, mut after_report) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut floors: Vec<Floor> = [
        ("hello-world", "hello", args.hello.clone()),
        (
            "hello-world in plain HTML",
            "hello_html",
            args.hello_html.clone(),
        ),
    ]
    .into_iter()
    .filter_map(|(name, key, binary)| {
        Some(Floor {
            name,
            key,
            binary: binary?,
            startup_ms: Vec::new(),
            rss_kib: Vec::new(),
        })
    })
    .collect();
    for run in 1..=RUNS {
        let (session, ms) = start(&driver, &app);
        settle();
        let last = run == RUNS;
        let locked = app_rss_kib("sportello-desk", last.then_some("Sportello, unlock screen"));
        session.find("#passphrase").fill(DEMO_PASSPHRASE);
        session.find("#unlock").click();
        session.find("#latest-contacts");
        settle();
        let open = app_rss_kib("sportello-desk", last.then_some("Sportello, after unlock"));
        yearly_report(&session);
        settle();
        let report = app_rss_kib(
            "sportello-desk",
            last.then_some("Sportello, after the yearly report"),
        );
        drop(session);
        wait_gone("sportello-desk");
        println!(
            "run {run}: Sportello's unlock screen after {ms} ms; {:.1} MiB at the unlock screen, {:.1} MiB after unlock, {:.1} MiB after the yearly report",
            mib(locked),
            mib(open),
            mib(report)
        );
        startup.push(ms);
        at_unlock.push(locked);
        unlocked.push(open);
        after_report.push(report);

        for floor in &mut floors {
            let (session, ms) = start(&driver, &floor.binary);
            settle();
            let kib = app_rss_kib("sportello-hell", (run == RUNS).then_some(floor.name));
            drop(session);
            wait_gone("sportello-hell");
            println!(
                "run {run}: {}'s field after {ms} ms; {:.1} MiB",
                floor.name,
                mib(kib)
            );
            floor.startup_ms.push(ms);
            floor.rss_kib.push(kib);
        }
    }
    let mut figures = json!({
        "archive": which,
        "runs": RUNS,
        "startup_ms": median(&mut startup),
        "rss_kib_unlock_screen": median(&mut at_unlock),
        "rss_kib_after_unlock": median(&mut unlocked),
        "rss_kib_after_yearly_report": median(&mut after_report),
    });
    for floor in &mut floors {
        figures[format!("{}_startup_ms", floor.key)] = json!(median(&mut floor.startup_ms));
        figures[format!("{}_rss_kib", floor.key)] = json!(median(&mut floor.rss_kib));
    }
    println!("median of {RUNS}: {figures}");
    if let Some(path) = args.json {
        std::fs::write(&path, figures.to_string()).expect("write json");
    }
}

/// VmRSS of the process whose name starts with `name` (the kernel keeps 15 characters) and
/// all its descendants, in KiB.
/// With `stage`, each process's share is printed under that heading.
fn app_rss_kib(name: &str, stage: Option<&str>) -> u64 {
    let mut parent: HashMap<u32, u32> = HashMap::new();
    let mut names: HashMap<u32, String> = HashMap::new();
    let mut rss: HashMap<u32, u64> = HashMap::new();
    for entry in std::fs::read_dir("/proc").expect("/proc").flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(status) = std::fs::read_to_string(entry.path().join("status")) else {
            continue;
        };
        for line in status.lines() {
            if let Some(v) = line.strip_prefix("Name:") {
                names.insert(pid, v.trim().to_string());
            } else if let Some(v) = line.strip_prefix("PPid:") {
                parent.insert(pid, v.trim().parse().unwrap_or(0));
            } else if let Some(v) = line.strip_prefix("VmRSS:") {
                rss.insert(
                    pid,
                    v.trim().trim_end_matches("kB").trim().parse().unwrap_or(0),
                );
            }
        }
    }
    let roots: Vec<u32> = names
        .iter()
        .filter(|(_, n)| n.starts_with(name))
        .map(|(p, _)| *p)
        .collect();
    assert_eq!(
        roots.len(),
        1,
        "expected one {name} process, found {roots:?}"
    );
    let is_descendant = |mut pid: u32| {
        while pid > 1 {
            if pid == roots[0] {
                return true;
            }
            pid = parent.get(&pid).copied().unwrap_or(0);
        }
        false
    };
    let mut total = 0;
    if let Some(stage) = stage {
        println!("  {stage}:");
    }
    for (pid, kib) in rss.iter().filter(|(pid, _)| is_descendant(**pid)) {
        let process = names.get(pid).map(String::as_str).unwrap_or("?");
        if stage.is_some() {
            println!("    {:>7.1} MiB  {process}", mib(*kib));
        }
        total += kib;
    }
    total
}
