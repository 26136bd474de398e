//! Alerts from monitoring tools: what a sender's request says (`sources/`), the normalised alert
//! it becomes ([`signal`]), and how alerts are deduplicated, grouped and turned into pages and
//! incidents (`routing`, `grouping`). Pure: the store keeps the alerts and groups, the server
//! answers the senders, and both call these rules.
//!
//! docs/alerts.md describes the behaviour for users; the reference for each sender's wire format
//! is in the comments of its source module.

pub mod inbound;
pub mod kind;
pub mod signal;
pub mod template;

pub use inbound::{Endpoint, Inbound, Parsed, Rejection};
pub use kind::SourceKind;
pub use signal::{AlertLink, AlertSeverity, AlertSignal, AlertStatus, KeySource, Signal};
