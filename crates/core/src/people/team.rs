//! Teams and services: their names, team roles, and who may change them.
//!
//! Admins create, edit and delete teams. A team's leads (members whose team role is `lead`)
//! manage its membership too, so a team can onboard people without waiting for an admin.
//! Services are edited by admins and by the owning team's members, except viewers, who read
//! only everywhere.

use crate::actor::{Actor, UserRole};
use crate::error::DomainError;
use crate::text::{PersonName, Reason};

/// A team or service name: one line, up to 100 characters. Unique per kind, ignoring case
/// (the store compares [`Name::key`]s).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name(String);

impl Name {
    /// Trims and validates; `field` names the request field in errors.
    pub fn parse(field: &str, raw: &str) -> Result<Name, DomainError> {
        // Same rules as a person's name: one line, 100 characters.
        PersonName::parse(field, raw).map(|n| Name(n.into_string()))
    }

    /// The name as given (trimmed).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The uniqueness key: lowercased, so "Payments" and "payments" are the same team.
    pub fn key(&self) -> String {
        self.0.to_lowercase()
    }
}

/// What a team or service is for: markdown, up to 2,000 characters; may be empty.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Description(String);

impl Description {
    /// The longest description accepted, in characters.
    pub const MAX_CHARS: usize = 2_000;

    /// Trims and validates; blank means no description.
    pub fn parse(field: &str, raw: &str) -> Result<Description, DomainError> {
        if raw.trim().is_empty() {
            return Ok(Description::default());
        }
        Reason::parse(field, raw).map(|r| Description(r.into_string()))
    }

    /// The text, possibly empty.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A member's role inside a team, such as `lead` or `backend`: letters, digits, `-` and `_`,
/// lowercased, up to 32 characters. Only `lead` means something to Goldseam.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamRole(String);

impl TeamRole {
    /// The role that may manage the team's membership.
    pub const LEAD: &'static str = "lead";
    /// The longest role accepted, in characters.
    pub const MAX_CHARS: usize = 32;

    /// Parses and lowercases a team role.
    pub fn parse(field: &str, raw: &str) -> Result<TeamRole, DomainError> {
        let s = raw.trim().to_lowercase();
        let ok_chars = s
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
        if s.is_empty() || !ok_chars || s.chars().count() > Self::MAX_CHARS {
            return Err(DomainError::invalid(
                field,
                format!(
                    "is not a team role; use 1 to {} letters, digits, '-' or '_', such as \"lead\"",
                    Self::MAX_CHARS
                ),
            ));
        }
        Ok(TeamRole(s))
    }

    /// Wraps a role read back from storage, where it was stored normalized.
    pub fn from_stored(s: String) -> TeamRole {
        TeamRole(s)
    }

    /// The role.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this role manages the team's membership.
    pub fn is_lead(&self) -> bool {
        self.0 == Self::LEAD
    }
}

/// May this actor add, remove or re-role members of a team in which they hold `own_role`
/// (`None` if they are not a member)? Admins and the team's leads may.
pub fn ensure_can_manage_members(
    actor: &Actor,
    own_role: Option<&TeamRole>,
) -> Result<(), DomainError> {
    if actor.role == UserRole::Admin || own_role.is_some_and(TeamRole::is_lead) {
        Ok(())
    } else {
        Err(DomainError::Forbidden(
            "only admins and the team's leads can change its members".into(),
        ))
    }
}

/// May this actor create, edit or delete a service owned by a team they are (or are not) a
/// member of? Admins may; so may members of the owning team who are not viewers.
pub fn ensure_can_edit_service(actor: &Actor, member_of_owner: bool) -> Result<(), DomainError> {
    match actor.role {
        UserRole::Admin => Ok(()),
        UserRole::Member if member_of_owner => Ok(()),
        UserRole::Member => Err(DomainError::Forbidden(
            "only admins and members of the owning team can change a service".into(),
        )),
        UserRole::Viewer => Err(DomainError::Forbidden(
            "viewers can read services but not change them".into(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: UserRole) -> Actor {
        Actor {
            user_id: crate::UserId::from_db(1),
            role,
        }
    }

    #[test]
    fn names_compare_without_case() {
        let a = Name::parse("name", " Payments ").unwrap();
        assert_eq!(a.as_str(), "Payments");
        assert_eq!(a.key(), Name::parse("name", "PAYMENTS").unwrap().key());
        assert!(Name::parse("name", "").is_err());
        assert!(Name::parse("name", "two\nlines").is_err());
    }

    #[test]
    fn descriptions_may_be_empty_but_not_huge() {
        assert_eq!(Description::parse("d", "  ").unwrap().as_str(), "");
        assert!(Description::parse("d", &"x".repeat(2_001)).is_err());
    }

    #[test]
    fn team_roles_are_normalized() {
        assert!(TeamRole::parse("role", " Lead ").unwrap().is_lead());
        assert!(!TeamRole::parse("role", "backend").unwrap().is_lead());
        for bad in ["", "two words", "x".repeat(33).as_str()] {
            assert!(TeamRole::parse("role", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn leads_and_admins_manage_members() {
        let lead = TeamRole::parse("r", "lead").unwrap();
        let dev = TeamRole::parse("r", "dev").unwrap();
        assert!(ensure_can_manage_members(&actor(UserRole::Admin), None).is_ok());
        assert!(ensure_can_manage_members(&actor(UserRole::Member), Some(&lead)).is_ok());
        assert!(ensure_can_manage_members(&actor(UserRole::Viewer), Some(&lead)).is_ok());
        assert!(ensure_can_manage_members(&actor(UserRole::Member), Some(&dev)).is_err());
        assert!(ensure_can_manage_members(&actor(UserRole::Member), None).is_err());
    }

    #[test]
    fn owning_members_and_admins_edit_services() {
        assert!(ensure_can_edit_service(&actor(UserRole::Admin), false).is_ok());
        assert!(ensure_can_edit_service(&actor(UserRole::Member), true).is_ok());
        assert!(ensure_can_edit_service(&actor(UserRole::Member), false).is_err());
        assert!(ensure_can_edit_service(&actor(UserRole::Viewer), true).is_err());
    }
}
