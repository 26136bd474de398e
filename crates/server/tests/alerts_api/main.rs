//! Alerts in, through a real server and its engine, on both databases: senders' requests are
//! answered as their own services answer, stored before the answer, then grouped into
//! incidents by the integration's routes.

mod access;
mod alertmanager;
mod bad_input;
#[path = "../common/mod.rs"]
mod common;
mod opsgenie;
mod pagerduty;
mod routes;
mod settings;
mod signed;

use common::{Reply, TestApp, TestUser};
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

/// Sends `body` to `path` as a sender would: no bearer token, the sender's own headers.
pub(crate) async fn send(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    body: impl Into<reqwest::Body>,
    headers: &[(&str, &str)],
) -> Reply {
    let mut req = app
        .client
        .request(method, app.url(path))
        .header("content-type", "application/json")
        .body(body);
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    common::reply(req.send().await.unwrap()).await
}

/// POSTs `body` as JSON to `path` as a sender would.
pub(crate) async fn post_json(app: &TestApp, path: &str, body: &Value) -> Reply {
    send(app, reqwest::Method::POST, path, body.to_string(), &[]).await
}

/// The integration's counters (`received`, `deduplicated`, `grouped`, `rejected`).
pub(crate) async fn counters(app: &TestApp, admin: &TestUser, id: &Value) -> Value {
    let r = app.get(admin, &format!("/api/v1/integrations/{id}")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body["counters"].clone()
}

/// Waits until the integration's counters are `expected` (refusals are written by the
/// processor after the request was answered).
pub(crate) async fn wait_for_counters(
    app: &TestApp,
    admin: &TestUser,
    id: &Value,
    expected: Value,
) {
    wait_for(
        app,
        admin,
        &format!("/api/v1/integrations/{id}"),
        &format!("counters {expected}"),
        |b| b["counters"] == expected,
    )
    .await;
}

/// The incidents `user` sees, newest first.
pub(crate) async fn incidents(app: &TestApp, user: &TestUser) -> Vec<Value> {
    let r = app.get(user, "/api/v1/incidents?limit=200").await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body["items"].as_array().unwrap().clone()
}

/// Waits (at most 10 s) until every alert effect job queued so far has run, and asserts none
/// of them died.
pub(crate) async fn effects_settled(app: &TestApp) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let counts = app
            .store
            .job_counts_of(goldseam_store::alerts::EFFECT_KIND)
            .await
            .unwrap();
        let busy = counts
            .iter()
            .any(|(state, n)| *n > 0 && (state == "queued" || state == "running"));
        if !counts.is_empty() && !busy {
            assert!(
                counts.iter().all(|(state, _)| state != "dead"),
                "an effect failed: {counts:?}"
            );
            return;
        }
        assert!(
            Instant::now() < deadline,
            "effects still running: {counts:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A JSON array's length (0 when it is not one).
pub(crate) fn len(v: &Value) -> usize {
    v.as_array().map_or(0, Vec::len)
}

/// HMAC-SHA256 of `message` under `key`, lowercase hex: what signing senders send (RFC 2104,
/// written out so the tests do not sign with the code they check).
pub(crate) fn hmac_sha256_hex(key: &[u8], message: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.iter().map(|b| b ^ byte).collect::<Vec<u8>>();
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(message)
        .finalize();
    let outer = Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize();
    hex::encode(outer)
}

use access::*;
use alertmanager::*;
use bad_input::*;
use opsgenie::*;
use pagerduty::*;
use routes::*;
use settings::*;
use signed::*;

goldseam_testdb::on_both_databases!(
    an_event_opens_an_incident_and_its_resolve_resolves_it,
    a_quick_refire_reopens_the_group_and_its_incident,
    pagerduty_refusals_are_answered_as_pagerduty_and_store_nothing,
    webhook_refusals_are_problems_and_store_nothing,
    opsgenie_with_a_wrong_genie_key_is_unauthorized,
    dangerous_templates_are_refused_or_previewed_quickly,
    two_alerts_with_one_summary_are_two_alerts_in_one_group,
    grafana_signatures_are_checked,
    pagerduty_v3_deliveries_are_signed_and_deduplicated,
    pagerduty_v3_incidents_open_and_resolve_incidents,
    a_delivery_sent_many_times_at_once_is_accepted_once,
    opsgenie_alerts_open_update_and_close,
    a_route_grouping_by_source_makes_one_incident_of_many_events,
    a_storm_folds_new_groups_into_one,
    timeline_routes_open_nothing_and_attach_routes_join,
    members_read_alerts_but_not_integrations_nor_private_incidents,
    every_kind_sends_a_test_alert,
    a_signing_secret_is_kept_replaced_and_never_shown,
    a_deleted_integration_refuses_and_keeps_its_alerts,
);
