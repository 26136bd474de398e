//! Storage errors. Domain refusals pass through unchanged so the server can explain them; each
//! conflict with what is stored is its own variant, so callers match on what happened rather
//! than on a message, and the message is written once, here.

use goldseam_core::people::ContactKind;
use goldseam_core::{DomainError, JobId, JobState, OverrideId, TokenId, UserId};
use jiff::Timestamp;
use thiserror::Error;

/// What can go wrong in the store.
#[derive(Debug, Error)]
pub enum StoreError {
    /// A domain rule refused the change.
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// The thing does not exist, or the actor may not see it (the two look the same on purpose).
    #[error("{0} not found")]
    NotFound(String),
    /// Another user already has this email.
    #[error("a user with the email {email} already exists")]
    EmailTaken {
        /// The email, as stored (lowercase).
        email: String,
    },
    /// Another thing of the same kind already has this name.
    #[error("{}", name_taken(*.what, .name))]
    NameTaken {
        /// What kind of thing.
        what: Named,
        /// The name asked for.
        name: String,
    },
    /// An `Idempotency-Key` came back with a different request than the one it first came with.
    #[error("this Idempotency-Key was already used for a different request; use a new key for a new request")]
    IdempotencyKeyReused,
    /// A token was already created with this `Idempotency-Key`; its secret was shown once and
    /// cannot be shown again, so the repeat cannot be answered like the first request.
    #[error("token {token} was already created with this Idempotency-Key and its secret was shown once; revoke it if the secret was lost, and create another with a new key")]
    TokenAlreadyCreated {
        /// The token the first request created.
        token: TokenId,
    },
    /// An override overlaps another override of the same schedule.
    #[error("this override overlaps override {other} (user {user}, {start} to {end}); delete or shorten that one first, or choose a time outside it")]
    OverrideOverlaps {
        /// The override already there.
        other: OverrideId,
        /// Who is on call in it.
        user: UserId,
        /// When it starts.
        start: Timestamp,
        /// When it ends.
        end: Timestamp,
    },
    /// Only dead jobs can be retried by hand.
    #[error("job {job} is {}; only dead jobs can be retried", .state.as_str())]
    JobNotDead {
        /// The job.
        job: JobId,
        /// Where it is instead.
        state: JobState,
    },
    /// Saving the escalation policy would make policies hand over to each other in a circle.
    #[error("the policies would hand over to each other in a loop: {}; remove one of the hand-overs", .policies.join(" → "))]
    HandoverLoop {
        /// The policies' names along the loop, back to the first.
        policies: Vec<String>,
    },
    /// Other escalation policies hand over to the one being deleted.
    #[error("these policies hand over to it: {}; change them first", .by.join(", "))]
    PolicyHandedOverTo {
        /// Their names.
        by: Vec<String>,
    },
    /// The team being deleted owns services.
    #[error("team {team:?} owns {} service{}: {}; give them another owning team or delete them first", .services.len(), if .services.len() == 1 { "" } else { "s" }, .services.join(", "))]
    TeamOwnsServices {
        /// The team's name.
        team: String,
        /// The names of the services it owns.
        services: Vec<String>,
    },
    /// The user already has this contact method.
    #[error("you already have the {} contact method {address}", .kind.as_str())]
    ContactMethodTaken {
        /// Its kind.
        kind: ContactKind,
        /// Its address.
        address: String,
    },
    /// Notification rules use the contact method being deleted or readdressed; dropping them
    /// silently could leave someone unpaged.
    #[error("{rules} of your notification rules use this contact method; to {doing} it, first change those rules (PUT /api/v1/me/notification-rules), for instance to a new method you have verified")]
    ContactMethodInUse {
        /// How many rules use it.
        rules: i64,
        /// What was being done to it, as in "to delete it".
        doing: &'static str,
    },
    /// The user has as many contact methods as one may have.
    #[error("you have {count} contact methods, the most allowed; delete one first")]
    TooManyContactMethods {
        /// How many they have.
        count: i64,
    },
    /// The database failed or could not be reached.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// The store was opened with settings it cannot use.
    #[error("{0}")]
    Config(String),
    /// Too much of something slow is already in progress; the caller may try again after the
    /// given number of seconds. Nothing was changed.
    #[error("too many {what} are in progress; try again in {retry_after_secs} s")]
    Busy {
        /// What is saturated, for the message.
        what: &'static str,
        /// When trying again is likely to work.
        retry_after_secs: u64,
    },
    /// Stored data could not be read back; a bug or manual tampering.
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
}

/// Kinds of things whose names are unique.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    /// An on-call schedule.
    Schedule,
    /// An escalation policy.
    EscalationPolicy,
    /// A team (names compared ignoring case).
    Team,
    /// A service (names compared ignoring case).
    Service,
}

fn name_taken(what: Named, name: &str) -> String {
    match what {
        Named::Schedule => {
            format!("a schedule named {name:?} already exists; choose another name")
        }
        Named::EscalationPolicy => format!("an escalation policy named {name:?} already exists"),
        Named::Team => {
            format!("a team named {name:?} already exists (names are compared ignoring case)")
        }
        Named::Service => {
            format!("a service named {name:?} already exists (names are compared ignoring case)")
        }
    }
}

impl StoreError {
    /// Whether the database reported a unique constraint violation (a lost insert race).
    pub fn is_unique_violation(&self) -> bool {
        match self {
            StoreError::Database(sqlx::Error::Database(e)) => e.is_unique_violation(),
            _ => false,
        }
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        StoreError::Corrupt(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conflicts_say_what_conflicted() {
        let taken = StoreError::NameTaken {
            what: Named::Team,
            name: "Payments".into(),
        };
        assert_eq!(
            taken.to_string(),
            "a team named \"Payments\" already exists (names are compared ignoring case)"
        );
        let owns = StoreError::TeamOwnsServices {
            team: "Payments".into(),
            services: vec!["Checkout".into()],
        };
        assert_eq!(
            owns.to_string(),
            "team \"Payments\" owns 1 service: Checkout; give them another owning team or delete them first"
        );
        let lp = StoreError::HandoverLoop {
            policies: vec!["A".into(), "B".into(), "A".into()],
        };
        assert!(lp.to_string().contains("A → B → A"));
    }
}
