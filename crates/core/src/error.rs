//! The one error type for every domain rule, so the server maps them to problem+json in one place.

use thiserror::Error;

/// A domain rule refused an input or a change. Each variant carries what the user needs to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DomainError {
    /// A field failed validation; `field` is its path in the request body.
    #[error("{field}: {message}")]
    Invalid {
        /// The request field, as a JSON path (`title`, `tags[2]`).
        field: String,
        /// What was wrong and what is accepted.
        message: String,
    },
    /// The severity is not configured; the valid keys are listed.
    #[error("unknown severity {given:?}; valid severities are {}", valid.join(", "))]
    UnknownSeverity {
        /// What the caller sent.
        given: String,
        /// The configured severity keys, most severe first.
        valid: Vec<String>,
    },
    /// The incident type is not configured; the valid keys are listed.
    #[error("unknown incident type {given:?}; valid types are {}", valid.join(", "))]
    UnknownType {
        /// What the caller sent.
        given: String,
        /// The configured type keys.
        valid: Vec<String>,
    },
    /// The role is not configured; the valid keys are listed.
    #[error("unknown role {given:?}; valid roles are {}", valid.join(", "))]
    UnknownRole {
        /// What the caller sent.
        given: String,
        /// The configured role keys.
        valid: Vec<String>,
    },
    /// The lifecycle does not allow this status change.
    #[error("cannot move an incident from {from} to {to}; from {from} it can move to {}", allowed.join(", "))]
    IllegalTransition {
        /// The current status.
        from: String,
        /// The requested status.
        to: String,
        /// The statuses reachable from `from`.
        allowed: Vec<String>,
    },
    /// The change would not change anything (same severity, tag already present...).
    #[error("{0}")]
    NoChange(String),
    /// The change conflicts with the incident's current state (editing a deleted comment...).
    #[error("{0}")]
    Conflict(String),
    /// The actor may not do this.
    #[error("{0}")]
    Forbidden(String),
}

impl DomainError {
    /// Shorthand for a field validation error.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        DomainError::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }
}
