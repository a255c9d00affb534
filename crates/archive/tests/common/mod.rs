//! Helpers shared by the archive's integration tests.
#![allow(dead_code)]

use sportello_archive::{Archive, ArchivePaths, RecoveryKey, SecretString};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

pub const PASSPHRASE: &str = "girasole verde mattina";

pub fn passphrase() -> SecretString {
    SecretString::from(PASSPHRASE.to_string())
}

/// A new archive in a fresh temporary folder.
pub fn new_archive() -> (tempfile::TempDir, ArchivePaths, Archive, RecoveryKey) {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = ArchivePaths::new(dir.path().join("dati"));
    let (archive, recovery) = Archive::create(&paths, &passphrase(), None).expect("create archive");
    (dir, paths, archive, recovery)
}

/// Every file under `dir`, with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.file_name() == Some(std::ffi::OsStr::new("archivio.lock")) {
                // Who last held the archive (a process number and a time): not its content.
                out.insert(path, Vec::new());
            } else {
                let bytes = fs::read(&path).expect("read file");
                out.insert(path, bytes);
            }
        }
    }
    out
}

/// The needle as UTF-8, UTF-16LE and UTF-16BE bytes.
pub fn encodings(needle: &str) -> Vec<Vec<u8>> {
    let utf16: Vec<u16> = needle.encode_utf16().collect();
    vec![
        needle.as_bytes().to_vec(),
        utf16.iter().flat_map(|u| u.to_le_bytes()).collect(),
        utf16.iter().flat_map(|u| u.to_be_bytes()).collect(),
    ]
}

/// Files under `dir` that contain any canary in any encoding: (file, canary) pairs.
pub fn canary_hits(dir: &Path, canaries: &[&str]) -> Vec<(PathBuf, String)> {
    let mut hits = Vec::new();
    for (path, bytes) in snapshot(dir) {
        for canary in canaries {
            for needle in encodings(canary) {
                if memchr::memmem::find(&bytes, &needle).is_some() {
                    hits.push((path.clone(), canary.to_string()));
                }
            }
        }
    }
    hits
}

/// Flips every bit of `len` bytes at `offset`.
pub fn flip_bytes(path: &Path, offset: usize, len: usize) {
    let mut bytes = fs::read(path).expect("read");
    for b in &mut bytes[offset..offset + len] {
        *b = !*b;
    }
    fs::write(path, bytes).expect("write");
}

/// Day `d` of November 2026 at `h` o'clock.
pub fn at(d: u32, h: u32) -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 11, d)
        .and_then(|d| d.and_hms_opt(h, 0, 0))
        .expect("time")
}

/// A backup folder that is there (a chosen folder is never made by a backup).
pub fn made(dir: PathBuf) -> PathBuf {
    fs::create_dir_all(&dir).expect("folder");
    dir
}

/// A year of the demo desk in `dir/dati`.
pub fn demo(dir: &Path) -> (ArchivePaths, Archive, RecoveryKey) {
    let paths = ArchivePaths::new(dir.join("dati"));
    let (mut archive, recovery) = Archive::create(&paths, &passphrase(), None).expect("create");
    sportello_archive::demo::generate(
        &mut archive,
        &sportello_archive::demo::DemoOptions {
            years: 1,
            seed: 3,
            ..sportello_archive::demo::DemoOptions::desktop(
                chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("day"),
            )
        },
    )
    .expect("demo");
    (paths, archive, recovery)
}

/// Debian's `age -d -i IDENTITY FILE | sqlite3 COPY`, as the README tells: whether both
/// succeeded, and what age said.
pub fn age_into_sqlite(identity_file: &Path, file: &Path, copy: &Path) -> (bool, String) {
    use std::process::{Command, Stdio};
    let mut age = Command::new("age")
        .arg("-d")
        .arg("-i")
        .arg(identity_file)
        .arg(file)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("Debian's age must be installed");
    let sqlite = Command::new("sqlite3")
        .arg(copy)
        .stdin(age.stdout.take().expect("pipe"))
        .output()
        .expect("sqlite3 must be installed");
    let age = age.wait_with_output().expect("age");
    (
        age.status.success() && sqlite.status.success(),
        String::from_utf8_lossy(&age.stderr).into_owned(),
    )
}

/// `sqlite3 COPY SQL`: what it printed.
pub fn sqlite_query(copy: &Path, sql: &str) -> String {
    let out = std::process::Command::new("sqlite3")
        .arg(copy)
        .arg(sql)
        .output()
        .expect("sqlite3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `sqlite3 COPY SQL` for a count.
pub fn sqlite_count(copy: &Path, sql: &str) -> u64 {
    let out = std::process::Command::new("sqlite3")
        .arg(copy)
        .arg(sql)
        .output()
        .expect("sqlite3");
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .expect("a count")
}

/// Saves a person from the form, its warnings confirmed: a new record, or the changes to `id`.
pub fn save_person(
    archive: &mut Archive,
    id: Option<sportello_core::PersonId>,
    form: sportello_core::model::PersonForm,
    today: chrono::NaiveDate,
) -> sportello_core::PersonId {
    let request = sportello_core::ipc::SavePersonRequest {
        id,
        form,
        confirmed: true,
    };
    match archive.save_person(&request, today).expect("save person") {
        sportello_core::ipc::PersonSaved::Saved { id } => id,
        other => panic!("{other:?}"),
    }
}

/// The form of a woman born on 1 January 1980, Italian, with nothing else.
pub fn named(surname: &str, name: &str) -> sportello_core::model::PersonForm {
    sportello_core::model::PersonForm {
        surname: surname.into(),
        name: name.into(),
        birth: "01/01/1980".into(),
        gender: "F".into(),
        citizenship: "IT".into(),
        ..Default::default()
    }
}
