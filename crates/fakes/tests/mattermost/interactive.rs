//! Buttons and dialogs.

use crate::support::*;
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use std::time::Duration;

async fn paged(fake: &goldseam_fakes::mattermost::FakeMattermost, url: &str) -> (String, String) {
    let id = channel(fake, "inc-1", "O").await;
    fake.add_user("ada", "ada@example.com");
    fake.join("ada", &id, None).unwrap();
    let action = json!({"id": "ack", "name": "Acknowledge", "type": "button",
                        "integration": {"url": url, "context": {"page": 7, "token": "signed"}}});
    let props = json!({"attachments": [{"text": "Paged: db down", "actions": [action]}]});
    let p = post(fake, &id, "Page", props).await;
    (id, p["id"].as_str().unwrap().to_string())
}

#[tokio::test]
async fn a_click_posts_the_context_and_the_update_replaces_the_post() {
    let fake = fake().await;
    let answer = json!({"update": {"message": "Acknowledged by @ada"}, "ephemeral_text": "You acknowledged"});
    let (url, inbox) = app(move |_| (200, answer.clone())).await;
    let (channel_id, post_id) = paged(&fake, &url).await;
    let (mut ws, _) = connect(&fake).await;
    let reply = fake.click("ada", &post_id, "ack").await.unwrap();
    let sent: Value = serde_json::from_str(&inbox.lock().unwrap()[0].1).unwrap();
    assert_eq!(sent["context"], json!({"page": 7, "token": "signed"}));
    assert_eq!(sent["post_id"].as_str(), Some(post_id.as_str()));
    assert_eq!(
        sent["user_id"].as_str(),
        fake.user("ada").map(|u| u.id).as_deref()
    );
    assert_eq!(
        (sent["user_name"].as_str(), sent["channel_id"].as_str()),
        (Some("ada"), Some(channel_id.as_str()))
    );
    assert_eq!(sent["trigger_id"].as_str(), Some(reply.trigger_id.as_str()));
    let post = fake.post(&post_id).unwrap();
    assert_eq!(post.message, "Acknowledged by @ada");
    assert!(
        post.actions().is_empty(),
        "an update without props removes the buttons"
    );
    assert_eq!(post.props["from_bot"], "true");
    let ev = next_event(&mut ws).await;
    assert_eq!(
        (
            ev["event"].as_str(),
            ev["data"]["post_parsed"]["message"].as_str()
        ),
        (Some("post_edited"), Some("Acknowledged by @ada"))
    );
    assert_eq!(
        fake.ephemerals_for("ada")[0].post.message,
        "You acknowledged"
    );
    assert!(
        fake.click("ada", &post_id, "ack").await.is_err(),
        "the button is gone"
    );
}

#[tokio::test]
async fn a_failing_action_changes_nothing() {
    let fake = fake().await;
    let (url, _) = app(|_| (503, Value::Null)).await;
    let (_, post_id) = paged(&fake, &url).await;
    assert!(fake.click("ada", &post_id, "ack").await.is_err());
    assert_eq!(fake.post(&post_id).unwrap().actions().len(), 1);
}

/// An app that opens a dialog with the trigger of each command it receives.
async fn dialog_app(
    fake: &goldseam_fakes::mattermost::FakeMattermost,
    answers: Vec<Value>,
) -> Arc<Mutex<Vec<Value>>> {
    let submissions: Arc<Mutex<Vec<Value>>> = Arc::default();
    let got = submissions.clone();
    let answers = Arc::new(Mutex::new(answers));
    let (url, _) = app(move |body| match serde_json::from_str::<Value>(body) {
        Ok(v) => {
            got.lock().unwrap().push(v);
            (200, answers.lock().unwrap().remove(0))
        }
        Err(_) => (200, Value::Null),
    })
    .await;
    fake.add_command("inc", &url);
    submissions
}

fn open_body(trigger: &str, url: &str) -> Value {
    let elements = json!([{"display_name": "Title", "name": "title", "type": "text"},
                          {"display_name": "Severity", "name": "sev", "type": "select", "optional": true,
                           "options": [{"text": "SEV1", "value": "1"}]}]);
    json!({"trigger_id": trigger, "url": url,
           "dialog": {"callback_id": "declare", "title": "Declare", "elements": elements, "state": "s1"}})
}

#[tokio::test]
async fn a_dialog_opened_from_a_command_is_submitted_and_errors_keep_it_open() {
    let fake = fake().await;
    let id = channel(&fake, "inc-2", "O").await;
    let ada = fake.add_user("ada", "ada@example.com");
    let answers = vec![json!({"errors": {"title": "Too short"}}), json!({})];
    let submissions = dialog_app(&fake, answers).await;
    let reply = fake.slash_command("ada", &id, "/inc", "").await.unwrap();
    let url = fake.deliveries()[0].url.clone();
    let res = call(
        &fake,
        "POST",
        "/actions/dialogs/open",
        Some(open_body(&reply.trigger_id, &url)),
    )
    .await;
    assert_eq!(
        (res.status, res.body.clone()),
        (200, json!({"status": "OK"}))
    );
    assert_eq!(fake.dialogs_for("ada").len(), 1);
    assert!(fake
        .submit_dialog("ada", json!({"sev": "1"}))
        .await
        .unwrap_err()
        .contains("title"));
    let first = fake
        .submit_dialog("ada", json!({"title": "x"}))
        .await
        .unwrap();
    assert!(!first.closed && fake.dialogs_for("ada")[0].open);
    let second = fake
        .submit_dialog("ada", json!({"title": "Checkout down", "sev": "1"}))
        .await
        .unwrap();
    assert!(second.closed && !fake.dialogs_for("ada")[0].open);
    let sent = submissions.lock().unwrap()[1].clone();
    assert_eq!(sent["type"], "dialog_submission");
    assert_eq!(
        (sent["callback_id"].as_str(), sent["state"].as_str()),
        (Some("declare"), Some("s1"))
    );
    assert_eq!(
        (sent["user_id"].as_str(), sent["channel_id"].as_str()),
        (Some(ada.as_str()), Some(id.as_str()))
    );
    assert_eq!(
        sent["submission"],
        json!({"title": "Checkout down", "sev": "1"})
    );
    assert_eq!(sent["cancelled"], false);
}

#[tokio::test]
async fn a_trigger_id_expires_after_three_seconds_and_must_be_one_issued() {
    let fake = fake().await;
    let id = channel(&fake, "inc-3", "O").await;
    dialog_app(&fake, vec![]).await;
    let reply = fake
        .slash_command("goldseam", &id, "/inc", "")
        .await
        .unwrap();
    let bogus = call(
        &fake,
        "POST",
        "/actions/dialogs/open",
        Some(open_body("made-up", "http://x/")),
    )
    .await;
    assert_eq!(bogus.status, 400);
    fake.advance_clock(Duration::from_millis(3_100));
    let res = call(
        &fake,
        "POST",
        "/actions/dialogs/open",
        Some(open_body(&reply.trigger_id, "http://x/")),
    )
    .await;
    assert_eq!(
        (res.status, res.body["id"].as_str()),
        (400, Some("interactive_message.decode_trigger_id.expired"))
    );
    assert!(fake.dialogs_for("goldseam").is_empty());
}
