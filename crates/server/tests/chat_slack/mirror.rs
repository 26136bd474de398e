//! The incident channel and the timeline, kept in step both ways.

use super::{comments, World, SOON};
use goldseam_fakes::slack::SlackOptions;
use goldseam_testdb::TestDb;
use serde_json::json;

pub async fn messages_become_comments_and_comments_messages_without_echo(db: TestDb) {
    let w = World::start(&db, SlackOptions::for_tests()).await;
    let (r, channel) = w.declare("Checkout down", "SEV1").await;
    w.slack.join("bob", &channel);
    // Slack → timeline, by the author matched by email.
    w.slack.say("ada", &channel, "Rolling back the deploy");
    w.slack.say("bob", &channel, "Error rate is dropping");
    let items = w
        .wait_timeline(&r, |items| comments(items).len() == 2)
        .await;
    assert_eq!(
        comments(&items),
        [
            (
                "Ada".into(),
                "Rolling back the deploy".into(),
                Some("slack".into())
            ),
            (
                "Bob".into(),
                "Error rate is dropping".into(),
                Some("slack".into())
            ),
        ]
    );
    // Timeline → Slack, under the author's name.
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
        w.slack
            .wait_for(SOON, |s| s
                .messages(&channel)
                .iter()
                .any(|m| m.text == "Confirmed from the dashboard"
                    && m.username.as_deref() == Some("Bob")))
            .await,
        "{:#?}",
        w.slack.messages(&channel)
    );
    // No echo: the comment written in Slack is not posted back, nor the web one twice.
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    let texts: Vec<String> = w
        .slack
        .messages(&channel)
        .into_iter()
        .map(|m| m.text)
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
        w.slack
            .wait_for(SOON, |s| s
                .messages(&channel)
                .iter()
                .any(|m| m.text.contains("Mitigated by the rollback")))
            .await
    );
    w.app.shutdown().await;
}

pub async fn edits_deletes_threads_and_pins_follow_both_ways(db: TestDb) {
    let w = World::start(&db, SlackOptions::for_tests()).await;
    let (r, channel) = w.declare("Login fails", "SEV2").await;
    let ts = w.slack.say("ada", &channel, "Seeing 500s on login");
    let items = w.wait_timeline(&r, |i| comments(i).len() == 1).await;
    let comment_id = items.iter().find(|e| e["kind"] == "comment_added").unwrap()["id"]
        .as_i64()
        .unwrap();
    // An edit in Slack is a new event; the original keeps its text.
    w.slack.edit("ada", &channel, &ts, "Seeing 502s on login");
    w.wait_timeline(&r, |i| {
        i.iter()
            .any(|e| e["kind"] == "comment_edited" && e["data"]["body"] == "Seeing 502s on login")
    })
    .await;
    // A reply in the thread answers the comment.
    w.slack
        .reply("ada", &channel, &ts, "It is the auth service");
    let items = w.wait_timeline(&r, |i| comments(i).len() == 2).await;
    let reply = items
        .iter()
        .rfind(|e| e["kind"] == "comment_added")
        .unwrap();
    assert_eq!(reply["data"]["reply_to"], comment_id);
    // The pin emoji pins the event in Goldseam.
    w.slack.react("ada", &channel, &ts, "pushpin");
    w.wait_timeline(&r, |i| {
        i.iter()
            .any(|e| e["kind"] == "pinned" && e["data"]["event_id"] == comment_id)
    })
    .await;
    // A pin in Goldseam pins the message in Slack.
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
        w.slack
            .wait_for(SOON, |s| s
                .messages(&channel)
                .iter()
                .any(|m| m.text == "Root cause: expired cert"))
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
        w.slack
            .wait_for(SOON, |s| s.pins(&channel).iter().any(|p| s
                .message(&channel, &p.ts)
                .is_some_and(|m| m.text == "Root cause: expired cert")))
            .await,
        "{:#?}",
        w.slack.pins(&channel)
    );
    // Deleted in Slack: a deletion event; deleted in the room: gone from Slack.
    w.slack.delete("ada", &channel, &ts);
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
        w.slack
            .wait_for(SOON, |s| !s
                .messages(&channel)
                .iter()
                .any(|m| m.text == "Root cause: expired cert"))
            .await
    );
    w.app.shutdown().await;
}

pub async fn someone_without_an_account_is_told_and_nothing_is_recorded(db: TestDb) {
    let w = World::start(&db, SlackOptions::for_tests()).await;
    let (r, channel) = w.declare("Queue backlog", "SEV3").await;
    w.slack.join("carol", &channel);
    w.slack
        .say("carol", &channel, "Is this why my export is stuck?");
    assert!(
        w.slack
            .wait_for(SOON, |s| s
                .ephemerals_for(&w.carol_slack)
                .iter()
                .any(|e| e.text.contains("no active account")))
            .await,
        "{:#?}",
        w.slack.ephemerals_for(&w.carol_slack)
    );
    // Ada's message after Carol's is recorded: Carol's did not hold up the channel.
    w.slack
        .say("ada", &channel, "Yes, exports wait behind the backlog");
    let items = w.wait_timeline(&r, |i| !comments(i).is_empty()).await;
    assert_eq!(comments(&items).len(), 1);
    assert_eq!(comments(&items)[0].0, "Ada");
    w.app.shutdown().await;
}
