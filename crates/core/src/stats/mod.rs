//! Statistics for the comune: the activity report's figures (pure, over plain rows), the
//! period they cover, and the small-count suppression that keeps them from exposing a person.

pub mod activity;
pub mod period;
pub mod suppress;

pub use activity::{compute, trace, ActivityFigures, ActivityInput, PrintedFigures};
pub use period::Period;
pub use suppress::{CannotProtect, Grid, Hidden, Printed, DEFAULT_THRESHOLD};
