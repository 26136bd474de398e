//! Incident roles: who manages, who communicates, who writes things down, who responds.

use crate::key::{key_type, slug_char, SLUG_HINT};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

key_type!(
    /// A role's key, such as `incident_manager`: 1 to 40 lowercase letters, digits, `-` and `_`.
    RoleKey,
    field = "role",
    max = 40,
    allowed = slug_char,
    hint = SLUG_HINT
);

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
    #[schema(value_type = String)]
    pub key: RoleKey,
    /// A readable name.
    pub name: String,
    /// What the holder does.
    pub description: String,
    /// Whether only one person holds it at a time (assigning replaces the holder).
    pub single_holder: bool,
}

/// The roles every installation has; admins add custom ones.
pub fn default_roles() -> Vec<RoleKind> {
    let r = |key: &'static str, name: &str, description: &str, single_holder: bool| RoleKind {
        key: RoleKey::known(key),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::DomainError;

    #[test]
    fn the_default_roles_have_well_formed_keys() {
        let keys: Vec<String> = default_roles().into_iter().map(|r| r.key.into()).collect();
        assert_eq!(
            keys,
            [INCIDENT_MANAGER, COMMUNICATIONS_LEAD, SCRIBE, RESPONDER]
        );
    }

    #[test]
    fn role_keys_are_lowercase_slugs() {
        assert_eq!(
            RoleKey::parse("key", "customer_liaison").unwrap().as_str(),
            "customer_liaison"
        );
        for bad in ["Customer liaison", "", "liaison!", &"r".repeat(41)] {
            assert_eq!(
                RoleKey::parse("key", bad),
                Err(DomainError::invalid(
                    "key",
                    "must be 1 to 40 lowercase letters, digits, '-' or '_'"
                )),
                "{bad:?}"
            );
        }
        let Err(DomainError::Invalid { field, .. }) = "Scribe".parse::<RoleKey>() else {
            panic!("an uppercase role key was accepted");
        };
        assert_eq!(field, "role");
        assert!(serde_json::from_str::<RoleKey>("\"scribe\"").is_ok());
        assert!(serde_json::from_str::<RoleKey>("\"Scribe\"").is_err());
    }
}
