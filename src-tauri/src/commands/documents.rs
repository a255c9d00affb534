//! *Documenti*: files attached to a person, a colloquio or a referral. The file chosen (in the
//! dialog, or dropped on the window) is read into memory and held there until it is attached,
//! another is chosen, or the desk locks; it is never copied to disk. Viewing renders a PDF's
//! page (or sends an image) to the window as an in-memory image; *Esporta* writes the file to a
//! folder she chooses outside the archive's.

use crate::state::{CommandResult, Desk, ImportFile};
use base64::Engine;
use serde::Serialize;
use sportello_core::ipc::CommandError;
use sportello_core::model::{
    check_file, AttachedTo, Attachment, AttachmentForm, ExpiringDocument, MediaType,
    MAX_ATTACHMENT_BYTES,
};
use sportello_core::{AttachmentId, FormErrors, Lang, Msg, PersonId};
use std::path::{Path, PathBuf};
use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

/// The file chosen, as the form shows it before it is attached.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentChosen {
    pub file_name: String,
    pub size: u64,
    pub media_type: MediaType,
}

/// One page of a document, as an image the window shows (`data:` URL, memory only).
#[derive(Debug, Clone, Serialize)]
pub struct DocumentPage {
    pub file_name: String,
    pub media_type: MediaType,
    /// From 0.
    pub page: usize,
    pub pages: usize,
    pub data_url: String,
}

fn file_error(msg: Msg, lang: Lang) -> CommandError {
    CommandError::invalid(FormErrors::single("file", msg), lang)
}

/// Reads the file at `path` into the desk's memory as the document to attach: refused (at the
/// form's file field, in Italian) when over the cap, empty, or not a PDF, JPEG or PNG.
pub(crate) fn take_document_file(desk: &Desk, path: &Path) -> CommandResult<DocumentChosen> {
    let lang = desk.lock_state().config.lang;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Only the file's name in a message: its folders may name someone.
    let unreadable = |e: std::io::Error| {
        CommandError::new("io", format!("Il file {file_name} non si legge: {e}"))
    };
    let file = std::fs::File::open(path).map_err(unreadable)?;
    if !file.metadata().map_err(unreadable)?.is_file() {
        return Err(file_error(Msg::FileTypeUnknown, lang));
    }
    // Never more than the cap read into memory, whatever the file claims to be.
    let mut bytes = zeroize::Zeroizing::new(Vec::new());
    std::io::Read::read_to_end(
        &mut std::io::Read::take(file, MAX_ATTACHMENT_BYTES as u64 + 1),
        &mut bytes,
    )
    .map_err(unreadable)?;
    if bytes.len() > MAX_ATTACHMENT_BYTES {
        return Err(file_error(Msg::FileTooLarge { max_mb: 20 }, lang));
    }
    let media_type = check_file(&bytes, MAX_ATTACHMENT_BYTES).map_err(|m| file_error(m, lang))?;
    let chosen = DocumentChosen {
        file_name: file_name.clone(),
        size: bytes.len() as u64,
        media_type,
    };
    desk.lock_state().document_file = Some(ImportFile {
        name: file_name,
        bytes,
    });
    Ok(chosen)
}

fn pick_document_file(app: &AppHandle) -> Option<PathBuf> {
    // The end-to-end tests' stand-in for the dialog: debug builds only, never in a release.
    #[cfg(debug_assertions)]
    if let Some(file) = std::env::var_os("SPORTELLO_OPEN_DOCUMENT") {
        return Some(PathBuf::from(file));
    }
    app.dialog()
        .file()
        .set_title("Scegli il documento da allegare")
        .add_filter("PDF o immagine (JPEG, PNG)", &["pdf", "jpg", "jpeg", "png"])
        .blocking_pick_file()
        .and_then(|p| p.into_path().ok())
}

/// *Scegli file…*: the dialog, then the file read into memory.
#[tauri::command]
pub async fn choose_document_file(
    app: AppHandle,
    desk: State<'_, Desk>,
) -> CommandResult<Option<DocumentChosen>> {
    desk.read(|_, _, _| Ok(()))?;
    let Some(path) = pick_document_file(&app) else {
        return Ok(None);
    };
    take_document_file(&desk, &path).map(Some)
}

/// The file held for attaching, if any: one dropped on the window shows up here, or why it
/// was refused (told once).
#[tauri::command]
pub fn document_file(desk: State<'_, Desk>) -> CommandResult<Option<DocumentChosen>> {
    let mut inner = desk.lock_state();
    if let Some(refused) = inner.document_drop_refused.take() {
        return Err(refused);
    }
    Ok(inner.document_file.as_ref().and_then(|file| {
        Some(DocumentChosen {
            file_name: file.name.clone(),
            size: file.bytes.len() as u64,
            media_type: MediaType::sniff(&file.bytes)?,
        })
    }))
}

/// A file dropped on the window while the archive is open: read as the document to attach
/// (the attach form picks it up), or the reason it was refused kept for the form to tell.
/// Several files at once: only one document is attached at a time.
pub fn dropped_on_window(desk: &Desk, paths: &[PathBuf]) {
    {
        let inner = desk.lock_state();
        if inner.archive.is_none() || !inner.document_form_open {
            return;
        }
    }
    let result = match paths {
        [one] => take_document_file(desk, one).map(|_| ()),
        [] => return,
        _ => Err(CommandError::new(
            "rejected",
            "Trascinare un documento alla volta.",
        )),
    };
    if let Err(e) = result {
        desk.lock_state().document_drop_refused = Some(e);
    }
}

/// The attach form opened: a file dropped on the window from now on is for it (none held
/// from before).
#[tauri::command]
pub fn open_document_form(desk: State<'_, Desk>) {
    let mut inner = desk.lock_state();
    inner.document_file = None;
    inner.document_drop_refused = None;
    inner.document_form_open = true;
}

/// Lets go of the file chosen: the form was closed (or its page left).
#[tauri::command]
pub fn forget_document_file(desk: State<'_, Desk>) {
    let mut inner = desk.lock_state();
    inner.document_file = None;
    inner.document_drop_refused = None;
    inner.document_form_open = false;
}

/// *Allega*: the file chosen, with its kind, date, expiry and note. A refusal keeps the file
/// chosen, so she corrects the form and attaches again.
#[tauri::command]
pub fn attach_document(
    desk: State<'_, Desk>,
    to: AttachedTo,
    form: AttachmentForm,
) -> CommandResult<AttachmentId> {
    let lang = desk.lock_state().config.lang;
    let Some(file) = desk.lock_state().document_file.take() else {
        return Err(file_error(Msg::Required, lang));
    };
    let result = desk.write(|a, today| a.attach(to, &file.name, &file.bytes, &form, today));
    if result.is_err() {
        desk.lock_state().document_file = Some(file);
    }
    result
}

/// A person's documents (hers, her colloqui's and referrals'), the latest first.
#[tauri::command]
pub fn person_documents(desk: State<'_, Desk>, person: PersonId) -> CommandResult<Vec<Attachment>> {
    desk.read(|a, _, _| a.attachments_of_person(person))
}

/// Page `page` (from 0) of a document, rendered in memory. Opening it is noted in the access
/// log; turning a PDF's pages is not noted again.
#[tauri::command]
pub async fn view_document(
    desk: State<'_, Desk>,
    id: AttachmentId,
    page: usize,
) -> CommandResult<DocumentPage> {
    let content = desk.read(|a, _, _| a.attachment_content_for_page(id, page))?;
    let attachment = content.attachment;
    let (pages, bytes): (usize, zeroize::Zeroizing<Vec<u8>>) = match attachment.media_type {
        MediaType::Pdf => {
            let view = sportello_report::viewer::PdfView::open(&content.bytes)
                .map_err(|e| CommandError::new("unreadable", e.to_string()))?;
            let png = view
                .page_png(page)
                .map_err(|e| CommandError::new("unreadable", e.to_string()))?;
            (view.pages(), zeroize::Zeroizing::new(png))
        }
        MediaType::Jpeg | MediaType::Png if page == 0 => (1, content.bytes),
        MediaType::Jpeg | MediaType::Png => {
            return Err(CommandError::new(
                "not_found",
                format!("Il documento non ha la pagina {}.", page + 1),
            ))
        }
    };
    let mime = match attachment.media_type {
        MediaType::Pdf => "image/png",
        other => other.mime(),
    };
    let data_url = format!(
        "data:{mime};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes.as_slice())
    );
    Ok(DocumentPage {
        file_name: attachment.file_name,
        media_type: attachment.media_type,
        page,
        pages,
        data_url,
    })
}

/// Changes a document's kind, dates or note.
#[tauri::command]
pub fn update_document(
    desk: State<'_, Desk>,
    id: AttachmentId,
    form: AttachmentForm,
) -> CommandResult<()> {
    desk.write(|a, today| a.update_attachment(id, &form, today))
}

/// *Elimina*: the document's bytes are removed at once.
#[tauri::command]
pub fn delete_document(desk: State<'_, Desk>, id: AttachmentId) -> CommandResult<()> {
    desk.write(|a, _| a.delete_attachment(id))
}

/// *Esporta*: the file, in clear, to a folder she chooses outside the archive's (the page has
/// warned her). The path written, or nothing when she cancels.
#[tauri::command]
pub async fn export_document(
    app: AppHandle,
    desk: State<'_, Desk>,
    id: AttachmentId,
) -> CommandResult<Option<String>> {
    desk.read(|a, _, _| a.attachment(id).map(|_| ()))?;
    let Some(dir) =
        crate::commands::session::pick_folder(&app, "Cartella dove esportare il documento")
    else {
        return Ok(None);
    };
    let path = desk.read(|a, _, _| a.export_attachment(id, &dir))?;
    Ok(Some(path.display().to_string()))
}

/// Documents expired or expiring within a month, for the dashboard.
#[tauri::command]
pub fn expiring_documents(desk: State<'_, Desk>) -> CommandResult<Vec<ExpiringDocument>> {
    desk.read(|a, today, _| a.expiring_documents(today))
}
