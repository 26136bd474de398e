//! Appending events: the statements for the events table and the index tables kept beside it
//! (tags, participants, comments). The writer (`crate::writer`) takes the ids.

use crate::plan::{Arg, Plan, Stmt};
use crate::time::to_db;
use goldseam_core::{Actor, EventId, EventPayload, EventRecord, IncidentId, IncidentState, UserId};

/// The statements that need no event id: participants and the tag and comment indexes.
pub(crate) fn index_statements(
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
        match p {
            // People let see a private incident, or told of it, may see it from now on.
            EventPayload::AccessGranted { user_id, .. } => {
                plan.push(participant(after.id, *user_id))
            }
            EventPayload::Informed { user_ids, .. } => {
                for user_id in user_ids {
                    plan.push(participant(after.id, *user_id));
                }
            }
            EventPayload::PostmortemOpened { .. }
            | EventPayload::PostmortemStateChanged { .. }
            | EventPayload::PostmortemDistributed { .. } => {
                crate::postmortems::project(plan, after.id, after.updated_at, actor, p)
            }
            EventPayload::ReviewScheduled { .. }
            | EventPayload::ReviewCancelled { .. }
            | EventPayload::ReviewAnswered { .. }
            | EventPayload::ReviewMeetingHeld { .. } => {
                crate::reviews::project(plan, after.id, after.updated_at, p)
            }
            EventPayload::StatusChanged { .. } | EventPayload::PageAcknowledged { .. } => plan
                .extend(crate::alerts::project::statement(
                    after.id,
                    after.updated_at,
                    p,
                )),
            _ => plan.extend(index_payload(after.id, p)),
        }
    }
}

/// The records of events folded into `after`, with ids following `previous_id`.
pub(crate) fn event_records(
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
            id: EventId::from_db(previous_id + 1 + i as i64),
            incident_id: after.id,
            seq: first_seq + i as i64,
            actor_id: actor.recorded_user(),
            at: now,
            payload: p.clone(),
        })
        .collect()
}

/// The statements that need the events' ids: the events themselves and new comments, a row
/// each (the writer merges a batch's rows into multi-row statements).
pub(crate) fn event_statements(plan: &mut Plan, records: &[EventRecord], actor_id: Option<UserId>) {
    for r in records {
        plan.push(Stmt::new(
            "INSERT INTO events (id, incident_id, seq, kind, actor_id, at, data) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            vec![
                Arg::id(r.id),
                Arg::id(r.incident_id),
                Arg::I64(r.seq),
                Arg::Str(r.payload.kind().into()),
                Arg::opt_id(actor_id),
                Arg::I64(to_db(r.at)),
                Arg::Str(r.payload.data_json()),
            ],
        ));
        crate::follow_ups::project(plan, r);
        if let EventPayload::CommentAdded { body, .. } = &r.payload {
            plan.push(Stmt::new(
                "INSERT INTO comments (id, incident_id, author_id, body, deleted) VALUES ($1, $2, $3, $4, $5)",
                vec![Arg::id(r.id), Arg::id(r.incident_id), Arg::opt_id(r.actor_id), Arg::Str(body.clone()), Arg::I64(0)],
            ));
        }
    }
}

fn participant(incident_id: IncidentId, user_id: UserId) -> Stmt {
    Stmt::new(
        "INSERT INTO incident_participants (incident_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        vec![Arg::id(incident_id), Arg::id(user_id)],
    )
}

/// Keeps the tag, participant and comment tables in step with one event (comment_added is
/// indexed with the events, once its id is known).
fn index_payload(incident_id: IncidentId, payload: &EventPayload) -> Option<Stmt> {
    let (sql, args) = match payload {
        EventPayload::TagAdded { tag, .. } => (
            "INSERT INTO incident_tags (incident_id, tag) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            vec![Arg::id(incident_id), Arg::Str(tag.clone())],
        ),
        EventPayload::TagRemoved { tag } => (
            "DELETE FROM incident_tags WHERE incident_id = $1 AND tag = $2",
            vec![Arg::id(incident_id), Arg::Str(tag.clone())],
        ),
        EventPayload::RoleAssigned { user_id, .. } => {
            return Some(participant(incident_id, *user_id))
        }
        EventPayload::CommentEdited {
            comment_id, body, ..
        } => (
            "UPDATE comments SET body = $2 WHERE id = $1",
            vec![Arg::id(*comment_id), Arg::Str(body.clone())],
        ),
        EventPayload::CommentDeleted { comment_id, .. } => (
            "UPDATE comments SET deleted = 1 WHERE id = $1",
            vec![Arg::id(*comment_id)],
        ),
        _ => return None,
    };
    Some(Stmt::new(sql, args))
}
