//! Escalation policies, response rules and the preview over HTTP, on both databases.

mod common;

use common::TestApp;
use goldseam_core::UserRole;
use goldseam_testdb::TestDb;
use reqwest::{Method, StatusCode};
use serde_json::json;

async fn admins_shape_escalation_policies_and_bad_ones_are_explained(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let root = app.user("Root", UserRole::Admin).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let bo = app.user("Bo", UserRole::Member).await;
    let body = json!({
        "name": "Payments",
        "levels": [
            {"delay_minutes": 0, "targets": [{"type": "user", "id": ana.id}]},
            {"delay_minutes": 5, "targets": [{"type": "user", "id": bo.id}]}
        ],
        "repeat": 2,
        "repeat_after_minutes": 15
    });
    assert_eq!(
        app.post(&ana, "/api/v1/escalation-policies", body.clone())
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let r = app
        .post(&root, "/api/v1/escalation-policies", body.clone())
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.body["id"].as_i64().unwrap();
    assert_eq!(
        r.body["levels"][1]["targets"][0],
        json!({"type": "user", "id": bo.id, "name": "Bo"})
    );
    assert_eq!(r.body["repeat_after_minutes"], 15);
    // Everyone reads them.
    let listed = app.get(&ana, "/api/v1/escalation-policies").await;
    assert_eq!(listed.body.as_array().unwrap().len(), 1);

    let dup = app
        .post(&root, "/api/v1/escalation-policies", body.clone())
        .await;
    assert_eq!(dup.status, StatusCode::CONFLICT, "{}", dup.body);

    let bad = app
        .post(
            &root,
            "/api/v1/escalation-policies",
            json!({
                "name": "",
                "levels": [
                    {"delay_minutes": 0, "targets": [{"type": "robot", "id": 1}, {"type": "user", "id": 999}]},
                    {"delay_minutes": 0, "targets": []}
                ],
                "repeat": 20
            }),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    let fields: Vec<&str> = bad.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    for f in [
        "name",
        "levels[0].targets[0].type",
        "levels[0].targets[1].id",
        "levels[1].delay_minutes",
        "levels[1].targets",
        "repeat",
    ] {
        assert!(fields.contains(&f), "{f} missing from {fields:?}");
    }

    // A hand-over loop is refused and changes nothing.
    let other = app
        .post(&root, "/api/v1/escalation-policies", json!({"name": "Platform", "levels": [{"delay_minutes": 0, "targets": [{"type": "policy", "id": id}]}]}))
        .await;
    assert_eq!(other.status, StatusCode::CREATED, "{}", other.body);
    let other_id = other.body["id"].as_i64().unwrap();
    let looped = app
        .call(&root, Method::PUT, &format!("/api/v1/escalation-policies/{id}"), Some(json!({"name": "Payments", "levels": [{"delay_minutes": 0, "targets": [{"type": "policy", "id": other_id}]}]})))
        .await;
    assert_eq!(looped.status, StatusCode::CONFLICT, "{}", looped.body);
    assert!(looped.body["detail"]
        .as_str()
        .unwrap()
        .contains("Payments → Platform → Payments"));
    assert_eq!(
        app.get(&ana, &format!("/api/v1/escalation-policies/{id}"))
            .await
            .body["levels"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    let busy = app
        .call(
            &root,
            Method::DELETE,
            &format!("/api/v1/escalation-policies/{id}"),
            None,
        )
        .await;
    assert_eq!(busy.status, StatusCode::CONFLICT);
    assert_eq!(
        app.call(
            &root,
            Method::DELETE,
            &format!("/api/v1/escalation-policies/{other_id}"),
            None
        )
        .await
        .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.call(
            &root,
            Method::DELETE,
            &format!("/api/v1/escalation-policies/{id}"),
            None
        )
        .await
        .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.get(&ana, &format!("/api/v1/escalation-policies/{id}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

async fn rules_decide_what_a_declaration_would_do(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let root = app.user("Root", UserRole::Admin).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let lee = app.user("Lee", UserRole::Member).await;
    let rule = json!({
        "name": "Serious payments incidents",
        "when": {"min_severity": "SEV1", "tags": ["#Payments"]},
        "then": {"responders": [ana.id], "inform_users": [lee.id]}
    });
    let r = app.post(&root, "/api/v1/response-rules", rule).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.body["when"]["tags"], json!(["payments"]));
    let secret = app.post(&root, "/api/v1/response-rules", json!({"name": "Security is private", "when": {"types": ["security"]}, "then": {"make_private": true}})).await;
    assert_eq!(secret.status, StatusCode::CREATED, "{}", secret.body);

    let preview = |body: serde_json::Value| {
        let app = &app;
        let ana = &ana;
        async move { app.post(ana, "/api/v1/response-rules/preview", body).await }
    };
    let p = preview(json!({"severity": "SEV0", "tags": ["payments", "eu"]})).await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.body);
    assert_eq!(
        p.body["matched_rules"],
        json!([{"id": r.body["id"], "name": "Serious payments incidents"}])
    );
    assert_eq!(p.body["responders"], json!([{"id": ana.id, "name": "Ana"}]));
    assert_eq!(
        p.body["inform_users"],
        json!([{"id": lee.id, "name": "Lee"}])
    );
    assert_eq!(p.body["private"], false);
    let p = preview(json!({"severity": "SEV2", "tags": ["payments"]})).await;
    assert_eq!(p.body["matched_rules"], json!([]), "SEV2 is below SEV1");
    let p = preview(json!({"severity": "SEV3", "type": "security"})).await;
    assert_eq!(p.body["private"], true);

    let bad = preview(json!({"severity": "SEV9", "type": "nope", "tags": ["#"]})).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        bad.body["errors"].as_array().unwrap().len(),
        3,
        "{}",
        bad.body
    );

    let bad_rule = app
        .post(&root, "/api/v1/response-rules", json!({"name": "x", "when": {"types": ["nope"], "min_severity": "SEV9"}, "then": {"responders": [999]}}))
        .await;
    assert_eq!(bad_rule.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = bad_rule.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        ["when.types[0]", "when.min_severity", "then.responders[0]"]
    );
    let nothing = app
        .post(
            &root,
            "/api/v1/response-rules",
            json!({"name": "Does nothing"}),
        )
        .await;
    assert_eq!(nothing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.post(
            &ana,
            "/api/v1/response-rules",
            json!({"name": "x", "then": {"make_private": true}})
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    let listed = app.get(&ana, "/api/v1/response-rules").await.body;
    assert_eq!(
        listed.as_array().unwrap().len(),
        3,
        "refusals saved nothing (the starter rule and the two above): {listed}"
    );

    let id = r.body["id"].as_i64().unwrap();
    let off = app
        .call(&root, Method::PUT, &format!("/api/v1/response-rules/{id}"), Some(json!({"name": "Serious payments incidents", "enabled": false, "then": {"responders": [ana.id]}})))
        .await;
    assert_eq!(off.status, StatusCode::OK, "{}", off.body);
    assert_eq!(
        preview(json!({"severity": "SEV0", "tags": ["payments"]}))
            .await
            .body["matched_rules"],
        json!([])
    );
    assert_eq!(
        app.call(
            &root,
            Method::DELETE,
            &format!("/api/v1/response-rules/{id}"),
            None
        )
        .await
        .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.call(
            &root,
            Method::DELETE,
            &format!("/api/v1/response-rules/{id}"),
            None
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
}

async fn services_on_incidents_drive_rules_and_subscriptions(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let root = app.user("Root", UserRole::Admin).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let bo = app.user("Bo", UserRole::Member).await;
    let (_, svc) = app
        .team_with_service(&root, "Payments", &[&ana], "Checkout API")
        .await;

    // Unknown services are refused with the offending entry named, and nothing is declared.
    let bad = app
        .post(
            &root,
            "/api/v1/incidents",
            json!({"title": "x", "severity": "SEV2", "services": [svc, 999]}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.body["errors"][0]["field"], "services[1]");
    assert_eq!(
        app.get(&root, "/api/v1/incidents").await.body["items"],
        json!([])
    );

    let rule = app.post(&root, "/api/v1/response-rules", json!({"name": "Checkout pulls in Ana", "when": {"services": [svc]}, "then": {"responders": [ana.id]}})).await;
    assert_eq!(rule.status, StatusCode::CREATED, "{}", rule.body);
    let sub = app
        .post(
            &bo,
            "/api/v1/me/subscriptions",
            json!({"target": "service", "key": svc.to_string()}),
        )
        .await;
    assert_eq!(sub.status, StatusCode::CREATED, "{}", sub.body);
    let nosub = app
        .post(
            &bo,
            "/api/v1/me/subscriptions",
            json!({"target": "service", "key": "999"}),
        )
        .await;
    assert_eq!(nosub.status, StatusCode::UNPROCESSABLE_ENTITY);

    let r = app
        .post(
            &root,
            "/api/v1/incidents",
            json!({"title": "Checkout 502s", "severity": "SEV2", "services": [svc, svc]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.body["services"], json!([svc]));
    let reference = r.body["reference"].as_str().unwrap().to_string();
    let id = r.body["id"].as_i64().unwrap();
    // The response (run here by hand: this test server has no delivery engine) matches on it.
    app.store
        .respond(goldseam_core::IncidentId::from_db(id), "https://g.example")
        .await
        .unwrap();
    let after = app
        .get(&root, &format!("/api/v1/incidents/{reference}"))
        .await
        .body;
    assert_eq!(
        after["roles"][0],
        json!({"role": "responder", "user": {"id": ana.id, "name": "Ana", "email": "ana@example.com"}})
    );
    // Bo hears of it because he follows the service.
    let notify = app
        .store
        .claim(
            "t",
            jiff::Timestamp::now()
                .checked_add(jiff::SignedDuration::from_hours(1))
                .unwrap(),
            jiff::SignedDuration::from_mins(5),
            100,
        )
        .await
        .unwrap();
    let job = notify
        .iter()
        .find(|j| j.kind == "notify_subscribers")
        .expect("a notification job was written with the declaration");
    app.store
        .notify_subscribers(
            &serde_json::from_value(job.payload.clone()).unwrap(),
            "https://g.example",
        )
        .await
        .unwrap();
    let sent = app
        .store
        .claim(
            "t",
            jiff::Timestamp::now()
                .checked_add(jiff::SignedDuration::from_hours(1))
                .unwrap(),
            jiff::SignedDuration::from_mins(5),
            100,
        )
        .await
        .unwrap();
    assert!(
        sent.iter()
            .any(|j| j.kind == "email" && j.payload["to"] == "bo@example.com"),
        "{sent:?}"
    );

    // Services are added and removed like tags, as events.
    let removed = app
        .call(
            &root,
            Method::DELETE,
            &format!("/api/v1/incidents/{reference}/services/{svc}"),
            None,
        )
        .await;
    assert_eq!(removed.status, StatusCode::OK, "{}", removed.body);
    assert_eq!(removed.body["incident"]["services"], json!([]));
    let again = app
        .call(
            &root,
            Method::DELETE,
            &format!("/api/v1/incidents/{reference}/services/{svc}"),
            None,
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let added = app
        .post(
            &root,
            &format!("/api/v1/incidents/{reference}/services"),
            json!({"service_id": svc}),
        )
        .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
    assert_eq!(added.body["events"][0]["kind"], "service_added");
    let unknown = app
        .post(
            &root,
            &format!("/api/v1/incidents/{reference}/services"),
            json!({"service_id": 999}),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
}

goldseam_testdb::on_both_databases!(
    services_on_incidents_drive_rules_and_subscriptions,
    admins_shape_escalation_policies_and_bad_ones_are_explained,
    rules_decide_what_a_declaration_would_do
);
