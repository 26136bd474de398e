//! A short-lived cache of authenticated API tokens, so that a busy client does not cost a
//! database read per request. Entries live 2 seconds; revoking a token or changing a user clears
//! the cache on this instance at once, and other instances notice within those 2 seconds.

use goldseam_store::users::User;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a successful token check is trusted.
pub const TTL: Duration = Duration::from_secs(2);

/// Bounds memory under a spray of distinct tokens.
const MAX_ENTRIES: usize = 10_000;

/// Token hash -> (user, when checked).
#[derive(Default)]
pub struct TokenCache(Mutex<HashMap<String, (User, Instant)>>);

impl TokenCache {
    /// The user behind a token hash, if checked within the TTL.
    pub fn get(&self, token_hash: &str, now: Instant) -> Option<User> {
        let map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        map.get(token_hash)
            .filter(|(_, at)| now.duration_since(*at) < TTL)
            .map(|(u, _)| u.clone())
    }

    /// Remembers a successful check.
    pub fn put(&self, token_hash: String, user: User, now: Instant) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= MAX_ENTRIES {
            map.retain(|_, (_, at)| now.duration_since(*at) < TTL);
            if map.len() >= MAX_ENTRIES {
                map.clear();
            }
        }
        map.insert(token_hash, (user, now));
    }

    /// Forgets everything (a token was revoked or a user changed).
    pub fn clear(&self) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use goldseam_core::UserRole;

    fn user() -> User {
        User {
            id: goldseam_core::UserId::from_db(1),
            email: "a@b.io".into(),
            name: "A".into(),
            role: UserRole::Member,
            active: true,
            created_at: jiff::Timestamp::UNIX_EPOCH,
        }
    }

    #[test]
    fn entries_expire_and_clear() {
        let c = TokenCache::default();
        let t0 = Instant::now();
        c.put("h".into(), user(), t0);
        assert!(c.get("h", t0 + Duration::from_millis(500)).is_some());
        assert!(c.get("h", t0 + TTL).is_none());
        c.put("h".into(), user(), t0);
        c.clear();
        assert!(c.get("h", t0).is_none());
    }
}
