//! A window with one field and nothing else, built with the same Tauri, WebKitGTK and profile
//! as `sportello-desktop`: what start-up and memory cost before any line of Sportello runs.
//! Only `scripts/bench.sh` builds it (it is not a default member of the workspace).

fn main() {
    if let Err(e) = tauri::Builder::default().run(tauri::generate_context!()) {
        eprintln!("errore: {e}");
        std::process::exit(1);
    }
}
