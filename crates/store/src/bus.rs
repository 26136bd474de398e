//! The live event bus. Writers only wake it; one pump task per process reads new events from the
//! database in id order and broadcasts them to local subscribers (the SSE streams).
//!
//! Because event ids are allocated in commit order (see `crate::writer`), reading "everything
//! after the last id I published" never skips an event and never repeats one, whoever wrote it:
//! this process, or another instance whose PostgreSQL NOTIFY (carrying only the id) woke us.
//! After the LISTEN connection drops and comes back, the pump simply reads from its cursor again.

use crate::events::{StoredEvent, EVENT_SELECT};
use crate::{Store, StoreError};
use goldseam_core::{EventId, IncidentId, UserId};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tokio::sync::{broadcast, Notify};

/// The PostgreSQL NOTIFY channel.
pub const CHANNEL: &str = "goldseam_events";

/// How many events the pump reads per query.
const BATCH: i64 = 1000;

/// One event on its way to live subscribers, with what visibility checks need.
#[derive(Debug)]
pub struct BusEvent {
    /// The event.
    pub event: StoredEvent,
    /// Whether its incident is private now.
    pub private: bool,
    /// The incident's participants, for private incidents (empty otherwise).
    pub participants: Vec<UserId>,
    /// The event's wire form, serialized once by the first stream that needs it.
    pub wire: OnceLock<Arc<str>>,
}

/// The bus handle.
pub struct Bus {
    tx: broadcast::Sender<Arc<BusEvent>>,
    wake: Notify,
    cursor: AtomicI64,
    stopped: AtomicBool,
    listener_reconnects: AtomicU64,
    poll: Duration,
}

impl Bus {
    pub(crate) fn new(start: i64, poll: Duration, capacity: usize) -> Bus {
        let (tx, _) = broadcast::channel(capacity.max(1));
        Bus {
            tx,
            wake: Notify::new(),
            cursor: AtomicI64::new(start),
            stopped: AtomicBool::new(false),
            listener_reconnects: AtomicU64::new(0),
            poll,
        }
    }

    /// A new subscriber that receives events published from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<BusEvent>> {
        self.tx.subscribe()
    }

    /// The id of the last event published; a subscriber that subscribed before reading this has
    /// every later event coming.
    pub fn last_published(&self) -> EventId {
        EventId::from_db(self.cursor.load(Ordering::Acquire))
    }

    /// How many subscribers are connected (open streams).
    pub fn subscribers(&self) -> usize {
        self.tx.receiver_count()
    }

    /// How many times the PostgreSQL LISTEN connection was re-established.
    pub fn listener_reconnects(&self) -> u64 {
        self.listener_reconnects.load(Ordering::Relaxed)
    }

    /// Tells the bus that events up to `last_id` are committed. With nobody subscribed there is
    /// nobody to publish to: the cursor just moves past them, saving a read per write. (A stream
    /// that subscribes later starts after the latest committed event, or replays from the
    /// database after its Last-Event-ID, so it misses nothing.)
    pub(crate) fn committed(&self, last_id: i64) {
        if self.tx.receiver_count() == 0 {
            self.cursor.fetch_max(last_id, Ordering::AcqRel);
        } else {
            self.wake();
        }
    }

    pub(crate) fn wake(&self) {
        self.wake.notify_one();
    }

    /// A commit announced through NOTIFY, carrying its last event id (`payload`). Worth a read
    /// only if someone is watching and the id is past what was published: the channel is
    /// database-wide, so a notification may come from another schema's Goldseam, but an id
    /// of ours at or before the cursor is published already, and one from elsewhere is none of
    /// ours either way. (Without subscribers the pump's poll moves the cursor on; a stream
    /// starts from the database's latest id, not the cursor.) This instance hears its own
    /// commits too, after [`Bus::committed`] has dealt with them.
    pub(crate) fn announced(&self, payload: &str) {
        if self.tx.receiver_count() == 0 {
            return;
        }
        match payload.parse::<i64>() {
            Ok(id) if id <= self.cursor.load(Ordering::Acquire) => {}
            _ => self.wake(),
        }
    }

    pub(crate) fn stop(&self) {
        self.stopped.store(true, Ordering::Release);
        self.wake.notify_one();
    }
}

/// Starts the pump and, where other instances announce their commits, the LISTEN task (which
/// also hears their changes to the response rules, see `crate::response::cache`).
pub(crate) async fn start(store: &Store) -> Result<(), StoreError> {
    let channels = [
        CHANNEL,
        crate::response::cache::CHANNEL,
        crate::postmortems::DOCUMENT_CHANNEL,
    ];
    if let Some(listener) = store.backend().listen(&channels).await? {
        let s = store.clone();
        tokio::spawn(async move { listen(s, listener).await });
    }
    let s = store.clone();
    tokio::spawn(async move { pump(s).await });
    Ok(())
}

async fn listen(store: Store, mut listener: sqlx::postgres::PgListener) {
    let bus = &store.inner.bus;
    while !bus.stopped.load(Ordering::Acquire) {
        match listener.try_recv().await {
            // Channels are database-wide, so a notification may come from another schema's
            // Goldseam: a response change there costs this instance one needless read.
            Ok(Some(n)) if n.channel() == crate::response::cache::CHANNEL => {
                store.response_changed()
            }
            Ok(Some(n)) if n.channel() == crate::postmortems::DOCUMENT_CHANNEL => {
                store.document_announced(n.payload())
            }
            Ok(Some(n)) => bus.announced(n.payload()),
            Ok(None) => {
                // The connection dropped; the next try_recv reconnects. Read from the cursor in
                // case something was committed while nobody listened, and the response rules
                // in case they changed.
                bus.listener_reconnects.fetch_add(1, Ordering::Relaxed);
                tracing::warn!(
                    "event listener lost its PostgreSQL connection; reconnecting and resyncing"
                );
                store.response_changed();
                bus.wake();
            }
            Err(_) if bus.stopped.load(Ordering::Acquire) => return,
            Err(e) => {
                tracing::warn!(error = %e, "event listener failed; retrying in 1s");
                tokio::time::sleep(Duration::from_secs(1)).await;
                store.response_changed();
                bus.wake();
            }
        }
    }
}

async fn pump(store: Store) {
    let bus = &store.inner.bus;
    while !bus.stopped.load(Ordering::Acquire) {
        let _ = tokio::time::timeout(bus.poll, bus.wake.notified()).await;
        loop {
            match publish_batch(&store).await {
                Ok(n) if n == BATCH as usize => continue,
                Ok(_) => break,
                Err(_) if bus.stopped.load(Ordering::Acquire) => return,
                Err(e) => {
                    tracing::warn!(error = %e, "event bus could not read new events; retrying");
                    tokio::time::sleep(Duration::from_millis(200)).await;
                    break;
                }
            }
        }
    }
}

async fn publish_batch(store: &Store) -> Result<usize, StoreError> {
    let bus = &store.inner.bus;
    let after = bus.last_published();
    let sql = format!(
        "{} JOIN incidents i ON i.id = e.incident_id WHERE e.id > $1 ORDER BY e.id LIMIT $2",
        EVENT_SELECT.replace("SELECT ", "SELECT i.private AS incident_private, ")
    );
    let rows = sqlx::query(&sql)
        .bind(after.get())
        .bind(BATCH)
        .fetch_all(&mut *store.reader().await?)
        .await?;
    let mut events = Vec::with_capacity(rows.len());
    let mut private_incidents = Vec::new();
    for row in &rows {
        use crate::row::Columns;
        let private = row.flag("incident_private")?;
        let event = crate::events::from_row(row)?;
        if private && !private_incidents.contains(&event.record.incident_id) {
            private_incidents.push(event.record.incident_id);
        }
        events.push((event, private));
    }
    let participants = participants_of(store, &private_incidents).await?;
    let n = events.len();
    for (event, private) in events {
        let id = event.record.id;
        let people = if private {
            participants
                .get(&event.record.incident_id)
                .cloned()
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        // No subscribers is not an error: nobody is watching right now.
        let _ = bus.tx.send(Arc::new(BusEvent {
            event,
            private,
            participants: people,
            wire: OnceLock::new(),
        }));
        // fetch_max: `committed` may have moved the cursor past this batch meanwhile.
        bus.cursor.fetch_max(id.get(), Ordering::AcqRel);
    }
    Ok(n)
}

async fn participants_of(
    store: &Store,
    incidents: &[IncidentId],
) -> Result<HashMap<IncidentId, Vec<UserId>>, StoreError> {
    let mut map: HashMap<IncidentId, Vec<UserId>> = HashMap::new();
    if incidents.is_empty() {
        return Ok(map);
    }
    let mut q = crate::sql::SqlBuilder::new(
        "SELECT incident_id, user_id FROM incident_participants WHERE incident_id IN (",
    );
    for (i, id) in incidents.iter().enumerate() {
        q.push(if i == 0 { "" } else { ", " }).push_bind_id(*id);
    }
    q.push(")");
    let (sql, args) = q.finish();
    let rows = sqlx::query_with(&sql, args)
        .fetch_all(&mut *store.reader().await?)
        .await?;
    for row in &rows {
        use crate::row::Columns;
        map.entry(row.id("incident_id")?)
            .or_default()
            .push(row.id("user_id")?);
    }
    Ok(map)
}
