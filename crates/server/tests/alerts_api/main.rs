//! Alerts in, through a real server and its engine, on both databases: senders' requests are
//! answered as their own services answer, stored before the answer, then grouped into
//! incidents by the integration's routes.

#[path = "../common/mod.rs"]
mod common;
mod pagerduty;

use common::{TestApp, TestUser};
use goldseam_core::{RetryPolicy, UserRole};
use goldseam_server::engine::EngineConfig;
use goldseam_server::ServerConfig;
use goldseam_testdb::TestDb;
use jiff::SignedDuration;
use serde_json::Value;
use std::time::{Duration, Instant};

/// A server whose engine processes alerts and runs their effects at once.
pub(crate) async fn spawn(db: &TestDb) -> (TestApp, TestUser) {
    let delivery = EngineConfig {
        enabled: true,
        poll: Duration::from_millis(50),
        timeout: Duration::from_secs(2),
        lease: SignedDuration::from_secs(10),
        retry: RetryPolicy {
            base: SignedDuration::from_millis(100),
            cap: SignedDuration::from_millis(200),
            max_attempts: 3,
        },
        public_url: "https://goldseam.test".into(),
        ..EngineConfig::default()
    };
    let config = ServerConfig {
        public_url: "https://goldseam.test".into(),
        delivery,
        ..ServerConfig::default()
    };
    let app = TestApp::spawn_with(db, config).await;
    let admin = app.user("ada", UserRole::Admin).await;
    (app, admin)
}

/// Creates an integration and returns its answer (with `key`).
pub(crate) async fn integration(app: &TestApp, admin: &TestUser, body: Value) -> Value {
    let r = app.post(admin, "/api/v1/integrations", body).await;
    assert_eq!(r.status, 201, "{}", r.body);
    r.body
}

/// Waits (at most 10 s) until `check` holds for what `path` answers.
pub(crate) async fn wait_for(
    app: &TestApp,
    user: &TestUser,
    path: &str,
    what: &str,
    check: impl Fn(&Value) -> bool,
) -> Value {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let r = app.get(user, path).await;
        if r.status == 200 && check(&r.body) {
            return r.body;
        }
        assert!(
            Instant::now() < deadline,
            "waiting for {what}: {path} answers {}",
            r.body
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

use pagerduty::an_event_opens_an_incident_and_its_resolve_resolves_it;

goldseam_testdb::on_both_databases!(an_event_opens_an_incident_and_its_resolve_resolves_it);
