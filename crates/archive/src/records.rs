//! Reading and writing records. Every write goes through a [`Writer`], which runs inside one
//! transaction and appends each change to the hash-chained history in that same transaction.

use crate::error::{ArchiveError, Result};
use crate::store::map_damage;
use chrono::{NaiveDate, NaiveTime};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sportello_core::ledger::LedgerEntry;
use sportello_core::model::{
    display_name, AppointmentSummary, Birth, Closure, Contact, ContactSummary, Contract,
    ContractTerms, Identity, NewContact, NewPerson, NewTimeEntry, OpeningSlot, Person,
    PersonSummary, TimeEntry, VatRegime,
};
use sportello_core::{
    AgeBand, AppointmentId, Area, Channel, Citizenship, CodiceFiscale, ContactId, ContractId,
    FormErrors, Gender, Minutes, Msg, PersonId, RequestType, ServiceGiven, ServiceId, TimeEntryId,
    TimeKind,
};
use uuid::Uuid;

const DATE: &str = "%Y-%m-%d";
const TIME: &str = "%H:%M";

pub(crate) fn date_text(d: NaiveDate) -> String {
    d.format(DATE).to_string()
}

fn time_text(t: NaiveTime) -> String {
    t.format(TIME).to_string()
}

fn bad_column(index: usize, what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        index,
        rusqlite::types::Type::Text,
        format!("valore non riconosciuto: {what}").into(),
    )
}

fn get_date(row: &Row, index: usize) -> rusqlite::Result<NaiveDate> {
    let s: String = row.get(index)?;
    NaiveDate::parse_from_str(&s, DATE).map_err(|_| bad_column(index, "data"))
}

fn get_opt_date(row: &Row, index: usize) -> rusqlite::Result<Option<NaiveDate>> {
    let s: Option<String> = row.get(index)?;
    s.map(|s| NaiveDate::parse_from_str(&s, DATE).map_err(|_| bad_column(index, "data")))
        .transpose()
}

fn get_opt_time(row: &Row, index: usize) -> rusqlite::Result<Option<NaiveTime>> {
    let s: Option<String> = row.get(index)?;
    s.map(|s| NaiveTime::parse_from_str(&s, TIME).map_err(|_| bad_column(index, "ora")))
        .transpose()
}

fn get_id(row: &Row, index: usize) -> rusqlite::Result<Uuid> {
    let s: String = row.get(index)?;
    Uuid::parse_str(&s).map_err(|_| bad_column(index, "identificativo"))
}

fn get_code<T>(row: &Row, index: usize, from: fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    let s: String = row.get(index)?;
    from(&s).ok_or_else(|| bad_column(index, "categoria"))
}

/// The name shown in lists, from a row's `anonymous`, `surname` and `name` columns.
fn listed_name(
    r: &Row,
    person: PersonId,
    anonymous: usize,
    surname: usize,
    name: usize,
) -> rusqlite::Result<String> {
    let identity = if r.get::<_, bool>(anonymous)? {
        Identity::Anonymous {
            age_band: AgeBand::Unknown,
        }
    } else {
        Identity::Named {
            surname: r.get(surname)?,
            name: r.get(name)?,
            codice_fiscale: None,
            birth: None,
        }
    };
    Ok(display_name(&identity, person))
}

/// Writes records inside one transaction, chaining each change into the history.
pub struct Writer<'a> {
    conn: &'a Connection,
    last_hash: [u8; 32],
    /// Timestamp written as `created_at` / `updated_at` and in the history.
    pub(crate) now: String,
}

impl<'a> Writer<'a> {
    pub(crate) fn new(conn: &'a Connection, now: String) -> Result<Writer<'a>> {
        let last: Option<Vec<u8>> = conn
            .query_row(
                "SELECT hash FROM history ORDER BY seq DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(map_damage)?;
        let mut last_hash = [0u8; 32];
        if let Some(h) = last {
            if h.len() == 32 {
                last_hash.copy_from_slice(&h);
            }
        }
        Ok(Writer {
            conn,
            last_hash,
            now,
        })
    }

    fn history<T: Serialize>(
        &mut self,
        entity: &str,
        id: &Uuid,
        action: &str,
        after: &T,
    ) -> Result<()> {
        let after =
            serde_json::to_string(after).map_err(|e| ArchiveError::Rejected(e.to_string()))?;
        let id = id.to_string();
        let hash = chain_hash(
            &self.last_hash,
            &self.now,
            entity,
            &id,
            action,
            None,
            Some(&after),
        );
        self.conn.execute(
            "INSERT INTO history (at, entity, entity_id, action, before_json, after_json, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, NULL, ?5, ?6, ?7)",
            params![self.now, entity, id, action, after, self.last_hash.as_slice(), hash.as_slice()],
        )?;
        self.last_hash = hash;
        Ok(())
    }

    pub fn insert_contract(&mut self, id: Uuid, terms: &ContractTerms) -> Result<ContractId> {
        let vat: Option<u32> = match terms.vat {
            VatRegime::Exempt => None,
            VatRegime::Rate { basis_points } => Some(basis_points),
        };
        self.conn.execute(
            "INSERT INTO contract (id, comune, provider, start_date, end_date, year_start, yearly_minutes,
                hourly_rate_cents, vat_basis_points, weekly_cap_minutes, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
            params![
                id.to_string(),
                terms.comune,
                terms.provider,
                date_text(terms.start),
                date_text(terms.end),
                date_text(terms.year_start),
                terms.yearly_budget.get(),
                terms.hourly_rate.get(),
                vat,
                terms.weekly_cap.get(),
                self.now
            ],
        )?;
        for slot in &terms.opening_slots {
            self.conn.execute(
                "INSERT INTO opening_slot (id, contract_id, weekday, start_time, end_time) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    Uuid::now_v7().to_string(),
                    id.to_string(),
                    slot.weekday.number_from_monday(),
                    time_text(slot.start),
                    time_text(slot.end)
                ],
            )?;
        }
        for c in &terms.closures {
            self.conn.execute(
                "INSERT INTO closure (id, contract_id, from_date, to_date, reason) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![Uuid::now_v7().to_string(), id.to_string(), date_text(c.from), date_text(c.to), c.reason],
            )?;
        }
        self.history("contract", &id, "create", terms)?;
        Ok(ContractId(id))
    }

    pub fn insert_person(&mut self, id: Uuid, p: &NewPerson) -> Result<PersonId> {
        let (anonymous, surname, name, cf, birth_date, birth_year, age_band) = match &p.identity {
            Identity::Named {
                surname,
                name,
                codice_fiscale,
                birth,
            } => (
                false,
                Some(surname.as_str()),
                Some(name.as_str()),
                codice_fiscale.as_ref().map(CodiceFiscale::as_str),
                match birth {
                    Some(Birth::Date(d)) => Some(date_text(*d)),
                    _ => None,
                },
                match birth {
                    Some(Birth::Year(y)) => Some(*y),
                    _ => None,
                },
                None,
            ),
            Identity::Anonymous { age_band } => {
                (true, None, None, None, None, None, Some(age_band.code()))
            }
        };
        if let Some(cf) = cf {
            let taken: bool = self.conn.query_row(
                "SELECT EXISTS (SELECT 1 FROM person WHERE codice_fiscale = ?1)",
                [cf],
                |r| r.get(0),
            )?;
            if taken {
                let mut taken = FormErrors::default();
                taken.add("codice_fiscale", Msg::CfTaken);
                return Err(ArchiveError::Invalid(taken));
            }
        }
        self.conn.execute(
            "INSERT INTO person (id, anonymous, surname, name, codice_fiscale, birth_date, birth_year, age_band,
                gender, citizenship, residence, phone, email, household_notes, privacy_notice_on, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16)",
            params![
                id.to_string(),
                anonymous,
                surname,
                name,
                cf,
                birth_date,
                birth_year,
                age_band,
                p.gender.code(),
                p.citizenship.code(),
                p.residence,
                p.phone,
                p.email,
                p.household_notes,
                p.privacy_notice.map(date_text),
                self.now
            ],
        )?;
        self.history("person", &id, "create", p)?;
        Ok(PersonId(id))
    }

    pub fn insert_contact(&mut self, id: Uuid, c: &NewContact) -> Result<ContactId> {
        if c.services.is_empty() || c.areas.is_empty() {
            return Err(ArchiveError::Rejected(
                "Un colloquio richiede almeno una prestazione e almeno un'area di bisogno.".into(),
            ));
        }
        let person_exists: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM person WHERE id = ?1 AND deleted_at IS NULL)",
            [c.person.to_string()],
            |r| r.get(0),
        )?;
        if !person_exists {
            return Err(ArchiveError::RecordNotFound);
        }
        self.conn.execute(
            "INSERT INTO contact (id, person_id, date, start_time, duration_minutes, channel, request_type, homeless,
                summary, next_steps, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
            params![
                id.to_string(),
                c.person.to_string(),
                date_text(c.date),
                c.start_time.map(time_text),
                c.duration.get(),
                c.channel.code(),
                c.request_type.map(RequestType::code),
                c.homeless,
                c.summary,
                c.next_steps,
                self.now
            ],
        )?;
        let mut services = self.conn.prepare_cached(
            "INSERT OR IGNORE INTO contact_service (contact_id, service) VALUES (?1, ?2)",
        )?;
        for s in &c.services {
            services.execute(params![id.to_string(), s.code()])?;
        }
        let mut areas = self.conn.prepare_cached(
            "INSERT OR IGNORE INTO contact_area (contact_id, area) VALUES (?1, ?2)",
        )?;
        for a in &c.areas {
            areas.execute(params![id.to_string(), a.code()])?;
        }
        self.history("contact", &id, "create", c)?;
        Ok(ContactId(id))
    }

    pub fn insert_time_entry(&mut self, id: Uuid, e: &NewTimeEntry) -> Result<TimeEntryId> {
        if e.minutes.get() == 0 || e.minutes.get() > 1440 {
            return Err(ArchiveError::Rejected(
                "La durata deve essere tra 1 minuto e 24 ore.".into(),
            ));
        }
        self.conn.execute(
            "INSERT INTO time_entry (id, date, minutes, kind, contact_id, billable, note, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
            params![
                id.to_string(),
                date_text(e.date),
                e.minutes.get(),
                e.kind.code(),
                e.contact.map(|c| c.to_string()),
                e.billable,
                e.note,
                self.now
            ],
        )?;
        self.history("time_entry", &id, "create", e)?;
        Ok(TimeEntryId(id))
    }

    pub fn insert_service(
        &mut self,
        id: Uuid,
        name: &str,
        provider: &str,
        area: Option<Area>,
        description: &str,
    ) -> Result<ServiceId> {
        self.conn.execute(
            "INSERT INTO service (id, name, provider, area, description, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            params![
                id.to_string(),
                name,
                provider,
                area.map(Area::code),
                description,
                self.now
            ],
        )?;
        self.history(
            "service",
            &id,
            "create",
            &serde_json::json!({ "name": name, "provider": provider }),
        )?;
        Ok(ServiceId(id))
    }

    pub fn insert_referral(
        &mut self,
        id: Uuid,
        contact: ContactId,
        service: ServiceId,
        reason: &str,
    ) -> Result<()> {
        self.conn.execute(
            "INSERT INTO referral (id, contact_id, service_id, reason, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id.to_string(), contact.to_string(), service.to_string(), reason, self.now],
        )?;
        self.history(
            "referral",
            &id,
            "create",
            &serde_json::json!({ "contact": contact, "service": service, "reason": reason }),
        )
    }

    pub fn insert_referral_outcome(
        &mut self,
        id: Uuid,
        referral: Uuid,
        date: NaiveDate,
        outcome: sportello_core::ReferralOutcome,
    ) -> Result<()> {
        self.conn.execute(
            "INSERT INTO referral_outcome (id, referral_id, date, outcome, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id.to_string(), referral.to_string(), date_text(date), outcome.code(), self.now],
        )?;
        self.history(
            "referral_outcome",
            &id,
            "create",
            &serde_json::json!({ "referral": referral, "date": date, "outcome": outcome }),
        )
    }

    pub fn insert_appointment(
        &mut self,
        id: Uuid,
        person: Option<PersonId>,
        date: NaiveDate,
        start: NaiveTime,
        duration: Minutes,
        note: &str,
    ) -> Result<AppointmentId> {
        self.conn.execute(
            "INSERT INTO appointment (id, person_id, date, start_time, duration_minutes, note, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
            params![id.to_string(), person.map(|p| p.to_string()), date_text(date), time_text(start), duration.get(), note, self.now],
        )?;
        self.history(
            "appointment",
            &id,
            "create",
            &serde_json::json!({ "person": person, "date": date, "start": start, "note": note }),
        )?;
        Ok(AppointmentId(id))
    }

    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO setting (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }
}

/// SHA-256 over the previous hash and the row's fields, each length-prefixed so that no two
/// different rows can hash the same bytes.
pub(crate) fn chain_hash(
    prev: &[u8],
    at: &str,
    entity: &str,
    id: &str,
    action: &str,
    before: Option<&str>,
    after: Option<&str>,
) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(prev);
    for field in [
        Some(at),
        Some(entity),
        Some(id),
        Some(action),
        before,
        after,
    ] {
        match field {
            Some(s) => {
                h.update([1u8]);
                h.update((s.len() as u64).to_le_bytes());
                h.update(s.as_bytes());
            }
            None => h.update([0u8]),
        }
    }
    h.finalize().into()
}

/// Walks the history and returns the sequence numbers whose hash does not match.
pub(crate) fn broken_history_links(conn: &Connection) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare(
        "SELECT seq, at, entity, entity_id, action, before_json, after_json, prev_hash, hash FROM history ORDER BY seq",
    )?;
    let mut rows = stmt.query([]).map_err(map_damage)?;
    let mut prev = vec![0u8; 32];
    let mut broken = Vec::new();
    while let Some(r) = rows.next().map_err(map_damage)? {
        let seq: i64 = r.get(0)?;
        let (at, entity, id, action): (String, String, String, String) =
            (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
        let (before, after): (Option<String>, Option<String>) = (r.get(5)?, r.get(6)?);
        let (prev_hash, hash): (Vec<u8>, Vec<u8>) = (r.get(7)?, r.get(8)?);
        let expect = chain_hash(
            &prev,
            &at,
            &entity,
            &id,
            &action,
            before.as_deref(),
            after.as_deref(),
        );
        if prev_hash != prev || hash != expect {
            broken.push(seq);
        }
        prev = hash;
    }
    Ok(broken)
}

// ---------------------------------------------------------------------------------------------
// Reading

pub(crate) fn contract(conn: &Connection) -> Result<Option<Contract>> {
    let row = conn
        .query_row(
            "SELECT id, comune, provider, start_date, end_date, year_start, yearly_minutes, hourly_rate_cents,
                    vat_basis_points, weekly_cap_minutes
             FROM contract ORDER BY start_date DESC, created_at DESC LIMIT 1",
            [],
            |r| {
                let vat: Option<u32> = r.get(8)?;
                Ok((
                    get_id(r, 0)?,
                    ContractTerms {
                        comune: r.get(1)?,
                        provider: r.get(2)?,
                        start: get_date(r, 3)?,
                        end: get_date(r, 4)?,
                        year_start: get_date(r, 5)?,
                        yearly_budget: Minutes(r.get(6)?),
                        hourly_rate: sportello_core::Cents(r.get(7)?),
                        vat: vat.map_or(VatRegime::Exempt, |basis_points| VatRegime::Rate { basis_points }),
                        weekly_cap: Minutes(r.get(9)?),
                        opening_slots: Vec::new(),
                        closures: Vec::new(),
                    },
                ))
            },
        )
        .optional()
        .map_err(map_damage)?;
    let Some((id, mut terms)) = row else {
        return Ok(None);
    };
    let mut stmt = conn.prepare("SELECT weekday, start_time, end_time FROM opening_slot WHERE contract_id = ?1 ORDER BY weekday, start_time")?;
    terms.opening_slots = stmt
        .query_map([id.to_string()], |r| {
            let weekday: u8 = r.get(0)?;
            Ok(OpeningSlot {
                weekday: chrono::Weekday::try_from(weekday.saturating_sub(1))
                    .map_err(|_| bad_column(0, "giorno"))?,
                start: get_opt_time(r, 1)?.ok_or_else(|| bad_column(1, "ora"))?,
                end: get_opt_time(r, 2)?.ok_or_else(|| bad_column(2, "ora"))?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare(
        "SELECT from_date, to_date, reason FROM closure WHERE contract_id = ?1 ORDER BY from_date",
    )?;
    terms.closures = stmt
        .query_map([id.to_string()], |r| {
            Ok(Closure {
                from: get_date(r, 0)?,
                to: get_date(r, 1)?,
                reason: r.get(2)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(Some(Contract {
        id: ContractId(id),
        terms,
    }))
}

const PERSON_COLUMNS: &str =
    "id, anonymous, surname, name, codice_fiscale, birth_date, birth_year, age_band, gender,
    citizenship, residence, phone, email, household_notes, privacy_notice_on";

fn person_from_row(r: &Row) -> rusqlite::Result<Person> {
    let anonymous: bool = r.get(1)?;
    let identity = if anonymous {
        let band: Option<String> = r.get(7)?;
        Identity::Anonymous {
            age_band: band
                .as_deref()
                .and_then(AgeBand::from_code)
                .unwrap_or(AgeBand::Unknown),
        }
    } else {
        let cf: Option<String> = r.get(4)?;
        let birth_year: Option<i32> = r.get(6)?;
        Identity::Named {
            surname: r.get(2)?,
            name: r.get(3)?,
            codice_fiscale: cf
                .map(|c| CodiceFiscale::parse(&c).map_err(|_| bad_column(4, "codice fiscale")))
                .transpose()?,
            birth: get_opt_date(r, 5)?
                .map(Birth::Date)
                .or(birth_year.map(Birth::Year)),
        }
    };
    Ok(Person {
        id: PersonId(get_id(r, 0)?),
        data: NewPerson {
            identity,
            gender: get_code(r, 8, Gender::from_code)?,
            citizenship: get_code(r, 9, Citizenship::from_code)?,
            residence: r.get(10)?,
            phone: r.get(11)?,
            email: r.get(12)?,
            household_notes: r.get(13)?,
            privacy_notice: get_opt_date(r, 14)?,
        },
    })
}

pub(crate) fn person(conn: &Connection, id: PersonId) -> Result<Person> {
    conn.query_row(
        &format!("SELECT {PERSON_COLUMNS} FROM person WHERE id = ?1 AND deleted_at IS NULL"),
        [id.to_string()],
        person_from_row,
    )
    .optional()
    .map_err(map_damage)?
    .ok_or(ArchiveError::RecordNotFound)
}

/// Named persons whose surname or name starts with `query` (all of them when it is empty).
pub(crate) fn find_persons(
    conn: &Connection,
    query: &str,
    limit: u32,
) -> Result<Vec<PersonSummary>> {
    let pattern = format!("{}%", query.trim().replace(['%', '_'], ""));
    let mut stmt = conn.prepare(
        "SELECT p.id, p.anonymous, p.surname, p.name, p.age_band,
                (SELECT max(c.date) FROM contact c WHERE c.person_id = p.id AND c.deleted_at IS NULL)
         FROM person p
         WHERE p.deleted_at IS NULL AND p.anonymous = 0
           AND (p.surname LIKE ?1 OR p.name LIKE ?1 OR (p.surname || ' ' || p.name) LIKE ?1)
         ORDER BY p.surname COLLATE NOCASE, p.name COLLATE NOCASE
         LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![pattern, limit], |r| {
        let id = PersonId(get_id(r, 0)?);
        Ok(PersonSummary {
            id,
            display_name: listed_name(r, id, 1, 2, 3)?,
            anonymous: false,
            last_contact: get_opt_date(r, 5)?,
        })
    })?;
    rows.collect::<rusqlite::Result<_>>().map_err(map_damage)
}

pub(crate) fn contact(conn: &Connection, id: ContactId) -> Result<Contact> {
    let mut contact = conn
        .query_row(
            "SELECT id, person_id, date, start_time, duration_minutes, channel, request_type, homeless, summary, next_steps
             FROM contact WHERE id = ?1 AND deleted_at IS NULL",
            [id.to_string()],
            |r| {
                let request: Option<String> = r.get(6)?;
                Ok(Contact {
                    id: ContactId(get_id(r, 0)?),
                    data: NewContact {
                        person: PersonId(get_id(r, 1)?),
                        date: get_date(r, 2)?,
                        start_time: get_opt_time(r, 3)?,
                        duration: Minutes(r.get(4)?),
                        channel: get_code(r, 5, Channel::from_code)?,
                        request_type: request.as_deref().and_then(RequestType::from_code),
                        homeless: r.get(7)?,
                        summary: r.get(8)?,
                        next_steps: r.get(9)?,
                        services: Vec::new(),
                        areas: Vec::new(),
                    },
                })
            },
        )
        .optional()
        .map_err(map_damage)?
        .ok_or(ArchiveError::RecordNotFound)?;
    let mut stmt = conn.prepare("SELECT service FROM contact_service WHERE contact_id = ?1")?;
    let mut services: Vec<ServiceGiven> = stmt
        .query_map([id.to_string()], |r| {
            get_code(r, 0, ServiceGiven::from_code)
        })?
        .collect::<rusqlite::Result<_>>()?;
    services.sort();
    let mut stmt = conn.prepare("SELECT area FROM contact_area WHERE contact_id = ?1")?;
    let mut areas: Vec<Area> = stmt
        .query_map([id.to_string()], |r| get_code(r, 0, Area::from_code))?
        .collect::<rusqlite::Result<_>>()?;
    areas.sort();
    contact.data.services = services;
    contact.data.areas = areas;
    Ok(contact)
}

/// Contacts, newest first; of one person when `person` is given.
pub(crate) fn contact_summaries(
    conn: &Connection,
    person: Option<PersonId>,
    limit: u32,
) -> Result<Vec<ContactSummary>> {
    let mut stmt = conn.prepare(
        "SELECT c.id, c.person_id, p.anonymous, p.surname, p.name, c.date, c.start_time, c.duration_minutes, c.channel
         FROM contact c JOIN person p ON p.id = c.person_id
         WHERE c.deleted_at IS NULL AND (?1 IS NULL OR c.person_id = ?1)
         ORDER BY c.date DESC, c.start_time DESC
         LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![person.map(|p| p.to_string()), limit], |r| {
        let person = PersonId(get_id(r, 1)?);
        Ok(ContactSummary {
            id: ContactId(get_id(r, 0)?),
            person,
            person_name: listed_name(r, person, 2, 3, 4)?,
            date: get_date(r, 5)?,
            start_time: get_opt_time(r, 6)?,
            duration: Minutes(r.get(7)?),
            channel: get_code(r, 8, Channel::from_code)?,
        })
    })?;
    rows.collect::<rusqlite::Result<_>>().map_err(map_damage)
}

pub(crate) fn time_entries(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<TimeEntry>> {
    let mut stmt = conn.prepare(
        "SELECT id, date, minutes, kind, contact_id, billable, note FROM time_entry
         WHERE deleted_at IS NULL AND date BETWEEN ?1 AND ?2 ORDER BY date, created_at",
    )?;
    let rows = stmt.query_map(params![date_text(from), date_text(to)], |r| {
        let contact: Option<String> = r.get(4)?;
        Ok(TimeEntry {
            id: TimeEntryId(get_id(r, 0)?),
            data: NewTimeEntry {
                date: get_date(r, 1)?,
                minutes: Minutes(r.get(2)?),
                kind: get_code(r, 3, TimeKind::from_code)?,
                contact: contact.and_then(|c| c.parse().ok()),
                billable: r.get(5)?,
                note: r.get(6)?,
            },
        })
    })?;
    rows.collect::<rusqlite::Result<_>>().map_err(map_damage)
}

/// Billable-or-not minutes per day, for the ledger (one row per day and billability).
pub(crate) fn ledger_entries(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<LedgerEntry>> {
    let mut stmt = conn.prepare(
        "SELECT date, billable, sum(minutes) FROM time_entry
         WHERE deleted_at IS NULL AND date >= ?1 AND date < ?2 GROUP BY date, billable ORDER BY date",
    )?;
    let rows = stmt.query_map(params![date_text(from), date_text(to)], |r| {
        Ok(LedgerEntry {
            date: get_date(r, 0)?,
            billable: r.get(1)?,
            minutes: Minutes(r.get(2)?),
        })
    })?;
    rows.collect::<rusqlite::Result<_>>().map_err(map_damage)
}

pub(crate) fn upcoming_appointments(
    conn: &Connection,
    from: NaiveDate,
    limit: u32,
) -> Result<Vec<AppointmentSummary>> {
    let mut stmt = conn.prepare(
        "SELECT a.id, a.date, a.start_time, p.anonymous, p.surname, p.name, a.person_id, a.note
         FROM appointment a LEFT JOIN person p ON p.id = a.person_id
         WHERE a.date >= ?1 AND a.cancelled_at IS NULL AND a.contact_id IS NULL
         ORDER BY a.date, a.start_time LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![date_text(from), limit], |r| {
        let person: Option<String> = r.get(6)?;
        let person_name = match person.and_then(|p| p.parse::<PersonId>().ok()) {
            Some(pid) => Some(listed_name(r, pid, 3, 4, 5)?),
            None => None,
        };
        Ok(AppointmentSummary {
            id: AppointmentId(get_id(r, 0)?),
            date: get_date(r, 1)?,
            start_time: get_opt_time(r, 2)?.ok_or_else(|| bad_column(2, "ora"))?,
            person_name,
            note: r.get(7)?,
        })
    })?;
    rows.collect::<rusqlite::Result<_>>().map_err(map_damage)
}

pub(crate) fn setting(conn: &Connection, key: &str) -> Result<Option<String>> {
    conn.query_row("SELECT value FROM setting WHERE key = ?1", [key], |r| {
        r.get(0)
    })
    .optional()
    .map_err(map_damage)
}

/// Row counts of the main tables (soft-deleted rows excluded).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub persons: u64,
    pub anonymous_persons: u64,
    pub contacts: u64,
    pub time_entries: u64,
    pub referrals: u64,
    pub services: u64,
    pub appointments: u64,
    pub history: u64,
}

pub(crate) fn counts(conn: &Connection) -> Result<Counts> {
    let count = |sql: &str| -> Result<u64> {
        Ok(conn
            .query_row(sql, [], |r| r.get::<_, i64>(0))
            .map_err(map_damage)?
            .max(0) as u64)
    };
    Ok(Counts {
        persons: count("SELECT count(*) FROM person WHERE deleted_at IS NULL AND anonymous = 0")?,
        anonymous_persons: count(
            "SELECT count(*) FROM person WHERE deleted_at IS NULL AND anonymous = 1",
        )?,
        contacts: count("SELECT count(*) FROM contact WHERE deleted_at IS NULL")?,
        time_entries: count("SELECT count(*) FROM time_entry WHERE deleted_at IS NULL")?,
        referrals: count("SELECT count(*) FROM referral WHERE deleted_at IS NULL")?,
        services: count("SELECT count(*) FROM service WHERE deleted_at IS NULL")?,
        appointments: count("SELECT count(*) FROM appointment WHERE cancelled_at IS NULL")?,
        history: count("SELECT count(*) FROM history")?,
    })
}

impl Writer<'_> {
    /// The catalogue's services, oldest first.
    pub fn service_ids(&self) -> Result<Vec<ServiceId>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM service WHERE deleted_at IS NULL ORDER BY created_at, id")?;
        let rows = stmt.query_map([], |r| Ok(ServiceId(get_id(r, 0)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
