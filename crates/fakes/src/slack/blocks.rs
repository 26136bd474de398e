//! Finding interactive elements in Block Kit blocks, and shaping what a human chose in them
//! the way `block_actions` actions and `view_submission` `state.values` carry it.

use serde_json::{json, Value};

/// The element with `action_id` in `blocks`, and its block's `block_id`.
pub(crate) fn find_element(blocks: &Value, action_id: &str) -> Option<(String, Value)> {
    for block in blocks.as_array()? {
        let block_id = block["block_id"].as_str().unwrap_or_default().to_string();
        let mut candidates: Vec<&Value> = Vec::new();
        if let Some(els) = block["elements"].as_array() {
            candidates.extend(els.iter());
        }
        candidates.push(&block["accessory"]);
        candidates.push(&block["element"]);
        for el in candidates {
            if el["action_id"] == action_id {
                return Some((block_id, el.clone()));
            }
        }
    }
    None
}

/// The option of a select-like `element` whose value is `value` (or a made-up one).
fn option(element: &Value, value: &str) -> Value {
    let options = element["options"].as_array().into_iter().flatten();
    let groups = element["option_groups"].as_array().into_iter().flatten();
    let grouped = groups.flat_map(|g| g["options"].as_array().into_iter().flatten());
    options
        .chain(grouped)
        .find(|o| o["value"] == value)
        .cloned()
        .unwrap_or_else(|| json!({"text": {"type": "plain_text", "text": value}, "value": value}))
}

/// What choosing `value` in `element` looks like: `{type, value}` for a text input,
/// `{type, selected_option}` for a select, and so on. `value` is a comma list for
/// multi-selects and checkboxes.
pub(crate) fn chosen(element: &Value, value: &str) -> Value {
    let typ = element["type"].as_str().unwrap_or("plain_text_input");
    let many = || {
        value
            .split(',')
            .filter(|v| !v.is_empty())
            .map(String::from)
            .collect::<Vec<_>>()
    };
    let mut v = json!({"type": typ});
    match typ {
        "static_select" | "external_select" | "radio_buttons" => {
            v["selected_option"] = option(element, value)
        }
        "multi_static_select" | "checkboxes" => {
            let opts: Vec<Value> = many().iter().map(|x| option(element, x)).collect();
            v["selected_options"] = json!(opts);
        }
        "users_select" => v["selected_user"] = json!(value),
        "multi_users_select" => v["selected_users"] = json!(many()),
        "conversations_select" => v["selected_conversation"] = json!(value),
        "channels_select" => v["selected_channel"] = json!(value),
        "datepicker" => v["selected_date"] = json!(value),
        "timepicker" => v["selected_time"] = json!(value),
        _ => v["value"] = json!(value),
    }
    v
}

/// A `block_actions` action for clicking or choosing `value` in `element`.
pub(crate) fn action(block_id: &str, element: &Value, action_ts: &str, value: &str) -> Value {
    let mut a = chosen(element, value);
    a["action_id"] = element["action_id"].clone();
    a["block_id"] = json!(block_id);
    a["action_ts"] = json!(action_ts);
    if a["type"] == "button" {
        a["text"] = element["text"].clone();
        if let Some(style) = element.get("style") {
            a["style"] = style.clone();
        }
    }
    a
}
