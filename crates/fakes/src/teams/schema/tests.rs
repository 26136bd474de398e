//! The Adaptive Card checks on cards a sender might write.

use super::*;
use serde_json::json;

const MAX: Version = (1, 5);

fn message(card: Value) -> Value {
    json!({"type": "message", "attachments": [
        {"contentType": ADAPTIVE_CARD, "contentUrl": null, "content": card}
    ]})
}

fn card() -> Value {
    json!({
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.5",
        "msteams": {"width": "Full"},
        "body": [
            {"type": "Container", "style": "attention", "bleed": true, "items": [
                {"type": "TextBlock", "text": "INC-1 · Checkout down", "size": "Large",
                 "weight": "Bolder", "wrap": true, "style": "heading"}
            ]},
            {"type": "FactSet", "facts": [{"title": "Severity", "value": "SEV1"}]},
            {"type": "ColumnSet", "columns": [
                {"type": "Column", "width": "auto", "items": [
                    {"type": "TextBlock", "text": "left"}]},
                {"type": "Column", "width": "stretch", "items": []}
            ]},
            {"type": "ActionSet", "actions": [
                {"type": "Action.OpenUrl", "title": "Runbook", "url": "https://example.com/r"}
            ]}
        ],
        "actions": [{"type": "Action.OpenUrl", "title": "Open", "url": "https://example.com/i/1"}]
    })
}

fn refused(card: Value) -> String {
    check_message(&message(card), MAX).unwrap_err()
}

#[test]
fn a_notification_card_passes() {
    let cards = check_message(&message(card()), MAX).unwrap();
    assert_eq!(cards.len(), 1);
}

#[test]
fn the_envelope_is_checked() {
    let e = check_message(&json!({"attachments": []}), MAX).unwrap_err();
    assert!(e.contains("`type` must be \"message\""), "{e}");
    let e = check_message(&json!({"type": "message", "text": "hi"}), MAX).unwrap_err();
    assert!(e.contains("attachments"), "{e}");
    let mut m = message(card());
    m["attachments"][0]["contentType"] =
        json!("application/vnd.microsoft.teams.card.o365connector");
    assert!(check_message(&m, MAX).unwrap_err().contains("contentType"));
    m = message(card());
    m["attachments"][0]["contentUrl"] = json!("https://example.com/card.json");
    assert!(check_message(&m, MAX).unwrap_err().contains("contentUrl"));
}

#[test]
fn versions_are_those_declared_and_features_need_theirs() {
    let mut c = card();
    c["version"] = json!("1.6");
    assert!(refused(c).contains("not one of"));
    let mut c = card();
    c["version"] = json!("1.4");
    // `style: heading` on a TextBlock is 1.5.
    let e = refused(c);
    assert!(e.contains("`style` needs version 1.5"), "{e}");
    let mut c = card();
    c["version"] = json!("1.1");
    c["body"] = json!([{"type": "ActionSet", "actions": []}]);
    assert!(refused(c).contains("ActionSet needs version 1.2"));
    let c = card();
    assert!(
        check_message(&message(c), (1, 4))
            .unwrap_err()
            .contains("newer than"),
        "a host that renders 1.4 refuses a 1.5 card"
    );
    let mut c = card();
    c.as_object_mut().unwrap().remove("version");
    assert!(refused(c).contains("`version` is required"));
}

#[test]
fn elements_need_their_fields_and_known_values() {
    let with = |element: Value| {
        let mut c = card();
        c["body"] = json!([element]);
        refused(c)
    };
    assert!(with(json!({"type": "TextBlock"})).contains("`text` is required"));
    assert!(with(json!({"type": "TextBlock", "text": " "})).contains("empty"));
    assert!(with(json!({"type": "TextBlock", "text": "x", "size": "huge"})).contains("`size`"));
    assert!(
        with(json!({"type": "TextBlock", "text": "x", "wieght": "bolder"}))
            .contains("unknown property `wieght`")
    );
    assert!(with(json!({"type": "FactSet", "facts": [{"title": "A"}]}))
        .contains(".body[0].facts[0]: `value` is required"));
    assert!(with(json!({"type": "Container"})).contains("`items` is required"));
    assert!(with(json!({"type": "Image", "url": "https://x/y.png"}))
        .contains("not one a notification card uses"));
    assert!(with(json!({"type": "ColumnSet", "columns": [{"width": "wide"}]})).contains("`width`"));
}

#[test]
fn only_links_are_actions() {
    let mut c = card();
    c["actions"] = json!([{"type": "Action.Submit", "title": "Resolve", "data": {}}]);
    assert!(refused(c).contains("cannot call back"));
    let mut c = card();
    c["actions"] = json!([{"type": "Action.OpenUrl", "title": "Open"}]);
    assert!(refused(c).contains("`url` is required"));
    let mut c = card();
    c["actions"] = json!([{"type": "Action.OpenUrl", "url": "/incidents/1"}]);
    assert!(refused(c).contains("absolute"));
}
