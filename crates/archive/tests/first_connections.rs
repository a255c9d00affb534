//! The process's first connections, opened by several threads at once, must all be keyed.
//!
//! SQLite runs SQLCipher's own initialisation (`SQLITE_EXTRA_INIT`) after it has marked itself
//! initialised and let go of its mutex: a second thread opening a connection in that window
//! found SQLCipher not yet ready, and its `PRAGMA key` failed ("An error occurred with PRAGMA
//! key or rekey"). This test is its own process, so its connections are the first ones.

use sportello_archive::keys::KeyMaterial;
use sportello_archive::store;
use std::sync::{Arc, Barrier};

#[test]
fn the_first_connections_opened_at_once_are_all_keyed() {
    const THREADS: usize = 8;
    let dir = tempfile::tempdir().expect("temp dir");
    let start = Arc::new(Barrier::new(THREADS));
    let workers: Vec<_> = (0..THREADS)
        .map(|i| {
            let path = dir.path().join(format!("archivio-{i}.db"));
            let start = Arc::clone(&start);
            std::thread::spawn(move || {
                let keys = KeyMaterial::generate();
                start.wait();
                store::open(&path, &keys, true).map(|_| ())
            })
        })
        .collect();
    for (i, worker) in workers.into_iter().enumerate() {
        let opened = worker.join().expect("thread");
        assert!(opened.is_ok(), "connection {i}: {opened:?}");
    }
}
