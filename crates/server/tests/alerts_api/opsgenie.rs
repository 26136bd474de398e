//! Opsgenie's Alert API as Alertmanager's `opsgenie_configs` calls it: create opens an
//! incident, a message update changes the alert's summary, acknowledge and close follow.

use super::{incidents, integration, send, spawn, wait_for, TestApp};
use goldseam_testdb::TestDb;
use reqwest::Method;
use serde_json::{json, Value};

const BASE: &str = "/integrations/opsgenie/v2/alerts";

async fn call(app: &TestApp, key: &str, method: Method, path: &str, body: Value) -> Value {
    let auth = format!("GenieKey {key}");
    let r = send(
        app,
        method,
        path,
        body.to_string(),
        &[("authorization", &auth)],
    )
    .await;
    assert_eq!(r.status, 202, "{path}: {}", r.body);
    assert_eq!(r.body["result"], "Request will be processed", "{}", r.body);
    assert!(r.body["requestId"].is_string(), "{}", r.body);
    r.body
}

pub(crate) async fn opsgenie_alerts_open_update_and_close(db: TestDb) {
    let (app, admin) = spawn(&db).await;
    let og = integration(
        &app,
        &admin,
        json!({"kind": "opsgenie", "name": "Opsgenie"}),
    )
    .await;
    let key = og["key"].as_str().unwrap();
    assert_eq!(
        og["snippet"]["url"],
        "https://goldseam.test/integrations/opsgenie/v2/alerts"
    );

    // Opsgenie refuses an alert without what it needs with a 422 in its own shape.
    let auth = format!("GenieKey {key}");
    let r = send(
        &app,
        Method::POST,
        BASE,
        json!({"message": "no alias"}).to_string(),
        &[("authorization", &auth)],
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body["message"]
        .as_str()
        .unwrap()
        .contains("not processable"));
    assert!(
        r.body["errors"].to_string().contains("alias is required"),
        "{}",
        r.body
    );

    let alias = "3c5e0f5d1a1b4d7c";
    let create = json!({
        "message": "Queue backlog above 10k", "alias": alias, "priority": "P2",
        "description": "Orders are waiting", "source": "alertmanager",
        "tags": ["team:payments", "queue"], "details": {"queue": "orders"}
    });
    call(&app, key, Method::POST, BASE, create).await;
    let groups = wait_for(&app, &admin, "/api/v1/alert-groups", "the incident", |b| {
        b[0]["incident"].is_string()
    })
    .await;
    let reference = groups[0]["incident"].as_str().unwrap().to_owned();
    let incident = app
        .get(&admin, &format!("/api/v1/incidents/{reference}"))
        .await
        .body;
    assert_eq!(incident["title"], "Queue backlog above 10k");
    assert_eq!(incident["severity"], "SEV2", "P2 is an error");
    let alert = &app.get(&admin, "/api/v1/alerts").await.body[0];
    assert_eq!(alert["dedup_key"], alias);
    assert_eq!(alert["key_from"], "alias");
    assert_eq!(alert["labels"]["team"], "payments", "{alert}");

    // Alertmanager's `update_alerts`: the message changes as the alert's summary does.
    let message = format!("{BASE}/{alias}/message?identifierType=alias");
    call(
        &app,
        key,
        Method::PUT,
        &message,
        json!({"message": "Queue backlog above 50k"}),
    )
    .await;
    let alerts = wait_for(&app, &admin, "/api/v1/alerts", "the new summary", |b| {
        b[0]["summary"] == "Queue backlog above 50k"
    })
    .await;
    assert_eq!(alerts[0]["status"], "firing");

    let ack = format!("{BASE}/{alias}/acknowledge?identifierType=alias");
    call(&app, key, Method::POST, &ack, json!({"user": "grace"})).await;
    wait_for(&app, &admin, "/api/v1/alert-groups", "acknowledged", |b| {
        b[0]["status"] == "acknowledged"
    })
    .await;

    // Close carries only the alias (an empty body is allowed).
    let close = format!("{BASE}/{alias}/close?identifierType=alias");
    call(&app, key, Method::POST, &close, json!({})).await;
    wait_for(
        &app,
        &admin,
        &format!("/api/v1/incidents/{reference}"),
        "the incident resolved",
        |b| b["status"] == "resolved",
    )
    .await;
    let alerts = app.get(&admin, "/api/v1/alerts").await.body;
    assert_eq!(alerts[0]["status"], "resolved");
    assert_eq!(alerts[0]["summary"], "Queue backlog above 50k", "{alerts}");
    assert_eq!(incidents(&app, &admin).await.len(), 1);
    let timeline = app
        .get(&admin, &format!("/api/v1/incidents/{reference}/timeline"))
        .await
        .body;
    let words: Vec<&str> = timeline["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "alert")
        .map(|e| e["data"]["what"].as_str().unwrap())
        .collect();
    assert_eq!(words, ["opened", "acknowledged", "resolved"]);
}
