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
