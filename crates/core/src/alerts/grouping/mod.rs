//! The grouping rules: what one alert does to the alerts and groups Goldseam keeps, and what
//! its group must then do (open an incident, page again, resolve...). Decided in memory on a
//! [`Book`]; the store loads it, calls [`receive`] for each alert in arrival order, and
//! writes back what changed with the effects.
//!
//! The rules, in words (docs/alerts.md repeats them):
//! - An alert is its integration and dedup key. The same alert firing again while firing is a
//!   duplicate (or an update, when what the sender says of it changed): it joins nothing new.
//! - A new or re-firing alert joins the open group of its route and group key. With none, the
//!   latest group of that key reopens if it resolved within the reopen window (a flap); too
//!   many flaps within an hour and the group is flapping: it stops paging and only records.
//!   Otherwise a new group opens, unless the integration opened too many within the storm
//!   window: then it joins the one storm group.
//! - A resolve for an alert that is not firing is late: it never opens a group.
//! - A group resolves by its policy (all, first, last, never); its route acts once the group
//!   opened (or once it holds the route's threshold of alerts within its window).

mod fire;
mod settle;

use fire::fire;
use settle::{acknowledge, key_words, resolve};

use super::book::Book;
use super::group::{AlertState, GroupId};
use super::policy::AlertPolicy;
use super::route::Route;
use super::signal::{AlertSignal, AlertStatus};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// Distinct alerts of a group written to its incident's timeline one by one; beyond this they
/// are only counted (a storm must not bury the timeline).
pub const TIMELINE_ALERTS: u64 = 10;

/// What became of one alert request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// A new alert.
    New,
    /// A resolved alert firing again.
    Refired,
    /// The same alert still firing, said the same way.
    Duplicate,
    /// The same alert still firing, with something new said of it.
    Updated,
    /// Acknowledged by its sender.
    Acknowledged,
    /// Resolved by its sender.
    Resolved,
    /// A resolve or acknowledgement for an alert that is not firing: changes nothing.
    Ignored,
}

/// How the alert's group came about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Placement {
    /// No group changed.
    None,
    /// It stayed in (or spoke of) its group.
    Same,
    /// It joined an open group.
    Joined,
    /// It opened a new group.
    Opened,
    /// It reopened a group resolved within the reopen window.
    Reopened,
    /// It joined (or opened) the storm group.
    Storm,
}

/// What a group must now do, beyond being stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "effect", rename_all = "snake_case")]
pub enum Effect {
    /// Run its route's action: open or join an incident, page.
    Trigger,
    /// It reopened: reopen its incident, paging again unless it is flapping.
    Reopen {
        /// Whether to page again.
        page: bool,
    },
    /// A new alert joined it: write it on the incident's timeline.
    Joined,
    /// Its sender acknowledged it.
    Acknowledge,
    /// It resolved.
    Resolve,
    /// Something was said of one of its alerts.
    Note {
        /// What.
        text: String,
    },
}

/// What one request did to one alert, and why: shown with the alert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// What became of the alert.
    pub outcome: Outcome,
    /// Its group, if it has one.
    pub group: Option<GroupId>,
    /// How the group came about.
    pub placement: Placement,
    /// What the group must now do.
    pub effects: Vec<Effect>,
    /// One or two sentences.
    pub reason: String,
}

/// A stable 64-bit digest of what a sender says of an alert, its status and times aside
/// (FNV-1a: the same across builds, since digests are stored).
pub fn digest(alert: &AlertSignal) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |s: &str| {
        for b in s.as_bytes().iter().chain(&[0xff]) {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    eat(&alert.summary);
    eat(alert.severity.as_str());
    eat(alert.source.as_deref().unwrap_or(""));
    for (k, v) in alert.labels.iter().chain(&alert.annotations) {
        eat(k);
        eat(v);
    }
    for l in &alert.links {
        eat(&l.href);
        eat(&l.text);
    }
    h
}

/// Applies one alert request to `book`, as `route` (which took it) and `key` (its rendered
/// group key) say, at `now`.
pub fn receive(
    book: &mut Book,
    policy: &AlertPolicy,
    route: &Route,
    key: &str,
    alert: &AlertSignal,
    now: Timestamp,
) -> Receipt {
    let prev = book.alert(&alert.dedup_key).cloned();
    match alert.status {
        AlertStatus::Firing => fire(book, policy, route, key, alert, prev, now),
        AlertStatus::Acknowledged => acknowledge(book, alert, prev, now),
        AlertStatus::Resolved => resolve(book, policy, alert, prev, now),
    }
}

/// The open group `prev` is in, if it is firing or acknowledged in one.
fn live_group(book: &Book, prev: Option<&AlertState>) -> Option<GroupId> {
    let p = prev.filter(|p| p.status != AlertStatus::Resolved)?;
    let g = book.group(p.group?)?;
    g.is_open().then_some(g.id)
}
