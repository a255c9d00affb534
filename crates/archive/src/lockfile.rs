//! `archivio.lock`: one program at a time has the archive open. It is held exclusively from
//! unlock (or creation) to lock or close, by the app and by the CLI alike, and by a restore,
//! a handover or a wipe while they run; a second opener is refused with
//! [`ArchiveError::InUse`], naming the holder. An advisory lock of the operating system: it
//! goes away with the process, so a crash never leaves the archive "in use".
//!
//! The holder writes who it is into the file (which program, its process number, since when):
//! nothing personal, only what the refused program needs to tell her where to close it.

use crate::error::{ArchiveError, Result};
use crate::paths::ArchivePaths;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};

pub const LOCK_FILE: &str = "archivio.lock";

#[derive(Debug)]
pub struct ArchiveLock {
    _file: File,
}

impl ArchiveLock {
    /// Takes the archive for this program alone, or says who has it.
    pub fn acquire(paths: &ArchivePaths) -> Result<ArchiveLock> {
        let mut file = Self::open(paths)?;
        match file.try_lock() {
            Ok(()) => {
                // Who holds it, for the next opener's message; a failure to write it only
                // makes that message vaguer.
                let _ = file
                    .set_len(0)
                    .and_then(|()| file.rewind())
                    .and_then(|()| file.write_all(Holder::this_process().to_line().as_bytes()));
                Ok(ArchiveLock { _file: file })
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                let mut line = String::new();
                let _ = file.take(256).read_to_string(&mut line);
                Err(ArchiveError::InUse(Holder::describe(&line)))
            }
            Err(std::fs::TryLockError::Error(e)) => Err(e.into()),
        }
    }

    fn open(paths: &ArchivePaths) -> Result<File> {
        if !paths.dir.exists() {
            return Err(ArchiveError::NotFound(paths.dir.clone()));
        }
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        Ok(options.open(paths.dir.join(LOCK_FILE))?)
    }
}

/// Who holds the lock: the program, its process number, and since when.
#[derive(Debug, PartialEq)]
struct Holder {
    program: String,
    pid: u32,
    since: chrono::NaiveDateTime,
}

impl Holder {
    fn this_process() -> Holder {
        let program = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.file_stem().map(|s| s.to_string_lossy().into_owned()))
            .unwrap_or_default();
        Holder {
            program,
            pid: std::process::id(),
            since: chrono::Local::now().naive_local(),
        }
    }

    fn to_line(&self) -> String {
        format!(
            "{} {} {}\n",
            self.program.replace(' ', "_"),
            self.pid,
            self.since.format("%Y-%m-%dT%H:%M")
        )
    }

    fn parse(line: &str) -> Option<Holder> {
        let mut words = line.split_whitespace();
        let program = words.next()?.to_owned();
        let pid = words.next()?.parse().ok()?;
        let since = chrono::NaiveDateTime::parse_from_str(words.next()?, "%Y-%m-%dT%H:%M").ok()?;
        Some(Holder {
            program,
            pid,
            since,
        })
    }

    /// The holder in Italian, as the refused program tells her ("l'ha aperto la finestra di
    /// Sportello (processo 4242) il 26/11/2026 alle 10:32"); vaguer when the file says nothing.
    fn describe(line: &str) -> String {
        let Some(holder) = Holder::parse(line) else {
            return "l'ha aperto un altro programma (Sportello o la riga di comando)".into();
        };
        let what = match holder.program.as_str() {
            "sportello-desktop" => "la finestra di Sportello".to_owned(),
            "sportello" => "il comando sportello".to_owned(),
            other => format!("il programma «{other}»"),
        };
        format!(
            "l'ha aperto {what} (processo {}) il {} alle {}",
            holder.pid,
            holder.since.format("%d/%m/%Y"),
            holder.since.format("%H:%M")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_holder_is_written_and_told_in_italian() {
        let holder = Holder {
            program: "sportello-desktop".into(),
            pid: 4242,
            since: chrono::NaiveDate::from_ymd_opt(2026, 11, 26)
                .and_then(|d| d.and_hms_opt(10, 32, 0))
                .expect("date"),
        };
        let line = holder.to_line();
        assert_eq!(Holder::parse(&line), Some(holder));
        assert_eq!(
            Holder::describe(&line),
            "l'ha aperto la finestra di Sportello (processo 4242) il 26/11/2026 alle 10:32"
        );
        assert_eq!(
            Holder::describe("sportello 7 2026-01-05T08:03\n"),
            "l'ha aperto il comando sportello (processo 7) il 05/01/2026 alle 08:03"
        );
        assert_eq!(
            Holder::describe(""),
            "l'ha aperto un altro programma (Sportello o la riga di comando)"
        );
    }

    #[test]
    fn a_second_opener_is_refused_with_the_holder_until_the_first_lets_go() {
        let dir = tempfile::tempdir().expect("tmp");
        let paths = ArchivePaths::new(dir.path());
        let first = ArchiveLock::acquire(&paths).expect("first");
        let refused = ArchiveLock::acquire(&paths).expect_err("second");
        let ArchiveError::InUse(who) = &refused else {
            panic!("{refused:?}")
        };
        assert!(
            who.contains(&format!("(processo {})", std::process::id())),
            "{who}"
        );
        assert_eq!(refused.exit_code(), 10);
        drop(first);
        ArchiveLock::acquire(&paths).expect("free again");
    }
}
