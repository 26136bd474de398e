//! Writing one batch: read what the requests need in bulk, decide each in order against the
//! state the ones before it left, take the ids, write everything, commit.

use super::ids;
use super::load::{self, key_id, KeyId};
use super::{Request, RequestKind, Written};
use crate::backend::Counters;
use crate::incidents::{not_found, opening_state, persist, state};
use crate::jobs::enqueue_statements;
use crate::plan::{Plan, Stmt};
use crate::{Store, StoreError};
use goldseam_core::{Actor, EventPayload, EventRecord, IncidentId, IncidentState, UserId};
use sqlx::AnyConnection;
use std::collections::{HashMap, HashSet};

/// A request the rules accepted, waiting for its ids.
struct Decided {
    /// Its place in the batch.
    index: usize,
    actor: Actor,
    /// The incident before (`None` for a declaration).
    before: Option<IncidentState>,
    /// The incident after (a declaration's id is given once numbers are taken).
    after: IncidentState,
    payloads: Vec<EventPayload>,
    idem: Option<crate::idempotency::IdempotencyKey>,
    responds: bool,
}

/// How each request of a batch ends before anything is written.
enum Outcome {
    /// Refused by the rules, or its key was used for another request: nothing to write.
    Refused(StoreError),
    /// An earlier request with its key wrote this resource.
    Replay(String),
    /// Its key is the same as that of the request at this place in the batch.
    SameAs(usize),
    /// Accepted with nothing to change (PATCH semantics).
    Unchanged(Box<IncidentState>),
    /// To write: the index into the decided requests.
    Write(usize),
}

impl Store {
    /// Writes a batch and returns each request's answer, in order. Should the database refuse
    /// the batch as a whole, each request is written again alone.
    pub(super) async fn write_batch(
        &self,
        requests: Vec<Request>,
    ) -> Vec<Result<Written, StoreError>> {
        match self.try_batch(&requests).await {
            Ok(answers) => answers,
            Err(e) if requests.len() == 1 => vec![self.after_failure(&requests[0], e).await],
            Err(e) => {
                tracing::debug!(error = %e, n = requests.len(), "a batch failed; writing its requests one by one");
                let mut answers = Vec::with_capacity(requests.len());
                for request in &requests {
                    let answer = match self.try_batch(std::slice::from_ref(request)).await {
                        Ok(mut one) => one.remove(0),
                        Err(e) => self.after_failure(request, e).await,
                    };
                    answers.push(answer);
                }
                answers
            }
        }
    }

    /// A request whose transaction failed. Two requests with one idempotency key can race on
    /// two instances: the loser hits the key's unique constraint, and answers with what the
    /// winner created.
    async fn after_failure(&self, request: &Request, e: StoreError) -> Result<Written, StoreError> {
        let Some(k) = request.idem.as_ref().filter(|_| e.is_unique_violation()) else {
            return Err(e);
        };
        let mut conn = self.reader().await?;
        let found = load::idempotency(&mut conn, &[k]).await?;
        match found.get(&key_id(k)) {
            Some((hash, resource)) if *hash == k.request_hash => Ok(Err(resource.clone())),
            Some(_) => Err(StoreError::IdempotencyKeyReused),
            None => Err(e),
        }
    }

    /// One transaction for the whole batch; an error means nothing was written.
    async fn try_batch(
        &self,
        requests: &[Request],
    ) -> Result<Vec<Result<Written, StoreError>>, StoreError> {
        let mut conn = self.writer().await?;
        let result = self.batch_in(&mut conn, requests).await;
        if result.is_err() {
            if let Err(e) = sqlx::query("ROLLBACK").execute(&mut *conn).await {
                if !e.to_string().contains("no transaction is active") {
                    tracing::error!(error = %e, "could not roll back a failed write; replacing the connection");
                    conn.discard().await;
                }
            }
        }
        result
    }

    async fn batch_in(
        &self,
        conn: &mut AnyConnection,
        requests: &[Request],
    ) -> Result<Vec<Result<Written, StoreError>>, StoreError> {
        let backend = self.backend();
        let mut changed: Vec<IncidentId> = requests
            .iter()
            .filter_map(|r| match &r.kind {
                RequestKind::Change { r, .. } => Some(*r),
                RequestKind::Declare { .. } => None,
            })
            .collect();
        changed.sort_unstable();
        changed.dedup();
        let mut selects = vec![load::ANYONE_SUBSCRIBES.to_string()];
        selects.extend(load::incidents_select(&changed, backend.for_update()));
        let begun = backend.begin_batch(conn, &selects).await?;
        let (opening, counters) = (begun.opening, begun.counters);
        let mut read = begun.rows.into_iter();
        let anyone_subscribes = load::anyone_subscribes_from(&read.next().unwrap_or_default())?;
        let mut incidents = load::incidents_from(&read.next().unwrap_or_default())?;
        let keys: Vec<_> = requests.iter().filter_map(|r| r.idem.as_ref()).collect();
        let stored_keys = load::idempotency(conn, &keys).await?;
        let private: Vec<IncidentId> = incidents
            .values()
            .filter(|s| s.private)
            .map(|s| s.id)
            .collect();
        let actors: Vec<UserId> = requests.iter().map(|r| r.actor.user_id).collect();
        let mut participants = load::participants(conn, &private, &actors).await?;

        let mut outcomes = Vec::with_capacity(requests.len());
        let mut decided: Vec<Decided> = Vec::new();
        let mut keys_here: HashMap<KeyId, (String, usize)> = HashMap::new();
        for (index, request) in requests.iter().enumerate() {
            if let Some(k) = &request.idem {
                let id = key_id(k);
                if let Some((hash, resource)) = stored_keys.get(&id) {
                    outcomes.push(if *hash == k.request_hash {
                        Outcome::Replay(resource.clone())
                    } else {
                        Outcome::Refused(StoreError::IdempotencyKeyReused)
                    });
                    continue;
                }
                if let Some((hash, first)) = keys_here.get(&id) {
                    outcomes.push(if *hash == k.request_hash {
                        Outcome::SameAs(*first)
                    } else {
                        Outcome::Refused(StoreError::IdempotencyKeyReused)
                    });
                    continue;
                }
            }
            let decision = self.decide(conn, request, &incidents, &participants).await;
            let outcome = match decision {
                Err(e) => Outcome::Refused(e),
                Ok(d) if d.payloads.is_empty() => Outcome::Unchanged(Box::new(d.after)),
                Ok(mut d) => {
                    d.index = index;
                    if let Some(k) = &request.idem {
                        keys_here.insert(key_id(k), (k.request_hash.clone(), index));
                    }
                    if d.before.is_some() {
                        for user in joined(&d) {
                            participants.insert((d.after.id, user));
                        }
                        incidents.insert(d.after.id, d.after.clone());
                    }
                    decided.push(d);
                    Outcome::Write(decided.len() - 1)
                }
            };
            outcomes.push(outcome);
        }

        let written = if decided.is_empty() {
            if opening.is_none() {
                // A transaction was begun for the reads; nothing to write in it.
                sqlx::query("COMMIT").execute(&mut *conn).await?;
            }
            backend.keep_counters(counters);
            Vec::new()
        } else {
            self.persist(conn, opening, counters, anyone_subscribes, &mut decided)
                .await?
        };

        // Answers, now that what they report is committed.
        let resources: HashMap<usize, String> = decided
            .iter()
            .zip(&written)
            .map(|(d, (after, _))| (d.index, resource(after, d.payloads.len())))
            .collect();
        let mut written = written.into_iter().map(Some).collect::<Vec<_>>();
        Ok(outcomes
            .into_iter()
            .map(|o| match o {
                Outcome::Refused(e) => Err(e),
                Outcome::Replay(resource) => Ok(Err(resource)),
                Outcome::SameAs(first) => Ok(Err(resources[&first].clone())),
                Outcome::Unchanged(s) => Ok(Ok((*s, Vec::new()))),
                Outcome::Write(i) => Ok(Ok(written[i].take().expect("each written once"))),
            })
            .collect())
    }

    /// Decides one request against the state the batch has reached. Refusals are the caller's.
    async fn decide(
        &self,
        conn: &mut AnyConnection,
        request: &Request,
        incidents: &HashMap<IncidentId, IncidentState>,
        participants: &HashSet<(IncidentId, UserId)>,
    ) -> Result<Decided, StoreError> {
        let actor = &request.actor;
        let now = self.now();
        match &request.kind {
            RequestKind::Declare { payloads, responds } => {
                // The number is taken with the ids.
                let after = opening_state(payloads, actor, now)?;
                Ok(Decided {
                    index: 0,
                    actor: actor.clone(),
                    before: None,
                    after,
                    payloads: payloads.clone(),
                    idem: request.idem.clone(),
                    responds: *responds,
                })
            }
            RequestKind::Change {
                r,
                changes,
                skip_unchanged,
            } => {
                let before = incidents.get(r).ok_or_else(|| not_found(*r))?;
                let visible = goldseam_core::policy::can_view(
                    actor,
                    goldseam_core::policy::Visibility {
                        private: before.private,
                        actor_participates: participants.contains(&(before.id, actor.user_id)),
                    },
                );
                if !visible {
                    return Err(not_found(*r));
                }
                let (after, payloads) = self
                    .decide_all(conn, before, changes, actor, *skip_unchanged)
                    .await?;
                Ok(Decided {
                    index: 0,
                    actor: actor.clone(),
                    before: Some(before.clone()),
                    after,
                    payloads,
                    idem: request.idem.clone(),
                    responds: false,
                })
            }
        }
    }

    /// Writes the decided requests, numbered from the `counters` the batch began with: every
    /// statement, merged into a handful of multi-row ones, then COMMIT.
    async fn persist(
        &self,
        conn: &mut AnyConnection,
        opening: Option<Stmt>,
        counters: Counters,
        anyone_subscribes: bool,
        decided: &mut [Decided],
    ) -> Result<Vec<(IncidentState, Vec<EventRecord>)>, StoreError> {
        let backend = self.backend();
        let catalog = self.catalog();
        let now = crate::time::to_db(self.now());
        let events: i64 = decided.iter().map(|d| d.payloads.len() as i64).sum();
        let declared = decided.iter().filter(|d| d.before.is_none()).count() as i64;
        let mut plan = Plan::new();
        plan.extend(opening);
        let after = ids::take(&mut plan, counters, events, declared);
        let (mut last_event, mut last_incident) = (counters.event, counters.incident);
        let mut written = Vec::with_capacity(decided.len());
        let mut jobs = Vec::new();
        for d in decided.iter_mut() {
            if d.before.is_none() {
                last_incident += 1;
                d.after.id = IncidentId::from_db(last_incident);
                if d.responds {
                    // The response (pages, roles) runs as a job written with the declaration.
                    jobs.push(crate::response::respond_job(d.after.id));
                }
            }
            plan.extend(d.idem.as_ref().map(|k| {
                crate::idempotency::record_stmt(k, &resource(&d.after, d.payloads.len()), now)
            }));
            persist::index_statements(
                &mut plan,
                d.before.as_ref(),
                &d.after,
                &d.payloads,
                &d.actor,
            );
            jobs.extend(crate::postmortems::open_job(
                &catalog,
                &d.after,
                &d.payloads,
            ));
            jobs.extend(crate::distribution::distribute_job(&d.after, &d.payloads));
            let records = persist::event_records(&d.after, &d.payloads, &d.actor, last_event);
            last_event += d.payloads.len() as i64;
            persist::event_statements(&mut plan, &records, d.actor.recorded_user());
            written.push((d.after.clone(), records));
        }
        // Each incident's row as the last request on it left it (one row per incident: a
        // multi-row upsert may not touch a row twice).
        let mut last_state: HashMap<IncidentId, &IncidentState> = HashMap::new();
        for (after, _) in &written {
            last_state.insert(after.id, after);
        }
        let mut ids: Vec<IncidentId> = last_state.keys().copied().collect();
        ids.sort_unstable();
        for id in ids {
            plan.push(state::save(last_state[&id])?);
        }
        let all: Vec<&EventRecord> = written.iter().flat_map(|(_, r)| r).collect();
        jobs.extend(crate::follow_ups::webhook_jobs(&all));
        jobs.extend(crate::reviews::jobs_for(&all));
        if anyone_subscribes && crate::subscriptions_notify::any_notable(&all) {
            jobs.extend(crate::subscriptions_notify::subscriber_jobs(&all));
        }
        plan.extend(enqueue_statements(backend, &jobs, self.now()));
        plan.extend(backend.announce(crate::bus::CHANNEL, last_event.to_string()));
        let mut plan = plan.coalesce();
        plan.push(Stmt::new("COMMIT", Vec::new()));
        plan.flush(backend, conn).await?;
        debug_assert_eq!(
            after,
            Counters {
                event: last_event,
                incident: last_incident
            }
        );
        backend.keep_counters(after);
        self.inner.bus.committed(last_event);
        if !jobs.is_empty() {
            self.jobs_committed();
        }
        Ok(written)
    }
}

/// Who a written change makes a participant of its incident: its author (unless Goldseam),
/// anyone given a role or let see it, and stakeholders told of it.
fn joined(d: &Decided) -> Vec<UserId> {
    let mut users: Vec<UserId> = d.actor.recorded_user().into_iter().collect();
    for p in &d.payloads {
        match p {
            EventPayload::RoleAssigned { user_id, .. }
            | EventPayload::AccessGranted { user_id, .. } => users.push(*user_id),
            EventPayload::Informed { user_ids, .. } => users.extend(user_ids),
            _ => {}
        }
    }
    users
}

/// What a request with a key created: the incident and the sequence numbers of its events.
fn resource(after: &IncidentState, n: usize) -> String {
    format!(
        "{}:{}-{}",
        after.id,
        after.last_seq - n as i64 + 1,
        after.last_seq
    )
}
