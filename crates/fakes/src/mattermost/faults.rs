//! Injectable failures: what a test sets so that the next calls to an endpoint fail the way
//! a real server, a proxy in front of it or a network can fail. Endpoints are named by their
//! method and route as in [`super`]'s table, e.g. `"PUT /posts/{id}"`; `"*"` matches any.

use std::time::Duration;

/// How one call fails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Mattermost's error body `{id, message, detailed_error, request_id, status_code}` with
    /// this HTTP status and error id (e.g. 500, `app.post.save.app_error`).
    Error {
        /// HTTP status.
        status: u16,
        /// Mattermost's error id.
        id: String,
    },
    /// A bare HTTP status with a plain-text body, as a proxy in front of the server answers
    /// (502, 503, 504).
    Status(u16),
    /// `429 Too Many Requests` with `Retry-After` (these whole seconds) and no
    /// `X-Ratelimit-*` headers: a proxy in front of the server limiting one route (nginx's
    /// `limit_req` on `/api/v4/posts/`, say), unlike Mattermost's own limiter, which counts
    /// every call against one bucket and says so in its headers. (The fake's own bucket, when
    /// one is set, still counts the call.)
    Throttled(Duration),
    /// Answer normally, after this delay.
    Delay(Duration),
    /// Never answer (the request is received and logged, the connection stays open).
    Hang,
}

impl Fault {
    /// `Fault::Error` from a status and an error id.
    pub fn error(status: u16, id: &str) -> Fault {
        Fault::Error {
            status,
            id: id.into(),
        }
    }
}

/// The whole server's availability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Down {
    /// Up.
    #[default]
    Up,
    /// The port is closed: new connections are refused and open ones fail on their next
    /// read or write (the server process is gone).
    Refused,
    /// Every request, WebSocket upgrades included, gets `503 Service Unavailable` (a proxy
    /// whose backend is down).
    Unavailable,
}

/// Faults waiting to be used, in the order injected.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    queue: Vec<(String, usize, Fault)>,
}

impl Faults {
    pub(crate) fn push(&mut self, endpoint: &str, times: usize, fault: Fault) {
        if times > 0 {
            self.queue.push((endpoint.to_string(), times, fault));
        }
    }

    pub(crate) fn clear(&mut self) {
        self.queue.clear();
    }

    /// The fault for a call to `endpoint`, if one is waiting; uses it up.
    pub(crate) fn take(&mut self, endpoint: &str) -> Option<Fault> {
        let i = self
            .queue
            .iter()
            .position(|(e, _, _)| e == endpoint || e == "*")?;
        let entry = &mut self.queue[i];
        entry.1 -= 1;
        let fault = entry.2.clone();
        if entry.1 == 0 {
            self.queue.remove(i);
        }
        Some(fault)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fault_is_used_up_after_its_count_and_only_for_its_endpoint() {
        let mut f = Faults::default();
        f.push("POST /posts", 2, Fault::Status(502));
        assert_eq!(f.take("PUT /posts/{id}"), None);
        assert_eq!(f.take("POST /posts"), Some(Fault::Status(502)));
        assert_eq!(f.take("POST /posts"), Some(Fault::Status(502)));
        assert_eq!(f.take("POST /posts"), None);
        f.push("*", 1, Fault::Hang);
        assert_eq!(f.take("GET /users/me"), Some(Fault::Hang));
    }
}
