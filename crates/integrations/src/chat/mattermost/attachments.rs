//! Goldseam's cards and forms in Mattermost's terms: a card is one message attachment (title
//! linking to the room, a colour bar for urgency, short fields two by two, the body, a
//! footer, buttons), and the declare form is an interactive dialog whose element names are
//! the form's field names, so a submission reads back as them.

use super::context::ContextSigner;
use crate::chat::api::{declare_fields, Choice, DeclareForm};
use goldseam_core::chat::card::{Accent, Card};
use jiff::Timestamp;
use serde_json::{json, Value};

/// Mattermost's limits: an attachment's text and a dialog's help text.
const TEXT_CAP: usize = 7000;
const HELP_CAP: usize = 150;

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

/// A button's id in the post: Mattermost takes letters and digits only, so
/// `goldseam_resolve` is `goldseamresolve`. The real action travels in the signed context.
pub fn button_id(action: &str) -> String {
    action.chars().filter(char::is_ascii_alphanumeric).collect()
}

/// A card's `props` (`attachments`), its buttons POSTing their signed context to
/// `actions_url`.
pub(crate) fn card_props(
    card: &Card,
    actions_url: &str,
    signer: &ContextSigner,
    now: Timestamp,
) -> Value {
    let color = match card.accent {
        Accent::Critical => "#d0021b",
        Accent::Active => "#f5a623",
        Accent::Calm => "#f8e71c",
        Accent::Done => "#2e7d32",
        Accent::Restricted => "#8d8d8d",
    };
    let fields: Vec<Value> = card
        .fields
        .iter()
        .map(|(label, value)| json!({"title": label, "value": value, "short": true}))
        .collect();
    let actions: Vec<Value> = card
        .buttons
        .iter()
        .map(|b| {
            json!({
                "id": button_id(b.action.id()),
                "name": b.label,
                "type": "button",
                "style": if b.danger { "danger" } else { "default" },
                "integration": {
                    "url": actions_url,
                    "context": signer.sign_action(b.action.id(), &b.value, now),
                },
            })
        })
        .collect();
    let mut a = json!({
        "fallback": card.fallback(),
        "color": color,
        "title": card.title,
        "title_link": card.link,
        "fields": fields,
    });
    if let Some(body) = &card.body {
        a["text"] = json!(cut(body, TEXT_CAP));
    }
    if let Some(footer) = &card.footer {
        a["footer"] = json!(footer);
    }
    if !actions.is_empty() {
        a["actions"] = json!(actions);
    }
    json!({ "attachments": [a] })
}

fn options(choices: &[Choice]) -> Vec<Value> {
    choices
        .iter()
        .map(|c| json!({"text": cut(&c.label, 75), "value": c.value}))
        .collect()
}

/// The declare dialog (`POST /actions/dialogs/open`'s `dialog`), its `state` signed for the
/// person it opens for. Menus have no room for descriptions: the severities' meanings go in
/// the help text, as far as it holds.
pub(crate) fn declare_dialog(form: &DeclareForm, signer: &ContextSigner, now: Timestamp) -> Value {
    let mut title = json!({
        "display_name": "Title", "name": declare_fields::TITLE, "type": "text",
        "max_length": 200, "placeholder": "What is broken, as customers see it",
    });
    if let Some(t) = &form.title {
        title["default"] = json!(t);
    }
    let meanings: Vec<String> = form
        .severities
        .iter()
        .filter_map(|c| {
            let d = c.description.as_deref().filter(|d| !d.is_empty())?;
            Some(format!("{}: {d}", c.value))
        })
        .collect();
    let mut severity = json!({
        "display_name": "Severity", "name": declare_fields::SEVERITY, "type": "select",
        "options": options(&form.severities),
    });
    if !meanings.is_empty() {
        severity["help_text"] = json!(cut(&meanings.join(" · "), HELP_CAP));
    }
    let mut elements = vec![title, severity];
    if form.types.len() > 1 {
        elements.push(json!({
            "display_name": "Type", "name": declare_fields::TYPE, "type": "select",
            "optional": true, "options": options(&form.types),
        }));
    }
    elements.push(json!({
        "display_name": "Private", "name": declare_fields::PRIVATE, "type": "bool", "optional": true,
        "placeholder": "Only the people working it see it; never announced",
    }));
    json!({
        "callback_id": declare_fields::CALLBACK,
        "title": "Declare an incident",
        "submit_label": "Declare",
        "notify_on_cancel": false,
        "state": signer.sign_state(&form.user, &form.metadata, now),
        "elements": elements,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use goldseam_core::chat::card::{Button, ButtonAction};

    fn now() -> Timestamp {
        "2026-12-04T10:00:00Z".parse().unwrap()
    }

    #[test]
    fn a_card_is_one_attachment_with_signed_buttons() {
        let signer = ContextSigner::new(b"k");
        let card = Card {
            title: "INC-42 · Checkout down".into(),
            link: "https://goldseam.test/incidents/INC-42".into(),
            accent: Accent::Critical,
            fields: vec![("Severity".into(), "SEV1".into())],
            body: Some("Rolled back".into()),
            buttons: vec![Button {
                action: ButtonAction::Resolve,
                label: "Resolve".into(),
                value: "INC-42".into(),
                danger: true,
            }],
            footer: Some("Declared 2026-12-04".into()),
        };
        let props = card_props(
            &card,
            "https://goldseam.test/api/v1/integrations/mattermost/actions",
            &signer,
            now(),
        );
        let a = &props["attachments"][0];
        assert_eq!(a["title"], "INC-42 · Checkout down");
        assert_eq!(a["title_link"], card.link);
        assert_eq!(
            a["fields"][0],
            json!({"title": "Severity", "value": "SEV1", "short": true})
        );
        let button = &a["actions"][0];
        assert_eq!(button["id"], "goldseamresolve");
        assert_eq!(button["style"], "danger");
        let read = signer
            .verify_action(&button["integration"]["context"], now())
            .unwrap();
        assert_eq!(
            (read.action.as_str(), read.value.as_str()),
            ("goldseam_resolve", "INC-42")
        );
    }

    #[test]
    fn the_declare_dialog_names_its_elements_after_the_form_fields() {
        let signer = ContextSigner::new(b"k");
        let choice = |v: &str, d: &str| Choice {
            value: v.into(),
            label: v.into(),
            description: Some(d.into()),
        };
        let form = DeclareForm {
            severities: vec![choice("SEV1", "Major"), choice("SEV2", "Minor")],
            types: vec![choice("default", "")],
            title: Some("Checkout down".into()),
            metadata: "chan1".into(),
            user: "user1".into(),
        };
        let d = declare_dialog(&form, &signer, now());
        let names: Vec<&str> = d["elements"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["title", "severity", "private"]);
        assert_eq!(d["elements"][0]["default"], "Checkout down");
        assert_eq!(d["elements"][1]["help_text"], "SEV1: Major · SEV2: Minor");
        assert_eq!(d["callback_id"], declare_fields::CALLBACK);
        let state = d["state"].as_str().unwrap();
        assert_eq!(signer.verify_state("user1", state, now()).unwrap(), "chan1");
    }
}
