//! The reports from the command line: the monthly statement, the yearly reconciliation and the
//! activity report, read back through qpdf, pdftotext and unzip.

#[path = "../../archive/tests/common/mod.rs"]
mod common;
mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use support::*;

/// `report ore` prints in the PDF the figures it gives in JSON, records the statement as
/// issued, and `report riconciliazione` then counts it as invoiced; bad months, months no
/// contract covers and a missing output are refused in Italian, writing nothing.
#[test]
fn monthly_statement_and_reconciliation_from_the_command_line() {
    use sportello_core::format::{euro, hours_decimal, hours_hhmm};
    use sportello_core::{Cents, Minutes};
    let (tmp, dir) = demo_archive();
    let pass = [("SPORTELLO_PASSPHRASE", PASS)];
    let pdf = tmp.path().join("rendiconto-2026-10.pdf");
    let pdf_arg = pdf.to_str().expect("utf-8 path");
    let out = sportello(
        &dir,
        &[
            "report", "ore", "--mese", "2026-10", "--out", pdf_arg, "--json",
        ],
        &pass,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let statement: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let minutes =
        |v: &serde_json::Value| Minutes(u32::try_from(v.as_u64().expect("minutes")).expect("u32"));
    let cents = |v: &serde_json::Value| Cents(v.as_i64().expect("cents"));
    let billable = minutes(&statement["billable"]);
    assert!(billable > Minutes(8 * 60), "October billed {billable:?}");
    assert_eq!(statement["sections"].as_array().map(Vec::len), Some(1));
    let section = &statement["sections"][0];
    // 23,00 € an hour, exempt: the amount is the minutes × rate, rounded once.
    let expected_amount = (i64::from(billable.0) * 2300 + 30) / 60;
    assert_eq!(cents(&statement["amount"]), Cents(expected_amount));
    assert_eq!(cents(&statement["vat_amount"]), Cents(0));
    let text = pdf_text(&pdf);
    for expected in [
        "Comune di Roccaverde".to_string(),
        "Rendiconto mensile delle ore".into(),
        "Ottobre 2026".into(),
        hours_hhmm(minutes(&section["front_office"])),
        hours_hhmm(minutes(&section["back_office"])),
        hours_hhmm(billable),
        hours_decimal(billable),
        euro(cents(&statement["total"])),
        hours_hhmm(minutes(&section["remaining"])),
    ] {
        assert!(text.contains(&expected), "{expected:?} not in:\n{text}");
    }

    // The reconciliation of the contract year that starts in 2026 counts October as invoiced.
    let rpdf = tmp.path().join("riconciliazione-2026.pdf");
    let out = sportello(
        &dir,
        &[
            "report",
            "riconciliazione",
            "--anno",
            "2026",
            "--out",
            rpdf.to_str().expect("utf-8"),
            "--json",
        ],
        &pass,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        cents(&r["invoiced_amount"]),
        cents(&statement["amount"]),
        "{r}"
    );
    let delivered = minutes(&r["delivered"]);
    assert!(delivered > billable);
    let text = pdf_text(&rpdf);
    for expected in [
        "Riconciliazione annuale del monte ore".to_string(),
        hours_hhmm(delivered),
        euro(cents(&r["delivered_amount"])),
        euro(cents(&r["invoiced_amount"])),
        euro(cents(&r["difference_amount"])),
    ] {
        assert!(text.contains(&expected), "{expected:?} not in:\n{text}");
    }

    // Mistakes: one Italian line each, exit code 1 or 2, no file written.
    let nowhere = tmp.path().join("non-esiste").join("x.pdf");
    let cases: [(&[&str], &str); 5] = [
        (
            &["report", "ore", "--mese", "2026-13", "--json"],
            "errore: --mese: «2026-13» non è un mese",
        ),
        (
            &["report", "ore", "--mese", "ottobre", "--json"],
            "errore: --mese: «ottobre» non è un mese",
        ),
        (
            &["report", "ore", "--mese", "2019-05", "--json"],
            "errore: Nessuna convenzione copre il mese 2019-05.",
        ),
        (
            &["report", "ore", "--mese", "2026-10"],
            "errore: Indicare --out FILE.pdf, --json, o entrambi.",
        ),
        (
            &["report", "riconciliazione", "--anno", "2019", "--json"],
            "errore: Nessun anno contrattuale inizia nel 2019.",
        ),
    ];
    for (args, expected) in cases {
        let out = sportello(&dir, args, &pass);
        let err = stderr(&out);
        assert!(!out.status.success(), "{args:?} succeeded");
        assert!(err.starts_with(expected), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?} printed {}", stdout(&out));
    }
    let out = sportello(
        &dir,
        &[
            "report",
            "ore",
            "--mese",
            "2026-10",
            "--out",
            nowhere.to_str().expect("utf-8"),
        ],
        &pass,
    );
    assert!(!out.status.success());
    assert!(stderr(&out).starts_with("errore: "), "{}", stderr(&out));
    assert!(!nowhere.exists());
    let out = sportello(&dir, &["verify"], &pass);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// The text of every part of an XLSX (a zip of XML files), read by `unzip`.
fn xlsx_text(path: &Path) -> String {
    let out = Command::new("unzip")
        .arg("-p")
        .arg(path)
        .output()
        .expect("unzip is installed");
    assert!(out.status.success(), "unzip: {}", stderr(&out));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `report attivita` prints in the PDF the figures of its JSON, keeps the report in the log so
/// it regenerates to the same bytes, and none of PDF, JSON, CSV or XLSX holds a surname, a name
/// or a codice fiscale of the persons counted; bad input is refused in one Italian line and
/// writes nothing.
#[test]
fn activity_report_from_the_command_line() {
    use sportello_core::stats::{Hidden, Printed, PrintedFigures};
    let (tmp, dir) = demo_archive();
    let pass = [("SPORTELLO_PASSPHRASE", PASS)];
    let file = |name: &str| tmp.path().join(name);
    let arg = |p: &PathBuf| p.to_str().expect("utf-8").to_owned();
    let (pdf, csv, xlsx) = (file("q3.pdf"), file("q3.csv"), file("q3.xlsx"));
    let out = sportello(
        &dir,
        &[
            "report",
            "attivita",
            "--dal",
            "2026-07-01",
            "--al",
            "2026-09-30",
            "--out",
            &arg(&pdf),
            "--csv",
            &arg(&csv),
            "--xlsx",
            &arg(&xlsx),
            "--json",
        ],
        &pass,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let figures: PrintedFigures = serde_json::from_slice(&out.stdout).expect("json");
    assert!(figures.suppressed);
    let id = stderr(&out)
        .lines()
        .find_map(|l| {
            l.strip_prefix("Report ")
                .and_then(|r| r.strip_suffix(" registrato."))
        })
        .expect("the report's id")
        .to_owned();
    let text = pdf_text(&pdf);
    let h = &figures.headline;
    assert!(h.contacts.value().is_some_and(|n| n >= 20), "{h:?}");
    assert!(text.contains(&id), "the id is printed");
    // A range that is exactly a quarter is named so.
    assert!(text.contains("3° trimestre 2026"), "{text}");
    // Every printed count of every table is in the PDF's text, on its row's line.
    let lines: Vec<&str> = text.lines().collect();
    for table in &figures.tables {
        assert!(text.contains(&table.title), "{} missing", table.title);
        for row in &table.rows {
            let shown: Vec<String> = row
                .cells
                .iter()
                .map(|c| c.text(figures.threshold))
                .collect();
            let line = lines.iter().find(|l| {
                // pdftotext may join "< 3" into "<3": compare without spaces.
                let squeezed = l.replace(' ', "");
                l.trim_start().starts_with(&row.label)
                    && shown.iter().all(|s| squeezed.contains(&s.replace(' ', "")))
            });
            assert!(
                line.is_some(),
                "{}: row {:?} {:?} not printed",
                table.code,
                row.label,
                shown
            );
        }
    }
    // Small counts are withheld everywhere: nothing from 1 to 2 is printed as a number.
    for table in &figures.tables {
        for row in table.rows.iter().chain([&table.total]) {
            for c in &row.cells {
                if let Printed::Value(v) = c {
                    assert!(*v == 0 || *v >= 3, "{} printed {v}", table.code);
                }
            }
        }
    }
    assert!(figures
        .tables
        .iter()
        .flat_map(|t| t.rows.iter())
        .flat_map(|r| r.cells.iter())
        .any(|c| *c == Printed::Hidden(Hidden::Small)));

    // No person's surname, name or codice fiscale in any output.
    let archive = sportello_archive::Archive::unlock(
        &sportello_archive::ArchivePaths::new(&dir),
        &sportello_archive::SecretString::from(PASS.to_owned()),
    )
    .expect("unlock");
    let period = figures.period;
    let input = archive
        .activity_input(
            period,
            chrono::NaiveDate::from_ymd_opt(2026, 11, 24).expect("day"),
        )
        .expect("rows");
    let csv_text = std::fs::read_to_string(&csv).expect("csv");
    let xlsx_text = xlsx_text(&xlsx);
    let json_text = stdout(&out);
    // Every named person of the archive (not only those counted) and every representative.
    let everyone = archive.find_persons("", u32::MAX).expect("persons");
    let counted: std::collections::BTreeSet<String> =
        input.persons.iter().map(|p| p.id.clone()).collect();
    let mut checked = 0;
    let mut checked_counted = 0;
    for summary in &everyone {
        let person = archive.person(summary.id).expect("person");
        let mut secrets: Vec<String> = person
            .data
            .representatives
            .iter()
            .map(|r| r.name.clone())
            .collect();
        if let sportello_core::model::Identity::Named {
            surname,
            name,
            codice_fiscale,
            ..
        } = &person.data.identity
        {
            secrets.extend([surname.clone(), name.clone()]);
            secrets.extend(codice_fiscale.as_ref().map(|c| c.as_str().to_owned()));
        }
        for secret in &secrets {
            for (what, body) in [
                ("PDF", &text),
                ("JSON", &json_text),
                ("CSV", &csv_text),
                ("XLSX", &xlsx_text),
            ] {
                assert!(!has_words(body, secret), "{secret:?} in the {what}");
            }
        }
        checked += 1;
        checked_counted += usize::from(counted.contains(&summary.id.0.to_string()));
    }
    assert!(checked >= 100, "{checked} persons checked");
    assert!(
        checked_counted >= 20,
        "{checked_counted} persons counted checked"
    );

    // The missing resources: in a quarter each was named by fewer than three persons, so the
    // draft proposes none and no text written in a colloquio reaches any output.
    let draft = archive
        .draft_activity_report(
            period,
            3,
            chrono::NaiveDate::from_ymd_opt(2026, 11, 24).expect("day"),
        )
        .expect("draft")
        .missing_resources;
    assert_eq!(draft, "");
    assert!(!text.contains("Risorse mancanti segnalate"));
    for (need, missing, _) in sportello_archive::demo::UNMET {
        for (what, body) in [
            ("PDF", &text),
            ("JSON", &json_text),
            ("CSV", &csv_text),
            ("XLSX", &xlsx_text),
        ] {
            assert!(
                !body.contains(need) && !body.contains(missing),
                "{missing:?} in the {what}"
            );
        }
    }
    assert!(xlsx_text.contains("Persone per cittadinanza"));
    assert!(csv_text.contains("persons_by_citizenship;Persone per cittadinanza"));
    drop(archive);

    // The same report from the log: the same bytes, and the records have not changed since.
    let again = file("q3-di-nuovo.pdf");
    let out = sportello(
        &dir,
        &[
            "report",
            "attivita",
            "--da-registro",
            &id,
            "--out",
            &arg(&again),
        ],
        &pass,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("coincidono"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read(&pdf).expect("pdf"),
        std::fs::read(&again).expect("again")
    );

    // Mistakes: one Italian line, exit 7, no file written.
    let bad = file("non-scritto.pdf");
    let bad_arg = arg(&bad);
    let bad_arg = bad_arg.as_str();
    for (args, expected) in [
        (
            vec![
                "--dal",
                "2026-10-01",
                "--al",
                "2026-09-30",
                "--out",
                bad_arg,
            ],
            "finisce prima di cominciare",
        ),
        (
            vec![
                "--dal",
                "31/02/2026",
                "--al",
                "2026-09-30",
                "--out",
                bad_arg,
            ],
            "--dal «31/02/2026»",
        ),
        (
            vec![
                "--dal",
                "2026-07-01",
                "--al",
                "2026-09-30",
                "--soglia",
                "1",
                "--out",
                bad_arg,
            ],
            "Soglia non valida",
        ),
        (
            vec![
                "--dal",
                "2026-07-01",
                "--al",
                "2026-09-30",
                "--senza-soppressione",
                "--out",
                bad_arg,
            ],
            "solo con --json",
        ),
        (
            vec!["--da-registro", "RA-0000-NESSUNO", "--out", bad_arg],
            "Nessun report registrato",
        ),
        (
            vec!["--dal", "2026-07-01", "--al", "2026-09-30"],
            "Indicare --out",
        ),
    ] {
        let mut all = vec!["report", "attivita"];
        all.extend(args.iter().copied());
        let out = sportello(&dir, &all, &pass);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(7), "{all:?}: {err}");
        assert!(err.contains(expected), "{all:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(!bad.exists());
    }
    // The raw figures, for her own checks, are marked as such.
    let out = sportello(
        &dir,
        &[
            "report",
            "attivita",
            "--dal",
            "2026-07-01",
            "--al",
            "2026-09-30",
            "--json",
            "--senza-soppressione",
        ],
        &pass,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let raw: PrintedFigures = serde_json::from_slice(&out.stdout).expect("json");
    assert!(!raw.suppressed);
    assert_eq!(raw.headline.contacts, figures.headline.contacts);
}

/// Does `body` hold `needle` as whole words (a surname like "Rossi" is not found inside
/// "Grossi")?
fn has_words(body: &str, needle: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let (body, needle) = (words(body), words(needle));
    !needle.is_empty() && body.windows(needle.len()).any(|w| w == needle.as_slice())
}
