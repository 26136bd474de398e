//! Alerts in, the crash proof: SIGKILL `goldseam serve` during a storm of PagerDuty events
//! (stored in shared transactions by the inbox's group commit, processed in batches), start it
//! again, and find every event that was answered 2xx processed exactly once: an alert for each
//! (its request count 1, so none was applied twice), the inbox drained, and the storm, all one
//! cause, still one group and one incident.
//!
//! On SQLite and on PostgreSQL.

mod common;

use common::{admin_token, serve};
use goldseam_testdb::{Kind, TestDb};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Concurrent senders.
const CLIENTS: usize = 16;
/// Events answered 2xx before the kill (the storm goes on meanwhile).
const BEFORE_KILL: usize = 2_000;

async fn backlog(http: &reqwest::Client, url: &str) -> Option<i64> {
    let text = http
        .get(format!("{url}/metrics"))
        .send()
        .await
        .ok()?
        .text()
        .await
        .ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix("goldseam_alert_backlog "))
        .and_then(|n| n.trim().parse().ok())
}

/// Every alert of the integration, by dedup key: (requests about it, group).
async fn alerts(http: &reqwest::Client, url: &str, token: &str) -> HashMap<String, (i64, i64)> {
    let mut out = HashMap::new();
    let mut before: Option<i64> = None;
    loop {
        let mut req = http
            .get(format!("{url}/api/v1/alerts"))
            .bearer_auth(token)
            .query(&[("limit", "500")]);
        if let Some(b) = before {
            req = req.query(&[("before", b)]);
        }
        let page: Value = req.send().await.unwrap().json().await.unwrap();
        let items = page.as_array().unwrap();
        if items.is_empty() {
            return out;
        }
        for a in items {
            let key = a["dedup_key"].as_str().unwrap().to_owned();
            let seen = (
                a["received"].as_i64().unwrap(),
                a["group_id"].as_i64().unwrap(),
            );
            assert!(
                out.insert(key.clone(), seen).is_none(),
                "{key} is two alerts"
            );
        }
        before = items.last().unwrap()["id"].as_i64();
    }
}

async fn crash_during_an_alert_storm(db: TestDb) {
    let dir = tempfile::tempdir().unwrap();
    let token = admin_token(&db.url, "alerts").await;
    let (server, url) = serve(&db.url, dir.path(), &[]).await;
    let http = reqwest::Client::new();
    let integration: Value = http
        .post(format!("{url}/api/v1/integrations"))
        .bearer_auth(&token)
        .json(&json!({
            "kind": "pagerduty", "name": "Storm",
            "policy": {"routes": [{"name": "by source", "group_by": {"by": "fields", "fields": ["source"]}}]}
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let key = integration["key"]
        .as_str()
        .expect("an integration key")
        .to_owned();
    let acked = Arc::new(Mutex::new(Vec::<String>::new()));
    let cut = Arc::new(Mutex::new(Vec::<String>::new()));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|client| {
            let (http, url, key, acked, cut) =
                (http.clone(), url.clone(), key.clone(), acked.clone(), cut.clone());
            tokio::spawn(async move {
                for i in 0.. {
                    let dedup = format!("d-{client}-{i}");
                    let event = json!({
                        "routing_key": key, "event_action": "trigger", "dedup_key": dedup,
                        "payload": {"summary": format!("Disk full on shard {i}"), "source": "db-cluster-1", "severity": "critical"}
                    });
                    match http.post(format!("{url}/v2/enqueue")).json(&event).send().await {
                        Ok(r) if r.status() == 202 => acked.lock().unwrap().push(dedup),
                        Ok(r) => panic!("answered {}: {}", r.status(), r.text().await.unwrap_or_default()),
                        Err(_) => {
                            cut.lock().unwrap().push(dedup);
                            return;
                        }
                    }
                }
            })
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(60);
    while acked.lock().unwrap().len() < BEFORE_KILL {
        assert!(Instant::now() < deadline, "the storm is too slow");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // SIGKILL mid-storm: requests in the inbox's queue, a processing batch perhaps half done.
    drop(server);
    for c in clients {
        c.await.unwrap();
    }
    let acked = std::mem::take(&mut *acked.lock().unwrap());
    let cut = std::mem::take(&mut *cut.lock().unwrap());
    assert_eq!(cut.len(), CLIENTS, "every sender was cut off by the kill");

    let (_server, url) = serve(&db.url, dir.path(), &[]).await;
    let deadline = Instant::now() + Duration::from_secs(60);
    while backlog(&http, &url).await != Some(0) {
        assert!(
            Instant::now() < deadline,
            "the stored events were not all processed"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let seen = alerts(&http, &url, &token).await;
    for dedup in &acked {
        let (received, _) = seen
            .get(dedup)
            .unwrap_or_else(|| panic!("{dedup} was answered 202 and lost"));
        assert_eq!(*received, 1, "{dedup} was processed {received} times");
    }
    for dedup in &cut {
        if let Some((received, _)) = seen.get(dedup) {
            assert_eq!(
                *received, 1,
                "{dedup} (cut off) was processed {received} times"
            );
        }
    }
    assert!(seen.len() <= acked.len() + cut.len(), "alerts nobody sent");
    let groups: Vec<i64> = {
        let mut g: Vec<i64> = seen.values().map(|(_, g)| *g).collect();
        g.sort_unstable();
        g.dedup();
        g
    };
    assert_eq!(groups.len(), 1, "one cause, one group");
    // Its incident is opened by a job; once it ran, there is exactly one.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let list: Value = http
            .get(format!("{url}/api/v1/incidents"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let n = list["items"].as_array().unwrap().len();
        assert!(n <= 1, "one cause, one incident: {list}");
        if n == 1 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the storm's incident did not open"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    eprintln!(
        "{} answered before the kill, {} cut off, {} alerts",
        acked.len(),
        cut.len(),
        seen.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_sigkill_during_an_alert_storm_loses_nothing_answered() {
    crash_during_an_alert_storm(TestDb::new(Kind::Sqlite).await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_sigkill_during_an_alert_storm_loses_nothing_answered() {
    crash_during_an_alert_storm(TestDb::new(Kind::Postgres).await).await;
}
