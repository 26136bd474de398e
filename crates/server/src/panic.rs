//! A panic is a bug, but never a dropped connection: a handler that panics answers a
//! problem+json 500 like any internal error, and the panic is logged on one line.
//!
//! The standard hook writes a multi-line report to stderr (and a backtrace when
//! `RUST_BACKTRACE` is set) for every panic, so one reachable bug would let any signed-in
//! caller flood the log. [`install_hook`] replaces it with one structured line per panic
//! site, and a count of the repeats at that site, at most once a minute.

use crate::error::ApiError;
use axum::response::{IntoResponse, Response};
use std::any::Any;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tower_http::catch_panic::CatchPanicLayer;

/// How often one panic site may write a log line.
const QUIET_FOR: Duration = Duration::from_secs(60);

/// Panic sites remembered at most (a bug reachable from many places must not grow memory).
const MAX_SITES: usize = 256;

/// The layer that turns a handler's panic into a 500.
pub fn layer() -> CatchPanicLayer<fn(Box<dyn Any + Send + 'static>) -> Response> {
    CatchPanicLayer::custom(answer as fn(Box<dyn Any + Send + 'static>) -> Response)
}

fn answer(_panic: Box<dyn Any + Send + 'static>) -> Response {
    // The hook has logged it; the caller learns only that it was not their fault.
    ApiError::internal().into_response()
}

/// Decides which panics are logged: the first at each site, then at most one line a minute
/// per site carrying how many were not logged in between.
#[derive(Default)]
pub struct PanicLog {
    sites: HashMap<String, (Instant, u64)>,
}

impl PanicLog {
    /// `Some(repeats not logged since the last line)` when this panic should be logged.
    pub fn admit(&mut self, site: &str, now: Instant) -> Option<u64> {
        if let Some((last, skipped)) = self.sites.get_mut(site) {
            if now.duration_since(*last) < QUIET_FOR {
                *skipped += 1;
                return None;
            }
            let repeats = *skipped;
            *last = now;
            *skipped = 0;
            return Some(repeats);
        }
        if self.sites.len() >= MAX_SITES {
            self.sites
                .retain(|_, (last, _)| now.duration_since(*last) < QUIET_FOR);
            if self.sites.len() >= MAX_SITES {
                return None;
            }
        }
        self.sites.insert(site.to_string(), (now, 0));
        Some(0)
    }
}

/// Replaces the process's panic hook with one that logs through `tracing`, one line per panic
/// site at most once a minute, without a backtrace. For `goldseam serve`; tests keep the
/// standard hook so their failures print as usual.
pub fn install_hook() {
    static LOG: Mutex<Option<PanicLog>> = Mutex::new(None);
    std::panic::set_hook(Box::new(|info| {
        let site = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_else(|| "unknown".into());
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(no message)".into());
        let admitted = LOG
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get_or_insert_with(PanicLog::default)
            .admit(&site, Instant::now());
        if let Some(repeats) = admitted {
            let thread = std::thread::current();
            tracing::error!(
                %site,
                thread = thread.name().unwrap_or("unnamed"),
                repeats_not_logged = repeats,
                "panic: {}",
                message.chars().take(500).collect::<String>()
            );
        }
    }));
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use axum::routing::get;
    use axum::Router;
    use tower::ServiceExt;

    #[tokio::test]
    async fn a_panicking_handler_answers_a_problem_500() {
        let app: Router = Router::new()
            .route(
                "/boom",
                get(|| async {
                    let s = String::from("abcß");
                    // The bug this layer was added for: slicing inside a character.
                    s[..4].len().to_string()
                }),
            )
            .layer(layer());
        let res = app
            .oneshot(Request::get("/boom").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        let body = axum::body::to_bytes(res.into_body(), 4096).await.unwrap();
        let problem: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(problem["status"], 500);
        assert!(
            !problem["detail"].as_str().unwrap().contains("byte index"),
            "the panic message stays in the log: {problem}"
        );
    }

    #[test]
    fn each_site_logs_once_a_minute_with_the_repeats_counted() {
        let mut log = PanicLog::default();
        let t0 = Instant::now();
        assert_eq!(log.admit("a.rs:1", t0), Some(0));
        for i in 1..=1000 {
            assert_eq!(log.admit("a.rs:1", t0 + Duration::from_millis(i)), None);
        }
        assert_eq!(log.admit("b.rs:2", t0), Some(0), "another site logs");
        assert_eq!(log.admit("a.rs:1", t0 + QUIET_FOR), Some(1000));
        assert_eq!(log.admit("a.rs:1", t0 + QUIET_FOR), None);
    }

    #[test]
    fn remembers_a_bounded_number_of_sites() {
        let mut log = PanicLog::default();
        let t0 = Instant::now();
        for i in 0..MAX_SITES {
            assert_eq!(log.admit(&format!("s{i}"), t0), Some(0));
        }
        assert_eq!(log.admit("one too many", t0), None);
        assert_eq!(
            log.admit("later", t0 + QUIET_FOR),
            Some(0),
            "old sites are forgotten"
        );
        assert!(log.sites.len() <= MAX_SITES);
    }
}
