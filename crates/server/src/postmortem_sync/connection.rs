//! One socket on a postmortem document: the y-websocket handshake, then every message in order,
//! each one authorized again (the credential must still hold, the incident must still be
//! visible, and an update needs the right to edit).

use super::{protocol, Hub, Outgoing, Room};
use crate::auth::Auth;
use axum::extract::ws::{CloseFrame, Message as Frame, WebSocket};
use goldseam_core::postmortem::document::{adds_nothing, decode_update, DocumentError};
use goldseam_core::{Actor, DomainError, IncidentId};
use goldseam_store::recheck::Credential;
use goldseam_store::StoreError;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{broadcast, watch};
use yrs::sync::{Message, SyncMessage};
use yrs::updates::decoder::Decode;
use yrs::{ReadTxn, StateVector, Transact};

/// How often the server pings, and how long a silent peer is kept.
const PING_EVERY: Duration = Duration::from_secs(15);
const SILENT_FOR: Duration = Duration::from_secs(40);

/// Why the server closes a socket: the WebSocket close code and a reason for the person.
struct Close(u16, String);

impl Close {
    const POLICY: u16 = 1008;
    const INVALID: u16 = 1007;
    const UNSUPPORTED: u16 = 1003;
    const TOO_BIG: u16 = 1009;
    const ERROR: u16 = 1011;
    const GOING_AWAY: u16 = 1001;
}

impl From<StoreError> for Close {
    fn from(e: StoreError) -> Close {
        match e {
            StoreError::NotFound(_) => {
                Close(Close::POLICY, "you can no longer see this incident".into())
            }
            StoreError::Domain(DomainError::Forbidden(m)) => {
                Close(Close::POLICY, format!("read-only: {m}"))
            }
            StoreError::Domain(DomainError::Conflict(m)) => Close(Close::POLICY, m),
            StoreError::Domain(DomainError::Invalid { message, .. }) => {
                Close(Close::TOO_BIG, message)
            }
            other => {
                tracing::warn!(error = %other, "postmortem sync failed");
                Close(
                    Close::ERROR,
                    "the server could not store the change; reconnect to try again".into(),
                )
            }
        }
    }
}

/// Serves one socket until it closes, the server shuts down, or the peer may no longer read.
pub async fn serve(
    hub: Arc<Hub>,
    mut socket: WebSocket,
    auth: Auth,
    r: IncidentId,
    mut shutdown: watch::Receiver<bool>,
) {
    let room = match hub.room(r).await {
        Ok(room) => room,
        Err(e) => {
            let Close(code, reason) = Close::from(e);
            let _ = socket.send(close(code, &reason)).await;
            return;
        }
    };
    let conn = hub.connection_id();
    let mut rx = room.tx.subscribe();
    let mut session = Session {
        hub: hub.clone(),
        room: room.clone(),
        credential: auth.credential.clone(),
        actor: auth.actor(),
        conn,
    };
    let outcome = session.run(&mut socket, &mut rx, &mut shutdown).await;
    room.forget(|p| p.conn == conn);
    if let Err(Close(code, reason)) = outcome {
        let _ = socket.send(close(code, &reason)).await;
    }
}

fn close(code: u16, reason: &str) -> Frame {
    // A close reason is at most 123 bytes.
    let mut reason = reason.to_string();
    while reason.len() > 123 {
        reason.pop();
    }
    Frame::Close(Some(CloseFrame {
        code,
        reason: reason.into(),
    }))
}

struct Session {
    hub: Arc<Hub>,
    room: Arc<Room>,
    credential: Credential,
    actor: Actor,
    conn: u64,
}

impl Session {
    async fn run(
        &mut self,
        socket: &mut WebSocket,
        rx: &mut broadcast::Receiver<Arc<Outgoing>>,
        shutdown: &mut watch::Receiver<bool>,
    ) -> Result<(), Close> {
        // The handshake: the server's state vector (asking for what it lacks) and who is here.
        let sv = self.room.state.lock().await.doc.transact().state_vector();
        send(socket, protocol::step1_message(sv)).await?;
        if let Some(presence) = self.room.presence_message() {
            send(socket, presence).await?;
        }
        let mut ping = tokio::time::interval(PING_EVERY);
        let mut heard = Instant::now();
        loop {
            tokio::select! {
                frame = socket.recv() => {
                    heard = Instant::now();
                    match frame {
                        None | Some(Err(_)) | Some(Ok(Frame::Close(_))) => return Ok(()),
                        Some(Ok(Frame::Binary(bytes))) => self.handle(socket, &bytes).await?,
                        Some(Ok(Frame::Text(_))) => return Err(Close(Close::UNSUPPORTED, "the Yjs protocol is binary; text frames are not accepted".into())),
                        Some(Ok(Frame::Ping(_) | Frame::Pong(_))) => {}
                    }
                }
                out = rx.recv() => match out {
                    Ok(out) if out.from != self.conn => send(socket, out.bytes.clone()).await?,
                    Ok(_) => {}
                    // Too far behind to pass every message on: send the whole document again.
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        let full = self.room.state.lock().await.doc.transact().encode_state_as_update_v1(&StateVector::default());
                        send(socket, protocol::update_message(&full)).await?;
                    }
                    Err(broadcast::error::RecvError::Closed) => return Ok(()),
                },
                _ = ping.tick() => {
                    if heard.elapsed() > SILENT_FOR {
                        return Err(Close(Close::GOING_AWAY, "no answer from the client".into()));
                    }
                    socket.send(Frame::Ping(Default::default())).await.map_err(|_| Close(Close::GOING_AWAY, String::new()))?;
                }
                _ = shutdown.changed() => return Err(Close(Close::GOING_AWAY, "the server is restarting".into())),
            }
        }
    }

    /// Checks the caller again: the credential still holds (with the role as it is now) and the
    /// incident is still visible to them.
    async fn authorize(&mut self) -> Result<(), Close> {
        let store = self.hub.store();
        let valid = store
            .still_valid(std::slice::from_ref(&self.credential))
            .await?;
        let user = valid
            .get(&self.credential)
            .ok_or_else(|| Close(Close::POLICY, "signed out".into()))?;
        self.actor = Actor {
            user_id: user.id,
            role: user.role,
        };
        let visible = store
            .still_visible(&[(self.actor.clone(), self.room.r)])
            .await?;
        if !visible.contains(&(self.actor.user_id, self.room.r)) {
            return Err(Close(
                Close::POLICY,
                "you can no longer see this incident".into(),
            ));
        }
        Ok(())
    }

    async fn handle(&mut self, socket: &mut WebSocket, bytes: &[u8]) -> Result<(), Close> {
        let message = Message::decode_v1(bytes)
            .map_err(|e| Close(Close::INVALID, format!("malformed message: {e}")))?;
        self.authorize().await?;
        match message {
            Message::Sync(SyncMessage::SyncStep1(sv)) => {
                let diff = self
                    .room
                    .state
                    .lock()
                    .await
                    .doc
                    .transact()
                    .encode_diff_v1(&sv);
                send(socket, protocol::step2_message(diff)).await
            }
            Message::Sync(SyncMessage::SyncStep2(update) | SyncMessage::Update(update)) => {
                self.update(&update).await
            }
            Message::Awareness(update) => {
                let states = protocol::awareness_states(&update);
                if self.room.present(self.conn, &states, Instant::now()) {
                    let _ = self.room.tx.send(Arc::new(Outgoing {
                        from: self.conn,
                        bytes: bytes.to_vec(),
                    }));
                }
                Ok(())
            }
            Message::AwarenessQuery => match self.room.presence_message() {
                Some(presence) => send(socket, presence).await,
                None => Ok(()),
            },
            // Goldseam authenticates with the session or token the socket opened with.
            Message::Auth(_) => Ok(()),
            Message::Custom(tag, _) => Err(Close(
                Close::UNSUPPORTED,
                format!("unknown message type {tag}"),
            )),
        }
    }

    /// Stores a client's update, then applies it and passes it on. An update that changes
    /// nothing (every client's answer to the handshake carries its whole delete set) is dropped,
    /// so readers may answer and nothing is stored twice.
    async fn update(&mut self, bytes: &[u8]) -> Result<(), Close> {
        let noop = {
            let state = self.room.state.lock().await;
            let update = decode_update(bytes).map_err(|e| match e {
                DocumentError::TooLarge { .. } => Close(Close::TOO_BIG, e.to_string()),
                other => Close(Close::INVALID, other.to_string()),
            })?;
            adds_nothing(&state.doc, &update)
        };
        if noop {
            return Ok(());
        }
        let store = self.hub.store();
        let seq = store
            .append_postmortem_update(&self.actor, self.room.r, bytes)
            .await?;
        let mut state = self.room.state.lock().await;
        if seq == state.last_seq + 1 {
            self.room.apply(&mut state, bytes, self.conn);
            state.last_seq = seq;
        } else if seq > state.last_seq {
            // Another instance stored updates in between: read them all, in order (ours too).
            drop(state);
            self.room.catch_up(store, Some(seq)).await?;
        }
        Ok(())
    }
}

async fn send(socket: &mut WebSocket, bytes: Vec<u8>) -> Result<(), Close> {
    socket
        .send(Frame::Binary(bytes.into()))
        .await
        .map_err(|_| Close(Close::GOING_AWAY, String::new()))
}
