//! `archivio.lock`: held (shared) from unlock to lock or close by every program that opens
//! the archive, and exclusively by a restore, which is so refused while the archive is open
//! elsewhere. An advisory lock of the operating system: it goes away with the process, so a
//! crash never leaves the archive "in use".

use crate::error::{ArchiveError, Result};
use crate::paths::ArchivePaths;
use std::fs::{File, OpenOptions};

pub const LOCK_FILE: &str = "archivio.lock";

#[derive(Debug)]
pub struct ArchiveLock {
    _file: File,
}

impl ArchiveLock {
    /// Held by an open archive: others may open it too, a restore may not run.
    pub fn shared(paths: &ArchivePaths) -> Result<ArchiveLock> {
        let file = Self::open(paths)?;
        match file.try_lock_shared() {
            Ok(()) => Ok(ArchiveLock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(ArchiveError::InUse),
            Err(std::fs::TryLockError::Error(e)) => Err(e.into()),
        }
    }

    /// Held by a restore: only when nobody has the archive open.
    pub fn exclusive(paths: &ArchivePaths) -> Result<ArchiveLock> {
        let file = Self::open(paths)?;
        match file.try_lock() {
            Ok(()) => Ok(ArchiveLock { _file: file }),
            Err(std::fs::TryLockError::WouldBlock) => Err(ArchiveError::InUse),
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
