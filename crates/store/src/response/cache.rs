//! The response rules and the incident-manager setting, kept in memory where this process owns
//! the database (SQLite).
//!
//! Every declaration reads both (to decide whether it goes private and whether a `respond` job
//! is written), and reading them cost SQLite declarations about a third of their throughput.
//! On SQLite one process owns the database, so a copy that every change clears is exact. On
//! PostgreSQL several instances share the database and a change on one would not reach the
//! others' copies, and a missed rule can mean an incident that should be private is not: there
//! they are read every time.

use super::settings::IncidentManagerSetting;
use crate::{Store, StoreError};
use goldseam_core::response::ResponseRule;
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// What the response to a declaration is decided from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseConfig {
    /// The rules, in order.
    pub rules: Vec<ResponseRule>,
    /// The incident manager on call, if set.
    pub manager: Option<IncidentManagerSetting>,
}

/// The in-memory copy and a generation bumped by every change, so a read that raced a
/// change is never kept.
#[derive(Default)]
pub(crate) struct ResponseCache {
    copy: std::sync::Mutex<Option<Arc<ResponseConfig>>>,
    generation: std::sync::atomic::AtomicU64,
}

impl Store {
    /// The rules and the incident-manager setting, from memory on SQLite.
    pub async fn response_config(&self) -> Result<Arc<ResponseConfig>, StoreError> {
        let cache = &self.inner.response_cache;
        let cached = self.backend().owns_database();
        if cached {
            if let Some(copy) = cache.copy.lock().expect("not poisoned").clone() {
                return Ok(copy);
            }
        }
        let before = cache.generation.load(Ordering::SeqCst);
        let config = Arc::new(ResponseConfig {
            rules: self.response_rules().await?,
            manager: self.incident_manager_setting().await?,
        });
        if cached {
            let mut copy = cache.copy.lock().expect("not poisoned");
            if cache.generation.load(Ordering::SeqCst) == before {
                *copy = Some(config.clone());
            }
        }
        Ok(config)
    }

    /// After a committed change to the rules or the setting: the next read loads them again.
    pub(crate) fn response_changed(&self) {
        let cache = &self.inner.response_cache;
        let mut copy = cache.copy.lock().expect("not poisoned");
        cache.generation.fetch_add(1, Ordering::SeqCst);
        *copy = None;
    }
}
