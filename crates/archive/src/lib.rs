//! Sportello's encrypted archive: everything that touches the disk or the keys.
//!
//! - [`Archive`]: create / unlock / recover / lock, records, verification;
//! - [`keys`]: the database key and the age files that wrap it;
//! - [`store`]: the SQLCipher connection and the numbered migrations;
//! - [`demo`]: a deterministic, realistic generated archive.
//!
//! The `sportello` CLI (crates/cli) and the desktop shell call the same functions.

pub mod activity;
pub mod agenda;
pub mod archive;
pub mod attachments;
pub mod backup;
mod backup_line;
pub mod casework;
pub mod comuni;
pub mod config;
mod crash;
pub mod creation;
pub mod demo;
pub mod error;
pub mod export;
pub mod fsutil;
pub mod handover;
pub mod hours;
pub mod import;
mod import_undo;
pub mod job;
pub mod keyfiles;
pub mod keys;
pub mod lockfile;
pub mod operators;
pub mod papers;
pub mod paths;
pub mod privacy;
pub mod process;
pub mod records;
pub mod register_file;
pub mod retention;
pub mod rotation;
pub mod store;
mod unlock;

pub use activity::SinceReport;
pub use age::secrecy::{ExposeSecret, SecretString};
pub use archive::{Archive, VerifyReport};
pub use error::{ArchiveError, Result};
pub use keys::RecoveryKey;
pub use paths::ArchivePaths;
pub use records::{Entity, VerifyProblem};
