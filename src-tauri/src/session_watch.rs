//! Locks the desk when the laptop goes to sleep or her session's screen locks.
//!
//! On Linux it listens on D-Bus: logind's `PrepareForSleep(true)` and a session's `Lock` on the
//! system bus, and the screen savers' `ActiveChanged(true)` on the session bus. Besides
//! subscribing, the only call it makes is logind's `Inhibit("sleep", "delay")`: the suspend
//! waits (a few seconds at most) until the desk is locked, then the delay is let go; it is
//! taken again on waking. The buses are local sockets. Any sender is believed, since the worst
//! a forged signal can do is lock the desk. Where there is no bus, the idle timer, which counts
//! on the wall clock too, still locks after a sleep.

use crate::state::Desk;
use tauri::{AppHandle, Manager};

/// Starts listening, on threads of its own.
pub fn start(app: AppHandle) {
    #[cfg(target_os = "linux")]
    linux::start(app);
    #[cfg(not(target_os = "linux"))]
    let _ = app;
}

/// What any of the signals does: the page shows the lock screen within its next poll.
fn lock_now(app: &AppHandle) {
    app.state::<Desk>().lock_state().lock_archive();
}

#[cfg(target_os = "linux")]
mod linux {
    use super::lock_now;
    use dbus::blocking::Connection;
    use dbus::message::MatchRule;
    use std::time::Duration;
    use tauri::AppHandle;

    /// How long to wait before trying a bus again (logind restarted, a session bus not up yet).
    const RETRY: Duration = Duration::from_secs(30);

    #[derive(Clone, Copy)]
    enum Bus {
        System,
        Session,
    }

    pub fn start(app: AppHandle) {
        for bus in [Bus::System, Bus::Session] {
            let app = app.clone();
            let _ = std::thread::Builder::new()
                .name("sportello-session-watch".into())
                .spawn(move || watch(bus, &app));
        }
    }

    fn watch(bus: Bus, app: &AppHandle) {
        loop {
            if let Some(conn) = connect(bus) {
                if listen(&conn, bus, app).is_ok() {
                    while conn.process(Duration::from_secs(1)).is_ok() {}
                }
            }
            std::thread::sleep(RETRY);
        }
    }

    fn connect(bus: Bus) -> Option<Connection> {
        match bus {
            Bus::System => Connection::new_system().ok(),
            // Without an address libdbus would start a bus of its own (X11 autolaunch): only a
            // session bus that is already there is used.
            Bus::Session => {
                let runtime_bus = std::env::var_os("XDG_RUNTIME_DIR")
                    .map(|dir| std::path::Path::new(&dir).join("bus"))
                    .is_some_and(|path| path.exists());
                (std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() || runtime_bus)
                    .then(Connection::new_session)
                    .and_then(Result::ok)
            }
        }
    }

    fn listen(conn: &Connection, bus: Bus, app: &AppHandle) -> Result<(), dbus::Error> {
        match bus {
            Bus::System => {
                let on_sleep = app.clone();
                // A connection of its own for the delay, so no call is made from inside a
                // signal's handler.
                let inhibitor_bus = Connection::new_system().ok();
                let mut delay = inhibitor_bus.as_ref().and_then(delay_sleep);
                conn.add_match(
                    MatchRule::new_signal("org.freedesktop.login1.Manager", "PrepareForSleep"),
                    move |(going_to_sleep,): (bool,), _, _| {
                        if going_to_sleep {
                            lock_now(&on_sleep);
                            // Locked: the suspend may go on.
                            delay = None;
                        } else if delay.is_none() {
                            delay = inhibitor_bus.as_ref().and_then(delay_sleep);
                        }
                        true
                    },
                )?;
                let on_lock = app.clone();
                conn.add_match(
                    MatchRule::new_signal("org.freedesktop.login1.Session", "Lock"),
                    move |(): (), _, _| {
                        lock_now(&on_lock);
                        true
                    },
                )?;
            }
            Bus::Session => {
                for interface in ["org.freedesktop.ScreenSaver", "org.gnome.ScreenSaver"] {
                    let on_saver = app.clone();
                    conn.add_match(
                        MatchRule::new_signal(interface, "ActiveChanged"),
                        move |(active,): (bool,), _, _| {
                            if active {
                                lock_now(&on_saver);
                            }
                            true
                        },
                    )?;
                }
            }
        }
        Ok(())
    }

    /// Asks logind to hold a suspend until the desk is locked (dropping the file descriptor
    /// lets it go); nothing where there is no logind.
    fn delay_sleep(bus: &Connection) -> Option<dbus::arg::OwnedFd> {
        bus.with_proxy(
            "org.freedesktop.login1",
            "/org/freedesktop/login1",
            Duration::from_secs(2),
        )
        .method_call(
            "org.freedesktop.login1.Manager",
            "Inhibit",
            (
                "sleep",
                "Sportello",
                "Blocca l'archivio prima della sospensione",
                "delay",
            ),
        )
        .ok()
        .map(|(fd,): (dbus::arg::OwnedFd,)| fd)
    }
}
