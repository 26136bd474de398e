//! What people do in the team, as a test scripts it: each action changes the fake's state
//! exactly as the same action in Mattermost's web app would, and so emits the same WebSocket
//! events to the app. Users and channels are named by id or by (user)name.

use super::app::{self, CommandReply};
use super::interact::{self, ActionReply, DialogReply};
use super::model::ChannelType;
use super::store::{new_id, NewChannel, NewPost};
use super::FakeMattermost;
use crate::mattermost::model::User;
use serde_json::Value;

impl FakeMattermost {
    /// Adds a person to the team; their 26-character id.
    pub fn add_user(&self, username: &str, email: &str) -> String {
        self.core.update(|i| {
            let at = i.stamp();
            let user = User {
                id: new_id(),
                username: username.trim_start_matches('@').to_lowercase(),
                email: email.into(),
                first_name: String::new(),
                last_name: String::new(),
                is_bot: false,
                create_at: at,
                delete_at: 0,
            };
            i.users.push(user.clone());
            user.id
        })
    }

    /// Deactivates a user (their `delete_at` is set; they can no longer be added anywhere).
    pub fn deactivate_user(&self, user: &str) -> Result<(), String> {
        self.core.update(|i| {
            let id = i
                .user(user)
                .map(|u| u.id.clone())
                .ok_or(format!("no user {user}"))?;
            let at = i.stamp();
            let u = i
                .users
                .iter_mut()
                .find(|u| u.id == id)
                .expect("found above");
            u.delete_at = at;
            Ok(())
        })
    }

    /// `user` creates a channel (e.g. the company's incidents channel); its id.
    pub fn create_channel(
        &self,
        user: &str,
        name: &str,
        display_name: &str,
        kind: ChannelType,
    ) -> Result<String, String> {
        self.core.update(|i| {
            let id = i
                .user(user)
                .map(|u| u.id.clone())
                .ok_or(format!("no user {user}"))?;
            let new = NewChannel {
                name,
                display_name,
                channel_type: kind.as_str(),
                purpose: "",
                header: "",
            };
            Ok(i.create_channel(&id, new).map_err(|e| e.to_string())?.id)
        })
    }

    /// Resolves a user and a channel, checking the user is a member.
    fn member(&self, user: &str, channel: &str) -> Result<(String, String), String> {
        let i = self.core.lock();
        let u = i.user(user).ok_or(format!("no user {user}"))?;
        let c = i
            .channel_ref(channel)
            .ok_or(format!("no channel {channel}"))?;
        if !i.is_member(&c.id, &u.id) {
            return Err(format!("{} is not a member of {}", u.username, c.name));
        }
        Ok((u.id.clone(), c.id.clone()))
    }

    /// `user` posts `text` in `channel`; the post's id. The user must be a member.
    pub fn say(&self, user: &str, channel: &str, text: &str) -> Result<String, String> {
        let (user_id, channel_id) = self.member(user, channel)?;
        let new = NewPost {
            channel_id,
            message: text.into(),
            ..NewPost::default()
        };
        let post = self.core.update(|i| i.create_post(&user_id, new));
        Ok(post.map_err(|e| e.to_string())?.id)
    }

    /// `user` replies `text` in the thread of `root_id`; the reply's id.
    pub fn reply(&self, user: &str, root_id: &str, text: &str) -> Result<String, String> {
        let channel = self.core.lock().post(root_id).map(|p| p.channel_id.clone());
        let (user_id, channel_id) =
            self.member(user, &channel.ok_or(format!("no post {root_id}"))?)?;
        let new = NewPost {
            channel_id,
            message: text.into(),
            root_id: root_id.into(),
            ..NewPost::default()
        };
        let post = self.core.update(|i| i.create_post(&user_id, new));
        Ok(post.map_err(|e| e.to_string())?.id)
    }

    /// The author's own live post, and the author's id.
    fn authored(&self, user: &str, post_id: &str) -> Result<String, String> {
        let i = self.core.lock();
        let u = i.user(user).ok_or(format!("no user {user}"))?;
        let p = i.live_post(post_id).map_err(|e| e.message)?;
        if p.user_id != u.id {
            return Err(format!("{} did not write post {post_id}", u.username));
        }
        Ok(u.id.clone())
    }

    /// `user` edits their post (`post_edited`).
    pub fn edit(&self, user: &str, post_id: &str, text: &str) -> Result<(), String> {
        self.authored(user, post_id)?;
        let changed = self
            .core
            .update(|i| i.change_post(post_id, Some(text.into()), None, None));
        changed.map(|_| ()).map_err(|e| e.to_string())
    }

    /// `user` deletes their post (`post_deleted`; a root's replies go with it).
    pub fn delete(&self, user: &str, post_id: &str) -> Result<(), String> {
        let user_id = self.authored(user, post_id)?;
        let deleted = self.core.update(|i| i.delete_post(&user_id, post_id));
        deleted.map(|_| ()).map_err(|e| e.to_string())
    }

    fn in_channel_of(&self, user: &str, post_id: &str) -> Result<String, String> {
        let channel = self
            .core
            .lock()
            .live_post(post_id)
            .map(|p| p.channel_id.clone());
        Ok(self.member(user, &channel.map_err(|e| e.message)?)?.0)
    }

    /// `user` pins a post to its channel (`post_edited` with `is_pinned` true).
    pub fn pin(&self, user: &str, post_id: &str) -> Result<(), String> {
        self.set_pinned(user, post_id, true)
    }

    /// `user` unpins a post (`post_edited` with `is_pinned` false).
    pub fn unpin(&self, user: &str, post_id: &str) -> Result<(), String> {
        self.set_pinned(user, post_id, false)
    }

    fn set_pinned(&self, user: &str, post_id: &str, pinned: bool) -> Result<(), String> {
        self.in_channel_of(user, post_id)?;
        let changed = self
            .core
            .update(|i| i.change_post(post_id, None, None, Some(pinned)));
        changed.map(|_| ()).map_err(|e| e.to_string())
    }

    /// `user` reacts with `emoji` (a name without colons) (`reaction_added`).
    pub fn react(&self, user: &str, post_id: &str, emoji: &str) -> Result<(), String> {
        let user_id = self.in_channel_of(user, post_id)?;
        let added = self
            .core
            .update(|i| i.add_reaction(&user_id, post_id, emoji.trim_matches(':')));
        added.map(|_| ()).map_err(|e| e.to_string())
    }

    /// `user` takes back a reaction (`reaction_removed`).
    pub fn unreact(&self, user: &str, post_id: &str, emoji: &str) -> Result<(), String> {
        let user_id = self.in_channel_of(user, post_id)?;
        let removed = self
            .core
            .update(|i| i.remove_reaction(&user_id, post_id, emoji.trim_matches(':')));
        removed.map_err(|e| e.to_string())
    }

    /// `user` joins a public channel, or is added to any channel by `by` when given
    /// (`user_added`, and the system message).
    pub fn join(&self, user: &str, channel: &str, by: Option<&str>) -> Result<(), String> {
        self.core.update(|i| {
            let u = i.user(user).cloned().ok_or(format!("no user {user}"))?;
            let c = i
                .channel_ref(channel)
                .cloned()
                .ok_or(format!("no channel {channel}"))?;
            let adder = match by {
                Some(by) => i
                    .user(by)
                    .map(|b| b.id.clone())
                    .ok_or(format!("no user {by}"))?,
                None if c.channel_type == ChannelType::Open => u.id.clone(),
                None => {
                    return Err(format!(
                        "{} is private: someone must add {}",
                        c.name, u.username
                    ))
                }
            };
            if adder != u.id && !i.is_member(&c.id, &adder) {
                return Err(format!(
                    "{} is not a member of {}",
                    by.unwrap_or_default(),
                    c.name
                ));
            }
            i.add_member(&adder, &c.id, &u.id)
                .map(|_| ())
                .map_err(|e| e.to_string())
        })
    }

    /// `user` leaves a channel (`user_removed`, and the system message).
    pub fn leave(&self, user: &str, channel: &str) -> Result<(), String> {
        let (user_id, channel_id) = self.member(user, channel)?;
        let left = self
            .core
            .update(|i| i.remove_member(&user_id, &channel_id, &user_id));
        left.map_err(|e| e.to_string())
    }

    /// `user` runs `/command text` in `channel`: the fake POSTs the command to its URL (form
    /// fields, `Authorization: Token …`), shows the answer (`in_channel` post or ephemeral)
    /// and returns it. `Err` is the error the person would see (non-200, timeout, unknown
    /// command).
    pub async fn slash_command(
        &self,
        user: &str,
        channel: &str,
        command: &str,
        text: &str,
    ) -> Result<CommandReply, String> {
        app::slash_command(&self.core, user, channel, command, text).await
    }

    /// `user` clicks button `action_id` of `post_id`: the fake POSTs the action's
    /// `integration.context` to its `integration.url` and applies the `update` and
    /// `ephemeral_text` of the answer.
    pub async fn click(
        &self,
        user: &str,
        post_id: &str,
        action_id: &str,
    ) -> Result<ActionReply, String> {
        interact::click(&self.core, user, post_id, action_id, None).await
    }

    /// `user` chooses `option` (a value) in menu `action_id` of `post_id`
    /// (`context.selected_option`).
    pub async fn select(
        &self,
        user: &str,
        post_id: &str,
        action_id: &str,
        option: &str,
    ) -> Result<ActionReply, String> {
        interact::click(&self.core, user, post_id, action_id, Some(option)).await
    }

    /// `user` submits their open dialog with `values` (`{"element name": value}`).
    pub async fn submit_dialog(&self, user: &str, values: Value) -> Result<DialogReply, String> {
        interact::submit_dialog(&self.core, user, values).await
    }

    /// `user` cancels their open dialog (the app hears of it if it set `notify_on_cancel`).
    pub async fn cancel_dialog(&self, user: &str) -> Result<(), String> {
        interact::cancel_dialog(&self.core, user).await
    }
}
