//! Live streams: delivery, resuming without gaps or duplicates, heartbeats, two instances
//! sharing PostgreSQL, and graceful shutdown.

mod common;

use common::TestApp;
use goldseam_core::UserRole;
use goldseam_server::ServerConfig;
use goldseam_testdb::{Kind, TestDb};
use serde_json::json;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(5);

async fn events_arrive_live_and_resume_without_gaps_or_duplicates(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let r = app
        .declare(&ana, json!({"title": "Live", "severity": "SEV2"}))
        .await;
    let path = format!("/api/v1/incidents/{r}/events");
    let mut live = app.stream(&ana, &path, None).await;
    for i in 0..3 {
        app.post(
            &ana,
            &format!("/api/v1/incidents/{r}/comments"),
            json!({"body": format!("c{i}")}),
        )
        .await;
    }
    let mut ids = Vec::new();
    for i in 0..3 {
        let m = live.next(WAIT).await.expect("a live event");
        assert_eq!(m.json()["data"]["body"], format!("c{i}"));
        assert_eq!(m.json()["actor"]["name"], "Ana");
        ids.push(m.id.unwrap().parse::<i64>().unwrap());
    }
    // The client drops after the first comment; more happen while it is away.
    drop(live);
    for i in 3..6 {
        app.post(
            &ana,
            &format!("/api/v1/incidents/{r}/comments"),
            json!({"body": format!("c{i}")}),
        )
        .await;
    }
    let mut resumed = app.stream(&ana, &path, Some(ids[0])).await;
    app.post(
        &ana,
        &format!("/api/v1/incidents/{r}/comments"),
        json!({"body": "c6"}),
    )
    .await;
    let mut bodies = Vec::new();
    while let Some(m) = resumed.next(Duration::from_millis(1500)).await {
        bodies.push(m.json()["data"]["body"].as_str().unwrap().to_string());
    }
    assert_eq!(
        bodies,
        ["c1", "c2", "c3", "c4", "c5", "c6"],
        "every event after the last seen one, once, in order"
    );
}

async fn the_global_stream_carries_every_incident(db: TestDb) {
    let app = TestApp::spawn(&db).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let mut all = app.stream(&ana, "/api/v1/events", None).await;
    app.declare(&ana, json!({"title": "One", "severity": "SEV2"}))
        .await;
    app.declare(&ana, json!({"title": "Two", "severity": "SEV3"}))
        .await;
    let a = all.next(WAIT).await.unwrap().json();
    let b = all.next(WAIT).await.unwrap().json();
    assert_eq!(
        (a["reference"].as_str(), a["kind"].as_str()),
        (Some("INC-1"), Some("declared"))
    );
    assert_eq!(
        (b["reference"].as_str(), b["data"]["title"].as_str()),
        (Some("INC-2"), Some("Two"))
    );
}

async fn idle_streams_get_heartbeats_and_end_cleanly_on_shutdown(db: TestDb) {
    let config = ServerConfig {
        stream_heartbeat: Duration::from_millis(200),
        ..Default::default()
    };
    let app = TestApp::spawn_with(&db, config).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let res = app
        .client
        .get(app.url("/api/v1/events"))
        .bearer_auth(&ana.token)
        .send()
        .await
        .unwrap();
    let mut body = res.bytes_stream();
    use futures::StreamExt;
    let first = tokio::time::timeout(WAIT, body.next())
        .await
        .expect("a heartbeat")
        .unwrap()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&first).starts_with(':'),
        "heartbeats are SSE comments"
    );
    let shutdown = tokio::spawn(app.shutdown());
    // The stream ends (rather than hanging) and the server finishes shutting down.
    let ended =
        tokio::time::timeout(WAIT, async { while let Some(Ok(_)) = body.next().await {} }).await;
    assert!(ended.is_ok(), "the stream closed on shutdown");
    shutdown.await.unwrap();
}

async fn a_client_that_falls_behind_is_told_to_resync_and_catches_up(db: TestDb) {
    let app = TestApp::spawn_with_bus_capacity(&db, 4).await;
    let ana = app.user("Ana", UserRole::Member).await;
    let mut slow = app.stream(&ana, "/api/v1/events", None).await;
    // One transaction appends 51 events (declared + 50 tags); the bus publishes them in one
    // burst, past what a 4-slot subscriber can hold.
    let tags: Vec<String> = (0..50).map(|i| format!("t{i}")).collect();
    app.declare(
        &ana,
        json!({"title": "Burst", "severity": "SEV3", "tags": tags}),
    )
    .await;
    let mut last_id = None;
    let resync = loop {
        let m = slow.next(WAIT).await.expect("events, then a resync");
        if m.event.as_deref() == Some("resync") {
            break m;
        }
        last_id = m.id.map(|i| i.parse::<i64>().unwrap());
    };
    assert!(
        resync.data.contains("reconnect with Last-Event-ID"),
        "{}",
        resync.data
    );
    assert!(
        slow.next(Duration::from_millis(500)).await.is_none(),
        "the lagging stream is closed"
    );
    let mut caught_up = app
        .stream(&ana, "/api/v1/events", Some(last_id.unwrap_or(0)))
        .await;
    let mut count = last_id.unwrap_or(0) as usize;
    while let Some(m) = caught_up.next(Duration::from_millis(1000)).await {
        assert_eq!(m.id.unwrap().parse::<usize>().unwrap(), count + 1);
        count += 1;
    }
    assert_eq!(
        count, 51,
        "reconnecting with the last id delivers the rest, once each"
    );
}

goldseam_testdb::on_both_databases!(
    a_client_that_falls_behind_is_told_to_resync_and_catches_up,
    events_arrive_live_and_resume_without_gaps_or_duplicates,
    the_global_stream_carries_every_incident,
    idle_streams_get_heartbeats_and_end_cleanly_on_shutdown,
);

/// Two `goldseam serve` instances on one PostgreSQL database see each other's events live.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_postgres_see_each_others_events() {
    let db = TestDb::new(Kind::Postgres).await;
    let one = TestApp::spawn_without_polling(&db).await;
    let two = TestApp::spawn_without_polling(&db).await;
    let ana = one.user("Ana", UserRole::Member).await;
    let mut on_two = two.stream(&ana, "/api/v1/events", None).await;
    let mut on_one = one.stream(&ana, "/api/v1/events", None).await;
    one.declare(
        &ana,
        json!({"title": "Declared on one", "severity": "SEV1"}),
    )
    .await;
    two.declare(
        &ana,
        json!({"title": "Declared on two", "severity": "SEV1"}),
    )
    .await;
    for stream in [&mut on_one, &mut on_two] {
        let a = stream.next(WAIT).await.expect("first event").json();
        let b = stream.next(WAIT).await.expect("second event").json();
        assert_eq!(a["data"]["title"], "Declared on one");
        assert_eq!(b["data"]["title"], "Declared on two");
    }
}

/// When the LISTEN connection is killed, the instance reconnects and catches up on what it
/// missed, in order.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_listener_reconnects_and_resyncs() {
    let db = TestDb::new(Kind::Postgres).await;
    let one = TestApp::spawn_without_polling(&db).await;
    let two = TestApp::spawn_without_polling(&db).await;
    let ana = one.user("Ana", UserRole::Member).await;
    let mut on_two = two.stream(&ana, "/api/v1/events", None).await;
    // Kill every LISTEN connection on this database: the other instances' ones too, which
    // exercises the same path for them.
    let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&db.url)
        .await
        .unwrap();
    sqlx::query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query ILIKE 'LISTEN%' AND pid <> pg_backend_pid()").execute(&mut conn).await.unwrap();
    for i in 0..3 {
        one.declare(
            &ana,
            json!({"title": format!("during the outage {i}"), "severity": "SEV2"}),
        )
        .await;
    }
    let mut titles = Vec::new();
    for _ in 0..3 {
        titles.push(
            on_two.next(WAIT).await.expect("caught up").json()["data"]["title"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    assert_eq!(
        titles,
        [
            "during the outage 0",
            "during the outage 1",
            "during the outage 2"
        ]
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        two.store.bus().listener_reconnects() >= 1,
        "the listener noticed and reconnected"
    );
}
