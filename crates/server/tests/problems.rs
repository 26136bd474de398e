//! Errors that axum or a parser produce before a handler runs are problem+json like the rest,
//! with a detail that says what to fix. Runs on both databases.

mod common;

use common::{reply, Reply, TestApp};
use goldseam_core::UserRole;
use goldseam_server::ServerConfig;
use goldseam_testdb::TestDb;
use reqwest::StatusCode;
use serde_json::json;

fn assert_problem(r: &Reply, status: StatusCode, case: &str) -> String {
    assert_eq!(r.status, status, "{case}: {}", r.body);
    assert_eq!(
        r.headers["content-type"], "application/problem+json",
        "{case}"
    );
    assert_eq!(r.body["status"], status.as_u16(), "{case}");
    r.body["detail"].as_str().unwrap_or_default().to_string()
}

async fn path_segments_that_are_not_utf8_are_named(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let ana = app.user("Ana", UserRole::Admin).await;
    let incident = app
        .declare(&ana, json!({"title": "Disk full", "severity": "SEV2"}))
        .await;
    // %FF and %C3%28 decode to bytes that are not UTF-8; axum used to answer them in plain text.
    for (path, field) in [
        ("/api/v1/incidents/%FF".to_string(), "ref"),
        ("/api/v1/incidents/INC-%C3%28/timeline".to_string(), "ref"),
        ("/api/v1/incidents/%FF/events".to_string(), "ref"),
        (format!("/api/v1/incidents/{incident}/tags/%FF"), "tag"),
        ("/api/v1/teams/%FE".to_string(), "id"),
        ("/api/v1/severities/%80".to_string(), "key"),
    ] {
        let method = if path.contains("/tags/") {
            reqwest::Method::DELETE
        } else if path.contains("/severities/") {
            reqwest::Method::PUT
        } else {
            reqwest::Method::GET
        };
        let r = app
            .call(&ana, method, &path, Some(json!({"name": "x"})))
            .await;
        let detail = assert_problem(&r, StatusCode::BAD_REQUEST, &path);
        assert!(
            detail.contains(&format!("`{field}`")) && detail.contains("UTF-8"),
            "{path}: {detail}"
        );
        assert_eq!(r.body["errors"][0]["field"], field, "{path}");
    }
    // A well-formed multi-byte segment is read as text, and refused only as a reference.
    let r = app.get(&ana, "/api/v1/incidents/abc%C3%9F").await;
    assert_problem(&r, StatusCode::UNPROCESSABLE_ENTITY, "abcß");
}

async fn a_time_past_the_last_one_is_refused_for_what_it_is(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let ana = app.user("Ana", UserRole::Member).await;
    // `at` is read before the schedule is looked up, so any id will do.
    let r = app
        .get(&ana, "/api/v1/schedules/1/on-call?at=9999-12-31T00:00:00Z")
        .await;
    let detail = assert_problem(&r, StatusCode::UNPROCESSABLE_ENTITY, "year 9999");
    assert!(!detail.contains("RFC 3339"), "it is RFC 3339: {detail}");
    assert!(
        detail.contains("at: is later than the latest time Goldseam handles, 9999-12-30T22:00:00Z"),
        "{detail}"
    );
    let r = app
        .get(&ana, "/api/v1/schedules/1/on-call?at=next%20tuesday")
        .await;
    let detail = assert_problem(&r, StatusCode::UNPROCESSABLE_ENTITY, "not a time");
    assert!(detail.contains("RFC 3339"), "{detail}");
}

async fn bodies_over_the_limit_are_problems_everywhere(db: TestDb) {
    let config = ServerConfig {
        max_body_bytes: 64,
        ..ServerConfig::default()
    };
    let app = TestApp::spawn_with(&db, config).await;
    // Twilio's callbacks read the raw form body: over the limit used to be axum's plain text.
    let r = reply(
        app.client
            .post(app.url("/api/v1/integrations/twilio/sms"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("Body={}", "1".repeat(500)))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let detail = assert_problem(&r, StatusCode::PAYLOAD_TOO_LARGE, "twilio");
    assert!(
        detail.contains("larger than this server accepts"),
        "{detail}"
    );
}

async fn readiness_failures_and_unknown_methods_are_problems(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let r = app
        .call(&ana, reqwest::Method::PUT, "/api/v1/incidents", None)
        .await;
    assert_problem(&r, StatusCode::METHOD_NOT_ALLOWED, "PUT on a list");
    let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
    // Once the database is gone, readiness says so as a problem with Retry-After.
    app.store.close().await;
    let r = reply(app.client.get(app.url("/readyz")).send().await.unwrap()).await;
    assert_problem(&r, StatusCode::SERVICE_UNAVAILABLE, "closed database");
    assert!(r.headers.contains_key("retry-after"), "{:?}", r.headers);
}

/// Twilio's callbacks require its signature: a request without one is refused for that, with
/// 403, even on a server where Twilio is not configured (where a signed one finds nothing).
async fn twilio_callbacks_without_a_signature_are_refused_first(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    for path in [
        "/api/v1/integrations/twilio/sms",
        "/api/v1/integrations/twilio/gather?delivery=x",
        "/api/v1/integrations/twilio/status?delivery=x",
    ] {
        let res = app
            .client
            .post(app.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("Body=1")
            .send()
            .await
            .unwrap();
        let r = reply(res).await;
        assert_problem(&r, StatusCode::FORBIDDEN, path);
        let signed = app
            .client
            .post(app.url(path))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("x-twilio-signature", "c2lnbmF0dXJl")
            .body("Body=1")
            .send()
            .await
            .unwrap();
        assert_problem(&reply(signed).await, StatusCode::NOT_FOUND, path);
    }
}

goldseam_testdb::on_both_databases!(
    twilio_callbacks_without_a_signature_are_refused_first,
    path_segments_that_are_not_utf8_are_named,
    a_time_past_the_last_one_is_refused_for_what_it_is,
    bodies_over_the_limit_are_problems_everywhere,
    readiness_failures_and_unknown_methods_are_problems,
);
