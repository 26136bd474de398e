//! Alertmanager's PagerDuty (`pagerduty_configs`) and Opsgenie (`opsgenie_configs`)
//! integrations pointed at Goldseam: each sends one event per Alertmanager group (its
//! dedup_key or alias a hash of the group key), so two alerts are one Goldseam alert, one
//! group and one incident, and the group's resolve resolves it.

use super::{alert_words, blocking, incidents, integration, spawn, timeline, wait_for};
use crate::common::{TestApp, TestUser};
use goldseam_testdb::alertmanager::{Alertmanager, Receivers, TestAlert};
use goldseam_testdb::TestDb;
use serde_json::{json, Value};

fn alerts() -> [TestAlert; 2] {
    let one = |instance: &str| {
        TestAlert::new(&[
            ("alertname", "QueueBacklog"),
            ("instance", instance),
            ("job", "worker"),
        ])
        .annotation("summary", "Queue backlog above 10k")
    };
    [one("worker-1"), one("worker-2")]
}

/// Posts two alerts of one group, checks what people see, resolves them and checks again.
/// `key_from` is how the one Goldseam alert is keyed; `severity` the incident's.
async fn journey(
    app: &TestApp,
    admin: &TestUser,
    am: &Alertmanager,
    key_from: &str,
    severity: &str,
) -> Value {
    let alerts = alerts();
    blocking(|| am.post_alerts(&alerts));
    let groups = wait_for(
        app,
        admin,
        "/api/v1/alert-groups",
        "the group's incident",
        |b| b[0]["incident"].is_string(),
    )
    .await;
    assert_eq!(groups.as_array().unwrap().len(), 1, "{groups}");
    let g = &groups[0];
    assert_eq!(g["status"], "open");
    assert_eq!(g["alerts"], 1, "one event per Alertmanager group: {g}");
    let reference = g["incident"].as_str().unwrap().to_owned();
    let listed = app.get(admin, "/api/v1/alerts").await.body;
    assert_eq!(listed.as_array().unwrap().len(), 1, "{listed}");
    let a = &listed[0];
    assert_eq!(a["key_from"], key_from);
    assert_eq!(
        a["dedup_key"].as_str().unwrap().len(),
        64,
        "sha256 of the group key: {a}"
    );
    assert!(
        a["summary"]
            .as_str()
            .unwrap()
            .starts_with("[FIRING:2] QueueBacklog"),
        "{a}"
    );
    let incident = app
        .get(admin, &format!("/api/v1/incidents/{reference}"))
        .await
        .body;
    assert!(
        incident["title"]
            .as_str()
            .unwrap()
            .starts_with("[FIRING:2] QueueBacklog"),
        "{incident}"
    );
    assert_eq!(incident["severity"], severity);
    assert_eq!(incidents(app, admin).await.len(), 1);

    let resolved: Vec<TestAlert> = alerts.iter().cloned().map(TestAlert::resolved).collect();
    blocking(|| am.post_alerts(&resolved));
    wait_for(
        app,
        admin,
        &format!("/api/v1/incidents/{reference}"),
        "the incident resolved",
        |b| b["status"] == "resolved",
    )
    .await;
    let groups = app.get(admin, "/api/v1/alert-groups").await.body;
    assert_eq!(groups.as_array().unwrap().len(), 1, "{groups}");
    assert_eq!(groups[0]["status"], "resolved");
    let listed = app.get(admin, "/api/v1/alerts").await.body;
    assert_eq!(listed[0]["status"], "resolved", "{listed}");
    assert_eq!(incidents(app, admin).await.len(), 1);
    let events = timeline(app, admin, &reference).await;
    assert_eq!(alert_words(&events), ["opened", "resolved"]);
    listed[0].clone()
}

pub(crate) async fn pagerduty_configs_open_and_resolve_one_incident(db: TestDb) {
    let (app, admin) = spawn(&db).await;
    let i = integration(
        &app,
        &admin,
        json!({"kind": "pagerduty", "name": "Prometheus via PagerDuty"}),
    )
    .await;
    let key = i["key"].as_str().unwrap();
    let receivers = Receivers::new()
        .group_by(&["alertname", "job"])
        .pagerduty(&app.base, key);
    let am = blocking(|| Alertmanager::start(&receivers));
    // Alertmanager's default PagerDuty severity is "error".
    let a = journey(&app, &admin, &am, "dedup_key", "SEV2").await;
    assert_eq!(a["source"], "Alertmanager", "{a}");
}

pub(crate) async fn opsgenie_configs_open_and_resolve_one_incident(db: TestDb) {
    let (app, admin) = spawn(&db).await;
    let i = integration(
        &app,
        &admin,
        json!({"kind": "opsgenie", "name": "Prometheus via Opsgenie"}),
    )
    .await;
    let key = i["key"].as_str().unwrap();
    let receivers = Receivers::new()
        .group_by(&["alertname", "job"])
        .opsgenie(&app.url("/integrations/opsgenie"), key)
        .opsgenie_update_alerts(true);
    let am = blocking(|| Alertmanager::start(&receivers));
    // No priority given: Opsgenie's default P3, a warning.
    journey(&app, &admin, &am, "alias", "SEV3").await;
    // update_alerts also sent the message and the description: read, not refused.
    let requests = app
        .get(
            &admin,
            &format!("/api/v1/integrations/{}/requests", i["id"]),
        )
        .await
        .body;
    let failed: Vec<&Value> = requests
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| !r["error"].is_null())
        .collect();
    assert!(failed.is_empty(), "every request was read: {failed:?}");
}
