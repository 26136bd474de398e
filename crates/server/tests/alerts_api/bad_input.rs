//! Requests that can never make an alert: each sender hears why in its own service's shape,
//! nothing is stored for it, and the integration counts the refusal.

use super::{counters, integration, len, post_json, send, spawn, wait_for_counters};
use goldseam_testdb::TestDb;
use reqwest::Method;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// Asserts nothing was stored for the integration: no request kept, none counted received.
async fn nothing_stored(app: &super::TestApp, admin: &super::TestUser, id: &Value) {
    let r = app
        .get(admin, &format!("/api/v1/integrations/{id}/requests"))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(len(&r.body), 0, "requests kept: {}", r.body);
    assert_eq!(counters(app, admin, id).await["received"], 0);
    let alerts = app.get(admin, "/api/v1/alerts").await.body;
    assert_eq!(len(&alerts), 0, "{alerts}");
}

/// A body over the server's 1 MiB limit, still JSON.
fn huge_body() -> String {
    let filler = "x".repeat(1024 * 1024 + 10);
    json!({"routing_key": "k", "filler": filler}).to_string()
}

fn counted(rejected: i64) -> Value {
    json!({"received": 0, "deduplicated": 0, "grouped": 0, "rejected": rejected})
}

pub(crate) async fn pagerduty_refusals_are_answered_as_pagerduty_and_store_nothing(db: TestDb) {
    let (app, admin) = spawn(&db).await;
    let i = integration(&app, &admin, json!({"kind": "pagerduty", "name": "PD"})).await;
    let key = i["key"].as_str().unwrap();

    // A routing key no integration has: PagerDuty's 400, which senders do not retry.
    let unknown = json!({
        "routing_key": "0123456789abcdef0123456789abcdef", "event_action": "trigger",
        "payload": {"summary": "Disk full", "source": "db-1", "severity": "critical"}
    });
    let r = post_json(&app, "/v2/enqueue", &unknown).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(r.body["status"], "invalid event");
    assert_eq!(r.body["message"], "Event object is invalid");
    let errors = r.body["errors"].as_array().unwrap();
    assert!(
        errors[0].as_str().unwrap().contains("routing_key"),
        "{}",
        r.body
    );
    assert!(r.body.get("dedup_key").is_none(), "{}", r.body);

    // Not JSON at all: the sender is told so, not that a field is missing.
    let r = send(
        &app,
        Method::POST,
        "/v2/enqueue",
        r#"{"routing_key": "#,
        &[],
    )
    .await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(r.body["status"], "invalid event");
    let said = r.body["errors"].to_string();
    assert!(said.contains("JSON"), "{said}");

    // A trigger missing what PagerDuty requires: every problem listed at once.
    let incomplete = json!({"routing_key": key, "event_action": "trigger", "payload": {}});
    let r = post_json(&app, "/v2/enqueue", &incomplete).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(r.body["status"], "invalid event");
    let errors: Vec<&str> = r.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect();
    for field in [
        "'payload.summary'",
        "'payload.source'",
        "'payload.severity'",
    ] {
        assert!(
            errors.iter().any(|e| e.contains(field)),
            "{field}: {errors:?}"
        );
    }

    // Too big: refused before it is read.
    let r = send(&app, Method::POST, "/v2/enqueue", huge_body(), &[]).await;
    assert_eq!(r.status, 413, "{}", r.body);

    // Only the request that named this integration's key counts against it.
    wait_for_counters(&app, &admin, &i["id"], counted(1)).await;
    nothing_stored(&app, &admin, &i["id"]).await;
}

pub(crate) async fn webhook_refusals_are_problems_and_store_nothing(db: TestDb) {
    let (app, admin) = spawn(&db).await;
    let am = integration(&app, &admin, json!({"kind": "alertmanager", "name": "AM"})).await;
    let pd = integration(&app, &admin, json!({"kind": "pagerduty", "name": "PD"})).await;
    let body = json!({"version": "4", "groupKey": "{}:{}", "status": "firing", "alerts": []});

    let r = post_json(&app, "/integrations/alertmanager/nosuchkey", &body).await;
    assert_eq!(r.status, 404, "{}", r.body);
    assert_eq!(
        r.headers["content-type"], "application/problem+json",
        "{:?}",
        r.headers
    );
    assert!(
        r.body["detail"].as_str().unwrap().contains("key"),
        "{}",
        r.body
    );

    // PagerDuty's key sent to the Alertmanager address: the answer names the key's kind.
    let pd_path = format!("/integrations/alertmanager/{}", pd["key"].as_str().unwrap());
    let r = post_json(&app, &pd_path, &body).await;
    assert_eq!(r.status, 404, "{}", r.body);
    assert_eq!(r.headers["content-type"], "application/problem+json");
    let detail = r.body["detail"].as_str().unwrap();
    assert!(detail.contains("PagerDuty Events API v2"), "{detail}");

    let path = format!("/integrations/alertmanager/{}", am["key"].as_str().unwrap());
    let r = send(&app, Method::POST, &path, "{not json", &[]).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(r.headers["content-type"], "application/problem+json");

    let r = send(&app, Method::POST, &path, huge_body(), &[]).await;
    assert_eq!(r.status, 413, "{}", r.body);
    assert_eq!(r.headers["content-type"], "application/problem+json");

    // The misdirected request counts against the key's owner; both bad bodies against AM.
    wait_for_counters(&app, &admin, &pd["id"], counted(1)).await;
    wait_for_counters(&app, &admin, &am["id"], counted(2)).await;
    nothing_stored(&app, &admin, &am["id"]).await;
    nothing_stored(&app, &admin, &pd["id"]).await;
}

pub(crate) async fn opsgenie_with_a_wrong_genie_key_is_unauthorized(db: TestDb) {
    let (app, admin) = spawn(&db).await;
    let og = integration(&app, &admin, json!({"kind": "opsgenie", "name": "OG"})).await;
    let alert = json!({"message": "Queue backlog", "alias": "queue-backlog", "priority": "P2"});
    for auth in [
        "GenieKey 0123456789abcdef0123456789abcdef",
        "Bearer nothing",
        "",
    ] {
        let r = send(
            &app,
            Method::POST,
            "/integrations/opsgenie/v2/alerts",
            alert.to_string(),
            &[("authorization", auth)],
        )
        .await;
        assert_eq!(r.status, 401, "{auth}: {}", r.body);
        // Opsgenie's shape: a message, the time taken and a request id.
        assert!(
            r.body["message"].as_str().unwrap().contains("GenieKey"),
            "{}",
            r.body
        );
        assert!(r.body["took"].is_number(), "{}", r.body);
        assert!(r.body["requestId"].is_string(), "{}", r.body);
    }
    nothing_stored(&app, &admin, &og["id"]).await;
}

pub(crate) async fn dangerous_templates_are_refused_or_previewed_quickly(db: TestDb) {
    let (app, admin) = spawn(&db).await;
    // A macro calling itself never runs: the integration is refused, naming the field.
    let looping = "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}";
    let r = app
        .post(
            &admin,
            "/api/v1/integrations",
            json!({"kind": "webhook", "name": "Hooks", "mapping": {"summary": looping}}),
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(super::common::problem_fields(&r.body), ["mapping.summary"]);
    assert!(r.body.to_string().contains("macro"), "{}", r.body);
    // So is string repetition, in a label.
    let r = app
        .post(
            &admin,
            "/api/v1/integrations",
            json!({"kind": "webhook", "name": "Hooks", "mapping": {
                "summary": "{{ payload.title }}", "labels": {"big": "{{ 'x' * 10**9 }}"}}}),
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert_eq!(
        super::common::problem_fields(&r.body),
        ["mapping.labels.big"]
    );
    let listed = app.get(&admin, "/api/v1/integrations").await.body;
    assert_eq!(len(&listed), 0, "{listed}");

    // The preview runs templates: a loop that would never end is stopped, and the error is
    // the preview's, not the server's.
    for (template, why) in [
        ("{% for i in range(10**9) %}x{% endfor %}", "range"),
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            "steps",
        ),
    ] {
        let started = Instant::now();
        let r = app
            .post(
                &admin,
                "/api/v1/integrations/preview",
                json!({"mapping": {"summary": template}, "sample": {"title": "t"}}),
            )
            .await;
        let took = started.elapsed();
        assert_eq!(r.status, 200, "{}", r.body);
        assert!(took < Duration::from_secs(2), "{template} took {took:?}");
        let p = &r.body["preview"];
        assert_eq!(p["accepted"], false, "{}", r.body);
        let errors = p["errors"].to_string();
        assert!(
            errors.contains("summary") && errors.contains(why),
            "{errors}"
        );
        assert!(r.body["route"].is_null(), "{}", r.body);
    }
}
