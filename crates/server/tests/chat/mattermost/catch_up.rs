//! Mattermost does not replay WebSocket events it could not deliver: what was posted while
//! the link was down is caught up from the REST API when it comes back, each message once.

use super::super::side::Kind;
use super::super::world::{comments, World, SOON};
use goldseam_testdb::TestDb;
use std::time::Duration;

pub async fn messages_missed_while_the_websocket_was_away_are_caught_up(db: TestDb) {
    let w = World::start(&db, Kind::Mattermost).await;
    let (r, channel) = w.declare("Cache stampede", "SEV2").await;
    // Mattermost restarts: the link drops, and it does not replay what it missed.
    w.mm().drop_websockets();
    w.mm()
        .say("ada", &channel, "Said while Goldseam was away")
        .unwrap();
    assert!(
        w.mm().wait_for_connections(1, SOON).await,
        "Goldseam reconnects"
    );
    let items = w.wait_timeline(&r, |i| comments(i).len() == 1).await;
    assert_eq!(comments(&items)[0].1, "Said while Goldseam was away");
    // Live events flow again, once each.
    w.mm()
        .say("ada", &channel, "And after it came back")
        .unwrap();
    let items = w.wait_timeline(&r, |i| comments(i).len() == 2).await;
    assert_eq!(comments(&items)[1].1, "And after it came back");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(comments(&w.timeline(&r).await).len(), 2);
    w.app.shutdown().await;
}
