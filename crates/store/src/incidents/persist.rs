//! Appending events: the events table, the index tables kept beside it (tags, participants,
//! comments), and the id counter, taken last.

use crate::sql::SqlBuilder;
use crate::time::to_db;
use crate::{Store, StoreError};
use goldseam_core::{Actor, EventPayload, EventRecord, IncidentState};
use jiff::Timestamp;
use sqlx::{Any, Transaction};

impl Store {
    /// Appends events and updates the index tables they affect. Everything that does not need
    /// the events' ids goes first: the id counter is taken last, because on PostgreSQL its row
    /// stays locked until COMMIT and every writer queues behind it.
    pub(super) async fn persist_events(
        &self,
        tx: &mut Transaction<'_, Any>,
        before: Option<&IncidentState>,
        after: &IncidentState,
        payloads: &[EventPayload],
        actor: &Actor,
        now: Timestamp,
    ) -> Result<Vec<EventRecord>, StoreError> {
        let incident_id = after.id;
        let known = before
            .is_some_and(|b| b.declared_by == Some(actor.user_id) || b.holds_role(actor.user_id));
        if !known {
            add_participant(tx, incident_id, actor.user_id).await?;
        }
        for p in payloads {
            index_payload(tx, incident_id, p).await?;
        }
        let n = payloads.len() as i64;
        let last_id: i64 = sqlx::query_scalar(
            "UPDATE counters SET value = value + $1 WHERE name = 'event' RETURNING value",
        )
        .bind(n)
        .fetch_one(&mut **tx)
        .await?;
        let first_seq = after.last_seq - n + 1;
        let records: Vec<EventRecord> = payloads
            .iter()
            .enumerate()
            .map(|(i, p)| EventRecord {
                id: last_id - n + 1 + i as i64,
                incident_id,
                seq: first_seq + i as i64,
                actor_id: Some(actor.user_id),
                at: now,
                payload: p.clone(),
            })
            .collect();
        let mut q = SqlBuilder::new(
            "INSERT INTO events (id, incident_id, seq, kind, actor_id, at, data) VALUES ",
        );
        for (i, r) in records.iter().enumerate() {
            q.push(if i == 0 { "(" } else { ", (" });
            q.push_bind_i64(r.id)
                .push(", ")
                .push_bind_i64(r.incident_id)
                .push(", ")
                .push_bind_i64(r.seq)
                .push(", ");
            q.push_bind_str(r.payload.kind())
                .push(", ")
                .push_bind_i64(actor.user_id)
                .push(", ");
            q.push_bind_i64(to_db(now))
                .push(", ")
                .push_bind_str(&r.payload.data_json())
                .push(")");
        }
        let (sql, args) = q.finish();
        sqlx::query_with(&sql, args).execute(&mut **tx).await?;
        for r in &records {
            if let EventPayload::CommentAdded { body } = &r.payload {
                // A comment is known by its event's id, so it is indexed after allocation.
                sqlx::query("INSERT INTO comments (id, incident_id, author_id, body, deleted) VALUES ($1, $2, $3, $4, 0)")
                    .bind(r.id)
                    .bind(r.incident_id)
                    .bind(r.actor_id)
                    .bind(body.clone())
                    .execute(&mut **tx)
                    .await?;
            }
        }
        Ok(records)
    }
}

async fn add_participant(
    tx: &mut Transaction<'_, Any>,
    incident_id: i64,
    user_id: i64,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO incident_participants (incident_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(incident_id)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Keeps the tag, participant and comment tables in step with one event (comment_added is
/// indexed in `persist_events`, once its id is known).
async fn index_payload(
    tx: &mut Transaction<'_, Any>,
    incident_id: i64,
    payload: &EventPayload,
) -> Result<(), StoreError> {
    let q = match payload {
        EventPayload::TagAdded { tag, .. } => sqlx::query(
            "INSERT INTO incident_tags (incident_id, tag) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(incident_id)
        .bind(tag.clone()),
        EventPayload::TagRemoved { tag } => {
            sqlx::query("DELETE FROM incident_tags WHERE incident_id = $1 AND tag = $2")
                .bind(incident_id)
                .bind(tag.clone())
        }
        EventPayload::RoleAssigned { user_id, .. } => {
            return add_participant(tx, incident_id, *user_id).await
        }
        EventPayload::CommentEdited { comment_id, body } => {
            sqlx::query("UPDATE comments SET body = $2 WHERE id = $1")
                .bind(*comment_id)
                .bind(body.clone())
        }
        EventPayload::CommentDeleted { comment_id } => {
            sqlx::query("UPDATE comments SET deleted = 1 WHERE id = $1").bind(*comment_id)
        }
        _ => return Ok(()),
    };
    q.execute(&mut **tx).await?;
    Ok(())
}
