//! Retention: who is past the period, and the comune's instruction carried out — a person
//! anonymised (kept for statistics only) or erased — with every history entry about them
//! blanked so that nothing of them remains while the chain still verifies.
//!
//! The steps, in one transaction:
//! 1. `mark` = the last history entry before the change.
//! 2. The rows change (deleted, or their personal parts emptied), each change chained with its
//!    image after only (none before: the before-image would keep what goes).
//! 3. Every entry up to `mark` about the person (and the records merged into them) or about
//!    one of the records changed in step 2 loses its JSON and its salt. `verify` accepts such
//!    an entry only before an erasure or anonymisation entry of the same person or record.
//! 4. The register row: ids, dates and the act, chained like any record and never blanked.

use super::{collect, date_text, Entity, Writer};
use crate::error::{ArchiveError, Result};
use crate::store::map_damage;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use sportello_core::history::Action;
use sportello_core::model::{ErasureKind, ErasureRecord, Instruction, RetentionCandidate};
use sportello_core::stats::rows::Birth;
use sportello_core::{AgeBand, PersonId};

/// The persons past retention on the cutoff day: named, not merged into another record, whose
/// last colloquio (or, with none, the record's creation) and whose casework (a case's closing,
/// a report) are before `cutoff`; a person with a case open is never listed. Records in the
/// bin are listed too: they are still kept.
pub(crate) fn retention_candidates(
    conn: &Connection,
    cutoff: NaiveDate,
) -> Result<Vec<RetentionCandidate>> {
    // Her casework counts as her last contact: a case still open keeps her, a closed one
    // from its closing (or a social report written after it).
    let mut stmt = conn.prepare(
        "SELECT p.id, p.surname, p.name, p.deleted_at IS NOT NULL, max(c.date),
                max(coalesce(max(c.date), substr(p.created_at, 1, 10)),
                    coalesce((SELECT max(coalesce(k.closed_on,
                                  CASE WHEN p.deleted_at IS NULL THEN '9999-12-31' ELSE k.opened_on END))
                              FROM case_file k
                              WHERE k.person_id = p.id AND k.deleted_at IS NULL), ''),
                    coalesce((SELECT max(s.written_on) FROM social_report s
                              JOIN case_file k ON k.id = s.case_id WHERE k.person_id = p.id), '')) AS since
         FROM person p LEFT JOIN contact c ON c.person_id = p.id
         WHERE p.anonymous = 0 AND p.merged_into IS NULL
         GROUP BY p.id
         HAVING since < ?1
         ORDER BY since, p.key_surname_name, p.id",
    )?;
    let rows = stmt.query_map([date_text(cutoff)], |r| {
        let surname: String = r.get(1)?;
        let name: String = r.get(2)?;
        Ok(RetentionCandidate {
            person: PersonId(super::get_id(r, 0)?),
            name: format!("{surname} {name}"),
            in_bin: r.get(3)?,
            last_contact: super::get_opt_date(r, 4)?,
            since: super::get_date(r, 5)?,
        })
    })?;
    collect(rows)
}

/// The register of erasures, oldest first.
pub(crate) fn erasure_register(conn: &Connection) -> Result<Vec<ErasureRecord>> {
    let mut stmt = conn.prepare(
        "SELECT id, person_id, kind, act, act_date, instructed_by, done_at
         FROM erasure_register ORDER BY done_at, id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(ErasureRecord {
            id: r.get(0)?,
            person: PersonId(super::get_id(r, 1)?),
            kind: super::get_code(r, 2, ErasureKind::from_code)?,
            instruction: Instruction {
                act: r.get(3)?,
                act_date: super::get_date(r, 4)?,
                instructed_by: r.get(5)?,
            },
            done_at: r.get(6)?,
        })
    })?;
    collect(rows)
}

/// `person` and the records merged into it (recursively), the deepest merged first.
fn merged_family(conn: &Connection, person: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "WITH RECURSIVE family(id, depth) AS (
             SELECT id, 0 FROM person WHERE id = ?1
             UNION SELECT p.id, f.depth + 1 FROM person p JOIN family f ON p.merged_into = f.id
         )
         SELECT id FROM family ORDER BY depth DESC, id",
    )?;
    let rows = stmt.query_map([person], |r| r.get(0))?;
    collect(rows)
}

/// The ids a query returns for each of `keys`, without repeats, in order.
fn ids_for(conn: &Connection, sql: &str, keys: &[String]) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(sql)?;
    let mut ids: Vec<String> = Vec::new();
    for key in keys {
        let rows = stmt.query_map([key], |r| r.get::<_, String>(0))?;
        for id in collect(rows)? {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    Ok(ids)
}

/// Everything that belongs to a person's record, found before anything changes.
struct PersonRows {
    family: Vec<String>,
    contacts: Vec<String>,
    referrals: Vec<String>,
    outcomes: Vec<String>,
    time_entries: Vec<String>,
    appointments: Vec<String>,
    household_links: Vec<String>,
    consents: Vec<String>,
    attachments: Vec<String>,
    cases: Vec<String>,
    goals: Vec<String>,
    reviews: Vec<String>,
    interventions: Vec<String>,
    meetings: Vec<String>,
    social_reports: Vec<String>,
}

impl PersonRows {
    fn of(conn: &Connection, person: &str) -> Result<PersonRows> {
        let family = merged_family(conn, person)?;
        let contacts = ids_for(conn, "SELECT id FROM contact WHERE person_id = ?1", &family)?;
        let referrals = ids_for(
            conn,
            "SELECT id FROM referral WHERE contact_id = ?1",
            &contacts,
        )?;
        let outcomes = ids_for(
            conn,
            "SELECT id FROM referral_outcome WHERE referral_id = ?1",
            &referrals,
        )?;
        let time_entries = ids_for(
            conn,
            "SELECT id FROM time_entry WHERE contact_id = ?1",
            &contacts,
        )?;
        let mut appointments = ids_for(
            conn,
            "SELECT id FROM appointment WHERE person_id = ?1",
            &family,
        )?;
        for id in ids_for(
            conn,
            "SELECT id FROM appointment WHERE contact_id = ?1",
            &contacts,
        )? {
            if !appointments.contains(&id) {
                appointments.push(id);
            }
        }
        let household_links = ids_for(
            conn,
            "SELECT id FROM household_link WHERE person_id = ?1 OR member_id = ?1",
            &family,
        )?;
        let consents = ids_for(conn, "SELECT id FROM consent WHERE person_id = ?1", &family)?;
        let attachments = ids_for(
            conn,
            "SELECT id FROM attachment WHERE person_id = ?1",
            &family,
        )?;
        let cases = ids_for(
            conn,
            "SELECT id FROM case_file WHERE person_id = ?1",
            &family,
        )?;
        let of_cases = |table: &str| {
            ids_for(
                conn,
                &format!("SELECT id FROM {table} WHERE case_id = ?1"),
                &cases,
            )
        };
        let goals = of_cases("case_goal")?;
        let interventions = of_cases("case_intervention")?;
        let meetings = of_cases("case_meeting")?;
        let social_reports = of_cases("social_report")?;
        let reviews = ids_for(
            conn,
            "SELECT id FROM case_review WHERE goal_id = ?1",
            &goals,
        )?;
        Ok(PersonRows {
            cases,
            goals,
            reviews,
            interventions,
            meetings,
            social_reports,
            attachments,
            consents,
            family,
            contacts,
            referrals,
            outcomes,
            time_entries,
            appointments,
            household_links,
        })
    }

    /// Every record, as the history names it.
    fn records(&self) -> Vec<(Entity, &String)> {
        let mut all = Vec::new();
        for (entity, ids) in [
            (Entity::Person, &self.family),
            (Entity::Contact, &self.contacts),
            (Entity::Referral, &self.referrals),
            (Entity::ReferralOutcome, &self.outcomes),
            (Entity::TimeEntry, &self.time_entries),
            (Entity::Appointment, &self.appointments),
            (Entity::HouseholdLink, &self.household_links),
            (Entity::Consent, &self.consents),
            (Entity::Attachment, &self.attachments),
            (Entity::Case, &self.cases),
            (Entity::Goal, &self.goals),
            (Entity::Review, &self.reviews),
            (Entity::Intervention, &self.interventions),
            (Entity::Meeting, &self.meetings),
            (Entity::SocialReport, &self.social_reports),
        ] {
            all.extend(ids.iter().map(|id| (entity, id)));
        }
        all
    }
}

/// The age band the anonymised record keeps: the person's age at their last colloquio (or on
/// the record's last change, with none).
fn age_band_kept(conn: &Connection, person: &str) -> Result<AgeBand> {
    let (birth_date, birth_year, on): (Option<String>, Option<i64>, String) = conn
        .query_row(
            "SELECT p.birth_date, p.birth_year,
                    coalesce((SELECT max(date) FROM contact WHERE person_id = p.id), substr(p.updated_at, 1, 10))
             FROM person p WHERE p.id = ?1",
            [person],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .map_err(map_damage)?;
    let parse = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let birth = match (birth_date.as_deref().and_then(parse), birth_year) {
        (Some(d), _) => Birth::Date(d),
        (None, Some(y)) => Birth::Year(y as i32),
        _ => Birth::Unknown,
    };
    Ok(parse(&on).map_or(AgeBand::Unknown, |day| birth.band_on(day)))
}

impl Writer<'_> {
    /// Runs `change`, then appends its entry with the image after only: for a change that
    /// removes personal data, whose image before must not be kept.
    pub(crate) fn blind(
        &mut self,
        entity: Entity,
        id: &str,
        action: Action,
        person: Option<PersonId>,
        change: impl FnOnce(&Connection) -> rusqlite::Result<usize>,
    ) -> Result<()> {
        change(self.conn()).map_err(map_damage)?;
        let after = super::history::snapshot(self.conn(), entity, id)?;
        self.append(entity, id, action, person, None, after.as_ref())
    }

    /// Forgets who was expected at appointments of guests (not registered) that were never
    /// held and whose day came before `before`: the name, the telephone, the note and the
    /// cancellation's reason go, from the row and from every history entry of it (an
    /// anonymisation of the record, so the chain still verifies). Returns how many.
    pub(crate) fn forget_past_guests(&mut self, before: chrono::NaiveDate) -> Result<usize> {
        let ids = past_guests(self.conn(), before)?;
        if ids.is_empty() {
            return Ok(0);
        }
        let mark: i64 = self
            .conn()
            .query_row("SELECT coalesce(max(seq), 0) FROM history", [], |r| {
                r.get(0)
            })
            .map_err(map_damage)?;
        let now = self.now.clone();
        for id in &ids {
            self.blind(Entity::Appointment, id, Action::Anonymise, None, |c| {
                c.execute(
                    "UPDATE appointment SET guest_name = '', guest_phone = '', note = '',
                        cancel_reason = '', updated_at = ?2 WHERE id = ?1",
                    params![id, now],
                )
            })?;
            self.conn()
                .execute(
                    "UPDATE history SET before_json = NULL, after_json = NULL, salt = NULL
                     WHERE seq <= ?1 AND entity = 'appointment' AND entity_id = ?2",
                    params![mark, id],
                )
                .map_err(map_damage)?;
        }
        Ok(ids.len())
    }

    /// Carries out `record` (the comune's instruction for one person) and writes it in the
    /// register. A person no longer in this archive (erased already, or not yet created when
    /// an older copy was taken) only gets the register row.
    pub(crate) fn carry_out_erasure(&mut self, record: &ErasureRecord) -> Result<()> {
        let person = record.person.to_string();
        let exists: bool = self
            .conn()
            .query_row("SELECT 1 FROM person WHERE id = ?1", [&person], |_| Ok(()))
            .optional()
            .map_err(map_damage)?
            .is_some();
        // The records merged into hers are in the register too: an older copy, from before a
        // merge, holds them apart, and a restore must find each.
        let mut merged = Vec::new();
        if exists {
            let mark: i64 = self
                .conn()
                .query_row("SELECT coalesce(max(seq), 0) FROM history", [], |r| {
                    r.get(0)
                })
                .map_err(map_damage)?;
            let rows = PersonRows::of(self.conn(), &person)?;
            match record.kind {
                ErasureKind::Erase => self.erase_rows(&rows, record.person)?,
                ErasureKind::Anonymise => {
                    // Her open cases close on the day the instruction was carried out, on
                    // this computer's calendar (the same day when a restore repeats it).
                    let day = chrono::DateTime::parse_from_rfc3339(&record.done_at)
                        .map(|t| t.with_timezone(&chrono::Local).date_naive())
                        .unwrap_or_else(|_| chrono::Local::now().date_naive());
                    self.anonymise_rows(&rows, record.person, day)?
                }
            }
            // Every entry about her records, or naming her, up to the mark (entries of the
            // first rule, and time entries written without the person, name none).
            let mut by_person = self.conn().prepare(
                "UPDATE history SET before_json = NULL, after_json = NULL, salt = NULL
                 WHERE seq <= ?1 AND person_id = ?2",
            )?;
            for member in &rows.family {
                by_person
                    .execute(params![mark, member])
                    .map_err(map_damage)?;
            }
            let mut by_record = self.conn().prepare(
                "UPDATE history SET before_json = NULL, after_json = NULL, salt = NULL
                 WHERE seq <= ?1 AND entity = ?2 AND entity_id = ?3",
            )?;
            for (entity, id) in rows.records() {
                by_record
                    .execute(params![mark, entity.table(), id])
                    .map_err(map_damage)?;
            }
            merged = rows.family.into_iter().filter(|m| *m != person).collect();
        }
        if !self.in_register(&person, record.kind)? {
            self.write_register_row(record, &record.id, &person)?;
        }
        for member in merged {
            if !self.in_register(&member, record.kind)? {
                self.write_register_row(record, &uuid::Uuid::now_v7().to_string(), &member)?;
            }
        }
        Ok(())
    }

    fn in_register(&self, person: &str, kind: ErasureKind) -> Result<bool> {
        Ok(self
            .conn()
            .query_row(
                "SELECT 1 FROM erasure_register WHERE person_id = ?1 AND kind = ?2",
                params![person, kind.code()],
                |r| r.get::<_, i64>(0),
            )
            .optional()
            .map_err(map_damage)?
            .is_some())
    }

    /// One line of the register: `record`'s act for `person`, under `id`.
    fn write_register_row(&mut self, record: &ErasureRecord, id: &str, person: &str) -> Result<()> {
        let done_by = self.operator_text();
        self.tracked(Entity::ErasureRegister, id, Action::Create, None, |c| {
            c.execute(
                "INSERT INTO erasure_register (id, person_id, kind, act, act_date, instructed_by, done_at, done_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    id,
                    person,
                    record.kind.code(),
                    record.instruction.act,
                    date_text(record.instruction.act_date),
                    record.instruction.instructed_by,
                    record.done_at,
                    done_by
                ],
            )?;
            Ok(())
        })
    }

    fn erase_rows(&mut self, rows: &PersonRows, person: PersonId) -> Result<()> {
        let p = Some(person);
        let now = self.now.clone();
        self.remove_attachments(rows, person, Action::Erase)?;
        self.remove_case_texts(rows, person, Action::Erase)?;
        for id in &rows.interventions {
            self.blind(Entity::Intervention, id, Action::Erase, p, |c| {
                c.execute("DELETE FROM case_intervention WHERE id = ?1", [id])
            })?;
        }
        for id in &rows.cases {
            self.blind(Entity::Case, id, Action::Erase, p, |c| {
                c.execute("DELETE FROM case_period WHERE case_id = ?1", [id])?;
                c.execute("DELETE FROM case_file WHERE id = ?1", [id])
            })?;
        }
        for id in &rows.outcomes {
            self.blind(Entity::ReferralOutcome, id, Action::Erase, p, |c| {
                c.execute("DELETE FROM referral_outcome WHERE id = ?1", [id])
            })?;
        }
        for id in &rows.referrals {
            self.blind(Entity::Referral, id, Action::Erase, p, |c| {
                c.execute("DELETE FROM referral WHERE id = ?1", [id])
            })?;
        }
        // The hours stay billed: the entry loses its colloquio and its note.
        for id in &rows.time_entries {
            self.blind(Entity::TimeEntry, id, Action::Erase, None, |c| {
                c.execute(
                    "UPDATE time_entry SET contact_id = NULL, note = '', updated_at = ?2 WHERE id = ?1",
                    params![id, now],
                )
            })?;
        }
        for id in &rows.appointments {
            self.blind(Entity::Appointment, id, Action::Erase, p, |c| {
                c.execute("DELETE FROM appointment WHERE id = ?1", [id])
            })?;
        }
        for id in &rows.contacts {
            self.blind(Entity::Contact, id, Action::Erase, p, |c| {
                c.execute("DELETE FROM contact_service WHERE contact_id = ?1", [id])?;
                c.execute("DELETE FROM contact_area WHERE contact_id = ?1", [id])?;
                c.execute("DELETE FROM contact WHERE id = ?1", [id])
            })?;
        }
        for id in &rows.household_links {
            self.blind(Entity::HouseholdLink, id, Action::Erase, p, |c| {
                c.execute("DELETE FROM household_link WHERE id = ?1", [id])
            })?;
        }
        self.remove_consents(rows, person, Action::Erase)?;
        for id in &rows.family {
            // Who opened her record goes with it (the log is not in the history chain).
            self.conn()
                .execute("DELETE FROM access_log WHERE person_id = ?1", [id])
                .map_err(map_damage)?;
            self.remove_person_row(id, Action::Erase)?;
        }
        Ok(())
    }

    /// Her documents, bytes and rows (an anonymised record keeps no ISEE or identity card).
    fn remove_attachments(
        &mut self,
        rows: &PersonRows,
        person: PersonId,
        action: Action,
    ) -> Result<()> {
        for id in &rows.attachments {
            self.blind(Entity::Attachment, id, action, Some(person), |c| {
                c.execute(
                    "DELETE FROM attachment_chunk WHERE attachment_id = ?1",
                    [id],
                )?;
                c.execute("DELETE FROM attachment WHERE id = ?1", [id])
            })?;
        }
        Ok(())
    }

    /// The parts of her cases that are only text about her — the plan's goals and reviews,
    /// the meetings, the social reports — go whether she is erased or anonymised.
    fn remove_case_texts(
        &mut self,
        rows: &PersonRows,
        person: PersonId,
        action: Action,
    ) -> Result<()> {
        let p = Some(person);
        for (entity, ids) in [
            (Entity::Review, &rows.reviews),
            (Entity::Goal, &rows.goals),
            (Entity::Meeting, &rows.meetings),
            (Entity::SocialReport, &rows.social_reports),
        ] {
            for id in ids {
                self.blind(entity, id, action, p, |c| {
                    c.execute(
                        &format!("DELETE FROM {} WHERE id = ?1", entity.table()),
                        [id],
                    )
                })?;
            }
        }
        Ok(())
    }

    fn remove_consents(
        &mut self,
        rows: &PersonRows,
        person: PersonId,
        action: Action,
    ) -> Result<()> {
        for id in &rows.consents {
            self.blind(Entity::Consent, id, action, Some(person), |c| {
                c.execute("DELETE FROM consent WHERE id = ?1", [id])
            })?;
        }
        Ok(())
    }

    /// A person's row and its representatives removed, the entry under that person's own id
    /// (a merged record's history names it, not the record it went into).
    fn remove_person_row(&mut self, id: &str, action: Action) -> Result<()> {
        let owner: PersonId = id.parse().map_err(|_| ArchiveError::RecordNotFound)?;
        self.blind(Entity::Person, id, action, Some(owner), |c| {
            c.execute("DELETE FROM representative WHERE person_id = ?1", [id])?;
            c.execute("DELETE FROM person WHERE id = ?1", [id])
        })
    }

    fn anonymise_rows(
        &mut self,
        rows: &PersonRows,
        person: PersonId,
        closing: NaiveDate,
    ) -> Result<()> {
        let p = Some(person);
        let id = person.to_string();
        let now = self.now.clone();
        let band = age_band_kept(self.conn(), &id)?;
        self.remove_attachments(rows, person, Action::Anonymise)?;
        // Her cases stay for the statistics (area, dates, the interventions' kinds and
        // amounts); what they say of her goes.
        self.remove_case_texts(rows, person, Action::Anonymise)?;
        // A case still open closes on the day of the instruction (its interventions still
        // running end then): nothing more is recorded of her, and it leaves the deadlines and
        // the future reports. Done inside each image-after-only entry, so no image before
        // keeps what goes.
        let day = super::date_text(closing);
        for i in &rows.interventions {
            // One planned after that day, in a case still open, never happened: it goes.
            let planned: bool = self
                .conn()
                .query_row(
                    "SELECT i.from_date > ?2 AND k.closed_on IS NULL FROM case_intervention i
                     JOIN case_file k ON k.id = i.case_id WHERE i.id = ?1",
                    params![i, day],
                    |r| r.get(0),
                )
                .map_err(map_damage)?;
            if planned {
                self.blind(Entity::Intervention, i, Action::Anonymise, p, |c| {
                    c.execute("DELETE FROM case_intervention WHERE id = ?1", [i])
                })?;
                continue;
            }
            self.blind(Entity::Intervention, i, Action::Anonymise, p, |c| {
                c.execute(
                    "UPDATE case_intervention SET provider = '', act_number = '', act_date = NULL,
                        to_date = CASE WHEN (SELECT closed_on FROM case_file WHERE id = case_id) IS NULL
                            AND from_date <= ?3 AND (to_date IS NULL OR to_date > ?3) THEN ?3 ELSE to_date END,
                        updated_at = ?2 WHERE id = ?1",
                    params![i, now, day],
                )
            })?;
        }
        for case in &rows.cases {
            self.blind(Entity::Case, case, Action::Anonymise, p, |c| {
                c.execute(
                    "UPDATE case_period SET reason = '', close_reason = '' WHERE case_id = ?1",
                    [case],
                )?;
                c.execute(
                    "UPDATE case_file SET reason = '', close_reason = '', assessment = '',
                        closed_on = coalesce(closed_on, max(opened_on, ?3)), updated_at = ?2
                     WHERE id = ?1",
                    params![case, now, day],
                )
            })?;
        }
        for link in &rows.household_links {
            self.blind(Entity::HouseholdLink, link, Action::Anonymise, p, |c| {
                c.execute("DELETE FROM household_link WHERE id = ?1", [link])
            })?;
        }
        self.remove_consents(rows, person, Action::Anonymise)?;
        for other in rows.family.iter().filter(|f| **f != id) {
            self.remove_person_row(other, Action::Anonymise)?;
        }
        self.blind(Entity::Person, &id, Action::Anonymise, p, |c| {
            c.execute("DELETE FROM representative WHERE person_id = ?1", [&id])?;
            c.execute(
                "UPDATE person SET anonymous = 1, surname = NULL, name = NULL, codice_fiscale = NULL,
                    birth_date = NULL, birth_year = NULL, age_band = ?2, residence = NULL,
                    address = '', phone = '', email = '', language = '', interpreter = 0,
                    household_notes = '', privacy_notice_on = NULL, privacy_notice_version = NULL, key_surname_name = NULL,
                    key_name_surname = NULL, merged_into = NULL,
                    deleted_reason = CASE WHEN deleted_at IS NULL THEN NULL ELSE 'anonimizzata' END,
                    updated_at = ?3
                 WHERE id = ?1",
                params![id, band.code(), now],
            )
        })?;
        for contact in &rows.contacts {
            self.blind(Entity::Contact, contact, Action::Anonymise, p, |c| {
                c.execute(
                    "UPDATE contact SET summary = '', next_steps = '', evaluation = '',
                        unmet_need = CASE WHEN unmet_need IS NULL THEN NULL ELSE '' END,
                        missing_resource = CASE WHEN missing_resource IS NULL THEN NULL ELSE '' END,
                        deleted_reason = CASE WHEN deleted_reason IS NULL THEN NULL ELSE '' END,
                        updated_at = ?2
                     WHERE id = ?1",
                    params![contact, now],
                )
            })?;
        }
        for referral in &rows.referrals {
            self.blind(Entity::Referral, referral, Action::Anonymise, p, |c| {
                c.execute(
                    "UPDATE referral SET reason = '', protocol = '', updated_at = ?2 WHERE id = ?1",
                    params![referral, now],
                )
            })?;
        }
        for outcome in &rows.outcomes {
            self.blind(
                Entity::ReferralOutcome,
                outcome,
                Action::Anonymise,
                p,
                |c| {
                    c.execute(
                        "UPDATE referral_outcome SET feedback = '' WHERE id = ?1",
                        [outcome],
                    )
                },
            )?;
        }
        for appointment in &rows.appointments {
            self.blind(
                Entity::Appointment,
                appointment,
                Action::Anonymise,
                p,
                |c| {
                    c.execute(
                        "UPDATE appointment SET note = '', cancel_reason = '', guest_name = '',
                            guest_phone = '', updated_at = ?2 WHERE id = ?1",
                        params![appointment, now],
                    )
                },
            )?;
        }
        for entry in &rows.time_entries {
            self.blind(Entity::TimeEntry, entry, Action::Anonymise, p, |c| {
                c.execute(
                    "UPDATE time_entry SET note = '', updated_at = ?2 WHERE id = ?1",
                    params![entry, now],
                )
            })?;
        }
        Ok(())
    }
}

/// Guests' appointments never held, before `before`, that still say who was expected.
pub(crate) fn past_guests(conn: &Connection, before: chrono::NaiveDate) -> Result<Vec<String>> {
    ids_for(
        conn,
        "SELECT id FROM appointment WHERE person_id IS NULL AND contact_id IS NULL AND date < ?1
            AND (guest_name != '' OR guest_phone != '' OR note != '' OR cancel_reason != '')
         ORDER BY date, id",
        &[super::date_text(before)],
    )
}
