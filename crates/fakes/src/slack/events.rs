//! The Events API events the fake emits, in Slack's shapes, wrapped in `event_callback`
//! envelopes and queued for delivery. Only what the app would receive is emitted: events
//! about a channel only when the bot is a member of it (the app's own messages included, with
//! `bot_id`, as Slack sends them).

use super::model::Message;
use super::state::Inner;
use super::workspace::{message_json, unix_secs};
use serde_json::{json, Value};

/// Wraps `event` in an `event_callback` and queues it.
pub(crate) fn emit(inner: &mut Inner, mut event: Value) {
    let n = inner.next();
    let now = unix_secs();
    if event.get("event_ts").is_none() {
        event["event_ts"] = json!(format!("{now}.{:06}", n % 1_000_000));
    }
    let o = &inner.opts;
    let envelope = json!({
        "token": o.verification_token,
        "team_id": o.team_id,
        "api_app_id": o.app_id,
        "event": event,
        "type": "event_callback",
        "event_id": format!("Ev{:010}", n),
        "event_time": now,
        "authorizations": [{
            "enterprise_id": null,
            "team_id": o.team_id,
            "user_id": o.bot_user_id,
            "is_bot": true,
            "is_enterprise_install": false,
        }],
        "is_ext_shared_channel": false,
        "event_context": format!("4-fake-{n}"),
    });
    // The receiver lives as long as the fake; a send after it stopped has no one to tell.
    let _ = inner.events.send(envelope);
}

/// Emits `event` about `channel` if the bot is in it.
pub(crate) fn emit_in(inner: &mut Inner, channel: &str, event: Value) {
    let bot = inner.opts.bot_user_id.clone();
    if inner.ws.is_member(channel, &bot) {
        emit(inner, event);
    }
}

fn channel_type(inner: &Inner, channel: &str) -> &'static str {
    match inner.ws.channel(channel) {
        Some(c) if c.is_private => "group",
        _ => "channel",
    }
}

/// A message as its `message` event shows it.
pub(crate) fn message_event(inner: &Inner, m: &Message) -> Value {
    let mut e = message_json(m, &inner.opts.team_id, &inner.opts.app_id);
    e["channel"] = json!(m.channel);
    e["channel_type"] = json!(channel_type(inner, &m.channel));
    e["event_ts"] = json!(m.ts);
    if m.bot_id.is_none() && m.subtype.is_none() {
        e["client_msg_id"] = json!(format!("{:08x}-fake-{}", m.ts.len(), m.ts));
    }
    if let Some(parent) = &m.thread_ts {
        let parent_user = inner
            .ws
            .message(&m.channel, parent)
            .and_then(|p| p.user.clone());
        e["parent_user_id"] = json!(parent_user);
    }
    e
}

/// A new message (`message`, or its subtype).
pub(crate) fn message_posted(inner: &mut Inner, m: &Message) {
    let e = message_event(inner, m);
    emit_in(inner, &m.channel, e);
}

/// `message_changed`: the message as it is now, and as it was.
pub(crate) fn message_changed(inner: &mut Inner, old: &Message, new: &Message) {
    let e = json!({
        "type": "message",
        "subtype": "message_changed",
        "hidden": true,
        "channel": new.channel,
        "channel_type": channel_type(inner, &new.channel),
        "message": message_json(new, &inner.opts.team_id, &inner.opts.app_id),
        "previous_message": message_json(old, &inner.opts.team_id, &inner.opts.app_id),
        "ts": new.edited.as_ref().map(|e| e.1.clone()).unwrap_or_else(|| new.ts.clone()),
    });
    emit_in(inner, &new.channel, e);
}

/// `message_deleted`, with what was deleted.
pub(crate) fn message_deleted(inner: &mut Inner, old: &Message) {
    let ts = inner.ws.new_ts();
    let e = json!({
        "type": "message",
        "subtype": "message_deleted",
        "hidden": true,
        "channel": old.channel,
        "channel_type": channel_type(inner, &old.channel),
        "deleted_ts": old.ts,
        "previous_message": message_json(old, &inner.opts.team_id, &inner.opts.app_id),
        "ts": ts,
    });
    emit_in(inner, &old.channel, e);
}

/// Someone joined `channel`: the `channel_join` message and `member_joined_channel`.
pub(crate) fn member_joined(inner: &mut Inner, channel: &str, user: &str, inviter: Option<&str>) {
    let text = format!("<@{user}> has joined the channel");
    let mut m = inner.ws.blank_message(channel, user, &text);
    m.subtype = Some("channel_join".into());
    inner.ws.messages.push(m.clone());
    let mut e = message_event(inner, &m);
    if let Some(i) = inviter {
        e["inviter"] = json!(i);
    }
    emit_in(inner, channel, e);
    let mut joined = json!({
        "type": "member_joined_channel",
        "user": user,
        "channel": channel,
        "channel_type": if channel_type(inner, channel) == "group" { "G" } else { "C" },
        "team": inner.opts.team_id,
    });
    if let Some(i) = inviter {
        joined["inviter"] = json!(i);
    }
    emit_in(inner, channel, joined);
}

/// Someone left `channel` (emitted before they are removed, so the bot hears its own leave).
pub(crate) fn member_left(inner: &mut Inner, channel: &str, user: &str) {
    let text = format!("<@{user}> has left the channel");
    let mut m = inner.ws.blank_message(channel, user, &text);
    m.subtype = Some("channel_leave".into());
    inner.ws.messages.push(m.clone());
    let e = message_event(inner, &m);
    emit_in(inner, channel, e);
    let left = json!({
        "type": "member_left_channel",
        "user": user,
        "channel": channel,
        "channel_type": if channel_type(inner, channel) == "group" { "G" } else { "C" },
        "team": inner.opts.team_id,
    });
    emit_in(inner, channel, left);
}

/// `pin_added`/`pin_removed` with `item.message`.
pub(crate) fn pin_event(inner: &mut Inner, kind: &str, user: &str, m: &Message) {
    let e = json!({
        "type": kind,
        "user": user,
        "channel_id": m.channel,
        "item": {
            "type": "message",
            "created": unix_secs(),
            "created_by": user,
            "channel": m.channel,
            "message": message_json(m, &inner.opts.team_id, &inner.opts.app_id),
        },
        "item_user": m.user,
        "pin_count": 1,
        "has_pins": kind == "pin_added",
    });
    emit_in(inner, &m.channel, e);
}

/// `reaction_added`/`reaction_removed`.
pub(crate) fn reaction_event(inner: &mut Inner, kind: &str, user: &str, m: &Message, name: &str) {
    let e = json!({
        "type": kind,
        "user": user,
        "reaction": name,
        "item_user": m.user,
        "item": {"type": "message", "channel": m.channel, "ts": m.ts},
    });
    emit_in(inner, &m.channel, e);
}
