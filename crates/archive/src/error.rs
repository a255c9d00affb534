//! The archive's errors. Each one has a stable `code` (for scripts and the desktop shell) and an
//! Italian sentence that tells the operator what happened and what to do. No message carries
//! personal data: at most a folder path or a count.

use sportello_core::FormErrors;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("Frase segreta errata.")]
    WrongPassphrase,
    /// `--operatore` named someone whose passphrase this is not.
    #[error(
        "La frase segreta non è quella dell'operatore «{0}», o nessun operatore ha questo nome."
    )]
    NotHerPassphrase(String),
    /// A passphrase that opens the archive for more than one operator (an older version let
    /// two choose the same): who opens must be said.
    #[error("Questa frase segreta apre l'archivio per più operatori: indicare chi apre (con --operatore NOME dalla riga di comando, o nel campo «Operatore»), poi cambiare la frase segreta perché ognuno abbia la sua.")]
    PassphraseShared,
    #[error("La chiave di recupero non apre questo archivio (se è stata creata una nuova chiave di recupero, serve il kit più recente).")]
    WrongRecoveryKey,
    #[error("Chiave di recupero non valida: deve iniziare con AGE-SECRET-KEY-1 e va copiata per intero.")]
    InvalidRecoveryKey,
    #[error("Nessun archivio in {0}: crearne uno con «sportello init» oppure indicare la cartella giusta.")]
    NotFound(PathBuf),
    #[error("Esiste già un archivio in {0}: non viene sovrascritto.")]
    AlreadyExists(PathBuf),
    #[error("Il file della chiave (chiave.age) è danneggiato o incompleto: aprire l'archivio con la chiave di recupero.")]
    KeyFileDamaged,
    #[error(
        "Il file della chiave (chiave.age) manca: aprire l'archivio con la chiave di recupero."
    )]
    KeyFileMissing,
    #[error("La creazione dell'archivio in questa cartella si è interrotta prima di finire: non contiene ancora dati. Crearlo di nuovo (nell'app, o con sportello init).")]
    CreationInterrupted,
    #[error("Il file di recupero (chiave-recupero.age) manca: l'archivio si apre con la frase segreta; se anche quella è persa, ricostruirlo con il kit da una copia di sicurezza in una cartella dati vuota (da riga di comando: sportello --data-dir NUOVA_CARTELLA restore FILE --recupero).")]
    RecoveryFileMissing,
    #[error("Il file di recupero (chiave-recupero.age) è danneggiato: l'archivio si apre con la frase segreta; se anche quella è persa, ricostruirlo con il kit da una copia di sicurezza in una cartella dati vuota (da riga di comando: sportello --data-dir NUOVA_CARTELLA restore FILE --recupero).")]
    RecoveryFileDamaged,
    #[error("Il database dell'archivio (archivio.db) manca: ripristinare l'ultimo backup.")]
    DatabaseMissing,
    #[error("Il database dell'archivio (archivio.db) è danneggiato ({0}): non modificarlo e ripristinare l'ultimo backup.")]
    DatabaseDamaged(String),
    #[error("L'archivio è stato creato con una versione più recente di Sportello (schema {found}, supportato fino a {supported}): aggiornare il programma.")]
    SchemaTooNew { found: i64, supported: i64 },
    #[error("Dati non validi: {0}")]
    Invalid(#[from] FormErrors),
    #[error("{0}")]
    Rejected(String),
    #[error("Record non trovato.")]
    RecordNotFound,
    #[error("Errore di lettura o scrittura su disco: {0}")]
    Io(#[from] std::io::Error),
    #[error("Errore del database: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("Errore di cifratura: {0}")]
    Crypto(String),
    #[error("Calcolo annullato.")]
    Cancelled,
    #[error(
        "La copia di sicurezza {0}: non è stato modificato nulla. Provare con un'altra copia."
    )]
    BackupDamaged(String),
    #[error("Questa copia di sicurezza è di un altro archivio (o cifrata per un'altra chiave): non è stato modificato nulla.")]
    BackupOfAnotherArchive,
    /// A register file with rows in error (or columns missing): nothing was imported.
    #[error("{}", rows_in_error_text(.0))]
    RowsInError(Vec<sportello_core::register::CellProblem>),
    /// Another program has the archive open: who it is, in Italian.
    #[error("L'archivio è già in uso: {0}. Chiudere quel programma o bloccare l'archivio lì, poi riprovare.")]
    InUse(String),
    /// What this operator's role does not allow: why, in Italian.
    #[error("Operazione non permessa: {0}.")]
    NotPermitted(String),
}

impl ArchiveError {
    /// A stable identifier of the kind of error.
    pub fn code(&self) -> &'static str {
        match self {
            ArchiveError::WrongPassphrase => "wrong_passphrase",
            ArchiveError::NotHerPassphrase(_) => "not_her_passphrase",
            ArchiveError::PassphraseShared => "passphrase_shared",
            ArchiveError::WrongRecoveryKey => "wrong_recovery_key",
            ArchiveError::InvalidRecoveryKey => "invalid_recovery_key",
            ArchiveError::NotFound(_) => "archive_not_found",
            ArchiveError::AlreadyExists(_) => "archive_exists",
            ArchiveError::KeyFileDamaged => "key_file_damaged",
            ArchiveError::KeyFileMissing => "key_file_missing",
            ArchiveError::CreationInterrupted => "creation_interrupted",
            ArchiveError::RecoveryFileMissing => "recovery_file_missing",
            ArchiveError::RecoveryFileDamaged => "recovery_file_damaged",
            ArchiveError::DatabaseMissing => "database_missing",
            ArchiveError::DatabaseDamaged(_) => "database_damaged",
            ArchiveError::SchemaTooNew { .. } => "schema_too_new",
            ArchiveError::Invalid(_) => "invalid_input",
            ArchiveError::Rejected(_) => "rejected",
            ArchiveError::RecordNotFound => "not_found",
            ArchiveError::Io(_) => "io",
            ArchiveError::Database(_) => "database",
            ArchiveError::Crypto(_) => "crypto",
            ArchiveError::Cancelled => "cancelled",
            ArchiveError::BackupDamaged(_) => "backup_damaged",
            ArchiveError::BackupOfAnotherArchive => "backup_of_another_archive",
            ArchiveError::InUse(_) => "archive_in_use",
            ArchiveError::RowsInError(_) => "rows_in_error",
            ArchiveError::NotPermitted(_) => "not_permitted",
        }
    }

    /// The process exit code the CLI uses for this error (scripts can tell the cases apart).
    pub fn exit_code(&self) -> i32 {
        match self {
            ArchiveError::WrongPassphrase
            | ArchiveError::WrongRecoveryKey
            | ArchiveError::NotHerPassphrase(_)
            | ArchiveError::PassphraseShared => 3,
            ArchiveError::InvalidRecoveryKey => 3,
            ArchiveError::KeyFileDamaged
            | ArchiveError::KeyFileMissing
            | ArchiveError::RecoveryFileMissing
            | ArchiveError::RecoveryFileDamaged => 4,
            ArchiveError::DatabaseDamaged(_) | ArchiveError::DatabaseMissing => 5,
            ArchiveError::NotFound(_) | ArchiveError::CreationInterrupted => 6,
            ArchiveError::Invalid(_) | ArchiveError::Rejected(_) | ArchiveError::RowsInError(_) => {
                7
            }
            ArchiveError::BackupDamaged(_) => 8,
            ArchiveError::BackupOfAnotherArchive => 9,
            ArchiveError::InUse(_) => 10,
            ArchiveError::NotPermitted(_) => 11,
            _ => 1,
        }
    }
}

fn rows_in_error_text(problems: &[sportello_core::register::CellProblem]) -> String {
    let lines: std::collections::BTreeSet<usize> = problems.iter().map(|p| p.line).collect();
    if lines.contains(&0) {
        return "Le colonne del file non si leggono come il registro: non è stato importato nulla. Indicare nella mappatura quale colonna è quale.".into();
    }
    format!(
        "{} del file {} problemi: non è stato importato nulla. Correggerle nel file, oppure scegliere di importare le altre righe e saltare queste.",
        sportello_core::format::plural(lines.len() as u64, "riga", "righe"),
        if lines.len() == 1 { "ha" } else { "hanno" }
    )
}

pub type Result<T, E = ArchiveError> = std::result::Result<T, E>;
