//! Data protection on the archive: the parties the privacy papers name, the notice's version,
//! consents and the warning on a referral to a private body, the register of breaches, and a
//! person's access export (the dossier, then the files written where she chose — never inside
//! the archive's own folders).

use crate::archive::Archive;
use crate::error::{ArchiveError, Result};
use crate::records;
use chrono::NaiveDate;
use rusqlite::OptionalExtension;
use sportello_core::model::{
    parse_revocation, private_referral_lacks_consent, AccessDossier, AccessExport, Breach,
    BreachForm, Consent, ConsentForm,
};
use sportello_core::privacy::PrivacyParties;
use sportello_core::{BreachId, ConsentId, ContactId, FormErrors, PersonId, ServiceId};
use std::path::{Path, PathBuf};
use uuid::Uuid;

/// The settings that complete the parties (the contract names the comune and the provider).
const COMUNE_ADDRESS: &str = "privacy_comune_address";
const COMUNE_CONTACT: &str = "privacy_comune_contact";
const DPO: &str = "privacy_dpo";
const DPO_CONTACT: &str = "privacy_dpo_contact";
const DESK: &str = "privacy_desk";

impl Archive {
    /// Who the privacy papers name: the comune and the provider from the contract in force,
    /// the rest from the settings she filled, and the retention period.
    pub fn privacy_parties(&self) -> Result<PrivacyParties> {
        let contract = self.contract()?;
        let get = |key: &str| -> Result<String> { Ok(self.setting(key)?.unwrap_or_default()) };
        Ok(PrivacyParties {
            comune: contract
                .as_ref()
                .map(|c| c.terms.comune.clone())
                .unwrap_or_default(),
            comune_address: get(COMUNE_ADDRESS)?,
            comune_contact: get(COMUNE_CONTACT)?,
            dpo: get(DPO)?,
            dpo_contact: get(DPO_CONTACT)?,
            provider: contract
                .as_ref()
                .map(|c| c.terms.provider.clone())
                .unwrap_or_default(),
            desk: get(DESK)?,
            retention_years: self.retention_years()?,
        })
    }

    /// Keeps what she typed for the papers (the comune's address and contact, its DPO, the
    /// desk); the comune and the provider stay those of the contract.
    pub fn set_privacy_parties(&mut self, parties: &PrivacyParties) -> Result<()> {
        let fields = [
            (COMUNE_ADDRESS, &parties.comune_address),
            (COMUNE_CONTACT, &parties.comune_contact),
            (DPO, &parties.dpo),
            (DPO_CONTACT, &parties.dpo_contact),
            (DESK, &parties.desk),
        ];
        let mut errors = FormErrors::default();
        for (key, value) in fields {
            if value.trim().chars().count() > 300 {
                errors.add(key, sportello_core::Msg::TooLong { max: 300 });
            }
        }
        if !errors.is_empty() {
            return Err(ArchiveError::Invalid(errors));
        }
        self.write(|w| {
            for (key, value) in fields {
                if records::setting(w.conn(), key)?.as_deref() != Some(value.trim()) {
                    w.set_setting(key, value.trim())?;
                }
            }
            Ok(())
        })
    }

    /// The person a command line names: by codice fiscale (a record merged into another is that
    /// other record) or by identifier.
    pub fn person_named(&self, name: &str) -> Result<PersonId> {
        let name = name.trim();
        let unknown = || {
            ArchiveError::Rejected(format!(
                "Nessuna persona in archivio con codice fiscale o identificativo «{name}» (una scheda nel cestino va prima ripristinata)."
            ))
        };
        let id = match name.parse::<PersonId>() {
            Ok(id) => id,
            Err(_) => {
                let cf = sportello_core::CodiceFiscale::parse(name).map_err(|_| unknown())?;
                records::holder_of(&self.conn, cf.as_str(), None)?
                    .map(|(id, _)| id)
                    .ok_or_else(unknown)?
            }
        };
        match self.person(id) {
            Ok(_) => Ok(id),
            Err(ArchiveError::RecordNotFound) => Err(unknown()),
            Err(e) => Err(e),
        }
    }

    /// The version of the privacy notice the person received (with the date on the record).
    pub fn privacy_notice_version(&self, person: PersonId) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT privacy_notice_version FROM person WHERE id = ?1",
                [person.to_string()],
                |r| r.get::<_, Option<String>>(0),
            )
            .optional()?
            .flatten())
    }

    pub fn consents(&self, person: PersonId) -> Result<Vec<Consent>> {
        records::consents_of(&self.conn, person)
    }

    /// Records a consent the person gave.
    pub fn add_consent(
        &mut self,
        person: PersonId,
        form: &ConsentForm,
        today: NaiveDate,
    ) -> Result<ConsentId> {
        let consent = form.parse(today)?;
        self.write(|w| w.insert_consent(Uuid::now_v7(), person, &consent))
    }

    /// Records that the person revoked a consent on the day typed.
    pub fn revoke_consent(&mut self, id: ConsentId, day: &str, today: NaiveDate) -> Result<()> {
        let (consent, _) = records::consent(&self.conn, id)?;
        if consent.revoked_on.is_some() {
            return Err(ArchiveError::Rejected(
                "Questo consenso è già stato revocato.".into(),
            ));
        }
        let day = parse_revocation(day, consent.given_on, today).map_err(|m| {
            let mut e = FormErrors::default();
            e.add("revoked_on", m);
            ArchiveError::Invalid(e)
        })?;
        self.write(|w| w.revoke_consent(id, day))
    }

    /// The private bodies among `services` that would receive the person's data on `day`
    /// without her consent in force: a warning to show, never a block.
    pub fn private_referrals_without_consent(
        &self,
        person: PersonId,
        services: &[ServiceId],
        day: NaiveDate,
    ) -> Result<Vec<String>> {
        let mut private = Vec::new();
        for service in services {
            let row: Option<(String, String)> = self
                .conn
                .query_row(
                    "SELECT name, sector FROM service WHERE id = ?1",
                    [service.to_string()],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            if let Some((name, sector)) = row {
                if sector == sportello_core::Sector::Private.code() && !private.contains(&name) {
                    private.push(name);
                }
            }
        }
        if private.is_empty() || !private_referral_lacks_consent(&self.consents(person)?, day) {
            return Ok(Vec::new());
        }
        Ok(private)
    }

    pub fn breaches(&self) -> Result<Vec<Breach>> {
        records::breaches(&self.conn)
    }

    /// Records a breach, or the changes to one (the day the comune was told, the measures).
    pub fn save_breach(
        &mut self,
        id: Option<BreachId>,
        form: &BreachForm,
        today: NaiveDate,
    ) -> Result<BreachId> {
        let breach = form.parse(today)?;
        match id {
            Some(id) => self.write(|w| w.update_breach(id, &breach)).map(|()| id),
            None => self.write(|w| w.insert_breach(Uuid::now_v7(), &breach)),
        }
    }

    /// Everything the archive holds about a person (live records), for the access review.
    pub fn access_dossier(&self, person: PersonId) -> Result<AccessDossier> {
        let record = self.person(person)?;
        // Reading her whole record is an access like opening her page.
        self.log_access(person)?;
        let contact_ids: Vec<String> = {
            let mut stmt = self.conn.prepare(
                "SELECT id FROM contact WHERE person_id = ?1 AND deleted_at IS NULL ORDER BY date, start_time",
            )?;
            let rows = stmt.query_map([person.to_string()], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let mut contacts = Vec::new();
        for id in contact_ids {
            let id: ContactId = id.parse().map_err(|_| ArchiveError::RecordNotFound)?;
            contacts.push(records::contact(&self.conn, id)?);
        }
        let parties = self.privacy_parties()?;
        Ok(AccessDossier {
            residence_label: record
                .data
                .residence
                .as_deref()
                .and_then(|c| crate::comuni::list().get(c))
                .map(|c| c.label()),
            household: records::household(&self.conn, person)?,
            contacts,
            referrals: records::referrals_of_person(&self.conn, person)?,
            appointments: records::appointments_of_person(&self.conn, person)?,
            consents: self.consents(person)?,
            privacy_notice_version: self.privacy_notice_version(person)?,
            retention_years: parties.retention_years,
            controller: parties.comune,
            processor: parties.provider,
            // The access log is the owner's to read (a reader or a substitute gets none).
            accesses: if self.role == sportello_core::model::Role::Owner {
                crate::operators::access_entries(&self.conn, Some(person), u32::MAX)?
            } else {
                Vec::new()
            }
            .into_iter()
            .map(|a| sportello_core::model::RecordAccess {
                // On this computer's clock, as the person reads it.
                at: chrono::DateTime::parse_from_rfc3339(&a.at)
                    .map(|t| {
                        t.with_timezone(&chrono::Local)
                            .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
                    })
                    .unwrap_or(a.at),
                operator: a.operator,
            })
            .collect(),
            documents: records::attachments_of_person(&self.conn, person)?,
            cases: records::person_cases(&self.conn, person)?
                .into_iter()
                .map(|c| {
                    records::case_file_any(&self.conn, c.id, chrono::Local::now().date_naive())
                })
                .collect::<Result<_>>()?,
            person: record,
        })
    }

    /// Refuses a folder for the access export that does not exist or lies inside the archive's
    /// folder or its backups' folder.
    pub fn check_access_export_folder(&self, dir: &Path) -> Result<()> {
        check_export_folder(dir, &[self.paths.dir.clone(), self.backup_dir()?])
    }

    /// Writes the access export to `dir` as JSON and PDF (`accesso-<id>-<date>.json|.pdf`, no
    /// name in the file names). `dir` must exist and lie outside the archive's folder and its
    /// backup folder: the files are readable by anyone who has them.
    pub fn write_access_export(
        &self,
        dir: &Path,
        export: &AccessExport,
        pdf: &[u8],
    ) -> Result<Vec<PathBuf>> {
        self.check_access_export_folder(dir)?;
        let id = export.person.id.to_string();
        let short = id.get(id.len().saturating_sub(8)..).unwrap_or(&id);
        let stem = format!("accesso-{short}-{}", export.generated_on.format("%Y%m%d"));
        let json =
            serde_json::to_vec_pretty(export).map_err(|e| ArchiveError::Rejected(e.to_string()))?;
        let json_path = dir.join(format!("{stem}.json"));
        let pdf_path = dir.join(format!("{stem}.pdf"));
        crate::fsutil::write_atomic(&json_path, &json)?;
        crate::fsutil::write_atomic(&pdf_path, pdf)?;
        let mut written = vec![json_path, pdf_path];
        // Her documents, each as it was attached (checked against its SHA-256), numbered in
        // the order the PDF lists them.
        for (n, d) in export.documents.iter().enumerate() {
            let content = self.attachment_content(d.id)?;
            let path = dir.join(format!(
                "{stem}-documento-{}.{}",
                n + 1,
                d.media_type.extension()
            ));
            crate::fsutil::write_atomic(&path, &content.bytes)?;
            written.push(path);
        }
        Ok(written)
    }
}

/// A folder for an export: an existing folder, not inside any of `kept` (the archive's own
/// folders, whose content stays encrypted).
pub fn check_export_folder(dir: &Path, kept: &[PathBuf]) -> Result<()> {
    let resolve = crate::fsutil::resolved;
    if !dir.is_dir() {
        return Err(ArchiveError::Rejected(format!(
            "La cartella {} non esiste: sceglierne una esistente.",
            dir.display()
        )));
    }
    let target = resolve(dir);
    if kept.iter().any(|k| target.starts_with(resolve(k))) {
        return Err(ArchiveError::Rejected(format!(
            "La cartella {} è dentro la cartella dell'archivio o delle copie di sicurezza, dove tutto resta cifrato: scegliere un'altra cartella per la copia dei dati.",
            dir.display()
        )));
    }
    Ok(())
}
