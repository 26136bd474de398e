//! The generic follow-up webhook through a real server and its delivery engine, on both
//! databases: adding and changing a follow-up POSTs each event, signed, to the configured URL
//! (the local fake receiver), with the follow-up as it stands and what changed; a private
//! incident's follow-ups never leave.

mod common;

use common::{TestApp, TestUser};
use goldseam_core::{RetryPolicy, UserRole};
use goldseam_integrations::fake::FakeProvider;
use goldseam_integrations::webhook::verify;
use goldseam_integrations::{Channels, Secret, Trackers, Webhook, WebhookConfig};
use goldseam_server::engine::EngineConfig;
use goldseam_server::ServerConfig;
use goldseam_testdb::TestDb;
use jiff::SignedDuration;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const SECRET: &str = "hook-secret";

async fn spawn(db: &TestDb, fake: &FakeProvider) -> TestApp {
    let delivery = EngineConfig {
        enabled: true,
        poll: Duration::from_millis(50),
        timeout: Duration::from_secs(2),
        lease: SignedDuration::from_secs(5),
        retry: RetryPolicy {
            base: SignedDuration::from_millis(100),
            cap: SignedDuration::from_millis(200),
            max_attempts: 3,
        },
        channels: Channels {
            webhook: Webhook::new(WebhookConfig {
                secret: Some(Secret::new(SECRET)),
                timeout: Duration::from_secs(2),
            }),
            trackers: Trackers {
                follow_up_webhook: Some(format!("{}/hook/follow-ups", fake.base)),
                ..Trackers::default()
            },
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

/// The bodies received so far, waiting until `n` arrived (or 15 s passed).
async fn bodies(fake: &FakeProvider, n: usize) -> Vec<Value> {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let got: Vec<Value> = fake
            .received()
            .into_iter()
            .filter(|r| r.channel == "webhook")
            .map(|r| {
                let header = r
                    .headers
                    .get("goldseam-signature")
                    .expect("signed")
                    .to_str()
                    .unwrap()
                    .to_string();
                let now = jiff::Timestamp::now().as_second();
                assert!(
                    verify(SECRET, &header, &r.body, now, 300),
                    "a valid signature"
                );
                serde_json::from_slice(&r.body).unwrap()
            })
            .collect();
        if got.len() >= n || Instant::now() > deadline {
            return got;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn add(app: &TestApp, ana: &TestUser, r: &str, title: &str) -> i64 {
    let f = app
        .post(
            ana,
            &format!("/api/v1/incidents/{r}/follow-ups"),
            json!({"title": title}),
        )
        .await;
    assert_eq!(f.status, StatusCode::CREATED, "{}", f.body);
    f.body["id"].as_i64().unwrap()
}

async fn every_follow_up_event_is_sent_signed_except_a_private_incidents(db: TestDb) {
    let fake = FakeProvider::spawn().await;
    let app = spawn(&db, &fake).await;
    let ana = app.user("ana", UserRole::Member).await;
    let secret = app
        .declare(
            &ana,
            json!({"title": "Leaked keys", "severity": "SEV2", "private": true}),
        )
        .await;
    add(&app, &ana, &secret, "Rotate every key").await;
    let r = app
        .declare(
            &ana,
            json!({"title": "Checkout is down", "severity": "SEV2"}),
        )
        .await;
    let id = add(&app, &ana, &r, "Alert on queue depth").await;
    let due = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
        .tomorrow()
        .unwrap();
    let changed = app
        .patch(
            &ana,
            &format!("/api/v1/follow-ups/{id}"),
            json!({"status": "committed", "owner_id": ana.id, "due_on": due.to_string()}),
        )
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);

    let got = bodies(&fake, 2).await;
    assert_eq!(got.len(), 2, "{got:#?}");
    let added = got
        .iter()
        .find(|b| b["type"] == "follow_up.added")
        .expect("the addition");
    assert_eq!(added["follow_up"]["title"], "Alert on queue depth");
    assert_eq!(added["incident"]["reference"], r.as_str());
    assert_eq!(
        added["follow_up"]["url"],
        format!("https://goldseam.test/incidents/{r}#follow-up-{id}")
    );
    let change = got
        .iter()
        .find(|b| b["type"] == "follow_up.changed")
        .expect("the change");
    assert_eq!(change["changes"]["status"], "committed");
    assert_eq!(change["follow_up"]["owner"]["name"], "ana");
    // The private incident's follow-up never left, however long one waits.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let all = bodies(&fake, 0).await;
    assert!(
        all.iter()
            .all(|b| b["follow_up"]["title"] != "Rotate every key"),
        "{all:#?}"
    );
    assert_eq!(all.len(), 2);
    app.shutdown().await;
}

goldseam_testdb::on_both_databases!(
    every_follow_up_event_is_sent_signed_except_a_private_incidents
);
