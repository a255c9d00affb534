//! Documents in the record: the row (kind, dates, file name, size, SHA-256) in `attachment`,
//! part of the history; the bytes in `attachment_chunk`, 256 KiB a row, never in the history.
//! Deleting a document removes its chunks at once (secure_delete overwrites the pages); the row
//! stays, marked deleted, so the history still says what was there.

use super::{collect, date_text, get_code, get_date, get_id, get_opt_date, Entity, Writer};
use crate::error::{ArchiveError, Result};
use crate::store::{map_damage, CachedStatements};
use rusqlite::{params, Connection, OptionalExtension, Row};
use sha2::{Digest, Sha256};
use sportello_core::history::Action;
use sportello_core::model::{
    expiry_state, AttachedTo, Attachment, ExpiringDocument, MediaType, NewAttachment,
};
use sportello_core::{AttachmentId, ContactId, DocumentKind, PersonId, ReferralId};
use uuid::Uuid;
use zeroize::Zeroizing;

/// The bytes of one `attachment_chunk` row at most: a backup writes one row per line (as hex,
/// twice the size), so its memory stays bounded whatever the file's size.
pub(crate) const CHUNK_BYTES: usize = 256 * 1024;

const COLUMNS: &str = "a.id, a.person_id, a.contact_id, a.referral_id, a.kind, a.date, a.expiry,
    a.note, a.file_name, a.media_type, a.size, a.sha256, coalesce(o.name, '')";

const FROM: &str = "FROM attachment a LEFT JOIN operator o ON o.id = a.created_by";

/// A document of a colloquio or referral in the bin is in the bin with it.
const NOT_BINNED: &str = "(a.contact_id IS NULL OR EXISTS (SELECT 1 FROM contact c
        WHERE c.id = a.contact_id AND c.deleted_at IS NULL))
    AND (a.referral_id IS NULL OR EXISTS (SELECT 1 FROM referral r
        WHERE r.id = a.referral_id AND r.deleted_at IS NULL))";

fn from_row(r: &Row) -> rusqlite::Result<Attachment> {
    let person = PersonId(get_id(r, 1)?);
    let contact: Option<String> = r.get(2)?;
    let referral: Option<String> = r.get(3)?;
    let attached_to = match (referral, contact) {
        (Some(id), _) => AttachedTo::Referral(ReferralId(id.parse().unwrap_or_default())),
        (None, Some(id)) => AttachedTo::Contact(ContactId(id.parse().unwrap_or_default())),
        (None, None) => AttachedTo::Person(person),
    };
    let mime: String = r.get(9)?;
    let media_type = MediaType::from_mime(&mime).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            9,
            rusqlite::types::Type::Text,
            format!("tipo di file sconosciuto: {mime}").into(),
        )
    })?;
    let size: i64 = r.get(10)?;
    Ok(Attachment {
        id: AttachmentId(get_id(r, 0)?),
        person,
        attached_to,
        data: NewAttachment {
            kind: get_code(r, 4, DocumentKind::from_code)?,
            date: get_date(r, 5)?,
            expiry: get_opt_date(r, 6)?,
            note: r.get(7)?,
        },
        file_name: r.get(8)?,
        media_type,
        size: u64::try_from(size).unwrap_or(0),
        sha256: r.get(11)?,
        operator: r.get(12)?,
    })
}

/// A live document.
pub(crate) fn attachment(conn: &Connection, id: AttachmentId) -> Result<Attachment> {
    conn.query_row_cached(
        &format!("SELECT {COLUMNS} {FROM} WHERE a.id = ?1 AND a.deleted_at IS NULL"),
        [id.to_string()],
        from_row,
    )
    .optional()
    .map_err(map_damage)?
    .ok_or(ArchiveError::RecordNotFound)
}

/// A person's live documents (hers and her colloqui's and referrals'), the latest first.
pub(crate) fn attachments_of_person(
    conn: &Connection,
    person: PersonId,
) -> Result<Vec<Attachment>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} {FROM} WHERE a.person_id = ?1 AND a.deleted_at IS NULL AND {NOT_BINNED}
         ORDER BY a.date DESC, a.created_at DESC"
    ))?;
    let rows = stmt.query_map([person.to_string()], from_row)?;
    collect(rows)
}

/// The documents of live persons whose expiry falls in `since..=until`, the soonest first.
pub(crate) fn expiring_documents(
    conn: &Connection,
    today: chrono::NaiveDate,
    since: chrono::NaiveDate,
    until: chrono::NaiveDate,
) -> Result<Vec<ExpiringDocument>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT a.id, a.person_id, p.anonymous, p.surname, p.name, a.kind, a.expiry
         FROM attachment a JOIN person p ON p.id = a.person_id
         WHERE a.deleted_at IS NULL AND p.deleted_at IS NULL AND a.expiry IS NOT NULL
           AND a.expiry BETWEEN ?1 AND ?2 AND {NOT_BINNED}
         ORDER BY a.expiry, a.id"
    ))?;
    let rows = stmt.query_map(params![date_text(since), date_text(until)], |r| {
        let person = PersonId(get_id(r, 1)?);
        let expiry = get_date(r, 6)?;
        Ok(ExpiringDocument {
            id: AttachmentId(get_id(r, 0)?),
            person,
            person_name: super::listed_name(r, person, 2, 3, 4)?,
            kind: get_code(r, 5, DocumentKind::from_code)?,
            expiry,
            state: expiry_state(Some(expiry), today),
        })
    })?;
    collect(rows)
}

/// A document's bytes, put together from its chunks (wiped when dropped).
pub(crate) fn attachment_bytes(conn: &Connection, id: AttachmentId) -> Result<Zeroizing<Vec<u8>>> {
    let mut stmt = conn.prepare_cached(
        "SELECT bytes FROM attachment_chunk WHERE attachment_id = ?1 ORDER BY seq",
    )?;
    let mut rows = stmt.query([id.to_string()])?;
    let mut bytes = Zeroizing::new(Vec::new());
    while let Some(r) = rows.next()? {
        bytes.extend_from_slice(r.get_ref(0)?.as_blob().map_err(rusqlite::Error::from)?);
    }
    Ok(bytes)
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Documents whose bytes no longer match the SHA-256 recorded when they were attached (or
/// whose bytes are gone), for `verify`: one Italian sentence each.
pub(crate) fn attachment_problems(conn: &Connection) -> Result<Vec<String>> {
    let mut stmt = conn
        .prepare("SELECT id, sha256, size FROM attachment WHERE deleted_at IS NULL ORDER BY id")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let list: Vec<(String, String, i64)> = collect(rows)?;
    let mut problems = Vec::new();
    for (id, sha, size) in list {
        let parsed = AttachmentId(id.parse().unwrap_or_default());
        let bytes = attachment_bytes(conn, parsed)?;
        if i64::try_from(bytes.len()).ok() != Some(size) || sha256_hex(&bytes) != sha {
            problems.push(format!(
                "il documento allegato {id} non corrisponde più all'impronta registrata quando fu allegato: è stato alterato o danneggiato"
            ));
        }
    }
    Ok(problems)
}

/// The person a document goes with, and the contact and referral it is attached to.
fn owner_of(
    conn: &Connection,
    to: AttachedTo,
) -> Result<(PersonId, Option<ContactId>, Option<ReferralId>)> {
    let person_of = |sql: &str, id: String| -> Result<PersonId> {
        let found: Option<String> = conn
            .query_row(sql, [id], |r| r.get(0))
            .optional()
            .map_err(map_damage)?;
        found
            .and_then(|p| p.parse().ok())
            .map(PersonId)
            .ok_or(ArchiveError::RecordNotFound)
    };
    Ok(match to {
        AttachedTo::Person(p) => (
            person_of(
                "SELECT id FROM person WHERE id = ?1 AND deleted_at IS NULL",
                p.to_string(),
            )?,
            None,
            None,
        ),
        AttachedTo::Contact(c) => (
            person_of(
                "SELECT person_id FROM contact WHERE id = ?1 AND deleted_at IS NULL",
                c.to_string(),
            )?,
            Some(c),
            None,
        ),
        AttachedTo::Referral(r) => {
            let (person, contact): (Option<String>, Option<String>) = conn
                .query_row(
                    "SELECT c.person_id, c.id FROM referral r JOIN contact c ON c.id = r.contact_id
                     WHERE r.id = ?1 AND r.deleted_at IS NULL AND c.deleted_at IS NULL",
                    [r.to_string()],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional()
                .map_err(map_damage)?
                .unwrap_or((None, None));
            let person = person
                .and_then(|p| p.parse().ok())
                .map(PersonId)
                .ok_or(ArchiveError::RecordNotFound)?;
            let contact = contact.and_then(|c| c.parse().ok()).map(ContactId);
            (person, contact, Some(r))
        }
    })
}

impl Writer<'_> {
    /// Attaches `bytes` (already checked: type and size) to a person, colloquio or referral.
    pub fn insert_attachment(
        &mut self,
        to: AttachedTo,
        file_name: &str,
        media_type: MediaType,
        bytes: &[u8],
        a: &NewAttachment,
    ) -> Result<AttachmentId> {
        let (person, contact, referral) = owner_of(self.conn(), to)?;
        let id = Uuid::now_v7();
        let now = self.now.clone();
        let operator = self.operator_text();
        let sha = sha256_hex(bytes);
        let size = i64::try_from(bytes.len())
            .map_err(|_| ArchiveError::Rejected("File troppo grande.".into()))?;
        self.tracked(
            Entity::Attachment,
            &id.to_string(),
            Action::Create,
            Some(person),
            |c| {
                c.execute(
                    "INSERT INTO attachment (id, person_id, contact_id, referral_id, kind, date, expiry,
                        note, file_name, media_type, size, sha256, created_at, updated_at, created_by)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?14)",
                    params![
                        id.to_string(),
                        person.to_string(),
                        contact.map(|c| c.to_string()),
                        referral.map(|r| r.to_string()),
                        a.kind.code(),
                        date_text(a.date),
                        a.expiry.map(date_text),
                        a.note,
                        file_name,
                        media_type.mime(),
                        size,
                        sha,
                        now,
                        operator
                    ],
                )?;
                let mut insert = c.prepare_cached(
                    "INSERT INTO attachment_chunk (attachment_id, seq, bytes) VALUES (?1, ?2, ?3)",
                )?;
                for (seq, chunk) in bytes.chunks(CHUNK_BYTES).enumerate() {
                    insert.execute(params![id.to_string(), seq as i64, chunk])?;
                }
                Ok(())
            },
        )?;
        Ok(AttachmentId(id))
    }

    /// Changes a document's kind, dates or note (its bytes stay).
    pub fn update_attachment(&mut self, id: AttachmentId, a: &NewAttachment) -> Result<()> {
        let person = attachment(self.conn(), id)?.person;
        let now = self.now.clone();
        self.tracked(
            Entity::Attachment,
            &id.to_string(),
            Action::Update,
            Some(person),
            |c| {
                c.execute(
                    "UPDATE attachment SET kind = ?2, date = ?3, expiry = ?4, note = ?5, updated_at = ?6
                     WHERE id = ?1",
                    params![
                        id.to_string(),
                        a.kind.code(),
                        date_text(a.date),
                        a.expiry.map(date_text),
                        a.note,
                        now
                    ],
                )?;
                Ok(())
            },
        )
    }

    /// Deletes a document: its bytes go at once, its row is marked deleted.
    pub fn delete_attachment(&mut self, id: AttachmentId) -> Result<()> {
        let person = attachment(self.conn(), id)?.person;
        let now = self.now.clone();
        self.tracked(
            Entity::Attachment,
            &id.to_string(),
            Action::Delete,
            Some(person),
            |c| {
                c.execute(
                    "DELETE FROM attachment_chunk WHERE attachment_id = ?1",
                    [id.to_string()],
                )?;
                c.execute(
                    "UPDATE attachment SET deleted_at = ?2, updated_at = ?2 WHERE id = ?1",
                    params![id.to_string(), now],
                )?;
                Ok(())
            },
        )
    }
}
