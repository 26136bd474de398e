//! Live postmortem documents: the server side of the Yjs sync and awareness protocol (the
//! y-websocket framing), so TipTap in the browser and any stock y-websocket client can co-edit.
//!
//! Each open document is a [`Room`]: the document in memory (yrs), the sockets on it, and their
//! presence (awareness, never stored). An update from a socket is appended to the store first and
//! only then applied and passed on, so whatever a peer saw is durable; a socket's messages are
//! handled in order, so a client that sends an update and then a sync step 1 gets its step 2
//! only once the update is stored (the acknowledgement a client can wait for). Updates written
//! by another instance arrive as store notices (PostgreSQL NOTIFY) and are read from the log.

mod connection;
mod protocol;

pub use connection::serve;

use goldseam_core::IncidentId;
use goldseam_store::postmortems::DocumentNotice;
use goldseam_store::{Store, StoreError};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};
use tokio::sync::broadcast;
use yrs::updates::decoder::Decode;
use yrs::{Doc, Transact, Update};

/// How long a peer's presence lasts without being renewed (y-protocols' `outdatedTimeout`;
/// clients renew every 15 s).
pub const PRESENCE_TIMEOUT: Duration = Duration::from_secs(30);
/// How often stale presence is swept.
const SWEEP_EVERY: Duration = Duration::from_secs(5);

/// A message for the sockets of a room; `from` is the socket it came from (0: the server).
#[derive(Debug)]
pub(crate) struct Outgoing {
    pub from: u64,
    pub bytes: Vec<u8>,
}

/// One peer's presence: its latest awareness state and which socket it came through.
#[derive(Debug, Clone)]
struct Presence {
    clock: u32,
    json: Arc<str>,
    conn: u64,
    seen: Instant,
}

/// The document in memory and how far into the store's log it is.
pub(crate) struct DocState {
    pub doc: Doc,
    pub last_seq: i64,
}

/// An open document.
pub(crate) struct Room {
    pub r: IncidentId,
    pub state: tokio::sync::Mutex<DocState>,
    pub tx: broadcast::Sender<Arc<Outgoing>>,
    presence: Mutex<HashMap<u64, Presence>>,
}

/// The open documents of this instance.
pub struct Hub {
    store: Store,
    rooms: Mutex<HashMap<IncidentId, Weak<Room>>>,
    next_conn: AtomicU64,
}

impl Hub {
    /// The hub, with its tasks: catching up on updates other instances store, and sweeping
    /// presence that stopped being renewed.
    pub fn start(store: Store) -> Arc<Hub> {
        let hub = Arc::new(Hub {
            store: store.clone(),
            rooms: Mutex::new(HashMap::new()),
            next_conn: AtomicU64::new(1),
        });
        let weak = Arc::downgrade(&hub);
        let mut notices = store.document_notices();
        tokio::spawn(async move {
            loop {
                let notice = match notices.recv().await {
                    Ok(n) => Some(n),
                    // Fell behind: every open room reads what it missed.
                    Err(broadcast::error::RecvError::Lagged(_)) => None,
                    Err(broadcast::error::RecvError::Closed) => return,
                };
                let Some(hub) = weak.upgrade() else { return };
                hub.heard(notice).await;
            }
        });
        let weak = Arc::downgrade(&hub);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(SWEEP_EVERY);
            loop {
                tick.tick().await;
                let Some(hub) = weak.upgrade() else { return };
                for room in hub.open_rooms() {
                    room.sweep(Instant::now());
                }
            }
        });
        hub
    }

    fn open_rooms(&self) -> Vec<Arc<Room>> {
        let mut rooms = self.rooms.lock().expect("not poisoned");
        rooms.retain(|_, room| room.strong_count() > 0);
        rooms.values().filter_map(Weak::upgrade).collect()
    }

    async fn heard(&self, notice: Option<DocumentNotice>) {
        for room in self.open_rooms() {
            if notice.is_none_or(|n| n.incident == room.r) {
                if let Err(e) = room.catch_up(&self.store, notice.map(|n| n.seq)).await {
                    tracing::warn!(error = %e, incident = %room.r.reference(), "could not read a postmortem's new updates");
                }
            }
        }
    }

    /// A number for a new socket.
    pub(crate) fn connection_id(&self) -> u64 {
        self.next_conn.fetch_add(1, Ordering::Relaxed)
    }

    /// The room of document `r`, loaded from the store if nobody has it open.
    pub(crate) async fn room(&self, r: IncidentId) -> Result<Arc<Room>, StoreError> {
        if let Some(room) = self
            .rooms
            .lock()
            .expect("not poisoned")
            .get(&r)
            .and_then(Weak::upgrade)
        {
            return Ok(room);
        }
        let stored = self.store.postmortem_document(r).await?;
        let doc = goldseam_core::postmortem::document::new_doc();
        {
            let mut txn = doc.transact_mut();
            for bytes in &stored.updates {
                let update = Update::decode_v1(bytes).map_err(|e| {
                    StoreError::Corrupt(format!("postmortem {}: {e}", r.reference()))
                })?;
                txn.apply_update(update).map_err(|e| {
                    StoreError::Corrupt(format!("postmortem {}: {e}", r.reference()))
                })?;
            }
        }
        let fresh = Arc::new(Room {
            r,
            state: tokio::sync::Mutex::new(DocState {
                doc,
                last_seq: stored.last_seq,
            }),
            tx: broadcast::channel(1024).0,
            presence: Mutex::new(HashMap::new()),
        });
        // Two sockets may have loaded it at once; the first one in wins.
        let mut rooms = self.rooms.lock().expect("not poisoned");
        if let Some(room) = rooms.get(&r).and_then(Weak::upgrade) {
            return Ok(room);
        }
        rooms.insert(r, Arc::downgrade(&fresh));
        Ok(fresh)
    }

    pub(crate) fn store(&self) -> &Store {
        &self.store
    }
}

impl Room {
    /// Applies updates stored after what this room has (up to `seq`, if known) and passes them on.
    pub(crate) async fn catch_up(&self, store: &Store, seq: Option<i64>) -> Result<(), StoreError> {
        let mut state = self.state.lock().await;
        if seq.is_some_and(|s| s <= state.last_seq) {
            return Ok(());
        }
        let since = store
            .postmortem_updates_since(self.r, state.last_seq)
            .await?;
        for bytes in &since.updates {
            self.apply(&mut state, bytes, 0);
        }
        state.last_seq = state.last_seq.max(since.last_seq);
        Ok(())
    }

    /// Applies one stored update to the document and sends it to every socket but `from`.
    pub(crate) fn apply(&self, state: &mut DocState, bytes: &[u8], from: u64) {
        match Update::decode_v1(bytes) {
            Ok(update) => {
                if let Err(e) = state.doc.transact_mut().apply_update(update) {
                    tracing::warn!(error = %e, "a stored postmortem update did not apply");
                }
                let _ = self.tx.send(Arc::new(Outgoing {
                    from,
                    bytes: protocol::update_message(bytes),
                }));
            }
            Err(e) => tracing::warn!(error = %e, "a stored postmortem update does not decode"),
        }
    }

    /// Records presence states sent through socket `conn`; returns the clients whose state was new.
    fn present(&self, conn: u64, clients: &HashMap<u64, (u32, Arc<str>)>, now: Instant) -> bool {
        let mut presence = self.presence.lock().expect("not poisoned");
        let mut changed = false;
        for (client, (clock, json)) in clients {
            let newer = presence.get(client).is_none_or(|p| *clock >= p.clock);
            if !newer {
                continue;
            }
            changed = true;
            if json.as_ref() == "null" {
                presence.remove(client);
            } else {
                presence.insert(
                    *client,
                    Presence {
                        clock: *clock,
                        json: json.clone(),
                        conn,
                        seen: now,
                    },
                );
            }
        }
        changed
    }

    /// Every peer's presence, as one awareness message (for a new socket, or a query).
    fn presence_message(&self) -> Option<Vec<u8>> {
        let presence = self.presence.lock().expect("not poisoned");
        (!presence.is_empty()).then(|| {
            protocol::awareness_message(presence.iter().map(|(c, p)| (*c, p.clock, p.json.clone())))
        })
    }

    /// Forgets presence matching `gone`, telling the others it left (a state of null).
    fn forget(&self, gone: impl Fn(&Presence) -> bool) {
        let removed: Vec<(u64, u32)> = {
            let mut presence = self.presence.lock().expect("not poisoned");
            let ids: Vec<u64> = presence
                .iter()
                .filter(|(_, p)| gone(p))
                .map(|(c, _)| *c)
                .collect();
            ids.into_iter()
                .filter_map(|c| presence.remove(&c).map(|p| (c, p.clock + 1)))
                .collect()
        };
        if !removed.is_empty() {
            let message = protocol::awareness_message(
                removed
                    .into_iter()
                    .map(|(c, clock)| (c, clock, Arc::from("null"))),
            );
            let _ = self.tx.send(Arc::new(Outgoing {
                from: 0,
                bytes: message,
            }));
        }
    }

    fn sweep(&self, now: Instant) {
        self.forget(|p| now.duration_since(p.seen) > PRESENCE_TIMEOUT);
    }
}
