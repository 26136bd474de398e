//! An alert that fires, resolves and fires again (a new start each time) within the reopen
//! window reopens its group and its incident, paging the team again, until it has reopened
//! `flap_limit` times: then the group is flapping: it only writes to the timeline, nobody is
//! paged for it any more and its incident stays resolved.

use super::{
    acknowledge, alert_words, blocking, incidents, integration, paged_team, pages, spawn, wait_for,
    webhook_url,
};
use crate::common::{TestApp, TestUser};
use goldseam_core::UserRole;
use goldseam_testdb::alertmanager::{Alertmanager, Receivers, TestAlert};
use goldseam_testdb::TestDb;
use serde_json::{json, Value};

/// Fires `alert` (Alertmanager gives it a new start) and waits until its group is open with
/// `reopened` reopenings and its incident open again; returns the group.
async fn fire(
    app: &TestApp,
    admin: &TestUser,
    am: &Alertmanager,
    alert: &TestAlert,
    reopened: i64,
    reference: Option<&str>,
) -> Value {
    blocking(|| am.post_alerts(std::slice::from_ref(alert)));
    let groups = wait_for(
        app,
        admin,
        "/api/v1/alert-groups",
        &format!("the group open, reopened {reopened} time(s)"),
        |b| {
            b[0]["status"] == "open" && b[0]["reopened"] == reopened && b[0]["incident"].is_string()
        },
    )
    .await;
    assert_eq!(groups.as_array().unwrap().len(), 1, "{groups}");
    if let Some(r) = reference {
        wait_for(
            app,
            admin,
            &format!("/api/v1/incidents/{r}"),
            "the incident open again",
            |b| b["status"] != "resolved",
        )
        .await;
    }
    groups[0].clone()
}

/// Resolves `alert` and waits until its group and its incident are resolved.
async fn resolve(
    app: &TestApp,
    admin: &TestUser,
    am: &Alertmanager,
    alert: &TestAlert,
    reference: &str,
) {
    let resolved = alert.clone().resolved();
    blocking(|| am.post_alerts(std::slice::from_ref(&resolved)));
    wait_for(
        app,
        admin,
        &format!("/api/v1/incidents/{reference}"),
        "the incident resolved",
        |b| b["status"] == "resolved",
    )
    .await;
    wait_for(
        app,
        admin,
        "/api/v1/alert-groups",
        "the group resolved",
        |b| b[0]["status"] == "resolved",
    )
    .await;
}

/// Waits until the incident's timeline shows `n` alert entries; returns the events.
async fn entries(app: &TestApp, admin: &TestUser, reference: &str, n: usize) -> Vec<Value> {
    let path = format!("/api/v1/incidents/{reference}/timeline");
    let body = wait_for(app, admin, &path, &format!("{n} alert entries"), |b| {
        alert_words(b["items"].as_array().unwrap()).len() >= n
    })
    .await;
    body["items"].as_array().unwrap().clone()
}

pub(crate) async fn a_flapping_alert_reopens_its_group_then_stops_paging(db: TestDb) {
    let (app, admin) = spawn(&db).await;
    let oli = app.user("Oli", UserRole::Member).await;
    let team = paged_team(&app, &admin, &oli).await;
    let i = integration(
        &app,
        &admin,
        json!({"kind": "alertmanager", "name": "Prometheus", "team_id": team,
               "policy": {"flap_limit": 2, "reopen_window_secs": 600}}),
    )
    .await;
    let receivers = Receivers::new().webhook(&webhook_url(&app, &i));
    let am = blocking(|| Alertmanager::start(&receivers));
    let alert = TestAlert::new(&[("alertname", "CheckoutLatency"), ("instance", "web-1")])
        .annotation("summary", "Checkout p99 above 2 s");

    // It fires: a group, an incident, the team paged.
    let g = fire(&app, &admin, &am, &alert, 0, None).await;
    assert!(!g["flapping"].as_bool().unwrap());
    let reference = g["incident"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/incidents/{reference}/timeline");
    wait_for(&app, &admin, &path, "the team paged", |b| {
        pages(b["items"].as_array().unwrap()) == 1
    })
    .await;
    acknowledge(&app, &oli, &reference).await;
    resolve(&app, &admin, &am, &alert, &reference).await;

    // It fires again: the same group and incident reopen, and the team is paged again.
    let g = fire(&app, &admin, &am, &alert, 1, Some(&reference)).await;
    assert!(!g["flapping"].as_bool().unwrap(), "{g}");
    wait_for(&app, &admin, &path, "the team paged again", |b| {
        pages(b["items"].as_array().unwrap()) == 2
    })
    .await;
    acknowledge(&app, &oli, &reference).await;
    resolve(&app, &admin, &am, &alert, &reference).await;

    // Its second reopening reaches the flap limit: flapping, recorded, nobody paged.
    // Its incident stays resolved.
    let g = fire(&app, &admin, &am, &alert, 2, None).await;
    assert!(g["flapping"].as_bool().unwrap(), "{g}");
    entries(&app, &admin, &reference, 5).await;
    let incident = app
        .get(&admin, &format!("/api/v1/incidents/{reference}"))
        .await
        .body;
    assert_eq!(incident["status"], "resolved", "{incident}");
    resolve(&app, &admin, &am, &alert, &reference).await;
    // And so on while it keeps flapping.
    let g = fire(&app, &admin, &am, &alert, 3, None).await;
    assert!(g["flapping"].as_bool().unwrap(), "{g}");
    resolve(&app, &admin, &am, &alert, &reference).await;
    let events = entries(&app, &admin, &reference, 8).await;

    assert_eq!(
        alert_words(&events),
        [
            "opened", "resolved", "reopened", "resolved", "flapping", "resolved", "flapping",
            "resolved"
        ]
    );
    assert_eq!(pages(&events), 2, "no page while flapping");
    assert_eq!(incidents(&app, &admin).await.len(), 1);
    let groups = app.get(&admin, "/api/v1/alert-groups").await.body;
    assert_eq!(groups.as_array().unwrap().len(), 1, "{groups}");
    assert_eq!(groups[0]["reopened"], 3);
    assert_eq!(groups[0]["alerts"], 1, "one distinct alert: {groups}");
    assert!(
        groups[0]["opened_at"].as_str() > groups[0]["first_opened_at"].as_str(),
        "opened_at says when it last reopened: {groups}"
    );
    let detail = app
        .get(&admin, &format!("/api/v1/alert-groups/{}", groups[0]["id"]))
        .await
        .body;
    assert_eq!(
        detail["alerts"].as_array().unwrap().len(),
        1,
        "one alert, fired four times: {detail}"
    );
    assert_eq!(detail["alerts"][0]["outcome"], "resolved");
}
