//! The harness of the end-to-end tests: a private X display (Xvfb), tauri-driver in front of
//! Debian's WebKitWebDriver, and a small W3C WebDriver client. Nothing here skips: a missing
//! tool is a failure with a message that says what to install (scripts/setup.sh does).

use base64::Engine;
use serde_json::{json, Value};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

mod system;
pub use system::*;

/// W3C's key for element references.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// The repository's root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("repo root")
        .to_path_buf()
}

/// The desktop binary built by `cargo build -p sportello-desktop` (scripts/test.sh builds it first).
pub fn desktop_binary() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target"));
    let profile = std::env::var("SPORTELLO_E2E_PROFILE").unwrap_or_else(|_| "debug".into());
    let path = target.join(profile).join("sportello-desktop");
    assert!(
        path.exists(),
        "{} is missing: run `bash scripts/build-ui.sh && cargo build -p sportello-desktop` first",
        path.display()
    );
    path
}

/// Where screenshots go: `target/e2e-artifacts/` (not committed).
pub fn artifacts_dir() -> PathBuf {
    let dir = repo_root().join("target").join("e2e-artifacts");
    std::fs::create_dir_all(&dir).expect("artifacts dir");
    dir
}

/// `N` distinct free ports: every listener is held until all are chosen, so the kernel cannot
/// hand the same port out twice.
fn free_ports<const N: usize>() -> [u16; N] {
    let listeners: Vec<TcpListener> = (0..N)
        .map(|_| TcpListener::bind("127.0.0.1:0").expect("bind"))
        .collect();
    std::array::from_fn(|i| listeners[i].local_addr().expect("addr").port())
}

fn listening(port: u16) -> bool {
    std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
}

pub(crate) fn require(tool: &str) {
    let found = std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|p| p.join(tool).is_file()))
        .unwrap_or(false);
    assert!(found, "{tool} not found on PATH: run scripts/setup.sh (it installs Xvfb, webkit2gtk-driver and tauri-driver)");
}

/// Kills the child when dropped.
pub(crate) struct Guard(pub(crate) Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A private X server for one test.
pub struct Display {
    pub name: String,
    _xvfb: Guard,
}

impl Display {
    /// Xvfb chooses a free display number itself (`-displayfd`, guarded by its lock files) and
    /// writes it on stdout once it accepts clients: no race between tests running at once.
    pub fn start() -> Display {
        require("Xvfb");
        let mut child = Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1280x800x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start Xvfb");
        let stdout = child.stdout.take().expect("Xvfb stdout");
        let guard = Guard(child);
        let mut line = String::new();
        std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line)
            .expect("read Xvfb display number");
        let number: u32 = line
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("Xvfb did not start (it printed {line:?})"));
        Display {
            name: format!(":{number}"),
            _xvfb: guard,
        }
    }
}

/// tauri-driver on free ports, with the environment the app should see.
pub struct Driver {
    port: u16,
    process: Guard,
}

impl Drop for Driver {
    /// SIGTERM first: tauri-driver then stops WebKitWebDriver too (SIGKILL would orphan it).
    fn drop(&mut self) {
        let pid = self.process.0.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.process.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Driver {
    pub fn start(display: &Display, env: &[(&str, &Path)]) -> Driver {
        require("tauri-driver");
        require("WebKitWebDriver");
        let [port, native_port] = free_ports::<2>();
        // The drivers' own log (WebKitWebDriver writes to tauri-driver's stderr), kept for a
        // failed run's diagnosis. Test data only: the archives under test are synthetic.
        let log_path = artifacts_dir().join(format!("tauri-driver-{port}.log"));
        let log = std::fs::File::create(&log_path).expect("driver log");
        let mut cmd = Command::new("tauri-driver");
        cmd.args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native_port.to_string(),
        ])
        .env("DISPLAY", &display.name)
        .env_remove("SPORTELLO_PASSPHRASE")
        .stdout(log.try_clone().expect("driver log"))
        .stderr(log);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let process = Guard(cmd.spawn().expect("start tauri-driver"));
        // tauri-driver listens at once but only forwards to WebKitWebDriver, which it has just
        // spawned: a session requested before the native port listens fails with a bare EOF.
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if listening(port) && listening(native_port) {
                return Driver { port, process };
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "tauri-driver ({port}) or WebKitWebDriver ({native_port}) not listening after 30 s; log: {}",
            std::fs::read_to_string(&log_path).unwrap_or_default()
        );
    }

    /// Starts the app and opens a WebDriver session on its window.
    pub fn session(&self, args: &[&str]) -> Session {
        self.session_of(&desktop_binary(), args)
    }

    /// Starts the app at `binary` (an installed one) and opens a WebDriver session on it.
    pub fn session_of(&self, binary: &Path, args: &[&str]) -> Session {
        let agent = ureq::AgentBuilder::new()
            .timeout(Duration::from_secs(60))
            .build();
        let base = format!("http://127.0.0.1:{}", self.port);
        let caps = json!({
            "capabilities": { "alwaysMatch": { "tauri:options": {
                "application": binary, "args": args
            }}}
        });
        let response: Value = agent
            .post(&format!("{base}/session"))
            .send_json(caps)
            .unwrap_or_else(|e| panic!("new session: {}", describe(e)))
            .into_json()
            .expect("session json");
        let id = response["value"]["sessionId"]
            .as_str()
            .expect("session id")
            .to_string();
        Session {
            agent,
            url: format!("{base}/session/{id}"),
            shots: std::cell::Cell::new(0),
            name: String::new(),
        }
    }
}

fn describe(e: ureq::Error) -> String {
    match e {
        ureq::Error::Status(code, r) => {
            format!("HTTP {code}: {}", r.into_string().unwrap_or_default())
        }
        other => other.to_string(),
    }
}

/// One WebDriver session: one running app.
pub struct Session {
    agent: ureq::Agent,
    url: String,
    shots: std::cell::Cell<u32>,
    name: String,
}

impl Session {
    pub(crate) fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, String> {
        let url = format!("{}{}", self.url, path);
        let request = self.agent.request(method, &url);
        let response = match body {
            Some(b) => request.send_json(b),
            None => request.call(),
        };
        match response {
            Ok(r) => Ok(r.into_json::<Value>().map_err(|e| e.to_string())?["value"].clone()),
            Err(e) => Err(describe(e)),
        }
    }

    /// Names the test, for the screenshots' file names.
    pub fn named(mut self, name: &str) -> Session {
        self.name = name.to_string();
        self
    }

    /// The first element matching `css`, waiting up to 20 s for it to appear.
    pub fn find(&self, css: &str) -> Element<'_> {
        self.wait_for(css, Duration::from_secs(20))
            .unwrap_or_else(|| panic!("no element {css} within 20 s; page: {}", self.source()))
    }

    pub fn wait_for(&self, css: &str, timeout: Duration) -> Option<Element<'_>> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Ok(v) = self.send(
                "POST",
                "/element",
                Some(json!({"using": "css selector", "value": css})),
            ) {
                if let Some(id) = v[ELEMENT].as_str() {
                    return Some(Element {
                        session: self,
                        id: id.to_string(),
                    });
                }
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits until the text of `css` satisfies `pred`; returns it.
    pub fn wait_text(&self, css: &str, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(e) = self.wait_for(css, Duration::from_millis(200)) {
                if let Ok(text) = e.try_text() {
                    if pred(&text) {
                        return text;
                    }
                    if Instant::now() > deadline {
                        panic!("text of {css} is {text:?}");
                    }
                }
            }
            if Instant::now() > deadline {
                panic!("no text for {css}; page: {}", self.source());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub fn source(&self) -> String {
        self.send("GET", "/source", None)
            .map(|v| v.as_str().unwrap_or_default().to_string())
            .unwrap_or_default()
    }

    /// Runs a script in the page (for what has no UI yet, like a test's short idle time).
    pub fn execute_async(&self, script: &str) -> Value {
        self.send(
            "POST",
            "/execute/async",
            Some(json!({"script": script, "args": []})),
        )
        .expect("execute")
    }

    /// Runs a script in the page and returns its value.
    pub fn execute(&self, script: &str) -> Value {
        self.send(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
        .expect("execute")
    }

    /// The id of the element that has the focus (empty when none has an id).
    pub fn focused_id(&self) -> String {
        self.execute("return document.activeElement ? document.activeElement.id : '';")
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Waits until the element with the focus matches `css`.
    pub fn wait_focus(&self, css: &str) {
        let script = format!(
            "return !!document.activeElement && document.activeElement.matches({});",
            serde_json::to_string(css).expect("css")
        );
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.execute(&script).as_bool() != Some(true) {
            assert!(
                Instant::now() < deadline,
                "focus never reached {css}; it is on #{}",
                self.focused_id()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Presses one key (a WebDriver key code such as [`TAB`]) on whatever has the focus.
    pub fn press(&self, key: &str) {
        self.send(
            "POST",
            "/actions",
            Some(
                json!({"actions": [{"type": "key", "id": "keyboard", "actions": [
                    {"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}
                ]}]}),
            ),
        )
        .expect("key press");
    }

    /// Presses Tab until the focus comes back to where it started (at most `limit` times) and
    /// returns, for each stop, the focused element's id and whether a focus ring is drawn
    /// (an outline of at least 2px that is not `none`).
    pub fn tab_cycle(&self, limit: usize) -> Vec<(String, bool)> {
        // When the focus wraps round, it may rest on the document itself for one Tab: that is
        // no control, so it is not a stop.
        const FOCUSED: &str = "const e = document.activeElement;
            if (!e || e === document.body || e === document.documentElement) return null;
            const s = getComputedStyle(e);
            return [e.id || e.tagName.toLowerCase(),
                    s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2];";
        let mut stops: Vec<(String, bool)> = Vec::new();
        for _ in 0..limit {
            self.press(TAB);
            let v = self.execute(FOCUSED);
            if v.is_null() {
                continue;
            }
            let stop = (
                v[0].as_str().unwrap_or_default().to_string(),
                v[1].as_bool().unwrap_or(false),
            );
            if stops.first() == Some(&stop) {
                break;
            }
            stops.push(stop);
        }
        stops
    }

    /// The ids of every visible control on the screen that a keyboard user must reach.
    pub fn visible_controls(&self) -> Vec<String> {
        let v = self.execute(
            "return Array.from(document.querySelectorAll('button, input, select, textarea, a[href], [tabindex]'))
                .filter(e => !e.disabled && e.getClientRects().length > 0 && e.tabIndex >= 0)
                .map(e => e.id || e.tagName.toLowerCase());",
        );
        v.as_array()
            .expect("controls")
            .iter()
            .map(|c| c.as_str().unwrap_or_default().to_string())
            .collect()
    }

    /// Every visible text on the screen whose contrast is below WCAG 2.1 AA
    /// (support/contrast.js), and how many texts were checked.
    pub fn contrast_problems(&self) -> (u64, Vec<String>) {
        let result = self.execute(include_str!("contrast.js"));
        let problems = result["problems"]
            .as_array()
            .expect("contrast problems")
            .iter()
            .map(|p| p.as_str().unwrap_or_default().to_string())
            .collect();
        (result["checked"].as_u64().unwrap_or(0), problems)
    }

    /// The serious and critical violations axe-core finds on the screen (WCAG 2.1 A and AA
    /// rules), one line each: rule, help, elements. axe-core is injected through WebDriver
    /// from target/ (scripts/setup.sh fetches it); without it the test fails loudly.
    pub fn axe_violations(&self) -> Vec<String> {
        let version = "4.14.1";
        let path = repo_root()
            .join("target")
            .join(format!("axe-core-{version}"))
            .join("axe.min.js");
        let script = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "axe-core is missing at {} ({e}): run scripts/setup.sh",
                path.display()
            )
        });
        if self.execute("return typeof window.axe === 'object';") != Value::Bool(true) {
            self.execute(&format!("{script}\nreturn true;"));
        }
        let result = self.execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, {
                 runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
                 resultTypes: ['violations'],
             }).then(r => done({
                 passes: r.passes.length,
                 serious: r.violations
                     .filter(v => v.impact === 'serious' || v.impact === 'critical')
                     .map(v => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 5)
                         .map(n => `${n.target.join(' ')} ${n.html.slice(0, 120)}`).join(', ')} (${v.helpUrl})`),
                 others: r.violations
                     .filter(v => v.impact !== 'serious' && v.impact !== 'critical')
                     .map(v => `${v.impact} ${v.id}: ${v.nodes.length}`),
             })).catch(e => done({ passes: 0, serious: ['axe failed: ' + e], others: [] }));",
        );
        let others: Vec<&str> = result["others"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        eprintln!(
            "axe-core: {} rules passed; moderate or minor: {others:?}",
            result["passes"]
        );
        let serious: Vec<String> = result["serious"]
            .as_array()
            .expect("axe's answer")
            .iter()
            .map(|v| v.as_str().unwrap_or_default().to_string())
            .collect();
        // One line per screen checked, for the run's summary (scripts/test.sh prints it).
        let line = format!(
            "{}\t{}\t{}\t{}\t{}\n",
            self.name,
            result["passes"],
            serious.len(),
            others.len(),
            others.join("; ")
        );
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(artifacts_dir().join("axe-summary.tsv"));
        if let Ok(mut log) = log {
            let _ = std::io::Write::write_all(&mut log, line.as_bytes());
        }
        serious
    }

    /// Saves a PNG of the window to target/e2e-artifacts/, after checking the screen's
    /// contrast and its accessibility (axe-core): every screen a test visits is checked.
    pub fn screenshot(&self, label: &str) -> PathBuf {
        // Two animation frames: the screenshot is WebKit's last painted frame, which can lag
        // behind the DOM by a frame or two under Xvfb.
        self.execute_async(
            "const done = arguments[arguments.length - 1];
             requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
        );
        self.shots.set(self.shots.get() + 1);
        let png = self.send("GET", "/screenshot", None).expect("screenshot");
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(png.as_str().unwrap_or_default())
            .expect("base64");
        let path =
            artifacts_dir().join(format!("{}-{:02}-{label}.png", self.name, self.shots.get()));
        std::fs::write(&path, bytes).expect("write screenshot");
        // Checked after saving it, so a failure leaves the screen to look at.
        let (checked, problems) = self.contrast_problems();
        assert!(checked > 0, "no text checked for contrast on {label}");
        assert!(
            problems.is_empty(),
            "contrast below WCAG AA on {label}: {problems:#?}"
        );
        let violations = self.axe_violations();
        assert!(
            violations.is_empty(),
            "axe-core: serious or critical violations on {label}: {violations:#?}"
        );
        path
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // Closing the session closes the window; if it fails the app may stay open (holding
        // its archive) until the display goes: said, for the diagnosis of what follows.
        if let Err(e) = self.send("DELETE", "", None) {
            eprintln!("closing the WebDriver session of {} failed: {e}", self.name);
        }
    }
}

pub struct Element<'a> {
    session: &'a Session,
    id: String,
}

impl Element<'_> {
    pub fn click(&self) -> &Self {
        self.session
            .send(
                "POST",
                &format!("/element/{}/click", self.id),
                Some(json!({})),
            )
            .expect("click");
        self
    }

    pub fn clear(&self) -> &Self {
        self.session
            .send(
                "POST",
                &format!("/element/{}/clear", self.id),
                Some(json!({})),
            )
            .expect("clear");
        self
    }

    pub fn type_text(&self, text: &str) -> &Self {
        self.session
            .send(
                "POST",
                &format!("/element/{}/value", self.id),
                Some(json!({"text": text})),
            )
            .expect("type");
        self
    }

    /// Replaces the field's content.
    pub fn fill(&self, text: &str) -> &Self {
        self.clear();
        self.type_text(text)
    }

    pub fn try_text(&self) -> Result<String, String> {
        self.session
            .send("GET", &format!("/element/{}/text", self.id), None)
            .map(|v| v.as_str().unwrap_or_default().to_string())
    }

    pub fn text(&self) -> String {
        self.try_text().expect("text")
    }

    pub fn property(&self, name: &str) -> Value {
        self.session
            .send(
                "GET",
                &format!("/element/{}/property/{name}", self.id),
                None,
            )
            .expect("property")
    }
}

/// The Enter key, for WebDriver's "element send keys".
pub const ENTER: &str = "\u{E007}";
/// The Tab key.
pub const TAB: &str = "\u{E004}";
pub const ESCAPE: &str = "\u{E00C}";
pub const PAGE_DOWN: &str = "\u{E00F}";
pub const BACKSPACE: &str = "\u{E003}";
pub const ARROW_DOWN: &str = "\u{E015}";
pub const SHIFT: &str = "\u{E008}";
pub const CONTROL: &str = "\u{E009}";
pub const ALT: &str = "\u{E00A}";

/// The keyboard, as a person uses it: keys go to whatever has the focus. Every key sent counts,
/// except the characters of free text ([`Keys::text`]); a chord counts each of its keys.
pub struct Keys<'a> {
    session: &'a Session,
    counted: usize,
}

impl<'a> Keys<'a> {
    pub fn new(session: &'a Session) -> Keys<'a> {
        Keys {
            session,
            counted: 0,
        }
    }

    fn send(&self, actions: Vec<Value>) {
        self.session
            .send(
                "POST",
                "/actions",
                Some(json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]})),
            )
            .expect("keys");
    }

    fn strokes(keys: &str) -> Vec<Value> {
        keys.chars()
            .flat_map(|c| {
                let k = c.to_string();
                [
                    json!({"type": "keyDown", "value": k}),
                    json!({"type": "keyUp", "value": k}),
                ]
            })
            .collect()
    }

    /// Keys that count: named keys (`TAB`, `ENTER`…) or letters typed to filter a list.
    pub fn press(&mut self, keys: &str) -> &mut Self {
        self.counted += keys.chars().count();
        self.send(Self::strokes(keys));
        self
    }

    /// A chord such as Alt+N or Ctrl+Enter: each key of it counts.
    pub fn chord(&mut self, modifier: &str, key: &str) -> &mut Self {
        self.counted += 2;
        self.send(vec![
            json!({"type": "keyDown", "value": modifier}),
            json!({"type": "keyDown", "value": key}),
            json!({"type": "keyUp", "value": key}),
            json!({"type": "keyUp", "value": modifier}),
        ]);
        self
    }

    /// Free text (a summary, a name): typed, not counted.
    pub fn text(&mut self, text: &str) -> &mut Self {
        self.send(Self::strokes(text));
        self
    }

    /// Presses Tab (counted) until the focused element matches `css`; panics after `limit`.
    pub fn tab_to(&mut self, css: &str, limit: usize) -> &mut Self {
        let matches = format!(
            "return document.activeElement && document.activeElement.matches({});",
            serde_json::to_string(css).expect("css")
        );
        for _ in 0..limit {
            if self.session.execute(&matches).as_bool() == Some(true) {
                return self;
            }
            self.press(TAB);
        }
        panic!("Tab never reached {css}");
    }

    /// Presses Shift+Tab (counted) until the focused element matches `css`.
    pub fn shift_tab_to(&mut self, css: &str, limit: usize) -> &mut Self {
        let matches = format!(
            "return document.activeElement && document.activeElement.matches({});",
            serde_json::to_string(css).expect("css")
        );
        for _ in 0..limit {
            if self.session.execute(&matches).as_bool() == Some(true) {
                return self;
            }
            self.chord(SHIFT, TAB);
        }
        panic!("Shift+Tab never reached {css}");
    }

    /// Empties the focused text field (Ctrl+A, Backspace; counted).
    pub fn clear(&mut self) -> &mut Self {
        self.chord(CONTROL, "a");
        self.press(BACKSPACE)
    }

    pub fn count(&self) -> usize {
        self.counted
    }

    /// Starts counting again from zero; returns what was counted so far.
    pub fn reset(&mut self) -> usize {
        std::mem::take(&mut self.counted)
    }
}

/// The Sunday that ended last week: demo data stops there, so this week starts empty and what a
/// test records today never meets the weekly cap by chance.
pub fn last_sunday() -> chrono::NaiveDate {
    use chrono::Datelike;
    let today = chrono::Local::now().date_naive();
    today - chrono::Days::new(u64::from(today.weekday().number_from_monday()))
}

/// A demo archive of one contract year up to today in `data`, left unlocked for the test to add
/// to (and lock).
pub fn demo_archive(data: &std::path::Path, seed: u64) -> sportello_archive::Archive {
    let paths = sportello_archive::ArchivePaths::new(data);
    let pass =
        sportello_archive::SecretString::from(sportello_archive::demo::DEMO_PASSPHRASE.to_string());
    let (mut archive, _recovery) =
        sportello_archive::Archive::create(&paths, &pass, None).expect("create");
    sportello_archive::demo::generate(
        &mut archive,
        &sportello_archive::demo::DemoOptions {
            years: 1,
            seed,
            ..sportello_archive::demo::DemoOptions::desktop(last_sunday())
        },
    )
    .expect("demo");
    archive
}

/// Opens the archive once the app has let go of it. Ending the WebDriver session ends the app:
/// WebKitWebDriver kills the browser it launched (SIGKILL, so no backup on close here), and
/// the archive's lock goes with the process. Two ways that has been seen to lag, rarely, on a
/// busy CI machine: a thread of the dying app in uninterruptible I/O (the process is gone only
/// once it returns), or a driver that did not end the app at all. After 15 s the harness does
/// what the driver should have done, to the app holding this archive's lock only, and writes
/// it down with what each thread was doing (target/e2e-artifacts/apps-ended-by-harness.log,
/// counted at the end of scripts/test.sh, so it is seen even when the test passes); if the
/// archive is still held after 120 s, the panic gives the same picture.
pub fn unlock_after_the_app(
    paths: &sportello_archive::ArchivePaths,
    passphrase: &str,
) -> sportello_archive::Archive {
    let pass = sportello_archive::SecretString::from(passphrase.to_owned());
    let started = Instant::now();
    let mut killed = false;
    loop {
        match sportello_archive::Archive::unlock(paths, &pass) {
            Err(sportello_archive::ArchiveError::InUse(holder)) => {
                let waited = started.elapsed();
                let holder_pid = pid_named_in(&holder);
                if waited > Duration::from_secs(120) {
                    panic!(
                        "unlock after the app closed: still in use after {waited:?}: {holder}\n{}",
                        holder_pid.map_or_else(
                            || "(no process number in the message)".into(),
                            describe_process
                        )
                    );
                }
                if !killed && waited > Duration::from_secs(15) {
                    killed = true;
                    if let Some(pid) = holder_pid.filter(|&pid| is_app_holding(pid, paths)) {
                        let record = format!(
                            "{}: the app still held its archive {waited:?} after the session ended; \
                             ended by the harness as the driver does:\n{}",
                            std::thread::current().name().unwrap_or("?"),
                            describe_process(pid)
                        );
                        eprintln!("{record}");
                        let log = artifacts_dir().join("apps-ended-by-harness.log");
                        if let Ok(mut file) = std::fs::OpenOptions::new()
                            .create(true)
                            .append(true)
                            .open(log)
                        {
                            let _ = std::io::Write::write_all(&mut file, record.as_bytes());
                        }
                        let _ = Command::new("kill")
                            .args(["-KILL", &pid.to_string()])
                            .status();
                    }
                }
                std::thread::sleep(Duration::from_millis(200));
            }
            opened => {
                eprintln!("the app let go of its archive in {:?}", started.elapsed());
                return opened.expect("unlock after the app closed");
            }
        }
    }
}

/// The process number in a lock's message ("... (processo N) ...").
fn pid_named_in(holder: &str) -> Option<u32> {
    holder
        .split("processo ")
        .nth(1)?
        .split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

/// Whether `pid` is the app under test holding this archive's lock file open: its executable
/// is the desktop binary, and one of its open files is `archivio.lock` of `paths` (a recycled
/// process number, or another test's app, is neither).
fn is_app_holding(pid: u32, paths: &sportello_archive::ArchivePaths) -> bool {
    let proc_dir = Path::new("/proc").join(pid.to_string());
    let same_exe = match (
        std::fs::read_link(proc_dir.join("exe")),
        std::fs::canonicalize(desktop_binary()),
    ) {
        (Ok(exe), Ok(binary)) => exe == binary,
        _ => false,
    };
    let Ok(lock) = std::fs::canonicalize(paths.dir.join("archivio.lock")) else {
        return false;
    };
    let holds_lock = std::fs::read_dir(proc_dir.join("fd")).is_ok_and(|fds| {
        fds.flatten()
            .any(|fd| std::fs::read_link(fd.path()).is_ok_and(|target| target == lock))
    });
    same_exe && holds_lock
}

/// A process's state and each thread's, with where it sleeps in the kernel, from /proc.
fn describe_process(pid: u32) -> String {
    let proc_dir = Path::new("/proc").join(pid.to_string());
    let read = |p: &Path| std::fs::read_to_string(p).unwrap_or_default();
    let exe = std::fs::read_link(proc_dir.join("exe"))
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| "?".into());
    let state = read(&proc_dir.join("status"))
        .lines()
        .find(|l| l.starts_with("State:"))
        .unwrap_or("State: (gone)")
        .to_owned();
    let mut out = format!("process {pid} ({exe}): {state}\n");
    if let Ok(tasks) = std::fs::read_dir(proc_dir.join("task")) {
        for task in tasks.flatten() {
            let path = task.path();
            let stat = read(&path.join("stat"));
            // The state is the field after the command's closing parenthesis.
            let task_state = stat.rsplit(") ").next().and_then(|s| s.split(' ').next());
            out.push_str(&format!(
                "  thread {} {:?}: state {} wchan {}\n",
                task.file_name().to_string_lossy(),
                read(&path.join("comm")).trim(),
                task_state.unwrap_or("?"),
                read(&path.join("wchan")).trim()
            ));
        }
    }
    out
}

/// Asks the shell, as the page would, to lock after `seconds` of inactivity.
pub fn set_idle(session: &Session, seconds: u32) {
    let result = session.execute_async(&format!(
        "const done = arguments[arguments.length - 1];
         window.__TAURI__.core.invoke('set_idle_timeout', {{ seconds: {seconds} }}).then(() => done('ok'), e => done(JSON.stringify(e)));"
    ));
    assert_eq!(result, "ok");
}

/// Unlocks the demo archive from the unlock screen and waits for the dashboard.
pub fn unlock_demo(s: &Session) {
    s.find("#passphrase")
        .fill(sportello_archive::demo::DEMO_PASSPHRASE);
    s.find("#unlock").click();
    s.find("#latest-contacts");
}
