//! A person clicking a button (or choosing in a menu) of an interactive post, and submitting
//! or cancelling a dialog: the fake POSTs what Mattermost POSTs to the integration and applies
//! the answer (`update`, `ephemeral_text`; dialog `errors`).

use super::app::{deliver, Payload};
use super::model::DeliveryKind;
use super::store::Core;
use serde_json::{json, Map, Value};

/// What the app answered to a click.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionReply {
    /// The HTTP status (200; other statuses are errors).
    pub status: u16,
    /// The answer (`{update, ephemeral_text, error}`), null if empty.
    pub body: Value,
    /// The `trigger_id` sent with the click.
    pub trigger_id: String,
}

/// What the app answered to a dialog submission.
#[derive(Debug, Clone, PartialEq)]
pub struct DialogReply {
    /// The HTTP status.
    pub status: u16,
    /// The answer (`{errors: {field: message}}` or `{error}`), null if empty.
    pub body: Value,
    /// Whether the dialog closed (an answer without `errors` or `error`).
    pub closed: bool,
}

/// Clicks action `action_id` of `post_id` as `user`; `selected` is a menu's chosen value
/// (sent as `context.selected_option`).
pub(crate) async fn click(
    core: &Core,
    user: &str,
    post_id: &str,
    action_id: &str,
    selected: Option<&str>,
) -> Result<ActionReply, String> {
    let (url, request, trigger_id, author) = core.update(|i| {
        let u = i
            .user(user)
            .cloned()
            .ok_or_else(|| format!("no user {user}"))?;
        let post = i.live_post(post_id).map_err(|e| e.message)?.clone();
        let c = i
            .channel(&post.channel_id)
            .cloned()
            .ok_or("the post's channel is gone")?;
        if !i.can_read(&c, &u.id) {
            return Err(format!("{} cannot see channel {}", u.username, c.name));
        }
        let actions = post.actions();
        let action = actions.iter().find(|a| a["id"] == action_id);
        let action = action.ok_or_else(|| format!("post {post_id} has no action {action_id}"))?;
        let url = action["integration"]["url"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        if url.is_empty() {
            return Err(format!("action {action_id} has no integration URL"));
        }
        let mut context = action["integration"]["context"].clone();
        if let Some(option) = selected {
            if !context.is_object() {
                context = json!({});
            }
            context["selected_option"] = json!(option);
        }
        let trigger_id = i.trigger(&u.id, &c.id);
        let request = json!({
            "user_id": u.id, "user_name": u.username, "channel_id": c.id, "channel_name": c.name,
            "team_id": c.team_id, "team_domain": i.options.team_name, "post_id": post.id,
            "trigger_id": trigger_id, "type": action["type"].as_str().unwrap_or_default(),
            "data_source": action["data_source"].as_str().unwrap_or_default(), "context": context,
        });
        Ok((url, request, trigger_id, (u.id, post.user_id, c.id)))
    })?;
    let answer = deliver(
        core,
        DeliveryKind::Action,
        &url,
        Payload::Json(request),
        None,
    )
    .await
    .map_err(|e| format!("Action integration error: {e}"))?;
    if answer.status != 200 {
        return Err(format!(
            "Action integration error: status {}",
            answer.status
        ));
    }
    let body = answer.value();
    let (clicker, post_author, channel) = author;
    core.update(|i| {
        if let Some(update) = body.get("update").filter(|u| u.is_object()) {
            // The update replaces message and props; absent props leave none (no buttons).
            let message = update["message"].as_str().unwrap_or_default().to_string();
            let props: Map<String, Value> =
                update["props"].as_object().cloned().unwrap_or_default();
            let _ = i.change_post(post_id, Some(message), Some(props), None);
        }
        if let Some(text) = body["ephemeral_text"].as_str().filter(|t| !t.is_empty()) {
            let _ = i.ephemeral(&post_author, &clicker, &channel, text.into(), Map::new());
        }
    });
    Ok(ActionReply {
        status: answer.status,
        body,
        trigger_id,
    })
}

/// Submits `user`'s open dialog with `values` (`{element name: value}`), as the dialog's
/// submit button does: refused before sending if a required element has no value.
pub(crate) async fn submit_dialog(
    core: &Core,
    user: &str,
    values: Value,
) -> Result<DialogReply, String> {
    let (index, url, request) = core.update(|i| {
        let u = i.user(user).cloned().ok_or_else(|| format!("no user {user}"))?;
        let index = i.dialogs.iter().rposition(|d| d.user_id == u.id && d.open);
        let index = index.ok_or_else(|| format!("no dialog is open for {}", u.username))?;
        let d = &i.dialogs[index];
        let elements = d.dialog["elements"].as_array().cloned().unwrap_or_default();
        let missing: Vec<&str> = elements
            .iter()
            .filter(|e| e["optional"] != true)
            .filter_map(|e| e["name"].as_str())
            .filter(|n| values[*n].is_null() || values[*n] == "")
            .collect();
        if !missing.is_empty() {
            return Err(format!("required: {}", missing.join(", ")));
        }
        let request = json!({
            "type": "dialog_submission", "callback_id": d.dialog["callback_id"].as_str().unwrap_or_default(),
            "state": d.dialog["state"].as_str().unwrap_or_default(), "user_id": u.id,
            "channel_id": d.channel_id, "team_id": i.team_id, "submission": values, "cancelled": false,
        });
        Ok((index, d.url.clone(), request))
    })?;
    let answer = deliver(
        core,
        DeliveryKind::Dialog,
        &url,
        Payload::Json(request),
        None,
    )
    .await?;
    if answer.status != 200 {
        return Err(format!(
            "dialog submission failed: status {}",
            answer.status
        ));
    }
    let body = answer.value();
    let has_errors = body["errors"].as_object().is_some_and(|e| !e.is_empty());
    let closed = !has_errors && body["error"].as_str().is_none_or(str::is_empty);
    if closed {
        core.update(|i| i.dialogs[index].open = false);
    }
    Ok(DialogReply {
        status: answer.status,
        body,
        closed,
    })
}

/// Closes `user`'s open dialog with Cancel; tells the app if the dialog asked
/// (`notify_on_cancel`). Whether there was a dialog to cancel.
pub(crate) async fn cancel_dialog(core: &Core, user: &str) -> Result<(), String> {
    let notify = core.update(|i| {
        let u = i.user(user).cloned().ok_or_else(|| format!("no user {user}"))?;
        let index = i.dialogs.iter().rposition(|d| d.user_id == u.id && d.open);
        let index = index.ok_or_else(|| format!("no dialog is open for {}", u.username))?;
        let team_id = i.team_id.clone();
        let d = &mut i.dialogs[index];
        d.open = false;
        let request = json!({
            "type": "dialog_cancellation", "callback_id": d.dialog["callback_id"].as_str().unwrap_or_default(),
            "state": d.dialog["state"].as_str().unwrap_or_default(), "user_id": u.id,
            "channel_id": d.channel_id, "team_id": team_id, "submission": {}, "cancelled": true,
        });
        Ok::<_, String>((d.dialog["notify_on_cancel"] == true).then(|| (d.url.clone(), request)))
    })?;
    if let Some((url, request)) = notify {
        deliver(
            core,
            DeliveryKind::Dialog,
            &url,
            Payload::Json(request),
            None,
        )
        .await?;
    }
    Ok(())
}
