//! Appending events: the statements for the events table and the index tables kept beside it
//! (tags, participants, comments), and event ids from the counter, taken last.

use crate::plan::{Arg, Plan, Stmt};
use crate::time::to_db;
use crate::{Dialect, Store, StoreError};
use goldseam_core::{Actor, EventPayload, EventRecord, IncidentState};

use sqlx::AnyConnection;

impl Store {
    /// Adds to `plan` the statements appending these events and updating the index tables they
    /// affect, allocating the events' ids from the counter. The counter is taken as late as
    /// possible: on PostgreSQL its row stays locked until COMMIT and every writer queues behind
    /// it, so everything that does not need the ids runs before it.
    pub(super) async fn persist_events(
        &self,
        tx: &mut AnyConnection,
        plan: &mut Plan,
        before: Option<&IncidentState>,
        after: &IncidentState,
        payloads: &[EventPayload],
        actor: &Actor,
    ) -> Result<Vec<EventRecord>, StoreError> {
        index_statements(plan, before, after, payloads, actor);
        if self.inner.dialect == Dialect::Postgres {
            plan.flush(tx).await?;
            let previous_id = append_on_postgres(tx, after, payloads, actor).await?;
            return Ok(event_records(after, payloads, actor, previous_id));
        }
        let n = payloads.len() as i64;
        let last_id: i64 = sqlx::query_scalar(
            "UPDATE counters SET value = value + $1 WHERE name = 'event' RETURNING value",
        )
        .bind(n)
        .fetch_one(&mut *tx)
        .await?;
        let records = event_records(after, payloads, actor, last_id - n);
        event_statements(plan, &records, actor.recorded_user());
        Ok(records)
    }
}

/// On PostgreSQL the event counter's row lock orders event ids by commit, and it is held from
/// the counter's update to COMMIT, so everything that needs the ids is one statement: bump the
/// counter, insert the events and any new comment, and NOTIFY (sent at commit, id only).
/// Returns the id before the first new event.
async fn append_on_postgres(
    tx: &mut AnyConnection,
    after: &IncidentState,
    payloads: &[EventPayload],
    actor: &Actor,
) -> Result<i64, StoreError> {
    let n = payloads.len() as i64;
    let first_seq = after.last_seq - n + 1;
    let mut args = vec![
        Arg::I64(n),
        Arg::I64(after.id),
        Arg::OptI64(actor.recorded_user()),
        Arg::I64(to_db(after.updated_at)),
        Arg::Str(crate::bus::CHANNEL.into()),
    ];
    let mut events = Vec::new();
    let mut comments = Vec::new();
    for (i, p) in payloads.iter().enumerate() {
        let (ord, k) = (i as i64 + 1, args.len());
        events.push(format!(
            "(${}::bigint, ${}::bigint, ${}::text, ${}::text)",
            k + 1,
            k + 2,
            k + 3,
            k + 4
        ));
        args.extend([
            Arg::I64(ord),
            Arg::I64(first_seq + i as i64),
            Arg::Str(p.kind().into()),
            Arg::Str(p.data_json()),
        ]);
        if let EventPayload::CommentAdded { body } = p {
            let k = args.len();
            comments.push(format!("(${}::bigint, ${}::text)", k + 1, k + 2));
            args.extend([Arg::I64(ord), Arg::Str(body.clone())]);
        }
    }
    let mut sql = format!(
        "WITH c AS (UPDATE counters SET value = value + $1 WHERE name = 'event' RETURNING value - $1 AS base), \
         e AS (INSERT INTO events (id, incident_id, seq, kind, actor_id, at, data) \
               SELECT c.base + v.ord, $2, v.seq, v.kind, $3::bigint, $4, v.data FROM c, (VALUES {}) AS v(ord, seq, kind, data))",
        events.join(", ")
    );
    if !comments.is_empty() {
        sql.push_str(&format!(
            ", m AS (INSERT INTO comments (id, incident_id, author_id, body, deleted) \
               SELECT c.base + v.ord, $2, $3::bigint, v.body, 0 FROM c, (VALUES {}) AS v(ord, body))",
            comments.join(", ")
        ));
    }
    sql.push_str(
        ", n AS (SELECT pg_notify($5, (c.base + $1)::text) FROM c) SELECT c.base FROM c, n",
    );
    Ok(sqlx::query_scalar_with(&sql, crate::plan::arguments(args))
        .fetch_one(&mut *tx)
        .await?)
}

/// The statements that need no event id: participants and the tag and comment indexes.
pub(super) fn index_statements(
    plan: &mut Plan,
    before: Option<&IncidentState>,
    after: &IncidentState,
    payloads: &[EventPayload],
    actor: &Actor,
) {
    // Goldseam itself takes no part; people it assigns become participants by their role.
    let known = actor.recorded_user().is_none()
        || before
            .is_some_and(|b| b.declared_by == Some(actor.user_id) || b.holds_role(actor.user_id));
    if !known {
        plan.push(participant(after.id, actor.user_id));
    }
    for p in payloads {
        plan.extend(index_payload(after.id, p));
    }
}

/// The records of events folded into `after`, with ids following `previous_id`.
pub(super) fn event_records(
    after: &IncidentState,
    payloads: &[EventPayload],
    actor: &Actor,
    previous_id: i64,
) -> Vec<EventRecord> {
    let n = payloads.len() as i64;
    // The events were folded into `after` at this time, ending at its last sequence number.
    let (now, first_seq) = (after.updated_at, after.last_seq - n + 1);
    payloads
        .iter()
        .enumerate()
        .map(|(i, p)| EventRecord {
            id: previous_id + 1 + i as i64,
            incident_id: after.id,
            seq: first_seq + i as i64,
            actor_id: actor.recorded_user(),
            at: now,
            payload: p.clone(),
        })
        .collect()
}

/// The statements that need the events' ids: the events themselves and new comments.
pub(super) fn event_statements(plan: &mut Plan, records: &[EventRecord], actor_id: Option<i64>) {
    plan.push(insert_events(records, actor_id));
    for r in records {
        if let EventPayload::CommentAdded { body } = &r.payload {
            plan.push(Stmt::new(
                "INSERT INTO comments (id, incident_id, author_id, body, deleted) VALUES ($1, $2, $3, $4, 0)",
                vec![Arg::I64(r.id), Arg::I64(r.incident_id), Arg::OptI64(r.actor_id), Arg::Str(body.clone())],
            ));
        }
    }
}

/// One multi-row INSERT for all the events of a change.
fn insert_events(records: &[EventRecord], actor_id: Option<i64>) -> Stmt {
    let mut sql =
        String::from("INSERT INTO events (id, incident_id, seq, kind, actor_id, at, data) VALUES ");
    let mut args = Vec::with_capacity(records.len() * 7);
    for (i, r) in records.iter().enumerate() {
        let k = i * 7;
        if i > 0 {
            sql.push_str(", ");
        }
        sql.push_str(&format!(
            "(${}, ${}, ${}, ${}, ${}, ${}, ${})",
            k + 1,
            k + 2,
            k + 3,
            k + 4,
            k + 5,
            k + 6,
            k + 7
        ));
        args.extend([
            Arg::I64(r.id),
            Arg::I64(r.incident_id),
            Arg::I64(r.seq),
            Arg::Str(r.payload.kind().into()),
            Arg::OptI64(actor_id),
            Arg::I64(to_db(r.at)),
            Arg::Str(r.payload.data_json()),
        ]);
    }
    Stmt::new(sql, args)
}

fn participant(incident_id: i64, user_id: i64) -> Stmt {
    Stmt::new(
        "INSERT INTO incident_participants (incident_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        vec![Arg::I64(incident_id), Arg::I64(user_id)],
    )
}

/// Keeps the tag, participant and comment tables in step with one event (comment_added is
/// indexed with the events, once its id is known).
fn index_payload(incident_id: i64, payload: &EventPayload) -> Option<Stmt> {
    let (sql, args) = match payload {
        EventPayload::TagAdded { tag, .. } => (
            "INSERT INTO incident_tags (incident_id, tag) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            vec![Arg::I64(incident_id), Arg::Str(tag.clone())],
        ),
        EventPayload::TagRemoved { tag } => (
            "DELETE FROM incident_tags WHERE incident_id = $1 AND tag = $2",
            vec![Arg::I64(incident_id), Arg::Str(tag.clone())],
        ),
        EventPayload::RoleAssigned { user_id, .. } => {
            return Some(participant(incident_id, *user_id))
        }
        EventPayload::CommentEdited { comment_id, body } => (
            "UPDATE comments SET body = $2 WHERE id = $1",
            vec![Arg::I64(*comment_id), Arg::Str(body.clone())],
        ),
        EventPayload::CommentDeleted { comment_id } => (
            "UPDATE comments SET deleted = 1 WHERE id = $1",
            vec![Arg::I64(*comment_id)],
        ),
        _ => return None,
    };
    Some(Stmt::new(sql, args))
}
