//! Multi-byte characters where the parsers expect ASCII: each request that once panicked its
//! handler (an empty reply, a backtrace in the log) now gets a problem+json 422 naming the
//! field, from a viewer as from anyone, and the server keeps answering. Runs on both databases.

mod common;

use common::{Reply, TestApp};
use goldseam_core::UserRole;
use goldseam_testdb::TestDb;
use reqwest::StatusCode;
use serde_json::json;

fn assert_refused(r: &Reply, field: &str, case: &str) {
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{case}: {}",
        r.body
    );
    assert_eq!(
        r.headers["content-type"], "application/problem+json",
        "{case}"
    );
    assert_eq!(r.body["errors"][0]["field"], field, "{case}: {}", r.body);
}

async fn multibyte_references_and_urls_are_refused_not_panicked_on(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let viewer = app.user("Vi", UserRole::Viewer).await;
    let ana = app.user("Ana", UserRole::Member).await;

    // `ß` is two bytes: slicing the first four bytes of "abcß" cut it in half.
    for path in [
        "/api/v1/incidents/abc%C3%9F",
        "/api/v1/incidents/INC%C3%9F",
        "/api/v1/incidents/%C3%9F%C3%9F",
        "/api/v1/incidents/abc%C3%9F/timeline",
    ] {
        assert_refused(&app.get(&viewer, path).await, "ref", path);
    }
    let r = app
        .post(
            &viewer,
            "/api/v1/me/subscriptions",
            json!({"target": "incident", "key": "abcß"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);

    // The webhook URL check sliced "https://".len() bytes the same way.
    let r = app
        .post(
            &ana,
            "/api/v1/me/contact-methods",
            json!({"kind": "webhook", "address": "abcdefgß/hook"}),
        )
        .await;
    assert_refused(&r, "address", "webhook URL");

    let still = app.get(&viewer, "/api/v1/incidents").await;
    assert_eq!(still.status, StatusCode::OK, "the server keeps answering");
}

goldseam_testdb::on_both_databases!(multibyte_references_and_urls_are_refused_not_panicked_on);
