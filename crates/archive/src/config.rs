//! The desktop app's own settings, outside the archive because they are needed before it is
//! unlocked: where the archive is, the language, the auto-lock delay. Nothing personal.

use crate::error::Result;
use crate::fsutil::{create_private_dir, write_atomic};
use serde::{Deserialize, Serialize};
use sportello_core::Lang;
use std::path::{Path, PathBuf};

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

/// The settings as read at start-up, and what was wrong with the file, in Italian: a damaged
/// file is reported, never silently replaced by the defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadedConfig {
    pub config: DesktopConfig,
    pub problem: Option<String>,
    /// The file could not be read, or not be copied aside: it must not be overwritten.
    pub keep_file: bool,
}

impl DesktopConfig {
    /// The saved settings. No file: the defaults. A file that cannot be read or understood:
    /// the defaults, with the problem told and the damaged file kept beside as
    /// `impostazioni.json.danneggiato`. A value out of range: its default, with the problem told.
    pub fn load() -> LoadedConfig {
        match config_file() {
            Some(file) => Self::load_from(&file),
            None => LoadedConfig {
                config: DesktopConfig::default(),
                problem: None,
                keep_file: false,
            },
        }
    }

    pub fn load_from(file: &Path) -> LoadedConfig {
        let defaults = |problem: String, keep_file: bool| LoadedConfig {
            config: DesktopConfig::default(),
            problem: Some(problem),
            keep_file,
        };
        let bytes = match std::fs::read(file) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return LoadedConfig {
                    config: DesktopConfig::default(),
                    problem: None,
                    keep_file: false,
                }
            }
            Err(e) => {
                return defaults(
                    format!(
                        "Il file delle impostazioni {} non si legge ({e}): sono in uso le impostazioni predefinite, e il file non viene riscritto.",
                        file.display()
                    ),
                    true,
                )
            }
        };
        let mut config: DesktopConfig = match serde_json::from_slice(&bytes) {
            Ok(config) => config,
            Err(e) => {
                let copy = file.with_extension("json.danneggiato");
                let (kept, keep_file) = match write_atomic(&copy, &bytes) {
                    Ok(()) => (format!("ne resta una copia in {}", copy.display()), false),
                    Err(_) => (
                        "non è stato possibile copiarlo a parte, quindi non viene riscritto"
                            .to_owned(),
                        true,
                    ),
                };
                return defaults(
                    format!(
                        "Il file delle impostazioni {} è danneggiato (illeggibile alla riga {}, colonna {}); {kept}. Sono in uso le impostazioni predefinite.",
                        file.display(),
                        e.line(),
                        e.column()
                    ),
                    keep_file,
                );
            }
        };
        let mut problems = Vec::new();
        if !sportello_core::ipc::IDLE_SECONDS.contains(&config.idle_seconds) {
            problems.push(format!(
                "il blocco automatico ({} secondi) è fuori dall'intervallo ammesso, da 1 a 60 minuti: vale {} minuti",
                config.idle_seconds,
                DEFAULT_IDLE_SECONDS / 60
            ));
            config.idle_seconds = DEFAULT_IDLE_SECONDS;
        }
        if config.data_dir.as_ref().is_some_and(|d| !d.is_absolute()) {
            problems.push(
                "la cartella dei dati non è un percorso completo: va indicata di nuovo".to_owned(),
            );
            config.data_dir = None;
        }
        LoadedConfig {
            config,
            keep_file: false,
            problem: (!problems.is_empty()).then(|| {
                format!(
                    "Nel file delle impostazioni {}: {}.",
                    file.display(),
                    problems.join("; ")
                )
            }),
        }
    }

    /// Writes the settings atomically; the data folder is stored as a complete path.
    pub fn save(&self) -> Result<()> {
        let Some(file) = config_file() else {
            return Ok(());
        };
        if let Some(dir) = file.parent() {
            create_private_dir(dir)?;
        }
        let mut stored = self.clone();
        if let Some(dir) = &stored.data_dir {
            stored.data_dir = Some(std::path::absolute(dir)?);
        }
        let json = serde_json::to_vec_pretty(&stored)
            .map_err(|e| crate::ArchiveError::Rejected(e.to_string()))?;
        Ok(write_atomic(&file, &json)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_damaged_settings_file_is_reported_and_kept() {
        let dir = tempfile::tempdir().expect("tmp");
        let file = dir.path().join("impostazioni.json");
        // No file: the defaults, nothing to report.
        assert_eq!(
            DesktopConfig::load_from(&file),
            LoadedConfig {
                config: DesktopConfig::default(),
                problem: None,
                keep_file: false
            }
        );
        // Cut in the middle of a write by another program.
        std::fs::write(&file, b"{\"data_dir\":\"/media/chiavetta/sporte").expect("write");
        let loaded = DesktopConfig::load_from(&file);
        assert_eq!(loaded.config, DesktopConfig::default());
        let problem = loaded.problem.expect("reported");
        assert!(
            problem.starts_with(&format!(
                "Il file delle impostazioni {} è danneggiato (",
                file.display()
            )) && problem.ends_with("Sono in uso le impostazioni predefinite."),
            "{problem}"
        );
        assert_eq!(
            std::fs::read(dir.path().join("impostazioni.json.danneggiato")).expect("kept"),
            b"{\"data_dir\":\"/media/chiavetta/sporte"
        );
        // Values out of range are told too, and the rest is kept.
        std::fs::write(
            &file,
            b"{\"data_dir\":\"/home/anna/sportello\",\"lang\":\"en\",\"idle_seconds\":5}",
        )
        .expect("write");
        let loaded = DesktopConfig::load_from(&file);
        assert_eq!(loaded.config.lang, Lang::En);
        assert_eq!(loaded.config.idle_seconds, DEFAULT_IDLE_SECONDS);
        assert_eq!(
            loaded.config.data_dir.as_deref(),
            Some(Path::new("/home/anna/sportello"))
        );
        assert!(
            loaded
                .problem
                .as_deref()
                .is_some_and(|p| p.contains("il blocco automatico (5 secondi)")),
            "{:?}",
            loaded.problem
        );
    }
}
