//! An open live stream does not outlive its access: revoking the token, signing out, a
//! deactivation, a change of role or losing sight of a private incident ends it with a
//! `revoked` event within a few seconds, on every instance (the re-check reads the shared
//! database). Runs on both databases; the two-instance case on PostgreSQL.

mod common;

use common::{SseReader, TestApp, TestUser};
use goldseam_core::UserRole;
use goldseam_server::ServerConfig;
use goldseam_testdb::{Kind, TestDb};
use reqwest::{Method, StatusCode};
use serde_json::json;
use std::time::{Duration, Instant};

/// Generous: the re-check runs every 200 ms here, but a busy machine may be slow.
const WITHIN: Duration = Duration::from_secs(10);

fn quick_recheck() -> ServerConfig {
    ServerConfig {
        stream_recheck: Duration::from_millis(200),
        ..Default::default()
    }
}

/// Waits for the stream's `revoked` event, then for its end; returns the reason.
async fn revoked(stream: &mut SseReader) -> String {
    let started = Instant::now();
    let msg = stream
        .next(WITHIN)
        .await
        .expect("a revoked event before the stream ends");
    assert_eq!(msg.event.as_deref(), Some("revoked"), "{msg:?}");
    assert!(
        stream.next(WITHIN).await.is_none(),
        "the stream ends after it"
    );
    assert!(started.elapsed() < WITHIN);
    msg.json()["reason"].as_str().unwrap().to_string()
}

async fn token_id(app: &TestApp, user: &TestUser) -> i64 {
    app.get(user, "/api/v1/me/tokens").await.body[0]["id"]
        .as_i64()
        .unwrap()
}

async fn revoked_access_closes_open_streams(db: TestDb) {
    let app = TestApp::spawn_with(&db, quick_recheck()).await;
    let root = app.user("Root", UserRole::Admin).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let bo = app.user("Bo", UserRole::Member).await;
    let cy = app.user("Cy", UserRole::Admin).await;

    // Ana revokes the token her stream was opened with.
    let mut ana_stream = app.stream(&ana, "/api/v1/events", None).await;
    let id = token_id(&app, &ana).await;
    let r = app
        .call(
            &ana,
            Method::DELETE,
            &format!("/api/v1/me/tokens/{id}"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        revoked(&mut ana_stream).await,
        "your sign-in is no longer valid"
    );

    // Bo is deactivated by an admin.
    let mut bo_stream = app.stream(&bo, "/api/v1/events", None).await;
    let r = app
        .patch(
            &root,
            &format!("/api/v1/users/{}", bo.id),
            json!({"active": false}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        revoked(&mut bo_stream).await,
        "your sign-in is no longer valid"
    );

    // Cy, an admin, follows a private incident she takes no part in, then is made a member:
    // both her streams end (the incident's with the role change, as the other).
    let leak = app
        .declare(
            &root,
            json!({"title": "Leak", "severity": "SEV1", "private": true}),
        )
        .await;
    let mut cy_room = app
        .stream(&cy, &format!("/api/v1/incidents/{leak}/events"), None)
        .await;
    let mut cy_all = app.stream(&cy, "/api/v1/events", None).await;
    let r = app
        .patch(
            &root,
            &format!("/api/v1/users/{}", cy.id),
            json!({"role": "member"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(revoked(&mut cy_room).await, "your role changed; reconnect");
    assert_eq!(revoked(&mut cy_all).await, "your role changed; reconnect");
    let again = app
        .client
        .get(app.url(&format!("/api/v1/incidents/{leak}/events")))
        .bearer_auth(&cy.token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        again.status(),
        StatusCode::NOT_FOUND,
        "and cannot reopen it"
    );

    // The admin who still may see everything keeps streaming.
    let mut root_stream = app.stream(&root, "/api/v1/events", None).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    app.post(
        &root,
        &format!("/api/v1/incidents/{leak}/comments"),
        json!({"body": "still here"}),
    )
    .await;
    let m = root_stream.next(WITHIN).await.expect("an event");
    assert_eq!(m.event, None, "{m:?}");
    assert_eq!(m.json()["data"]["body"], "still here");
}

async fn signing_out_closes_the_sessions_streams(db: TestDb) {
    let app = TestApp::spawn_with(&db, quick_recheck()).await;
    app.user("Ana", UserRole::Member).await;
    let login = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"email": "ana@example.com", "password": "correct horse battery"}))
        .send()
        .await
        .unwrap();
    let cookie = login.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let res = app
        .client
        .get(app.url("/api/v1/events"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let mut stream = SseReader::from_response(res);
    let out = app
        .client
        .post(app.url("/api/v1/auth/logout"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        revoked(&mut stream).await,
        "your sign-in is no longer valid"
    );
}

goldseam_testdb::on_both_databases!(
    revoked_access_closes_open_streams,
    signing_out_closes_the_sessions_streams,
);

/// Two instances on one PostgreSQL database: the deactivation goes through one, the stream is
/// open on the other.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deactivation_on_one_instance_closes_streams_on_another() {
    let db = TestDb::new(Kind::Postgres).await;
    let a = TestApp::spawn_with(&db, quick_recheck()).await;
    let b = TestApp::spawn_with(&db, quick_recheck()).await;
    let root = a.user("Root", UserRole::Admin).await;
    let ana = a.user("Ana", UserRole::Member).await;
    let mut on_b = b.stream(&ana, "/api/v1/events", None).await;
    let r = a
        .patch(
            &root,
            &format!("/api/v1/users/{}", ana.id),
            json!({"active": false}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(revoked(&mut on_b).await, "your sign-in is no longer valid");
}
