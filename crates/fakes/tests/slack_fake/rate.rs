//! Rate limits: 429 with a sane `Retry-After`, and no effect.

use super::support::*;
use goldseam_fakes::slack::RateLimits;
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn an_override_forces_a_429_quickly_and_the_refused_call_changes_nothing() {
    let fake = fake_with(|o| {
        o.rate_limits = RateLimits::none().with("chat.update", 2, Duration::from_secs(10))
    })
    .await;
    let (_, _, ch) = seeded(&fake).await;
    let ts = ok(
        &fake,
        "chat.postMessage",
        json!({"channel": ch, "text": "v0"}),
    )
    .await["ts"]
        .as_str()
        .unwrap()
        .to_string();
    ok(
        &fake,
        "chat.update",
        json!({"channel": ch, "ts": ts, "text": "v1"}),
    )
    .await;
    ok(
        &fake,
        "chat.update",
        json!({"channel": ch, "ts": ts, "text": "v2"}),
    )
    .await;
    let (status, retry_after, body) = call(
        &fake,
        "chat.update",
        json!({"channel": ch, "ts": ts, "text": "v3"}),
    )
    .await;
    assert_eq!((status, body["error"].as_str()), (429, Some("ratelimited")));
    let secs: u64 = retry_after.expect("Retry-After").parse().unwrap();
    assert!(
        (9..=10).contains(&secs),
        "Retry-After {secs} should be what is left of the 10 s window"
    );
    assert_eq!(
        fake.message(&ch, &ts).unwrap().text,
        "v2",
        "the limited update had no effect"
    );
    let last = fake.calls("chat.update").pop().unwrap();
    assert_eq!((last.status, last.error()), (429, Some("ratelimited")));
    // Other methods are not affected.
    ok(
        &fake,
        "chat.postMessage",
        json!({"channel": ch, "text": "still fine"}),
    )
    .await;
}

#[tokio::test]
async fn slacks_tiers_apply_by_default() {
    let fake = fake_with(|o| o.rate_limits = RateLimits::slack()).await;
    // conversations.create is Tier 2: 20 a minute plus a small burst.
    let mut made = 0;
    let mut limited = None;
    for i in 0..30 {
        let (status, retry, _) = call(
            &fake,
            "conversations.create",
            json!({"name": format!("c{i}")}),
        )
        .await;
        if status == 429 {
            limited = retry;
            break;
        }
        made += 1;
    }
    assert!((20..=24).contains(&made), "tier 2 allowed {made}");
    let secs: u64 = limited.expect("a 429").parse().unwrap();
    assert!((1..=60).contains(&secs), "Retry-After {secs}");
    assert_eq!(fake.channels().len(), made);
    // chat.postMessage: about one a second per channel, with short bursts.
    let (_, _, ch) = seeded(&fake).await;
    let other = fake.create_channel("alice", "other", false);
    let mut posted = 0;
    while call(
        &fake,
        "chat.postMessage",
        json!({"channel": ch, "text": "x"}),
    )
    .await
    .0 == 200
    {
        posted += 1;
        assert!(posted < 20, "never limited");
    }
    assert!((2..=10).contains(&posted), "burst of {posted}");
    ok(
        &fake,
        "chat.postMessage",
        json!({"channel": other, "text": "another channel"}),
    )
    .await;
}
