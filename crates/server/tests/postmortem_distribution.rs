//! Publishing a postmortem through a real server, its delivery engine and a real SMTP server
//! (aiosmtpd), on both databases: exactly one message per recipient in the rendering their
//! audience gets, List-Unsubscribe only where the reader may leave, the personal link opening
//! without sign-in and recording the open and the acknowledgement, the readers API agreeing, and
//! bad policies and forged links refused.

mod common;

use common::{problem_fields, reply, TestApp, TestUser};
use goldseam_core::{RetryPolicy, UserRole};
use goldseam_integrations::{Channels, Email, Secret, SmtpConfig};
use goldseam_server::engine::EngineConfig;
use goldseam_server::ServerConfig;
use goldseam_testdb::smtp::{Mail, SmtpServer};
use goldseam_testdb::TestDb;
use jiff::SignedDuration;
use reqwest::{Method, StatusCode};
use serde_json::json;
use std::time::Duration;

async fn spawn(db: &TestDb, smtp: &SmtpServer) -> TestApp {
    let email = Email::new(SmtpConfig {
        url: Secret::new(smtp.url()),
        from: "Goldseam <goldseam@example.com>".into(),
        timeout: Duration::from_secs(5),
    })
    .unwrap();
    let delivery = EngineConfig {
        enabled: true,
        poll: Duration::from_millis(50),
        lease: SignedDuration::from_secs(10),
        retry: RetryPolicy {
            base: SignedDuration::from_millis(100),
            cap: SignedDuration::from_millis(200),
            max_attempts: 3,
        },
        channels: Channels {
            email: Some(email),
            ..Channels::default()
        },
        public_url: "https://goldseam.test".into(),
        ..EngineConfig::default()
    };
    TestApp::spawn_with(
        db,
        ServerConfig {
            delivery,
            ..ServerConfig::default()
        },
    )
    .await
}

/// Declares a SEV1, resolves it and takes its postmortem through review to publication.
async fn publish(app: &TestApp, ana: &TestUser, rita: &TestUser) -> String {
    let r = app
        .declare(ana, json!({"title": "Checkout is down", "severity": "SEV1", "summary": "Card payments failed in the EU."}))
        .await;
    let resolved = app
        .patch(
            ana,
            &format!("/api/v1/incidents/{r}"),
            json!({"status": "resolved"}),
        )
        .await;
    assert_eq!(resolved.status, StatusCode::OK, "{}", resolved.body);
    let opened = app
        .post(ana, &format!("/api/v1/incidents/{r}/postmortem"), json!({}))
        .await;
    assert!(opened.status.is_success(), "{}", opened.body);
    let review = format!("/api/v1/incidents/{r}/postmortem/review");
    for (who, body) in [
        (
            ana,
            json!({"action": "request_review", "reviewers": [rita.id]}),
        ),
        (rita, json!({"action": "approve"})),
        (ana, json!({"action": "publish"})),
    ] {
        let moved = app.post(who, &review, body).await;
        assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
    }
    r
}

async fn put(app: &TestApp, user: &TestUser, body: serde_json::Value) -> common::Reply {
    app.call(
        user,
        Method::PUT,
        "/api/v1/postmortem-distribution",
        Some(body),
    )
    .await
}

fn to<'a>(mails: &'a [Mail], address: &str) -> &'a Mail {
    let found: Vec<&Mail> = mails.iter().filter(|m| m.to == address).collect();
    assert_eq!(found.len(), 1, "exactly one message to {address}");
    found[0]
}

fn token(mail: &Mail) -> String {
    let at = mail.text.find("/read/").expect("a personal link") + "/read/".len();
    mail.text[at..]
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}

async fn publishing_reaches_each_recipient_once_and_the_link_records_reading(db: TestDb) {
    let smtp = SmtpServer::start();
    let app = spawn(&db, &smtp).await;
    let root = app.user("root", UserRole::Admin).await;
    let ana = app.user("ana", UserRole::Member).await;
    let rita = app.user("rita", UserRole::Member).await;
    let bo = app.user("bo", UserRole::Member).await;
    app.user("vi", UserRole::Viewer).await;

    // A bad policy: every problem named, nothing saved.
    let bad = put(&app, &root, json!({"participants_required": true, "reminder_days": 0, "rules": [{"name": "Company", "audiences": [
        {"kind": "everyone", "rendering": "summary"},
        {"kind": "mailing_list", "address": "not an address", "rendering": "full"}]}]})).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert_eq!(
        problem_fields(&bad.body),
        ["reminder_days", "rules[0].audiences[1].address"]
    );
    let policy = json!({"participants_required": true, "reminder_days": 3, "rules": [{"name": "Company", "audiences": [
        {"kind": "everyone", "rendering": "summary", "required": false},
        {"kind": "mailing_list", "address": "eng@example.com", "rendering": "full", "required": false}]}]});
    assert_eq!(
        put(&app, &bo, policy.clone()).await.status,
        StatusCode::FORBIDDEN
    );
    let saved = put(&app, &root, policy).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert_eq!(saved.body["customized"], true);

    let r = publish(&app, &ana, &rita).await;
    // Everyone (root, ana, rita, bo, vi) and the list: six messages, and no seventh.
    let arrived = smtp.wait_for(6, Duration::from_secs(30)).await;
    assert_eq!(arrived, 6);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mails = smtp.messages();
    assert_eq!(
        mails.len(),
        6,
        "{:?}",
        mails.iter().map(|m| &m.to).collect::<Vec<_>>()
    );

    // Participants read the whole document and must read it; the company reads the summary.
    let full = to(&mails, "ana@example.com");
    assert!(
        full.subject
            .starts_with(&format!("[Postmortem] {r} Checkout is down")),
        "{}",
        full.subject
    );
    assert!(
        full.html.contains("<h2>Timeline</h2>") && full.text.contains("## Timeline"),
        "{}",
        full.text
    );
    assert_eq!(full.list_unsubscribe, None);
    let summary = to(&mails, "bo@example.com");
    assert!(summary.subject.starts_with("[Postmortem summary] "));
    assert!(
        summary.html.contains("<h2>Summary</h2>") && !summary.html.contains("<h2>Timeline</h2>"),
        "{}",
        summary.html
    );
    let leave = summary.list_unsubscribe.as_deref().expect("bo may leave");
    assert!(
        leave.starts_with("<https://goldseam.test/api/v1/read/r")
            && leave.ends_with("/unsubscribe>")
    );
    let list = to(&mails, "eng@example.com");
    assert!(list.html.contains("<h2>Timeline</h2>"));
    assert_eq!(list.list_unsubscribe, None);

    // The link opens without signing in, and the open is recorded.
    let bo_token = token(summary);
    let open = reply(
        app.client
            .get(app.url(&format!("/api/v1/read/{bo_token}")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(open.status, StatusCode::OK, "{}", open.body);
    assert_eq!(open.body["rendering"], "summary");
    assert_eq!(open.body["reader"]["name"], "bo");
    assert_eq!(open.body["incident"]["reference"], r.as_str());
    assert_eq!(open.body["full_link"], format!("/incidents/{r}/postmortem"));
    let readers = format!("/api/v1/incidents/{r}/postmortem/readers");
    let list_of = |body: &serde_json::Value, name: &str| {
        body["readers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["name"] == name)
            .cloned()
            .unwrap()
    };
    let seen = app.get(&root, &readers).await;
    assert_eq!(seen.status, StatusCode::OK, "{}", seen.body);
    assert_eq!(list_of(&seen.body, "bo")["status"], "opened");
    assert_eq!(list_of(&seen.body, "ana")["status"], "pending");
    assert_eq!(list_of(&seen.body, "eng@example.com")["status"], "sent");
    assert_eq!(seen.body["counts"]["people"], 5);
    assert_eq!(seen.body["counts"]["channels"], 1);
    assert_eq!(seen.body["version"], 1);

    let ack = reply(
        app.client
            .post(app.url(&format!("/api/v1/read/{bo_token}/acknowledge")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(ack.status, StatusCode::OK, "{}", ack.body);
    assert!(ack.body["reader"]["acknowledged_at"].is_string());
    let acked = app
        .get(&root, &format!("{readers}?status=acknowledged"))
        .await;
    assert_eq!(acked.body["readers"].as_array().unwrap().len(), 1);
    assert_eq!(acked.body["readers"][0]["name"], "bo");
    assert_eq!(acked.body["counts"]["acknowledged"], 1);

    // Who read it is not for everyone; a forged link opens nothing; bad filters are named.
    assert_eq!(app.get(&bo, &readers).await.status, StatusCode::FORBIDDEN);
    let forged = reply(
        app.client
            .get(app.url("/api/v1/read/r1.00000000000000000000000000000000"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(forged.status, StatusCode::NOT_FOUND);
    let filter = app.get(&root, &format!("{readers}?status=read")).await;
    assert_eq!(problem_fields(&filter.body), ["status"]);

    // One-click unsubscribe, as a mail client sends it.
    let left = app
        .client
        .post(app.url(&format!("/api/v1/read/{bo_token}/unsubscribe")))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    let left = reply(left).await;
    assert_eq!(
        (left.status, left.body["unsubscribed"].as_bool()),
        (StatusCode::OK, Some(true))
    );
    app.shutdown().await;
}

goldseam_testdb::on_both_databases!(
    publishing_reaches_each_recipient_once_and_the_link_records_reading
);
