//! When the platform is down, or Goldseam stops at a bad moment: work waits and lands later,
//! nothing acknowledged is lost, nothing is done twice.

use super::super::side::Kind;
use super::super::world::{comments, World, SOON};
use goldseam_testdb::TestDb;
use serde_json::json;
use std::time::{Duration, Instant};

pub async fn the_platform_down_makes_work_wait_and_nothing_is_lost(db: TestDb, kind: Kind) {
    let w = World::start(&db, kind).await;
    let (r, channel) = w.declare("Before the outage", "SEV3").await;
    w.chat.set_down(true).await;
    // Goldseam keeps working while the platform is down.
    let started = Instant::now();
    let during = w
        .app
        .declare(
            &w.ada,
            json!({"title": "During the outage", "severity": "SEV2"}),
        )
        .await;
    w.comment(&w.bob, &r, "written while chat was down").await;
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "the API does not wait for the platform"
    );
    tokio::time::sleep(Duration::from_secs(1)).await;
    w.chat.set_down(false).await;
    // Everything lands once it is back: the channel, the comment, the announcement.
    let number = during.trim_start_matches("INC-");
    let prefix = format!("inc-{number}-");
    assert!(
        w.eventually(SOON * 3, |s| s
            .channels()
            .iter()
            .any(|c| c.name.starts_with(&prefix)))
            .await
    );
    assert!(
        w.eventually(SOON * 3, |s| s
            .messages(&channel)
            .iter()
            .any(|m| m.text == "written while chat was down"))
            .await
    );
    w.bot_posted(&w.announcements, |m| m.card.contains("During the outage"))
        .await;
    w.app.shutdown().await;
}

pub async fn an_event_acknowledged_before_a_crash_is_processed_once(db: TestDb, kind: Kind) {
    let w = World::start(&db, kind).await;
    let (r, channel) = w.declare("Cache stampede", "SEV2").await;
    w.chat.join("bob", &channel);
    w.chat.say("ada", &channel, "first");
    w.wait_timeline(&r, |i| comments(i).len() == 1).await;
    // Bob speaks for the first time, so Goldseam must look him up; the platform fails that
    // lookup, so the event, received and stored, is not processed before the server stops.
    w.chat.fail_profile_lookups(2);
    w.chat.say("bob", &channel, "said as the server stops");
    assert!(
        w.eventually(SOON, |s| s.a_profile_lookup_failed()).await,
        "Goldseam tried to look Bob up"
    );
    assert_eq!(comments(&w.timeline(&r).await).len(), 1);
    let w = w.restart(&db).await;
    w.wait_timeline(&r, |i| comments(i).len() >= 2).await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let texts: Vec<String> = comments(&w.timeline(&r).await)
        .into_iter()
        .map(|c| c.1)
        .collect();
    assert_eq!(texts, ["first", "said as the server stops"]);
    w.app.shutdown().await;
}
