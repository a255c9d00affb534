//! A small page layout over printpdf: A4 pages filled top to bottom, text left- or
//! right-aligned by the font's own widths, rules and filled boxes, a heading and a footer
//! ("Pagina n di m", the document's id and date) on every page, and a byte-identical save.

use crate::logo::Logo;
use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFont,
    PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect, Rgb, TextItem, TextMatrix, XObjectId,
    XObjectTransform,
};

/// The coat of arms under a fixed id (printpdf would draw one at random), and its height.
const LOGO_ID: &str = "Stemma";
const LOGO_HEIGHT: f32 = 12.0;

const REGULAR_TTF: &[u8] =
    include_bytes!("../../../assets/fonts/TitilliumWeb-400Regular-Latin.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../../../assets/fonts/TitilliumWeb-700Bold-Latin.ttf");

pub const PAGE_W: f32 = 210.0;
pub const PAGE_H: f32 = 297.0;
pub const MARGIN: f32 = 18.0;
/// Where the body starts below the page heading, and where it must stop above the footer.
const BODY_TOP: f32 = PAGE_H - 34.0;
const BODY_BOTTOM: f32 = 22.0;

pub use sportello_core::statement::DocumentInfo as DocMeta;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

struct Face {
    id: FontId,
    font: ParsedFont,
}

impl Face {
    fn load(ttf: &[u8], id: &str) -> Face {
        let mut warnings = Vec::new();
        // The fonts are embedded in the binary and a test parses them: this cannot fail.
        #[allow(clippy::expect_used)]
        let font =
            ParsedFont::from_bytes(ttf, 0, &mut warnings).expect("the embedded report font parses");
        Face {
            id: FontId(id.to_string()),
            font,
        }
    }

    /// Width of `text` at `size` points, in millimetres, as a viewer will draw it (the /W
    /// widths are whole thousandths of an em).
    fn width_mm(&self, text: &str, size: f32) -> f32 {
        let upm = f32::from(self.font.units_per_em.max(1));
        let thousandths: i64 = text
            .chars()
            .map(|c| {
                let gid = self.font.lookup_glyph_index(c as u32).unwrap_or(0);
                let adv = f32::from(self.font.get_glyph_width(gid).unwrap_or(0));
                (adv * 1000.0 / upm) as i64
            })
            .sum();
        thousandths as f32 * size / 1000.0 * 25.4 / 72.0
    }
}

/// A document being laid out.
pub struct Layout {
    meta: DocMeta,
    /// The coat of arms in the heading, when the document has one that decodes.
    logo: Option<Logo>,
    regular: Face,
    bold: Face,
    pages: Vec<Vec<Op>>,
    /// The current line's baseline, in mm from the page's bottom.
    pub y: f32,
}

pub const GREY: (f32, f32, f32) = (0.45, 0.45, 0.45);
pub const LIGHT: (f32, f32, f32) = (0.88, 0.88, 0.88);
pub const INK: (f32, f32, f32) = (0.0, 0.0, 0.0);

fn rgb((r, g, b): (f32, f32, f32)) -> Color {
    Color::Rgb(Rgb::new(r, g, b, None))
}

fn pt(mm: f32) -> Pt {
    Mm(mm).into()
}

impl Layout {
    pub fn new(meta: DocMeta) -> Layout {
        let logo = meta
            .logo_png
            .as_deref()
            .and_then(|png| Logo::from_png(png).ok());
        let mut layout = Layout {
            meta,
            logo,
            regular: Face::load(REGULAR_TTF, "TITREG"),
            bold: Face::load(BOLD_TTF, "TITBLD"),
            pages: Vec::new(),
            y: BODY_TOP,
        };
        layout.new_page();
        layout
    }

    fn face(&self, weight: Weight) -> &Face {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.pages.push(Vec::new());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Starts a new page and puts the cursor at the top of its body.
    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = BODY_TOP;
    }

    /// Moves down `mm`; starts a new page first when fewer than `needed` mm are left.
    pub fn down(&mut self, mm: f32) {
        self.y -= mm;
    }

    /// Makes sure `mm` of height are left on the page, else starts a new one.
    pub fn keep(&mut self, mm: f32) -> bool {
        if self.y - mm < BODY_BOTTOM {
            self.new_page();
            true
        } else {
            false
        }
    }

    pub fn width(&self, text: &str, size: f32, weight: Weight) -> f32 {
        self.face(weight).width_mm(text, size)
    }

    /// Text with its left edge at `x` on the current line.
    pub fn text(&mut self, x: f32, text: &str, size: f32, weight: Weight) {
        self.text_at(x, self.y, text, size, weight, INK);
    }

    /// Text with its right edge at `right`.
    pub fn text_right(&mut self, right: f32, text: &str, size: f32, weight: Weight) {
        let x = right - self.width(text, size, weight);
        self.text_at(x, self.y, text, size, weight, INK);
    }

    pub fn text_at(
        &mut self,
        x: f32,
        y: f32,
        text: &str,
        size: f32,
        weight: Weight,
        color: (f32, f32, f32),
    ) {
        let font = self.face(weight).id.clone();
        self.ops().extend([
            Op::StartTextSection,
            Op::SetFillColor { col: rgb(color) },
            Op::SetFont {
                font: PdfFontHandle::External(font),
                size: Pt(size),
            },
            Op::SetTextMatrix {
                matrix: TextMatrix::Translate(pt(x), pt(y)),
            },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_string())],
            },
            Op::EndTextSection,
        ]);
    }

    /// Lines of at most `width` mm, broken at spaces.
    pub fn wrap(&self, text: &str, size: f32, weight: Weight, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.lines() {
            let mut line = String::new();
            for word in paragraph.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_string()
                } else {
                    format!("{line} {word}")
                };
                if !line.is_empty() && self.width(&candidate, size, weight) > width {
                    lines.push(std::mem::take(&mut line));
                    line = word.to_string();
                } else {
                    line = candidate;
                }
            }
            lines.push(line);
        }
        lines
    }

    /// A paragraph wrapped to the body's width, the cursor moved below it.
    pub fn paragraph(&mut self, text: &str, size: f32, weight: Weight) {
        let lines = self.wrap(text, size, weight, PAGE_W - 2.0 * MARGIN);
        for line in lines {
            self.keep(size * 0.5);
            self.text(MARGIN, &line, size, weight);
            self.down(size * 0.45);
        }
    }

    /// A horizontal rule across `x1..x2` on the current line.
    pub fn rule(&mut self, x1: f32, x2: f32, thickness: f32, color: (f32, f32, f32)) {
        let y = self.y;
        self.line(x1, y, x2, y, thickness, color);
    }

    pub fn line(
        &mut self,
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        thickness: f32,
        color: (f32, f32, f32),
    ) {
        self.ops().extend([
            Op::SetOutlineColor { col: rgb(color) },
            Op::SetOutlineThickness { pt: Pt(thickness) },
            Op::DrawLine {
                line: Line {
                    points: vec![
                        LinePoint {
                            p: Point {
                                x: pt(x1),
                                y: pt(y1),
                            },
                            bezier: false,
                        },
                        LinePoint {
                            p: Point {
                                x: pt(x2),
                                y: pt(y2),
                            },
                            bezier: false,
                        },
                    ],
                    is_closed: false,
                },
            },
        ]);
    }

    /// A filled box with its bottom-left corner at (x, y).
    pub fn fill(&mut self, x: f32, y: f32, w: f32, h: f32, color: (f32, f32, f32)) {
        self.ops().extend([
            Op::SetFillColor { col: rgb(color) },
            Op::DrawRectangle {
                rectangle: Rect {
                    mode: Some(PaintMode::Fill),
                    ..Rect::from_xywh(pt(x), pt(y), pt(w), pt(h))
                },
            },
        ]);
    }

    /// An empty box (a place to sign, a stamp).
    pub fn frame(&mut self, x: f32, y: f32, w: f32, h: f32, color: (f32, f32, f32)) {
        self.line(x, y, x + w, y, 0.6, color);
        self.line(x + w, y, x + w, y + h, 0.6, color);
        self.line(x + w, y + h, x, y + h, 0.6, color);
        self.line(x, y + h, x, y, 0.6, color);
    }

    /// The PDF: every page with its heading and footer ("Pagina n di m"), fonts embedded, the
    /// dates and the /ID taken from the document's own date and id, so the same input gives the
    /// same bytes.
    pub fn finish(mut self) -> Vec<u8> {
        let total = self.pages.len();
        let meta = self.meta.clone();
        let pages = std::mem::take(&mut self.pages);
        let mut finished = Vec::with_capacity(total);
        for (i, body) in pages.into_iter().enumerate() {
            self.pages = vec![Vec::new()];
            self.decorate(i + 1, total);
            let mut ops = std::mem::take(&mut self.pages[0]);
            ops.extend(body);
            finished.push(PdfPage::new(Mm(PAGE_W), Mm(PAGE_H), ops));
        }
        let mut doc = PdfDocument::new(&meta.title);
        for face in [&self.regular, &self.bold] {
            doc.resources
                .fonts
                .map
                .insert(face.id.clone(), PdfFont::new(face.font.clone()));
        }
        let seconds = meta
            .date
            .and_hms_opt(12, 0, 0)
            .map(|t| t.and_utc().timestamp())
            .unwrap_or(0);
        if let Ok(when) = printpdf::OffsetDateTime::from_unix_timestamp(seconds) {
            doc.metadata.info.creation_date = when;
            doc.metadata.info.modification_date = when;
            doc.metadata.info.metadata_date = when;
        }
        if let Some(logo) = &self.logo {
            doc.resources.xobjects.map.insert(
                XObjectId(LOGO_ID.into()),
                printpdf::XObject::Image(logo.raw_image()),
            );
        }
        doc.metadata.info.producer = "Sportello".into();
        doc.metadata.info.creator = "Sportello".into();
        doc.metadata.info.identifier = meta.id.clone();
        doc.metadata.info.subject = meta.period.clone();
        doc.with_pages(finished);
        let options = PdfSaveOptions::default();
        let mut warnings = Vec::new();
        let mut pdf = doc.to_lopdf_document(&options, &mut warnings);
        // printpdf draws the trailer's /ID at random: the document's id takes its place.
        let id = lopdf::Object::String(file_id(&meta.id), lopdf::StringFormat::Hexadecimal);
        pdf.trailer
            .set("ID", lopdf::Object::Array(vec![id.clone(), id]));
        if options.optimize {
            pdf.compress();
        }
        let mut out = Vec::new();
        // Writing into memory cannot fail.
        let _ = pdf.save_to(&mut out);
        out
    }

    /// The heading (issuer, title, period) and the footer of page `n` of `m`.
    fn decorate(&mut self, n: usize, m: usize) {
        let meta = self.meta.clone();
        let top = PAGE_H - 14.0;
        // The coat of arms, 12 mm tall, left of the issuer and the title.
        let left = match &self.logo {
            Some(logo) => {
                let w = logo.width_mm(LOGO_HEIGHT);
                let dpi = logo.width as f32 * 25.4 / w;
                self.ops().push(Op::UseXobject {
                    id: XObjectId(LOGO_ID.into()),
                    transform: XObjectTransform {
                        translate_x: Some(pt(MARGIN)),
                        translate_y: Some(pt(top - 8.0)),
                        dpi: Some(dpi),
                        ..Default::default()
                    },
                });
                MARGIN + w + 3.0
            }
            None => MARGIN,
        };
        self.text_at(left, top, &meta.issuer, 10.0, Weight::Bold, INK);
        self.text_at(left, top - 6.5, &meta.title, 14.0, Weight::Bold, INK);
        let period_w = self.width(&meta.period, 10.0, Weight::Regular);
        self.text_at(
            PAGE_W - MARGIN - period_w,
            top - 6.5,
            &meta.period,
            10.0,
            Weight::Regular,
            INK,
        );
        self.line(MARGIN, top - 10.0, PAGE_W - MARGIN, top - 10.0, 1.0, INK);
        let footer_y = 12.0;
        self.line(
            MARGIN,
            footer_y + 4.5,
            PAGE_W - MARGIN,
            footer_y + 4.5,
            0.5,
            GREY,
        );
        let left = format!(
            "Documento {} · prodotto il {} con Sportello",
            meta.id,
            sportello_core::format::date(meta.date)
        );
        self.text_at(MARGIN, footer_y, &left, 8.0, Weight::Regular, GREY);
        let page = format!("Pagina {n} di {m}");
        let w = self.width(&page, 8.0, Weight::Regular);
        self.text_at(
            PAGE_W - MARGIN - w,
            footer_y,
            &page,
            8.0,
            Weight::Regular,
            GREY,
        );
    }
}

/// The 16 bytes of the /ID: the document id's bytes, padded or folded.
fn file_id(id: &str) -> Vec<u8> {
    let mut out = vec![0u8; 16];
    for (i, b) in id.bytes().enumerate() {
        out[i % 16] ^= b.wrapping_add(i as u8);
    }
    out
}
