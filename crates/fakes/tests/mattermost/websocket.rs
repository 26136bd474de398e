//! The WebSocket: authentication, `hello`, the events of human actions, `seq`, reconnects.

use crate::support::*;
use goldseam_fakes::mattermost::ChannelType;
use serde_json::json;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

#[tokio::test]
async fn the_challenge_is_answered_then_hello_comes_with_seq_0() {
    let fake = fake().await;
    let (_ws, hello) = connect(&fake).await;
    assert_eq!(hello["seq"], 0);
    assert_eq!(
        hello["broadcast"]["user_id"].as_str(),
        Some(fake.bot_id().as_str())
    );
    assert_eq!(
        hello["data"]["connection_id"].as_str().map(str::len),
        Some(26)
    );
    assert!(fake.wait_for_connections(1, PATIENCE).await);
}

#[tokio::test]
async fn a_wrong_token_fails_the_challenge_and_gets_no_events() {
    let fake = fake().await;
    let id = channel(&fake, "inc-1", "O").await;
    let mut ws = ws_raw(&fake).await;
    send(
        &mut ws,
        json!({"seq": 1, "action": "authentication_challenge", "data": {"token": "nope"}}),
    )
    .await;
    let reply = next(&mut ws).await;
    assert_eq!(
        (reply["status"].as_str(), reply["seq_reply"].as_i64()),
        (Some("FAIL"), Some(1))
    );
    post(&fake, &id, "not for you", json!({})).await;
    send(&mut ws, json!({"seq": 2, "action": "ping"})).await;
    let reply = next(&mut ws).await;
    assert_eq!(
        (reply["status"].as_str(), reply["seq_reply"].as_i64()),
        (Some("FAIL"), Some(2)),
        "{reply}"
    );
    assert_eq!(fake.ws_connections(), 0);
}

#[tokio::test]
async fn the_token_in_the_upgrade_header_authenticates_too() {
    let fake = fake().await;
    let mut req = fake.ws_url().into_client_request().unwrap();
    req.headers_mut().insert(
        "authorization",
        format!("Bearer {}", fake.bot_token()).parse().unwrap(),
    );
    let (mut ws, _) = tokio_tungstenite::connect_async(req).await.unwrap();
    assert_eq!(next(&mut ws).await["event"], "hello");
    send(&mut ws, json!({"seq": 1, "action": "ping"})).await;
    let pong = next(&mut ws).await;
    assert_eq!(
        (pong["seq_reply"].as_i64(), pong["data"]["text"].as_str()),
        (Some(1), Some("pong"))
    );
}

#[tokio::test]
async fn a_persons_post_arrives_as_posted_with_the_post_as_a_json_string() {
    let fake = fake().await;
    let id = channel(&fake, "inc-2", "O").await;
    fake.add_user("ada", "ada@example.com");
    fake.join("ada", &id, None).unwrap();
    let (mut ws, _) = connect(&fake).await;
    // Ada's post in a channel the bot is not in comes first, and must not arrive.
    let elsewhere = fake
        .create_channel("ada", "random", "Random", ChannelType::Open)
        .unwrap();
    fake.say("ada", &elsewhere, "lunch?").unwrap();
    let post_id = fake
        .say("ada", "inc-2", "db is at 100% cpu @goldseam")
        .unwrap();
    let ev = next_event(&mut ws).await;
    assert_eq!(ev["event"], "posted");
    assert!(
        ev["data"]["post"].is_string(),
        "Mattermost sends the post as a string"
    );
    assert_eq!(
        ev["data"]["post_parsed"]["id"].as_str(),
        Some(post_id.as_str())
    );
    assert_eq!(
        ev["data"]["post_parsed"]["message"],
        "db is at 100% cpu @goldseam"
    );
    assert_eq!(ev["data"]["sender_name"], "@ada");
    assert_eq!(
        (
            ev["data"]["channel_name"].as_str(),
            ev["data"]["channel_type"].as_str()
        ),
        (Some("inc-2"), Some("O"))
    );
    assert_eq!(ev["broadcast"]["channel_id"].as_str(), Some(id.as_str()));
    let mentions: Vec<String> =
        serde_json::from_str(ev["data"]["mentions"].as_str().unwrap()).unwrap();
    assert_eq!(mentions, [fake.bot_id()]);
    assert_eq!(ev["seq"], 1);
    // The bot's own posts come back too, marked.
    post(&fake, &id, "ack", json!({})).await;
    let own = next_event(&mut ws).await;
    assert_eq!(
        (
            own["seq"].as_i64(),
            own["data"]["post_parsed"]["props"]["from_bot"].as_str()
        ),
        (Some(2), Some("true"))
    );
}

#[tokio::test]
async fn edits_deletes_reactions_pins_and_joins_arrive_in_order_with_increasing_seq() {
    let fake = fake().await;
    channel(&fake, "inc-3", "O").await;
    fake.add_user("ada", "ada@example.com");
    let (mut ws, _) = connect(&fake).await;
    fake.join("ada", "inc-3", None).unwrap();
    let p = fake.say("ada", "inc-3", "typo").unwrap();
    let r = fake.reply("ada", &p, "in thread").unwrap();
    fake.edit("ada", &p, "fixed").unwrap();
    fake.react("ada", &p, ":eyes:").unwrap();
    fake.pin("ada", &p).unwrap();
    fake.delete("ada", &r).unwrap();
    let mut seen = Vec::new();
    for _ in 0..8 {
        let ev = next_event(&mut ws).await;
        seen.push((
            ev["event"].as_str().unwrap().to_string(),
            ev["seq"].as_i64().unwrap(),
            ev,
        ));
    }
    let names: Vec<&str> = seen.iter().map(|(n, _, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "user_added",
            "posted",
            "posted",
            "posted",
            "post_edited",
            "reaction_added",
            "post_edited",
            "post_deleted"
        ]
    );
    assert!(
        seen.windows(2).all(|w| w[1].1 == w[0].1 + 1),
        "seq increases by one"
    );
    assert_eq!(
        seen[0].2["data"]["user_id"],
        seen[3].2["data"]["post_parsed"]["user_id"]
    );
    assert_eq!(
        seen[1].2["data"]["post_parsed"]["type"],
        "system_join_channel"
    );
    assert_eq!(
        seen[3].2["data"]["post_parsed"]["root_id"].as_str(),
        Some(p.as_str())
    );
    let edited = &seen[4].2["data"]["post_parsed"];
    assert_eq!(edited["message"], "fixed");
    assert!(edited["edit_at"].as_i64().unwrap() > 0);
    let reaction: serde_json::Value =
        serde_json::from_str(seen[5].2["data"]["reaction"].as_str().unwrap()).unwrap();
    assert_eq!(
        (
            reaction["emoji_name"].as_str(),
            reaction["post_id"].as_str()
        ),
        (Some("eyes"), Some(p.as_str()))
    );
    assert_eq!(seen[6].2["data"]["post_parsed"]["is_pinned"], true);
    assert_eq!(
        seen[7].2["data"]["post_parsed"]["id"].as_str(),
        Some(r.as_str())
    );
    assert!(
        fake.edit("goldseam", &p, "not mine").is_err(),
        "people edit only their posts"
    );
}

#[tokio::test]
async fn a_reconnect_starts_again_at_seq_0_without_the_events_missed_meanwhile() {
    let fake = fake().await;
    let id = channel(&fake, "inc-4", "O").await;
    fake.add_user("ada", "ada@example.com");
    fake.join("ada", &id, None).unwrap();
    let (mut ws, _) = connect(&fake).await;
    fake.drop_websockets();
    assert!(
        tokio::time::timeout(PATIENCE, futures::StreamExt::next(&mut ws))
            .await
            .is_ok_and(|f| f.is_none_or(|m| m.is_err() || m.unwrap().is_close()))
    );
    assert!(fake.wait_until(PATIENCE, |f| f.ws_connections() == 0).await);
    fake.say("ada", &id, "while you were away").unwrap();
    let (mut ws, hello) = connect(&fake).await;
    assert_eq!(hello["seq"], 0);
    fake.say("ada", &id, "back").unwrap();
    let ev = next_event(&mut ws).await;
    assert_eq!(
        (
            ev["seq"].as_i64(),
            ev["data"]["post_parsed"]["message"].as_str()
        ),
        (Some(1), Some("back"))
    );
}
