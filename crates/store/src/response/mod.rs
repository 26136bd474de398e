//! Escalation policies, response rules and the incident-manager setting, as admins edit them.

mod policies;
mod rules;
mod settings;

pub use settings::IncidentManagerSetting;
