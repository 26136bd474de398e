//! The two measurements, and the incident's channel and stream they read.

use crate::api::{self, Auth};
use crate::cpu::Usage;
use crate::stats::Latency;
use anyhow::{bail, Result};
use goldseam_fakes::slack::FakeSlack;
use reqwest::Method;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::time::{Duration, Instant, SystemTime};
use tokio::sync::mpsc::{self, UnboundedReceiver};

/// How long the last message may take before the ones not seen count as lost.
const DEADLINE: Duration = Duration::from_secs(30);

/// How each lag is taken, for the report.
pub const METHOD: &str = "How: **Slack -> timeline**: the fake Slack's person writes each message in the incident's channel on a fixed schedule (`--message-rate`, below anything that makes Slack queue events); the lag runs from the instant the fake sends the event over the Socket Mode link (its delivery record) to the bench reading the `comment_added` event with that body on the incident's SSE stream (`/api/v1/incidents/{ref}/events`, the stream the web room reads), so it includes Goldseam's ack, the inbox, the person lookup (cached after the first message) and the commit. **timeline -> Slack**: the admin POSTs each comment to `/api/v1/incidents/{ref}/comments` on a fixed schedule (`--comment-gap-ms`: Slack takes about one post a second per channel, which Goldseam's limiter keeps to, so posting faster measures the limit); the lag runs from just before the POST to the fake's Web API receiving the `chat.postMessage` with that text in the channel (the fake stamps each call on arrival), so it includes the POST itself. Both ends are on this process's clock. Lost: not seen within 30 s of the last one; errors: POSTs not answered 201 and Slack calls answered 429.";

/// One direction's figures.
#[derive(Default)]
pub struct Direction {
    /// Messages or comments written.
    pub sent: usize,
    /// Of those, with a lag.
    pub measured: usize,
    /// Written (posted: answered 201) but never seen at the other end.
    pub lost: usize,
    pub latency: Latency,
    /// POSTs not answered 201, Slack calls answered 429, events Slack had to redeliver.
    pub errors: usize,
    /// What those errors were.
    pub notes: Vec<String>,
    pub cpu: Option<Usage>,
}

impl Direction {
    fn of(sent: usize, mut lags: Vec<Duration>) -> Direction {
        Direction {
            sent,
            measured: lags.len(),
            lost: sent - lags.len(),
            latency: Latency::of(&mut lags),
            ..Direction::default()
        }
    }
}

/// Waits for the incident's channel (`inc-<number>-…`) and for `person`, who declared it, to
/// be invited; the channel id.
pub async fn incident_channel(slack: &FakeSlack, reference: &str, person: &str) -> Result<String> {
    let prefix = format!("inc-{}-", reference.trim_start_matches("INC-"));
    let ready = |s: &FakeSlack| {
        s.channels()
            .into_iter()
            .find(|c| c.name.starts_with(&prefix) && c.members.iter().any(|m| m == person))
            .map(|c| c.id)
    };
    if !slack.wait_for(DEADLINE, |s| ready(s).is_some()).await {
        bail!(
            "no channel with the declarer in it for {reference}: {:?}",
            slack.channels()
        );
    }
    Ok(ready(slack).expect("just seen"))
}

/// Opens the incident's SSE stream and reports each comment's body with the instant the chunk
/// carrying it arrived.
pub async fn comments_on_stream(
    url: &str,
    token: &str,
) -> Result<UnboundedReceiver<(String, Instant)>> {
    // No client timeout: it would cut the stream.
    let mut res = reqwest::Client::new()
        .get(url)
        .bearer_auth(token)
        .header(reqwest::header::ACCEPT, "text/event-stream")
        .send()
        .await?;
    if res.status() != 200 {
        bail!("GET {url} answered {}", res.status());
    }
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        let mut pending: Vec<u8> = Vec::new();
        while let Ok(Some(chunk)) = res.chunk().await {
            let at = Instant::now();
            pending.extend_from_slice(&chunk);
            while let Some(end) = pending.iter().position(|&b| b == b'\n') {
                let line: Vec<u8> = pending.drain(..=end).collect();
                let Some(data) = line.strip_prefix(b"data:") else {
                    continue;
                };
                let Ok(event) = serde_json::from_slice::<Value>(data) else {
                    continue;
                };
                if event["kind"] == "comment_added" {
                    let body = event["data"]["body"].as_str().unwrap_or_default();
                    if tx.send((body.to_string(), at)).is_err() {
                        return;
                    }
                }
            }
        }
    });
    Ok(rx)
}

/// `person` writes `n` messages in `channel`, `gap` apart; each lag runs from the fake sending
/// its event to the stream showing the comment.
pub async fn slack_to_timeline(
    slack: &FakeSlack,
    person: &str,
    channel: &str,
    arrivals: &mut UnboundedReceiver<(String, Instant)>,
    n: usize,
    gap: Duration,
) -> Direction {
    let texts: Vec<String> = (0..n)
        .map(|i| format!("chat lag {i:04}: written in Slack"))
        .collect();
    let start = tokio::time::Instant::now();
    for (i, text) in texts.iter().enumerate() {
        tokio::time::sleep_until(start + gap * i as u32).await;
        slack.say(person, channel, text);
    }
    let mut seen: HashMap<String, Instant> = HashMap::new();
    let deadline = tokio::time::Instant::now() + DEADLINE;
    while seen.len() < n {
        match tokio::time::timeout_at(deadline, arrivals.recv()).await {
            Ok(Some((body, at))) => {
                seen.entry(body).or_insert(at);
            }
            _ => break,
        }
    }
    // Each message's first delivery; a redelivery means Goldseam did not ack in time.
    let mut sent: HashMap<String, Instant> = HashMap::new();
    let mut redelivered = 0;
    for d in slack.deliveries() {
        let Some(text) = d.payload["event"]["text"].as_str() else {
            continue;
        };
        if d.attempt > 0 {
            redelivered += 1;
        }
        sent.entry(text.to_string()).or_insert(d.sent);
    }
    let lags = texts
        .iter()
        .filter_map(|t| Some(seen.get(t)?.saturating_duration_since(*sent.get(t)?)))
        .collect();
    let mut out = Direction::of(n, lags);
    if redelivered > 0 {
        out.errors = redelivered;
        out.notes.push(format!(
            "{redelivered} events redelivered (not acked within 3 s)"
        ));
    }
    out
}

/// POSTs `n` comments, `gap` apart; each lag runs from just before its POST to the fake
/// receiving the `chat.postMessage` with its text in `channel`.
pub async fn timeline_to_slack(
    slack: &FakeSlack,
    http: &reqwest::Client,
    auth: &Auth,
    comments_url: &str,
    channel: &str,
    n: usize,
    gap: Duration,
) -> Direction {
    let calls_before = slack.calls("chat.postMessage").len();
    let texts: Vec<String> = (0..n)
        .map(|i| format!("chat lag {i:04}: written in the web room"))
        .collect();
    let mut posted: HashMap<&str, SystemTime> = HashMap::new();
    let mut refused = Vec::new();
    let start = tokio::time::Instant::now();
    for (i, text) in texts.iter().enumerate() {
        tokio::time::sleep_until(start + gap * i as u32).await;
        let at = SystemTime::now();
        let body = Some(json!({ "body": text }));
        match api::call(http, auth, Method::POST, comments_url, body, 201).await {
            Ok(_) => {
                posted.insert(text, at);
            }
            Err(e) => refused.push(e.to_string()),
        }
    }
    let in_channel = |s: &FakeSlack| {
        s.calls("chat.postMessage")
            .into_iter()
            .skip(calls_before)
            .filter(|c| c.params["channel"] == channel)
            .collect::<Vec<_>>()
    };
    let all_there = |s: &FakeSlack| {
        let calls = in_channel(s);
        posted
            .keys()
            .all(|t| calls.iter().any(|c| c.ok() && c.params["text"] == *t))
    };
    slack.wait_for(DEADLINE, all_there).await;
    let calls = in_channel(slack);
    let lags = texts
        .iter()
        .filter_map(|t| {
            let before = posted.get(t.as_str())?;
            let call = calls.iter().find(|c| c.ok() && c.params["text"] == *t)?;
            call.at.duration_since(*before).ok()
        })
        .collect();
    let mut out = Direction::of(n, lags);
    out.lost -= refused.len();
    let limited = calls.iter().filter(|c| c.status == 429).count();
    out.errors = refused.len() + limited;
    if let Some(first) = refused.first() {
        out.notes.push(format!(
            "{} POSTs refused, the first: {first}",
            refused.len()
        ));
    }
    if limited > 0 {
        out.notes.push(format!(
            "{limited} chat.postMessage calls answered 429 by Slack"
        ));
    }
    out
}
