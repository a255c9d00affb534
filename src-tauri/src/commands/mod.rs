//! The desktop's commands. Each one only translates: it deserializes its arguments, calls the
//! archive (or a core rule) through the [`Desk`](crate::state::Desk), and returns the answer or
//! one serializable `CommandError`. The list of commands is `command_list.rs`.

mod agenda;
mod casework;
pub(crate) mod documents;
mod hours;
mod operators;
mod persons;
mod privacy;
mod records;
mod register;
mod reports;
mod safekeeping;
mod session;

pub use agenda::*;
pub use casework::*;
pub use documents::*;
pub use hours::*;
pub use operators::*;
pub use persons::*;
pub use privacy::*;
pub use records::*;
pub use register::*;
pub use reports::*;
pub use safekeeping::*;
pub use session::*;
