//! The pages: a Slack-like window with the workspace's sidebar, and in it a channel, a person's
//! App Home, or a channel under the modal a person has open. Plain HTML and inline CSS.

use super::blocks::{blocks, text};
use super::message::channel_messages;
use super::mrkdwn::esc;
use super::Names;
use crate::slack::model::{Channel, View};
use crate::slack::workspace::Workspace;

/// What the main pane shows, for the sidebar to highlight.
pub(crate) enum Showing<'a> {
    Nothing,
    Channel(&'a str),
    Home,
}

/// Who the page is shown to (`?as=`): their App Home link, ephemerals and modal.
pub(crate) struct Viewer<'a> {
    /// Their user id.
    pub id: &'a str,
    /// The query to keep on links, `?as=…`.
    pub query: String,
}

fn link(path: &str, viewer: Option<&Viewer>) -> String {
    format!(
        "{path}{}",
        viewer.map(|v| v.query.as_str()).unwrap_or_default()
    )
}

/// The sidebar: channels by name (🔒 private, archived struck through), then direct messages.
pub(crate) fn sidebar(
    ws: &Workspace,
    names: &Names,
    team: &str,
    showing: Showing,
    viewer: Option<&Viewer>,
) -> String {
    let mut out = format!(
        "<nav class=\"side\" aria-label=\"Workspace\"><div class=\"team\">{}</div>",
        esc(team)
    );
    if let Some(v) = viewer {
        let current = if matches!(showing, Showing::Home) {
            " current"
        } else {
            ""
        };
        out.push_str(&format!(
            "<div class=\"side-head\">Apps</div><a class=\"side-item{current}\" href=\"{}\"><span class=\"app-dot\"></span>{}</a>",
            esc(&link(&format!("/_fake/view/home/{}", v.id), viewer)),
            esc(&names.bot_name())
        ));
    }
    let mut channels: Vec<&Channel> = ws.channels.iter().filter(|c| !c.is_im).collect();
    channels.sort_by(|a, b| a.name.cmp(&b.name));
    out.push_str("<div class=\"side-head\">Channels</div>");
    let current_id = match showing {
        Showing::Channel(id) => Some(id),
        _ => None,
    };
    for c in channels {
        let mark = if c.is_private { "🔒" } else { "#" };
        let mut class = String::from("side-item");
        if current_id == Some(c.id.as_str()) {
            class.push_str(" current");
        }
        if c.is_archived {
            class.push_str(" archived");
        }
        let archived = if c.is_archived {
            " <small>(archived)</small>"
        } else {
            ""
        };
        out.push_str(&format!(
            "<a class=\"{class}\" href=\"{}\"><span class=\"mark\">{mark}</span>{}{archived}</a>",
            esc(&link(&format!("/_fake/view/{}", c.id), viewer)),
            esc(&c.name)
        ));
    }
    let dms: Vec<&Channel> = ws.channels.iter().filter(|c| c.is_im).collect();
    if !dms.is_empty() {
        out.push_str("<div class=\"side-head\">Direct messages</div>");
    }
    for c in dms {
        let other = c.members.iter().find(|m| **m != names.bot_user()).cloned();
        let who = names.user_or_id(other.as_deref().unwrap_or_default());
        let current = if current_id == Some(c.id.as_str()) {
            " current"
        } else {
            ""
        };
        out.push_str(&format!(
            "<a class=\"side-item{current}\" href=\"{}\"><span class=\"mark\">●</span>{} · {}</a>",
            esc(&link(&format!("/_fake/view/{}", c.id), viewer)),
            esc(&names.bot_name()),
            esc(&who)
        ));
    }
    if let Some(v) = viewer {
        out.push_str(&format!(
            "<div class=\"side-foot\">Viewing as {}</div>",
            esc(&names.user_or_id(v.id))
        ));
    }
    out.push_str("</nav>");
    out
}

/// A channel's header and messages.
pub(crate) fn channel(
    ws: &Workspace,
    names: &Names,
    c: &Channel,
    viewer: Option<&Viewer>,
) -> String {
    let mark = if c.is_private { "🔒" } else { "#" };
    let title = if c.is_im {
        let other = c.members.iter().find(|m| **m != names.bot_user()).cloned();
        format!(
            "{} · {}",
            names.bot_name(),
            names.user_or_id(other.as_deref().unwrap_or_default())
        )
    } else {
        c.name.clone()
    };
    let topic = if c.topic.is_empty() {
        String::new()
    } else {
        format!(
            "<div class=\"topic\">{}</div>",
            super::mrkdwn::mrkdwn(&c.topic, names)
        )
    };
    let archived = if c.is_archived {
        "<div class=\"archived-note\">This channel has been archived.</div>"
    } else {
        ""
    };
    format!(
        "<header class=\"head\"><h1><span class=\"mark\">{mark}</span>{}</h1><span class=\"members\" title=\"Members\">👤 {}</span>{topic}</header>{archived}<main class=\"messages\" aria-label=\"Messages\">{}</main>",
        esc(&title),
        c.members.len(),
        channel_messages(ws, names, c, viewer.map(|v| v.id))
    )
}

/// A person's App Home as the app published it.
pub(crate) fn home(names: &Names, user: &str, view: Option<&View>) -> String {
    let content = match view {
        Some(v) => blocks(&v.view["blocks"], names),
        None => format!(
            "<p class=\"empty\">{} has published no Home for {}.</p>",
            esc(&names.bot_name()),
            esc(&names.user_or_id(user))
        ),
    };
    format!(
        "<header class=\"head\"><h1><span class=\"app-dot big\"></span>{}</h1><nav class=\"tabs\"><span class=\"tab current\">Home</span><span class=\"tab\">About</span></nav></header><main class=\"home\" aria-label=\"Home\">{content}</main>",
        esc(&names.bot_name())
    )
}

/// A modal over the page, as its app laid it out.
pub(crate) fn modal(names: &Names, v: &View) -> String {
    let view = &v.view;
    let button = |key: &str, class: &str| match &view[key] {
        serde_json::Value::Object(_) => format!(
            "<span class=\"bk-button{class}\">{}</span>",
            text(&view[key], names)
        ),
        _ => String::new(),
    };
    let close = match &view["close"] {
        serde_json::Value::Object(_) => button("close", ""),
        _ => "<span class=\"bk-button\">Cancel</span>".into(),
    };
    format!(
        "<div class=\"overlay\"><div class=\"modal\" role=\"dialog\" aria-label=\"{}\"><div class=\"modal-head\"><span class=\"app-dot\"></span><h2>{}</h2><span class=\"x\">✕</span></div><div class=\"modal-body\">{}</div><div class=\"modal-foot\">{close}{}</div></div></div>",
        esc(view["title"]["text"].as_str().unwrap_or_default()),
        text(&view["title"], names),
        blocks(&view["blocks"], names),
        button("submit", " primary"),
    )
}

/// The whole page.
pub(crate) fn page(title: &str, side: &str, main: &str, overlay: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{} · fake Slack</title><style>{CSS}</style></head><body><div class=\"window\">{side}<div class=\"pane\">{main}</div></div>{overlay}</body></html>",
        esc(title)
    )
}

const CSS: &str = r#"
*{box-sizing:border-box}
body{margin:0;font:15px/1.46 "Lato","Helvetica Neue","DejaVu Sans",Arial,sans-serif;color:#1d1c1d;background:#fff}
a{color:#1264a3;text-decoration:none}
.window{display:grid;grid-template-columns:230px 1fr;min-height:100vh}
.side{background:#3f0e40;color:#cfc3cf;padding-bottom:16px}
.side .team{color:#fff;font-weight:900;font-size:18px;padding:14px 16px;border-bottom:1px solid #5d2c5d}
.side-head{padding:14px 16px 4px;font-size:14px;opacity:.8}
.side-item{display:block;color:#cfc3cf;padding:3px 16px 3px 26px;font-size:15px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.side-item .mark{display:inline-block;width:18px;margin-left:-4px}
.side-item.current{background:#1164a3;color:#fff}
.side-item.archived{text-decoration:line-through;opacity:.7}
.side-foot{padding:18px 16px 0;font-size:12px;opacity:.7}
.app-dot{display:inline-block;width:14px;height:14px;border-radius:4px;background:#e8b32a;margin-right:8px;vertical-align:-1px}
.app-dot.big{width:22px;height:22px;vertical-align:-3px}
.pane{min-width:0}
.head{border-bottom:1px solid #e2e2e2;padding:10px 20px;position:relative}
.head h1{font-size:18px;margin:0;font-weight:900}
.head .mark{color:#616061;margin-right:4px}
.members{position:absolute;right:20px;top:12px;font-size:13px;color:#616061;border:1px solid #ddd;border-radius:4px;padding:1px 8px}
.topic{font-size:13px;color:#616061;margin-top:2px;padding-right:70px}
.tabs{margin-top:8px;display:flex;gap:18px;font-size:14px}
.tab{padding-bottom:6px;color:#616061}
.tab.current{color:#1d1c1d;font-weight:700;border-bottom:2px solid #1264a3}
.archived-note{background:#f8f8f8;border-bottom:1px solid #e2e2e2;padding:8px 20px;color:#616061;font-size:13px}
.messages{padding:8px 0 24px}
.msg{display:flex;gap:10px;padding:6px 20px}
.msg.pinned{background:#fef9ec}
.msg.system{display:block;color:#616061;font-size:14px}
.avatar{flex:none;width:36px;height:36px;border-radius:6px;color:#fff;font-weight:700;display:flex;align-items:center;justify-content:center;font-size:17px;margin-top:2px}
.msg-body{min-width:0;flex:1}
.meta{display:flex;gap:6px;align-items:baseline}
.name{font-weight:900}
.badge{font-size:10px;font-weight:700;background:#e8e8e8;color:#616061;border-radius:3px;padding:0 4px}
.time{font-size:12px;color:#616061}
.edited{font-size:12px;color:#868686;margin-left:4px}
.pinned-by{font-size:12px;color:#616061;margin-bottom:1px}
.only-you{font-size:12px;color:#616061;font-style:italic}
.ephemeral{background:#f4f8fb}
.thread{margin:0 20px 4px 66px;border-left:3px solid #e2e2e2}
.thread .msg{padding:4px 12px}
.thread-count{font-size:13px;font-weight:700;color:#1264a3;padding:2px 12px}
.reactions{margin-top:4px;display:flex;gap:4px}
.reaction{border:1px solid #d8d8d8;background:#f6f6f6;border-radius:12px;padding:0 8px;font-size:13px}
.file{font-size:14px;border:1px solid #ddd;border-radius:6px;display:inline-block;padding:4px 10px;margin-top:4px}
.attachment{border-left:4px solid #ddd;padding:2px 10px;margin-top:6px}
.att-title{font-weight:700}
.mention{background:#e8f5fa;color:#1264a3;border-radius:3px;padding:0 2px}
code{font:12px monospace;background:#f6f6f6;border:1px solid #e2e2e2;border-radius:3px;padding:1px 3px;color:#e01e5a}
pre{font:12px monospace;background:#f8f8f8;border:1px solid #e2e2e2;border-radius:4px;padding:8px;white-space:pre-wrap}
.empty{color:#616061;padding:20px}
.bk-header{font-size:18px;font-weight:900;margin:4px 0}
.bk-section{display:flex;gap:12px;margin:4px 0}
.bk-main{flex:1;min-width:0}
.bk-fields{display:grid;grid-template-columns:1fr 1fr;gap:6px 16px;margin-top:6px;max-width:600px}
.bk-divider{border:0;border-top:1px solid #e2e2e2;margin:10px 0}
.bk-context{font-size:12px;color:#616061;margin:4px 0;display:flex;gap:8px;flex-wrap:wrap}
.bk-actions{display:flex;gap:8px;margin:8px 0 4px;flex-wrap:wrap}
.bk-button{display:inline-block;border:1px solid #c8c8c8;border-radius:4px;padding:3px 12px;font-size:13px;font-weight:700;background:#fff;color:#1d1c1d}
.bk-button.primary{background:#007a5a;border-color:#007a5a;color:#fff}
.bk-button.danger{color:#e01e5a;border-color:#e8a0b5}
.bk-select{display:inline-flex;justify-content:space-between;min-width:200px;border:1px solid #c8c8c8;border-radius:4px;padding:4px 10px;font-size:14px}
.bk-select .caret{margin-left:12px;color:#616061}
.bk-input{border:1px solid #c8c8c8;border-radius:4px;padding:6px 10px;font-size:14px;min-height:34px}
.bk-input.tall{min-height:80px}
.bk-input .ph{color:#868686}
.bk-inputblock{margin:0 0 16px}
.bk-label{font-weight:700;margin-bottom:6px}
.bk-optional{font-weight:400;color:#616061}
.bk-hint{font-size:12px;color:#616061;margin-top:2px}
.bk-choice{display:flex;gap:8px;align-items:flex-start;margin:4px 0}
.bk-choice .box{font-size:17px;line-height:1.2}
.bk-img{font-size:13px;color:#616061}
.bk-unknown{color:#868686;font-size:12px}
.home{padding:16px 24px;max-width:760px}
.overlay{position:fixed;inset:0;background:rgba(0,0,0,.45);display:flex;align-items:flex-start;justify-content:center;padding-top:40px}
.modal{background:#fff;border-radius:8px;width:520px;box-shadow:0 18px 48px rgba(0,0,0,.35);max-height:calc(100vh - 80px);display:flex;flex-direction:column}
.modal-head{display:flex;align-items:center;padding:16px 20px;border-bottom:1px solid #e2e2e2}
.modal-head h2{font-size:20px;margin:0;flex:1}
.modal-head .x{color:#616061}
.modal-body{padding:20px;overflow:auto}
.modal-foot{display:flex;justify-content:flex-end;gap:8px;padding:14px 20px;border-top:1px solid #e2e2e2}
"#;
