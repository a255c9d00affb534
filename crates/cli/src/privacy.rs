//! `export-persona`: a person's data for an access request (art. 15 GDPR), as JSON and PDF in
//! a folder outside the archive, after the decisions the review asks for.

use sportello_archive::{ArchiveError, ArchivePaths};
use sportello_core::model::{apply_review, AccessReview};
use sportello_core::Lang;
use std::path::Path;

/// What to do with the operator's evaluative notes: the review asks for a decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Evaluations {
    /// Le valutazioni dell'operatrice restano fuori dalla copia.
    #[value(name = "ometti", alias = "withhold")]
    Withhold,
    /// Le valutazioni dell'operatrice sono nella copia.
    #[value(name = "includi", alias = "include")]
    Include,
}

pub(crate) fn export_person(
    paths: &ArchivePaths,
    person: &str,
    out: &Path,
    evaluations: Option<Evaluations>,
    third_parties: bool,
    today: chrono::NaiveDate,
) -> Result<(), ArchiveError> {
    let archive = crate::secrets::unlock(paths)?;
    let id = archive.person_named(person)?;
    let dossier = archive.access_dossier(id)?;
    let mut review = AccessReview::new(&dossier);
    review.include_household = third_parties;
    review.include_household_notes = third_parties;
    review.include_service_feedback = third_parties;
    let undecided = review.undecided(&dossier);
    match evaluations {
        Some(choice) => {
            for contact in undecided {
                review
                    .evaluations
                    .insert(contact, choice == Evaluations::Include);
            }
        }
        None if !undecided.is_empty() => {
            return Err(ArchiveError::Rejected(format!(
                "La scheda ha {} valutazioni dell'operatrice: decidere se darle con --note-valutative includi oppure ometti.",
                undecided.len()
            )));
        }
        None => {}
    }
    let export = apply_review(&dossier, &review, today).map_err(|e| {
        ArchiveError::Rejected(
            e.0.iter()
                .map(|f| f.msg.text(Lang::It))
                .collect::<Vec<_>>()
                .join(" "),
        )
    })?;
    let pdf = sportello_report::document_pdf(&export.document(today));
    archive.check_access_export_folder(out)?;
    eprintln!(
        "ATTENZIONE: i file scritti ora non sono cifrati e chiunque li abbia può leggerli. Consegnarli alla persona (o a chi la rappresenta) e cancellarli da questo computer."
    );
    let written = archive.write_access_export(out, &export, &pdf)?;
    archive.lock()?;
    for path in written {
        println!("{}", path.display());
    }
    Ok(())
}
