//! Documents in the record through the real encrypted database: attached, locked, unlocked and
//! read back to the same bytes; no plaintext of an attached file anywhere under the data
//! folder, the backups or the temporary folder; a backup read with Debian's `age` and
//! `sqlite3` holds them, and a restore gives them back; deleting a document removes its bytes
//! from every page; `verify` finds a document altered behind the archive's back; an oversized
//! or unknown file is refused with an Italian message and nothing is saved.

mod common;

use chrono::NaiveDate;
use sportello_archive::{Archive, ArchiveError, ExposeSecret};
use sportello_core::model::{
    AttachedTo, AttachmentForm, ExpiryState, MediaType, MAX_ATTACHMENT_BYTES,
};
use sportello_core::{Lang, Msg};

/// Written uncompressed in the test files, so any plaintext copy would show it.
const CANARY: &str = "CanarinoDocumentaleISEE";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).expect("date")
}

/// A small, valid PDF whose page says `text` in an uncompressed content stream.
fn pdf_with(text: &str) -> Vec<u8> {
    let content = format!("BT /F1 18 Tf 50 750 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// Files under the temporary folder changed since `since` (other programs' files come and
/// go meanwhile: what vanishes or cannot be read is skipped) that hold the canary.
fn temp_files_with_canary(
    dir: &std::path::Path,
    since: std::time::SystemTime,
) -> Vec<std::path::PathBuf> {
    let mut hits = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return hits;
    };
    for entry in entries.flatten() {
        let Ok(meta) = entry.path().symlink_metadata() else {
            continue;
        };
        if meta.is_dir() {
            hits.extend(temp_files_with_canary(&entry.path(), since));
        } else if meta.is_file()
            && meta.len() < 256 * 1024 * 1024
            && meta.modified().is_ok_and(|m| m >= since)
        {
            if let Ok(bytes) = std::fs::read(entry.path()) {
                if common::encodings(CANARY)
                    .iter()
                    .any(|n| memchr::memmem::find(&bytes, n).is_some())
                {
                    hits.push(entry.path());
                }
            }
        }
    }
    hits
}

fn isee_form() -> AttachmentForm {
    AttachmentForm {
        kind: "isee".into(),
        date: "15/11/2026".into(),
        expiry: String::new(),
        note: "DSU ordinaria".into(),
    }
}

#[test]
fn a_document_comes_back_with_its_bytes_and_leaves_no_plaintext_anywhere() {
    let started = std::time::SystemTime::now();
    let (dir, paths, mut archive, recovery) = common::new_archive();
    let person = common::save_person(&mut archive, None, common::named("Rossi", "Anna"), today());
    // Large enough to take several chunks, with the canary at both ends.
    let mut file = pdf_with(CANARY);
    file.extend(std::iter::repeat_n(b' ', 700 * 1024));
    file.extend_from_slice(format!("% {CANARY}\n").as_bytes());
    let id = archive
        .attach(
            AttachedTo::Person(person),
            "/home/anna/Scaricati/ISEE 2026.pdf",
            &file,
            &isee_form(),
            today(),
        )
        .expect("attached");
    archive.lock().expect("lock");

    let archive = Archive::unlock(&paths, &common::passphrase()).expect("unlock");
    let listed = archive.attachments_of_person(person).expect("documents");
    assert_eq!(listed.len(), 1);
    let doc = &listed[0];
    assert_eq!(doc.id, id);
    assert_eq!(doc.file_name, "ISEE 2026.pdf");
    assert_eq!(doc.media_type, MediaType::Pdf);
    assert_eq!(doc.size, file.len() as u64);
    // An ISEE's DSU expires on 31 December: flagged on the dashboard within a month of it.
    assert_eq!(doc.data.expiry, NaiveDate::from_ymd_opt(2026, 12, 31));
    assert_eq!(doc.expiry_state(today()), ExpiryState::Valid);
    let december = NaiveDate::from_ymd_opt(2026, 12, 10).expect("date");
    let expiring = archive.expiring_documents(december).expect("expiring");
    assert_eq!(expiring.len(), 1);
    assert_eq!(expiring[0].person_name, "Rossi Anna");
    assert_eq!(expiring[0].state, ExpiryState::Expiring);
    let content = archive.attachment_content(id).expect("read back");
    assert_eq!(content.bytes.as_slice(), file.as_slice(), "the same bytes");
    // Reading it is reading her record.
    assert_eq!(archive.access_log(Some(person), 5).expect("log").len(), 1);
    let report = archive.verify().expect("verify");
    assert!(report.is_sound(), "{:?}", report.first_problem());

    // A backup holds it: read with Debian's age and sqlite3 (the paper kit alone)...
    let mut archive = archive;
    let backups = dir.path().join("copie");
    std::fs::create_dir_all(&backups).expect("dir");
    let done = archive
        .backup_to(&backups, common::at(27, 18))
        .expect("backup");
    archive.lock().expect("lock");
    let identity = dir.path().join("identita.txt");
    std::fs::write(&identity, recovery.secret_text().expose_secret().as_bytes())
        .expect("identity file");
    let copy = dir.path().join("copia.sqlite");
    let (read, why) = common::age_into_sqlite(&identity, &done.path, &copy);
    assert!(read, "{why}");
    let hex = common::sqlite_query(
        &copy,
        &format!(
            "SELECT hex(group_concat(bytes, x'')) FROM (SELECT bytes FROM attachment_chunk \
             WHERE attachment_id = '{id}' ORDER BY seq)"
        ),
    );
    assert_eq!(
        hex.trim(),
        hex::encode_upper(&file),
        "the backup holds the bytes"
    );
    std::fs::remove_file(&copy).expect("plain copy removed");
    std::fs::remove_file(&identity).expect("identity removed");

    // ...and nothing of it is in clear: data folder, backups, the temporary folder.
    assert!(common::canary_hits(&paths.dir, &[CANARY]).is_empty());
    assert!(common::canary_hits(&backups, &[CANARY]).is_empty());
    assert_eq!(
        temp_files_with_canary(&std::env::temp_dir(), started),
        Vec::<std::path::PathBuf>::new()
    );

    // On a new computer, from that backup and the paper kit, it is there too.
    let elsewhere = sportello_archive::ArchivePaths::new(dir.path().join("nuovo-computer"));
    sportello_archive::handover::restore_as_new(
        &elsewhere,
        &done.path,
        recovery.identity(),
        &common::passphrase(),
        sportello_archive::handover::Recovery::Keep(&recovery),
    )
    .expect("restore on a new computer");
    let moved = Archive::unlock(&elsewhere, &common::passphrase()).expect("unlock");
    assert_eq!(
        moved
            .attachment_content(id)
            .expect("moved")
            .bytes
            .as_slice(),
        file.as_slice()
    );
    moved.lock().expect("lock");
    assert!(common::canary_hits(&elsewhere.dir, &[CANARY]).is_empty());

    // A restore gives it back, byte for byte.
    sportello_archive::backup::restore_with_passphrase(&paths, &common::passphrase(), &done.path)
        .expect("restore");
    let archive = Archive::unlock(&paths, &common::passphrase()).expect("unlock");
    assert_eq!(
        archive
            .attachment_content(id)
            .expect("restored")
            .bytes
            .as_slice(),
        file.as_slice()
    );
    archive.lock().expect("lock");
    assert!(common::canary_hits(&paths.dir, &[CANARY]).is_empty());
}

#[test]
fn a_deleted_document_leaves_no_byte_in_any_page() {
    let (_dir, _paths, mut archive, _recovery) = common::new_archive();
    let person = common::save_person(
        &mut archive,
        None,
        common::named("Bianchi", "Carla"),
        today(),
    );
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(CANARY.as_bytes());
    let id = archive
        .attach(
            AttachedTo::Person(person),
            "carta.png",
            &png,
            &AttachmentForm {
                kind: "identita".into(),
                date: "01/03/2020".into(),
                expiry: "01/03/2030".into(),
                note: String::new(),
            },
            today(),
        )
        .expect("attached");
    let in_pages = |a: &Archive| {
        a.raw_pages()
            .expect("pages")
            .iter()
            .any(|p| memchr::memmem::find(p, CANARY.as_bytes()).is_some())
    };
    assert!(in_pages(&archive), "in the pages while attached");
    archive.delete_attachment(id).expect("deleted");
    assert!(!in_pages(&archive), "no page, in use or free, keeps it");
    assert!(archive
        .attachments_of_person(person)
        .expect("documents")
        .is_empty());
    assert!(matches!(
        archive.attachment_content(id),
        Err(ArchiveError::RecordNotFound)
    ));
    // The history says a document was there and was deleted.
    let history = archive
        .history(
            sportello_archive::Entity::Attachment,
            &id.to_string(),
            Lang::It,
        )
        .expect("history");
    assert_eq!(history.len(), 2, "{history:?}");
    let report = archive.verify().expect("verify");
    assert!(report.is_sound(), "{:?}", report.first_problem());
}

#[test]
fn an_oversized_or_unknown_file_is_refused_and_nothing_is_saved() {
    let (_dir, _paths, mut archive, _recovery) = common::new_archive();
    let person = common::save_person(&mut archive, None, common::named("Verdi", "Lucia"), today());
    let before = archive.counts().expect("counts");
    let mut big = pdf_with("grande");
    big.resize(MAX_ATTACHMENT_BYTES + 1, b' ');
    let cases: [(&[u8], Msg); 3] = [
        (&big, Msg::FileTooLarge { max_mb: 20 }),
        (b"PK\x03\x04 documento Word", Msg::FileTypeUnknown),
        (b"", Msg::FileEmpty),
    ];
    for (bytes, msg) in cases {
        let err = archive
            .attach(
                AttachedTo::Person(person),
                "file",
                bytes,
                &isee_form(),
                today(),
            )
            .expect_err("refused");
        let ArchiveError::Invalid(fields) = &err else {
            panic!("{err}");
        };
        assert_eq!(fields.for_field("file"), Some(&msg));
        assert!(!msg.text(Lang::It).is_empty());
    }
    // A bad form too: every field at once, with the file's own problem.
    let err = archive
        .attach(
            AttachedTo::Person(person),
            "x.gif",
            b"GIF89a",
            &AttachmentForm {
                kind: "fattura".into(),
                date: "32/13/2026".into(),
                expiry: String::new(),
                note: String::new(),
            },
            today(),
        )
        .expect_err("refused");
    let ArchiveError::Invalid(fields) = &err else {
        panic!("{err}");
    };
    assert!(fields.for_field("kind").is_some());
    assert!(fields.for_field("date").is_some());
    assert_eq!(fields.for_field("file"), Some(&Msg::FileTypeUnknown));
    assert_eq!(
        Msg::FileTypeUnknown.text(Lang::It),
        "Tipo di file non ammesso: si allegano solo PDF e immagini JPEG o PNG."
    );
    assert_eq!(archive.counts().expect("counts"), before);
    assert!(archive
        .attachments_of_person(person)
        .expect("documents")
        .is_empty());
}

#[test]
fn verify_finds_a_document_altered_behind_the_archive() {
    let (_dir, _paths, mut archive, _recovery) = common::new_archive();
    let person = common::save_person(&mut archive, None, common::named("Neri", "Carla"), today());
    let id = archive
        .attach(
            AttachedTo::Person(person),
            "delega.pdf",
            &pdf_with("Delega al figlio"),
            &AttachmentForm {
                kind: "delega".into(),
                date: "20/11/2026".into(),
                ..Default::default()
            },
            today(),
        )
        .expect("attached");
    archive
        .tamper(&format!(
            "UPDATE attachment_chunk SET bytes = CAST('%PDF-1.4 altro' AS BLOB) WHERE attachment_id = '{id}'"
        ))
        .expect("altered");
    let report = archive.verify().expect("verify");
    assert!(!report.is_sound());
    let problem = report.first_problem().expect("a problem");
    assert!(problem.contains("impronta"), "{problem}");
    let err = archive
        .attachment_content(id)
        .map(|_| ())
        .expect_err("damaged");
    assert!(matches!(err, ArchiveError::DatabaseDamaged(_)), "{err}");
}
