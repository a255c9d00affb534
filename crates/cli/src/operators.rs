//! `operatore aggiungi|elenco|revoca|rinomina|accessi`: the operators of the archive, each with her own
//! passphrase. Only the owner adds and revokes them and reads the access log (exit 11 to
//! anyone else).

use crate::new_passphrase;
use sportello_archive::job::Job;
use sportello_archive::{Archive, ArchiveError, ArchivePaths};
use sportello_core::model::{same_operator_name, NewOperator, Role};
use sportello_core::{Lang, OperatorId, PersonId};
use std::sync::Arc;

#[derive(clap::Subcommand)]
pub(crate) enum OperatorAction {
    /// Aggiunge un operatore con la sua frase segreta (chiesta due volte, o da
    /// SPORTELLO_NEW_PASSPHRASE): la sua chiave apre l'archivio, le altre non cambiano.
    #[command(name = "aggiungi", alias = "add")]
    Add {
        /// Nome e cognome, come compariranno accanto a ciò che registra.
        #[arg(value_name = "NOME")]
        name: String,
        /// «operatore» (registra colloqui e ore) o «sola-lettura» (legge soltanto).
        #[arg(long = "ruolo", alias = "role", default_value = "operatore")]
        role: String,
    },
    /// Gli operatori dell'archivio, con ruolo e stato.
    #[command(name = "elenco", alias = "list")]
    List {
        #[arg(long)]
        json: bool,
    },
    /// Revoca un operatore: le chiavi dell'archivio cambiano e la sua frase segreta non apre
    /// più nulla, né l'archivio né le copie di sicurezza fatte da ora.
    #[command(name = "revoca", alias = "revoke")]
    Revoke {
        /// Il nome o l'identificativo (vedere `sportello operatore elenco`).
        #[arg(value_name = "NOME|ID")]
        who: String,
    },
    /// Cambia il nome di un operatore (il titolare di chiunque, sé compresa; un operatore il
    /// proprio): ciò che ha registrato mostra il nuovo nome.
    #[command(name = "rinomina", alias = "rename")]
    Rename {
        /// Il nome attuale o l'identificativo.
        #[arg(value_name = "NOME|ID")]
        who: String,
        /// Il nuovo nome e cognome.
        #[arg(long = "nome", alias = "name", value_name = "NOME")]
        name: String,
    },
    /// Chi ha aperto la scheda di quale persona e quando (il più recente prima).
    #[command(name = "accessi", alias = "access-log")]
    AccessLog {
        /// Solo le aperture della scheda di questa persona.
        #[arg(long = "persona", alias = "person", value_name = "ID")]
        person: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

/// The operator named by `who`: her id, or her name (case and accents aside).
fn operator_named(archive: &Archive, who: &str) -> Result<OperatorId, ArchiveError> {
    if let Ok(id) = who.trim().parse::<OperatorId>() {
        return Ok(id);
    }
    let named: Vec<OperatorId> = archive
        .operators()?
        .into_iter()
        .filter(|o| same_operator_name(&o.name, who))
        .map(|o| o.id)
        .collect();
    match named.as_slice() {
        [one] => Ok(*one),
        [] => Err(ArchiveError::Rejected(format!(
            "Nessun operatore si chiama «{who}»: vedere `sportello operatore elenco`."
        ))),
        _ => Err(ArchiveError::Rejected(format!(
            "Più operatori si chiamano «{who}»: indicare l'identificativo (vedere `sportello operatore elenco`)."
        ))),
    }
}

fn id_of<T: std::str::FromStr>(text: &str, what: &str) -> Result<T, ArchiveError> {
    text.trim()
        .parse()
        .map_err(|_| ArchiveError::Rejected(format!("Identificativo {what} non valido: {text}.")))
}

pub(crate) fn run(paths: &ArchivePaths, action: OperatorAction) -> Result<(), ArchiveError> {
    let mut archive = crate::secrets::unlock(paths)?;
    let result = act(&mut archive, action);
    archive.lock()?;
    result
}

fn act(archive: &mut Archive, action: OperatorAction) -> Result<(), ArchiveError> {
    match action {
        OperatorAction::Add { name, role } => {
            let new = NewOperator::parse(&name, &role).map_err(ArchiveError::Invalid)?;
            // Refused before her passphrase is asked.
            if archive.role() != Role::Owner {
                return Err(ArchiveError::NotPermitted(
                    "solo il titolare dell'archivio può aggiungere operatori".into(),
                ));
            }
            let passphrase = new_passphrase("SPORTELLO_NEW_PASSPHRASE")?;
            let id = archive.add_operator(&new, &passphrase)?;
            println!(
                "Operatore aggiunto: {} ({}), identificativo {id}.",
                new.name,
                new.role.label(Lang::It)
            );
        }
        OperatorAction::List { json } => {
            let list = archive.operators()?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&list).unwrap_or_default()
                );
            } else {
                for o in list {
                    let state = match &o.revoked_at {
                        Some(at) => format!("revocato il {}", day(at)),
                        None => "attivo".to_string(),
                    };
                    println!("{}\t{}\t{}\t{state}", o.id, o.name, o.role.label(Lang::It));
                }
            }
        }
        OperatorAction::Revoke { who } => {
            let id = operator_named(archive, &who)?;
            archive.revoke_operator(id, &Arc::new(Job::new()))?;
            println!("Operatore revocato: le chiavi dell'archivio sono cambiate e la sua frase segreta non apre più nulla.");
        }
        OperatorAction::Rename { who, name } => {
            let id = operator_named(archive, &who)?;
            archive.rename_operator(id, &name)?;
            println!("Nome cambiato: {}.", name.trim());
        }
        OperatorAction::AccessLog { person, json } => {
            let person = person
                .map(|p| id_of::<PersonId>(&p, "della persona"))
                .transpose()?;
            let log = archive.access_log(person, 10_000)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&log).unwrap_or_default());
            } else {
                for a in log {
                    println!(
                        "{}\t{}\t{}\t{}",
                        local_time(&a.at),
                        a.operator,
                        a.person_name,
                        a.person
                    );
                }
            }
        }
    }
    Ok(())
}

/// `dd/mm/yyyy hh:mm` on this computer's clock, of an RFC 3339 timestamp.
fn local_time(at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(at)
        .map(|d| {
            let d = d.with_timezone(&chrono::Local);
            format!(
                "{} {}",
                sportello_core::format::date(d.date_naive()),
                d.format("%H:%M")
            )
        })
        .unwrap_or_else(|_| at.to_string())
}

/// `dd/mm/yyyy` of an RFC 3339 timestamp.
fn day(at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(at)
        .map(|d| sportello_core::format::date(d.date_naive()))
        .unwrap_or_else(|_| at.to_string())
}
