//! Documents in the record, in the real window and by keyboard: attach a PDF to a person (the
//! file dialog stood in by the debug build's `SPORTELLO_OPEN_DOCUMENT`), see it listed with its
//! expiry, view its pages inside the app, export it, delete it; then no plaintext of it is
//! anywhere the app writes (archive, settings, the webview's caches and storage, temporary
//! files). Screenshots go to target/e2e-artifacts/.

use base64::Engine;
use chrono::Datelike;
use sportello_archive::demo::DEMO_PASSPHRASE;
use sportello_archive::ArchivePaths;
use sportello_core::ipc::{PersonSaved, SavePersonRequest};
use sportello_core::model::PersonForm;
use sportello_e2e::{
    demo_archive, last_sunday, unlock_after_the_app, unlock_demo, Display, Driver, Keys, ALT,
    ARROW_DOWN, ENTER, ESCAPE, PAGE_DOWN, SHIFT, TAB,
};
use std::path::Path;
use std::time::Duration;

/// Written uncompressed in the PDF's pages: any plaintext copy of the file would show it.
const CANARY: &str = "CanarinoDocumentaleFinestra";

/// A small valid PDF with one page per text, each in an uncompressed content stream.
fn pdf_with_pages(texts: &[&str]) -> Vec<u8> {
    let n = texts.len();
    // Objects: 1 catalog, 2 pages, 3 font, then per page: page, content.
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {n} >>",
            (0..n)
                .map(|i| format!("{} 0 R", 4 + 2 * i))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    for (i, text) in texts.iter().enumerate() {
        let content = format!("BT /F1 24 Tf 60 740 Td ({text}) Tj ET");
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {} 0 R /Resources << /Font << /F1 3 0 R >> >> >>",
            5 + 2 * i
        ));
        objects.push(format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ));
    }
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

/// Files under `dir` holding any of `needles`.
fn files_with(dir: &Path, needles: &[Vec<u8>]) -> Vec<std::path::PathBuf> {
    let mut hits = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(bytes) = std::fs::read(&path) {
                if needles
                    .iter()
                    .any(|n| bytes.windows(n.len()).any(|w| w == n.as_slice()))
                {
                    hits.push(path);
                }
            }
        }
    }
    hits
}

#[test]
fn a_pdf_is_attached_viewed_exported_and_deleted_by_keyboard() {
    let tmp = tempfile::tempdir().expect("tmp");
    // What the app may write: under `written`. The file she attaches and the folder she
    // exports to are hers, outside it.
    let written = tmp.path().join("scritto");
    let data = written.join("demo");
    let config = written.join("config");
    let temp = written.join("tmp");
    std::fs::create_dir_all(&temp).expect("temp");
    let input = tmp.path().join("scaricati");
    let exported = tmp.path().join("esportati");
    std::fs::create_dir_all(&input).expect("input");
    std::fs::create_dir_all(&exported).expect("export");
    let pdf = pdf_with_pages(&[&format!("ISEE 2026 {CANARY}"), "Seconda pagina della DSU"]);
    let file = input.join("ISEE-2026.pdf");
    std::fs::write(&file, &pdf).expect("pdf");

    let mut archive = demo_archive(&data, 29);
    let saved = archive
        .save_person(
            &SavePersonRequest {
                id: None,
                form: PersonForm {
                    surname: "Documentosa".into(),
                    name: "Ilde".into(),
                    birth: "03/04/1958".into(),
                    gender: "F".into(),
                    citizenship: "IT".into(),
                    ..Default::default()
                },
                confirmed: true,
            },
            last_sunday(),
        )
        .expect("person");
    let PersonSaved::Saved { id: person } = saved else {
        panic!("{saved:?}");
    };
    archive.lock().expect("lock");

    let display = Display::start();
    let driver = Driver::start(
        &display,
        &[
            ("SPORTELLO_DATA_DIR", &data),
            ("SPORTELLO_CONFIG_DIR", &config),
            ("SPORTELLO_OPEN_DOCUMENT", &file),
            ("SPORTELLO_PICK_DIR", &exported),
            ("XDG_DATA_HOME", &written.join("xdg-data")),
            ("XDG_CACHE_HOME", &written.join("xdg-cache")),
            ("XDG_CONFIG_HOME", &written.join("xdg-config")),
            ("TMPDIR", &temp),
        ],
    );
    let s = driver.session(&[]).named("documenti");
    let mut keys = Keys::new(&s);
    unlock_demo(&s);
    keys.chord(ALT, "2");
    s.wait_focus("#person-search");
    keys.text("documentosa");
    s.wait_text("#person-list tbody", |t| t.contains("Documentosa Ilde"));
    keys.press(ARROW_DOWN).press(ENTER);
    s.wait_text("#person-name", |t| t == "Documentosa Ilde");
    s.find("#no-documents");

    // 1. Attach: the file, then its kind by typing; the date is today's; Enter attaches.
    keys.tab_to("#add-document", 80).press(ENTER);
    s.wait_focus("#choose-document");
    keys.press(ENTER);
    s.wait_text("#document-file-help", |t| t.starts_with("ISEE-2026.pdf ("));
    s.wait_focus("#document-kind");
    // Nothing attached without its kind: the error is at the field.
    keys.press(TAB).press(ENTER);
    s.wait_text("#document-kind-error", |t| t == "Campo obbligatorio.");
    // An identity document: the form asks whether a copy is needed at all, and attaches
    // nothing until she says so.
    s.execute(
        "const k = document.querySelector('#document-kind'); k.value = 'identita'; k.dispatchEvent(new Event('change'));",
    );
    s.find("#document-needed");
    assert_eq!(
        s.find("#attach-document").property("disabled"),
        serde_json::Value::Bool(true)
    );
    s.execute("document.querySelector('#document-kind').focus();");
    s.wait_focus("#document-kind");
    keys.text("ISEE");
    let chosen = s
        .find("#document-kind")
        .property("value")
        .as_str()
        .unwrap_or_default()
        .to_string();
    if chosen != "isee" {
        // WebKitGTK's closed <select> may not take type-ahead: the same choice made as the
        // list's keyboard would.
        s.execute(
            "const k = document.querySelector('#document-kind'); k.value = 'isee'; k.dispatchEvent(new Event('change'));",
        );
    }
    keys.press(TAB);
    s.wait_focus("#document-date");
    keys.press(ENTER);
    s.wait_text("#documents-result", |t| {
        t == "Documento allegato: ISEE-2026.pdf"
    });
    let year = chrono::Local::now().year();
    let listed = s.wait_text("#documents-list", |t| t.contains("ISEE / DSU"));
    assert!(listed.contains(&format!("31/12/{year}")), "{listed}");
    assert!(listed.contains("ISEE-2026.pdf"), "{listed}");
    s.screenshot("allegato");

    // 2. View it inside the app: its pages as images made in memory.
    keys.tab_to(".view-document", 40).press(ENTER);
    s.wait_focus("#document-close");
    s.wait_text("#document-page", |t| t == "Pagina 1 / 2");
    let src = s.find("#document-image").property("src");
    assert!(
        src.as_str()
            .is_some_and(|u| u.starts_with("data:image/png;base64,")),
        "{src}"
    );
    s.screenshot("visualizzato");
    // The viewer is modal: Tab from its last control comes back to its first (the previous
    // page is disabled on the first page), Shift+Tab the other way; never the page behind.
    keys.press(TAB);
    s.wait_focus("#document-next");
    keys.chord(SHIFT, TAB);
    s.wait_focus("#document-close");
    // A click on the page's image keeps the focus in the viewer: Tab goes on to its controls.
    s.find("#document-image").click();
    s.wait_focus("#document-viewer");
    keys.press(TAB);
    s.wait_focus("#document-next");
    keys.press(PAGE_DOWN);
    s.wait_text("#document-page", |t| t == "Pagina 2 / 2");
    keys.press(ESCAPE);
    assert!(s
        .wait_for("#document-viewer", Duration::from_millis(500))
        .is_none());
    s.wait_focus("#documents-list");

    // 3. Export it, where she chose: the same bytes.
    keys.tab_to(".export-document", 40).press(ENTER);
    s.wait_text("#documents-result", |t| {
        t.starts_with("Documento esportato (in chiaro) in")
    });
    assert_eq!(
        std::fs::read(exported.join("ISEE-2026.pdf")).expect("exported"),
        pdf
    );

    // 4. Delete it, after the confirmation.
    keys.tab_to(".delete-document", 40).press(ENTER);
    s.wait_focus("#dialog-cancel");
    // The confirmation keeps the focus too: Tab cycles between its two buttons.
    keys.press(TAB);
    s.wait_focus("#dialog-confirm");
    keys.press(TAB);
    s.wait_focus("#dialog-cancel");
    keys.chord(SHIFT, TAB);
    s.wait_focus("#dialog-confirm");
    keys.press(ENTER);
    s.wait_text("#documents-result", |t| {
        t == "Documento eliminato: ISEE-2026.pdf"
    });
    s.find("#no-documents");
    s.screenshot("eliminato");
    s.find("#lock").click();
    s.find("#unlock");
    drop(s);
    drop(driver);

    // The archive agrees: attached and deleted, in the person's history; the chain verifies.
    let archive = unlock_after_the_app(&ArchivePaths::new(&data), DEMO_PASSPHRASE);
    assert!(archive
        .attachments_of_person(person)
        .expect("documents")
        .is_empty());
    let history = archive
        .history(
            sportello_archive::Entity::Person,
            &person.to_string(),
            sportello_core::Lang::It,
        )
        .expect("history");
    assert!(
        history.iter().filter(|e| e.entity == "attachment").count() >= 2,
        "{history:?}"
    );
    let report = archive.verify().expect("verify");
    assert!(report.is_sound(), "{:?}", report.first_problem());
    archive.lock().expect("lock");
    // No plaintext of it where the app writes (archive, settings, WebKit's caches and
    // storage, temporary files): neither the file's text (UTF-8, UTF-16LE, UTF-16BE) nor its
    // first page as the window showed it (the rendered PNG, raw or as base64 in a data: URL).
    let utf16: Vec<u16> = CANARY.encode_utf16().collect();
    let page = sportello_report::viewer::PdfView::open(&pdf)
        .expect("opens")
        .page_png(0)
        .expect("rendered");
    let middle = &page[page.len() / 2..page.len() / 2 + 48];
    let encoded = base64::engine::general_purpose::STANDARD.encode(&page);
    let needles = vec![
        CANARY.as_bytes().to_vec(),
        utf16.iter().flat_map(|u| u.to_le_bytes()).collect(),
        utf16.iter().flat_map(|u| u.to_be_bytes()).collect(),
        middle.to_vec(),
        encoded.as_bytes()[encoded.len() / 2..encoded.len() / 2 + 64].to_vec(),
    ];
    assert_eq!(
        files_with(&written, &needles),
        Vec::<std::path::PathBuf>::new()
    );
}
