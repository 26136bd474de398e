//! `chat.postMessage/update/delete/postEphemeral/getPermalink/unfurl`.

use super::conversations::visible;
use super::params::{j, req, s};
use super::Answer;
use crate::slack::events;
use crate::slack::model::{Ephemeral, Message, Unfurl};
use crate::slack::state::Inner;
use crate::slack::workspace::message_json;
use serde_json::{json, Value};

/// Where `chat.postMessage` posts: a channel by id or name, or a user id (their DM with the
/// bot, opened on first use).
fn target(inner: &mut Inner, key: &str) -> Result<String, String> {
    if let Some(c) = inner.ws.find_channel(key) {
        let bot = &inner.opts.bot_user_id;
        // chat:write.public lets the bot post in public channels it is not in; private
        // ones it must be in.
        if c.is_private && !c.members.contains(bot) {
            return Err("not_in_channel".into());
        }
        if c.is_archived {
            return Err("is_archived".into());
        }
        return Ok(c.id.clone());
    }
    if inner.ws.user(key).is_none() {
        return Err("channel_not_found".into());
    }
    let bot = inner.opts.bot_user_id.clone();
    Ok(inner.ws.open_dm(&bot, key))
}

/// Checks the content arguments every posting method shares.
fn content(p: &Value) -> Result<(), String> {
    let has = |k: &str| !p[k].is_null() && p[k] != json!("") && p[k] != json!([]);
    if !has("text") && !has("blocks") && !has("attachments") {
        return Err("no_text".into());
    }
    if s(p, "text").is_some_and(|t| t.chars().count() > 40_000) {
        return Err("msg_too_long".into());
    }
    if p["blocks"].as_array().is_some_and(|b| b.len() > 50)
        || (has("blocks") && !p["blocks"].is_array())
    {
        return Err("invalid_blocks".into());
    }
    Ok(())
}

fn own(inner: &Inner, m: &Message) -> bool {
    m.bot_id.as_deref() == Some(inner.opts.bot_id.as_str())
}

pub(super) fn post_message(inner: &mut Inner, p: &Value) -> Answer {
    let channel = target(inner, req(p, "channel", "channel_not_found")?)?;
    content(p)?;
    let bot = inner.opts.bot_user_id.clone();
    let mut m = inner
        .ws
        .blank_message(&channel, &bot, s(p, "text").unwrap_or_default());
    m.bot_id = Some(inner.opts.bot_id.clone());
    m.blocks = j(p, "blocks");
    m.attachments = j(p, "attachments");
    m.metadata = j(p, "metadata");
    m.username = s(p, "username").map(String::from);
    m.icon_url = s(p, "icon_url").map(String::from);
    m.icon_emoji = s(p, "icon_emoji").map(String::from);
    if let Some(parent) = s(p, "thread_ts") {
        // A reply to a reply joins the parent's thread.
        let root = inner
            .ws
            .message(&channel, parent)
            .and_then(|x| x.thread_ts.clone());
        m.thread_ts = Some(root.unwrap_or_else(|| parent.to_string()));
    }
    inner.ws.messages.push(m.clone());
    events::message_posted(inner, &m);
    let message = message_json(&m, &inner.opts.team_id, &inner.opts.app_id);
    Ok(json!({"channel": channel, "ts": m.ts, "message": message}))
}

pub(super) fn update(inner: &mut Inner, p: &Value) -> Answer {
    let channel = visible(inner, p)?.id.clone();
    let ts = req(p, "ts", "message_not_found")?;
    let old = inner
        .ws
        .message(&channel, ts)
        .ok_or("message_not_found")?
        .clone();
    if !own(inner, &old) {
        return Err("cant_update_message".into());
    }
    if inner.ws.channel(&channel).is_some_and(|c| c.is_archived) {
        return Err("is_archived".into());
    }
    content(p)?;
    let edited_ts = inner.ws.new_ts();
    let bot = inner.opts.bot_user_id.clone();
    let m = inner.ws.message_mut(&channel, ts).expect("found above");
    if !p["text"].is_null() {
        m.text = s(p, "text").unwrap_or_default().into();
    }
    for (k, field) in [
        ("blocks", &mut m.blocks),
        ("attachments", &mut m.attachments),
        ("metadata", &mut m.metadata),
    ] {
        if !p[k].is_null() {
            *field = p[k].clone();
        }
    }
    m.edited = Some((bot, edited_ts));
    let new = m.clone();
    events::message_changed(inner, &old, &new);
    let message = message_json(&new, &inner.opts.team_id, &inner.opts.app_id);
    Ok(json!({"channel": channel, "ts": new.ts, "text": new.text, "message": message}))
}

pub(super) fn delete(inner: &mut Inner, p: &Value) -> Answer {
    let channel = visible(inner, p)?.id.clone();
    let ts = req(p, "ts", "message_not_found")?;
    let old = inner
        .ws
        .message(&channel, ts)
        .ok_or("message_not_found")?
        .clone();
    if !own(inner, &old) {
        return Err("cant_delete_message".into());
    }
    inner
        .ws
        .message_mut(&channel, ts)
        .expect("found above")
        .deleted = true;
    events::message_deleted(inner, &old);
    Ok(json!({"channel": channel, "ts": ts}))
}

pub(super) fn post_ephemeral(inner: &mut Inner, p: &Value) -> Answer {
    let c = visible(inner, p)?;
    let channel = c.id.clone();
    if c.is_archived {
        return Err("is_archived".into());
    }
    let user = req(p, "user", "user_not_found")?;
    if inner.ws.user(user).is_none() {
        return Err("user_not_found".into());
    }
    if !inner.ws.is_member(&channel, user) {
        return Err("user_not_in_channel".into());
    }
    content(p)?;
    let ts = inner.ws.new_ts();
    inner.ws.ephemerals.push(Ephemeral {
        channel,
        user: user.into(),
        text: s(p, "text").unwrap_or_default().into(),
        blocks: j(p, "blocks"),
        via: "chat.postEphemeral".into(),
    });
    Ok(json!({"message_ts": ts}))
}

pub(super) fn get_permalink(inner: &mut Inner, p: &Value) -> Answer {
    let channel = visible(inner, p)?.id.clone();
    let ts = req(p, "message_ts", "message_not_found")?;
    let m = inner.ws.message(&channel, ts).ok_or("message_not_found")?;
    let mut link = format!(
        "https://{}.slack.com/archives/{channel}/p{}",
        inner.opts.team_domain,
        m.ts.replace('.', "")
    );
    if let Some(parent) = &m.thread_ts {
        link.push_str(&format!("?thread_ts={parent}&cid={channel}"));
    }
    Ok(json!({"channel": channel, "permalink": link}))
}

pub(super) fn unfurl(inner: &mut Inner, p: &Value) -> Answer {
    let by_id = s(p, "unfurl_id").is_some() && s(p, "source").is_some();
    if !by_id {
        let channel = visible(inner, p)?.id.clone();
        let ts = req(p, "ts", "cannot_find_message")?;
        inner
            .ws
            .message(&channel, ts)
            .ok_or("cannot_find_message")?;
    }
    if !p["unfurls"].is_object() {
        return Err("invalid_unfurls_format".into());
    }
    let mut params = p.clone();
    if let Some(o) = params.as_object_mut() {
        o.remove("unfurls");
        o.remove("token");
    }
    inner.ws.unfurls.push(Unfurl {
        params,
        unfurls: p["unfurls"].clone(),
    });
    Ok(json!({}))
}
