//! `sportello`: the command line of the archive, for automation and for the comune's IT.
//! Exit code 0 on success; otherwise a one-line Italian message on stderr and a non-zero code.

use chrono::Local;
use clap::{Parser, Subcommand};
use sportello_archive::demo::{self, DemoOptions, DEMO_PASSPHRASE};
use sportello_archive::SecretString;
use sportello_archive::{Archive, ArchiveError, ArchivePaths};
use sportello_core::model::ContractForm;
use sportello_core::{format, Lang};
use std::path::PathBuf;
use std::process::ExitCode;

mod operators;
mod privacy;
mod register;
mod reports;
mod safekeeping;
mod secrets;
use reports::report;
pub(crate) use secrets::{existing_passphrase, new_passphrase, print_recovery_key, recovery_key};

#[derive(Parser)]
#[command(
    name = "sportello",
    version,
    about = "Archivio cifrato dello sportello di Segretariato Sociale"
)]
struct Cli {
    /// Cartella dei dati (predefinita: quella della piattaforma, o SPORTELLO_DATA_DIR).
    #[arg(long, global = true, env = "SPORTELLO_DATA_DIR")]
    data_dir: Option<PathBuf>,
    /// Chi apre l'archivio (nome dell'operatore), se due operatori hanno la stessa frase segreta.
    #[arg(
        long = "operatore",
        alias = "operator",
        global = true,
        env = "SPORTELLO_OPERATORE",
        value_name = "NOME"
    )]
    operator: Option<String>,
    #[command(subcommand)]
    command: Command,
}

// Parsed once per run: the size difference between variants costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum Command {
    /// Crea un nuovo archivio e mostra, una sola volta, la chiave di recupero.
    Init {
        #[arg(long)]
        comune: Option<String>,
        #[arg(long, default_value = "")]
        ente_gestore: String,
        /// Inizio della convenzione (gg/mm/aaaa).
        #[arg(long, default_value = "")]
        inizio: String,
        /// Fine della convenzione (gg/mm/aaaa).
        #[arg(long, default_value = "")]
        fine: String,
        /// Inizio del primo anno contrattuale (gg/mm/aaaa; predefinito: l'inizio).
        #[arg(long, default_value = "")]
        inizio_anno: String,
        #[arg(long, default_value = "178")]
        monte_ore: String,
        #[arg(long, default_value = "23,00")]
        tariffa: String,
        #[arg(long, default_value = "4")]
        tetto_settimanale: String,
        /// IVA: «esente» oppure l'aliquota in percentuale (es. 22).
        #[arg(long = "iva", alias = "vat", default_value = "esente")]
        vat: String,
        /// Codice identificativo gara (CIG).
        #[arg(long, default_value = "")]
        cig: String,
        /// L'atto di affidamento, es. "Determina n. 45 del 15/02/2025".
        #[arg(long = "affidamento", alias = "award", default_value = "")]
        award: String,
        /// Il giorno del santo patrono (gg/mm).
        #[arg(long = "patrono", alias = "patron-saint", default_value = "")]
        patron: String,
        /// Orari di apertura, es. "mar 09:00-13:00" (ripetibile).
        #[arg(long)]
        apertura: Vec<String>,
        /// Chiusure dello sportello, es. "01/08/2026-31/08/2026 ferie estive" (ripetibile).
        #[arg(long = "chiusura", alias = "closure")]
        chiusura: Vec<String>,
    },
    /// Crea un archivio dimostrativo con dati generati (nessun dato reale).
    Demo {
        /// Anni contrattuali di dati.
        #[arg(
            long = "anni",
            alias = "years",
            value_name = "ANNI",
            default_value_t = 2
        )]
        years: u32,
        /// Moltiplica la convenzione (aperture, tetto settimanale, monte ore) e il volume.
        #[arg(
            long = "scala",
            alias = "scale",
            value_name = "FATTORE",
            default_value_t = 1
        )]
        scale: u32,
        /// Seme del generatore: lo stesso seme dà lo stesso archivio.
        #[arg(
            long = "seme",
            alias = "seed",
            value_name = "NUMERO",
            default_value_t = 1
        )]
        seed: u64,
        /// Ultimo giorno con dati (gg/mm/aaaa; predefinito: oggi).
        #[arg(long = "fine", alias = "end-date", value_name = "GG/MM/AAAA")]
        end_date: Option<String>,
        /// Su 100 colloqui, quanti con persone già conosciute (0–92).
        #[arg(long = "ritorni", alias = "returning", value_name = "PERCENTUALE", default_value_t = demo::RETURNING_PERCENT)]
        returning: u32,
    },
    /// Controlla l'integrità dell'archivio (pagine cifrate, struttura, storico).
    Verify,
    /// Mostra i numeri dell'archivio e le ore dell'anno contrattuale.
    Stats {
        /// Uscita in JSON.
        #[arg(long)]
        json: bool,
    },
    /// Cambia la frase segreta (con --recupero: usando la chiave di recupero).
    Passphrase {
        #[arg(long = "recupero", alias = "recovery")]
        recovery: bool,
    },
    /// Scrive una copia di sicurezza cifrata (per la chiave dell'archivio e per la chiave di
    /// recupero), la rilegge per controllarla e tiene le ultime 7 giornaliere, 4 settimanali
    /// e 12 mensili.
    Backup {
        /// Cartella delle copie (es. la chiavetta USB); viene ricordata per le prossime.
        #[arg(long = "cartella", alias = "dir", value_name = "CARTELLA")]
        dir: Option<PathBuf>,
    },
    /// Ripristina l'archivio da una copia di sicurezza: la copia è controllata per intero prima
    /// di toccare qualsiasi file, e l'archivio attuale è sostituito solo a ripristino riuscito.
    #[command(alias = "ripristina")]
    Restore {
        /// Il file della copia (sportello-AAAAMMGG-HHMMSS-….age).
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Su un computer nuovo: apre la copia con la chiave di recupero del kit e crea
        /// l'archivio con una nuova frase segreta.
        #[arg(long = "recupero", alias = "recovery")]
        recovery: bool,
    },
    /// Nuova chiave di recupero: cambia anche la chiave del database e quella delle copie,
    /// così il kit precedente non apre nulla di ciò che viene scritto da ora; scrive il nuovo
    /// kit in PDF.
    #[command(name = "chiave-recupero", alias = "recovery-key")]
    RecoveryKit {
        #[arg(long = "out", alias = "uscita", value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// Cambia la chiave dell'archivio: nuova chiave del database, delle copie e del file della
    /// chiave, con la stessa frase segreta e lo stesso kit di recupero. Una copia salvata del
    /// vecchio file della chiave non apre più l'archivio né le copie fatte da ora.
    #[command(name = "cambia-chiave", alias = "rekey")]
    Rekey,
    /// Passaggio di consegne: l'archivio intero cifrato solo per la chiave pubblica age del
    /// Comune o del nuovo gestore, con un indice leggibile del contenuto.
    #[command(name = "consegna", alias = "handover")]
    Handover {
        /// La chiave pubblica age del destinatario (age1…).
        #[arg(
            long = "destinatario",
            alias = "recipient",
            value_name = "AGE_RECIPIENT"
        )]
        recipient: String,
        #[arg(long = "out", alias = "uscita", value_name = "FILE")]
        out: PathBuf,
    },
    /// Apre un pacchetto di consegna in un nuovo archivio, con il file dell'identità age del
    /// destinatario.
    #[command(name = "consegna-apri", alias = "handover-open")]
    HandoverOpen {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[arg(long = "identita", alias = "identity", value_name = "FILE")]
        identity: PathBuf,
    },
    /// Dopo la consegna: cancella l'archivio di questo computer e le sue copie di sicurezza.
    #[command(name = "cancella-archivio", alias = "wipe")]
    Wipe {
        #[arg(long = "conferma", alias = "confirm")]
        confirm: bool,
    },
    /// Il Comune dello sportello: lo stemma stampato sul report di attività e il codice
    /// catastale (i suoi residenti sono contati a parte). Senza opzioni mostra cosa è impostato.
    Comune {
        /// Immagine PNG dello stemma (al massimo 512 KB).
        #[arg(long = "stemma", alias = "logo", value_name = "FILE.png")]
        logo: Option<PathBuf>,
        /// Toglie lo stemma.
        #[arg(long = "senza-stemma", alias = "no-logo", conflicts_with = "logo")]
        no_logo: bool,
        /// Codice catastale del Comune, es. H451.
        #[arg(long = "codice", alias = "code", value_name = "CODICE")]
        code: Option<String>,
    },
    /// La scheda di un servizio del catalogo, da dare alla persona: una pagina A4 in PDF.
    #[command(name = "scheda", alias = "service-sheet")]
    Scheda {
        /// Il nome del servizio (o una sua parte, se basta a distinguerlo) o il suo
        /// identificativo.
        #[arg(value_name = "SERVIZIO")]
        servizio: String,
        /// Il file PDF da scrivere.
        #[arg(long = "out", alias = "uscita", value_name = "FILE.pdf")]
        out: PathBuf,
    },
    /// Copia dei dati di una persona per una richiesta di accesso (art. 15 GDPR): JSON e PDF
    /// in una cartella fuori dall'archivio. I file non sono cifrati.
    #[command(name = "export-persona", alias = "export-person")]
    ExportPersona {
        /// Il codice fiscale o l'identificativo della persona.
        #[arg(value_name = "CF|ID")]
        persona: String,
        /// La cartella dove scrivere i due file (esistente, fuori dalla cartella dei dati e da
        /// quella delle copie).
        #[arg(long = "out", alias = "uscita", value_name = "CARTELLA")]
        out: PathBuf,
        /// Le valutazioni dell'operatrice: includi oppure ometti (obbligatorio se ce ne sono).
        #[arg(long = "note-valutative", alias = "evaluations", value_enum)]
        evaluations: Option<privacy::Evaluations>,
        /// Include ciò che riguarda terze persone: il nucleo familiare, le note sul nucleo, i
        /// riscontri dei servizi.
        #[arg(long = "includi-terzi", alias = "include-third-parties")]
        third_parties: bool,
    },
    /// Importa il registro tenuto finora (CSV o XLSX, una riga per colloquio: il modello è nel
    /// README): tutto o niente, ogni problema con riga e colonna; le persone già in archivio
    /// sono riconosciute, mai doppiate; lo stesso file non entra due volte.
    Import(register::ImportArgs),
    /// Le importazioni fatte, con il loro identificativo.
    #[command(name = "importazioni", alias = "imports")]
    Importazioni {
        #[arg(long)]
        json: bool,
    },
    /// Annulla un'importazione: toglie dall'archivio tutto ciò che aveva creato.
    #[command(name = "annulla-import", alias = "undo-import")]
    AnnullaImport {
        /// L'identificativo dell'importazione (vedere `sportello importazioni`).
        #[arg(value_name = "ID")]
        id: String,
    },
    /// Esporta il registro dei colloqui (nel modello dell'importazione) o le ore, in CSV o XLSX
    /// secondo l'estensione del file. Il file non è cifrato: va scritto fuori dalla cartella
    /// dei dati.
    Export {
        #[arg(value_enum)]
        what: register::ExportWhat,
        /// Il file da scrivere (.csv o .xlsx).
        #[arg(long = "out", alias = "uscita", value_name = "FILE")]
        out: PathBuf,
    },
    /// Gli operatori dell'archivio: aggiungere (con la sua frase segreta), elencare,
    /// revocare; chi ha aperto quale scheda. Solo il titolare.
    #[command(name = "operatore", alias = "operator")]
    Operatore {
        #[command(subcommand)]
        action: operators::OperatorAction,
    },
    /// Produce un report: il rendiconto mensile delle ore o la riconciliazione annuale.
    Report {
        #[command(subcommand)]
        which: Report,
    },
}

#[derive(Subcommand)]
enum Report {
    /// Il report di attività per il comune (cifre aggregate, piccoli numeri nascosti): con
    /// --out viene registrato e si può rigenerare identico con --da-registro.
    Attivita {
        /// Primo giorno del periodo (AAAA-MM-GG o gg/mm/aaaa).
        #[arg(long = "dal", alias = "from", value_name = "AAAA-MM-GG")]
        from: Option<String>,
        /// Ultimo giorno del periodo (incluso).
        #[arg(long = "al", alias = "to", value_name = "AAAA-MM-GG")]
        to: Option<String>,
        /// Il PDF da scrivere.
        #[arg(long = "out", value_name = "FILE.pdf")]
        out: Option<PathBuf>,
        /// Le cifre in JSON sullo standard output (chiavi in inglese, codici delle categorie).
        #[arg(long)]
        json: bool,
        /// Le tabelle in CSV (separatore punto e virgola).
        #[arg(long, value_name = "FILE.csv")]
        csv: Option<PathBuf>,
        /// Le tabelle in XLSX.
        #[arg(long, value_name = "FILE.xlsx")]
        xlsx: Option<PathBuf>,
        /// Soglia dei piccoli numeri (predefinita 3).
        #[arg(
            long = "soglia",
            alias = "threshold",
            value_name = "N",
            default_value_t = 3
        )]
        threshold: u64,
        /// Le cifre senza soppressione, per le proprie verifiche: solo con --json, mai in un file.
        #[arg(long = "senza-soppressione", alias = "unsuppressed")]
        unsuppressed: bool,
        /// Rigenera un report registrato (il suo identificativo), identico, e dice se le cifre
        /// sono cambiate da allora.
        #[arg(long = "da-registro", alias = "from-log", value_name = "ID")]
        from_log: Option<String>,
    },
    /// Il rendiconto mensile delle ore (per la fatturazione): con --out viene emesso.
    Ore {
        /// Il mese, AAAA-MM.
        #[arg(long = "mese", alias = "month", value_name = "AAAA-MM")]
        month: String,
        /// Il PDF da scrivere.
        #[arg(long = "out", value_name = "FILE.pdf")]
        out: Option<PathBuf>,
        /// Le cifre in JSON (minuti e centesimi interi) sullo standard output.
        #[arg(long)]
        json: bool,
    },
    /// La riconciliazione annuale dell'anno contrattuale che inizia nell'anno indicato.
    Riconciliazione {
        /// L'anno solare in cui inizia l'anno contrattuale (AAAA), o il suo primo giorno
        /// (gg/mm/aaaa) quando due anni contrattuali iniziano nello stesso anno solare.
        #[arg(long = "anno", alias = "year", value_name = "AAAA")]
        year: String,
        #[arg(long = "out", value_name = "FILE.pdf")]
        out: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    sportello_archive::process::quiet_panics();
    sportello_archive::process::panic_if_asked_by_tests();
    if let Err(e) = sportello_archive::process::forbid_core_dumps() {
        eprintln!("errore: impossibile disattivare i core dump: {e}");
        return ExitCode::FAILURE;
    }
    // Whatever SQLite frees is overwritten first (statements, bound keys, rows): measured at
    // 2–5× on operations of a few milliseconds (benches/memory_security.rs), so on.
    if let Err(e) = sportello_archive::store::enable_memory_security() {
        eprintln!("errore: impossibile proteggere la memoria del database: {e}");
        return ExitCode::FAILURE;
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
    secrets::set_operator(cli.operator.clone());
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("errore: {e}");
            ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(1))
        }
    }
}

/// Help and version go out as clap writes them; a mistake on the command line becomes one
/// Italian line and exit code 2.
fn usage_error(e: &clap::Error) -> ExitCode {
    use clap::error::{ContextKind, ErrorKind};
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp
            | ErrorKind::DisplayVersion
            | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = e.print();
        return if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
            ExitCode::from(2)
        } else {
            ExitCode::SUCCESS
        };
    }
    let context = |kind| match e.get(kind) {
        Some(clap::error::ContextValue::String(s)) => s.clone(),
        Some(clap::error::ContextValue::Strings(v)) => v.join(", "),
        _ => String::new(),
    };
    let what = match e.kind() {
        ErrorKind::UnknownArgument => {
            format!(
                "opzione non riconosciuta: {}",
                context(ContextKind::InvalidArg)
            )
        }
        ErrorKind::InvalidSubcommand => format!(
            "comando sconosciuto: {} (comandi: {})",
            context(ContextKind::InvalidSubcommand),
            command_names()
        ),
        ErrorKind::MissingRequiredArgument => format!(
            "manca un valore obbligatorio: {}",
            context(ContextKind::InvalidArg)
        ),
        ErrorKind::MissingSubcommand => format!("manca il comando ({})", command_names()),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation
            if context(ContextKind::InvalidValue).is_empty() =>
        {
            format!("manca il valore di {}", context(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => format!(
            "valore non valido per {}: {:?}",
            context(ContextKind::InvalidArg),
            context(ContextKind::InvalidValue)
        ),
        ErrorKind::ArgumentConflict
            if context(ContextKind::PriorArg) == context(ContextKind::InvalidArg) =>
        {
            format!("opzione ripetuta: {}", context(ContextKind::InvalidArg))
        }
        ErrorKind::ArgumentConflict => format!(
            "opzioni incompatibili: {} e {}",
            context(ContextKind::InvalidArg),
            context(ContextKind::PriorArg)
        ),
        ErrorKind::TooManyValues => {
            format!("troppi valori per {}", context(ContextKind::InvalidArg))
        }
        _ => "riga di comando non valida".to_string(),
    };
    eprintln!("errore: {what}. Vedere `sportello --help`.");
    ExitCode::from(2)
}

/// Whether two paths name the same folder (made absolute; symbolic links followed where the
/// folder exists).
fn same_folder(a: &std::path::Path, b: &std::path::Path) -> bool {
    sportello_archive::fsutil::resolved(a) == sportello_archive::fsutil::resolved(b)
}

/// The commands, as clap knows them: the one list, so messages never fall behind it.
fn command_names() -> String {
    use clap::CommandFactory;
    Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn run(cli: Cli) -> Result<(), ArchiveError> {
    // A demo is never written where her real archive lives, nor where she did not say.
    if matches!(cli.command, Command::Demo { .. }) {
        let default = ArchivePaths::platform_default().map(|p| p.dir);
        match &cli.data_dir {
            None => {
                return Err(ArchiveError::Rejected(
                    "`sportello demo` richiede la cartella dove crearlo: --data-dir CARTELLA (o SPORTELLO_DATA_DIR).".into(),
                ))
            }
            Some(dir) if default.as_deref().is_some_and(|d| same_folder(d, dir)) => {
                return Err(ArchiveError::Rejected(
                    "`sportello demo` non scrive nella cartella predefinita dell'archivio vero: scegliere un'altra cartella con --data-dir.".into(),
                ))
            }
            Some(_) => {}
        }
    }
    let paths = match cli.data_dir {
        Some(dir) => ArchivePaths::new(dir),
        None => ArchivePaths::platform_default().ok_or_else(|| {
            ArchiveError::Rejected(
                "Impossibile determinare la cartella dei dati: usare --data-dir.".into(),
            )
        })?,
    };
    let today = Local::now().date_naive();
    match cli.command {
        Command::Init {
            comune,
            ente_gestore,
            inizio,
            fine,
            inizio_anno,
            monte_ore,
            tariffa,
            tetto_settimanale,
            vat,
            cig,
            award,
            patron,
            apertura,
            chiusura,
        } => {
            if paths.exists() {
                return Err(ArchiveError::AlreadyExists(paths.dir.clone()));
            }
            let contract = match comune {
                Some(comune) => Some(
                    ContractForm {
                        comune,
                        provider: ente_gestore,
                        start: inizio,
                        end: fine,
                        year_start: inizio_anno,
                        yearly_hours: monte_ore,
                        hourly_rate: tariffa,
                        vat,
                        weekly_cap_hours: tetto_settimanale,
                        opening_slots: apertura.join("\n"),
                        cig,
                        award_ref: award,
                        patron_saint: patron,
                        closures: chiusura.join("\n"),
                    }
                    .parse()?,
                ),
                None => None,
            };
            let pass = new_passphrase("SPORTELLO_PASSPHRASE")?;
            let (archive, recovery) = Archive::create(&paths, &pass, contract.as_ref())?;
            archive.lock()?;
            println!("Archivio creato in {}.", paths.dir.display());
            print_recovery_key(&recovery);
            Ok(())
        }
        Command::Demo {
            years,
            scale,
            seed,
            end_date,
            returning,
        } => {
            let end = match end_date {
                Some(s) => format::parse_date(&s)
                    .map_err(|m| ArchiveError::Rejected(format!("--fine: {}", m.text(Lang::It))))?,
                None => today,
            };
            if !(1..=30).contains(&years) || !(1..=100).contains(&scale) || returning > 92 {
                return Err(ArchiveError::Rejected(
                    "--anni va da 1 a 30, --scala da 1 a 100, --ritorni da 0 a 92.".into(),
                ));
            }
            let pass = std::env::var("SPORTELLO_PASSPHRASE")
                .unwrap_or_else(|_| DEMO_PASSPHRASE.to_string());
            let pass = SecretString::from(pass);
            let (summary, recovery) = demo::create(
                &paths,
                &pass,
                &DemoOptions {
                    years,
                    scale,
                    seed,
                    end,
                    returning_percent: returning,
                },
            )?;
            println!(
                "Archivio dimostrativo creato in {}: {} persone, {} accessi anonimi, {} colloqui, {} voci ore, {} invii, {} appuntamenti.",
                paths.dir.display(),
                summary.persons,
                summary.anonymous_contacts,
                summary.contacts,
                summary.time_entries,
                summary.referrals,
                summary.appointments
            );
            if std::env::var("SPORTELLO_PASSPHRASE").is_err() {
                println!("Frase segreta dell'archivio dimostrativo: {DEMO_PASSPHRASE}");
            }
            print_recovery_key(&recovery);
            Ok(())
        }
        Command::Verify => {
            // The database is checked before anything is migrated or moved.
            let archive = Archive::unlock_to_verify(
                &paths,
                &existing_passphrase(&paths)?,
                secrets::operator(),
            )?;
            let report = archive.verify()?;
            archive.lock()?;
            if let Some(first) = report.first_problem() {
                let n = report.integrity_problems.len() + report.history_problems.len();
                return Err(ArchiveError::DatabaseDamaged(if n > 1 {
                    format!("{first}; e altri {} problemi", n - 1)
                } else {
                    first
                }));
            }
            println!(
                "Archivio integro: schema {}, {} persone, {} colloqui, {} voci ore, storico di {} modifiche verificato.",
                report.schema_version, report.counts.persons, report.counts.contacts, report.counts.time_entries, report.counts.history
            );
            Ok(())
        }
        Command::Stats { json } => {
            let archive = secrets::unlock(&paths)?;
            let counts = archive.counts()?;
            let contract_and_year = archive.contract_and_year(today)?;
            archive.lock()?;
            if json {
                let (contract, year) = contract_and_year.unzip();
                let value =
                    serde_json::json!({ "counts": counts, "contract": contract, "year": year });
                println!(
                    "{}",
                    serde_json::to_string_pretty(&value).unwrap_or_default()
                );
                return Ok(());
            }
            println!(
                "Persone: {} (più {} accessi anonimi)",
                counts.persons, counts.anonymous_persons
            );
            println!("Colloqui: {}", counts.contacts);
            println!("Voci ore: {}", counts.time_entries);
            println!("Invii: {}", counts.referrals);
            println!("Servizi in catalogo: {}", counts.services);
            println!("Appuntamenti in agenda: {}", counts.appointments);
            match contract_and_year {
                Some((c, y)) => {
                    println!("Convenzione: {} – {}", c.terms.comune, c.terms.provider);
                    println!(
                        "Anno contrattuale: {} – {}",
                        format::date(y.year.start),
                        format::date(y.year.last_day())
                    );
                    println!(
                        "Monte ore: {} h; usate {} h ({}); residue {} h",
                        format::hours_decimal(y.budget),
                        format::hours_decimal(y.used),
                        format::euro(y.amount_used),
                        format::hours_decimal(y.remaining)
                    );
                    println!(
                        "Settimana corrente: {} h su {} h di tetto; settimane oltre il tetto: {}",
                        format::hours_decimal(y.this_week.minutes),
                        format::hours_decimal(y.this_week.cap),
                        y.weeks_over_cap.len()
                    );
                }
                None => println!("Nessuna convenzione registrata."),
            }
            Ok(())
        }
        Command::Report { which } => report(&paths, which, today),
        Command::Operatore { action } => operators::run(&paths, action),
        Command::Import(args) => register::import(&paths, args, today),
        Command::Importazioni { json } => register::list_imports(&paths, json),
        Command::AnnullaImport { id } => register::undo_import(&paths, &id),
        Command::Export { what, out } => register::export(&paths, what, &out),
        Command::Scheda { servizio, out } => {
            let archive = secrets::unlock(&paths)?;
            let service = archive.find_service(&servizio)?;
            let doc = archive.scheda(service.id, today)?;
            reports::write_pdf(&out, &sportello_report::document_pdf(&doc))
        }
        Command::ExportPersona {
            persona,
            out,
            evaluations,
            third_parties,
        } => privacy::export_person(&paths, &persona, &out, evaluations, third_parties, today),
        Command::Backup { dir } => {
            let mut archive = secrets::unlock(&paths)?;
            if let Some(dir) = &dir {
                // Remembered as an absolute path: the app starts from another folder.
                let dir = &std::path::absolute(dir)?;
                // A folder named here is made if its parent is there (a stick that is in).
                if !dir.exists() && dir.parent().is_some_and(|p| p.is_dir()) {
                    sportello_archive::fsutil::create_private_dir(dir)?;
                }
                archive.set_backup_dir(dir)?;
            }
            let dir = archive.backup_dir()?;
            let done = archive.backup_to(&dir, chrono::Local::now().naive_local())?;
            archive.lock()?;
            println!(
                "Copia di sicurezza scritta e controllata: {} ({} record, {} KB).",
                done.path.display(),
                done.rows,
                done.bytes.div_ceil(1024)
            );
            if !done.removed.is_empty() {
                println!(
                    "Copie più vecchie tolte dalla rotazione: {}.",
                    done.removed.len()
                );
            }
            Ok(())
        }
        Command::Restore { file, recovery } => safekeeping::restore(&paths, &file, recovery),
        Command::RecoveryKit { out } => safekeeping::new_recovery_kit(&paths, &out),
        Command::Rekey => safekeeping::change_archive_key(&paths),
        Command::Handover { recipient, out } => safekeeping::handover(&paths, &recipient, &out),
        Command::HandoverOpen { file, identity } => {
            safekeeping::open_handover(&paths, &file, &identity)
        }
        Command::Wipe { confirm } => safekeeping::wipe(&paths, confirm),
        Command::Comune {
            logo,
            no_logo,
            code,
        } => {
            let mut archive = secrets::unlock(&paths)?;
            if let Some(path) = &logo {
                let bytes = sportello_archive::fsutil::read_chosen_file(
                    path,
                    sportello_report::logo::MAX_LOGO_BYTES as u64,
                    "Lo stemma",
                )
                .map_err(ArchiveError::Rejected)?;
                let decoded = sportello_report::Logo::from_png(&bytes)
                    .map_err(|e| ArchiveError::Rejected(e.to_string()))?;
                archive.set_comune_logo(Some(&bytes))?;
                println!(
                    "Stemma impostato ({} × {} pixel): comparirà sui report di attività.",
                    decoded.width, decoded.height
                );
            }
            if no_logo {
                archive.set_comune_logo(None)?;
                println!("Stemma tolto.");
            }
            if let Some(code) = &code {
                let label = archive.set_desk_comune(code)?;
                if label.is_empty() {
                    println!("Codice del Comune tolto: sarà dedotto dai dati.");
                } else {
                    println!("Comune dello sportello: {label}.");
                }
            }
            if logo.is_none() && !no_logo && code.is_none() {
                let comune = archive
                    .desk_comune()?
                    .unwrap_or_else(|| "non indicato".into());
                let logo = if archive.comune_logo()?.is_some() {
                    "impostato"
                } else {
                    "nessuno"
                };
                println!("Codice del Comune: {comune}\nStemma: {logo}");
            }
            archive.lock()?;
            Ok(())
        }
        Command::Passphrase { recovery } => {
            let archive = if recovery {
                let key = recovery_key()?;
                let new = new_passphrase("SPORTELLO_NEW_PASSPHRASE")?;
                Archive::recover(&paths, &key, &new)?
            } else {
                let archive = secrets::unlock(&paths)?;
                archive.change_passphrase(&new_passphrase("SPORTELLO_NEW_PASSPHRASE")?)?;
                archive
            };
            archive.lock()?;
            if recovery {
                println!("Frase segreta cambiata: quella precedente non apre più l'archivio.");
            } else {
                println!("Frase segreta cambiata. Attenzione: una copia salvata del vecchio file della chiave (per esempio in un backup dell'intero computer) si apre ancora con la frase precedente; per renderla inutile: sportello cambia-chiave.");
            }
            Ok(())
        }
    }
}
