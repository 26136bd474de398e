//! Slowing down password guessing without letting a guesser lock the owner out (OWASP's
//! "progressive delays" rather than a hard lockout). Counted in memory, per instance.
//!
//! Three counters, each with growing delays once its free failures are used up (1 s, 2 s,
//! 4 s ... up to the window, 15 minutes by default):
//! - an account from one address: `allowed` free failures;
//! - one address over all accounts: 3 × `allowed`, so spraying many emails is slowed too;
//! - one account over all addresses: 10 × `allowed`, against guessing from many addresses.
//!
//! An address the account signed in from recently is exempt from the last two: a flood against
//! the admin from somewhere else does not keep the admin out. An attempt is counted when it
//! starts, before its password is checked, so a burst of parallel attempts cannot slip more
//! guesses through than the limit while the first ones are still being hashed.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Counters untouched this long are forgotten.
const FORGET_AFTER: Duration = Duration::from_secs(24 * 3600);
/// Addresses an account signed in from are trusted this long.
const KNOWN_FOR: Duration = Duration::from_secs(30 * 24 * 3600);
/// Entries per map at most; under a spray of distinct keys the oldest state goes first.
const MAX_ENTRIES: usize = 100_000;
/// Emails are keyed by at most this many characters (no valid address is longer).
const MAX_EMAIL_CHARS: usize = 254;
/// The first delay once free failures are used up, unless set otherwise; each further failure
/// doubles it.
pub const FIRST_DELAY: Duration = Duration::from_secs(1);

#[derive(Debug, Clone, Copy)]
struct Counter {
    /// Failed attempts, and attempts whose password is still being checked.
    failures: u32,
    pending: u32,
    /// When the last counted attempt started.
    last: Instant,
}

impl Counter {
    fn new(now: Instant) -> Counter {
        Counter {
            failures: 0,
            pending: 0,
            last: now,
        }
    }

    /// How long to wait from `now` before another attempt, if any.
    fn wait(&self, free: u32, first: Duration, cap: Duration, now: Instant) -> Option<Duration> {
        let counted = self.failures + self.pending;
        if counted < free {
            return None;
        }
        let doublings = (counted - free).min(30);
        let delay = first.saturating_mul(1 << doublings).min(cap);
        let until = self.last + delay;
        (now < until).then(|| until - now)
    }
}

/// Which counters an attempt touches.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Who {
    email: String,
    ip: String,
}

#[derive(Debug, Default)]
struct State {
    pairs: HashMap<Who, Counter>,
    addresses: HashMap<String, Counter>,
    accounts: HashMap<String, Counter>,
    known: HashMap<Who, Instant>,
}

/// Counts sign-in attempts and says how long to wait.
#[derive(Debug)]
pub struct LoginLimiter {
    allowed: u32,
    first_delay: Duration,
    window: Duration,
    state: Mutex<State>,
}

/// A sign-in attempt in progress: counted already; tell the limiter how it ended. Dropped
/// without an answer (the password could not be checked), it is not held against anyone.
#[derive(Debug)]
pub struct Attempt {
    limiter: Arc<LoginLimiter>,
    who: Who,
    known: bool,
    settled: bool,
}

impl Attempt {
    /// The password was wrong.
    pub fn failed(mut self) {
        self.settled = true;
        self.limiter.settle(&self.who, self.known, true);
    }

    /// The password was right: the account's counter for this address is cleared and the
    /// address is trusted for the account.
    pub fn succeeded(mut self, now: Instant) {
        self.settled = true;
        self.limiter.settle(&self.who, self.known, false);
        let mut state = self.limiter.lock();
        state.pairs.remove(&self.who);
        if state.known.len() >= MAX_ENTRIES {
            state
                .known
                .retain(|_, at| now.duration_since(*at) < KNOWN_FOR);
        }
        if state.known.len() < MAX_ENTRIES {
            state.known.insert(self.who.clone(), now);
        }
    }
}

impl Drop for Attempt {
    fn drop(&mut self) {
        if !self.settled {
            self.limiter.settle(&self.who, self.known, false);
        }
    }
}

impl LoginLimiter {
    /// `allowed` free failures per account and address (see the module's notes for the
    /// others); delays start at `first_delay` and grow up to `window`.
    pub fn new(allowed: u32, first_delay: Duration, window: Duration) -> Self {
        LoginLimiter {
            allowed: allowed.max(1),
            first_delay,
            window,
            state: Mutex::new(State::default()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Counts an attempt about to check a password, or says how many seconds to wait.
    pub fn begin(self: &Arc<Self>, email: &str, ip: &str, now: Instant) -> Result<Attempt, u64> {
        let who = Who {
            email: email
                .trim()
                .chars()
                .take(MAX_EMAIL_CHARS)
                .collect::<String>()
                .to_lowercase(),
            ip: ip.to_string(),
        };
        let mut state = self.lock();
        let known = state
            .known
            .get(&who)
            .is_some_and(|at| now.duration_since(*at) < KNOWN_FOR);
        let (first, cap) = (self.first_delay, self.window);
        let mut wait =
            current(&state.pairs, &who, now).and_then(|c| c.wait(self.allowed, first, cap, now));
        if !known {
            let by_address = current(&state.addresses, &who.ip, now)
                .and_then(|c| c.wait(self.allowed * 3, first, cap, now));
            let by_account = current(&state.accounts, &who.email, now)
                .and_then(|c| c.wait(self.allowed * 10, first, cap, now));
            wait = [wait, by_address, by_account].into_iter().flatten().max();
        }
        if let Some(wait) = wait {
            // Whole seconds, rounded up: "try again in 0 seconds" would be refused again.
            return Err(wait.as_secs() + u64::from(wait.subsec_nanos() > 0));
        }
        start(&mut state.pairs, who.clone(), now);
        if !known {
            start(&mut state.addresses, who.ip.clone(), now);
            start(&mut state.accounts, who.email.clone(), now);
        }
        Ok(Attempt {
            limiter: self.clone(),
            who,
            known,
            settled: false,
        })
    }

    fn settle(&self, who: &Who, known: bool, failed: bool) {
        let mut state = self.lock();
        settle(&mut state.pairs, who, failed);
        if !known {
            settle(&mut state.addresses, &who.ip, failed);
            settle(&mut state.accounts, &who.email, failed);
        }
    }
}

/// The counter for `key` unless it is old enough to be forgotten.
fn current<'a, K: Eq + Hash>(
    map: &'a HashMap<K, Counter>,
    key: &K,
    now: Instant,
) -> Option<&'a Counter> {
    map.get(key)
        .filter(|c| c.pending > 0 || now.duration_since(c.last) < FORGET_AFTER)
}

fn start<K: Eq + Hash>(map: &mut HashMap<K, Counter>, key: K, now: Instant) {
    if map.len() >= MAX_ENTRIES && !map.contains_key(&key) {
        map.retain(|_, c| c.pending > 0 || now.duration_since(c.last) < FORGET_AFTER);
        if map.len() >= MAX_ENTRIES {
            // Still full of recent state: forget the quietest half rather than grow.
            let mut lasts: Vec<Instant> = map.values().map(|c| c.last).collect();
            lasts.sort_unstable();
            let median = lasts[lasts.len() / 2];
            map.retain(|_, c| c.pending > 0 || c.last > median);
        }
    }
    let c = map.entry(key).or_insert_with(|| Counter::new(now));
    if c.pending == 0 && now.duration_since(c.last) >= FORGET_AFTER {
        *c = Counter::new(now);
    }
    c.pending += 1;
    c.last = now;
}

fn settle<K, Q>(map: &mut HashMap<K, Counter>, key: &Q, failed: bool)
where
    K: Eq + Hash + std::borrow::Borrow<Q>,
    Q: Eq + Hash + ?Sized,
{
    if let Some(c) = map.get_mut(key) {
        c.pending = c.pending.saturating_sub(1);
        if failed {
            c.failures = c.failures.saturating_add(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter(allowed: u32) -> Arc<LoginLimiter> {
        Arc::new(LoginLimiter::new(
            allowed,
            FIRST_DELAY,
            Duration::from_secs(900),
        ))
    }

    #[test]
    fn attempts_are_counted_before_their_password_is_checked() {
        let l = limiter(7);
        let t0 = Instant::now();
        // 40 attempts at once, none answered yet: only 7 may go on to a password check.
        let started: Vec<_> = (0..40)
            .filter_map(|_| l.begin("ana@x.io", "1.2.3.4", t0).ok())
            .collect();
        assert_eq!(started.len(), 7);
        for a in started {
            a.failed();
        }
        assert!(l.begin("ana@x.io", "1.2.3.4", t0).is_err());
    }

    #[test]
    fn delays_grow_after_the_free_failures() {
        let l = limiter(3);
        let mut now = Instant::now();
        for _ in 0..3 {
            l.begin("ana@x.io", "1.2.3.4", now).unwrap().failed();
        }
        let mut waits = Vec::new();
        for _ in 0..12 {
            let wait = l.begin("ana@x.io", "1.2.3.4", now).unwrap_err();
            waits.push(wait);
            now += Duration::from_secs(wait);
            l.begin("ana@x.io", "1.2.3.4", now).unwrap().failed();
        }
        assert_eq!(
            waits,
            [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900],
            "doubling, up to the window"
        );
    }

    #[test]
    fn a_flood_from_one_address_does_not_lock_the_owner_out_elsewhere() {
        let l = limiter(7);
        let t0 = Instant::now();
        // The owner signed in from home last week.
        l.begin("admin@x.io", "10.0.0.1", t0).unwrap().succeeded(t0);
        let t1 = t0 + Duration::from_secs(7 * 24 * 3600);
        for _ in 0..7 {
            l.begin("Admin@x.io", "6.6.6.6", t1).unwrap().failed();
        }
        assert!(l.begin("admin@x.io", "6.6.6.6", t1).is_err());
        assert!(
            l.begin("admin@x.io", "10.0.0.1", t1).is_ok(),
            "the owner's usual address"
        );
        assert!(
            l.begin("admin@x.io", "192.168.1.5", t1).is_ok(),
            "a new address of the owner's: the account limit is far higher"
        );
    }

    #[test]
    fn guessing_from_many_addresses_is_slowed_except_where_the_owner_signs_in() {
        let l = limiter(2);
        let t0 = Instant::now();
        l.begin("ana@x.io", "10.0.0.1", t0).unwrap().succeeded(t0);
        for i in 0..20 {
            l.begin("ana@x.io", &format!("6.6.6.{i}"), t0)
                .unwrap()
                .failed();
        }
        assert!(
            l.begin("ana@x.io", "7.7.7.7", t0).is_err(),
            "20 failures over many addresses reach the account's limit"
        );
        assert!(l.begin("ana@x.io", "10.0.0.1", t0).is_ok());
    }

    #[test]
    fn spraying_emails_from_one_address_is_slowed() {
        let l = limiter(2);
        let t0 = Instant::now();
        for i in 0..6 {
            l.begin(&format!("u{i}@x.io"), "6.6.6.6", t0)
                .unwrap()
                .failed();
        }
        assert!(l.begin("u99@x.io", "6.6.6.6", t0).is_err());
        assert!(l.begin("u99@x.io", "1.1.1.1", t0).is_ok());
    }

    #[test]
    fn success_clears_the_account_at_that_address_and_unchecked_attempts_count_nothing() {
        let l = limiter(1);
        let t0 = Instant::now();
        l.begin("ana@x.io", "ip", t0).unwrap().failed();
        assert!(l.begin("ana@x.io", "ip", t0).is_err());
        let later = t0 + Duration::from_secs(1);
        l.begin("ana@x.io", "ip", later).unwrap().succeeded(later);
        let attempt = l.begin("ana@x.io", "ip", later).unwrap();
        assert!(l.begin("ana@x.io", "ip", later).is_err(), "one in flight");
        drop(attempt);
        assert!(
            l.begin("ana@x.io", "ip", later).is_ok(),
            "an attempt never checked is not a failure"
        );
    }

    #[test]
    fn old_failures_are_forgotten() {
        let l = limiter(1);
        let t0 = Instant::now();
        l.begin("ana@x.io", "ip", t0).unwrap().failed();
        assert!(l.begin("ana@x.io", "ip", t0).is_err());
        assert!(l.begin("ana@x.io", "ip", t0 + FORGET_AFTER).is_ok());
    }

    #[test]
    fn memory_stays_bounded_under_a_spray_of_emails() {
        let l = limiter(5);
        let t0 = Instant::now();
        for i in 0..(MAX_ENTRIES + 10) {
            let long = format!("{i}{}", "x".repeat(1000));
            if let Ok(a) = l.begin(&long, &format!("ip{}", i % 50_000), t0) {
                a.failed();
            }
        }
        let state = l.lock();
        assert!(state.pairs.len() <= MAX_ENTRIES);
        assert!(state.accounts.len() <= MAX_ENTRIES);
        assert!(state
            .accounts
            .keys()
            .all(|k| k.chars().count() <= MAX_EMAIL_CHARS));
    }
}
