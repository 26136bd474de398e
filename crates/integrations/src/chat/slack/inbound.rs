//! Slack's payloads in core's words: an Events API `event_callback` (over HTTP or inside a
//! Socket Mode envelope), a slash command or an interaction becomes one [`Inbound`] with the
//! id it is deduplicated by. Nothing here calls Slack: what needs an answer (a permalink, a
//! user's email) is the chat engine's business once the payload is stored.
//!
//! Echoes are cut here, not in the engine: Slack sends the app its own messages, edits,
//! reactions and pins back as events, and each would otherwise come round as a new one.

use goldseam_core::chat::inbound::{Inbound, SharedFile};
use serde_json::Value;
use sha2::{Digest, Sha256};

pub use super::interactive::{from_command, from_interaction};

/// A payload read, with the key that recognises it when Slack sends it again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// `event_id` for events (Slack's retries repeat it); for commands and interactions,
    /// which Slack never retries, `cmd:`/`act:` and a hash of the payload over HTTP (a replay
    /// inside the signature window is then a repeat), or `env:` and the envelope id over
    /// Socket Mode.
    pub dedup_id: String,
    /// What happened.
    pub inbound: Inbound,
}

/// The bot events Goldseam subscribes to (the manifest's `bot_events`): messages in public
/// and private channels it is in, reactions and pins (timeline highlights), joins, links to
/// unfurl, and the App Home being opened.
pub const EVENTS: &[&str] = &[
    "message.channels",
    "message.groups",
    "reaction_added",
    "reaction_removed",
    "pin_added",
    "pin_removed",
    "member_joined_channel",
    "link_shared",
    "app_home_opened",
];

/// Reads an Events API envelope. `bot_user` is Goldseam's bot user id (`auth.test`).
pub fn from_event_callback(body: &Value, bot_user: &str) -> Parsed {
    let dedup_id = match body["event_id"].as_str() {
        Some(id) if !id.is_empty() => id.to_string(),
        _ => format!("evt:{}", digest(body)),
    };
    let inbound = match body["type"].as_str() {
        Some("event_callback") => event(&body["event"], bot_user),
        Some(other) => ignored(format!("an Events API {other} envelope")),
        None => ignored("an Events API envelope without a type"),
    };
    Parsed { dedup_id, inbound }
}

fn event(e: &Value, bot_user: &str) -> Inbound {
    let own = |user: &str| user == bot_user;
    match e["type"].as_str().unwrap_or_default() {
        "message" => message(e, bot_user),
        kind @ ("reaction_added" | "reaction_removed") => {
            let item = &e["item"];
            let (Some(channel), Some(ts), Some(user), Some(emoji)) = (
                str_of(&item["channel"]),
                str_of(&item["ts"]),
                str_of(&e["user"]),
                str_of(&e["reaction"]),
            ) else {
                // Reactions on files and file comments carry no channel and ts.
                return ignored(format!("a {kind} on a {}", text(&item["type"])));
            };
            if own(&user) {
                return ignored(format!("the bot's own {kind}"));
            }
            if kind == "reaction_added" {
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
            }
        }
        kind @ ("pin_added" | "pin_removed") => {
            let item = &e["item"];
            let channel = str_of(&e["channel_id"]).or_else(|| str_of(&item["channel"]));
            let ts = str_of(&item["message"]["ts"]).or_else(|| str_of(&item["ts"]));
            let (Some(channel), Some(ts), Some(user)) = (channel, ts, str_of(&e["user"])) else {
                return ignored(format!("a {kind} on a {}", text(&item["type"])));
            };
            if own(&user) {
                return ignored(format!("the bot's own {kind}"));
            }
            if kind == "pin_added" {
                Inbound::Pinned { channel, ts, user }
            } else {
                Inbound::Unpinned { channel, ts, user }
            }
        }
        "member_joined_channel" => match (str_of(&e["channel"]), str_of(&e["user"])) {
            (Some(_), Some(user)) if own(&user) => ignored("the bot joined a channel"),
            (Some(channel), Some(user)) => Inbound::MemberJoined { channel, user },
            _ => ignored("a member_joined_channel without channel or user"),
        },
        "link_shared" => {
            let links: Vec<String> = e["links"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|l| str_of(&l["url"]))
                .collect();
            let (channel, ts, user) = (
                str_of(&e["channel"]),
                str_of(&e["message_ts"]),
                str_of(&e["user"]),
            );
            match (channel, ts, user) {
                (_, _, Some(user)) if own(&user) => ignored("a link the bot posted"),
                (Some(channel), Some(ts), Some(user)) if !links.is_empty() => Inbound::LinkShared {
                    channel,
                    ts,
                    user,
                    links,
                    unfurl_id: str_of(&e["unfurl_id"]),
                    source: str_of(&e["source"]),
                },
                _ => ignored("a link_shared without channel, message, user or links"),
            }
        }
        // The Messages tab is off in the manifest; only the Home tab has something to show.
        "app_home_opened" => match (str_of(&e["user"]), e["tab"].as_str()) {
            (Some(user), None | Some("home")) => Inbound::HomeOpened { user },
            (_, Some(tab)) => ignored(format!("the App Home's {tab} tab was opened")),
            _ => ignored("an app_home_opened without a user"),
        },
        "" => ignored("an event without a type"),
        other => ignored(format!("a {other} event")),
    }
}

fn message(e: &Value, bot_user: &str) -> Inbound {
    // Our own messages carry our bot_id too, but the user id is what auth.test gave us.
    let from_bot = |m: &Value| !m["bot_id"].is_null() || m["user"] == bot_user;
    let Some(channel) = str_of(&e["channel"]) else {
        return ignored("a message event without a channel");
    };
    match e["subtype"].as_str() {
        None | Some("thread_broadcast") | Some("file_share") => {
            if from_bot(e) {
                return ignored("a bot's message");
            }
            let (Some(user), Some(ts)) = (str_of(&e["user"]), str_of(&e["ts"])) else {
                return ignored("a message without user or ts");
            };
            // A thread's first message carries thread_ts equal to its own ts once it has
            // replies; only a reply names a parent.
            let thread_ts = str_of(&e["thread_ts"]).filter(|t| *t != ts);
            Inbound::Message {
                channel,
                user,
                ts,
                thread_ts,
                text: text(&e["text"]),
                files: files(&e["files"]),
            }
        }
        Some("message_changed") => {
            let (new, old) = (&e["message"], &e["previous_message"]);
            let Some(ts) = str_of(&new["ts"]) else {
                return ignored("a message_changed without the message");
            };
            // A thread's first message deleted while it has replies stays as a tombstone.
            if new["subtype"] == "tombstone" {
                return Inbound::MessageDeleted { channel, ts };
            }
            if from_bot(new) {
                return ignored("a bot's message was changed");
            }
            let Some(user) = str_of(&new["user"]) else {
                return ignored("a message_changed without the author");
            };
            // Slack also sends message_changed when it adds a link preview or an app
            // changes attachments: nothing the author wrote changed.
            if new["text"] == old["text"] {
                return ignored("a message's unfurls or attachments changed, not its text");
            }
            Inbound::MessageEdited {
                channel,
                user,
                ts,
                text: text(&new["text"]),
            }
        }
        Some("message_deleted") => {
            let ts = str_of(&e["deleted_ts"]).or_else(|| str_of(&e["previous_message"]["ts"]));
            match ts {
                // The bot deleting its own message (chat.delete) comes back as this.
                Some(_) if from_bot(&e["previous_message"]) => {
                    ignored("a bot's message was deleted")
                }
                Some(ts) => Inbound::MessageDeleted { channel, ts },
                None => ignored("a message_deleted without deleted_ts"),
            }
        }
        // channel_join/leave (member_joined_channel says it better), bot_message,
        // message_replied, channel_topic and the rest: nothing for the timeline.
        Some(other) => ignored(format!("a {other} message")),
    }
}

/// Files as links: Goldseam shows where a file is, it never copies one.
fn files(v: &Value) -> Vec<SharedFile> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| {
            let url = str_of(&f["permalink"]).or_else(|| str_of(&f["url_private"]))?;
            let name = str_of(&f["name"])
                .or_else(|| str_of(&f["title"]))
                .unwrap_or_else(|| "file".to_string());
            Some(SharedFile { name, url })
        })
        .collect()
}

pub(super) fn ignored(reason: impl Into<String>) -> Inbound {
    Inbound::Ignored {
        reason: reason.into(),
    }
}

/// A non-empty string field.
pub(super) fn str_of(v: &Value) -> Option<String> {
    v.as_str().filter(|s| !s.is_empty()).map(String::from)
}

/// A text field, empty when absent.
pub(super) fn text(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}

/// A hex SHA-256 of `v` written with sorted keys, so the same payload gives the same id
/// whatever order its fields came in (and whichever way serde_json keeps maps).
pub(super) fn digest(v: &Value) -> String {
    let mut canonical = String::new();
    write_canonical(v, &mut canonical);
    hex::encode(Sha256::digest(canonical.as_bytes()))
}

fn write_canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                write_canonical(&map[k], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}
