//! The write path's proof: SIGKILL `goldseam serve` during a storm of declarations and comments
//! (written in shared transactions by the group commit writer), start it again, and find
//! 1. every write that was acknowledged with a 2xx, as it was acknowledged;
//! 2. every Idempotency-Key still honoured: the same request again replays what was written,
//!    for acknowledged requests and for those whose answer the kill cut off alike, and a
//!    second time changes nothing;
//! 3. INC numbers without a gap: 1 to N, N the number of distinct declarations.
//!
//! On SQLite and on PostgreSQL.

mod common;

use common::{admin_token, serve, Server};
use goldseam_testdb::{Kind, TestDb};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Concurrent clients.
const CLIENTS: usize = 16;
/// Acknowledged writes to wait for before the kill (the storm goes on meanwhile).
const BEFORE_KILL: usize = 400;

async fn start(db_url: &str, dir: &std::path::Path) -> (Server, String) {
    serve(db_url, dir, &[]).await
}

/// One write of the storm, as sent.
#[derive(Debug, Clone)]
struct Sent {
    key: String,
    path: String,
    body: Value,
}

/// What the answer said was written: the incident and the ids of the new events.
#[derive(Debug, Clone, PartialEq)]
struct Acked {
    reference: String,
    event_ids: Vec<i64>,
}

fn acked(body: &Value) -> Acked {
    // Declarations answer with the incident, changes with the incident and their events.
    let incident = if body["incident"].is_object() {
        &body["incident"]
    } else {
        body
    };
    let events = body["events"].as_array().cloned().unwrap_or_default();
    Acked {
        reference: incident["reference"].as_str().unwrap().to_string(),
        event_ids: events.iter().map(|e| e["id"].as_i64().unwrap()).collect(),
    }
}

async fn send(
    http: &reqwest::Client,
    url: &str,
    token: &str,
    s: &Sent,
) -> reqwest::Result<(StatusCode, bool, Value)> {
    let res = http
        .post(format!("{url}{}", s.path))
        .bearer_auth(token)
        .header("Idempotency-Key", &s.key)
        .json(&s.body)
        .send()
        .await?;
    let status = res.status();
    let replayed = res.headers().contains_key("idempotent-replayed");
    let body = res.json().await.unwrap_or(Value::Null);
    Ok((status, replayed, body))
}

#[derive(Default)]
struct Log {
    /// Sent and answered with a 2xx.
    acked: Vec<(Sent, Acked)>,
    /// Sent, and the kill cut the answer off.
    cut: Vec<Sent>,
}

async fn crash_during_a_storm(db: TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let token = admin_token(&db.url, "storm").await;
    let (server, url) = start(&db.url, dir.path()).await;
    let http = reqwest::Client::new();
    // Something to comment on from the start.
    let first = Sent {
        key: "first".into(),
        path: "/api/v1/incidents".into(),
        body: json!({"title": "First", "severity": "SEV3"}),
    };
    let (status, _, body) = send(&http, &url, &token, &first).await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let log = Arc::new(Mutex::new(Log {
        acked: vec![(first.clone(), acked(&body))],
        cut: Vec::new(),
    }));

    let clients: Vec<_> = (0..CLIENTS)
        .map(|client| {
            let (http, url, token, log) = (http.clone(), url.clone(), token.clone(), log.clone());
            tokio::spawn(async move {
                for i in 0.. {
                    let sent = if i % 2 == 0 {
                        Sent {
                            key: format!("d-{client}-{i}"),
                            path: "/api/v1/incidents".into(),
                            body: json!({"title": format!("Storm {client}-{i}"), "severity": "SEV3"}),
                        }
                    } else {
                        let target = {
                            let log = log.lock().unwrap();
                            let declared: Vec<&Acked> = log
                                .acked
                                .iter()
                                .filter(|(s, _)| s.path == "/api/v1/incidents")
                                .map(|(_, a)| a)
                                .collect();
                            declared[(client * 7 + i) % declared.len()].reference.clone()
                        };
                        Sent {
                            key: format!("c-{client}-{i}"),
                            path: format!("/api/v1/incidents/{target}/comments"),
                            body: json!({"body": format!("Comment {client}-{i}")}),
                        }
                    };
                    match send(&http, &url, &token, &sent).await {
                        Ok((status, _, body)) if status.is_success() => {
                            log.lock().unwrap().acked.push((sent, acked(&body)));
                        }
                        Ok((status, _, body)) => panic!("{} answered {status}: {body}", sent.path),
                        Err(_) => {
                            // The server died with this request in flight, or before it.
                            log.lock().unwrap().cut.push(sent);
                            return;
                        }
                    }
                }
            })
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(60);
    while log.lock().unwrap().acked.len() < BEFORE_KILL {
        assert!(Instant::now() < deadline, "the storm is too slow");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // SIGKILL: no shutdown, nothing flushed that was not flushed already.
    drop(server);
    for c in clients {
        c.await.unwrap();
    }
    let log = Arc::try_unwrap(log).ok().unwrap().into_inner().unwrap();
    assert_eq!(
        log.cut.len(),
        CLIENTS,
        "every client was cut off by the kill"
    );

    let (_server, url) = start(&db.url, dir.path()).await;
    // 1 and 2: every acknowledged write is there, and replays as acknowledged.
    for (sent, was) in &log.acked {
        let (status, replayed, body) = send(&http, &url, &token, sent).await.unwrap();
        assert!(status.is_success(), "{}: {status} {body}", sent.key);
        assert!(
            replayed,
            "{} was acknowledged but is written again",
            sent.key
        );
        assert_eq!(&acked(&body).reference, &was.reference, "{}", sent.key);
        if sent.path.ends_with("/comments") {
            assert_eq!(&acked(&body).event_ids, &was.event_ids, "{}", sent.key);
        }
    }
    // Those the kill cut off: written once, whichever side of the kill they fell on.
    for sent in &log.cut {
        let (status, _, body) = send(&http, &url, &token, sent).await.unwrap();
        assert!(status.is_success(), "{}: {status} {body}", sent.key);
        let (_, replayed, again) = send(&http, &url, &token, sent).await.unwrap();
        assert!(replayed, "{} was written twice", sent.key);
        assert_eq!(acked(&again), acked(&body));
    }
    // 3: the numbers have no gap, and each declaration is one incident.
    let mut numbers = BTreeSet::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut req = http
            .get(format!("{url}/api/v1/incidents"))
            .bearer_auth(&token)
            .query(&[("limit", "200")]);
        if let Some(c) = &cursor {
            req = req.query(&[("cursor", c.as_str())]);
        }
        let page: Value = req.send().await.unwrap().json().await.unwrap();
        for item in page["items"].as_array().unwrap() {
            numbers.insert(item["id"].as_i64().unwrap());
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    let declarations: BTreeSet<&str> = log
        .acked
        .iter()
        .map(|(s, _)| s)
        .chain(&log.cut)
        .filter(|s| s.path == "/api/v1/incidents")
        .map(|s| s.key.as_str())
        .collect();
    let n = declarations.len() as i64;
    assert_eq!(
        numbers,
        (1..=n).collect::<BTreeSet<i64>>(),
        "INC-1 to INC-{n}, no gap"
    );
    let comments: HashMap<&str, usize> = log
        .acked
        .iter()
        .filter(|(s, _)| s.path.ends_with("/comments"))
        .map(|(s, a)| (s.key.as_str(), a.event_ids.len()))
        .collect();
    assert!(
        comments.len() >= BEFORE_KILL / 4,
        "the storm mixed comments in: {}",
        comments.len()
    );
    eprintln!(
        "{} acknowledged before the kill ({} comments), {} cut off, {n} incidents",
        log.acked.len(),
        comments.len(),
        log.cut.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_sigkill_during_a_write_storm_loses_nothing_acknowledged() {
    crash_during_a_storm(TestDb::new(Kind::Sqlite).await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_sigkill_during_a_write_storm_loses_nothing_acknowledged() {
    crash_during_a_storm(TestDb::new(Kind::Postgres).await).await;
}
