//! What admins set for postmortems, over HTTP on both databases: the template of each incident
//! type and the factor taxonomy (admins only, every problem named with its field, nothing
//! half-written), and the status at which each severity opens its postmortem by itself (through
//! the delivery engine's job).

mod common;

use common::{problem_fields as fields, TestApp, TestUser};
use goldseam_core::UserRole;
use goldseam_testdb::TestDb;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

async fn templates_and_factors_are_for_admins_to_shape(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let root = app.user("Root", UserRole::Admin).await;
    let max = app.user("Max", UserRole::Member).await;
    let path = "/api/v1/postmortem-templates/security";
    let shown = app.get(&max, path).await;
    assert_eq!(
        (shown.status, shown.body["customized"].clone()),
        (StatusCode::OK, json!(false))
    );
    assert_eq!(shown.body["sections"].as_array().unwrap().len(), 9);
    assert_eq!(
        app.get(&max, "/api/v1/postmortem-templates/nope")
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let short = json!({"sections": [
        {"key": "summary", "title": "Summary", "help": "What happened"},
        {"key": "disclosure", "title": "Disclosure", "help": "Who we told, when"},
        {"key": "timeline", "title": "Timeline", "help": ""}
    ]});
    assert_eq!(
        app.call(&max, Method::PUT, path, Some(short.clone()))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let bad = json!({"sections": [{"key": "Bad Key", "title": "", "help": ""}, {"key": "summary", "title": "Summary", "help": ""}]});
    let refused = app.call(&root, Method::PUT, path, Some(bad)).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert!(
        fields(&refused.body).contains(&"sections[0].key".to_string()),
        "{}",
        refused.body
    );
    assert!(
        fields(&refused.body).contains(&"sections[0].title".to_string()),
        "{}",
        refused.body
    );
    assert_eq!(
        app.get(&max, path).await.body["customized"],
        false,
        "nothing half-written"
    );
    assert_eq!(
        app.call(&root, Method::PUT, path, Some(short)).await.status,
        StatusCode::OK
    );
    let r = app
        .declare(
            &max,
            json!({"title": "Phishing", "severity": "SEV2", "type": "security"}),
        )
        .await;
    let pm = app
        .post(
            &max,
            &format!("/api/v1/incidents/{r}/postmortem"),
            json!({}),
        )
        .await;
    let titles: Vec<&str> = pm.body["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles[1..], ["Summary", "Disclosure", "Timeline"]);

    let factors = app.get(&max, "/api/v1/postmortem-factor-categories").await;
    assert_eq!(factors.body["categories"].as_array().unwrap().len(), 8);
    let dup = json!({"categories": [{"key": "change", "name": "Change", "description": ""}, {"key": "change", "name": "Again", "description": ""}]});
    let refused = app
        .call(
            &root,
            Method::PUT,
            "/api/v1/postmortem-factor-categories",
            Some(dup),
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    let two = json!({"categories": [{"key": "change", "name": "Change", "description": "A deploy"}, {"key": "vendor", "name": "Vendor", "description": "Someone else's outage"}]});
    assert_eq!(
        app.call(
            &max,
            Method::PUT,
            "/api/v1/postmortem-factor-categories",
            Some(two.clone())
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.call(
            &root,
            Method::PUT,
            "/api/v1/postmortem-factor-categories",
            Some(two)
        )
        .await
        .status,
        StatusCode::OK
    );
    assert_eq!(
        app.get(&max, "/api/v1/postmortem-factor-categories")
            .await
            .body["categories"][1]["key"],
        "vendor"
    );
    app.shutdown().await;
}

/// Polls until the postmortem of `r` exists (opened by the delivery engine's job).
async fn opened_by_itself(app: &TestApp, user: &TestUser, r: &str) -> Value {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        let got = app
            .get(user, &format!("/api/v1/incidents/{r}/postmortem"))
            .await;
        if got.status == StatusCode::OK {
            return got.body;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the postmortem of {r} never opened"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

async fn serious_incidents_open_their_postmortem_at_the_status_their_severity_names(db: TestDb) {
    let config = goldseam_server::config::ServerConfig {
        delivery: goldseam_server::engine::EngineConfig {
            enabled: true,
            poll: std::time::Duration::from_millis(50),
            ..Default::default()
        },
        ..Default::default()
    };
    let app = TestApp::spawn_with(&db, config).await;
    let root = app.user("Root", UserRole::Admin).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let severities = app.get(&ana, "/api/v1/severities").await;
    let on: Vec<Value> = severities
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["postmortem_on"].clone())
        .collect();
    assert_eq!(
        on,
        [
            json!("resolved"),
            json!("resolved"),
            json!("resolved"),
            Value::Null,
            Value::Null
        ],
        "the defaults"
    );
    let sev3 = json!({"name": "Minor", "description": "Little impact.", "rank": 3, "postmortem_on": "closed"});
    let bad = app.call(&root, Method::PUT, "/api/v1/severities/SEV3", Some(json!({"name": "Minor", "description": "Little impact.", "rank": 3, "postmortem_on": "triage"}))).await;
    assert_eq!(
        (bad.status, fields(&bad.body)),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            vec!["postmortem_on".to_string()]
        )
    );
    assert_eq!(
        app.call(&root, Method::PUT, "/api/v1/severities/SEV3", Some(sev3))
            .await
            .status,
        StatusCode::OK
    );

    let minor = app
        .declare(&ana, json!({"title": "Slow search", "severity": "SEV3"}))
        .await;
    let major = app
        .declare(&ana, json!({"title": "Checkout down", "severity": "SEV1"}))
        .await;
    for r in [&minor, &major] {
        let done = app
            .patch(
                &ana,
                &format!("/api/v1/incidents/{r}"),
                json!({"status": "resolved"}),
            )
            .await;
        assert!(done.status.is_success(), "{}", done.body);
    }
    let pm = opened_by_itself(&app, &ana, &major).await;
    assert_eq!(pm["state"], "draft");
    let timeline = app
        .get(&ana, &format!("/api/v1/incidents/{major}/timeline"))
        .await;
    let opened: Vec<&Value> = timeline.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "postmortem_opened")
        .collect();
    assert_eq!(opened.len(), 1);
    assert_eq!(
        (
            opened[0]["data"]["automatic"].clone(),
            opened[0]["actor"].clone()
        ),
        (json!(true), Value::Null),
        "Goldseam opened it"
    );
    // Jobs run in the order they were queued: a minor incident's would have run by now.
    assert_eq!(
        app.get(&ana, &format!("/api/v1/incidents/{minor}/postmortem"))
            .await
            .status,
        StatusCode::NOT_FOUND,
        "SEV3 waits for closed"
    );
    app.patch(
        &ana,
        &format!("/api/v1/incidents/{minor}"),
        json!({"status": "closed"}),
    )
    .await;
    opened_by_itself(&app, &ana, &minor).await;
    app.shutdown().await;
}

goldseam_testdb::on_both_databases!(
    templates_and_factors_are_for_admins_to_shape,
    serious_incidents_open_their_postmortem_at_the_status_their_severity_names
);
