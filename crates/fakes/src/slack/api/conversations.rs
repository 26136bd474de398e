//! `conversations.create/invite/join/setTopic/archive/info/members`.

use super::params::{flag, req, s};
use super::Answer;
use crate::slack::events;
use crate::slack::model::Channel;
use crate::slack::state::Inner;
use crate::slack::workspace::{channel_json, check_channel_name, unix_secs};
use serde_json::{json, Value};

/// The channel named by `channel`, for a method that needs the bot to see it: private
/// channels the bot is not in do not exist for it.
pub(crate) fn visible<'a>(inner: &'a Inner, p: &Value) -> Result<&'a Channel, String> {
    let id = req(p, "channel", "channel_not_found")?;
    let c = inner.ws.find_channel(id).ok_or("channel_not_found")?;
    let bot = &inner.opts.bot_user_id;
    if c.is_private && !c.members.iter().any(|m| m == bot) {
        return Err("channel_not_found".into());
    }
    Ok(c)
}

fn info_of(inner: &Inner, id: &str) -> Value {
    let c = inner.ws.channel(id).expect("the channel was just found");
    channel_json(c, &inner.opts.bot_user_id)
}

pub(super) fn create(inner: &mut Inner, p: &Value) -> Answer {
    let name = p["name"].as_str().unwrap_or_default();
    check_channel_name(name)?;
    if inner.ws.channels.iter().any(|c| c.name == name) {
        return Err("name_taken".into());
    }
    let id = inner.ws.new_id("C");
    let bot = inner.opts.bot_user_id.clone();
    inner.ws.channels.push(Channel {
        id: id.clone(),
        name: name.into(),
        is_private: flag(p, "is_private"),
        is_archived: false,
        is_im: false,
        topic: String::new(),
        creator: bot.clone(),
        created: unix_secs(),
        members: vec![bot.clone()],
    });
    events::member_joined(inner, &id, &bot, None);
    Ok(json!({"channel": info_of(inner, &id)}))
}

pub(super) fn invite(inner: &mut Inner, p: &Value) -> Answer {
    let c = visible(inner, p)?;
    let id = c.id.clone();
    if c.is_archived {
        return Err("is_archived".into());
    }
    let bot = inner.opts.bot_user_id.clone();
    if !c.members.contains(&bot) {
        return Err("not_in_channel".into());
    }
    let users: Vec<String> = req(p, "users", "no_user")?
        .split(',')
        .map(|u| u.trim().to_string())
        .filter(|u| !u.is_empty())
        .collect();
    if users.len() > 1000 {
        return Err("too_many_users".into());
    }
    let force = flag(p, "force");
    let mut errors = Vec::new();
    let mut adding = Vec::new();
    for u in &users {
        let error = match inner.ws.user(u) {
            _ if *u == bot => Some("cant_invite_self"),
            None => Some("user_not_found"),
            Some(x) if x.deleted => Some("user_is_deactivated"),
            Some(_) if inner.ws.is_member(&id, u) => Some("already_in_channel"),
            Some(_) => None,
        };
        match error {
            Some(e) => errors.push(json!({"user": u, "ok": false, "error": e})),
            None if !adding.contains(u) => adding.push(u.clone()),
            None => {}
        }
    }
    // One bad user refuses the whole call unless `force` (then the others are added).
    if !errors.is_empty() && !force {
        let first = errors[0]["error"].as_str().unwrap_or("invalid_arguments");
        return Err(first.to_string());
    }
    for u in &adding {
        if let Some(ch) = inner.ws.channel_mut(&id) {
            ch.members.push(u.clone());
        }
        events::member_joined(inner, &id, u, Some(&bot));
    }
    let mut answer = json!({"channel": info_of(inner, &id)});
    if !errors.is_empty() {
        answer["errors"] = json!(errors);
    }
    Ok(answer)
}

pub(super) fn join(inner: &mut Inner, p: &Value) -> Answer {
    let c = visible(inner, p)?;
    let id = c.id.clone();
    if c.is_archived {
        return Err("is_archived".into());
    }
    if c.is_private {
        return Err("method_not_supported_for_channel_type".into());
    }
    let bot = inner.opts.bot_user_id.clone();
    let already = c.members.contains(&bot);
    if !already {
        if let Some(ch) = inner.ws.channel_mut(&id) {
            ch.members.push(bot.clone());
        }
        events::member_joined(inner, &id, &bot, None);
    }
    let mut answer = json!({"channel": info_of(inner, &id)});
    if already {
        answer["warning"] = json!("already_in_channel");
    }
    Ok(answer)
}

pub(super) fn set_topic(inner: &mut Inner, p: &Value) -> Answer {
    let c = visible(inner, p)?;
    let id = c.id.clone();
    if c.is_archived {
        return Err("is_archived".into());
    }
    if !c.members.contains(&inner.opts.bot_user_id) {
        return Err("not_in_channel".into());
    }
    let topic = s(p, "topic").unwrap_or_default();
    if topic.chars().count() > 250 {
        return Err("too_long".into());
    }
    let bot = inner.opts.bot_user_id.clone();
    if let Some(ch) = inner.ws.channel_mut(&id) {
        ch.topic = topic.into();
        ch.creator = bot;
    }
    Ok(json!({"channel": info_of(inner, &id)}))
}

pub(super) fn archive(inner: &mut Inner, p: &Value) -> Answer {
    let c = visible(inner, p)?;
    let id = c.id.clone();
    if c.is_archived {
        return Err("already_archived".into());
    }
    if !c.members.contains(&inner.opts.bot_user_id) {
        return Err("not_in_channel".into());
    }
    if let Some(ch) = inner.ws.channel_mut(&id) {
        ch.is_archived = true;
    }
    Ok(json!({}))
}

pub(super) fn info(inner: &mut Inner, p: &Value) -> Answer {
    let id = visible(inner, p)?.id.clone();
    Ok(json!({"channel": info_of(inner, &id)}))
}

pub(super) fn members(inner: &mut Inner, p: &Value) -> Answer {
    let c = visible(inner, p)?;
    Ok(json!({"members": c.members, "response_metadata": {"next_cursor": ""}}))
}
