//! Events API over HTTP: signed envelopes, what is sent, retries and their headers.

use super::support::*;
use goldseam_fakes::slack::{sign, FakeSlack, Outcome};
use serde_json::json;
use std::time::Duration;

async fn http_fake(
    r: &Receiver,
    f: impl FnOnce(&mut goldseam_fakes::slack::SlackOptions),
) -> FakeSlack {
    let events = r.url_for("events");
    fake_with(|o| {
        o.events_url = events;
        f(o)
    })
    .await
}

#[tokio::test]
async fn events_are_signed_event_callbacks_only_for_channels_the_bot_is_in() {
    let r = Receiver::start().await;
    let fake = http_fake(&r, |_| {}).await;
    let (alice, _, ch) = seeded(&fake).await;
    let elsewhere = fake.create_channel("alice", "random", false);
    fake.say("alice", &elsewhere, "not for the bot");
    let ts = fake.say("alice", &ch, "db is down");
    let posted = ok(
        &fake,
        "chat.postMessage",
        json!({"channel": ch, "text": "Incident declared"}),
    )
    .await;
    // The bot joining #incidents: channel_join + member_joined_channel, then the two messages.
    let got = events(&fake, &r, 4).await;
    let secret = fake.options().signing_secret;
    for g in &got {
        let stamp = g.header("x-slack-request-timestamp").unwrap();
        assert_eq!(
            g.header("x-slack-signature").unwrap(),
            sign(&secret, stamp, g.body.as_bytes())
        );
        let v = g.json();
        assert_eq!(v["type"], "event_callback");
        assert!(v["event_id"].as_str().unwrap().starts_with("Ev"));
        assert_eq!(
            v["authorizations"][0]["user_id"],
            fake.options().bot_user_id
        );
        assert_eq!(v["event"]["channel"], ch, "nothing from #random");
    }
    let types: Vec<_> = got
        .iter()
        .map(|g| {
            (
                g.json()["event"]["type"].clone(),
                g.json()["event"]["subtype"].clone(),
            )
        })
        .collect();
    assert_eq!(types[1], (json!("member_joined_channel"), json!(null)));
    let said = got[2].json()["event"].clone();
    assert_eq!(
        (
            said["user"].as_str(),
            said["text"].as_str(),
            said["ts"].as_str()
        ),
        (Some(alice.as_str()), Some("db is down"), Some(ts.as_str()))
    );
    assert_eq!(said["channel_type"], "channel");
    let own = got[3].json()["event"].clone();
    assert_eq!(
        own["bot_id"],
        fake.options().bot_id,
        "the app hears its own messages, marked"
    );
    assert_eq!(own["ts"], posted["ts"]);
    assert!(fake
        .deliveries()
        .iter()
        .all(|d| d.succeeded() && d.attempt == 0));
}

#[tokio::test]
async fn edits_deletes_threads_files_pins_and_reactions_arrive_in_slacks_shapes() {
    let r = Receiver::start().await;
    let fake = http_fake(&r, |_| {}).await;
    let (alice, bob, ch) = seeded(&fake).await;
    fake.join("bob", &ch);
    let before = events(&fake, &r, 4).await.len();
    let ts = fake.say("alice", &ch, "typo");
    fake.edit("alice", &ch, &ts, "fixed");
    let reply = fake.reply("bob", &ch, &ts, "in thread");
    fake.share_file("bob", &ch, "graph.png", "look");
    fake.pin("bob", &ch, &ts);
    fake.react("bob", &ch, &ts, "eyes");
    fake.delete("alice", &ch, &ts);
    let got = events(&fake, &r, before + 7).await;
    let ev: Vec<serde_json::Value> = got[before..]
        .iter()
        .map(|g| g.json()["event"].clone())
        .collect();
    assert_eq!(ev[1]["subtype"], "message_changed");
    assert_eq!(
        (
            ev[1]["message"]["text"].as_str(),
            ev[1]["previous_message"]["text"].as_str()
        ),
        (Some("fixed"), Some("typo"))
    );
    assert_eq!(ev[1]["message"]["edited"]["user"], alice);
    assert_eq!(
        (ev[2]["thread_ts"].as_str(), ev[2]["ts"].as_str()),
        (Some(ts.as_str()), Some(reply.as_str()))
    );
    assert_eq!(ev[2]["parent_user_id"], alice);
    assert_eq!(ev[3]["subtype"], "file_share");
    assert_eq!(ev[3]["files"][0]["name"], "graph.png");
    assert!(ev[3]["files"][0]["url_private"]
        .as_str()
        .unwrap()
        .starts_with("https://files.slack.com/"));
    assert_eq!(
        (
            ev[4]["type"].as_str(),
            ev[4]["item"]["message"]["ts"].as_str()
        ),
        (Some("pin_added"), Some(ts.as_str()))
    );
    assert_eq!(
        (
            ev[5]["type"].as_str(),
            ev[5]["reaction"].as_str(),
            ev[5]["user"].as_str()
        ),
        (Some("reaction_added"), Some("eyes"), Some(bob.as_str()))
    );
    assert_eq!(
        ev[5]["item"],
        json!({"type": "message", "channel": ch, "ts": ts})
    );
    assert_eq!(
        (ev[6]["subtype"].as_str(), ev[6]["deleted_ts"].as_str()),
        (Some("message_deleted"), Some(ts.as_str()))
    );
    assert_eq!(ev[6]["previous_message"]["text"], "fixed");
}

#[tokio::test]
async fn a_failed_event_is_retried_three_times_with_slacks_headers_and_the_same_event_id() {
    let r = Receiver::start().await;
    for _ in 0..4 {
        r.then(Answer::status(500));
    }
    let fake = http_fake(&r, |_| {}).await;
    fake.open_home(&fake.add_user("alice", "a@example.com"));
    let got = events(&fake, &r, 4).await;
    let ids: Vec<_> = got.iter().map(|g| g.json()["event_id"].clone()).collect();
    assert!(ids.iter().all(|i| *i == ids[0]), "{ids:?}");
    let retry: Vec<_> = got
        .iter()
        .map(|g| {
            (
                g.header("x-slack-retry-num"),
                g.header("x-slack-retry-reason"),
            )
        })
        .collect();
    assert_eq!(
        retry,
        [
            (None, None),
            (Some("1"), Some("http_error")),
            (Some("2"), Some("http_error")),
            (Some("3"), Some("http_error"))
        ]
    );
    // Then Slack gives up.
    assert!(
        !fake
            .wait_for(Duration::from_millis(200), |_| r.events().len() > 4)
            .await
    );
    assert_eq!(
        fake.deliveries()
            .iter()
            .map(|d| d.attempt)
            .collect::<Vec<_>>(),
        [0, 1, 2, 3]
    );
}

#[tokio::test]
async fn a_2xx_after_a_failure_stops_the_retries_and_no_retry_stops_them_at_once() {
    let r = Receiver::start().await;
    r.then(Answer::status(503)).then(Answer::status(200));
    r.then(Answer {
        no_retry: true,
        ..Answer::status(500)
    });
    let fake = http_fake(&r, |_| {}).await;
    let alice = fake.add_user("alice", "a@example.com");
    fake.open_home(&alice);
    events(&fake, &r, 2).await;
    fake.open_home(&alice);
    events(&fake, &r, 3).await;
    assert!(
        !fake
            .wait_for(Duration::from_millis(200), |_| r.events().len() > 3)
            .await,
        "no more retries"
    );
    let d = fake.deliveries();
    assert!(
        matches!(
            d[2].outcome,
            Outcome::Answered {
                status: 500,
                no_retry: true,
                ..
            }
        ),
        "{:?}",
        d[2].outcome
    );
}

#[tokio::test]
async fn a_slow_app_gets_an_http_timeout_retry_while_its_first_answer_is_still_pending() {
    let r = Receiver::start().await;
    r.then(Answer {
        delay: Duration::from_millis(600),
        ..Answer::status(200)
    });
    let fake = http_fake(&r, |o| o.ack_timeout = Duration::from_millis(150)).await;
    fake.open_home(&fake.add_user("alice", "a@example.com"));
    let got = events(&fake, &r, 2).await;
    assert_eq!(
        (
            got[1].header("x-slack-retry-num"),
            got[1].header("x-slack-retry-reason")
        ),
        (Some("1"), Some("http_timeout"))
    );
    assert_eq!(got[0].json()["event_id"], got[1].json()["event_id"]);
    // The first request's late answer is noted once it comes.
    assert!(
        fake.wait_for(WAIT, |f| f.deliveries()[0].late == Some(200))
            .await
    );
    assert_eq!(fake.deliveries()[0].outcome, Outcome::TimedOut);
}

#[tokio::test]
async fn events_wait_while_there_is_nowhere_to_send_them() {
    let r = Receiver::start().await;
    let fake = fake().await;
    let alice = fake.add_user("alice", "a@example.com");
    fake.open_home(&alice);
    assert!(
        !fake
            .wait_for(Duration::from_millis(100), |f| !f.deliveries().is_empty())
            .await
    );
    fake.set_request_urls(r.url_for("events"), None, None);
    let got = events(&fake, &r, 1).await;
    assert_eq!(got[0].json()["event"]["type"], "app_home_opened");
}

#[tokio::test]
async fn stale_and_forged_signatures_can_be_sent_on_purpose() {
    let r = Receiver::start().await;
    let fake = http_fake(&r, |_| {}).await;
    let alice = fake.add_user("alice", "a@example.com");
    fake.set_clock_offset(-600);
    fake.open_home(&alice);
    let got = events(&fake, &r, 1).await;
    let stamp: i64 = got[0]
        .header("x-slack-request-timestamp")
        .unwrap()
        .parse()
        .unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    assert!((now - stamp - 600).abs() <= 2, "ten minutes old");
    fake.set_clock_offset(0);
    fake.forge_signatures(Some("not-the-secret".into()));
    fake.open_home(&alice);
    let got = events(&fake, &r, 2).await;
    let stamp = got[1].header("x-slack-request-timestamp").unwrap();
    assert_ne!(
        got[1].header("x-slack-signature").unwrap(),
        sign(
            &fake.options().signing_secret,
            stamp,
            got[1].body.as_bytes()
        )
    );
}

#[tokio::test]
async fn url_verification_is_sent_on_demand() {
    let r = Receiver::start().await;
    r.then(Answer::json(json!({"challenge": "abc123"})));
    let fake = http_fake(&r, |_| {}).await;
    let reply = fake.verify_url("abc123").await.unwrap();
    assert_eq!(reply.json["challenge"], "abc123");
    let sent = r.events()[0].json();
    assert_eq!(
        (sent["type"].as_str(), sent["challenge"].as_str()),
        (Some("url_verification"), Some("abc123"))
    );
}

#[tokio::test]
async fn link_shared_and_unfurls() {
    let r = Receiver::start().await;
    let fake = http_fake(&r, |_| {}).await;
    let (_, _, ch) = seeded(&fake).await;
    let ts = fake.share_link("alice", &ch, "https://goldseam.example.com/incidents/INC-7");
    let got = events(&fake, &r, 4).await;
    let e = got[3].json()["event"].clone();
    assert_eq!(e["type"], "link_shared");
    assert_eq!(
        e["links"][0],
        json!({"domain": "goldseam.example.com", "url": "https://goldseam.example.com/incidents/INC-7"})
    );
    assert_eq!(e["message_ts"], ts);
    let unfurls =
        json!({"https://goldseam.example.com/incidents/INC-7": {"text": "INC-7 (restricted)"}});
    ok(
        &fake,
        "chat.unfurl",
        json!({"unfurl_id": e["unfurl_id"], "source": e["source"], "unfurls": unfurls}),
    )
    .await;
    assert_eq!(fake.unfurls()[0].unfurls, unfurls);
}
