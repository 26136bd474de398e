//! The write path's entry points: declaring and changing an incident. Each goes to the group
//! commit writer (`crate::writer`), which decides it with core's rules against the incident as
//! it stands, appends the events, rewrites the projection and tells the bus, in a transaction
//! shared with whatever else was waiting. Replaying an idempotent request is here.

use crate::events::StoredEvent;
use crate::idempotency::IdempotencyKey;
use crate::writer::{Request, RequestKind, Written};
use crate::{Store, StoreError};
use goldseam_core::chat::{stamp_origin, ChatOrigin};
use goldseam_core::command::{self, Declaration};
use goldseam_core::text::Body;
use goldseam_core::{
    Actor, Command, DomainError, EventId, EventPayload, EventRecord, IncidentId, IncidentState,
};
use jiff::Timestamp;
use sqlx::AnyConnection;

/// A requested change, before the store has looked up what it refers to.
#[derive(Debug, Clone)]
pub enum Change {
    /// A change core decides from the incident's state alone.
    Core(Command),
    /// Edit a comment, by the id of its `comment_added` event.
    EditComment {
        /// The comment's event id.
        comment_id: EventId,
        /// The new body.
        body: Body,
    },
    /// Delete a comment.
    DeleteComment {
        /// The comment's event id.
        comment_id: EventId,
    },
    /// Pin one of this incident's events.
    Pin(EventId),
    /// An event Goldseam records as it happens rather than decides (a page started or
    /// acknowledged); only Goldseam's own code builds these.
    Record(EventPayload),
    /// A change made in a chat: decided like the change it wraps, its events marked with the
    /// message that caused it (so the chat engine does not send them back) and, for a reply
    /// in a thread, the comment it answers.
    FromChat {
        /// The message.
        origin: ChatOrigin,
        /// The comment a thread reply answers.
        reply_to: Option<EventId>,
        /// The change.
        change: Box<Change>,
    },
}

/// What a write produced.
#[derive(Debug, Clone)]
pub struct ChangeOutcome {
    /// The incident after the change.
    pub incident: IncidentState,
    /// The events appended (or, for a replayed idempotent request, the ones appended the first time).
    pub events: Vec<StoredEvent>,
    /// Whether this answers a repeated `Idempotency-Key` instead of writing anything.
    pub replayed: bool,
}

impl Store {
    /// Declares an incident: `INC-n` comes from a counter in the same transaction, so numbers
    /// have no gaps and no duplicates however many declare at once.
    pub async fn declare(
        &self,
        actor: &Actor,
        d: &Declaration,
        idem: Option<&IdempotencyKey>,
    ) -> Result<ChangeOutcome, StoreError> {
        goldseam_core::policy::ensure_can_write(actor)?;
        let mut payloads = command::declare(d, &self.catalog())?;
        let responds = self.response_at_declaration(&mut payloads).await?;
        let written = self
            .write(Request {
                actor: actor.clone(),
                kind: RequestKind::Declare { payloads, responds },
                idem: idem.cloned(),
            })
            .await?;
        self.outcome(actor, written).await
    }

    /// Declares an incident without its response (no incident manager assigned, no response
    /// rules): for alert routes that page one team and nobody else.
    pub(crate) async fn declare_without_response(
        &self,
        actor: &Actor,
        d: &Declaration,
        idem: Option<&IdempotencyKey>,
    ) -> Result<ChangeOutcome, StoreError> {
        let payloads = command::declare(d, &self.catalog())?;
        let written = self
            .write(Request {
                actor: actor.clone(),
                kind: RequestKind::Declare {
                    payloads,
                    responds: false,
                },
                idem: idem.cloned(),
            })
            .await?;
        self.outcome(actor, written).await
    }

    /// Applies changes to an incident in order. With `skip_unchanged`, changes that would change
    /// nothing are skipped (PATCH semantics); otherwise they are refused.
    pub async fn change(
        &self,
        actor: &Actor,
        r: IncidentId,
        changes: &[Change],
        idem: Option<&IdempotencyKey>,
        skip_unchanged: bool,
    ) -> Result<ChangeOutcome, StoreError> {
        // Closing waits for the learning flow (a read before the write: steps only settle, so
        // a check that passes stays true, unless the postmortem is amended meanwhile).
        self.ensure_may_close(r, changes).await?;
        let written = self
            .write(Request {
                actor: actor.clone(),
                kind: RequestKind::Change {
                    r,
                    changes: changes.to_vec(),
                    skip_unchanged,
                },
                idem: idem.cloned(),
            })
            .await?;
        self.outcome(actor, written).await
    }

    /// What a write answers: what it wrote, or what the first request with its key wrote.
    async fn outcome(&self, actor: &Actor, written: Written) -> Result<ChangeOutcome, StoreError> {
        match written {
            Ok((incident, records)) => Ok(ChangeOutcome {
                incident,
                events: unnamed(records),
                replayed: false,
            }),
            Err(resource) => self.replay(actor, &resource).await,
        }
    }

    /// Decides every change in order against the state as the earlier ones left it.
    pub(crate) async fn decide_all(
        &self,
        conn: &mut AnyConnection,
        before: &IncidentState,
        changes: &[Change],
        actor: &Actor,
        skip_unchanged: bool,
    ) -> Result<(IncidentState, Vec<EventPayload>), StoreError> {
        let catalog = self.catalog();
        let mut incident = before.clone();
        let mut payloads = Vec::new();
        let now = self.now();
        for change in changes {
            let (change, origin) = match change {
                Change::FromChat {
                    origin,
                    reply_to,
                    change,
                } => (&**change, Some((origin, *reply_to))),
                change => (change, None),
            };
            let stamp = |new: &mut Vec<EventPayload>| {
                if let Some((origin, reply_to)) = origin {
                    stamp_origin(new, origin, reply_to);
                }
            };
            if let Change::Record(p) = change {
                let mut new = vec![p.clone()];
                stamp(&mut new);
                apply_provisionally(&mut incident, &new, actor, now);
                payloads.extend(new);
                continue;
            }
            let cmd = super::resolve::resolve(conn, before.id, change).await?;
            match command::decide(&incident, &cmd, actor, &catalog) {
                Ok(mut new) => {
                    stamp(&mut new);
                    apply_provisionally(&mut incident, &new, actor, now);
                    payloads.extend(new);
                }
                Err(DomainError::NoChange(_)) if skip_unchanged => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok((incident, payloads))
    }

    /// Whether the actor may see this incident, asking the participants table only when needed.
    pub(crate) async fn visible_in(
        &self,
        tx: &mut AnyConnection,
        actor: &Actor,
        s: &IncidentState,
    ) -> Result<bool, StoreError> {
        let decided = goldseam_core::policy::can_view(
            actor,
            goldseam_core::policy::Visibility {
                private: s.private,
                actor_participates: false,
            },
        );
        if decided {
            return Ok(true);
        }
        let participates: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM incident_participants WHERE incident_id = $1 AND user_id = $2",
        )
        .bind(s.id.get())
        .bind(actor.user_id.get())
        .fetch_optional(&mut *tx)
        .await?;
        Ok(goldseam_core::policy::can_view(
            actor,
            goldseam_core::policy::Visibility {
                private: s.private,
                actor_participates: participates.is_some(),
            },
        ))
    }

    /// Answers a repeated idempotent request from what the first one recorded.
    async fn replay(&self, actor: &Actor, resource: &str) -> Result<ChangeOutcome, StoreError> {
        let corrupt = || StoreError::Corrupt(format!("idempotency resource {resource:?}"));
        let (incident, seqs) = resource.split_once(':').ok_or_else(corrupt)?;
        let (first, last) = seqs.split_once('-').ok_or_else(corrupt)?;
        let incident = IncidentId::from_db(incident.parse().map_err(|_| corrupt())?);
        let (first, last): (i64, i64) = (
            first.parse().map_err(|_| corrupt())?,
            last.parse().map_err(|_| corrupt())?,
        );
        Ok(ChangeOutcome {
            incident: self.incident(actor, incident).await?,
            events: self.events_in(incident, first, last).await?,
            replayed: true,
        })
    }
}

/// Fresh events, without the actor's name: the caller knows it (it is the caller), so the
/// server fills it in instead of the store querying for it.
fn unnamed(records: Vec<EventRecord>) -> Vec<StoredEvent> {
    records
        .into_iter()
        .map(|record| StoredEvent {
            record,
            actor_name: None,
        })
        .collect()
}

pub(crate) fn not_found(r: IncidentId) -> StoreError {
    StoreError::NotFound(format!("incident {}", r.reference()))
}

/// The state a declaration opens, before its number is taken (0 until then): its payloads,
/// which start with the `declared` event, folded into it.
pub(crate) fn opening_state(
    payloads: &[EventPayload],
    actor: &Actor,
    at: Timestamp,
) -> Result<IncidentState, StoreError> {
    let Some(EventPayload::Declared {
        severity,
        incident_type,
        ..
    }) = payloads.first()
    else {
        return Err(StoreError::Corrupt(
            "a declaration must start with its declared event".into(),
        ));
    };
    let mut state = IncidentState::new(
        IncidentId::from_db(0),
        at,
        severity.clone(),
        incident_type.clone(),
    );
    apply_provisionally(&mut state, payloads, actor, at);
    Ok(state)
}

/// Folds payloads into the state with provisional ids; real ids are assigned when persisted,
/// and nothing in the projection depends on an event's own id.
pub(crate) fn apply_provisionally(
    state: &mut IncidentState,
    payloads: &[EventPayload],
    actor: &Actor,
    at: Timestamp,
) {
    for p in payloads {
        let seq = state.last_seq + 1;
        state.apply(&EventRecord {
            id: EventId::from_db(0),
            incident_id: state.id,
            seq,
            actor_id: actor.recorded_user(),
            at,
            payload: p.clone(),
        });
    }
}
