//! The comune's coat of arms (stemma) at the top of a report: a PNG decoded here to RGB on
//! white (transparency flattened, as on paper), checked for size, and drawn at a fixed height.

use printpdf::{RawImage, RawImageData, RawImageFormat};

/// The largest PNG accepted, and the largest side in pixels.
pub const MAX_LOGO_BYTES: usize = 512 * 1024;
pub const MAX_LOGO_SIDE: u32 = 2000;

/// Why a file is not accepted as the logo, in Italian.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LogoError {
    #[error("Lo stemma deve essere un'immagine PNG: questo file non lo è o è danneggiato.")]
    NotPng,
    #[error("Lo stemma è troppo grande: al massimo 512 KB e 2000 pixel per lato.")]
    TooLarge,
}

/// A decoded logo: its size in pixels and its RGB samples.
#[derive(Debug, Clone, PartialEq)]
pub struct Logo {
    pub width: u32,
    pub height: u32,
    rgb: Vec<u8>,
}

impl Logo {
    /// Decodes a PNG (any colour type and depth), flattening transparency onto white.
    pub fn from_png(bytes: &[u8]) -> Result<Logo, LogoError> {
        if bytes.len() > MAX_LOGO_BYTES {
            return Err(LogoError::TooLarge);
        }
        let mut decoder = png::Decoder::new_with_limits(
            std::io::Cursor::new(bytes),
            png::Limits {
                bytes: 64 * 1024 * 1024,
            },
        );
        decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
        let mut reader = decoder.read_info().map_err(|_| LogoError::NotPng)?;
        let (width, height) = (reader.info().width, reader.info().height);
        if width == 0 || height == 0 {
            return Err(LogoError::NotPng);
        }
        if width > MAX_LOGO_SIDE || height > MAX_LOGO_SIDE {
            return Err(LogoError::TooLarge);
        }
        let mut buf = vec![0; reader.output_buffer_size().ok_or(LogoError::TooLarge)?];
        let info = reader.next_frame(&mut buf).map_err(|_| LogoError::NotPng)?;
        let samples = &buf[..info.line_size * info.height as usize];
        let over_white = |v: u8, a: u8| {
            let (v, a) = (u32::from(v), u32::from(a));
            ((v * a + 255 * (255 - a) + 127) / 255) as u8
        };
        let mut rgb = Vec::with_capacity(width as usize * height as usize * 3);
        for line in samples.chunks(info.line_size) {
            let line = &line[..info.line_size.min(line.len())];
            match info.color_type {
                png::ColorType::Rgb => {
                    rgb.extend_from_slice(line.get(..width as usize * 3).ok_or(LogoError::NotPng)?)
                }
                png::ColorType::Rgba => {
                    for p in line.chunks_exact(4).take(width as usize) {
                        rgb.extend([p[0], p[1], p[2]].map(|v| over_white(v, p[3])));
                    }
                }
                png::ColorType::Grayscale => {
                    for &g in line.iter().take(width as usize) {
                        rgb.extend([g, g, g]);
                    }
                }
                png::ColorType::GrayscaleAlpha => {
                    for p in line.chunks_exact(2).take(width as usize) {
                        let g = over_white(p[0], p[1]);
                        rgb.extend([g, g, g]);
                    }
                }
                // EXPAND turns indexed colours into RGB(A).
                png::ColorType::Indexed => return Err(LogoError::NotPng),
            }
        }
        if rgb.len() != width as usize * height as usize * 3 {
            return Err(LogoError::NotPng);
        }
        Ok(Logo { width, height, rgb })
    }

    /// Its width in mm when drawn `height_mm` tall.
    pub fn width_mm(&self, height_mm: f32) -> f32 {
        height_mm * self.width as f32 / self.height as f32
    }

    pub(crate) fn raw_image(&self) -> RawImage {
        RawImage {
            pixels: RawImageData::U8(self.rgb.clone()),
            width: self.width as usize,
            height: self.height as usize,
            data_format: RawImageFormat::RGB8,
            tag: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(w: u32, h: u32, color: png::ColorType, data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut e = png::Encoder::new(&mut out, w, h);
        e.set_color(color);
        e.set_depth(png::BitDepth::Eight);
        let mut writer = e.write_header().expect("header");
        writer.write_image_data(data).expect("data");
        drop(writer);
        out
    }

    #[test]
    fn a_logo_decodes_to_rgb_with_transparency_on_white() {
        // Opaque red, fully transparent, half-transparent black.
        let rgba = [255, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 128];
        let logo = Logo::from_png(&encode(3, 1, png::ColorType::Rgba, &rgba)).expect("rgba");
        assert_eq!((logo.width, logo.height), (3, 1));
        assert_eq!(logo.rgb, vec![255, 0, 0, 255, 255, 255, 127, 127, 127]);
        let grey =
            Logo::from_png(&encode(2, 1, png::ColorType::Grayscale, &[0, 200])).expect("grey");
        assert_eq!(grey.rgb, vec![0, 0, 0, 200, 200, 200]);
        assert!((grey.width_mm(12.0) - 24.0).abs() < 1e-4);
    }

    #[test]
    fn what_is_not_a_sane_png_is_refused_with_an_italian_sentence() {
        assert_eq!(Logo::from_png(b"GIF89a...").err(), Some(LogoError::NotPng));
        let mut cut = encode(2, 2, png::ColorType::Rgb, &[9; 12]);
        cut.truncate(cut.len() - 20);
        assert_eq!(Logo::from_png(&cut).err(), Some(LogoError::NotPng));
        let wide = encode(2001, 1, png::ColorType::Grayscale, &[0; 2001]);
        assert_eq!(Logo::from_png(&wide).err(), Some(LogoError::TooLarge));
        assert_eq!(
            Logo::from_png(&vec![0; MAX_LOGO_BYTES + 1]).err(),
            Some(LogoError::TooLarge)
        );
        assert!(LogoError::NotPng
            .to_string()
            .starts_with("Lo stemma deve essere"));
    }
}
