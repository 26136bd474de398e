//! Incidents: declaring, changing (events plus projection in one transaction), and reading.

mod persist;
mod read;
mod resolve;
mod single_writer;
mod state;
mod write;

pub use read::{IncidentFilter, IncidentPage};
pub use write::{Change, ChangeOutcome};
