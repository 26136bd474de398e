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

use super::book::Book;
use super::group::{AlertState, GroupId, GroupState, GroupStatus};
use super::policy::{AlertPolicy, ResolvePolicy};
use super::route::Route;
use super::signal::{AlertSignal, AlertStatus};
use jiff::{SignedDuration, Timestamp};
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

fn fire(
    book: &mut Book,
    policy: &AlertPolicy,
    route: &Route,
    key: &str,
    alert: &AlertSignal,
    prev: Option<AlertState>,
    now: Timestamp,
) -> Receipt {
    let d = digest(alert);
    // Still firing where it fired: a repeat (Alertmanager re-sends every group interval, and
    // both peers of a cluster send the same notification).
    let repeat_in = live_group(book, prev.as_ref()).or_else(|| {
        // A group its policy resolved while this alert still fired takes its repeats quietly:
        // only a resolve and a new fire is a new problem.
        let p = prev
            .as_ref()
            .filter(|p| p.status != AlertStatus::Resolved)?;
        let first_or_last = matches!(policy.resolve, ResolvePolicy::First | ResolvePolicy::Last);
        first_or_last.then_some(p.group?)
    });
    if let (Some(gid), Some(mut p)) = (repeat_in, prev.clone()) {
        let outcome = if p.digest == d {
            Outcome::Duplicate
        } else {
            Outcome::Updated
        };
        p.digest = d;
        p.received += 1;
        p.last_at = now;
        book.put_alert(&alert.dedup_key, p);
        let g = book.group_mut(gid);
        g.received += 1;
        g.last_alert_at = now;
        let reason = match outcome {
            Outcome::Duplicate => format!(
                "deduplicated: {} is already firing in group {} (route “{}”, key “{}”)",
                key_words(alert),
                gid,
                g.route,
                g.key
            ),
            _ => format!(
                "updated: {} is already firing in group {}; what its sender says of it changed",
                key_words(alert),
                gid
            ),
        };
        return Receipt {
            outcome,
            group: Some(gid),
            placement: Placement::Same,
            effects: Vec::new(),
            reason,
        };
    }
    // A firing for a resolved alert with the start it had: not a new fire but a stale word
    // (one Alertmanager of a cluster can send "firing" after another sent "resolved"; a real
    // new fire starts anew). Compared to the microsecond: starts are stored so, and
    // Alertmanager sends nanoseconds.
    let stale = prev.as_ref().is_some_and(|p| {
        let micros = |t: Option<Timestamp>| t.map(|t| t.as_microsecond());
        p.status == AlertStatus::Resolved
            && p.starts_at.is_some()
            && micros(p.starts_at) == micros(alert.starts_at)
    });
    if stale {
        return Receipt {
            outcome: Outcome::Ignored,
            group: prev.as_ref().and_then(|p| p.group),
            placement: Placement::None,
            effects: Vec::new(),
            reason: format!(
                "ignored: {} already resolved, and this firing has the start it had (a stale notification, as one Alertmanager of a cluster sends after another's resolve)",
                key_words(alert)
            ),
        };
    }
    let (gid, placement) = place(book, policy, route, key, now);
    let received = prev.as_ref().map_or(0, |p| p.received) + 1;
    book.put_alert(
        &alert.dedup_key,
        AlertState {
            status: AlertStatus::Firing,
            group: Some(gid),
            digest: d,
            received,
            fired_at: now,
            last_at: now,
            starts_at: alert.starts_at,
        },
    );
    let flap_limit = policy.flap_limit as usize;
    // An alert firing again in the group it was in is not one more distinct alert.
    let again_here = prev.as_ref().and_then(|p| p.group) == Some(gid);
    let g = book.group_mut(gid);
    g.received += 1;
    if !again_here {
        g.alerts += 1;
    }
    g.firing += 1;
    g.last_alert_at = now;
    g.last_fired = Some(alert.dedup_key.clone());
    let mut effects = Vec::new();
    let mut why = match placement {
        Placement::Opened => format!("opened group {gid}"),
        Placement::Reopened => {
            g.status = GroupStatus::Open;
            g.opened_at = now;
            g.resolved_at = None;
            let hour_ago = now - SignedDuration::from_hours(1);
            g.reopened.retain(|t| *t >= hour_ago);
            g.reopened.push(now);
            // An hour without reopening ends the flapping: it counts reopenings within an hour.
            g.flapping = flap_limit > 0 && g.reopened.len() >= flap_limit;
            if g.triggered {
                effects.push(Effect::Reopen { page: !g.flapping });
            }
            if g.flapping {
                format!(
                    "reopened group {gid}, which resolved within the reopen window; it reopened {} times within an hour, so it is flapping: recorded, nobody paged again",
                    g.reopened.len()
                )
            } else {
                format!("reopened group {gid}, which resolved within the reopen window (a flap)")
            }
        }
        Placement::Storm => format!(
            "joined the storm group {gid}: the integration opened more new groups within the storm window than its policy allows"
        ),
        _ => format!("grouped into open group {gid}"),
    };
    why.push_str(&format!(" (route “{}”, key “{}”)", g.route, g.key));
    if !g.triggered {
        g.recent.push(now);
        match route.after {
            Some(t) => {
                let since = now - SignedDuration::from_secs(i64::from(t.window_secs));
                g.recent.retain(|at| *at >= since);
                if g.recent.len() >= t.alerts as usize {
                    g.triggered = true;
                    g.recent.clear();
                    effects.push(Effect::Trigger);
                    why.push_str(&format!(
                        "; it holds {} alerts within {} s, the route's threshold",
                        t.alerts, t.window_secs
                    ));
                } else {
                    why.push_str(&format!(
                        "; waiting: {} of the {} alerts within {} s the route needs before acting",
                        g.recent.len(),
                        t.alerts,
                        t.window_secs
                    ));
                }
            }
            None => {
                g.triggered = true;
                g.recent.clear();
                effects.push(Effect::Trigger);
            }
        }
    } else if placement != Placement::Reopened && g.alerts <= TIMELINE_ALERTS {
        effects.push(Effect::Joined);
    }
    if placement != Placement::Joined {
        book.refile(gid);
    }
    let outcome = if prev.is_some() {
        Outcome::Refired
    } else {
        Outcome::New
    };
    Receipt {
        outcome,
        group: Some(gid),
        placement,
        effects,
        reason: why,
    }
}

/// Finds or makes the group a new or re-firing alert goes to.
fn place(
    book: &mut Book,
    policy: &AlertPolicy,
    route: &Route,
    key: &str,
    now: Timestamp,
) -> (GroupId, Placement) {
    if let Some(g) = book.open_group(&route.name, key) {
        return (g, Placement::Joined);
    }
    let window = SignedDuration::from_secs(i64::from(policy.reopen_window_secs));
    if let Some(g) = book.last_group(&route.name, key) {
        let recent = book
            .group(g)
            .and_then(|g| g.resolved_at)
            .is_some_and(|at| at + window >= now);
        if recent {
            return (g, Placement::Reopened);
        }
    }
    if let Some(s) = book.storm_group() {
        return (s, Placement::Storm);
    }
    let storm = policy.storm;
    if storm.new_groups > 0 {
        let since = now - SignedDuration::from_secs(i64::from(storm.window_secs));
        if book.openings_since(since) >= storm.new_groups as usize {
            let id = book.add_group(GroupState::new(0, &route.name, "storm", true, now));
            return (id, Placement::Storm);
        }
    }
    let id = book.add_group(GroupState::new(0, &route.name, key, false, now));
    (id, Placement::Opened)
}

fn acknowledge(
    book: &mut Book,
    alert: &AlertSignal,
    prev: Option<AlertState>,
    now: Timestamp,
) -> Receipt {
    let Some(gid) = live_group(book, prev.as_ref()) else {
        return ignored(prev.as_ref(), alert, "acknowledged");
    };
    let mut p = prev.expect("a live group has an alert");
    let repeat = p.status == AlertStatus::Acknowledged;
    p.status = AlertStatus::Acknowledged;
    p.received += 1;
    p.last_at = now;
    book.put_alert(&alert.dedup_key, p);
    let g = book.group_mut(gid);
    g.received += 1;
    g.last_alert_at = now;
    let mut effects = Vec::new();
    if g.status == GroupStatus::Open {
        g.status = GroupStatus::Acknowledged;
        if g.triggered {
            effects.push(Effect::Acknowledge);
        }
    }
    Receipt {
        outcome: if repeat {
            Outcome::Duplicate
        } else {
            Outcome::Acknowledged
        },
        group: Some(gid),
        placement: Placement::Same,
        effects,
        reason: format!("acknowledged by its sender; group {gid} is acknowledged"),
    }
}

fn resolve(
    book: &mut Book,
    policy: &AlertPolicy,
    alert: &AlertSignal,
    prev: Option<AlertState>,
    now: Timestamp,
) -> Receipt {
    let Some(gid) = live_group(book, prev.as_ref()) else {
        return ignored(prev.as_ref(), alert, "resolved");
    };
    let mut p = prev.expect("a live group has an alert");
    p.status = AlertStatus::Resolved;
    p.received += 1;
    p.last_at = now;
    book.put_alert(&alert.dedup_key, p);
    let g = book.group_mut(gid);
    g.received += 1;
    g.last_alert_at = now;
    g.firing = g.firing.saturating_sub(1);
    let resolves = match policy.resolve {
        ResolvePolicy::All => g.firing == 0,
        ResolvePolicy::First => true,
        ResolvePolicy::Last => g.last_fired.as_deref() == Some(alert.dedup_key.as_str()),
        ResolvePolicy::Never => false,
    };
    let mut effects = Vec::new();
    let reason = if resolves {
        g.status = GroupStatus::Resolved;
        g.resolved_at = Some(now);
        if g.triggered {
            effects.push(Effect::Resolve);
        }
        // Quiet for an hour ends the flapping: the next fire is a new problem.
        g.reopened
            .retain(|t| *t + SignedDuration::from_hours(1) >= now);
        format!(
            "resolved; group {gid} resolved with it (resolve policy {})",
            policy.resolve.as_str()
        )
    } else {
        format!(
            "resolved; group {gid} stays open: {} of its alerts still firing (resolve policy {})",
            g.firing,
            policy.resolve.as_str()
        )
    };
    if resolves {
        book.refile(gid);
    }
    Receipt {
        outcome: Outcome::Resolved,
        group: Some(gid),
        placement: Placement::Same,
        effects,
        reason,
    }
}

fn ignored(prev: Option<&AlertState>, alert: &AlertSignal, what: &str) -> Receipt {
    let reason = match prev {
        None => format!(
            "{what} for {}, which never fired here: nothing changed (a late {what} never opens a group)",
            key_words(alert)
        ),
        Some(_) => format!(
            "{what} for {}, which is not firing: nothing changed",
            key_words(alert)
        ),
    };
    Receipt {
        outcome: Outcome::Ignored,
        group: prev.and_then(|p| p.group),
        placement: Placement::None,
        effects: Vec::new(),
        reason,
    }
}

fn key_words(alert: &AlertSignal) -> String {
    use super::signal::KeySource::*;
    let by = match alert.key_from {
        Fingerprint => "fingerprint",
        DedupKey => "dedup key",
        Generated => "generated key",
        Alias => "alias",
        AlertCycleKey => "alert cycle key",
        Template => "templated key",
        PayloadHash => "payload hash",
        PagerdutyIncident => "PagerDuty incident",
    };
    format!("the alert with {by} “{}”", alert.dedup_key)
}
