//! People and channels as a workspace's admins and members manage them: adding people,
//! deactivating them, creating channels, joining, adding others and leaving (with the
//! `channel_join`/`member_joined_channel` events these cause).

use super::events;
use super::human::{cid, uid};
use super::model::User;
use super::state::Inner;
use super::workspace::check_channel_name;
use super::FakeSlack;

impl FakeSlack {
    pub(super) fn act<T>(&self, f: impl FnOnce(&mut Inner) -> T) -> T {
        let out = f(&mut self.st.lock());
        self.st.bump();
        out
    }

    /// Adds a person; their id, `U…`.
    pub fn add_user(&self, name: &str, email: &str) -> String {
        self.act(|i| {
            let id = i.ws.new_id("U");
            let (name, email) = (name.to_string(), Some(email.to_string()));
            let real_name = name.clone();
            i.ws.users.push(User {
                id: id.clone(),
                name,
                real_name,
                email,
                deleted: false,
                is_bot: false,
            });
            id
        })
    }

    /// Adds another app's bot user (`is_bot: true`, no email); its id.
    pub fn add_bot_user(&self, name: &str) -> String {
        self.act(|i| {
            let id = i.ws.new_id("U");
            let (name, real_name) = (name.to_string(), name.to_string());
            let u = User {
                id: id.clone(),
                name,
                real_name,
                email: None,
                deleted: false,
                is_bot: true,
            };
            i.ws.users.push(u);
            id
        })
    }

    /// Deactivates a person (`deleted: true`).
    pub fn deactivate(&self, user: &str) {
        self.act(|i| {
            let id = uid(i, user);
            i.ws.users
                .iter_mut()
                .filter(|u| u.id == id)
                .for_each(|u| u.deleted = true);
        })
    }

    /// `by` creates a channel (and is its first member); its id.
    pub fn create_channel(&self, by: &str, name: &str, is_private: bool) -> String {
        self.act(|i| {
            let by = uid(i, by);
            check_channel_name(name).unwrap_or_else(|e| panic!("{name:?}: {e}"));
            assert!(
                i.ws.channels.iter().all(|c| c.name != name),
                "#{name} exists"
            );
            let id = i.ws.new_id("C");
            i.ws.channels.push(super::model::Channel {
                id: id.clone(),
                name: name.into(),
                is_private,
                is_archived: false,
                is_im: false,
                topic: String::new(),
                creator: by.clone(),
                created: super::workspace::unix_secs(),
                members: vec![by],
            });
            id
        })
    }

    /// `user` joins `channel` (or, with `by`, is added by them): `channel_join` and
    /// `member_joined_channel` (with `inviter`).
    pub fn join(&self, user: &str, channel: &str) {
        self.add_member(None, user, channel)
    }

    /// `by` adds `user` (a person or the bot) to `channel`.
    pub fn invite(&self, by: &str, channel: &str, user: &str) {
        self.add_member(Some(by), user, channel)
    }

    fn add_member(&self, by: Option<&str>, user: &str, channel: &str) {
        self.act(|i| {
            let (u, c) = (uid(i, user), cid(i, channel));
            let by = by.map(|b| uid(i, b));
            assert!(!i.ws.is_member(&c, &u), "{user} is already in {channel}");
            i.ws.channel_mut(&c)
                .expect("found above")
                .members
                .push(u.clone());
            events::member_joined(i, &c, &u, by.as_deref());
        })
    }

    /// `user` leaves `channel`: `channel_leave` and `member_left_channel`.
    pub fn leave(&self, user: &str, channel: &str) {
        self.act(|i| {
            let (u, c) = (uid(i, user), cid(i, channel));
            assert!(i.ws.is_member(&c, &u), "{user} is not in {channel}");
            events::member_left(i, &c, &u);
            i.ws.channel_mut(&c)
                .expect("found above")
                .members
                .retain(|m| *m != u);
        })
    }
}
