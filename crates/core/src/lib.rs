//! Goldseam's domain: what an incident is, which changes are allowed, and who may see what.
//!
//! Everything here is pure: no I/O, no async, no database, no clock. Time is passed in by the
//! caller so tests can set it. The store persists what these rules decide; the server maps
//! requests onto them.

pub mod actor;
pub mod alerts;
pub mod catalog;
pub mod chat;
pub mod command;
pub mod delivery;
pub mod error;
pub mod event;
pub mod follow_up;
pub mod ical;
pub mod id;
pub mod incident;
mod key;
pub mod learning;
pub mod people;
pub mod policy;
pub mod postmortem;
pub mod reference;
pub mod response;
pub mod review;
pub mod role;
pub mod rule_scope;
pub mod schedule;
pub mod severity;
pub mod status;
pub mod subscription;
pub mod tags;
pub mod text;

pub use actor::{Actor, UserRole};
pub use catalog::Catalog;
pub use command::Command;
pub use delivery::{JobState, RetryPolicy};
pub use error::DomainError;
pub use event::{EventPayload, EventRecord};
pub use id::{
    ContactMethodId, EscalationPolicyId, EventId, Id, IncidentId, JobId, OverrideId, PageId,
    ResponseRuleId, ScheduleId, ServiceId, SubscriptionId, TeamId, TokenId, UserId,
};
pub use incident::IncidentState;
pub use role::{RoleKey, RoleKind};
pub use severity::{IncidentType, Severity, SeverityKey, TypeKey};
pub use status::Status;
pub use subscription::{SubscriptionChannel, SubscriptionTarget};
pub use tags::Tag;
