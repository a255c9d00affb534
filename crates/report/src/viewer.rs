//! A document of the record shown in the app: a PDF's page rasterised in memory to a PNG (the
//! window shows it as an image), so nothing is ever written to disk to open it in another
//! program. Bytes in, bytes out, as the rest of this crate.

use hayro::hayro_interpret::InterpreterSettings;
use hayro::hayro_syntax::Pdf;
use hayro::vello_cpu::color::palette::css::WHITE;
use hayro::{render, PixmapSettings, RenderCache, RenderSettings};
use std::sync::Arc;
use zeroize::Zeroizing;

/// Why a PDF cannot be shown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ViewError {
    #[error(
        "Il PDF è danneggiato o protetto da password: esportarlo e aprirlo con un altro programma."
    )]
    Unreadable,
    #[error("Il documento non ha la pagina {0}.")]
    NoSuchPage(usize),
    #[error("Impossibile mostrare la pagina.")]
    Render,
}

/// The longest side of a rendered page, in pixels: sharp on a laptop screen, a few hundred
/// kilobytes of PNG.
const MAX_SIDE: f32 = 1600.0;

/// A PDF opened for viewing (its copy of the bytes is wiped when dropped).
pub struct PdfView {
    pdf: Pdf,
}

impl PdfView {
    pub fn open(bytes: &[u8]) -> Result<PdfView, ViewError> {
        let copy: Arc<Zeroizing<Vec<u8>>> = Arc::new(Zeroizing::new(bytes.to_vec()));
        let pdf = Pdf::new(copy).map_err(|_| ViewError::Unreadable)?;
        if pdf.pages().is_empty() {
            return Err(ViewError::Unreadable);
        }
        Ok(PdfView { pdf })
    }

    pub fn pages(&self) -> usize {
        self.pdf.pages().len()
    }

    /// Page `index` (from 0) as a PNG, its longest side at most 1600 pixels.
    pub fn page_png(&self, index: usize) -> Result<Vec<u8>, ViewError> {
        let page = self
            .pdf
            .pages()
            .get(index)
            .ok_or(ViewError::NoSuchPage(index + 1))?;
        let (width, height) = page.render_dimensions();
        let longest = width.max(height).max(1.0);
        let scale = (MAX_SIDE / longest).min(3.0);
        let pixmap = render(
            page,
            &RenderCache::new(),
            &InterpreterSettings::default(),
            &RenderSettings::default(),
            &PixmapSettings {
                x_scale: scale,
                y_scale: scale,
                bg_color: WHITE,
            },
        );
        pixmap.into_png().map_err(|_| ViewError::Render)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_of_the_archive_s_own_pdf_becomes_a_png() {
        let doc = sportello_core::document::Document {
            id: "T-1".into(),
            title: "Prova".into(),
            subtitle: String::new(),
            issuer: "Comune di Roccaverde".into(),
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 27).expect("date"),
            sections: vec![
                sportello_core::document::Section::new("Una sezione").paragraph("Testo di prova.")
            ],
            large_print: false,
        };
        let pdf = crate::document_pdf(&doc);
        let view = PdfView::open(&pdf).expect("opens");
        assert_eq!(view.pages(), 1);
        let png = view.page_png(0).expect("rendered");
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert!(matches!(view.page_png(1), Err(ViewError::NoSuchPage(2))));
        assert!(matches!(
            PdfView::open(b"%PDF-1.4 nothing else"),
            Err(ViewError::Unreadable)
        ));
    }
}
