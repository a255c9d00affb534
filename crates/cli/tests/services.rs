//! `sportello scheda` from the command line: a service found by part of its name or by its
//! id, its scheda written as a PDF (read back through qpdf and pdftotext, the desk's hours at
//! the foot); a name that matches several services listed and refused, an unknown one
//! refused, each with exit code 7 and no file written.

#[path = "../../archive/tests/common/mod.rs"]
mod common;
mod support;

use sportello_archive::{Archive, ArchivePaths, SecretString};
use support::*;

#[test]
fn the_scheda_of_a_service_is_written_and_ambiguous_names_are_refused() {
    let (_tmp, dir) = demo_archive();
    let out = dir.parent().expect("parent").join("schede");
    std::fs::create_dir_all(&out).expect("out");
    let pass = [("SPORTELLO_PASSPHRASE", PASS)];

    let by_name = out.join("telesoccorso.pdf");
    let o = sportello(
        &dir,
        &[
            "scheda",
            "telesocc",
            "--out",
            by_name.to_str().expect("utf-8"),
        ],
        &pass,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = pdf_text(&by_name);
    for expected in [
        "Telesoccorso",
        "Che cos'è",
        "Come si accede",
        "martedì 09:00–13:00",
        "Comune di Roccaverde",
    ] {
        assert!(text.contains(expected), "«{expected}»:\n{text}");
    }

    // Several services hold "centro": listed, refused, nothing written.
    let several = out.join("centro.pdf");
    let o = sportello(
        &dir,
        &[
            "scheda",
            "centro",
            "--out",
            several.to_str().expect("utf-8"),
        ],
        &pass,
    );
    assert_eq!(o.status.code(), Some(7));
    let err = stderr(&o);
    assert!(
        err.contains("Più servizi corrispondono")
            && err.contains("«Centro diurno»")
            && err.contains("«Centro antiviolenza»"),
        "{err}"
    );
    assert!(!several.exists());
    let o = sportello(
        &dir,
        &[
            "service-sheet",
            "astronave",
            "--out",
            several.to_str().expect("utf-8"),
        ],
        &pass,
    );
    assert_eq!(o.status.code(), Some(7));
    assert!(
        stderr(&o).contains("Nessun servizio del catalogo corrisponde"),
        "{}",
        stderr(&o)
    );
    assert!(!several.exists());

    // By its id, the same scheda.
    let id = {
        let archive = Archive::unlock(
            &ArchivePaths::new(&dir),
            &SecretString::from(PASS.to_string()),
        )
        .expect("unlock");
        let id = archive.find_service("Telesoccorso").expect("found").id;
        archive.lock().expect("lock");
        id
    };
    let by_id = out.join("per-id.pdf");
    let o = sportello(
        &dir,
        &[
            "scheda",
            &id.to_string(),
            "--uscita",
            by_id.to_str().expect("utf-8"),
        ],
        &pass,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(pdf_text(&by_id).contains("Telesoccorso"));
}
