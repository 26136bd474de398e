//! Lanes: bulk traffic (the mirror, announcement edits) waits for its own tokens, and a page
//! posted meanwhile goes out at once.

use super::support::*;
use goldseam_fakes::slack::{Limit, RateLimits};
use goldseam_integrations::chat::slack::client::{OutMessage, SlackError};
use goldseam_integrations::chat::slack::rate::Lane;
use std::time::{Duration, Instant};
use tokio::task::JoinSet;

fn msg(channel: &str, text: &str) -> OutMessage {
    OutMessage {
        channel: channel.into(),
        text: text.into(),
        ..OutMessage::default()
    }
}

/// The bound the contract sets for a page behind a backlog.
const URGENT: Duration = Duration::from_secs(2);

#[tokio::test]
async fn urgent_posts_go_out_at_once_behind_a_bulk_backlog() {
    // chat.update is tight in the workspace: announcement edits pile up behind 429s.
    let fake = fake_with(|o| {
        o.rate_limits = RateLimits::none().with("chat.update", 3, Duration::from_secs(10))
    })
    .await;
    let s = seed(&fake);
    let oncall = fake.create_channel("alice", "oncall", false);
    let slack = client(&fake);
    let announcement = slack
        .post_message(Lane::Bulk, &msg(&s.channel, "v0"))
        .await
        .unwrap();
    let mut edits = JoinSet::new();
    for v in 1..=10 {
        let (c, ch, ts) = (slack.clone(), s.channel.clone(), announcement.clone());
        edits.spawn(async move { c.update_message(&ch, &ts, &format!("v{v}"), None).await });
    }
    // The mirror posts to 30 incident channels, two messages each, and six to #oncall: more
    // than the bulk lane may take from chat.postMessage's bucket at once, and more than
    // #oncall's bucket holds.
    let incidents: Vec<String> = (0..30)
        .map(|i| fake.create_channel("alice", &format!("inc-{i}"), false))
        .collect();
    let mut mirrored: Vec<(String, String)> = (0..60)
        .map(|i| (incidents[i % 30].clone(), format!("mirrored {i}")))
        .collect();
    mirrored.extend((0..6).map(|i| (oncall.clone(), format!("oncall chatter {i}"))));
    let mut posts = JoinSet::new();
    for (ch, text) in &mirrored {
        let (c, m) = (slack.clone(), msg(ch, text));
        posts.spawn(async move { c.post_message(Lane::Bulk, &m).await });
    }
    let backlogged = fake
        .wait_for(WAIT, |f| {
            f.calls("chat.postMessage").len() >= 50
                && f.calls("chat.update").iter().any(|c| c.status == 429)
        })
        .await;
    assert!(backlogged, "the bulk traffic got going");

    // A page to a person and one to the on-call channel.
    let mut pages = Vec::new();
    for to in [&s.alice, &oncall] {
        let started = Instant::now();
        let (c, m) = (slack.clone(), msg(to, "INC-7 SEV1: you are paged"));
        // A task like the bulk calls', so that it is woken no sooner than they are.
        let page = tokio::spawn(async move { c.post_message(Lane::Urgent, &m).await });
        pages.push(page.await.unwrap().unwrap());
        let took = started.elapsed();
        assert!(took < URGENT, "the page to {to} took {took:?}");
    }
    let edited = fake.calls("chat.update").iter().filter(|c| c.ok()).count();
    assert!(edited < 10, "the edits were still waiting ({edited} done)");

    while let Some(posted) = posts.join_next().await {
        posted.unwrap().unwrap();
    }
    let sent = fake.calls("chat.postMessage");
    assert_eq!(sent.len(), 1 + 66 + 2, "every post went out once");
    for page in &pages {
        let at = sent
            .iter()
            .position(|c| c.answer["ts"] == page.as_str())
            .expect("the page");
        let later = &sent[at + 1..];
        assert!(
            later.iter().any(|c| c.params["channel"] == oncall.as_str()),
            "#oncall chatter queued before the page went out after it"
        );
    }
    edits.abort_all();
}

#[tokio::test]
async fn a_429_in_a_busy_channel_holds_posts_there_and_not_a_page() {
    // Posts limited per channel, two per five seconds: a 429 asks to wait longer than a
    // page may.
    let per_channel = Limit {
        max: 2,
        per: Duration::from_secs(5),
        per_channel: true,
    };
    let fake = fake_with(|o| {
        o.rate_limits = RateLimits::none();
        o.rate_limits
            .overrides
            .insert("chat.postMessage".into(), per_channel);
    })
    .await;
    let s = seed(&fake);
    let slack = client(&fake);
    let mut posts = JoinSet::new();
    for i in 0..3 {
        let (c, m) = (slack.clone(), msg(&s.channel, &format!("update {i}")));
        posts.spawn(async move { c.post_message(Lane::Bulk, &m).await });
    }
    let limited = fake
        .wait_for(WAIT, |f| {
            f.calls("chat.postMessage").iter().any(|c| c.status == 429)
        })
        .await;
    assert!(limited, "the busy channel hit its limit");
    // The fake logs a call before its answer reaches the client: give the client the moment
    // it takes to read its 429 and pause.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let started = Instant::now();
    slack
        .post_message(Lane::Urgent, &msg(&s.alice, "you are paged"))
        .await
        .unwrap();
    assert!(started.elapsed() < URGENT, "{:?}", started.elapsed());
    while let Some(posted) = posts.join_next().await {
        posted.unwrap().unwrap();
    }
    let ours = fake
        .messages(&s.channel)
        .into_iter()
        .filter(|m| m.bot_id.is_some())
        .count();
    assert_eq!(ours, 3, "the busy channel's posts all went");
    // Without patience, a post to the paused channel hands the wait back.
    let hasty = slack.clone().with_patience(Duration::ZERO);
    let mut waited = None;
    for i in 0..5 {
        match hasty
            .post_message(Lane::Bulk, &msg(&s.channel, &format!("more {i}")))
            .await
        {
            Ok(_) => {}
            Err(e @ SlackError::RateLimited { .. }) => {
                waited = Some(e);
                break;
            }
            Err(e) => panic!("{e:?}"),
        }
    }
    assert!(waited.is_some(), "the channel's limit was reached");
}
