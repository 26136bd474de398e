//! Payload shapes the fake Slack does not produce, written after Slack's event and
//! interaction reference pages: link previews added to a message, a thread's first message
//! deleted under its replies, legacy bot messages, reactions on files, rate-limit notices,
//! selects and checkboxes, links typed in the composer, the App Home opened.

use goldseam_core::chat::inbound::{FormValue, Inbound};
use goldseam_integrations::chat::slack::inbound::{
    from_command, from_event_callback, from_interaction,
};
use goldseam_integrations::chat::slack::socket::{socket_envelope_parsed, SocketEnvelope};
use serde_json::{json, Value};

const BOT: &str = "UBOT";

fn event(e: Value) -> Inbound {
    let body = json!({"type": "event_callback", "event_id": "Ev1", "team_id": "T1", "event": e});
    from_event_callback(&body, BOT).inbound
}

fn is_ignored(i: &Inbound) -> bool {
    matches!(i, Inbound::Ignored { .. })
}

#[test]
fn message_changes_that_are_not_edits() {
    let msg = |text: &str, extra: Value| {
        let mut m = json!({"type": "message", "user": "U1", "text": text, "ts": "1.1"});
        m.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        m
    };
    let changed = |new: Value, old: Value| {
        event(
            json!({"type": "message", "subtype": "message_changed", "hidden": true,
            "channel": "C1", "message": new, "previous_message": old, "ts": "1.2"}),
        )
    };
    // Slack added a link preview: same text.
    let unfurled = changed(
        msg(
            "see <https://status.example.com>",
            json!({"attachments": [{"title": "Status"}]}),
        ),
        msg("see <https://status.example.com>", json!({})),
    );
    assert!(is_ignored(&unfurled), "{unfurled:?}");
    // An edit.
    assert_eq!(
        changed(
            msg("fixed", json!({"edited": {"user": "U1", "ts": "1.2"}})),
            msg("fxied", json!({}))
        ),
        Inbound::MessageEdited {
            channel: "C1".into(),
            user: "U1".into(),
            ts: "1.1".into(),
            text: "fixed".into()
        }
    );
    // Our own chat.update coming back, and another app's.
    let ours = changed(
        msg("v2", json!({"user": BOT})),
        msg("v1", json!({"user": BOT})),
    );
    let theirs = changed(
        msg("v2", json!({"bot_id": "B9"})),
        msg("v1", json!({"bot_id": "B9"})),
    );
    assert!(is_ignored(&ours) && is_ignored(&theirs));
    // A thread's first message deleted while it has replies stays as a tombstone.
    let tombstone = changed(
        json!({"type": "message", "subtype": "tombstone", "text": "This message was deleted.",
               "user": "USLACKBOT", "ts": "1.1", "thread_ts": "1.1", "hidden": true}),
        msg("the parent", json!({"thread_ts": "1.1"})),
    );
    assert_eq!(
        tombstone,
        Inbound::MessageDeleted {
            channel: "C1".into(),
            ts: "1.1".into()
        }
    );
}

#[test]
fn threads_broadcasts_and_bots() {
    // A broadcast reply ("also send to channel") is a reply; a parent naming itself is not.
    let broadcast = event(
        json!({"type": "message", "subtype": "thread_broadcast", "channel": "C1",
        "user": "U1", "text": "fixed", "ts": "2.0", "thread_ts": "1.0"}),
    );
    assert!(matches!(broadcast, Inbound::Message { thread_ts: Some(t), .. } if t == "1.0"));
    let parent = event(
        json!({"type": "message", "channel": "C1", "user": "U1", "text": "x",
        "ts": "1.0", "thread_ts": "1.0"}),
    );
    assert!(matches!(
        parent,
        Inbound::Message {
            thread_ts: None,
            ..
        }
    ));
    for e in [
        json!({"type": "message", "subtype": "bot_message", "channel": "C1", "bot_id": "B1",
               "username": "alerts", "text": "CPU high", "ts": "3.0"}),
        json!({"type": "message", "channel": "C1", "user": "U7", "bot_id": "B7", "text": "hi", "ts": "3.1"}),
        json!({"type": "message", "channel": "C1", "user": BOT, "text": "ours", "ts": "3.2"}),
        json!({"type": "message", "subtype": "channel_topic", "channel": "C1", "user": "U1",
               "topic": "INC-4", "text": "set the topic", "ts": "3.3"}),
        json!({"type": "message", "subtype": "message_deleted", "hidden": true, "channel": "C1",
               "deleted_ts": "3.2", "previous_message": {"user": BOT, "bot_id": "B0", "ts": "3.2"}}),
    ] {
        let got = event(e.clone());
        assert!(is_ignored(&got), "{e} gave {got:?}");
    }
    // A deletion without the previous message is still one.
    let deleted = event(
        json!({"type": "message", "subtype": "message_deleted", "hidden": true,
        "channel": "C1", "deleted_ts": "1.5", "ts": "1.6"}),
    );
    assert_eq!(
        deleted,
        Inbound::MessageDeleted {
            channel: "C1".into(),
            ts: "1.5".into()
        }
    );
}

#[test]
fn links_in_the_composer_and_the_home_opened() {
    // Written after Slack's 2021 changelog on unfurls: the composer's links come with a
    // pseudo channel and message_ts, and the unfurl_id to answer them by.
    let typed = event(json!({"type": "link_shared", "channel": "COMPOSER",
        "is_bot_user_member": true, "user": "U1",
        "message_ts": "U1-909b5454-75f8-4ac4-b325-1b40e230bbd8-gryl3kb80b3wm49ihzoo35fyqoq08n2y",
        "unfurl_id": "U1-909b5454-75f8-4ac4-b325-1b40e230bbd8-gryl3kb80b3wm49ihzoo35fyqoq08n2y",
        "source": "composer",
        "links": [{"domain": "goldseam.example.com", "url": "https://goldseam.example.com/incidents/INC-4"},
                  {"domain": "goldseam.example.com", "url": "https://goldseam.example.com/incidents/INC-5"}]}));
    let Inbound::LinkShared {
        channel,
        links,
        unfurl_id,
        source,
        ..
    } = typed
    else {
        panic!("{typed:?}");
    };
    assert_eq!(channel, "COMPOSER");
    assert_eq!(
        links,
        [
            "https://goldseam.example.com/incidents/INC-4",
            "https://goldseam.example.com/incidents/INC-5"
        ]
    );
    assert!(unfurl_id.is_some_and(|id| id.starts_with("U1-")));
    assert_eq!(source.as_deref(), Some("composer"));
    // A link_shared with no links, and the bot's own links, are nothing to unfurl.
    assert!(is_ignored(&event(
        json!({"type": "link_shared", "channel": "C1",
        "user": "U1", "message_ts": "1.1", "links": []})
    )));
    assert!(is_ignored(&event(
        json!({"type": "link_shared", "channel": "C1",
        "user": BOT, "message_ts": "1.1", "links": [{"domain": "d.example", "url": "https://d.example/x"}]})
    )));
    // The Home tab opened (older payloads carry no tab).
    for e in [
        json!({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home", "event_ts": "1.2"}),
        json!({"type": "app_home_opened", "user": "U1", "channel": "D1"}),
    ] {
        assert_eq!(event(e), Inbound::HomeOpened { user: "U1".into() });
    }
}

#[test]
fn other_events_and_envelopes() {
    let on_file = event(
        json!({"type": "reaction_added", "user": "U1", "reaction": "eyes",
        "item_user": "U2", "item": {"type": "file", "file": "F1"}}),
    );
    assert!(is_ignored(&on_file));
    let messages_tab =
        event(json!({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "messages"}));
    assert!(is_ignored(&messages_tab));
    assert!(is_ignored(&event(
        json!({"type": "member_left_channel", "user": "U1", "channel": "C1"})
    )));
    // Slack's notice that events were dropped has no event_id: it is known by its content.
    let notice = json!({"token": "t", "type": "app_rate_limited", "team_id": "T1",
        "minute_rate_limited": 1518467820, "api_app_id": "A1"});
    let p = from_event_callback(&notice, BOT);
    assert!(is_ignored(&p.inbound));
    assert!(p.dedup_id.starts_with("evt:"));
    assert_eq!(p.dedup_id, from_event_callback(&notice, BOT).dedup_id);
}

#[test]
fn command_ids_depend_on_content_not_order() {
    let fields = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    let a = from_command(&fields(&[
        ("command", "/inc"),
        ("user_id", "U1"),
        ("channel_id", "C1"),
        ("trigger_id", "t1"),
    ]));
    let b = from_command(&fields(&[
        ("trigger_id", "t1"),
        ("channel_id", "C1"),
        ("user_id", "U1"),
        ("command", "/inc"),
    ]));
    let c = from_command(&fields(&[
        ("command", "/inc"),
        ("user_id", "U1"),
        ("channel_id", "C1"),
        ("trigger_id", "t2"),
    ]));
    assert_eq!(a, b);
    assert_ne!(a.dedup_id, c.dedup_id);
    assert!(
        matches!(&a.inbound, Inbound::Command { text, response_url: None, .. } if text.is_empty())
    );
    assert!(is_ignored(
        &from_command(&fields(&[("command", "/inc")])).inbound
    ));
}

#[test]
fn selects_checkboxes_and_interactions_not_asked_for() {
    let select = json!({"type": "block_actions", "user": {"id": "U1"}, "trigger_id": "t",
        "container": {"type": "view", "view_id": "V1"},
        "actions": [{"type": "static_select", "action_id": "sev", "block_id": "b",
                     "selected_option": {"text": {"type": "plain_text", "text": "SEV2"}, "value": "SEV2"}}]});
    assert!(matches!(from_interaction(&select).inbound,
        Inbound::Action { channel: None, message_ts: None, value, .. } if value == "SEV2"));
    let view = json!({"type": "view_submission", "user": {"id": "U1"}, "view": {
        "id": "V1", "callback_id": "declare", "private_metadata": "",
        "blocks": [{"type": "input", "block_id": "notify", "element": {"type": "checkboxes",
            "action_id": "n", "options": [{"value": "email"}, {"value": "sms"}]}},
            {"type": "input", "block_id": "private", "element": {"type": "checkboxes",
            "action_id": "p", "options": [{"value": "yes"}]}}],
        "state": {"values": {
            "notify": {"n": {"type": "checkboxes", "selected_options": [{"value": "email"}, {"value": "sms"}]}},
            "private": {"p": {"type": "checkboxes", "selected_options": []}},
            "when": {"d": {"type": "datepicker", "selected_date": "2026-03-08"}}}}}});
    let Inbound::FormSubmitted { mut values, .. } = from_interaction(&view).inbound else {
        panic!("a submission");
    };
    values.sort_by(|a, b| a.field.cmp(&b.field));
    let v = |f: &str, x: &str| FormValue {
        field: f.into(),
        value: x.into(),
    };
    assert_eq!(
        values,
        [
            v("notify", "email,sms"),
            v("private", "false"),
            v("when", "2026-03-08")
        ]
    );
    for kind in ["view_closed", "shortcut", "message_action"] {
        assert!(is_ignored(
            &from_interaction(&json!({"type": kind, "user": {"id": "U1"}})).inbound
        ));
    }
    let odd = SocketEnvelope {
        envelope_id: "e1".into(),
        kind: "something_new".into(),
        payload: json!({}),
        retry_attempt: 0,
    };
    let p = socket_envelope_parsed(&odd, BOT);
    assert_eq!(p.dedup_id, "env:e1");
    assert!(is_ignored(&p.inbound));
}
