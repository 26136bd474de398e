//! Times are stored as microseconds since the Unix epoch, UTC, in a BIGINT: the one
//! representation both databases sort, compare and subtract the same way.

use crate::StoreError;
use jiff::Timestamp;

/// A timestamp as stored.
pub fn to_db(t: Timestamp) -> i64 {
    t.as_microsecond()
}

/// A stored timestamp.
pub fn from_db(micros: i64) -> Result<Timestamp, StoreError> {
    Timestamp::from_microsecond(micros)
        .map_err(|e| StoreError::Corrupt(format!("timestamp {micros}: {e}")))
}

/// An optional stored timestamp.
pub fn opt_from_db(micros: Option<i64>) -> Result<Option<Timestamp>, StoreError> {
    micros.map(from_db).transpose()
}

/// The clock the store stamps events with; tests set it.
pub trait Clock: Send + Sync + 'static {
    /// Now, UTC.
    fn now(&self) -> Timestamp;
}

/// The system clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// A clock that stays where tests put it.
pub struct FixedClock(pub std::sync::Mutex<Timestamp>);

impl FixedClock {
    /// A clock stopped at `t`.
    pub fn at(t: Timestamp) -> Self {
        FixedClock(std::sync::Mutex::new(t))
    }

    /// Moves the clock.
    pub fn set(&self, t: Timestamp) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = t;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}
