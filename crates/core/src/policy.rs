//! Access is decided here and only here: the store translates [`can_view`] into its list queries
//! (see `goldseam_store::policy`) and its tests check both agree.

use crate::actor::{Actor, UserRole};
use crate::error::DomainError;

/// What the policy needs to know about an incident to decide visibility.
#[derive(Debug, Clone, Copy)]
pub struct Visibility {
    /// Private incidents are visible to participants and admins only.
    pub private: bool,
    /// Whether the actor is a participant (declarer, role holder, commenter, added).
    pub actor_participates: bool,
}

/// May this actor see this incident (its fields, timeline and stream)?
pub fn can_view(actor: &Actor, incident: Visibility) -> bool {
    !incident.private || actor.role == UserRole::Admin || incident.actor_participates
}

/// May this actor change incidents (declare, comment, edit)? Viewers read only.
pub fn ensure_can_write(actor: &Actor) -> Result<(), DomainError> {
    match actor.role {
        UserRole::Admin | UserRole::Member => Ok(()),
        UserRole::Viewer => Err(DomainError::Forbidden(
            "viewers can read incidents but not change them; ask an admin for the member role"
                .into(),
        )),
    }
}

/// May this actor change settings and other users?
pub fn ensure_admin(actor: &Actor) -> Result<(), DomainError> {
    if actor.role == UserRole::Admin {
        Ok(())
    } else {
        Err(DomainError::Forbidden("only admins can do this".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: UserRole) -> Actor {
        Actor {
            user_id: crate::UserId::from_db(7),
            role,
        }
    }

    #[test]
    fn public_incidents_are_visible_to_everyone() {
        let v = Visibility {
            private: false,
            actor_participates: false,
        };
        for role in UserRole::ALL {
            assert!(can_view(&actor(role), v));
        }
    }

    #[test]
    fn private_incidents_are_visible_to_participants_and_admins_only() {
        let outsider = Visibility {
            private: true,
            actor_participates: false,
        };
        let insider = Visibility {
            private: true,
            actor_participates: true,
        };
        assert!(can_view(&actor(UserRole::Admin), outsider));
        assert!(!can_view(&actor(UserRole::Member), outsider));
        assert!(!can_view(&actor(UserRole::Viewer), outsider));
        assert!(can_view(&actor(UserRole::Member), insider));
        assert!(can_view(&actor(UserRole::Viewer), insider));
    }

    #[test]
    fn viewers_cannot_write_and_only_admins_administer() {
        assert!(ensure_can_write(&actor(UserRole::Member)).is_ok());
        assert!(ensure_can_write(&actor(UserRole::Viewer)).is_err());
        assert!(ensure_admin(&actor(UserRole::Admin)).is_ok());
        assert!(ensure_admin(&actor(UserRole::Member)).is_err());
    }
}
