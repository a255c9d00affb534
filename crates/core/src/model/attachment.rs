//! Documents in the record (documenti): an ISEE, an identity document, a filled-in
//! application, a certificate, attached to a person, a colloquio or a referral. Only PDF files
//! and JPEG or PNG images, recognised by their first bytes (not by their name), up to a size
//! cap; each with a kind, a date, an optional expiry (an ISEE's DSU expires on 31 December of
//! its year) and a note. The archive keeps the bytes inside the encrypted database.

use super::{optional_text, parse_optional_date, parse_past_date, required_code};
use crate::category::DocumentKind;
use crate::ids::{AttachmentId, ContactId, PersonId, ReferralId};
use crate::messages::{FormErrors, Msg};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The default size cap of one attached file: 20 MB.
pub const MAX_ATTACHMENT_BYTES: usize = 20 * 1024 * 1024;

/// What an attached file is, from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MediaType {
    #[serde(rename = "application/pdf")]
    Pdf,
    #[serde(rename = "image/jpeg")]
    Jpeg,
    #[serde(rename = "image/png")]
    Png,
}

impl MediaType {
    pub const ALL: [MediaType; 3] = [MediaType::Pdf, MediaType::Jpeg, MediaType::Png];

    /// The MIME type, as stored.
    pub fn mime(self) -> &'static str {
        match self {
            MediaType::Pdf => "application/pdf",
            MediaType::Jpeg => "image/jpeg",
            MediaType::Png => "image/png",
        }
    }

    pub fn from_mime(mime: &str) -> Option<MediaType> {
        MediaType::ALL.into_iter().find(|m| m.mime() == mime)
    }

    /// The usual extension, for a file exported without one.
    pub fn extension(self) -> &'static str {
        match self {
            MediaType::Pdf => "pdf",
            MediaType::Jpeg => "jpg",
            MediaType::Png => "png",
        }
    }

    /// The type the bytes say they are: a PDF starts with `%PDF-` (within its first kilobyte,
    /// as readers allow), a JPEG with `FF D8 FF`, a PNG with its eight-byte signature. A name
    /// ending in `.pdf` proves nothing.
    pub fn sniff(bytes: &[u8]) -> Option<MediaType> {
        const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
        if bytes.starts_with(PNG) {
            Some(MediaType::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(MediaType::Jpeg)
        } else if bytes[..bytes.len().min(1024)]
            .windows(5)
            .any(|w| w == b"%PDF-")
        {
            Some(MediaType::Pdf)
        } else {
            None
        }
    }
}

/// Checks an attached file's bytes against the cap and the types allowed.
pub fn check_file(bytes: &[u8], max_bytes: usize) -> Result<MediaType, Msg> {
    if bytes.is_empty() {
        return Err(Msg::FileEmpty);
    }
    if bytes.len() > max_bytes {
        return Err(Msg::FileTooLarge {
            max_mb: u32::try_from(max_bytes.div_ceil(1024 * 1024)).unwrap_or(u32::MAX),
        });
    }
    MediaType::sniff(bytes).ok_or(Msg::FileTypeUnknown)
}

/// What a document belongs to: a person, or one of her colloqui or referrals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "of", content = "id", rename_all = "snake_case")]
pub enum AttachedTo {
    Person(PersonId),
    Contact(ContactId),
    Referral(ReferralId),
}

/// A document's description, parsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAttachment {
    pub kind: DocumentKind,
    pub date: NaiveDate,
    pub expiry: Option<NaiveDate>,
    pub note: String,
}

/// A document's description as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentForm {
    pub kind: String,
    /// The document's date (dd/mm/yyyy): when it was issued or signed.
    pub date: String,
    /// Empty: none (an ISEE gets 31 December of its date's year).
    pub expiry: String,
    pub note: String,
}

impl AttachmentForm {
    pub fn parse(&self, today: NaiveDate) -> Result<NewAttachment, FormErrors> {
        let mut e = FormErrors::default();
        let kind = e.check("kind", required_code(&self.kind, DocumentKind::from_code));
        let date = e.check("date", parse_past_date(&self.date, today));
        let expiry = e.check("expiry", parse_optional_date(&self.expiry));
        let note = e.check("note", optional_text(&self.note, 500));
        let (Some(kind), Some(date), Some(expiry), Some(note)) = (kind, date, expiry, note) else {
            return Err(e);
        };
        let expiry = expiry.or_else(|| default_expiry(kind, date));
        if expiry.is_some_and(|x| x < date) {
            e.add("expiry", Msg::ExpiryBeforeDate);
        }
        if !e.is_empty() {
            return Err(e);
        }
        Ok(NewAttachment {
            kind,
            date,
            expiry,
            note,
        })
    }
}

/// The expiry a kind has by rule: an ISEE's DSU is valid until 31 December of the year it
/// was filed.
pub fn default_expiry(kind: DocumentKind, date: NaiveDate) -> Option<NaiveDate> {
    match kind {
        DocumentKind::Isee => NaiveDate::from_ymd_opt(date.year(), 12, 31),
        _ => None,
    }
}

/// A document as the record lists it (its bytes apart).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub id: AttachmentId,
    pub person: PersonId,
    pub attached_to: AttachedTo,
    #[serde(flatten)]
    pub data: NewAttachment,
    /// The name the file had when attached.
    pub file_name: String,
    pub media_type: MediaType,
    pub size: u64,
    /// Hex SHA-256 of the bytes, checked by `verify` and on every reading.
    pub sha256: String,
    /// Who attached it.
    pub operator: String,
}

/// How a document's expiry stands on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExpiryState {
    /// No expiry, or more than a month away.
    Valid,
    /// Expires this month (or within 31 days).
    Expiring,
    Expired,
}

impl Attachment {
    pub fn expiry_state(&self, today: NaiveDate) -> ExpiryState {
        expiry_state(self.data.expiry, today)
    }
}

pub fn expiry_state(expiry: Option<NaiveDate>, today: NaiveDate) -> ExpiryState {
    match expiry {
        Some(x) if x < today => ExpiryState::Expired,
        Some(x)
            if (x.year(), x.month()) == (today.year(), today.month())
                || (x - today).num_days() <= 31 =>
        {
            ExpiryState::Expiring
        }
        _ => ExpiryState::Valid,
    }
}

/// A document on the dashboard: expiring or just expired, with whose it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpiringDocument {
    pub id: AttachmentId,
    pub person: PersonId,
    pub person_name: String,
    pub kind: DocumentKind,
    pub expiry: NaiveDate,
    pub state: ExpiryState,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
    }

    #[test]
    fn a_file_is_known_by_its_bytes_not_its_name() {
        assert_eq!(MediaType::sniff(b"%PDF-1.7\n..."), Some(MediaType::Pdf));
        // Some writers put a few bytes before the header; readers accept them.
        assert_eq!(MediaType::sniff(b"\r\n%PDF-1.4"), Some(MediaType::Pdf));
        assert_eq!(
            MediaType::sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]),
            Some(MediaType::Jpeg)
        );
        assert_eq!(
            MediaType::sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some(MediaType::Png)
        );
        for other in [&b"PK\x03\x04word"[..], b"GIF89a", b"<html>", b"MZ\x90\0"] {
            assert_eq!(MediaType::sniff(other), None);
        }
        assert_eq!(check_file(b"GIF89a", 100), Err(Msg::FileTypeUnknown));
        assert_eq!(check_file(b"", 100), Err(Msg::FileEmpty));
        let big = [b"%PDF-".as_slice(), &[b' '; 3 * 1024 * 1024]].concat();
        assert_eq!(
            check_file(&big, 2 * 1024 * 1024),
            Err(Msg::FileTooLarge { max_mb: 2 })
        );
        assert_eq!(check_file(&big, MAX_ATTACHMENT_BYTES), Ok(MediaType::Pdf));
        assert!(Msg::FileTooLarge { max_mb: 20 }
            .text(crate::Lang::It)
            .contains("al massimo 20 MB"));
    }

    #[test]
    fn an_isee_expires_on_31_december_of_its_year_unless_told_otherwise() {
        let today = d(2026, 11, 27);
        let form = AttachmentForm {
            kind: "isee".into(),
            date: "15/02/2026".into(),
            ..Default::default()
        };
        let isee = form.parse(today).expect("valid");
        assert_eq!(isee.expiry, Some(d(2026, 12, 31)));
        let id = AttachmentForm {
            kind: "identita".into(),
            date: "01/03/2020".into(),
            expiry: "01/03/2030".into(),
            note: "Carta d'identità elettronica".into(),
        }
        .parse(today)
        .expect("valid");
        assert_eq!(id.expiry, Some(d(2030, 3, 1)));
        assert!(DocumentKind::IdentityDocument.identifies());
        assert!(!DocumentKind::Isee.identifies());
        let bad = AttachmentForm {
            kind: "fattura".into(),
            date: "01/12/2026".into(),
            expiry: "30/11/2026".into(),
            note: String::new(),
        }
        .parse(today)
        .expect_err("unknown kind, future date");
        assert!(bad.for_field("kind").is_some());
        assert!(bad.for_field("date").is_some());
        let before = AttachmentForm {
            kind: "delega".into(),
            date: "01/10/2026".into(),
            expiry: "30/09/2026".into(),
            note: String::new(),
        }
        .parse(today)
        .expect_err("expiry before the date");
        assert_eq!(before.for_field("expiry"), Some(&Msg::ExpiryBeforeDate));
    }

    #[test]
    fn expiries_this_month_or_within_a_month_are_flagged() {
        let today = d(2026, 11, 27);
        assert_eq!(expiry_state(None, today), ExpiryState::Valid);
        assert_eq!(
            expiry_state(Some(d(2026, 11, 30)), today),
            ExpiryState::Expiring
        );
        assert_eq!(
            expiry_state(Some(d(2026, 12, 31)), today),
            ExpiryState::Valid
        );
        assert_eq!(
            expiry_state(Some(d(2026, 12, 20)), today),
            ExpiryState::Expiring
        );
        assert_eq!(
            expiry_state(Some(d(2026, 11, 26)), today),
            ExpiryState::Expired
        );
        assert_eq!(expiry_state(Some(d(2027, 6, 1)), today), ExpiryState::Valid);
    }
}
