//! `pins.add/remove` and `reactions.add/remove`, which the app makes as the bot user.

use super::conversations::visible;
use super::params::s;
use super::Answer;
use crate::slack::events;
use crate::slack::model::{Message, Pin, Reaction};
use crate::slack::state::Inner;
use serde_json::{json, Value};

/// The message a pin or reaction call names by `channel` + `timestamp`.
fn item(inner: &Inner, p: &Value) -> Result<Message, String> {
    let channel = visible(inner, p)?.id.clone();
    let ts = s(p, "timestamp").ok_or("no_item_specified")?;
    Ok(inner
        .ws
        .message(&channel, ts)
        .ok_or("message_not_found")?
        .clone())
}

pub(super) fn pins_add(inner: &mut Inner, p: &Value) -> Answer {
    let m = item(inner, p)?;
    let bot = inner.opts.bot_user_id.clone();
    if !inner.ws.is_member(&m.channel, &bot) {
        return Err("not_in_channel".into());
    }
    if inner
        .ws
        .pins
        .iter()
        .any(|x| x.channel == m.channel && x.ts == m.ts)
    {
        return Err("already_pinned".into());
    }
    inner.ws.pins.push(Pin {
        channel: m.channel.clone(),
        ts: m.ts.clone(),
        by: bot.clone(),
    });
    events::pin_event(inner, "pin_added", &bot, &m);
    Ok(json!({}))
}

pub(super) fn pins_remove(inner: &mut Inner, p: &Value) -> Answer {
    let m = item(inner, p)?;
    let before = inner.ws.pins.len();
    inner
        .ws
        .pins
        .retain(|x| !(x.channel == m.channel && x.ts == m.ts));
    if inner.ws.pins.len() == before {
        return Err("no_pin".into());
    }
    let bot = inner.opts.bot_user_id.clone();
    events::pin_event(inner, "pin_removed", &bot, &m);
    Ok(json!({}))
}

fn reaction_name(p: &Value) -> Result<String, String> {
    let name = s(p, "name").ok_or("invalid_name")?;
    Ok(name.trim_matches(':').to_string())
}

pub(super) fn reactions_add(inner: &mut Inner, p: &Value) -> Answer {
    let m = item(inner, p)?;
    let name = reaction_name(p)?;
    let bot = inner.opts.bot_user_id.clone();
    let same =
        |r: &Reaction| r.channel == m.channel && r.ts == m.ts && r.name == name && r.user == bot;
    if inner.ws.reactions.iter().any(same) {
        return Err("already_reacted".into());
    }
    inner.ws.reactions.push(Reaction {
        channel: m.channel.clone(),
        ts: m.ts.clone(),
        name: name.clone(),
        user: bot.clone(),
    });
    events::reaction_event(inner, "reaction_added", &bot, &m, &name);
    Ok(json!({}))
}

pub(super) fn reactions_remove(inner: &mut Inner, p: &Value) -> Answer {
    let m = item(inner, p)?;
    let name = reaction_name(p)?;
    let bot = inner.opts.bot_user_id.clone();
    let before = inner.ws.reactions.len();
    inner
        .ws
        .reactions
        .retain(|r| !(r.channel == m.channel && r.ts == m.ts && r.name == name && r.user == bot));
    if inner.ws.reactions.len() == before {
        return Err("no_reaction".into());
    }
    events::reaction_event(inner, "reaction_removed", &bot, &m, &name);
    Ok(json!({}))
}
