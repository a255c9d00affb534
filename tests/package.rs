//! The Debian package, installed as she would install it. `scripts/package.sh --debug` made it
//! (scripts/test.sh runs it first); this test checks the package has no maintainer scripts (so
//! nothing runs on install, upgrade or removal), installs it with `dpkg -i`, finds the program,
//! the command, the menu entry and the icons where the menu looks for them, makes an archive
//! in her default folder with the installed `sportello init` and imports the example register
//! into it, writes her settings, starts the installed app under Xvfb and drives it through
//! WebDriver from the unlock screen into the desk, runs the installed `sportello verify`,
//! upgrades to a newer package (the same one with a higher version) and purges it: the archive
//! and her settings are still there, byte for byte, and open. Needs root (dpkg) and fails
//! loudly without it; refuses to run over a `sportello` already installed, and purges what it
//! installed even when it fails.

use sportello_archive::config::DesktopConfig;
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

/// Purges the package when dropped: a failed test leaves no debug build in /usr/bin.
struct Purge;

impl Drop for Purge {
    fn drop(&mut self) {
        let _ = Command::new("dpkg").args(["--purge", "sportello"]).output();
    }
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

/// Her home: the default folders of the archive and of the settings inside it.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn path(&self) -> &Path {
        self.dir.path()
    }
    fn data(&self) -> PathBuf {
        self.path().join(".local/share")
    }
    fn config(&self) -> PathBuf {
        self.path().join(".config")
    }
    fn archive(&self) -> PathBuf {
        self.data().join("sportello")
    }
    fn settings(&self) -> PathBuf {
        self.config().join("sportello")
    }
    /// The installed `sportello`, as her user: her home, the passphrase given.
    fn cli(&self) -> Command {
        let mut cmd = Command::new(CLI);
        cmd.env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("HOME", self.path())
            .env("XDG_DATA_HOME", self.data())
            .env("XDG_CONFIG_HOME", self.config())
            .env("SPORTELLO_PASSPHRASE", DEMO_PASSPHRASE);
        cmd
    }
}

/// The same package with a higher version: what an upgrade installs.
fn newer_package(deb: &Path, into: &Path) -> PathBuf {
    let root = into.join("root");
    run(Command::new("dpkg-deb")
        .arg("--raw-extract")
        .arg(deb)
        .arg(&root));
    let control = root.join("DEBIAN/control");
    let text = std::fs::read_to_string(&control).expect("control");
    let bumped: String = text
        .lines()
        .map(|l| match l.strip_prefix("Version: ") {
            Some(v) => format!("Version: {v}+aggiornamento\n"),
            None => format!("{l}\n"),
        })
        .collect();
    assert_ne!(text, bumped, "a Version line");
    std::fs::write(&control, bumped).expect("write control");
    let newer = into.join("sportello-newer.deb");
    run(Command::new("dpkg-deb")
        .args(["--root-owner-group", "--build"])
        .arg(&root)
        .arg(&newer));
    newer
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
    assert!(
        !installed(),
        "a sportello package is already installed: this test installs and purges its own, remove it first"
    );
    // No maintainer scripts: nothing of the package runs at install, upgrade or removal.
    let control = run(Command::new("dpkg-deb").arg("--info").arg(&deb)).stdout;
    let control = String::from_utf8_lossy(&control);
    for script in ["preinst", "postinst", "prerm", "postrm"] {
        assert!(
            !control.contains(script),
            "{script} in the package:\n{control}"
        );
    }
    let _purge = Purge;

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

    // 2. Her archive, in its default folder, made by the installed command, with the example
    //    register imported; her settings (the lock after 10 minutes), as the app keeps them.
    let home = Home {
        dir: tempfile::tempdir().expect("home"),
    };
    run(home.cli().arg("init"));
    run(home
        .cli()
        .arg("import")
        .arg(repo_root().join("assets/registro-esempio.csv")));
    std::fs::create_dir_all(home.settings()).expect("settings folder");
    let settings = DesktopConfig {
        idle_seconds: 600,
        ..DesktopConfig::default()
    };
    std::fs::write(
        home.settings().join("impostazioni.json"),
        serde_json::to_vec_pretty(&settings).expect("json"),
    )
    .expect("settings");

    // 3. The installed app opens it, from her settings: the unlock screen, then the desk.
    let display = Display::start();
    let driver = Driver::start(
        &display,
        &[
            ("HOME", home.path()),
            ("XDG_DATA_HOME", &home.data()),
            ("XDG_CONFIG_HOME", &home.config()),
        ],
    );
    let s = driver.session_of(Path::new(APP), &[]).named("pacchetto");
    let shown = s.wait_text("#content, main, body", |t| t.contains("Cartella dei dati"));
    assert!(
        shown.contains(&home.archive().display().to_string()),
        "the default folder: {shown}"
    );
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
        let out = home.cli().arg("verify").output().expect("sportello verify");
        let text = String::from_utf8_lossy(&out.stdout).to_string()
            + &String::from_utf8_lossy(&out.stderr);
        if out.status.success() || Instant::now() > deadline {
            break (out.status.success(), text);
        }
        std::thread::sleep(Duration::from_millis(300));
    };
    assert!(verified.0, "sportello verify: {}", verified.1);
    assert!(verified.1.contains("Archivio integro"), "{}", verified.1);

    // 5. Upgraded to a newer package, then purged: her archive and settings stay.
    let archive_before = snapshot(&home.archive());
    let settings_before = snapshot(&home.settings());
    assert!(
        archive_before.keys().any(|p| p.ends_with("archivio.db")),
        "the archive is in her default folder"
    );
    let work = tempfile::tempdir().expect("work");
    run(Command::new("dpkg")
        .arg("--install")
        .arg(newer_package(&deb, work.path())));
    let version = run(Command::new("dpkg-query").args(["-W", "-f=${Version}", "sportello"])).stdout;
    assert!(String::from_utf8_lossy(&version).ends_with("+aggiornamento"));
    run(Command::new("dpkg").args(["--purge", "sportello"]));
    assert!(!installed(), "dpkg says the package is gone");
    assert!(!Path::new(APP).exists() && !Path::new(CLI).exists());
    assert!(
        snapshot(&home.archive()) == archive_before,
        "the archive is untouched by the upgrade and the purge"
    );
    assert!(
        snapshot(&home.settings()) == settings_before,
        "her settings are untouched by the upgrade and the purge"
    );
    let reopened = sportello_archive::Archive::unlock(
        &sportello_archive::ArchivePaths::new(home.archive()),
        &sportello_archive::SecretString::from(DEMO_PASSPHRASE.to_owned()),
    )
    .expect("the archive opens after the package is gone");
    assert!(
        reopened.counts().expect("counts").contacts > 0,
        "the imported colloqui"
    );
    reopened.lock().expect("lock");
}
