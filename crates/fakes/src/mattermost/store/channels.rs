//! Channels: Mattermost's name rules, the system messages the server posts when the header
//! or purpose changes or the channel is archived, and the events (`channel_created`,
//! `channel_updated`, `channel_deleted`). Members are in `members`.

use super::{new_id, Broadcast, Inner};
use crate::mattermost::model::{Channel, ChannelType};
use crate::mattermost::wire::{channel_json, ApiError};
use serde_json::json;

/// Mattermost's limits: names 2 to 64 characters, display names up to 64, purposes 250,
/// headers 1024.
const NAME_MAX: usize = 64;
const DISPLAY_MAX: usize = 64;
const PURPOSE_MAX: usize = 250;
const HEADER_MAX: usize = 1024;

/// Whether `name` is a valid channel URL name: 2 to 64 of `a-z 0-9 - _`, beginning and ending
/// with a letter or digit, without `__` (reserved for direct-message channels).
pub(crate) fn valid_name(name: &str) -> bool {
    let edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    (2..=NAME_MAX).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        && edge(name.chars().next())
        && edge(name.chars().last())
        && !name.contains("__")
}

fn check_texts(display: &str, header: &str, purpose: &str) -> Result<(), ApiError> {
    let chars = |s: &str| s.chars().count();
    if display.trim().is_empty() || chars(display) > DISPLAY_MAX {
        let id = "model.channel.is_valid.display_name.app_error";
        return Err(ApiError::new(400, id, "Invalid display name."));
    }
    if chars(header) > HEADER_MAX {
        return Err(ApiError::new(
            400,
            "model.channel.is_valid.header.app_error",
            "Invalid header.",
        ));
    }
    if chars(purpose) > PURPOSE_MAX {
        return Err(ApiError::new(
            400,
            "model.channel.is_valid.purpose.app_error",
            "Invalid purpose.",
        ));
    }
    Ok(())
}

/// A channel to create.
pub(crate) struct NewChannel<'a> {
    pub(crate) name: &'a str,
    pub(crate) display_name: &'a str,
    pub(crate) channel_type: &'a str,
    pub(crate) purpose: &'a str,
    pub(crate) header: &'a str,
}

impl Inner {
    /// Creates a channel on the team with `creator` as its first member.
    pub(crate) fn create_channel(
        &mut self,
        creator: &str,
        new: NewChannel<'_>,
    ) -> Result<Channel, ApiError> {
        let channel_type = match new.channel_type {
            "O" => ChannelType::Open,
            "P" => ChannelType::Private,
            _ => {
                return Err(ApiError::new(
                    400,
                    "model.channel.is_valid.type.app_error",
                    "Invalid type.",
                ))
            }
        };
        if !valid_name(new.name) {
            let id = "model.channel.is_valid.2_or_more.app_error";
            return Err(ApiError::new(
                400,
                id,
                "Name must be 2 or more lowercase alphanumeric characters.",
            ));
        }
        check_texts(new.display_name, new.header, new.purpose)?;
        // Archived channels keep their name.
        if self.channels.iter().any(|c| c.name == new.name) {
            let id = "store.sql_channel.save_channel.exists.app_error";
            return Err(ApiError::new(
                400,
                id,
                "A channel with that name already exists on the same team.",
            ));
        }
        let at = self.stamp();
        let channel = Channel {
            id: new_id(),
            team_id: self.team_id.clone(),
            name: new.name.into(),
            display_name: new.display_name.into(),
            channel_type,
            header: new.header.into(),
            purpose: new.purpose.into(),
            creator_id: creator.into(),
            members: vec![creator.to_string()],
            create_at: at,
            update_at: at,
            delete_at: 0,
            last_post_at: at,
            total_msg_count: 0,
        };
        self.channels.push(channel.clone());
        let data = json!({"channel_id": channel.id, "team_id": channel.team_id});
        self.broadcast(
            "channel_created",
            data,
            Broadcast {
                user_id: creator.into(),
                ..Broadcast::default()
            },
        );
        Ok(channel)
    }

    /// Changes the header, purpose or display name; posts the system message for each of
    /// header and purpose that changed and sends `channel_updated`.
    pub(crate) fn patch_channel(
        &mut self,
        by: &str,
        id: &str,
        header: Option<String>,
        purpose: Option<String>,
        display: Option<String>,
    ) -> Result<Channel, ApiError> {
        let old = self.channel(id).cloned().ok_or_else(ApiError::no_channel)?;
        if old.delete_at != 0 {
            let id = "api.channel.update_channel.deleted.app_error";
            return Err(ApiError::new(
                400,
                id,
                "The channel has been archived or deleted.",
            ));
        }
        let header = header.unwrap_or_else(|| old.header.clone());
        let purpose = purpose.unwrap_or_else(|| old.purpose.clone());
        let display = display.unwrap_or_else(|| old.display_name.clone());
        check_texts(&display, &header, &purpose)?;
        let at = self.stamp();
        let c = self.channel_mut(id).expect("checked above");
        c.header = header.clone();
        c.purpose = purpose.clone();
        c.display_name = display;
        c.update_at = at;
        let channel = c.clone();
        let name = self
            .user(by)
            .map(|u| u.username.clone())
            .unwrap_or_default();
        if header != old.header {
            let message = match old.header.as_str() {
                "" => format!("@{name} updated the channel header to: {header}"),
                was => format!("@{name} updated the channel header from: {was} to: {header}"),
            };
            let props = json!({"username": name, "old_header": old.header, "new_header": header});
            self.system_post(by, id, "system_header_change", message, props);
        }
        if purpose != old.purpose {
            let message = format!("@{name} updated the channel purpose to: {purpose}");
            let props =
                json!({"username": name, "old_purpose": old.purpose, "new_purpose": purpose});
            self.system_post(by, id, "system_purpose_change", message, props);
        }
        let data = json!({"channel": channel_json(&channel).to_string()});
        self.broadcast(
            "channel_updated",
            data,
            Broadcast {
                channel_id: id.into(),
                ..Broadcast::default()
            },
        );
        Ok(channel)
    }

    /// Archives a channel: posts `system_channel_deleted`, then sends `channel_deleted`.
    pub(crate) fn archive_channel(&mut self, by: &str, id: &str) -> Result<(), ApiError> {
        let channel = self.channel(id).ok_or_else(ApiError::no_channel)?;
        if channel.delete_at != 0 {
            let id = "api.channel.delete_channel.deleted.app_error";
            return Err(ApiError::new(
                400,
                id,
                "The channel has been archived or deleted.",
            ));
        }
        let name = self
            .user(by)
            .map(|u| u.username.clone())
            .unwrap_or_default();
        let message = format!("@{name} archived the channel");
        self.system_post(
            by,
            id,
            "system_channel_deleted",
            message,
            json!({"username": name}),
        );
        let at = self.stamp();
        let c = self.channel_mut(id).expect("checked above");
        c.delete_at = at;
        c.update_at = at;
        let team_id = c.team_id.clone();
        let data = json!({"channel_id": id, "delete_at": at});
        self.broadcast(
            "channel_deleted",
            data,
            Broadcast {
                team_id,
                ..Broadcast::default()
            },
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn channel_names_follow_mattermosts_rules() {
        for ok in ["incident-42", "ab", "a_b-c", "2024-outage"] {
            assert!(super::valid_name(ok), "{ok}");
        }
        let long = "a".repeat(65);
        for bad in [
            "a",
            "Incident",
            "has space",
            "-lead",
            "trail_",
            "dm__name",
            "x.y",
            &long,
        ] {
            assert!(!super::valid_name(bad), "{bad}");
        }
    }
}
