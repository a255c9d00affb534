//! What the command-line tests share: running the real binary, a demo archive made by it,
//! and reading the PDFs it writes.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const PASS: &str = "girasole verde mattina";

pub fn sportello(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sportello"));
    cmd.arg("--data-dir").arg(dir).args(args);
    cmd.env_remove("SPORTELLO_PASSPHRASE")
        .env_remove("SPORTELLO_NEW_PASSPHRASE")
        .env_remove("SPORTELLO_RECOVERY_KEY");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run sportello")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// An archive made by `sportello demo` (with data) in a fresh folder.
pub fn demo_archive() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("dati");
    let out = sportello(
        &dir,
        &[
            "demo",
            "--years",
            "1",
            "--seed",
            "3",
            "--end-date",
            "24/11/2026",
        ],
        &[("SPORTELLO_PASSPHRASE", PASS)],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    (tmp, dir)
}

/// Copies the archive into a new folder, so each case starts from the same state.
pub fn copy_of(dir: &Path) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tmp");
    let copy = tmp.path().join("dati");
    std::fs::create_dir_all(&copy).expect("mkdir");
    for (path, bytes) in crate::common::snapshot(dir) {
        let to = copy.join(path.strip_prefix(dir).expect("inside"));
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::write(to, bytes).expect("copy");
    }
    (tmp, copy)
}

/// Runs pdftotext on a PDF after `qpdf --check` found it well formed.
pub fn pdf_text(path: &Path) -> String {
    let check = Command::new("qpdf")
        .arg("--check")
        .arg(path)
        .output()
        .expect("qpdf is installed");
    assert!(check.status.success(), "qpdf --check: {}", stdout(&check));
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext is installed");
    assert!(out.status.success());
    String::from_utf8(out.stdout).expect("utf-8")
}
