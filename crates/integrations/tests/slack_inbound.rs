//! Slack events as the fake Slack delivers them (signed, over HTTP) read into core's
//! `Inbound`: messages, thread replies, files, edits and deletes, reactions, pins, joins,
//! links and the App Home; the bot's own doings and other bots ignored; a retried event
//! carries the same dedup id.

mod slack_support;

use goldseam_core::chat::inbound::{Inbound, SharedFile};
use serde_json::json;
use slack_support::*;

#[tokio::test]
async fn messages_replies_and_files_become_messages() {
    let (fake, app) = http_fake().await;
    let (alice, bob, ch) = seeded(&fake);
    let ts = fake.say("alice", &ch, "db is down");
    let reply = fake.reply("bob", &ch, &ts, "looking");
    let file_ts = fake.share_file("alice", &ch, "graph.png", "see the graph");
    let got = wait_inbound(&fake, &app, 4).await;
    // bob joining comes first (the bot was in the channel by then).
    assert_eq!(
        got[0],
        Inbound::MemberJoined {
            channel: ch.clone(),
            user: bob.clone()
        }
    );
    assert_eq!(
        got[1],
        Inbound::Message {
            channel: ch.clone(),
            user: alice.clone(),
            ts: ts.clone(),
            thread_ts: None,
            text: "db is down".into(),
            files: vec![],
        }
    );
    assert_eq!(
        got[2],
        Inbound::Message {
            channel: ch.clone(),
            user: bob,
            ts: reply,
            thread_ts: Some(ts),
            text: "looking".into(),
            files: vec![],
        }
    );
    let file = &fake.message(&ch, &file_ts).unwrap().files[0];
    assert_eq!(
        got[3],
        Inbound::Message {
            channel: ch,
            user: alice,
            ts: file_ts,
            thread_ts: None,
            text: "see the graph".into(),
            files: vec![SharedFile {
                name: "graph.png".into(),
                url: file.permalink.clone(),
            }],
        }
    );
    // Each event is known by its event_id.
    let ids: Vec<_> = app.received().into_iter().map(|p| p.dedup_id).collect();
    let sent: Vec<_> = fake
        .deliveries()
        .into_iter()
        .filter_map(|d| d.event_id)
        .collect();
    assert_eq!(ids, sent);
}

#[tokio::test]
async fn edits_and_deletes_name_the_message() {
    let (fake, app) = http_fake().await;
    let (alice, _, ch) = seeded(&fake);
    let ts = fake.say("alice", &ch, "db is dwon");
    fake.edit("alice", &ch, &ts, "db is down");
    fake.delete("alice", &ch, &ts);
    let got = wait_inbound(&fake, &app, 4).await;
    assert_eq!(
        got[2],
        Inbound::MessageEdited {
            channel: ch.clone(),
            user: alice,
            ts: ts.clone(),
            text: "db is down".into(),
        }
    );
    assert_eq!(got[3], Inbound::MessageDeleted { channel: ch, ts });
}

#[tokio::test]
async fn reactions_pins_links_and_the_home_tab() {
    let (fake, app) = http_fake().await;
    let (alice, bob, ch) = seeded(&fake);
    let ts = fake.say("alice", &ch, "root cause found");
    fake.react("bob", &ch, &ts, "eyes");
    fake.unreact("bob", &ch, &ts, "eyes");
    fake.pin("alice", &ch, &ts);
    fake.unpin("alice", &ch, &ts);
    let link_ts = fake.share_link("bob", &ch, "https://goldseam.example.com/incidents/42");
    fake.open_home("alice");
    let got = wait_inbound(&fake, &app, 9).await;
    let (c, t) = (ch.clone(), ts.clone());
    assert_eq!(
        got[2..6],
        [
            Inbound::ReactionAdded {
                channel: c.clone(),
                ts: t.clone(),
                user: bob.clone(),
                emoji: "eyes".into()
            },
            Inbound::ReactionRemoved {
                channel: c.clone(),
                ts: t.clone(),
                user: bob.clone(),
                emoji: "eyes".into()
            },
            Inbound::Pinned {
                channel: c.clone(),
                ts: t.clone(),
                user: alice.clone()
            },
            Inbound::Unpinned {
                channel: c,
                ts: t,
                user: alice.clone()
            },
        ]
    );
    // The link's own message, then link_shared.
    assert!(matches!(&got[6], Inbound::Message { ts, .. } if *ts == link_ts));
    let Inbound::LinkShared {
        channel,
        ts,
        user,
        links,
        unfurl_id,
        source,
    } = &got[7]
    else {
        panic!("{:?}", got[7]);
    };
    assert_eq!((channel, ts, user), (&ch, &link_ts, &bob));
    assert_eq!(links, &["https://goldseam.example.com/incidents/42"]);
    assert!(unfurl_id.is_some());
    assert_eq!(source.as_deref(), Some("conversations_history"));
    assert_eq!(got[8], Inbound::HomeOpened { user: alice });
}

#[tokio::test]
async fn the_bots_own_doings_and_other_bots_are_ignored() {
    let (fake, app) = http_fake().await;
    let (_, _, ch) = seeded(&fake);
    let other = fake.add_bot_user("deploybot");
    fake.join(&other, &ch);
    let posted = api(
        &fake,
        "chat.postMessage",
        json!({"channel": ch, "text": "INC-1 declared"}),
    )
    .await;
    let ts = posted["ts"].as_str().unwrap();
    api(
        &fake,
        "chat.update",
        json!({"channel": ch, "ts": ts, "text": "INC-1 mitigated"}),
    )
    .await;
    api(
        &fake,
        "reactions.add",
        json!({"channel": ch, "timestamp": ts, "name": "white_check_mark"}),
    )
    .await;
    api(&fake, "pins.add", json!({"channel": ch, "timestamp": ts})).await;
    fake.say(&other, &ch, "deployed v42");
    api(&fake, "chat.delete", json!({"channel": ch, "ts": ts})).await;
    // A person's message last: everything before it has been delivered once it arrives.
    fake.say("alice", &ch, "thanks");
    let got = wait_inbound(&fake, &app, 3).await;
    let reasons: Vec<String> = app
        .received()
        .into_iter()
        .filter_map(|p| match p.inbound {
            Inbound::Ignored { reason } => Some(reason),
            _ => None,
        })
        .collect();
    // The bot's channel_join and member_joined_channel, bob's and the other bot's
    // channel_join messages; our post, edit, reaction, pin and delete; the other bot's
    // message.
    assert_eq!(reasons.len(), 10, "{reasons:#?}");
    for what in [
        "bot joined",
        "bot's message was changed",
        "reaction_added",
        "pin_added",
    ] {
        assert!(
            reasons.iter().any(|r| r.contains(what)),
            "{what}: {reasons:#?}"
        );
    }
    // Joining is joining, bot or not; only people's messages are mirrored.
    assert_eq!(
        got[1],
        Inbound::MemberJoined {
            channel: ch.clone(),
            user: other
        }
    );
    assert!(matches!(&got[2], Inbound::Message { text, .. } if text == "thanks"));
    assert_eq!(got.len(), 3, "{got:#?}");
}

#[tokio::test]
async fn a_retried_event_keeps_its_dedup_id() {
    let (fake, app) = http_fake().await;
    let (_, _, ch) = seeded(&fake);
    // The bot's and bob's joins (two events each), then alice's message, answered 500 once.
    let before = wait_got(&fake, &app, 4).await.len();
    *app.fail_events.lock().unwrap() = 1;
    fake.say("alice", &ch, "db is down");
    let got = wait_got(&fake, &app, before + 2).await;
    let ids: Vec<_> = app.received().into_iter().map(|p| p.dedup_id).collect();
    assert_eq!(got.len(), before + 2);
    assert_eq!(ids[before], ids[before + 1], "the retry is the same event");
    let retry = fake.deliveries().into_iter().last().unwrap();
    assert_eq!(
        (retry.attempt, retry.retry_reason.as_deref()),
        (1, Some("http_error"))
    );
}
