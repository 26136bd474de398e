//! What a person does that Slack forwards at once and never retries: a slash command (form
//! fields) and an interaction (`block_actions`, `view_submission`). Re-exported from
//! [`super::inbound`], which owns [`Parsed`].

use super::inbound::{digest, ignored, str_of, text, Parsed};
use goldseam_core::chat::inbound::{FormValue, Inbound};
use serde_json::{Map, Value};

/// Reads a slash command's form fields (`command`, `text`, `user_id`, `channel_id`,
/// `trigger_id`, `response_url`, ...).
pub fn from_command(fields: &[(String, String)]) -> Parsed {
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .filter(|v| !v.is_empty())
    };
    // The fields as one JSON object, so the hash does not depend on their order.
    let as_json: Map<String, Value> = fields
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    let dedup_id = format!("cmd:{}", digest(&Value::Object(as_json)));
    let inbound = match (field("command"), field("user_id"), field("channel_id")) {
        (Some(command), Some(user), Some(channel)) => Inbound::Command {
            command,
            text: field("text").unwrap_or_default(),
            user,
            channel,
            trigger_id: field("trigger_id"),
            response_url: field("response_url"),
        },
        _ => ignored("a slash command without command, user_id or channel_id"),
    };
    Parsed { dedup_id, inbound }
}

/// Reads an interaction payload (the JSON in the `payload` form field): a button or menu
/// used (`block_actions`, first action) or a modal submitted (`view_submission`). Closing a
/// modal, shortcuts and message actions are ignored: Goldseam's views do not ask for them.
pub fn from_interaction(payload: &Value) -> Parsed {
    let dedup_id = format!("act:{}", digest(payload));
    let user = str_of(&payload["user"]["id"]);
    let inbound = match (payload["type"].as_str(), user) {
        (Some("block_actions"), Some(user)) => action(payload, user),
        (Some("view_submission"), Some(user)) => {
            let view = &payload["view"];
            match str_of(&view["callback_id"]) {
                Some(callback_id) => Inbound::FormSubmitted {
                    user,
                    callback_id,
                    view_id: str_of(&view["id"]),
                    private_metadata: text(&view["private_metadata"]),
                    values: form_values(view),
                },
                None => ignored("a view_submission without a callback_id"),
            }
        }
        (Some(kind), Some(_)) => ignored(format!("a {kind} interaction")),
        _ => ignored("an interaction without a type or user"),
    };
    Parsed { dedup_id, inbound }
}

fn action(payload: &Value, user: String) -> Inbound {
    let Some(a) = payload["actions"].as_array().and_then(|a| a.first()) else {
        return ignored("a block_actions without actions");
    };
    let Some(action_id) = str_of(&a["action_id"]) else {
        return ignored("a block_actions action without an action_id");
    };
    let container = &payload["container"];
    let channel = str_of(&container["channel_id"]).or_else(|| str_of(&payload["channel"]["id"]));
    let message_ts = str_of(&container["message_ts"]).or_else(|| str_of(&payload["message"]["ts"]));
    Inbound::Action {
        user,
        channel,
        message_ts,
        action_id,
        value: chosen(a, None),
        trigger_id: str_of(&payload["trigger_id"]),
        response_url: str_of(&payload["response_url"]),
    }
}

/// Every `state.values[block_id][action_id]` as one value per block.
fn form_values(view: &Value) -> Vec<FormValue> {
    let Some(blocks) = view["state"]["values"].as_object() else {
        return Vec::new();
    };
    let mut values = Vec::new();
    for (block_id, elements) in blocks {
        for (action_id, state) in elements.as_object().into_iter().flatten() {
            let element = element_in(view, block_id, action_id);
            values.push(FormValue {
                field: block_id.clone(),
                value: chosen(state, element),
            });
        }
    }
    values
}

/// The element `action_id` of block `block_id` as the view declared it.
fn element_in<'a>(view: &'a Value, block_id: &str, action_id: &str) -> Option<&'a Value> {
    let block = view["blocks"]
        .as_array()?
        .iter()
        .find(|b| b["block_id"] == block_id)?;
    let mut candidates = vec![&block["element"], &block["accessory"]];
    candidates.extend(block["elements"].as_array().into_iter().flatten());
    candidates.into_iter().find(|e| e["action_id"] == action_id)
}

/// What was chosen in an element, as text: typed text, an option's value, a user, channel,
/// date or time; several values joined with commas. A checkboxes element with a single
/// option is a yes/no question and reads `"true"`/`"false"` (its declaration, `element`,
/// says how many options it has).
fn chosen(state: &Value, element: Option<&Value>) -> String {
    let joined = |list: &Value, key: Option<&str>| {
        list.as_array()
            .into_iter()
            .flatten()
            .filter_map(|x| match key {
                Some(k) => x[k].as_str(),
                None => x.as_str(),
            })
            .collect::<Vec<_>>()
            .join(",")
    };
    if state["type"] == "checkboxes" {
        let one_option = element.is_some_and(|e| e["options"].as_array().map(Vec::len) == Some(1));
        if one_option {
            let ticked = state["selected_options"]
                .as_array()
                .is_some_and(|o| !o.is_empty());
            return ticked.to_string();
        }
    }
    for key in [
        "value",
        "selected_user",
        "selected_conversation",
        "selected_channel",
        "selected_date",
        "selected_time",
    ] {
        if let Some(v) = state[key].as_str() {
            return v.to_string();
        }
    }
    if let Some(v) = state["selected_option"]["value"].as_str() {
        return v.to_string();
    }
    if let Some(t) = state["selected_date_time"].as_i64() {
        return t.to_string();
    }
    for (key, field) in [
        ("selected_options", Some("value")),
        ("selected_users", None),
        ("selected_conversations", None),
        ("selected_channels", None),
    ] {
        if state[key].is_array() {
            return joined(&state[key], field);
        }
    }
    String::new()
}
