//! Incident roles: who manages, who communicates, who writes things down, who responds.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A role's key, such as `incident_manager`.
pub type RoleKey = String;

/// The incident manager (IMOC): leads the response.
pub const INCIDENT_MANAGER: &str = "incident_manager";
/// The communications lead: writes status updates for stakeholders.
pub const COMMUNICATIONS_LEAD: &str = "communications_lead";
/// The scribe: keeps the timeline complete.
pub const SCRIBE: &str = "scribe";
/// Responders: everyone working on the fix.
pub const RESPONDER: &str = "responder";

/// A kind of role an incident can have holders for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RoleKind {
    /// The key used in the API.
    pub key: String,
    /// A readable name.
    pub name: String,
    /// What the holder does.
    pub description: String,
    /// Whether only one person holds it at a time (assigning replaces the holder).
    pub single_holder: bool,
}

/// The roles every installation has; admins add custom ones.
pub fn default_roles() -> Vec<RoleKind> {
    let r = |key: &str, name: &str, description: &str, single_holder: bool| RoleKind {
        key: key.into(),
        name: name.into(),
        description: description.into(),
        single_holder,
    };
    vec![
        r(
            INCIDENT_MANAGER,
            "Incident manager",
            "Leads the response and makes the calls.",
            true,
        ),
        r(
            COMMUNICATIONS_LEAD,
            "Communications lead",
            "Keeps stakeholders informed with status updates.",
            true,
        ),
        r(
            SCRIBE,
            "Scribe",
            "Keeps the timeline complete for the postmortem.",
            true,
        ),
        r(
            RESPONDER,
            "Responder",
            "Works on understanding and fixing the problem.",
            false,
        ),
    ]
}
