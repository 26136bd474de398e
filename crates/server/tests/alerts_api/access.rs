//! Who sees what: integrations are for admins, alerts and groups for everyone signed in, and a
//! group names its incident only to those who may see that incident. And every kind's test
//! alert goes the whole way.

use super::{integration, len, post_json, spawn, wait_for};
use goldseam_core::UserRole;
use goldseam_testdb::TestDb;
use reqwest::Method;
use serde_json::json;

pub(crate) async fn members_read_alerts_but_not_integrations_nor_private_incidents(db: TestDb) {
    let (app, admin) = spawn(&db).await;
    let member = app.user("mo", UserRole::Member).await;
    let i = integration(&app, &admin, json!({"kind": "pagerduty", "name": "PD"})).await;
    let id = &i["id"];

    for (method, path, body) in [
        (Method::GET, "/api/v1/integrations".to_owned(), None),
        (
            Method::POST,
            "/api/v1/integrations".to_owned(),
            Some(json!({"kind": "pagerduty", "name": "Mine"})),
        ),
        (Method::GET, format!("/api/v1/integrations/{id}"), None),
        (
            Method::PUT,
            format!("/api/v1/integrations/{id}"),
            Some(json!({"name": "Renamed"})),
        ),
        (Method::DELETE, format!("/api/v1/integrations/{id}"), None),
        (
            Method::GET,
            format!("/api/v1/integrations/{id}/requests"),
            None,
        ),
        (
            Method::POST,
            format!("/api/v1/integrations/{id}/test"),
            None,
        ),
        (
            Method::POST,
            "/api/v1/integrations/preview".to_owned(),
            Some(json!({"mapping": {}, "sample": {"title": "x"}})),
        ),
    ] {
        let r = app.call(&member, method.clone(), &path, body).await;
        assert_eq!(r.status, 403, "{method} {path}: {}", r.body);
        // The key never leaks in a refusal.
        assert!(!r.body.to_string().contains(i["key"].as_str().unwrap()));
    }
    let still = app.get(&admin, &format!("/api/v1/integrations/{id}")).await;
    assert_eq!(still.body["name"], "PD", "{}", still.body);

    let trigger = json!({
        "routing_key": i["key"], "event_action": "trigger", "dedup_key": "payroll-export",
        "payload": {"summary": "Payroll export leaking", "source": "hr-1", "severity": "critical"}
    });
    assert_eq!(post_json(&app, "/v2/enqueue", &trigger).await.status, 202);
    let groups = wait_for(&app, &member, "/api/v1/alert-groups", "the incident", |b| {
        b[0]["incident"].is_string()
    })
    .await;
    let reference = groups[0]["incident"].as_str().unwrap().to_owned();
    let group_id = groups[0]["id"].clone();
    let alerts = app.get(&member, "/api/v1/alerts").await;
    assert_eq!(alerts.status, 200);
    assert_eq!(len(&alerts.body), 1, "{}", alerts.body);

    // Made private once it opened: the member no longer sees its alerts or group at all (their
    // summaries are usually the private incident's title).
    let r = app
        .patch(
            &admin,
            &format!("/api/v1/incidents/{reference}"),
            json!({"private": true, "reason": "personal data involved"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let groups = app.get(&member, "/api/v1/alert-groups").await.body;
    assert_eq!(len(&groups), 0, "{groups}");
    let alerts = app.get(&member, "/api/v1/alerts").await.body;
    assert_eq!(len(&alerts), 0, "{alerts}");
    let one = app
        .get(&member, &format!("/api/v1/alert-groups/{group_id}"))
        .await;
    assert_eq!(one.status, 404, "{}", one.body);
    let on_incident = app
        .get(
            &member,
            &format!("/api/v1/incidents/{reference}/alert-groups"),
        )
        .await;
    assert_eq!(on_incident.status, 404, "{}", on_incident.body);
    // Admins still see it.
    let groups = app.get(&admin, "/api/v1/alert-groups").await.body;
    assert_eq!(groups[0]["incident"], reference.as_str());
    let on_incident = app
        .get(
            &admin,
            &format!("/api/v1/incidents/{reference}/alert-groups"),
        )
        .await;
    assert_eq!(on_incident.status, 200, "{}", on_incident.body);
    assert_eq!(on_incident.body[0]["id"], group_id);
}

pub(crate) async fn every_kind_sends_a_test_alert(db: TestDb) {
    let (app, admin) = spawn(&db).await;
    for kind in [
        "pagerduty",
        "alertmanager",
        "grafana",
        "opsgenie",
        "datadog",
        "webhook",
        "pagerduty_webhook",
    ] {
        let mut body = json!({"kind": kind, "name": format!("{kind} test")});
        if kind == "pagerduty_webhook" || kind == "grafana" {
            body["signing_secret"] = json!("s3cret");
        }
        let i = integration(&app, &admin, body).await;
        let r = app
            .post(
                &admin,
                &format!("/api/v1/integrations/{}/test", i["id"]),
                json!(null),
            )
            .await;
        assert_eq!(r.status, 202, "{kind}: {}", r.body);
        assert_eq!(r.body["status"], "accepted", "{kind}");
        let dedup_key = r.body["dedup_key"].as_str().unwrap().to_owned();
        assert!(
            dedup_key.starts_with("goldseam-test-"),
            "{kind}: {dedup_key}"
        );
        let path = format!("/api/v1/alerts?integration_id={}", i["id"]);
        let alerts = wait_for(&app, &admin, &path, kind, |b| len(b) == 1).await;
        let a = &alerts[0];
        assert_eq!(a["dedup_key"], dedup_key.as_str(), "{kind}");
        assert_eq!(a["status"], "firing", "{kind}");
        assert!(
            a["summary"]
                .as_str()
                .unwrap()
                .starts_with("Test alert from Goldseam"),
            "{kind}: {a}"
        );
        let c = &app
            .get(&admin, &format!("/api/v1/integrations/{}", i["id"]))
            .await
            .body["counters"];
        assert_eq!(c["received"], 1, "{kind}: {c}");
    }
    let groups = wait_for(&app, &admin, "/api/v1/alert-groups", "incidents", |b| {
        len(b) == 7
            && b.as_array()
                .unwrap()
                .iter()
                .all(|g| g["incident"].is_string())
    })
    .await;
    assert_eq!(len(&groups), 7);
}
