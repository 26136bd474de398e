//! Follow-ups filed in GitHub through a real server and its delivery engine, against the fake
//! GitHub, on both databases: one issue per follow-up even when the tracker drops the connection
//! after creating it, its signed webhook closing the issue marks the follow-up done (once,
//! however often it is delivered), a forged one changes nothing, and a tracker that hangs
//! leaves the follow-up unfiled with the failure in the dead letters.

mod common;

use common::{TestApp, TestUser};
use goldseam_core::{RetryPolicy, UserRole};
use goldseam_fakes::github::FakeGitHub;
use goldseam_fakes::{hub_signature, Mode};
use goldseam_integrations::trackers::{GitHub, GitHubConfig};
use goldseam_integrations::{Channels, Secret, Trackers};
use goldseam_server::engine::EngineConfig;
use goldseam_server::ServerConfig;
use goldseam_testdb::TestDb;
use jiff::SignedDuration;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

async fn spawn(db: &TestDb, fake: &FakeGitHub) -> TestApp {
    let trackers = Trackers {
        github: Some(GitHub::new(GitHubConfig {
            base_url: fake.base.clone(),
            owner: "acme".into(),
            repo: "api".into(),
            token: Secret::new("ghp_fake"),
            labels: vec!["follow-up".into()],
            timeout: Duration::from_secs(1),
        })),
        github_webhook_secret: Some(Secret::new("fake-webhook-secret")),
        ..Trackers::default()
    };
    let delivery = EngineConfig {
        enabled: true,
        poll: Duration::from_millis(50),
        timeout: Duration::from_secs(1),
        lease: SignedDuration::from_secs(5),
        retry: RetryPolicy {
            base: SignedDuration::from_millis(100),
            cap: SignedDuration::from_millis(200),
            max_attempts: 3,
        },
        channels: Channels {
            trackers,
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

async fn follow_up(app: &TestApp, ana: &TestUser, r: &str, title: &str) -> i64 {
    let due = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
        .tomorrow()
        .unwrap();
    let f = app
        .post(ana, &format!("/api/v1/incidents/{r}/follow-ups"), json!({"title": title, "owner_id": ana.id, "due_on": due.to_string(), "status": "committed"}))
        .await;
    assert_eq!(f.status, StatusCode::CREATED, "{:?}", f.body);
    f.body["id"].as_i64().unwrap()
}

/// Waits until the follow-up satisfies `ok`; returns it.
async fn until(app: &TestApp, ana: &TestUser, id: i64, ok: impl Fn(&Value) -> bool) -> Value {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let f = app.get(ana, &format!("/api/v1/follow-ups/{id}")).await.body;
        if ok(&f) {
            return f;
        }
        assert!(
            Instant::now() < deadline,
            "gave up waiting; the follow-up is {f}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn filed_once_and_closed_by_the_trackers_webhook(db: TestDb) {
    let fake = FakeGitHub::spawn().await;
    let app = spawn(&db, &fake).await;
    fake.set_webhook_url(Some(app.url("/api/v1/integrations/github")));
    let ana = app.user("Ana", UserRole::Member).await;
    let r = app
        .declare(&ana, json!({"title": "Checkout down", "severity": "SEV2"}))
        .await;
    let id = follow_up(&app, &ana, &r, "Alert on queue depth").await;

    assert_eq!(
        app.get(&ana, "/api/v1/trackers").await.body,
        json!({"trackers": ["github"]})
    );
    // Not a tracker set up here; then GitHub, whose first answer is lost after it created the issue.
    let jira = app
        .post(
            &ana,
            &format!("/api/v1/follow-ups/{id}/file"),
            json!({"tracker": "jira"}),
        )
        .await;
    assert_eq!(jira.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(jira.body["valid"], json!(["github"]));
    fake.set_mode(Mode::CreateThenDrop);
    let asked = app
        .post(
            &ana,
            &format!("/api/v1/follow-ups/{id}/file"),
            json!({"tracker": "github"}),
        )
        .await;
    assert_eq!(asked.status, StatusCode::ACCEPTED, "{:?}", asked.body);
    let filed = until(&app, &ana, id, |f| f["tracker"].is_object()).await;
    assert_eq!(
        fake.creates(&format!("goldseam-follow-up-{id}")),
        1,
        "one issue, though the first answer was lost"
    );
    let key = filed["tracker"]["key"].as_str().unwrap().to_string();
    assert_eq!(key, "acme/api#1");
    let again = app
        .post(
            &ana,
            &format!("/api/v1/follow-ups/{id}/file"),
            json!({"tracker": "github"}),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let issue = &fake.issues()[0];
    assert!(
        issue
            .body
            .contains(&format!("A follow-up of {r} (Checkout down)")),
        "{}",
        issue.body
    );

    // A forged delivery is refused and changes nothing.
    let body = json!({"action": "closed", "issue": {"number": 1, "state": "closed"}, "repository": {"full_name": "acme/api"}}).to_string();
    let forged = app
        .client
        .post(app.url("/api/v1/integrations/github"))
        .header("X-GitHub-Event", "issues")
        .header("X-GitHub-Delivery", "forged-1")
        .header(
            "X-Hub-Signature-256",
            hub_signature("not-the-secret", body.as_bytes()),
        )
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::UNAUTHORIZED);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        app.get(&ana, &format!("/api/v1/follow-ups/{id}"))
            .await
            .body["status"],
        "committed"
    );

    // Closed in GitHub: done. The same delivery again is a duplicate, applied once.
    fake.set_mode(Mode::Normal);
    let sent = fake.close(&key).await.unwrap();
    assert_eq!(sent.answered, Ok(200));
    until(&app, &ana, id, |f| f["status"] == "done").await;
    let redelivered = app
        .client
        .post(app.url("/api/v1/integrations/github"))
        .headers(sent.headers.clone())
        .body(sent.body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(redelivered.status(), StatusCode::OK);
    assert_eq!(
        redelivered.json::<Value>().await.unwrap()["outcome"],
        "duplicate"
    );
    fake.reopen(&key).await.unwrap();
    until(&app, &ana, id, |f| f["status"] == "in_progress").await;
    app.shutdown().await;
}

async fn a_hanging_tracker_leaves_the_follow_up_unfiled_and_a_dead_letter(db: TestDb) {
    let fake = FakeGitHub::spawn().await;
    fake.set_mode(Mode::Hang);
    let app = spawn(&db, &fake).await;
    let admin = app.user("Admin", UserRole::Admin).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let r = app
        .declare(&ana, json!({"title": "Search slow", "severity": "SEV3"}))
        .await;
    let id = follow_up(&app, &ana, &r, "Tune the index").await;
    let asked = app
        .post(
            &ana,
            &format!("/api/v1/follow-ups/{id}/file"),
            json!({"tracker": "github"}),
        )
        .await;
    assert_eq!(asked.status, StatusCode::ACCEPTED);
    let deadline = Instant::now() + Duration::from_secs(30);
    let dead = loop {
        let list = app.get(&admin, "/api/v1/admin/dead-letters").await.body;
        if let Some(d) = list["items"]
            .as_array()
            .and_then(|a| a.iter().find(|j| j["kind"] == "file_issue").cloned())
        {
            break d;
        }
        assert!(Instant::now() < deadline, "no dead letter yet: {list}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(
        dead["last_error"]
            .as_str()
            .unwrap()
            .contains("did not answer"),
        "{dead}"
    );
    let f = app
        .get(&ana, &format!("/api/v1/follow-ups/{id}"))
        .await
        .body;
    assert_eq!(
        (f["tracker"].clone(), f["status"].clone()),
        (Value::Null, json!("committed"))
    );
    // A private incident's follow-ups are never filed.
    let secret = app
        .declare(
            &ana,
            json!({"title": "Leak", "severity": "SEV1", "private": true}),
        )
        .await;
    let hidden = follow_up(&app, &ana, &secret, "Rotate keys").await;
    let refused = app
        .post(
            &ana,
            &format!("/api/v1/follow-ups/{hidden}/file"),
            json!({"tracker": "github"}),
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{:?}", refused.body);
    app.shutdown().await;
}

goldseam_testdb::on_both_databases!(
    filed_once_and_closed_by_the_trackers_webhook,
    a_hanging_tracker_leaves_the_follow_up_unfiled_and_a_dead_letter
);
