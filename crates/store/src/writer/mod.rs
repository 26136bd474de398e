//! Group commit for the incident write path. Every declaration and change goes into one queue;
//! a writer task takes whatever is queued (up to [`MAX_BATCH`]) and writes it in one
//! transaction: one lock of the counters, one script (SQLite) or one round of statements
//! (PostgreSQL), one commit, one flush to disk. Under load the cost of a commit is shared by
//! everything waiting, so a burst of writes costs little more than one; alone, a write still
//! goes out at once (nothing waits to fill a batch).
//!
//! Each request is decided on its own, against the state the requests before it in the batch
//! left, so a batch is exactly what the same requests one after another would have written. A
//! request the rules refuse writes nothing and gets its own error at once. If the database
//! refuses the batch (a lost idempotency race between instances, a broken connection), the
//! whole transaction rolls back and each request is written again in a transaction of its own,
//! so only the one that fails gets the error. Callers are answered only after the commit that
//! holds their write returned: a 2xx is never sent for something not yet durable at the
//! configured synchronous level.
//!
//! The writer runs on a task of its own, so a client hanging up cannot cancel a write halfway.

mod batch;
mod ids;
mod load;

use crate::idempotency::IdempotencyKey;
use crate::incidents::Change;
use crate::{Store, StoreError};
use goldseam_core::{Actor, EventPayload, EventRecord, IncidentId, IncidentState};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Weak};
use tokio::sync::{mpsc, oneshot};

/// Requests written together at most.
pub(crate) const MAX_BATCH: usize = 64;

/// One declaration or change, as the caller asked for it.
pub(crate) struct Request {
    /// Who asks.
    pub actor: Actor,
    /// What to write.
    pub kind: RequestKind,
    /// The client's key, if it sent one: a repeat returns what the first request wrote.
    pub idem: Option<IdempotencyKey>,
}

/// What a request writes.
pub(crate) enum RequestKind {
    /// A new incident from these events; `responds` adds the job that runs its response.
    Declare {
        payloads: Vec<EventPayload>,
        responds: bool,
    },
    /// Changes to an incident, in order; unchanged ones skipped with `skip_unchanged`.
    Change {
        r: IncidentId,
        changes: Vec<Change>,
        skip_unchanged: bool,
    },
}

/// What a request wrote, or the resource an earlier request with its idempotency key created.
pub(crate) type Written = Result<(IncidentState, Vec<EventRecord>), String>;

struct Queued {
    request: Request,
    reply: oneshot::Sender<Result<Written, StoreError>>,
}

/// The queue's sending end, kept by the store, and what went through it.
pub(crate) struct Writer {
    queue: mpsc::UnboundedSender<Queued>,
    stats: Arc<WriteStats>,
}

/// Transactions the writer committed and the requests they held: their ratio is how many
/// writes shared a commit.
#[derive(Debug, Default)]
pub struct WriteStats {
    /// Batches written (each one transaction, or one per request after a refused batch).
    pub batches: AtomicU64,
    /// Requests answered.
    pub requests: AtomicU64,
}

impl Writer {
    /// Starts the writer task for the store behind `inner`. The task holds it weakly, so it
    /// ends when the last handle to the store is dropped.
    pub(crate) fn start(inner: Weak<crate::db::Inner>) -> Writer {
        let (queue, rx) = mpsc::unbounded_channel();
        let stats = Arc::new(WriteStats::default());
        tokio::spawn(run(inner, rx, stats.clone()));
        Writer { queue, stats }
    }
}

impl Store {
    /// What the group commit writer has done so far (for /metrics).
    pub fn write_stats(&self) -> &WriteStats {
        &self.inner.writer.stats
    }

    /// Queues a request and waits for the commit that holds it.
    pub(crate) async fn write(&self, request: Request) -> Result<Written, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.inner
            .writer
            .queue
            .send(Queued { request, reply })
            .map_err(|_| closed())?;
        answer.await.map_err(|_| closed())?
    }
}

fn closed() -> StoreError {
    StoreError::Database(sqlx::Error::PoolClosed)
}

async fn run(
    inner: Weak<crate::db::Inner>,
    mut rx: mpsc::UnboundedReceiver<Queued>,
    stats: Arc<WriteStats>,
) {
    while let Some(first) = rx.recv().await {
        let mut queued = vec![first];
        while queued.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(q) => queued.push(q),
                Err(_) => break,
            }
        }
        let Some(inner) = inner.upgrade() else {
            return;
        };
        let store = Store {
            inner: Arc::clone(&inner),
        };
        drop(inner);
        let (requests, replies): (Vec<Request>, Vec<_>) =
            queued.into_iter().map(|q| (q.request, q.reply)).unzip();
        stats.batches.fetch_add(1, Ordering::Relaxed);
        stats
            .requests
            .fetch_add(requests.len() as u64, Ordering::Relaxed);
        let answers = store.write_batch(requests).await;
        for (reply, answer) in replies.into_iter().zip(answers) {
            // A caller that gave up is not waiting; what it asked for is written all the same.
            let _ = reply.send(answer);
        }
    }
}
