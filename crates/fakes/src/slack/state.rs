//! The fake's state, behind one mutex, and the signal that tells waiters something changed.

use super::faults::{Down, Faults};
use super::model::{Call, Delivery};
use super::options::SlackOptions;
use super::rate::Limiter;
use super::workspace::Workspace;
use crate::lock;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;
use tokio::sync::{mpsc, oneshot, watch};

/// A `trigger_id` handed to the app with a slash command or an interaction.
pub(crate) struct Trigger {
    pub user: String,
    pub issued: Instant,
    pub used: bool,
}

/// A `response_url` handed to the app, and what was posted to it.
pub(crate) struct ResponseUrl {
    pub user: String,
    pub channel: String,
    /// The message the interaction came from (`replace_original` edits it).
    pub message_ts: Option<String>,
    pub issued: Instant,
    pub posts: Vec<Value>,
}

/// A frame for a Socket Mode connection's writer.
pub(crate) enum WsOut {
    Text(String),
    Close,
}

pub(crate) struct SocketConn {
    pub id: u64,
    pub tx: mpsc::UnboundedSender<WsOut>,
}

pub(crate) struct Inner {
    pub opts: SlackOptions,
    pub url: String,
    pub ws: Workspace,
    pub calls: Vec<Call>,
    pub limiter: Limiter,
    pub faults: Faults,
    pub down: Down,
    pub triggers: HashMap<String, Trigger>,
    pub response_urls: HashMap<String, ResponseUrl>,
    pub tickets: HashSet<String>,
    pub deliveries: Vec<Delivery>,
    pub sockets: Vec<SocketConn>,
    pub next_socket: usize,
    /// Envelopes sent on a socket and not acked yet.
    pub acks: HashMap<String, oneshot::Sender<Value>>,
    /// Seconds added to the clock when signing (negative: stale requests).
    pub clock_offset: i64,
    /// Sign with this secret instead of the real one (forged requests).
    pub forged_secret: Option<String>,
    pub counter: u64,
    /// Events waiting for the dispatcher.
    pub events: mpsc::UnboundedSender<Value>,
}

impl Inner {
    /// A fresh number for ids that are not workspace objects (events, envelopes, triggers).
    pub fn next(&mut self) -> u64 {
        self.counter += 1;
        self.counter
    }
}

pub(crate) struct Shared {
    pub inner: Mutex<Inner>,
    /// Bumped after every change a test may wait for.
    pub changed: watch::Sender<u64>,
    /// Where the server's up/down switch is published.
    pub down: watch::Sender<Down>,
    pub client: reqwest::Client,
}

pub(crate) type State = Arc<Shared>;

impl Shared {
    pub fn lock(&self) -> MutexGuard<'_, Inner> {
        lock(&self.inner)
    }

    /// Wakes whoever waits on a change.
    pub fn bump(&self) {
        self.changed.send_modify(|n| *n += 1);
    }

    /// Records a delivery attempt; its index, to fill in the outcome later.
    pub fn record(&self, d: Delivery) -> usize {
        let i = {
            let mut inner = self.lock();
            inner.deliveries.push(d);
            inner.deliveries.len() - 1
        };
        self.bump();
        i
    }

    /// Changes a recorded delivery.
    pub fn update(&self, i: usize, f: impl FnOnce(&mut Delivery)) {
        if let Some(d) = self.lock().deliveries.get_mut(i) {
            f(d);
        }
        self.bump();
    }
}
