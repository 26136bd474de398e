//! The response rules and the incident-manager setting, kept in memory.
//!
//! Every declaration reads both (to decide whether it goes private and whether a `respond` job
//! is written). Reading them from the database cost SQLite declarations about a third of their
//! throughput, and PostgreSQL two queries per declaration on top of the write itself.
//!
//! On SQLite one process owns the database, so a copy that every change clears is exact. On
//! PostgreSQL several instances share it, and a missed rule can mean an incident that should be
//! private is not, so a change there also announces itself (`NOTIFY` on [`CHANNEL`], sent at
//! its COMMIT) and every instance's event listener clears its copy when it hears it, or when
//! its listening connection dropped and anything may have been missed. That leaves the time a
//! notification takes to arrive, the same order as the race every declaration already has
//! with a rule saved while it is being written. Should a listener hang without noticing its
//! connection is gone, a copy is trusted for [`SHARED_TTL`] at most.

use super::settings::IncidentManagerSetting;
use crate::{Store, StoreError};
use goldseam_core::response::ResponseRule;
use sqlx::AnyConnection;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The PostgreSQL NOTIFY channel announcing a change to the rules or the setting.
pub(crate) const CHANNEL: &str = "goldseam_response";

/// How long a copy is trusted where other instances may change what it holds.
const SHARED_TTL: Duration = Duration::from_secs(5);

/// What the response to a declaration is decided from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseConfig {
    /// The rules, in order.
    pub rules: Vec<ResponseRule>,
    /// The incident manager on call, if set.
    pub manager: Option<IncidentManagerSetting>,
}

/// The in-memory copy (with when it was read) and a generation bumped by every change, so a
/// read that raced a change is never kept.
#[derive(Default)]
pub(crate) struct ResponseCache {
    copy: std::sync::Mutex<Option<(Arc<ResponseConfig>, Instant)>>,
    generation: std::sync::atomic::AtomicU64,
}

impl Store {
    /// The rules and the incident-manager setting, from memory while nothing changed them.
    pub async fn response_config(&self) -> Result<Arc<ResponseConfig>, StoreError> {
        let cache = &self.inner.response_cache;
        let exact = self.backend().owns_database();
        if let Some((copy, read_at)) = cache.copy.lock().expect("not poisoned").clone() {
            if exact || read_at.elapsed() < SHARED_TTL {
                return Ok(copy);
            }
        }
        let before = cache.generation.load(Ordering::SeqCst);
        let read_at = Instant::now();
        let config = Arc::new(ResponseConfig {
            rules: self.response_rules().await?,
            manager: self.incident_manager_setting().await?,
        });
        let mut copy = cache.copy.lock().expect("not poisoned");
        if cache.generation.load(Ordering::SeqCst) == before {
            *copy = Some((config.clone(), read_at));
        }
        Ok(config)
    }

    /// Inside the transaction that changes the rules or the setting (or right after the
    /// statement that did): tells the other instances, at COMMIT, to read them again.
    pub(crate) async fn announce_response_change(
        &self,
        conn: &mut AnyConnection,
    ) -> Result<(), StoreError> {
        let backend = self.backend();
        if let Some(stmt) = backend.announce(CHANNEL, String::new()) {
            backend.run(conn, vec![stmt]).await?;
        }
        Ok(())
    }

    /// After a committed change to the rules or the setting, here or (announced) on another
    /// instance: the next read loads them again.
    pub(crate) fn response_changed(&self) {
        let cache = &self.inner.response_cache;
        let mut copy = cache.copy.lock().expect("not poisoned");
        cache.generation.fetch_add(1, Ordering::SeqCst);
        *copy = None;
    }
}
