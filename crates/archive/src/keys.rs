//! The archive's secrets and the age files that hold them (DESIGN.md §3, "Keys").
//!
//! - `operatori/<id>.age`: one per operator, her own X25519 identity encrypted to her
//!   passphrase (scrypt with an explicit work factor). Changing a passphrase rewrites only it.
//! - `chiave.age`: the key material, encrypted to every operator's recipient.
//! - `chiave-recupero.age`: the same key material, encrypted to the recovery recipient whose
//!   identity exists only on the printed recovery kit.
//!
//! The key material is the random 256-bit database key, the current backup identity, the
//! backup identities of before each rotation (so old backups stay readable), the operators'
//! recipients and the recovery recipient — the last two inside the encrypted file, so nobody
//! with write access to the folder can add a recipient to the next backups. Every rotation
//! makes a new database key and a new backup identity: a copy of an old key file opens
//! nothing written after it.
//!
//! Format 1 (before operator files) kept the key material in `chiave.age` under the
//! passphrase directly; such an archive is moved to this layout at its first unlock.

use crate::error::{ArchiveError, Result};
use age::secrecy::{ExposeSecret, SecretString};
use rand::RngCore;
use std::io::{Read, Write};
use std::iter;
use std::str::FromStr;
use zeroize::{Zeroize, Zeroizing};

/// scrypt work factor of the passphrase file: 2^18 iterations, about 0.7 s and 256 MiB.
/// Fixed rather than calibrated, so the archive opens on an old laptop too.
pub const SCRYPT_LOG_N: u8 = 18;
/// The highest work factor accepted when decrypting (a tampered file cannot demand more).
const SCRYPT_MAX_LOG_N: u8 = 20;

const HEADER_V1: &str = "sportello-keys v1";
const HEADER: &str = "sportello-keys v2";
const OPERATOR_HEADER: &str = "sportello-operator v1";

/// An operator listed in the key material: the name of her key file, her public recipient,
/// and who she is in the archive (`None`: the owner, as in key material written before
/// several operators). Who she is stays inside the encrypted file: nobody reading the folder
/// learns the names or how many work here beyond the count of key files.
#[derive(Clone, PartialEq, Eq)]
pub struct OperatorEntry {
    pub file_id: String,
    pub recipient: age::x25519::Recipient,
    pub operator_id: Option<String>,
}

/// The archive's secrets, wiped from memory when dropped.
pub struct KeyMaterial {
    db_key: Zeroizing<[u8; 32]>,
    backup_identity: age::x25519::Identity,
    old_backup_identities: Vec<age::x25519::Identity>,
    pub(crate) operators: Vec<OperatorEntry>,
    pub(crate) recovery_recipient: Option<age::x25519::Recipient>,
}

fn random_db_key() -> Zeroizing<[u8; 32]> {
    let mut db_key = Zeroizing::new([0u8; 32]);
    rand::rngs::OsRng.fill_bytes(db_key.as_mut());
    db_key
}

impl KeyMaterial {
    /// New secrets, with no operator and no recovery recipient yet.
    pub fn generate() -> KeyMaterial {
        KeyMaterial {
            db_key: random_db_key(),
            backup_identity: age::x25519::Identity::generate(),
            old_backup_identities: Vec::new(),
            operators: Vec::new(),
            recovery_recipient: None,
        }
    }

    /// The secrets after a rotation: a new database key and backup identity, the current one
    /// kept among the old (backups already written stay readable), the same operators, and
    /// `recovery` as the recovery recipient.
    pub(crate) fn rotated(&self, recovery: age::x25519::Recipient) -> KeyMaterial {
        let mut old = self.old_backup_identities.clone();
        old.push(self.backup_identity.clone());
        KeyMaterial {
            db_key: random_db_key(),
            backup_identity: age::x25519::Identity::generate(),
            old_backup_identities: old,
            operators: self.operators.clone(),
            recovery_recipient: Some(recovery),
        }
    }

    /// The SQL that keys a SQLCipher connection with the raw key (no second KDF), written
    /// into one buffer sized once (a growing buffer would leave copies of the key behind in
    /// freed memory) and wiped when dropped.
    pub(crate) fn sqlcipher_key_pragma(&self) -> Zeroizing<String> {
        self.in_one_buffer("PRAGMA key = \"", "\";")
    }

    /// The raw key as SQLCipher reads it (`x'…'`), to bind as the `KEY` of an `ATTACH` (a
    /// rotation's copy); wiped when dropped.
    pub(crate) fn sqlcipher_key_text(&self) -> Zeroizing<String> {
        self.in_one_buffer("", "")
    }

    fn in_one_buffer(&self, before: &str, after: &str) -> Zeroizing<String> {
        let mut hex = Zeroizing::new([0u8; 64]);
        // 32 bytes are always 64 hex digits: this cannot fail.
        let _ = hex::encode_to_slice(&self.db_key[..], hex.as_mut());
        let mut text = Zeroizing::new(String::with_capacity(before.len() + 67 + after.len()));
        text.push_str(before);
        text.push_str("x'");
        text.push_str(std::str::from_utf8(hex.as_ref()).unwrap_or_default());
        text.push('\'');
        text.push_str(after);
        text
    }

    /// The identity backups are encrypted to (with the recovery recipient).
    pub(crate) fn backup_identity(&self) -> &age::x25519::Identity {
        &self.backup_identity
    }

    /// Every identity that may open one of this archive's backups, the current one first.
    pub(crate) fn backup_identities(&self) -> Vec<&dyn age::Identity> {
        iter::once(&self.backup_identity)
            .chain(self.old_backup_identities.iter().rev())
            .map(|i| i as &dyn age::Identity)
            .collect()
    }

    /// The recipients of every backup identity this archive has had (to find its backups).
    pub(crate) fn all_backup_recipients(&self) -> Vec<age::x25519::Recipient> {
        iter::once(&self.backup_identity)
            .chain(&self.old_backup_identities)
            .map(|i| i.to_public())
            .collect()
    }

    pub fn backup_recipient(&self) -> age::x25519::Recipient {
        self.backup_identity.to_public()
    }

    fn to_text(&self) -> Zeroizing<String> {
        use std::fmt::Write as _;
        // Written straight into one buffer big enough never to move (a moved buffer would leave
        // a copy of the keys behind), wiped when dropped.
        let lines = 3 + self.old_backup_identities.len() + self.operators.len();
        let mut text = Zeroizing::new(String::with_capacity(128 * lines));
        let hex = Zeroizing::new(hex::encode(&self.db_key[..]));
        let _ = writeln!(text, "{HEADER}");
        let _ = writeln!(text, "db-key {}", hex.as_str());
        let _ = writeln!(
            text,
            "backup-identity {}",
            self.backup_identity.to_string().expose_secret()
        );
        for old in &self.old_backup_identities {
            let _ = writeln!(
                text,
                "old-backup-identity {}",
                old.to_string().expose_secret()
            );
        }
        for op in &self.operators {
            match &op.operator_id {
                Some(id) => writeln!(text, "operator {} {} {id}", op.file_id, op.recipient),
                None => writeln!(text, "operator {} {}", op.file_id, op.recipient),
            }
            .ok();
        }
        if let Some(r) = &self.recovery_recipient {
            let _ = writeln!(text, "recovery-recipient {r}");
        }
        text
    }

    fn from_text(text: &str) -> Option<KeyMaterial> {
        let mut lines = text.lines();
        let header = lines.next()?;
        if header != HEADER && header != HEADER_V1 {
            return None;
        }
        let mut db_key = None;
        let mut backup_identity = None;
        let mut old_backup_identities = Vec::new();
        let mut operators = Vec::new();
        let mut recovery_recipient = None;
        for line in lines {
            let (field, value) = line.split_once(' ')?;
            match field {
                "db-key" => {
                    let mut key = Zeroizing::new([0u8; 32]);
                    hex::decode_to_slice(value, key.as_mut()).ok()?;
                    db_key = Some(key);
                }
                "backup-identity" => {
                    backup_identity = Some(age::x25519::Identity::from_str(value).ok()?)
                }
                "old-backup-identity" => {
                    old_backup_identities.push(age::x25519::Identity::from_str(value).ok()?)
                }
                "operator" => {
                    let mut parts = value.split(' ');
                    let (file_id, recipient) = (parts.next()?, parts.next()?);
                    let operator_id = parts.next();
                    if !valid_file_id(file_id)
                        || parts.next().is_some()
                        || operator_id.is_some_and(|id| uuid::Uuid::parse_str(id).is_err())
                    {
                        return None;
                    }
                    operators.push(OperatorEntry {
                        file_id: file_id.to_owned(),
                        recipient: recipient.parse().ok()?,
                        operator_id: operator_id.map(str::to_owned),
                    });
                }
                "recovery-recipient" => recovery_recipient = Some(value.parse().ok()?),
                _ => return None,
            }
        }
        Some(KeyMaterial {
            db_key: db_key?,
            backup_identity: backup_identity?,
            old_backup_identities,
            operators,
            recovery_recipient,
        })
    }

    /// Format 1: the secrets encrypted to the passphrase directly. Kept so archives made
    /// before operator key files can be opened (and are moved to them) — and tested.
    pub fn seal_with_passphrase(&self, passphrase: &SecretString) -> Result<Vec<u8>> {
        seal(&scrypt_recipient(passphrase), self.to_text().as_bytes())
    }

    /// `chiave.age`: to every operator's recipient.
    pub(crate) fn seal_for_operators(&self) -> Result<Vec<u8>> {
        let recipients: Vec<&dyn age::Recipient> = self
            .operators
            .iter()
            .map(|o| &o.recipient as &dyn age::Recipient)
            .collect();
        if recipients.is_empty() {
            return Err(ArchiveError::Crypto("nessun operatore nella chiave".into()));
        }
        seal_to(recipients, self.to_text().as_bytes())
    }

    /// `chiave-recupero.age`: to the recovery recipient.
    pub(crate) fn seal_for_recovery(&self) -> Result<Vec<u8>> {
        let recipient = self
            .recovery_recipient
            .as_ref()
            .ok_or_else(|| ArchiveError::Crypto("nessuna chiave di recupero".into()))?;
        seal(recipient, self.to_text().as_bytes())
    }

    /// Opens a format-1 `chiave.age` with the passphrase.
    pub(crate) fn open_with_passphrase(
        sealed: &[u8],
        passphrase: &SecretString,
    ) -> Result<KeyMaterial, OpenError> {
        let plain = open(sealed, &scrypt_identity(passphrase))?;
        Self::parse(&plain)
    }

    /// Opens `chiave.age` or `chiave-recupero.age` with an X25519 identity.
    pub(crate) fn open_with_identity(
        sealed: &[u8],
        identity: &age::x25519::Identity,
    ) -> Result<KeyMaterial, OpenError> {
        let plain = open(sealed, identity)?;
        Self::parse(&plain)
    }

    fn parse(plain: &[u8]) -> Result<KeyMaterial, OpenError> {
        let text = std::str::from_utf8(plain).map_err(|_| OpenError::Damaged)?;
        Self::from_text(text).ok_or(OpenError::Damaged)
    }
}

/// An operator's own identity, opened from her key file with her passphrase.
pub struct OperatorIdentity {
    pub(crate) file_id: String,
    identity: age::x25519::Identity,
}

impl OperatorIdentity {
    pub(crate) fn generate() -> OperatorIdentity {
        let mut id = [0u8; 8];
        rand::rngs::OsRng.fill_bytes(&mut id);
        OperatorIdentity {
            file_id: hex::encode(id),
            identity: age::x25519::Identity::generate(),
        }
    }

    /// Her entry in the key material, as the owner (`None`) or as operator `operator_id`.
    pub(crate) fn entry(&self) -> OperatorEntry {
        self.entry_as(None)
    }

    pub(crate) fn entry_as(&self, operator_id: Option<String>) -> OperatorEntry {
        OperatorEntry {
            file_id: self.file_id.clone(),
            recipient: self.identity.to_public(),
            operator_id,
        }
    }

    pub(crate) fn identity(&self) -> &age::x25519::Identity {
        &self.identity
    }

    /// Her key file: the identity encrypted to her passphrase.
    pub(crate) fn seal(&self, passphrase: &SecretString) -> Result<Vec<u8>> {
        use std::fmt::Write as _;
        let mut text = Zeroizing::new(String::with_capacity(128));
        let _ = write!(
            text,
            "{OPERATOR_HEADER}\nidentity {}\n",
            self.identity.to_string().expose_secret()
        );
        seal(&scrypt_recipient(passphrase), text.as_bytes())
    }

    pub(crate) fn open(
        file_id: &str,
        sealed: &[u8],
        passphrase: &SecretString,
    ) -> Result<OperatorIdentity, OpenError> {
        let plain = open(sealed, &scrypt_identity(passphrase))?;
        let text = std::str::from_utf8(&plain).map_err(|_| OpenError::Damaged)?;
        let mut lines = text.lines();
        if lines.next() != Some(OPERATOR_HEADER) {
            return Err(OpenError::Damaged);
        }
        let identity = lines
            .next()
            .and_then(|l| l.strip_prefix("identity "))
            .and_then(|v| age::x25519::Identity::from_str(v).ok())
            .ok_or(OpenError::Damaged)?;
        Ok(OperatorIdentity {
            file_id: file_id.to_owned(),
            identity,
        })
    }
}

/// An operator key file's name is 16 hex digits: nothing personal, nothing to escape.
pub(crate) fn valid_file_id(id: &str) -> bool {
    id.len() == 16 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

fn scrypt_recipient(passphrase: &SecretString) -> age::scrypt::Recipient {
    let mut recipient = age::scrypt::Recipient::new(passphrase.clone());
    recipient.set_work_factor(SCRYPT_LOG_N);
    recipient
}

fn scrypt_identity(passphrase: &SecretString) -> age::scrypt::Identity {
    let mut identity = age::scrypt::Identity::new(passphrase.clone());
    identity.set_max_work_factor(SCRYPT_MAX_LOG_N);
    identity
}

fn seal(recipient: &dyn age::Recipient, plain: &[u8]) -> Result<Vec<u8>> {
    seal_to(vec![recipient], plain)
}

fn seal_to(recipients: Vec<&dyn age::Recipient>, plain: &[u8]) -> Result<Vec<u8>> {
    let encryptor = age::Encryptor::with_recipients(recipients.into_iter())
        .map_err(|e| ArchiveError::Crypto(e.to_string()))?;
    let mut out = Vec::new();
    let mut writer = encryptor.wrap_output(&mut out)?;
    writer.write_all(plain)?;
    writer.finish()?;
    Ok(out)
}

fn open(sealed: &[u8], identity: &dyn age::Identity) -> Result<Zeroizing<Vec<u8>>, OpenError> {
    let decryptor = age::Decryptor::new_buffered(sealed).map_err(|_| OpenError::Damaged)?;
    let mut reader = decryptor
        .decrypt(iter::once(identity))
        .map_err(|e| match e {
            age::DecryptError::DecryptionFailed | age::DecryptError::NoMatchingKeys => {
                OpenError::WrongSecret
            }
            _ => OpenError::Damaged,
        })?;
    // Sized at once (the plaintext is shorter than the file): growing would leave copies.
    let mut plain = Zeroizing::new(Vec::with_capacity(sealed.len()));
    reader
        .read_to_end(&mut plain)
        .map_err(|_| OpenError::Damaged)?;
    Ok(plain)
}

/// Why a key file did not open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenError {
    /// The passphrase or identity does not open the file (or the wrapped key was altered).
    WrongSecret,
    /// The file is not a whole, well-formed age file of ours.
    Damaged,
}

/// A freshly generated recovery identity: shown once, never stored.
pub struct RecoveryKey(age::x25519::Identity);

impl RecoveryKey {
    pub fn generate() -> RecoveryKey {
        RecoveryKey(age::x25519::Identity::generate())
    }

    /// Parses what the operator typed from the recovery kit (spaces and line breaks ignored).
    pub fn parse(input: &str) -> Result<RecoveryKey> {
        let mut cleaned: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        let upper = Zeroizing::new(cleaned.to_ascii_uppercase());
        cleaned.zeroize();
        age::x25519::Identity::from_str(upper.as_str())
            .map(RecoveryKey)
            .map_err(|_| ArchiveError::InvalidRecoveryKey)
    }

    /// `AGE-SECRET-KEY-1…`, to show the operator exactly once.
    pub fn secret_text(&self) -> SecretString {
        self.0.to_string()
    }

    pub fn recipient(&self) -> age::x25519::Recipient {
        self.0.to_public()
    }

    /// The identity itself, to open a backup with the kit.
    pub fn identity(&self) -> &age::x25519::Identity {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_statement_is_written_once_into_a_buffer_that_never_grew() {
        let keys = KeyMaterial::generate();
        let hex = hex::encode(&keys.db_key[..]);
        let pragma = keys.sqlcipher_key_pragma();
        assert_eq!(pragma.as_str(), format!("PRAGMA key = \"x'{hex}'\";"));
        // Sized exactly at the start: a buffer that had grown would have left a copy behind.
        assert_eq!(pragma.capacity(), pragma.len());
        let text = keys.sqlcipher_key_text();
        assert_eq!(text.as_str(), format!("x'{hex}'"));
        assert_eq!(text.capacity(), text.len());
    }
}
