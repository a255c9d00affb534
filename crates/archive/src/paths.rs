//! Where the archive lives on disk.

use std::path::{Path, PathBuf};

pub const DATABASE_FILE: &str = "archivio.db";
pub const KEY_FILE: &str = "chiave.age";
pub const RECOVERY_FILE: &str = "chiave-recupero.age";
pub const MANIFEST_FILE: &str = "sportello.json";
pub const CREATION_MARKER: &str = "creazione-in-corso";

/// The files of one archive, inside its data folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchivePaths {
    pub dir: PathBuf,
}

impl ArchivePaths {
    pub fn new(dir: impl Into<PathBuf>) -> ArchivePaths {
        ArchivePaths { dir: dir.into() }
    }

    /// The platform's data folder for Sportello (e.g. `~/.local/share/sportello` on Linux).
    pub fn platform_default() -> Option<ArchivePaths> {
        directories::ProjectDirs::from("it", "Sportello", "sportello")
            .map(|p| ArchivePaths::new(p.data_dir()))
    }

    pub fn database(&self) -> PathBuf {
        self.dir.join(DATABASE_FILE)
    }

    pub fn key_file(&self) -> PathBuf {
        self.dir.join(KEY_FILE)
    }

    pub fn recovery_file(&self) -> PathBuf {
        self.dir.join(RECOVERY_FILE)
    }

    pub fn manifest(&self) -> PathBuf {
        self.dir.join(MANIFEST_FILE)
    }

    /// Present while an archive is being created, removed as its last step: an archive with
    /// it is one whose creation was interrupted (no data in it yet).
    pub fn creation_marker(&self) -> PathBuf {
        self.dir.join(CREATION_MARKER)
    }

    pub fn backup_dir(&self) -> PathBuf {
        self.dir.join("backup")
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// True when any file of an archive is present, and its creation was not interrupted.
    pub fn exists(&self) -> bool {
        (self.database().exists() || self.key_file().exists() || self.recovery_file().exists())
            && !self.creation_interrupted()
    }

    /// Whether a creation was interrupted here (a crash before it finished).
    pub fn creation_interrupted(&self) -> bool {
        self.creation_marker().exists()
    }
}
