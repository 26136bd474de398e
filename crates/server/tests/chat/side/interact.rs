//! What people do with Goldseam's commands, forms and buttons, on either platform.

use super::{Button, Msg, Side};
use goldseam_fakes::slack::ClickOn;
use serde_json::Value;

impl Side {
    /// `handle` runs `/inc text` in `channel`.
    pub async fn command(&self, handle: &str, channel: &str, text: &str) {
        match self {
            Side::Slack(s) => {
                s.slash_command(handle, channel, "/inc", text)
                    .await
                    .unwrap();
            }
            Side::Mattermost(m) => {
                let reply = m
                    .slash_command(handle, channel, "/inc", text)
                    .await
                    .unwrap();
                assert_eq!(reply.status, 200, "{:?}", reply.body);
            }
        }
    }

    /// The text of `handle`'s open declare form (Slack: a modal; Mattermost: a dialog), if
    /// one is open; `user` is their id.
    pub fn declare_form(&self, handle: &str, user: &str) -> Option<String> {
        match self {
            Side::Slack(s) => s
                .views_for(user)
                .into_iter()
                .rfind(|v| !v.closed)
                .map(|v| v.view.to_string()),
            Side::Mattermost(m) => m
                .dialogs_for(handle)
                .into_iter()
                .rfind(|d| d.open)
                .map(|d| d.dialog.to_string()),
        }
    }

    /// Submits `handle`'s open declare form with `fields`; the errors the form shows, or
    /// `Null` when it closed.
    pub async fn submit_declare(&self, handle: &str, user: &str, fields: &[(&str, &str)]) -> Value {
        match self {
            Side::Slack(s) => {
                let view = s.views_for(user).into_iter().rfind(|v| !v.closed).unwrap();
                let values: Vec<(&str, &str, &str)> =
                    fields.iter().map(|(k, v)| (*k, "value", *v)).collect();
                let reply = s.submit_view(handle, &view.id, &values).await.unwrap();
                if reply.json["response_action"] == "errors" {
                    reply.json["errors"].clone()
                } else {
                    Value::Null
                }
            }
            Side::Mattermost(m) => {
                let values: serde_json::Map<String, Value> = fields
                    .iter()
                    .map(|(k, v)| (k.to_string(), Value::from(*v)))
                    .collect();
                let reply = m
                    .submit_dialog(handle, Value::Object(values))
                    .await
                    .unwrap();
                if reply.closed {
                    Value::Null
                } else {
                    reply.body["errors"].clone()
                }
            }
        }
    }

    /// The first message in `channel` carrying `button`.
    pub fn with_button(&self, channel: &str, button: Button) -> Option<Msg> {
        let id = self.button_id(button);
        self.messages(channel)
            .into_iter()
            .find(|m| m.card.contains(&format!("\"{id}\"")))
    }

    /// `handle` clicks `button` on `message`; `value` is what Slack's button carries (the
    /// incident), Mattermost's carries it in its signed context.
    pub async fn click(
        &self,
        handle: &str,
        channel: &str,
        message: &Msg,
        button: Button,
        value: &str,
    ) {
        let id = self.button_id(button);
        match self {
            Side::Slack(s) => {
                let on = ClickOn::Message {
                    channel: channel.to_string(),
                    ts: message.id.clone(),
                };
                s.click(handle, on, id, value).await.unwrap();
            }
            Side::Mattermost(m) => {
                let reply = m.click(handle, &message.id, id).await.unwrap();
                assert_eq!(reply.status, 200, "{:?}", reply.body);
            }
        }
    }

    fn button_id(&self, button: Button) -> &'static str {
        // Mattermost action ids are letters and digits only.
        match (self, button) {
            (Side::Slack(_), Button::Join) => "goldseam_join",
            (Side::Slack(_), Button::Resolve) => "goldseam_resolve",
            (Side::Mattermost(_), Button::Join) => "goldseamjoin",
            (Side::Mattermost(_), Button::Resolve) => "goldseamresolve",
        }
    }
}
