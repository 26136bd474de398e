//! Injected failures: per method, the next N calls fail in a chosen way; and a switch that
//! takes the whole fake down.

use std::collections::HashMap;
use std::time::Duration;

/// How an injected failure answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// HTTP 200 `{"ok":false,"error":E}` (e.g. `name_taken`, `fatal_error`).
    Error(String),
    /// This HTTP status (500, 502, 503...) with a short HTML-ish body, as a proxy would.
    Status(u16),
    /// Wait this long, then answer normally (so an app's client timeout can fire first).
    Delay(Duration),
    /// Never answer.
    Hang,
}

/// How the fake is down, if it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Down {
    /// Serving.
    #[default]
    Up,
    /// Nothing listens on the port: connections are refused (Socket Mode links drop).
    Refused,
    /// Everything answers 503 (Socket Mode links drop, reconnects are refused).
    Unavailable,
}

#[derive(Default)]
pub(crate) struct Faults {
    pending: HashMap<String, Vec<Fault>>,
}

impl Faults {
    /// The next `n` calls to `method` fail with `fault`, after any already queued.
    pub fn add(&mut self, method: &str, n: usize, fault: Fault) {
        let q = self.pending.entry(method.to_string()).or_default();
        q.extend(std::iter::repeat_n(fault, n));
    }

    /// The fault for this call to `method`, if one is queued.
    pub fn take(&mut self, method: &str) -> Option<Fault> {
        let q = self.pending.get_mut(method)?;
        if q.is_empty() {
            return None;
        }
        Some(q.remove(0))
    }

    pub fn clear(&mut self) {
        self.pending.clear();
    }
}
