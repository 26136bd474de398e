//! Mattermost does not sign button clicks: Goldseam signs each button's context, with an
//! expiry, and acts only on contexts it signed that have not expired.

use super::super::side::Kind;
use super::super::world::World;
use goldseam_core::chat::Platform;
use goldseam_integrations::chat::mattermost::context::ContextSigner;
use goldseam_testdb::TestDb;
use jiff::Timestamp;
use serde_json::{json, Value};
use std::time::Duration;

fn resolutions(items: &[Value]) -> usize {
    items
        .iter()
        .filter(|e| e["kind"] == "status_changed" && e["data"]["to"] == "resolved")
        .count()
}

pub async fn a_forged_or_expired_button_changes_nothing(db: TestDb) {
    let w = World::start(&db, Kind::Mattermost).await;
    let (r, channel) = w.declare("Disk full", "SEV2").await;
    let url = w.app.url("/api/v1/integrations/mattermost/actions");
    let ours = ContextSigner::new(&w.app.store.chat_signing_key(Platform::Mattermost));
    let theirs = ContextSigner::new(b"a guess at the secret");
    let button = |id: &str, context: Value| json!({"id": id, "name": id, "type": "button", "integration": {"url": url, "context": context}});
    let actions = [
        button(
            "forged",
            theirs.sign_action("goldseam_resolve", &r, Timestamp::now()),
        ),
        button(
            "expired",
            ours.sign_action_until("goldseam_resolve", &r, Timestamp::now().as_second() - 60),
        ),
        button("bare", json!({"action": "goldseam_resolve", "value": r})),
    ];
    // Someone with the bot's token (or a proxy) posts buttons Goldseam never signed.
    let posted = reqwest::Client::new()
        .post(format!("{}/api/v4/posts", w.mm().url()))
        .bearer_auth(w.mm().bot_token())
        .json(&json!({"channel_id": channel, "message": "Resolve?",
                      "props": {"attachments": [{"text": "Resolve?", "actions": actions}]}}))
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), 201);
    let post: Value = posted.json().await.unwrap();
    let post = post["id"].as_str().unwrap();
    for forged in ["forged", "bare"] {
        let refused = w.mm().click("ada", post, forged).await.unwrap_err();
        assert!(refused.contains("401"), "{refused}");
    }
    let expired = w.mm().click("ada", post, "expired").await.unwrap();
    assert!(
        expired.body["ephemeral_text"]
            .as_str()
            .is_some_and(|t| t.contains("expired")),
        "{:?}",
        expired.body
    );
    w.told(&w.ada_chat, "This button has expired").await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(resolutions(&w.timeline(&r).await), 0);
    let incident = w.app.get(&w.ada, &format!("/api/v1/incidents/{r}")).await;
    assert_ne!(incident.body["status"], "resolved", "{}", incident.body);
    w.app.shutdown().await;
}
