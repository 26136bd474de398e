//! The rule every installation starts with, over HTTP on both databases: it names teams that do
//! not exist yet, the preview says so, creating the team makes the rule page it, and urgency and
//! awaited names are checked when a rule is saved.

mod common;

use common::TestApp;
use goldseam_core::UserRole;
use goldseam_testdb::TestDb;
use reqwest::{Method, StatusCode};
use serde_json::json;

async fn the_starter_rule_pages_security_once_a_team_of_that_name_exists(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let root = app.user("Root", UserRole::Admin).await;
    let ana = app.user("Ana", UserRole::Member).await;

    let rules = app.get(&ana, "/api/v1/response-rules").await.body;
    let starter = &rules[0];
    assert_eq!(starter["when"]["types"], json!(["security"]));
    assert_eq!(
        starter["then"]["awaiting_teams"],
        json!({"page": ["Security"], "inform": ["Legal", "PR"]})
    );
    assert_eq!(starter["then"]["make_private"], true);
    assert_eq!(starter["then"]["urgency"], "high");
    let id = starter["id"].as_i64().unwrap();

    let security = json!({"severity": "SEV2", "type": "security"});
    let p = app
        .post(&ana, "/api/v1/response-rules/preview", security.clone())
        .await;
    assert_eq!(p.status, StatusCode::OK, "{}", p.body);
    assert_eq!(p.body["private"], true);
    assert_eq!(p.body["page_teams"], json!([]));
    assert_eq!(p.body["awaiting_teams"], json!(["Legal", "PR", "Security"]));
    assert_eq!(p.body["urgency"], "high");

    let team = app
        .post(&root, "/api/v1/teams", json!({"name": "Security"}))
        .await;
    assert_eq!(team.status, StatusCode::CREATED, "{}", team.body);
    let p = app
        .post(&ana, "/api/v1/response-rules/preview", security)
        .await;
    assert_eq!(
        p.body["page_teams"],
        json!([{"id": team.body["id"], "name": "Security"}])
    );
    assert_eq!(p.body["awaiting_teams"], json!(["Legal", "PR"]));

    // Bad urgency and bad names are refused, each named, and change nothing.
    let path = format!("/api/v1/response-rules/{id}");
    let bad = app
        .call(
            &root,
            Method::PUT,
            &path,
            Some(json!({"name": "Security", "when": {"types": ["security"]},
                "then": {"make_private": true, "urgency": "urgent", "awaiting_teams": {"inform": ["", "PR"]}}})),
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> = bad.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        ["then.urgency", "then.awaiting_teams.inform[0]"],
        "{}",
        bad.body
    );
    let unchanged = app.get(&ana, "/api/v1/response-rules").await.body;
    assert_eq!(unchanged[0]["then"]["urgency"], "high");
    assert_eq!(unchanged[0]["then"]["page_teams"], json!([team.body["id"]]));

    // Saved with the names the editor sends back, at low urgency.
    let mut then = unchanged[0]["then"].clone();
    then["urgency"] = json!("low");
    let low = app
        .call(
            &root,
            Method::PUT,
            &path,
            Some(json!({"name": "Security", "when": {"types": ["security"]}, "then": then})),
        )
        .await;
    assert_eq!(low.status, StatusCode::OK, "{}", low.body);
    assert_eq!(low.body["then"]["urgency"], "low");
    assert_eq!(
        low.body["then"]["awaiting_teams"],
        json!({"page": [], "inform": ["Legal", "PR"]})
    );
    let p = app
        .post(
            &ana,
            "/api/v1/response-rules/preview",
            json!({"severity": "SEV2", "type": "security"}),
        )
        .await;
    assert_eq!(p.body["urgency"], "low");
}

goldseam_testdb::on_both_databases!(
    the_starter_rule_pages_security_once_a_team_of_that_name_exists
);
