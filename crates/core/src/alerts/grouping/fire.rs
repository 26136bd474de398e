//! A fire: a repeat, a stale word, or a new or re-firing alert placed in its group (joined,
//! opened, reopened, or folded into the storm group), and what the group must then do.

use super::{digest, key_words, live_group, Effect, Outcome, Placement, Receipt, TIMELINE_ALERTS};
use crate::alerts::book::Book;
use crate::alerts::group::{AlertState, GroupId, GroupState, GroupStatus};
use crate::alerts::policy::{AlertPolicy, ResolvePolicy};
use crate::alerts::route::Route;
use crate::alerts::signal::{AlertSignal, AlertStatus};
use jiff::{SignedDuration, Timestamp};

pub(super) fn fire(
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
