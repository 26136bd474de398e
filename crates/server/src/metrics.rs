//! Prometheus metrics: requests and latency by route, incidents declared, open streams.
//! Hand-written exposition: a few counters do not justify a metrics framework.

use axum::extract::{MatchedPath, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Instant;

/// Latency histogram bucket bounds, in seconds.
const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0];

#[derive(Default)]
struct RouteStats {
    count: u64,
    sum_seconds: f64,
    buckets: [u64; BUCKETS.len()],
    /// Requests by status.
    statuses: BTreeMap<u16, u64>,
}

/// The process's metrics.
#[derive(Default)]
pub struct Metrics {
    /// route -> method -> counts by status and latency. Keyed by route first so that a request
    /// is recorded without allocating: a route's entry is made once.
    routes: Mutex<BTreeMap<String, BTreeMap<&'static str, RouteStats>>>,
    /// Incidents declared through this process.
    pub incidents_declared: AtomicU64,
}

impl Metrics {
    fn record(&self, method: &'static str, route: &str, status: u16, seconds: f64) {
        let mut routes = self.routes.lock().unwrap_or_else(|e| e.into_inner());
        let methods = match routes.get_mut(route) {
            Some(m) => m,
            None => routes.entry(route.to_string()).or_default(),
        };
        let stats = methods.entry(method).or_default();
        *stats.statuses.entry(status).or_default() += 1;
        stats.count += 1;
        stats.sum_seconds += seconds;
        for (i, bound) in BUCKETS.iter().enumerate() {
            if seconds <= *bound {
                stats.buckets[i] += 1;
            }
        }
    }

    /// The Prometheus text exposition.
    pub fn render(&self, open_streams: usize) -> String {
        let mut out = String::new();
        out.push_str("# HELP goldseam_http_requests_total HTTP requests by method, route and status.\n# TYPE goldseam_http_requests_total counter\n");
        let routes = self.routes.lock().unwrap_or_else(|e| e.into_inner());
        for (route, methods) in routes.iter() {
            for (method, stats) in methods {
                for (status, n) in &stats.statuses {
                    let _ = writeln!(out, "goldseam_http_requests_total{{method=\"{method}\",route=\"{route}\",status=\"{status}\"}} {n}");
                }
            }
        }
        out.push_str("# HELP goldseam_http_request_duration_seconds HTTP request latency by method and route.\n# TYPE goldseam_http_request_duration_seconds histogram\n");
        for (route, method, s) in routes
            .iter()
            .flat_map(|(route, methods)| methods.iter().map(move |(m, s)| (route, m, s)))
        {
            let labels = format!("method=\"{method}\",route=\"{route}\"");
            for (i, bound) in BUCKETS.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "goldseam_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {}",
                    s.buckets[i]
                );
            }
            let _ = writeln!(
                out,
                "goldseam_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                s.count
            );
            let _ = writeln!(
                out,
                "goldseam_http_request_duration_seconds_sum{{{labels}}} {}",
                s.sum_seconds
            );
            let _ = writeln!(
                out,
                "goldseam_http_request_duration_seconds_count{{{labels}}} {}",
                s.count
            );
        }
        let declared = self.incidents_declared.load(Ordering::Relaxed);
        let _ = writeln!(out, "# HELP goldseam_incidents_declared_total Incidents declared through this instance.\n# TYPE goldseam_incidents_declared_total counter\ngoldseam_incidents_declared_total {declared}");
        let _ = writeln!(out, "# HELP goldseam_open_streams Live event streams open on this instance.\n# TYPE goldseam_open_streams gauge\ngoldseam_open_streams {open_streams}");
        out
    }
}

/// The method as a label: the standard ones by name, any other under `other`. HTTP lets a
/// client invent methods (`curl -X ZZFOO`), and each would otherwise be a new series forever.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        Method::CONNECT => "CONNECT",
        Method::TRACE => "TRACE",
        _ => "other",
    }
}

/// Middleware recording each request under its method and route template (never the raw path,
/// whose cardinality is unbounded: the web app's paths and anything else unmatched share one
/// label), so the number of series is fixed by the route table.
pub async fn track(
    State(metrics): State<std::sync::Arc<Metrics>>,
    req: Request,
    next: Next,
) -> Response {
    // MatchedPath is an Arc inside: cloning it does not allocate.
    let route = req.extensions().get::<MatchedPath>().cloned();
    let method = method_label(req.method());
    let start = Instant::now();
    let res = next.run(req).await;
    metrics.record(
        method,
        route.as_ref().map_or("unmatched", |r| r.as_str()),
        res.status().as_u16(),
        start.elapsed().as_secs_f64(),
    );
    res
}
