//! Sign-in limiting behind a reverse proxy: clients behind one trusted proxy are counted
//! separately by the address it forwards for, while the same header from a peer that is not a
//! trusted proxy is ignored. Runs on both databases.

mod common;

use common::{reply, Reply, TestApp};
use goldseam_core::UserRole;
use goldseam_server::client_addr::TrustedProxies;
use goldseam_server::ServerConfig;
use goldseam_testdb::TestDb;
use reqwest::StatusCode;
use serde_json::json;
use std::net::{IpAddr, Ipv4Addr};

/// A client whose connections come from `127.0.0.N`.
fn client_from(n: u8) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, n)))
        .build()
        .unwrap()
}

async fn wrong_password(app: &TestApp, client: &reqwest::Client, forwarded_for: &str) -> Reply {
    reply(
        client
            .post(app.url("/api/v1/auth/login"))
            .header("X-Forwarded-For", forwarded_for)
            .json(&json!({"email": "ada@example.com", "password": "guess"}))
            .send()
            .await
            .unwrap(),
    )
    .await
}

/// (wrong password, told to wait) among the replies.
fn tally(replies: &[Reply]) -> (usize, usize) {
    let count = |s| replies.iter().filter(|r| r.status == s).count();
    (
        count(StatusCode::UNAUTHORIZED),
        count(StatusCode::TOO_MANY_REQUESTS),
    )
}

/// Sends every attempt at once; attempts are counted when they start, so each address gets
/// exactly the allowed number of password checks.
async fn bursts(app: &TestApp, client: &reqwest::Client, headers: &[Vec<String>]) -> Vec<Reply> {
    let all = headers
        .iter()
        .flatten()
        .map(|h| wrong_password(app, client, h));
    futures::future::join_all(all).await
}

async fn clients_behind_a_trusted_proxy_are_limited_separately(db: TestDb) {
    let config = ServerConfig {
        login_failures_allowed: 3,
        // However slow the machine, a burst's later attempts still find the limit in force.
        login_first_delay: std::time::Duration::from_secs(300),
        trusted_proxies: TrustedProxies::new(vec![
            "127.0.0.5".parse().unwrap(),
            "10.0.0.0/8".parse().unwrap(),
        ]),
        ..Default::default()
    };
    let app = TestApp::spawn_with(&db, config).await;
    app.user("Ada", UserRole::Admin).await;
    let proxy = client_from(5);

    // Two people behind the proxy. The first one's attempts each claim a different origin on
    // the left, which the proxy cannot vouch for; the second one's pass through an inner
    // trusted proxy (10.0.0.N). Each person gets the 3 allowed checks, no more, no less.
    let first: Vec<String> = (0..8)
        .map(|i| format!("192.0.2.{i}, 203.0.113.1"))
        .collect();
    let second: Vec<String> = (0..8).map(|i| format!("203.0.113.2, 10.0.0.{i}")).collect();
    let replies = bursts(&app, &proxy, &[first.clone(), second]).await;
    assert_eq!(
        tally(&replies),
        (6, 10),
        "3 checks for each person behind the proxy, the rest told to wait"
    );

    // Someone else behind the same proxy is not held back by their failures.
    let r = wrong_password(&app, &proxy, "203.0.113.3").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.body);

    // A peer that is not a trusted proxy sends the same kind of header, a new origin each
    // time: it is ignored, and the peer's own address gets its 3 checks.
    let direct = client_from(6);
    let spoofed: Vec<String> = (0..8).map(|i| format!("203.0.113.{}", 100 + i)).collect();
    let replies = bursts(&app, &direct, &[spoofed]).await;
    assert_eq!(
        tally(&replies),
        (3, 5),
        "X-Forwarded-For from an untrusted peer must not create new addresses"
    );
}

goldseam_testdb::on_both_databases!(clients_behind_a_trusted_proxy_are_limited_separately);
