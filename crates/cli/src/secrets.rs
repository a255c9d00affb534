//! The secrets the command line asks for: the passphrase (from `SPORTELLO_PASSPHRASE` or typed
//! without echo), a new one typed twice and checked, the recovery key; and the recovery key
//! shown once.

use sportello_archive::{Archive, ArchiveError, ArchivePaths, RecoveryKey};
use sportello_archive::{ExposeSecret, SecretString};
use sportello_core::{passphrase, Lang};

/// Shows the recovery key once, with what it is for.
pub(crate) fn print_recovery_key(recovery: &RecoveryKey) {
    println!();
    println!("CHIAVE DI RECUPERO (viene mostrata solo ora: trascriverla o stamparla e custodirla in un luogo sicuro):");
    println!();
    println!("    {}", recovery.secret_text().expose_secret());
    println!();
    println!("Con questa chiave si può aprire l'archivio e scegliere una nuova frase segreta se quella attuale viene dimenticata.");
}

fn prompt(label: &str) -> Result<SecretString, ArchiveError> {
    rpassword::prompt_password(label)
        .map(SecretString::from)
        .map_err(|_| {
            ArchiveError::Rejected(
                "Impossibile leggere dal terminale: impostare la variabile SPORTELLO_PASSPHRASE."
                    .into(),
            )
        })
}

/// The operator named by `--operatore` / `SPORTELLO_OPERATORE`, set once at start.
static OPERATOR: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();

pub(crate) fn set_operator(name: Option<String>) {
    let _ = OPERATOR.set(name.filter(|n| !n.trim().is_empty()));
}

/// Who opens the archive, when named: the passphrase must be hers.
pub(crate) fn operator() -> Option<&'static str> {
    OPERATOR.get().and_then(|o| o.as_deref())
}

/// Opens the archive with the passphrase (as the operator named, if one is).
pub(crate) fn unlock(paths: &ArchivePaths) -> Result<Archive, ArchiveError> {
    Archive::unlock_as(paths, &existing_passphrase(paths)?, operator())
}

/// Opens it with `passphrase` already asked (as the operator named, if one is).
pub(crate) fn unlock_with(
    paths: &ArchivePaths,
    passphrase: &SecretString,
) -> Result<Archive, ArchiveError> {
    Archive::unlock_as(paths, passphrase, operator())
}

pub(crate) fn existing_passphrase(paths: &ArchivePaths) -> Result<SecretString, ArchiveError> {
    if paths.creation_interrupted() {
        return Err(ArchiveError::CreationInterrupted);
    }
    if !paths.exists() {
        return Err(ArchiveError::NotFound(paths.dir.clone()));
    }
    match std::env::var("SPORTELLO_PASSPHRASE") {
        Ok(p) => Ok(SecretString::from(p)),
        Err(_) => prompt("Frase segreta: "),
    }
}

/// A new passphrase from `var`, or typed twice; refused when too weak.
pub(crate) fn new_passphrase(var: &str) -> Result<SecretString, ArchiveError> {
    let (first, second) = match std::env::var(var) {
        Ok(p) => (SecretString::from(p.clone()), SecretString::from(p)),
        Err(_) => (
            prompt("Nuova frase segreta: ")?,
            prompt("Ripetere la frase segreta: ")?,
        ),
    };
    passphrase::check_new(first.expose_secret(), second.expose_secret())
        .map_err(|m| ArchiveError::Rejected(m.text(Lang::It)))?;
    Ok(first)
}

pub(crate) fn recovery_key() -> Result<RecoveryKey, ArchiveError> {
    let text = match std::env::var("SPORTELLO_RECOVERY_KEY") {
        Ok(k) => SecretString::from(k),
        Err(_) => prompt("Chiave di recupero: ")?,
    };
    RecoveryKey::parse(text.expose_secret())
}
