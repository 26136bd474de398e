//! Web API rate limiting: a sliding window per method (and per channel for
//! `chat.postMessage`), as Slack limits each method per workspace per app. A refused call
//! answers 429 with `Retry-After` set to when the oldest call in the window leaves it.

use super::options::RateLimits;
use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

#[derive(Default)]
pub(crate) struct Limiter {
    windows: HashMap<(String, String), VecDeque<Instant>>,
}

impl Limiter {
    /// Counts a call to `method` (about `channel`) if it is within the limit; otherwise how
    /// many whole seconds to wait (at least 1, as `Retry-After` carries seconds).
    pub fn check(
        &mut self,
        limits: &RateLimits,
        method: &str,
        channel: Option<&str>,
        now: Instant,
    ) -> Result<(), u64> {
        let Some(limit) = limits.limit_for(method) else {
            return Ok(());
        };
        let scope = if limit.per_channel {
            channel.unwrap_or_default().to_string()
        } else {
            String::new()
        };
        let window = self.windows.entry((method.to_string(), scope)).or_default();
        while window
            .front()
            .is_some_and(|t| now.duration_since(*t) >= limit.per)
        {
            window.pop_front();
        }
        if (window.len() as u32) < limit.max {
            window.push_back(now);
            return Ok(());
        }
        let oldest = *window.front().expect("a full window has an oldest call");
        let wait = limit.per.saturating_sub(now.duration_since(oldest));
        Err(ceil_secs(wait).max(1))
    }
}

fn ceil_secs(d: Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tier_two_allows_its_burst_then_asks_to_wait_out_the_minute() {
        let mut l = Limiter::default();
        let t0 = Instant::now();
        let limits = RateLimits::slack();
        for i in 0..22 {
            let t = t0 + Duration::from_secs(i);
            assert_eq!(l.check(&limits, "conversations.create", None, t), Ok(()));
        }
        let at = t0 + Duration::from_secs(30);
        assert_eq!(l.check(&limits, "conversations.create", None, at), Err(30));
        // The first call left the window at 60 s.
        let at = t0 + Duration::from_secs(60);
        assert_eq!(l.check(&limits, "conversations.create", None, at), Ok(()));
    }

    #[test]
    fn post_message_is_limited_per_channel() {
        let mut l = Limiter::default();
        let t = Instant::now();
        let limits = RateLimits::slack();
        for _ in 0..5 {
            assert!(l.check(&limits, "chat.postMessage", Some("C1"), t).is_ok());
        }
        assert_eq!(l.check(&limits, "chat.postMessage", Some("C1"), t), Err(5));
        assert!(l.check(&limits, "chat.postMessage", Some("C2"), t).is_ok());
    }

    #[test]
    fn none_never_limits_and_overrides_apply_alone() {
        let mut l = Limiter::default();
        let t = Instant::now();
        let limits = RateLimits::none().with("chat.update", 2, Duration::from_secs(10));
        for _ in 0..500 {
            assert!(l.check(&limits, "conversations.create", None, t).is_ok());
        }
        assert!(l.check(&limits, "chat.update", None, t).is_ok());
        assert!(l.check(&limits, "chat.update", None, t).is_ok());
        assert_eq!(l.check(&limits, "chat.update", None, t), Err(10));
    }
}
