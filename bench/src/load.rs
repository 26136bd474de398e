//! The closed-loop load generator shared by declarations, comments and the echo ceiling: N
//! clients, each with its own keep-alive connection, each sending its next request as soon as
//! the previous one is answered, for a warm-up and then a measured window.

use crate::cpu;
use crate::stats::{Latency, Throughput};
use anyhow::Result;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Per-client request cap: a bound on every loop even if the clock misbehaves.
const MAX_REQUESTS_PER_CLIENT: u64 = 5_000_000;

/// How long to load and with how many clients.
#[derive(Debug, Clone, Copy)]
pub struct Load {
    pub clients: usize,
    pub warmup: Duration,
    pub duration: Duration,
}

/// Builds request number `seq` of client `client`.
pub type MakeRequest =
    Arc<dyn Fn(&reqwest::Client, usize, u64) -> reqwest::RequestBuilder + Send + Sync>;

struct ClientResult {
    latencies: Vec<Duration>,
    errors: u64,
    first_error: Option<String>,
    last_done: Instant,
}

/// Runs the load; any answer other than `expect` is an error. `server` is the pid whose CPU use
/// is reported beside the bench's own.
pub async fn run(
    load: Load,
    expect: u16,
    server: Option<u32>,
    make: MakeRequest,
) -> Result<Throughput> {
    let started = Instant::now();
    let measure_from = started + load.warmup;
    let end = measure_from + load.duration;
    let cpu = tokio::spawn(async move {
        tokio::time::sleep_until(measure_from.into()).await;
        let before = cpu::Sample::take(server);
        tokio::time::sleep_until(end.into()).await;
        before.until(&cpu::Sample::take(server))
    });
    let mut tasks = Vec::with_capacity(load.clients);
    for i in 0..load.clients {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .pool_max_idle_per_host(1)
            .build()?;
        let make = make.clone();
        tasks.push(tokio::spawn(async move {
            let mut out = ClientResult {
                latencies: Vec::new(),
                errors: 0,
                first_error: None,
                last_done: measure_from,
            };
            for seq in 0..MAX_REQUESTS_PER_CLIENT {
                let start = Instant::now();
                if start >= end {
                    break;
                }
                let outcome = match make(&client, i, seq).send().await {
                    Ok(res) => {
                        let status = res.status().as_u16();
                        match res.bytes().await {
                            Ok(_) if status == expect => Ok(()),
                            Ok(body) => {
                                Err(format!("HTTP {status}: {}", String::from_utf8_lossy(&body)))
                            }
                            Err(e) => Err(format!("HTTP {status}, reading the body failed: {e}")),
                        }
                    }
                    Err(e) => Err(format!("request failed: {e}")),
                };
                let done = Instant::now();
                match outcome {
                    Ok(()) if start >= measure_from => {
                        out.latencies.push(done - start);
                        out.last_done = out.last_done.max(done);
                    }
                    Ok(()) => {}
                    Err(e) => {
                        out.errors += 1;
                        if out.first_error.is_none() {
                            out.first_error = Some(e.chars().take(600).collect());
                        }
                    }
                }
            }
            out
        }));
    }
    let mut latencies = Vec::new();
    let mut errors = 0;
    let mut first_error = None;
    let mut last_done = measure_from;
    for task in tasks {
        let r = task.await?;
        latencies.extend(r.latencies);
        errors += r.errors;
        first_error = first_error.or(r.first_error);
        last_done = last_done.max(r.last_done);
    }
    let seconds = (last_done - measure_from)
        .as_secs_f64()
        .max(load.duration.as_secs_f64());
    let ok = latencies.len() as u64;
    Ok(Throughput {
        cpu: Some(cpu.await?),
        per_second: ok as f64 / seconds,
        ok,
        errors,
        first_error,
        latency: Latency::of(&mut latencies),
        seconds,
    })
}
