//! Alertmanager's webhook_configs: two alerts with the same summary on two instances are two
//! alerts (told apart by fingerprint, never by summary) in one group with one incident, and
//! resolving both resolves the group and the incident.

use super::{
    blocking, incidents, integration, opened_joined_resolved, spawn, timeline, wait_for,
    webhook_url,
};
use goldseam_testdb::alertmanager::{Alertmanager, Receivers, TestAlert};
use goldseam_testdb::TestDb;
use serde_json::json;

fn disk_full(instance: &str) -> TestAlert {
    TestAlert::new(&[
        ("alertname", "DiskFull"),
        ("instance", instance),
        ("severity", "critical"),
    ])
    .annotation("summary", "Disk almost full")
}

pub(crate) async fn two_alerts_with_one_summary_make_one_group_and_one_incident(db: TestDb) {
    let (app, admin) = spawn(&db).await;
    let i = integration(
        &app,
        &admin,
        json!({"kind": "alertmanager", "name": "Prometheus"}),
    )
    .await;
    let receivers = Receivers::new().webhook(&webhook_url(&app, &i));
    let am = blocking(|| Alertmanager::start(&receivers));
    let alerts = [disk_full("db-1:9100"), disk_full("db-2:9100")];
    blocking(|| am.post_alerts(&alerts));

    let groups = wait_for(
        &app,
        &admin,
        "/api/v1/alert-groups",
        "one group of two alerts with its incident",
        |b| b[0]["alerts"] == 2 && b[0]["incident"].is_string(),
    )
    .await;
    let groups = groups.as_array().unwrap();
    assert_eq!(groups.len(), 1, "{groups:?}");
    let g = &groups[0];
    assert_eq!(g["status"], "open");
    assert_eq!(g["firing"], 2);
    assert_eq!(g["summary"], "Disk almost full");
    assert_eq!(g["severity"], "critical");
    let reference = g["incident"].as_str().unwrap().to_owned();

    let listed = app.get(&admin, "/api/v1/alerts").await.body;
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 2, "{listed:?}");
    for a in listed {
        assert_eq!(a["status"], "firing");
        assert_eq!(a["summary"], "Disk almost full");
        assert_eq!(a["key_from"], "fingerprint");
        assert_eq!(a["group_id"], g["id"]);
        // Why, naming the group as the Alerts page shows it.
        assert!(
            a["reason"]
                .as_str()
                .unwrap()
                .contains(&format!("group {} ", g["id"])),
            "{a}"
        );
        assert!(
            a["links"]
                .as_array()
                .unwrap()
                .iter()
                .any(|l| l["href"] == am.url()),
            "a link back to the Alertmanager: {a}"
        );
    }
    assert_ne!(listed[0]["dedup_key"], listed[1]["dedup_key"]);
    let mut instances: Vec<&str> = listed
        .iter()
        .map(|a| a["labels"]["instance"].as_str().unwrap())
        .collect();
    instances.sort_unstable();
    assert_eq!(instances, ["db-1:9100", "db-2:9100"]);

    let requests = app
        .get(
            &admin,
            &format!("/api/v1/integrations/{}/requests", i["id"]),
        )
        .await
        .body;
    for said in requests[0]["outcome"].as_array().unwrap() {
        assert_eq!(said["group_id"], g["id"], "{said}");
        assert!(
            said["reason"]
                .as_str()
                .unwrap()
                .contains(&format!("group {} ", g["id"])),
            "{said}"
        );
    }

    let all = incidents(&app, &admin).await;
    assert_eq!(all.len(), 1, "{all:?}");
    let incident = app
        .get(&admin, &format!("/api/v1/incidents/{reference}"))
        .await
        .body;
    assert_eq!(incident["title"], "Disk almost full");
    assert_eq!(incident["severity"], "SEV1");

    let resolved: Vec<TestAlert> = alerts.iter().cloned().map(TestAlert::resolved).collect();
    blocking(|| am.post_alerts(&resolved));
    wait_for(
        &app,
        &admin,
        &format!("/api/v1/incidents/{reference}"),
        "the incident resolved",
        |b| b["status"] == "resolved",
    )
    .await;
    let groups = app.get(&admin, "/api/v1/alert-groups").await.body;
    assert_eq!(groups.as_array().unwrap().len(), 1, "{groups}");
    assert_eq!(groups[0]["status"], "resolved");
    assert_eq!(groups[0]["firing"], 0);
    assert_eq!(groups[0]["reopened"], 0);
    let firing = app.get(&admin, "/api/v1/alerts?status=firing").await.body;
    assert_eq!(firing, json!([]));
    assert_eq!(
        app.get(&admin, "/api/v1/alerts?status=resolved")
            .await
            .body
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let events = timeline(&app, &admin, &reference).await;
    assert_eq!(
        opened_joined_resolved(&events),
        ["joined", "opened", "resolved"]
    );
    assert_eq!(incidents(&app, &admin).await.len(), 1);
}
