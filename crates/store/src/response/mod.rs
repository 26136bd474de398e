//! Escalation policies, response rules and the incident-manager setting, as admins edit them.

mod names;
mod policies;
mod rules;
mod settings;

pub use names::Referenced;
pub use settings::IncidentManagerSetting;
