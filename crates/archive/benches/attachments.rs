//! Documents in the record: attaching a 5 MB scanned PDF (one page, a grey image as a scanner
//! writes it) to a person durably, and viewing it (read back from the encrypted database,
//! checked against its SHA-256, its page rendered to a PNG in memory); and how much the
//! archive's file grows for it. Run with `cargo bench -p sportello-archive --bench attachments`.

use chrono::NaiveDate;
use criterion::Criterion;
use sportello_archive::{Archive, ArchivePaths, SecretString};
use sportello_core::model::{AttachedTo, AttachmentForm, NewPerson};
use sportello_core::{AgeBand, Citizenship, Gender};

/// A one-page PDF holding a `side`×`side` 8-bit grey image (a scan), its pixels noise so they
/// do not compress: `side` 2236 gives 5 MB.
fn scanned_pdf(side: usize) -> Vec<u8> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let pixels: Vec<u8> = (0..side * side)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    let content = "q 595 0 0 842 0 0 cm /Im1 Do Q";
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    let mut object = |out: &mut Vec<u8>, n: usize, head: String, stream: Option<&[u8]>| {
        offsets.push(out.len());
        out.extend_from_slice(format!("{n} 0 obj\n{head}\n").as_bytes());
        if let Some(bytes) = stream {
            out.extend_from_slice(b"stream\n");
            out.extend_from_slice(bytes);
            out.extend_from_slice(b"\nendstream\n");
        }
        out.extend_from_slice(b"endobj\n");
    };
    object(
        &mut out,
        1,
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        None,
    );
    object(
        &mut out,
        2,
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".into(),
        None,
    );
    object(
        &mut out,
        3,
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /Im1 5 0 R >> >> >>".into(),
        None,
    );
    object(
        &mut out,
        4,
        format!("<< /Length {} >>", content.len()),
        Some(content.as_bytes()),
    );
    object(
        &mut out,
        5,
        format!(
            "<< /Type /XObject /Subtype /Image /Width {side} /Height {side} /ColorSpace /DeviceGray /BitsPerComponent 8 /Length {} >>",
            pixels.len()
        ),
        Some(&pixels),
    );
    let xref = out.len();
    out.extend_from_slice(b"xref\n0 6\n0000000000 65535 f \n");
    for o in &offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
    );
    out
}

fn file_mib(paths: &ArchivePaths) -> f64 {
    let size = |p: std::path::PathBuf| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    let db = paths.database();
    (size(db.clone()) + size(db.with_extension("db-wal"))) as f64 / (1024.0 * 1024.0)
}

fn main() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 27).expect("date");
    let tmp = tempfile::tempdir().expect("tmp");
    let paths = ArchivePaths::new(tmp.path().join("dati"));
    let pass = SecretString::from("bench: una frase segreta abbastanza lunga".to_string());
    let (mut archive, _) = Archive::create(&paths, &pass, None).expect("create");
    let person = archive
        .add_person(&NewPerson::anonymous(
            Gender::Female,
            AgeBand::From36To50,
            Citizenship::Italian,
        ))
        .expect("person");
    let pdf = scanned_pdf(2236);
    let form = AttachmentForm {
        kind: "isee".into(),
        date: "20/11/2026".into(),
        ..Default::default()
    };
    // Measured closed: closing checkpoints the WAL into the file and removes it.
    archive.lock().expect("lock");
    let before = file_mib(&paths);
    let mut archive = Archive::unlock(&paths, &pass).expect("unlock");
    let id = archive
        .attach(
            AttachedTo::Person(person),
            "scansione.pdf",
            &pdf,
            &form,
            today,
        )
        .expect("attach");
    archive.lock().expect("lock");
    let after = file_mib(&paths);
    let mut archive = Archive::unlock(&paths, &pass).expect("unlock");
    eprintln!(
        "a {:.2} MiB PDF grows the archive by {:.2} MiB ({:.2}×)",
        pdf.len() as f64 / (1024.0 * 1024.0),
        after - before,
        (after - before) / (pdf.len() as f64 / (1024.0 * 1024.0))
    );

    let mut c = Criterion::default().configure_from_args().sample_size(10);
    c.bench_function("attach a 5 MB PDF (durably)", |b| {
        b.iter(|| {
            archive
                .attach(
                    AttachedTo::Person(person),
                    "scansione.pdf",
                    &pdf,
                    &form,
                    today,
                )
                .expect("attach")
        })
    });
    c.bench_function("view a 5 MB PDF: read back and checked", |b| {
        b.iter(|| archive.attachment_content_unlogged(id).expect("read"))
    });
    c.bench_function("view a 5 MB PDF: read back and its page rendered", |b| {
        b.iter(|| {
            let content = archive.attachment_content_unlogged(id).expect("read");
            let view =
                sportello_report::viewer::PdfView::open(&content.bytes).expect("a readable PDF");
            view.page_png(0).expect("rendered")
        })
    });
    c.final_summary();
}
