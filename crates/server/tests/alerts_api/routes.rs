//! Routes and storms: a route grouping by fields folds many alerts into one incident; past the
//! storm threshold new groups fold into one storm group; `timeline` routes open nothing and
//! `attach` routes join the service's open incident.

use super::{
    counters, effects_settled, incidents, integration, len, post_json, spawn, wait_for, TestApp,
};
use futures::StreamExt;
use goldseam_testdb::TestDb;
use serde_json::{json, Value};

fn event(key: &str, dedup_key: &str, summary: &str, source: &str) -> Value {
    json!({
        "routing_key": key, "event_action": "trigger", "dedup_key": dedup_key,
        "payload": {"summary": summary, "source": source, "severity": "error"}
    })
}

/// Sends the events 16 at a time, as a busy sender would; each must be accepted.
async fn send_all(app: &TestApp, events: Vec<Value>) {
    futures::stream::iter(events)
        .map(|e| async move {
            let r = post_json(app, "/v2/enqueue", &e).await;
            assert_eq!(r.status, 202, "{}", r.body);
        })
        .buffer_unordered(16)
        .collect::<Vec<()>>()
        .await;
}

pub(crate) async fn a_route_grouping_by_source_makes_one_incident_of_many_events(db: TestDb) {
    let (app, admin) = spawn(&db).await;
    let policy = json!({"routes": [
        {"name": "per host", "group_by": {"by": "fields", "fields": ["source"]}}
    ]});
    let i = integration(
        &app,
        &admin,
        json!({"kind": "pagerduty", "name": "Host checks", "policy": policy}),
    )
    .await;
    let key = i["key"].as_str().unwrap();
    let events = (0..200)
        .map(|n| {
            event(
                key,
                &format!("check-{n}"),
                &format!("Check {n} failing"),
                "db-7",
            )
        })
        .collect();
    send_all(&app, events).await;

    let groups = wait_for(&app, &admin, "/api/v1/alert-groups", "200 alerts", |b| {
        b[0]["alerts"] == 200 && b[0]["incident"].is_string()
    })
    .await;
    assert_eq!(len(&groups), 1, "{groups}");
    assert_eq!(groups[0]["route"], "per host");
    assert_eq!(groups[0]["group_key"], "fields:source=db-7");
    assert_eq!(groups[0]["storm"], false, "one group is no storm");
    let alerts = app.get(&admin, "/api/v1/alerts?limit=500").await.body;
    assert_eq!(len(&alerts), 200);
    effects_settled(&app).await;
    assert_eq!(incidents(&app, &admin).await.len(), 1);
    let c = counters(&app, &admin, &i["id"]).await;
    assert_eq!(
        c,
        json!({"received": 200, "deduplicated": 0, "grouped": 199, "rejected": 0})
    );
}

pub(crate) async fn a_storm_folds_new_groups_into_one(db: TestDb) {
    let (app, admin) = spawn(&db).await;
    let i = integration(&app, &admin, json!({"kind": "pagerduty", "name": "Edge"})).await;
    let key = i["key"].as_str().unwrap();
    // Fifteen distinct alerts, each its own group by default: past ten new groups within five
    // minutes, the rest fold into one storm group.
    let events = (0..15)
        .map(|n| {
            event(
                key,
                &format!("edge-{n}"),
                &format!("Edge node {n} down"),
                &format!("edge-{n}"),
            )
        })
        .collect();
    send_all(&app, events).await;

    let groups = wait_for(&app, &admin, "/api/v1/alert-groups", "11 groups", |b| {
        let all = b.as_array().unwrap();
        let alerts: i64 = all.iter().map(|g| g["alerts"].as_i64().unwrap()).sum();
        alerts == 15 && all.iter().all(|g| g["incident"].is_string())
    })
    .await;
    assert_eq!(len(&groups), 11, "{groups}");
    let storms: Vec<&Value> = groups
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["storm"] == true)
        .collect();
    assert_eq!(storms.len(), 1, "{groups}");
    assert_eq!(storms[0]["alerts"], 5);
    effects_settled(&app).await;
    let list = incidents(&app, &admin).await;
    assert_eq!(list.len(), 11, "one per group, the storm's included");
    let reference = storms[0]["incident"].as_str().unwrap();
    let storm = list.iter().find(|x| x["reference"] == reference).unwrap();
    let title = storm["title"].as_str().unwrap();
    assert!(title.starts_with("Alert storm from Edge: "), "{title}");
    // The storm group's first alert opened it; the other four joined a group already open.
    let c = counters(&app, &admin, &i["id"]).await;
    assert_eq!(
        c,
        json!({"received": 15, "deduplicated": 0, "grouped": 4, "rejected": 0})
    );
}

pub(crate) async fn timeline_routes_open_nothing_and_attach_routes_join(db: TestDb) {
    let (app, admin) = spawn(&db).await;
    let (_, service) = app
        .team_with_service(&admin, "Payments", &[&admin], "payments-api")
        .await;
    let timeline = integration(
        &app,
        &admin,
        json!({"kind": "pagerduty", "name": "Deploy noise", "service_id": service,
               "policy": {"routes": [{"name": "record only", "action": "timeline"}]}}),
    )
    .await;
    let attach = integration(
        &app,
        &admin,
        json!({"kind": "pagerduty", "name": "Payments checks", "service_id": service,
               "policy": {"routes": [{"name": "join", "action": "attach"}]}}),
    )
    .await;
    let tkey = timeline["key"].as_str().unwrap();
    let akey = attach["key"].as_str().unwrap();

    // Nothing open for the service: the timeline route records, and opens nothing.
    let r = post_json(
        &app,
        "/v2/enqueue",
        &event(tkey, "cpu", "CPU at 80%", "pay-1"),
    )
    .await;
    assert_eq!(r.status, 202, "{}", r.body);
    let path = format!("/api/v1/alert-groups?integration_id={}", timeline["id"]);
    let groups = wait_for(&app, &admin, &path, "the group", |b| len(b) == 1).await;
    effects_settled(&app).await;
    let group = app
        .get(&admin, &format!("/api/v1/alert-groups/{}", groups[0]["id"]))
        .await
        .body;
    assert_eq!(group["group"]["route"], "record only");
    assert!(group["group"]["incident"].is_null(), "{group}");
    assert!(incidents(&app, &admin).await.is_empty());

    // Once an incident is open for the service, an attach route joins it.
    let reference = app
        .declare(
            &admin,
            json!({"title": "Payments degraded", "severity": "SEV2", "services": [service]}),
        )
        .await;
    let r = post_json(
        &app,
        "/v2/enqueue",
        &event(akey, "5xx", "5xx above 2%", "pay-lb"),
    )
    .await;
    assert_eq!(r.status, 202, "{}", r.body);
    let path = format!("/api/v1/alert-groups?integration_id={}", attach["id"]);
    let groups = wait_for(&app, &admin, &path, "joined", |b| {
        b[0]["incident"].is_string()
    })
    .await;
    assert_eq!(groups[0]["incident"], reference.as_str());
    // And the timeline route records its next alert there too.
    let r = post_json(
        &app,
        "/v2/enqueue",
        &event(tkey, "mem", "Memory at 90%", "pay-1"),
    )
    .await;
    assert_eq!(r.status, 202, "{}", r.body);
    let path = format!("/api/v1/alert-groups?integration_id={}", timeline["id"]);
    let groups = wait_for(&app, &admin, &path, "recorded", |b| {
        b[0]["incident"].is_string()
    })
    .await;
    assert_eq!(groups[0]["incident"], reference.as_str());
    effects_settled(&app).await;
    assert_eq!(incidents(&app, &admin).await.len(), 1, "nothing new opened");
    let timeline = app
        .get(&admin, &format!("/api/v1/incidents/{reference}/timeline"))
        .await
        .body;
    let entries: Vec<(&str, &str)> = timeline["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "alert")
        .map(|e| {
            let d = &e["data"];
            (d["what"].as_str().unwrap(), d["summary"].as_str().unwrap())
        })
        .collect();
    assert_eq!(
        entries,
        [("attached", "5xx above 2%"), ("attached", "Memory at 90%")]
    );
    let on_incident = app
        .get(
            &admin,
            &format!("/api/v1/incidents/{reference}/alert-groups"),
        )
        .await
        .body;
    assert_eq!(len(&on_incident), 2, "{on_incident}");
}
