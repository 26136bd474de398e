//! Mattermost's WebSocket events (and the posts a catch-up reads) in core's words. Each
//! [`Parsed`] has an id made from what happened (`posted:{post}`, `edit:{post}:{edit_at}`…),
//! never from the connection's `seq`, so the same change heard twice (two instances, or an
//! event and then a catch-up) is stored once.
//!
//! Echoes are cut here: the bot's own posts, system messages and posts from webhooks or
//! other bots never become comments. A pin is the one thing Mattermost sends without its
//! author (`post_edited` with `is_pinned`), and the same event carries text edits: the
//! reader remembers each post's last text and pin so it can tell which changed, and when it
//! has not seen the post it says both (the engine finds nothing to change in the one that
//! did not).

use crate::chat::api::Parsed;
use goldseam_core::chat::inbound::{Inbound, SharedFile};
use serde_json::Value;
use std::collections::HashMap;

/// Posts remembered before the memory is cleared (a cleared memory only costs a few
/// no-change events).
const REMEMBERED: usize = 10_000;

/// Reads events for one bot, remembering what it saw of each post.
#[derive(Debug, Clone)]
pub struct Reader {
    bot_user: String,
    site_url: String,
    seen: HashMap<String, (String, bool)>,
}

/// One post, as an event or a post list carries it.
#[derive(Clone)]
struct Post {
    id: String,
    channel: String,
    user: String,
    root: String,
    message: String,
    kind: String,
    pinned: bool,
    create_at: i64,
    update_at: i64,
    edit_at: i64,
    delete_at: i64,
    automated: bool,
    files: Vec<(String, String)>,
}

impl Post {
    /// A post object, or the JSON string events carry it as.
    fn read(v: &Value) -> Option<Post> {
        let parsed;
        let v = match v.as_str() {
            Some(s) => {
                parsed = serde_json::from_str::<Value>(s).ok()?;
                &parsed
            }
            None => v,
        };
        let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
        let n = |k: &str| v[k].as_i64().unwrap_or(0);
        let flag = |k: &str| v["props"][k] == "true" || v["props"][k] == true;
        let files = v["metadata"]["files"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| {
                Some((
                    f["id"].as_str()?.to_string(),
                    f["name"].as_str().unwrap_or("file").to_string(),
                ))
            })
            .collect();
        let id = s("id");
        (!id.is_empty()).then(|| Post {
            id,
            channel: s("channel_id"),
            user: s("user_id"),
            root: s("root_id"),
            message: s("message"),
            kind: s("type"),
            pinned: v["is_pinned"] == true,
            create_at: n("create_at"),
            update_at: n("update_at"),
            edit_at: n("edit_at"),
            delete_at: n("delete_at"),
            automated: flag("from_bot") || flag("from_webhook"),
            files,
        })
    }
}

fn parsed(dedup_id: String, inbound: Inbound) -> Parsed {
    Parsed { dedup_id, inbound }
}

fn ignored(dedup_id: String, reason: impl Into<String>) -> Parsed {
    parsed(
        dedup_id,
        Inbound::Ignored {
            reason: reason.into(),
        },
    )
}

impl Reader {
    /// A reader for the bot `bot_user` on the site at `site_url` (file links point there).
    pub fn new(bot_user: &str, site_url: &str) -> Reader {
        Reader {
            bot_user: bot_user.to_string(),
            site_url: site_url.trim_end_matches('/').to_string(),
            seen: HashMap::new(),
        }
    }

    fn remember(&mut self, p: &Post) {
        if self.seen.len() >= REMEMBERED {
            self.seen.clear();
        }
        self.seen
            .insert(p.id.clone(), (p.message.clone(), p.pinned));
    }

    /// Whether a person wrote it (not the bot, a bot, a webhook or the server).
    fn by_a_person(&self, p: &Post) -> bool {
        p.user != self.bot_user && p.kind.is_empty() && !p.automated
    }

    /// What one WebSocket frame says; `connection` is the id its `hello` gave.
    pub fn event(&mut self, frame: &Value, connection: &str) -> Vec<Parsed> {
        let data = &frame["data"];
        let channel = frame["broadcast"]["channel_id"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let kind = frame["event"].as_str().unwrap_or_default();
        match kind {
            "posted" => Post::read(&data["post"])
                .map(|p| vec![self.posted(p)])
                .unwrap_or_default(),
            "post_edited" => Post::read(&data["post"])
                .map(|p| self.edited(p))
                .unwrap_or_default(),
            "post_deleted" => Post::read(&data["post"])
                .map(|p| vec![self.deleted(p)])
                .unwrap_or_default(),
            "reaction_added" | "reaction_removed" => {
                let r = data["reaction"]
                    .as_str()
                    .and_then(|s| serde_json::from_str::<Value>(s).ok())
                    .unwrap_or_default();
                let s = |k: &str| r[k].as_str().unwrap_or_default().to_string();
                let (user, ts, emoji) = (s("user_id"), s("post_id"), s("emoji_name"));
                let added = kind == "reaction_added";
                let dedup = format!(
                    "{}:{ts}:{user}:{emoji}:{}",
                    if added { "react" } else { "unreact" },
                    r["create_at"].as_i64().unwrap_or(0)
                );
                if user.is_empty() || ts.is_empty() || channel.is_empty() {
                    return vec![ignored(dedup, format!("a {kind} without its post or user"))];
                }
                if user == self.bot_user {
                    return vec![ignored(dedup, format!("the bot's own {kind}"))];
                }
                let inbound = if added {
                    Inbound::ReactionAdded {
                        channel,
                        ts,
                        user,
                        emoji,
                    }
                } else {
                    Inbound::ReactionRemoved {
                        channel,
                        ts,
                        user,
                        emoji,
                    }
                };
                vec![parsed(dedup, inbound)]
            }
            "user_added" => {
                let user = data["user_id"].as_str().unwrap_or_default().to_string();
                let dedup = format!("join:{channel}:{user}:{connection}:{}", frame["seq"]);
                if user.is_empty() || channel.is_empty() || user == self.bot_user {
                    return vec![ignored(dedup, "the bot joined a channel")];
                }
                vec![parsed(dedup, Inbound::MemberJoined { channel, user })]
            }
            _ => Vec::new(),
        }
    }

    fn posted(&mut self, p: Post) -> Parsed {
        let dedup = format!("posted:{}", p.id);
        self.remember(&p);
        if !self.by_a_person(&p) {
            return ignored(
                dedup,
                "a post by the bot, another bot, a webhook or the server",
            );
        }
        let files = p
            .files
            .iter()
            .map(|(id, name)| SharedFile {
                name: name.clone(),
                url: format!("{}/api/v4/files/{id}", self.site_url),
            })
            .collect();
        let inbound = Inbound::Message {
            channel: p.channel,
            user: p.user,
            ts: p.id,
            thread_ts: (!p.root.is_empty()).then_some(p.root),
            text: p.message,
            files,
        };
        parsed(dedup, inbound)
    }

    /// A text edit, a pin, or both (see the module's notes).
    fn edited(&mut self, p: Post) -> Vec<Parsed> {
        let before = self.seen.get(&p.id).cloned();
        self.remember(&p);
        let mut out = Vec::new();
        let text_changed = match &before {
            Some((message, _)) => *message != p.message,
            None => p.edit_at > 0,
        };
        if text_changed && self.by_a_person(&p) {
            out.push(parsed(
                format!(
                    "edit:{}:{}",
                    p.id,
                    if p.edit_at > 0 {
                        p.edit_at
                    } else {
                        p.update_at
                    }
                ),
                Inbound::MessageEdited {
                    channel: p.channel.clone(),
                    user: p.user.clone(),
                    ts: p.id.clone(),
                    text: p.message.clone(),
                },
            ));
        }
        let pin_changed = before.is_none_or(|(_, pinned)| pinned != p.pinned);
        // A pin of a system message or of another bot's post is nothing Goldseam mirrored.
        if pin_changed && p.kind.is_empty() {
            let (channel, ts) = (p.channel, p.id);
            // Mattermost does not say who pinned: an empty user, and Goldseam records it.
            let user = String::new();
            let dedup = format!("pin:{ts}:{}:{}", p.update_at, p.pinned);
            out.push(parsed(
                dedup,
                if p.pinned {
                    Inbound::Pinned { channel, ts, user }
                } else {
                    Inbound::Unpinned { channel, ts, user }
                },
            ));
        }
        out
    }

    fn deleted(&mut self, p: Post) -> Parsed {
        self.seen.remove(&p.id);
        let dedup = format!("delete:{}", p.id);
        // The bot deleting its own post (a comment deleted in Goldseam) comes back as this.
        if p.user == self.bot_user {
            return ignored(dedup, "the bot's own post was deleted");
        }
        parsed(
            dedup,
            Inbound::MessageDeleted {
                channel: p.channel,
                ts: p.id,
            },
        )
    }

    /// Forgets what it saw of the posts these events are about: they were not kept, so a
    /// catch-up must tell them again rather than find them unchanged.
    pub fn forget(&mut self, parsed: &[Parsed]) {
        for p in parsed {
            let post = match &p.inbound {
                Inbound::Message { ts, .. }
                | Inbound::MessageEdited { ts, .. }
                | Inbound::MessageDeleted { ts, .. }
                | Inbound::Pinned { ts, .. }
                | Inbound::Unpinned { ts, .. } => ts,
                _ => continue,
            };
            self.seen.remove(post);
        }
    }

    /// What a `PostList` read after `since` (Unix ms) says happened, oldest change first:
    /// new posts, edits and pins, deletions, as the events would have said it.
    pub fn catch_up(&mut self, list: &Value, since: i64) -> Vec<Parsed> {
        let mut posts: Vec<Post> = list["posts"]
            .as_object()
            .into_iter()
            .flatten()
            .filter_map(|(_, p)| Post::read(p))
            .collect();
        posts.sort_by_key(|p| (p.update_at.max(p.delete_at), p.create_at));
        let mut out = Vec::new();
        for p in posts {
            if p.delete_at > 0 {
                out.push(self.deleted(p));
                continue;
            }
            if p.create_at > since {
                let before = self.seen.get(&p.id).cloned();
                out.push(self.posted(p.clone()));
                // What changed after it was posted is news too: against what the reader saw,
                // or, never seen, its pin (its text is the post's already).
                let earlier = match before {
                    Some(b) => Some(b),
                    None if p.pinned => Some((p.message.clone(), false)),
                    None => None,
                };
                if let Some(earlier) = earlier {
                    self.seen.insert(p.id.clone(), earlier);
                    out.extend(self.edited(p));
                }
            } else {
                out.extend(self.edited(p));
            }
        }
        out
    }
}

#[cfg(test)]
#[path = "inbound_tests.rs"]
mod tests;
