//! Clicks and response URLs.

use super::support::*;
use goldseam_fakes::slack::{ClickOn, FakeSlack};
use serde_json::{json, Value};

async fn http_fake(
    r: &Receiver,
    f: impl FnOnce(&mut goldseam_fakes::slack::SlackOptions),
) -> FakeSlack {
    let (c, i) = (r.url_for("commands"), r.url_for("interactions"));
    fake_with(|o| {
        o.commands_url = c;
        o.interactions_url = i;
        f(o)
    })
    .await
}

#[tokio::test]
async fn a_response_url_works_five_times() {
    let r = Receiver::start().await;
    let fake = http_fake(&r, |_| {}).await;
    let (alice, _, ch) = seeded(&fake).await;
    let url = fake
        .slash_command("alice", "incidents", "/inc", "")
        .await
        .unwrap()
        .response_url
        .unwrap();
    let http = reqwest::Client::new();
    let post = |body: Value| http.post(&url).json(&body).send();
    let res = post(json!({"response_type": "in_channel", "text": "INC-1 declared"}))
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(fake.messages(&ch).last().unwrap().text, "INC-1 declared");
    for i in 2..=5 {
        assert_eq!(
            post(json!({"text": format!("update {i}")}))
                .await
                .unwrap()
                .status(),
            200
        );
    }
    let sixth = post(json!({"text": "too many"})).await.unwrap();
    assert_eq!(sixth.status(), 404);
    assert_eq!(sixth.text().await.unwrap(), "used_url");
    assert_eq!(fake.response_posts(&url).len(), 5);
    assert_eq!(fake.ephemerals_for(&alice).len(), 4);
}

#[tokio::test]
async fn a_click_sends_block_actions_and_the_response_url_can_replace_the_message() {
    let r = Receiver::start().await;
    let fake = http_fake(&r, |_| {}).await;
    let (alice, _, ch) = seeded(&fake).await;
    let blocks = json!([{"type": "actions", "block_id": "page", "elements": [
        {"type": "button", "action_id": "ack", "text": {"type": "plain_text", "text": "Acknowledge"}, "value": "page-9"}]}]);
    let ts = ok(
        &fake,
        "chat.postMessage",
        json!({"channel": ch, "text": "Paged", "blocks": blocks}),
    )
    .await["ts"]
        .as_str()
        .unwrap()
        .to_string();
    let on = ClickOn::Message {
        channel: ch.clone(),
        ts: ts.clone(),
    };
    let reply = fake.click("alice", on, "ack", "page-9").await.unwrap();
    let sent = &r.got()[0];
    assert_eq!(sent.path, "/interactions");
    let form: std::collections::HashMap<String, String> =
        form_urlencoded::parse(sent.body.as_bytes())
            .into_owned()
            .collect();
    let p: Value = serde_json::from_str(&form["payload"]).unwrap();
    assert_eq!(p["type"], "block_actions");
    assert_eq!(p["user"]["id"], alice);
    assert_eq!(
        p["container"],
        json!({"type": "message", "message_ts": ts, "channel_id": ch, "is_ephemeral": false})
    );
    assert_eq!(
        (
            p["actions"][0]["action_id"].as_str(),
            p["actions"][0]["block_id"].as_str(),
            p["actions"][0]["value"].as_str()
        ),
        (Some("ack"), Some("page"), Some("page-9"))
    );
    assert_eq!(p["message"]["ts"], ts);
    assert_eq!(p["trigger_id"], reply.trigger_id);
    let url = p["response_url"].as_str().unwrap();
    let res = reqwest::Client::new()
        .post(url)
        .json(&json!({"replace_original": true, "text": "Acknowledged by alice"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let m = fake.message(&ch, &ts).unwrap();
    assert_eq!(m.text, "Acknowledged by alice");
}
