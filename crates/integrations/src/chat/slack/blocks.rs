//! Goldseam's cards and forms as Slack Block Kit: a card is a header section linking to the
//! room, its fields two by two, the body, a context line and the buttons; the declare form is
//! a modal whose block ids are the form's field names, so a submission reads back as them.

use crate::chat::api::{declare_fields, Choice, DeclareForm};
use goldseam_core::chat::card::{Accent, Card};
use goldseam_core::chat::markdown::to_mrkdwn;
use serde_json::{json, Value};

/// Slack's limit on a section's text and a field's.
const TEXT_CAP: usize = 2900;
const FIELD_CAP: usize = 1900;

pub(super) fn cut(s: &str, cap: usize) -> String {
    if s.chars().count() <= cap {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(cap).collect::<String>())
    }
}

/// Escapes the three characters Slack's mrkdwn reserves.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A card's blocks.
pub fn card_blocks(card: &Card) -> Value {
    let marker = match card.accent {
        Accent::Critical => "🔴",
        Accent::Active => "🟠",
        Accent::Calm => "🟡",
        Accent::Done => "✅",
        Accent::Restricted => "🔒",
    };
    let mut blocks = vec![json!({
        "type": "section",
        "text": {"type": "mrkdwn", "text": cut(&format!("{marker} *<{}|{}>*", card.link, escape(&card.title)), TEXT_CAP)},
    })];
    for pair in card.fields.chunks(10) {
        let fields: Vec<Value> = pair
            .iter()
            .map(|(label, value)| {
                json!({"type": "mrkdwn", "text": cut(&format!("*{}*\n{}", escape(label), value), FIELD_CAP)})
            })
            .collect();
        blocks.push(json!({"type": "section", "fields": fields}));
    }
    if let Some(body) = &card.body {
        blocks.push(
            json!({"type": "section", "text": {"type": "mrkdwn", "text": cut(&to_mrkdwn(body), TEXT_CAP)}}),
        );
    }
    if let Some(footer) = &card.footer {
        blocks.push(
            json!({"type": "context", "elements": [{"type": "mrkdwn", "text": escape(footer)}]}),
        );
    }
    if !card.buttons.is_empty() {
        let elements: Vec<Value> = card
            .buttons
            .iter()
            .map(|b| {
                let mut e = json!({
                    "type": "button",
                    "action_id": b.action.id(),
                    "text": {"type": "plain_text", "text": b.label},
                    "value": b.value,
                });
                if b.danger {
                    e["style"] = json!("danger");
                }
                e
            })
            .collect();
        blocks.push(json!({"type": "actions", "elements": elements}));
    }
    Value::Array(blocks)
}

fn option(c: &Choice) -> Value {
    let mut o = json!({
        "text": {"type": "plain_text", "text": cut(&c.label, 75)},
        "value": c.value,
    });
    if let Some(d) = c.description.as_deref().filter(|d| !d.is_empty()) {
        o["description"] = json!({"type": "plain_text", "text": cut(d, 75)});
    }
    o
}

/// The declare modal.
pub fn declare_view(form: &DeclareForm) -> Value {
    let mut title = json!({
        "type": "plain_text_input",
        "action_id": "value",
        "max_length": 200,
        "placeholder": {"type": "plain_text", "text": "What is broken, as customers see it"},
    });
    if let Some(t) = &form.title {
        title["initial_value"] = json!(t);
    }
    let severity = json!({
        "type": "static_select",
        "action_id": "value",
        "options": form.severities.iter().map(option).collect::<Vec<_>>(),
    });
    let mut blocks = vec![
        json!({"type": "input", "block_id": declare_fields::TITLE, "label": {"type": "plain_text", "text": "Title"}, "element": title}),
        json!({"type": "input", "block_id": declare_fields::SEVERITY, "label": {"type": "plain_text", "text": "Severity"}, "element": severity}),
    ];
    if form.types.len() > 1 {
        blocks.push(json!({
            "type": "input", "block_id": declare_fields::TYPE, "optional": true,
            "label": {"type": "plain_text", "text": "Type"},
            "element": {"type": "static_select", "action_id": "value", "options": form.types.iter().map(option).collect::<Vec<_>>()},
        }));
    }
    blocks.push(json!({
        "type": "input", "block_id": declare_fields::PRIVATE, "optional": true,
        "label": {"type": "plain_text", "text": "Visibility"},
        "element": {"type": "checkboxes", "action_id": "value", "options": [{
            "text": {"type": "plain_text", "text": "Private"},
            "description": {"type": "plain_text", "text": "Only the people working it see it; never announced"},
            "value": "true",
        }]},
    }));
    json!({
        "type": "modal",
        "callback_id": declare_fields::CALLBACK,
        "private_metadata": form.metadata,
        "title": {"type": "plain_text", "text": "Declare an incident"},
        "submit": {"type": "plain_text", "text": "Declare"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": blocks,
    })
}
