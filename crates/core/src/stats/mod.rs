//! Statistics for the comune: the activity report's figures (pure, over plain rows), the
//! period they cover, and the small-count suppression that keeps them from exposing a person.

pub mod activity;
mod labels;
mod links;
pub mod narrative;
pub mod observatory;
pub mod period;
pub mod rows;
pub mod suppress;
pub mod table;

pub use activity::{compute, trace, ActivityFigures, ActivityInput, PrintedFigures};

use serde::{Deserialize, Serialize};

/// An activity report as made and kept: everything its PDF is drawn from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityReport {
    pub document: crate::statement::DocumentInfo,
    /// The figures as printed (suppressed).
    pub figures: PrintedFigures,
    /// The summary, as edited.
    pub narrative: String,
    /// The yearly report's sections she writes: (title, text).
    pub sections: Vec<(String, String)>,
    /// The missing resources, as she kept them from the draft (see [`observatory`]); printed
    /// under the unmet needs.
    #[serde(default)]
    pub missing_resources: String,
    /// A fingerprint of the figures before suppression, taken with these: kept in the report
    /// log, never shown or sent to the page.
    #[serde(skip)]
    pub raw_fingerprint: String,
}
pub use period::Period;
pub use rows::{CaseRow, InterventionRow};
pub use suppress::{CannotProtect, Grid, Hidden, Printed, DEFAULT_THRESHOLD};
