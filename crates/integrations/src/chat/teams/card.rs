//! Goldseam's cards as Adaptive Cards in the message envelope a Workflows webhook takes: a
//! coloured header (the title; "Update" above it when the card follows an earlier one), the
//! fields as a fact set (severity, status, type, roles), the latest update, the footer, and
//! one link, "Open in Goldseam". The card's buttons are left out: a Workflows card cannot call
//! back, and the room does what they would.

use goldseam_core::chat::card::{Accent, Card};
use serde_json::{json, Value};

/// The Adaptive Card version declared. Teams documents 1.5, but cards that declare 1.5 show
/// "We're sorry, this card couldn't be displayed" when a Workflows flow posts them (reported
/// in MicrosoftDocs/msteams-docs#9801 and microsoft/AdaptiveCards#7676; senders such as
/// go-teams-notify moved to 1.4 for Workflows). Nothing here needs more than 1.2.
pub const CARD_VERSION: &str = "1.4";

/// What the envelope's attachment says it holds.
pub const CONTENT_TYPE: &str = "application/vnd.microsoft.card.adaptive";

/// Caps that keep a card far under Teams' ~28 KB per message.
const TITLE_CAP: usize = 300;
const FACT_CAP: usize = 500;
const BODY_CAP: usize = 4000;

fn cut(s: &str, cap: usize) -> String {
    if s.chars().count() <= cap {
        s.to_string()
    } else {
        format!(
            "{}…",
            s.chars().take(cap.saturating_sub(1)).collect::<String>()
        )
    }
}

/// The envelope around one card.
pub fn message(card: Value) -> Value {
    json!({
        "type": "message",
        "attachments": [{
            "contentType": CONTENT_TYPE,
            "contentUrl": null,
            "content": card,
        }],
    })
}

/// A card with its fields. `update`: it follows an earlier card about the same incident
/// (Teams cannot edit that one).
pub fn adaptive_card(card: &Card, update: bool) -> Value {
    let style = match card.accent {
        Accent::Critical => "attention",
        Accent::Active => "warning",
        Accent::Calm => "accent",
        Accent::Done => "good",
        // Never announced to Teams (private incidents go nowhere); plain if it ever is.
        Accent::Restricted => "default",
    };
    let mut header = Vec::new();
    if update {
        header.push(json!({
            "type": "TextBlock", "text": "Update", "size": "Small", "isSubtle": true,
        }));
    }
    header.push(json!({
        "type": "TextBlock",
        "text": cut(&card.title, TITLE_CAP),
        "size": "Large",
        "weight": "Bolder",
        "wrap": true,
    }));
    let mut body = vec![json!({
        "type": "Container", "style": style, "bleed": true, "items": header,
    })];
    let facts: Vec<Value> = card
        .fields
        .iter()
        .filter(|(_, value)| !value.trim().is_empty())
        .map(|(title, value)| json!({"title": title, "value": cut(value, FACT_CAP)}))
        .collect();
    if !facts.is_empty() {
        body.push(json!({"type": "FactSet", "facts": facts}));
    }
    if let Some(text) = card.body.as_deref().filter(|t| !t.trim().is_empty()) {
        body.push(json!({
            "type": "TextBlock", "text": cut(text, BODY_CAP), "wrap": true,
        }));
    }
    if let Some(footer) = card.footer.as_deref().filter(|t| !t.trim().is_empty()) {
        body.push(json!({
            "type": "TextBlock", "text": footer, "size": "Small", "isSubtle": true, "wrap": true,
        }));
    }
    let mut out = json!({
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": CARD_VERSION,
        "fallbackText": card.fallback(),
        "msteams": {"width": "Full"},
        "body": body,
    });
    // A link Teams cannot open (no public URL configured) would make the card invalid.
    if card.link.starts_with("https://") || card.link.starts_with("http://") {
        out["actions"] = json!([{
            "type": "Action.OpenUrl", "title": "Open in Goldseam", "url": card.link,
        }]);
    }
    out
}

/// A card that is only text (a plain message).
pub fn text_card(text: &str) -> Value {
    json!({
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": CARD_VERSION,
        "body": [{"type": "TextBlock", "text": cut(text, BODY_CAP), "wrap": true}],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use goldseam_core::chat::card::{Button, ButtonAction};

    fn card() -> Card {
        Card {
            title: "INC-7 · Checkout down".into(),
            link: "https://gs.example/incidents/7".into(),
            accent: Accent::Critical,
            fields: vec![
                ("Severity".into(), "SEV1 · Critical".into()),
                ("Status".into(), "Investigating".into()),
                ("Incident manager".into(), "Ada".into()),
            ],
            body: Some("**Latest update:** rolled back".into()),
            buttons: vec![Button {
                action: ButtonAction::Join,
                label: "Join".into(),
                value: "INC-7".into(),
                danger: false,
            }],
            footer: Some("Declared 2026-12-04 10:00 UTC".into()),
        }
    }

    #[test]
    fn a_card_becomes_an_adaptive_card_in_its_envelope() {
        let m = message(adaptive_card(&card(), false));
        let a = &m["attachments"][0];
        assert_eq!(m["type"], "message");
        assert_eq!(a["contentType"], CONTENT_TYPE);
        assert!(a["contentUrl"].is_null());
        let c = &a["content"];
        assert_eq!(c["version"], CARD_VERSION);
        assert_eq!(c["body"][0]["style"], "attention");
        assert_eq!(c["body"][0]["items"][0]["text"], "INC-7 · Checkout down");
        assert_eq!(c["body"][1]["facts"][0]["value"], "SEV1 · Critical");
        assert_eq!(c["body"][2]["text"], "**Latest update:** rolled back");
        assert_eq!(c["actions"][0]["type"], "Action.OpenUrl");
        assert_eq!(c["actions"][0]["url"], "https://gs.example/incidents/7");
        assert_eq!(c["actions"].as_array().unwrap().len(), 1, "no buttons");
        let update = adaptive_card(&card(), true);
        assert_eq!(update["body"][0]["items"][0]["text"], "Update");
    }

    #[test]
    fn long_text_is_cut_and_a_relative_link_left_out() {
        let mut c = card();
        c.title = "x".repeat(1000);
        c.link = "/incidents/7".into();
        c.body = Some("y".repeat(10_000));
        let out = adaptive_card(&c, false);
        assert_eq!(
            out["body"][0]["items"][0]["text"]
                .as_str()
                .unwrap()
                .chars()
                .count(),
            TITLE_CAP
        );
        assert!(out.get("actions").is_none());
        assert!(message(out).to_string().len() < 20 * 1024);
    }
}
