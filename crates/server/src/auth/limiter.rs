//! Failed-login rate limiting, per email and per client address, in memory. Each instance counts
//! its own failures; behind a load balancer the effective limit is per instance.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Counts recent failures and refuses attempts over the limit.
pub struct LoginLimiter {
    allowed: u32,
    window: Duration,
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl LoginLimiter {
    /// Allows `allowed` failures per email (three times as many per address) per `window`.
    pub fn new(allowed: u32, window: Duration) -> Self {
        LoginLimiter {
            allowed,
            window,
            failures: Mutex::new(HashMap::new()),
        }
    }

    fn keys(email: &str, ip: &str) -> [(String, u32); 2] {
        [
            (format!("email:{}", email.trim().to_lowercase()), 1),
            (format!("ip:{ip}"), 3),
        ]
    }

    /// `Some(seconds)` to wait when this email or address has failed too often.
    pub fn blocked_for(&self, email: &str, ip: &str, now: Instant) -> Option<u64> {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let mut wait = None;
        for (key, factor) in Self::keys(email, ip) {
            if let Some(times) = map.get_mut(&key) {
                while times
                    .front()
                    .is_some_and(|t| now.duration_since(*t) >= self.window)
                {
                    times.pop_front();
                }
                if times.len() as u32 >= self.allowed * factor {
                    let oldest = *times.front().expect("non-empty: over the limit");
                    let secs = self
                        .window
                        .saturating_sub(now.duration_since(oldest))
                        .as_secs()
                        + 1;
                    wait = Some(wait.map_or(secs, |w: u64| w.max(secs)));
                }
            }
        }
        wait
    }

    /// Records a failed attempt.
    pub fn failed(&self, email: &str, ip: &str, now: Instant) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() > 100_000 {
            // Bound memory under a spray of distinct emails: forget everything old.
            map.retain(|_, times| {
                times
                    .back()
                    .is_some_and(|t| now.duration_since(*t) < self.window)
            });
        }
        for (key, _) in Self::keys(email, ip) {
            map.entry(key).or_default().push_back(now);
        }
    }

    /// Forgets an email's failures after a successful login.
    pub fn succeeded(&self, email: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        map.remove(&format!("email:{}", email.trim().to_lowercase()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_the_allowed_failures_until_the_window_passes() {
        let l = LoginLimiter::new(3, Duration::from_secs(60));
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(l.blocked_for("Ana@x.io", "1.2.3.4", t0), None);
            l.failed("ana@x.io", "1.2.3.4", t0);
        }
        assert_eq!(l.blocked_for("ana@x.io", "5.6.7.8", t0), Some(61));
        assert_eq!(
            l.blocked_for("bob@x.io", "1.2.3.4", t0),
            None,
            "the address allows more than one email's worth"
        );
        assert_eq!(
            l.blocked_for("ana@x.io", "1.2.3.4", t0 + Duration::from_secs(61)),
            None
        );
    }

    #[test]
    fn success_clears_the_email() {
        let l = LoginLimiter::new(1, Duration::from_secs(60));
        let t0 = Instant::now();
        l.failed("ana@x.io", "ip", t0);
        l.succeeded("ana@x.io");
        assert_eq!(l.blocked_for("ana@x.io", "other", t0), None);
    }
}
