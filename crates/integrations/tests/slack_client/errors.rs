//! Slack's refusals and outages, as the client reports them and as the delivery engine's
//! `Slack` adapter turns them into what happens next.

use super::support::*;
use goldseam_core::delivery::SlackPost;
use goldseam_fakes::slack::{Down, Fault, RateLimits};
use goldseam_integrations::chat::slack::client::{OutMessage, SlackClient, SlackError};
use goldseam_integrations::chat::slack::rate::Lane;
use goldseam_integrations::{Secret, SendError, Slack, SlackConfig};
use std::time::{Duration, Instant};

fn adapter(fake: &goldseam_fakes::slack::FakeSlack, token: &str) -> Slack {
    Slack::new(SlackConfig {
        base_url: fake.url().to_string(),
        bot_token: Secret::new(token),
        timeout: Duration::from_secs(5),
    })
}

fn page(channel: &str) -> SlackPost {
    SlackPost {
        channel: channel.into(),
        text: "INC-7 SEV1: you are paged".into(),
        page_id: None,
    }
}

#[tokio::test]
async fn the_adapter_pages_through_the_client_with_the_key_as_metadata() {
    let fake = fake().await;
    let s = seed(&fake);
    let slack = adapter(&fake, &fake.options().bot_token);
    let receipt = slack.post(&page(&s.alice), "page:42:slack").await.unwrap();
    let dm = fake
        .channels()
        .into_iter()
        .find(|c| c.is_im && c.members.contains(&s.alice))
        .expect("the bot's DM with alice");
    let m = &fake.messages(&dm.id)[0];
    assert_eq!(receipt.provider_id.as_deref(), Some(m.ts.as_str()));
    assert_eq!(m.metadata["event_type"], "goldseam_delivery");
    assert_eq!(m.metadata["event_payload"]["delivery"], "page:42:slack");
    assert_eq!(
        fake.calls("chat.postMessage")[0].params["unfurl_links"],
        false
    );
    // The chat engine shares this client's limiter; its calls work the same.
    let me = slack.client().auth_test().await.unwrap();
    assert_eq!(me.user_id, fake.options().bot_user_id);
}

#[tokio::test]
async fn refused_credentials_are_for_admins_and_a_wrong_channel_is_permanent() {
    let fake = fake().await;
    seed(&fake);
    let wrong = adapter(&fake, "xoxb-revoked");
    match wrong.post(&page("incidents"), "k1").await {
        Err(SendError::Configuration(why)) => assert!(why.contains("invalid_auth"), "{why}"),
        other => panic!("expected a configuration error, got {other:?}"),
    }
    let slack = adapter(&fake, &fake.options().bot_token);
    match slack.post(&page("C404"), "k2").await {
        Err(SendError::Permanent(why)) => assert!(why.contains("channel_not_found"), "{why}"),
        other => panic!("expected a permanent error, got {other:?}"),
    }
}

#[tokio::test]
async fn slack_down_or_failing_is_unavailable_and_retried() {
    let fake = fake().await;
    let s = seed(&fake);
    // A fresh adapter for each attempt, so that its limiter does not pace the attempts.
    let post = || async {
        adapter(&fake, &fake.options().bot_token)
            .post(&page(&s.alice), "k")
            .await
    };
    fake.set_down(Down::Unavailable);
    let down = client(&fake).auth_test().await.unwrap_err();
    assert!(matches!(down, SlackError::Unavailable(_)), "{down:?}");
    assert!(down.is_transient());
    assert!(matches!(post().await, Err(SendError::Retry(_))));
    fake.set_down(Down::Refused);
    let mut refused = None;
    for _ in 0..100 {
        match post().await {
            Err(SendError::Retry(why)) if why.contains("unreachable") => {
                refused = Some(why);
                break;
            }
            _ => tokio::time::sleep(Duration::from_millis(20)).await,
        }
    }
    assert!(refused.is_some(), "a refused connection is retried");
    fake.set_down(Down::Up);
    fake.fail_next("chat.postMessage", 1, Fault::Error("fatal_error".into()));
    fake.fail_next("chat.postMessage", 1, Fault::Status(502));
    let mut answers = Vec::new();
    for _ in 0..100 {
        match post().await {
            Ok(_) => break,
            Err(e) => answers.push(e),
        }
    }
    // (Connections refused while the port is bound again come first.)
    let from_slack: Vec<_> = answers
        .iter()
        .filter(|e| !e.to_string().contains("unreachable"))
        .collect();
    assert_eq!(from_slack.len(), 2, "{answers:?}");
    assert!(from_slack.iter().all(|e| matches!(e, SendError::Retry(_))));
    assert!(from_slack[0].to_string().contains("fatal_error"));
    assert!(from_slack[1].to_string().contains("502"));
}

#[tokio::test]
async fn a_call_that_does_not_answer_in_time_is_unavailable() {
    let fake = fake().await;
    fake.fail_next("auth.test", 1, Fault::Hang);
    let token = Secret::new(fake.options().bot_token);
    let slack = SlackClient::new(fake.url(), token, Duration::from_millis(200));
    let started = Instant::now();
    let e = slack.auth_test().await.unwrap_err();
    assert!(matches!(e, SlackError::Unavailable(_)), "{e:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn a_429_pauses_the_method_then_the_call_goes_through() {
    let fake = fake_with(|o| {
        o.rate_limits = RateLimits::none().with("chat.update", 2, Duration::from_secs(2))
    })
    .await;
    let s = seed(&fake);
    let slack = client(&fake);
    let msg = OutMessage {
        channel: s.channel.clone(),
        text: "v0".into(),
        ..OutMessage::default()
    };
    let ts = slack.post_message(Lane::Bulk, &msg).await.unwrap();
    let started = Instant::now();
    for v in 1..=3 {
        slack
            .update_message(&s.channel, &ts, &format!("v{v}"), None)
            .await
            .unwrap();
    }
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "the third update waited for Retry-After ({:?})",
        started.elapsed()
    );
    assert_eq!(fake.message(&s.channel, &ts).unwrap().text, "v3");
    let statuses: Vec<u16> = fake.calls("chat.update").iter().map(|c| c.status).collect();
    assert_eq!(statuses, [200, 200, 429, 200], "one 429, then the retry");
    // With little patience, Slack's Retry-After is handed back instead (a client of its own,
    // whose limiter the 429 above did not empty).
    let hasty = client(&fake).with_patience(Duration::from_millis(300));
    hasty
        .update_message(&s.channel, &ts, "v4", None)
        .await
        .unwrap();
    match hasty.update_message(&s.channel, &ts, "v5", None).await {
        Err(e @ SlackError::RateLimited { .. }) => {
            let SlackError::RateLimited { after, .. } = &e else {
                unreachable!()
            };
            assert!(
                [1, 2].map(Duration::from_secs).contains(after),
                "Slack's whole seconds: {after:?}"
            );
            assert!(matches!(SendError::from(e), SendError::RetryAfter { .. }));
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
    assert_eq!(fake.message(&s.channel, &ts).unwrap().text, "v4");
}
