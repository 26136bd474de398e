//! Escalation policies, response rules and the incident-manager setting, as admins edit them.

mod names;
mod pages;
mod policies;
mod respond;
mod rules;
mod settings;

pub use names::Referenced;
pub use pages::{job_prefix, Acknowledged, Page};
pub use respond::{incident_link, respond_job, EscalateJob, RespondJob};
pub use settings::IncidentManagerSetting;
