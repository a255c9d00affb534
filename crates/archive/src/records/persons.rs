//! Persons: create, edit, delete to the bin and restore, merge two records of the same person,
//! search by folded keys, and the household links between persons.

use super::{
    collect, date_text, get_code, get_id, get_opt_code, get_opt_date, get_opt_day, listed_name,
    must_exist, Entity, Writer,
};
use crate::error::{ArchiveError, Result};
use crate::store::map_damage;
use crate::store::CachedStatements;
use rusqlite::{params, Connection, OptionalExtension, Row};
use sportello_core::history::Action;
use sportello_core::model::{
    merge_persons as merged, Birth, DeletedPerson, HouseholdMember, Identity, NewPerson, Person,
    PersonSummary, Representative,
};
use sportello_core::privacy::NOTICE_VERSION;
use sportello_core::search::{person_keys, PersonQuery};
use sportello_core::{
    AgeBand, Citizenship, CodiceFiscale, FormErrors, Gender, HouseholdLinkId, Msg, PersonId,
    Relation, RepresentativeKind,
};
use uuid::Uuid;

const PERSON_COLUMNS: &str =
    "id, anonymous, surname, name, codice_fiscale, birth_date, birth_year, age_band, gender,
    citizenship, residence, address, phone, email, language, interpreter, household_notes,
    privacy_notice_on";

fn person_from_row(r: &Row) -> rusqlite::Result<Person> {
    let anonymous: bool = r.get(1)?;
    let identity = if anonymous {
        Identity::Anonymous {
            age_band: get_opt_code(r, 7, AgeBand::from_code)?.unwrap_or(AgeBand::Unknown),
        }
    } else {
        let cf: Option<String> = r.get(4)?;
        let birth_year: Option<i32> = r.get(6)?;
        Identity::Named {
            surname: r.get(2)?,
            name: r.get(3)?,
            codice_fiscale: cf
                .map(|c| {
                    CodiceFiscale::parse(&c).map_err(|_| super::bad_column(4, "codice fiscale"))
                })
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
            address: r.get(11)?,
            phone: r.get(12)?,
            email: r.get(13)?,
            language: r.get(14)?,
            interpreter: r.get(15)?,
            household_notes: r.get(16)?,
            privacy_notice: get_opt_date(r, 17)?,
            representatives: Vec::new(),
        },
    })
}

/// A live (not deleted) person, with the representatives.
pub(crate) fn person(conn: &Connection, id: PersonId) -> Result<Person> {
    let mut p = conn
        .query_row_cached(
            &format!("SELECT {PERSON_COLUMNS} FROM person WHERE id = ?1 AND deleted_at IS NULL"),
            [id.to_string()],
            person_from_row,
        )
        .optional()
        .map_err(map_damage)?
        .ok_or(ArchiveError::RecordNotFound)?;
    let mut stmt = conn.prepare_cached(
        "SELECT kind, name, contact, note FROM representative WHERE person_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([id.to_string()], |r| {
        Ok(Representative {
            kind: get_code(r, 0, RepresentativeKind::from_code)?,
            name: r.get(1)?,
            contact: r.get(2)?,
            note: r.get(3)?,
        })
    })?;
    p.data.representatives = collect(rows)?;
    Ok(p)
}

/// Who holds a codice fiscale already (deleted persons included), and whether they are deleted.
pub(crate) fn holder_of(
    conn: &Connection,
    cf: &str,
    except: Option<PersonId>,
) -> Result<Option<(PersonId, bool)>> {
    // A record merged into another is that other record, for its code too.
    conn.query_row_cached(
        "SELECT coalesce(p.merged_into, p.id),
                CASE WHEN p.merged_into IS NULL THEN p.deleted_at ELSE k.deleted_at END IS NOT NULL
         FROM person p LEFT JOIN person k ON k.id = p.merged_into
         WHERE p.codice_fiscale = ?1 AND p.id IS NOT ?2
           AND (?2 IS NULL OR p.merged_into IS NOT ?2)",
        params![cf, except.map(|p| p.to_string())],
        |r| Ok((PersonId(get_id(r, 0)?), r.get(1)?)),
    )
    .optional()
    .map_err(map_damage)
}

/// Refuses a codice fiscale that another record holds, at its field, naming that record.
fn check_cf_free(conn: &Connection, p: &NewPerson, except: Option<PersonId>) -> Result<()> {
    if let Some(cf) = p.codice_fiscale() {
        if let Some((holder, deleted)) = holder_of(conn, cf.as_str(), except)? {
            let mut e = FormErrors::default();
            e.add(
                "codice_fiscale",
                if deleted {
                    Msg::CfTakenDeleted { person: holder }
                } else {
                    Msg::CfTaken { person: holder }
                },
            );
            return Err(ArchiveError::Invalid(e));
        }
    }
    Ok(())
}

/// Whether `p` can be saved (as `id` when editing): the record exists and is not in the bin,
/// and its codice fiscale is no other record's.
pub(crate) fn check_person_writable(
    conn: &Connection,
    p: &NewPerson,
    id: Option<PersonId>,
) -> Result<()> {
    if let Some(id) = id {
        must_exist(conn, Entity::Person, &id.to_string())?;
    }
    check_cf_free(conn, p, id)
}

/// Live persons with the same folded surname and name and a compatible birth (same date, or
/// same year when one of the two knows only the year): possibly the same person.
pub(crate) fn similar_persons(
    conn: &Connection,
    p: &NewPerson,
    except: Option<PersonId>,
) -> Result<Vec<PersonId>> {
    let Identity::Named {
        surname,
        name,
        birth: Some(birth),
        ..
    } = &p.identity
    else {
        return Ok(Vec::new());
    };
    let (key, _) = person_keys(surname, name);
    let mut stmt = conn.prepare_cached(
        "SELECT id, birth_date, birth_year FROM person
         WHERE key_surname_name = ?1 AND deleted_at IS NULL AND id IS NOT ?2",
    )?;
    let rows = stmt.query_map(params![key, except.map(|e| e.to_string())], |r| {
        let year: Option<i32> = r.get(2)?;
        let other = get_opt_date(r, 1)?
            .map(Birth::Date)
            .or(year.map(Birth::Year));
        Ok((PersonId(get_id(r, 0)?), other))
    })?;
    let same = |other: Option<Birth>| match (birth, other) {
        (Birth::Date(a), Some(Birth::Date(b))) => *a == b,
        (a, Some(b)) => a.year() == b.year(),
        (_, None) => false,
    };
    Ok(collect(rows)?
        .into_iter()
        .filter(|(_, b)| same(*b))
        .map(|(id, _)| id)
        .collect())
}

/// The columns of a person as stored: (surname, name, cf, birth date, birth year, age band,
/// search keys).
type IdentityColumns = (
    bool,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i32>,
    Option<&'static str>,
    Option<String>,
    Option<String>,
);

fn identity_columns(p: &NewPerson) -> IdentityColumns {
    match &p.identity {
        Identity::Named {
            surname,
            name,
            codice_fiscale,
            birth,
        } => {
            let (a, b) = person_keys(surname, name);
            (
                false,
                Some(surname.clone()),
                Some(name.clone()),
                codice_fiscale.as_ref().map(|c| c.to_string()),
                match birth {
                    Some(Birth::Date(d)) => Some(date_text(*d)),
                    _ => None,
                },
                match birth {
                    Some(Birth::Year(y)) => Some(*y),
                    _ => None,
                },
                None,
                Some(a),
                Some(b),
            )
        }
        Identity::Anonymous { age_band } => (
            true,
            None,
            None,
            None,
            None,
            None,
            Some(age_band.code()),
            None,
            None,
        ),
    }
}

fn write_representatives(conn: &Connection, id: &str, reps: &[Representative]) -> Result<()> {
    conn.execute_cached("DELETE FROM representative WHERE person_id = ?1", [id])?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO representative (person_id, position, kind, name, contact, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (i, r) in reps.iter().enumerate() {
        stmt.execute(params![
            id,
            i as i64,
            r.kind.code(),
            r.name,
            r.contact,
            r.note
        ])?;
    }
    Ok(())
}

/// The reason a merged record is in the bin (no name: the kept record is `merged_into`).
const MERGED_REASON: &str = "Unita a un'altra scheda della stessa persona";

impl Writer<'_> {
    pub fn insert_person(&mut self, id: Uuid, p: &NewPerson) -> Result<PersonId> {
        check_cf_free(self.conn(), p, None)?;
        let pid = PersonId(id);
        let (anonymous, surname, name, cf, birth_date, birth_year, age_band, key_a, key_b) =
            identity_columns(p);
        let now = self.now.clone();
        let operator = self.operator_text();
        self.tracked(Entity::Person, &id.to_string(), Action::Create, Some(pid), |c| {
            c.prepare_cached(
                "INSERT INTO person (id, anonymous, surname, name, codice_fiscale, birth_date, birth_year, age_band,
                    gender, citizenship, residence, address, phone, email, language, interpreter, household_notes,
                    privacy_notice_on, key_surname_name, key_name_surname, created_at, updated_at, created_by,
                    privacy_notice_version)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?21, ?22,
                    CASE WHEN ?18 IS NULL THEN NULL ELSE ?23 END)",
            )?
            .execute(params![
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
                p.address,
                p.phone,
                p.email,
                p.language,
                p.interpreter,
                p.household_notes,
                p.privacy_notice.map(date_text),
                key_a,
                key_b,
                now,
                operator,
                NOTICE_VERSION
            ])?;
            write_representatives(c, &id.to_string(), &p.representatives)
        })?;
        Ok(pid)
    }

    /// Replaces a live person's data with `p`.
    pub fn update_person(&mut self, id: PersonId, p: &NewPerson) -> Result<()> {
        self.update_person_as(id, p, Action::Update, Some(NOTICE_VERSION))
    }

    /// `notice_version`: the version of the notice a new date stands for (the current one,
    /// or, in a merge, that of the record the date comes from).
    fn update_person_as(
        &mut self,
        id: PersonId,
        p: &NewPerson,
        action: Action,
        notice_version: Option<&str>,
    ) -> Result<()> {
        must_exist(self.conn(), Entity::Person, &id.to_string())?;
        check_cf_free(self.conn(), p, Some(id))?;
        let (anonymous, surname, name, cf, birth_date, birth_year, age_band, key_a, key_b) =
            identity_columns(p);
        let now = self.now.clone();
        self.tracked(Entity::Person, &id.to_string(), action, Some(id), |c| {
            c.execute_cached(
                "UPDATE person SET anonymous = ?2, surname = ?3, name = ?4, codice_fiscale = ?5, birth_date = ?6,
                    birth_year = ?7, age_band = ?8, gender = ?9, citizenship = ?10, residence = ?11, address = ?12,
                    phone = ?13, email = ?14, language = ?15, interpreter = ?16, household_notes = ?17,
                    privacy_notice_on = ?18, key_surname_name = ?19, key_name_surname = ?20, updated_at = ?21,
                    -- The notice's version is the one in use the day she records its date; a
                    -- date kept as it was keeps its version.
                    privacy_notice_version = CASE
                        WHEN ?18 IS NULL THEN NULL
                        WHEN privacy_notice_on IS ?18 THEN privacy_notice_version
                        ELSE ?22 END
                 WHERE id = ?1",
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
                    p.address,
                    p.phone,
                    p.email,
                    p.language,
                    p.interpreter,
                    p.household_notes,
                    p.privacy_notice.map(date_text),
                    key_a,
                    key_b,
                    now,
                    notice_version
                ],
            )?;
            write_representatives(c, &id.to_string(), &p.representatives)
        })
    }

    /// Moves a person to the bin, with the reason; their records stay, hidden with them.
    pub fn delete_person(&mut self, id: PersonId, reason: &str) -> Result<()> {
        must_exist(self.conn(), Entity::Person, &id.to_string())?;
        let now = self.now.clone();
        self.tracked(Entity::Person, &id.to_string(), Action::Delete, Some(id), |c| {
            c.execute_cached(
                "UPDATE person SET deleted_at = ?2, deleted_reason = ?3, updated_at = ?2 WHERE id = ?1",
                params![id.to_string(), now, reason],
            )?;
            Ok(())
        })
    }

    /// Brings a person back from the bin (not one merged into another record: that record
    /// holds their colloqui now).
    pub fn restore_person(&mut self, id: PersonId) -> Result<()> {
        let state: Option<(bool, bool)> = self
            .conn()
            .query_row(
                "SELECT deleted_at IS NOT NULL, merged_into IS NOT NULL FROM person WHERE id = ?1",
                [id.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(map_damage)?;
        match state {
            None => return Err(ArchiveError::RecordNotFound),
            Some((false, _)) => return Ok(()),
            Some((true, true)) => {
                return Err(ArchiveError::Rejected(
                    "Questa scheda è stata unita a un'altra: i suoi colloqui sono lì, non si ripristina.".into(),
                ))
            }
            Some((true, false)) => {}
        }
        let now = self.now.clone();
        self.tracked(Entity::Person, &id.to_string(), Action::Restore, Some(id), |c| {
            c.execute_cached(
                "UPDATE person SET deleted_at = NULL, deleted_reason = NULL, updated_at = ?2 WHERE id = ?1",
                params![id.to_string(), now],
            )?;
            Ok(())
        })
    }

    /// Merges `other` into `keep`: colloqui (with their referrals and time), appointments and
    /// household links move to `keep`, which takes every datum it lacked from `other`; `other`
    /// goes to the bin marked as merged. Every step is a `merge` entry in the history.
    pub fn merge_persons(&mut self, keep: PersonId, other: PersonId) -> Result<()> {
        let invalid = |msg| {
            let mut e = FormErrors::default();
            e.add("other", msg);
            ArchiveError::Invalid(e)
        };
        if keep == other {
            return Err(invalid(Msg::MergeSamePerson));
        }
        let kept = person(self.conn(), keep)?;
        let gone = person(self.conn(), other)?;
        if matches!(kept.data.identity, Identity::Anonymous { .. })
            || matches!(gone.data.identity, Identity::Anonymous { .. })
        {
            return Err(invalid(Msg::MergeAnonymous));
        }
        if super::open_case_of(self.conn(), keep)?.is_some()
            && super::open_case_of(self.conn(), other)?.is_some()
        {
            return Err(invalid(Msg::MergeTwoOpenCases));
        }
        let now = self.now.clone();
        let moves: [(Entity, &str); 6] = [
            (
                Entity::Contact,
                "SELECT id FROM contact WHERE person_id = ?1",
            ),
            (
                Entity::Consent,
                "SELECT id FROM consent WHERE person_id = ?1",
            ),
            (
                Entity::Appointment,
                "SELECT id FROM appointment WHERE person_id = ?1",
            ),
            (
                Entity::HouseholdLink,
                "SELECT id FROM household_link WHERE person_id = ?1 OR member_id = ?1",
            ),
            (
                Entity::Attachment,
                "SELECT id FROM attachment WHERE person_id = ?1",
            ),
            (
                Entity::Case,
                "SELECT id FROM case_file WHERE person_id = ?1",
            ),
        ];
        for (entity, sql) in moves {
            let ids: Vec<String> = {
                let mut stmt = self.conn().prepare(sql)?;
                let rows = stmt.query_map([other.to_string()], |r| r.get(0))?;
                collect(rows)?
            };
            for id in ids {
                let (k, o) = (keep.to_string(), other.to_string());
                let now = now.clone();
                self.tracked(entity, &id, Action::Merge, Some(keep), |c| {
                    match entity {
                        Entity::HouseholdLink => {
                            // A link between the two records themselves, or to someone the kept
                            // record is linked to already, ends with the merge; any other moves.
                            c.execute_cached(
                                "UPDATE household_link SET deleted_at = ?4 WHERE id = ?1 AND deleted_at IS NULL AND (
                                    (person_id = ?2 AND member_id = ?3) OR (person_id = ?3 AND member_id = ?2)
                                    OR EXISTS (SELECT 1 FROM household_link k WHERE k.deleted_at IS NULL AND k.id <> ?1
                                        AND ((k.person_id = ?3 AND k.member_id IN (household_link.person_id, household_link.member_id))
                                          OR (k.member_id = ?3 AND k.person_id IN (household_link.person_id, household_link.member_id)))))",
                                params![id, o, k, now],
                            )?;
                            c.execute_cached(
                                "UPDATE household_link SET person_id = CASE WHEN person_id = ?2 THEN ?3 ELSE person_id END,
                                    member_id = CASE WHEN member_id = ?2 THEN ?3 ELSE member_id END
                                 WHERE id = ?1 AND deleted_at IS NULL",
                                params![id, o, k],
                            )?;
                        }
                        Entity::Contact => {
                            c.execute_cached(
                                "UPDATE contact SET person_id = ?2, updated_at = ?3 WHERE id = ?1",
                                params![id, k, now],
                            )?;
                        }
                        Entity::Consent => {
                            c.execute_cached(
                                "UPDATE consent SET person_id = ?2, updated_at = ?3 WHERE id = ?1",
                                params![id, k, now],
                            )?;
                        }
                        Entity::Attachment => {
                            c.execute_cached(
                                "UPDATE attachment SET person_id = ?2, updated_at = ?3 WHERE id = ?1",
                                params![id, k, now],
                            )?;
                        }
                        Entity::Case => {
                            c.execute_cached(
                                "UPDATE case_file SET person_id = ?2, updated_at = ?3 WHERE id = ?1",
                                params![id, k, now],
                            )?;
                        }
                        _ => {
                            c.execute_cached(
                                "UPDATE appointment SET person_id = ?2, updated_at = ?3 WHERE id = ?1",
                                params![id, k, now],
                            )?;
                        }
                    }
                    Ok(())
                })?;
            }
        }
        let data = merged(&kept.data, &gone.data).map_err(invalid)?;
        // The code moves to the kept record when it had none; a different one stays with the
        // merged record, so it is still refused to a new record (as the kept person's).
        let code_moves =
            kept.data.codice_fiscale().is_none() && gone.data.codice_fiscale().is_some();
        self.tracked(
            Entity::Person,
            &other.to_string(),
            Action::Merge,
            Some(other),
            |c| {
                c.execute_cached(
                    "UPDATE person SET deleted_at = ?2, deleted_reason = ?3, merged_into = ?4,
                    codice_fiscale = CASE WHEN ?5 THEN NULL ELSE codice_fiscale END, updated_at = ?2
                 WHERE id = ?1",
                    params![
                        other.to_string(),
                        now,
                        MERGED_REASON,
                        keep.to_string(),
                        code_moves
                    ],
                )?;
                Ok(())
            },
        )?;
        // A notice date taken from the merged record keeps the version that record had.
        let version: Option<String> = if data.privacy_notice != kept.data.privacy_notice
            && data.privacy_notice == gone.data.privacy_notice
        {
            self.conn()
                .query_row_cached(
                    "SELECT privacy_notice_version FROM person WHERE id = ?1",
                    [other.to_string()],
                    |r| r.get(0),
                )
                .map_err(map_damage)?
        } else {
            Some(NOTICE_VERSION.to_string())
        };
        self.update_person_as(keep, &data, Action::Merge, version.as_deref())
    }

    /// Links `member` to `person`'s household; `relation` is what the member is to the person.
    pub fn add_household_member(
        &mut self,
        id: Uuid,
        person: PersonId,
        member: PersonId,
        relation: Relation,
    ) -> Result<HouseholdLinkId> {
        let invalid = |msg| {
            let mut e = FormErrors::default();
            e.add("member", msg);
            ArchiveError::Invalid(e)
        };
        if person == member {
            return Err(invalid(Msg::MemberIsThePerson));
        }
        must_exist(self.conn(), Entity::Person, &person.to_string())?;
        must_exist(self.conn(), Entity::Person, &member.to_string())?;
        let linked: bool = self.conn().query_row_cached(
            "SELECT EXISTS (SELECT 1 FROM household_link WHERE deleted_at IS NULL AND
                ((person_id = ?1 AND member_id = ?2) OR (person_id = ?2 AND member_id = ?1)))",
            params![person.to_string(), member.to_string()],
            |r| r.get(0),
        )?;
        if linked {
            return Err(invalid(Msg::MemberAlreadyLinked));
        }
        let now = self.now.clone();
        let operator = self.operator_text();
        self.tracked(Entity::HouseholdLink, &id.to_string(), Action::Create, Some(person), |c| {
            c.execute_cached(
                "INSERT INTO household_link (id, person_id, member_id, relation, created_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id.to_string(), person.to_string(), member.to_string(), relation.code(), now, operator],
            )?;
            Ok(())
        })?;
        Ok(HouseholdLinkId(id))
    }

    pub fn remove_household_member(&mut self, link: HouseholdLinkId) -> Result<()> {
        let person: Option<String> = self
            .conn()
            .query_row(
                "SELECT person_id FROM household_link WHERE id = ?1 AND deleted_at IS NULL",
                [link.to_string()],
                |r| r.get(0),
            )
            .optional()
            .map_err(map_damage)?;
        let person: PersonId = person
            .and_then(|p| p.parse().ok())
            .ok_or(ArchiveError::RecordNotFound)?;
        let now = self.now.clone();
        self.tracked(
            Entity::HouseholdLink,
            &link.to_string(),
            Action::Delete,
            Some(person),
            |c| {
                c.execute_cached(
                    "UPDATE household_link SET deleted_at = ?2 WHERE id = ?1",
                    params![link.to_string(), now],
                )?;
                Ok(())
            },
        )
    }
}

const SUMMARY_SELECT: &str = "SELECT p.id, p.anonymous, p.surname, p.name, p.codice_fiscale,
        coalesce(p.birth_year, CAST(substr(p.birth_date, 1, 4) AS INTEGER)),
        (SELECT max(c.date) FROM contact c WHERE c.person_id = p.id AND c.deleted_at IS NULL)
    FROM person p";

fn summary_from_row(r: &Row) -> rusqlite::Result<PersonSummary> {
    let id = PersonId(get_id(r, 0)?);
    Ok(PersonSummary {
        id,
        display_name: listed_name(r, id, 1, 2, 3)?,
        anonymous: r.get(1)?,
        codice_fiscale: r.get(4)?,
        birth_year: r.get(5)?,
        last_contact: get_opt_date(r, 6)?,
    })
}

/// Named, live persons found by a query (see `sportello_core::search`), in alphabetical order
/// of their folded surname and name; every one of them when nothing searchable is typed.
pub(crate) fn find_persons(
    conn: &Connection,
    query: &str,
    limit: u32,
) -> Result<Vec<PersonSummary>> {
    let Some(q) = PersonQuery::parse(query) else {
        let mut stmt = conn.prepare_cached(&format!(
            "{SUMMARY_SELECT} WHERE p.deleted_at IS NULL AND p.anonymous = 0
             ORDER BY p.key_surname_name LIMIT ?1"
        ))?;
        let rows = stmt.query_map([limit], summary_from_row)?;
        return collect(rows);
    };
    let end = PersonQuery::range_end(&q.key);
    let cf_end = PersonQuery::range_end(&q.codice_fiscale);
    // Three index range scans, joined; the summary columns only for the rows shown.
    let mut stmt = conn.prepare_cached(&format!(
        "{SUMMARY_SELECT} WHERE p.id IN (
            SELECT id FROM person WHERE key_surname_name >= ?1 AND key_surname_name < ?2
            UNION SELECT id FROM person WHERE key_name_surname >= ?1 AND key_name_surname < ?2
            UNION SELECT id FROM person WHERE codice_fiscale >= ?3 AND codice_fiscale < ?4)
          AND p.deleted_at IS NULL AND p.anonymous = 0
         ORDER BY p.key_surname_name LIMIT ?5"
    ))?;
    let rows = stmt.query_map(
        params![q.key, end, q.codice_fiscale, cf_end, limit],
        summary_from_row,
    )?;
    collect(rows)
}

pub(crate) fn person_summaries(conn: &Connection, ids: &[PersonId]) -> Result<Vec<PersonSummary>> {
    let mut stmt = conn.prepare_cached(&format!("{SUMMARY_SELECT} WHERE p.id = ?1"))?;
    let mut out = Vec::new();
    for id in ids {
        if let Some(s) = stmt
            .query_row([id.to_string()], summary_from_row)
            .optional()
            .map_err(map_damage)?
        {
            out.push(s);
        }
    }
    Ok(out)
}

/// Persons in the bin, most recently deleted first.
pub(crate) fn deleted_persons(conn: &Connection) -> Result<Vec<DeletedPerson>> {
    let mut stmt = conn.prepare(
        "SELECT id, anonymous, surname, name, deleted_at, coalesce(deleted_reason, ''), merged_into
         FROM person WHERE deleted_at IS NOT NULL ORDER BY deleted_at DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        let id = PersonId(get_id(r, 0)?);
        let merged: Option<String> = r.get(6)?;
        Ok(DeletedPerson {
            id,
            display_name: listed_name(r, id, 1, 2, 3)?,
            deleted_on: get_opt_day(r, 4)?.unwrap_or_default(),
            reason: r.get(5)?,
            merged_into: merged.and_then(|m| m.parse().ok()),
        })
    })?;
    collect(rows)
}

/// The person's household, as seen from their page.
pub(crate) fn household(conn: &Connection, id: PersonId) -> Result<Vec<HouseholdMember>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.id, l.relation, l.person_id = ?1, m.id, m.anonymous, m.surname, m.name
         FROM household_link l
         JOIN person m ON m.id = CASE WHEN l.person_id = ?1 THEN l.member_id ELSE l.person_id END
         WHERE (l.person_id = ?1 OR l.member_id = ?1) AND l.deleted_at IS NULL AND m.deleted_at IS NULL
         ORDER BY m.key_surname_name",
    )?;
    let rows = stmt.query_map([id.to_string()], |r| {
        let relation: Relation = get_code(r, 1, Relation::from_code)?;
        let forward: bool = r.get(2)?;
        let member = PersonId(get_id(r, 3)?);
        Ok(HouseholdMember {
            link: HouseholdLinkId(get_id(r, 0)?),
            member,
            display_name: listed_name(r, member, 4, 5, 6)?,
            relation: if forward {
                relation
            } else {
                relation.inverse()
            },
        })
    })?;
    collect(rows)
}

/// `Cognome Nome` of any person, deleted or not.
pub(crate) fn person_name(conn: &Connection, id: PersonId) -> Result<String> {
    conn.query_row_cached(
        "SELECT anonymous, surname, name FROM person WHERE id = ?1",
        [id.to_string()],
        |r| listed_name(r, id, 0, 1, 2),
    )
    .optional()
    .map_err(map_damage)?
    .ok_or(ArchiveError::RecordNotFound)
}
