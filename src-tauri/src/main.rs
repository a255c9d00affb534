//! Sportello's desktop shell. The commands only translate: they deserialize the request, call
//! `sportello-archive` (or a `sportello-core` rule), and map any error to one serializable
//! `CommandError`. The app state is Locked or Unlocked(archive); an idle timer locks it.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod import_job;
mod session_watch;
mod state;

include!("command_list.rs");

macro_rules! handlers {
    ($($command:ident),* $(,)?) => {
        tauri::generate_handler![$(commands::$command),*]
    };
}

use sportello_archive::config::DesktopConfig;
use sportello_archive::demo::{self, DemoOptions, DEMO_PASSPHRASE};
use sportello_archive::{ArchivePaths, SecretString};
use state::Desk;
use std::path::PathBuf;
use std::process::ExitCode;
use tauri::Manager;

fn main() -> ExitCode {
    sportello_archive::process::quiet_panics();
    sportello_archive::process::panic_if_asked_by_tests();
    if let Err(e) = sportello_archive::process::forbid_core_dumps() {
        eprintln!("errore: impossibile disattivare i core dump: {e}");
        return ExitCode::FAILURE;
    }
    // Whatever SQLite frees is overwritten first (statements, bound keys, rows): measured at
    // 2–5× on operations of a few milliseconds (benches/memory_security.rs), so on.
    if let Err(e) = sportello_archive::store::enable_memory_security() {
        eprintln!("errore: impossibile proteggere la memoria del database: {e}");
        return ExitCode::FAILURE;
    }
    let loaded = DesktopConfig::load();
    let mut config = loaded.config;
    let mut args = std::env::args().skip(1);
    let mut demo_requested = false;
    let mut data_dir: Option<PathBuf> = std::env::var_os("SPORTELLO_DATA_DIR").map(PathBuf::from);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--demo" => demo_requested = true,
            "--data-dir" => data_dir = args.next().map(PathBuf::from),
            other => {
                eprintln!("errore: argomento non riconosciuto: {other} (ammessi: --demo, --data-dir CARTELLA)");
                return ExitCode::from(2);
            }
        }
    }
    // Stored and shown as a complete path, whatever the working folder.
    let explicit = data_dir.map(|d| std::path::absolute(&d).unwrap_or(d));
    // Her settings name the folder: if the archive is not there she is told, not offered a
    // new one.
    let archive_expected = !demo_requested && explicit.is_none() && config.data_dir.is_some();
    let paths = if demo_requested {
        match create_demo() {
            Ok(paths) => paths,
            Err(e) => {
                eprintln!("errore: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        match explicit
            .or_else(|| config.data_dir.clone())
            .map(ArchivePaths::new)
            .or_else(ArchivePaths::platform_default)
        {
            Some(paths) => paths,
            None => {
                eprintln!(
                    "errore: impossibile determinare la cartella dei dati: usare --data-dir."
                );
                return ExitCode::FAILURE;
            }
        }
    };
    if demo_requested {
        // The demo's settings must not replace the operator's real data folder.
        config.data_dir = None;
    }
    // A demo archive is thrown away when the app exits.
    let demo_dir = demo_requested.then(|| paths.dir.clone());
    let desk = Desk::new(paths, config, demo_requested);
    {
        let mut inner = desk.lock_state();
        // Damaged settings may have named a folder now forgotten: the archive is looked for,
        // never replaced by a new one unasked.
        inner.archive_expected = archive_expected || loaded.problem.is_some();
        inner.keep_settings_file = loaded.keep_file;
        inner.settings_problem = loaded.problem;
    }
    let app = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(desk)
        .setup(move |app| {
            if demo_requested {
                if let Some(window) = app.get_webview_window("main") {
                    window.set_title("Sportello — DEMO (dati inventati)")?;
                }
            }
            // The end-to-end tests' stand-ins for a small screen and the magnified view
            // (debug builds only): `SPORTELLO_WINDOW_SIZE=1024x768`, `SPORTELLO_ZOOM=2`.
            #[cfg(debug_assertions)]
            if let Some(window) = app.get_webview_window("main") {
                if let Some((w, h)) = std::env::var("SPORTELLO_WINDOW_SIZE")
                    .ok()
                    .and_then(|v| {
                        v.split_once('x')
                            .map(|(w, h)| (w.parse::<f64>(), h.parse::<f64>()))
                    })
                    .and_then(|(w, h)| Some((w.ok()?, h.ok()?)))
                {
                    window.set_size(tauri::LogicalSize::new(w, h))?;
                }
                if let Some(zoom) = std::env::var("SPORTELLO_ZOOM")
                    .ok()
                    .and_then(|z| z.parse::<f64>().ok())
                {
                    window.set_zoom(zoom)?;
                }
            }
            state::start_idle_timer(app.handle().clone());
            session_watch::start(app.handle().clone());
            Ok(())
        })
        .on_window_event(|window, event| {
            // A document dropped on the window: held in memory for the attach form.
            // Read on its own thread: a slow disk never freezes the window.
            if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                let app = window.app_handle().clone();
                let paths = paths.clone();
                std::thread::spawn(move || {
                    commands::documents::dropped_on_window(&app.state::<Desk>(), &paths);
                });
            }
        })
        .invoke_handler(with_commands!(handlers))
        .build(tauri::generate_context!());
    let app = match app {
        Ok(app) => app,
        Err(e) => {
            eprintln!("errore: impossibile avviare la finestra: {e}");
            return ExitCode::FAILURE;
        }
    };
    app.run(move |handle, event| {
        if let tauri::RunEvent::Exit = event {
            handle.state::<Desk>().close();
            if let Some(dir) = &demo_dir {
                if let Err(e) = std::fs::remove_dir_all(dir) {
                    eprintln!(
                        "attenzione: cartella dimostrativa {} non rimossa: {e}",
                        dir.display()
                    );
                }
            }
        }
    });
    ExitCode::SUCCESS
}

/// A fresh demo archive in a temporary folder; prints where it is and its passphrase.
fn create_demo() -> Result<ArchivePaths, sportello_archive::ArchiveError> {
    let dir = std::env::temp_dir().join(format!("sportello-demo-{}", std::process::id()));
    let paths = ArchivePaths::new(&dir);
    let today = chrono::Local::now().date_naive();
    let pass = SecretString::from(DEMO_PASSPHRASE.to_string());
    let (_, recovery) = demo::create(&paths, &pass, &DemoOptions::desktop(today))?;
    println!("Archivio dimostrativo in {}", dir.display());
    println!("Frase segreta: {DEMO_PASSPHRASE}");
    // As at a real set-up, so the recovery path can be tried on the demo.
    println!(
        "Chiave di recupero: {}",
        sportello_archive::ExposeSecret::expose_secret(&recovery.secret_text())
    );
    Ok(paths)
}
