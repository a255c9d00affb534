//! [`Archive`]: an unlocked, encrypted archive, and its life cycle (create, change passphrase,
//! lock; the unlock and the recovery are in `unlock.rs`).

use crate::error::{ArchiveError, Result};
use crate::keyfiles;
use crate::keys::{KeyMaterial, OperatorIdentity};
use crate::paths::ArchivePaths;
use crate::records::{self, history, Counts, Entity, VerifyProblem, Writer};
pub use crate::rotation::RotationFailed;
use crate::store;
use crate::unlock::passphrase_taken;
use age::secrecy::SecretString;
use chrono::{NaiveDate, SecondsFormat, Utc};
use rusqlite::Connection;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sportello_core::history::HistoryEntry;
use sportello_core::ipc::{
    BinView, ContactEdit, ContractView, DashboardView, PersonPage, PersonSaved, SaveContactRequest,
    SavePersonRequest, ServiceOption, TimelineItem,
};
use sportello_core::model::Role;
use sportello_core::model::{
    person_warnings, AppointmentSummary, Contact, ContactSummary, Contract, ContractTerms,
    NewContact, NewPerson, OutcomeForm, Person, PersonSummary, Referral, ReferralForm,
    WaitingReferral,
};
use sportello_core::{
    ContactId, ContractId, FormErrors, HouseholdLinkId, Lang, Msg, OperatorId, OutcomeId, PersonId,
    ReferralId, Relation,
};
use uuid::Uuid;

/// Set while a recovery key shown in the app waits for her to confirm it was kept (the set-up's
/// last step, or after *Nuova chiave di recupero*); the dashboard insists until it is.
pub const RECOVERY_PENDING_SETTING: &str = "recovery_kit_pending";

/// An unlocked archive: an open SQLCipher connection and the secrets that opened it. Dropping
/// it (or calling [`Archive::lock`]) closes the database and wipes the secrets from memory.
pub struct Archive {
    pub(crate) conn: Connection,
    pub(crate) paths: ArchivePaths,
    /// The secrets; `None` for a read-only twin ([`Archive::reader`]), which needs none once
    /// its connection is keyed.
    pub(crate) keys: Option<KeyMaterial>,
    /// The key of the operator whose passphrase opened it (to change that passphrase); `None`
    /// when opened with the recovery key or for a read-only twin.
    pub(crate) operator_key: Option<OperatorIdentity>,
    /// Who is working: every change is recorded under her name.
    pub(crate) operator: OperatorId,
    /// What she may do: the archive refuses what her role does not allow.
    pub(crate) role: Role,
    /// `archivio.lock`, held while the archive is open (not by a read-only twin).
    pub(crate) _lock: Option<crate::lockfile::ArchiveLock>,
}

/// The outcome of [`Archive::verify`].
#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    pub schema_version: i64,
    /// What SQLCipher's and SQLite's own checks report (pages, structure, foreign keys).
    pub integrity_problems: Vec<String>,
    /// What the history finds: a broken link, an altered entry, a row changed outside the app.
    pub history_problems: Vec<VerifyProblem>,
    pub counts: Counts,
}

impl VerifyReport {
    pub fn is_sound(&self) -> bool {
        self.integrity_problems.is_empty() && self.history_problems.is_empty()
    }

    /// The first problem, in a sentence (the integrity checks first: they come first).
    pub fn first_problem(&self) -> Option<String> {
        self.integrity_problems
            .first()
            .cloned()
            .or_else(|| self.history_problems.first().map(VerifyProblem::describe))
    }
}

fn now_text() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Days a guest's name and telephone are kept after an appointment that was never held.
pub const GUEST_DAYS: u64 = 90;

impl Archive {
    /// A guest's name and telephone serve to call them back or to register them when they
    /// come: `GUEST_DAYS` after an appointment never held, they are forgotten.
    pub fn forget_past_guests(&mut self, today: NaiveDate) -> Result<usize> {
        let before = today - chrono::Days::new(GUEST_DAYS);
        if records::past_guests(&self.conn, before)?.is_empty() {
            return Ok(0);
        }
        // Upkeep the law asks for, whoever opened the archive (a reader too).
        self.write_unchecked(|w| w.forget_past_guests(before))
    }

    /// A read-only twin on its own connection, for a long report run on another thread while
    /// the operator keeps working (DESIGN.md §3). It keeps no copy of the secrets (only its
    /// keyed connection, closed when it is dropped); writing through it fails, and so does
    /// anything that needs the keys.
    pub fn reader(&self) -> Result<Archive> {
        let conn = store::open_reader(&self.paths.database(), self.keys()?)?;
        Ok(Archive {
            conn,
            paths: self.paths.clone(),
            keys: None,
            operator_key: None,
            operator: self.operator,
            role: self.role,
            _lock: None,
        })
    }

    /// The same archive as plain SQLite, for the benchmark of encryption's cost (feature
    /// `bench` only; no build of the app or the command line has it): this database exported
    /// unencrypted (`sqlcipher_export`) into `dir`, then opened with every setting of the
    /// encrypted one but the key, by the same operator. Same schema, same rows, same code.
    #[cfg(feature = "bench")]
    pub fn plain_twin_for_bench(&self, dir: &std::path::Path) -> Result<Archive> {
        std::fs::create_dir_all(dir)?;
        let paths = ArchivePaths::new(dir);
        let database = paths.database();
        // This connection may not create files: ATTACH opens an empty one made here.
        std::fs::File::create(&database)?;
        self.conn.execute(
            "ATTACH DATABASE ?1 AS plaintext KEY ''",
            [database.to_string_lossy()],
        )?;
        self.conn
            .query_row("SELECT sqlcipher_export('plaintext')", [], |_| Ok(()))?;
        self.conn.execute_batch("DETACH DATABASE plaintext;")?;
        Ok(Archive {
            conn: store::open_plain_for_bench(&database)?,
            paths,
            keys: None,
            operator_key: None,
            operator: self.operator,
            role: self.role,
            _lock: None,
        })
    }

    pub(crate) fn key_material(&self) -> Result<&KeyMaterial> {
        self.keys()
    }

    pub(crate) fn keys(&self) -> Result<&KeyMaterial> {
        self.keys.as_ref().ok_or_else(|| {
            ArchiveError::Rejected("Questa copia dell'archivio è di sola lettura.".into())
        })
    }

    /// Interrupts whatever this archive's connection is running, from another thread.
    pub fn interrupt_handle(&self) -> rusqlite::InterruptHandle {
        self.conn.get_interrupt_handle()
    }

    /// Rewrites only her key file, atomically, with the same identity under a new passphrase.
    pub fn change_passphrase(&self, new_passphrase: &SecretString) -> Result<()> {
        let operator = self.operator_key.as_ref().ok_or_else(|| {
            ArchiveError::Rejected(
                "Per cambiare la frase segreta aprire l'archivio con la frase segreta attuale."
                    .into(),
            )
        })?;
        // Each passphrase opens one operator's file: at the unlock it says whose it is.
        if keyfiles::passphrase_opens_a_file(
            &self.paths,
            self.keys()?,
            new_passphrase,
            Some(&operator.file_id),
        )? {
            return Err(passphrase_taken());
        }
        keyfiles::write_operator_file(&self.paths, operator, new_passphrase)
    }

    /// How this connection writes (WAL, `synchronous = FULL`): for the durability tests.
    pub fn durability(&self) -> Result<store::Durability> {
        store::Durability::of(&self.conn)
    }

    /// Closes the database and wipes the secrets.
    pub fn lock(self) -> Result<()> {
        let Archive { conn, .. } = self;
        conn.close().map_err(|(_, e)| ArchiveError::Database(e))
    }

    pub fn paths(&self) -> &ArchivePaths {
        &self.paths
    }

    /// Runs `f` in one transaction: all its writes are saved together, or none is. Refused to
    /// an operator who only reads.
    pub fn write<T>(&mut self, f: impl FnOnce(&mut Writer) -> Result<T>) -> Result<T> {
        if !self.role.records() {
            return Err(crate::operators::reader_refused());
        }
        self.write_unchecked(f)
    }

    /// [`Archive::write`] whatever her role: the archive's own upkeep.
    pub(crate) fn write_unchecked<T>(
        &mut self,
        f: impl FnOnce(&mut Writer) -> Result<T>,
    ) -> Result<T> {
        let tx = self.conn.transaction()?;
        let value = {
            let mut writer = Writer::new(&tx, now_text(), Some(self.operator))?;
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

    /// The operator making the changes.
    pub fn operator(&self) -> OperatorId {
        self.operator
    }

    /// Stores a new person as is (no warnings asked): for the demo, imports and tests.
    pub fn add_person(&mut self, person: &NewPerson) -> Result<PersonId> {
        self.write(|w| w.insert_person(Uuid::now_v7(), person))
    }

    /// Saves a person from the form: a new one, or the changes to one. A residence must be a
    /// comune of the national list. Unless `confirmed`, it first answers with what deserves a
    /// second look: the codice fiscale against the other data and the list of places, and a
    /// person on record with the same surname, name and birth.
    pub fn save_person(
        &mut self,
        request: &SavePersonRequest,
        today: NaiveDate,
    ) -> Result<PersonSaved> {
        let person = request.form.parse(today)?;
        if let Some(code) = &person.residence {
            if !crate::comuni::list()
                .get(code)
                .is_some_and(|c| c.current && !c.is_country())
            {
                let mut e = FormErrors::default();
                e.add("residence", Msg::ComuneUnknown);
                return Err(ArchiveError::Invalid(e));
            }
        }
        if !request.confirmed {
            let mut warnings = person_warnings(&person);
            if let Some(cf) = person.codice_fiscale() {
                let place = cf.encoded().place;
                if crate::comuni::list().get(&place).is_none() {
                    warnings.add("codice_fiscale", Msg::CfPlaceUnknown { place });
                }
            }
            for other in records::similar_persons(&self.conn, &person, request.id)? {
                warnings.add("surname", Msg::PossibleDuplicate { person: other });
            }
            if !warnings.is_empty() {
                // A refusal (a codice fiscale taken) still comes first.
                records::check_person_writable(&self.conn, &person, request.id)?;
                return Ok(PersonSaved::Check { warnings });
            }
        }
        let id = match request.id {
            Some(id) => {
                self.write(|w| w.update_person(id, &person))?;
                id
            }
            None => self.add_person(&person)?,
        };
        Ok(PersonSaved::Saved { id })
    }

    pub fn delete_person(&mut self, id: PersonId, reason: &str) -> Result<()> {
        let reason = sportello_core::model::parse_delete_reason(reason)?;
        self.write(|w| w.delete_person(id, &reason))
    }

    pub fn restore_person(&mut self, id: PersonId) -> Result<()> {
        self.write(|w| w.restore_person(id))
    }

    /// Merges `other` into `keep` (see [`Writer::merge_persons`]).
    pub fn merge_persons(&mut self, keep: PersonId, other: PersonId) -> Result<()> {
        self.write(|w| w.merge_persons(keep, other))
    }

    pub fn add_household_member(
        &mut self,
        person: PersonId,
        member: PersonId,
        relation: Relation,
    ) -> Result<HouseholdLinkId> {
        self.write(|w| w.add_household_member(Uuid::now_v7(), person, member, relation))
    }

    pub fn remove_household_member(&mut self, link: HouseholdLinkId) -> Result<()> {
        self.write(|w| w.remove_household_member(link))
    }

    pub fn person(&self, id: PersonId) -> Result<Person> {
        records::person(&self.conn, id)
    }

    pub fn find_persons(&self, query: &str, limit: u32) -> Result<Vec<PersonSummary>> {
        records::find_persons(&self.conn, query, limit)
    }

    pub fn person_summaries(&self, ids: &[PersonId]) -> Result<Vec<PersonSummary>> {
        records::person_summaries(&self.conn, ids)
    }

    /// A colloquio with its time (and no referral): for the demo and the tests.
    pub fn add_contact(&mut self, contact: &NewContact) -> Result<ContactId> {
        self.write(|w| w.record_contact(contact, &[], None))
    }

    /// Saves the colloquio form: a new colloquio (of a person on record, or of a new anonymous
    /// contact) with its time and referrals, or the changes to one, in one transaction.
    pub fn save_contact(
        &mut self,
        request: &SaveContactRequest,
        today: NaiveDate,
    ) -> Result<ContactId> {
        match (request.id, request.person, &request.anonymous) {
            (Some(id), _, _) => {
                let person = records::contact_person(&self.conn, id)?;
                let (contact, referrals) = request.form.parse(person, today)?;
                let note = Some(request.form.cap_note.as_str());
                self.write(|w| w.update_contact(id, &contact, &referrals, note))?;
                Ok(id)
            }
            (None, Some(person), None) => {
                let (contact, referrals) = request.form.parse(person, today)?;
                let note = Some(request.form.cap_note.as_str());
                self.write(|w| {
                    let id = w.record_contact(&contact, &referrals, note)?;
                    if let Some(appointment) = request.appointment {
                        w.mark_held(appointment, id, person)?;
                    }
                    Ok(id)
                })
            }
            (None, None, Some(anonymous)) => {
                // Named only when it registers the guest of an appointment.
                let who = sportello_core::model::PersonForm {
                    anonymous: anonymous.anonymous || request.appointment.is_none(),
                    ..anonymous.clone()
                };
                let id = PersonId(Uuid::now_v7());
                // Both forms are checked before anything is written; all their errors at once.
                let (person, contact) = (who.parse(today), request.form.parse(id, today));
                let (person, (contact, referrals)) = match (person, contact) {
                    (Ok(p), Ok(c)) => (p, c),
                    (p, c) => {
                        let mut all = FormErrors::default();
                        all.0.extend(p.err().map(|e| e.0).unwrap_or_default());
                        all.0.extend(c.err().map(|e| e.0).unwrap_or_default());
                        return Err(ArchiveError::Invalid(all));
                    }
                };
                self.write(|w| {
                    w.insert_person(id.0, &person)?;
                    let contact_id = w.record_contact(
                        &contact,
                        &referrals,
                        Some(request.form.cap_note.as_str()),
                    )?;
                    if let Some(appointment) = request.appointment {
                        w.mark_held(appointment, contact_id, id)?;
                    }
                    Ok(contact_id)
                })
            }
            _ => Err(ArchiveError::Rejected(
                "Indicare la persona del colloquio, oppure i dati dell'accesso anonimo.".into(),
            )),
        }
    }

    pub fn contact(&self, id: ContactId) -> Result<Contact> {
        records::contact(&self.conn, id)
    }

    /// A colloquio opened for editing.
    pub fn contact_edit(&self, id: ContactId) -> Result<ContactEdit> {
        let contact = self.contact(id)?;
        // Opening a colloquio shows the person's record: noted as the person page is.
        self.log_access(contact.data.person)?;
        Ok(ContactEdit {
            form: contact.data.to_form(),
            person_name: records::person_name(&self.conn, contact.data.person)?,
            referrals: records::referrals_of_contact(&self.conn, id)?,
            contact,
        })
    }

    pub fn delete_contact(&mut self, id: ContactId, reason: &str) -> Result<()> {
        let reason = sportello_core::model::parse_delete_reason(reason)?;
        self.write(|w| w.delete_contact(id, &reason))
    }

    pub fn restore_contact(&mut self, id: ContactId) -> Result<()> {
        self.write(|w| w.restore_contact(id))
    }

    pub fn latest_contacts(&self, limit: u32) -> Result<Vec<ContactSummary>> {
        records::contact_summaries(&self.conn, None, limit)
    }

    pub fn contacts_of(&self, person: PersonId, limit: u32) -> Result<Vec<ContactSummary>> {
        records::contact_summaries(&self.conn, Some(person), limit)
    }

    /// The duration of the last colloquio recorded, for the next one's default.
    pub fn last_duration(&self) -> Result<Option<sportello_core::Minutes>> {
        records::last_duration(&self.conn, None)
    }

    pub fn referral(&self, id: ReferralId) -> Result<Referral> {
        records::referral(&self.conn, id)
    }

    /// Changes a referral's service, kind, reason, protocol or expected reply.
    pub fn update_referral(&mut self, id: ReferralId, form: &ReferralForm) -> Result<()> {
        let date = records::referral_date(&self.conn, id)?;
        let referral = form.parse(date)?;
        self.write(|w| w.update_referral(id, &referral))
    }

    pub fn delete_referral(&mut self, id: ReferralId) -> Result<()> {
        self.write(|w| w.delete_referral(id))
    }

    /// Records an outcome of a referral.
    pub fn add_outcome(
        &mut self,
        referral: ReferralId,
        form: &OutcomeForm,
        today: NaiveDate,
    ) -> Result<OutcomeId> {
        let date = records::referral_date(&self.conn, referral)?;
        let outcome = form.parse(date, today)?;
        self.write(|w| w.insert_outcome(Uuid::now_v7(), referral, &outcome))
    }

    pub fn delete_outcome(&mut self, id: OutcomeId) -> Result<()> {
        self.write(|w| w.delete_outcome(id))
    }

    /// Referrals waiting for the receiving service, oldest first.
    pub fn waiting_referrals(&self, today: NaiveDate) -> Result<Vec<WaitingReferral>> {
        records::waiting_referrals(&self.conn, today)
    }

    /// The catalogue's services, for the referral picker.
    pub fn services(&self) -> Result<Vec<ServiceOption>> {
        records::services(&self.conn)
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
    /// foreign keys, the history's hash chain, and that every record equals the last image its
    /// history recorded (so a change made outside the app is named).
    pub fn verify(&self) -> Result<VerifyReport> {
        let integrity_problems = store::integrity_problems(&self.conn)?;
        let history_problems = if integrity_problems.is_empty() {
            let mut p = history::chain_problems(&self.conn)?;
            p.extend(history::row_problems(&self.conn)?);
            p.extend(
                records::attachment_problems(&self.conn)?
                    .into_iter()
                    .map(|description| VerifyProblem::AttachmentAltered { description }),
            );
            p
        } else {
            Vec::new()
        };
        Ok(VerifyReport {
            schema_version: self
                .conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))?,
            integrity_problems,
            history_problems,
            counts: records::counts(&self.conn)?,
        })
    }

    /// The history of a record, newest first, in `lang`; a person's includes everything that
    /// concerns them.
    pub fn history(&self, entity: Entity, id: &str, lang: Lang) -> Result<Vec<HistoryEntry>> {
        history::record_history(&self.conn, entity, id, lang)
    }

    /// A person's page: the record, the household, and one timeline of colloqui, referrals,
    /// appointments and time, newest first. Opening it is noted in the access log.
    pub fn person_page(&self, id: PersonId) -> Result<PersonPage> {
        let person = self.person(id)?;
        self.log_access(id)?;
        let mut timeline: Vec<TimelineItem> = records::contact_lines(&self.conn, id)?
            .into_iter()
            .map(TimelineItem::Contact)
            .collect();
        timeline.extend(
            records::referrals_of_person(&self.conn, id)?
                .into_iter()
                .map(TimelineItem::Referral),
        );
        timeline.extend(
            records::appointments_of_person(&self.conn, id)?
                .into_iter()
                .map(TimelineItem::Appointment),
        );
        timeline.extend(
            records::time_entries_of_person(&self.conn, id)?
                .into_iter()
                .map(TimelineItem::Time),
        );
        TimelineItem::sort(&mut timeline);
        Ok(PersonPage {
            display_name: person.display_name(),
            residence_label: person
                .data
                .residence
                .as_deref()
                .and_then(|c| crate::comuni::list().get(c))
                .map(|c| c.label()),
            household: records::household(&self.conn, id)?,
            timeline,
            privacy_notice_version: self.privacy_notice_version(id)?,
            consents: self.consents(id)?,
            cases: records::person_cases(&self.conn, id)?,
            person,
        })
    }

    /// The bin: deleted persons and colloqui.
    pub fn bin(&self) -> Result<BinView> {
        Ok(BinView {
            persons: records::deleted_persons(&self.conn)?,
            contacts: records::deleted_contacts(&self.conn)?,
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
            pace_needed_per_opening_day: y.pace_needed_per_opening_day,
            opening_days_left: y.opening_days_left,
            exhaustion_forecast: y.exhaustion_forecast,
            projected_use: y.projected_use,
            alert: y.alert,
        });
        let last_backup_days = self
            .setting("last_backup_on")?
            .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
            .map(|d| u32::try_from((today - d).num_days().max(0)).unwrap_or(u32::MAX));
        let (waiting_referrals, overdue_referrals) = records::waiting_counts(&self.conn, today)?;
        let backup_dir = self.backup_dir()?;
        Ok(DashboardView {
            today,
            contract,
            latest_contacts: self.latest_contacts(8)?,
            upcoming_appointments: self.upcoming_appointments(today, 8)?,
            recent_no_shows: {
                let mut list = self.no_shows(today - chrono::Days::new(31), today)?;
                list.reverse();
                list
            },
            last_backup_days,
            backup_dir_present: backup_dir.is_dir() || backup_dir == self.paths.backup_dir(),
            backup_dir: backup_dir.display().to_string(),
            backup_problem: None,
            recovery_pending: self
                .setting(RECOVERY_PENDING_SETTING)?
                .is_some_and(|v| !v.is_empty()),
            waiting_referrals,
            overdue_referrals,
            expiring_documents: self.expiring_documents(today)?,
            case_deadlines: self
                .case_deadlines(today)?
                .into_iter()
                .filter(|d| d.deadline.due <= today + chrono::Days::new(31))
                .collect(),
        })
    }

    /// Runs SQL on the open database without going through the history: what someone holding
    /// the key could do behind the app's back. Only for the tests that show `verify` finds it.
    /// Her passphrase changed without the check that no other operator's file opens with it:
    /// the state an older version could leave, for the tests of `--operatore`.
    #[cfg(feature = "tamper")]
    pub fn change_passphrase_unchecked(&self, new_passphrase: &SecretString) -> Result<()> {
        let operator = self
            .operator_key
            .as_ref()
            .ok_or(ArchiveError::KeyFileMissing)?;
        keyfiles::write_operator_file(&self.paths, operator, new_passphrase)
    }

    #[cfg(feature = "tamper")]
    pub fn tamper(&self, sql: &str) -> Result<()> {
        self.conn.execute_batch(sql).map_err(ArchiveError::from)
    }

    /// Reads one number straight from the open database (what someone holding the key
    /// would see). Only for the tests.
    #[cfg(feature = "tamper")]
    pub fn inspect_count(&self, sql: &str) -> Result<i64> {
        self.conn
            .query_row(sql, [], |r| r.get(0))
            .map_err(ArchiveError::from)
    }

    /// The database's schema as SQLite reports it (for the schema test).
    pub fn schema(&self) -> Result<Vec<(String, String, String)>> {
        store::schema_of(&self.conn)
    }
}
