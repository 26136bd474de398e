//! A channel's messages as a Slack client lists them: author (the app's with its APP badge and
//! any name it posted under), time, text or blocks, files, "(edited)", pins and reactions, and
//! each thread's replies indented under their parent.

use super::blocks::blocks;
use super::mrkdwn::{emoji, esc, mrkdwn};
use super::Names;
use crate::slack::model::{Channel, Message};
use crate::slack::workspace::Workspace;
use serde_json::Value;

/// The messages of `channel`, oldest first, with what `viewer` alone was shown at the end.
pub(crate) fn channel_messages(
    ws: &Workspace,
    names: &Names,
    channel: &Channel,
    viewer: Option<&str>,
) -> String {
    let live: Vec<&Message> = ws
        .messages
        .iter()
        .filter(|m| m.channel == channel.id && !m.deleted)
        .collect();
    let is_reply = |m: &Message| m.thread_ts.as_deref().is_some_and(|t| t != m.ts);
    let mut out = String::new();
    for m in live.iter().filter(|m| !is_reply(m)) {
        out.push_str(&message(ws, names, m));
        let replies: Vec<&&Message> = live
            .iter()
            .filter(|r| is_reply(r) && r.thread_ts.as_deref() == Some(m.ts.as_str()))
            .collect();
        if !replies.is_empty() {
            let count = match replies.len() {
                1 => "1 reply".to_string(),
                n => format!("{n} replies"),
            };
            let inner: String = replies.iter().map(|r| message(ws, names, r)).collect();
            out.push_str(&format!(
                "<div class=\"thread\"><div class=\"thread-count\">{count}</div>{inner}</div>"
            ));
        }
    }
    if out.is_empty() {
        out.push_str("<p class=\"empty\">No messages yet.</p>");
    }
    if let Some(viewer) = viewer {
        for e in ws
            .ephemerals
            .iter()
            .filter(|e| e.channel == channel.id && e.user == viewer)
        {
            let body = if e.blocks.is_array() {
                blocks(&e.blocks, names)
            } else {
                mrkdwn(&e.text, names)
            };
            out.push_str(&format!(
                "<div class=\"msg ephemeral\">{}<div class=\"msg-body\"><div class=\"meta\"><span class=\"name\">{}</span><span class=\"badge\">APP</span><span class=\"only-you\">Only visible to you</span></div>{body}</div></div>",
                avatar(&names.bot_name(), true),
                esc(&names.bot_name())
            ));
        }
    }
    out
}

/// `HH:MM` (UTC) of a message `ts`.
pub(crate) fn clock(ts: &str) -> String {
    let secs: u64 = ts
        .split('.')
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    format!("{:02}:{:02}", secs / 3600 % 24, secs / 60 % 60)
}

/// A square with the name's first letter, coloured by the name.
fn avatar(name: &str, app: bool) -> String {
    const COLOURS: [&str; 6] = [
        "#e8912d", "#2bac76", "#1264a3", "#9b4dca", "#e01e5a", "#36c5f0",
    ];
    let n: usize = name.bytes().map(usize::from).sum();
    let colour = if app {
        "#4a154b"
    } else {
        COLOURS[n % COLOURS.len()]
    };
    let letter: String = name
        .chars()
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default();
    format!(
        "<div class=\"avatar\" style=\"background:{colour}\">{}</div>",
        esc(&letter)
    )
}

fn message(ws: &Workspace, names: &Names, m: &Message) -> String {
    let author = m.user.as_deref().and_then(|u| ws.user(u));
    let who = author.map(|u| u.real_name.clone()).unwrap_or_default();
    if let Some(kind) = m.subtype.as_deref().filter(|s| s.starts_with("channel_")) {
        let did = match kind {
            "channel_join" => "joined the channel",
            "channel_leave" => "left the channel",
            _ => kind,
        };
        return format!(
            "<div class=\"msg system\"><span class=\"time\">{}</span> <b>{}</b> {}</div>",
            clock(&m.ts),
            esc(&who),
            esc(did)
        );
    }
    let app = m.bot_id.is_some() || author.is_some_and(|u| u.is_bot);
    let shown = m.username.clone().unwrap_or(who);
    let pins: Vec<&str> = ws
        .pins
        .iter()
        .filter(|p| p.channel == m.channel && p.ts == m.ts)
        .map(|p| p.by.as_str())
        .collect();
    let pinned = match pins.first() {
        Some(by) => format!(
            "<div class=\"pinned-by\">📌 Pinned by {}</div>",
            esc(&names.user_or_id(by))
        ),
        None => String::new(),
    };
    let badge = if app {
        "<span class=\"badge\">APP</span>"
    } else {
        ""
    };
    // Slack's clients mark what a person edited; an app updating its own post is not marked.
    let edited = match &m.edited {
        Some((by, _)) if Some(by.as_str()) != m.user.as_deref() || !app => {
            "<span class=\"edited\">(edited)</span>"
        }
        _ => "",
    };
    format!(
        "<div class=\"msg{}\" data-ts=\"{}\">{}<div class=\"msg-body\">{pinned}<div class=\"meta\"><span class=\"name\">{}</span>{badge}<span class=\"time\" title=\"{}\">{}</span></div>{}{edited}{}{}</div></div>",
        if pins.is_empty() { "" } else { " pinned" },
        esc(&m.ts),
        avatar(&shown, app && m.username.is_none()),
        esc(&shown),
        esc(&m.ts),
        clock(&m.ts),
        body(names, m),
        files(m),
        reactions(ws, names, m),
    )
}

/// Blocks an app laid out; a person's message by its text. The fake's people write their text
/// as one plain `rich_text` run, so their `text` (mentions and links in markup) reads better.
fn body(names: &Names, m: &Message) -> String {
    let laid_out = m
        .blocks
        .as_array()
        .is_some_and(|b| b.iter().any(|b| b["type"] != "rich_text"));
    let mut html = if laid_out {
        format!("<div class=\"blocks\">{}</div>", blocks(&m.blocks, names))
    } else {
        format!("<div class=\"text\">{}</div>", mrkdwn(&m.text, names))
    };
    for a in m.attachments.as_array().into_iter().flatten() {
        html.push_str(&attachment(names, a));
    }
    html
}

/// A legacy attachment: its colour bar, title, text and fields.
fn attachment(names: &Names, a: &Value) -> String {
    let colour = bar_colour(a["color"].as_str().unwrap_or_default());
    let s = |k: &str| a[k].as_str().unwrap_or_default();
    let mut inner = String::new();
    if !s("title").is_empty() {
        inner.push_str(&format!(
            "<div class=\"att-title\">{}</div>",
            esc(s("title"))
        ));
    }
    if !s("text").is_empty() {
        inner.push_str(&format!("<div>{}</div>", mrkdwn(s("text"), names)));
    }
    if a["blocks"].is_array() {
        inner.push_str(&blocks(&a["blocks"], names));
    }
    let fields: String = a["fields"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            let title = esc(f["title"].as_str().unwrap_or_default());
            let value = mrkdwn(f["value"].as_str().unwrap_or_default(), names);
            format!("<div class=\"bk-field\"><b>{title}</b><br>{value}</div>")
        })
        .collect();
    if !fields.is_empty() {
        inner.push_str(&format!("<div class=\"bk-fields\">{fields}</div>"));
    }
    format!("<div class=\"attachment\" style=\"border-color:{colour}\">{inner}</div>")
}

/// An attachment's `color`: Slack's three names or a hex colour; anything else grey (it goes
/// into a style attribute).
fn bar_colour(c: &str) -> String {
    match c {
        "good" => "#2eb67d".into(),
        "warning" => "#ecb22e".into(),
        "danger" => "#e01e5a".into(),
        _ => {
            let hex = c.strip_prefix('#').unwrap_or(c);
            let ok = matches!(hex.len(), 3 | 6) && hex.chars().all(|c| c.is_ascii_hexdigit());
            if ok {
                format!("#{hex}")
            } else {
                "#dddddd".into()
            }
        }
    }
}

fn files(m: &Message) -> String {
    m.files
        .iter()
        .map(|f| format!("<div class=\"file\">📎 {}</div>", esc(&f.name)))
        .collect()
}

/// Each emoji once, with how many reacted and who (on hover).
fn reactions(ws: &Workspace, names: &Names, m: &Message) -> String {
    let mut groups: Vec<(&str, Vec<String>)> = Vec::new();
    for r in ws
        .reactions
        .iter()
        .filter(|r| r.channel == m.channel && r.ts == m.ts)
    {
        let who = names.user_or_id(&r.user);
        match groups.iter_mut().find(|(n, _)| *n == r.name) {
            Some((_, people)) => people.push(who),
            None => groups.push((&r.name, vec![who])),
        }
    }
    if groups.is_empty() {
        return String::new();
    }
    let chips: String = groups
        .iter()
        .map(|(name, people)| {
            let shown = emoji(name)
                .map(String::from)
                .unwrap_or_else(|| format!(":{name}:"));
            format!(
                "<span class=\"reaction\" title=\"{}\">{} {}</span>",
                esc(&people.join(", ")),
                esc(&shown),
                people.len()
            )
        })
        .collect();
    format!("<div class=\"reactions\">{chips}</div>")
}
