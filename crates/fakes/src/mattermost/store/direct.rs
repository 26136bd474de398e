//! Direct-message channels: one per pair of users, named after the two ids, made the first
//! time either asks for it (`direct_added` goes to the channel then) and the same channel
//! every time after, as `GetOrCreateDirectChannel` does.

use super::{new_id, Broadcast, Inner};
use crate::mattermost::model::{Channel, ChannelType};
use crate::mattermost::wire::ApiError;
use serde_json::json;

/// A direct channel's name: the two ids, the smaller first, joined by `__`.
pub(crate) fn direct_name(a: &str, b: &str) -> String {
    if a <= b {
        format!("{a}__{b}")
    } else {
        format!("{b}__{a}")
    }
}

impl Inner {
    /// The direct channel between `creator` and `other`, made if there is none yet; whether it
    /// was made now. Both must be accounts (deactivated ones too: their history stays).
    pub(crate) fn direct_channel(
        &mut self,
        creator: &str,
        other: &str,
    ) -> Result<(Channel, bool), ApiError> {
        if self.user(creator).is_none() || self.user(other).is_none() {
            let id = "api.channel.create_direct_channel.invalid_user.app_error";
            return Err(ApiError::new(
                400,
                id,
                "Invalid user ID for direct channel creation.",
            ));
        }
        let name = direct_name(creator, other);
        let existing = self
            .channels
            .iter()
            .find(|c| c.channel_type == ChannelType::Direct && c.name == name);
        if let Some(c) = existing {
            return Ok((c.clone(), false));
        }
        let at = self.stamp();
        let mut members = vec![creator.to_string()];
        if other != creator {
            members.push(other.to_string());
        }
        let channel = Channel {
            id: new_id(),
            team_id: String::new(),
            name,
            display_name: String::new(),
            channel_type: ChannelType::Direct,
            header: String::new(),
            purpose: String::new(),
            creator_id: creator.into(),
            members,
            create_at: at,
            update_at: at,
            delete_at: 0,
            last_post_at: at,
            total_msg_count: 0,
        };
        self.channels.push(channel.clone());
        let data = json!({"creator_id": creator, "teammate_id": other});
        self.broadcast(
            "direct_added",
            data,
            Broadcast {
                channel_id: channel.id.clone(),
                ..Broadcast::default()
            },
        );
        Ok((channel, true))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_direct_channel_is_named_by_its_ids_in_order() {
        assert_eq!(super::direct_name("b", "a"), "a__b");
        assert_eq!(super::direct_name("a", "b"), "a__b");
        assert_eq!(super::direct_name("a", "a"), "a__a");
    }
}
