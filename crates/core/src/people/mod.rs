//! People, teams and services: who responds, how to reach them, and when.
//!
//! - [`team`]: team and service names, team roles, and who may change teams and services.
//! - [`contact`]: contact methods (email, SMS, voice, Slack, Mattermost, webhook) and their
//!   addresses.
//! - [`verification`]: the one-time codes that prove a contact method reaches its owner.
//! - [`rules`]: notification rules ("SMS at once, a call after 3 minutes") and which are due.
//! - [`profile`]: a person's time zone and working hours.

pub mod contact;
pub mod profile;
pub mod rules;
pub mod team;
pub mod verification;

pub use contact::{ContactAddress, ContactKind};
pub use profile::{TimeZoneName, WorkWindow, WorkingHours};
pub use rules::{due_notifications, NotificationRule, Urgency};
pub use team::{Description, Name, TeamRole};
