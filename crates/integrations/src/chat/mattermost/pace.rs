//! Staying inside Mattermost's API rate limit. A stock server has none; one that enables it
//! (`RateLimitSettings`) keeps one bucket per client address or token and says where it
//! stands on every answer (`X-Ratelimit-Limit`, `-Remaining`, `-Reset`: seconds until the
//! bucket is full), and refuses with 429 and `Retry-After` once it is empty.
//!
//! There is one bucket, so there are no per-method tiers to model as for Slack: the pace
//! learns the bucket from the headers and keeps Slack's two lanes on it. [`Lane::Bulk`]
//! (announcements, the mirror) leaves a fifth of the bucket to [`Lane::Urgent`] calls (pages,
//! answers to people). After Mattermost's own 429 (it carries the `X-Ratelimit-*` headers)
//! every call waits for `Retry-After`, since the whole bucket is empty. A 429 without them
//! comes from something in front of Mattermost limiting that route alone (a proxy's
//! `limit_req` on post edits, say): only calls to that route wait, so a page's direct message
//! never waits behind an announcement's refused edit.

use crate::chat::api::Lane;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// What the last answer said about the bucket, and what was taken since.
#[derive(Debug, Clone, Copy)]
struct Estimate {
    limit: f64,
    remaining: f64,
    per_sec: f64,
    at: Instant,
}

impl Estimate {
    fn remaining_at(&self, now: Instant) -> f64 {
        let refilled = now.saturating_duration_since(self.at).as_secs_f64() * self.per_sec;
        (self.remaining + refilled).min(self.limit)
    }
}

/// The refill rate when the server has not shown one yet (Mattermost's default).
const DEFAULT_PER_SEC: f64 = 10.0;

/// One server's bucket, as far as Goldseam can tell.
#[derive(Debug, Default)]
pub(crate) struct Pace {
    paused_until: Option<Instant>,
    /// Routes (`PUT /posts/{id}/patch`) refused by something in front of Mattermost, until when.
    routes_paused: HashMap<String, Instant>,
    estimate: Option<Estimate>,
}

impl Pace {
    /// How long a call to `route` in `lane` must wait before it is sent (zero: now); when
    /// zero, the call counts as taken.
    pub(crate) fn try_take(&mut self, lane: Lane, route: &str, now: Instant) -> Duration {
        if let Some(until) = self.paused_until.filter(|u| *u > now) {
            return until - now;
        }
        self.routes_paused.retain(|_, until| *until > now);
        if let Some(until) = self.routes_paused.get(route) {
            return *until - now;
        }
        let Some(e) = self.estimate.as_mut() else {
            return Duration::ZERO;
        };
        let reserve = match lane {
            Lane::Urgent => 0.0,
            Lane::Bulk => (e.limit / 5.0).floor().max(1.0),
        };
        let have = e.remaining_at(now);
        let need = 1.0 + reserve - have;
        if need > 0.0 {
            return Duration::from_secs_f64(need / e.per_sec);
        }
        e.remaining = have - 1.0;
        e.at = now;
        Duration::ZERO
    }

    /// Learns the bucket from an answer's `X-Ratelimit-*` headers (none: the server does
    /// not limit, or no longer does).
    pub(crate) fn learn(
        &mut self,
        limit: Option<u32>,
        remaining: Option<u32>,
        reset: Option<u64>,
        now: Instant,
    ) {
        let (Some(limit), Some(remaining)) = (limit, remaining) else {
            self.estimate = None;
            return;
        };
        let (limit, remaining) = (f64::from(limit.max(1)), f64::from(remaining.min(limit)));
        let per_sec = match reset {
            Some(r) if r > 0 && remaining < limit => ((limit - remaining) / r as f64).max(0.1),
            _ => self.estimate.map_or(DEFAULT_PER_SEC, |e| e.per_sec),
        };
        self.estimate = Some(Estimate {
            limit,
            remaining,
            per_sec,
            at: now,
        });
    }

    /// A 429 from something in front of Mattermost: calls to `route` wait until `after` has
    /// passed; the bucket, which it did not speak for, is as it was.
    pub(crate) fn pause_route(&mut self, route: &str, after: Duration, now: Instant) {
        let until = now + after;
        let at = self.routes_paused.entry(route.to_string()).or_insert(until);
        *at = (*at).max(until);
    }

    /// Mattermost's own 429: nothing goes until `after` has passed.
    pub(crate) fn pause(&mut self, after: Duration, now: Instant) {
        let until = now + after;
        self.paused_until = Some(self.paused_until.map_or(until, |u| u.max(until)));
        if let Some(e) = self.estimate.as_mut() {
            e.remaining = 0.0;
            e.at = until;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const R: &str = "POST /posts";

    #[test]
    fn without_headers_nothing_waits() {
        let mut p = Pace::default();
        let now = Instant::now();
        for _ in 0..1000 {
            assert_eq!(p.try_take(Lane::Bulk, R, now), Duration::ZERO);
        }
    }

    #[test]
    fn bulk_leaves_a_fifth_of_the_bucket_to_urgent_calls() {
        let mut p = Pace::default();
        let t0 = Instant::now();
        // 101 requests, 21 left, full again in 8 s: 10 a second.
        p.learn(Some(101), Some(21), Some(8), t0);
        assert_eq!(p.try_take(Lane::Bulk, R, t0), Duration::ZERO);
        // 20 left, all reserved: bulk waits for one more token, urgent goes.
        let wait = p.try_take(Lane::Bulk, R, t0);
        assert!(
            wait > Duration::from_millis(90) && wait <= Duration::from_millis(100),
            "{wait:?}"
        );
        for _ in 0..20 {
            assert_eq!(p.try_take(Lane::Urgent, R, t0), Duration::ZERO);
        }
        assert!(p.try_take(Lane::Urgent, R, t0) > Duration::ZERO);
        // A second later ten tokens are back, but bulk still leaves the reserve.
        let t1 = t0 + Duration::from_secs(1);
        assert!(p.try_take(Lane::Bulk, R, t1) > Duration::ZERO);
        assert_eq!(p.try_take(Lane::Urgent, R, t1), Duration::ZERO);
    }

    #[test]
    fn mattermosts_own_429_stops_every_lane_for_retry_after() {
        let mut p = Pace::default();
        let t0 = Instant::now();
        p.pause(Duration::from_secs(2), t0);
        assert_eq!(p.try_take(Lane::Urgent, R, t0), Duration::from_secs(2));
        let t1 = t0 + Duration::from_secs(2);
        assert_eq!(p.try_take(Lane::Urgent, R, t1), Duration::ZERO);
        // The server stopped limiting: the estimate goes with the headers.
        p.learn(None, None, None, t1);
        assert_eq!(p.try_take(Lane::Bulk, R, t1), Duration::ZERO);
    }

    #[test]
    fn a_route_refused_in_front_of_mattermost_waits_alone() {
        let mut p = Pace::default();
        let t0 = Instant::now();
        let patch = "PUT /posts/{id}/patch";
        p.learn(Some(101), Some(90), Some(1), t0);
        p.pause_route(patch, Duration::from_secs(120), t0);
        assert_eq!(p.try_take(Lane::Bulk, patch, t0), Duration::from_secs(120));
        // A page's direct message and the announcements' new posts go on.
        assert_eq!(
            p.try_take(Lane::Urgent, "POST /channels/direct", t0),
            Duration::ZERO
        );
        assert_eq!(p.try_take(Lane::Urgent, R, t0), Duration::ZERO);
        assert_eq!(p.try_take(Lane::Bulk, R, t0), Duration::ZERO);
        // A shorter wait asked later does not shorten the longer one.
        p.pause_route(patch, Duration::from_secs(1), t0);
        let t1 = t0 + Duration::from_secs(60);
        assert_eq!(p.try_take(Lane::Urgent, patch, t1), Duration::from_secs(60));
        let t2 = t0 + Duration::from_secs(120);
        assert_eq!(p.try_take(Lane::Bulk, patch, t2), Duration::ZERO);
    }
}
