//! Measures the desktop app on a demo archive, as the note of the desktop issue reports:
//! - start-up: from the WebDriver request that launches the app to the unlock field being
//!   present and enabled (WebDriver's own start-up is included, so this is an upper bound);
//! - resident memory after unlocking and showing the dashboard: the app process plus its
//!   WebKit helper processes (VmRSS summed), which is what the laptop pays.
//!
//! Runs 5 times and prints each run and the medians. `bash scripts/measure.sh` builds and runs it.

use sportello_archive::demo::{self, DemoOptions, DEMO_PASSPHRASE};
use sportello_archive::{ArchivePaths, SecretString};
use sportello_e2e::{Display, Driver};
use std::collections::HashMap;
use std::time::{Duration, Instant};

fn main() {
    let tmp = tempfile::tempdir().expect("tmp");
    let data = tmp.path().join("demo");
    let config = tmp.path().join("config");
    let paths = ArchivePaths::new(&data);
    let today = chrono::Local::now().date_naive();
    let pass = SecretString::from(DEMO_PASSPHRASE.to_string());
    let (summary, _recovery) =
        demo::create(&paths, &pass, &DemoOptions::desktop(today)).expect("demo");
    println!(
        "demo archive: {} contacts, {} persons",
        summary.contacts, summary.persons
    );

    let display = Display::start();
    let driver = Driver::start(
        &display,
        &[
            ("SPORTELLO_DATA_DIR", &data),
            ("SPORTELLO_CONFIG_DIR", &config),
        ],
    );
    let mut startups = Vec::new();
    let mut memories = Vec::new();
    let mut locked_memories = Vec::new();
    for run in 1..=5 {
        let t0 = Instant::now();
        let session = driver.session(&[]);
        let field = session.find("#passphrase");
        let startup = t0.elapsed();
        std::thread::sleep(Duration::from_secs(2));
        let locked_kib = app_rss_kib(false);
        field.fill(DEMO_PASSPHRASE);
        session.find("#unlock").click();
        session.find("#latest-contacts");
        std::thread::sleep(Duration::from_secs(2));
        let rss_kib = app_rss_kib(run == 5);
        println!(
            "run {run}: unlock screen after {} ms; resident memory at the unlock screen {:.1} MiB, after unlock {:.1} MiB",
            startup.as_millis(),
            locked_kib as f64 / 1024.0,
            rss_kib as f64 / 1024.0
        );
        startups.push(startup.as_millis());
        memories.push(rss_kib);
        locked_memories.push(locked_kib);
        drop(session);
        std::thread::sleep(Duration::from_secs(1));
    }
    startups.sort_unstable();
    memories.sort_unstable();
    locked_memories.sort_unstable();
    println!(
        "median of 5: unlock screen interactive after {} ms; resident memory {:.1} MiB at the unlock screen, {:.1} MiB after unlock (ratio {:.2})",
        startups[2],
        locked_memories[2] as f64 / 1024.0,
        memories[2] as f64 / 1024.0,
        memories[2] as f64 / locked_memories[2].max(1) as f64
    );
}

/// VmRSS of the `sportello-desktop` process and all its descendants, in KiB.
fn app_rss_kib(print_breakdown: bool) -> u64 {
    let mut parent: HashMap<u32, u32> = HashMap::new();
    let mut name: HashMap<u32, String> = HashMap::new();
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
                name.insert(pid, v.trim().to_string());
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
    let roots: Vec<u32> = name
        .iter()
        .filter(|(_, n)| n.starts_with("sportello-desk"))
        .map(|(p, _)| *p)
        .collect();
    assert_eq!(
        roots.len(),
        1,
        "expected one sportello-desktop process, found {roots:?}"
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
    for (pid, kib) in rss.iter().filter(|(pid, _)| is_descendant(**pid)) {
        let process = name.get(pid).map(String::as_str).unwrap_or("?");
        if print_breakdown {
            println!("    {:>7.1} MiB  {process}", *kib as f64 / 1024.0);
        }
        total += kib;
    }
    total
}
