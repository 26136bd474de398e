//! Slow and idle clients cannot hold the server: connections that send no header, trickle a
//! header or a body, or sit idle between requests are closed after their timeout; connections
//! beyond the cap are closed at once; live streams stay open through their heartbeats.
//! Upper bounds are generous on purpose: a busy machine may be slow to close, never early.

mod common;

use common::TestApp;
use goldseam_core::UserRole;
use goldseam_server::connections::ConnectionLimits;
use goldseam_server::ServerConfig;
use goldseam_testdb::TestDb;
use serde_json::json;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

fn limits(header_secs: u64, body_secs: u64, max_connections: usize) -> ServerConfig {
    ServerConfig {
        connections: ConnectionLimits {
            header_timeout: Duration::from_secs(header_secs),
            body_timeout: Duration::from_secs(body_secs),
            max_connections,
        },
        stream_heartbeat: Duration::from_millis(300),
        ..Default::default()
    }
}

async fn connect(app: &TestApp) -> TcpStream {
    TcpStream::connect(app.base.trim_start_matches("http://"))
        .await
        .unwrap()
}

/// Reads until the server closes the connection (or `within` passes); returns what it sent
/// and when it closed, measured from `since`.
async fn read_until_closed(
    s: &mut TcpStream,
    since: Instant,
    within: Duration,
) -> (String, Duration) {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout_at((since + within).into(), s.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => {
                return (String::from_utf8_lossy(&got).into(), since.elapsed())
            }
            Ok(Ok(n)) => got.extend_from_slice(&buf[..n]),
            Err(_) => panic!(
                "still open after {within:?}; received {:?}",
                String::from_utf8_lossy(&got)
            ),
        }
    }
}

async fn silent_and_slow_clients_are_closed_after_their_timeouts(db: TestDb) {
    let app = TestApp::spawn_with(&db, limits(1, 1, 1000)).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let generous = Duration::from_secs(15);

    // Connects and says nothing.
    let started = Instant::now();
    let mut silent = connect(&app).await;
    let (_, closed) = read_until_closed(&mut silent, started, generous).await;
    assert!(
        closed >= Duration::from_millis(900),
        "closed early: {closed:?}"
    );

    // Trickles a header that never ends: the timeout counts from the start, not per line.
    let started = Instant::now();
    let mut slow = connect(&app).await;
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let trickle = async {
        for i in 0.. {
            tokio::time::sleep(Duration::from_millis(200)).await;
            if slow
                .write_all(format!("X-{i}: y\r\n").as_bytes())
                .await
                .is_err()
            {
                return started.elapsed();
            }
        }
        unreachable!()
    };
    let closed = tokio::time::timeout(generous, trickle)
        .await
        .expect("a trickled header is cut off");
    assert!(closed >= Duration::from_millis(900), "{closed:?}");

    // Asks once, then sits idle on the kept-alive connection.
    let mut idle = connect(&app).await;
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let started = Instant::now();
    let (answer, closed) = read_until_closed(&mut idle, started, generous).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(closed >= Duration::from_millis(900), "{closed:?}");

    // Sends a header promising a body, then trickles the body.
    let mut body = connect(&app).await;
    let head = format!(
        "POST /api/v1/incidents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{\"title\": \"",
        ana.token
    );
    body.write_all(head.as_bytes()).await.unwrap();
    let started = Instant::now();
    let (reader, mut writer) = body.into_split();
    let trickle = tokio::spawn(async move {
        while writer.write_all(b"x").await.is_ok() {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    });
    let mut reader = reader;
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(generous, async {
        let mut buf = [0u8; 4096];
        while !String::from_utf8_lossy(&answer).contains("\r\n\r\n{") {
            match reader.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    trickle.abort();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("application/problem+json"), "{answer}");
    assert!(started.elapsed() >= Duration::from_millis(900));
    let listed = app.get(&ana, "/api/v1/incidents").await;
    assert_eq!(listed.body["items"], json!([]), "nothing was half-written");
}

async fn connections_beyond_the_cap_are_closed_at_once(db: TestDb) {
    let app = TestApp::spawn_with(&db, limits(30, 30, 3)).await;
    let mut held = Vec::new();
    for _ in 0..3 {
        let mut s = connect(&app).await;
        s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            .await
            .unwrap();
        let mut buf = [0u8; 512];
        let n = s.read(&mut buf).await.unwrap();
        assert!(buf[..n].starts_with(b"HTTP/1.1 200"));
        held.push(s);
    }
    let started = Instant::now();
    let mut fourth = connect(&app).await;
    let _ = fourth
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await;
    let (answer, closed) = read_until_closed(&mut fourth, started, Duration::from_secs(10)).await;
    assert_eq!(answer, "", "refused without an answer");
    assert!(closed < Duration::from_secs(5), "{closed:?}");

    drop(held.pop());
    // The freed slot is taken again once the server has seen the close.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let r = reqwest::Client::new().get(app.url("/healthz")).send().await;
        if r.is_ok_and(|r| r.status() == 200) {
            break;
        }
        assert!(Instant::now() < deadline, "a slot never came free");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn live_streams_outlast_the_header_timeout(db: TestDb) {
    let app = TestApp::spawn_with(&db, limits(1, 1, 1000)).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let mut stream = app.stream(&ana, "/api/v1/events", None).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let r = app
        .declare(
            &ana,
            json!({"title": "After a quiet while", "severity": "SEV3"}),
        )
        .await;
    let msg = stream
        .next(Duration::from_secs(10))
        .await
        .expect("the stream is still open three header timeouts later");
    assert!(msg.data.contains(&r), "{}", msg.data);
}

goldseam_testdb::on_both_databases!(
    silent_and_slow_clients_are_closed_after_their_timeouts,
    connections_beyond_the_cap_are_closed_at_once,
    live_streams_outlast_the_header_timeout,
);
