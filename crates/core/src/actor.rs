//! Who is acting: a user with a role. Every command and every read carries one.

use crate::id::UserId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What a user may do across Goldseam.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum UserRole {
    /// Everything, including private incidents and settings.
    Admin,
    /// Declares and works incidents.
    Member,
    /// Reads incidents, changes nothing.
    Viewer,
}

impl UserRole {
    /// Every role, for error messages and pickers.
    pub const ALL: [UserRole; 3] = [UserRole::Admin, UserRole::Member, UserRole::Viewer];

    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            UserRole::Admin => "admin",
            UserRole::Member => "member",
            UserRole::Viewer => "viewer",
        }
    }

    /// Parses a stored or user-given name.
    pub fn parse(s: &str) -> Option<UserRole> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

impl std::fmt::Display for UserRole {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The authenticated user behind a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The user's id.
    pub user_id: UserId,
    /// The user's role.
    pub role: UserRole,
}

impl Actor {
    /// Goldseam itself, for what it does on its own (the incident manager on call taking an
    /// incident, responders added by a rule). It may see and change every incident; its events
    /// carry no user and read "Goldseam ...". No stored user has id 0.
    pub const GOLDSEAM: Actor = Actor {
        user_id: UserId::from_db(0),
        role: UserRole::Admin,
    };

    /// The user to record as the author of an event: none for Goldseam itself.
    pub fn recorded_user(&self) -> Option<UserId> {
        (self.user_id != Actor::GOLDSEAM.user_id).then_some(self.user_id)
    }
}
