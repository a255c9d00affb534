//! The desktop app's own settings, outside the archive because they are needed before it is
//! unlocked: where the archive is, the language, the auto-lock delay. Nothing personal.

use crate::error::Result;
use crate::fsutil::{create_private_dir, write_atomic};
use serde::{Deserialize, Serialize};
use sportello_core::Lang;
use std::path::PathBuf;

pub const DEFAULT_IDLE_SECONDS: u32 = 5 * 60;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DesktopConfig {
    pub data_dir: Option<PathBuf>,
    pub lang: Lang,
    pub idle_seconds: u32,
}

impl Default for DesktopConfig {
    fn default() -> Self {
        DesktopConfig {
            data_dir: None,
            lang: Lang::It,
            idle_seconds: DEFAULT_IDLE_SECONDS,
        }
    }
}

/// `SPORTELLO_CONFIG_DIR`, else the platform's configuration folder.
pub fn config_file() -> Option<PathBuf> {
    let dir = match std::env::var_os("SPORTELLO_CONFIG_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => directories::ProjectDirs::from("it", "Sportello", "sportello")?
            .config_dir()
            .to_path_buf(),
    };
    Some(dir.join("impostazioni.json"))
}

impl DesktopConfig {
    /// The saved settings; defaults when there are none or they cannot be read.
    pub fn load() -> DesktopConfig {
        config_file()
            .and_then(|f| std::fs::read(f).ok())
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    pub fn save(&self) -> Result<()> {
        let Some(file) = config_file() else {
            return Ok(());
        };
        if let Some(dir) = file.parent() {
            create_private_dir(dir)?;
        }
        let json = serde_json::to_vec_pretty(self)
            .map_err(|e| crate::ArchiveError::Rejected(e.to_string()))?;
        Ok(write_atomic(&file, &json)?)
    }
}
