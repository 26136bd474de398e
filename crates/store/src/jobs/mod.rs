//! The delivery engine's durable job queue (docs/delivery.md). A job is one delivery: a page,
//! an email, a Slack post, a webhook call. It is written with the change that causes it,
//! claimed by a worker under a lease, and settled as done, retried later or dead.
//!
//! Claiming differs by database: PostgreSQL locks with `FOR UPDATE SKIP LOCKED`, so instances
//! never take the same job and never wait on each other; SQLite's single writer connection
//! serializes claims in one process. Everything else is the same SQL.

mod claim;
mod enqueue;
mod limit;
mod notices;
mod settle;
mod wake;

pub use claim::{PER_DESTINATION, WINDOW_PER_PLACE};
pub(crate) use enqueue::{enqueue_in, enqueue_statements};
pub use limit::Slot;
pub use notices::Notice;
pub(crate) use notices::CONFIGURATION;
pub use wake::{JobWaker, Wake, CHANNEL};

use crate::row::Columns;
use crate::StoreError;
use goldseam_core::{IncidentId, JobId, JobState};
use jiff::Timestamp;
use sqlx::any::AnyRow;

/// A delivery to make.
#[derive(Debug, Clone)]
pub struct NewJob {
    /// What sends it: `page`, `email`, `slack`, `webhook`...
    pub kind: String,
    /// Where it goes, the key rate limits and fairness count by (`sms:+15551234567`,
    /// `slack:C024BE91L`).
    pub destination: String,
    /// Unique per delivery, and sent to the provider with every attempt so it can drop a
    /// repeat. Enqueuing a key that exists changes nothing and returns the existing job.
    pub idempotency_key: String,
    /// What the provider needs, as JSON.
    pub payload: serde_json::Value,
    /// The incident the delivery is about, if any (its outcome is recorded there).
    pub incident_id: Option<IncidentId>,
    /// The first attempt's time; `None` for now.
    pub run_at: Option<Timestamp>,
}

/// A stored job.
#[derive(Clone, PartialEq)]
pub struct Job {
    /// Its id.
    pub id: JobId,
    /// See [`NewJob::kind`].
    pub kind: String,
    /// See [`NewJob::destination`].
    pub destination: String,
    /// See [`NewJob::idempotency_key`].
    pub idempotency_key: String,
    /// See [`NewJob::payload`].
    pub payload: serde_json::Value,
    /// See [`NewJob::incident_id`].
    pub incident_id: Option<IncidentId>,
    /// Where it is in its life.
    pub state: JobState,
    /// How many times it was claimed, including claims whose worker crashed; reset to 0 when
    /// an admin retries a dead job.
    pub attempts: u32,
    /// When it is next due (for queued jobs), or was last due.
    pub run_at: Timestamp,
    /// When a running job's lease ends and another worker may take it over.
    pub lease_until: Option<Timestamp>,
    /// The worker that holds (or last held) it.
    pub leased_by: Option<String>,
    /// Why the last failed attempt failed.
    pub last_error: Option<String>,
    /// When it was enqueued.
    pub created_at: Timestamp,
    /// When it last changed.
    pub updated_at: Timestamp,
    /// When it became done or dead.
    pub finished_at: Option<Timestamp>,
}

/// What recording an attempt's outcome did.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub enum Settled {
    /// Recorded; the job as it is now.
    Recorded(Box<Job>),
    /// Refused: the worker no longer holds the job (its lease expired and another worker
    /// claimed it, or it was already settled). The current holder's outcome stands.
    LostLease,
}

/// One page of the dead-letter list, newest first.
#[derive(Debug, Clone)]
pub struct JobPage {
    /// The jobs.
    pub items: Vec<Job>,
    /// Pass as `cursor` for the next page; `None` on the last page.
    pub next_cursor: Option<JobId>,
}

/// The columns `from_row` reads, in order.
pub(crate) const COLUMNS: &str = "id, kind, destination, idempotency_key, payload, incident_id, state, attempts, run_at, lease_until, leased_by, last_error, created_at, updated_at, finished_at";

pub(crate) fn from_row(row: &AnyRow) -> Result<Job, StoreError> {
    let state: String = row.col("state")?;
    let attempts: i64 = row.col("attempts")?;
    let payload: String = row.col("payload")?;
    Ok(Job {
        id: row.id("id")?,
        kind: row.col("kind")?,
        destination: row.col("destination")?,
        idempotency_key: row.col("idempotency_key")?,
        payload: serde_json::from_str(&payload)?,
        incident_id: row.opt_id("incident_id")?,
        state: JobState::parse(&state)
            .ok_or_else(|| StoreError::Corrupt(format!("job state {state:?}")))?,
        attempts: u32::try_from(attempts)
            .map_err(|_| StoreError::Corrupt(format!("job attempts {attempts}")))?,
        run_at: row.time("run_at")?,
        lease_until: row.opt_time("lease_until")?,
        leased_by: row.col("leased_by")?,
        last_error: row.col("last_error")?,
        created_at: row.time("created_at")?,
        updated_at: row.time("updated_at")?,
        finished_at: row.opt_time("finished_at")?,
    })
}

pub(crate) fn from_rows(rows: &[AnyRow]) -> Result<Vec<Job>, StoreError> {
    rows.iter().map(from_row).collect()
}

/// Secrets a payload may carry, blanked for logs and admin views: verification codes (and the
/// text that spells them out) and the tokens in acknowledgement links.
pub fn redacted_payload(kind: &str, payload: &serde_json::Value) -> serde_json::Value {
    fn blank_links(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::String(s) => {
                if let Some(at) = s.find("/ack/") {
                    let end = s[at + 5..]
                        .find(char::is_whitespace)
                        .map_or(s.len(), |e| at + 5 + e);
                    s.replace_range(at + 5..end, "[redacted]");
                }
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(blank_links),
            serde_json::Value::Object(o) => o.values_mut().for_each(blank_links),
            _ => {}
        }
    }
    let mut out = payload.clone();
    if kind == "verify" {
        if let Some(o) = out.as_object_mut() {
            for secret in ["secret_code", "text"] {
                if o.contains_key(secret) {
                    o.insert(
                        secret.into(),
                        serde_json::Value::String("[redacted]".into()),
                    );
                }
            }
        }
    }
    blank_links(&mut out);
    out
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Job")
            .field("id", &self.id)
            .field("kind", &self.kind)
            .field("destination", &self.destination)
            .field("idempotency_key", &self.idempotency_key)
            .field("payload", &redacted_payload(&self.kind, &self.payload))
            .field("incident_id", &self.incident_id)
            .field("state", &self.state)
            .field("attempts", &self.attempts)
            .field("run_at", &self.run_at)
            .field("last_error", &self.last_error)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod redaction_tests {
    use serde_json::json;

    #[test]
    fn codes_and_link_tokens_are_blanked() {
        let v = super::redacted_payload(
            "verify",
            &json!({"channel": "sms", "address": "+15551230001", "text": "code 123456", "secret_code": "123456"}),
        );
        assert_eq!(
            v,
            json!({"channel": "sms", "address": "+15551230001", "text": "[redacted]", "secret_code": "[redacted]"})
        );
        let v = super::redacted_payload(
            "email",
            &json!({"to": "a@b.c", "text": "Acknowledge: https://g/ack/7.3.99.abcdef now"}),
        );
        assert_eq!(v["text"], "Acknowledge: https://g/ack/[redacted] now");
    }
}
