//! Mattermost's API rate limiter, a generic cell rate algorithm (the `throttled` library the
//! server uses): a bucket of `max_burst + 1` requests refilled at `per_sec`. Every answer
//! carries `X-Ratelimit-Limit`, `X-Ratelimit-Remaining` and `X-Ratelimit-Reset` (seconds
//! until the bucket is full again); a refused one is `429` with `Retry-After` (seconds until
//! the next request would pass) and the body `limit exceeded`, and has no effect.

use super::options::RateLimit;
use std::time::{Duration, Instant};

/// The headers' values for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Verdict {
    pub(crate) allowed: bool,
    pub(crate) limit: u32,
    pub(crate) remaining: u32,
    /// Whole seconds until the bucket is full.
    pub(crate) reset: u64,
    /// Whole seconds until a request would pass (0 when allowed).
    pub(crate) retry_after: u64,
}

/// One bucket, kept as the theoretical arrival time of the next request (GCRA).
#[derive(Debug)]
pub(crate) struct Bucket {
    limit: RateLimit,
    tat: Option<Instant>,
}

fn ceil_secs(d: Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

impl Bucket {
    pub(crate) fn new(limit: RateLimit) -> Self {
        Bucket { limit, tat: None }
    }

    /// Decides on a request arriving at `now`.
    pub(crate) fn check(&mut self, now: Instant) -> Verdict {
        let per_sec = self.limit.per_sec.max(1);
        let emission = Duration::from_secs(1) / per_sec;
        let capacity = self.limit.max_burst + 1;
        let tolerance = emission * self.limit.max_burst;
        let tat = self.tat.map_or(now, |t| t.max(now));
        let new_tat = tat + emission;
        // The earliest arrival allowed is new_tat - (tolerance + emission).
        let allow_at = new_tat.checked_sub(tolerance + emission).unwrap_or(now);
        let remaining_of = |tat: Instant| {
            let used = tat.saturating_duration_since(now);
            let used = used.as_nanos().div_ceil(emission.as_nanos().max(1));
            capacity.saturating_sub(used as u32)
        };
        if allow_at > now {
            return Verdict {
                allowed: false,
                limit: capacity,
                remaining: 0,
                reset: ceil_secs(tat.saturating_duration_since(now)),
                retry_after: ceil_secs(allow_at - now).max(1),
            };
        }
        self.tat = Some(new_tat);
        Verdict {
            allowed: true,
            limit: capacity,
            remaining: remaining_of(new_tat),
            reset: ceil_secs(new_tat.saturating_duration_since(now)),
            retry_after: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_passes_then_the_next_request_waits_for_one_emission() {
        let mut b = Bucket::new(RateLimit {
            per_sec: 1,
            max_burst: 2,
        });
        let t0 = Instant::now();
        let remaining: Vec<u32> = (0..3).map(|_| b.check(t0).remaining).collect();
        assert_eq!(remaining, [2, 1, 0]);
        let refused = b.check(t0);
        assert!(!refused.allowed);
        assert_eq!(
            (refused.limit, refused.retry_after, refused.reset),
            (3, 1, 3)
        );
        // One second later exactly one more request fits.
        let t1 = t0 + Duration::from_secs(1);
        assert!(b.check(t1).allowed);
        assert!(!b.check(t1).allowed);
        // After a long pause the whole burst is back.
        let later = t0 + Duration::from_secs(60);
        assert_eq!(b.check(later).remaining, 2);
    }
}
