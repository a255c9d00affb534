//! The Debian package, installed as she would install it. `scripts/package.sh --debug` made it
//! (scripts/test.sh runs it first); this test installs it with `dpkg -i`, finds the program, the
//! command, the menu entry and the icons where the menu looks for them, makes a demo archive
//! with the installed `sportello`, starts the installed app under Xvfb and drives it through
//! WebDriver to the unlock screen and into the desk, runs the installed `sportello verify` on
//! the archive, installs the package again (an upgrade) and removes it: the archive and her
//! settings are still there, byte for byte. Needs root (dpkg) and fails loudly without it.

use sportello_archive::demo::DEMO_PASSPHRASE;
use sportello_e2e::{repo_root, Display, Driver};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const APP: &str = "/usr/bin/sportello-desktop";
const CLI: &str = "/usr/bin/sportello";

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn installed() -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", "sportello"])
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
}

/// Every file under `dir` with its bytes: what "untouched" is compared on.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(dir: &Path, into: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, into);
            } else {
                into.insert(path.clone(), std::fs::read(&path).expect("read"));
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(dir, &mut files);
    files
}

/// The installed `sportello`, as her user (her home, no passphrase in the environment but the
/// one given).
fn cli(home: &Path) -> Command {
    let mut cmd = Command::new(CLI);
    cmd.env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("HOME", home)
        .env("LANG", "it_IT.UTF-8")
        .env("SPORTELLO_PASSPHRASE", DEMO_PASSPHRASE);
    cmd
}

#[test]
fn the_debian_package_installs_runs_and_leaves_the_archive_when_removed() {
    let uid = run(Command::new("id").arg("-u")).stdout;
    assert_eq!(
        String::from_utf8_lossy(&uid).trim(),
        "0",
        "installing a package needs root (dpkg -i): run the tests as root, as the test machine does"
    );
    let version = env!("CARGO_PKG_VERSION");
    let deb = repo_root().join(format!(
        "target/debug/bundle/deb/Sportello_{version}_amd64.deb"
    ));
    assert!(
        deb.exists(),
        "{} is missing: run `bash scripts/package.sh --debug` first (scripts/test.sh does)",
        deb.display()
    );
    if installed() {
        run(Command::new("dpkg").args(["--remove", "sportello"]));
    }

    // 1. Installed: the program, the command, the menu entry and its icons.
    run(Command::new("dpkg").arg("--install").arg(&deb));
    assert!(installed(), "dpkg says the package is installed");
    for path in [
        APP,
        CLI,
        "/usr/share/applications/Sportello.desktop",
        "/usr/share/icons/hicolor/32x32/apps/sportello-desktop.png",
        "/usr/share/icons/hicolor/128x128/apps/sportello-desktop.png",
        "/usr/share/icons/hicolor/256x256/apps/sportello-desktop.png",
        "/usr/share/icons/hicolor/512x512/apps/sportello-desktop.png",
        "/usr/share/lintian/overrides/sportello",
        "/usr/share/doc/sportello/copyright",
        "/usr/share/doc/sportello/changelog.gz",
    ] {
        assert!(Path::new(path).exists(), "{path} installed");
    }
    let entry =
        std::fs::read_to_string("/usr/share/applications/Sportello.desktop").expect("menu entry");
    for line in [
        "Name=Sportello",
        "GenericName[it]=Segretariato sociale",
        "Exec=sportello-desktop",
        "Icon=sportello-desktop",
        "Categories=Office;",
    ] {
        assert!(entry.lines().any(|l| l == line), "{line} in:\n{entry}");
    }

    // 2. A demo archive made by the installed command, in her home.
    let home = tempfile::tempdir().expect("home");
    let data = home.path().join("Documenti/sportello-demo");
    run(cli(home.path())
        .arg("--data-dir")
        .arg(&data)
        .args(["demo", "--anni", "1", "--seme", "11"]));

    // 3. The installed app opens it: the unlock screen, then the desk.
    let display = Display::start();
    let config = home.path().join(".config");
    let driver = Driver::start(
        &display,
        &[("HOME", home.path()), ("XDG_CONFIG_HOME", &config)],
    );
    let data_arg = data.to_str().expect("utf-8 path");
    let s = driver
        .session_of(Path::new(APP), &["--data-dir", data_arg])
        .named("pacchetto");
    s.find("#passphrase");
    s.screenshot("sblocco");
    s.find("#passphrase").fill(DEMO_PASSPHRASE);
    s.find("#unlock").click();
    s.find("#latest-contacts");
    s.screenshot("cruscotto");
    drop(s);
    drop(driver);

    // 4. The installed `sportello verify` on it, once the app has let go of it.
    let deadline = Instant::now() + Duration::from_secs(60);
    let verified = loop {
        let out = cli(home.path())
            .arg("--data-dir")
            .arg(&data)
            .arg("verify")
            .output()
            .expect("sportello verify");
        let text = String::from_utf8_lossy(&out.stdout).to_string()
            + &String::from_utf8_lossy(&out.stderr);
        if out.status.success() || Instant::now() > deadline {
            break (out.status.success(), text);
        }
        std::thread::sleep(Duration::from_millis(300));
    };
    assert!(verified.0, "sportello verify: {}", verified.1);
    assert!(verified.1.contains("Archivio integro"), "{}", verified.1);

    // 5. Installed again (the upgrade path), then removed: her archive and settings stay.
    let before = snapshot(home.path());
    assert!(
        before.keys().any(|p| p.starts_with(&data)),
        "the archive is in her home"
    );
    run(Command::new("dpkg").arg("--install").arg(&deb));
    run(Command::new("dpkg").args(["--remove", "sportello"]));
    assert!(!installed(), "dpkg says the package is removed");
    assert!(!Path::new(APP).exists() && !Path::new(CLI).exists());
    assert!(
        snapshot(home.path()) == before,
        "the archive and settings are untouched by the upgrade and the removal"
    );
    let reopened = sportello_archive::Archive::unlock(
        &sportello_archive::ArchivePaths::new(&data),
        &sportello_archive::SecretString::from(DEMO_PASSPHRASE.to_owned()),
    )
    .expect("the archive opens after the package is gone");
    reopened.lock().expect("lock");
}
