//! Channel members: `user_added`/`user_removed` and the system messages the server posts
//! when someone joins, is added, leaves or is removed.

use super::{Broadcast, Inner};
use crate::mattermost::model::ChannelType;
use crate::mattermost::wire::ApiError;
use serde_json::json;

impl Inner {
    /// Adds `user` to a channel (by `by`; the same for a self-join). Already a member: no
    /// change, no event, `Ok(false)`. Otherwise sends `user_added` and posts
    /// `system_join_channel` or `system_add_to_channel`.
    pub(crate) fn add_member(
        &mut self,
        by: &str,
        channel_id: &str,
        user_id: &str,
    ) -> Result<bool, ApiError> {
        let channel = self.channel(channel_id).ok_or_else(ApiError::no_channel)?;
        if channel.delete_at != 0 {
            let id = "api.channel.add_user.to.channel.failed.deleted.app_error";
            return Err(ApiError::new(
                400,
                id,
                "Failed to add user to channel because channel has been archived.",
            ));
        }
        if channel.channel_type == ChannelType::Direct {
            let id = "api.channel.add_user_to_channel.type.app_error";
            return Err(ApiError::new(
                400,
                id,
                "Can not add user to this channel type.",
            ));
        }
        let user = self.user(user_id).cloned().ok_or_else(ApiError::no_user)?;
        if user.delete_at != 0 {
            return Err(ApiError::no_user());
        }
        if self.is_member(channel_id, &user.id) {
            return Ok(false);
        }
        let team_id = self.team_id.clone();
        let at = self.stamp();
        let c = self.channel_mut(channel_id).expect("checked above");
        c.members.push(user.id.clone());
        c.update_at = at;
        let data = json!({"team_id": team_id, "user_id": user.id});
        self.broadcast(
            "user_added",
            data,
            Broadcast {
                channel_id: channel_id.into(),
                ..Broadcast::default()
            },
        );
        if by == user.id {
            let message = format!("@{} joined the channel.", user.username);
            let props = json!({"username": user.username});
            self.system_post(by, channel_id, "system_join_channel", message, props);
        } else {
            let adder = self
                .user(by)
                .map(|u| u.username.clone())
                .unwrap_or_default();
            let message = format!("@{} added to the channel by @{adder}.", user.username);
            let props = json!({"userId": by, "username": adder, "addedUserId": user.id,
                               "addedUsername": user.username});
            self.system_post(by, channel_id, "system_add_to_channel", message, props);
        }
        Ok(true)
    }

    /// Removes `user` from a channel: posts `system_leave_channel` (or
    /// `system_remove_from_channel`), then sends `user_removed` to the remaining members and to
    /// the user.
    pub(crate) fn remove_member(
        &mut self,
        by: &str,
        channel_id: &str,
        user_id: &str,
    ) -> Result<(), ApiError> {
        let user = self.user(user_id).cloned().ok_or_else(ApiError::no_user)?;
        if !self.is_member(channel_id, &user.id) {
            return Ok(());
        }
        let (kind, message) = if by == user.id {
            (
                "system_leave_channel",
                format!("@{} left the channel.", user.username),
            )
        } else {
            (
                "system_remove_from_channel",
                format!("@{} was removed from the channel.", user.username),
            )
        };
        self.system_post(
            by,
            channel_id,
            kind,
            message,
            json!({"username": user.username}),
        );
        let at = self.stamp();
        let c = self.channel_mut(channel_id).expect("checked above");
        c.members.retain(|m| *m != user.id);
        c.update_at = at;
        let data = json!({"user_id": user.id, "remover_id": by});
        self.broadcast(
            "user_removed",
            data,
            Broadcast {
                channel_id: channel_id.into(),
                ..Broadcast::default()
            },
        );
        let data = json!({"channel_id": channel_id, "remover_id": by});
        self.broadcast(
            "user_removed",
            data,
            Broadcast {
                user_id: user.id,
                ..Broadcast::default()
            },
        );
        Ok(())
    }
}
