//! Paging from the incident over HTTP, on both databases: a member pages a person or a team,
//! nobody is paged twice while a page is open, viewers and outsiders cannot, and bad requests
//! change nothing.

mod common;

use common::TestApp;
use goldseam_core::UserRole;
use goldseam_testdb::TestDb;
use reqwest::StatusCode;
use serde_json::json;

async fn members_page_a_person_or_a_team_from_the_incident(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let root = app.user("Root", UserRole::Admin).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let bo = app.user("Bo", UserRole::Member).await;
    let vic = app.user("Vic", UserRole::Viewer).await;
    let incident = app
        .post(
            &ana,
            "/api/v1/incidents",
            json!({"title": "Replica lag", "severity": "SEV2"}),
        )
        .await;
    assert_eq!(incident.status, StatusCode::CREATED, "{}", incident.body);
    let pages = format!(
        "/api/v1/incidents/{}/pages",
        incident.body["reference"].as_str().unwrap()
    );

    let first = app
        .post(
            &ana,
            &pages,
            json!({"user_id": bo.id, "reason": "need a database expert"}),
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    assert_eq!(first.body["user_id"], bo.id);
    assert_eq!(first.body["urgency"], "high");
    assert_eq!(first.body["reason"], "need a database expert");
    // Bo is being paged already: the same page, not a second one.
    let again = app.post(&ana, &pages, json!({"user_id": bo.id})).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(again.body["id"], first.body["id"]);
    // The timeline says who paged.
    let timeline = app
        .get(
            &ana,
            &format!(
                "/api/v1/incidents/{}/timeline",
                incident.body["reference"].as_str().unwrap()
            ),
        )
        .await;
    let paged = timeline.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "paged")
        .cloned()
        .expect("a paged event");
    assert_eq!(paged["actor"]["id"], ana.id, "{paged}");
    // The page's first escalation step is queued for the engine.
    let queued = app
        .store
        .job_counts_of("escalate")
        .await
        .unwrap()
        .into_iter()
        .any(|(state, n)| state == "queued" && n > 0);
    assert!(queued);

    // Once acknowledged, Bo can be paged again, here at low urgency.
    let ack = app
        .post(
            &bo,
            &format!("{pages}/{}/acknowledge", first.body["id"]),
            json!({}),
        )
        .await;
    assert_eq!(ack.status, StatusCode::OK, "{}", ack.body);
    let low = app
        .post(&ana, &pages, json!({"user_id": bo.id, "urgency": "low"}))
        .await;
    assert_eq!(low.status, StatusCode::CREATED, "{}", low.body);
    assert_eq!(low.body["urgency"], "low");
    assert_eq!(low.body["reason"], "paged from the incident (low urgency)");

    // A team with neither a policy nor a schedule cannot be paged; one with a policy can.
    let quiet = app
        .post(&root, "/api/v1/teams", json!({"name": "Quiet"}))
        .await;
    let refused = app
        .post(&ana, &pages, json!({"team_id": quiet.body["id"]}))
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.body["errors"][0]["field"], "team_id",
        "{}",
        refused.body
    );
    let policy = app
        .post(
            &root,
            "/api/v1/escalation-policies",
            json!({"name": "DB", "levels": [{"delay_minutes": 0, "targets": [{"type": "user", "id": root.id}]}]}),
        )
        .await;
    let db_team = app
        .post(
            &root,
            "/api/v1/teams",
            json!({"name": "Databases", "escalation_policy_id": policy.body["id"]}),
        )
        .await;
    assert_eq!(db_team.status, StatusCode::CREATED, "{}", db_team.body);
    let team_page = app
        .post(&ana, &pages, json!({"team_id": db_team.body["id"]}))
        .await;
    assert_eq!(team_page.status, StatusCode::CREATED, "{}", team_page.body);
    assert_eq!(team_page.body["policy_id"], policy.body["id"]);

    // Bad requests, each field named, and nothing paged.
    let before = app.get(&ana, &pages).await.body.as_array().unwrap().len();
    for (body, field) in [
        (json!({}), "user_id"),
        (json!({"user_id": bo.id, "team_id": 1}), "user_id"),
        (json!({"user_id": 999}), "user_id"),
        (json!({"user_id": bo.id, "urgency": "urgent"}), "urgency"),
        (
            json!({"user_id": bo.id, "reason": "x".repeat(201)}),
            "reason",
        ),
        (json!({"policy_id": 999}), "policy_id"),
    ] {
        let bad = app.post(&root, &pages, body.clone()).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(bad.body["errors"][0]["field"], field, "{}", bad.body);
    }
    assert_eq!(
        app.get(&ana, &pages).await.body.as_array().unwrap().len(),
        before
    );
    let viewer = app.post(&vic, &pages, json!({"user_id": bo.id})).await;
    assert_eq!(viewer.status, StatusCode::FORBIDDEN);

    // A private incident: someone who may not see it gets 404.
    let secret = app
        .post(
            &ana,
            "/api/v1/incidents",
            json!({"title": "Leak", "severity": "SEV2", "private": true}),
        )
        .await;
    let outsider = app
        .post(
            &bo,
            &format!(
                "/api/v1/incidents/{}/pages",
                secret.body["reference"].as_str().unwrap()
            ),
            json!({"user_id": ana.id}),
        )
        .await;
    assert_eq!(outsider.status, StatusCode::NOT_FOUND);
}

goldseam_testdb::on_both_databases!(members_page_a_person_or_a_team_from_the_incident);
