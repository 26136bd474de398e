//! Sign-in under a flood: attempts are counted before their password is checked, a flood from
//! one address does not lock the owner out from another, and password checks beyond what the
//! machine can hash at once are turned away with 503 and Retry-After instead of queuing memory.
//! Runs on both databases.

mod common;

use common::{reply, Reply, TestApp};
use goldseam_core::UserRole;
use goldseam_server::ServerConfig;
use goldseam_store::passwords::PasswordLimits;
use goldseam_store::StoreOptions;
use goldseam_testdb::TestDb;
use reqwest::StatusCode;
use serde_json::json;
use std::net::{IpAddr, Ipv4Addr};

/// A client whose connections come from `127.0.0.N`: the limiter tells addresses apart.
fn client_from(n: u8) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, n)))
        .build()
        .unwrap()
}

async fn sign_in(app: &TestApp, client: &reqwest::Client, email: &str, password: &str) -> Reply {
    reply(
        client
            .post(app.url("/api/v1/auth/login"))
            .json(&json!({"email": email, "password": password}))
            .send()
            .await
            .unwrap(),
    )
    .await
}

async fn statuses(replies: Vec<Reply>) -> (usize, usize, usize) {
    let count = |s| replies.iter().filter(|r| r.status == s).count();
    (
        count(StatusCode::UNAUTHORIZED),
        count(StatusCode::TOO_MANY_REQUESTS),
        count(StatusCode::SERVICE_UNAVAILABLE),
    )
}

async fn a_burst_gets_no_more_guesses_than_the_limit_and_the_owner_still_signs_in(db: TestDb) {
    let config = ServerConfig {
        login_failures_allowed: 7,
        // Long enough that the guesser is still waiting when the test asks, however slow the
        // machine is between the burst and the next request.
        login_first_delay: std::time::Duration::from_secs(300),
        ..Default::default()
    };
    let app = TestApp::spawn_with(&db, config).await;
    app.user("Ada", UserRole::Admin).await;
    let (home, attacker, travel) = (client_from(2), client_from(1), client_from(3));
    let ok = sign_in(&app, &home, "ada@example.com", "correct horse battery").await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);

    let burst = (0..40).map(|i| {
        let (app, attacker) = (&app, &attacker);
        async move { sign_in(app, attacker, "ada@example.com", &format!("guess {i}")).await }
    });
    let (wrong, limited, busy) = statuses(futures::future::join_all(burst).await).await;
    assert_eq!(
        (wrong, limited + busy),
        (7, 33),
        "exactly the 7 allowed guesses were checked"
    );
    let r = sign_in(&app, &attacker, "ada@example.com", "correct horse battery").await;
    assert_eq!(
        r.status,
        StatusCode::TOO_MANY_REQUESTS,
        "the guesser's address waits"
    );
    assert!(r.headers.contains_key("retry-after"));

    let r = sign_in(&app, &home, "ada@example.com", "correct horse battery").await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "the owner's usual address: {}",
        r.body
    );
    let r = sign_in(&app, &travel, "ada@example.com", "correct horse battery").await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "a new address of the owner's: {}",
        r.body
    );
}

async fn password_checks_beyond_capacity_are_turned_away_with_503(db: TestDb) {
    let opts = StoreOptions {
        password_limits: PasswordLimits {
            parallel: 1,
            queue: 0,
        },
        ..StoreOptions::new(&db.url)
    };
    let app = TestApp::spawn_full(&db, ServerConfig::default(), opts).await;
    app.user("Ana", UserRole::Member).await;
    let clients: Vec<_> = (1..=20).map(client_from).collect();
    // Distinct emails from distinct addresses: the limiter lets every one through to a hash.
    let flood = clients.iter().enumerate().map(|(i, c)| {
        let app = &app;
        async move { sign_in(app, c, &format!("user{i}@example.com"), "wrong password").await }
    });
    let replies = futures::future::join_all(flood).await;
    for r in replies
        .iter()
        .filter(|r| r.status == StatusCode::SERVICE_UNAVAILABLE)
    {
        assert_eq!(r.headers["content-type"], "application/problem+json");
        assert_eq!(r.headers["retry-after"], "1");
    }
    let (wrong, limited, busy) = statuses(replies).await;
    assert_eq!(limited, 0);
    assert_eq!(wrong + busy, 20);
    assert!(
        busy >= 1,
        "20 at once with room for one hash: some are turned away"
    );
    let r = sign_in(
        &app,
        &clients[0],
        "ana@example.com",
        "correct horse battery",
    )
    .await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "a refused check was not counted as a failure: {}",
        r.body
    );
}

goldseam_testdb::on_both_databases!(
    a_burst_gets_no_more_guesses_than_the_limit_and_the_owner_still_signs_in,
    password_checks_beyond_capacity_are_turned_away_with_503,
);
