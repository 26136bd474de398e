//! Password hashing, bounded. Each argon2 hash or check takes about 19 MiB and tens of
//! milliseconds of a core on purpose, so unbounded, a flood of sign-ins (even failed ones)
//! would take the machine's memory and stall the async workers that serve everyone else.
//!
//! At most `parallel` hashes run at once, each on a blocking thread; up to `queue` more wait
//! their turn; beyond that the caller is told at once that the server is busy
//! ([`StoreError::Busy`], a 503 with Retry-After), which costs nothing.

use crate::secrets::{hash_password, verify_password};
use crate::StoreError;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tokio::sync::Semaphore;

/// How many password hashes may run at once and wait in line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordLimits {
    /// Hashes running at once (each holds ~19 MiB while it runs).
    pub parallel: usize,
    /// Requests waiting for a turn before new ones are turned away.
    pub queue: usize,
}

impl Default for PasswordLimits {
    /// One hash per core, and eight times as many waiting: a burst of legitimate sign-ins waits
    /// a few hundred milliseconds at most, a flood is refused at the door.
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        PasswordLimits {
            parallel: cores,
            queue: cores * 8,
        }
    }
}

/// Runs password hashes within [`PasswordLimits`].
pub struct PasswordGate {
    running: Arc<Semaphore>,
    /// Callers holding or waiting for a permit.
    admitted: AtomicUsize,
    limits: PasswordLimits,
}

/// Gives the caller's place in line back however the wait or the hash ends.
struct Admission<'a>(&'a AtomicUsize);

impl Drop for Admission<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

impl PasswordGate {
    /// A gate with these limits (at least one hash may run).
    pub fn new(limits: PasswordLimits) -> PasswordGate {
        let limits = PasswordLimits {
            parallel: limits.parallel.max(1),
            queue: limits.queue,
        };
        PasswordGate {
            running: Arc::new(Semaphore::new(limits.parallel)),
            admitted: AtomicUsize::new(0),
            limits,
        }
    }

    /// Hashes a new password.
    pub async fn hash(&self, password: &str) -> Result<String, StoreError> {
        let password = password.to_string();
        self.run(move || hash_password(&password)).await
    }

    /// Checks a password against a stored hash.
    pub async fn verify(&self, password: &str, stored: &str) -> Result<bool, StoreError> {
        let (password, stored) = (password.to_string(), stored.to_string());
        self.run(move || verify_password(&password, &stored)).await
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, StoreError> {
        let capacity = self.limits.parallel + self.limits.queue;
        if self.admitted.fetch_add(1, Ordering::AcqRel) >= capacity {
            self.admitted.fetch_sub(1, Ordering::AcqRel);
            return Err(StoreError::Busy {
                what: "password checks",
                retry_after_secs: 1,
            });
        }
        let _place = Admission(&self.admitted);
        let permit = self
            .running
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| StoreError::Config("the password gate is closed".into()))?;
        tokio::task::spawn_blocking(move || {
            let out = work();
            drop(permit);
            out
        })
        .await
        .map_err(|e| StoreError::Config(format!("a password hash did not finish: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn hashes_and_checks() {
        let gate = PasswordGate::new(PasswordLimits::default());
        let hash = gate.hash("correct horse").await.unwrap();
        assert!(gate.verify("correct horse", &hash).await.unwrap());
        assert!(!gate.verify("wrong horse", &hash).await.unwrap());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_full_line_is_refused_at_once_and_the_rest_run() {
        let gate = Arc::new(PasswordGate::new(PasswordLimits {
            parallel: 1,
            queue: 2,
        }));
        let hash = gate.hash("pw").await.unwrap();
        // Hold the only turn so that every caller is in line at once, however slow the machine.
        let turn = gate.running.clone().acquire_owned().await.unwrap();
        let tries: Vec<_> = (0..10)
            .map(|_| {
                let (gate, hash) = (gate.clone(), hash.clone());
                tokio::spawn(async move { gate.verify("pw", &hash).await })
            })
            .collect();
        // Those in line cannot finish while the turn is held; the others are refused.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while tries.iter().filter(|t| t.is_finished()).count() < 7 {
            assert!(
                std::time::Instant::now() < deadline,
                "7 callers are not refused"
            );
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        }
        assert_eq!(
            gate.admitted.load(Ordering::Acquire),
            3,
            "one turn and two waiting"
        );
        let (refused, in_line): (Vec<_>, Vec<_>) = tries.into_iter().partition(|t| t.is_finished());
        for t in refused {
            assert!(matches!(t.await.unwrap(), Err(StoreError::Busy { .. })));
        }
        drop(turn);
        for t in in_line {
            assert!(t.await.unwrap().unwrap(), "those in line get their answer");
        }
        assert_eq!(
            gate.admitted.load(Ordering::Acquire),
            0,
            "places given back"
        );
        assert!(gate.verify("pw", &hash).await.unwrap(), "open again");
    }
}
