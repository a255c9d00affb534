//! `import`, `importazioni`, `annulla-import` and `export`: the register the desk kept before
//! Sportello comes in (all of it or nothing, every problem by row and column), and the register
//! and the hours go out as CSV or XLSX.

use sportello_archive::export::ExportKind;
use sportello_archive::import::ImportOptions;
use sportello_archive::register_file::problems_csv;
use sportello_archive::{ArchiveError, ArchivePaths};
use sportello_core::format::plural;
use sportello_core::register::Mapping;
use sportello_core::Lang;
use std::path::{Path, PathBuf};

/// What `export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ExportWhat {
    /// Il registro dei colloqui, nel modello dell'importazione (una riga per colloquio).
    #[value(name = "registro", alias = "register")]
    Register,
    /// Le ore registrate (una riga per voce).
    #[value(name = "ore", alias = "hours")]
    Hours,
}

/// The options of `import`, as typed.
#[derive(clap::Args)]
pub(crate) struct ImportArgs {
    /// Il file da importare (.csv o .xlsx).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Quale colonna del file è quale, e a quale categoria corrispondono i valori: il JSON che
    /// salva la procedura guidata dell'app.
    #[arg(long = "mappatura", alias = "mapping", value_name = "FILE.json")]
    pub mapping: Option<PathBuf>,
    /// Importa le righe corrette e salta quelle con problemi (elencate).
    #[arg(long = "salta-errori", alias = "skip-errors")]
    pub skip_errors: bool,
    /// Registra anche le ore di ogni colloquio (mai in un anno contrattuale chiuso).
    #[arg(long = "con-ore", alias = "with-time")]
    pub with_time: bool,
    /// Mostra cosa verrebbe importato, senza scrivere nulla.
    #[arg(long = "anteprima", alias = "preview")]
    pub preview: bool,
    /// Scrive l'elenco dei problemi in questo file CSV (contiene i valori del file).
    #[arg(
        long = "rapporto-errori",
        alias = "error-report",
        value_name = "FILE.csv"
    )]
    pub error_report: Option<PathBuf>,
    #[arg(long)]
    pub json: bool,
}

fn read_mapping(path: &Path) -> Result<Mapping, ArchiveError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        ArchiveError::Rejected(format!(
            "Il file di mappatura {} non si legge: {e}.",
            path.display()
        ))
    })?;
    serde_json::from_str(&text).map_err(|e| {
        ArchiveError::Rejected(format!(
            "Il file di mappatura {} non è valido ({e}): va scritto come lo salva la procedura guidata dell'app (vedere il README).",
            path.display()
        ))
    })
}

pub(crate) fn import(
    paths: &ArchivePaths,
    args: ImportArgs,
    today: chrono::NaiveDate,
) -> Result<(), ArchiveError> {
    let bytes = std::fs::read(&args.file).map_err(|e| {
        ArchiveError::Rejected(format!(
            "Il file {} non si legge: {e}.",
            args.file.display()
        ))
    })?;
    let name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mapping = match &args.mapping {
        Some(path) => read_mapping(path)?,
        None => Mapping::default(),
    };
    let options = ImportOptions {
        skip_errors: args.skip_errors,
        with_time: args.with_time,
    };
    let mut archive = crate::secrets::unlock(paths)?;
    // The mapping of earlier imports first; what the file says wins.
    let mut all = archive.remembered_mapping()?;
    all.remember(&mapping);
    if args.preview {
        let preview = archive.preview_import(&name, &bytes, &all, options, today)?;
        archive.lock()?;
        if args.json {
            println!(
                "{}",
                serde_json::to_string_pretty(&preview).unwrap_or_default()
            );
        } else {
            println!(
                "{}: {}; {} già in archivio; {} e {} nuove ({} già in archivio); {}; {} con problemi.",
                name,
                plural(preview.new_contacts as u64, "colloquio da importare", "colloqui da importare"),
                preview.recorded_contacts,
                plural(preview.new_persons as u64, "persona", "persone"),
                plural(preview.new_anonymous as u64, "accesso anonimo", "accessi anonimi"),
                preview.matches.len(),
                plural(preview.new_referrals as u64, "invio", "invii"),
                plural(preview.error_rows as u64, "riga", "righe"),
            );
            for p in &preview.problems {
                println!("{}", p.text(Lang::It));
            }
        }
        return Ok(());
    }
    let result = archive.import_register(&name, &bytes, &all, options, today, &mut |_, _| true);
    let outcome = match result {
        Ok(outcome) => outcome,
        Err(ArchiveError::RowsInError(problems)) => {
            for p in &problems {
                eprintln!("{}", p.text(Lang::It));
            }
            if let Some(path) = &args.error_report {
                archive.check_export_path(path)?;
                write_error_report(path, &problems)?;
            }
            archive.lock()?;
            return Err(ArchiveError::RowsInError(problems));
        }
        Err(e) => return Err(e),
    };
    archive.lock()?;
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&outcome).unwrap_or_default()
        );
    } else {
        println!(
            "Importati {}, {}, {}, {}{}; {} già in archivio; {} saltate.",
            plural(outcome.contacts as u64, "colloquio", "colloqui"),
            plural(outcome.persons as u64, "persona nuova", "persone nuove"),
            plural(
                outcome.anonymous as u64,
                "accesso anonimo",
                "accessi anonimi"
            ),
            plural(outcome.referrals as u64, "invio", "invii"),
            if options.with_time {
                format!(
                    ", {}",
                    plural(outcome.time_entries as u64, "voce di ore", "voci di ore")
                )
            } else {
                String::new()
            },
            plural(outcome.recorded_contacts as u64, "colloquio", "colloqui"),
            plural(outcome.skipped_rows as u64, "riga", "righe"),
        );
        println!(
            "Importazione {} (per annullarla: sportello annulla-import {}).",
            outcome.batch, outcome.batch
        );
    }
    Ok(())
}

/// The error report as CSV (riga; colonna; valore; problema): it holds the file's values, so
/// it goes where she said, never beside the archive.
fn write_error_report(
    path: &Path,
    problems: &[sportello_core::register::CellProblem],
) -> Result<(), ArchiveError> {
    sportello_archive::fsutil::write_atomic(path, &problems_csv(problems, Lang::It))?;
    eprintln!("Rapporto degli errori scritto in {}.", path.display());
    Ok(())
}

pub(crate) fn list_imports(paths: &ArchivePaths, json: bool) -> Result<(), ArchiveError> {
    let archive = crate::secrets::unlock(paths)?;
    let list = archive.imports()?;
    archive.lock()?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&list).unwrap_or_default()
        );
        return Ok(());
    }
    if list.is_empty() {
        println!("Nessuna importazione.");
    }
    for r in list {
        println!(
            "{}  {}  {}  {}  {}{}",
            r.id,
            r.created_at.get(..10).unwrap_or(&r.created_at),
            r.file_name,
            plural(r.contacts as u64, "colloquio", "colloqui"),
            plural(r.persons as u64, "scheda nuova", "schede nuove"),
            if r.undone_at.is_some() {
                "  (annullata)"
            } else {
                ""
            }
        );
    }
    Ok(())
}

pub(crate) fn undo_import(paths: &ArchivePaths, id: &str) -> Result<(), ArchiveError> {
    let mut archive = crate::secrets::unlock(paths)?;
    let record = archive.undo_import(id)?;
    archive.lock()?;
    println!(
        "Importazione annullata: {} e {} tolte dall'archivio.",
        plural(record.contacts as u64, "colloquio", "colloqui"),
        plural(record.persons as u64, "scheda persona", "schede persona")
    );
    Ok(())
}

pub(crate) fn export(
    paths: &ArchivePaths,
    what: ExportWhat,
    out: &Path,
) -> Result<(), ArchiveError> {
    let archive = crate::secrets::unlock(paths)?;
    let kind = match what {
        ExportWhat::Register => ExportKind::Register,
        ExportWhat::Hours => ExportKind::Hours,
    };
    eprintln!(
        "ATTENZIONE: il file scritto ora non è cifrato e chiunque lo abbia può leggerlo. Tenerlo solo il tempo necessario e poi cancellarlo."
    );
    archive.write_export(out, kind)?;
    archive.lock()?;
    println!("{}", out.display());
    Ok(())
}
