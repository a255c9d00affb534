//! The recovery kit: one page with the archive's recovery key as text (in groups, to copy by
//! hand) and as a QR code drawn as vector squares, with Italian instructions — when it is
//! needed, what it opens, where to keep it. Bytes out; the date is an input.

use crate::layout::{DocMeta, Layout, Weight, INK, MARGIN, PAGE_W};
use chrono::NaiveDate;
use qrcode::{Color, EcLevel, QrCode};

const BODY: f32 = 10.5;
const PREFIX: &str = "AGE-SECRET-KEY-1";

/// The kit for `key` (`AGE-SECRET-KEY-1…`), made on `date` for the archive in `data_dir`.
pub fn recovery_kit_pdf(key: &str, date: NaiveDate, data_dir: &str) -> Vec<u8> {
    let meta = DocMeta {
        id: format!("KIT-{}", date.format("%Y%m%d")),
        date,
        issuer: "Sportello — Segretariato Sociale".into(),
        title: "Kit di recupero dell'archivio".into(),
        period: sportello_core::format::date(date),
        logo_sha256: None,
        logo_png: None,
    };
    let mut l = Layout::new(meta);
    l.paragraph(
        "Questo foglio apre l'archivio di Sportello e tutte le sue copie di sicurezza quando la frase segreta è stata dimenticata, o su un computer nuovo. Chi lo possiede può leggere tutti i dati delle persone seguite: custodirlo come le chiavi dell'ufficio.",
        BODY,
        Weight::Regular,
    );
    l.down(4.0);
    l.text(MARGIN, "Chiave di recupero", 12.0, Weight::Bold);
    l.down(8.0);
    // The prefix, then groups of eight, four a line: easy to copy and to check (the set-up
    // asks to type back groups counted the same way).
    let mut groups = sportello_core::passphrase::recovery_key_groups(key);
    let prefix = if groups.first().map(String::as_str) == Some(PREFIX) {
        groups.remove(0)
    } else {
        String::new()
    };
    if !prefix.is_empty() {
        l.text(MARGIN + 4.0, &prefix, 13.0, Weight::Bold);
        l.down(7.0);
    }
    for line in groups.chunks(4) {
        l.text(MARGIN + 4.0, &line.join("  "), 13.0, Weight::Bold);
        l.down(7.0);
    }
    l.down(2.0);
    qr(&mut l, key);
    l.down(4.0);
    for (title, text) in [
        (
            "Frase segreta dimenticata",
            "Nella schermata di sblocco scegliere «Frase segreta dimenticata? Usa la chiave di recupero», scrivere la chiave (maiuscole e spazi non contano) e una nuova frase segreta: quella vecchia non funzionerà più.",
        ),
        (
            "Computer nuovo, perso o guasto",
            "Installare Sportello e ricostruire l'archivio dall'ultima copia di sicurezza (file sportello-AAAAMMGG-HHMMSS-….age sulla chiavetta) con «sportello restore FILE --recupero»: chiede questa chiave e una nuova frase segreta, e questo kit resta valido. Le copie si aprono anche senza Sportello: age -d -i chiave.txt copia.age | sqlite3 archivio.db, dove chiave.txt contiene la riga della chiave; il file ottenuto è in chiaro: tenerlo su un disco cifrato e cancellarlo appena possibile.",
        ),
        (
            "Dove tenerlo",
            "In una busta chiusa, in un armadio chiuso a chiave, lontano dal portatile e dalla chiavetta dei backup. Non fotografarlo, non inviarlo per email, non salvarlo sul computer. Se va perso o qualcun altro lo ha visto, avvisare subito il responsabile del trattamento e creare una nuova chiave (Impostazioni, «Nuova chiave di recupero»): da quel momento questo foglio non apre più l'archivio né le copie nuove, ma serve ancora per le copie fatte prima.",
        ),
    ] {
        l.keep(24.0);
        l.text(MARGIN, title, 11.0, Weight::Bold);
        l.down(5.5);
        l.paragraph(text, BODY, Weight::Regular);
        l.down(2.5);
    }
    l.paragraph(
        &format!("Archivio nella cartella: {data_dir}"),
        9.0,
        Weight::Regular,
    );
    l.finish()
}

/// The key as a QR code, 46 mm wide, centred; each row's dark runs drawn as one rectangle.
fn qr(l: &mut Layout, key: &str) {
    let Ok(code) = QrCode::with_error_correction_level(key.as_bytes(), EcLevel::M) else {
        return;
    };
    let n = code.width();
    let colors = code.to_colors();
    let quiet = 4usize;
    let side = 46.0;
    let module = side / (n + 2 * quiet) as f32;
    l.keep(side + 4.0);
    let left = (PAGE_W - side) / 2.0;
    let top = l.y;
    for row in 0..n {
        let mut col = 0;
        while col < n {
            if colors[row * n + col] != Color::Dark {
                col += 1;
                continue;
            }
            let start = col;
            while col < n && colors[row * n + col] == Color::Dark {
                col += 1;
            }
            let x = left + (quiet + start) as f32 * module;
            let y = top - (quiet + row + 1) as f32 * module;
            l.fill(x, y, (col - start) as f32 * module, module, INK);
        }
    }
    l.y = top - side;
}
