//! Scenario: from a SEV1 declaration to the first page handed to the provider, at a steady rate
//! (open loop). Set up through the API as a person would: an on-call user whose webhook contact
//! method is verified with the code that arrives at the receiver, a rule to be notified at once,
//! a schedule with them in it, and the incident-manager setting at SEV1. Each declaration then
//! makes Goldseam assign and page that person; the page is matched at the receiver by the
//! incident reference in its body.

use crate::api::{self, Auth};
use crate::cpu;
use crate::receiver::Receiver;
use crate::server::Goldseam;
use crate::stats::Latency;
use anyhow::{anyhow, bail, Context, Result};
use reqwest::Method;
use serde_json::json;
use std::collections::HashMap;
use std::time::{Duration, Instant};

const ONCALL_EMAIL: &str = "oncall@goldseam.local";
const ONCALL_PASSWORD: &str = "bench-oncall-password";
/// How long after the last declaration its page may take before it counts as missing.
const PAGE_DEADLINE: Duration = Duration::from_secs(30);

/// What one paging run measured.
#[derive(Debug, Clone, Default)]
pub struct Paging {
    /// Declarations per second offered.
    pub rate: u32,
    /// Declarations sent in the measured window, and of those, answered 201.
    pub sent: usize,
    pub declared: usize,
    /// Of the declared, how many pages the receiver got (first per incident).
    pub paged: usize,
    pub errors: usize,
    pub first_error: Option<String>,
    /// Scheduled send time to the page's arrival at the receiver.
    pub latency: Latency,
    /// Scheduled send time to the 201.
    pub declare: Latency,
    /// How late the generator sent, at worst (it counts against the server in `latency`).
    pub max_lag: Duration,
    /// Where the time went, from the jobs table (see [`Hops`]).
    pub hops: Option<Hops>,
    pub seconds: f64,
    /// Cores used from the first measured declaration until the last page arrived.
    pub cpu: Option<cpu::Usage>,
}

/// The page's path through the queue, per incident, from the jobs' own timestamps (the
/// database's clock, the same machine's): declaration committed (its `respond` job written) ->
/// `escalate` job written by the respond job -> `webhook` job written by the escalate job ->
/// webhook job finished (the receiver answered).
#[derive(Debug, Clone, Default)]
pub struct Hops {
    /// Scheduled send time to the declaration's commit.
    pub commit: Latency,
    /// Commit to the escalate job: the respond job waiting for a worker, then running.
    pub respond: Latency,
    /// Escalate job written to the webhook job written.
    pub escalate: Latency,
    /// Webhook job written to finished: waiting for a worker, the POST, recording it.
    pub send: Latency,
    pub incidents: usize,
}

/// Sets the path up, then declares SEV1 incidents at `rate` a second for `warmup` (not
/// counted) plus `measure`, and waits for their pages.
pub async fn run(
    server: &Goldseam,
    admin_token: &str,
    store_url: &str,
    rate: u32,
    warmup: Duration,
    measure: Duration,
) -> Result<Paging> {
    let rx = Receiver::spawn().await?;
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()?;
    let admin = Auth::Token(admin_token.to_string());
    setup(&http, server, &admin, &rx).await?;
    let result = declare_and_wait(&http, server, admin_token, &rx, rate, warmup, measure).await;
    // Leave the database as the other scenarios expect it: no incident manager paged.
    api::call(
        &http,
        &admin,
        Method::DELETE,
        &server.url("/api/v1/settings/incident-manager"),
        None,
        204,
    )
    .await
    .ok();
    let (mut out, sent) = result?;
    out.hops = hops(store_url, &sent)
        .await
        .map_err(|e| eprintln!("  reading the jobs table failed: {e:#}"))
        .ok();
    Ok(out)
}

async fn setup(
    http: &reqwest::Client,
    server: &Goldseam,
    admin: &Auth,
    rx: &Receiver,
) -> Result<()> {
    let url = |p: &str| server.url(p);
    let user = api::call(
        http,
        admin,
        Method::POST,
        &url("/api/v1/users"),
        Some(json!({"email": ONCALL_EMAIL, "name": "On-call bench", "role": "member", "password": ONCALL_PASSWORD})),
        201,
    )
    .await?;
    let user_id = api::id(&user)?;
    let session = api::login(http, &server.url(""), ONCALL_EMAIL, ONCALL_PASSWORD).await?;
    let token = api::call(
        http,
        &session,
        Method::POST,
        &url("/api/v1/me/tokens"),
        Some(json!({"name": "bench"})),
        201,
    )
    .await?["token"]
        .as_str()
        .ok_or_else(|| anyhow!("no token in the answer"))?
        .to_string();
    let me = Auth::Token(token);
    let method = api::id(
        &api::call(
            http,
            &me,
            Method::POST,
            &url("/api/v1/me/contact-methods"),
            Some(json!({"kind": "webhook", "address": rx.hook("oncall")})),
            201,
        )
        .await?,
    )?;
    // The code travels to the receiver like any delivery, through the engine.
    let from = rx.count();
    let path = format!("/api/v1/me/contact-methods/{method}/verification");
    api::call(http, &me, Method::POST, &url(&path), Some(json!({})), 202).await?;
    let call = rx
        .wait_match(from, Duration::from_secs(20), |c| {
            c.path == "oncall" && c.kind == "verification"
        })
        .await
        .context("no verification code reached the receiver within 20 s")?;
    let code: String = call
        .text
        .chars()
        .filter(char::is_ascii_digit)
        .take(6)
        .collect();
    api::call(
        http,
        &me,
        Method::POST,
        &url(&format!("{path}/confirm")),
        Some(json!({"code": code})),
        200,
    )
    .await?;
    api::call(
        http,
        &me,
        Method::PUT,
        &url("/api/v1/me/notification-rules"),
        Some(json!({"rules": [{"contact_method_id": method, "delay_minutes": 0}]})),
        200,
    )
    .await?;
    // One participant, weekly shifts from a past Monday: always on call.
    let schedule = api::id(
        &api::call(
            http,
            admin,
            Method::POST,
            &url("/api/v1/schedules"),
            Some(json!({"name": "Incident managers (bench)", "time_zone": "UTC", "layers": [{"name": "Primary", "start": "2025-01-06T00:00", "shift": {"unit": "weeks", "count": 1}, "participants": [user_id]}]})),
            201,
        )
        .await?,
    )?;
    api::call(
        http,
        admin,
        Method::PUT,
        &url("/api/v1/settings/incident-manager"),
        Some(json!({"schedule_id": schedule, "min_severity": "SEV1"})),
        200,
    )
    .await?;
    Ok(())
}

/// One declaration as sent: its number, when it was due, and what came back.
struct Sent {
    seq: usize,
    due: Instant,
    due_at: jiff::Timestamp,
    reference: Result<String, String>,
    answered: Instant,
}

async fn declare_and_wait(
    http: &reqwest::Client,
    server: &Goldseam,
    token: &str,
    rx: &Receiver,
    rate: u32,
    warmup: Duration,
    measure: Duration,
) -> Result<(Paging, Vec<(i64, jiff::Timestamp)>)> {
    let interval = Duration::from_secs(1) / rate.max(1);
    let total = ((warmup + measure).as_secs_f64() * f64::from(rate)).round() as usize;
    let skip = (warmup.as_secs_f64() * f64::from(rate)).round() as usize;
    let url = server.url("/api/v1/incidents");
    let start = Instant::now() + Duration::from_millis(50);
    let start_at = jiff::Timestamp::now() + Duration::from_millis(50);
    let first_call = rx.count();
    let mut tasks = tokio::task::JoinSet::new();
    let mut max_lag = Duration::ZERO;
    let mut cpu_from = None;
    for seq in 0..total {
        let due = start + interval * seq as u32;
        tokio::time::sleep_until(due.into()).await;
        if seq == skip {
            cpu_from = Some(cpu::Sample::take(Some(server.pid)));
        }
        if seq >= skip {
            max_lag = max_lag.max(due.elapsed());
        }
        let due_at = start_at + interval * seq as u32;
        let req = http.post(&url).bearer_auth(token).json(
            &json!({"title": format!("bench page {seq}: checkout is down"), "severity": "SEV1"}),
        );
        tasks.spawn(async move {
            let reference = async {
                let res = req
                    .send()
                    .await
                    .map_err(|e| format!("request failed: {e}"))?;
                let status = res.status();
                let body = res.text().await.map_err(|e| e.to_string())?;
                if status != 201 {
                    return Err(format!("HTTP {status}: {body}"));
                }
                let v: serde_json::Value =
                    serde_json::from_str(&body).map_err(|e| e.to_string())?;
                v["reference"]
                    .as_str()
                    .map(str::to_string)
                    .ok_or_else(|| format!("no reference in {body}"))
            }
            .await;
            Sent {
                seq,
                due,
                due_at,
                reference,
                answered: Instant::now(),
            }
        });
    }
    let mut sent = Vec::with_capacity(total);
    while let Some(s) = tasks.join_next().await {
        sent.push(s?);
    }
    let declared: Vec<&Sent> = sent.iter().filter(|s| s.reference.is_ok()).collect();
    // Every declaration's page, warm-up ones included, so none is left in flight.
    rx.wait_for(first_call + declared.len(), PAGE_DEADLINE)
        .await;
    let cpu = cpu_from.map(|c| c.until(&cpu::Sample::take(Some(server.pid))));
    let mut pages: HashMap<String, Instant> = HashMap::new();
    for c in rx
        .since(first_call)
        .into_iter()
        .filter(|c| c.kind == "page")
    {
        pages.entry(c.incident).or_insert(c.at);
    }
    let mut out = Paging {
        rate,
        max_lag,
        cpu,
        seconds: measure.as_secs_f64(),
        ..Paging::default()
    };
    let mut latencies = Vec::new();
    let mut declare = Vec::new();
    let mut ids = Vec::new();
    for s in sent.iter().filter(|s| s.seq >= skip) {
        out.sent += 1;
        match &s.reference {
            Ok(r) => {
                out.declared += 1;
                declare.push(s.answered - s.due);
                if let Some(at) = pages.get(r) {
                    out.paged += 1;
                    latencies.push(at.saturating_duration_since(s.due));
                }
                if let Some(id) = r.strip_prefix("INC-").and_then(|n| n.parse().ok()) {
                    ids.push((id, s.due_at));
                }
            }
            Err(e) => {
                out.errors += 1;
                out.first_error
                    .get_or_insert_with(|| e.chars().take(600).collect());
            }
        }
    }
    if out.declared == 0 {
        bail!(
            "no declaration succeeded: {}",
            out.first_error.as_deref().unwrap_or("?")
        );
    }
    out.latency = Latency::of(&mut latencies);
    out.declare = Latency::of(&mut declare);
    Ok((out, ids))
}

/// The hop breakdown of the measured incidents, read from the jobs table.
async fn hops(store_url: &str, incidents: &[(i64, jiff::Timestamp)]) -> Result<Hops> {
    use sqlx::{Connection, Row};
    sqlx::any::install_default_drivers();
    let mut conn = sqlx::AnyConnection::connect(store_url).await?;
    let rows = sqlx::query(
        "SELECT kind, incident_id, created_at, finished_at FROM jobs \
         WHERE incident_id IS NOT NULL AND kind IN ('respond', 'escalate', 'webhook')",
    )
    .fetch_all(&mut conn)
    .await?;
    conn.close().await?;
    // incident -> [respond created, escalate created, webhook created, webhook finished]
    let mut times: HashMap<i64, [Option<i64>; 4]> = HashMap::new();
    for row in rows {
        let kind: String = row.try_get(0)?;
        let incident: i64 = row.try_get(1)?;
        let created: i64 = row.try_get(2)?;
        let finished: Option<i64> = row.try_get(3)?;
        let t = times.entry(incident).or_default();
        let first = |slot: &mut Option<i64>, v: i64| {
            *slot = Some(slot.map_or(v, |s| s.min(v)));
        };
        match kind.as_str() {
            "respond" => first(&mut t[0], created),
            "escalate" => first(&mut t[1], created),
            "webhook" => {
                first(&mut t[2], created);
                if let Some(f) = finished {
                    first(&mut t[3], f);
                }
            }
            _ => {}
        }
    }
    let micros = |a: i64, b: i64| Duration::from_micros(b.saturating_sub(a).max(0) as u64);
    let (mut commit, mut respond, mut escalate, mut send) = (vec![], vec![], vec![], vec![]);
    for (id, due_at) in incidents {
        let Some([Some(r), Some(e), Some(w), Some(f)]) = times.get(id).copied() else {
            continue;
        };
        commit.push(micros(due_at.as_microsecond(), r));
        respond.push(micros(r, e));
        escalate.push(micros(e, w));
        send.push(micros(w, f));
    }
    Ok(Hops {
        incidents: commit.len(),
        commit: Latency::of(&mut commit),
        respond: Latency::of(&mut respond),
        escalate: Latency::of(&mut escalate),
        send: Latency::of(&mut send),
    })
}
