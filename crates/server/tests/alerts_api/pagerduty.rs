//! PagerDuty Events v2: the journey from a trigger to a resolved incident, and the answers.

use super::{integration, spawn, wait_for};
use goldseam_testdb::TestDb;
use serde_json::json;

pub(crate) async fn an_event_opens_an_incident_and_its_resolve_resolves_it(db: TestDb) {
    let (app, admin) = spawn(&db).await;
    let i = integration(
        &app,
        &admin,
        json!({"kind": "pagerduty", "name": "Checkout monitors"}),
    )
    .await;
    let key = i["key"].as_str().unwrap().to_owned();
    assert_eq!(key.len(), 32);
    assert_eq!(i["snippet"]["url"], "https://goldseam.test/v2/enqueue");
    let trigger = json!({
        "routing_key": key, "event_action": "trigger",
        "payload": {"summary": "Checkout error rate 12%", "source": "checkout-1", "severity": "critical"}
    });
    let r = app
        .client
        .post(app.url("/v2/enqueue"))
        .json(&trigger)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
    let answer: serde_json::Value = r.json().await.unwrap();
    assert_eq!(answer["status"], "success");
    assert_eq!(answer["message"], "Event processed");
    let dedup_key = answer["dedup_key"].as_str().unwrap().to_owned();
    assert_eq!(dedup_key.len(), 32, "a key is made when the event has none");

    let groups = wait_for(
        &app,
        &admin,
        "/api/v1/alert-groups",
        "the group's incident",
        |b| b[0]["incident"].is_string(),
    )
    .await;
    let reference = groups[0]["incident"].as_str().unwrap().to_owned();
    let incident = app
        .get(&admin, &format!("/api/v1/incidents/{reference}"))
        .await
        .body;
    assert_eq!(incident["title"], "Checkout error rate 12%");
    assert_eq!(incident["severity"], "SEV1");

    let resolve = json!({"routing_key": key, "event_action": "resolve", "dedup_key": dedup_key});
    let r = app
        .client
        .post(app.url("/v2/enqueue"))
        .json(&resolve)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
    wait_for(
        &app,
        &admin,
        &format!("/api/v1/incidents/{reference}"),
        "the incident resolved",
        |b| b["status"] == "resolved",
    )
    .await;
    let timeline = app
        .get(&admin, &format!("/api/v1/incidents/{reference}/timeline"))
        .await
        .body;
    let words: Vec<String> = timeline["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "alert")
        .map(|e| e["data"]["what"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(words, ["opened", "resolved"]);
}

pub(crate) async fn a_quick_refire_reopens_the_group_and_its_incident(db: TestDb) {
    let (app, admin) = spawn(&db).await;
    let i = integration(&app, &admin, json!({"kind": "pagerduty", "name": "API"})).await;
    let event = |action: &str| {
        json!({"routing_key": i["key"], "event_action": action, "dedup_key": "api-latency",
               "payload": {"summary": "API latency high", "source": "api-1", "severity": "error"}})
    };
    let send = |action: &'static str| {
        let (app, body) = (&app, event(action));
        async move {
            let r = super::post_json(app, "/v2/enqueue", &body).await;
            assert_eq!(r.status, 202, "{}", r.body);
        }
    };
    send("trigger").await;
    let groups = wait_for(&app, &admin, "/api/v1/alert-groups", "the incident", |b| {
        b[0]["incident"].is_string()
    })
    .await;
    let reference = groups[0]["incident"].as_str().unwrap().to_owned();
    let incident = format!("/api/v1/incidents/{reference}");
    send("resolve").await;
    wait_for(&app, &admin, &incident, "resolved", |b| {
        b["status"] == "resolved"
    })
    .await;

    // Firing again within the reopen window: the same group reopens, and its incident with it.
    send("trigger").await;
    let groups = wait_for(&app, &admin, "/api/v1/alert-groups", "reopened", |b| {
        b[0]["status"] == "open"
    })
    .await;
    assert_eq!(super::len(&groups), 1, "{groups}");
    assert_eq!(groups[0]["reopened"], 1, "{groups}");
    assert_eq!(groups[0]["incident"], reference.as_str());
    wait_for(&app, &admin, &incident, "reopened", |b| {
        b["status"] == "active"
    })
    .await;
    let alerts = app.get(&admin, "/api/v1/alerts").await.body;
    assert_eq!(alerts[0]["outcome"], "refired", "{alerts}");
    assert_eq!(super::incidents(&app, &admin).await.len(), 1);
}
