//! Acknowledging and resolving: what a sender's word on an alert that fires does to its group,
//! and the word on one that does not (it changes nothing).

use super::{live_group, Effect, Outcome, Placement, Receipt};
use crate::alerts::book::Book;
use crate::alerts::group::{AlertState, GroupStatus};
use crate::alerts::policy::{AlertPolicy, ResolvePolicy};
use crate::alerts::signal::{AlertSignal, AlertStatus};
use jiff::{SignedDuration, Timestamp};

pub(super) fn acknowledge(
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

pub(super) fn resolve(
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

pub(super) fn key_words(alert: &AlertSignal) -> String {
    use crate::alerts::signal::KeySource::*;
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
