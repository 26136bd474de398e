//! The Web API on messages, users, pins, reactions, topics and ephemerals.

use super::support::*;
use serde_json::json;

#[tokio::test]
async fn posting_needs_membership_only_in_private_channels() {
    let fake = fake().await;
    seeded(&fake).await;
    let secret = fake.create_channel("alice", "secret", true);
    let open = fake.create_channel("alice", "open", false);
    assert_eq!(
        err(
            &fake,
            "chat.postMessage",
            json!({"channel": secret, "text": "x"})
        )
        .await,
        "not_in_channel"
    );
    let posted = ok(
        &fake,
        "chat.postMessage",
        json!({"channel": open, "text": "public is fine"}),
    )
    .await;
    assert_eq!(posted["channel"], open);
    assert_eq!(posted["message"]["bot_id"], fake.options().bot_id);
    assert_eq!(
        err(&fake, "chat.postMessage", json!({"channel": open})).await,
        "no_text"
    );
    assert_eq!(
        err(
            &fake,
            "chat.postMessage",
            json!({"channel": "C404", "text": "x"})
        )
        .await,
        "channel_not_found"
    );
    ok(
        &fake,
        "conversations.archive",
        json!({"channel": "incidents"}),
    )
    .await;
    assert_eq!(
        err(
            &fake,
            "chat.postMessage",
            json!({"channel": "incidents", "text": "x"})
        )
        .await,
        "is_archived"
    );
    assert!(fake.channel("incidents").unwrap().is_archived);
}

#[tokio::test]
async fn message_ts_values_are_unique_increasing_and_slack_shaped() {
    let fake = fake().await;
    let (_, _, ch) = seeded(&fake).await;
    let mut seen = Vec::new();
    for i in 0..30 {
        let ts = if i % 2 == 0 {
            fake.say("alice", &ch, "from a person")
        } else {
            ok(
                &fake,
                "chat.postMessage",
                json!({"channel": ch, "text": "from the app"}),
            )
            .await["ts"]
                .as_str()
                .unwrap()
                .to_string()
        };
        let (secs, micros) = ts.split_once('.').expect("secs.micros");
        assert!(
            secs.len() == 10
                && micros.len() == 6
                && ts.chars().all(|c| c.is_ascii_digit() || c == '.'),
            "{ts}"
        );
        seen.push(ts);
    }
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted, seen, "ts values only grow");
}

#[tokio::test]
async fn only_the_bots_own_messages_can_be_updated_or_deleted() {
    let fake = fake().await;
    let (_, _, ch) = seeded(&fake).await;
    let theirs = fake.say("alice", &ch, "mine");
    assert_eq!(
        err(
            &fake,
            "chat.update",
            json!({"channel": ch, "ts": theirs, "text": "x"})
        )
        .await,
        "cant_update_message"
    );
    assert_eq!(
        err(&fake, "chat.delete", json!({"channel": ch, "ts": theirs})).await,
        "cant_delete_message"
    );
    assert_eq!(
        err(
            &fake,
            "chat.update",
            json!({"channel": ch, "ts": "1.000001", "text": "x"})
        )
        .await,
        "message_not_found"
    );
    let ts = ok(
        &fake,
        "chat.postMessage",
        json!({"channel": ch, "text": "SEV2"}),
    )
    .await["ts"]
        .as_str()
        .unwrap()
        .to_string();
    let updated = ok(
        &fake,
        "chat.update",
        json!({"channel": ch, "ts": ts, "text": "SEV1"}),
    )
    .await;
    assert_eq!(
        (updated["ts"].as_str(), updated["text"].as_str()),
        (Some(ts.as_str()), Some("SEV1"))
    );
    let m = fake.message(&ch, &ts).unwrap();
    assert_eq!(m.text, "SEV1");
    assert!(m.edited.is_some());
    let link = ok(
        &fake,
        "chat.getPermalink",
        json!({"channel": ch, "message_ts": ts}),
    )
    .await;
    assert_eq!(
        link["permalink"],
        format!(
            "https://goldseam-test.slack.com/archives/{ch}/p{}",
            ts.replace('.', "")
        )
    );
    ok(&fake, "chat.delete", json!({"channel": ch, "ts": ts})).await;
    assert!(fake.message(&ch, &ts).unwrap().deleted);
    assert_eq!(
        err(
            &fake,
            "chat.getPermalink",
            json!({"channel": ch, "message_ts": ts})
        )
        .await,
        "message_not_found"
    );
}

#[tokio::test]
async fn users_are_found_by_email_and_id() {
    let fake = fake().await;
    let (alice, _, _) = seeded(&fake).await;
    let found = ok(
        &fake,
        "users.lookupByEmail",
        json!({"email": "Alice@Example.com"}),
    )
    .await;
    assert_eq!(found["user"]["id"], alice);
    assert_eq!(found["user"]["profile"]["email"], "alice@example.com");
    assert_eq!(
        err(
            &fake,
            "users.lookupByEmail",
            json!({"email": "nobody@example.com"})
        )
        .await,
        "users_not_found"
    );
    fake.deactivate("alice");
    let info = ok(&fake, "users.info", json!({"user": alice})).await;
    assert_eq!(
        (
            info["user"]["deleted"].as_bool(),
            info["user"]["is_bot"].as_bool()
        ),
        (Some(true), Some(false))
    );
    assert_eq!(info["user"]["real_name"], "alice");
    assert_eq!(
        err(&fake, "users.info", json!({"user": "U404"})).await,
        "user_not_found"
    );
}

#[tokio::test]
async fn pins_reactions_topic_and_ephemerals() {
    let fake = fake().await;
    let (alice, _, ch) = seeded(&fake).await;
    let ts = fake.say("alice", &ch, "the fix is deployed");
    ok(&fake, "pins.add", json!({"channel": ch, "timestamp": ts})).await;
    assert_eq!(
        err(&fake, "pins.add", json!({"channel": ch, "timestamp": ts})).await,
        "already_pinned"
    );
    assert_eq!(fake.pins(&ch).len(), 1);
    ok(
        &fake,
        "reactions.add",
        json!({"channel": ch, "timestamp": ts, "name": "eyes"}),
    )
    .await;
    assert_eq!(
        err(
            &fake,
            "reactions.add",
            json!({"channel": ch, "timestamp": ts, "name": "eyes"})
        )
        .await,
        "already_reacted"
    );
    assert_eq!(fake.reactions(&ch)[0].name, "eyes");
    let topic = ok(
        &fake,
        "conversations.setTopic",
        json!({"channel": ch, "topic": "SEV1 | lead: alice"}),
    )
    .await;
    assert_eq!(topic["channel"]["topic"]["value"], "SEV1 | lead: alice");
    ok(
        &fake,
        "chat.postEphemeral",
        json!({"channel": ch, "user": alice, "text": "only you"}),
    )
    .await;
    assert_eq!(fake.ephemerals_for(&alice)[0].text, "only you");
    let bob = fake.add_user("outsider", "o@example.com");
    assert_eq!(
        err(
            &fake,
            "chat.postEphemeral",
            json!({"channel": ch, "user": bob, "text": "x"})
        )
        .await,
        "user_not_in_channel"
    );
}
