//! Alerts from monitoring tools: what a sender's request says (`sources/`), the normalised alert
//! it becomes ([`signal`]), and how alerts are deduplicated, grouped and turned into pages and
//! incidents (`routing`, `grouping`). Pure: the store keeps the alerts and groups, the server
//! answers the senders, and both call these rules.
//!
//! docs/alerts.md describes the behaviour for users; the reference for each sender's wire format
//! is in the comments of its source module.

pub mod book;
pub mod group;
pub mod grouping;
pub mod inbound;
pub mod kind;
pub mod policy;
pub mod route;
pub mod signal;
pub mod snippet;
pub mod sources;
pub mod template;

#[cfg(test)]
mod grouping_props;
#[cfg(test)]
mod grouping_tests;

pub use book::Book;
pub use group::{AlertState, GroupId, GroupState, GroupStatus};
pub use grouping::{receive, Effect, Outcome, Placement, Receipt};
pub use inbound::{Endpoint, Inbound, Parsed, Rejection};
pub use kind::SourceKind;
pub use policy::{AlertPolicy, ResolvePolicy, StormPolicy};
pub use route::{GroupBy, MatchOp, Matcher, Route, RouteAction, Threshold};
pub use signal::{AlertLink, AlertSeverity, AlertSignal, AlertStatus, KeySource, Signal};
