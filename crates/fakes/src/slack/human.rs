//! People acting in the workspace. Each action changes the workspace and makes Slack emit
//! to the app what it would (delivered in the background; wait with
//! [`FakeSlack::wait_for`]). Users and channels are named by id or by name. An action no
//! person could take (an unknown user, posting where one is not a member, editing someone
//! else's message) panics: it is a mistake in the test.

use super::events::{self, emit};
use super::model::{File, Message, Pin, Reaction};
use super::state::Inner;
use super::FakeSlack;
use serde_json::json;

pub(super) fn uid(inner: &Inner, user: &str) -> String {
    inner
        .ws
        .find_user(user)
        .unwrap_or_else(|| panic!("no user {user}"))
        .id
        .clone()
}

/// The message `ts` in channel `c`, which user `u` wrote: people edit and delete only their own.
fn own_message(inner: &Inner, u: &str, c: &str, ts: &str) -> super::model::Message {
    let m = inner
        .ws
        .message(c, ts)
        .unwrap_or_else(|| panic!("no message {ts}"))
        .clone();
    assert_eq!(
        m.user.as_deref(),
        Some(u),
        "people change only their own messages"
    );
    m
}

pub(super) fn cid(inner: &Inner, channel: &str) -> String {
    inner
        .ws
        .find_channel(channel)
        .unwrap_or_else(|| panic!("no channel {channel}"))
        .id
        .clone()
}

/// Checks `user` may post in `channel`; their ids.
fn poster(inner: &Inner, user: &str, channel: &str) -> (String, String) {
    let (u, c) = (uid(inner, user), cid(inner, channel));
    let ch = inner.ws.channel(&c).expect("found above");
    assert!(
        !ch.is_archived,
        "#{} is archived: no one can post in it",
        ch.name
    );
    assert!(
        inner.ws.is_member(&c, &u),
        "{user} is not in #{}: join first",
        ch.name
    );
    (u, c)
}

/// A message as Slack's clients write one: the text and its `rich_text` block. Another app's
/// bot user writes through its app, so its messages carry that app's `bot_id`, as Slack's do.
fn user_message(inner: &mut Inner, user: &str, channel: &str, text: &str) -> Message {
    let mut m = inner.ws.blank_message(channel, user, text);
    if inner.ws.user(user).is_some_and(|u| u.is_bot) {
        m.bot_id = Some(format!("B{}", user.trim_start_matches('U')));
    }
    m.blocks = json!([{"type": "rich_text", "block_id": format!("rt{}", m.ts.replace('.', "")),
        "elements": [{"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}]}]);
    m
}

impl FakeSlack {
    /// `user` writes `text` in `channel`; its `ts`.
    pub fn say(&self, user: &str, channel: &str, text: &str) -> String {
        self.act(|i| {
            let (u, c) = poster(i, user, channel);
            let m = user_message(i, &u, &c, text);
            i.ws.messages.push(m.clone());
            events::message_posted(i, &m);
            m.ts
        })
    }

    /// `user` answers in the thread of `thread_ts`; the reply's `ts`.
    pub fn reply(&self, user: &str, channel: &str, thread_ts: &str, text: &str) -> String {
        self.act(|i| {
            let (u, c) = poster(i, user, channel);
            let parent =
                i.ws.message(&c, thread_ts)
                    .unwrap_or_else(|| panic!("no message {thread_ts}"));
            let root = parent
                .thread_ts
                .clone()
                .unwrap_or_else(|| thread_ts.to_string());
            let mut m = user_message(i, &u, &c, text);
            m.thread_ts = Some(root);
            i.ws.messages.push(m.clone());
            events::message_posted(i, &m);
            m.ts
        })
    }

    /// `user` edits their message: `message_changed`.
    pub fn edit(&self, user: &str, channel: &str, ts: &str, text: &str) {
        self.act(|i| {
            let (u, c) = (uid(i, user), cid(i, channel));
            let old = own_message(i, &u, &c, ts);
            let edited = i.ws.new_ts();
            let mut new = user_message(i, &u, &c, text);
            new.ts = old.ts.clone();
            new.thread_ts = old.thread_ts.clone();
            new.edited = Some((u, edited));
            *i.ws.message_mut(&c, ts).expect("found above") = new.clone();
            events::message_changed(i, &old, &new);
        })
    }

    /// `user` deletes their message: `message_deleted`.
    pub fn delete(&self, user: &str, channel: &str, ts: &str) {
        self.act(|i| {
            let (u, c) = (uid(i, user), cid(i, channel));
            let old = own_message(i, &u, &c, ts);
            i.ws.message_mut(&c, ts).expect("found above").deleted = true;
            events::message_deleted(i, &old);
        })
    }

    /// `user` uploads a file named `name` with a comment: a `file_share` message; its `ts`.
    pub fn share_file(&self, user: &str, channel: &str, name: &str, text: &str) -> String {
        self.act(|i| {
            let (u, c) = poster(i, user, channel);
            let id = i.ws.new_id("F");
            let (team, domain) = (i.opts.team_id.clone(), i.opts.team_domain.clone());
            let mut m = user_message(i, &u, &c, text);
            m.subtype = Some("file_share".into());
            m.files.push(File {
                url_private: format!("https://files.slack.com/files-pri/{team}-{id}/{name}"),
                permalink: format!("https://{domain}.slack.com/files/{u}/{id}/{name}"),
                mimetype: mime(name).into(),
                id,
                name: name.into(),
            });
            i.ws.messages.push(m.clone());
            events::message_posted(i, &m);
            m.ts
        })
    }

    /// `user` pins a message: `pin_added`.
    pub fn pin(&self, user: &str, channel: &str, ts: &str) {
        self.act(|i| {
            let (u, c) = (uid(i, user), cid(i, channel));
            let m =
                i.ws.message(&c, ts)
                    .unwrap_or_else(|| panic!("no message {ts}"))
                    .clone();
            assert!(
                !i.ws.pins.iter().any(|p| p.channel == c && p.ts == ts),
                "already pinned"
            );
            i.ws.pins.push(Pin {
                channel: c,
                ts: ts.into(),
                by: u.clone(),
            });
            events::pin_event(i, "pin_added", &u, &m);
        })
    }

    /// `user` unpins a message: `pin_removed`.
    pub fn unpin(&self, user: &str, channel: &str, ts: &str) {
        self.act(|i| {
            let (u, c) = (uid(i, user), cid(i, channel));
            let m =
                i.ws.message(&c, ts)
                    .unwrap_or_else(|| panic!("no message {ts}"))
                    .clone();
            i.ws.pins.retain(|p| !(p.channel == c && p.ts == ts));
            events::pin_event(i, "pin_removed", &u, &m);
        })
    }

    /// `user` reacts with `:name:`: `reaction_added`.
    pub fn react(&self, user: &str, channel: &str, ts: &str, name: &str) {
        self.act(|i| {
            let (u, c) = (uid(i, user), cid(i, channel));
            let m =
                i.ws.message(&c, ts)
                    .unwrap_or_else(|| panic!("no message {ts}"))
                    .clone();
            let r = Reaction {
                channel: c,
                ts: ts.into(),
                name: name.into(),
                user: u.clone(),
            };
            assert!(!i.ws.reactions.contains(&r), "already reacted");
            i.ws.reactions.push(r);
            events::reaction_event(i, "reaction_added", &u, &m, name);
        })
    }

    /// `user` takes their `:name:` reaction back: `reaction_removed`.
    pub fn unreact(&self, user: &str, channel: &str, ts: &str, name: &str) {
        self.act(|i| {
            let (u, c) = (uid(i, user), cid(i, channel));
            let m =
                i.ws.message(&c, ts)
                    .unwrap_or_else(|| panic!("no message {ts}"))
                    .clone();
            i.ws.reactions
                .retain(|r| !(r.channel == c && r.ts == ts && r.name == name && r.user == u));
            events::reaction_event(i, "reaction_removed", &u, &m, name);
        })
    }

    /// `user` opens the app's Home tab: `app_home_opened` (with the published view, if any).
    pub fn open_home(&self, user: &str) {
        self.act(|i| {
            let u = uid(i, user);
            let bot = i.opts.bot_user_id.clone();
            let dm = i.ws.open_dm(&bot, &u);
            let mut e = json!({"type": "app_home_opened", "user": u, "channel": dm, "tab": "home"});
            if let Some(v) = i.ws.views.iter().find(|v| v.user == u && v.kind == "home") {
                e["view"] = v.view.clone();
            }
            emit(i, e);
        })
    }

    /// `user` posts `url` in `channel`: the message, then `link_shared` (sent for every
    /// link: the fake has no list of unfurl domains); the message's `ts`.
    pub fn share_link(&self, user: &str, channel: &str, url: &str) -> String {
        let ts = self.say(user, channel, &format!("<{url}>"));
        self.act(|i| {
            let (u, c) = (uid(i, user), cid(i, channel));
            let domain = url
                .split("://")
                .nth(1)
                .unwrap_or(url)
                .split(['/', ':', '?'])
                .next()
                .unwrap_or_default();
            let member = i.ws.is_member(&c, &i.opts.bot_user_id);
            let n = i.next();
            let e = json!({
                "type": "link_shared", "channel": c, "user": u, "message_ts": ts,
                "unfurl_id": format!("C{n:09}.{ts}.fake"), "source": "conversations_history",
                "is_bot_user_member": member, "links": [{"domain": domain, "url": url}],
            });
            emit(i, e);
        });
        ts
    }
}

fn mime(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or_default() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "txt" | "log" => "text/plain",
        "json" => "application/json",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}
