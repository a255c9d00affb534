//! The archive's secrets and the age files that hold them.
//!
//! The secrets are a random 256-bit database key and the archive's backup identity (age X25519).
//! They are written twice: to `chiave.age`, encrypted to the operator's passphrase (scrypt with
//! an explicit work factor), and to `chiave-recupero.age`, encrypted to the recovery recipient
//! whose identity exists only on the printed recovery kit.

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

const HEADER: &str = "sportello-keys v1";

/// The archive's secrets, wiped from memory when dropped.
pub struct KeyMaterial {
    db_key: Zeroizing<[u8; 32]>,
    backup_identity: age::x25519::Identity,
}

impl KeyMaterial {
    pub fn generate() -> KeyMaterial {
        let mut db_key = Zeroizing::new([0u8; 32]);
        rand::rngs::OsRng.fill_bytes(db_key.as_mut());
        KeyMaterial {
            db_key,
            backup_identity: age::x25519::Identity::generate(),
        }
    }

    /// The SQL that keys a SQLCipher connection with the raw key (no second KDF).
    pub(crate) fn sqlcipher_key_pragma(&self) -> Zeroizing<String> {
        let hex = Zeroizing::new(hex::encode(&self.db_key[..]));
        Zeroizing::new(format!("PRAGMA key = \"x'{}'\";", hex.as_str()))
    }

    /// The identity backups are encrypted to (with the recovery recipient).
    pub(crate) fn backup_identity(&self) -> &age::x25519::Identity {
        &self.backup_identity
    }

    pub fn backup_recipient(&self) -> age::x25519::Recipient {
        self.backup_identity.to_public()
    }

    fn to_text(&self) -> Zeroizing<String> {
        let hex = Zeroizing::new(hex::encode(&self.db_key[..]));
        let identity = self.backup_identity.to_string();
        Zeroizing::new(format!(
            "{HEADER}\ndb-key {}\nbackup-identity {}\n",
            hex.as_str(),
            identity.expose_secret()
        ))
    }

    fn from_text(text: &str) -> Option<KeyMaterial> {
        let mut lines = text.lines();
        if lines.next()? != HEADER {
            return None;
        }
        let hex_key = lines.next()?.strip_prefix("db-key ")?;
        let identity = lines.next()?.strip_prefix("backup-identity ")?;
        let mut db_key = Zeroizing::new([0u8; 32]);
        hex::decode_to_slice(hex_key, db_key.as_mut()).ok()?;
        let backup_identity = age::x25519::Identity::from_str(identity).ok()?;
        Some(KeyMaterial {
            db_key,
            backup_identity,
        })
    }

    /// Encrypts the secrets to the passphrase.
    pub fn seal_with_passphrase(&self, passphrase: &SecretString) -> Result<Vec<u8>> {
        let mut recipient = age::scrypt::Recipient::new(passphrase.clone());
        recipient.set_work_factor(SCRYPT_LOG_N);
        self.seal(&recipient)
    }

    /// Encrypts the secrets to the recovery recipient.
    pub fn seal_for_recovery(&self, recipient: &age::x25519::Recipient) -> Result<Vec<u8>> {
        self.seal(recipient)
    }

    fn seal(&self, recipient: &dyn age::Recipient) -> Result<Vec<u8>> {
        let encryptor = age::Encryptor::with_recipients(iter::once(recipient))
            .map_err(|e| ArchiveError::Crypto(e.to_string()))?;
        let mut out = Vec::new();
        let mut writer = encryptor.wrap_output(&mut out)?;
        writer.write_all(self.to_text().as_bytes())?;
        writer.finish()?;
        Ok(out)
    }

    /// Opens the passphrase file. A wrong passphrase and a damaged file are told apart by the
    /// caller (see `Archive::unlock`), which knows the file's recorded checksum.
    pub fn open_with_passphrase(
        sealed: &[u8],
        passphrase: &SecretString,
    ) -> Result<KeyMaterial, OpenError> {
        let mut identity = age::scrypt::Identity::new(passphrase.clone());
        identity.set_max_work_factor(SCRYPT_MAX_LOG_N);
        Self::open(sealed, &identity)
    }

    /// Opens the recovery file with the recovery identity.
    pub fn open_with_identity(
        sealed: &[u8],
        identity: &age::x25519::Identity,
    ) -> Result<KeyMaterial, OpenError> {
        Self::open(sealed, identity)
    }

    fn open(sealed: &[u8], identity: &dyn age::Identity) -> Result<KeyMaterial, OpenError> {
        let decryptor = age::Decryptor::new_buffered(sealed).map_err(|_| OpenError::Damaged)?;
        let mut reader = decryptor
            .decrypt(iter::once(identity))
            .map_err(|e| match e {
                age::DecryptError::DecryptionFailed | age::DecryptError::NoMatchingKeys => {
                    OpenError::WrongSecret
                }
                _ => OpenError::Damaged,
            })?;
        let mut plain = Zeroizing::new(Vec::new());
        reader
            .read_to_end(&mut plain)
            .map_err(|_| OpenError::Damaged)?;
        let text = std::str::from_utf8(&plain).map_err(|_| OpenError::Damaged)?;
        Self::from_text(text).ok_or(OpenError::Damaged)
    }
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

    pub(crate) fn identity(&self) -> &age::x25519::Identity {
        &self.0
    }
}
