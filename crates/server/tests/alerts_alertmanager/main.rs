//! Alerts from a real Prometheus Alertmanager (Debian's 0.25, on loopback) into a real
//! Goldseam server with its engine, on both databases: what people see through the API when
//! Alertmanager notifies through its webhook, PagerDuty and Opsgenie integrations, when an
//! alert flaps, and when a high-availability pair notifies twice.
//!
//! Each scenario has its own server and its own Alertmanager(s), so they run side by side.
//! Alertmanager notifies about 0.5 s after a post (group_wait) and sends resolves on its next
//! group_interval tick (1 s); every wait below is bounded well above that.

mod cluster;
#[path = "../common/mod.rs"]
mod common;
mod flapping;
mod vendors;
mod webhook;

use common::{TestApp, TestUser};
use goldseam_core::{RetryPolicy, UserRole};
use goldseam_server::engine::EngineConfig;
use goldseam_server::ServerConfig;
use goldseam_testdb::TestDb;
use jiff::SignedDuration;
use reqwest::Method;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// The longest any one wait may take: a notification is due within about a second.
pub(crate) const WAIT: Duration = Duration::from_secs(15);

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

/// Runs blocking harness work (starting Alertmanager, posting to it) without stalling the
/// server, which shares this runtime.
pub(crate) fn blocking<T>(f: impl FnOnce() -> T) -> T {
    tokio::task::block_in_place(f)
}

/// Creates an integration and returns its answer (with `id` and `key`).
pub(crate) async fn integration(app: &TestApp, admin: &TestUser, body: Value) -> Value {
    let r = app.post(admin, "/api/v1/integrations", body).await;
    assert_eq!(r.status, 201, "{}", r.body);
    r.body
}

/// The address Alertmanager's webhook_configs posts to for an integration of kind
/// `alertmanager` (the snippet names the public URL; Alertmanager reaches the loopback one).
pub(crate) fn webhook_url(app: &TestApp, integration: &Value) -> String {
    app.url(&format!(
        "/integrations/alertmanager/{}",
        integration["key"].as_str().unwrap()
    ))
}

/// Waits (at most [`WAIT`]) until `check` holds for what `path` answers.
pub(crate) async fn wait_for(
    app: &TestApp,
    user: &TestUser,
    path: &str,
    what: &str,
    check: impl Fn(&Value) -> bool,
) -> Value {
    let deadline = Instant::now() + WAIT;
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

/// The incident's timeline events.
pub(crate) async fn timeline(app: &TestApp, user: &TestUser, reference: &str) -> Vec<Value> {
    let r = app
        .get(user, &format!("/api/v1/incidents/{reference}/timeline"))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body["items"].as_array().unwrap().clone()
}

/// How many `paged` events the incident's timeline holds: the pages people received.
pub(crate) fn pages(events: &[Value]) -> usize {
    events.iter().filter(|e| e["kind"] == "paged").count()
}

/// What the alerts did on the incident, in order (`opened`, `reopened`, `resolved`...).
pub(crate) fn alert_words(events: &[Value]) -> Vec<String> {
    events
        .iter()
        .filter(|e| e["kind"] == "alert")
        .map(|e| e["data"]["what"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// The alert words of a group whose first notification carried two alerts: the group's
/// "opened" and the second alert's "joined" are separate jobs run side by side, so either may
/// come first; sorted, then what followed.
pub(crate) fn opened_joined_resolved(events: &[Value]) -> Vec<String> {
    let mut words = alert_words(events);
    let n = words.len().min(2);
    words[..n].sort();
    words
}

/// Every incident the admin can see.
pub(crate) async fn incidents(app: &TestApp, admin: &TestUser) -> Vec<Value> {
    let r = app.get(admin, "/api/v1/incidents?limit=200").await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body["items"].as_array().unwrap().clone()
}

/// A team that can be paged (an escalation policy whose first level is `on_call`); its id.
pub(crate) async fn paged_team(app: &TestApp, admin: &TestUser, on_call: &TestUser) -> i64 {
    let policy = app
        .post(
            admin,
            "/api/v1/escalation-policies",
            json!({"name": "Checkout on call", "levels": [{"delay_minutes": 0, "targets": [{"type": "user", "id": on_call.id}]}]}),
        )
        .await;
    assert_eq!(policy.status, 201, "{}", policy.body);
    let team = app
        .post(
            admin,
            "/api/v1/teams",
            json!({"name": "Checkout", "members": [{"user_id": on_call.id}], "escalation_policy_id": policy.body["id"]}),
        )
        .await;
    assert_eq!(team.status, 201, "{}", team.body);
    team.body["id"].as_i64().unwrap()
}

/// The on-call person acknowledges every open page of the incident, as after being woken.
pub(crate) async fn acknowledge(app: &TestApp, on_call: &TestUser, reference: &str) {
    let r = app
        .call(
            on_call,
            Method::POST,
            &format!("/api/v1/incidents/{reference}/acknowledge"),
            Some(json!({})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
}

use cluster::a_high_availability_pair_makes_one_group_one_incident_one_page;
use flapping::a_flapping_alert_reopens_its_group_then_stops_paging;
use vendors::{
    opsgenie_configs_open_and_resolve_one_incident, pagerduty_configs_open_and_resolve_one_incident,
};
use webhook::two_alerts_with_one_summary_make_one_group_and_one_incident;

goldseam_testdb::on_both_databases!(
    two_alerts_with_one_summary_make_one_group_and_one_incident,
    a_flapping_alert_reopens_its_group_then_stops_paging,
    pagerduty_configs_open_and_resolve_one_incident,
    opsgenie_configs_open_and_resolve_one_incident,
    a_high_availability_pair_makes_one_group_one_incident_one_page,
);
