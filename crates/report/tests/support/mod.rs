//! The PDF checks shared by the report's tests: `qpdf --check` must pass, `pdftotext` gives
//! the text, and `SPORTELLO_KEEP_PDF` keeps a copy to look at.

use std::process::Command;

/// The text of `pdf` (laid out), after `qpdf --check` found it well formed.
pub fn text_of(pdf: &[u8], name: &str) -> String {
    let dir = std::env::temp_dir().join(format!("sportello-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let path = dir.join(name);
    std::fs::write(&path, pdf).expect("write");
    let check = Command::new("qpdf")
        .arg("--check")
        .arg(&path)
        .output()
        .expect("qpdf is installed");
    assert!(
        check.status.success(),
        "qpdf --check: {}",
        String::from_utf8_lossy(&check.stdout)
    );
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext is installed");
    assert!(out.status.success());
    // Keep the file for a look (target/report-artifacts) when asked.
    if let Ok(keep) = std::env::var("SPORTELLO_KEEP_PDF") {
        std::fs::create_dir_all(&keep).expect("keep dir");
        std::fs::copy(&path, std::path::Path::new(&keep).join(name)).expect("keep");
    }
    let _ = std::fs::remove_file(&path);
    String::from_utf8(out.stdout).expect("utf-8")
}

/// How many pages `pdf` has, as qpdf counts them.
#[allow(dead_code)]
pub fn pages(pdf: &[u8], name: &str) -> u32 {
    let dir = std::env::temp_dir().join(format!("sportello-pages-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("tmp");
    let path = dir.join(name);
    std::fs::write(&path, pdf).expect("write");
    let out = Command::new("qpdf")
        .arg("--show-npages")
        .arg(&path)
        .output()
        .expect("qpdf is installed");
    let _ = std::fs::remove_file(&path);
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .expect("a page count")
}
