//! An integration's life: its signing secret kept, replaced, never shown; its kind fixed; once
//! deleted its key stops working and its alerts stay for the record.

use super::{hmac_sha256_hex, integration, len, post_json, send, spawn, wait_for, TestApp};
use goldseam_testdb::TestDb;
use reqwest::Method;
use serde_json::json;

/// Posts a Grafana notification to `path` signed with `secret`; the status answered.
async fn signed_with(app: &TestApp, path: &str, secret: &str, n: u32) -> u16 {
    let body = json!({
        "version": "1", "groupKey": format!("{{}}:{{n=\"{n}\"}}"), "status": "firing",
        "alerts": [{"status": "firing", "fingerprint": format!("fp{n}"),
                    "labels": {"alertname": "Probe"}, "annotations": {"summary": format!("Probe {n}")}}]
    })
    .to_string();
    let sig = hmac_sha256_hex(secret.as_bytes(), body.as_bytes());
    let h = [("x-grafana-alerting-signature", sig.as_str())];
    send(app, Method::POST, path, body, &h)
        .await
        .status
        .as_u16()
}

pub(crate) async fn a_signing_secret_is_kept_replaced_and_never_shown(db: TestDb) {
    let (app, admin) = spawn(&db).await;
    let g = integration(
        &app,
        &admin,
        json!({"kind": "grafana", "name": "Grafana", "signing_secret": "first secret"}),
    )
    .await;
    let id = &g["id"];
    let path = format!("/integrations/grafana/{}", g["key"].as_str().unwrap());
    assert!(!g.to_string().contains("first secret"));
    assert_eq!(signed_with(&app, &path, "first secret", 1).await, 202);

    // A change that leaves the secret out keeps it.
    let r = app
        .call(
            &admin,
            Method::PUT,
            &format!("/api/v1/integrations/{id}"),
            Some(json!({"name": "Grafana prod"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["signed"], true);
    assert_eq!(r.body["key"], g["key"], "the key stays");
    assert_eq!(signed_with(&app, &path, "first secret", 2).await, 202);

    // A new secret replaces it at once, whatever it is.
    for secret in ["second secret", "kept"] {
        let r = app
            .call(
                &admin,
                Method::PUT,
                &format!("/api/v1/integrations/{id}"),
                Some(json!({"name": "Grafana prod", "signing_secret": secret})),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert!(!r.body.to_string().contains(secret), "{}", r.body);
        assert_eq!(signed_with(&app, &path, secret, 3).await, 202, "{secret}");
        assert_eq!(
            signed_with(&app, &path, "first secret", 4).await,
            401,
            "{secret}"
        );
    }

    // The sender never changes: a kind cannot be changed.
    let r = app
        .call(
            &admin,
            Method::PUT,
            &format!("/api/v1/integrations/{id}"),
            Some(json!({"kind": "alertmanager", "name": "Grafana prod"})),
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(super::common::problem_fields(&r.body), ["kind"]);
}

pub(crate) async fn a_deleted_integration_refuses_and_keeps_its_alerts(db: TestDb) {
    let (app, admin) = spawn(&db).await;
    let i = integration(
        &app,
        &admin,
        json!({"kind": "pagerduty", "name": "Old monitors"}),
    )
    .await;
    let trigger = json!({
        "routing_key": i["key"], "event_action": "trigger", "dedup_key": "old-disk",
        "payload": {"summary": "Old disk failing", "source": "nas-1", "severity": "warning"}
    });
    assert_eq!(post_json(&app, "/v2/enqueue", &trigger).await.status, 202);
    wait_for(&app, &admin, "/api/v1/alert-groups", "the incident", |b| {
        b[0]["incident"].is_string()
    })
    .await;

    let r = app
        .call(
            &admin,
            Method::DELETE,
            &format!("/api/v1/integrations/{}", i["id"]),
            None,
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.body);
    let r = post_json(&app, "/v2/enqueue", &trigger).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(r.body["status"], "invalid event");
    let r = app
        .get(&admin, &format!("/api/v1/integrations/{}", i["id"]))
        .await;
    assert_eq!(r.status, 404, "{}", r.body);
    // Its alerts and groups stay for the record.
    let alerts = app.get(&admin, "/api/v1/alerts").await.body;
    assert_eq!(len(&alerts), 1, "{alerts}");
    assert_eq!(alerts[0]["received"], 1);
    let groups = app.get(&admin, "/api/v1/alert-groups").await.body;
    assert_eq!(len(&groups), 1, "{groups}");
}
