//! Alerts in (docs/alerts.md): integrations and their keys (`integrations.rs`), the inbox
//! requests are stored in before they are answered, group-committed (`inbox.rs`), processing
//! them in arrival order into alerts and groups by core's rules (`process.rs`, `book_io.rs`),
//! the jobs that carry a group's effects onto incidents (`effects.rs`), and the reads the
//! pages and the API show (`read.rs`).

mod book_io;
pub(crate) mod cache;
mod effects;
pub(crate) mod inbox;
mod integrations;
mod process;
mod process_writes;
pub(crate) mod project;
mod read;
mod retention;

pub use cache::Known;
pub use effects::{AlertEffectJob, EffectKind, GroupEffect, EFFECT_KIND};
pub use inbox::{InboxRequest, Stored};
pub use integrations::{Integration, IntegrationInput, IntegrationKey};
pub use read::{AlertFilter, AlertGroupView, AlertView, InboxItem};
pub use retention::RETENTION;
