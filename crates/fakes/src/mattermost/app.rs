//! Requests the fake sends to the app when a person uses it: slash commands (here) and
//! button clicks and dialog submissions (`interact`). Each is sent once, never retried (a
//! person sees the error instead), with the integration timeout, and recorded as a
//! [`Delivery`].

use super::model::{Delivery, DeliveryKind};
use super::store::{new_id, Core, Inner, NewPost, ResponseHook};
use serde_json::{json, Map, Value};
use std::time::SystemTime;

/// What the app answered to a slash command.
#[derive(Debug, Clone, PartialEq)]
pub struct CommandReply {
    /// The HTTP status (200; other statuses are errors).
    pub status: u16,
    /// The answer: the JSON the app sent, or `{"text": body}` for a plain-text answer, or null
    /// for an empty one.
    pub body: Value,
    /// The `trigger_id` sent with the command (opens a dialog within the trigger lifetime).
    pub trigger_id: String,
    /// The `response_url` sent with the command.
    pub response_url: String,
}

/// How a request to the app is sent.
pub(crate) enum Payload {
    Form(Vec<(String, String)>, bool),
    Json(Value),
}

/// The app's answer: status, raw body, and whether it said it is JSON.
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) body: String,
    pub(crate) json: bool,
}

impl Answer {
    /// The body as Mattermost reads it: JSON when the app said so or it parses, a plain-text
    /// answer as `{"text": body}`, null when empty.
    pub(crate) fn value(&self) -> Value {
        if self.body.trim().is_empty() {
            return Value::Null;
        }
        match serde_json::from_str::<Value>(&self.body) {
            Ok(v) if self.json || v.is_object() => v,
            _ => json!({"text": self.body}),
        }
    }
}

/// Sends one request to the app and records it; the answer, or why there was none.
pub(crate) async fn deliver(
    core: &Core,
    kind: DeliveryKind,
    url: &str,
    payload: Payload,
    token: Option<&str>,
) -> Result<Answer, String> {
    let timeout = core.lock().options.integration_timeout;
    let at = SystemTime::now();
    let client = &core.client;
    let (builder, request) = match payload {
        Payload::Form(fields, get) => {
            let request =
                Value::Object(fields.iter().map(|(k, v)| (k.clone(), json!(v))).collect());
            let b = if get {
                client.get(url).query(&fields)
            } else {
                client.post(url).form(&fields)
            };
            (b, request)
        }
        Payload::Json(body) => (client.post(url).json(&body), body),
    };
    let mut builder = builder
        .timeout(timeout)
        .header("accept", "application/json");
    if let Some(token) = token {
        builder = builder.header("authorization", format!("Token {token}"));
    }
    let answered = match builder.send().await {
        Ok(res) => {
            let status = res.status().as_u16();
            let content_type = res
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok());
            let json = content_type.unwrap_or_default().contains("json");
            res.text()
                .await
                .map(|body| Answer { status, body, json })
                .map_err(|e| e.to_string())
        }
        Err(e) if e.is_timeout() => Err("timed out".to_string()),
        Err(e) => Err(e.to_string()),
    };
    let recorded = answered
        .as_ref()
        .map(|a| (a.status, a.body.clone()))
        .map_err(Clone::clone);
    let delivery = Delivery {
        kind,
        url: url.into(),
        request,
        answered: recorded,
        at,
    };
    core.update(|i| i.deliveries.push(delivery));
    answered
}

/// Shows a command response (`response_type`, `text`, `attachments`, `props`, `username`,
/// `icon_url`, `extra_responses`) as the server does: `in_channel` becomes a post by the user
/// who ran the command, anything else an ephemeral post to that user.
pub(crate) fn apply_command_response(i: &mut Inner, user: &str, channel: &str, response: &Value) {
    let mut all = vec![response.clone()];
    all.extend(
        response["extra_responses"]
            .as_array()
            .cloned()
            .unwrap_or_default(),
    );
    for r in all {
        let message = r["text"].as_str().unwrap_or_default().to_string();
        let mut props: Map<String, Value> = r["props"].as_object().cloned().unwrap_or_default();
        if let Some(a) = r.get("attachments").filter(|a| a.is_array()) {
            props.insert("attachments".into(), a.clone());
        }
        if message.is_empty() && !props.contains_key("attachments") {
            continue;
        }
        for (field, prop) in [
            ("username", "override_username"),
            ("icon_url", "override_icon_url"),
        ] {
            if let Some(v) = r[field].as_str().filter(|v| !v.is_empty()) {
                props.insert(prop.into(), json!(v));
            }
        }
        props.insert("from_webhook".into(), json!("true"));
        if r["response_type"] == "in_channel" {
            let new = NewPost {
                channel_id: channel.into(),
                message,
                props,
                ..NewPost::default()
            };
            let _ = i.create_post(user, new);
        } else {
            let _ = i.ephemeral(user, user, channel, message, props);
        }
    }
}

/// Runs `/command text` for `user` in `channel` (ids or names): POSTs the command's fields to
/// its URL and shows the answer. `Err` is what Mattermost would show the person.
pub(crate) async fn slash_command(
    core: &Core,
    user: &str,
    channel: &str,
    command: &str,
    text: &str,
) -> Result<CommandReply, String> {
    let trigger = command.trim_start_matches('/').to_string();
    let failed = format!("Command with a trigger of '/{trigger}' failed.");
    let (cmd, fields, trigger_id, response_url, user_id, channel_id) = core.update(|i| {
        let u = i
            .user(user)
            .cloned()
            .ok_or_else(|| format!("no user {user}"))?;
        let c = i
            .channel_ref(channel)
            .cloned()
            .ok_or_else(|| format!("no channel {channel}"))?;
        if !i.can_read(&c, &u.id) {
            return Err(format!("{} cannot see channel {}", u.username, c.name));
        }
        let cmd = i
            .options
            .commands
            .iter()
            .find(|k| k.trigger == trigger)
            .cloned();
        let cmd =
            cmd.ok_or_else(|| format!("Command with a trigger of '/{trigger}' not found."))?;
        let trigger_id = i.trigger(&u.id, &c.id);
        let hook = new_id();
        let created_at = i.clock();
        i.hooks.push(ResponseHook {
            id: hook.clone(),
            user_id: u.id.clone(),
            channel_id: c.id.clone(),
            uses: 0,
            created_at,
        });
        let response_url = format!("{}/hooks/commands/{hook}", i.url);
        let fields: Vec<(String, String)> = [
            ("channel_id", c.id.as_str()),
            ("channel_name", &c.name),
            ("command", &format!("/{trigger}")),
            ("response_url", &response_url),
            ("team_domain", &i.options.team_name),
            ("team_id", &i.team_id),
            ("text", text),
            ("token", &cmd.token),
            ("trigger_id", &trigger_id),
            ("user_id", &u.id),
            ("user_name", &u.username),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        Ok((cmd, fields, trigger_id, response_url, u.id, c.id))
    })?;
    let payload = Payload::Form(fields, cmd.method_get);
    let answer = deliver(
        core,
        DeliveryKind::Command,
        &cmd.url,
        payload,
        Some(&cmd.token),
    )
    .await
    .map_err(|_| failed)?;
    let status = answer.status;
    if status != 200 {
        return Err(format!(
            "Command with a trigger of '/{trigger}' returned response {status}"
        ));
    }
    let body = answer.value();
    if body.is_object() {
        core.update(|i| apply_command_response(i, &user_id, &channel_id, &body));
    }
    Ok(CommandReply {
        status,
        body,
        trigger_id,
        response_url,
    })
}
