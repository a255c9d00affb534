//! The commands that keep the archive safe beyond this laptop: restore (same laptop or a new
//! one), a new recovery key and its kit, the handover package and its opening, the wipe.

use crate::{existing_passphrase, new_passphrase, print_recovery_key, recovery_key};
use chrono::Local;
use sportello_archive::backup::{restore_with_passphrase, BackupSummary};
use sportello_archive::handover::{read_identity_file, restore_as_new, Recovery};
use sportello_archive::{ArchiveError, ArchivePaths, ExposeSecret, RecoveryKey};
use std::path::Path;

fn taken(summary: &BackupSummary) -> String {
    chrono::NaiveDateTime::parse_from_str(&summary.taken_at, "%Y-%m-%dT%H:%M:%S")
        .map(|t| t.format("%d/%m/%Y alle %H:%M").to_string())
        .unwrap_or_else(|_| summary.taken_at.clone())
}

/// `restore FILE`: with the passphrase over this laptop's archive; `--recupero` on a new
/// laptop, with the recovery key of the kit, into a new archive.
pub(crate) fn restore(
    paths: &ArchivePaths,
    file: &Path,
    recovery: bool,
) -> Result<(), ArchiveError> {
    if !recovery {
        let summary = restore_with_passphrase(paths, &existing_passphrase(paths)?, file)?;
        println!(
            "Archivio ripristinato dalla copia del {} ({} record). L'archivio sostituito resta, cifrato, in archivio.db.prima-del-ripristino fino al prossimo ripristino.",
            taken(&summary),
            summary.rows
        );
        return Ok(());
    }
    if paths.exists() {
        return Err(ArchiveError::Rejected(format!(
            "In {} c'è già un archivio: per ripristinarlo usare «sportello restore FILE» con la frase segreta (o prima «sportello passphrase --recupero»); --recupero ricostruisce l'archivio in una cartella dati vuota (un computer nuovo, o una copia fatta su un altro computer: --data-dir ALTRA_CARTELLA).",
            paths.dir.display()
        )));
    }
    let kit = recovery_key()?;
    let passphrase = new_passphrase("SPORTELLO_NEW_PASSPHRASE")?;
    let restored = restore_as_new(
        paths,
        file,
        kit.identity(),
        &passphrase,
        Recovery::Keep(&kit),
    )?;
    println!(
        "Archivio ricostruito in {} dalla copia del {} ({} record), con la nuova frase segreta.",
        paths.dir.display(),
        taken(&restored.summary),
        restored.summary.rows
    );
    println!("Il kit di recupero resta valido per questo archivio. Le prossime copie hanno un nome nuovo: le copie di prima restano e si aprono con il kit (restore --recupero su un'altra cartella, oppure age).");
    Ok(())
}

/// `chiave-recupero --out FILE.pdf`: a new recovery key, the keys rotated, the new kit.
/// `sportello cambia-chiave`: the archive's keys renewed under the same passphrase and kit.
pub(crate) fn change_archive_key(paths: &ArchivePaths) -> Result<(), ArchiveError> {
    let passphrase = existing_passphrase(paths)?;
    let mut archive = crate::secrets::unlock_with(paths, &passphrase)?;
    if let Err(e) = archive.change_archive_key(&passphrase) {
        let _ = archive.lock();
        return Err(e);
    }
    archive.lock()?;
    println!("Chiave dell'archivio cambiata: una copia salvata del vecchio file della chiave non apre più l'archivio né le copie di sicurezza fatte da ora. La frase segreta e il kit di recupero restano quelli di prima; le copie già fatte si leggono ancora.");
    Ok(())
}

pub(crate) fn new_recovery_kit(paths: &ArchivePaths, out: &Path) -> Result<(), ArchiveError> {
    let inside = out
        .parent()
        .map(|p| {
            if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            }
        })
        .and_then(|p| p.canonicalize().ok())
        .zip(paths.dir.canonicalize().ok())
        .is_some_and(|(parent, data)| parent.starts_with(data));
    if inside {
        return Err(ArchiveError::Rejected(
            "Il kit va salvato fuori dalla cartella dell'archivio (per esempio su una chiavetta, per stamparlo e poi cancellarlo).".into(),
        ));
    }
    // The kit's folder must be there before the keys change: the new key must reach her.
    let folder = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !folder.is_dir() {
        return Err(ArchiveError::Rejected(format!(
            "La cartella {} non c'è (la chiavetta è inserita?): la chiave non è stata cambiata.",
            folder.display()
        )));
    }
    let mut archive = crate::secrets::unlock(paths)?;
    let recovery: RecoveryKey = match archive.new_recovery_key() {
        Ok(key) => key,
        Err(failed) => {
            // The change took effect all the same: the key in force is shown.
            if let Some(key) = &failed.new_key {
                println!("La nuova chiave di recupero è in vigore (il cambio si completa alla prossima apertura): conservarla.");
                print_recovery_key(key);
            }
            return Err(failed.error);
        }
    };
    // Shown first: whatever happens next (closing, the PDF), she has the key.
    println!("Nuova chiave di recupero creata: il kit precedente e le vecchie copie di chiave-recupero.age non aprono più l'archivio né le copie fatte da ora. Le copie già fatte si leggono ancora con il kit del loro tempo.");
    print_recovery_key(&recovery);
    archive.lock()?;
    let pdf = sportello_report::recovery_kit_pdf(
        recovery.secret_text().expose_secret(),
        Local::now().date_naive(),
        &paths.dir.display().to_string(),
    );
    crate::reports::write_pdf(out, &pdf)
}

/// `consegna --destinatario age1… --out FILE`.
pub(crate) fn handover(
    paths: &ArchivePaths,
    recipient: &str,
    out: &Path,
) -> Result<(), ArchiveError> {
    let archive = crate::secrets::unlock(paths)?;
    let done = archive.handover_to(recipient, out, Local::now().naive_local())?;
    archive.lock()?;
    println!(
        "Pacchetto di consegna scritto in {} ({} byte, {} record). Indice del contenuto (è anche in testa al pacchetto):",
        done.path.display(),
        done.bytes,
        done.rows
    );
    for line in &done.index {
        println!("  {line}");
    }
    println!("Dopo la consegna, «sportello cancella-archivio --conferma» cancella l'archivio di questo computer e le sue copie.");
    Ok(())
}

/// `consegna-apri FILE --identita FILE`: the package becomes a new archive.
pub(crate) fn open_handover(
    paths: &ArchivePaths,
    file: &Path,
    identity: &Path,
) -> Result<(), ArchiveError> {
    if paths.exists() {
        return Err(ArchiveError::AlreadyExists(paths.dir.clone()));
    }
    let identity = read_identity_file(identity)?;
    let passphrase = new_passphrase("SPORTELLO_NEW_PASSPHRASE")?;
    let restored = restore_as_new(paths, file, &identity, &passphrase, Recovery::Issue)?;
    println!(
        "Archivio aperto in {} dal pacchetto del {} ({} record), con la nuova frase segreta.",
        paths.dir.display(),
        taken(&restored.summary),
        restored.summary.rows
    );
    if let Some(recovery) = &restored.new_recovery {
        print_recovery_key(recovery);
    }
    Ok(())
}

/// `cancella-archivio --conferma`: this laptop's archive and its backups, after a handover.
pub(crate) fn wipe(paths: &ArchivePaths, confirmed: bool) -> Result<(), ArchiveError> {
    if !confirmed {
        return Err(ArchiveError::Rejected(
            "La cancellazione è definitiva: ripetere il comando con --conferma dopo aver consegnato l'archivio.".into(),
        ));
    }
    let archive = crate::secrets::unlock(paths)?;
    let removed = archive.wipe()?;
    for path in &removed {
        println!("cancellato {}", path.display());
    }
    println!("Archivio cancellato: senza i file delle chiavi nulla di ciò che resta sul disco è leggibile. Distruggere anche il kit di recupero stampato.");
    Ok(())
}
