//! Posts: the checks Mattermost makes on them and the events each change emits (`posted`,
//! `post_edited`, `post_deleted`). Permission checks (who may post where) are the callers'.

use super::{new_id, Broadcast, Inner};
use crate::mattermost::model::Post;
use crate::mattermost::wire::ApiError;
use serde_json::{json, Map, Value};

/// Mattermost's post limit since 5.0, in characters (runes).
pub(crate) const MAX_POST_RUNES: usize = 16_383;
/// The props limit, in characters of their JSON.
const MAX_PROPS_RUNES: usize = 800_000;

/// A post to make.
#[derive(Debug, Default)]
pub(crate) struct NewPost {
    pub(crate) channel_id: String,
    pub(crate) message: String,
    pub(crate) root_id: String,
    pub(crate) props: Map<String, Value>,
    pub(crate) post_type: String,
    pub(crate) pending_post_id: String,
}

/// How long the server remembers a `pending_post_id` (`PendingPostIDsCacheTTL`).
pub(crate) const PENDING_POST_ID_TTL_MS: i64 = 30_000;

pub(super) fn check_size(message: &str, props: &Map<String, Value>) -> Result<(), ApiError> {
    if message.chars().count() > MAX_POST_RUNES {
        return Err(ApiError::new(
            400,
            "model.post.is_valid.msg.app_error",
            "Invalid Message.",
        ));
    }
    if Value::Object(props.clone()).to_string().chars().count() > MAX_PROPS_RUNES {
        let id = "model.post.is_valid.props.app_error";
        return Err(ApiError::new(400, id, "Invalid props."));
    }
    Ok(())
}

/// Gives every attachment action without an `id` a generated one, as the server does, so a
/// client can name it when clicked.
fn give_action_ids(props: &mut Map<String, Value>) {
    let attachments = props.get_mut("attachments").and_then(Value::as_array_mut);
    for a in attachments.into_iter().flatten() {
        let actions = a.get_mut("actions").and_then(Value::as_array_mut);
        for action in actions.into_iter().flatten() {
            let missing = action["id"].as_str().is_none_or(str::is_empty);
            if missing && action.is_object() {
                action["id"] = json!(new_id());
            }
        }
    }
}

/// `@username`s in `message` that are members of `channel_id`.
fn mentions(inner: &Inner, channel_id: &str, message: &str) -> Vec<String> {
    let words = message.split(|c: char| !(c.is_alphanumeric() || "@._-".contains(c)));
    let names = words.filter_map(|w| w.strip_prefix('@'));
    let mut ids: Vec<String> = names
        .filter_map(|n| inner.user(n.trim_end_matches(['.', '_', '-'])))
        .filter(|u| inner.is_member(channel_id, &u.id))
        .map(|u| u.id.clone())
        .collect();
    ids.dedup();
    ids
}

impl Inner {
    /// Makes a post by `user_id` and sends `posted` to the channel's members.
    pub(crate) fn create_post(&mut self, user_id: &str, new: NewPost) -> Result<Post, ApiError> {
        let NewPost {
            channel_id,
            message,
            root_id,
            mut props,
            post_type,
            pending_post_id,
        } = new;
        // A retry of a post made moments ago (same pending id) gets that post back, as
        // `deduplicateCreatePost` answers; no second post, no second event.
        let now = self.clock();
        if !pending_post_id.is_empty() {
            let seen = self.posts.iter().rev().find(|p| {
                p.pending_post_id == pending_post_id
                    && p.user_id == user_id
                    && now - p.create_at < PENDING_POST_ID_TTL_MS
            });
            if let Some(p) = seen {
                return Ok(p.clone());
            }
        }
        let channel = self.channel(&channel_id).ok_or_else(ApiError::no_channel)?;
        if channel.delete_at != 0 {
            let id = "api.post.create_post.can_not_post_to_deleted.error";
            return Err(ApiError::new(400, id, "Can not post to deleted channel."));
        }
        if !root_id.is_empty() {
            let root = self.post(&root_id);
            let valid = root.is_some_and(|r| {
                r.channel_id == channel_id && r.root_id.is_empty() && r.delete_at == 0
            });
            if !valid {
                let id = "api.post.create_post.root_id.app_error";
                return Err(ApiError::new(400, id, "Invalid RootId parameter."));
            }
        }
        check_size(&message, &props)?;
        give_action_ids(&mut props);
        let author = self.user(user_id).cloned().ok_or_else(ApiError::no_user)?;
        if author.is_bot {
            props.insert("from_bot".into(), json!("true"));
        }
        let at = self.stamp();
        let post = Post {
            id: new_id(),
            channel_id: channel_id.clone(),
            user_id: user_id.into(),
            root_id,
            message,
            post_type,
            props,
            create_at: at,
            update_at: at,
            edit_at: 0,
            delete_at: 0,
            is_pinned: false,
            pending_post_id,
        };
        let channel = self.channel_mut(&channel_id).expect("checked above");
        channel.last_post_at = at;
        channel.total_msg_count += 1;
        let channel = channel.clone();
        self.posts.push(post.clone());
        let mut data = json!({
            "channel_display_name": channel.display_name, "channel_name": channel.name,
            "channel_type": channel.channel_type.as_str(), "post": self.post_out(&post).to_string(),
            "sender_name": format!("@{}", author.username), "set_online": !author.is_bot,
            "team_id": channel.team_id,
        });
        let mentioned = mentions(self, &channel_id, &post.message);
        if !mentioned.is_empty() {
            data["mentions"] = json!(json!(mentioned).to_string());
        }
        let to = Broadcast {
            channel_id,
            ..Broadcast::default()
        };
        self.broadcast("posted", data, to);
        Ok(post)
    }

    /// A server-made post (`system_*` type) by `user_id` in a channel.
    pub(crate) fn system_post(
        &mut self,
        user_id: &str,
        channel_id: &str,
        kind: &str,
        message: String,
        props: Value,
    ) {
        let props = props.as_object().cloned().unwrap_or_default();
        let new = NewPost {
            channel_id: channel_id.into(),
            message,
            post_type: kind.into(),
            props,
            ..NewPost::default()
        };
        let _ = self.create_post(user_id, new);
    }

    /// Changes a post's message, props or pin and sends `post_edited`. `props` replaces the
    /// props except the server's own (`from_bot`, `from_webhook`, `override_*`).
    pub(crate) fn change_post(
        &mut self,
        id: &str,
        message: Option<String>,
        props: Option<Map<String, Value>>,
        pinned: Option<bool>,
    ) -> Result<Post, ApiError> {
        let post = self.live_post(id)?.clone();
        let archived = self
            .channel(&post.channel_id)
            .is_none_or(|c| c.delete_at != 0);
        if archived {
            let id = "api.post.update_post.can_not_update_post_in_deleted.error";
            return Err(ApiError::new(
                400,
                id,
                "Can not update a post in a deleted channel.",
            ));
        }
        if (message.is_some() || props.is_some()) && post.post_type.starts_with("system_") {
            let id = "api.post.update_post.system_message.app_error";
            return Err(ApiError::new(400, id, "Unable to update system message."));
        }
        let mut props = props.map(|mut p| {
            give_action_ids(&mut p);
            for key in [
                "from_bot",
                "from_webhook",
                "override_username",
                "override_icon_url",
            ] {
                match post.props.get(key) {
                    Some(v) => p.insert(key.into(), v.clone()),
                    None => p.remove(key),
                };
            }
            p
        });
        check_size(
            message.as_ref().unwrap_or(&post.message),
            props.as_ref().unwrap_or(&post.props),
        )?;
        let at = self.stamp();
        let stored = self.post_mut(id).expect("checked above");
        if let Some(m) = message.filter(|m| *m != stored.message) {
            stored.message = m;
            stored.edit_at = at;
        }
        if let Some(p) = props.take() {
            stored.props = p;
        }
        if let Some(pin) = pinned {
            stored.is_pinned = pin;
        }
        stored.update_at = at;
        let post = stored.clone();
        self.emit_edited(&post);
        Ok(post)
    }

    pub(crate) fn emit_edited(&mut self, post: &Post) {
        let data = json!({"post": self.post_out(post).to_string()});
        let to = Broadcast {
            channel_id: post.channel_id.clone(),
            ..Broadcast::default()
        };
        self.broadcast("post_edited", data, to);
    }

    /// Deletes a post (and a root's replies) and sends `post_deleted` for it.
    pub(crate) fn delete_post(&mut self, by: &str, id: &str) -> Result<Post, ApiError> {
        self.live_post(id)?;
        let at = self.stamp();
        for p in self
            .posts
            .iter_mut()
            .filter(|p| p.id == id || p.root_id == id)
        {
            if p.delete_at == 0 {
                p.delete_at = at;
                p.update_at = at;
            }
        }
        let post = self.post(id).cloned().expect("checked above");
        let data = json!({"post": self.post_out(&post).to_string(), "delete_by": by});
        let to = Broadcast {
            channel_id: post.channel_id.clone(),
            ..Broadcast::default()
        };
        self.broadcast("post_deleted", data, to);
        Ok(post)
    }
}
