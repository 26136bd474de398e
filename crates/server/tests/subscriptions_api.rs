//! Following an incident over the API, on both databases.

mod common;

use common::TestApp;
use goldseam_core::UserRole;
use goldseam_testdb::TestDb;
use reqwest::{Method, StatusCode};
use serde_json::json;

async fn anyone_who_sees_an_incident_can_follow_it(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let vic = app.user("Vic", UserRole::Viewer).await;
    let eve = app.user("Eve", UserRole::Member).await;
    let public = app
        .declare(&ana, json!({"title": "Slow search", "severity": "SEV3"}))
        .await;
    let secret = app
        .declare(
            &ana,
            json!({"title": "Leak", "severity": "SEV1", "private": true}),
        )
        .await;
    let path = |r: &str| format!("/api/v1/incidents/{r}/subscription");

    let r = app.get(&ana, &path(&public)).await;
    assert_eq!(
        (r.status, r.body.clone()),
        (StatusCode::OK, json!({"subscribed": false}))
    );

    // Viewers only read, but following changes nothing on the incident, so they may.
    for _ in 0..2 {
        let r = app.call(&vic, Method::PUT, &path(&public), None).await;
        assert_eq!(
            (r.status, r.body.clone()),
            (StatusCode::OK, json!({"subscribed": true}))
        );
    }
    assert_eq!(
        app.get(&vic, &path(&public)).await.body,
        json!({"subscribed": true})
    );
    // Per person: Ana still does not follow it.
    assert_eq!(
        app.get(&ana, &path(&public)).await.body,
        json!({"subscribed": false})
    );
    // The numeric id names the same incident.
    assert_eq!(
        app.get(&vic, &path("1")).await.body,
        json!({"subscribed": true})
    );

    for _ in 0..2 {
        let r = app.call(&vic, Method::DELETE, &path(&public), None).await;
        assert_eq!(
            (r.status, r.body.clone()),
            (StatusCode::OK, json!({"subscribed": false}))
        );
    }
    assert_eq!(
        app.get(&vic, &path(&public)).await.body,
        json!({"subscribed": false})
    );

    // A private incident is not there for an outsider, whatever the verb; nothing is stored.
    for method in [Method::GET, Method::PUT, Method::DELETE] {
        let r = app.call(&eve, method, &path(&secret), None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    }
    assert!(app
        .store
        .subscribers(&goldseam_core::SubscriptionTarget::Incident(
            goldseam_core::IncidentId::from_db(2),
        ))
        .await
        .unwrap()
        .is_empty());
    let r = app.call(&ana, Method::PUT, &path(&secret), None).await;
    assert_eq!(r.status, StatusCode::OK);

    // Missing incidents and malformed references are clear errors.
    assert_eq!(
        app.call(&ana, Method::PUT, &path("INC-99"), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.call(&ana, Method::PUT, &path("INC-0"), None)
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

async fn people_follow_severities_tags_and_incidents_by_their_channels(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let bo = app.user("Bo", UserRole::Viewer).await;
    let public = app
        .declare(&ana, json!({"title": "Slow search", "severity": "SEV3"}))
        .await;
    let secret = app
        .declare(
            &ana,
            json!({"title": "Leak", "severity": "SEV1", "private": true}),
        )
        .await;

    let r = app
        .post(
            &bo,
            "/api/v1/me/subscriptions",
            json!({"target": "severity", "key": "SEV1", "channels": ["email", "sms"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.body["channels"], json!(["email", "sms"]));
    // Again: the channels change, no second subscription.
    let again = app
        .post(
            &bo,
            "/api/v1/me/subscriptions",
            json!({"target": "severity", "key": "SEV1", "channels": ["slack", "mattermost"]}),
        )
        .await;
    assert_eq!(
        (again.body["id"].clone(), again.body["channels"].clone()),
        (r.body["id"].clone(), json!(["mattermost", "slack"]))
    );
    let tag = app
        .post(
            &bo,
            "/api/v1/me/subscriptions",
            json!({"target": "tag", "key": "#Payments"}),
        )
        .await;
    assert_eq!(
        (tag.body["key"].as_str(), tag.body["channels"].clone()),
        (Some("payments"), json!(["email"]))
    );
    let inc = app
        .post(
            &bo,
            "/api/v1/me/subscriptions",
            json!({"target": "incident", "key": public}),
        )
        .await;
    assert_eq!(inc.status, StatusCode::CREATED, "{}", inc.body);
    assert_eq!(inc.body["key"], public.as_str());
    assert_eq!(
        app.get(&bo, &format!("/api/v1/incidents/{public}/subscription"))
            .await
            .body,
        json!({"subscribed": true})
    );

    let hidden = app
        .post(
            &bo,
            "/api/v1/me/subscriptions",
            json!({"target": "incident", "key": secret}),
        )
        .await;
    assert_eq!(
        hidden.status,
        StatusCode::NOT_FOUND,
        "a private incident is not there for Bo"
    );
    let bad = app
        .post(
            &bo,
            "/api/v1/me/subscriptions",
            json!({"target": "severity", "key": "SEV9", "channels": ["pigeon"]}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = bad.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["channels[0]", "severity"], "{}", bad.body);
    let bad = app
        .post(
            &bo,
            "/api/v1/me/subscriptions",
            json!({"target": "planet", "key": "x", "channels": []}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    let mine = app.get(&bo, "/api/v1/me/subscriptions").await.body;
    assert_eq!(mine.as_array().unwrap().len(), 3, "{mine}");
    assert_eq!(
        app.get(&ana, "/api/v1/me/subscriptions").await.body,
        json!([])
    );
    let id = tag.body["id"].as_i64().unwrap();
    assert_eq!(
        app.call(
            &ana,
            Method::DELETE,
            &format!("/api/v1/me/subscriptions/{id}"),
            None
        )
        .await
        .status,
        StatusCode::NOT_FOUND,
        "not Ana's"
    );
    assert_eq!(
        app.call(
            &bo,
            Method::DELETE,
            &format!("/api/v1/me/subscriptions/{id}"),
            None
        )
        .await
        .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.get(&bo, "/api/v1/me/subscriptions")
            .await
            .body
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

/// Runs the notification jobs waiting and returns who was emailed.
async fn emailed(app: &TestApp) -> Vec<String> {
    let until = jiff::Timestamp::now()
        .checked_add(jiff::SignedDuration::from_hours(1))
        .unwrap();
    let lease = jiff::SignedDuration::from_mins(5);
    for job in app.store.claim("t", until, lease, 100).await.unwrap() {
        if job.kind == "notify_subscribers" {
            app.store
                .notify_subscribers(
                    &serde_json::from_value(job.payload).unwrap(),
                    "https://g.example",
                )
                .await
                .unwrap();
        }
    }
    let mut to: Vec<String> = app
        .store
        .claim("t", until, lease, 100)
        .await
        .unwrap()
        .into_iter()
        .filter(|j| j.kind == "email")
        .map(|j| j.payload["to"].as_str().unwrap().to_string())
        .collect();
    to.sort();
    to
}

async fn teams_are_followed_and_admins_subscribe_whole_teams(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let root = app.user("Root", UserRole::Admin).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let bo = app.user("Bo", UserRole::Member).await;
    let team = app
        .post(
            &root,
            "/api/v1/teams",
            json!({"name": "Payments", "members": [{"user_id": ana.id}]}),
        )
        .await
        .body["id"]
        .as_i64()
        .unwrap();
    let svc = app
        .post(
            &root,
            "/api/v1/services",
            json!({"name": "Checkout API", "team_id": team}),
        )
        .await
        .body["id"]
        .as_i64()
        .unwrap();
    let path = format!("/api/v1/teams/{team}/subscriptions");

    // Admins subscribe the whole team; members may not, and teams follow no single incident.
    assert_eq!(
        app.post(&ana, &path, json!({"target": "severity", "key": "SEV1"}))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let one = app
        .post(&root, &path, json!({"target": "incident", "key": "INC-1"}))
        .await;
    assert_eq!(one.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", one.body);
    let sub = app
        .post(&root, &path, json!({"target": "severity", "key": "SEV1"}))
        .await;
    assert_eq!(sub.status, StatusCode::CREATED, "{}", sub.body);
    assert_eq!(
        app.get(&ana, &path).await.body.as_array().unwrap().len(),
        1,
        "everyone reads them"
    );
    app.declare(
        &root,
        json!({"title": "Everything is down", "severity": "SEV1"}),
    )
    .await;
    assert_eq!(
        emailed(&app).await,
        ["ana@example.com"],
        "the team's SEV1 subscription reaches its member, with no personal subscription anywhere"
    );
    // Bo follows the team himself: every incident affecting a service it owns.
    let mine = app
        .post(
            &bo,
            "/api/v1/me/subscriptions",
            json!({"target": "team", "key": team.to_string()}),
        )
        .await;
    assert_eq!(mine.status, StatusCode::CREATED, "{}", mine.body);
    assert_eq!(
        app.post(
            &bo,
            "/api/v1/me/subscriptions",
            json!({"target": "team", "key": "999"})
        )
        .await
        .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    app.declare(
        &root,
        json!({"title": "Checkout slow", "severity": "SEV3", "services": [svc]}),
    )
    .await;
    assert_eq!(
        emailed(&app).await,
        ["bo@example.com"],
        "Bo follows the team that owns the service"
    );

    // Whoever joins the team later hears of the next one.
    let joined = app
        .call(
            &root,
            Method::PUT,
            &format!("/api/v1/teams/{team}/members/{}", bo.id),
            Some(json!({})),
        )
        .await;
    assert!(joined.status.is_success(), "{}", joined.body);
    app.declare(&root, json!({"title": "Down again", "severity": "SEV1"}))
        .await;
    assert_eq!(emailed(&app).await, ["ana@example.com", "bo@example.com"]);

    let id = sub.body["id"].as_i64().unwrap();
    assert_eq!(
        app.call(&root, Method::DELETE, &format!("{path}/{id}"), None)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.call(&root, Method::DELETE, &format!("{path}/{id}"), None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

goldseam_testdb::on_both_databases!(
    teams_are_followed_and_admins_subscribe_whole_teams,
    anyone_who_sees_an_incident_can_follow_it,
    people_follow_severities_tags_and_incidents_by_their_channels
);
