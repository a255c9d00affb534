//! `sportello report …`: the monthly statement, the yearly reconciliation and the activity
//! report, to PDF, CSV, XLSX or JSON.

use crate::Report;
use chrono::Datelike;
use sportello_archive::{Archive, ArchiveError, ArchivePaths};
use sportello_core::ipc::YearRef;
use sportello_core::{format, Lang};

pub(crate) fn parse_month(input: &str) -> Result<(i32, u32), ArchiveError> {
    input
        .trim()
        .split_once('-')
        .and_then(|(y, m)| Some((y.parse::<i32>().ok()?, m.parse::<u32>().ok()?)))
        .filter(|(y, m)| (1900..=2100).contains(y) && (1..=12).contains(m))
        .ok_or_else(|| {
            ArchiveError::Rejected(format!(
                "--mese: «{input}» non è un mese: usare AAAA-MM, es. 2026-03."
            ))
        })
}

pub(crate) fn print_json(value: &impl serde::Serialize) -> Result<(), ArchiveError> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| ArchiveError::Rejected(format!("JSON: {e}")))?;
    println!("{text}");
    Ok(())
}

/// The report to print: from the log (with whether its figures changed since), or a new one
/// (logged when it is written to a file); and the raw figures when asked for.
pub(crate) fn activity_report(
    archive: &mut Archive,
    period: Option<sportello_core::stats::Period>,
    from_log: Option<&str>,
    threshold: u64,
    unsuppressed: bool,
    to_files: bool,
    today: chrono::NaiveDate,
) -> Result<
    (
        sportello_core::stats::ActivityReport,
        Option<sportello_core::stats::PrintedFigures>,
        Option<sportello_archive::SinceReport>,
    ),
    ArchiveError,
> {
    if let Some(id) = from_log {
        let report = archive.logged_activity_report(id).map_err(|e| match e {
            ArchiveError::RecordNotFound => {
                ArchiveError::Rejected(format!("Nessun report registrato con identificativo {id}."))
            }
            other => other,
        })?;
        let changed = archive.activity_report_changed(id)?;
        return Ok((report, None, Some(changed)));
    }
    let period = period.ok_or_else(|| ArchiveError::Rejected("Periodo mancante.".into()))?;
    let report = archive.draft_activity_report(period, threshold, today)?;
    let raw = unsuppressed.then(|| {
        archive
            .activity_figures(period, today)
            .map(|f| f.unsuppressed(threshold))
    });
    let raw = raw.transpose()?;
    if to_files {
        archive.log_activity_report(&report)?;
        eprintln!("Report {} registrato.", report.document.id);
    }
    Ok((report, raw, None))
}

pub(crate) fn parse_period(
    from: &str,
    to: &str,
) -> Result<sportello_core::stats::Period, ArchiveError> {
    let day = |text: &str, flag: &str| {
        format::parse_date(text)
            .map_err(|m| ArchiveError::Rejected(format!("{flag} «{text}»: {}", m.text(Lang::It))))
    };
    let (from, to) = (day(from, "--dal")?, day(to, "--al")?);
    sportello_core::stats::Period::recognised(from, to).map_err(|_| {
        ArchiveError::Rejected(
            "Il periodo finisce prima di cominciare: --al viene prima di --dal.".into(),
        )
    })
}

pub(crate) fn write_file(
    path: &std::path::Path,
    bytes: &[u8],
    what: &str,
) -> Result<(), ArchiveError> {
    sportello_archive::fsutil::write_atomic(path, bytes)?;
    eprintln!(
        "{what} scritto in {} ({} byte).",
        path.display(),
        bytes.len()
    );
    Ok(())
}

pub(crate) fn write_pdf(path: &std::path::Path, pdf: &[u8]) -> Result<(), ArchiveError> {
    write_file(path, pdf, "PDF")
}

pub(crate) fn report(
    paths: &ArchivePaths,
    which: Report,
    today: chrono::NaiveDate,
) -> Result<(), ArchiveError> {
    let nothing = || ArchiveError::Rejected("Indicare --out FILE.pdf, --json, o entrambi.".into());
    match which {
        Report::Attivita {
            from,
            to,
            out,
            json,
            csv,
            xlsx,
            threshold,
            unsuppressed,
            from_log,
        } => {
            let files = out.is_some() || csv.is_some() || xlsx.is_some();
            if !files && !json {
                return Err(ArchiveError::Rejected(
                    "Indicare --out FILE.pdf, --json, --csv FILE o --xlsx FILE.".into(),
                ));
            }
            if unsuppressed && (files || from_log.is_some()) {
                return Err(ArchiveError::Rejected(
                    "Le cifre senza soppressione si mostrano solo con --json: mai in un PDF, CSV o XLSX.".into(),
                ));
            }
            let period =
                match (&from_log, from, to) {
                    (Some(_), None, None) => None,
                    (Some(_), _, _) => return Err(ArchiveError::Rejected(
                        "Con --da-registro il periodo è quello registrato: togliere --dal e --al."
                            .into(),
                    )),
                    (None, Some(from), Some(to)) => Some(parse_period(&from, &to)?),
                    (None, _, _) => {
                        return Err(ArchiveError::Rejected(
                            "Indicare il periodo con --dal AAAA-MM-GG e --al AAAA-MM-GG.".into(),
                        ))
                    }
                };
            let mut archive = crate::secrets::unlock(paths)?;
            let result = activity_report(
                &mut archive,
                period,
                from_log.as_deref(),
                threshold,
                unsuppressed,
                files,
                today,
            );
            archive.lock()?;
            let (report, raw, changed) = result?;
            if let Some(out) = out {
                write_pdf(&out, &sportello_report::activity_pdf(&report))?;
            }
            if let Some(path) = csv {
                write_file(&path, &sportello_report::activity_csv(&report), "CSV")?;
            }
            if let Some(path) = xlsx {
                let bytes = sportello_report::activity_xlsx(&report)
                    .map_err(|e| ArchiveError::Rejected(format!("XLSX: {e}")))?;
                write_file(&path, &bytes, "XLSX")?;
            }
            if let Some(changed) = changed {
                eprintln!("{}", changed.sentence());
            }
            if json {
                match raw {
                    Some(raw) => print_json(&raw)?,
                    None => print_json(&report.figures)?,
                }
            }
            Ok(())
        }
        Report::Ore { month, out, json } => {
            if out.is_none() && !json {
                return Err(nothing());
            }
            let (year, month) = parse_month(&month)?;
            let mut archive = crate::secrets::unlock(paths)?;
            let Some((statement, doc)) = archive
                .statement_document(year, month, today)
                .map(Some)
                .or_else(|e| match e {
                ArchiveError::RecordNotFound => Ok(None),
                other => Err(other),
            })?
            else {
                archive.lock()?;
                return Err(ArchiveError::Rejected(format!(
                    "Nessuna convenzione copre il mese {year:04}-{month:02}."
                )));
            };
            if let Some(out) = out {
                write_pdf(
                    &out,
                    &sportello_report::monthly_statement_pdf(&statement, &doc),
                )?;
                archive.record_issue(&statement, &doc)?;
            }
            archive.lock()?;
            if json {
                print_json(&statement)?;
            }
            Ok(())
        }
        Report::Riconciliazione { year, out, json } => {
            if out.is_none() && !json {
                return Err(nothing());
            }
            let archive = crate::secrets::unlock(paths)?;
            let result = contract_year_named(&archive, &year)
                .and_then(|y| archive.reconciliation_document(y, today));
            archive.lock()?;
            let (reconciliation, doc) = result?;
            if let Some(out) = out {
                write_pdf(
                    &out,
                    &sportello_report::reconciliation_pdf(&reconciliation, &doc),
                )?;
            }
            if json {
                print_json(&reconciliation)?;
            }
            Ok(())
        }
    }
}

/// The contract year `--anno` names: the one starting in a calendar year (AAAA), or on a day
/// (gg/mm/aaaa) when two start in the same calendar year.
pub(crate) fn contract_year_named(archive: &Archive, text: &str) -> Result<YearRef, ArchiveError> {
    let text = text.trim();
    let (year, day) = match text.parse::<i32>() {
        Ok(year) => (year, None),
        Err(_) => {
            let day = sportello_core::format::parse_date(text).map_err(|_| {
                ArchiveError::Rejected(format!(
                    "Anno non valido: «{text}». Scrivere l'anno (AAAA) o il primo giorno dell'anno contrattuale (gg/mm/aaaa)."
                ))
            })?;
            (day.year(), Some(day))
        }
    };
    let found: Vec<YearRef> = archive
        .contract_years_starting_in(year)?
        .into_iter()
        .filter(|y| day.is_none_or(|d| y.year_start == d))
        .collect();
    match found.as_slice() {
        [one] => Ok(*one),
        [] => Err(ArchiveError::Rejected(match day {
            Some(d) => format!(
                "Nessun anno contrattuale inizia il {}.",
                sportello_core::format::date(d)
            ),
            None => format!("Nessun anno contrattuale inizia nel {year}."),
        })),
        many => Err(ArchiveError::Rejected(format!(
            "Nel {year} iniziano {} anni contrattuali ({}): indicare il primo giorno con --anno gg/mm/aaaa.",
            many.len(),
            many.iter()
                .map(|y| format!("dal {}", sportello_core::format::date(y.year_start)))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}
