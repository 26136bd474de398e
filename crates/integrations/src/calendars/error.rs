//! What went wrong reading a calendar, said so a person connecting one knows what to fix.
//! Messages never hold a feed's address (it is the secret) nor a password.

use goldseam_core::ical::IcalError;
use std::time::Duration;

/// Why a calendar could not be read or written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The address is not an http(s) URL.
    #[error("{0}")]
    InvalidAddress(String),
    /// Nothing answered at the host and port.
    #[error("could not connect to {target}: {reason}")]
    Connect {
        /// `host:port`.
        target: String,
        /// What the system said (connection refused, no such host...).
        reason: String,
    },
    /// The TLS handshake failed (a self-signed or expired certificate, or plain HTTP on an
    /// https address).
    #[error("TLS with {target} failed: {reason}")]
    Tls {
        /// `host:port`.
        target: String,
        /// What the TLS library said.
        reason: String,
    },
    /// No complete answer within the caller's bound.
    #[error("no answer within {}", seconds(*after))]
    Timeout {
        /// The bound.
        after: Duration,
    },
    /// The server refused the credentials (401, or 403 where it hides which).
    #[error("the server refused the user name or app password ({status})")]
    Refused {
        /// 401 or 403.
        status: u16,
    },
    /// A feed's address was refused or is gone: it was probably reset.
    #[error("the calendar address answered {status}: it may have been reset; copy the secret address in iCal format again")]
    FeedGone {
        /// 401, 403, 404 or 410.
        status: u16,
    },
    /// The server does not speak CalDAV at that address.
    #[error("{url} is not a CalDAV server: {detail}")]
    NotCalDav {
        /// The address tried.
        url: String,
        /// What it answered instead.
        detail: String,
    },
    /// The account has no calendar holding events.
    #[error("the account at {url} has no calendar for events")]
    NoCalendar {
        /// The calendar home looked in.
        url: String,
    },
    /// The server has no scheduling inbox (RFC 6638), so replies cannot be read there.
    #[error("the server has no scheduling inbox (RFC 6638 scheduling is not offered)")]
    NoInbox,
    /// A feed is read-only.
    #[error("a secret ICS address is read-only; connect the calendar over CalDAV to book in it")]
    ReadOnly,
    /// The resource changed on the server since it was read (412 on If-Match or
    /// If-None-Match).
    #[error("{url} changed on the server since it was read (412); read it again")]
    Conflict {
        /// The resource.
        url: String,
    },
    /// An answer that is not what the protocol says.
    #[error("{doing}: the server answered {status}{said}")]
    Status {
        /// What was being done ("reading free/busy of /alice/work/").
        doing: String,
        /// The HTTP status.
        status: u16,
        /// The start of the body, if any (": ..." or "").
        said: String,
    },
    /// The answer's XML could not be read.
    #[error("{doing}: the server's XML could not be read: {reason}")]
    Xml {
        /// What was being done.
        doing: String,
        /// Why.
        reason: String,
    },
    /// The calendar text could not be read; the error names the line.
    #[error("the calendar is not valid iCalendar: {0}")]
    Ics(IcalError),
    /// The answer was larger than accepted.
    #[error("the answer is larger than {limit} bytes")]
    TooLarge {
        /// The limit.
        limit: usize,
    },
    /// The connection failed some other way.
    #[error("the connection to {target} failed: {reason}")]
    Transport {
        /// `host:port`.
        target: String,
        /// Why.
        reason: String,
    },
}

impl CalendarError {
    /// Whether asking again later may succeed (the calendar then counts as unknown for now,
    /// rather than the connection as broken).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            CalendarError::Connect { .. }
                | CalendarError::Timeout { .. }
                | CalendarError::Transport { .. }
        ) || matches!(self, CalendarError::Status { status, .. } if *status >= 500 || *status == 429)
    }
}

/// `5 s`, `1.5 s`, `250 ms`.
fn seconds(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else if d.as_secs() == 0 {
        format!("{} ms", d.as_millis())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

/// Whether `io` or an I/O error it wraps is InvalidData (`source()` skips the wrapped error
/// itself, so it is looked at through `get_ref`).
fn is_invalid_data(io: &std::io::Error) -> bool {
    io.kind() == std::io::ErrorKind::InvalidData
        || io
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<std::io::Error>())
            .is_some_and(is_invalid_data)
}

/// Maps a failed request to what happened, naming only `target` (`host:port`): reqwest's own
/// message holds the URL, which for a feed is the secret.
pub(crate) fn transport(target: &str, e: &reqwest::Error, timeout: Duration) -> CalendarError {
    if e.is_timeout() {
        return CalendarError::Timeout { after: timeout };
    }
    // The innermost causes say what happened (refused, certificate...); the outer ones only
    // "error sending request for url (...)".
    let mut causes = Vec::new();
    // rustls' failures reach here as I/O errors of kind InvalidData (tokio-rustls wraps them
    // so), which is how a TLS failure is told from a refused connection without naming rustls.
    let mut invalid_data = false;
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        causes.push(s.to_string());
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            invalid_data |= is_invalid_data(io);
        }
        source = s.source();
    }
    let reason = causes
        .iter()
        .rev()
        .find(|c| !c.is_empty() && !c.contains("://"))
        .cloned()
        .unwrap_or_else(|| "the request failed".into());
    let all = causes.join(" ").to_ascii_lowercase();
    let target = target.to_string();
    if invalid_data
        || all.contains("certificate")
        || all.contains("tls")
        || all.contains("handshake")
    {
        CalendarError::Tls { target, reason }
    } else if e.is_connect() {
        CalendarError::Connect { target, reason }
    } else {
        CalendarError::Transport { target, reason }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_specific() {
        assert_eq!(
            CalendarError::Refused { status: 401 }.to_string(),
            "the server refused the user name or app password (401)"
        );
        let t = |ms| {
            CalendarError::Timeout {
                after: Duration::from_millis(ms),
            }
            .to_string()
        };
        assert_eq!(t(5000), "no answer within 5 s");
        assert_eq!(t(1500), "no answer within 1.5 s");
        assert_eq!(t(250), "no answer within 250 ms");
        let ics = CalendarError::Ics(IcalError::new(12, "expected ':'"));
        assert_eq!(
            ics.to_string(),
            "the calendar is not valid iCalendar: line 12: expected ':'"
        );
    }
}
