//! Several operators on one archive (DESIGN.md §3, "Keys"): each opens it with her own
//! passphrase (her key file), and the key material lists who each key file belongs to. The
//! owner adds and revokes the others; revoking rotates the keys, so the revoked passphrase —
//! and any copy of her old key file — opens nothing written afterwards. The role is enforced
//! here: a reader's write is refused by [`crate::Archive::write`].
//!
//! The access log says who opened which person's record, and when: the owner reads it, and
//! it goes into the person's access-request export.

use crate::archive::Archive;
use crate::error::{ArchiveError, Result};
use crate::job::Job;
use crate::keyfiles;
use crate::keys::OperatorIdentity;
use crate::records::{history, Entity};
use crate::rotation::Rotation;
use crate::store::map_damage;
use age::secrecy::{ExposeSecret, SecretString};
use rusqlite::{params, Connection, OptionalExtension};
use sportello_core::history::Action;
use sportello_core::model::{operator_name, same_operator_name, NewOperator, Operator, Role};
use sportello_core::{OperatorId, PersonId};
use std::sync::Arc;
use uuid::Uuid;

/// One line of the access log.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AccessEntry {
    /// RFC 3339, UTC.
    pub at: String,
    pub operator: String,
    pub person: PersonId,
    /// As the persons' list shows it ("Rossi Anna", or the anonymous label).
    pub person_name: String,
}

pub(crate) fn reader_refused() -> ArchiveError {
    ArchiveError::NotPermitted(
        "questo operatore ha l'accesso in sola lettura e non registra nulla".into(),
    )
}

fn owner_only(what: &str) -> ArchiveError {
    ArchiveError::NotPermitted(format!("solo il titolare dell'archivio può {what}"))
}

/// The ids of the revoked operators.
pub(crate) fn revoked_ids(conn: &Connection) -> Result<std::collections::HashSet<String>> {
    let mut stmt = conn.prepare("SELECT id FROM operator WHERE revoked_at IS NOT NULL")?;
    let ids = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()
        .map_err(map_damage)?;
    Ok(ids)
}

/// Who opened the archive: the operator listed for her key file (`None`: the owner, as in key
/// material of before several operators, and with the recovery key), and her role. A revoked
/// operator opens nothing, even should a key file of hers still open the keys.
pub(crate) fn who_opened(conn: &Connection, listed: Option<&str>) -> Result<(OperatorId, Role)> {
    let Some(id) = listed else {
        return Ok((history::require_owner(conn)?, Role::Owner));
    };
    let row: Option<(String, Option<String>)> = conn
        .query_row(
            "SELECT role, revoked_at FROM operator WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .map_err(map_damage)?;
    match row {
        Some((role, None)) => {
            let role = Role::from_code(&role).ok_or_else(|| {
                ArchiveError::DatabaseDamaged(format!("ruolo sconosciuto: {role}"))
            })?;
            let id = id
                .parse()
                .map(OperatorId)
                .map_err(|_| ArchiveError::KeyFileDamaged)?;
            Ok((id, role))
        }
        Some((_, Some(_))) => Err(ArchiveError::NotPermitted(
            "questo operatore è stato revocato: la sua frase segreta non apre più l'archivio"
                .into(),
        )),
        // Listed in the keys but unknown to the database: an addition cut short.
        None => Err(ArchiveError::WrongPassphrase),
    }
}

/// Who opens the archive, among the operators whose key files (`files`) the passphrase opened:
/// the one named `name` (`--operatore`), else the only one. Key files of revoked operators, or
/// of an addition cut short, do not count. Returns her index in `files`, her id and role.
pub(crate) fn choose_operator(
    conn: &Connection,
    keys: &crate::keys::KeyMaterial,
    files: &[String],
    name: Option<&str>,
) -> Result<(usize, (OperatorId, Role))> {
    let mut valid = Vec::new();
    let mut first_error = None;
    for (i, file) in files.iter().enumerate() {
        // Her key file must be listed in the key material it opened.
        let listed = keys
            .operators
            .iter()
            .find(|o| &o.file_id == file)
            .ok_or(ArchiveError::KeyFileDamaged)?;
        match who_opened(conn, listed.operator_id.as_deref()) {
            Ok(who) => valid.push((i, who)),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    let name_of = |id: OperatorId| -> Result<String> {
        conn.query_row(
            "SELECT name FROM operator WHERE id = ?1",
            [id.to_string()],
            |r| r.get(0),
        )
        .map_err(map_damage)
    };
    match name {
        Some(name) => {
            for (i, who) in &valid {
                if same_operator_name(&name_of(who.0)?, name) {
                    return Ok((*i, *who));
                }
            }
            Err(ArchiveError::NotHerPassphrase(name.to_string()))
        }
        None => match valid.as_slice() {
            [only] => Ok(*only),
            [] => Err(first_error.unwrap_or(ArchiveError::WrongPassphrase)),
            _ => Err(ArchiveError::PassphraseShared),
        },
    }
}

fn operator_from_row(r: &rusqlite::Row) -> rusqlite::Result<Operator> {
    let id: String = r.get(0)?;
    let role: String = r.get(2)?;
    Ok(Operator {
        id: OperatorId(id.parse().unwrap_or_default()),
        name: r.get(1)?,
        role: Role::from_code(&role).unwrap_or(Role::Reader),
        created_at: r.get(3)?,
        revoked_at: r.get(4)?,
        revocation_pending: false,
    })
}

impl Archive {
    /// Refused unless the owner opened the archive: `what` says what, in Italian.
    pub(crate) fn require_owner_for(&self, what: &str) -> Result<()> {
        if self.role == Role::Owner {
            Ok(())
        } else {
            Err(owner_only(what))
        }
    }

    /// Who opened the archive, and her role.
    pub fn current_operator(&self) -> Result<Operator> {
        self.conn
            .query_row(
                "SELECT id, name, role, created_at, revoked_at FROM operator WHERE id = ?1",
                [self.operator.to_string()],
                operator_from_row,
            )
            .map_err(map_damage)
    }

    /// Refused when another operator (`except` aside) already has this name, revoked ones
    /// included: a name says who did what, in the history and after `--operatore`.
    fn require_name_free(&self, name: &str, except: Option<OperatorId>) -> Result<()> {
        // The name the archive gives its owner before she gives hers is nobody else's.
        if same_operator_name(name, crate::records::history::OWNER_NAME) {
            return Err(ArchiveError::Rejected(format!(
                "«{name}» è il nome che l'archivio dà al titolare: indicare nome e cognome."
            )));
        }
        let taken = self
            .operators()?
            .into_iter()
            .any(|o| Some(o.id) != except && same_operator_name(&o.name, name));
        if taken {
            return Err(ArchiveError::Rejected(format!(
                "Un altro operatore si chiama già «{name}»: aggiungere, per esempio, l'iniziale del secondo nome."
            )));
        }
        Ok(())
    }

    /// Renames an operator: the owner anyone (herself included, whom the archive first calls
    /// "Titolare dell'archivio"), an operator only herself. What was recorded keeps pointing
    /// to her, so it shows the new name.
    pub fn rename_operator(&mut self, id: OperatorId, name: &str) -> Result<()> {
        if self.role != Role::Owner && id != self.operator {
            return Err(owner_only("cambiare il nome di un altro operatore"));
        }
        let name = operator_name(name)
            .map_err(|m| ArchiveError::Invalid(sportello_core::FormErrors::single("name", m)))?;
        if !self.operators()?.iter().any(|o| o.id == id) {
            return Err(ArchiveError::RecordNotFound);
        }
        self.require_name_free(&name, Some(id))?;
        self.write(|w| {
            w.tracked(
                Entity::Operator,
                &id.to_string(),
                Action::Update,
                None,
                |c| {
                    c.execute(
                        "UPDATE operator SET name = ?2 WHERE id = ?1",
                        params![id.to_string(), name],
                    )?;
                    Ok(())
                },
            )
        })
    }

    /// What she may do.
    pub fn role(&self) -> Role {
        self.role
    }

    /// The operators, the owner first, then by when they were added (revoked ones included).
    pub fn operators(&self) -> Result<Vec<Operator>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, name, role, created_at, revoked_at FROM operator
             ORDER BY role <> 'owner', created_at, id",
        )?;
        let mut rows = stmt
            .query_map([], operator_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(map_damage)?;
        if let Some(keys) = self.keys.as_ref() {
            for o in rows.iter_mut().filter(|o| o.revoked_at.is_some()) {
                let id = o.id.to_string();
                o.revocation_pending = keys
                    .operators
                    .iter()
                    .any(|e| e.operator_id.as_deref() == Some(id.as_str()));
            }
        }
        Ok(rows)
    }

    /// Adds an operator with her own passphrase (the owner only). Her name goes into the
    /// database, her key file into `operatori/`, and the key material is sealed to her too;
    /// the others' files are not touched. A passphrase that already opens another operator's
    /// file is refused: at the unlock a passphrase must say whose it is.
    pub fn add_operator(
        &mut self,
        new: &NewOperator,
        passphrase: &SecretString,
    ) -> Result<OperatorId> {
        self.require_owner_for("aggiungere operatori")?;
        if new.role == Role::Owner {
            return Err(ArchiveError::Rejected(
                "Il titolare è uno solo, chi ha creato l'archivio.".into(),
            ));
        }
        if let Some(problem) =
            sportello_core::passphrase::assess(passphrase.expose_secret()).problem
        {
            return Err(ArchiveError::Invalid(sportello_core::FormErrors::single(
                "passphrase",
                problem,
            )));
        }
        if keyfiles::passphrase_opens_a_file(&self.paths, self.keys()?, passphrase, None)? {
            return Err(crate::unlock::passphrase_taken());
        }
        self.require_name_free(&new.name, None)?;
        let id = OperatorId(Uuid::now_v7());
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        // The row first: should what follows fail, a name without a key file opens nothing.
        self.write(|w| {
            w.tracked(
                Entity::Operator,
                &id.to_string(),
                Action::Create,
                None,
                |c| {
                    c.execute(
                        "INSERT INTO operator (id, name, role, created_at) VALUES (?1, ?2, ?3, ?4)",
                        params![id.to_string(), new.name, new.role.code(), now],
                    )?;
                    Ok(())
                },
            )
        })?;
        let identity = OperatorIdentity::generate();
        keyfiles::write_operator_file(&self.paths, &identity, passphrase)?;
        let keys = self.keys.as_mut().ok_or(ArchiveError::KeyFileMissing)?;
        keys.operators.push(identity.entry_as(Some(id.to_string())));
        keyfiles::write_key_files(&self.paths, self.keys()?)?;
        Ok(id)
    }

    /// Revokes an operator (the owner only, never herself): marked revoked, then the keys
    /// rotated without her — a new database key and backup identity, her key file removed —
    /// so her passphrase, and any copy of her old key file, opens neither the archive nor any
    /// backup written from now on.
    pub fn revoke_operator(&mut self, id: OperatorId, job: &Arc<Job>) -> Result<()> {
        let target = self.check_revocable(id)?;
        if target.revoked_at.is_none() {
            let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
            self.write(|w| {
                w.tracked(
                    Entity::Operator,
                    &id.to_string(),
                    Action::Update,
                    None,
                    |c| {
                        c.execute(
                            "UPDATE operator SET revoked_at = ?2 WHERE id = ?1",
                            params![id.to_string(), now],
                        )?;
                        Ok(())
                    },
                )
            })?;
        }
        let keys = self.keys()?;
        let recovery = keys
            .recovery_recipient
            .clone()
            .ok_or(ArchiveError::RecoveryFileMissing)?;
        let id_text = id.to_string();
        let her_files: Vec<String> = keys
            .operators
            .iter()
            .filter(|o| o.operator_id.as_deref() == Some(id_text.as_str()))
            .map(|o| o.file_id.clone())
            .collect();
        let mut new_keys = keys.rotated(recovery);
        new_keys
            .operators
            .retain(|o| o.operator_id.as_deref() != Some(id_text.as_str()));
        match self.rotate_to(new_keys, job) {
            Ok(()) => {
                for file in her_files {
                    keyfiles::remove_operator_file(&self.paths, &file)?;
                }
                Ok(())
            }
            // Not decided: the keys are as before, but she is marked revoked, which the
            // unlock refuses; revoking again finishes the rotation.
            Err(Rotation { error, .. }) => Err(error),
        }
    }

    /// What would refuse revoking `id` (not the owner; herself; no such operator; the owner;
    /// no recovery recipient to rotate to), answered before any key changes. Her row.
    pub fn check_revocable(&self, id: OperatorId) -> Result<Operator> {
        self.require_owner_for("revocare operatori")?;
        if id == self.operator {
            return Err(ArchiveError::Rejected(
                "Il titolare non può revocare sé stesso.".into(),
            ));
        }
        let target = self
            .operators()?
            .into_iter()
            .find(|o| o.id == id)
            .ok_or(ArchiveError::RecordNotFound)?;
        if target.role == Role::Owner {
            return Err(ArchiveError::Rejected("Il titolare non si revoca.".into()));
        }
        if target.revoked_at.is_some() && !target.revocation_pending {
            return Err(ArchiveError::Rejected(format!(
                "{} è già stato revocato.",
                target.name
            )));
        }
        if self.keys()?.recovery_recipient.is_none() {
            return Err(ArchiveError::RecoveryFileMissing);
        }
        Ok(target)
    }

    /// Notes that she opened `person`'s record (any role: readers are logged too).
    pub(crate) fn log_access(&self, person: PersonId) -> Result<()> {
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        self.conn
            .prepare_cached(
                "INSERT INTO access_log (at, operator_id, person_id) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![now, self.operator.to_string(), person.to_string()])
            .map_err(map_damage)?;
        Ok(())
    }

    /// Who opened which person's record and when, newest first (the owner only); one person's
    /// with `person`.
    pub fn access_log(&self, person: Option<PersonId>, limit: u32) -> Result<Vec<AccessEntry>> {
        self.require_owner_for("leggere il registro degli accessi")?;
        access_entries(&self.conn, person, limit)
    }
}

/// The access log, newest first (for the owner's page and the access-request export).
pub(crate) fn access_entries(
    conn: &Connection,
    person: Option<PersonId>,
    limit: u32,
) -> Result<Vec<AccessEntry>> {
    // One statement for one person (on access_log_by_person) and one for all: a single plan for
    // "anyone or this person" would walk the whole log back for a person (QPSG, `store::open`).
    // (?1 is bound but unused when no person is given.)
    let one_person = if person.is_some() {
        "WHERE a.person_id = ?1"
    } else {
        ""
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT a.at, coalesce(o.name, ''), a.person_id, coalesce(p.anonymous, 1),
                coalesce(p.surname, ''), coalesce(p.name, '')
         FROM access_log a
         LEFT JOIN operator o ON o.id = a.operator_id
         LEFT JOIN person p ON p.id = a.person_id
         {one_person}
         ORDER BY a.seq DESC LIMIT ?2"
    ))?;
    let rows = stmt
        .query_map(
            params![person.map(|p| p.to_string()), i64::from(limit)],
            |r| {
                let person: String = r.get(2)?;
                let person = PersonId(person.parse().unwrap_or_default());
                Ok(AccessEntry {
                    at: r.get(0)?,
                    operator: r.get(1)?,
                    person,
                    person_name: crate::records::listed_name(r, person, 3, 4, 5)?,
                })
            },
        )?
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(map_damage)?;
    Ok(rows)
}
