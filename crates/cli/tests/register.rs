//! `sportello import`, `importazioni`, `annulla-import` and `export` from the command line: the
//! example register of `assets/` imported, the same file refused the second time, a bad row
//! refused with exit code 7 and its row and column (and the saved report), another layout read
//! through a mapping file, the import undone; the register and the hours exported as CSV and
//! XLSX outside the data folder, never inside it.

#[path = "../../archive/tests/common/mod.rs"]
mod common;
mod support;

use support::*;

const EXAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../assets/registro-esempio.csv"
);
const OTHER: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../assets/registro-altro-formato.csv"
);

#[test]
fn the_register_comes_in_whole_or_not_at_all_and_can_be_undone() {
    let (_tmp, dir) = demo_archive();
    let pass = [("SPORTELLO_PASSPHRASE", PASS)];
    let o = sportello(&dir, &["import", EXAMPLE, "--anteprima"], &pass);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("5 colloqui da importare"),
        "{}",
        stdout(&o)
    );

    let o = sportello(&dir, &["import", EXAMPLE, "--json"], &pass);
    assert!(o.status.success(), "{}", stderr(&o));
    let outcome: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    assert_eq!(outcome["contacts"], 5);
    assert_eq!(outcome["persons"], 3, "Nicolò D'Angelo twice is one person");
    assert_eq!(outcome["anonymous"], 1);
    assert_eq!(outcome["referrals"], 3);
    let batch = outcome["batch"].as_str().expect("batch").to_string();

    let o = sportello(&dir, &["import", EXAMPLE], &pass);
    assert_eq!(o.status.code(), Some(7));
    assert!(stderr(&o).contains("già stato importato"), "{}", stderr(&o));

    // One bad row: nothing imported, the row and column named, the report saved.
    let work = tempfile::tempdir().expect("tmp");
    let bad = work.path().join("registro.csv");
    let text = std::fs::read_to_string(EXAMPLE).expect("example");
    std::fs::write(&bad, text.replace("28/01/2025;09:00", "31/02/2025;09:00")).expect("write");
    let report = work.path().join("errori.csv");
    let o = sportello(
        &dir,
        &[
            "import",
            bad.to_str().expect("utf-8"),
            "--rapporto-errori",
            report.to_str().expect("utf-8"),
        ],
        &pass,
    );
    assert_eq!(o.status.code(), Some(7));
    let err = stderr(&o);
    assert!(
        err.contains("riga 6, colonna «data», valore «31/02/2025»: Data non valida"),
        "{err}"
    );
    assert!(err.contains("errore: 1 riga del file ha problemi"), "{err}");
    let saved = std::fs::read_to_string(&report).expect("report");
    assert!(saved.contains("riga;colonna;valore;problema"), "{saved}");
    assert!(
        saved.contains("6;data;31/02/2025;Data non valida"),
        "{saved}"
    );

    // Another layout: the duration's column and a value named in a mapping file.
    let mapping = work.path().join("mappatura.json");
    std::fs::write(
        &mapping,
        r#"{"columns": {"Min.": "duration"}, "values": {"areas": {"casa": "POV"}}}"#,
    )
    .expect("mapping");
    let o = sportello(&dir, &["import", OTHER], &pass);
    assert_eq!(
        o.status.code(),
        Some(7),
        "without the mapping: {}",
        stdout(&o)
    );
    assert!(
        stderr(&o).contains("Manca la colonna «durata_minuti»"),
        "{}",
        stderr(&o)
    );
    let o = sportello(
        &dir,
        &[
            "import",
            OTHER,
            "--mappatura",
            mapping.to_str().expect("utf-8"),
        ],
        &pass,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("Importati 3 colloqui, 2 persone nuove, 0 accessi anonimi, 1 invio"),
        "{}",
        stdout(&o)
    );

    let o = sportello(&dir, &["importazioni"], &pass);
    assert!(o.status.success());
    assert_eq!(stdout(&o).lines().count(), 2, "{}", stdout(&o));
    let o = sportello(&dir, &["annulla-import", &batch], &pass);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("5 colloqui e 4 schede persona"),
        "{}",
        stdout(&o)
    );
    let o = sportello(&dir, &["verify"], &pass);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn the_register_and_the_hours_go_out_only_outside_the_data_folder() {
    let (_tmp, dir) = demo_archive();
    let pass = [("SPORTELLO_PASSPHRASE", PASS)];
    let out = tempfile::tempdir().expect("tmp");
    let csv = out.path().join("registro.csv");
    let o = sportello(
        &dir,
        &["export", "registro", "--out", csv.to_str().expect("utf-8")],
        &pass,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("non è cifrato"));
    let bytes = std::fs::read(&csv).expect("csv");
    assert!(bytes.starts_with("\u{feff}data;ora;durata_minuti;cognome".as_bytes()));
    let xlsx = out.path().join("ore.xlsx");
    let o = sportello(
        &dir,
        &["export", "hours", "--out", xlsx.to_str().expect("utf-8")],
        &pass,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let listing = std::process::Command::new("unzip")
        .arg("-l")
        .arg(&xlsx)
        .output()
        .expect("unzip");
    assert!(String::from_utf8_lossy(&listing.stdout).contains("xl/worksheets/sheet1.xml"));

    let inside = dir.join("registro.csv");
    let o = sportello(
        &dir,
        &[
            "export",
            "registro",
            "--out",
            inside.to_str().expect("utf-8"),
        ],
        &pass,
    );
    assert_eq!(o.status.code(), Some(7));
    assert!(
        stderr(&o).contains("dentro la cartella dell'archivio"),
        "{}",
        stderr(&o)
    );
    assert!(!inside.exists());
    let ods = out.path().join("registro.ods");
    let o = sportello(
        &dir,
        &["export", "registro", "--out", ods.to_str().expect("utf-8")],
        &pass,
    );
    assert_eq!(o.status.code(), Some(7));
    assert!(!ods.exists());
}
