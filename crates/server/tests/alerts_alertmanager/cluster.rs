//! A high-availability pair of Alertmanagers, both sent the same alerts and both pointed at
//! Goldseam: one group, one incident, one page. When a resolve reaches one peer before the
//! other, the late peer sends a stale "firing" (same fingerprints, same starts) after the
//! first peer's "resolved", then its own "resolved": Goldseam must not reopen anything.

use super::{
    blocking, incidents, integration, opened_joined_resolved, paged_team, pages, spawn, timeline,
    wait_for, webhook_url,
};
use crate::common::{TestApp, TestUser};
use goldseam_core::UserRole;
use goldseam_testdb::alertmanager::{Alertmanager, Receivers, TestAlert};
use goldseam_testdb::TestDb;
use serde_json::{json, Value};
use std::time::Duration;

/// The webhook notifications the integration received, oldest first: each one's status
/// (`firing`/`resolved`) and what Goldseam did with its alerts (`None` while unprocessed).
fn notifications(requests: &Value) -> Vec<(String, Option<Vec<String>>)> {
    let mut out: Vec<(String, Option<Vec<String>>)> = requests
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let body: Value = serde_json::from_str(r["body"].as_str().unwrap()).unwrap();
            let outcomes = r["outcome"].as_array().map(|o| {
                o.iter()
                    .map(|s| s["outcome"].as_str().unwrap_or_default().to_owned())
                    .collect()
            });
            (
                body["status"].as_str().unwrap_or_default().to_owned(),
                outcomes,
            )
        })
        .collect();
    out.reverse();
    out
}

/// Waits until the integration's notifications satisfy `check`; returns them.
async fn wait_notifications(
    app: &TestApp,
    admin: &TestUser,
    integration: &Value,
    what: &str,
    check: impl Fn(&[(String, Option<Vec<String>>)]) -> bool,
) -> Vec<(String, Option<Vec<String>>)> {
    let path = format!("/api/v1/integrations/{}/requests", integration["id"]);
    let body = wait_for(app, admin, &path, what, |b| check(&notifications(b))).await;
    notifications(&body)
}

pub(crate) async fn a_high_availability_pair_makes_one_group_one_incident_one_page(db: TestDb) {
    let (app, admin) = spawn(&db).await;
    let oli = app.user("Oli", UserRole::Member).await;
    let team = paged_team(&app, &admin, &oli).await;
    let i = integration(
        &app,
        &admin,
        json!({"kind": "alertmanager", "name": "Prometheus HA", "team_id": team}),
    )
    .await;
    let receivers = Receivers::new().webhook(&webhook_url(&app, &i));
    let cluster = blocking(|| Alertmanager::cluster(2, &receivers));
    // Prometheus gives each alert its start (when the rule began firing), the same to every
    // peer, to the nanosecond.
    let start = jiff::Timestamp::now();
    let alerts = ["api-1", "api-2"].map(|instance| TestAlert {
        starts_at: Some(start),
        ..TestAlert::new(&[("alertname", "ApiErrors"), ("instance", instance)])
            .annotation("summary", "API 5xx above 2%")
    });
    // Prometheus sends every alert to every peer.
    blocking(|| cluster.post_alerts(&alerts));

    let groups = wait_for(
        &app,
        &admin,
        "/api/v1/alert-groups",
        "the group's incident",
        |b| b[0]["alerts"] == 2 && b[0]["incident"].is_string(),
    )
    .await;
    let reference = groups[0]["incident"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/incidents/{reference}/timeline");
    wait_for(&app, &admin, &path, "the team paged", |b| {
        pages(b["items"].as_array().unwrap()) == 1
    })
    .await;
    // The second peer would send its copy once its peer timeout (2 s) passed.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let groups = app.get(&admin, "/api/v1/alert-groups").await.body;
    assert_eq!(groups.as_array().unwrap().len(), 1, "{groups}");
    assert_eq!(groups[0]["alerts"], 2);
    assert_eq!(incidents(&app, &admin).await.len(), 1);
    assert_eq!(pages(&timeline(&app, &admin, &reference).await), 1);

    // The resolve reaches the first peer, which notifies "resolved"...
    let resolved: Vec<TestAlert> = alerts.iter().cloned().map(TestAlert::resolved).collect();
    blocking(|| cluster.peers[0].post_alerts(&resolved));
    wait_for(
        &app,
        &admin,
        &format!("/api/v1/incidents/{reference}"),
        "the incident resolved",
        |b| b["status"] == "resolved",
    )
    .await;
    // ...while the second still holds them firing: seeing the first's "resolved" in the
    // shared log, it sends its stale "firing".
    let seen = wait_notifications(&app, &admin, &i, "the second peer's stale firing", |n| {
        let first_resolve = n.iter().position(|(s, _)| s == "resolved");
        first_resolve.is_some_and(|at| n[at..].iter().any(|(s, o)| s == "firing" && o.is_some()))
    })
    .await;
    let at = seen.iter().position(|(s, _)| s == "resolved").unwrap();
    for (_, outcomes) in seen[at..].iter().filter(|(s, _)| s == "firing") {
        assert_eq!(
            outcomes.as_deref(),
            Some(&["ignored".to_owned(), "ignored".to_owned()][..]),
            "a stale firing changes nothing: {seen:?}"
        );
    }
    let groups = app.get(&admin, "/api/v1/alert-groups").await.body;
    assert_eq!(groups[0]["status"], "resolved", "{groups}");

    // Then the resolve reaches the second peer too, which says "resolved" in turn.
    blocking(|| cluster.peers[1].post_alerts(&resolved));
    wait_notifications(&app, &admin, &i, "the second peer's resolve", |n| {
        n.iter()
            .filter(|(s, o)| s == "resolved" && o.is_some())
            .count()
            >= 2
    })
    .await;

    let groups = app.get(&admin, "/api/v1/alert-groups").await.body;
    assert_eq!(groups.as_array().unwrap().len(), 1, "{groups}");
    assert_eq!(groups[0]["status"], "resolved");
    assert_eq!(groups[0]["reopened"], 0, "never reopened: {groups}");
    assert_eq!(incidents(&app, &admin).await.len(), 1);
    let incident = app
        .get(&admin, &format!("/api/v1/incidents/{reference}"))
        .await
        .body;
    assert_eq!(incident["status"], "resolved");
    let events = timeline(&app, &admin, &reference).await;
    assert_eq!(
        opened_joined_resolved(&events),
        ["joined", "opened", "resolved"]
    );
    assert_eq!(pages(&events), 1, "one page for the pair");
}
