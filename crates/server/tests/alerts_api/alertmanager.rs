//! Alertmanager's webhook: two alerts that say the same thing are still two alerts (GoAlert
//! #4461), one notification group is one group and one incident, an HA pair's repeated
//! notification changes nothing, and the group resolves with its last alert.

use super::{counters, incidents, integration, len, post_json, spawn, wait_for};
use goldseam_testdb::TestDb;
use serde_json::{json, Value};

const GROUP_KEY: &str = "{}:{alertname=\"DiskAlmostFull\"}";

/// One alert of the notification, firing or resolved.
fn alert(fingerprint: &str, instance: &str, resolved: bool) -> Value {
    json!({
        "status": if resolved { "resolved" } else { "firing" },
        "labels": {"alertname": "DiskAlmostFull", "instance": instance, "severity": "warning"},
        "annotations": {"summary": "Disk almost full"},
        "startsAt": "2024-05-01T10:00:00Z",
        "endsAt": if resolved { "2024-05-01T10:30:00Z" } else { "0001-01-01T00:00:00Z" },
        "generatorURL": "http://prometheus.example/graph?g0.expr=disk",
        "fingerprint": fingerprint
    })
}

/// A v4 notification of the group, as Alertmanager sends it.
fn notification(alerts: Vec<Value>) -> Value {
    let firing = alerts.iter().any(|a| a["status"] == "firing");
    json!({
        "version": "4", "groupKey": GROUP_KEY, "truncatedAlerts": 0,
        "status": if firing { "firing" } else { "resolved" },
        "receiver": "goldseam",
        "groupLabels": {"alertname": "DiskAlmostFull"},
        "commonLabels": {"alertname": "DiskAlmostFull", "severity": "warning"},
        "commonAnnotations": {"summary": "Disk almost full"},
        "externalURL": "http://alertmanager.example:9093",
        "alerts": alerts
    })
}

pub(crate) async fn two_alerts_with_one_summary_are_two_alerts_in_one_group(db: TestDb) {
    let (app, admin) = spawn(&db).await;
    let am = integration(
        &app,
        &admin,
        json!({"kind": "alertmanager", "name": "Prometheus"}),
    )
    .await;
    let id = am["id"].clone();
    let path = format!("/integrations/alertmanager/{}", am["key"].as_str().unwrap());
    let both_firing = notification(vec![
        alert("1a2b3c4d5e6f7a8b", "db-1:9100", false),
        alert("8b7a6f5e4d3c2b1a", "db-2:9100", false),
    ]);
    let r = post_json(&app, &path, &both_firing).await;
    assert_eq!(r.status, 202, "{}", r.body);
    assert_eq!(r.body, json!({"status": "accepted", "signals": 2}));

    let groups = wait_for(&app, &admin, "/api/v1/alert-groups", "the incident", |b| {
        b[0]["incident"].is_string()
    })
    .await;
    assert_eq!(len(&groups), 1, "{groups}");
    let g = &groups[0];
    assert_eq!(g["alerts"], 2, "{g}");
    assert_eq!(g["firing"], 2, "{g}");
    assert_eq!(g["group_key"], format!("sender:{GROUP_KEY}"));
    let reference = g["incident"].as_str().unwrap().to_owned();
    let alerts = app.get(&admin, "/api/v1/alerts").await.body;
    assert_eq!(len(&alerts), 2, "{alerts}");
    let mut keys: Vec<&str> = alerts
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["dedup_key"].as_str().unwrap())
        .collect();
    keys.sort_unstable();
    assert_eq!(keys, ["1a2b3c4d5e6f7a8b", "8b7a6f5e4d3c2b1a"]);
    for a in alerts.as_array().unwrap() {
        assert_eq!(a["key_from"], "fingerprint", "{a}");
        assert_eq!(a["summary"], "Disk almost full");
        assert_eq!(a["group_id"], g["id"]);
        assert_eq!(a["outcome"], "new", "{a}");
    }
    let list = incidents(&app, &admin).await;
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["title"], "Disk almost full");
    assert_eq!(list[0]["severity"], "SEV3");

    // The HA pair's other peer sends the same notification: duplicates, nothing new.
    let r = post_json(&app, &path, &both_firing).await;
    assert_eq!(r.status, 202, "{}", r.body);
    let alerts = wait_for(&app, &admin, "/api/v1/alerts", "both duplicates", |b| {
        b.as_array()
            .unwrap()
            .iter()
            .all(|a| a["outcome"] == "duplicate")
    })
    .await;
    for a in alerts.as_array().unwrap() {
        assert_eq!(a["received"], 2, "{a}");
        assert!(
            a["reason"].as_str().unwrap().contains("deduplicated"),
            "{a}"
        );
    }
    let c = counters(&app, &admin, &id).await;
    assert_eq!(
        c,
        json!({"received": 2, "deduplicated": 2, "grouped": 1, "rejected": 0}),
        "the second alert joined the first's group; both repeats deduplicated"
    );
    let groups = app.get(&admin, "/api/v1/alert-groups").await.body;
    assert_eq!(len(&groups), 1, "{groups}");
    assert_eq!(groups[0]["received"], 4, "{groups}");
    assert_eq!(incidents(&app, &admin).await.len(), 1);

    // One resolves: the group stays open, and so does the incident.
    let one_resolved = notification(vec![
        alert("1a2b3c4d5e6f7a8b", "db-1:9100", true),
        alert("8b7a6f5e4d3c2b1a", "db-2:9100", false),
    ]);
    assert_eq!(post_json(&app, &path, &one_resolved).await.status, 202);
    let groups = wait_for(&app, &admin, "/api/v1/alert-groups", "one firing", |b| {
        b[0]["firing"] == 1
    })
    .await;
    assert_eq!(groups[0]["status"], "open", "{groups}");
    let firing = app.get(&admin, "/api/v1/alerts?status=firing").await.body;
    assert_eq!(len(&firing), 1, "{firing}");
    assert_eq!(firing[0]["dedup_key"], "8b7a6f5e4d3c2b1a");
    let incident = app
        .get(&admin, &format!("/api/v1/incidents/{reference}"))
        .await
        .body;
    assert_ne!(incident["status"], "resolved", "{incident}");

    // Both resolved: the group resolves, and the incident it opened with it.
    let all_resolved = notification(vec![
        alert("1a2b3c4d5e6f7a8b", "db-1:9100", true),
        alert("8b7a6f5e4d3c2b1a", "db-2:9100", true),
    ]);
    assert_eq!(post_json(&app, &path, &all_resolved).await.status, 202);
    let groups = wait_for(&app, &admin, "/api/v1/alert-groups", "resolved", |b| {
        b[0]["status"] == "resolved"
    })
    .await;
    assert_eq!(groups[0]["firing"], 0, "{groups}");
    assert!(groups[0]["resolved_at"].is_string(), "{groups}");
    wait_for(
        &app,
        &admin,
        &format!("/api/v1/incidents/{reference}"),
        "the incident resolved",
        |b| b["status"] == "resolved",
    )
    .await;
    assert_eq!(incidents(&app, &admin).await.len(), 1);
    let resolved = app.get(&admin, "/api/v1/alerts?status=resolved").await.body;
    assert_eq!(len(&resolved), 2, "{resolved}");
    // Every request was kept, each with what became of its alerts.
    let requests = app
        .get(&admin, &format!("/api/v1/integrations/{id}/requests"))
        .await
        .body;
    assert_eq!(len(&requests), 4, "{requests}");
    for r in requests.as_array().unwrap() {
        assert!(r["processed_at"].is_string(), "{r}");
        assert_eq!(len(&r["outcome"]), 2, "{r}");
    }
}
