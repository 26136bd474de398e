//! `POST /actions/dialogs/open` (a `trigger_id` opens a dialog for the user it was issued to,
//! within its lifetime) and a command's `response_url` (`POST /hooks/commands/{id}`, no token:
//! the URL is the secret; 5 uses within 30 minutes).

use super::{object, text, Shared};
use crate::mattermost::model::Dialog;
use crate::mattermost::store::Broadcast;
use crate::mattermost::wire::{status_ok, ApiError, ApiResult};
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::IntoResponse;
use serde_json::{json, Value};

/// Element types a dialog may hold.
const ELEMENT_TYPES: [&str; 7] = [
    "text", "textarea", "select", "bool", "radio", "date", "datetime",
];

/// Checks what the server checks of a dialog: a title, and elements with a known type and
/// a unique non-empty name.
fn valid_dialog(dialog: &Value) -> bool {
    let elements = dialog["elements"].as_array().cloned().unwrap_or_default();
    let mut names: Vec<&str> = elements.iter().map(|e| text(e, "name")).collect();
    let typed = elements
        .iter()
        .all(|e| ELEMENT_TYPES.contains(&text(e, "type")) && !text(e, "display_name").is_empty());
    let count = names.len();
    names.sort_unstable();
    names.dedup();
    !text(dialog, "title").is_empty() && typed && names.len() == count && !names.contains(&"")
}

pub(super) async fn open_dialog(State(core): State<Shared>, body: Bytes) -> ApiResult {
    let v = object(&body, "dialog")?;
    let (trigger_id, url) = (text(&v, "trigger_id"), text(&v, "url"));
    if trigger_id.is_empty() {
        return Err(ApiError::invalid_param("trigger_id"));
    }
    if url.is_empty() {
        return Err(ApiError::invalid_param("url"));
    }
    if !valid_dialog(&v["dialog"]) {
        return Err(ApiError::invalid_param("dialog"));
    }
    core.update(|i| {
        let now = i.clock();
        let ttl = i.options.trigger_ttl.as_millis() as i64;
        let Some(t) = i.triggers.iter().find(|t| t.id == trigger_id) else {
            let id = "interactive_message.decode_trigger_id.signature_decode_failed";
            return Err(ApiError::new(400, id, "Failed to decode trigger ID for interactive dialog."));
        };
        if now > t.issued_at + ttl {
            let id = "interactive_message.decode_trigger_id.expired";
            let message = format!(
                "Trigger ID for interactive dialog is expired. Trigger IDs live for a maximum of {}s.",
                ttl / 1000
            );
            return Err(ApiError::new(400, id, &message));
        }
        let (user_id, channel_id) = (t.user_id.clone(), t.channel_id.clone());
        i.dialogs.push(Dialog {
            user_id: user_id.clone(),
            channel_id,
            url: url.into(),
            dialog: v["dialog"].clone(),
            open: true,
        });
        let data = json!({"dialog": v.to_string()});
        i.broadcast("open_dialog", data, Broadcast { user_id, ..Broadcast::default() });
        Ok(())
    })?;
    status_ok()
}

pub(super) async fn command_response(
    State(core): State<Shared>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult {
    let v = object(&body, "command_response")?;
    core.update(|i| {
        let now = i.clock();
        let invalid = || {
            let id = "app.command_webhook.try_use.invalid.app_error";
            ApiError::new(400, id, "Unable to use the webhook.")
        };
        let hook = i
            .hooks
            .iter_mut()
            .find(|h| h.id == id)
            .ok_or_else(invalid)?;
        if hook.uses >= 5 || now > hook.created_at + 30 * 60 * 1000 {
            return Err(invalid());
        }
        hook.uses += 1;
        let (user, channel) = (hook.user_id.clone(), hook.channel_id.clone());
        crate::mattermost::app::apply_command_response(i, &user, &channel, &v);
        Ok(())
    })?;
    Ok("ok".into_response())
}
