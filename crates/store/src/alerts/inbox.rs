//! The alert inbox: every accepted request, stored before it is answered. Requests queue here
//! and a task writes whatever is queued (up to [`MAX_BATCH`]) in one transaction, then answers
//! each: under a storm the cost of a commit is shared by hundreds of requests, alone a request
//! is written at once. A request is answered only after the commit that holds it returned, so
//! a 2xx is never sent for something a crash could lose. Processing runs later, from the rows
//! (`process.rs`).

use crate::sql::SqlBuilder;
use crate::{Store, StoreError};
use goldseam_core::alerts::Endpoint;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};
use tokio::sync::{mpsc, oneshot};

/// Requests written together at most (9 values each, well inside both databases' limits).
const MAX_BATCH: usize = 512;

/// One request to store.
#[derive(Debug, Clone)]
pub struct InboxRequest {
    /// The integration it came to.
    pub integration_id: i64,
    /// The endpoint it came to.
    pub endpoint: Endpoint,
    /// What the path named (Opsgenie's alias).
    pub subject: Option<String>,
    /// The dedup key made for it, when the sender gave none and is answered one.
    pub assigned_key: Option<String>,
    /// The sender's delivery id, when it has one that repeats on a retry.
    pub delivery_id: Option<String>,
    /// The headers worth keeping for the record (never credentials), as a JSON object.
    pub headers: serde_json::Value,
    /// The body, as received.
    pub body: String,
}

/// Whether a request was stored, or was a redelivery of one stored before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    /// Stored now.
    New,
    /// The sender delivered it before; nothing new stored.
    Repeat,
}

type Reply = oneshot::Sender<Result<Stored, StoreError>>;

/// The queue's sending end, and refusals counted in memory until the next batch writes them.
pub(crate) struct InboxWriter {
    queue: mpsc::UnboundedSender<(InboxRequest, Reply)>,
    rejected: Arc<Mutex<HashMap<i64, i64>>>,
}

impl InboxWriter {
    pub(crate) fn start(inner: Weak<crate::db::Inner>) -> InboxWriter {
        let (queue, rx) = mpsc::unbounded_channel();
        let rejected = Arc::new(Mutex::new(HashMap::new()));
        tokio::spawn(run(inner, rx));
        InboxWriter { queue, rejected }
    }
}

impl Store {
    /// Stores a request and waits for the commit that holds it.
    pub async fn store_alert_request(&self, request: InboxRequest) -> Result<Stored, StoreError> {
        let (reply, answer) = oneshot::channel();
        let closed = || StoreError::Database(sqlx::Error::PoolClosed);
        self.inner
            .inbox
            .queue
            .send((request, reply))
            .map_err(|_| closed())?;
        answer.await.map_err(|_| closed())?
    }

    /// Returns once requests were stored by this process (the processor's wake-up).
    pub async fn alert_requests_stored(&self) {
        self.inner.alerts_waiting.notified().await
    }

    /// Counts a refused request against its integration (written with the next batch, so a
    /// flood of bad requests costs no write each).
    pub fn count_rejected(&self, integration_id: i64) {
        *self
            .inner
            .inbox
            .rejected
            .lock()
            .expect("not poisoned")
            .entry(integration_id)
            .or_default() += 1;
    }

    /// Takes the refusals counted so far, to write.
    pub(crate) fn take_rejected(&self) -> HashMap<i64, i64> {
        std::mem::take(&mut *self.inner.inbox.rejected.lock().expect("not poisoned"))
    }

    /// Puts back refusals whose write failed: counted with the next one.
    pub(crate) fn restore_rejected(&self, counts: HashMap<i64, i64>) {
        let mut back = self.inner.inbox.rejected.lock().expect("not poisoned");
        for (id, n) in counts {
            *back.entry(id).or_default() += n;
        }
    }

    /// Writes the refusals counted so far (the processor does, when it has nothing to process).
    pub async fn flush_rejected(&self) -> Result<(), StoreError> {
        let counts = self.take_rejected();
        if counts.is_empty() {
            return Ok(());
        }
        let written = async {
            let mut conn = self.writer().await?;
            let mut tx = sqlx::Connection::begin(&mut *conn).await?;
            for (id, n) in &counts {
                sqlx::query("UPDATE alert_integrations SET rejected = rejected + $1 WHERE id = $2")
                    .bind(n)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            tx.commit().await?;
            Ok::<(), StoreError>(())
        }
        .await;
        if written.is_err() {
            self.restore_rejected(counts);
        }
        written
    }

    async fn write_inbox_batch(&self, batch: &[InboxRequest]) -> Result<Vec<Stored>, StoreError> {
        let now = crate::time::to_db(self.now());
        let mut q = SqlBuilder::new(
            "INSERT INTO alert_inbox (integration_id, endpoint, subject, assigned_key, delivery_id, headers, body, received_at) VALUES ",
        );
        for (n, r) in batch.iter().enumerate() {
            q.push(if n == 0 { "(" } else { ", (" })
                .push_bind_i64(r.integration_id)
                .push(", ")
                .push_bind_str(r.endpoint.as_str())
                .push(", ")
                .push_bind_opt_str(r.subject.as_deref())
                .push(", ")
                .push_bind_opt_str(r.assigned_key.as_deref())
                .push(", ")
                .push_bind_opt_str(r.delivery_id.as_deref())
                .push(", ")
                .push_bind_str(&r.headers.to_string())
                .push(", ")
                .push_bind_str(&r.body)
                .push(", ")
                .push_bind_i64(now)
                .push(")");
        }
        q.push(" ON CONFLICT (integration_id, delivery_id) DO NOTHING RETURNING integration_id, delivery_id");
        let (sql, args) = q.finish_for(self.backend());
        // One statement, committed when it returns (a round trip, not three). Nothing else:
        // the integrations' counters are the processor's, so a storm's inserts never wait on
        // the lock of their row.
        let mut conn = self.writer().await?;
        let rows: Vec<(i64, Option<String>)> = sqlx::query_as_with(&sql, args)
            .fetch_all(&mut *conn)
            .await?;
        drop(conn);
        let mut stored: std::collections::HashSet<(i64, Option<String>)> =
            rows.into_iter().collect();
        self.inner.alerts_waiting.notify_one();
        // A request without a delivery id is always new; one with an id that returned no row
        // was delivered before, and of copies of one delivery in this batch only the first
        // is the one stored (taken from the set as it is answered).
        Ok(batch
            .iter()
            .map(|r| match &r.delivery_id {
                None => Stored::New,
                Some(d) if stored.remove(&(r.integration_id, Some(d.clone()))) => Stored::New,
                Some(_) => Stored::Repeat,
            })
            .collect())
    }
}

async fn run(
    inner: Weak<crate::db::Inner>,
    mut rx: mpsc::UnboundedReceiver<(InboxRequest, Reply)>,
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
        let store = Store { inner };
        let (requests, replies): (Vec<InboxRequest>, Vec<Reply>) = queued.into_iter().unzip();
        match store.write_inbox_batch(&requests).await {
            Ok(answers) => {
                for (reply, a) in replies.into_iter().zip(answers) {
                    let _ = reply.send(Ok(a));
                }
            }
            Err(e) if requests.len() == 1 => {
                let _ = replies.into_iter().next().expect("one").send(Err(e));
            }
            Err(e) => {
                // One bad request must not fail its neighbours: each goes again on its own.
                tracing::warn!(error = %e, "an alert inbox batch failed; writing its requests one by one");
                for (r, reply) in requests.into_iter().zip(replies) {
                    let answer = store
                        .write_inbox_batch(std::slice::from_ref(&r))
                        .await
                        .map(|mut a| a.remove(0));
                    let _ = reply.send(answer);
                }
            }
        }
    }
}
