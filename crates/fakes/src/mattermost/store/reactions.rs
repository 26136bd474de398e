//! Reactions and ephemeral posts: `reaction_added`/`reaction_removed` to the channel's
//! members, `ephemeral_message` to the one user who sees it.

use super::posts::check_size;
use super::{new_id, Broadcast, Inner};
use crate::mattermost::model::{ChannelType, Ephemeral, Post, Reaction};
use crate::mattermost::wire::{reaction_json, ApiError};
use serde_json::{json, Map, Value};

impl Inner {
    /// Adds `user_id`'s reaction; adding it again changes nothing and sends nothing.
    pub(crate) fn add_reaction(
        &mut self,
        user_id: &str,
        post_id: &str,
        emoji: &str,
    ) -> Result<Reaction, ApiError> {
        let valid = !emoji.is_empty()
            && emoji.len() <= 64
            && emoji
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-+".contains(c));
        if !valid {
            let id = "model.reaction.is_valid.emoji_name.app_error";
            return Err(ApiError::new(400, id, "Invalid emoji name."));
        }
        let channel_id = self.live_post(post_id)?.channel_id.clone();
        let same =
            |r: &&Reaction| r.user_id == user_id && r.post_id == post_id && r.emoji_name == emoji;
        if let Some(r) = self.reactions.iter().find(same) {
            return Ok(r.clone());
        }
        let at = self.stamp();
        let reaction = Reaction {
            user_id: user_id.into(),
            post_id: post_id.into(),
            emoji_name: emoji.into(),
            create_at: at,
        };
        self.reactions.push(reaction.clone());
        if let Some(p) = self.post_mut(post_id) {
            p.update_at = at;
        }
        let data = json!({"reaction": reaction_json(&reaction).to_string()});
        self.broadcast(
            "reaction_added",
            data,
            Broadcast {
                channel_id,
                ..Broadcast::default()
            },
        );
        Ok(reaction)
    }

    /// Removes a reaction, if there is one, and sends `reaction_removed`.
    pub(crate) fn remove_reaction(
        &mut self,
        user_id: &str,
        post_id: &str,
        emoji: &str,
    ) -> Result<(), ApiError> {
        let channel_id = self.live_post(post_id)?.channel_id.clone();
        let same =
            |r: &Reaction| r.user_id == user_id && r.post_id == post_id && r.emoji_name == emoji;
        let Some(i) = self.reactions.iter().position(same) else {
            return Ok(());
        };
        let reaction = self.reactions.remove(i);
        let data = json!({"reaction": reaction_json(&reaction).to_string()});
        self.broadcast(
            "reaction_removed",
            data,
            Broadcast {
                channel_id,
                ..Broadcast::default()
            },
        );
        Ok(())
    }

    /// Shows `user_id` an ephemeral post in a channel (sent as `ephemeral_message` to that user
    /// only; never stored in the channel).
    pub(crate) fn ephemeral(
        &mut self,
        author: &str,
        user_id: &str,
        channel_id: &str,
        message: String,
        props: Map<String, Value>,
    ) -> Result<Post, ApiError> {
        let channel = self.channel(channel_id).ok_or_else(ApiError::no_channel)?;
        let readable =
            channel.channel_type == ChannelType::Open || self.is_member(channel_id, user_id);
        if self.user(user_id).is_none() || !readable {
            return Err(ApiError::invalid_param("user_id"));
        }
        check_size(&message, &props)?;
        let at = self.stamp();
        let post = Post {
            id: new_id(),
            channel_id: channel_id.into(),
            user_id: author.into(),
            root_id: String::new(),
            message,
            post_type: "system_ephemeral".into(),
            props,
            create_at: at,
            update_at: at,
            edit_at: 0,
            delete_at: 0,
            is_pinned: false,
            pending_post_id: String::new(),
        };
        self.ephemerals.push(Ephemeral {
            user_id: user_id.into(),
            post: post.clone(),
        });
        let data = json!({"post": self.post_out(&post).to_string()});
        let to = Broadcast {
            user_id: user_id.into(),
            ..Broadcast::default()
        };
        self.broadcast("ephemeral_message", data, to);
        Ok(post)
    }
}
