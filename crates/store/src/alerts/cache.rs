//! Integrations by key, in memory: every alert request looks its key up, and at thousands of
//! requests a second a query each would cost more than storing the request. A change here
//! clears the copy at once; other instances (PostgreSQL) trust theirs for [`TTL`] at most, so a
//! deleted key stops working there within that.

use super::integrations::Integration;
use crate::secrets::Secret;
use crate::{Store, StoreError};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a copy is trusted.
const TTL: Duration = Duration::from_secs(2);

/// An integration as requests need it: what it is, and its signing secret opened.
#[derive(Debug)]
pub struct Known {
    /// The integration.
    pub integration: Integration,
    /// Its signing secret, if it has one.
    pub secret: Option<Secret>,
}

/// Integrations by key digest.
type ByDigest = Arc<HashMap<String, Arc<Known>>>;

/// The copy: integrations by key digest, with when it was read and a generation that a change
/// bumps, so a read racing a change is never kept.
#[derive(Default)]
pub(crate) struct IntegrationCache {
    copy: Mutex<Option<(ByDigest, Instant)>>,
    generation: std::sync::atomic::AtomicU64,
}

impl Store {
    pub(crate) async fn known_integration(
        &self,
        digest: &str,
    ) -> Result<Option<Arc<Known>>, StoreError> {
        use std::sync::atomic::Ordering;
        let cache = &self.inner.integration_cache;
        if let Some((copy, at)) = cache.copy.lock().expect("not poisoned").clone() {
            if at.elapsed() < TTL {
                return Ok(copy.get(digest).cloned());
            }
        }
        let generation = cache.generation.load(Ordering::SeqCst);
        let read_at = Instant::now();
        let rows: Vec<(String, i64)> =
            sqlx::query_as("SELECT key_digest, id FROM alert_integrations")
                .fetch_all(&mut *self.reader().await?)
                .await?;
        let all: HashMap<i64, Integration> = self
            .integrations()
            .await?
            .into_iter()
            .map(|i| (i.id, i))
            .collect();
        let mut map = HashMap::new();
        for (d, id) in rows {
            if let Some(i) = all.get(&id) {
                let secret = self.integration_secret(i)?;
                map.insert(
                    d,
                    Arc::new(Known {
                        integration: i.clone(),
                        secret,
                    }),
                );
            }
        }
        let map = Arc::new(map);
        if cache.generation.load(Ordering::SeqCst) == generation {
            *cache.copy.lock().expect("not poisoned") = Some((map.clone(), read_at));
        }
        Ok(map.get(digest).cloned())
    }

    /// Drops the copy after a change.
    pub(crate) fn forget_integrations(&self) {
        let cache = &self.inner.integration_cache;
        cache
            .generation
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        *cache.copy.lock().expect("not poisoned") = None;
    }
}
