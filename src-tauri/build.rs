fn main() {
    // Only the commands listed here exist for the webview; the capability grants each one.
    let manifest = tauri_build::AppManifest::new().commands(&[
        "status",
        "create_archive",
        "unlock",
        "lock",
        "touch",
        "dashboard",
        "find_persons",
        "person_page",
        "add_person",
        "set_idle_timeout",
        "set_lang",
    ]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri build");
}
