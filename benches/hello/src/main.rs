//! A window with one field and nothing else, built with the same Tauri, WebKitGTK and profile
//! as `sportello-desktop`: what start-up and memory cost before any line of Sportello runs.
//! Its page is `dist/` (the field in plain HTML) or, built with
//! `TAURI_CONFIG='{"build":{"frontendDist":"dist-leptos"}}'`, the field drawn by Leptos in
//! wasm32 (`benches/hello-ui`), as the app's interface is. Only `scripts/bench.sh` builds it
//! (it is not a default member of the workspace).

fn main() {
    if let Err(e) = tauri::Builder::default().run(tauri::generate_context!()) {
        eprintln!("errore: {e}");
        std::process::exit(1);
    }
}
