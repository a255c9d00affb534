//! Documents in the record (DESIGN.md §2, "Attachment"): a PDF or an image attached to a
//! person, a colloquio or a referral, kept inside the encrypted database (so a backup holds it
//! too), read back only into memory, checked against its SHA-256 on every reading and by
//! `verify`, exported only on request to a folder outside the archive's.

use crate::archive::Archive;
use crate::error::{ArchiveError, Result};
use crate::records;
use chrono::NaiveDate;
use sportello_core::model::{
    check_file, AttachedTo, Attachment, AttachmentForm, ExpiringDocument, MediaType,
    MAX_ATTACHMENT_BYTES,
};
use sportello_core::{AttachmentId, FormErrors, PersonId};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// A document with its bytes, read into memory (wiped when dropped).
pub struct AttachmentContent {
    pub attachment: Attachment,
    pub bytes: Zeroizing<Vec<u8>>,
}

/// How far ahead the dashboard looks for expiries.
const EXPIRY_NOTICE_DAYS: u64 = 31;
/// How long an expired document stays on the dashboard.
const EXPIRED_SHOWN_DAYS: u64 = 60;

/// The name a file is attached under: its last path component, without control characters,
/// at most 120 characters ("documento" when nothing is left).
fn clean_file_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    // Control characters and the invisible ones that reorder or hide text (a name that reads
    // "fdp.exe" backwards) go.
    let invisible = |c: &char| {
        matches!(
            *c,
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}'
        )
    };
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !invisible(c))
        .take(120)
        .collect();
    let cleaned = cleaned.trim().to_string();
    if cleaned.is_empty() {
        "documento".into()
    } else {
        cleaned
    }
}

impl Archive {
    /// Attaches a file: refused (with the Italian reason at the field `file`) when empty, over
    /// the cap, or neither a PDF nor a JPEG or PNG image by its first bytes.
    pub fn attach(
        &mut self,
        to: AttachedTo,
        file_name: &str,
        bytes: &[u8],
        form: &AttachmentForm,
        today: NaiveDate,
    ) -> Result<AttachmentId> {
        let mut errors = match form.parse(today) {
            Ok(_) => FormErrors::default(),
            Err(e) => e,
        };
        let media_type = match check_file(bytes, MAX_ATTACHMENT_BYTES) {
            Ok(m) => Some(m),
            Err(m) => {
                errors.add("file", m);
                None
            }
        };
        let (Ok(new), Some(media_type)) = (form.parse(today), media_type) else {
            return Err(ArchiveError::Invalid(errors));
        };
        let name = clean_file_name(file_name);
        self.write(|w| w.insert_attachment(to, &name, media_type, bytes, &new))
    }

    /// Changes a document's kind, dates or note.
    pub fn update_attachment(
        &mut self,
        id: AttachmentId,
        form: &AttachmentForm,
        today: NaiveDate,
    ) -> Result<()> {
        let new = form.parse(today).map_err(ArchiveError::Invalid)?;
        self.write(|w| w.update_attachment(id, &new))
    }

    /// A person's documents (hers, her colloqui's and her referrals'), the latest first.
    pub fn attachments_of_person(&self, person: PersonId) -> Result<Vec<Attachment>> {
        records::attachments_of_person(&self.conn, person)
    }

    /// One document's description.
    pub fn attachment(&self, id: AttachmentId) -> Result<Attachment> {
        records::attachment(&self.conn, id)
    }

    /// A document with its bytes, for viewing in memory or exporting: noted in the access log
    /// (it is the person's record), refused as damaged when the bytes do not match the
    /// SHA-256 recorded when they were attached.
    pub fn attachment_content(&self, id: AttachmentId) -> Result<AttachmentContent> {
        let content = self.attachment_content_unlogged(id)?;
        self.log_access(content.attachment.person)?;
        Ok(content)
    }

    /// A document for showing its page `page` (from 0): opening it (the first page, or an
    /// image, which has one) is noted in the access log; turning a PDF's pages is not again.
    pub fn attachment_content_for_page(
        &self,
        id: AttachmentId,
        page: usize,
    ) -> Result<AttachmentContent> {
        let content = self.attachment_content_unlogged(id)?;
        if page == 0 || content.attachment.media_type != MediaType::Pdf {
            self.log_access(content.attachment.person)?;
        }
        Ok(content)
    }

    /// The next pages of a document just opened with [`Archive::attachment_content`]: the
    /// same checks, not noted in the access log again.
    pub fn attachment_content_unlogged(&self, id: AttachmentId) -> Result<AttachmentContent> {
        let attachment = records::attachment(&self.conn, id)?;
        let bytes = records::attachment_bytes(&self.conn, id)?;
        if bytes.len() as u64 != attachment.size || records::sha256_hex(&bytes) != attachment.sha256
        {
            return Err(ArchiveError::DatabaseDamaged(format!(
                "il documento «{}» non corrisponde più all'impronta registrata quando fu allegato",
                attachment.file_name
            )));
        }
        Ok(AttachmentContent { attachment, bytes })
    }

    /// Deletes a document: its bytes are removed at once; the history keeps that it existed.
    pub fn delete_attachment(&mut self, id: AttachmentId) -> Result<()> {
        self.write(|w| w.delete_attachment(id))
    }

    /// Documents expired or expiring within a month (an ISEE at the end of the year), of the
    /// persons on record, the soonest first: for the dashboard.
    pub fn expiring_documents(&self, today: NaiveDate) -> Result<Vec<ExpiringDocument>> {
        let until = today
            .checked_add_days(chrono::Days::new(EXPIRY_NOTICE_DAYS))
            .unwrap_or(today);
        // Expired for long, it was renewed or is no longer needed: not listed for ever.
        let since = today
            .checked_sub_days(chrono::Days::new(EXPIRED_SHOWN_DAYS))
            .unwrap_or(today);
        records::expiring_documents(&self.conn, today, since, until)
    }

    /// Writes a document to `dir` (an existing folder outside the archive's and the backups'),
    /// under its own name (made unique with a number when taken). The file is in clear: the
    /// caller has warned her, as for the other exports.
    pub fn export_attachment(&self, id: AttachmentId, dir: &Path) -> Result<PathBuf> {
        self.check_access_export_folder(dir)?;
        let content = self.attachment_content(id)?;
        let path = free_path(
            dir,
            &content.attachment.file_name,
            content.attachment.media_type,
        );
        crate::fsutil::write_atomic(&path, &content.bytes)?;
        Ok(path)
    }
}

/// `dir/name` with the extension of what the file is (a PDF is `.pdf` whatever it was
/// called), and " (2)", " (3)"… before it when a file of that name is there already.
fn free_path(dir: &Path, name: &str, media_type: MediaType) -> PathBuf {
    let name = clean_file_name(name);
    let stem = match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_string(),
        _ => name.clone(),
    };
    let ext = media_type.extension();
    let mut path = dir.join(format!("{stem}.{ext}"));
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{stem} ({n}).{ext}"));
        n += 1;
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_keeps_its_own_name_without_folders_or_control_characters() {
        assert_eq!(
            clean_file_name("/home/anna/Scaricati/ISEE 2026.pdf"),
            "ISEE 2026.pdf"
        );
        assert_eq!(clean_file_name("C:\\Documenti\\delega.png"), "delega.png");
        assert_eq!(clean_file_name("a\u{7}b\n.pdf"), "ab.pdf");
        assert_eq!(clean_file_name("isee\u{202E}fdp.exe"), "iseefdp.exe");
        assert_eq!(clean_file_name("  "), "documento");
        let dir = tempfile::tempdir().expect("dir");
        let first = free_path(dir.path(), "isee.pdf", MediaType::Pdf);
        assert_eq!(first, dir.path().join("isee.pdf"));
        std::fs::write(&first, b"x").expect("write");
        assert_eq!(
            free_path(dir.path(), "isee.pdf", MediaType::Pdf),
            dir.path().join("isee (2).pdf")
        );
        assert_eq!(
            free_path(dir.path(), "scansione", MediaType::Jpeg),
            dir.path().join("scansione.jpg")
        );
        assert_eq!(
            free_path(dir.path(), "lettera.html", MediaType::Pdf),
            dir.path().join("lettera.pdf")
        );
    }
}
