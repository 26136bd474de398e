//! Storage errors. Domain refusals pass through unchanged so the server can explain them.

use goldseam_core::DomainError;
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
    /// The change conflicts with what is stored (an email already taken, a reused idempotency key).
    #[error("{0}")]
    Conflict(String),
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
