//! Incidents: declaring, changing (events plus projection in one transaction, through the group
//! commit writer in `crate::writer`), and reading.

pub(crate) mod persist;
mod read;
mod resolve;
pub(crate) mod state;
mod viewers;
mod write;

pub use read::{IncidentFilter, IncidentPage};
pub use viewers::{SeeReason, Viewer};
pub(crate) use write::{not_found, opening_state};
pub use write::{Change, ChangeOutcome};
