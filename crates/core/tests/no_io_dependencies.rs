//! The domain core stays pure: nothing in its dependency tree touches a database, the desktop
//! shell, the network or the file system on its behalf. `cargo tree` is the witness.

use std::process::Command;

#[test]
fn core_depends_on_nothing_that_does_io() {
    let out = Command::new(env!("CARGO"))
        .args([
            "tree",
            "-p",
            "sportello-core",
            "-e",
            "normal",
            "--prefix",
            "none",
            "--format",
            "{p}",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run cargo tree");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tree = String::from_utf8_lossy(&out.stdout);
    assert!(tree.contains("sportello-core"), "{tree}");
    let forbidden = [
        "rusqlite",
        "libsqlite3-sys",
        "tauri",
        "wry",
        "tokio",
        "reqwest",
        "hyper",
        "age ",
        "printpdf",
        "directories",
        "getrandom",
        "rand ",
    ];
    for line in tree.lines() {
        for name in forbidden {
            assert!(
                !format!("{line} ").starts_with(name),
                "sportello-core depends on {line}"
            );
        }
    }
}
