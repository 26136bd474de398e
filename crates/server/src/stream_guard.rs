//! Live streams are authorized when they open, but may stay open for hours. The guard keeps a
//! list of open streams with what they were opened with, and every few seconds checks all of
//! them again in bulk (`Store::still_valid`, `Store::still_visible`): a stream whose token was
//! revoked, whose session ended or expired, whose user was deactivated or changed role, or
//! whose private incident its user may no longer see is closed. The database is the shared
//! truth, so a change made through any instance closes streams on every instance.

use crate::auth::Auth;
use goldseam_core::{Actor, IncidentId};
use goldseam_store::recheck::Credential;
use goldseam_store::users::User;
use goldseam_store::Store;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{oneshot, watch};

/// Why a stream was closed, sent to the client as its last event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revoked {
    /// The token, session or account no longer works.
    Credentials,
    /// The user's role changed: reconnect to see what the new role allows.
    Role,
    /// The user may no longer see the incident.
    Incident,
}

impl Revoked {
    /// The reason, as the stream's last event says it.
    pub fn reason(self) -> &'static str {
        match self {
            Revoked::Credentials => "your sign-in is no longer valid",
            Revoked::Role => "your role changed; reconnect",
            Revoked::Incident => "you may no longer see this incident",
        }
    }
}

struct Watched {
    credential: Credential,
    user: User,
    incident: Option<IncidentId>,
    close: oneshot::Sender<Revoked>,
}

/// The open streams of this instance.
#[derive(Default)]
pub struct StreamGuard {
    next: AtomicU64,
    open: Mutex<HashMap<u64, Watched>>,
}

/// An open stream's place on the list; dropping it (the stream ended) takes it off.
pub struct Watch {
    guard: Arc<StreamGuard>,
    id: u64,
    /// Fires with the reason when the stream must close.
    pub revoked: oneshot::Receiver<Revoked>,
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.guard.lock().remove(&self.id);
    }
}

impl StreamGuard {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Watched>> {
        self.open.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Puts a stream opened by `auth` (following `incident`, or everything) on the list.
    pub fn watch(self: &Arc<Self>, auth: &Auth, incident: Option<IncidentId>) -> Watch {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let (close, revoked) = oneshot::channel();
        self.lock().insert(
            id,
            Watched {
                credential: auth.credential.clone(),
                user: auth.user.clone(),
                incident,
                close,
            },
        );
        Watch {
            guard: self.clone(),
            id,
            revoked,
        }
    }

    /// How many streams are watched.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether no stream is watched.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Checks every watched stream once and closes those no longer allowed.
    pub async fn check(&self, store: &Store) -> Result<usize, goldseam_store::StoreError> {
        let snapshot: Vec<(u64, Credential, User, Option<IncidentId>)> = self
            .lock()
            .iter()
            .map(|(id, w)| (*id, w.credential.clone(), w.user.clone(), w.incident))
            .collect();
        if snapshot.is_empty() {
            return Ok(0);
        }
        let credentials: Vec<Credential> = snapshot
            .iter()
            .map(|(_, c, _, _)| c.clone())
            .collect::<std::collections::HashSet<_>>()
            .into_iter()
            .collect();
        let valid = store.still_valid(&credentials).await?;
        let mut verdicts: Vec<(u64, Revoked)> = Vec::new();
        let mut following = Vec::new();
        for (id, credential, user, incident) in &snapshot {
            match valid.get(credential) {
                None => verdicts.push((*id, Revoked::Credentials)),
                Some(now) if now.id != user.id || now.role != user.role => {
                    verdicts.push((*id, Revoked::Role))
                }
                Some(_) => {
                    if let Some(incident) = incident {
                        following.push((*id, *incident, user));
                    }
                }
            }
        }
        if !following.is_empty() {
            let pairs: Vec<(Actor, IncidentId)> = following
                .iter()
                .map(|(_, incident, user)| {
                    (
                        Actor {
                            user_id: user.id,
                            role: user.role,
                        },
                        *incident,
                    )
                })
                .collect();
            let visible = store.still_visible(&pairs).await?;
            for (id, incident, user) in following {
                if !visible.contains(&(user.id, incident)) {
                    verdicts.push((id, Revoked::Incident));
                }
            }
        }
        let mut open = self.lock();
        for (id, why) in &verdicts {
            if let Some(w) = open.remove(id) {
                let _ = w.close.send(*why);
            }
        }
        Ok(verdicts.len())
    }
}

/// Checks the guard's streams every `every` until `stop` turns true.
pub async fn run(
    guard: Arc<StreamGuard>,
    store: Store,
    every: Duration,
    mut stop: watch::Receiver<bool>,
) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            _ = stop.wait_for(|s| *s) => return,
        }
        match guard.check(&store).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(closed = n, "closed live streams whose access was revoked"),
            Err(e) => tracing::warn!(error = %e, "could not re-check live streams; trying again"),
        }
    }
}
