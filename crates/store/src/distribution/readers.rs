//! The readers list of one postmortem, for its incident manager and admins: who got it, why,
//! and whether they opened and acknowledged it, with the counts over everyone.

use super::render::parse_rendering;
use crate::row::Columns;
use crate::sql::SqlBuilder;
use crate::{Store, StoreError};
use goldseam_core::postmortem::distribution::Rendering;
use goldseam_core::role::INCIDENT_MANAGER;
use goldseam_core::{Actor, DomainError, IncidentId, UserId, UserRole};
use jiff::Timestamp;

/// The most readers one page lists.
pub const MAX_LIMIT: i64 = 500;

/// Where a reader is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReaderStatus {
    /// Sent, not opened.
    Pending,
    /// Opened, not acknowledged.
    Opened,
    /// "I have read it".
    Acknowledged,
    /// A channel: sent, and nobody there can be tracked.
    Sent,
}

impl ReaderStatus {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            ReaderStatus::Pending => "pending",
            ReaderStatus::Opened => "opened",
            ReaderStatus::Acknowledged => "acknowledged",
            ReaderStatus::Sent => "sent",
        }
    }

    /// The status a wire name names (`sent` is not a filter).
    pub fn parse_filter(s: &str) -> Option<ReaderStatus> {
        [
            ReaderStatus::Pending,
            ReaderStatus::Opened,
            ReaderStatus::Acknowledged,
        ]
        .into_iter()
        .find(|st| st.as_str() == s)
    }

    /// The SQL condition that selects it.
    fn condition(self) -> &'static str {
        match self {
            ReaderStatus::Pending => {
                "r.kind = 'person' AND r.opened_at IS NULL AND r.acknowledged_at IS NULL"
            }
            ReaderStatus::Opened => {
                "r.kind = 'person' AND r.opened_at IS NOT NULL AND r.acknowledged_at IS NULL"
            }
            ReaderStatus::Acknowledged => "r.acknowledged_at IS NOT NULL",
            ReaderStatus::Sent => "r.kind <> 'person'",
        }
    }
}

/// One reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReaderRow {
    pub id: i64,
    /// `person`, `mailing_list`, `slack_channel` or `webhook`.
    pub kind: String,
    pub user_id: Option<UserId>,
    /// The person's name, or the address, channel id or URL.
    pub name: String,
    pub reasons: Vec<String>,
    pub rendering: Rendering,
    pub required: bool,
    pub sent_at: Timestamp,
    pub opened_at: Option<Timestamp>,
    pub acknowledged_at: Option<Timestamp>,
    pub reminded_at: Option<Timestamp>,
    pub version_read: Option<i64>,
    pub status: ReaderStatus,
}

/// Counts over every reader of the postmortem.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReaderCounts {
    pub people: i64,
    pub opened: i64,
    pub acknowledged: i64,
    pub pending: i64,
    pub required_pending: i64,
    pub channels: i64,
}

/// A page of readers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadersPage {
    /// The version last distributed, and when.
    pub distributed: Option<(i64, Timestamp)>,
    pub counts: ReaderCounts,
    pub readers: Vec<ReaderRow>,
    /// The id to pass as `after` for the next page.
    pub next: Option<i64>,
}

impl Store {
    /// The readers of the postmortem of `r` after reader id `after`, `limit` of them, only those
    /// in `status` if given. Only the incident's manager and admins may read who read it.
    pub async fn postmortem_readers(
        &self,
        actor: &Actor,
        r: IncidentId,
        status: Option<ReaderStatus>,
        after: i64,
        limit: i64,
    ) -> Result<ReadersPage, StoreError> {
        let incident = self.incident(actor, r).await?;
        let manages = incident
            .roles
            .iter()
            .any(|h| h.user_id == actor.user_id && h.role.as_str() == INCIDENT_MANAGER);
        if actor.role != UserRole::Admin && !manages {
            return Err(DomainError::Forbidden(
                "only the incident manager and admins see who read the postmortem".into(),
            )
            .into());
        }
        let mut conn = self.reader().await?;
        let distributed = sqlx::query("SELECT version, distributed_at FROM postmortem_distributions WHERE incident_id = $1 ORDER BY version DESC LIMIT 1")
            .bind(r.get())
            .fetch_optional(&mut *conn)
            .await?
            .map(|row| Ok::<_, StoreError>((row.col("version")?, row.time("distributed_at")?)))
            .transpose()?;
        let c = sqlx::query(
            "SELECT \
               COALESCE(SUM(CASE WHEN kind = 'person' THEN 1 ELSE 0 END), 0) AS people, \
               COALESCE(SUM(CASE WHEN kind = 'person' AND opened_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS opened, \
               COALESCE(SUM(CASE WHEN kind = 'person' AND acknowledged_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS acknowledged, \
               COALESCE(SUM(CASE WHEN kind = 'person' AND acknowledged_at IS NULL THEN 1 ELSE 0 END), 0) AS pending, \
               COALESCE(SUM(CASE WHEN kind = 'person' AND required = 1 AND acknowledged_at IS NULL THEN 1 ELSE 0 END), 0) AS required_pending, \
               COALESCE(SUM(CASE WHEN kind <> 'person' THEN 1 ELSE 0 END), 0) AS channels \
             FROM postmortem_readers WHERE incident_id = $1",
        )
        .bind(r.get())
        .fetch_one(&mut *conn)
        .await?;
        let counts = ReaderCounts {
            people: c.col("people")?,
            opened: c.col("opened")?,
            acknowledged: c.col("acknowledged")?,
            pending: c.col("pending")?,
            required_pending: c.col("required_pending")?,
            channels: c.col("channels")?,
        };
        let mut q = SqlBuilder::new("SELECT r.id, r.kind, r.user_id, r.address, u.name, r.reasons, r.rendering, r.required, r.sent_at, r.opened_at, r.acknowledged_at, r.reminded_at, r.version_read FROM postmortem_readers r LEFT JOIN users u ON u.id = r.user_id WHERE r.incident_id = ");
        q.push_bind_id(r).push(" AND r.id > ").push_bind_i64(after);
        if let Some(s) = status {
            q.push(" AND ").push(s.condition());
        }
        q.push(" ORDER BY r.id LIMIT ").push_bind_i64(limit + 1);
        let (sql, args) = q.finish();
        let mut readers = sqlx::query_with(&sql, args)
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|row| {
                let kind: String = row.col("kind")?;
                let opened_at = row.opt_time("opened_at")?;
                let acknowledged_at = row.opt_time("acknowledged_at")?;
                let status = match (kind.as_str(), opened_at, acknowledged_at) {
                    ("person", _, Some(_)) => ReaderStatus::Acknowledged,
                    ("person", Some(_), None) => ReaderStatus::Opened,
                    ("person", None, None) => ReaderStatus::Pending,
                    _ => ReaderStatus::Sent,
                };
                let name: Option<String> = row.col("name")?;
                Ok(ReaderRow {
                    id: row.col("id")?,
                    user_id: row.opt_id("user_id")?,
                    name: name.unwrap_or(row.col("address")?),
                    kind,
                    reasons: row.json("reasons")?,
                    rendering: parse_rendering(&row.col::<String>("rendering")?)?,
                    required: row.col::<i64>("required")? != 0,
                    sent_at: row.time("sent_at")?,
                    opened_at,
                    acknowledged_at,
                    reminded_at: row.opt_time("reminded_at")?,
                    version_read: row.col("version_read")?,
                    status,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let next = if readers.len() as i64 > limit {
            readers.truncate(limit as usize);
            readers.last().map(|r| r.id)
        } else {
            None
        };
        Ok(ReadersPage {
            distributed,
            counts,
            readers,
            next,
        })
    }
}
