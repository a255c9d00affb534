//! The `sportello` command line: damage and mistakes give distinct Italian messages, non-zero
//! exits, and leave every file untouched; the recovery key opens the archive and replaces the
//! passphrase.

#[path = "../../archive/tests/common/mod.rs"]
mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PASS: &str = "girasole verde mattina";

fn sportello(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sportello"));
    cmd.arg("--data-dir").arg(dir).args(args);
    cmd.env_remove("SPORTELLO_PASSPHRASE")
        .env_remove("SPORTELLO_NEW_PASSPHRASE")
        .env_remove("SPORTELLO_RECOVERY_KEY");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run sportello")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// An archive made by `sportello demo` (with data) in a fresh folder.
fn demo_archive() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("dati");
    let out = sportello(
        &dir,
        &[
            "demo",
            "--years",
            "1",
            "--seed",
            "3",
            "--end-date",
            "24/11/2026",
        ],
        &[("SPORTELLO_PASSPHRASE", PASS)],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    (tmp, dir)
}

/// Copies the archive into a new folder, so each case starts from the same state.
fn copy_of(dir: &Path) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tmp");
    let copy = tmp.path().join("dati");
    std::fs::create_dir_all(&copy).expect("mkdir");
    for (path, bytes) in common::snapshot(dir) {
        std::fs::write(copy.join(path.file_name().expect("name")), bytes).expect("copy");
    }
    (tmp, copy)
}

/// Runs `verify` and returns (exit code, the single stderr line); checks no file changed.
fn verify_fails(dir: &Path, pass: &str) -> (i32, String) {
    let before: BTreeMap<_, _> = common::snapshot(dir);
    let out = sportello(dir, &["verify"], &[("SPORTELLO_PASSPHRASE", pass)]);
    assert!(
        !out.status.success(),
        "verify should fail: {}",
        stdout(&out)
    );
    assert_eq!(
        common::snapshot(dir),
        before,
        "a failed verify changed the files"
    );
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "one line expected: {err:?}");
    assert!(err.starts_with("errore: "), "{err}");
    (out.status.code().unwrap_or(-1), err.trim_end().to_string())
}

#[test]
fn damage_and_mistakes_are_told_apart_and_leave_files_untouched() {
    let (_tmp, dir) = demo_archive();
    let ok = sportello(&dir, &["verify"], &[("SPORTELLO_PASSPHRASE", PASS)]);
    assert!(ok.status.success(), "{}", stderr(&ok));
    assert!(
        stdout(&ok).starts_with("Archivio integro"),
        "{}",
        stdout(&ok)
    );

    let (code_wrong, msg_wrong) = verify_fails(&dir, "non è questa la frase");
    assert_eq!(
        (code_wrong, msg_wrong.as_str()),
        (3, "errore: Frase segreta errata.")
    );

    let (_t1, truncated) = copy_of(&dir);
    let key = truncated.join("chiave.age");
    let len = std::fs::metadata(&key).expect("meta").len();
    std::fs::write(
        &key,
        &std::fs::read(&key).expect("read")[..(len / 2) as usize],
    )
    .expect("truncate");
    let (code_truncated, msg_truncated) = verify_fails(&truncated, PASS);

    // The wrapped file key sits in the scrypt stanza's body: the line after "-> scrypt …".
    let (_t2, altered) = copy_of(&dir);
    let key = altered.join("chiave.age");
    let bytes = std::fs::read(&key).expect("read");
    let stanza = memchr::memmem::find(&bytes, b"-> scrypt").expect("scrypt stanza");
    let body = stanza + memchr::memchr(b'\n', &bytes[stanza..]).expect("eol") + 3;
    let mut changed = bytes.clone();
    changed[body] = if changed[body] == b'A' { b'B' } else { b'A' };
    std::fs::write(&key, changed).expect("alter");
    let (code_altered, msg_altered) = verify_fails(&altered, PASS);

    let (_t3, payload) = copy_of(&dir);
    common::flip_bytes(&payload.join("chiave.age"), len as usize - 20, 2);
    let (code_payload, msg_payload) = verify_fails(&payload, PASS);

    let (_t4, flipped) = copy_of(&dir);
    let db = flipped.join("archivio.db");
    let db_len = std::fs::metadata(&db).expect("meta").len() as usize;
    assert!(
        db_len > 40 * 4096,
        "the demo database should span many pages"
    );
    common::flip_bytes(&db, 20 * 4096 + 1000, 8);
    let (code_db, msg_db) = verify_fails(&flipped, PASS);

    let (_t5, first_page) = copy_of(&dir);
    common::flip_bytes(&first_page.join("archivio.db"), 100, 8);
    let (code_first, msg_first) = verify_fails(&first_page, PASS);

    for (code, msg) in [
        (code_truncated, &msg_truncated),
        (code_altered, &msg_altered),
        (code_payload, &msg_payload),
    ] {
        assert_eq!(code, 4, "{msg}");
        assert!(
            msg.contains("Il file della chiave (chiave.age) è danneggiato"),
            "{msg}"
        );
    }
    for (code, msg) in [(code_db, &msg_db), (code_first, &msg_first)] {
        assert_eq!(code, 5, "{msg}");
        assert!(
            msg.contains("Il database dell'archivio (archivio.db) è danneggiato"),
            "{msg}"
        );
    }
    let distinct: std::collections::BTreeSet<_> =
        [&msg_wrong, &msg_truncated, &msg_db].into_iter().collect();
    assert_eq!(distinct.len(), 3);

    // The untouched original still verifies.
    assert!(
        sportello(&dir, &["verify"], &[("SPORTELLO_PASSPHRASE", PASS)])
            .status
            .success()
    );
}

#[test]
fn the_recovery_key_opens_the_archive_and_replaces_the_passphrase() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("dati");
    let init = sportello(
        &dir,
        &[
            "init",
            "--comune",
            "Comune di Roccaverde",
            "--ente-gestore",
            "Coop Il Ponte",
            "--inizio",
            "01/03/2026",
            "--fine",
            "28/02/2029",
            "--apertura",
            "mar 09:00-13:00",
        ],
        &[("SPORTELLO_PASSPHRASE", PASS)],
    );
    assert!(init.status.success(), "{}", stderr(&init));
    let text = stdout(&init);
    let keys: Vec<&str> = text
        .split_whitespace()
        .filter(|w| w.starts_with("AGE-SECRET-KEY-1"))
        .collect();
    assert_eq!(
        keys.len(),
        1,
        "the recovery key is shown exactly once: {text}"
    );
    let recovery = keys[0].to_string();
    assert!(
        common::canary_hits(&dir, &[&recovery, &recovery.to_lowercase()]).is_empty(),
        "the recovery key is never stored"
    );

    for args in [&["stats"][..], &["verify"][..]] {
        let out = sportello(&dir, args, &[("SPORTELLO_PASSPHRASE", PASS)]);
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            !stdout(&out).contains("AGE-SECRET-KEY"),
            "only init shows the recovery key"
        );
    }

    let wrong = sportello(
        &dir,
        &["passphrase", "--recupero"],
        &[
            ("SPORTELLO_RECOVERY_KEY", "AGE-SECRET-KEY-1QQQQ"),
            ("SPORTELLO_NEW_PASSPHRASE", "lampone treno collina"),
        ],
    );
    assert_eq!(wrong.status.code(), Some(3));
    assert!(
        stderr(&wrong).contains("Chiave di recupero non valida"),
        "{}",
        stderr(&wrong)
    );

    let new = "lampone treno collina azzurra";
    // Typed from the paper kit: lower case and split in groups is fine.
    let typed = recovery
        .to_lowercase()
        .as_bytes()
        .chunks(8)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    let out = sportello(
        &dir,
        &["passphrase", "--recupero"],
        &[
            ("SPORTELLO_RECOVERY_KEY", &typed),
            ("SPORTELLO_NEW_PASSPHRASE", new),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));

    let old = sportello(&dir, &["verify"], &[("SPORTELLO_PASSPHRASE", PASS)]);
    assert_eq!(
        old.status.code(),
        Some(3),
        "the old passphrase no longer opens: {}",
        stderr(&old)
    );
    let stats = sportello(&dir, &["stats"], &[("SPORTELLO_PASSPHRASE", new)]);
    assert!(stats.status.success(), "{}", stderr(&stats));
    assert!(
        stdout(&stats).contains("Comune di Roccaverde"),
        "{}",
        stdout(&stats)
    );
}

#[test]
fn weak_passphrases_and_bad_contract_data_are_refused_before_anything_is_written() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("dati");
    let weak = sportello(&dir, &["init"], &[("SPORTELLO_PASSPHRASE", "breve")]);
    assert_eq!(weak.status.code(), Some(7));
    assert_eq!(
        stderr(&weak).trim_end(),
        "errore: La frase segreta deve avere almeno 12 caratteri."
    );
    assert!(!dir.exists(), "nothing written");

    let bad = sportello(
        &dir,
        &[
            "init",
            "--comune",
            "Roccaverde",
            "--inizio",
            "31/02/2026",
            "--fine",
            "01/01/2029",
            "--monte-ore",
            "tanti",
        ],
        &[("SPORTELLO_PASSPHRASE", PASS)],
    );
    assert_eq!(bad.status.code(), Some(7));
    let err = stderr(&bad);
    assert!(
        err.contains("Data non valida") && err.contains("Ore non valide"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
    assert!(!dir.exists(), "nothing written");

    let none = sportello(&dir, &["stats"], &[("SPORTELLO_PASSPHRASE", PASS)]);
    assert_eq!(none.status.code(), Some(6));
    assert!(
        stderr(&none).contains("Nessun archivio in"),
        "{}",
        stderr(&none)
    );
}

#[test]
fn the_demo_is_deterministic_and_realistic() {
    let (_a, one) = demo_archive();
    let (_b, two) = demo_archive();
    let json = |dir: &Path| {
        let out = sportello(dir, &["stats", "--json"], &[("SPORTELLO_PASSPHRASE", PASS)]);
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).expect("json")
    };
    let (first, second) = (json(&one), json(&two));
    assert_eq!(first["counts"], second["counts"]);
    assert_eq!(first["contract"], second["contract"]);
    let contacts = first["counts"]["contacts"].as_u64().expect("contacts");
    // One contract year (01/03/2026 – 24/11/2026, August closed): about 7,8 months of 30–60.
    assert!((7 * 30..=9 * 60).contains(&contacts), "contacts {contacts}");
    assert!(first["counts"]["anonymous_persons"].as_u64().expect("anon") > 0);
    assert!(first["counts"]["referrals"].as_u64().expect("referrals") > 0);
    let terms = &first["contract"]["terms"];
    assert_eq!(terms["yearly_budget"], 178 * 60);
    assert_eq!(terms["hourly_rate"], 2300);
    assert_eq!(terms["weekly_cap"], 240);
    assert_eq!(terms["year_start"], "2026-03-01");
    // Billable time stays within the weekly cap, but for the odd week billed past it with a
    // note saying why (as the app asks).
    let over = first["year"]["weeks_over_cap"]
        .as_array()
        .expect("weeks over cap");
    assert!(over.len() <= 4, "weeks over cap {over:?}");
    for week in over {
        assert!(
            week["note"].as_str().is_some_and(|n| !n.is_empty()),
            "a week over the cap without a note: {week}"
        );
    }
}

/// A mistake on the command line is told in one Italian line, with exit code 2, and creates
/// nothing.
#[test]
fn command_line_mistakes_get_one_italian_line() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("dati");
    let cases: [(&[&str], &str); 6] = [
        (
            &["verify", "--foo"],
            "errore: opzione non riconosciuta: --foo.",
        ),
        (&["frobnicate"], "errore: comando sconosciuto: frobnicate"),
        (
            &["demo", "--years", "tre"],
            "errore: valore non valido per --anni",
        ),
        (
            &["stats", "--json", "--json"],
            "errore: opzione ripetuta: --json.",
        ),
        (&["init", "--comune"], "errore: manca il valore di --comune"),
        (
            &[],
            "errore: manca il comando (init, demo, verify, stats, passphrase, backup, restore, comune, report).",
        ),
    ];
    for (args, expected) in cases {
        let out = sportello(&dir, args, &[]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.starts_with(expected), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(!dir.exists(), "{args:?} created the data folder");
    }
}

/// Runs pdftotext on a PDF after `qpdf --check` found it well formed.
fn pdf_text(path: &Path) -> String {
    let check = Command::new("qpdf")
        .arg("--check")
        .arg(path)
        .output()
        .expect("qpdf is installed");
    assert!(check.status.success(), "qpdf --check: {}", stdout(&check));
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext is installed");
    assert!(out.status.success());
    String::from_utf8(out.stdout).expect("utf-8")
}

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

/// The comune's coat of arms and code: set from the command line, printed in the heading of
/// every page of the activity report (and regenerated with it from the log); what is not a
/// PNG, or not a known comune, is refused with one Italian line and changes nothing.
#[test]
fn the_comune_logo_and_code_are_set_and_printed() {
    let (tmp, dir) = demo_archive();
    let pass = [("SPORTELLO_PASSPHRASE", PASS)];
    let logo = tmp.path().join("stemma.png");
    let made = Command::new("convert")
        .args([
            "-size",
            "120x160",
            "xc:navy",
            "-fill",
            "gold",
            "-draw",
            "circle 60,80 60,30",
        ])
        .arg(&logo)
        .status()
        .expect("ImageMagick's convert must be installed");
    assert!(made.success());
    let notes = tmp.path().join("appunti.txt");
    std::fs::write(&notes, "non è un'immagine").expect("notes");
    let huge = tmp.path().join("foto.png");
    std::fs::write(&huge, vec![0u8; 600 * 1024]).expect("huge");
    let arg = |p: &PathBuf| p.to_str().expect("utf-8").to_owned();

    for (args, expected) in [
        (
            vec!["comune", "--stemma", &arg(&notes)],
            "Lo stemma deve essere un'immagine PNG: questo file non lo è o è danneggiato.",
        ),
        (
            vec!["comune", "--codice", "Z999"],
            "Codice catastale «Z999» sconosciuto",
        ),
        (
            vec!["comune", "--stemma", &arg(&huge)],
            "Lo stemma è troppo grande: al massimo 512 KB.",
        ),
        (
            vec!["comune", "--stemma", "/non/esiste/stemma.png"],
            "Il file «stemma.png» non esiste più: sceglierlo di nuovo.",
        ),
    ] {
        let out = sportello(&dir, &args, &pass);
        assert_eq!(out.status.code(), Some(7), "{}", stderr(&out));
        assert!(stderr(&out).contains(expected), "{}", stderr(&out));
    }
    let out = sportello(&dir, &["comune"], &pass);
    assert!(stdout(&out).contains("Stemma: nessuno"), "{}", stdout(&out));

    let out = sportello(
        &dir,
        &["comune", "--stemma", &arg(&logo), "--codice", "h451"],
        &pass,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Stemma impostato (120 × 160 pixel)"),
        "{}",
        stdout(&out)
    );
    assert!(
        stdout(&out).contains("Comune dello sportello: Roccaverano"),
        "{}",
        stdout(&out)
    );
    let out = sportello(&dir, &["comune"], &pass);
    assert!(
        stdout(&out).contains("Codice del Comune: H451\nStemma: impostato"),
        "{}",
        stdout(&out)
    );

    let pdf = tmp.path().join("mese.pdf");
    let out = sportello(
        &dir,
        &[
            "report",
            "attivita",
            "--dal",
            "2026-09-01",
            "--al",
            "2026-09-30",
            "--out",
            &arg(&pdf),
        ],
        &pass,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = pdf_text(&pdf);
    let pages = text.matches("Pagina ").count();
    let images = Command::new("pdfimages")
        .arg("-list")
        .arg(&pdf)
        .output()
        .expect("pdfimages (poppler-utils)");
    let listed = String::from_utf8_lossy(&images.stdout);
    let logos: Vec<&str> = listed
        .lines()
        .filter(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            f.len() > 4 && f[3] == "120" && f[4] == "160"
        })
        .collect();
    assert_eq!(logos.len(), pages, "one coat of arms per page:\n{listed}");

    // Taken away, the next report has none; the logged one still regenerates with it.
    let id = stderr(&out)
        .lines()
        .find_map(|l| {
            l.strip_prefix("Report ")
                .and_then(|r| r.strip_suffix(" registrato."))
        })
        .expect("id")
        .to_owned();
    let out = sportello(&dir, &["comune", "--senza-stemma"], &pass);
    assert!(out.status.success(), "{}", stderr(&out));
    let again = tmp.path().join("di-nuovo.pdf");
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
    assert_eq!(
        std::fs::read(&pdf).expect("pdf"),
        std::fs::read(&again).expect("again")
    );
}

/// A backup from the command line to a chosen folder (remembered), and a restore from it;
/// a damaged copy is refused with exit 8 and one Italian line, and changes nothing.
#[test]
fn backup_and_restore_from_the_command_line() {
    let (tmp, dir) = demo_archive();
    let pass = [("SPORTELLO_PASSPHRASE", PASS)];
    let stick = tmp.path().join("chiavetta");
    let arg = |p: &PathBuf| p.to_str().expect("utf-8").to_owned();
    let out = sportello(&dir, &["backup", "--cartella", &arg(&stick)], &pass);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("Copia di sicurezza scritta e controllata: "),
        "{}",
        stdout(&out)
    );
    let backups = || -> Vec<PathBuf> {
        std::fs::read_dir(&stick)
            .expect("stick")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "age"))
            .collect()
    };
    let first = backups();
    assert_eq!(first.len(), 1);
    // The folder is remembered: the next backup goes there without --cartella, and the
    // rotation keeps one backup per day, the newest.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let out = sportello(&dir, &["backup"], &pass);
    assert!(out.status.success(), "{}", stderr(&out));
    let second = backups();
    assert_eq!(second.len(), 1);
    assert!(second[0] > first[0], "{second:?} after {first:?}");
    let file = second[0].clone();

    let bytes = std::fs::read(&file).expect("backup");
    let cut = tmp.path().join("tagliata.age");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).expect("cut");
    let out = sportello(&dir, &["restore", &arg(&cut)], &pass);
    assert_eq!(out.status.code(), Some(8), "{}", stderr(&out));
    assert_eq!(
        stderr(&out).trim(),
        "errore: La copia di sicurezza «tagliata.age» è troncata o alterata: non è stato modificato nulla. Provare con un'altra copia."
    );
    let out = sportello(&dir, &["ripristina", &arg(&file)], &pass);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("Archivio ripristinato dalla copia del "),
        "{}",
        stdout(&out)
    );
    let out = sportello(&dir, &["verify"], &pass);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// A backup killed (SIGKILL) while it is writing leaves the earlier backups as they were and
/// no file that looks like a backup; the next backup succeeds.
#[test]
fn a_backup_killed_while_writing_leaves_the_earlier_ones_intact() {
    let (tmp, dir) = demo_archive();
    let pass = [("SPORTELLO_PASSPHRASE", PASS)];
    let stick = tmp.path().join("chiavetta");
    std::fs::create_dir_all(&stick).expect("stick");
    let stick_arg = stick.to_str().expect("utf-8").to_owned();
    let out = sportello(&dir, &["backup", "--cartella", &stick_arg], &pass);
    assert!(out.status.success(), "{}", stderr(&out));
    let listing = || -> Vec<(String, Vec<u8>)> {
        let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(&stick)
            .expect("stick")
            .flatten()
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).expect("read"),
                )
            })
            .collect();
        v.sort();
        v
    };
    let before = listing();
    assert_eq!(before.len(), 1);
    let mut killed_while_writing = 0;
    for _ in 0..3 {
        std::thread::sleep(std::time::Duration::from_millis(1100));
        let mut child = Command::new(env!("CARGO_BIN_EXE_sportello"))
            .arg("--data-dir")
            .arg(&dir)
            .arg("backup")
            .env("SPORTELLO_PASSPHRASE", PASS)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        // Wait until the backup is being written, then kill it.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        let writing = loop {
            let tmp_present = std::fs::read_dir(&stick)
                .expect("stick")
                .flatten()
                .any(|e| e.file_name().to_string_lossy().ends_with(".age.tmp"));
            if tmp_present {
                break true;
            }
            if child.try_wait().expect("wait").is_some() || std::time::Instant::now() > deadline {
                break false;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        };
        let _ = child.kill();
        let status = child.wait().expect("wait");
        // Finished before the kill landed: not a killed backup.
        if !writing || status.success() {
            continue;
        }
        killed_while_writing += 1;
        // The earlier backup is byte for byte as it was; nothing else looks like a backup.
        let now: Vec<(String, Vec<u8>)> = listing()
            .into_iter()
            .filter(|(name, _)| !name.ends_with(".age.tmp"))
            .collect();
        assert_eq!(now, before, "a killed backup touched the earlier ones");
    }
    assert!(
        killed_while_writing >= 1,
        "never caught a backup while writing"
    );
    // The next backup succeeds. What the killed ones left are hidden temporaries (removed by a
    // later backup once ten minutes old: another program could be writing one), never a file
    // that looks like a backup.
    let out = sportello(&dir, &["backup"], &pass);
    assert!(out.status.success(), "{}", stderr(&out));
    for (name, _) in listing() {
        assert!(
            sportello_core::backup::parse_backup_file_name(&name).is_some()
                || (name.starts_with(".sportello-") && name.ends_with(".age.tmp")),
            "{name}"
        );
    }
}
