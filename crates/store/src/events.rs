//! Reading the event log: an incident's timeline, and everything since an id for live streams.

use crate::row::Columns;
use crate::sql::SqlBuilder;
use crate::{Store, StoreError};
use goldseam_core::{Actor, EventId, EventPayload, EventRecord, IncidentId};
use sqlx::any::AnyRow;
use sqlx::AnyConnection;

/// An event with the actor's display name, as shown in timelines and streams.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEvent {
    /// The event.
    pub record: EventRecord,
    /// The actor's name, when there is an actor.
    pub actor_name: Option<String>,
}

pub(crate) const EVENT_SELECT: &str =
    "SELECT e.id, e.incident_id, e.seq, e.kind, e.actor_id, e.at, e.data, u.name AS actor_name FROM events e LEFT JOIN users u ON u.id = e.actor_id";

pub(crate) fn from_row(r: &AnyRow) -> Result<StoredEvent, StoreError> {
    let kind: String = r.col("kind")?;
    let data: String = r.col("data")?;
    Ok(StoredEvent {
        record: EventRecord {
            id: r.id("id")?,
            incident_id: r.id("incident_id")?,
            seq: r.col("seq")?,
            actor_id: r.opt_id("actor_id")?,
            at: r.time("at")?,
            payload: EventPayload::from_parts(&kind, &data)
                .map_err(|e| StoreError::Corrupt(format!("event of kind {kind}: {e}")))?,
        },
        actor_name: r.col("actor_name")?,
    })
}

/// The newest event id at start, where the bus begins.
pub(crate) async fn max_event_id(conn: &mut AnyConnection) -> Result<i64, StoreError> {
    Ok(
        sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM events")
            .fetch_one(&mut *conn)
            .await?,
    )
}

impl Store {
    /// The id of the newest committed event: a stream that starts "now" starts after it.
    pub async fn latest_event_id(&self) -> Result<EventId, StoreError> {
        max_event_id(&mut *self.reader().await?)
            .await
            .map(EventId::from_db)
    }

    /// An incident's events in order, `limit` after sequence number `after_seq`.
    pub async fn timeline(
        &self,
        actor: &Actor,
        r: IncidentId,
        after_seq: i64,
        limit: i64,
    ) -> Result<Vec<StoredEvent>, StoreError> {
        self.audited_incident(actor, r, crate::access::Access::Timeline)
            .await?;
        sqlx::query(&format!(
            "{EVENT_SELECT} WHERE e.incident_id = $1 AND e.seq > $2 ORDER BY e.seq LIMIT $3"
        ))
        .bind(r.get())
        .bind(after_seq)
        .bind(limit)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(from_row)
        .collect()
    }

    /// Events after `after_id` that the actor may see, oldest first; for one incident or all.
    /// Streams use this to catch up after `Last-Event-ID`.
    pub async fn events_since(
        &self,
        actor: &Actor,
        incident: Option<IncidentId>,
        after_id: EventId,
        limit: i64,
    ) -> Result<Vec<StoredEvent>, StoreError> {
        let mut q = SqlBuilder::new(&format!(
            "{EVENT_SELECT} JOIN incidents i ON i.id = e.incident_id WHERE e.id > "
        ));
        q.push_bind_id(after_id);
        if let Some(id) = incident {
            q.push(" AND e.incident_id = ").push_bind_id(id);
        }
        crate::policy::push_visible(&mut q, actor);
        q.push(" ORDER BY e.id LIMIT ").push_bind_i64(limit);
        let (sql, args) = q.finish();
        sqlx::query_with(&sql, args)
            .fetch_all(&mut *self.reader().await?)
            .await?
            .iter()
            .map(from_row)
            .collect()
    }

    /// One event of an incident, by id (after checking the incident is visible).
    pub async fn event(
        &self,
        actor: &Actor,
        r: IncidentId,
        event_id: EventId,
    ) -> Result<StoredEvent, StoreError> {
        self.incident(actor, r).await?;
        let row = sqlx::query(&format!(
            "{EVENT_SELECT} WHERE e.id = $1 AND e.incident_id = $2"
        ))
        .bind(event_id.get())
        .bind(r.get())
        .fetch_optional(&mut *self.reader().await?)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("event {event_id} of {}", r.reference())))?;
        from_row(&row)
    }

    /// An incident's events with sequence numbers from `first` to `last` (for replaying an
    /// idempotent request's answer).
    pub(crate) async fn events_in(
        &self,
        incident: IncidentId,
        first: i64,
        last: i64,
    ) -> Result<Vec<StoredEvent>, StoreError> {
        sqlx::query(&format!(
            "{EVENT_SELECT} WHERE e.incident_id = $1 AND e.seq BETWEEN $2 AND $3 ORDER BY e.seq"
        ))
        .bind(incident.get())
        .bind(first)
        .bind(last)
        .fetch_all(&mut *self.reader().await?)
        .await?
        .iter()
        .map(from_row)
        .collect()
    }
}
