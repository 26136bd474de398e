//! What a human does that the app must answer right away: a slash command, a click on a
//! button or menu, a modal submitted. Each is sent once (Slack does not retry these; it shows
//! the user an error such as `operation_timeout` instead), carries a fresh `trigger_id`, and
//! returns what the app answered, which the fake then applies as Slack would.

use super::api::views;
use super::blocks;
use super::deliver::{send_http, send_socket};
use super::model::{DeliveryKind, Outcome};
use super::reply::{issue_response_url, issue_trigger, resolve, show, user_obj};
pub use super::reply::{ActionError, AppReply, ClickOn};
pub(crate) use super::respond::response_url;
use super::FakeSlack;
use serde_json::{json, Value};

impl FakeSlack {
    /// Sends one interactive request over the socket or to `url`; the app's answer.
    async fn send_once(
        &self,
        kind: DeliveryKind,
        url: Option<String>,
        payload: Value,
        form: String,
    ) -> Result<(u16, String, Value), ActionError> {
        let socket = !self.st.lock().sockets.is_empty();
        let accepts = kind == DeliveryKind::SlashCommand || payload["type"] == "view_submission";
        if socket {
            return match send_socket(&self.st, kind, payload, accepts, 0, None).await {
                Outcome::Acked(p) => Ok((
                    200,
                    if p.is_null() {
                        String::new()
                    } else {
                        p.to_string()
                    },
                    p,
                )),
                _ => Err(ActionError::Timeout),
            };
        }
        let url = url.ok_or(ActionError::NoRequestUrl)?;
        let ct = "application/x-www-form-urlencoded";
        match send_http(&self.st, kind, &url, payload, form, ct, 0, None).await {
            Outcome::Answered { status, body, .. } if (200..300).contains(&status) => {
                let json = serde_json::from_str(&body).unwrap_or(Value::Null);
                Ok((status, body, json))
            }
            Outcome::Answered { status, .. } => Err(ActionError::Status(status)),
            Outcome::Failed(e) => Err(ActionError::Unreachable(e)),
            _ => Err(ActionError::Timeout),
        }
    }

    /// `user` runs `/command text` in `channel`. The app's immediate answer is applied (an
    /// `in_channel` one is posted as the app, anything else shown to the user alone) and
    /// returned, with the `trigger_id` and `response_url` the app got.
    pub async fn slash_command(
        &self,
        user: &str,
        channel: &str,
        command: &str,
        text: &str,
    ) -> Result<AppReply, ActionError> {
        let (fields, trigger, rurl, url) = {
            let mut inner = self.st.lock();
            let (uid, cid, cname) = resolve(&inner, user, channel);
            let trigger = issue_trigger(&mut inner, &uid);
            let rurl = issue_response_url(&mut inner, &uid, &cid, None);
            let o = &inner.opts;
            let uname = inner
                .ws
                .user(&uid)
                .map(|u| u.name.clone())
                .unwrap_or_default();
            let fields: Vec<(&str, String)> = vec![
                ("token", o.verification_token.clone()),
                ("team_id", o.team_id.clone()),
                ("team_domain", o.team_domain.clone()),
                ("channel_id", cid),
                ("channel_name", cname),
                ("user_id", uid),
                ("user_name", uname),
                ("command", command.into()),
                ("text", text.into()),
                ("api_app_id", o.app_id.clone()),
                ("is_enterprise_install", "false".into()),
                ("response_url", rurl.clone()),
                ("trigger_id", trigger.clone()),
            ];
            (fields, trigger, rurl, o.commands_url.clone())
        };
        let payload: serde_json::Map<String, Value> = fields
            .iter()
            .map(|(k, v)| (k.to_string(), json!(v)))
            .collect();
        let form = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&fields)
            .finish();
        let (status, body, json) = self
            .send_once(
                DeliveryKind::SlashCommand,
                url,
                Value::Object(payload.clone()),
                form,
            )
            .await?;
        {
            let mut inner = self.st.lock();
            let (uid, cid) = (
                payload["user_id"].as_str().unwrap_or_default(),
                payload["channel_id"].as_str().unwrap_or_default(),
            );
            if json.is_object() && (json.get("text").is_some() || json.get("blocks").is_some()) {
                show(&mut inner, uid, cid, &json, "command_reply");
            } else if !body.trim().is_empty() && json.is_null() {
                show(
                    &mut inner,
                    uid,
                    cid,
                    &json!({"text": body}),
                    "command_reply",
                );
            }
        }
        self.st.bump();
        Ok(AppReply {
            status,
            body,
            json,
            trigger_id: trigger,
            response_url: Some(rurl),
        })
    }

    /// `user` clicks (or chooses `value` in) the element `action_id` on a message or view:
    /// `block_actions` with a `trigger_id`, its `container`, and for a message the message
    /// and a `response_url`. Panics if there is no such element.
    pub async fn click(
        &self,
        user: &str,
        on: ClickOn,
        action_id: &str,
        value: &str,
    ) -> Result<AppReply, ActionError> {
        let (payload, trigger, rurl, url) = {
            let mut inner = self.st.lock();
            let uid = super::human::uid(&inner, user);
            let trigger = issue_trigger(&mut inner, &uid);
            let action_ts = inner.ws.new_ts();
            let o = &inner.opts;
            let mut p = json!({
                "type": "block_actions",
                "team": {"id": o.team_id, "domain": o.team_domain},
                "user": user_obj(&inner, &uid),
                "api_app_id": o.app_id,
                "token": o.verification_token,
                "trigger_id": trigger,
                "enterprise": null,
                "is_enterprise_install": false,
                "state": {"values": {}},
            });
            let (blocks, rurl) = match &on {
                ClickOn::Message { channel, ts } => {
                    let (_, cid, cname) = resolve(&inner, &uid, channel);
                    let m = inner
                        .ws
                        .message(&cid, ts)
                        .unwrap_or_else(|| panic!("no message {ts} in {channel}"))
                        .clone();
                    let rurl = issue_response_url(&mut inner, &uid, &cid, Some(ts));
                    let (team, app) = (inner.opts.team_id.clone(), inner.opts.app_id.clone());
                    p["container"] = json!({"type": "message", "message_ts": ts, "channel_id": cid, "is_ephemeral": false});
                    p["channel"] = json!({"id": cid, "name": cname});
                    p["message"] = super::workspace::message_json(&m, &team, &app);
                    p["response_url"] = json!(rurl);
                    (m.blocks.clone(), Some(rurl))
                }
                ClickOn::View(id) => {
                    let v = inner
                        .ws
                        .views
                        .iter()
                        .find(|v| v.id == *id && !v.closed)
                        .unwrap_or_else(|| panic!("no open view {id}"));
                    p["container"] = json!({"type": "view", "view_id": id});
                    p["view"] = v.view.clone();
                    (v.view["blocks"].clone(), None)
                }
            };
            let (block_id, element) = blocks::find_element(&blocks, action_id)
                .unwrap_or_else(|| panic!("no element {action_id} in {on:?}"));
            p["actions"] = json!([blocks::action(&block_id, &element, &action_ts, value)]);
            (p, trigger, rurl, inner.opts.interactions_url.clone())
        };
        let form = form_urlencoded::Serializer::new(String::new())
            .append_pair("payload", &payload.to_string())
            .finish();
        let (status, body, json) = self
            .send_once(DeliveryKind::Interaction, url, payload, form)
            .await?;
        Ok(AppReply {
            status,
            body,
            json,
            trigger_id: trigger,
            response_url: rurl,
        })
    }

    /// `user` submits the open modal `view_id` with `values`, each `(block_id, action_id,
    /// value)` shaped by the element's type. The app's `response_action` is applied
    /// (`errors` keeps the modal open, `update`/`push` change it, `clear` closes all, an
    /// empty answer closes it) and returned. Panics if the modal is not open for `user`.
    pub async fn submit_view(
        &self,
        user: &str,
        view_id: &str,
        values: &[(&str, &str, &str)],
    ) -> Result<AppReply, ActionError> {
        let (payload, trigger, url, uid) = {
            let mut inner = self.st.lock();
            let uid = super::human::uid(&inner, user);
            let v = inner
                .ws
                .views
                .iter()
                .find(|v| v.id == view_id && v.user == uid && v.kind == "modal" && !v.closed);
            let mut view = v
                .unwrap_or_else(|| panic!("no open modal {view_id} for {user}"))
                .view
                .clone();
            let mut state = json!({});
            for (block_id, action_id, value) in values {
                let element = blocks::find_element(&view["blocks"], action_id)
                    .map(|(_, e)| e)
                    .unwrap_or(json!({"type": "plain_text_input"}));
                state[*block_id][*action_id] = blocks::chosen(&element, value);
            }
            view["state"] = json!({"values": state});
            let trigger = issue_trigger(&mut inner, &uid);
            let o = &inner.opts;
            let p = json!({
                "type": "view_submission",
                "team": {"id": o.team_id, "domain": o.team_domain},
                "user": user_obj(&inner, &uid),
                "api_app_id": o.app_id,
                "token": o.verification_token,
                "trigger_id": trigger,
                "view": view,
                "response_urls": [],
                "enterprise": null,
                "is_enterprise_install": false,
            });
            (p, trigger, inner.opts.interactions_url.clone(), uid)
        };
        let form = form_urlencoded::Serializer::new(String::new())
            .append_pair("payload", &payload.to_string())
            .finish();
        let (status, body, json) = self
            .send_once(DeliveryKind::Interaction, url, payload, form)
            .await?;
        {
            let mut inner = self.st.lock();
            let i = inner.ws.views.iter().position(|v| v.id == view_id);
            match (json["response_action"].as_str(), i) {
                (Some("errors"), _) => {}
                (Some("update"), Some(i)) => drop(views::replace(&mut inner, i, &json["view"])),
                (Some("push"), _) => drop(views::open_modal(&mut inner, &uid, &json["view"], true)),
                (Some("clear"), _) => inner
                    .ws
                    .views
                    .iter_mut()
                    .filter(|v| v.user == uid && v.kind == "modal")
                    .for_each(|v| v.closed = true),
                (_, Some(i)) => inner.ws.views[i].closed = true,
                _ => {}
            }
        }
        self.st.bump();
        Ok(AppReply {
            status,
            body,
            json,
            trigger_id: trigger,
            response_url: None,
        })
    }
}
