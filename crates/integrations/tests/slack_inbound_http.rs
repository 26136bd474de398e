//! The HTTP endpoints' check: signatures (Slack's published vector, forged, stale, unsigned),
//! the url_verification challenge, and slash commands, clicks and modal submissions as the
//! fake Slack sends them.

mod slack_support;

use goldseam_core::chat::inbound::{FormValue, Inbound};
use goldseam_fakes::slack::{ClickOn, Outcome};
use goldseam_integrations::chat::slack::http_in::{
    http_request, HttpInError, HttpInbound, HttpKind,
};
use goldseam_integrations::Secret;
use reqwest::header::HeaderMap;
use serde_json::{json, Value};
use slack_support::*;

/// Slack's example from "Verifying requests from Slack", as in
/// shared/fixtures/slack/request-signature.json (copied, as a checkout need not sit beside
/// that folder; when it does, the copy is checked against it).
const VECTOR: &str = r#"{
  "signing_secret": "8f742231b10e8888abcd99yyyzzz85a5",
  "timestamp": "1531420618",
  "body": "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c",
  "valid": "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
}"#;

fn vector() -> Value {
    let copy: Value = serde_json::from_str(VECTOR).unwrap();
    let shared = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/fixtures/slack/request-signature.json"
    );
    if let Ok(text) = std::fs::read_to_string(shared) {
        let original: Value = serde_json::from_str(&text).unwrap();
        for k in ["signing_secret", "timestamp", "body", "valid"] {
            assert_eq!(copy[k], original[k], "{k} differs from {shared}");
        }
    }
    copy
}

fn headers(sig: Option<&str>, ts: Option<&str>) -> HeaderMap {
    let mut h = HeaderMap::new();
    if let Some(s) = sig {
        h.insert("x-slack-signature", s.parse().unwrap());
    }
    if let Some(t) = ts {
        h.insert("x-slack-request-timestamp", t.parse().unwrap());
    }
    h
}

#[test]
fn slacks_published_vector_reads_as_a_command_and_anything_else_is_refused() {
    let v = vector();
    let (secret, ts, body, sig) = (
        Secret::new(v["signing_secret"].as_str().unwrap()),
        v["timestamp"].as_str().unwrap(),
        v["body"].as_str().unwrap().as_bytes(),
        v["valid"].as_str().unwrap(),
    );
    let sent: i64 = ts.parse().unwrap();
    let at = |secs: i64| jiff::Timestamp::from_second(secs).unwrap();
    let check = |h: &HeaderMap, body: &[u8], now: i64| {
        http_request(HttpKind::Commands, h, body, &secret, at(now), "UBOT")
    };
    let Ok(HttpInbound::Received(p)) = check(&headers(Some(sig), Some(ts)), body, sent + 300)
    else {
        panic!("the vector verifies");
    };
    assert!(p.dedup_id.starts_with("cmd:") && p.dedup_id.len() == 4 + 64);
    assert_eq!(
        p.inbound,
        Inbound::Command {
            command: "/webhook-collect".into(),
            text: String::new(),
            user: "U2CERLKJA".into(),
            channel: "G8PSS9T3V".into(),
            trigger_id: Some("398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c".into()),
            response_url: Some(
                "https://hooks.slack.com/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN"
                    .into()
            ),
        }
    );
    let signed = headers(Some(sig), Some(ts));
    assert_eq!(check(&signed, body, sent + 301), Err(HttpInError::Stale));
    assert_eq!(check(&signed, body, sent - 301), Err(HttpInError::Stale));
    let changed = String::from_utf8_lossy(body).replace("roadrunner", "coyote");
    assert_eq!(
        check(&signed, changed.as_bytes(), sent),
        Err(HttpInError::Forged)
    );
    let other_secret = http_request(
        HttpKind::Commands,
        &signed,
        body,
        &Secret::new("not-the-secret"),
        at(sent),
        "UBOT",
    );
    assert_eq!(other_secret, Err(HttpInError::Forged));
    assert_eq!(
        check(&headers(Some("v0=zz"), Some(ts)), body, sent),
        Err(HttpInError::Forged)
    );
    assert_eq!(
        check(&headers(None, Some(ts)), body, sent),
        Err(HttpInError::Unsigned)
    );
    assert_eq!(
        check(&headers(Some(sig), None), body, sent),
        Err(HttpInError::Unsigned)
    );
    for e in [
        HttpInError::Unsigned,
        HttpInError::Forged,
        HttpInError::Stale,
    ] {
        assert_eq!(e.status(), 401);
    }
    // Genuine but not a command: a 400, after the signature was checked.
    let sign = |b: &[u8]| goldseam_fakes::slack::sign(secret.expose(), ts, b);
    let no_command = b"text=hello";
    let h = headers(Some(&sign(no_command)), Some(ts));
    let e = check(&h, no_command, sent).unwrap_err();
    assert!(
        matches!(e, HttpInError::Malformed(_)) && e.status() == 400,
        "{e:?}"
    );
    let bad_json = b"{not json";
    let h = headers(Some(&sign(bad_json)), Some(ts));
    let events = http_request(HttpKind::Events, &h, bad_json, &secret, at(sent), "UBOT");
    assert!(
        matches!(events, Err(HttpInError::Malformed(_))),
        "{events:?}"
    );
}

#[tokio::test]
async fn forged_and_stale_deliveries_are_refused_with_401() {
    let (fake, app) = http_fake().await;
    let (_, _, ch) = seeded(&fake);
    let before = wait_got(&fake, &app, 4).await.len();
    fake.forge_signatures(Some("a-guess".into()));
    fake.say("alice", &ch, "forged");
    // The first attempt and Slack's three retries, all refused.
    let got = wait_got(&fake, &app, before + 4).await;
    assert!(got[before..]
        .iter()
        .all(|(_, r)| *r == Err(HttpInError::Forged)));
    fake.forge_signatures(None);
    fake.set_clock_offset(-301);
    fake.say("alice", &ch, "stale");
    let got = wait_got(&fake, &app, before + 8).await;
    assert!(got[before + 4..]
        .iter()
        .all(|(_, r)| *r == Err(HttpInError::Stale)));
    let refused = fake
        .deliveries()
        .into_iter()
        .skip(before)
        .all(|d| matches!(d.outcome, Outcome::Answered { status: 401, .. }));
    assert!(refused);
    // Within the window is fine.
    fake.set_clock_offset(-299);
    fake.say("alice", &ch, "late but fine");
    let inbound = wait_inbound(&fake, &app, 2).await;
    assert!(matches!(&inbound[1], Inbound::Message { text, .. } if text == "late but fine"));
}

#[tokio::test]
async fn the_events_url_is_verified_by_echoing_the_challenge() {
    let (fake, app) = http_fake().await;
    let reply = fake
        .verify_url("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P")
        .await
        .unwrap();
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.body,
        "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"
    );
    assert!(app.received().is_empty(), "a challenge is not stored");
}

fn modal() -> Value {
    let text = |t: &str| json!({"type": "plain_text", "text": t});
    let option = |v: &str| json!({"text": text(v), "value": v});
    json!({"type": "modal", "callback_id": "declare", "title": text("Declare"),
        "submit": text("Declare"), "private_metadata": "C123",
        "blocks": [
            {"type": "input", "block_id": "title", "label": text("Title"),
             "element": {"type": "plain_text_input", "action_id": "title"}},
            {"type": "input", "block_id": "severity", "label": text("Severity"),
             "element": {"type": "static_select", "action_id": "sev",
                         "options": [option("SEV1"), option("SEV2")]}},
            {"type": "input", "block_id": "private", "label": text("Private"), "optional": true,
             "element": {"type": "checkboxes", "action_id": "private",
                         "options": [option("yes")]}},
            {"type": "input", "block_id": "responders", "label": text("Responders"),
             "element": {"type": "multi_users_select", "action_id": "who"}}]})
}

#[tokio::test]
async fn commands_clicks_and_submitted_forms() {
    let (fake, app) = http_fake().await;
    let (alice, bob, ch) = seeded(&fake);
    *app.command_reply.lock().unwrap() = Some(json!({"text": "Opening the form…"}));
    let reply = fake
        .slash_command("alice", &ch, "/inc", "declare db down")
        .await
        .unwrap();
    assert_eq!(reply.json["text"], "Opening the form…");
    let cmd = app.last(HttpKind::Commands);
    assert!(cmd.dedup_id.starts_with("cmd:"));
    assert_eq!(
        cmd.inbound,
        Inbound::Command {
            command: "/inc".into(),
            text: "declare db down".into(),
            user: alice.clone(),
            channel: ch.clone(),
            trigger_id: Some(reply.trigger_id.clone()),
            response_url: reply.response_url.clone(),
        }
    );
    let opened = api(
        &fake,
        "views.open",
        json!({"trigger_id": reply.trigger_id, "view": modal()}),
    )
    .await;
    let view_id = opened["view"]["id"].as_str().unwrap();
    fake.submit_view(
        "alice",
        view_id,
        &[
            ("title", "title", "db down"),
            ("severity", "sev", "SEV1"),
            ("private", "private", "yes"),
            ("responders", "who", &format!("{alice},{bob}")),
        ],
    )
    .await
    .unwrap();
    let submitted = app.last(HttpKind::Interactions);
    assert!(submitted.dedup_id.starts_with("act:"));
    let Inbound::FormSubmitted {
        user,
        callback_id,
        view_id: got_view,
        private_metadata,
        mut values,
    } = submitted.inbound
    else {
        panic!("{:?}", submitted.inbound);
    };
    assert_eq!(
        (user.as_str(), callback_id.as_str()),
        (alice.as_str(), "declare")
    );
    assert_eq!(
        (got_view.as_deref(), private_metadata.as_str()),
        (Some(view_id), "C123")
    );
    values.sort_by(|a, b| a.field.cmp(&b.field));
    let value = |field: &str, value: &str| FormValue {
        field: field.into(),
        value: value.into(),
    };
    assert_eq!(
        values,
        [
            value("private", "true"),
            value("responders", &format!("{alice},{bob}")),
            value("severity", "SEV1"),
            value("title", "db down"),
        ]
    );
    // A button on the app's message.
    let button = json!([{"type": "actions", "block_id": "page", "elements": [
        {"type": "button", "action_id": "ack_page", "value": "page-7",
         "text": {"type": "plain_text", "text": "Acknowledge"}}]}]);
    let posted = api(
        &fake,
        "chat.postMessage",
        json!({"channel": ch, "text": "Paged", "blocks": button}),
    )
    .await;
    let ts = posted["ts"].as_str().unwrap().to_string();
    let on = ClickOn::Message {
        channel: ch.clone(),
        ts: ts.clone(),
    };
    let clicked = fake.click("bob", on, "ack_page", "page-7").await.unwrap();
    let action = app.last(HttpKind::Interactions);
    assert_eq!(
        action.inbound,
        Inbound::Action {
            user: bob,
            channel: Some(ch),
            message_ts: Some(ts),
            action_id: "ack_page".into(),
            value: "page-7".into(),
            trigger_id: Some(clicked.trigger_id),
            response_url: clicked.response_url,
        }
    );
    assert_ne!(action.dedup_id, submitted.dedup_id);
}
