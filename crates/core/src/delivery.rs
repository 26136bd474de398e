//! Delivery rules shared by the job queue and its workers: the states a job moves through, and
//! when a failed attempt is tried again.
//!
//! Retries use exponential backoff with *equal jitter*: after attempt `n` fails, the ceiling is
//! `min(cap, base * 2^(n-1))` and the delay is `ceiling/2 + jitter * ceiling/2`. Half the
//! ceiling is always waited, so a provider that is down is never hammered by a retry that drew a
//! jitter near zero (as "full jitter" allows); the other half spreads the retries of a storm
//! that failed together. The jitter is passed in by the caller, so these rules stay pure.

mod checks;
mod payload;
mod rate;

pub use checks::check_e164;
pub use payload::{
    CalendarPart, Delivery, EmailMessage, MattermostDm, SlackPost, SmsMessage, Verify,
    VerifyChannel, VoiceCall, WebhookCall, KINDS, MATTERMOST_TEXT_MAX,
};
pub use rate::{bundle, rate_limit, RateLimit};

use jiff::{SignedDuration, Timestamp};

/// Where a job is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobState {
    /// Waiting for its `run_at`, or due and waiting for a worker.
    Queued,
    /// Leased by a worker until its lease ends; a lease that ends unrecorded is claimed again.
    Running,
    /// Delivered (or accepted by the provider); never run again.
    Done,
    /// Out of attempts, or failed for good; listed for an admin to read and retry.
    Dead,
}

impl JobState {
    /// The stored name: `queued`, `running`, `done` or `dead`.
    pub fn as_str(self) -> &'static str {
        match self {
            JobState::Queued => "queued",
            JobState::Running => "running",
            JobState::Done => "done",
            JobState::Dead => "dead",
        }
    }

    /// The state a stored name stands for.
    pub fn parse(s: &str) -> Option<JobState> {
        Some(match s {
            "queued" => JobState::Queued,
            "running" => JobState::Running,
            "done" => JobState::Done,
            "dead" => JobState::Dead,
            _ => return None,
        })
    }
}

/// How long a claimed job stays leased to its worker. Twice the longest provider timeout the
/// engine allows (30 s; 10 s by default), so a slow but live send finishes well inside its lease and only a crashed
/// worker's jobs are taken over.
pub const DEFAULT_LEASE: SignedDuration = SignedDuration::from_secs(60);

/// When failed deliveries are tried again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// The ceiling of the first retry's delay (it waits between half of this and all of it).
    pub base: SignedDuration,
    /// No delay is longer than this.
    pub cap: SignedDuration,
    /// Attempts in all, the first included; after this many the job is dead.
    pub max_attempts: u32,
}

impl Default for RetryPolicy {
    /// 5 s base, 10 min cap, 8 attempts: retries after about 5 s, 10 s, 20 s, 40 s, 80 s,
    /// 160 s and 320 s (each between half and all of that), so a job dies after 5 to 10
    /// minutes of a provider's outage.
    fn default() -> Self {
        RetryPolicy {
            base: SignedDuration::from_secs(5),
            cap: SignedDuration::from_mins(10),
            max_attempts: 8,
        }
    }
}

impl RetryPolicy {
    /// Whether a job that has been tried `attempts` times may not be tried again.
    pub fn exhausted(&self, attempts: u32) -> bool {
        attempts >= self.max_attempts
    }

    /// The longest delay after attempt `attempt` (counted from 1) fails: `min(cap, base *
    /// 2^(attempt-1))`, never negative. Attempt 0 is treated as 1.
    pub fn ceiling(&self, attempt: u32) -> SignedDuration {
        let base = self.base.max(SignedDuration::ZERO).as_nanos();
        let cap = self.cap.max(SignedDuration::ZERO).as_nanos();
        let exp = attempt.saturating_sub(1);
        // Past 2^64 any positive base is beyond every representable cap.
        let raw = if exp >= 64 {
            if base > 0 {
                cap
            } else {
                0
            }
        } else {
            base.saturating_mul(1i128 << exp)
        };
        nanos(raw.min(cap))
    }

    /// How long to wait before trying again after attempt `attempt` (counted from 1) failed,
    /// or `None` when that was the last allowed attempt. `jitter` is a random number in
    /// `0..=1` from the caller (values outside are clamped, NaN counts as 0): the delay is
    /// `ceiling/2 + jitter * ceiling/2` (equal jitter).
    pub fn next_delay(&self, attempt: u32, jitter: f64) -> Option<SignedDuration> {
        if self.exhausted(attempt) {
            return None;
        }
        let ceiling = self.ceiling(attempt).as_nanos();
        let jitter = if jitter.is_nan() {
            0.0
        } else {
            jitter.clamp(0.0, 1.0)
        };
        let half = ceiling / 2;
        let spread = ((ceiling - half) as f64 * jitter) as i128;
        Some(nanos((half + spread).clamp(0, ceiling)))
    }

    /// When to try again after attempt `attempt` failed at `now`, or `None` when the job is
    /// dead. A time past the end of representable time is clamped to it.
    pub fn retry_at(&self, now: Timestamp, attempt: u32, jitter: f64) -> Option<Timestamp> {
        let delay = self.next_delay(attempt, jitter)?;
        Some(now.checked_add(delay).unwrap_or(Timestamp::MAX))
    }
}

/// A duration of `n` nanoseconds, saturating at what `SignedDuration` holds.
fn nanos(n: i128) -> SignedDuration {
    SignedDuration::from_nanos(n.clamp(0, i64::MAX as i128) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn secs(s: i64) -> SignedDuration {
        SignedDuration::from_secs(s)
    }

    #[test]
    fn states_round_trip_through_their_names() {
        for s in [
            JobState::Queued,
            JobState::Running,
            JobState::Done,
            JobState::Dead,
        ] {
            assert_eq!(JobState::parse(s.as_str()), Some(s));
        }
        assert_eq!(JobState::parse("Queued"), None);
    }

    #[test]
    fn default_policy_doubles_from_five_seconds_to_the_cap() {
        let p = RetryPolicy::default();
        let ceilings: Vec<i64> = (1..=9).map(|a| p.ceiling(a).as_secs()).collect();
        assert_eq!(ceilings, [5, 10, 20, 40, 80, 160, 320, 600, 600]);
    }

    #[test]
    fn equal_jitter_waits_between_half_and_all_of_the_ceiling() {
        let p = RetryPolicy::default();
        assert_eq!(p.next_delay(3, 0.0), Some(secs(10)));
        assert_eq!(p.next_delay(3, 1.0), Some(secs(20)));
        assert_eq!(p.next_delay(3, 0.5), Some(secs(15)));
        // Out of range and NaN jitter are tamed, not trusted.
        assert_eq!(p.next_delay(3, 7.0), Some(secs(20)));
        assert_eq!(p.next_delay(3, -1.0), Some(secs(10)));
        assert_eq!(p.next_delay(3, f64::NAN), Some(secs(10)));
    }

    #[test]
    fn the_last_attempt_gets_no_retry() {
        let p = RetryPolicy::default();
        assert!(p.next_delay(7, 0.5).is_some());
        assert_eq!(p.next_delay(8, 0.5), None);
        assert!(p.exhausted(8) && !p.exhausted(7));
        let now = Timestamp::from_second(1_700_000_000).unwrap();
        assert_eq!(p.retry_at(now, 1, 1.0), Some(now + secs(5)));
        assert_eq!(p.retry_at(now, 8, 1.0), None);
    }

    #[test]
    fn huge_attempts_and_odd_settings_neither_overflow_nor_go_negative() {
        let p = RetryPolicy {
            base: secs(1),
            cap: SignedDuration::MAX,
            max_attempts: u32::MAX,
        };
        assert!(p.next_delay(200, 1.0).unwrap() > SignedDuration::ZERO);
        let negative = RetryPolicy {
            base: secs(-5),
            cap: secs(-1),
            max_attempts: 3,
        };
        assert_eq!(negative.next_delay(1, 1.0), Some(SignedDuration::ZERO));
    }

    proptest! {
        #[test]
        fn delays_stay_within_zero_and_the_cap(
            base_ms in 0i64..100_000_000,
            cap_ms in 0i64..1_000_000_000,
            max_attempts in 0u32..100,
            attempt in 0u32..200,
            jitter in -0.5f64..1.5,
        ) {
            let p = RetryPolicy {
                base: SignedDuration::from_millis(base_ms),
                cap: SignedDuration::from_millis(cap_ms),
                max_attempts,
            };
            if let Some(d) = p.next_delay(attempt, jitter) {
                prop_assert!(d >= SignedDuration::ZERO);
                prop_assert!(d <= p.cap);
                prop_assert!(d <= p.ceiling(attempt));
                prop_assert!(d.as_nanos() >= p.ceiling(attempt).as_nanos() / 2);
            }
        }

        #[test]
        fn the_ceiling_never_decreases(
            base_ms in 0i64..100_000_000,
            cap_ms in 0i64..1_000_000_000,
            attempt in 0u32..200,
        ) {
            let p = RetryPolicy {
                base: SignedDuration::from_millis(base_ms),
                cap: SignedDuration::from_millis(cap_ms),
                max_attempts: u32::MAX,
            };
            prop_assert!(p.ceiling(attempt) <= p.ceiling(attempt + 1));
        }

        #[test]
        fn there_is_a_retry_exactly_until_max_attempts(
            max_attempts in 0u32..50,
            attempt in 0u32..100,
            jitter in 0f64..=1.0,
        ) {
            let p = RetryPolicy { max_attempts, ..RetryPolicy::default() };
            prop_assert_eq!(p.next_delay(attempt, jitter).is_none(), attempt >= max_attempts);
        }
    }
}

/// A destination (`sms:+15551230001`, `email:ana@example.com`, `slack:U024BE7LH`,
/// `mattermost:8sd7hwgz9jfqtfpg8n3i5w7hbo`,
/// `webhook:https://hooks.example.com/x`) as a timeline may show it to everyone who can see the
/// incident: enough to tell which of your methods it was, not someone's whole number or address.
pub fn masked_destination(destination: &str) -> String {
    let (kind, to) = destination.split_once(':').unwrap_or(("", destination));
    let chars: Vec<char> = to.chars().collect();
    let keep = |head: usize, tail: usize| -> String {
        if chars.len() <= head + tail {
            return "•".repeat(chars.len().max(3));
        }
        let hidden = chars.len() - head - tail;
        format!(
            "{}{}{}",
            chars[..head].iter().collect::<String>(),
            "•".repeat(hidden.min(6)),
            chars[chars.len() - tail..].iter().collect::<String>()
        )
    };
    match kind {
        "sms" | "voice" => keep(2, 4),
        "email" => match to.split_once('@') {
            Some((local, domain)) => format!("{}•••@{domain}", local.chars().next().unwrap_or('•')),
            None => keep(1, 0),
        },
        "slack" | "mattermost" => keep(1, 3),
        // A webhook's host is not personal; its path may hold a secret.
        "webhook" => to.split('/').nth(2).map_or_else(
            || keep(0, 0),
            |host| format!("{}//{host}/…", to.split('/').next().unwrap_or("")),
        ),
        _ => keep(1, 2),
    }
}

#[cfg(test)]
mod mask_tests {
    use super::masked_destination as m;

    #[test]
    fn destinations_are_partly_hidden() {
        assert_eq!(m("sms:+15551230001"), "+1••••••0001");
        assert_eq!(m("email:ana@example.com"), "a•••@example.com");
        assert_eq!(m("slack:U024BE7LH"), "U•••••7LH");
        assert_eq!(m("mattermost:8sd7hwgz9jfqtfpg8n3i5w7hbo"), "8••••••hbo");
        assert_eq!(
            m("webhook:https://hooks.example.com/T0/B0/secret"),
            "https://hooks.example.com/…"
        );
        assert_eq!(m("sms:+1"), "•••");
    }
}
