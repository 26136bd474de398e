//! Edits, deletions, threads and pins, kept in step both ways; edits and deletions show on
//! the other side within two seconds.

use super::super::side::{Kind, Side};
use super::super::world::{comments, World, PROMPTLY, SOON};
use goldseam_testdb::TestDb;
use serde_json::{json, Value};
use std::time::Duration;

fn has(items: &[Value], kind: &str, field: &str, value: &Value) -> bool {
    items
        .iter()
        .any(|e| e["kind"] == kind && &e["data"][field] == value)
}

pub async fn edits_deletes_threads_and_pins_follow_both_ways(db: TestDb, kind: Kind) {
    let w = World::start(&db, kind).await;
    let (r, channel) = w.declare("Login fails", "SEV2").await;
    let root = w.chat.say("ada", &channel, "Seeing 500s on login");
    let items = w.wait_timeline(&r, |i| comments(i).len() == 1).await;
    let comment = items.iter().find(|e| e["kind"] == "comment_added").unwrap()["id"].clone();

    // An edit in chat is a new event (the original keeps its text), within 2 s.
    w.chat.edit("ada", &channel, &root, "Seeing 502s on login");
    let edited = json!("Seeing 502s on login");
    let items = w
        .timeline_within(&r, PROMPTLY, |i| has(i, "comment_edited", "body", &edited))
        .await
        .expect("the edit is in the timeline within 2 s");
    assert_eq!(comments(&items)[0].1, "Seeing 500s on login");

    // A reply in the thread answers the comment.
    let reply = w
        .chat
        .reply("ada", &channel, &root, "It is the auth service");
    let items = w.wait_timeline(&r, |i| comments(i).len() == 2).await;
    let reply_event = items
        .iter()
        .rfind(|e| e["kind"] == "comment_added")
        .unwrap();
    assert_eq!(reply_event["data"]["reply_to"], comment);
    let reply_id = reply_event["id"].clone();

    // The pin emoji pins the event in Goldseam; so does the platform's own pin, and its
    // unpin unpins.
    w.chat.react("ada", &channel, &root, "pushpin");
    w.wait_timeline(&r, |i| has(i, "pinned", "event_id", &comment))
        .await;
    w.chat.pin("ada", &channel, &reply);
    w.wait_timeline(&r, |i| has(i, "pinned", "event_id", &reply_id))
        .await;
    w.chat.unpin("ada", &channel, &reply);
    w.wait_timeline(&r, |i| has(i, "unpinned", "event_id", &reply_id))
        .await;

    // A comment from the room, pinned in the room, is pinned in chat.
    let web = w.comment(&w.ada, &r, "Root cause: expired cert").await;
    let mirrored = w
        .bot_posted(&channel, |m| m.text == "Root cause: expired cert")
        .await;
    let p = w
        .app
        .post(
            &w.ada,
            &format!("/api/v1/incidents/{r}/pins"),
            json!({"event_id": web}),
        )
        .await;
    assert!(p.status.is_success(), "{}", p.body);
    assert!(
        w.eventually(SOON, |s| s
            .pinned(&channel)
            .contains(&"Root cause: expired cert".to_string()))
            .await,
        "{:?}",
        w.chat.pinned(&channel)
    );
    // Its echo (the platform telling of the pin) changes nothing: one pin of that comment.
    tokio::time::sleep(Duration::from_millis(800)).await;
    let pins = w
        .timeline(&r)
        .await
        .iter()
        .filter(|e| e["kind"] == "pinned" && e["data"]["event_id"] == web)
        .count();
    assert_eq!(pins, 1);

    // Edited in the room: the message changes in chat within 2 s.
    let e = w
        .app
        .patch(
            &w.ada,
            &format!("/api/v1/incidents/{r}/comments/{web}"),
            json!({"body": "Root cause: expired TLS cert"}),
        )
        .await;
    assert!(e.status.is_success(), "{}", e.body);
    assert!(
        w.eventually(PROMPTLY, |s| s.messages(&channel).iter().any(|m| m.id
            == mirrored.id
            && m.text == "Root cause: expired TLS cert"))
            .await,
        "the room's edit shows in chat within 2 s: {:#?}",
        w.chat.messages(&channel)
    );

    // Deleted in chat: a deletion event within 2 s; deleted in the room: gone from chat
    // within 2 s.
    w.chat.delete("ada", &channel, &root);
    w.timeline_within(&r, PROMPTLY, |i| {
        has(i, "comment_deleted", "comment_id", &comment)
    })
    .await
    .expect("the deletion is in the timeline within 2 s");
    let d = w
        .app
        .call(
            &w.ada,
            reqwest::Method::DELETE,
            &format!("/api/v1/incidents/{r}/comments/{web}"),
            None,
        )
        .await;
    assert!(d.status.is_success(), "{}", d.body);
    assert!(
        w.eventually(PROMPTLY, |s| !s
            .messages(&channel)
            .iter()
            .any(|m| m.id == mirrored.id))
            .await,
        "the room's deletion shows in chat within 2 s"
    );

    // Formatting reads the same on both sides: the room writes Markdown, Slack mrkdwn.
    w.comment(
        &w.ada,
        &r,
        "**Next:** see [the runbook](https://wiki.test/run) & wait",
    )
    .await;
    let shown = match &w.chat {
        Side::Slack(_) => "*Next:* see <https://wiki.test/run|the runbook> &amp; wait",
        Side::Mattermost(_) => "**Next:** see [the runbook](https://wiki.test/run) & wait",
    };
    w.bot_posted(&channel, |m| m.text == shown).await;

    // Mentions read as names in the timeline, whatever the platform's wire form.
    let (said, reads) = match &w.chat {
        Side::Slack(_) => (
            format!(
                "<@{}> can you *check* &lt;auth&gt;? <https://status.test|status>",
                w.bob_chat
            ),
            "@Bob can you **check** <auth>? [status](https://status.test)",
        ),
        Side::Mattermost(_) => (
            "@bob can you **check** <auth>? [status](https://status.test)".to_string(),
            "@bob can you **check** <auth>? [status](https://status.test)",
        ),
    };
    w.chat.say("ada", &channel, &said);
    w.wait_timeline(&r, |i| comments(i).iter().any(|c| c.1 == reads))
        .await;
    w.app.shutdown().await;
}
