//! Slash commands, clicks, modals, trigger ids and response URLs.

use super::support::*;
use goldseam_fakes::slack::{sign, ActionError, DeliveryKind, FakeSlack};
use serde_json::{json, Value};
use std::time::Duration;

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

fn modal() -> Value {
    json!({"type": "modal", "callback_id": "declare", "title": {"type": "plain_text", "text": "Declare"},
           "submit": {"type": "plain_text", "text": "Declare"},
           "blocks": [
             {"type": "input", "block_id": "title", "label": {"type": "plain_text", "text": "Title"},
              "element": {"type": "plain_text_input", "action_id": "title"}},
             {"type": "input", "block_id": "sev", "label": {"type": "plain_text", "text": "Severity"},
              "element": {"type": "static_select", "action_id": "sev", "options": [
                {"text": {"type": "plain_text", "text": "SEV1"}, "value": "SEV1"},
                {"text": {"type": "plain_text", "text": "SEV2"}, "value": "SEV2"}]}}]})
}

#[tokio::test]
async fn a_slash_command_is_a_signed_form_and_its_ephemeral_reply_is_shown() {
    let r = Receiver::start().await;
    r.then(Answer::json(
        json!({"response_type": "ephemeral", "text": "Opening the form..."}),
    ));
    let fake = http_fake(&r, |_| {}).await;
    let (alice, _, ch) = seeded(&fake).await;
    let reply = fake
        .slash_command("alice", "incidents", "/inc", "declare db down")
        .await
        .unwrap();
    assert_eq!(reply.json["text"], "Opening the form...");
    let sent = &r.got()[0];
    assert_eq!(sent.path, "/commands");
    assert_eq!(
        sent.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let stamp = sent.header("x-slack-request-timestamp").unwrap();
    assert_eq!(
        sent.header("x-slack-signature").unwrap(),
        sign(&fake.options().signing_secret, stamp, sent.body.as_bytes())
    );
    let form: std::collections::HashMap<String, String> =
        form_urlencoded::parse(sent.body.as_bytes())
            .into_owned()
            .collect();
    assert_eq!(
        (form["command"].as_str(), form["text"].as_str()),
        ("/inc", "declare db down")
    );
    assert_eq!(
        (
            form["user_id"].as_str(),
            form["channel_id"].as_str(),
            form["channel_name"].as_str()
        ),
        (alice.as_str(), ch.as_str(), "incidents")
    );
    assert_eq!(form["trigger_id"], reply.trigger_id);
    assert_eq!(Some(&form["response_url"]), reply.response_url.as_ref());
    assert_eq!(fake.ephemerals_for(&alice)[0].text, "Opening the form...");
}

#[tokio::test]
async fn a_trigger_id_opens_one_modal_and_only_while_fresh() {
    let r = Receiver::start().await;
    let fake = http_fake(&r, |o| o.trigger_ttl = Duration::from_millis(100)).await;
    let (alice, _, _) = seeded(&fake).await;
    let t = fake
        .slash_command("alice", "incidents", "/inc", "")
        .await
        .unwrap()
        .trigger_id;
    let opened = ok(
        &fake,
        "views.open",
        json!({"trigger_id": t, "view": modal()}),
    )
    .await;
    let view = &opened["view"];
    assert!(view["id"].as_str().unwrap().starts_with('V') && view["hash"].is_string());
    assert_eq!(
        err(
            &fake,
            "views.open",
            json!({"trigger_id": t, "view": modal()})
        )
        .await,
        "exchanged_trigger_id"
    );
    assert_eq!(
        err(
            &fake,
            "views.open",
            json!({"trigger_id": "1.2.nope", "view": modal()})
        )
        .await,
        "invalid_trigger_id"
    );
    let late = fake
        .slash_command("alice", "incidents", "/inc", "")
        .await
        .unwrap()
        .trigger_id;
    // Letting the 100 ms validity pass is the point of this test.
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert_eq!(
        err(
            &fake,
            "views.open",
            json!({"trigger_id": late, "view": modal()})
        )
        .await,
        "expired_trigger_id"
    );
    assert_eq!(fake.views_for(&alice).len(), 1);
    let id = view["id"].as_str().unwrap();
    assert_eq!(
        err(
            &fake,
            "views.update",
            json!({"view_id": id, "hash": "stale", "view": modal()})
        )
        .await,
        "hash_conflict"
    );
    let updated = ok(
        &fake,
        "views.update",
        json!({"view_id": id, "hash": view["hash"], "view": modal()}),
    )
    .await;
    assert_ne!(updated["view"]["hash"], view["hash"]);
}

#[tokio::test]
async fn a_command_the_app_does_not_answer_in_time_fails_once_without_retry() {
    let r = Receiver::start().await;
    r.then(Answer {
        delay: Duration::from_millis(400),
        ..Answer::status(200)
    });
    let fake = http_fake(&r, |o| o.ack_timeout = Duration::from_millis(100)).await;
    seeded(&fake).await;
    let e = fake
        .slash_command("alice", "incidents", "/inc", "help")
        .await
        .unwrap_err();
    assert_eq!(e, ActionError::Timeout);
    assert_eq!(e.to_string(), "operation_timeout");
    r.then(Answer::status(500));
    let e = fake
        .slash_command("alice", "incidents", "/inc", "help")
        .await
        .unwrap_err();
    assert_eq!(e, ActionError::Status(500));
    assert!(
        !fake
            .wait_for(Duration::from_millis(200), |_| r.got().len() > 2)
            .await,
        "not retried"
    );
    assert!(fake
        .deliveries()
        .iter()
        .all(|d| d.kind == DeliveryKind::SlashCommand && d.attempt == 0));
}

#[tokio::test]
async fn a_submitted_modal_follows_the_apps_response_action() {
    let r = Receiver::start().await;
    let fake = http_fake(&r, |_| {}).await;
    let (alice, _, _) = seeded(&fake).await;
    let t = fake
        .slash_command("alice", "incidents", "/inc", "")
        .await
        .unwrap()
        .trigger_id;
    let id = ok(
        &fake,
        "views.open",
        json!({"trigger_id": t, "view": modal()}),
    )
    .await["view"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    r.then(Answer::json(
        json!({"response_action": "errors", "errors": {"title": "A title is needed"}}),
    ));
    let reply = fake
        .submit_view(
            "alice",
            &id,
            &[("title", "title", ""), ("sev", "sev", "SEV1")],
        )
        .await
        .unwrap();
    assert_eq!(reply.json["errors"]["title"], "A title is needed");
    assert!(
        !fake.views_for(&alice)[0].closed,
        "errors keep the modal open"
    );
    let sent = r.got().last().unwrap().clone();
    let form: std::collections::HashMap<String, String> =
        form_urlencoded::parse(sent.body.as_bytes())
            .into_owned()
            .collect();
    let p: Value = serde_json::from_str(&form["payload"]).unwrap();
    assert_eq!(p["type"], "view_submission");
    assert_eq!(p["view"]["id"], id);
    assert_eq!(
        p["view"]["state"]["values"]["sev"]["sev"]["selected_option"]["value"],
        "SEV1"
    );
    assert_eq!(
        p["view"]["state"]["values"]["title"]["title"],
        json!({"type": "plain_text_input", "value": ""})
    );
    fake.submit_view(
        "alice",
        &id,
        &[("title", "title", "DB down"), ("sev", "sev", "SEV1")],
    )
    .await
    .unwrap();
    assert!(
        fake.views_for(&alice)[0].closed,
        "an empty answer closes it"
    );
}

#[tokio::test]
async fn over_socket_mode_the_ack_payload_is_the_reply() {
    let fake = fake().await;
    let (alice, _, _) = seeded(&fake).await;
    let (mut s, _) = Socket::connect(&fake).await;
    let fake2 = fake.clone();
    let command = tokio::spawn(async move {
        fake2
            .slash_command("alice", "incidents", "/inc", "help")
            .await
    });
    // The bot joining #incidents came first.
    let mut env = s.next().await.unwrap();
    while env["type"] == "events_api" {
        s.ack(&env, None).await;
        env = s.next().await.unwrap();
    }
    assert_eq!(
        (
            env["type"].as_str(),
            env["accepts_response_payload"].as_bool()
        ),
        (Some("slash_commands"), Some(true))
    );
    assert_eq!(env["payload"]["command"], "/inc");
    s.ack(&env, Some(json!({"text": "Usage: /inc declare TITLE"})))
        .await;
    let reply = command.await.unwrap().unwrap();
    assert_eq!(reply.json["text"], "Usage: /inc declare TITLE");
    assert_eq!(
        fake.ephemerals_for(&alice)[0].text,
        "Usage: /inc declare TITLE"
    );
}
