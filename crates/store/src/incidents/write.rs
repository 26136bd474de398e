//! The write path: decide with core's rules, append the events, rewrite the projection, and tell
//! the bus, all in one transaction. This file drives it on PostgreSQL, where the 'event'
//! counter's row lock orders event ids and is taken last (see `persist`); SQLite, with its single
//! writer, takes the shorter road in `single_writer`. Deciding, planning the statements and
//! replaying idempotent requests are shared.

use super::state;
use crate::events::StoredEvent;
use crate::idempotency::{self, IdempotencyKey};
use crate::plan::{Plan, Stmt};
use crate::time::to_db;
use crate::{Dialect, Store, StoreError};
use goldseam_core::command::{self, Declaration};
use goldseam_core::text::Body;
use goldseam_core::{
    Actor, Command, DomainError, EventPayload, EventRecord, IncidentRef, IncidentState,
};
use jiff::Timestamp;
use sqlx::{Any, Transaction};
use sqlx::{AnyConnection, Connection};

/// A requested change, before the store has looked up what it refers to.
#[derive(Debug, Clone)]
pub enum Change {
    /// A change core decides from the incident's state alone.
    Core(Command),
    /// Edit a comment, by the id of its `comment_added` event.
    EditComment {
        /// The comment's event id.
        comment_id: i64,
        /// The new body.
        body: Body,
    },
    /// Delete a comment.
    DeleteComment {
        /// The comment's event id.
        comment_id: i64,
    },
    /// Pin one of this incident's events.
    Pin(i64),
    /// An event Goldseam records as it happens rather than decides (a page started or
    /// acknowledged); only Goldseam's own code builds these.
    Record(EventPayload),
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
        if self.inner.dialect == Dialect::Sqlite {
            let written = self
                .single_writer_declare(actor, payloads, idem, responds)
                .await?;
            if responds {
                self.jobs_committed();
            }
            return self.outcome(actor, written).await;
        }
        let attempt = async {
            let mut conn = self.writer().await?;
            let mut tx = conn.begin().await?;
            if let Some(k) = idem {
                if let Some(resource) = idempotency::lookup(&mut tx, k).await? {
                    tx.rollback().await?;
                    return Ok(Err(resource));
                }
            }
            let number: i64 = sqlx::query_scalar(
                "UPDATE counters SET value = value + 1 WHERE name = 'incident' RETURNING value",
            )
            .fetch_one(&mut *tx)
            .await?;
            let now = self.now();
            let mut incident = IncidentState::new(number, now);
            apply_provisionally(&mut incident, &payloads, actor, now);
            let mut plan = Plan::new(self.inner.dialect);
            plan.push(state::save(&incident, true)?);
            plan.extend(self.idempotency_record(idem, &incident, payloads.len()));
            if responds {
                plan.extend(crate::jobs::enqueue_statements(
                    self.inner.dialect,
                    &[crate::response::respond_job(number)],
                    now,
                ));
            }
            let records = self
                .persist_events(&mut tx, &mut plan, None, &incident, &payloads, actor)
                .await?;
            self.finish(tx, plan, &records).await?;
            Ok::<_, StoreError>(Ok((incident, records)))
        };
        let written = self.retry_idempotent(attempt, idem).await?;
        if responds {
            self.jobs_committed();
        }
        self.outcome(actor, written).await
    }

    /// Applies changes to an incident in order. With `skip_unchanged`, changes that would change
    /// nothing are skipped (PATCH semantics); otherwise they are refused.
    pub async fn change(
        &self,
        actor: &Actor,
        r: IncidentRef,
        changes: &[Change],
        idem: Option<&IdempotencyKey>,
        skip_unchanged: bool,
    ) -> Result<ChangeOutcome, StoreError> {
        if self.inner.dialect == Dialect::Sqlite {
            let written = self
                .single_writer_change(actor, r, changes, idem, skip_unchanged)
                .await?;
            return self.outcome(actor, written).await;
        }
        let attempt = async {
            let mut conn = self.writer().await?;
            let mut tx = conn.begin().await?;
            if let Some(k) = idem {
                if let Some(resource) = idempotency::lookup(&mut tx, k).await? {
                    tx.rollback().await?;
                    return Ok(Err(resource));
                }
            }
            let before = state::load(&mut tx, r.0, self.for_update())
                .await?
                .ok_or_else(|| not_found(r))?;
            if !self.visible_in(&mut tx, actor, &before).await? {
                return Err(not_found(r));
            }
            let (incident, payloads) = self
                .decide_all(&mut tx, &before, changes, actor, skip_unchanged)
                .await?;
            if payloads.is_empty() {
                tx.rollback().await?;
                return Ok(Ok((incident, Vec::new())));
            }
            let mut plan = Plan::new(self.inner.dialect);
            plan.push(state::save(&incident, false)?);
            plan.extend(self.idempotency_record(idem, &incident, payloads.len()));
            let records = self
                .persist_events(
                    &mut tx,
                    &mut plan,
                    Some(&before),
                    &incident,
                    &payloads,
                    actor,
                )
                .await?;
            self.finish(tx, plan, &records).await?;
            Ok(Ok((incident, records)))
        };
        let written = self.retry_idempotent(attempt, idem).await?;
        self.outcome(actor, written).await
    }

    /// What a write answers: what it wrote, or what the first request with its key wrote.
    async fn outcome(
        &self,
        actor: &Actor,
        written: Result<(IncidentState, Vec<EventRecord>), String>,
    ) -> Result<ChangeOutcome, StoreError> {
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
    pub(super) async fn decide_all(
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
            if let Change::Record(p) = change {
                apply_provisionally(&mut incident, std::slice::from_ref(p), actor, now);
                payloads.push(p.clone());
                continue;
            }
            let cmd = super::resolve::resolve(conn, before.id, change).await?;
            match command::decide(&incident, &cmd, actor, &catalog) {
                Ok(new) => {
                    apply_provisionally(&mut incident, &new, actor, now);
                    payloads.extend(new);
                }
                Err(DomainError::NoChange(_)) if skip_unchanged => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok((incident, payloads))
    }

    /// Runs a write; when two requests with the same idempotency key race (PostgreSQL), the loser
    /// hits the key's unique constraint and answers with what the winner created.
    async fn retry_idempotent<T>(
        &self,
        attempt: impl std::future::Future<Output = Result<Result<T, String>, StoreError>>,
        idem: Option<&IdempotencyKey>,
    ) -> Result<Result<T, String>, StoreError> {
        match attempt.await {
            Err(e) if e.is_unique_violation() && idem.is_some() => {
                let k = idem.expect("checked above");
                let mut conn = self.reader().await?;
                let mut tx = conn.begin().await?;
                let found = idempotency::lookup(&mut tx, k).await?;
                tx.rollback().await?;
                found.map(Err).ok_or(e)
            }
            other => other,
        }
    }

    /// Commits and tells the bus (other instances hear of it through the NOTIFY sent with the
    /// events).
    async fn finish(
        &self,
        mut tx: Transaction<'_, Any>,
        mut plan: Plan,
        records: &[EventRecord],
    ) -> Result<(), StoreError> {
        let notify = self.subscriber_jobs(&mut tx, records).await?;
        plan.extend(notify.clone());
        plan.flush(&mut tx).await?;
        tx.commit().await?;
        self.inner
            .bus
            .committed(records.last().map(|r| r.id).unwrap_or(0));
        if !notify.is_empty() {
            self.jobs_committed();
        }
        Ok(())
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
        .bind(s.id)
        .bind(actor.user_id)
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
        let incident: i64 = incident.parse().map_err(|_| corrupt())?;
        let (first, last): (i64, i64) = (
            first.parse().map_err(|_| corrupt())?,
            last.parse().map_err(|_| corrupt())?,
        );
        Ok(ChangeOutcome {
            incident: self.incident(actor, IncidentRef(incident)).await?,
            events: self.events_in(incident, first, last).await?,
            replayed: true,
        })
    }

    /// Records what a request with this key created: the incident and the sequence numbers of
    /// its new events (known before their ids, so this stays out of PostgreSQL's locked part).
    pub(super) fn idempotency_record(
        &self,
        idem: Option<&IdempotencyKey>,
        after: &IncidentState,
        n: usize,
    ) -> Option<Stmt> {
        let k = idem?;
        let resource = format!(
            "{}:{}-{}",
            after.id,
            after.last_seq - n as i64 + 1,
            after.last_seq
        );
        Some(idempotency::record_stmt(k, &resource, to_db(self.now())))
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

pub(super) fn not_found(r: IncidentRef) -> StoreError {
    StoreError::NotFound(format!("incident {}", IncidentRef::display(r.0)))
}

/// Folds payloads into the state with provisional ids; real ids are assigned when persisted,
/// and nothing in the projection depends on an event's own id.
pub(super) fn apply_provisionally(
    state: &mut IncidentState,
    payloads: &[EventPayload],
    actor: &Actor,
    at: Timestamp,
) {
    for p in payloads {
        let seq = state.last_seq + 1;
        state.apply(&EventRecord {
            id: 0,
            incident_id: state.id,
            seq,
            actor_id: actor.recorded_user(),
            at,
            payload: p.clone(),
        });
    }
}
