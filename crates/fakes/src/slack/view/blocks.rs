//! Block Kit as HTML, well enough to read what an app posted or opened: headers, sections
//! (text, fields, accessory), dividers, context, actions, images as their alt text, inputs (in
//! modals) and people's `rich_text`. Controls are drawn, not live: the page is read-only.

use super::mrkdwn::{emoji, emoji_names, esc, mrkdwn};
use super::Names;
use serde_json::Value;

/// A text object: `mrkdwn` rendered, `plain_text` escaped (with `:emoji:` when asked).
pub(crate) fn text(t: &Value, names: &Names) -> String {
    let s = t["text"].as_str().unwrap_or_default();
    if t["type"] == "mrkdwn" {
        return mrkdwn(s, names);
    }
    let plain = esc(s).replace('\n', "<br>");
    // Slack turns `:name:` in plain text into the emoji unless told `emoji: false`.
    if t["emoji"] == false {
        return plain;
    }
    emoji_names(&plain)
}

/// A list of blocks.
pub(crate) fn blocks(blocks: &Value, names: &Names) -> String {
    let list = blocks.as_array().map(Vec::as_slice).unwrap_or_default();
    list.iter().map(|b| block(b, names)).collect()
}

fn block(b: &Value, names: &Names) -> String {
    match b["type"].as_str().unwrap_or_default() {
        "header" => format!("<div class=\"bk-header\">{}</div>", text(&b["text"], names)),
        "section" => section(b, names),
        "divider" => "<hr class=\"bk-divider\">".into(),
        "context" => {
            let parts: String = items(&b["elements"])
                .map(|e| match e["type"].as_str() {
                    Some("image") => image_alt(e),
                    _ => format!("<span>{}</span>", text(e, names)),
                })
                .collect();
            format!("<div class=\"bk-context\">{parts}</div>")
        }
        "actions" => {
            let els: String = items(&b["elements"]).map(|e| element(e, names)).collect();
            format!("<div class=\"bk-actions\">{els}</div>")
        }
        "image" => format!("<div class=\"bk-image\">{}</div>", image_alt(b)),
        "input" => input(b, names),
        "rich_text" => rich_text(b, names),
        other => format!("<div class=\"bk-unknown\">[{} block]</div>", esc(other)),
    }
}

fn items(v: &Value) -> impl Iterator<Item = &Value> {
    v.as_array().into_iter().flatten()
}

fn section(b: &Value, names: &Names) -> String {
    let mut main = String::new();
    if b["text"].is_object() {
        main.push_str(&format!(
            "<div class=\"bk-text\">{}</div>",
            text(&b["text"], names)
        ));
    }
    let fields: String = items(&b["fields"])
        .map(|f| format!("<div class=\"bk-field\">{}</div>", text(f, names)))
        .collect();
    if !fields.is_empty() {
        main.push_str(&format!("<div class=\"bk-fields\">{fields}</div>"));
    }
    let accessory = match &b["accessory"] {
        Value::Object(_) => format!(
            "<div class=\"bk-accessory\">{}</div>",
            element(&b["accessory"], names)
        ),
        _ => String::new(),
    };
    format!("<div class=\"bk-section\"><div class=\"bk-main\">{main}</div>{accessory}</div>")
}

fn image_alt(e: &Value) -> String {
    // Images are not fetched: the page loads nothing from outside, whatever an app posts.
    let alt = e["alt_text"].as_str().unwrap_or("image");
    format!("<span class=\"bk-img\">🖼 {}</span>", esc(alt))
}

/// The option an element starts with, by its label.
fn initial_label(e: &Value, names: &Names) -> Option<String> {
    let o = &e["initial_option"];
    o.is_object().then(|| text(&o["text"], names))
}

fn placeholder(e: &Value, names: &Names, fallback: &str) -> String {
    match &e["placeholder"] {
        Value::Object(_) => text(&e["placeholder"], names),
        _ => esc(fallback),
    }
}

/// An interactive element, drawn.
fn element(e: &Value, names: &Names) -> String {
    let kind = e["type"].as_str().unwrap_or_default();
    match kind {
        "button" => {
            let style = match e["style"].as_str() {
                Some("primary") => " primary",
                Some("danger") => " danger",
                _ => "",
            };
            format!(
                "<span class=\"bk-button{style}\" role=\"button\">{}</span>",
                text(&e["text"], names)
            )
        }
        "image" => image_alt(e),
        "overflow" => "<span class=\"bk-button\" aria-label=\"More\">⋯</span>".into(),
        "static_select"
        | "external_select"
        | "users_select"
        | "conversations_select"
        | "channels_select"
        | "multi_static_select"
        | "multi_users_select" => {
            let shown = initial_label(e, names)
                .or_else(|| {
                    e["initial_user"]
                        .as_str()
                        .map(|u| esc(&names.user_or_id(u)))
                })
                .unwrap_or_else(|| placeholder(e, names, "Select an item"));
            format!("<span class=\"bk-select\">{shown}<span class=\"caret\">▾</span></span>")
        }
        "datepicker" | "timepicker" | "datetimepicker" => {
            let shown = e["initial_date"]
                .as_str()
                .or(e["initial_time"].as_str())
                .map(esc)
                .unwrap_or_else(|| placeholder(e, names, "Select a date"));
            format!("<span class=\"bk-select\">📅 {shown}</span>")
        }
        "plain_text_input" | "email_text_input" | "url_text_input" | "number_input" => {
            let value = e["initial_value"].as_str().map(esc);
            let shown = value
                .map(|v| format!("<span>{v}</span>"))
                .unwrap_or_else(|| {
                    format!("<span class=\"ph\">{}</span>", placeholder(e, names, ""))
                });
            let tall = if e["multiline"] == true { " tall" } else { "" };
            format!("<div class=\"bk-input{tall}\">{shown}</div>")
        }
        "checkboxes" | "radio_buttons" => choices(e, kind == "checkboxes", names),
        other => format!("<span class=\"bk-unknown\">[{}]</span>", esc(other)),
    }
}

fn choices(e: &Value, square: bool, names: &Names) -> String {
    let chosen = |o: &Value| {
        items(&e["initial_options"]).any(|i| i["value"] == o["value"])
            || e["initial_option"]["value"] == o["value"]
    };
    let rows: String = items(&e["options"])
        .map(|o| {
            let mark = match (square, chosen(o)) {
                (true, true) => "☑",
                (true, false) => "☐",
                (false, true) => "◉",
                (false, false) => "○",
            };
            let description = match &o["description"] {
                Value::Object(_) => format!(
                    "<div class=\"bk-hint\">{}</div>",
                    text(&o["description"], names)
                ),
                _ => String::new(),
            };
            format!(
                "<div class=\"bk-choice\"><span class=\"box\">{mark}</span><div>{}{description}</div></div>",
                text(&o["text"], names)
            )
        })
        .collect();
    format!("<div class=\"bk-choices\">{rows}</div>")
}

fn input(b: &Value, names: &Names) -> String {
    let optional = if b["optional"] == true {
        " <span class=\"bk-optional\">(optional)</span>"
    } else {
        ""
    };
    let hint = match &b["hint"] {
        Value::Object(_) => format!("<div class=\"bk-hint\">{}</div>", text(&b["hint"], names)),
        _ => String::new(),
    };
    format!(
        "<div class=\"bk-inputblock\"><div class=\"bk-label\">{}{optional}</div>{}{hint}</div>",
        text(&b["label"], names),
        element(&b["element"], names)
    )
}

/// People's messages: sections of styled text, links, mentions and emoji; lists, quotes and
/// preformatted runs as their HTML kin.
fn rich_text(b: &Value, names: &Names) -> String {
    let parts: String = items(&b["elements"])
        .map(|el| {
            let inner: String = items(&el["elements"])
                .map(|x| rich_item(x, names))
                .collect();
            match el["type"].as_str().unwrap_or_default() {
                "rich_text_preformatted" => format!("<pre>{inner}</pre>"),
                "rich_text_quote" => format!("<blockquote>{inner}</blockquote>"),
                "rich_text_list" => {
                    let lis: String = items(&el["elements"])
                        .map(|s| {
                            let li: String =
                                items(&s["elements"]).map(|x| rich_item(x, names)).collect();
                            format!("<li>{li}</li>")
                        })
                        .collect();
                    match el["style"].as_str() {
                        Some("ordered") => format!("<ol>{lis}</ol>"),
                        _ => format!("<ul>{lis}</ul>"),
                    }
                }
                _ => format!("<div>{inner}</div>"),
            }
        })
        .collect();
    format!("<div class=\"bk-rich\">{parts}</div>")
}

fn rich_item(x: &Value, names: &Names) -> String {
    let s = |k: &str| x[k].as_str().unwrap_or_default();
    let html = match s("type") {
        "text" => esc(s("text")).replace('\n', "<br>"),
        "link" => {
            let url = s("url");
            let label = x["text"].as_str().unwrap_or(url);
            let safe = url.starts_with("https://") || url.starts_with("http://");
            if safe {
                format!("<a href=\"{}\">{}</a>", esc(url), esc(label))
            } else {
                esc(label)
            }
        }
        "user" => format!(
            "<span class=\"mention\">@{}</span>",
            esc(&names.user_or_id(s("user_id")))
        ),
        "channel" => format!(
            "<span class=\"mention\">#{}</span>",
            esc(&names
                .channel(s("channel_id"))
                .unwrap_or_else(|| s("channel_id").into()))
        ),
        "emoji" => emoji(s("name"))
            .map(String::from)
            .unwrap_or_else(|| esc(&format!(":{}:", s("name")))),
        "broadcast" => format!("<span class=\"mention\">@{}</span>", esc(s("range"))),
        other => format!("[{}]", esc(other)),
    };
    let style = &x["style"];
    let mut html = html;
    for (key, tag) in [
        ("code", "code"),
        ("strike", "s"),
        ("italic", "i"),
        ("bold", "b"),
    ] {
        if style[key] == true {
            html = format!("<{tag}>{html}</{tag}>");
        }
    }
    html
}
