//! The chat engine (docs/slack.md): one loop follows the timeline and acts on it in the
//! platform (announcements, a channel per incident, comments mirrored there, pins, invites),
//! one processes what the platform sent (messages become comments by their authors, edits,
//! deletions, pins, commands, buttons), one edits due announcements, and one archives closed
//! incidents' channels and reminds incident managers to post status updates. It is written once
//! against [`ChatApi`]; Slack and Mattermost are adapters in `goldseam_integrations::chat`.
//! Teams is one too, through a webhook that only posts: there the engine only announces.
//!
//! Only the instance holding the platform's lease (`chat_engines`) acts, so several
//! instances never post twice. Everything it does is idempotent per event (a message already
//! mirrored is found in `chat_messages`, a channel in `chat_channels`), because the cursor
//! moves only after the platform answered: a crash repeats at most the last step's calls.

mod announce;
mod buttons;
mod channel;
mod commands;
pub mod declare;
mod follow;
mod home;
pub mod hub;
mod inbox;
pub mod mattermost;
mod mirror;
mod people;
mod readable;
pub mod slack;
pub mod teams;
mod unfurl;
mod upkeep;

use goldseam_integrations::chat::api::ChatApi;
use goldseam_store::Store;
use jiff::SignedDuration;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{watch, Notify};
use tokio::task::JoinHandle;

/// How long a lease lasts without renewal; renewed on every follower step.
const LEASE: SignedDuration = SignedDuration::from_secs(20);

/// How often the loops look again with nothing to wake them.
const POLL: Duration = Duration::from_millis(250);

/// What every loop shares.
pub(crate) struct Ctx<A: ChatApi> {
    pub store: Store,
    pub api: A,
    pub public_url: String,
    /// Who this instance is, in the lease.
    pub holder: String,
    /// Whether this instance holds the lease (set by the follower).
    pub leader: AtomicBool,
    /// Rung when the inbox has something new.
    pub inbox: Notify,
    /// Rung when an announcement may have become due.
    pub announcements: Notify,
    /// Rung when the timeline moved, so reminders and archiving are looked at then too.
    pub upkeep: Notify,
}

impl<A: ChatApi> Ctx<A> {
    fn platform(&self) -> goldseam_core::chat::Platform {
        self.api.platform()
    }

    fn leads(&self) -> bool {
        self.leader.load(Ordering::Acquire)
    }

    /// The room's address.
    pub fn link(&self, incident: goldseam_core::IncidentId) -> String {
        goldseam_store::response::incident_link(&self.public_url, incident)
    }
}

/// A running chat engine.
pub struct ChatEngine {
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
    inbox: Arc<dyn Fn() + Send + Sync>,
}

impl ChatEngine {
    /// Starts the engine for one platform.
    pub fn start<A: ChatApi>(store: Store, api: A, public_url: &str) -> ChatEngine {
        let (stop, stopped) = watch::channel(false);
        let ctx = Arc::new(Ctx {
            store,
            api,
            public_url: public_url.trim_end_matches('/').to_string(),
            holder: format!("{}-{}", std::process::id(), uuid_like()),
            leader: AtomicBool::new(false),
            inbox: Notify::new(),
            announcements: Notify::new(),
            upkeep: Notify::new(),
        });
        let mut tasks = vec![
            tokio::spawn(follow::run(ctx.clone(), stopped.clone())),
            tokio::spawn(announce::run(ctx.clone(), stopped.clone())),
        ];
        // A platform that only takes posts sends nothing to read, and has no channels to
        // archive or remind in.
        if ctx.api.supports_channels() {
            tasks.push(tokio::spawn(inbox::run(ctx.clone(), stopped.clone())));
            tasks.push(tokio::spawn(upkeep::run(ctx.clone(), stopped)));
        }
        let waker = ctx.clone();
        ChatEngine {
            stop,
            tasks,
            inbox: Arc::new(move || waker.inbox.notify_one()),
        }
    }

    /// Tells the engine something was stored in the inbox.
    pub fn inbox_stored(&self) {
        (self.inbox)()
    }

    /// A handle the transports use to wake the inbox.
    pub fn waker(&self) -> Arc<dyn Fn() + Send + Sync> {
        self.inbox.clone()
    }

    /// Stops the loops after their current step.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        for t in self.tasks {
            let _ = t.await;
        }
    }
}

/// A process-unique token for the lease holder (two instances on one host differ by pid and
/// start time).
fn uuid_like() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("{nanos:x}")
}

/// Sleeps until woken, polled or stopped; `false` when stopped.
async fn pause(notify: &Notify, stopped: &mut watch::Receiver<bool>, wait: Duration) -> bool {
    tokio::select! {
        _ = notify.notified() => {}
        _ = tokio::time::sleep(wait) => {}
        _ = stopped.changed() => {}
    }
    !*stopped.borrow()
}
