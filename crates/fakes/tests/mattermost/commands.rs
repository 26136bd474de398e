//! Slash commands and their response URLs.

use crate::support::*;
use goldseam_fakes::mattermost::DeliveryKind;
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn a_command_is_posted_as_a_form_with_its_token_and_an_ephemeral_reply_reaches_the_user_only()
{
    let fake = fake().await;
    let id = channel(&fake, "inc-1", "O").await;
    let ada = fake.add_user("ada", "ada@example.com");
    fake.join("ada", &id, None).unwrap();
    let (url, inbox) = app(|_| (200, json!({"text": "Declaring…"}))).await;
    let token = fake.add_command("inc", &url);
    let reply = fake
        .slash_command("ada", "inc-1", "/inc", "declare db down")
        .await
        .unwrap();
    assert_eq!(reply.body["text"], "Declaring…");
    let (headers, body) = inbox.lock().unwrap()[0].clone();
    assert_eq!(headers["authorization"], format!("Token {token}").as_str());
    assert_eq!(headers["content-type"], "application/x-www-form-urlencoded");
    let f = form(&body);
    for (k, v) in [
        ("command", "/inc"),
        ("text", "declare db down"),
        ("token", token.as_str()),
        ("user_id", ada.as_str()),
        ("user_name", "ada"),
        ("channel_id", id.as_str()),
        ("channel_name", "inc-1"),
        ("team_domain", "goldseam"),
    ] {
        assert_eq!(f.get(k).map(String::as_str), Some(v), "{k}");
    }
    assert_eq!(f["team_id"], fake.team_id());
    assert_eq!(
        (f["trigger_id"].as_str(), f["response_url"].as_str()),
        (reply.trigger_id.as_str(), reply.response_url.as_str())
    );
    assert!(f["response_url"].starts_with(fake.url()));
    assert_eq!(fake.ephemerals_for("ada")[0].post.message, "Declaring…");
    assert!(fake.messages(&id).is_empty(), "ephemeral is the default");
    assert_eq!(fake.deliveries()[0].kind, DeliveryKind::Command);
}

#[tokio::test]
async fn an_in_channel_reply_is_posted_as_the_user_with_extra_responses() {
    let fake = fake().await;
    let id = channel(&fake, "inc-2", "O").await;
    let ada = fake.add_user("ada", "ada@example.com");
    fake.join("ada", &id, None).unwrap();
    let answer = json!({"response_type": "in_channel", "text": "Incident #42 declared",
                        "extra_responses": [{"response_type": "in_channel", "text": "Paging on-call"}]});
    let (url, _) = app(move |_| (200, answer.clone())).await;
    fake.add_command("inc", &url);
    fake.slash_command("ada", &id, "/inc", "declare")
        .await
        .unwrap();
    let posted = fake.messages(&id);
    let texts: Vec<&str> = posted.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(texts, ["Incident #42 declared", "Paging on-call"]);
    assert!(posted
        .iter()
        .all(|p| p.user_id == ada && p.props["from_webhook"] == "true"));
}

#[tokio::test]
async fn a_failing_app_shows_mattermosts_error_and_posts_nothing() {
    let fake = fake().await;
    let id = channel(&fake, "inc-3", "O").await;
    let (url, _) = app(|_| (500, json!({"text": "boom"}))).await;
    fake.add_command("inc", &url);
    let err = fake
        .slash_command("goldseam", &id, "/inc", "x")
        .await
        .unwrap_err();
    assert_eq!(
        err,
        "Command with a trigger of '/inc' returned response 500"
    );
    assert!(fake.messages(&id).is_empty() && fake.ephemerals_for("goldseam").is_empty());
    let unknown = fake
        .slash_command("goldseam", &id, "/nope", "x")
        .await
        .unwrap_err();
    assert!(unknown.contains("not found"), "{unknown}");
    // Nothing listening: the command failed (no retry).
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let dead = format!("http://{}/", closed.local_addr().unwrap());
    drop(closed);
    fake.add_command("inc", &dead);
    let err = fake
        .slash_command("goldseam", &id, "/inc", "x")
        .await
        .unwrap_err();
    assert_eq!(err, "Command with a trigger of '/inc' failed.");
    assert_eq!(fake.deliveries().len(), 2);
}

#[tokio::test]
async fn the_response_url_takes_five_posts_within_thirty_minutes() {
    let fake = fake().await;
    let id = channel(&fake, "inc-4", "O").await;
    let (url, _) = app(|_| (200, serde_json::Value::Null)).await;
    fake.add_command("inc", &url);
    let reply = fake
        .slash_command("goldseam", &id, "/inc", "")
        .await
        .unwrap();
    assert_eq!(reply.body, serde_json::Value::Null);
    let client = reqwest::Client::new();
    let send = |n: usize| {
        let body = json!({"response_type": "in_channel", "text": format!("update {n}")});
        client.post(&reply.response_url).json(&body).send()
    };
    for n in 1..=5 {
        assert_eq!(send(n).await.unwrap().status(), 200);
    }
    let sixth = send(6).await.unwrap();
    assert_eq!(sixth.status(), 400);
    assert_eq!(fake.messages(&id).len(), 5);
    let fresh = fake
        .slash_command("goldseam", &id, "/inc", "")
        .await
        .unwrap();
    fake.advance_clock(Duration::from_secs(31 * 60));
    let late = client
        .post(&fresh.response_url)
        .json(&json!({"text": "late"}))
        .send()
        .await
        .unwrap();
    assert_eq!(late.status(), 400);
}
