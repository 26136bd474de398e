//! Staying inside Slack's rate limits instead of bouncing off them. Slack limits each Web API
//! method per workspace per app by tier (Tier 1 about 1 call a minute, Tier 2 20, Tier 3 50,
//! Tier 4 100), and `chat.postMessage` to about one message a second per channel. Every call
//! takes a token from its method's bucket (and, for posts, from its channel's); a 429 pauses
//! the method for Slack's `Retry-After` (a post's 429, its channel alone).
//!
//! Two lanes share each bucket: [`Lane::Urgent`] (pages and direct messages) may take every
//! token, [`Lane::Bulk`] (announcements, the mirror, channel upkeep) leaves a fifth of the
//! bucket to urgent calls. A burst of announcement edits therefore waits for its own tokens
//! while a page's direct message still goes out at once.

use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Who is waiting for a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lane {
    /// A person is being paged or messaged directly: never waits behind bulk traffic.
    Urgent,
    /// Announcements, mirrored messages, invitations, topics, archiving.
    Bulk,
}

/// Calls a minute Slack allows a method (its tier), per workspace.
pub fn per_minute(method: &str) -> u32 {
    match method {
        // Tier 2.
        "conversations.create"
        | "conversations.setTopic"
        | "conversations.archive"
        | "conversations.rename"
        | "pins.add"
        | "pins.remove"
        | "bookmarks.add" => 20,
        // Tier 4.
        "chat.postEphemeral" | "views.open" | "views.update" | "views.publish" | "users.info"
        | "views.push" => 100,
        // "Special": no published number for the workspace; the per-channel limit (below)
        // binds first for any one conversation.
        "chat.postMessage" | "chat.getPermalink" => 300,
        // Tier 3: conversations.invite/info/join, chat.update/delete/unfurl,
        // users.lookupByEmail, reactions.add, apps.connections.open, and anything unknown.
        _ => 50,
    }
}

/// The least time between two posts to one channel.
pub const CHANNEL_POST_GAP: Duration = Duration::from_secs(1);

#[derive(Debug, Clone)]
struct Bucket {
    tokens: f64,
    capacity: f64,
    per_sec: f64,
    last: Instant,
}

impl Bucket {
    fn new(per_minute: u32, burst: f64, now: Instant) -> Bucket {
        Bucket {
            tokens: burst,
            capacity: burst,
            per_sec: f64::from(per_minute) / 60.0,
            last: now,
        }
    }

    fn refill(&mut self, now: Instant) {
        let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
        self.tokens = (self.tokens + elapsed * self.per_sec).min(self.capacity);
        self.last = now;
    }

    /// The tokens a lane must leave in the bucket.
    fn reserve(&self, lane: Lane) -> f64 {
        match lane {
            Lane::Urgent => 0.0,
            Lane::Bulk => (self.capacity / 5.0).max(if self.capacity >= 2.0 { 1.0 } else { 0.0 }),
        }
    }

    /// How long until `lane` may take a token (zero: now).
    fn wait(&self, lane: Lane) -> Duration {
        let need = 1.0 + self.reserve(lane) - self.tokens;
        if need <= 0.0 {
            Duration::ZERO
        } else {
            Duration::from_secs_f64(need / self.per_sec)
        }
    }
}

/// The buckets of one Slack workspace.
#[derive(Debug, Default)]
pub struct Limiter {
    methods: HashMap<String, Bucket>,
    channels: HashMap<String, Bucket>,
    paused: HashMap<String, Instant>,
    channels_paused: HashMap<String, Instant>,
}

impl Limiter {
    /// A limiter with full buckets.
    pub fn new() -> Limiter {
        Limiter::default()
    }

    /// Takes the tokens for one call of `method` (posting to `channel`, for
    /// `chat.postMessage`) now, or says how long to wait before asking again.
    pub fn try_acquire(
        &mut self,
        method: &str,
        channel: Option<&str>,
        lane: Lane,
        now: Instant,
    ) -> Result<(), Duration> {
        if let Some(until) = self.paused.get(method).copied() {
            if until > now {
                return Err(until - now);
            }
            self.paused.remove(method);
        }
        let limit = per_minute(method);
        // A quarter of a minute's calls may go at once, as Slack tolerates short bursts.
        let burst = (f64::from(limit) / 4.0).max(1.0);
        let m = self
            .methods
            .entry(method.to_string())
            .or_insert_with(|| Bucket::new(limit, burst, now));
        m.refill(now);
        let mut wait = m.wait(lane);
        let per_channel = method == "chat.postMessage";
        if let (true, Some(channel)) = (per_channel, channel) {
            if let Some(until) = self.channels_paused.get(channel).copied() {
                if until > now {
                    return Err(until - now);
                }
                self.channels_paused.remove(channel);
            }
            let c = self.channels.entry(channel.to_string()).or_insert_with(|| {
                // One a second, bursts of three.
                Bucket::new((60 / CHANNEL_POST_GAP.as_secs()) as u32, 3.0, now)
            });
            c.refill(now);
            wait = wait.max(c.wait(lane));
        }
        if !wait.is_zero() {
            return Err(wait);
        }
        if let Some(m) = self.methods.get_mut(method) {
            m.tokens -= 1.0;
        }
        if let (true, Some(c)) = (per_channel, channel.and_then(|c| self.channels.get_mut(c))) {
            c.tokens -= 1.0;
        }
        Ok(())
    }

    /// Slack answered 429: nothing of `method` goes before `retry_after` has passed.
    pub fn pause(&mut self, method: &str, retry_after: Duration, now: Instant) {
        let until = now + retry_after;
        let entry = self.paused.entry(method.to_string()).or_insert(until);
        *entry = (*entry).max(until);
        if let Some(m) = self.methods.get_mut(method) {
            m.tokens = m.tokens.min(0.0);
        }
    }

    /// Slack answered 429 to a `chat.postMessage` in `channel`: posts there wait for
    /// `retry_after`, posts elsewhere do not. Slack does not say which of its limits a post's
    /// 429 came from, and the per-channel one is the likely one (the workspace's is far above
    /// this limiter's); pausing the whole method would hold a page's direct message behind a
    /// busy incident channel, which is what the lanes are there to prevent.
    pub fn pause_channel(&mut self, channel: &str, retry_after: Duration, now: Instant) {
        let until = now + retry_after;
        let entry = self
            .channels_paused
            .entry(channel.to_string())
            .or_insert(until);
        *entry = (*entry).max(until);
        if let Some(c) = self.channels.get_mut(channel) {
            c.tokens = c.tokens.min(0.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drain(
        l: &mut Limiter,
        method: &str,
        channel: Option<&str>,
        lane: Lane,
        now: Instant,
    ) -> u32 {
        let mut n = 0;
        while l.try_acquire(method, channel, lane, now).is_ok() {
            n += 1;
            assert!(n < 1000, "the bucket never empties");
        }
        n
    }

    #[test]
    fn bulk_traffic_leaves_room_for_urgent_calls() {
        let now = Instant::now();
        let mut l = Limiter::new();
        // chat.update is Tier 3: 50 a minute, bursts of 12; bulk stops at the reserve.
        let bulk = drain(&mut l, "chat.update", None, Lane::Bulk, now);
        assert!((8..12).contains(&bulk), "bulk took {bulk}");
        assert!(l
            .try_acquire("chat.update", None, Lane::Urgent, now)
            .is_ok());
        let wait = l
            .try_acquire("chat.update", None, Lane::Bulk, now)
            .unwrap_err();
        assert!(
            wait > Duration::ZERO && wait <= Duration::from_secs(10),
            "{wait:?}"
        );
    }

    #[test]
    fn one_busy_channel_does_not_hold_up_a_direct_message() {
        let now = Instant::now();
        let mut l = Limiter::new();
        let posted = drain(
            &mut l,
            "chat.postMessage",
            Some("C-INC-42"),
            Lane::Bulk,
            now,
        );
        assert!((1..=3).contains(&posted), "{posted}");
        let wait = l
            .try_acquire("chat.postMessage", Some("C-INC-42"), Lane::Bulk, now)
            .unwrap_err();
        assert!(wait <= Duration::from_secs(3), "{wait:?}");
        assert!(l
            .try_acquire("chat.postMessage", Some("D-PAGED"), Lane::Urgent, now)
            .is_ok());
        // A second later the channel may post again.
        let later = now + Duration::from_secs(3);
        assert!(l
            .try_acquire("chat.postMessage", Some("C-INC-42"), Lane::Bulk, later)
            .is_ok());
    }

    #[test]
    fn a_429_pauses_the_method_for_its_retry_after_in_both_lanes() {
        let now = Instant::now();
        let mut l = Limiter::new();
        l.pause("chat.update", Duration::from_secs(7), now);
        assert_eq!(
            l.try_acquire("chat.update", None, Lane::Urgent, now),
            Err(Duration::from_secs(7))
        );
        assert!(l
            .try_acquire("chat.postMessage", Some("D1"), Lane::Urgent, now)
            .is_ok());
        let after = now + Duration::from_secs(7);
        assert!(l
            .try_acquire("chat.update", None, Lane::Urgent, after)
            .is_ok());
    }

    #[test]
    fn a_429_on_one_channel_pauses_posts_there_only() {
        let now = Instant::now();
        let mut l = Limiter::new();
        assert!(l
            .try_acquire("chat.postMessage", Some("C-BUSY"), Lane::Bulk, now)
            .is_ok());
        l.pause_channel("C-BUSY", Duration::from_secs(4), now);
        assert_eq!(
            l.try_acquire("chat.postMessage", Some("C-BUSY"), Lane::Urgent, now),
            Err(Duration::from_secs(4))
        );
        assert!(l
            .try_acquire("chat.postMessage", Some("D-PAGED"), Lane::Urgent, now)
            .is_ok());
        let after = now + Duration::from_secs(4);
        assert!(l
            .try_acquire("chat.postMessage", Some("C-BUSY"), Lane::Urgent, after)
            .is_ok());
    }

    #[test]
    fn tier_two_methods_pace_at_twenty_a_minute() {
        let now = Instant::now();
        let mut l = Limiter::new();
        let burst = drain(&mut l, "conversations.create", None, Lane::Urgent, now);
        assert_eq!(burst, 5);
        let wait = l
            .try_acquire("conversations.create", None, Lane::Urgent, now)
            .unwrap_err();
        assert!(
            (2900..=3100).contains(&(wait.as_millis() as u64)),
            "{wait:?}"
        );
    }
}
