//! `/inc` in the incident channel and elsewhere, the declare form, and buttons.

use super::super::side::{Button, Kind, Side};
use super::super::world::{World, SOON};
use goldseam_testdb::TestDb;
use serde_json::Value;
use std::time::Duration;

fn any(items: &[Value], kind: &str, field: &str, value: &str) -> bool {
    items
        .iter()
        .any(|e| e["kind"] == kind && e["data"][field] == value)
}

pub async fn commands_in_the_channel_change_the_incident(db: TestDb, kind: Kind) {
    let w = World::start(&db, kind).await;
    let (r, channel) = w.declare("API latency", "SEV3").await;
    w.chat.command("ada", &channel, "severity SEV2").await;
    w.wait_timeline(&r, |i| any(i, "severity_changed", "to", "SEV2"))
        .await;
    w.told(&w.ada_chat, "Done:").await;
    w.chat
        .command(
            "ada",
            &channel,
            "update Cache warmed, latency back to normal",
        )
        .await;
    w.wait_timeline(&r, |i| {
        any(
            i,
            "status_update",
            "body",
            "Cache warmed, latency back to normal",
        )
    })
    .await;
    // A mention names the person: Slack's `<@U…>`, Mattermost's `@handle`.
    let bob = match &w.chat {
        Side::Slack(_) => format!("<@{}>", w.bob_chat),
        Side::Mattermost(_) => "@bob".to_string(),
    };
    w.chat
        .command("ada", &channel, &format!("lead {bob}"))
        .await;
    w.wait_timeline(&r, |i| {
        i.iter()
            .any(|e| e["kind"] == "role_assigned" && e["data"]["user_id"] == w.bob.id)
    })
    .await;
    // Elsewhere, the incident is named.
    w.chat
        .command("ada", &w.announcements, &format!("{r} resolve"))
        .await;
    w.wait_timeline(&r, |i| any(i, "status_changed", "to", "resolved"))
        .await;
    w.app.shutdown().await;
}

pub async fn unknown_commands_get_their_usage(db: TestDb, kind: Kind) {
    let w = World::start(&db, kind).await;
    let (_, channel) = w.declare("API latency", "SEV3").await;
    w.chat.command("ada", &channel, "frobnicate now").await;
    w.told(&w.ada_chat, "/inc").await;
    w.app.shutdown().await;
}

pub async fn the_declare_form_shows_mistakes_and_declares(db: TestDb, kind: Kind) {
    let w = World::start(&db, kind).await;
    w.chat.command("ada", &w.announcements, "").await;
    assert!(
        w.eventually(SOON, |s| s.declare_form("ada", &w.ada_chat).is_some())
            .await,
        "the declare form opens"
    );
    let form = w.chat.declare_form("ada", &w.ada_chat).unwrap();
    assert!(form.contains("SEV1"), "severities are offered: {form}");
    // No title: the mistake is shown in the form, which stays open, and nothing is declared.
    let errors = w
        .chat
        .submit_declare(
            "ada",
            &w.ada_chat,
            &[("title", "   "), ("severity", "SEV2")],
        )
        .await;
    assert!(errors["title"].is_string(), "{errors}");
    let list = w.app.get(&w.ada, "/api/v1/incidents").await;
    assert_eq!(list.body["items"].as_array().map(Vec::len), Some(0));
    // Filled in: declared in Goldseam and in chat at once.
    let errors = w
        .chat
        .submit_declare(
            "ada",
            &w.ada_chat,
            &[("title", "Webhooks delayed"), ("severity", "SEV2")],
        )
        .await;
    assert!(errors.is_null(), "{errors}");
    let channel = w.channel_of("INC-1").await;
    assert_eq!(channel.name, "inc-1-webhooks-delayed");
    let list = w.app.get(&w.ada, "/api/v1/incidents").await;
    assert_eq!(list.body["items"][0]["title"], "Webhooks delayed");
    assert_eq!(list.body["items"][0]["severity"], "SEV2");
    w.app.shutdown().await;
}

fn resolutions(items: &[Value]) -> usize {
    items
        .iter()
        .filter(|e| e["kind"] == "status_changed" && e["data"]["to"] == "resolved")
        .count()
}

pub async fn buttons_clicked_twice_are_handled_once(db: TestDb, kind: Kind) {
    let w = World::start(&db, kind).await;
    let (r, channel) = w.declare("Disk full", "SEV2").await;
    // Join, on the announcement, adds Bob to the incident's channel, once however often.
    assert!(
        w.eventually(SOON, |s| s
            .with_button(&w.announcements, Button::Join)
            .is_some())
            .await,
        "{:#?}",
        w.chat.messages(&w.announcements)
    );
    let announcement = w.chat.with_button(&w.announcements, Button::Join).unwrap();
    for _ in 0..2 {
        w.chat
            .click("bob", &w.announcements, &announcement, Button::Join, &r)
            .await;
    }
    assert!(
        w.eventually(SOON, |s| s.members(&channel).contains(&w.bob_chat))
            .await
    );
    // Resolve, on the channel's card, clicked twice: resolved once, the second click told so.
    assert!(
        w.eventually(SOON, |s| s.with_button(&channel, Button::Resolve).is_some())
            .await
    );
    let card = w.chat.with_button(&channel, Button::Resolve).unwrap();
    for _ in 0..2 {
        w.chat
            .click("ada", &channel, &card, Button::Resolve, &r)
            .await;
    }
    w.wait_timeline(&r, |i| resolutions(i) == 1).await;
    w.told(&w.ada_chat, "already resolved").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(resolutions(&w.timeline(&r).await), 1);
    let members = w.chat.members(&channel);
    assert_eq!(members.iter().filter(|m| **m == w.bob_chat).count(), 1);
    w.app.shutdown().await;
}
