//! Socket Mode: tickets, hello, envelopes and acks, redelivery, disconnects.

use super::support::*;
use goldseam_fakes::slack::Outcome;
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn a_link_says_hello_and_carries_acked_event_envelopes() {
    let fake = fake().await;
    let bot_token = fake.options().bot_token;
    let (_, _, refused) = call_as(&fake, &bot_token, "apps.connections.open", json!({})).await;
    assert_eq!(
        refused["error"], "not_allowed_token_type",
        "the app-level token is needed"
    );
    let (mut s, hello) = Socket::connect(&fake).await;
    assert_eq!(
        (hello["type"].as_str(), hello["num_connections"].as_u64()),
        (Some("hello"), Some(1))
    );
    assert_eq!(hello["connection_info"]["app_id"], fake.options().app_id);
    assert!(hello["debug_info"]["host"].is_string());
    let alice = fake.add_user("alice", "a@example.com");
    fake.open_home(&alice);
    let env = s.next().await.expect("an envelope");
    assert_eq!(
        (env["type"].as_str(), env["retry_attempt"].as_u64()),
        (Some("events_api"), Some(0))
    );
    assert_eq!(env["accepts_response_payload"], false);
    assert_eq!(env["payload"]["type"], "event_callback");
    assert_eq!(env["payload"]["event"]["type"], "app_home_opened");
    s.ack(&env, None).await;
    assert!(
        fake.wait_for(WAIT, |f| f
            .deliveries()
            .first()
            .is_some_and(|d| d.succeeded()))
            .await
    );
    assert_eq!(fake.deliveries()[0].transport, "socket");
}

#[tokio::test]
async fn a_ticket_works_once() {
    let fake = fake().await;
    let token = fake.options().app_token;
    let (_, _, body) = call_as(&fake, &token, "apps.connections.open", json!({})).await;
    let url = body["url"].as_str().unwrap();
    assert!(url.starts_with("ws://127.0.0.1:"), "{url}");
    let first = tokio_tungstenite::connect_async(url).await;
    assert!(first.is_ok());
    let second = tokio_tungstenite::connect_async(url).await;
    assert!(second.is_err(), "a used ticket is refused");
}

#[tokio::test]
async fn an_unacked_envelope_is_redelivered_with_the_same_event_id() {
    let fake = fake_with(|o| o.ack_timeout = Duration::from_millis(150)).await;
    let (mut s, _) = Socket::connect(&fake).await;
    fake.open_home(&fake.add_user("alice", "a@example.com"));
    let first = s.next().await.unwrap();
    let again = s.next().await.unwrap();
    assert_eq!(
        (
            again["retry_attempt"].as_u64(),
            again["retry_reason"].as_str()
        ),
        (Some(1), Some("timeout"))
    );
    assert_eq!(again["payload"]["event_id"], first["payload"]["event_id"]);
    assert_ne!(again["envelope_id"], first["envelope_id"]);
    s.ack(&again, None).await;
    assert!(
        fake.wait_for(WAIT, |f| f
            .deliveries()
            .get(1)
            .is_some_and(|d| d.succeeded()))
            .await
    );
    assert_eq!(fake.deliveries()[0].outcome, Outcome::TimedOut);
}

#[tokio::test]
async fn refresh_requested_closes_the_link_and_events_follow_the_new_one() {
    let fake = fake().await;
    let (mut old, _) = Socket::connect(&fake).await;
    fake.disconnect("refresh_requested");
    let frame = old.next().await.expect("a disconnect frame");
    assert_eq!(
        (frame["type"].as_str(), frame["reason"].as_str()),
        (Some("disconnect"), Some("refresh_requested"))
    );
    assert!(old.next().await.is_none(), "then the link closes");
    assert!(fake.wait_for(WAIT, |f| f.socket_connections() == 0).await);
    let alice = fake.add_user("alice", "a@example.com");
    fake.open_home(&alice);
    let (mut new, _) = Socket::connect(&fake).await;
    let env = new.next().await.expect("the event waited for a link");
    assert_eq!(env["payload"]["event"]["user"], alice);
    new.ack(&env, None).await;
}

#[tokio::test]
async fn socket_mode_wins_over_http_and_events_spread_across_links() {
    let r = Receiver::start().await;
    let fake = fake_with(|o| o.events_url = r.url_for("events")).await;
    let (mut a, _) = Socket::connect(&fake).await;
    let (mut b, hello) = Socket::connect(&fake).await;
    assert_eq!(hello["num_connections"], 2);
    let alice = fake.add_user("alice", "a@example.com");
    let mut per_link = [0, 0];
    for round in 0..2 {
        fake.open_home(&alice);
        fake.open_home(&alice);
        for (i, s) in [&mut a, &mut b].into_iter().enumerate() {
            let env = s
                .next()
                .await
                .unwrap_or_else(|| panic!("round {round}: link {i} got nothing"));
            s.ack(&env, None).await;
            per_link[i] += 1;
        }
    }
    assert_eq!(per_link, [2, 2]);
    assert!(r.got().is_empty(), "nothing went over HTTP");
}
