//! The incident channel and the timeline, kept in step both ways.

use super::{comments, World, SOON};
use goldseam_testdb::TestDb;
use serde_json::json;
use std::time::Duration;

pub async fn messages_become_comments_and_comments_messages_without_echo(db: TestDb) {
    let w = World::start(&db).await;
    let (r, channel) = w.declare("Checkout down", "SEV1").await;
    w.mm.join("bob", &channel, None).unwrap();
    // Mattermost → timeline, by the author matched by email.
    w.mm.say("ada", &channel, "Rolling back the deploy")
        .unwrap();
    w.mm.say("bob", &channel, "Error rate is dropping").unwrap();
    let items = w
        .wait_timeline(&r, |items| comments(items).len() == 2)
        .await;
    let via = Some("mattermost".to_string());
    assert_eq!(
        comments(&items),
        [
            ("Ada".into(), "Rolling back the deploy".into(), via.clone()),
            ("Bob".into(), "Error rate is dropping".into(), via),
        ]
    );
    // Timeline → Mattermost, under the author's name.
    let c = w
        .app
        .post(
            &w.bob,
            &format!("/api/v1/incidents/{r}/comments"),
            json!({"body": "Confirmed from the dashboard"}),
        )
        .await;
    assert_eq!(c.status, 201, "{}", c.body);
    assert!(
        w.mm.wait_until(SOON, |m| m
            .messages(&channel)
            .iter()
            .any(|p| p.message == "Confirmed from the dashboard"
                && p.props.get("override_username") == Some(&json!("Bob"))
                && p.user_id == m.bot_id()))
            .await,
        "{:#?}",
        w.mm.messages(&channel)
    );
    // No echo: the comment written in Mattermost is not posted back, nor the web one twice.
    tokio::time::sleep(Duration::from_millis(800)).await;
    let texts: Vec<String> =
        w.mm.messages(&channel)
            .into_iter()
            .map(|p| p.message)
            .collect();
    for t in [
        "Rolling back the deploy",
        "Error rate is dropping",
        "Confirmed from the dashboard",
    ] {
        assert_eq!(
            texts.iter().filter(|x| *x == t).count(),
            1,
            "{t}: {texts:#?}"
        );
    }
    assert_eq!(comments(&w.timeline(&r).await).len(), 3);
    // A status update from the room shows in the channel.
    let u = w
        .app
        .post(
            &w.ada,
            &format!("/api/v1/incidents/{r}/status-updates"),
            json!({"body": "Mitigated by the rollback", "status": "mitigated"}),
        )
        .await;
    assert!(u.status.is_success(), "{}", u.body);
    assert!(
        w.mm.wait_until(SOON, |m| m
            .messages(&channel)
            .iter()
            .any(|p| p.message.contains("Mitigated by the rollback")))
            .await
    );
    w.app.shutdown().await;
}

pub async fn edits_deletes_threads_and_pins_follow_both_ways(db: TestDb) {
    let w = World::start(&db).await;
    let (r, channel) = w.declare("Login fails", "SEV2").await;
    let root = w.mm.say("ada", &channel, "Seeing 500s on login").unwrap();
    let items = w.wait_timeline(&r, |i| comments(i).len() == 1).await;
    let comment_id = items.iter().find(|e| e["kind"] == "comment_added").unwrap()["id"]
        .as_i64()
        .unwrap();
    // An edit in Mattermost is a new event; the original keeps its text.
    w.mm.edit("ada", &root, "Seeing 502s on login").unwrap();
    w.wait_timeline(&r, |i| {
        i.iter()
            .any(|e| e["kind"] == "comment_edited" && e["data"]["body"] == "Seeing 502s on login")
    })
    .await;
    // A reply in the thread (root_id) answers the comment.
    let reply = w.mm.reply("ada", &root, "It is the auth service").unwrap();
    let items = w.wait_timeline(&r, |i| comments(i).len() == 2).await;
    let reply_event = items
        .iter()
        .rfind(|e| e["kind"] == "comment_added")
        .unwrap();
    assert_eq!(reply_event["data"]["reply_to"], comment_id);
    let reply_id = reply_event["id"].as_i64().unwrap();
    // The pin emoji pins the event in Goldseam.
    w.mm.react("ada", &root, "pushpin").unwrap();
    w.wait_timeline(&r, |i| {
        i.iter()
            .any(|e| e["kind"] == "pinned" && e["data"]["event_id"] == comment_id)
    })
    .await;
    // So does Mattermost's own pin, and its unpin unpins.
    w.mm.pin("ada", &reply).unwrap();
    w.wait_timeline(&r, |i| {
        i.iter()
            .any(|e| e["kind"] == "pinned" && e["data"]["event_id"] == reply_id)
    })
    .await;
    w.mm.unpin("ada", &reply).unwrap();
    w.wait_timeline(&r, |i| {
        i.iter()
            .any(|e| e["kind"] == "unpinned" && e["data"]["event_id"] == reply_id)
    })
    .await;
    // A pin in Goldseam pins the message in Mattermost.
    let c = w
        .app
        .post(
            &w.ada,
            &format!("/api/v1/incidents/{r}/comments"),
            json!({"body": "Root cause: expired cert"}),
        )
        .await;
    let web_comment = c.body["events"][0]["id"].as_i64().unwrap();
    assert!(
        w.mm.wait_until(SOON, |m| m
            .messages(&channel)
            .iter()
            .any(|p| p.message == "Root cause: expired cert"))
            .await
    );
    let p = w
        .app
        .post(
            &w.ada,
            &format!("/api/v1/incidents/{r}/pins"),
            json!({"event_id": web_comment}),
        )
        .await;
    assert!(p.status.is_success(), "{}", p.body);
    assert!(
        w.mm.wait_until(SOON, |m| m
            .pinned(&channel)
            .iter()
            .any(|p| p.message == "Root cause: expired cert"))
            .await,
        "{:#?}",
        w.mm.pinned(&channel)
    );
    // Its echo (post_edited, pinned) changes nothing: one pin of that comment.
    tokio::time::sleep(Duration::from_millis(800)).await;
    let pins = w
        .timeline(&r)
        .await
        .iter()
        .filter(|e| e["kind"] == "pinned" && e["data"]["event_id"] == web_comment)
        .count();
    assert_eq!(pins, 1);
    // Deleted in Mattermost: a deletion event; deleted in the room: gone from Mattermost.
    w.mm.delete("ada", &root).unwrap();
    w.wait_timeline(&r, |i| {
        i.iter()
            .any(|e| e["kind"] == "comment_deleted" && e["data"]["comment_id"] == comment_id)
    })
    .await;
    let d = w
        .app
        .call(
            &w.ada,
            reqwest::Method::DELETE,
            &format!("/api/v1/incidents/{r}/comments/{web_comment}"),
            None,
        )
        .await;
    assert!(d.status.is_success(), "{}", d.body);
    assert!(
        w.mm.wait_until(SOON, |m| !m
            .messages(&channel)
            .iter()
            .any(|p| p.message == "Root cause: expired cert"))
            .await
    );
    w.app.shutdown().await;
}

pub async fn someone_without_an_account_is_told_and_nothing_is_recorded(db: TestDb) {
    let w = World::start(&db).await;
    let (r, channel) = w.declare("Queue backlog", "SEV3").await;
    w.mm.join("carol", &channel, None).unwrap();
    w.mm.say("carol", &channel, "Is this why my export is stuck?")
        .unwrap();
    assert!(
        w.told(&w.carol_mm, "no active account").await,
        "{:#?}",
        w.mm.ephemerals_for(&w.carol_mm)
    );
    // Ada's message after Carol's is recorded: Carol's did not hold up the channel.
    w.mm.say("ada", &channel, "Yes, exports wait behind the backlog")
        .unwrap();
    let items = w.wait_timeline(&r, |i| !comments(i).is_empty()).await;
    assert_eq!(comments(&items).len(), 1);
    assert_eq!(comments(&items)[0].0, "Ada");
    w.app.shutdown().await;
}

pub async fn messages_missed_while_the_websocket_was_away_are_caught_up(db: TestDb) {
    let w = World::start(&db).await;
    let (r, channel) = w.declare("Cache stampede", "SEV2").await;
    // Mattermost restarts: the link drops, and it does not replay what it missed.
    w.mm.drop_websockets();
    w.mm.say("ada", &channel, "Said while Goldseam was away")
        .unwrap();
    assert!(
        w.mm.wait_for_connections(1, SOON).await,
        "Goldseam reconnects"
    );
    let items = w.wait_timeline(&r, |i| comments(i).len() == 1).await;
    assert_eq!(comments(&items)[0].1, "Said while Goldseam was away");
    // Live events flow again, once each.
    w.mm.say("ada", &channel, "And after it came back").unwrap();
    let items = w.wait_timeline(&r, |i| comments(i).len() == 2).await;
    assert_eq!(comments(&items)[1].1, "And after it came back");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(comments(&w.timeline(&r).await).len(), 2);
    w.app.shutdown().await;
}
