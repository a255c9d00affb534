//! [`Archive`]: an unlocked, encrypted archive, and its life cycle (create, unlock, recover,
//! change passphrase, lock).

use crate::error::{ArchiveError, Result};
use crate::fsutil::{create_private_dir, write_atomic};
use crate::keys::{KeyMaterial, OpenError, RecoveryKey};
use crate::paths::ArchivePaths;
use crate::records::{self, Counts, Writer};
use crate::store;
use age::secrecy::SecretString;
use chrono::{NaiveDate, SecondsFormat, Utc};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sportello_core::ipc::{ContractView, DashboardView, PersonPage};
use sportello_core::ledger::{self, YearSummary};
use sportello_core::model::{
    AppointmentSummary, Contact, ContactSummary, Contract, ContractTerms, NewContact, NewPerson,
    NewTimeEntry, Person, PersonSummary, TimeEntry,
};
use sportello_core::{Area, ContactId, ContractId, PersonId, TimeEntryId};
use std::fs;
use uuid::Uuid;

/// An unlocked archive: an open SQLCipher connection and the secrets that opened it. Dropping
/// it (or calling [`Archive::lock`]) closes the database and wipes the secrets from memory.
pub struct Archive {
    conn: Connection,
    paths: ArchivePaths,
    keys: KeyMaterial,
}

/// The public, non-secret facts about an archive, kept beside it in `sportello.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Manifest {
    format: u32,
    /// SHA-256 of `chiave.age` as last written, to tell a damaged key file from a wrong passphrase.
    key_file_sha256: String,
    /// The recovery recipient (public key): backups are encrypted to it too.
    recovery_recipient: String,
}

/// The outcome of [`Archive::verify`].
#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    pub schema_version: i64,
    pub integrity_problems: Vec<String>,
    pub broken_history_links: Vec<i64>,
    pub counts: Counts,
}

impl VerifyReport {
    pub fn is_sound(&self) -> bool {
        self.integrity_problems.is_empty() && self.broken_history_links.is_empty()
    }
}

/// The territory's services seeded into a new archive (the operator edits them).
const STARTER_CATALOGUE: &[(&str, Option<Area>)] = &[
    ("Servizio sociale professionale del comune", None),
    ("Assistenza domiciliare (SAD)", Some(Area::Elderly)),
    (
        "Assistenza domiciliare integrata (ADI)",
        Some(Area::Elderly),
    ),
    ("Centro diurno", Some(Area::Disability)),
    ("Telesoccorso", Some(Area::Elderly)),
    ("Consultorio familiare", Some(Area::Family)),
    ("SerD", Some(Area::Addiction)),
    ("Centro di salute mentale (CSM)", None),
    ("Centro per l'impiego", Some(Area::Poverty)),
    ("CAF / patronato", None),
    (
        "Caritas e associazioni del terzo settore",
        Some(Area::Poverty),
    ),
    ("Porta unica di accesso (PUA)", None),
    ("Centro antiviolenza", Some(Area::Family)),
    ("Ufficio casa / emergenza abitativa", Some(Area::Poverty)),
];

fn now_text() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

impl Archive {
    /// Creates a new archive in `paths.dir` (which must hold no archive yet). Returns the open
    /// archive and the recovery key, which the caller shows the operator once and then drops.
    pub fn create(
        paths: &ArchivePaths,
        passphrase: &SecretString,
        contract: Option<&ContractTerms>,
    ) -> Result<(Archive, RecoveryKey)> {
        if paths.exists() {
            return Err(ArchiveError::AlreadyExists(paths.dir.clone()));
        }
        create_private_dir(&paths.dir)?;
        let keys = KeyMaterial::generate();
        let recovery = RecoveryKey::generate();

        // The database first: if anything below fails, no key file points to a missing database.
        let mut conn = store::open(&paths.database(), &keys, true)?;
        store::migrate(&mut conn)?;
        let mut archive = Archive {
            conn,
            paths: paths.clone(),
            keys,
        };
        archive.write(|w| {
            for (name, area) in STARTER_CATALOGUE {
                w.insert_service(Uuid::now_v7(), name, "", *area, "")?;
            }
            if let Some(terms) = contract {
                w.insert_contract(Uuid::now_v7(), terms)?;
            }
            Ok(())
        })?;

        let recovery_sealed = archive.keys.seal_for_recovery(&recovery.recipient())?;
        write_atomic(&paths.recovery_file(), &recovery_sealed)?;
        let sealed = archive.keys.seal_with_passphrase(passphrase)?;
        write_atomic(&paths.key_file(), &sealed)?;
        let manifest = Manifest {
            format: 1,
            key_file_sha256: sha256_hex(&sealed),
            recovery_recipient: recovery.recipient().to_string(),
        };
        write_manifest(paths, &manifest)?;
        Ok((archive, recovery))
    }

    /// Opens the archive with the operator's passphrase.
    pub fn unlock(paths: &ArchivePaths, passphrase: &SecretString) -> Result<Archive> {
        let sealed = read_key_file(paths, &paths.key_file(), ArchiveError::KeyFileMissing)?;
        let keys = KeyMaterial::open_with_passphrase(&sealed, passphrase).map_err(|e| match e {
            OpenError::Damaged => ArchiveError::KeyFileDamaged,
            // An altered wrapped key looks exactly like a wrong passphrase to age; the checksum
            // recorded when the file was written tells the two apart.
            OpenError::WrongSecret => match read_manifest(paths) {
                Some(m) if m.key_file_sha256 != sha256_hex(&sealed) => ArchiveError::KeyFileDamaged,
                _ => ArchiveError::WrongPassphrase,
            },
        })?;
        Self::open_database(paths, keys)
    }

    /// Opens the archive with the recovery key from the printed kit.
    pub fn unlock_with_recovery(paths: &ArchivePaths, recovery: &RecoveryKey) -> Result<Archive> {
        let sealed = read_key_file(paths, &paths.recovery_file(), ArchiveError::Rejected(
            "Il file di recupero (chiave-recupero.age) manca: l'archivio si può aprire solo con la frase segreta o da un backup.".into(),
        ))?;
        let keys = KeyMaterial::open_with_identity(&sealed, recovery.identity()).map_err(|e| match e {
            OpenError::WrongSecret => ArchiveError::WrongRecoveryKey,
            OpenError::Damaged => ArchiveError::Rejected(
                "Il file di recupero (chiave-recupero.age) è danneggiato: ripristinare l'archivio da un backup.".into(),
            ),
        })?;
        Self::open_database(paths, keys)
    }

    /// Opens the archive with the recovery key and sets a new passphrase: the old one stops working.
    pub fn recover(
        paths: &ArchivePaths,
        recovery: &RecoveryKey,
        new_passphrase: &SecretString,
    ) -> Result<Archive> {
        let archive = Self::unlock_with_recovery(paths, recovery)?;
        archive.change_passphrase(new_passphrase)?;
        Ok(archive)
    }

    fn open_database(paths: &ArchivePaths, keys: KeyMaterial) -> Result<Archive> {
        let mut conn = store::open(&paths.database(), &keys, false)?;
        store::migrate(&mut conn)?;
        Ok(Archive {
            conn,
            paths: paths.clone(),
            keys,
        })
    }

    /// Rewrites only `chiave.age`, atomically, with the same secrets under a new passphrase.
    pub fn change_passphrase(&self, new_passphrase: &SecretString) -> Result<()> {
        let sealed = self.keys.seal_with_passphrase(new_passphrase)?;
        write_atomic(&self.paths.key_file(), &sealed)?;
        let recovery_recipient = read_manifest(&self.paths)
            .map(|m| m.recovery_recipient)
            .unwrap_or_default();
        write_manifest(
            &self.paths,
            &Manifest {
                format: 1,
                key_file_sha256: sha256_hex(&sealed),
                recovery_recipient,
            },
        )
    }

    /// Closes the database and wipes the secrets.
    pub fn lock(self) -> Result<()> {
        let Archive { conn, .. } = self;
        conn.close().map_err(|(_, e)| ArchiveError::Database(e))
    }

    pub fn paths(&self) -> &ArchivePaths {
        &self.paths
    }

    /// Runs `f` in one transaction: all its writes are saved together, or none is.
    pub fn write<T>(&mut self, f: impl FnOnce(&mut Writer) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction()?;
        let value = {
            let mut writer = Writer::new(&tx, now_text())?;
            f(&mut writer)?
        };
        tx.commit().map_err(store::map_damage)?;
        Ok(value)
    }

    // --- records -------------------------------------------------------------------------

    pub fn set_contract(&mut self, terms: &ContractTerms) -> Result<ContractId> {
        self.write(|w| w.insert_contract(Uuid::now_v7(), terms))
    }

    /// The current contract (the one that started last).
    pub fn contract(&self) -> Result<Option<Contract>> {
        records::contract(&self.conn)
    }

    pub fn add_person(&mut self, person: &NewPerson) -> Result<PersonId> {
        self.write(|w| w.insert_person(Uuid::now_v7(), person))
    }

    pub fn person(&self, id: PersonId) -> Result<Person> {
        records::person(&self.conn, id)
    }

    pub fn find_persons(&self, query: &str, limit: u32) -> Result<Vec<PersonSummary>> {
        records::find_persons(&self.conn, query, limit)
    }

    pub fn add_contact(&mut self, contact: &NewContact) -> Result<ContactId> {
        self.write(|w| w.insert_contact(Uuid::now_v7(), contact))
    }

    pub fn contact(&self, id: ContactId) -> Result<Contact> {
        records::contact(&self.conn, id)
    }

    pub fn latest_contacts(&self, limit: u32) -> Result<Vec<ContactSummary>> {
        records::contact_summaries(&self.conn, None, limit)
    }

    pub fn contacts_of(&self, person: PersonId, limit: u32) -> Result<Vec<ContactSummary>> {
        records::contact_summaries(&self.conn, Some(person), limit)
    }

    pub fn add_time_entry(&mut self, entry: &NewTimeEntry) -> Result<TimeEntryId> {
        self.write(|w| w.insert_time_entry(Uuid::now_v7(), entry))
    }

    /// Time entries dated `from..=to`.
    pub fn time_entries(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<TimeEntry>> {
        records::time_entries(&self.conn, from, to)
    }

    /// The current contract and the ledger of its contract year containing `today`, or `None`
    /// without a contract.
    pub fn contract_and_year(&self, today: NaiveDate) -> Result<Option<(Contract, YearSummary)>> {
        let Some(contract) = self.contract()? else {
            return Ok(None);
        };
        let year = contract.terms.year_containing(today);
        let entries = records::ledger_entries(&self.conn, year.start, year.end)?;
        let summary = ledger::summarize(&contract.terms, &entries, today);
        Ok(Some((contract, summary)))
    }

    /// The ledger of the contract year containing `today`, or `None` without a contract.
    pub fn year_summary(&self, today: NaiveDate) -> Result<Option<YearSummary>> {
        Ok(self.contract_and_year(today)?.map(|(_, summary)| summary))
    }

    pub fn upcoming_appointments(
        &self,
        from: NaiveDate,
        limit: u32,
    ) -> Result<Vec<AppointmentSummary>> {
        records::upcoming_appointments(&self.conn, from, limit)
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        records::setting(&self.conn, key)
    }

    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.write(|w| w.set_setting(key, value))
    }

    pub fn counts(&self) -> Result<Counts> {
        records::counts(&self.conn)
    }

    /// Checks every page's authentication (SQLCipher), the b-tree structure (SQLite), the
    /// foreign keys and the history's hash chain.
    pub fn verify(&self) -> Result<VerifyReport> {
        let integrity_problems = store::integrity_problems(&self.conn)?;
        let broken_history_links = if integrity_problems.is_empty() {
            records::broken_history_links(&self.conn)?
        } else {
            Vec::new()
        };
        Ok(VerifyReport {
            schema_version: self
                .conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))?,
            integrity_problems,
            broken_history_links,
            counts: records::counts(&self.conn)?,
        })
    }

    /// A person's record with every contact, newest first.
    pub fn person_page(&self, id: PersonId) -> Result<PersonPage> {
        let person = self.person(id)?;
        Ok(PersonPage {
            display_name: person.display_name(),
            contacts: self.contacts_of(id, u32::MAX)?,
            person,
        })
    }

    /// The desk at a glance, for the dashboard.
    pub fn dashboard(&self, today: NaiveDate) -> Result<DashboardView> {
        let contract = self.contract_and_year(today)?.map(|(c, y)| ContractView {
            comune: c.terms.comune,
            provider: c.terms.provider,
            year_start: y.year.start,
            year_last_day: y.year.last_day(),
            budget: y.budget,
            used: y.used,
            remaining: y.remaining,
            over_budget: y.over_budget,
            amount_used: y.amount_used,
            week_monday: y.this_week.monday,
            week_used: y.this_week.minutes,
            week_cap: y.this_week.cap,
            weeks_over_cap: u32::try_from(y.weeks_over_cap.len()).unwrap_or(u32::MAX),
            pace_needed_per_week: y.pace_needed_per_week,
            exhaustion_forecast: y.exhaustion_forecast,
        });
        let last_backup_days = self
            .setting("last_backup_on")?
            .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
            .map(|d| u32::try_from((today - d).num_days().max(0)).unwrap_or(u32::MAX));
        Ok(DashboardView {
            today,
            contract,
            latest_contacts: self.latest_contacts(8)?,
            upcoming_appointments: self.upcoming_appointments(today, 6)?,
            last_backup_days,
        })
    }

    /// The database's schema as SQLite reports it (for the schema test).
    pub fn schema(&self) -> Result<Vec<(String, String, String)>> {
        store::schema_of(&self.conn)
    }
}

fn read_key_file(
    paths: &ArchivePaths,
    path: &std::path::Path,
    missing: ArchiveError,
) -> Result<Vec<u8>> {
    match fs::read(path) {
        Ok(bytes) => Ok(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if paths.database().exists() {
                Err(missing)
            } else {
                Err(ArchiveError::NotFound(paths.dir.clone()))
            }
        }
        Err(e) => Err(e.into()),
    }
}

fn read_manifest(paths: &ArchivePaths) -> Option<Manifest> {
    fs::read(paths.manifest())
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
}

fn write_manifest(paths: &ArchivePaths, manifest: &Manifest) -> Result<()> {
    let json =
        serde_json::to_vec_pretty(manifest).map_err(|e| ArchiveError::Rejected(e.to_string()))?;
    Ok(write_atomic(&paths.manifest(), &json)?)
}
